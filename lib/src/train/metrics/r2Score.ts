import { checkSameLength, readNumbers, type NumericInput } from "./toArray";

/**
 * Coefficient of determination R² = 1 - Σ (y_i - ŷ_i)² / Σ (y_i - ȳ)², with ŷ the
 * predictions and ȳ the mean of the targets. 1 is a perfect fit; 0 is no better
 * than predicting ȳ. Constant targets: 1 if predicted exactly, otherwise an error
 * (R² is undefined there).
 */
export function r2Score(predicted: NumericInput, targets: NumericInput): number {
  const fn = "r2Score";
  const p = readNumbers(fn, "predicted", predicted);
  const y = readNumbers(fn, "targets", targets);
  const n = checkSameLength(fn, p, "predicted", y, "targets");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let residual = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    residual += (y[i] - p[i]) ** 2;
    total += (y[i] - mean) ** 2;
  }
  if (total === 0) {
    if (residual === 0) return 1;
    throw new Error(`${fn}: targets are constant (all ${mean}), so R² is undefined`);
  }
  return 1 - residual / total;
}
