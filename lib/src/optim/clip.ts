import { Tensor } from "../tensor/tensor";
import { formatValue } from "../tensor/validate";

/** Global L2 norm sqrt(sum of g^2 over all parameters) of the gradients (a missing gradient counts as 0). */
export function gradNorm(params: readonly Tensor[]): number {
  let sum = 0;
  for (const p of params) {
    const d = p.grad?.data;
    if (d) for (let i = 0; i < d.length; i++) sum += d[i] * d[i];
  }
  return Math.sqrt(sum);
}

/** Gradient clipping by global norm: if ||g|| exceeds maxNorm, every gradient is scaled by maxNorm / ||g||. Returns the norm before clipping. */
export function clipGradNorm(params: Tensor[], maxNorm: number): number {
  if (!(typeof maxNorm === "number" && maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new Error(`clipGradNorm: maxNorm must be a positive finite number, got ${formatValue(maxNorm)}`);
  }
  if (!Array.isArray(params) || !params.every((p) => p instanceof Tensor)) throw new Error("clipGradNorm: params must be an array of tensors (e.g. model.parameters())");
  let norm = gradNorm(params);
  // finite gradients above ~1e154 overflow the sum of squares: recompute it scaled by the largest |g|
  if (!Number.isFinite(norm)) norm = scaledNorm(params);
  if (!Number.isFinite(norm)) {
    throw new Error("clipGradNorm: the gradient norm is not finite (NaN or Inf in a gradient); try a smaller learning rate or scale the inputs");
  }
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const p of params) {
      const g = p.grad;
      if (g === null) continue;
      // Replace rather than mutate: the gradient tensor may be shared with a graph.
      const clipped = new Float64Array(g.size);
      for (let i = 0; i < g.size; i++) clipped[i] = g.data[i] * scale;
      p.grad = new Tensor(clipped, g.shape);
    }
  }
  return norm;
}

/** ||g|| as max|g| · sqrt(Σ (g / max|g|)²), which cannot overflow; NaN if a gradient holds NaN or Inf. */
function scaledNorm(params: Tensor[]): number {
  let largest = 0;
  for (const p of params) {
    const d = p.grad?.data ?? [];
    for (let i = 0; i < d.length; i++) {
      const a = Math.abs(d[i]);
      if (!(a <= largest)) largest = a; // also picks up NaN and Infinity
    }
  }
  if (!Number.isFinite(largest)) return NaN;
  let sum = 0;
  for (const p of params) {
    const d = p.grad?.data ?? [];
    for (let i = 0; i < d.length; i++) sum += (d[i] / largest) ** 2;
  }
  return largest * Math.sqrt(sum);
}
