/**
 * Reverse mode: `backward(loss)` (and the sweep that `gradients` in autodiff/grad.ts shares).
 *
 * The walk visits the recorded tensors from the output back to the inputs in
 * reverse topological order; each node's vjp rule turns the cotangent of its
 * output into cotangents of its inputs, which are summed per tensor.
 *
 * Accumulate vs reset: `backward` ADDS into the `.grad` of every leaf that
 * requires grad (as PyTorch), so calling it twice gives twice the gradient;
 * call `zeroGrad(params)` (the optimisers do) before each step. The graph is
 * not freed, so repeated calls are safe.
 */
import { add } from "./elementwise";
import { Tensor } from "./tensor";
import { formatShape, sameShape } from "./validate";
import { checkOptions } from "./options";
import { dependents, topologicalOrder } from "./graph";
import { withGradMode } from "./mode";

/** Options of `backward`. */
export interface BackwardOptions {
  /** Cotangent of the output (default: 1 for a one-element output; required otherwise). */
  grad?: Tensor;
  /** Record the backward pass itself, so that the gradients are differentiable (default false). */
  createGraph?: boolean;
}



export function seedFor(output: Tensor, grad: Tensor | undefined, op: string): Tensor {
  if (grad !== undefined) {
    if (!(grad instanceof Tensor)) throw new Error(`${op}: grad has mismatched dtype; expected a Tensor`);
    if (!sameShape(grad.shape, output.shape)) {
      throw new Error(`${op}: grad has shape ${formatShape(grad.shape)} but the output has shape ${formatShape(output.shape)}`);
    }
    return grad;
  }
  if (output.size !== 1) {
    throw new Error(`${op}: output has shape ${formatShape(output.shape)}; pass { grad } (same shape) for a non-scalar output`);
  }
  return new Tensor(Float64Array.of(1), output.shape);
}

/** The reverse sweep: cotangents of every relevant tensor, starting from output = seed. */
export function sweep(output: Tensor, seed: Tensor, targets: ReadonlySet<Tensor> | undefined, op: string): Map<Tensor, Tensor> {
  const order = topologicalOrder([output], targets);
  const relevant = targets === undefined ? null : dependents(order, targets); // null: every tensor requiring grad
  const cotangents = new Map<Tensor, Tensor>();
  cotangents.set(output, seed);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i];
    const g = cotangents.get(t);
    if (g === undefined) continue;
    const node = t.node!;
    const inputs = node.inputs;
    for (let j = 0; j < inputs.length; j++) {
      if (inputs[j].version !== node.versions[j]) {
        throw new Error(`${op}: input ${j} (shape ${formatShape(inputs[j].shape)}) of "${node.op}" was changed in place after the op used it, ` +
          `so its gradient would use values that are gone; compute the output again after the change, or change a clone() instead`);
      }
    }
    const inputGrads = node.vjp(g);
    for (let j = 0; j < inputs.length; j++) {
      const c = inputs[j];
      const gc = inputGrads[j];
      if (gc === null || gc === undefined || !(relevant === null ? c.requiresGrad : relevant.has(c))) continue;
      if (!sameShape(gc.shape, c.shape)) {
        throw new Error(`${op}: the vjp rule of "${node.op}" returned shape ${formatShape(gc.shape)} for input ${j} of shape ${formatShape(c.shape)}`);
      }
      const previous = cotangents.get(c);
      cotangents.set(c, previous === undefined ? gc : add(previous, gc));
    }
    cotangents.delete(t); // free intermediate cotangents (targets and leaves are never in `order`)
  }
  return cotangents;
}

/**
 * Reverse-mode autodiff from `loss`: adds d loss / d leaf into `leaf.grad` for
 * every leaf tensor with `requiresGrad` that the loss depends on.
 *
 *     const w = randn([3, 1], { seed: 1 }).requireGrad();
 *     const loss = mean(square(sub(matmul(x, w), y)));
 *     backward(loss);        // or loss.backward()
 *     w.grad                 // [3, 1]
 */
export function backward(loss: Tensor, options: BackwardOptions | Tensor = {}): void {
  if (!(loss instanceof Tensor)) throw new Error("backward: loss has mismatched dtype; expected a Tensor");
  if (options === null || (typeof options !== "object")) {
    throw new Error(`backward: the second argument must be the output's cotangent (a Tensor) or { grad, createGraph }, got ${options === null ? "null" : typeof options} ${String(options)}`);
  }
  const opts: BackwardOptions = options instanceof Tensor ? { grad: options } : checkOptions(options, "backward", "options", ["grad", "createGraph"]);
  const seed = seedFor(loss, opts.grad, "backward");
  if (!loss.requiresGrad) {
    throw new Error("backward: loss does not require grad (no input has requiresGrad, or it was computed inside noGrad)");
  }
  const createGraph = opts.createGraph === true;
  withGradMode(createGraph, () => {
    const cotangents = sweep(loss, seed, undefined, "backward");
    if (loss.node === null) cotangents.set(loss, seed);
    for (const [t, g] of cotangents) {
      if (t.node !== null || !t.requiresGrad) continue;
      if (t.grad === null) t.grad = createGraph ? g : new Tensor(g.data.slice(), g.shape); // own copy: never aliases
      else t.grad = add(t.grad, g);
    }
  });
}
