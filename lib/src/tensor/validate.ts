/**
 * Argument checks shared by the ops. Every message has the form
 * `<op>: <argument> <problem>`, e.g. `add: shapes [2,3] and [4] cannot be broadcast`.
 */
import { allocData } from "./alloc";
import { Tensor } from "./tensor";

/** "[2,3]" */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** A value as an error message shows it: `the string "0.1"` (never confused with the number 0.1), `NaN`, `null`, `Array`. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}...` : value)}`;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return describe(value);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  if (Array.isArray(value)) return "Array";
  if (typeof value === "object") return (value as object).constructor?.name ?? "object";
  return typeof value;
}

const SCALAR_SHAPE: readonly number[] = Object.freeze([]);

/**
 * A Tensor, or a finite number turned into a scalar tensor. Anything else
 * (a Float32Array, a string, an array) is a dtype mistake.
 */
export function asTensor(value: unknown, op: string, arg: string): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`${op}: ${arg} must be a finite number, got ${value}`);
    const data = allocData(1);
    data[0] = value;
    return new Tensor(data, SCALAR_SHAPE);
  }
  throw new Error(`${op}: ${arg} has mismatched dtype (${describe(value)}); expected a Tensor (float64) or a number`);
}

/** Like `asTensor` but refuses numbers. */
export function checkTensor(value: unknown, op: string, arg: string): Tensor {
  if (value instanceof Tensor) return value;
  throw new Error(`${op}: ${arg} has mismatched dtype (${describe(value)}); expected a Tensor`);
}

/** A finite number argument. */
export function checkFinite(value: unknown, op: string, arg: string): number {
  if (typeof value !== "number") throw new Error(`${op}: ${arg} must be a number, got ${describe(value)}`);
  if (!Number.isFinite(value)) throw new Error(`${op}: ${arg} must be a finite number, got ${value}`);
  return value;
}

/** A boolean argument (a string such as "false" is refused, it would count as true). */
export function checkBoolean(value: unknown, op: string, arg: string): boolean {
  if (typeof value !== "boolean") throw new Error(`${op}: ${arg} must be true or false, got ${typeof value === "string" ? `the string ${JSON.stringify(value)}` : describe(value)}`);
  return value;
}

/** A (non-negative unless `allowNegative`) integer argument. */
export function checkInteger(value: unknown, op: string, arg: string, min = 0): number {
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new Error(`${op}: ${arg} must be an integer, got ${typeof value === "number" ? value : describe(value)}`);
  }
  if (value < min) throw new Error(`${op}: ${arg} must be >= ${min}, got ${value}`);
  return value;
}

/** Refuses empty tensors where a result would be meaningless (max of nothing, mean of nothing). */
export function checkNotEmpty(x: Tensor, op: string, arg: string): void {
  if (x.size === 0) throw new Error(`${op}: ${arg} is empty (shape ${formatShape(x.shape)})`);
}

/** Normalises a possibly negative axis into [0, rank). */
export function normalizeAxis(axis: unknown, rank: number, op: string, arg = "axis"): number {
  if (typeof axis !== "number" || !Number.isInteger(axis)) {
    throw new Error(`${op}: ${arg} must be an integer, got ${typeof axis === "number" ? axis : describe(axis)}`);
  }
  if (axis < -rank || axis >= rank) {
    throw new Error(`${op}: ${arg} ${axis} is out of range for a tensor of rank ${rank}${rank === 0 ? " (a scalar has no axes)" : `; its axes are 0..${rank - 1}, or -${rank}..-1 counted from the end`}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Normalises an axis list (undefined = all axes); sorted, without duplicates. */
export function normalizeAxes(axes: number | readonly number[] | undefined | null, rank: number, op: string): number[] {
  if (axes === undefined || axes === null) {
    const all: number[] = [];
    for (let i = 0; i < rank; i++) all.push(i);
    return all;
  }
  const list = typeof axes === "number" ? [axes] : axes;
  if (!Array.isArray(list)) throw new Error(`${op}: axis must be a number or an array of numbers, got ${describe(axes)}`);
  const out: number[] = [];
  for (const a of list) {
    const n = normalizeAxis(a, rank, op);
    if (out.includes(n)) throw new Error(`${op}: axis ${a} is repeated in [${list.join(",")}]`);
    out.push(n);
  }
  return out.sort((p, q) => p - q);
}

/** Checks a shape argument (array of non-negative integers). */
export function checkShape(shape: unknown, op: string, arg = "shape"): number[] {
  if (!Array.isArray(shape)) throw new Error(`${op}: ${arg} must be an array of integers, got ${describe(shape)}`);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new Error(`${op}: ${arg} [${shape.join(",")}] has an invalid dimension ${String(d)} at axis ${i}`);
    }
  }
  return shape as number[];
}

/** Product of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** True when both shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}
