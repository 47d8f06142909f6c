import { derivative, eigs, parse } from "mathjs";
import { describe, expect, it } from "vitest";
import { centralDifference, fitLinearNeuron, learningRateSweep, linearNeuronGradient, linearNeuronStability } from "../../lib/src/basics";

// The notebook's data: 20 points on [0, 4] of y = 2x + 1.
const x = Array.from({ length: 20 }, (_, i) => (4 * i) / 19);
const y = x.map((t) => 2 * t + 1);

describe("linearNeuronGradient", () => {
  it("matches mathjs's symbolic derivative of C = (w x + b - y)^2 / 2 on one point", () => {
    const C = parse("(w * x + b - y)^2 / 2");
    const scope = { w: 0.7, b: -0.2, x: 4, y: 9 };
    const g = linearNeuronGradient([4], [9], 0.7, -0.2);
    expect(g.cost).toBeCloseTo(C.evaluate(scope), 14);
    expect(Math.abs(g.dCdw - derivative(C, "w").evaluate(scope))).toBeLessThan(1e-12);
    expect(Math.abs(g.dCdb - derivative(C, "b").evaluate(scope))).toBeLessThan(1e-12);
  });

  it("matches central differences on the 20-point data", () => {
    const w = 0.3, b = 1.7;
    const g = linearNeuronGradient(x, y, w, b);
    expect(Math.abs(g.dCdw - centralDifference((t) => linearNeuronGradient(x, y, t, b).cost, w))).toBeLessThan(1e-8);
    expect(Math.abs(g.dCdb - centralDifference((t) => linearNeuronGradient(x, y, w, t).cost, b))).toBeLessThan(1e-8);
  });
});

describe("fitLinearNeuron", () => {
  it("recovers w = 2, b = 1 from the 20 points", () => {
    const fit = fitLinearNeuron({ x, y, learningRate: 0.1, iterations: 2000 });
    expect(Math.abs(fit.w - 2)).toBeLessThan(1e-8);
    expect(Math.abs(fit.b - 1)).toBeLessThan(1e-8);
    expect(fit.cost).toHaveLength(2001);
    expect(fit.cost[2000]).toBeLessThan(1e-16);
    expect(fit.diverged).toBe(false);
  });

  it("on the lecture's single point (4, 9) moves along (x, 1) to the line 4w + b = 9", () => {
    // Every gradient is a multiple of (x, 1) = (4, 1), so the limit is the
    // projection of the start onto 4w + b = 9: w = w0 + 4t, b = b0 + t with t = (9 - 4 w0 - b0) / 17.
    const w0 = 0.5, b0 = 0.1;
    const fit = fitLinearNeuron({ x: [4], y: [9], learningRate: 0.05, iterations: 400, w0, b0 });
    const t = (9 - 4 * w0 - b0) / 17;
    expect(Math.abs(fit.w - (w0 + 4 * t))).toBeLessThan(1e-10);
    expect(Math.abs(fit.b - (b0 + t))).toBeLessThan(1e-10);
  });
});

describe("linearNeuronStability and learningRateSweep", () => {
  it("has the Hessian's eigenvalues (checked with mathjs) and the limit 2 / lambda_max", () => {
    const s = linearNeuronStability(x);
    const values = (eigs(s.hessian).values as number[]).slice().sort((a, b) => b - a);
    expect(s.eigenvalues[0]).toBeCloseTo(values[0], 10);
    expect(s.eigenvalues[1]).toBeCloseTo(values[1], 10);
    expect(s.maxLearningRate).toBeCloseTo(2 / values[0], 10);
    // At the optimal rate both directions contract by the same factor.
    const eta = s.optimalLearningRate;
    expect(Math.abs(1 - eta * values[0])).toBeCloseTo(Math.abs(1 - eta * values[1]), 12);
  });

  it("converges just below the limit and diverges (with a message) just above it", () => {
    const limit = linearNeuronStability(x).maxLearningRate;
    const [tooSmall, good, below, above] = learningRateSweep({ x, y, iterations: 300, learningRates: [1e-3, 0.2, 0.95 * limit, 1.05 * limit] });
    expect(tooSmall.cost[300]).toBeGreaterThan(1e-2);
    expect(good.cost[300]).toBeLessThan(1e-8);
    expect(below.diverged).toBe(false);
    expect(below.cost[300]).toBeLessThan(1e-10);
    expect(above.diverged).toBe(true);
    expect(above.message).toContain("fitLinearNeuron: gradient descent diverged");
    expect(above.message).toContain(`below ${limit.toPrecision(3)}`);
  });

  it("rejects mismatched data and a bad learning rate", () => {
    expect(() => fitLinearNeuron({ x: [1, 2], y: [1], learningRate: 0.1, iterations: 1 })).toThrow("fitLinearNeuron: x has 2 values but y has 1");
    expect(() => fitLinearNeuron({ x, y, learningRate: 0, iterations: 1 })).toThrow("fitLinearNeuron: learningRate must be a positive number");
    expect(() => fitLinearNeuron({ x: [1, NaN], y: [1, 2], learningRate: 0.1, iterations: 1 })).toThrow("fitLinearNeuron: x[1] is NaN");
  });
});
