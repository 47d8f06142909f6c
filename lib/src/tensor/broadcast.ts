/**
 * NumPy broadcasting: shapes are aligned on the right; a dimension of 1 (or a
 * missing one) is repeated to match the other. Typed-array kernels only; the
 * differentiable ops `broadcastTo` and `sumTo` live in ./shape.
 */
import { formatShape } from "./validate";

/** The broadcast shape of `a` and `b`, or an error naming the op and both shapes. */
export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else {
      throw new Error(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast (${da} != ${db} at axis ${i - rank})`);
    }
  }
  return out;
}

/** Strides of `shape` read as if broadcast to `target` (0 along repeated axes). */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const rank = target.length;
  const offset = rank - shape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i + offset] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  return strides;
}

/** True when `shape` broadcast to `target` just repeats `shape` (it is a suffix of target, ignoring leading 1s). */
export function isSuffixOf(shape: readonly number[], target: readonly number[]): boolean {
  let start = 0;
  while (start < shape.length && shape[start] === 1) start++;
  const n = shape.length - start;
  if (n > target.length) return false;
  for (let i = 0; i < n; i++) if (shape[start + i] !== target[target.length - n + i]) return false;
  return true;
}

/**
 * out[o] = f(a[ia(o)], b[ib(o)]) over the broadcast shape `outShape` (general strided case).
 * The last axis is the inner loop; the outer axes are walked with a counter.
 */
export function broadcastBinaryLoop(
  a: Float64Array, aShape: readonly number[],
  b: Float64Array, bShape: readonly number[],
  out: Float64Array, outShape: readonly number[],
  f: (x: number, y: number) => number,
): void {
  const rank = outShape.length;
  if (out.length === 0) return;
  if (rank === 0) {
    out[0] = f(a[0], b[0]);
    return;
  }
  const aStr = broadcastStrides(aShape, outShape);
  const bStr = broadcastStrides(bShape, outShape);
  const inner = outShape[rank - 1];
  const aIn = aStr[rank - 1];
  const bIn = bStr[rank - 1];
  const outer = out.length / inner;
  const counter = new Array<number>(rank).fill(0);
  let ai = 0;
  let bi = 0;
  let o = 0;
  for (let r = 0; r < outer; r++) {
    let p = ai;
    let q = bi;
    for (let j = 0; j < inner; j++) { // out[..., j]
      out[o++] = f(a[p], b[q]);
      p += aIn;
      q += bIn;
    }
    for (let d = rank - 2; d >= 0; d--) { // advance the multi-index over the outer axes
      counter[d]++;
      ai += aStr[d];
      bi += bStr[d];
      if (counter[d] < outShape[d]) break;
      ai -= aStr[d] * outShape[d];
      bi -= bStr[d] * outShape[d];
      counter[d] = 0;
    }
  }
}

/** Copies `x` (shape `xShape`) broadcast to `outShape` into `out`. */
export function broadcastCopy(x: Float64Array, xShape: readonly number[], out: Float64Array, outShape: readonly number[]): void {
  if (out.length === 0) return;
  if (x.length === 1) {
    out.fill(x[0]);
    return;
  }
  if (isSuffixOf(xShape, outShape)) {
    const n = x.length;
    for (let o = 0; o < out.length; o += n) out.set(x, o);
    return;
  }
  broadcastBinaryLoop(x, xShape, x, xShape, out, outShape, (v) => v);
}

/**
 * Sums `x` (shape `xShape`) into `out` of shape `outShape`, where `xShape` is
 * `outShape` broadcast (the adjoint of `broadcastCopy`). `out` is overwritten.
 */
export function reduceToShape(x: Float64Array, xShape: readonly number[], out: Float64Array, outShape: readonly number[]): void {
  out.fill(0);
  if (x.length === 0) return;
  if (out.length === 1) {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i];
    out[0] = s;
    return;
  }
  if (isSuffixOf(outShape, xShape)) {
    const n = out.length;
    for (let i = 0; i < x.length; i += n) {
      for (let j = 0; j < n; j++) out[j] += x[i + j];
    }
    return;
  }
  const rank = xShape.length;
  // trailing axes reduced (e.g. [n, m] -> [n, 1], a row sum): contiguous blocks
  const offset = rank - outShape.length;
  let block = 1;
  let d = rank - 1;
  while (d >= offset && outShape[d - offset] === 1) block *= xShape[d--];
  let prefixMatches = true;
  for (let k = offset; k <= d; k++) if (outShape[k - offset] !== xShape[k]) prefixMatches = false;
  if (prefixMatches && offset === 0 && block > 1) {
    for (let j = 0; j < out.length; j++) { // out[j] = sum of x[j, :]
      let s = 0;
      const base = j * block;
      for (let i = 0; i < block; i++) s += x[base + i];
      out[j] = s;
    }
    return;
  }
  const oStr = broadcastStrides(outShape, xShape);
  const counter = new Array<number>(rank).fill(0);
  let oi = 0;
  for (let i = 0; i < x.length; i++) {
    out[oi] += x[i];
    for (let a = rank - 1; a >= 0; a--) {
      counter[a]++;
      oi += oStr[a];
      if (counter[a] < xShape[a]) break;
      oi -= oStr[a] * xShape[a];
      counter[a] = 0;
    }
  }
}
