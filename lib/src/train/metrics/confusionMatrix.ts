import { checkSameLength, readClasses, type NumericInput } from "./toArray";

/**
 * The confusion matrix M [numClasses][numClasses]: M[t][p] counts the samples
 * with true label t that were predicted as p (rows: truth, columns: prediction,
 * as scikit-learn). The diagonal holds the correct predictions.
 */
export function confusionMatrix(predicted: NumericInput, labels: NumericInput, numClasses: number): number[][] {
  const fn = "confusionMatrix";
  if (!Number.isInteger(numClasses) || numClasses <= 0) throw new Error(`${fn}: numClasses must be a positive integer, got ${String(numClasses)}`);
  const p = readClasses(fn, "predicted", predicted);
  const y = readClasses(fn, "labels", labels);
  const n = checkSameLength(fn, p, "predicted", y, "labels");
  const matrix: number[][] = [];
  for (let t = 0; t < numClasses; t++) matrix.push(new Array<number>(numClasses).fill(0));
  for (let i = 0; i < n; i++) {
    for (const [name, v] of [["labels", y[i]], ["predicted", p[i]]] as const) {
      if (!Number.isInteger(v) || v < 0 || v >= numClasses) {
        throw new Error(`${fn}: ${name}[${i}] = ${v} is out of range for ${numClasses} classes (0..${numClasses - 1})`);
      }
    }
    matrix[y[i]][p[i]]++;
  }
  return matrix;
}
