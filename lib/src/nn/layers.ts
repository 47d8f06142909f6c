/**
 * The layers without weights: MaxPool2D and AvgPool2D (the maximum / mean of each window of
 * images [batch, C, H, W], default 2x2 with stride = window), Flatten and Dropout.
 */
import { pool2dGeometry } from "../kernels/geometry";
import { Random } from "../random";
import { mul } from "../tensor/elementwise";
import { reshape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/validate";
import { checkOptions } from "../tensor/options";
import { Layer } from "./module";
import { resolvePadding, size2, type Padding, type Size2 } from "./ops/geometry";
import { avgPool2d, maxPool2d } from "./ops/pool2d";

/** Options of the pooling layers (besides the window). */
export interface PoolLayerOptions {
  /** Step of the window (default: the window size). */
  stride?: Size2;
  /** 'valid' (default), 'same', a pad on every side, or [top, bottom, left, right]. */
  padding?: Padding;
}

abstract class Pool2DLayer extends Layer {
  readonly poolSize: [number, number];
  readonly stride: [number, number];
  readonly padding: Padding;

  constructor(poolSize: Size2 = 2, options: PoolLayerOptions = {}) {
    super();
    const name = new.target.name;
    checkOptions(options, name, "options", ["stride", "padding"]);
    this.poolSize = size2(name, "poolSize", poolSize, 2);
    this.stride = size2(name, "stride", options.stride, this.poolSize);
    this.padding = options.padding ?? "valid";
    resolvePadding(name, this.padding, 1, 1, this.poolSize, this.stride);
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3) throw new Error(`${this.type}: input samples must be images [channels, height, width], got ${formatShape(inputShape)}`);
    const [C, H, W] = inputShape;
    const pads = resolvePadding(this.type, this.padding, H, W, this.poolSize, this.stride);
    const g = pool2dGeometry(this.type, {
      batch: 1, channels: C, inHeight: H, inWidth: W, poolHeight: this.poolSize[0], poolWidth: this.poolSize[1],
      strideHeight: this.stride[0], strideWidth: this.stride[1], ...pads,
    });
    return [C, g.outHeight, g.outWidth];
  }

  config(): Record<string, unknown> {
    return { poolSize: this.poolSize.slice(), stride: this.stride.slice(), padding: this.padding };
  }
}

/** Max pooling: the largest value of each window (the gradient goes to the cell that won). */
export class MaxPool2D extends Pool2DLayer {
  readonly type = "MaxPool2D";

  protected call(x: Tensor): Tensor {
    return maxPool2d(x, { poolSize: this.poolSize, stride: this.stride, padding: this.padding });
  }
}

/** Average pooling: the mean of each window (padded cells not counted). */
export class AvgPool2D extends Pool2DLayer {
  readonly type = "AvgPool2D";

  protected call(x: Tensor): Tensor {
    return avgPool2d(x, { poolSize: this.poolSize, stride: this.stride, padding: this.padding });
  }
}

/** Flatten: [batch, d1, d2, ...] -> [batch, d1*d2*...] (row-major, no copy). */
export class Flatten extends Layer {
  readonly type = "Flatten";

  outputShape(inputShape: readonly number[]): number[] {
    return [inputShape.reduce((a, d) => a * d, 1)];
  }

  protected call(x: Tensor): Tensor {
    return reshape(x, [x.shape[0], -1]);
  }

  config(): Record<string, unknown> {
    return {};
  }
}

export interface DropoutOptions {
  /** Seed of the masks (default: drawn from the Sequential's generator, or 0 for a lone layer). */
  seed?: number;
}

/**
 * Dropout (inverted): in training mode each value is kept with probability 1 - rate and scaled by
 * 1 / (1 - rate), or set to 0, so the expected output equals the input; in evaluation mode x passes
 * through unchanged. The masks come from a seeded generator.
 */
export class Dropout extends Layer {
  readonly type = "Dropout";
  /** Probability p of dropping a value. */
  readonly rate: number;
  private rng: Random;

  /** new Dropout(0.5) drops each value with probability 0.5 during training. */
  constructor(rate: number, options: DropoutOptions = {}) {
    super(checkOptions(options, "Dropout", "options", ["seed"]).seed);
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new Error(`Dropout: rate must be a number in [0, 1), got ${String(rate)}`);
    this.rate = rate;
    this.rng = new Random(options.seed ?? 0);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  protected create(_inputShape: readonly number[], rng: Random): void {
    this.rng = this.seed !== undefined ? new Random(this.seed) : rng.fork();
  }

  /** The next mask for a tensor of `shape`: 0 or 1/(1-rate) per value. */
  mask(shape: readonly number[]): Tensor {
    const size = shape.reduce((a, d) => a * d, 1);
    const m = new Float64Array(size);
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    for (let i = 0; i < size; i++) m[i] = this.rng.uniform() < keep ? scale : 0;
    return new Tensor(m, shape);
  }

  protected call(x: Tensor): Tensor {
    if (!this.training || this.rate === 0) return x;
    return mul(x, this.mask(x.shape));
  }

  config(): Record<string, unknown> {
    return this.seed === undefined ? { rate: this.rate } : { rate: this.rate, seed: this.seed };
  }
}
