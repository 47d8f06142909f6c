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

/**
 * The loop nest over `shape` with one stride array per operand, with adjacent axes merged
 * where every operand steps through them as one (and axes of size 1 dropped): e.g. for
 * [100,50] + [1,50], dims [100,50] with strides [50,1] and [0,1]; for equal shapes, or a
 * scalar operand, a single axis [5000]. At least one axis is returned.
 */
function mergeAxes(shape: readonly number[], strides: number[][]): { dims: number[]; steps: number[][] } {
  const dims: number[] = [];
  const steps: number[][] = strides.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, k) => steps[k][last] === s[d] * n)) { // axis d continues the previous one
      dims[last] *= n;
      strides.forEach((s, k) => (steps[k][last] = s[d]));
    } else {
      dims.push(n);
      strides.forEach((s, k) => steps[k].push(s[d]));
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    steps.forEach((s) => s.push(0));
  }
  return { dims, steps };
}

/** Element-wise kinds with an inlined loop (K_COPY: out = a); K_OTHER calls the function `f`. */
export const K_ADD = 0, K_SUB = 1, K_MUL = 2, K_DIV = 3, K_COPY = 4, K_OTHER = 5;

/**
 * out = a (op) b element-wise over the broadcast shape `outShape` (a and b broadcast to it):
 * `kind` K_ADD, K_SUB, K_MUL, K_DIV, K_COPY, or K_OTHER for out = f(a, b). Each value is read before `out` is
 * written at the same index, so `out` may be `a` or `b` when they have the result's shape.
 */
export function broadcastLoop(
  kind: number, f: ((x: number, y: number) => number) | null,
  a: Float64Array, aShape: readonly number[],
  b: Float64Array, bShape: readonly number[],
  out: Float64Array, outShape: readonly number[],
): void {
  const n = out.length;
  if (n === 0) return;
  // an operand with n values, or one value, is read with step 1 or 0: a single loop
  const { dims, steps: [aStr, bStr] } = (a.length === n || a.length === 1) && (b.length === n || b.length === 1)
    ? { dims: [n], steps: [[a.length === 1 ? 0 : 1], [b.length === 1 ? 0 : 1]] }
    : mergeAxes(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)]);
  const rank = dims.length;
  const inner = dims[rank - 1];
  const ai = aStr[rank - 1];
  const bi = bStr[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let p = 0; // start of the row in a
  let q = 0; // and in b
  for (let o = 0; o < n; o += inner) { // out[o .. o + inner) = a[p, p + ai, ...] (op) b[q, q + bi, ...]
    const end = o + inner;
    let i = p;
    let j = q;
    switch (kind) {
      case K_ADD: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] + b[j]; break;
      case K_SUB: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] - b[j]; break;
      case K_MUL: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] * b[j]; break;
      case K_DIV: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = a[i] / b[j]; break;
      case K_COPY: for (let k = o; k < end; k++, i += ai) out[k] = a[i]; break;
      default: for (let k = o; k < end; k++, i += ai, j += bi) out[k] = f!(a[i], b[j]);
    }
    for (let d = rank - 2; d >= 0; d--) { // advance the multi-index over the outer axes
      counter[d]++;
      p += aStr[d];
      q += bStr[d];
      if (counter[d] < dims[d]) break;
      p -= aStr[d] * dims[d];
      q -= bStr[d] * dims[d];
      counter[d] = 0;
    }
  }
}

/** Copies `x` (shape `xShape`) broadcast to `outShape` into `out`. */
export function broadcastCopy(x: Float64Array, xShape: readonly number[], out: Float64Array, outShape: readonly number[]): void {
  broadcastLoop(K_COPY, null, x, xShape, x, xShape, out, outShape);
}

/**
 * Reduces `x` (shape `xShape`) into `out` of shape `outShape`, where `xShape` is `outShape`
 * broadcast (the adjoint of `broadcastCopy`): the sum (`sign` 0, from +0), the maximum
 * (`sign` 1) or the minimum (`sign` -1; NaN wins). Each output value takes its inputs in
 * increasing flat index. `out` is overwritten.
 */
export function reduceInto(x: Float64Array, xShape: readonly number[], out: Float64Array, outShape: readonly number[], sign = 0): void {
  out.fill(sign === 0 ? 0 : -sign * Infinity);
  if (x.length === 0) return;
  const { dims, steps: [oStr] } = mergeAxes(xShape, [broadcastStrides(outShape, xShape)]);
  const rank = dims.length;
  const inner = dims[rank - 1];
  const oi = oStr[rank - 1]; // 0: the row is reduced into one value; 1: the row adds onto a row of out
  const counter = new Array<number>(rank).fill(0);
  let p = 0; // start of the row in out
  for (let i = 0; i < x.length; i += inner) { // x[i .. i + inner) into out[p] or out[p .. p + inner)
    const end = i + inner;
    if (sign === 0 && oi === 0) {
      let s = out[p];
      for (let k = i; k < end; k++) s += x[k];
      out[p] = s;
    } else if (sign === 0) {
      for (let k = i, j = p; k < end; k++, j++) out[j] += x[k];
    } else {
      for (let k = i, j = p; k < end; k++, j += oi) {
        const v = x[k];
        if (sign > 0 ? v > out[j] : v < out[j]) out[j] = v;
        else if (v !== v) out[j] = NaN; // NaN propagates
      }
    }
    for (let d = rank - 2; d >= 0; d--) { // advance the multi-index over the outer axes
      counter[d]++;
      p += oStr[d];
      if (counter[d] < dims[d]) break;
      p -= oStr[d] * dims[d];
      counter[d] = 0;
    }
  }
}
