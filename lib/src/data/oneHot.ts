import { Tensor } from "../tensor/tensor";

/** One-hot rows [n, C] of class indices [n] (Int32Array, number[] or a rank-1 Tensor): row i has a 1 in column labels[i]; C defaults to max(label) + 1. */
export function oneHot(labels: Int32Array | readonly number[] | Tensor, numClasses?: number): Tensor {
  let values: ArrayLike<number>;
  if (labels instanceof Tensor) {
    if (labels.rank !== 1) throw new Error(`oneHot: labels must be a rank-1 tensor [n], got shape [${labels.shape.join(", ")}]`);
    values = labels.data;
  } else if (labels instanceof Int32Array || Array.isArray(labels)) {
    values = labels;
  } else {
    throw new Error(`oneHot: labels must be an Int32Array, an array of numbers or a rank-1 Tensor, got ${String(labels)}`);
  }
  const n = values.length;
  let classes = numClasses;
  if (classes === undefined) {
    classes = 0;
    for (let i = 0; i < n; i++) if (values[i] + 1 > classes) classes = values[i] + 1;
    if (!Number.isInteger(classes)) classes = Math.floor(classes);
  } else if (!Number.isInteger(classes) || classes < 1) {
    throw new Error(`oneHot: numClasses must be a positive integer, got ${String(numClasses)}`);
  }
  const out = new Float64Array(n * classes); // [n, C]
  for (let i = 0; i < n; i++) {
    const c = values[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new Error(`oneHot: labels[${i}] = ${String(c)} is not an integer in 0..${classes - 1} (numClasses = ${classes})`);
    }
    out[i * classes + c] = 1;
  }
  return new Tensor(out, [n, classes]);
}
