import { checkSameLength, readNumbers, type NumericInput } from "./toArray";

/** MSE = (1/n) Σ_i (predicted_i - targets_i)² over all values (row-major for tensors). */
export function meanSquaredError(predicted: NumericInput, targets: NumericInput): number {
  const p = readNumbers("meanSquaredError", "predicted", predicted);
  const y = readNumbers("meanSquaredError", "targets", targets);
  const n = checkSameLength("meanSquaredError", p, "predicted", y, "targets");
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = p[i] - y[i];
    s += d * d;
  }
  return s / n;
}
