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
      throw new Error(`${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast (${da} != ${db} at axis ${i - rank}); compared from the last axis, each pair of sizes must be equal or one of them 1 (reshape or transpose an operand to line them up)`);
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

/**
 * The loop nest over `shape` for two operands with strides `s` and `t`: adjacent axes merged where
 * both operands step through them as one, axes of size 1 dropped (at least one axis is left). E.g.
 * [100,50] + [1,50]: dims [100,50], strides [50,1] and [0,1]; equal shapes or a scalar operand: [5000].
 */
function mergeAxes(shape: readonly number[], s: readonly number[], t: readonly number[]): [number[], number[], number[]] {
  const dims: number[] = [];
  const ms: number[] = [];
  const mt: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && ms[last] === s[d] * n && mt[last] === t[d] * n) { // axis d continues the previous one
      dims[last] *= n;
      ms[last] = s[d];
      mt[last] = t[d];
    } else {
      dims.push(n);
      ms.push(s[d]);
      mt.push(t[d]);
    }
  }
  return dims.length > 0 ? [dims, ms, mt] : [[1], [0], [0]];
}

/**
 * Calls row(p, q, o) for every row (run along the last axis) of the loop nest `dims` (`size` values
 * in all), where p and q are the row's start in two operands with strides `s` and `t`, and o the
 * row's start in row-major order over dims.
 */
function forEachRow(size: number, dims: number[], s: number[], t: number[], row: (p: number, q: number, o: number) => void): void {
  const rank = dims.length;
  const inner = dims[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let p = 0;
  let q = 0;
  for (let o = 0; o < size; o += inner) {
    row(p, q, o);
    for (let d = rank - 2; d >= 0; d--) { // advance the multi-index over the outer axes
      counter[d]++;
      p += s[d];
      q += t[d];
      if (counter[d] < dims[d]) break;
      p -= s[d] * dims[d];
      q -= t[d] * dims[d];
      counter[d] = 0;
    }
  }
}

/** Element-wise kinds with an inlined loop (K_COPY: out = a); K_OTHER calls the function `f`. */
const K_ADD = 0, K_SUB = 1, K_MUL = 2, K_DIV = 3, K_COPY = 4, K_OTHER = 5;
export { K_ADD, K_SUB, K_MUL, K_DIV, K_COPY, K_OTHER };

type BinaryFn = ((x: number, y: number) => number) | null;

/** out[o .. end) = a[i, i + ai, ...] (op) b[j, j + bi, ...] (large runs of + - * / go to the fast kernel instead). */
function binaryRow(kind: number, f: BinaryFn, a: Float64Array, i: number, ai: number, b: Float64Array, j: number, bi: number, out: Float64Array, o: number, end: number): void {
  switch (kind) {
    case K_ADD: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] + b[j]; break;
    case K_SUB: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] - b[j]; break;
    case K_MUL: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] * b[j]; break;
    case K_DIV: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] / b[j]; break;
    case K_COPY: for (let k = o; k < end; k++, i += ai) out[k] = a[i]; break;
    default: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = f!(a[i], b[j]);
  }
}

/**
 * A faster + - * / (kind K_ADD..K_DIV) over a loop nest of `rows` x `cols`: out[r, j] = a[r·sa + j·ca]
 * (op) b[r·sb + j·cb], with ca, cb 0 or 1; returns false to decline. nnlab's entry point sets the
 * WebAssembly one (kernels/vector.ts), with the same bits as the loops here.
 */
export type BinaryKernel = (kind: number, a: Float64Array, sa: number, ca: number, b: Float64Array, sb: number, cb: number,
  out: Float64Array, rows: number, cols: number) => boolean;
let fastBinary: BinaryKernel | null = null;
/** Ops on fewer values stay in the loops here (a kernel call and its copies cost more). */
const FAST_MIN = 256;

/** Makes + - * / use `kernel` where it applies (null: the loops here only); returns the previous one. */
export function setBinaryKernel(kernel: BinaryKernel | null): BinaryKernel | null {
  const previous = fastBinary;
  fastBinary = kernel;
  return previous;
}

/** The fast kernel's run of out = a (op) b over rows x cols, where it applies; false if it did nothing. */
function fastRun(kind: number, a: Float64Array, sa: number, ca: number, b: Float64Array, sb: number, cb: number,
  out: Float64Array, rows: number, cols: number): boolean {
  return fastBinary !== null && kind <= K_DIV && out.length >= FAST_MIN && ca <= 1 && cb <= 1 && ca + cb > 0 &&
    fastBinary(kind, a, sa, ca, b, sb, cb, out, rows, cols);
}

/**
 * out = a (op) b element-wise over the broadcast shape `outShape` (a and b broadcast to it):
 * `kind` K_ADD, K_SUB, K_MUL, K_DIV, K_COPY, or K_OTHER for out = f(a, b). Each value is read
 * before `out` is written at the same index, so `out` may be `a` or `b` when they have the result's shape.
 */
export function broadcastLoop(
  kind: number, f: BinaryFn,
  a: Float64Array, aShape: readonly number[],
  b: Float64Array, bShape: readonly number[],
  out: Float64Array, outShape: readonly number[],
): void {
  const n = out.length;
  if ((a.length === n || a.length === 1) && (b.length === n || b.length === 1)) { // one run: steps 1 (n values) or 0 (one)
    const ca = a.length === 1 ? 0 : 1;
    const cb = b.length === 1 ? 0 : 1;
    if (!fastRun(kind, a, 0, ca, b, 0, cb, out, 1, n)) binaryRow(kind, f, a, 0, ca, b, 0, cb, out, 0, n);
    return;
  }
  const [dims, aStr, bStr] = mergeAxes(outShape, broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape));
  const last = dims.length - 1;
  if (last <= 1 && fastRun(kind, a, last ? aStr[0] : 0, aStr[last], b, last ? bStr[0] : 0, bStr[last], out, last ? dims[0] : 1, dims[last])) return;
  forEachRow(n, dims, aStr, bStr, (p, q, o) => binaryRow(kind, f, a, p, aStr[last], b, q, bStr[last], out, o, o + dims[last]));
}

/** Copies `x` (shape `xShape`) broadcast to `outShape` into `out`. */
export function broadcastCopy(x: Float64Array, xShape: readonly number[], out: Float64Array, outShape: readonly number[]): void {
  broadcastLoop(K_COPY, null, x, xShape, x, xShape, out, outShape);
}

/** x[i .. end) into out[p] (step 0) or onto out[p .. p + end - i) (step 1): sum (sign 0), max (1) or min (-1). */
function reduceRow(x: Float64Array, i: number, end: number, out: Float64Array, p: number, step: number, sign: number): void {
  if (sign === 0 && step === 0) {
    let s = out[p];
    for (let k = i; k < end; k++) s += x[k];
    out[p] = s;
  } else if (sign === 0) {
    for (let k = i, j = p; k < end; k++, j++) out[j] += x[k];
  } else {
    for (let k = i, j = p; k < end; k++, j += step) {
      const v = x[k];
      if (sign > 0 ? v > out[j] : v < out[j]) out[j] = v;
      else if (v !== v) out[j] = NaN; // NaN propagates
    }
  }
}

/** out[j] += x[r, j], r = 0, 1, ... (x [rows, cols]): reduceRow's additions in its order, but four columns at a
 *  time (independent sums: 3-4x faster), over blocks of rows (256 KB) that stay in cache. */
function sumColumns(x: Float64Array, rows: number, cols: number, out: Float64Array): void {
  const block = Math.max(1, Math.floor(32768 / cols)) * cols; // values per block of rows
  for (let start = 0; start < rows * cols; start += block) {
    const end = Math.min(start + block, rows * cols);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      let s0 = out[j], s1 = out[j + 1], s2 = out[j + 2], s3 = out[j + 3];
      for (let k = start + j; k < end; k += cols) { s0 += x[k]; s1 += x[k + 1]; s2 += x[k + 2]; s3 += x[k + 3]; }
      out[j] = s0; out[j + 1] = s1; out[j + 2] = s2; out[j + 3] = s3;
    }
    for (; j < cols; j++) { let s = out[j]; for (let k = start + j; k < end; k += cols) s += x[k]; out[j] = s; }
  }
}

/**
 * Reduces `x` (shape `xShape`) into `out` of shape `outShape`, where `xShape` is `outShape`
 * broadcast (the adjoint of `broadcastCopy`): the sum (`sign` 0, from +0), the maximum
 * (`sign` 1) or the minimum (`sign` -1; NaN wins). Each output value takes its inputs in
 * increasing flat index. `out` is overwritten.
 */
export function reduceInto(x: Float64Array, xShape: readonly number[], out: Float64Array, outShape: readonly number[], sign = 0): void {
  out.fill(sign === 0 ? 0 : -sign * Infinity);
  if (out.length === 1) return reduceRow(x, 0, x.length, out, 0, 0, sign); // every value into one
  const strides = broadcastStrides(outShape, xShape);
  const [dims, oStr] = mergeAxes(xShape, strides, strides);
  const last = dims.length - 1; // a reduced last axis has step 0 in out (one value per row), a kept one step 1
  if (last === 1) { // [rows, cols], the common case: the same rows without forEachRow's bookkeeping
    if (sign === 0 && oStr[0] === 0) return sumColumns(x, dims[0], dims[1], out); // [rows, cols] -> [cols]
    for (let r = 0; r < dims[0]; r++) reduceRow(x, r * dims[1], (r + 1) * dims[1], out, r * oStr[0], oStr[1], sign);
    return;
  }
  forEachRow(x.length, dims, oStr, oStr, (p, _, i) => reduceRow(x, i, i + dims[last], out, p, oStr[last], sign));
}
