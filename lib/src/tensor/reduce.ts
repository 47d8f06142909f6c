/**
 * Reductions along axes (sum, mean, max, min, argmax, argmin) and the stable
 * composites built on them (logSumExp, softmax, logSoftmax with max subtraction).
 *
 * `axis` is a number, an array of numbers, or undefined for "all axes";
 * negative axes count from the end. `keepDims` keeps reduced axes as size 1.
 */
import { allocData } from "./alloc";
import { defineOp } from "./op";
import { reduceInto } from "./broadcast";
import { add, div, equal, exp, log, mul, sub } from "./elementwise";
import { broadcastTo, reshape } from "./shape";
import { Tensor } from "./tensor";
import { checkNotEmpty, checkTensor, normalizeAxes, normalizeAxis, shapeSize } from "./validate";

type Axis = number | readonly number[] | undefined;

interface ReduceParams {
  axes: number[];
  keepDims: boolean;
  /** The input shape with reduced axes set to 1. */
  kept: number[];
}

function reduceParams(x: Tensor, axis: Axis, keepDims: boolean | undefined, op: string): ReduceParams {
  const axes = normalizeAxes(axis, x.rank, op);
  const kept = [...x.shape];
  for (const a of axes) kept[a] = 1;
  return { axes, keepDims: keepDims === true, kept };
}

function outShape(p: ReduceParams): number[] {
  return p.keepDims ? p.kept : p.kept.filter((_, i) => !p.axes.includes(i));
}

/** g (reduced shape) broadcast back to the input shape. */
function expandBack(g: Tensor, p: ReduceParams, shape: readonly number[]): Tensor {
  return broadcastTo(reshape(g, p.kept), shape);
}

const SUM = defineOp<ReduceParams>({
  name: "sum",
  vjp: (g, { inputs: [x], params }) => [expandBack(g, params, x.shape)],
  jvp: ([t], { params }) => (t ? sum(t, params.axes, params.keepDims) : null),
});

/** Sum along `axis` (all axes by default). */
export function sum(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor {
  const t = checkTensor(x, "sum", "x");
  const p = reduceParams(t, axis, keepDims, "sum");
  const o = allocData(shapeSize(p.kept), false);
  reduceInto(t.data, t.shape, o, p.kept);
  const result = new Tensor(o, outShape(p));
  return t.requiresGrad ? SUM.record(result, [t], p) : result;
}

/** Mean along `axis` (all axes by default); refuses empty reductions. */
export function mean(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor {
  const t = checkTensor(x, "mean", "x");
  const p = reduceParams(t, axis, keepDims, "mean");
  let count = 1;
  for (const a of p.axes) count *= t.shape[a];
  if (count === 0) throw new Error(`mean: x is empty along the reduced axes (shape [${t.shape.join(",")}])`);
  return mul(sum(t, p.axes, p.keepDims), 1 / count);
}

/**
 * The subgradient of max/min: the gradient is shared equally between tied
 * maxima, mask / count (a constant: built from comparisons).
 */
function tieWeights(x: Tensor, output: Tensor, p: ReduceParams): Tensor {
  const mask = equal(x, reshape(output, p.kept).detach());
  return div(mask, sum(mask, p.axes, true));
}

const MAX = defineOp<ReduceParams>({
  name: "max",
  vjp: (g, { inputs: [x], output, params }) => [mul(expandBack(g, params, x.shape), tieWeights(x, output, params))],
  jvp: ([t], { inputs: [x], output, params }) => (t ? sum(mul(t, tieWeights(x, output, params)), params.axes, params.keepDims) : null),
});

const MIN = defineOp<ReduceParams>({
  name: "min",
  vjp: MAX.definition.vjp,
  jvp: MAX.definition.jvp,
});

function extreme(x: Tensor, axis: Axis, keepDims: boolean | undefined, op: "max" | "min"): Tensor {
  const t = checkTensor(x, op, "x");
  checkNotEmpty(t, op, "x");
  const p = reduceParams(t, axis, keepDims, op);
  const o = allocData(shapeSize(p.kept), false);
  reduceInto(t.data, t.shape, o, p.kept, op === "max" ? 1 : -1);
  const result = new Tensor(o, outShape(p));
  return t.requiresGrad ? (op === "max" ? MAX : MIN).record(result, [t], p) : result;
}

/** Maximum along `axis` (all axes by default). Ties share the gradient equally. */
export function max(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor {
  return extreme(x, axis, keepDims, "max");
}

/** Minimum along `axis` (all axes by default). Ties share the gradient equally. */
export function min(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor {
  return extreme(x, axis, keepDims, "min");
}

function argExtreme(x: Tensor, axis: number | undefined, op: "argmax" | "argmin"): Tensor {
  const t = checkTensor(x, op, "x");
  checkNotEmpty(t, op, "x");
  const better = op === "argmax" ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  const nan = t.data.findIndex((v) => Number.isNaN(v));
  if (nan >= 0) {
    throw new Error(`${op}: x contains NaN at flat index ${nan}; NaN has no order, so ${op} would depend on where it sits (clean the data, or check the model for divergence)`);
  }
  if (axis === undefined) { // index into the flattened tensor
    const d = t.data;
    let best = 0;
    for (let i = 1; i < d.length; i++) if (better(d[i], d[best])) best = i;
    return new Tensor(Float64Array.of(best), []);
  }
  const a = normalizeAxis(axis, t.rank, op);
  const n = t.shape[a];
  let inner = 1;
  for (let i = a + 1; i < t.rank; i++) inner *= t.shape[i];
  const outer = t.size / (n * inner);
  const o = allocData(outer * inner, false);
  const d = t.data;
  for (let i = 0; i < outer; i++) { // x viewed as [outer, n, inner]
    for (let j = 0; j < inner; j++) {
      const base = i * n * inner + j;
      let best = 0;
      for (let k = 1; k < n; k++) if (better(d[base + k * inner], d[base + best * inner])) best = k;
      o[i * inner + j] = best;
    }
  }
  return new Tensor(o, t.shape.filter((_, i) => i !== a));
}

/** Index of the maximum along `axis` (of the flattened tensor if omitted); first one on ties. Not differentiable. */
export function argmax(x: Tensor, axis?: number): Tensor {
  return argExtreme(x, axis, "argmax");
}

/** Index of the minimum along `axis` (of the flattened tensor if omitted); first one on ties. Not differentiable. */
export function argmin(x: Tensor, axis?: number): Tensor {
  return argExtreme(x, axis, "argmin");
}

/** max(x) along the axes with keepDims, as a constant, with non-finite entries replaced by 0 (for shifting). */
function stableShift(x: Tensor, axes: number[]): Tensor {
  const kept = [...x.shape];
  for (const a of axes) kept[a] = 1;
  const m = allocData(shapeSize(kept), false);
  reduceInto(x.data, x.shape, m, kept, 1);
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i])) m[i] = 0;
  return new Tensor(m, kept);
}

/**
 * log(sum(exp(x))) along `axis`, computed as m + log(sum(exp(x - m))) with
 * m = max(x) held constant (the result does not depend on m, so the gradient
 * softmax(x) is exact and no exp overflows).
 */
export function logSumExp(x: Tensor, axis?: Axis, keepDims?: boolean): Tensor {
  const t = checkTensor(x, "logSumExp", "x");
  checkNotEmpty(t, "logSumExp", "x");
  const p = reduceParams(t, axis, keepDims, "logSumExp");
  const m = stableShift(t, p.axes);
  const result = add(log(sum(exp(sub(t, m)), p.axes, true)), m);
  return p.keepDims ? result : reshape(result, outShape(p));
}

/** softmax along `axis` (default: last): exp(x - max) / sum(exp(x - max)). */
export function softmax(x: Tensor, axis = -1): Tensor {
  const t = checkTensor(x, "softmax", "x");
  checkNotEmpty(t, "softmax", "x");
  const a = normalizeAxis(axis, t.rank, "softmax");
  const e = exp(sub(t, stableShift(t, [a])));
  return div(e, sum(e, a, true));
}

/** log(softmax(x)) along `axis` (default: last), computed as x - logSumExp(x). */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const t = checkTensor(x, "logSoftmax", "x");
  checkNotEmpty(t, "logSoftmax", "x");
  const a = normalizeAxis(axis, t.rank, "logSoftmax");
  return sub(t, logSumExp(t, a, true));
}
