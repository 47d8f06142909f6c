import { derivative } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  Random, Tensor, abs, add, checkGrad, clip, cos, div, equal, exp, grad, greater, greaterEqual, less, lessEqual, log,
  maximum, minimum, mul, neg, notEqual, pow, relu, sigmoid, sign, sin, softplus, sqrt, square, sub, sum, tanh, tensor, where,
  zeros,
} from "../../lib/src/index";

/** Values spread over [lo, hi], away from the kinks at 0 by at least `gap`. */
function sample(shape: number[], seed: number, lo = -2, hi = 2, gap = 0.05): Tensor {
  const rng = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    do v = lo + (hi - lo) * rng.uniform(); while (Math.abs(v) < gap);
    data[i] = v;
  }
  return new Tensor(data, shape);
}

function expectClose(actual: Tensor, expected: number[], digits = 12): void {
  expect(actual.size).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual.data[i]).toBeCloseTo(expected[i], digits);
}

interface UnaryCase {
  name: string;
  op: (x: Tensor) => Tensor;
  reference: (v: number) => number;
  /** The expression mathjs differentiates symbolically (in x). */
  expression?: string;
  lo?: number;
  hi?: number;
}

const unary: UnaryCase[] = [
  { name: "neg", op: neg, reference: (v) => -v, expression: "-x" },
  { name: "exp", op: exp, reference: Math.exp, expression: "exp(x)" },
  { name: "log", op: log, reference: Math.log, expression: "log(x)", lo: 0.2, hi: 3 },
  { name: "sqrt", op: sqrt, reference: Math.sqrt, expression: "sqrt(x)", lo: 0.2, hi: 3 },
  { name: "abs", op: abs, reference: Math.abs },
  { name: "square", op: square, reference: (v) => v * v, expression: "x^2" },
  { name: "sin", op: sin, reference: Math.sin, expression: "sin(x)" },
  { name: "cos", op: cos, reference: Math.cos, expression: "cos(x)" },
  { name: "tanh", op: tanh, reference: Math.tanh, expression: "tanh(x)" },
  { name: "sigmoid", op: sigmoid, reference: (v) => 1 / (1 + Math.exp(-v)), expression: "1 / (1 + exp(-x))" },
  { name: "relu", op: relu, reference: (v) => (v > 0 ? v : 0) },
  { name: "softplus", op: softplus, reference: (v) => Math.log(1 + Math.exp(v)), expression: "log(1 + exp(x))" },
  { name: "pow(x, 3)", op: (x) => pow(x, 3), reference: (v) => v ** 3, expression: "x^3" },
  { name: "pow(x, 2.5)", op: (x) => pow(x, 2.5), reference: (v) => v ** 2.5, expression: "x^2.5", lo: 0.2, hi: 3 },
];

describe("unary ops", () => {
  for (const c of unary) {
    it(`${c.name}: values match the closed form`, () => {
      const x = sample([3, 4], 1, c.lo, c.hi);
      const y = c.op(x);
      expect(y.shape).toEqual([3, 4]);
      expectClose(y, Array.from(x.data, c.reference));
    });

    if (c.expression) {
      it(`${c.name}: first and second derivatives match mathjs symbolic derivatives`, () => {
        const d1 = derivative(c.expression!, "x");
        const d2 = derivative(d1, "x");
        const x = sample([7], 2, c.lo, c.hi);
        const first = grad((t) => sum(c.op(t)), { createGraph: true });
        const [g] = first(x);
        expectClose(g, Array.from(x.data, (v) => d1.evaluate({ x: v }) as number), 10);
        const [h] = grad((t) => sum(first(t)[0]))(x); // diagonal of the Hessian
        expectClose(h, Array.from(x.data, (v) => d2.evaluate({ x: v }) as number), 9);
      });
    }

    it(`${c.name}: passes checkGrad, first and second order, vjp and jvp`, () => {
      const x = sample([2, 3], 3, c.lo, c.hi);
      const first = checkGrad((t) => c.op(t), [x], { order: 1, seed: 4 });
      expect(first.maxRelativeError).toBeLessThanOrEqual(1e-6);
      expect(first.passed).toBe(true);
      const second = checkGrad((t) => c.op(t), [x], { order: 2, seed: 5 });
      expect(second.maxRelativeError).toBeLessThanOrEqual(1e-6);
    });
  }

  it("sigmoid and softplus are stable for large |x| (no NaN/Inf)", () => {
    const x = tensor([-1000, -40, 0, 40, 1000]);
    const s = sigmoid(x);
    expect(Array.from(s.data).every(Number.isFinite)).toBe(true);
    expect(s.data[0]).toBe(0);
    expect(s.data[2]).toBe(0.5);
    expect(s.data[4]).toBe(1);
    expect(s.data[1]).toBeCloseTo(Math.exp(-40), 30);
    const p = softplus(x);
    expect(Array.from(p.data).every(Number.isFinite)).toBe(true);
    expect(p.data[4]).toBe(1000);
    expect(p.data[0]).toBe(0);
    expect(p.data[2]).toBeCloseTo(Math.LN2, 15);
  });

  it("relu at 0: value 0 and derivative 0 (the documented convention); abs'(0) = 0", () => {
    const x = tensor([-1, 0, 2]);
    expect(Array.from(relu(x).data)).toEqual([0, 0, 2]);
    expect(Array.from(grad((t) => sum(relu(t)))(x)[0].data)).toEqual([0, 0, 1]);
    expect(Array.from(grad((t) => sum(abs(t)))(x)[0].data)).toEqual([-1, 0, 1]);
  });
});

describe("binary ops", () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([10, 20, 30]);

  it("add/sub/mul/div broadcast like NumPy (hand-computed)", () => {
    expect(add(a, b).toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(sub(b, a).toArray()).toEqual([[9, 18, 27], [6, 15, 24]]);
    expect(mul(a, tensor([[2], [3]])).toArray()).toEqual([[2, 4, 6], [12, 15, 18]]);
    expect(div(a, 2).toArray()).toEqual([[0.5, 1, 1.5], [2, 2.5, 3]]);
    expect(div(6, tensor([1, 2, 3])).toArray()).toEqual([6, 3, 2]);
    expect(add(tensor([[1], [2]]), tensor([10, 20])).toArray()).toEqual([[11, 21], [12, 22]]);
    // a general (non-suffix) broadcast: [2,1,3] + [4,1]
    const p = tensor([1, 2, 3, 4, 5, 6], [2, 1, 3]);
    const q = tensor([100, 200, 300, 400], [4, 1]);
    const r = add(p, q);
    expect(r.shape).toEqual([2, 4, 3]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 3; k++) {
      expect(r.data[(i * 4 + j) * 3 + k]).toBe(p.data[i * 3 + k] + q.data[j]);
    }
  });

  it("pow with a tensor exponent, maximum/minimum/clip", () => {
    expectClose(pow(tensor([2, 3]), tensor([3, 0.5])), [8, Math.sqrt(3)]);
    expect(maximum(tensor([1, 5, 3]), 3).toArray()).toEqual([3, 5, 3]);
    expect(minimum(tensor([1, 5, 3]), tensor([2, 2, 2])).toArray()).toEqual([1, 2, 2]);
    expect(clip(tensor([-2, 0.5, 7]), 0, 1).toArray()).toEqual([0, 0.5, 1]);
  });

  it("writes into `out` without allocating a new tensor", () => {
    const out = zeros([2, 3]);
    const r = add(a, b, out);
    expect(r).toBe(out);
    expect(out.toArray()).toEqual([[11, 22, 33], [14, 25, 36]]);
    mul(a, a, out);
    expect(out.toArray()).toEqual([[1, 4, 9], [16, 25, 36]]);
  });

  it("comparisons give 0/1 tensors and are not differentiable; where selects", () => {
    const x = tensor([1, 2, 3]);
    expect(greater(x, 2).toArray()).toEqual([0, 0, 1]);
    expect(greaterEqual(x, 2).toArray()).toEqual([0, 1, 1]);
    expect(less(x, 2).toArray()).toEqual([1, 0, 0]);
    expect(lessEqual(x, 2).toArray()).toEqual([1, 1, 0]);
    expect(equal(x, 2).toArray()).toEqual([0, 1, 0]);
    expect(notEqual(x, 2).toArray()).toEqual([1, 0, 1]);
    expect(sign(tensor([-3, 0, 2])).toArray()).toEqual([-1, 0, 1]);
    const w = new Tensor(Float64Array.of(1, 2, 3), [3], true);
    expect(greater(w, 1).requiresGrad).toBe(false);
    expect(where(tensor([1, 0, 1]), x, tensor([[10, 20, 30]])).toArray()).toEqual([[1, 20, 3]]);
  });

  const binaryCases: [string, (x: Tensor, y: Tensor) => Tensor, number, number][] = [
    ["add", add, -2, 2],
    ["sub", sub, -2, 2],
    ["mul", mul, -2, 2],
    ["div", div, 0.5, 2],
    ["pow", pow, 0.5, 2],
    ["maximum", maximum, -2, 2],
    ["minimum", minimum, -2, 2],
  ];
  for (const [name, op, lo, hi] of binaryCases) {
    it(`${name}: checkGrad with broadcasting ([2,3] with [3] and [2,1]), first and second order`, () => {
      const x = sample([2, 3], 10, lo, hi);
      const y = sample([3], 11, lo, hi);
      const z = sample([2, 1], 12, lo, hi);
      for (const [p, q] of [[x, y], [y, x], [x, z], [z, y]]) {
        const r1 = checkGrad(op, [p, q], { seed: 13 });
        expect(r1.maxRelativeError).toBeLessThanOrEqual(1e-6);
        const r2 = checkGrad(op, [p, q], { order: 2, seed: 14 });
        expect(r2.maxRelativeError).toBeLessThanOrEqual(1e-6);
      }
    });
  }

  it("broadcast gradients are reduced to the input shapes (hand-computed)", () => {
    const x = new Tensor(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3], true);
    const bias = new Tensor(Float64Array.of(1, 1, 1), [3], true);
    const col = new Tensor(Float64Array.of(2, 3), [2, 1], true);
    sum(mul(add(x, bias), col)).backward();
    expect(bias.grad!.shape).toEqual([3]);
    expect(Array.from(bias.grad!.data)).toEqual([5, 5, 5]); // sum over rows of col
    expect(col.grad!.shape).toEqual([2, 1]);
    expect(Array.from(col.grad!.data)).toEqual([2 + 3 + 4, 5 + 6 + 7]);
    expect(x.grad!.toArray()).toEqual([[2, 2, 2], [3, 3, 3]]);
  });

  it("where and clip: checkGrad away from the switching points", () => {
    const cond = tensor([1, 0, 1, 0, 0, 1], [2, 3]);
    const x = sample([2, 3], 20);
    const y = sample([3], 21);
    expect(checkGrad((p, q) => where(cond, p, q), [x, y], { order: 2 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
    const xs = tensor([-1.5, -0.3, 0.2, 0.7, 1.4, 3]);
    expect(checkGrad((t) => clip(t, -1, 1), [xs], { order: 2 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(Array.from(grad((t) => sum(clip(t, -1, 1)))(xs)[0].data)).toEqual([0, 1, 1, 1, 0, 0]);
  });
});

describe("pow edge cases", () => {
  it("d/dx x^0 is 0 everywhere (also at x = 0), d/dx x^1 is 1, d/dx x^2 at 0 is 0", () => {
    const x = tensor([0, 1.5, -2]);
    expect(Array.from(grad((t) => sum(pow(t, 0)))(x)[0].data, (v) => v + 0)).toEqual([0, 0, 0]); // + 0 folds -0
    expect(Array.from(grad((t) => sum(pow(t, 1)))(x)[0].data)).toEqual([1, 1, 1]);
    expect(Array.from(grad((t) => sum(pow(t, 2)))(x)[0].data)).toEqual([0, 3, -4]);
  });
});
