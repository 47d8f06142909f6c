/**
 * Forward mode: `jvp(f, primals, tangents)` records f, then sweeps the recorded nodes forward applying each
 * primitive's jvp rule. The rules are recorded ops, so `backward` of a loss containing a tangent (d/dx of a
 * network output) differentiates through it.
 */
import { Tensor } from "../tensor/tensor";
import { formatShape, sameShape } from "../tensor/validate";
import { dependents, topologicalOrder } from "../tensor/graph";
import { differentiableCopy } from "./grad";
import { isGradEnabled, withGradMode } from "../tensor/mode";

export interface JvpResult {
  /** f(...primals). */
  value: Tensor;
  /** The directional derivative J·tangents (same shape as value). */
  tangent: Tensor;
}

function asList(x: Tensor | readonly Tensor[], op: string, arg: string): Tensor[] {
  const list = x instanceof Tensor ? [x] : x;
  if (!Array.isArray(list)) throw new Error(`${op}: ${arg} must be a Tensor or an array of tensors`);
  list.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${op}: ${arg}[${i}] has mismatched dtype; expected a Tensor`);
  });
  return list;
}

/**
 * Value and directional derivative of f at `primals` along `tangents`.
 *
 *     // du/dx of a network u(x) at the points x, for one input per row:
 *     const { value: u, tangent: dudx } = jvp((x) => net(x), [x], [onesLike(x)]);
 */
export function jvp(
  f: (...args: Tensor[]) => Tensor,
  primals: Tensor | readonly Tensor[],
  tangents: Tensor | readonly Tensor[],
): JvpResult {
  if (typeof f !== "function") throw new Error(`jvp: f must be a function, got ${typeof f}`);
  const xs = asList(primals, "jvp", "primals");
  const ts = asList(tangents, "jvp", "tangents");
  if (xs.length !== ts.length) throw new Error(`jvp: ${xs.length} primals but ${ts.length} tangents`);
  for (let i = 0; i < xs.length; i++) {
    if (!sameShape(xs[i].shape, ts[i].shape)) {
      throw new Error(`jvp: tangents[${i}] has shape ${formatShape(ts[i].shape)} but primals[${i}] has shape ${formatShape(xs[i].shape)}`);
    }
  }
  const recording = isGradEnabled();
  // The copies are made with recording on, so f is recorded from them even
  // inside noGrad (the result is detached below in that case).
  const copies = withGradMode(true, () => xs.map(differentiableCopy));
  const value = withGradMode(true, () => f(...copies));
  if (!(value instanceof Tensor)) throw new Error(`jvp: f must return a Tensor, got ${typeof value}`);
  const stop = new Set(copies);
  const tangent = withGradMode(recording, () => {
    const order = topologicalOrder([value], stop);
    const relevant = dependents(order, stop);
    const tangentOf = new Map<Tensor, Tensor>();
    copies.forEach((c, i) => tangentOf.set(c, ts[i]));
    for (const t of order) {
      if (!relevant.has(t)) continue;
      const node = t.node!;
      const inTangents = node.inputs.map((c) => tangentOf.get(c) ?? null);
      if (inTangents.every((v) => v === null)) continue;
      const out = node.jvp(inTangents);
      if (out === null) continue;
      if (!sameShape(out.shape, t.shape)) {
        throw new Error(`jvp: the jvp rule of "${node.op}" returned shape ${formatShape(out.shape)} for an output of shape ${formatShape(t.shape)}`);
      }
      tangentOf.set(t, out);
    }
    return tangentOf.get(value) ?? new Tensor(new Float64Array(value.size), value.shape);
  });
  return recording ? { value, tangent } : { value: value.detach(), tangent: tangent.detach() };
}
