import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { assertFinite, featureColumns } from "./featureColumns";

/** Options of `MinMaxScaler`. */
export interface MinMaxScalerOptions {
  /** Target interval [low, high] of each column (default [0, 1]). */
  featureRange?: [number, number];
}

/**
 * Rescales each feature column linearly so that the training data's minimum
 * maps to `low` and its maximum to `high`:
 *   x' = low + (x - min) / (max - min) * (high - low).
 * min and max come from the training data only (`fit`); test data may fall outside
 * [low, high]. A constant column maps to `low`, never NaN.
 */
export class MinMaxScaler {
  /** Column minima of the training data [d] (null before `fit`). */
  dataMin: Float64Array | null = null;
  /** Column maxima of the training data [d] (null before `fit`). */
  dataMax: Float64Array | null = null;
  private readonly low: number;
  private readonly high: number;
  private fittedShape: readonly number[] | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    checkOptions(options, "MinMaxScaler", "options", ["featureRange"]);
    const range = options.featureRange ?? [0, 1];
    if (!Array.isArray(range) || range.length !== 2 || !Number.isFinite(range[0]) || !Number.isFinite(range[1]) || !(range[0] < range[1])) {
      throw new Error(`MinMaxScaler: featureRange must be [low, high] with finite low < high, got ${JSON.stringify(range)}`);
    }
    this.low = range[0];
    this.high = range[1];
  }

  /** Learns the column minima and maxima from `trainFeatures` [n, d]. */
  fit(trainFeatures: Tensor): this {
    const { n, d } = featureColumns(trainFeatures, "MinMaxScaler.fit");
    if (n === 0) throw new Error("MinMaxScaler.fit: trainFeatures has no rows");
    assertFinite(trainFeatures, "MinMaxScaler.fit", d);
    const min = new Float64Array(d).fill(Infinity);
    const max = new Float64Array(d).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const v = trainFeatures.data[i * d + j]; // [n, d]
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
    this.dataMin = min;
    this.dataMax = max;
    this.fittedShape = trainFeatures.shape.slice();
    return this;
  }

  /** Maps each column from [min, max] (training) to [low, high]; same shape as `features`. */
  transform(features: Tensor): Tensor {
    const { min, max } = this.fitted("transform");
    const { n, d } = featureColumns(features, "MinMaxScaler.transform", this.fittedShape!);
    const span = this.high - this.low;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const range = max[j] - min[j] || 1; // constant column: divide by 1
        out[i * d + j] = this.low + ((features.data[i * d + j] - min[j]) / range) * span;
      }
    }
    return new Tensor(out, features.shape);
  }

  /** `fit(trainFeatures)` then `transform(trainFeatures)`. */
  fitTransform(trainFeatures: Tensor): Tensor {
    return this.fit(trainFeatures).transform(trainFeatures);
  }

  /** Undoes `transform`: x = min + (x' - low) / (high - low) * (max - min). */
  inverseTransform(features: Tensor): Tensor {
    const { min, max } = this.fitted("inverseTransform");
    const { n, d } = featureColumns(features, "MinMaxScaler.inverseTransform", this.fittedShape!);
    const span = this.high - this.low;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const range = max[j] - min[j] || 1;
        out[i * d + j] = min[j] + ((features.data[i * d + j] - this.low) / span) * range;
      }
    }
    return new Tensor(out, features.shape);
  }

  private fitted(method: string): { min: Float64Array; max: Float64Array } {
    if (this.dataMin === null || this.dataMax === null) {
      throw new Error(`MinMaxScaler.${method}: the scaler is not fitted; call fit(trainFeatures) first (on the training data only)`);
    }
    return { min: this.dataMin, max: this.dataMax };
  }
}
