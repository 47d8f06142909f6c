import { Tensor } from "../../tensor/tensor";

/** Numbers accepted by the metrics: a plain array, a typed array or a Tensor (its data, row-major). */
export type NumericInput = ArrayLike<number> | Tensor;

/** Reads a metric argument as an array-like of numbers, naming the function and argument on error. */
export function readNumbers(fn: string, arg: string, x: unknown): ArrayLike<number> {
  if (x instanceof Tensor) return x.data;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return x as unknown as ArrayLike<number>;
  throw new Error(`${fn}: ${arg} must be an array, a typed array or a Tensor, got ${x === null ? "null" : typeof x}`);
}

/** Checks that two inputs have the same non-zero length. */
export function checkSameLength(fn: string, a: ArrayLike<number>, aName: string, b: ArrayLike<number>, bName: string): number {
  if (a.length !== b.length) throw new Error(`${fn}: ${aName} has ${a.length} values but ${bName} has ${b.length}`);
  if (a.length === 0) throw new Error(`${fn}: ${aName} and ${bName} are empty`);
  return a.length;
}
