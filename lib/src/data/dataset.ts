import type { Tensor } from "../tensor/tensor";

/**
 * A labelled data set as returned by the loaders (`loadDigits`, `loadBreastCancer`, `loadMnist`).
 *
 * Row i of `features` is sample i and `labels[i]` is its class index into `classNames`.
 */
export interface Dataset {
  /** One row per sample: [n, d]. */
  features: Tensor;
  /** Class index of each sample, 0..classNames.length-1: [n]. */
  labels: Int32Array;
  /** The same values as `features` arranged as images, [n, height, width] (image data sets only). */
  images?: Tensor;
  /** Name of each feature column (d names). */
  featureNames: string[];
  /** Name of each class; `classNames[labels[i]]` names sample i's class. */
  classNames: string[];
  /** Where the data come from, what the values mean, and the licence. */
  description: string;
}
