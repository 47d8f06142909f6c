/** Classification metrics on class indices. */
import { Tensor } from "../tensor/tensor";

/** Numbers accepted by the metrics: a plain array, a typed array or a Tensor (its data, row-major). */
export type NumericInput = ArrayLike<number> | Tensor;

/**
 * Accuracy = (1/n) Σ_i I(predicted_i = labels_i): the fraction of samples whose
 * predicted class equals the true label (lecture 001). Both arguments are
 * class indices [n] (integers); one-hot or probability rows are rejected.
 */
export function accuracy(predicted: NumericInput, labels: NumericInput): number {
  const [p, y] = readPair("accuracy", predicted, labels);
  let correct = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === y[i]) correct++;
  return correct / p.length;
}

/** The confusion matrix M [numClasses][numClasses]: M[t][p] counts the samples with true label t that were predicted as p (rows: truth, columns: prediction, as scikit-learn). */
export function confusionMatrix(predicted: NumericInput, labels: NumericInput, numClasses: number): number[][] {
  const fn = "confusionMatrix";
  if (!Number.isInteger(numClasses) || numClasses <= 0) throw new Error(`${fn}: numClasses must be a positive integer, got ${String(numClasses)}`);
  const [p, y] = readPair(fn, predicted, labels);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < p.length; i++) {
    for (const [name, v] of [["labels", y[i]], ["predicted", p[i]]] as const) {
      if (v < 0 || v >= numClasses) throw new Error(`${fn}: ${name}[${i}] = ${v} is out of range for ${numClasses} classes (0..${numClasses - 1})`);
    }
    matrix[y[i]][p[i]]++;
  }
  return matrix;
}

/** Predicted and true class indices of the same non-zero length, naming `fn` and the argument on error. */
function readPair(fn: string, predicted: unknown, labels: unknown): [ArrayLike<number>, ArrayLike<number>] {
  const p = readClasses(fn, "predicted", predicted);
  const y = readClasses(fn, "labels", labels);
  if (p.length !== y.length) throw new Error(`${fn}: predicted has ${p.length} values but labels has ${y.length}`);
  if (p.length === 0) throw new Error(`${fn}: predicted and labels are empty`);
  return [p, y];
}

/** Class indices [n] (integers). A Tensor with more than one column (one-hot rows, probabilities) is refused: compared element by element it would give a wrong accuracy. */
function readClasses(fn: string, arg: string, x: unknown): ArrayLike<number> {
  if (x instanceof Tensor && x.rank >= 2 && x.size !== x.shape[0]) {
    throw new Error(`${fn}: ${arg} has shape [${x.shape.join(",")}]; pass class indices [n] (take argmax(${arg}, 1) of one-hot rows or probabilities)`);
  }
  let values: ArrayLike<number>;
  if (x instanceof Tensor) values = x.data;
  else if (Array.isArray(x) || ArrayBuffer.isView(x)) values = x as unknown as ArrayLike<number>;
  else throw new Error(`${fn}: ${arg} must be an array, a typed array or a Tensor, got ${x === null ? "null" : typeof x}`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // a NaN would otherwise silently count as a miss
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: ${arg}[${i}] = ${String(v)} is not a finite number`);
    if (!Number.isInteger(v)) throw new Error(`${fn}: ${arg}[${i}] = ${v} is not a class index (an integer); pass class indices, not probabilities`);
  }
  return values;
}
