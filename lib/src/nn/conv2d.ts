/** Conv2D layer: F filters of size KH x KW slide over images [batch, C, H, W] (NCHW); output [batch, F, OH, OW] = f(conv2d(x, W) + b), with W [F, C, KH, KW] and one bias per filter. */
import { conv2dGeometry } from "../kernels/geometry";
import type { Random } from "../random";
import type { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/validate";
import { layerActivations } from "./activationFunctions";
import { WeightedLayer, type DenseOptions } from "./dense";
import { conv2d } from "./ops/conv2d";
import { resolvePadding, size2, type Padding, type Size2 } from "./ops/geometry";

export interface Conv2DOptions extends DenseOptions {
  /** Step of the filter (default 1). */
  stride?: Size2;
  /** 'valid' (default), 'same', a pad on every side, or [top, bottom, left, right]. */
  padding?: Padding;
}

/**
 *     new Conv2D(10, 3, { activation: "relu" })            // 10 filters 3x3, 'valid'
 *     new Conv2D(32, [5, 5], { padding: "same", stride: 2 })
 */
export class Conv2D extends WeightedLayer {
  readonly type = "Conv2D";
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: Padding;

  constructor(filters: number, kernelSize: Size2, options: Conv2DOptions = {}) {
    super("Conv2D", filters, options, ["stride", "padding"]);
    this.filters = filters;
    this.kernelSize = size2("Conv2D", "kernelSize", kernelSize, 1);
    this.stride = size2("Conv2D", "stride", options.stride, 1);
    this.padding = options.padding ?? "valid";
    resolvePadding("Conv2D", this.padding, 1, 1, this.kernelSize, this.stride); // validates the form
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 3) throw new Error(`Conv2D: input samples must be images [channels, height, width], got ${formatShape(inputShape)}`);
    const [C, H, W] = inputShape;
    const pads = resolvePadding("Conv2D", this.padding, H, W, this.kernelSize, this.stride);
    const g = conv2dGeometry("Conv2D", {
      batch: 1, inChannels: C, inHeight: H, inWidth: W, outChannels: this.filters,
      kernelHeight: this.kernelSize[0], kernelWidth: this.kernelSize[1], strideHeight: this.stride[0], strideWidth: this.stride[1], ...pads,
    });
    return [this.filters, g.outHeight, g.outWidth];
  }

  protected create(inputShape: readonly number[], rng: Random): void {
    const [C] = inputShape;
    const [KH, KW] = this.kernelSize;
    const F = this.filters;
    this.createWeights([F, C, KH, KW], F, C * KH * KW, F * KH * KW, rng);
  }

  protected call(x: Tensor): Tensor {
    const relu = this.activation === "relu"; // fused into the op: one output buffer, one mask in the reverse rule
    const z = conv2d(x, this.weights!, { stride: this.stride, padding: this.padding, bias: this.bias ?? undefined, activation: relu ? "relu" : "identity" });
    return relu ? z : layerActivations[this.activation](z);
  }

  config(): Record<string, unknown> {
    return {
      filters: this.filters, kernelSize: this.kernelSize.slice(), stride: this.stride.slice(), padding: this.padding,
      activation: this.activation, useBias: this.useBias, init: this.init.name,
    };
  }
}
