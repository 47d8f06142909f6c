// Unit tests of the code notebook 02 exports: the hand-written backpropagation
// against nnlab's autodiff, and the training loops' update rule.
import { backward, Random, scalar, tensor } from "nnlab";
import { describe, expect, it } from "vitest";
import {
  backprop221, backpropOneHidden, forward221, forwardOneHidden, initNet221, net221FromVector, net221ToVector,
  train221, trainOneHidden,
} from "../../lectures/src";

describe("one hidden node", () => {
  it("backpropOneHidden equals autodiff of the same cost", () => {
    const rng = new Random(3);
    for (let trial = 0; trial < 5; trial++) {
      const p = { w1: rng.normal(), b1: rng.normal(), w2: rng.normal(), b2: rng.normal() };
      const x = Array.from({ length: 7 }, () => rng.uniformIn(-2, 2));
      const y = x.map(() => rng.normal());
      const [w1, b1, w2, b2] = [p.w1, p.b1, p.w2, p.b2].map((v) => scalar(v).requireGrad());
      const a2 = w2.mul(w1.mul(tensor(x)).add(b1).sigmoid()).add(b2);
      const C = a2.sub(tensor(y)).square().mean().mul(0.5);
      backward(C);
      const g = backpropOneHidden(p, x, y);
      expect(g.C).toBeCloseTo(C.data[0], 13);
      [g.dC_dw1, g.dC_db1, g.dC_dw2, g.dC_db2].forEach((d, i) => expect(d).toBeCloseTo([w1, b1, w2, b2][i].grad!.data[0], 13));
    }
  });

  it("forwardOneHidden has an identity output and trainOneHidden steps against the gradient", () => {
    const p = { w1: 0.3, b1: -0.2, w2: 1.5, b2: 0.1 };
    const f = forwardOneHidden(p, 2);
    expect(f.a2).toBe(f.z2);
    expect(f.a1).toBeCloseTo(1 / (1 + Math.exp(-(0.3 * 2 - 0.2))), 15);
    const g = backpropOneHidden(p, [2, 3], [1, 4]);
    const one = trainOneHidden(p, [2, 3], [1, 4], { eta: 0.1, iterations: 1 });
    expect(one.params).toEqual({ w1: p.w1 - 0.1 * g.dC_dw1, b1: p.b1 - 0.1 * g.dC_db1, w2: p.w2 - 0.1 * g.dC_dw2, b2: p.b2 - 0.1 * g.dC_db2 });
    expect(one.cost).toEqual([g.C]);
    expect(p.w1).toBe(0.3); // the start is not modified
  });
});

describe("the 2-2-1 network", () => {
  const rng = new Random(11);
  const X = Array.from({ length: 25 }, () => [rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)]);
  const y = X.map(([a, b]) => a * b + 0.5 * a);

  it("backprop221 equals autodiff of the same cost, for all nine parameters", () => {
    for (let seed = 1; seed <= 3; seed++) {
      const p = initNet221(new Random(seed));
      const W1 = tensor(p.W1).requireGrad(), b1 = tensor(p.b1).requireGrad(), w2 = tensor(p.w2).requireGrad(), b2 = scalar(p.b2).requireGrad();
      const C = tensor(X).matmul(W1.T).add(b1).sigmoid().matmul(w2).add(b2).sub(tensor(y)).square().mean().mul(0.5);
      backward(C);
      const g = backprop221(p, X, y);
      expect(g.C).toBeCloseTo(C.data[0], 13);
      g.dW1.flat().forEach((d, i) => expect(d).toBeCloseTo(W1.grad!.data[i], 13));
      g.db1.forEach((d, i) => expect(d).toBeCloseTo(b1.grad!.data[i], 13));
      g.dw2.forEach((d, i) => expect(d).toBeCloseTo(w2.grad!.data[i], 13));
      expect(g.db2).toBeCloseTo(b2.grad!.data[0], 13);
    }
  });

  it("initNet221 draws N(0,1) weights with 0.01 biases; the vector form round-trips in the lecture's order", () => {
    const p = initNet221(new Random(5));
    expect(p.b1).toEqual([0.01, 0.01]);
    expect(p.b2).toBe(0.01);
    const t = net221ToVector(p);
    expect(t.slice(0, 4)).toEqual(p.W1.flat());
    expect(t.slice(4, 6)).toEqual(p.w2);
    expect(net221FromVector(t)).toEqual(p);
    expect(forward221(p, [0.2, -0.4]).a2).toBeCloseTo(
      p.w2[0] / (1 + Math.exp(-(p.W1[0][0] * 0.2 - p.W1[0][1] * 0.4 + 0.01))) +
      p.w2[1] / (1 + Math.exp(-(p.W1[1][0] * 0.2 - p.W1[1][1] * 0.4 + 0.01))) + 0.01, 14);
  });

  it("train221 lowers the cost with a small rate and leaves the start unchanged", () => {
    const p = initNet221(new Random(2));
    const before = net221ToVector(p);
    const run = train221(p, X, y, { eta: 0.2, iterations: 300 });
    expect(net221ToVector(p)).toEqual(before);
    expect(run.cost).toHaveLength(300);
    run.cost.slice(1).forEach((c, k) => expect(c).toBeLessThanOrEqual(run.cost[k] + 1e-15));
    expect(backprop221(run.params, X, y).C).toBeLessThan(run.cost[0]);
  });
});
