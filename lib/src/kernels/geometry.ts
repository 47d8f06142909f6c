/**
 * Shapes of the image kernels (layout NCHW: [batch, channels, height, width]).
 *
 * Output size along one axis, with pads p0 (top/left) and p1 (bottom/right):
 *   out = floor((in + p0 + p1 - window) / stride) + 1
 * Padded cells count as zeros for convolution and are skipped by pooling.
 */

/** Geometry of a 2-D convolution; strides default to 1 and pads to 0. */
export interface Conv2dShape {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight?: number;
  strideWidth?: number;
  padTop?: number;
  padBottom?: number;
  padLeft?: number;
  padRight?: number;
}

/** A `Conv2dShape` with every field resolved, plus the output size. */
export interface Conv2dGeometry extends Required<Conv2dShape> {
  outHeight: number;
  outWidth: number;
}

/** Geometry of a 2-D pooling; strides default to the window size, pads to 0 (each pad < window). */
export interface Pool2dShape {
  batch: number;
  channels: number;
  inHeight: number;
  inWidth: number;
  poolHeight: number;
  poolWidth: number;
  strideHeight?: number;
  strideWidth?: number;
  padTop?: number;
  padBottom?: number;
  padLeft?: number;
  padRight?: number;
}

/** A `Pool2dShape` with every field resolved, plus the output size. */
export interface Pool2dGeometry extends Required<Pool2dShape> {
  outHeight: number;
  outWidth: number;
}

function checkInt(fn: string, name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new Error(`${fn}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

function outSize(fn: string, axis: string, size: number, window: number, stride: number, p0: number, p1: number): number {
  const span = size + p0 + p1 - window;
  if (span < 0) {
    throw new Error(`${fn}: window ${window} is larger than the padded ${axis} ${size}+${p0}+${p1} = ${size + p0 + p1}`);
  }
  return Math.floor(span / stride) + 1;
}

/** Validate and resolve a convolution shape (errors name `fn` and the field). */
export function conv2dGeometry(fn: string, shape: Conv2dShape): Conv2dGeometry {
  const batch = checkInt(fn, "batch", shape.batch, 1);
  const inChannels = checkInt(fn, "inChannels", shape.inChannels, 1);
  const inHeight = checkInt(fn, "inHeight", shape.inHeight, 1);
  const inWidth = checkInt(fn, "inWidth", shape.inWidth, 1);
  const outChannels = checkInt(fn, "outChannels", shape.outChannels, 1);
  const kernelHeight = checkInt(fn, "kernelHeight", shape.kernelHeight, 1);
  const kernelWidth = checkInt(fn, "kernelWidth", shape.kernelWidth, 1);
  const strideHeight = checkInt(fn, "strideHeight", shape.strideHeight ?? 1, 1);
  const strideWidth = checkInt(fn, "strideWidth", shape.strideWidth ?? 1, 1);
  const padTop = checkInt(fn, "padTop", shape.padTop ?? 0, 0);
  const padBottom = checkInt(fn, "padBottom", shape.padBottom ?? 0, 0);
  const padLeft = checkInt(fn, "padLeft", shape.padLeft ?? 0, 0);
  const padRight = checkInt(fn, "padRight", shape.padRight ?? 0, 0);
  return {
    batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
    strideHeight, strideWidth, padTop, padBottom, padLeft, padRight,
    outHeight: outSize(fn, "height", inHeight, kernelHeight, strideHeight, padTop, padBottom),
    outWidth: outSize(fn, "width", inWidth, kernelWidth, strideWidth, padLeft, padRight),
  };
}

/** Validate and resolve a pooling shape (errors name `fn` and the field). */
export function pool2dGeometry(fn: string, shape: Pool2dShape): Pool2dGeometry {
  const batch = checkInt(fn, "batch", shape.batch, 1);
  const channels = checkInt(fn, "channels", shape.channels, 1);
  const inHeight = checkInt(fn, "inHeight", shape.inHeight, 1);
  const inWidth = checkInt(fn, "inWidth", shape.inWidth, 1);
  const poolHeight = checkInt(fn, "poolHeight", shape.poolHeight, 1);
  const poolWidth = checkInt(fn, "poolWidth", shape.poolWidth, 1);
  const strideHeight = checkInt(fn, "strideHeight", shape.strideHeight ?? poolHeight, 1);
  const strideWidth = checkInt(fn, "strideWidth", shape.strideWidth ?? poolWidth, 1);
  const padTop = checkInt(fn, "padTop", shape.padTop ?? 0, 0);
  const padBottom = checkInt(fn, "padBottom", shape.padBottom ?? 0, 0);
  const padLeft = checkInt(fn, "padLeft", shape.padLeft ?? 0, 0);
  const padRight = checkInt(fn, "padRight", shape.padRight ?? 0, 0);
  // A pad >= the window would create windows made only of padding.
  for (const [name, pad, window] of [["padTop", padTop, poolHeight], ["padBottom", padBottom, poolHeight],
    ["padLeft", padLeft, poolWidth], ["padRight", padRight, poolWidth]] as const) {
    if (pad >= window) throw new Error(`${fn}: ${name} ${pad} must be smaller than the pool window ${window}`);
  }
  return {
    batch, channels, inHeight, inWidth, poolHeight, poolWidth,
    strideHeight, strideWidth, padTop, padBottom, padLeft, padRight,
    outHeight: outSize(fn, "height", inHeight, poolHeight, strideHeight, padTop, padBottom),
    outWidth: outSize(fn, "width", inWidth, poolWidth, strideWidth, padLeft, padRight),
  };
}

/**
 * Pads for TensorFlow's 'same' padding along one axis: the output has
 * ceil(size / stride) cells; the extra cell (odd total) goes after.
 * Returns [before, after] (top/bottom or left/right).
 */
export function samePadding(size: number, window: number, stride = 1): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + window - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Throw unless `array` is a Float64Array with exactly `length` elements. */
export function checkBuffer(fn: string, name: string, array: unknown, length: number, shapeText: string): void {
  if (!(array instanceof Float64Array)) throw new Error(`${fn}: ${name} must be a Float64Array`);
  if (array.length !== length) {
    throw new Error(`${fn}: ${name} has ${array.length} elements but ${shapeText} needs ${length}`);
  }
}

/** Shape text like [2,3,4,4] for error messages. */
export function dims(...sizes: number[]): string {
  return `[${sizes.join(",")}]`;
}
