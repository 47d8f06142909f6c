/**
 * Softmax fused with the categorical cross-entropy, as one primitive. For logits z [n, C] and
 * targets y [n, C], C = -sum_ij y_ij log softmax(z_i)_j = sum_i [(sum_j y_ij) lse(z_i) - sum_j y_ij z_ij]
 * with the stable log-sum-exp lse, finite even for huge logits. Its derivative is the lectures'
 * output error dC/dz = softmax(z) - y (softmax(z) rowsum(y) - y in general; divided by n for "mean"),
 * written with the differentiable softmax (so second derivatives work); dC/dy = -log softmax(z).
 */
import { isGradEnabled } from "../../tensor/mode";
import { defineOp } from "../../tensor/op";
import { mul, sub } from "../../tensor/elementwise";
import { logSoftmax, softmax, sum } from "../../tensor/reduce";
import { Tensor } from "../../tensor/tensor";
import { checkTensor, formatShape } from "../../tensor/validate";
import { checkOptions } from "../../tensor/options";

/** How the per-sample losses are combined. */
export type LossReduction = "mean" | "sum";

export interface SoftmaxCrossEntropyOptions {
  /** "mean" over the n samples (default) or "sum". */
  reduction?: LossReduction;
}

interface Params {
  scale: number;
  /** exp(z - rowMax) [n, C] and their row sums [n], kept by the forward pass for the first-order reverse rule. */
  exps?: Float64Array;
  sums?: Float64Array;
}

/** dC/dz per sample: softmax(z) (sum_j y_j) - y, which is softmax(z) - y for rows summing to 1. */
function outputError(z: Tensor, y: Tensor): Tensor {
  return sub(mul(softmax(z, -1), sum(y, -1, true)), y);
}

/** The same dz = factor (softmax(z) rowsum(y) - y) as one loop over the forward pass's exponentials, for first-order backward passes. */
function directOutputError(z: Tensor, y: Tensor, factor: number, exps: Float64Array, sums: Float64Array): Tensor {
  const [n, C] = z.shape;
  const yd = y.data;
  const out = new Float64Array(n * C);
  for (let i = 0; i < n; i++) { // row i: [C]
    const row = i * C;
    let ysum = 0;
    for (let j = 0; j < C; j++) ysum += yd[row + j];
    const scale = ysum / sums[i];
    for (let j = 0; j < C; j++) out[row + j] = factor * (exps[row + j] * scale - yd[row + j]);
  }
  return new Tensor(out, z.shape);
}

const SOFTMAX_CE = defineOp<Params>({
  name: "softmaxCrossEntropy",
  vjp: (g, { inputs: [z, y], params }) => {
    // nothing recorded and only z differentiated (the forward pass then kept its exponentials)
    if (!isGradEnabled() && params.exps !== undefined) return [directOutputError(z, y, g.item() * params.scale, params.exps, params.sums!), null];
    const factor = mul(g, params.scale); // scalar
    return [
      z.requiresGrad ? mul(outputError(z, y), factor) : null,
      y.requiresGrad ? mul(logSoftmax(z, -1), mul(factor, -1)) : null,
    ];
  },
  jvp: ([tz, ty], { inputs: [z, y], params }) => {
    let t: Tensor | null = null;
    if (tz) t = sum(mul(outputError(z, y), tz));
    if (ty) {
      const q = sum(mul(logSoftmax(z, -1), ty)).neg();
      t = t ? t.add(q) : q;
    }
    return t ? mul(t, params.scale) : null;
  },
});

/**
 * The mean (or summed) softmax cross-entropy of logits [n, C] against targets
 * [n, C], computed stably in one pass; a scalar tensor. Gradient (softmax - y)/n.
 *
 *     const loss = softmaxCrossEntropy(model.forward(x), oneHot(labels, 10));
 */
export function softmaxCrossEntropy(logits: Tensor, targets: Tensor, options: SoftmaxCrossEntropyOptions = {}): Tensor {
  const fn = "softmaxCrossEntropy";
  const z = checkTensor(logits, fn, "logits");
  const y = checkTensor(targets, fn, "targets");
  if (z.rank !== 2) throw new Error(`${fn}: logits must have shape [samples, classes], got ${formatShape(z.shape)}`);
  if (y.rank !== 2 || y.shape[0] !== z.shape[0] || y.shape[1] !== z.shape[1]) {
    throw new Error(`${fn}: targets have shape ${formatShape(y.shape)} but logits have shape ${formatShape(z.shape)}`);
  }
  checkOptions(options, fn, "options", ["reduction"]);
  const reduction = options.reduction ?? "mean";
  if (reduction !== "mean" && reduction !== "sum") throw new Error(`${fn}: reduction must be "mean" or "sum", got ${String(reduction)}`);
  const [n, C] = z.shape;
  if (n === 0 || C === 0) throw new Error(`${fn}: logits are empty (shape ${formatShape(z.shape)})`);
  const zd = z.data;
  const yd = y.data;
  let total = 0;
  // keep the exponentials for the first-order reverse rule (when this op will be differentiated in z only)
  const keep = isGradEnabled() && z.requiresGrad && !y.requiresGrad;
  const exps = keep ? new Float64Array(n * C) : null;
  const sums = keep ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) { // row i of z, y: [C]
    const row = i * C;
    let m = -Infinity;
    for (let j = 0; j < C; j++) if (zd[row + j] > m) m = zd[row + j];
    if (!Number.isFinite(m)) m = 0;
    let s = 0;
    if (exps !== null) {
      for (let j = 0; j < C; j++) {
        const e = Math.exp(zd[row + j] - m);
        exps[row + j] = e;
        s += e;
      }
      sums![i] = s;
    } else {
      for (let j = 0; j < C; j++) s += Math.exp(zd[row + j] - m);
    }
    const lse = m + Math.log(s);
    for (let j = 0; j < C; j++) {
      const yij = yd[row + j];
      if (yij !== 0) total += yij * (lse - zd[row + j]);
    }
  }
  const scale = reduction === "mean" ? 1 / n : 1;
  const params: Params = exps !== null && sums !== null ? { scale, exps, sums } : { scale };
  return SOFTMAX_CE.record(new Tensor(Float64Array.of(total * scale), []), [z, y], params);
}
