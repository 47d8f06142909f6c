import { derivative, parse } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  centralDifferenceGradient,
  initNet221,
  lectureQuadratic,
  net221Cost,
  net221FromVector,
  net221Gradient,
  net221GradientVector,
  net221ParameterNames,
  net221Predict,
  net221ToVector,
  sampleLectureQuadratic,
  trainNet221,
} from "../../lib/src/basics";

const params = initNet221(5);

describe("net221", () => {
  it("round-trips the nine parameters through the lecture's Theta vector", () => {
    const theta = net221ToVector(params);
    expect(theta).toHaveLength(9);
    expect(net221FromVector(theta)).toEqual(params);
    expect(() => net221FromVector([1, 2])).toThrow("net221FromVector: theta must have 9 values, got 2");
  });

  it("the forward pass is sigma(W1 x + b1) . w2 + b2, written out by hand", () => {
    const x = [0.3, -0.7];
    const s = (z: number) => 1 / (1 + Math.exp(-z));
    const { W1, b1, w2, b2 } = params;
    const expected = w2[0] * s(W1[0][0] * x[0] + W1[0][1] * x[1] + b1[0]) + w2[1] * s(W1[1][0] * x[0] + W1[1][1] * x[1] + b1[1]) + b2;
    expect(net221Predict(params, [x])[0]).toBeCloseTo(expected, 14);
  });

  it("all nine derivatives match mathjs's symbolic derivatives on one point", () => {
    const src = "(w0 / (1 + exp(-(w00 * x0 + w01 * x1 + b0))) + w1 / (1 + exp(-(w10 * x0 + w11 * x1 + b1))) + b2 - y)^2 / 2";
    const C = parse(src);
    const theta = net221ToVector(params);
    const scope: Record<string, number> = { x0: 0.6, x1: 0.2, y: lectureQuadratic(0.6, 0.2) };
    net221ParameterNames.forEach((name, i) => (scope[name] = theta[i]));
    const g = net221GradientVector(net221Gradient(params, [[0.6, 0.2]], [scope.y]));
    net221ParameterNames.forEach((name, i) => expect(Math.abs(g[i] - derivative(C, name).evaluate(scope))).toBeLessThan(1e-12));
  });

  it("all nine derivatives match central differences on the lecture's 100 points", () => {
    const { X, y } = sampleLectureQuadratic({ n: 100, rng: 1 });
    const g = net221GradientVector(net221Gradient(params, X, y));
    const numeric = centralDifferenceGradient((t) => net221Cost(net221FromVector(t), X, y), net221ToVector(params));
    for (let i = 0; i < 9; i++) expect(Math.abs(g[i] - numeric[i])).toBeLessThan(1e-8);
  });

  it("gradient descent fits f(x0, x1) on [0, 1]^2 with R^2 > 0.99", () => {
    const { X, y } = sampleLectureQuadratic({ n: 100, rng: 1 });
    const fit = trainNet221({ X, y, params0: initNet221(1), learningRate: 0.5, iterations: 20000 });
    expect(fit.diverged).toBe(false);
    const mean = y.reduce((s, t) => s + t, 0) / y.length;
    const variance = y.reduce((s, t) => s + (t - mean) ** 2, 0) / y.length;
    const prediction = net221Predict(fit.params, X);
    const mse = prediction.reduce((s, p, i) => s + (p - y[i]) ** 2, 0) / y.length;
    expect(1 - mse / variance).toBeGreaterThan(0.99);
    expect(fit.cost.at(-1)).toBeCloseTo(mse / 2, 12);
  });

  it("samples the lecture's target reproducibly and checks its input", () => {
    const a = sampleLectureQuadratic({ n: 5, rng: 9 });
    const b = sampleLectureQuadratic({ n: 5, rng: 9 });
    expect(a).toEqual(b);
    a.X.forEach(([x0, x1], i) => expect(a.y[i]).toBe(x0 * x0 + 3 * x0 * x1 + x1 * x1 + 5));
    expect(() => net221Gradient(params, [[1, 2, 3]], [1])).toThrow("net221Gradient: X row 0 has 3 columns, expected 2");
  });
});
