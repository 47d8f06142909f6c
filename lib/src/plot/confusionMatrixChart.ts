/** The confusion matrix: rows are the true classes, columns the predicted ones. */
import { type Figure } from "./figure";
import { heatmap } from "./heatmap";
import { formatNumber, range, toRows, type Matrix } from "./values";
import { checkOptions } from "../tensor/options";

export interface ConfusionMatrixOptions {
  /** Counts, matrix[true class][predicted class]. */
  matrix: Matrix;
  /** Class names (default "0", "1", ...). */
  classNames?: readonly string[];
  title?: string;
}

/**
 * An annotated heatmap of the confusion matrix, true class top to bottom.
 *
 * ```ts
 * show(confusionMatrixChart({ matrix: confusionMatrix(predicted, labels, 10), title: "test set" }));
 * ```
 */
export function confusionMatrixChart(options: ConfusionMatrixOptions): Figure {
  checkOptions(options, "confusionMatrixChart", "options", ["matrix", "classNames", "title"]);
  const fn = "confusionMatrixChart";
  if (options == null || options.matrix === undefined) throw new Error(`${fn}: options.matrix is required`);
  const counts = toRows(options.matrix, fn, "matrix");
  const k = counts.length;
  if (k === 0 || counts[0].length !== k) throw new Error(`${fn}: matrix must be square [classes, classes], got ${k} x ${k > 0 ? counts[0].length : 0}`);
  const names = options.classNames ? options.classNames.map(String) : range(k).map(String);
  if (names.length !== k) throw new Error(`${fn}: classNames has ${names.length} names but the matrix has ${k} classes`);
  return heatmap({
    z: counts,
    x: names,
    y: names,
    xTitle: "predicted class",
    yTitle: "true class",
    title: options.title,
    colorscale: "Blues",
    reverseY: true,
    format: formatNumber,
    colorbarTitle: "count",
    height: Math.max(350, 40 * k + 150),
  });
}
