import { Tensor } from "../tensor/tensor";
import { formatValue } from "../tensor/validate";

/**
 * Gradient clipping by global norm: if ||g|| = sqrt(sum over all parameters of
 * g^2) exceeds maxNorm, every gradient is scaled by maxNorm / ||g||.
 * Returns the norm before clipping (useful to plot exploding gradients).
 */
export function clipGradNorm(params: Tensor[], maxNorm: number): number {
  if (!(typeof maxNorm === "number" && maxNorm > 0 && Number.isFinite(maxNorm))) {
    throw new Error(`clipGradNorm: maxNorm must be a positive finite number, got ${formatValue(maxNorm)}`);
  }
  checkParams("clipGradNorm", params);
  let sumSquares = 0;
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    for (let i = 0; i < g.size; i++) sumSquares += g.data[i] * g.data[i];
  }
  let norm = Math.sqrt(sumSquares);
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

function checkParams(fn: string, params: unknown): void {
  if (!Array.isArray(params) || !params.every((p) => p instanceof Tensor)) {
    throw new Error(`${fn}: params must be an array of tensors (e.g. model.parameters())`);
  }
}

/** ||g|| as max|g| · sqrt(Σ (g / max|g|)²), which cannot overflow; NaN if a gradient holds NaN or Inf. */
function scaledNorm(params: Tensor[]): number {
  let largest = 0;
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    for (let i = 0; i < g.size; i++) {
      const a = Math.abs(g.data[i]);
      if (!(a <= largest)) largest = a; // also picks up NaN and Infinity
    }
  }
  if (!Number.isFinite(largest)) return NaN;
  let sum = 0;
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    for (let i = 0; i < g.size; i++) sum += (g.data[i] / largest) ** 2;
  }
  return largest * Math.sqrt(sum);
}

/** Clamps every gradient element to [-maxValue, maxValue]. */
export function clipGradValue(params: Tensor[], maxValue: number): void {
  if (!(typeof maxValue === "number" && maxValue > 0 && Number.isFinite(maxValue))) {
    throw new Error(`clipGradValue: maxValue must be a positive finite number, got ${formatValue(maxValue)}`);
  }
  checkParams("clipGradValue", params);
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    const clipped = new Float64Array(g.size);
    for (let i = 0; i < g.size; i++) clipped[i] = Math.min(maxValue, Math.max(-maxValue, g.data[i]));
    p.grad = new Tensor(clipped, g.shape);
  }
}
