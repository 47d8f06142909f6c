/**
 * Primitives: the only code that knows derivatives.
 *
 * A primitive is a kernel (a typed-array loop computing the output) plus two
 * rules, both written with the public differentiable ops (never raw loops), so
 * the derivative of a derivative is just another recorded graph:
 *
 * - `vjp` (reverse rule): the cotangent of the output -> cotangents of the inputs,
 *   each with the input's shape (null = no gradient / not needed);
 * - `jvp` (forward rule): tangents of the inputs (null = zero) -> tangent of the
 *   output, with the output's shape (null = zero).
 *
 * Pattern for a new primitive (this is how every op in lib/src/tensor is written):
 *
 *     const SCALE = defineOp<{ factor: number }>({
 *       name: "scale",
 *       vjp: (g, { inputs: [x], params }) => [x.requiresGrad ? mul(g, params.factor) : null],
 *       jvp: ([t], { params }) => (t ? mul(t, params.factor) : null),
 *     });
 *     export function scale(x: Tensor, factor: number): Tensor {
 *       const xt = asTensor(x, "scale", "x");            // validate, name the argument
 *       const out = new Tensor(kernel(xt.data, factor), xt.shape); // typed-array kernel
 *       return SCALE.record(out, [xt], { factor });      // attach the node if needed
 *     }
 */
import type { GradNode, Tensor } from "./tensor";
import { isGradEnabled } from "./mode";

/** What a rule sees: the op's inputs, its output and its (non-tensor) parameters. */
export interface OpContext<P> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly params: P;
}

/** The derivative rules of a primitive. */
export interface OpDefinition<P> {
  /** Name used in the graph and in error messages, e.g. "matmul". */
  readonly name: string;
  /** Reverse rule: cotangent of the output -> cotangent of each input (null = none). */
  vjp(outGrad: Tensor, ctx: OpContext<P>): (Tensor | null)[];
  /** Forward rule: tangents of the inputs (null = zero) -> tangent of the output (null = zero). */
  jvp(tangents: readonly (Tensor | null)[], ctx: OpContext<P>): Tensor | null;
}

/** A primitive returned by `defineOp`. */
export interface Op<P> {
  readonly name: string;
  readonly definition: OpDefinition<P>;
  /**
   * Attaches a graph node to `output` when grad mode is on and some input
   * requires grad; returns `output`. Call it with the tensors the output was
   * computed from, in the order the rules expect.
   */
  record(output: Tensor, inputs: Tensor[], params: P): Tensor;
}

/** A recorded application of a primitive (the `node` of its output). */
export class OpNode<P> implements GradNode, OpContext<P> {
  readonly versions: number[];

  constructor(
    readonly definition: OpDefinition<P>,
    readonly inputs: Tensor[],
    readonly output: Tensor,
    readonly params: P,
  ) {
    this.versions = inputs.map((t) => t.version);
  }

  get op(): string {
    return this.definition.name;
  }

  vjp(outGrad: Tensor): (Tensor | null)[] {
    return this.definition.vjp(outGrad, this);
  }

  jvp(inTangents: readonly (Tensor | null)[]): Tensor | null {
    return this.definition.jvp(inTangents, this);
  }
}

/** Defines a differentiable primitive from its name and its vjp/jvp rules. */
export function defineOp<P = undefined>(definition: OpDefinition<P>): Op<P> {
  if (!definition || typeof definition.name !== "string" || typeof definition.vjp !== "function" || typeof definition.jvp !== "function") {
    throw new Error("defineOp: definition needs a name, a vjp rule and a jvp rule");
  }
  return {
    name: definition.name,
    definition,
    record(output: Tensor, inputs: Tensor[], params: P): Tensor {
      if (!isGradEnabled()) return output;
      let needed = false;
      for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) needed = true;
      if (!needed) return output;
      output.requiresGrad = true;
      output.node = new OpNode(definition, inputs, output, params);
      return output;
    },
  };
}
