import { Tensor } from "../tensor/tensor";

/**
 * Standardises each feature column, x' = (x - mean) / std, with the mean and population std of the training data only
 * (`new StandardScaler().fit(trainX)`, then `transform` both parts). A constant column becomes 0, never NaN; [n, ...] works too.
 */
export class StandardScaler {
  /** Column means of the training data [d] (null before `fit`). */
  mean: Float64Array | null = null;
  /** Column standard deviations of the training data [d] (0 for constant columns; null before `fit`). */
  std: Float64Array | null = null;
  private divisor: Float64Array | null = null;
  private fittedShape: readonly number[] | null = null;

  /** Learns the column means and standard deviations from `trainFeatures` [n, d]. */
  fit(trainFeatures: Tensor): this {
    const fn = "StandardScaler.fit";
    const { n, d } = columns(trainFeatures, fn);
    if (n === 0) throw new Error(`${fn}: trainFeatures has no rows`);
    const x = trainFeatures.data;
    for (let i = 0; i < x.length; i++) {
      if (!Number.isFinite(x[i])) throw new Error(`${fn}: features[${Math.floor(i / d)}, ${i % d}] is ${x[i]}; remove or impute non-finite values before fitting`);
    }
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
    const fn = "StandardScaler.transform";
    const { mean, divisor } = this;
    if (mean === null || divisor === null) throw new Error(`${fn}: the scaler is not fitted; call fit(trainFeatures) first (on the training data only)`);
    const { n, d } = columns(features, fn, this.fittedShape!);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) out[i * d + j] = (features.data[i * d + j] - mean[j]) / divisor[j];
    }
    return new Tensor(out, features.shape);
  }

  /** `fit(trainFeatures)` then `transform(trainFeatures)`. */
  fitTransform(trainFeatures: Tensor): Tensor {
    return this.fit(trainFeatures).transform(trainFeatures);
  }
}

/** x [n, ...] as n rows of d feature columns; with `fitted`, the trailing dimensions must match it. */
function columns(x: unknown, fn: string, fitted?: readonly number[]): { n: number; d: number } {
  if (!(x instanceof Tensor)) throw new Error(`${fn}: features must be a Tensor [n, d], got ${String(x)}`);
  if (x.rank < 2) throw new Error(`${fn}: features must have shape [n, d] (samples x features), got [${x.shape.join(", ")}]; reshape a single column to [n, 1]`);
  if (fitted !== undefined && !(x.rank === fitted.length && x.shape.every((s, i) => i === 0 || s === fitted[i]))) {
    throw new Error(`${fn}: features of shape [${x.shape.join(", ")}] do not match the fitted shape [n, ${fitted.slice(1).join(", ")}]`);
  }
  const n = x.shape[0];
  return { n, d: n === 0 ? x.shape.slice(1).reduce((a, b) => a * b, 1) : x.size / n };
}
