// Unit tests of the code notebook 01 exports: against boolean logic, closed forms,
// nnlab's autodiff and least squares computed here.
import { backward, Random, tensor, scalar } from "nnlab";
import { describe, expect, it } from "vitest";
import {
  centralDifference, centralDifferenceGradient, lineCostAndGradient, lineGradientDescent, heaviside, neuron, perceptron,
  sigmoid, sigmoidPrime, weightedInput,
} from "../../lectures/src";

describe("neuron and perceptron", () => {
  it("computes w·x + b and applies the activation", () => {
    expect(weightedInput([1, 2, 3], [0.5, -1, 2], 0.25)).toBe(4.75);
    expect(neuron([1, 2, 3], [0.5, -1, 2], 0.25, (z) => 2 * z)).toBe(9.5);
    expect(() => weightedInput([1, 2], [1], 0)).toThrow(/2 inputs but 1 weights/);
  });

  it("is AND with b = -1.5 and OR with b = -0.5, and says 0 at z = 0", () => {
    for (const [p, q] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
      expect(perceptron([p, q], [1, 1], -1.5)).toBe(p && q ? 1 : 0);
      expect(perceptron([p, q], [1, 1], -0.5)).toBe(p || q ? 1 : 0);
    }
    expect(heaviside(0)).toBe(0);
    expect(perceptron([1], [1], -1)).toBe(0);
  });
});

describe("sigmoid and finite differences", () => {
  it("σ matches nnlab's tensor sigmoid and σ' its autodiff derivative", () => {
    for (const z of [-30, -3, -0.5, 0, 0.7, 4, 30]) {
      const t = scalar(z).requireGrad();
      const s = t.sigmoid();
      backward(s);
      expect(sigmoid(z)).toBeCloseTo(s.data[0], 15);
      expect(sigmoidPrime(z)).toBeCloseTo(t.grad!.data[0], 15);
    }
    expect(sigmoidPrime(0)).toBe(0.25);
  });

  it("central differences are second-order accurate", () => {
    for (const z of [-1, 0.3, 2]) expect(Math.abs(centralDifference(Math.sin, z) - Math.cos(z))).toBeLessThan(1e-9);
    const f = (t: number[]): number => 3 * t[0] ** 2 - t[0] * t[1] + 2 * t[1];
    const g = centralDifferenceGradient(f, [1.5, -2]);
    expect(g[0]).toBeCloseTo(6 * 1.5 + 2, 8);
    expect(g[1]).toBeCloseTo(-1.5 + 2, 8);
  });
});

describe("the one-input linear neuron", () => {
  const rng = new Random(7);
  const x = Array.from({ length: 30 }, () => rng.uniformIn(-2, 3));
  const y = x.map((v) => -1.5 * v + 0.7 + 0.3 * rng.normal());

  it("lineCostAndGradient agrees with nnlab autodiff", () => {
    const w = scalar(0.4).requireGrad(), b = scalar(-0.2).requireGrad();
    const C = w.mul(tensor(x)).add(b).sub(tensor(y)).square().mean().mul(0.5);
    backward(C);
    const g = lineCostAndGradient(x, y, 0.4, -0.2);
    expect(g.C).toBeCloseTo(C.data[0], 13);
    expect(g.dC_dw).toBeCloseTo(w.grad!.data[0], 13);
    expect(g.dC_db).toBeCloseTo(b.grad!.data[0], 13);
  });

  it("lineGradientDescent converges to the least-squares line below 2/λmax and diverges above it", () => {
    const mx = x.reduce((s, v) => s + v, 0) / x.length, my = y.reduce((s, v) => s + v, 0) / y.length;
    const sxy = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0), sxx = x.reduce((s, v) => s + (v - mx) ** 2, 0);
    const wLs = sxy / sxx, bLs = my - wLs * mx;
    const m2 = x.reduce((s, v) => s + v * v, 0) / x.length;
    const lambdaMax = (m2 + 1) / 2 + Math.sqrt(((m2 + 1) / 2) ** 2 - (m2 - mx * mx));
    const ok = lineGradientDescent(x, y, { eta: 0.9 * (2 / lambdaMax), iterations: 5000 });
    expect(ok.diverged).toBe(false);
    expect(ok.w).toBeCloseTo(wLs, 9);
    expect(ok.b).toBeCloseTo(bLs, 9);
    expect(ok.cost).toHaveLength(5000);
    expect(ok.wHistory).toHaveLength(5001);
    const bad = lineGradientDescent(x, y, { eta: 1.1 * (2 / lambdaMax), iterations: 5000 });
    expect(bad.diverged).toBe(true);
    expect(bad.cost.length).toBeLessThan(5000);
  });

  it("takes one step w <- w - η ∂C/∂w from the given start", () => {
    const g = lineCostAndGradient(x, y, 1, 2);
    const one = lineGradientDescent(x, y, { eta: 0.01, iterations: 1, w0: 1, b0: 2 });
    expect(one.w).toBe(1 - 0.01 * g.dC_dw);
    expect(one.b).toBe(2 - 0.01 * g.dC_db);
    expect(one.cost).toEqual([g.C]);
  });
});
