/** Functional reverse mode, JAX style: `grad`, `valueAndGrad`, `vjp`; with `createGraph: true` the gradients are recorded, so they differentiate again. */
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/validate";
import { checkOptions } from "../tensor/options";
import { seedFor, sweep } from "../tensor/backward";
import { isGradEnabled, withGradMode } from "../tensor/mode";
import { defineOp } from "../tensor/op";

export interface GradientsOptions {
  /** Cotangent of the output (default 1 for a one-element output). */
  grad?: Tensor;
  /** Record the backward pass so the returned gradients can be differentiated again (default false). */
  createGraph?: boolean;
}

/** Gradients of `output` with respect to `inputs` (any tensors on the graph requiring grad; zeros where it does not depend on them), without touching `.grad` (torch.autograd.grad). */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: GradientsOptions = {}): Tensor[] {
  if (!(output instanceof Tensor)) throw new Error("gradients: output has mismatched dtype; expected a Tensor");
  if (!Array.isArray(inputs)) throw new Error("gradients: inputs must be an array of tensors");
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new Error(`gradients: inputs[${i}] has mismatched dtype; expected a Tensor`);
    if (!x.requiresGrad && x !== output) {
      throw new Error(`gradients: inputs[${i}] (shape ${formatShape(x.shape)}) does not require grad, so nothing recorded how the output depends on it; ` +
        "call x.requireGrad() before computing the output (or use grad(f)(x))");
    }
  });
  checkOptions(options, "gradients", "options", ["grad", "createGraph"]);
  const seed = seedFor(output, options.grad, "gradients");
  const createGraph = options.createGraph === true;
  return withGradMode(createGraph && isGradEnabled(), () => {
    const targets = new Set(inputs);
    const cotangents = output.requiresGrad ? sweep(output, seed, targets, "gradients") : new Map<Tensor, Tensor>();
    if (targets.has(output)) cotangents.set(output, cotangents.get(output) ?? seed);
    return inputs.map((x) => {
      const g = cotangents.get(x);
      if (g === undefined) return new Tensor(new Float64Array(x.size), x.shape);
      return createGraph || g.node === null ? g : g.detach();
    });
  });
}

export interface GradOptions {
  /** Which arguments to differentiate with respect to (default: all). */
  argnums?: number | readonly number[];
  /** Make the returned gradients differentiable (default false). */
  createGraph?: boolean;
}

/** Value and gradients returned by `valueAndGrad`. */
export interface ValueAndGrad {
  value: Tensor;
  /** One gradient per differentiated argument, in the order of `argnums`. */
  grads: Tensor[];
}

function checkArgs(args: readonly unknown[], op: string): Tensor[] {
  return args.map((a, i) => {
    if (!(a instanceof Tensor)) throw new Error(`${op}: argument ${i} has mismatched dtype; expected a Tensor`);
    return a;
  });
}

function argIndices(argnums: number | readonly number[] | undefined, count: number, op: string): number[] {
  const list = argnums === undefined ? Array.from({ length: count }, (_, i) => i) : typeof argnums === "number" ? [argnums] : argnums.slice();
  for (const i of list) {
    if (!Number.isInteger(i) || i < 0 || i >= count) throw new Error(`${op}: argnums entry ${i} is out of range for ${count} arguments`);
  }
  return list;
}

function scalarOutput(value: unknown, op: string): Tensor {
  if (!(value instanceof Tensor)) throw new Error(`${op}: f must return a Tensor, got ${typeof value}`);
  if (value.size !== 1) throw new Error(`${op}: f must return a scalar tensor, got shape ${formatShape(value.shape)}`);
  return value;
}

/**
 * f(...args) and its gradients with respect to the chosen arguments.
 *
 *     const { value, grads: [dw, db] } = valueAndGrad((w, b) => loss(w, b))(w, b);
 */
export function valueAndGrad(f: (...args: Tensor[]) => Tensor, options: GradOptions = {}): (...args: Tensor[]) => ValueAndGrad {
  if (typeof f !== "function") throw new Error(`valueAndGrad: f must be a function, got ${typeof f}`);
  checkOptions(options, "valueAndGrad", "options", ["argnums", "createGraph"]);
  return (...args: Tensor[]): ValueAndGrad => {
    const inputs = checkArgs(args, "valueAndGrad");
    const which = argIndices(options.argnums, inputs.length, "valueAndGrad");
    const copies = inputs.slice();
    for (const i of which) copies[i] = differentiableCopy(inputs[i]);
    const value = scalarOutput(withGradMode(true, () => f(...copies)), "valueAndGrad");
    const grads = gradients(value, which.map((i) => copies[i]), { createGraph: options.createGraph === true });
    return { value, grads };
  };
}

/**
 * The gradient function of a scalar-valued f: one gradient per differentiated argument (all by default).
 *
 *     const [dx] = grad((x) => sum(square(x)))(x);            // 2x
 *     const d2 = grad((x) => grad(f, { createGraph: true })(x)[0])(x); // second derivative
 */
export function grad(f: (...args: Tensor[]) => Tensor, options: GradOptions = {}): (...args: Tensor[]) => Tensor[] {
  if (typeof f !== "function") throw new Error(`grad: f must be a function, got ${typeof f}`);
  checkOptions(options, "grad", "options", ["argnums", "createGraph"]);
  const vg = valueAndGrad(f, options);
  return (...args: Tensor[]) => vg(...args).grads;
}

export interface VjpResult {
  value: Tensor;
  /** Cotangent of the output (same shape as value) -> cotangents of every primal. */
  vjp: (cotangent: Tensor) => Tensor[];
}

/** f at the primals and its vector-Jacobian product function (reverse mode for non-scalar outputs). */
export function vjp(f: (...args: Tensor[]) => Tensor, primals: readonly Tensor[], options: { createGraph?: boolean } = {}): VjpResult {
  if (typeof f !== "function") throw new Error(`vjp: f must be a function, got ${typeof f}`);
  if (!Array.isArray(primals)) throw new Error("vjp: primals must be an array of tensors");
  checkOptions(options, "vjp", "options", ["createGraph"]);
  const inputs = checkArgs(primals, "vjp");
  const copies = inputs.map(differentiableCopy);
  const value = withGradMode(true, () => f(...copies));
  if (!(value instanceof Tensor)) throw new Error(`vjp: f must return a Tensor, got ${typeof value}`);
  return {
    value,
    vjp: (cotangent: Tensor) => gradients(value, copies, { grad: cotangent, createGraph: options.createGraph === true }),
  };
}

const IDENTITY = defineOp<undefined>({
  name: "identity",
  vjp: (g) => [g],
  jvp: ([t]) => t,
});

/** A stand-in for x to differentiate with respect to: a fresh leaf for a constant x, a recorded identity of x on a graph (so an outer differentiation sees through it). */
export function differentiableCopy(x: Tensor): Tensor {
  if (x.requiresGrad) {
    const copy = new Tensor(x.data, x.shape);
    return IDENTITY.record(copy, [x], undefined);
  }
  return new Tensor(x.data, x.shape, true);
}
