/**
 * Element-wise ops: arithmetic with NumPy broadcasting, the activation
 * functions, comparisons and `where`.
 *
 * Each op validates its arguments (naming them in errors), runs a typed-array
 * loop and, when some input requires grad, records a node whose vjp/jvp rules
 * are written with these same ops.
 *
 * Conventions at kinks (documented and tested):
 * - relu'(0) = 0 (the step function x > 0), as in PyTorch and TensorFlow;
 * - abs'(0) = 0 (sign(0) = 0);
 * - maximum/minimum (and so clip) send the gradient of a tie to the first argument.
 */
import { allocData } from "./alloc";
import { isGradEnabled } from "./mode";
import { defineOp, type Op } from "./op";
import { K_ADD, K_DIV, K_MUL, K_OTHER, K_SUB, broadcastCopy, broadcastLoop, broadcastShapes } from "./broadcast";
import { broadcastTo, sumTo } from "./shape";
import { Tensor, type TensorLike } from "./tensor";
import { asTensor, checkFinite, checkTensor, formatShape, sameShape, shapeSize } from "./validate";
import { expNaive, sigmoidNaive } from "../kernels/elementwise";

// ---------------------------------------------------------------------------
// kernels

type BinaryFn = (x: number, y: number) => number;

/** Allocates (or checks) the output buffer of an element-wise op; the op writes every value. */
function outputData(op: string, shape: readonly number[], out: Tensor | undefined, x: Tensor, y?: Tensor): Float64Array {
  if (out === undefined) return allocData(shapeSize(shape), false);
  if (!(out instanceof Tensor)) throw new Error(`${op}: out has mismatched dtype; expected a Tensor`);
  if (isGradEnabled() && (x.requiresGrad || (y !== undefined && y.requiresGrad))) {
    throw new Error(`${op}: out cannot be used while gradients are recorded (an input requires grad); drop out or wrap the call in noGrad`);
  }
  if (!sameShape(out.shape, shape)) {
    throw new Error(`${op}: out has shape ${formatShape(out.shape)} but the result has shape ${formatShape(shape)}`);
  }
  if (isGradEnabled() && out.requiresGrad) throw new Error(`${op}: out must not require grad (it is overwritten in place)`);
  out.version++;
  return out.data;
}

/** a (op) b with broadcasting: `kind` selects an inlined loop of broadcastLoop (K_OTHER: f). */
function binaryKernel(op: string, x: Tensor, y: Tensor, kind: number, f: BinaryFn | null, out: Tensor | undefined): Tensor {
  const full = sameShape(x.shape, y.shape) ? x.shape : broadcastShapes(x.shape, y.shape, op);
  const shape = sameShape(full, x.shape) ? x.shape : sameShape(full, y.shape) ? y.shape : full; // reuse a frozen shape
  const o = outputData(op, shape, out, x, y);
  broadcastLoop(kind, f, x.data, x.shape, y.data, y.shape, o, shape);
  return out ?? new Tensor(o, shape);
}

function needsRecord(out: Tensor | undefined, x: Tensor, y?: Tensor): boolean {
  if (out !== undefined) return false;
  return x.requiresGrad || (y !== undefined && y.requiresGrad);
}

/** A binary arithmetic op: a (op) b with broadcasting, into a new tensor or `out`, recorded if needed. */
function binary(op: Op<undefined>, kind: number, a: TensorLike, b: TensorLike, out: Tensor | undefined): Tensor {
  const x = asTensor(a, op.name, "a");
  const y = asTensor(b, op.name, "b");
  const result = binaryKernel(op.name, x, y, kind, null, out);
  return needsRecord(out, x, y) ? op.record(result, [x, y], undefined) : result;
}

/** The tangent of a broadcasting binary op from the two partial tangents (either may be null). */
function sumTangents(p: Tensor | null, q: Tensor | null, shape: readonly number[]): Tensor | null {
  if (p && q) return add(p, q);
  if (p) return broadcastTo(p, shape);
  if (q) return broadcastTo(q, shape);
  return null;
}

const fPow: BinaryFn = (x, y) => Math.pow(x, y);
const fGreater: BinaryFn = (x, y) => (x > y ? 1 : 0);
const fGreaterEqual: BinaryFn = (x, y) => (x >= y ? 1 : 0);
const fLess: BinaryFn = (x, y) => (x < y ? 1 : 0);
const fLessEqual: BinaryFn = (x, y) => (x <= y ? 1 : 0);
const fEqual: BinaryFn = (x, y) => (x === y ? 1 : 0);
const fNotEqual: BinaryFn = (x, y) => (x !== y ? 1 : 0);

// ---------------------------------------------------------------------------
// binary arithmetic

const ADD = defineOp<undefined>({
  name: "add",
  vjp: (g, { inputs: [a, b] }) => [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(g, b.shape) : null],
  jvp: ([ta, tb], { output }) => sumTangents(ta, tb, output.shape),
});

/** a + b with broadcasting. `out` (same shape as the result, not requiring grad) receives the values in place. */
export function add(a: TensorLike, b: TensorLike, out?: Tensor): Tensor {
  return binary(ADD, K_ADD, a, b, out);
}

const SUB = defineOp<undefined>({
  name: "sub",
  vjp: (g, { inputs: [a, b] }) => [a.requiresGrad ? sumTo(g, a.shape) : null, b.requiresGrad ? sumTo(neg(g), b.shape) : null],
  jvp: ([ta, tb], { output }) => sumTangents(ta, tb ? neg(tb) : null, output.shape),
});

/** a - b with broadcasting. */
export function sub(a: TensorLike, b: TensorLike, out?: Tensor): Tensor {
  return binary(SUB, K_SUB, a, b, out);
}

const MUL = defineOp<undefined>({
  name: "mul",
  vjp: (g, { inputs: [a, b] }) => [
    a.requiresGrad ? sumTo(mul(g, b), a.shape) : null,
    b.requiresGrad ? sumTo(mul(g, a), b.shape) : null,
  ],
  jvp: ([ta, tb], { inputs: [a, b], output }) => sumTangents(ta ? mul(ta, b) : null, tb ? mul(a, tb) : null, output.shape),
});

/** a * b (element-wise) with broadcasting. */
export function mul(a: TensorLike, b: TensorLike, out?: Tensor): Tensor {
  return binary(MUL, K_MUL, a, b, out);
}

const DIV = defineOp<undefined>({
  name: "div",
  vjp: (g, { inputs: [a, b], output }) => [
    a.requiresGrad ? sumTo(div(g, b), a.shape) : null,
    b.requiresGrad ? sumTo(neg(mul(g, div(output, b))), b.shape) : null,
  ],
  jvp: ([ta, tb], { inputs: [, b], output }) =>
    sumTangents(ta ? div(ta, b) : null, tb ? neg(mul(tb, div(output, b))) : null, output.shape),
});

/** a / b (element-wise) with broadcasting. */
export function div(a: TensorLike, b: TensorLike, out?: Tensor): Tensor {
  return binary(DIV, K_DIV, a, b, out);
}

/** d/dx x^p = p x^(p-1), and exactly 0 for p = 0 (x^-1 would give 0 * Inf = NaN at x = 0). */
function powDerivative(x: Tensor, p: number): Tensor {
  return p === 0 ? mul(x, 0) : mul(pow(x, p - 1), p);
}

const POW_SCALAR = defineOp<number>({
  name: "pow",
  vjp: (g, { inputs: [x], params: p }) => [mul(g, powDerivative(x, p))],
  jvp: ([t], { inputs: [x], params: p }) => (t ? mul(t, powDerivative(x, p)) : null),
});

const POW_TENSOR = defineOp<undefined>({
  name: "pow",
  vjp: (g, { inputs: [a, b], output }) => [
    a.requiresGrad ? sumTo(mul(g, mul(b, pow(a, sub(b, 1)))), a.shape) : null,
    b.requiresGrad ? sumTo(mul(g, mul(output, log(a))), b.shape) : null,
  ],
  jvp: ([ta, tb], { inputs: [a, b], output }) =>
    sumTangents(ta ? mul(ta, mul(b, pow(a, sub(b, 1)))) : null, tb ? mul(tb, mul(output, log(a))) : null, output.shape),
});

/**
 * x ** exponent. A number exponent is a constant (d/dx = p x^(p-1)); a tensor
 * exponent is differentiated too (d/db = x^b log x, defined for x > 0).
 */
export function pow(x: TensorLike, exponent: TensorLike): Tensor {
  const base = asTensor(x, "pow", "x");
  if (typeof exponent === "number") {
    const p = checkFinite(exponent, "pow", "exponent");
    const a = base.data;
    const o = allocData(a.length, false);
    if (p === 2) for (let i = 0; i < a.length; i++) o[i] = a[i] * a[i];
    else for (let i = 0; i < a.length; i++) o[i] = Math.pow(a[i], p);
    const result = new Tensor(o, base.shape);
    return base.requiresGrad ? POW_SCALAR.record(result, [base], p) : result;
  }
  const e = asTensor(exponent, "pow", "exponent");
  const result = binaryKernel("pow", base, e, K_OTHER, fPow, undefined);
  return needsRecord(undefined, base, e) ? POW_TENSOR.record(result, [base, e], undefined) : result;
}

// ---------------------------------------------------------------------------
// unary ops

/** A unary op: `kernel` writes o[i] = op(a[i]) into a new buffer or `out`; the node is recorded if needed. */
function unary(op: Op<undefined>, x: TensorLike, out: Tensor | undefined, kernel: (a: Float64Array, o: Float64Array) => void): Tensor {
  const t = asTensor(x, op.name, "x");
  const o = outputData(op.name, t.shape, out, t);
  kernel(t.data, o);
  const result = out ?? new Tensor(o, t.shape);
  return needsRecord(out, t) ? op.record(result, [t], undefined) : result;
}

const NEG = defineOp<undefined>({
  name: "neg",
  vjp: (g) => [neg(g)],
  jvp: ([t]) => (t ? neg(t) : null),
});

/** -x */
export function neg(x: TensorLike, out?: Tensor): Tensor {
  return unary(NEG, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = -a[i]; });
}

const EXP = defineOp<undefined>({
  name: "exp",
  vjp: (g, { output }) => [mul(g, output)],
  jvp: ([t], { output }) => (t ? mul(t, output) : null),
});

/** The exp and sigmoid loops: out[i] = f(x[i]) (same bits as Math.exp and the stable sigmoid formula). */
export interface UnaryKernels {
  exp: (x: Float64Array, out: Float64Array) => Float64Array;
  sigmoid: (x: Float64Array, out: Float64Array) => Float64Array;
}

/** The reference loops (kernels/elementwise.ts) until nnlab's entry point registers the WebAssembly kernels. */
const unaryKernels: UnaryKernels = { exp: expNaive, sigmoid: sigmoidNaive };

/** Makes `exp` and `sigmoid` use `kernels`; returns the kernels they replace. */
export function setUnaryKernels(kernels: UnaryKernels): UnaryKernels {
  for (const name of ["exp", "sigmoid"] as const) {
    if (typeof kernels[name] !== "function") throw new Error(`setUnaryKernels: kernels.${name} must be a function (x, out) => out`);
  }
  const previous = { ...unaryKernels };
  Object.assign(unaryKernels, { exp: kernels.exp, sigmoid: kernels.sigmoid });
  return previous;
}

/** e^x */
export function exp(x: TensorLike, out?: Tensor): Tensor {
  return unary(EXP, x, out, unaryKernels.exp);
}

const LOG = defineOp<undefined>({
  name: "log",
  vjp: (g, { inputs: [x] }) => [div(g, x)],
  jvp: ([t], { inputs: [x] }) => (t ? div(t, x) : null),
});

/** Natural logarithm (NaN for x < 0, -Infinity at 0, as Math.log). */
export function log(x: TensorLike, out?: Tensor): Tensor {
  return unary(LOG, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = Math.log(a[i]); });
}

const SQRT = defineOp<undefined>({
  name: "sqrt",
  vjp: (g, { output }) => [div(g, mul(output, 2))],
  jvp: ([t], { output }) => (t ? div(t, mul(output, 2)) : null),
});

/** Square root. */
export function sqrt(x: TensorLike, out?: Tensor): Tensor {
  return unary(SQRT, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = Math.sqrt(a[i]); });
}

/** sign(x) in {-1, 0, 1} (not differentiable: constant). */
export function sign(x: TensorLike): Tensor {
  const t = asTensor(x, "sign", "x");
  const a = t.data;
  const o = allocData(a.length, false);
  for (let i = 0; i < a.length; i++) o[i] = a[i] > 0 ? 1 : a[i] < 0 ? -1 : 0;
  return new Tensor(o, t.shape);
}

const ABS = defineOp<undefined>({
  name: "abs",
  vjp: (g, { inputs: [x] }) => [mul(g, sign(x))],
  jvp: ([t], { inputs: [x] }) => (t ? mul(t, sign(x)) : null),
});

/** |x|, with abs'(0) = 0. */
export function abs(x: TensorLike, out?: Tensor): Tensor {
  return unary(ABS, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = Math.abs(a[i]); });
}

const SQUARE = defineOp<undefined>({
  name: "square",
  vjp: (g, { inputs: [x] }) => [mul(g, mul(x, 2))],
  jvp: ([t], { inputs: [x] }) => (t ? mul(t, mul(x, 2)) : null),
});

/** x^2 */
export function square(x: TensorLike, out?: Tensor): Tensor {
  return unary(SQUARE, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = a[i] * a[i]; });
}

const TANH = defineOp<undefined>({
  name: "tanh",
  vjp: (g, { output }) => [mul(g, sub(1, square(output)))],
  jvp: ([t], { output }) => (t ? mul(t, sub(1, square(output))) : null),
});

/** Hyperbolic tangent; tanh'(x) = 1 - tanh(x)^2. */
export function tanh(x: TensorLike, out?: Tensor): Tensor {
  return unary(TANH, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = Math.tanh(a[i]); });
}

const SIN = defineOp<undefined>({
  name: "sin",
  vjp: (g, { inputs: [x] }) => [mul(g, cos(x))],
  jvp: ([t], { inputs: [x] }) => (t ? mul(t, cos(x)) : null),
});

/** sin(x) */
export function sin(x: TensorLike, out?: Tensor): Tensor {
  return unary(SIN, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = Math.sin(a[i]); });
}

const COS = defineOp<undefined>({
  name: "cos",
  vjp: (g, { inputs: [x] }) => [neg(mul(g, sin(x)))],
  jvp: ([t], { inputs: [x] }) => (t ? neg(mul(t, sin(x))) : null),
});

/** cos(x) */
export function cos(x: TensorLike, out?: Tensor): Tensor {
  return unary(COS, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = Math.cos(a[i]); });
}

const SIGMOID = defineOp<undefined>({
  name: "sigmoid",
  vjp: (g, { output }) => [mul(g, mul(output, sub(1, output)))],
  jvp: ([t], { output }) => (t ? mul(t, mul(output, sub(1, output))) : null),
});

/**
 * The logistic function sigma(x) = 1 / (1 + e^-x), computed stably (no overflow
 * for large |x|: e^-|x| only); sigma'(x) = sigma(x) (1 - sigma(x)).
 */
export function sigmoid(x: TensorLike, out?: Tensor): Tensor {
  return unary(SIGMOID, x, out, unaryKernels.sigmoid);
}

const RELU = defineOp<undefined>({
  name: "relu",
  vjp: (g, { inputs: [x] }) => [mul(g, greater(x, 0))],
  jvp: ([t], { inputs: [x] }) => (t ? mul(t, greater(x, 0)) : null),
});

/** max(x, 0). Convention at the kink: relu'(0) = 0 (the gradient mask is x > 0). */
export function relu(x: TensorLike, out?: Tensor): Tensor {
  return unary(RELU, x, out, (a, o) => { for (let i = 0; i < a.length; i++) o[i] = a[i] > 0 ? a[i] : 0; });
}

const SOFTPLUS = defineOp<undefined>({
  name: "softplus",
  vjp: (g, { inputs: [x] }) => [mul(g, sigmoid(x))],
  jvp: ([t], { inputs: [x] }) => (t ? mul(t, sigmoid(x)) : null),
});

/** log(1 + e^x), computed stably as max(x, 0) + log1p(e^-|x|); softplus' = sigmoid. */
export function softplus(x: TensorLike, out?: Tensor): Tensor {
  return unary(SOFTPLUS, x, out, (a, o) => {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      o[i] = (v > 0 ? v : 0) + Math.log1p(Math.exp(-Math.abs(v)));
    }
  });
}

// ---------------------------------------------------------------------------
// comparisons (0/1 tensors, not differentiable) and selection

function compare(op: string, a: TensorLike, b: TensorLike, f: BinaryFn): Tensor {
  const x = asTensor(a, op, "a");
  const y = asTensor(b, op, "b");
  return binaryKernel(op, x, y, K_OTHER, f, undefined);
}

/** 1 where a > b, else 0 (broadcasting; not differentiable). */
export function greater(a: TensorLike, b: TensorLike): Tensor { return compare("greater", a, b, fGreater); }
/** 1 where a >= b, else 0. */
export function greaterEqual(a: TensorLike, b: TensorLike): Tensor { return compare("greaterEqual", a, b, fGreaterEqual); }
/** 1 where a < b, else 0. */
export function less(a: TensorLike, b: TensorLike): Tensor { return compare("less", a, b, fLess); }
/** 1 where a <= b, else 0. */
export function lessEqual(a: TensorLike, b: TensorLike): Tensor { return compare("lessEqual", a, b, fLessEqual); }
/** 1 where a === b, else 0. */
export function equal(a: TensorLike, b: TensorLike): Tensor { return compare("equal", a, b, fEqual); }
/** 1 where a !== b, else 0. */
export function notEqual(a: TensorLike, b: TensorLike): Tensor { return compare("notEqual", a, b, fNotEqual); }

const WHERE = defineOp<undefined>({
  name: "where",
  vjp: (g, { inputs: [c, a, b] }) => [
    null,
    a.requiresGrad ? sumTo(where(c, g, 0), a.shape) : null,
    b.requiresGrad ? sumTo(where(c, 0, g), b.shape) : null,
  ],
  jvp: ([, ta, tb], { inputs: [c], output }) => {
    if (!ta && !tb) return null;
    return where(c, ta ?? 0, tb ?? 0).broadcastTo(output.shape);
  },
});

function materialize(t: Tensor, shape: readonly number[]): Float64Array {
  if (sameShape(t.shape, shape)) return t.data;
  const o = allocData(shapeSize(shape), false);
  broadcastCopy(t.data, t.shape, o, shape);
  return o;
}

/** Element-wise selection: a where `condition` is non-zero, else b (all three broadcast). Differentiable in a and b. */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const c = checkTensor(condition, "where", "condition");
  const x = asTensor(a, "where", "a");
  const y = asTensor(b, "where", "b");
  const shape = broadcastShapes(broadcastShapes(c.shape, x.shape, "where"), y.shape, "where");
  const cd = materialize(c, shape);
  const xd = materialize(x, shape);
  const yd = materialize(y, shape);
  const o = allocData(cd.length, false);
  for (let i = 0; i < o.length; i++) o[i] = cd[i] !== 0 ? xd[i] : yd[i];
  const result = new Tensor(o, shape);
  return x.requiresGrad || y.requiresGrad ? WHERE.record(result, [c, x, y], undefined) : result;
}

/** Element-wise maximum (a composite of where: a tie sends the gradient to a). */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const x = asTensor(a, "maximum", "a");
  const y = asTensor(b, "maximum", "b");
  return where(greaterEqual(x, y), x, y);
}

/** Element-wise minimum (a tie sends the gradient to a). */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const x = asTensor(a, "minimum", "a");
  const y = asTensor(b, "minimum", "b");
  return where(lessEqual(x, y), x, y);
}

/** Clamps x into [low, high]; the gradient is 1 inside the closed interval, 0 outside. */
export function clip(x: TensorLike, low: number, high: number): Tensor {
  const t = asTensor(x, "clip", "x");
  checkFinite(low, "clip", "low");
  checkFinite(high, "clip", "high");
  if (low > high) throw new Error(`clip: low (${low}) must be <= high (${high})`);
  return minimum(maximum(t, low), high);
}
