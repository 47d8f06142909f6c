// The key numbers notebooks 01-perceptron and 02-backprop-scalar print,
// recomputed with the same nnlab calls and the same settings, and checked
// against independent references (closed forms, mathjs) or stated properties.
import { eigs, lusolve, multiply, transpose } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  designMatrixMaxLearningRate,
  fitDesignMatrixNeuron,
  fitLinearNeuron,
  initNet221,
  learningRateSweep,
  linearNeuronStability,
  polynomialFeatures,
  sampleLectureQuadratic,
  trainNet221,
  trainOneHiddenNode,
} from "../../lib/src/basics";
import { Random } from "../../lib/src/random";

const grid = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

describe("notebook 01-perceptron", () => {
  const xData = grid(0, 4, 20);
  const yData = xData.map((x) => 2 * x + 1);

  it("single point (4, 9): lands on the projection of (0.5, 0.1) onto 4w + b = 9", () => {
    const single = fitLinearNeuron({ x: [4], y: [9], w0: 0.5, b0: 0.1, learningRate: 0.05, iterations: 100 });
    const t = (9 - 4 * 0.5 - 0.1) / 17;
    expect(single.w).toBeCloseTo(0.5 + 4 * t, 10);
    expect(single.b).toBeCloseTo(0.1 + t, 10);
  });

  it("20 points, eta = 0.1, 300 steps: w and b within 1e-3 of 2 and 1", () => {
    const fit = fitLinearNeuron({ x: xData, y: yData, learningRate: 0.1, iterations: 300 });
    expect(Math.abs(fit.w - 2)).toBeLessThan(1e-3);
    expect(Math.abs(fit.b - 1)).toBeLessThan(1e-3);
  });

  it("stability limit 2/lambda_max and eta* agree with mathjs's eigenvalues of H", () => {
    const n = xData.length;
    const H = [[xData.reduce((s, x) => s + x * x, 0) / n, xData.reduce((s, x) => s + x, 0) / n], [0, 1]];
    H[1][0] = H[0][1];
    const values = (eigs(H).values as number[]).slice().sort((a, b) => b - a);
    const s = linearNeuronStability(xData);
    expect(s.maxLearningRate).toBeCloseTo(2 / values[0], 12);
    expect(s.optimalLearningRate).toBeCloseTo(2 / (values[0] + values[1]), 12);
    expect(s.maxLearningRate).toBeGreaterThan(0.3);
    expect(s.maxLearningRate).toBeLessThan(0.34);
  });

  it("the sweep: 0.001 too slow, 0.1 and 0.3 converge, 0.34 diverges with a message", () => {
    const sweep = learningRateSweep({ x: xData, y: yData, learningRates: [0.001, 0.01, 0.1, 0.3, 0.34], iterations: 200 });
    expect(sweep[0].cost[200]).toBeGreaterThan(1);
    expect(sweep[2].cost[200]).toBeLessThan(1e-5);
    expect(sweep[3].cost[200]).toBeLessThan(1e-12);
    expect(sweep.slice(0, 4).every((r) => !r.diverged)).toBe(true);
    expect(sweep[4].diverged).toBe(true);
    expect(sweep[4].message).toContain("above the stability limit");
  });

  const rng = new Random(11);
  const xc = Array.from({ length: 40 }, () => rng.uniformIn(-1, 1)).sort((p, q) => p - q);
  const yc = xc.map((t) => 1 - 2 * t + 0.5 * t ** 2 + 3 * t ** 3 + 0.05 * rng.normal());

  it("cubic features: gradient descent equals the normal-equation solution (mathjs) to 1e-10", () => {
    const Xc = polynomialFeatures(xc, 3);
    const fit = fitDesignMatrixNeuron({ X: Xc, y: yc, learningRate: 0.9 * designMatrixMaxLearningRate(Xc), iterations: 60000 });
    const A = Xc.map((row) => [...row, 1]);
    const exact = (lusolve(multiply(transpose(A), A), multiply(transpose(A), yc)) as number[][]).map((v) => v[0]);
    [...fit.w, fit.b].forEach((v, i) => expect(Math.abs(v - exact[i])).toBeLessThan(1e-10));
    const line = fitDesignMatrixNeuron({ X: polynomialFeatures(xc, 1), y: yc, learningRate: 0.5, iterations: 3000 });
    expect(line.cost.at(-1)!).toBeGreaterThan(50 * fit.cost.at(-1)!);
  });

  it("nine powers: L1 (0.003) leaves x^4, x^6..x^9 near zero, L2 shrinks the weights", () => {
    const X9 = polynomialFeatures(xc, 9);
    const eta9 = 0.9 * designMatrixMaxLearningRate(X9);
    const none = fitDesignMatrixNeuron({ X: X9, y: yc, learningRate: eta9, iterations: 60000 });
    const l2 = fitDesignMatrixNeuron({ X: X9, y: yc, l2: 1e-3, learningRate: eta9, iterations: 60000 });
    const l1 = fitDesignMatrixNeuron({ X: X9, y: yc, l1: 3e-3, learningRate: eta9, iterations: 60000 });
    for (const j of [3, 5, 6, 7, 8]) expect(Math.abs(l1.w[j])).toBeLessThan(0.01);
    for (const j of [0, 1, 2]) expect(Math.abs(l1.w[j])).toBeGreaterThan(0.3);
    const norm = (w: number[]) => Math.hypot(...w);
    expect(norm(l2.w)).toBeLessThan(0.6 * norm(none.w));
  });
});

describe("notebook 02-backprop-scalar", () => {
  const rng = new Random(2024);
  const params = { w1: rng.normal(), b1: rng.normal(), w2: rng.normal(), b2: rng.normal() };
  const xs = grid(0, 4, 20);
  const ys = xs.map((t) => 2 * t + 1);

  it("lecture point (4, 9): cost below 1e-7 after 50 steps of eta = 0.1", () => {
    const fit = trainOneHiddenNode({ x: [4], y: [9], params0: params, learningRate: 0.1, iterations: 50 });
    expect(fit.cost[0]).toBeGreaterThan(30);
    expect(fit.cost[50]).toBeLessThan(1e-7);
  });

  it("20 points: eta = 0.05 decreases the cost monotonically; eta = 0.1 ends above its own minimum", () => {
    const slow = trainOneHiddenNode({ x: xs, y: ys, params0: params, learningRate: 0.05, iterations: 20000 });
    for (let i = 1; i < slow.cost.length; i++) expect(slow.cost[i]).toBeLessThanOrEqual(slow.cost[i - 1]);
    expect(slow.cost[20000]).toBeLessThan(0.01);
    const fast = trainOneHiddenNode({ x: xs, y: ys, params0: params, learningRate: 0.1, iterations: 20000 });
    expect(fast.cost[20000]).toBeGreaterThan(2 * Math.min(...fast.cost));
  });

  it("saturated start (w1 = 4, b1 = 6): the hidden weight gets a gradient 1e4 times smaller than w2's", () => {
    const sat = trainOneHiddenNode({ x: xs, y: ys, params0: { ...params, w1: 4, b1: 6 }, learningRate: 0.05, iterations: 2000 });
    const normal = trainOneHiddenNode({ x: xs, y: ys, params0: params, learningRate: 0.05, iterations: 2000 });
    expect(Math.abs(sat.dCdw1[0])).toBeLessThan(1e-4 * Math.abs(sat.dCdw2[0]));
    expect(sat.cost[2000]).toBeGreaterThan(20 * normal.cost[2000]);
  });

  it("2-2-1 on the lecture's 100 points: R^2 > 0.99 after 20000 steps of eta = 0.5", () => {
    const data = sampleLectureQuadratic({ n: 100, rng: 1 });
    const fit = trainNet221({ X: data.X, y: data.y, params0: initNet221(1), learningRate: 0.5, iterations: 20000 });
    const mean = data.y.reduce((s, v) => s + v, 0) / 100;
    const variance = data.y.reduce((s, v) => s + (v - mean) ** 2, 0) / 100;
    expect(1 - (2 * fit.cost[20000]) / variance).toBeGreaterThan(0.99);
  });
});
