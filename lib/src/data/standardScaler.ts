import { Tensor } from "../tensor/tensor";
import { checkBoolean } from "../tensor/validate";
import { checkOptions } from "../tensor/options";
import { assertFinite, featureColumns } from "./featureColumns";

/** Options of `StandardScaler`. */
export interface StandardScalerOptions {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column standard deviation (default true). */
  withStd?: boolean;
}

/**
 * Standardises each feature column: x' = (x - mean) / std, with mean and the
 * population standard deviation (divide by n) taken from the training data only:
 *
 *   const scaler = new StandardScaler().fit(trainFeatures);
 *   const xTrain = scaler.transform(trainFeatures), xTest = scaler.transform(testFeatures);
 *
 * A constant column (std 0) is only centred (divided by 1), so it becomes 0, never NaN.
 * Works on [n, d] and on [n, ...] (e.g. per-pixel scaling of images).
 */
export class StandardScaler {
  /** Column means of the training data [d] (null before `fit`). */
  mean: Float64Array | null = null;
  /** Column standard deviations of the training data [d] (0 for constant columns; null before `fit`). */
  std: Float64Array | null = null;
  private divisor: Float64Array | null = null;
  private fittedShape: readonly number[] | null = null;
  private readonly withMean: boolean;
  private readonly withStd: boolean;

  constructor(options: StandardScalerOptions = {}) {
    checkOptions(options, "StandardScaler", "options", ["withMean", "withStd"]);
    this.withMean = checkBoolean(options.withMean ?? true, "StandardScaler", "withMean");
    this.withStd = checkBoolean(options.withStd ?? true, "StandardScaler", "withStd");
  }

  /** Learns the column means and standard deviations from `trainFeatures` [n, d]. */
  fit(trainFeatures: Tensor): this {
    const { n, d } = featureColumns(trainFeatures, "StandardScaler.fit");
    if (n === 0) throw new Error("StandardScaler.fit: trainFeatures has no rows");
    assertFinite(trainFeatures, "StandardScaler.fit", d);
    const x = trainFeatures.data;
    const mean = new Float64Array(d);
    const std = new Float64Array(d);
    const min = new Float64Array(d).fill(Infinity);
    const max = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = x[i * d + j]; // [n, d]
        mean[j] += v;
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
    for (let j = 0; j < d; j++) mean[j] = min[j] === max[j] ? min[j] : mean[j] / n;
    // Second pass for the variance (more accurate than E[x^2] - E[x]^2).
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const dev = x[i * d + j] - mean[j];
        std[j] += dev * dev;
      }
    }
    const divisor = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      std[j] = min[j] === max[j] ? 0 : Math.sqrt(std[j] / n);
      divisor[j] = std[j] === 0 ? 1 : std[j];
    }
    this.mean = mean;
    this.std = std;
    this.divisor = divisor;
    this.fittedShape = trainFeatures.shape.slice();
    return this;
  }

  /** (x - mean) / std with the fitted statistics; same shape as `features`. */
  transform(features: Tensor): Tensor {
    const { mean, divisor } = this.fitted("transform");
    const { n, d } = featureColumns(features, "StandardScaler.transform", this.fittedShape!);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let v = features.data[i * d + j];
        if (this.withMean) v -= mean[j];
        if (this.withStd) v /= divisor[j];
        out[i * d + j] = v;
      }
    }
    return new Tensor(out, features.shape);
  }

  /** `fit(trainFeatures)` then `transform(trainFeatures)`. */
  fitTransform(trainFeatures: Tensor): Tensor {
    return this.fit(trainFeatures).transform(trainFeatures);
  }

  /** Undoes `transform`: x = x' * std + mean. */
  inverseTransform(features: Tensor): Tensor {
    const { mean, divisor } = this.fitted("inverseTransform");
    const { n, d } = featureColumns(features, "StandardScaler.inverseTransform", this.fittedShape!);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        let v = features.data[i * d + j];
        if (this.withStd) v *= divisor[j];
        if (this.withMean) v += mean[j];
        out[i * d + j] = v;
      }
    }
    return new Tensor(out, features.shape);
  }

  private fitted(method: string): { mean: Float64Array; divisor: Float64Array } {
    if (this.mean === null || this.divisor === null) {
      throw new Error(`StandardScaler.${method}: the scaler is not fitted; call fit(trainFeatures) first (on the training data only)`);
    }
    return { mean: this.mean, divisor: this.divisor };
  }
}
