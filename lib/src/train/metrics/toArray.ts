import { Tensor } from "../../tensor/tensor";

/** Numbers accepted by the metrics: a plain array, a typed array or a Tensor (its data, row-major). */
export type NumericInput = ArrayLike<number> | Tensor;

/** Reads a metric argument as an array-like of numbers, naming the function and argument on error. */
export function readNumbers(fn: string, arg: string, x: unknown): ArrayLike<number> {
  let values: ArrayLike<number>;
  if (x instanceof Tensor) values = x.data;
  else if (Array.isArray(x) || ArrayBuffer.isView(x)) values = x as unknown as ArrayLike<number>;
  else throw new Error(`${fn}: ${arg} must be an array, a typed array or a Tensor, got ${x === null ? "null" : typeof x}`);
  // a NaN would otherwise turn the metric into NaN (or silently count as a miss)
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: ${arg}[${i}] = ${String(v)} is not a finite number`);
    }
  }
  return values;
}

/**
 * Reads class indices [n] (integers), naming the function and argument on error. A Tensor of
 * rank 2 or more with more than one column (one-hot rows, probabilities) is rejected: compared
 * element by element it would give a wrong accuracy without any error.
 */
export function readClasses(fn: string, arg: string, x: unknown): ArrayLike<number> {
  if (x instanceof Tensor && x.rank >= 2 && x.size !== x.shape[0]) {
    throw new Error(
      `${fn}: ${arg} has shape [${x.shape.join(",")}]; pass class indices [n] (take argmax(${arg}, 1) of one-hot rows or probabilities)`,
    );
  }
  const values = readNumbers(fn, arg, x);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i])) {
      throw new Error(`${fn}: ${arg}[${i}] = ${values[i]} is not a class index (an integer); pass class indices, not probabilities`);
    }
  }
  return values;
}

/** Checks that two inputs have the same non-zero length. */
export function checkSameLength(fn: string, a: ArrayLike<number>, aName: string, b: ArrayLike<number>, bName: string): number {
  if (a.length !== b.length) throw new Error(`${fn}: ${aName} has ${a.length} values but ${bName} has ${b.length}`);
  if (a.length === 0) throw new Error(`${fn}: ${aName} and ${bName} are empty`);
  return a.length;
}
