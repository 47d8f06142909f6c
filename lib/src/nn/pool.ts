/**
 * Pooling layers: MaxPool2D and AvgPool2D shrink each channel of images
 * [batch, C, H, W] by taking the maximum / mean of each window (default 2x2,
 * stride = window). No parameters.
 */
import { pool2dGeometry } from "../kernels/geometry";
import type { Tensor } from "../tensor/tensor";
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
    if (inputShape.length !== 3) {
      throw new Error(`${this.type}: input samples must be images [channels, height, width], got ${formatShape(inputShape)}`);
    }
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
