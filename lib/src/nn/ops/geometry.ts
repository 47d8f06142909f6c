/** Option parsing shared by the image ops (NCHW: [batch, channels, height, width]): strides, window sizes and paddings given the way Keras/TensorFlow users write them. */
import { samePadding } from "../../kernels/geometry";
import { formatShape } from "../../tensor/validate";

/** 'valid' (no padding), 'same' (TensorFlow's: output = ceil(input / stride)), a pad on every side, or [top, bottom, left, right]. */
export type Padding = "valid" | "same" | number | readonly [number, number, number, number];

/** One number for both axes, or [height, width]. */
export type Size2 = number | readonly [number, number];

export interface Pads {
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

/** [height, width] from a number or a pair; each must be an integer >= 1. */
export function size2(fn: string, arg: string, value: Size2 | undefined, fallback: Size2): [number, number] {
  const v = value ?? fallback;
  const pair: readonly unknown[] = typeof v === "number" ? [v, v] : Array.isArray(v) ? v : [];
  if (pair.length !== 2 || !pair.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 1)) {
    throw new Error(`${fn}: ${arg} must be a positive integer or a pair [height, width] of positive integers, got ${JSON.stringify(v)}`);
  }
  return [pair[0] as number, pair[1] as number];
}

/** Pads of a window [kh, kw] moving with [sh, sw] over an image [h, w]. */
export function resolvePadding(
  fn: string, padding: Padding | undefined, height: number, width: number,
  window: [number, number], stride: [number, number],
): Pads {
  const p = padding ?? "valid";
  if (p === "valid") return { padTop: 0, padBottom: 0, padLeft: 0, padRight: 0 };
  if (p === "same") {
    const [top, bottom] = samePadding(height, window[0], stride[0]);
    const [left, right] = samePadding(width, window[1], stride[1]);
    return { padTop: top, padBottom: bottom, padLeft: left, padRight: right };
  }
  if (typeof p === "number") {
    if (!Number.isInteger(p) || p < 0) throw new Error(`${fn}: padding must be 'same', 'valid', an integer >= 0 or [top, bottom, left, right], got ${p}`);
    return { padTop: p, padBottom: p, padLeft: p, padRight: p };
  }
  if (Array.isArray(p) && p.length === 4 && p.every((d) => Number.isInteger(d) && d >= 0)) return { padTop: p[0], padBottom: p[1], padLeft: p[2], padRight: p[3] };
  throw new Error(`${fn}: padding must be 'same', 'valid', an integer >= 0 or [top, bottom, left, right], got ${JSON.stringify(p)}`);
}

/** Throws unless x is NCHW (rank 4). */
export function checkImages(fn: string, arg: string, shape: readonly number[]): void {
  if (shape.length !== 4) throw new Error(`${fn}: ${arg} must be a batch of images [batch, channels, height, width] (NCHW), got shape ${formatShape(shape)}`);
}
