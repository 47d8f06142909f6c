import { describe, expect, it } from "vitest";
import { matrix, multiply, pow } from "mathjs";
import { Tensor } from "../../lib/src/tensor/tensor";
import { SGD, Adam, RMSprop, Adagrad, Optimizer } from "../../lib/src/optim";

const param = (values: number[]) => new Tensor(Float64Array.from(values), [values.length], true);
const setGrad = (p: Tensor, values: number[]) => {
  p.grad = new Tensor(Float64Array.from(values), [values.length]);
};

/** Runs `steps` updates on f(w) = 0.5 * a * w^2 (gradient a * w) from w0. */
function runQuadratic(make: (p: Tensor) => Optimizer, a: number, w0: number, steps: number): number {
  const w = param([w0]);
  const opt = make(w);
  for (let t = 0; t < steps; t++) {
    setGrad(w, [a * w.data[0]]);
    opt.step();
  }
  return w.data[0];
}

describe("SGD", () => {
  it("plain gradient descent on a quadratic follows w_t = w0 (1 - eta a)^t", () => {
    const w = runQuadratic((p) => new SGD([p], { learningRate: 0.1 }), 3, 2, 25);
    expect(w).toBeCloseTo(2 * Math.pow(1 - 0.1 * 3, 25), 14);
  });

  it("momentum and Nesterov match the linear recurrence solved with mathjs matrix powers", () => {
    const a = 2, eta = 0.05, gamma = 0.9, w0 = 1.5, steps = 30;
    // State (w, v). Step 1: v = a w, then v' = gamma v + a w for later steps.
    // Heavy ball: w' = w - eta v'. Nesterov: w' = w - eta (a w + gamma v').
    const heavy = matrix([[1 - eta * a, -eta * gamma], [a, gamma]]);
    const nesterov = matrix([[1 - eta * a - eta * gamma * a, -eta * gamma * gamma], [a, gamma]]);
    // First step from (w0, 0) is the same as the recurrence with v = 0.
    const expectHeavy = multiply(pow(heavy, steps) as any, [w0, 0]) as any;
    const expectNesterov = multiply(pow(nesterov, steps) as any, [w0, 0]) as any;
    const got = runQuadratic((p) => new SGD([p], { learningRate: eta, momentum: gamma }), a, w0, steps);
    const gotN = runQuadratic((p) => new SGD([p], { learningRate: eta, momentum: gamma, nesterov: true }), a, w0, steps);
    expect(got).toBeCloseTo(expectHeavy.toArray()[0], 12);
    expect(gotN).toBeCloseTo(expectNesterov.toArray()[0], 12);
  });

  it("an L2 penalty alone shrinks weights geometrically and leaves an unpenalised group alone", () => {
    const weights = param([1, -2]);
    const biases = param([0.5]);
    const opt = new SGD([{ params: [weights], l2: 0.1 }, { params: [biases] }], { learningRate: 0.5 });
    for (let t = 0; t < 10; t++) {
      setGrad(weights, [0, 0]);
      setGrad(biases, [0]);
      opt.step();
    }
    const factor = Math.pow(1 - 0.5 * 0.1, 10);
    expect(weights.data[0]).toBeCloseTo(factor, 14);
    expect(weights.data[1]).toBeCloseTo(-2 * factor, 14);
    expect(biases.data[0]).toBe(0.5);
  });

  it("an L1 penalty moves weights towards zero by eta * l1 per step", () => {
    const w = param([1, -1]);
    const opt = new SGD([w], { learningRate: 0.1, l1: 0.5 });
    for (let t = 0; t < 4; t++) {
      setGrad(w, [0, 0]);
      opt.step();
    }
    expect(w.data[0]).toBeCloseTo(1 - 4 * 0.05, 14);
    expect(w.data[1]).toBeCloseTo(-1 + 4 * 0.05, 14);
  });

  it("uses a learning-rate schedule step by step", () => {
    const w = param([0]);
    const opt = new SGD([w], { learningRate: (t) => 1 / (t + 1) });
    for (let t = 0; t < 4; t++) {
      setGrad(w, [1]);
      opt.step();
    }
    expect(w.data[0]).toBeCloseTo(-(1 + 1 / 2 + 1 / 3 + 1 / 4), 14);
  });

  it("skips parameters without a gradient and zeroGrad clears them", () => {
    const a = param([1]);
    const b = param([1]);
    const opt = new SGD([a, b], { learningRate: 1 });
    setGrad(a, [1]);
    opt.step();
    expect(a.data[0]).toBe(0);
    expect(b.data[0]).toBe(1);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });
});

describe("adaptive optimizers under a constant gradient c (closed forms)", () => {
  const c = -0.7, eta = 0.01, steps = 20;
  function runConstant(make: (p: Tensor) => Optimizer): number {
    const w = param([1]);
    const opt = make(w);
    for (let t = 0; t < steps; t++) {
      setGrad(w, [c]);
      opt.step();
    }
    return w.data[0];
  }

  it("Adam takes steps of eta c / (|c| + eps) (bias correction makes mhat = c, vhat = c^2)", () => {
    const w = runConstant((p) => new Adam([p], { learningRate: eta, epsilon: 1e-8 }));
    expect(w).toBeCloseTo(1 - steps * eta * c / (Math.abs(c) + 1e-8), 12);
  });

  it("RMSprop: s_t = (1 - rho^t) c^2", () => {
    const rho = 0.9;
    let expected = 1;
    for (let t = 1; t <= steps; t++) expected -= (eta * c) / (Math.sqrt(1 - Math.pow(rho, t)) * Math.abs(c) + 1e-8);
    expect(runConstant((p) => new RMSprop([p], { learningRate: eta, rho }))).toBeCloseTo(expected, 12);
  });

  it("Adagrad: r_t = t c^2", () => {
    let expected = 1;
    for (let t = 1; t <= steps; t++) expected -= (eta * c) / (Math.sqrt(t) * Math.abs(c) + 1e-10);
    expect(runConstant((p) => new Adagrad([p], { learningRate: eta }))).toBeCloseTo(expected, 12);
  });
});

describe("optimizer argument errors name the optimizer and the argument", () => {
  const p = () => [param([1])];
  it.each([
    [() => new SGD(p(), { learningRate: -0.1 }), /SGD: learningRate must be a finite number >= 0, got -0.1/],
    [() => new SGD(p(), { learningRate: Number.NaN }), /SGD: learningRate .* got NaN/],
    [() => new SGD(p(), { learningRate: 0.1, momentum: 1 }), /SGD: momentum must be in \[0, 1\)/],
    [() => new SGD(p(), { learningRate: 0.1, nesterov: true }), /SGD: nesterov needs a momentum > 0/],
    [() => new SGD([], { learningRate: 0.1 }), /SGD: params must be a non-empty array/],
    [() => new Adam(p(), { learningRate: 0.1, beta2: 1.5 }), /Adam: beta2 must be in \[0, 1\)/],
    [() => new RMSprop(p(), { learningRate: 0.1, l2: -1 }), /RMSprop: l2 must be a finite number >= 0/],
    [() => new Adagrad(p(), { learningRate: 0.1, clipNorm: 0 }), /Adagrad: clipNorm must be a positive finite number, got 0/],
  ])("%#", (make, message) => {
    expect(make).toThrow(message);
  });

  it("a schedule that goes negative is reported with its step", () => {
    const w = param([1]);
    const opt = new SGD([w], { learningRate: (t) => 0.1 - t * 0.1 });
    for (let t = 0; t < 2; t++) {
      setGrad(w, [1]);
      opt.step(); // eta = 0.1, then 0
    }
    setGrad(w, [1]);
    expect(() => opt.step()).toThrow(/SGD: learningRate must be a finite number >= 0, the schedule gave -0.1 at step 2/);
    expect(w.data[0]).toBeCloseTo(0.9, 15); // the failed step changed nothing
  });
});
