/**
 * Creating tensors: from nested arrays or typed arrays, constant fills,
 * ranges, the identity, and seeded random tensors.
 */
import { Random } from "../random";
import { allocData } from "./alloc";
import { Tensor, type NestedArray } from "./tensor";
import { checkFinite, checkInteger, checkShape, formatShape, shapeSize } from "./validate";
import { checkOptions } from "./options";

/** Options of `tensor`. */
export interface TensorOptions {
  /** Mark the new tensor as a parameter that collects gradients. */
  requiresGrad?: boolean;
}

/** A generator, or a seed for a new one: `new Random(1)`, `{ seed: 1 }` or `1`. */
export type RandomSource = Random | { seed: number } | number;

function toGenerator(source: RandomSource, op: string): Random {
  if (source instanceof Random) return source;
  if (typeof source === "number") return new Random(checkInteger(source, op, "seed", -Infinity));
  if (source !== null && typeof source === "object" && typeof (source as { seed: unknown }).seed === "number") {
    return new Random(checkInteger(source.seed, op, "seed", -Infinity));
  }
  throw new Error(`${op}: rng must be a Random, { seed } or a seed number, got ${source === undefined ? "undefined" : typeof source}`);
}

function inferShape(values: NestedArray[]): number[] {
  const shape: number[] = [values.length];
  let level: unknown = values[0];
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

function flattenInto(values: NestedArray, shape: number[], axis: number, out: Float64Array, pos: { i: number }, op: string, path: string): void {
  if (axis === shape.length) {
    if (typeof values !== "number") {
      throw new Error(`${op}: values${path} is ${Array.isArray(values) ? "an array where a number was expected (ragged nesting)" : `a ${typeof values}, not a number`}`);
    }
    out[pos.i++] = values;
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    throw new Error(`${op}: values${path} has ${Array.isArray(values) ? `length ${values.length}` : "no length"}, expected ${shape[axis]} (ragged nested array)`);
  }
  for (let i = 0; i < values.length; i++) flattenInto(values[i], shape, axis + 1, out, pos, op, `${path}[${i}]`);
}

/**
 * A tensor from a number (scalar), nested arrays (shape inferred), a flat
 * number[] or a typed array (copied), optionally reshaped to `shape`.
 *
 *     tensor([[1, 2], [3, 4]])          // shape [2, 2]
 *     tensor([1, 2, 3, 4, 5, 6], [2, 3])
 *     tensor(0.5)                       // scalar, shape []
 *     tensor([1, 2], { requiresGrad: true }) // a parameter
 */
export function tensor(
  values: NestedArray | Float64Array | ArrayLike<number>,
  shapeOrOptions?: readonly number[] | TensorOptions,
  options: TensorOptions = {},
): Tensor {
  let shape: readonly number[] | undefined;
  if (shapeOrOptions !== undefined && !Array.isArray(shapeOrOptions)) options = shapeOrOptions as TensorOptions;
  else shape = shapeOrOptions as readonly number[] | undefined;
  checkOptions(options, "tensor", "options", ["requiresGrad"]);
  let data: Float64Array;
  let inferred: number[];
  if (values instanceof Tensor) {
    data = values.data.slice();
    inferred = [...values.shape];
  } else if (typeof values === "number") {
    data = Float64Array.of(values);
    inferred = [];
  } else if (ArrayBuffer.isView(values)) {
    if ((values as unknown) instanceof BigInt64Array || (values as unknown) instanceof BigUint64Array) {
      throw new Error(`tensor: values is a ${(values as object).constructor.name}; tensors hold float64 numbers: convert first, e.g. tensor(Array.from(values, Number))`);
    }
    if ((values as unknown) instanceof DataView) throw new Error("tensor: values is a DataView; pass a typed array such as Float64Array");
    data = Float64Array.from(values as ArrayLike<number>);
    inferred = [data.length];
  } else if (Array.isArray(values)) {
    inferred = inferShape(values);
    data = allocData(shapeSize(inferred), false);
    flattenInto(values, inferred, 0, data, { i: 0 }, "tensor", "");
  } else {
    throw new Error(`tensor: values must be a number, a (nested) array or a typed array, got ${values === null ? "null" : typeof values}`);
  }
  let finalShape = inferred;
  if (shape !== undefined) {
    finalShape = checkShape(shape as number[], "tensor").slice();
    if (shapeSize(finalShape) !== data.length) {
      throw new Error(`tensor: values have ${data.length} numbers but shape ${formatShape(finalShape)} needs ${shapeSize(finalShape)}`);
    }
  }
  return new Tensor(data, finalShape, options.requiresGrad === true);
}

/** A scalar tensor (shape []). */
export function scalar(value: number, options: TensorOptions = {}): Tensor {
  if (typeof value !== "number") throw new Error(`scalar: value must be a number, got ${typeof value}`);
  checkOptions(options, "scalar", "options", ["requiresGrad"]);
  return new Tensor(Float64Array.of(value), [], options.requiresGrad === true);
}

/** A tensor of `value` everywhere. */
export function full(shape: readonly number[], value: number): Tensor {
  const s = checkShape(shape as number[], "full");
  if (typeof value !== "number") throw new Error(`full: value must be a number, got ${typeof value}`);
  return new Tensor(allocData(shapeSize(s), false).fill(value), s);
}

/** A tensor of zeros. */
export function zeros(shape: readonly number[]): Tensor {
  const s = checkShape(shape as number[], "zeros");
  return new Tensor(allocData(shapeSize(s)), s);
}

/** A tensor of ones. */
export function ones(shape: readonly number[]): Tensor {
  return full(checkShape(shape as number[], "ones"), 1);
}

/** Zeros with the shape of x. */
export function zerosLike(x: Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new Error("zerosLike: x has mismatched dtype; expected a Tensor");
  return zeros(x.shape);
}

/** Ones with the shape of x. */
export function onesLike(x: Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new Error("onesLike: x has mismatched dtype; expected a Tensor");
  return ones(x.shape);
}

/** start, start + step, ... up to (not including) stop; arange(n) = 0..n-1. */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  checkFinite(start, "arange", "start");
  checkFinite(stop, "arange", "stop");
  checkFinite(step, "arange", "step");
  if (step === 0) throw new Error("arange: step must not be 0");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

/** `num` evenly spaced values from start to stop, both included. */
export function linspace(start: number, stop: number, num: number): Tensor {
  checkFinite(start, "linspace", "start");
  checkFinite(stop, "linspace", "stop");
  checkInteger(num, "linspace", "num");
  const data = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = start + i * step;
  if (num > 1) data[num - 1] = stop;
  return new Tensor(data, [num]);
}

/** The identity matrix [n, m] (m = n by default). */
export function eye(n: number, m: number = n): Tensor {
  checkInteger(n, "eye", "n");
  checkInteger(m, "eye", "m");
  const data = new Float64Array(n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return new Tensor(data, [n, m]);
}

/** A tensor of the given shape filled by `draw(generator)`, element by element in row-major order. */
function randomTensor(fn: string, shape: readonly number[], rng: RandomSource, draw: (g: Random) => number): Tensor {
  const s = checkShape(shape as number[], fn);
  const g = toGenerator(rng, fn);
  const data = allocData(shapeSize(s), false);
  for (let i = 0; i < data.length; i++) data[i] = draw(g);
  return new Tensor(data, s);
}

/** The standard deviation option of randn/truncatedNormal: finite and >= 0. */
function checkStd(std: number, fn: string): number {
  checkFinite(std, fn, "std");
  if (std < 0) throw new Error(`${fn}: std must be >= 0, got ${std}`);
  return std;
}

/** Uniform values in [low, high) from a seeded generator. */
export function rand(shape: readonly number[], rng: RandomSource, options: { low?: number; high?: number } = {}): Tensor {
  checkOptions(options, "rand", "options", ["low", "high"]);
  const low = checkFinite(options.low ?? 0, "rand", "low");
  const high = checkFinite(options.high ?? 1, "rand", "high");
  return randomTensor("rand", shape, rng, (g) => low + (high - low) * g.uniform());
}

/** Normal values N(mean, std^2) from a seeded generator. */
export function randn(shape: readonly number[], rng: RandomSource, options: { mean?: number; std?: number } = {}): Tensor {
  checkOptions(options, "randn", "options", ["mean", "std"]);
  const mean = checkFinite(options.mean ?? 0, "randn", "mean");
  const std = checkStd(options.std ?? 1, "randn");
  return randomTensor("randn", shape, rng, (g) => g.normal(mean, std));
}

/** Normal values truncated to mean ± 2 std (redrawn), as TensorFlow's truncated_normal. */
export function truncatedNormal(shape: readonly number[], rng: RandomSource, options: { mean?: number; std?: number } = {}): Tensor {
  checkOptions(options, "truncatedNormal", "options", ["mean", "std"]);
  const mean = checkFinite(options.mean ?? 0, "truncatedNormal", "mean");
  const std = checkStd(options.std ?? 1, "truncatedNormal");
  return randomTensor("truncatedNormal", shape, rng, (g) => g.truncatedNormal(mean, std));
}
