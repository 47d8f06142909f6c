/** The numeric inputs the builders accept (number[], typed arrays, Tensor: only its data and shape, duck-typed) as the plain arrays Plotly's JSON needs. */
import type { Tensor } from "../tensor/tensor";
import { formatValue } from "../tensor/validate";

/** A vector of numbers: plain array, typed array or a Tensor (any shape; read in row-major order). */
export type Values = readonly number[] | Float64Array | Float32Array | Int32Array | Uint8Array | Tensor;

/** A matrix of numbers: nested rows, or a rank-2 Tensor. */
export type Matrix = readonly (readonly number[])[] | readonly Float64Array[] | Tensor;

/** True for a Tensor-like object ({ data: typed array, shape: number[] }). */
export function isTensorLike(x: unknown): x is Tensor {
  return typeof x === "object" && x !== null && ArrayBuffer.isView((x as { data?: unknown }).data) && Array.isArray((x as { shape?: unknown }).shape);
}

/** A plain number[] copy of `values`; throws naming `fn` and `arg` on bad input. */
export function toNumberArray(values: Values, fn: string, arg: string): number[] {
  if (isTensorLike(values)) return Array.from(values.data);
  if (Array.isArray(values) || ArrayBuffer.isView(values)) {
    const source = values as ArrayLike<unknown>;
    const out = new Array<number>(source.length);
    for (let i = 0; i < source.length; i++) {
      const v = source[i];
      if (typeof v !== "number") throw new Error(`${fn}: ${arg}[${i}] is ${formatValue(v)}, expected a number`);
      out[i] = v;
    }
    return out;
  }
  throw new Error(`${fn}: ${arg} must be a number[], a typed array or a Tensor, got ${formatValue(values)}`);
}

/** Rows of a matrix as number[][]; validates that all rows have the same length. */
export function toRows(matrix: Matrix, fn: string, arg: string): number[][] {
  if (isTensorLike(matrix)) {
    if (matrix.shape.length !== 2) throw new Error(`${fn}: ${arg} must be a rank-2 Tensor [rows, columns], got shape [${matrix.shape.join(",")}]`);
    const [rows, cols] = matrix.shape;
    const out: number[][] = [];
    for (let i = 0; i < rows; i++) out.push(Array.from(matrix.data.subarray(i * cols, (i + 1) * cols)));
    return out;
  }
  if (!Array.isArray(matrix)) throw new Error(`${fn}: ${arg} must be number[][] or a rank-2 Tensor, got ${formatValue(matrix)}`);
  const out: number[][] = [];
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i] as unknown;
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) throw new Error(`${fn}: ${arg}[${i}] must be an array of numbers, got ${formatValue(row)}`);
    out.push(toNumberArray(row as Values, fn, `${arg}[${i}]`));
    if (out[i].length !== out[0].length) throw new Error(`${fn}: ${arg} is ragged: row 0 has ${out[0].length} values but row ${i} has ${out[i].length}`);
  }
  return out;
}

/** `0, 1, ..., n-1`. */
export function range(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** `n` evenly spaced values from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, n: number): number[] {
  if (n === 1) return [start];
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = start + ((stop - start) * i) / (n - 1);
  return out;
}

/** Checks a [min, max] pair of finite numbers with min < max. */
export function checkRange(r: readonly [number, number] | undefined, fn: string, arg: string): [number, number] {
  if (!Array.isArray(r) || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || !(r[0] < r[1])) {
    throw new Error(`${fn}: ${arg} must be [min, max] with finite min < max, got ${formatValue(r)}`);
  }
  return [r[0], r[1]];
}

/** Default number formatting for annotations: integers as is, others with 3 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}

/** The qualitative palette (Plotly's default colours), by index. */
export const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
