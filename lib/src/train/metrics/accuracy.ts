import { checkSameLength, readClasses, type NumericInput } from "./toArray";

/**
 * Accuracy = (1/n) Σ_i I(predicted_i = labels_i): the fraction of samples whose
 * predicted class equals the true label (lecture 001). Both arguments are
 * class indices [n] (integers); one-hot or probability rows are rejected.
 */
export function accuracy(predicted: NumericInput, labels: NumericInput): number {
  const p = readClasses("accuracy", "predicted", predicted);
  const y = readClasses("accuracy", "labels", labels);
  const n = checkSameLength("accuracy", p, "predicted", y, "labels");
  let correct = 0;
  for (let i = 0; i < n; i++) if (p[i] === y[i]) correct++;
  return correct / n;
}
