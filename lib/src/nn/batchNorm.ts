/**
 * Batch normalisation (Ioffe & Szegedy): each feature of [batch, features], or each channel of images
 * [batch, C, H, W], is normalised and then scaled and shifted by learned gamma and beta:
 *
 *   training:   y = gamma (x - mu_B) / sqrt(var_B + epsilon) + beta  (mean and biased variance of the batch);
 *               running_mean <- (1 - momentum) running_mean + momentum mu_B,
 *               running_var  <- (1 - momentum) running_var + momentum var_B m/(m-1)  (unbiased, as PyTorch);
 *   evaluation: y = gamma (x - running_mean) / sqrt(running_var + epsilon) + beta.
 */
import type { Random } from "../random";
import { add, div, mul, sqrt, square, sub } from "../tensor/elementwise";
import { mean } from "../tensor/reduce";
import { reshape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/validate";
import { checkOptions } from "../tensor/options";
import { Layer, parameter, type NamedParameter } from "./module";

export interface BatchNormOptions {
  /** Weight of the new batch in the running statistics (default 0.1, PyTorch's convention). */
  momentum?: number;
  /** Added to the variance before the square root (default 1e-5). */
  epsilon?: number;
}

export class BatchNorm extends Layer {
  readonly type = "BatchNorm";
  readonly momentum: number;
  readonly epsilon: number;
  /** gamma [C] (starts at 1). */
  scale: Tensor | null = null;
  /** beta [C] (starts at 0). */
  shift: Tensor | null = null;
  /** Running mean [C] (starts at 0), used in evaluation mode. */
  runningMean: Tensor | null = null;
  /** Running variance [C] (starts at 1), used in evaluation mode. */
  runningVar: Tensor | null = null;

  constructor(options: BatchNormOptions = {}) {
    super();
    checkOptions(options, "BatchNorm", "options", ["momentum", "epsilon"]);
    this.momentum = options.momentum ?? 0.1;
    this.epsilon = options.epsilon ?? 1e-5;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new Error(`BatchNorm: momentum must be in [0, 1], got ${String(options.momentum)}`);
    if (!(this.epsilon > 0)) throw new Error(`BatchNorm: epsilon must be > 0, got ${String(options.epsilon)}`);
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length < 1) throw new Error(`BatchNorm: input samples need a feature/channel axis, got ${formatShape(inputShape)}`);
    return inputShape.slice();
  }

  protected create(inputShape: readonly number[], _rng: Random): void {
    const C = inputShape[0];
    this.scale = parameter(new Float64Array(C).fill(1), [C]);
    this.shift = parameter(new Float64Array(C), [C]);
    this.runningMean = new Tensor(new Float64Array(C), [C]);
    this.runningVar = new Tensor(new Float64Array(C).fill(1), [C]);
  }

  protected call(x: Tensor): Tensor {
    const C = x.shape[1];
    const axes = [0];
    for (let a = 2; a < x.rank; a++) axes.push(a);
    const kept = x.shape.map((d, a) => (a === 1 ? d : 1)); // [1, C, 1, ...]
    const gamma = reshape(this.scale!, kept);
    const beta = reshape(this.shift!, kept);
    if (!this.training) {
      const mu = reshape(this.runningMean!, kept);
      const sigma = sqrt(add(reshape(this.runningVar!, kept), this.epsilon));
      return add(mul(div(sub(x, mu), sigma), gamma), beta);
    }
    const m = x.size / C; // values per channel
    if (m < 2) {
      throw new Error(`BatchNorm.forward: in training mode the batch statistics need at least 2 values per feature, but x ${formatShape(x.shape)} holds ${m} ` +
        `(a batch of ${x.shape[0]} sample${x.shape[0] === 1 ? "" : "s"}); train with batches of 2 or more samples (in fit: a batchSize that does not leave ` +
        "a last batch of one sample, i.e. samples % batchSize !== 1), or call model.eval() to predict one sample");
    }
    const mu = mean(x, axes, true);
    const centred = sub(x, mu);
    const variance = mean(square(centred), axes, true);
    const y = add(mul(div(centred, sqrt(add(variance, this.epsilon))), gamma), beta);
    // running statistics (plain numbers, outside the graph)
    const rm = this.runningMean!.data;
    const rv = this.runningVar!.data;
    const k = this.momentum;
    for (let c = 0; c < C; c++) {
      rm[c] = (1 - k) * rm[c] + k * mu.data[c];
      rv[c] = (1 - k) * rv[c] + k * variance.data[c] * (m / (m - 1));
    }
    return y;
  }

  namedParameters(): NamedParameter[] {
    if (!this.built) return [];
    return [{ name: "scale", kind: "scale", tensor: this.scale! }, { name: "shift", kind: "shift", tensor: this.shift! }];
  }

  stateTensors(): Record<string, Tensor> {
    if (!this.built) return {};
    return { runningMean: this.runningMean!, runningVar: this.runningVar! };
  }

  /** A saved running variance must be >= 0 (its square root is taken). */
  protected checkLoaded(fn: string, loaded: ReadonlyMap<Tensor, Tensor>): void {
    const v = loaded.get(this.runningVar!);
    const i = v ? v.data.findIndex((x) => x < 0) : -1;
    if (v && i >= 0) throw new Error(`${fn}: "runningVar" data[${i}] is ${v.data[i]}, but a variance cannot be negative (the saved model is corrupt)`);
  }

  config(): Record<string, unknown> {
    return { momentum: this.momentum, epsilon: this.epsilon };
  }
}
