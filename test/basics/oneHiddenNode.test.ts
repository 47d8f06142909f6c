import { derivative, parse } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  centralDifferenceGradient,
  oneHiddenNodeCost,
  oneHiddenNodeForward,
  oneHiddenNodeGradient,
  trainOneHiddenNode,
  type OneHiddenNodeParams,
} from "../../lib/src/basics";

const params: OneHiddenNodeParams = { w1: -0.27, b1: 1.04, w2: 0.99, b2: 0.15 };
const names = ["w1", "b1", "w2", "b2"] as const;

describe("oneHiddenNodeGradient", () => {
  for (const act of ["identity", "sigmoid"] as const) {
    it(`(${act} output) matches mathjs's symbolic derivatives of C on the lecture's point (4, 9)`, () => {
      const out = act === "identity" ? "z2" : "1 / (1 + exp(-z2))";
      const src = `(${out.replace(/z2/g, "(w2 / (1 + exp(-(w1 * x + b1))) + b2)")} - y)^2 / 2`;
      const C = parse(src);
      const y = act === "identity" ? 9 : 0.8;
      const scope = { ...params, x: 4, y };
      const g = oneHiddenNodeGradient(params, [4], [y], act);
      expect(g.cost).toBeCloseTo(C.evaluate(scope), 14);
      const analytic = [g.dCdw1, g.dCdb1, g.dCdw2, g.dCdb2];
      names.forEach((name, i) => expect(Math.abs(analytic[i] - derivative(C, name).evaluate(scope))).toBeLessThan(1e-12));
    });
  }

  it("matches central differences on many points, and delta1, delta2 are dC/db1, dC/db2", () => {
    const x = [0, 0.5, 1.5, 2, 4];
    const y = x.map((t) => 2 * t + 1);
    const g = oneHiddenNodeGradient(params, x, y);
    const numeric = centralDifferenceGradient(([w1, b1, w2, b2]) => oneHiddenNodeCost({ w1, b1, w2, b2 }, x, y), [params.w1, params.b1, params.w2, params.b2]);
    const analytic = [g.dCdw1, g.dCdb1, g.dCdw2, g.dCdb2];
    for (let i = 0; i < 4; i++) expect(Math.abs(analytic[i] - numeric[i])).toBeLessThan(1e-8);
    expect(g.delta1).toBe(g.dCdb1);
    expect(g.delta2).toBe(g.dCdb2);
  });

  it("on one point: delta2 = a2 - y, delta1 = delta2 w2 a1 (1 - a1), dC/dw2 = delta2 a1, dC/dw1 = delta1 x", () => {
    const f = oneHiddenNodeForward(params, 4);
    const a1 = 1 / (1 + Math.exp(-(params.w1 * 4 + params.b1)));
    expect(f.a1).toBeCloseTo(a1, 15);
    const g = oneHiddenNodeGradient(params, [4], [9]);
    expect(g.delta2).toBeCloseTo(f.a2 - 9, 14);
    expect(g.delta1).toBeCloseTo(g.delta2 * params.w2 * a1 * (1 - a1), 14);
    expect(g.dCdw2).toBeCloseTo(g.delta2 * a1, 14);
    expect(g.dCdw1).toBeCloseTo(g.delta1 * 4, 14);
  });
});

describe("trainOneHiddenNode", () => {
  it("fits the lecture's single point (4, 9) to cost < 1e-6 in 50 steps", () => {
    const fit = trainOneHiddenNode({ x: [4], y: [9], params0: params, learningRate: 0.1, iterations: 50 });
    expect(fit.cost).toHaveLength(51);
    expect(fit.cost[50]).toBeLessThan(1e-6);
    expect(oneHiddenNodeForward(fit.params, 4).a2).toBeCloseTo(9, 2);
    expect(fit.dCdw1).toHaveLength(50);
  });

  it("rejects a non-finite starting parameter, naming it", () => {
    expect(() => trainOneHiddenNode({ x: [1], y: [1], params0: { ...params, w2: NaN }, learningRate: 0.1, iterations: 1 })).toThrow(
      "trainOneHiddenNode: params0 [w1, b1, w2, b2][2] is NaN",
    );
  });

  it("rejects an unknown output activation", () => {
    expect(() => oneHiddenNodeGradient(params, [1], [1], "tanh" as never)).toThrow('outputActivation must be "identity" or "sigmoid"');
  });
});
