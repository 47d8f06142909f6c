// The lesson code that notebook 06 exports (lectures/src/06-ode-solver.ts), against
// independent references: plain-number loops for the network, central finite differences for
// the x-derivatives and for the gradient of the cost with respect to every parameter.
import { describe, expect, it } from "vitest";
import { Tensor, backward, initOdeNetwork, jvp, noGrad, onesLike } from "nnlab";
import {
  decayCost, decayTrial, odeGradientDescent, odeNetwork, odeParameters, poissonCost, poissonRhs, poissonTrial, poissonTrialSecond,
} from "../../lectures/src";

const gamma = 2;
const g0 = 10;
const column = (values: number[]) => new Tensor(Float64Array.from(values), [values.length, 1]);
const points = column(Array.from({ length: 10 }, (_, i) => i / 9));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** N(x) of a 1-H-1 network with plain numbers: sum_j W2_j sigmoid(W1_j x + b1_j) + b2. */
function plainNetwork(P: Tensor[], x: number): number {
  const [W1, b1, W2, b2] = P.map((p) => p.data);
  let out = b2[0];
  for (let j = 0; j < W1.length; j++) out += W2[j] * sigmoid(W1[j] * x + b1[j]);
  return out;
}

const values = (f: () => Tensor) => Array.from(noGrad(f).data);

describe("notebook 06: the network and the trial solutions", () => {
  it("odeParameters draws N(0, 1) weights and biases in the library's order (same seed, same numbers)", () => {
    const P = odeParameters([1, 10, 1], 1);
    const reference = initOdeNetwork({ hidden: [10], seed: 1 });
    expect(P.map((p) => p.shape)).toEqual([[1, 10], [10], [10, 1], [1]]);
    P.forEach((p, k) => expect(Array.from(p.data)).toEqual(Array.from(reference[k].data)));
    expect(P.every((p) => p.requiresGrad)).toBe(true);
  });

  it("odeNetwork computes sigma(x W1 + b1) W2 + b2, row by row", () => {
    const P = odeParameters([1, 10, 1], 3);
    const x = [-0.7, 0, 0.3, 1.2];
    const N = values(() => odeNetwork(column(x), P));
    x.forEach((t, i) => expect(N[i]).toBeCloseTo(plainNetwork(P, t), 12));
  });

  it("the trial solutions meet their conditions for any parameters", () => {
    for (const seed of [1, 2, 3]) {
      const P = odeParameters([1, 10, 10, 1], seed);
      expect(values(() => decayTrial(column([0]), P, g0))[0]).toBe(g0);
      expect(values(() => poissonTrial(column([0, 1]), P)).map(Math.abs)).toEqual([0, 0]);
    }
  });

  it("d/dx of the decay trial solution by jvp matches central differences of the plain-number trial", () => {
    const P = odeParameters([1, 10, 1], 1);
    const h = 1e-5;
    const trial = (t: number) => g0 + t * plainNetwork(P, t);
    const slope = Array.from(points.data, (t) => (trial(t + h) - trial(t - h)) / (2 * h));
    const dg = Array.from(noGrad(() => jvp((y) => decayTrial(y, P, g0), [points], [onesLike(points)]).tangent).data);
    dg.forEach((v, i) => expect(Math.abs(v - slope[i])).toBeLessThan(1e-8 * Math.max(1, Math.abs(slope[i]))));
    // and the cost built on it: sum_i (g_t'(x_i) + gamma g_t(x_i))^2 from the plain-number values
    const expectedCost = Array.from(points.data, (t, i) => (slope[i] + gamma * trial(t)) ** 2).reduce((a, b) => a + b, 0);
    const cost = noGrad(() => decayCost(points, P, gamma, g0)).item();
    expect(Math.abs(cost - expectedCost) / expectedCost).toBeLessThan(1e-8);
  });

  it("the second derivative by nested jvp matches the second central difference of the plain trial", () => {
    const P = odeParameters([1, 10, 1], 2);
    const h = 1e-4;
    const trial = (t: number) => t * (1 - t) * plainNetwork(P, t);
    const d2 = values(() => poissonTrialSecond(points, P));
    Array.from(points.data).forEach((t, i) => {
      const reference = (trial(t + h) - 2 * trial(t) + trial(t - h)) / (h * h);
      expect(Math.abs(d2[i] - reference)).toBeLessThan(1e-5 * Math.max(1, Math.abs(reference)));
    });
    const f = values(() => poissonRhs(points));
    Array.from(points.data).forEach((t, i) => expect(f[i]).toBeCloseTo((3 * t + t * t) * Math.exp(t), 12));
  });
});

/** Central-difference gradient of cost(P) in every entry of every tensor of P. */
function numericGradient(cost: (P: Tensor[]) => Tensor, P: Tensor[], h: number): number[][] {
  return P.map((p) => Array.from(p.data, (_, i) => {
    const at = (step: number) => {
      const saved = p.data[i];
      p.data[i] = saved + step;
      const c = noGrad(() => cost(P)).item();
      p.data[i] = saved;
      return c;
    };
    return (at(h) - at(-h)) / (2 * h);
  }));
}

describe("notebook 06: the gradients of the costs (backward through the jvp tangents)", () => {
  for (const [name, cost, sizes] of [
    ["decayCost, 1-10-1", (P: Tensor[]) => decayCost(points, P, gamma, g0), [1, 10, 1]],
    ["decayCost, 1-5-5-1", (P: Tensor[]) => decayCost(points, P, gamma, g0), [1, 5, 5, 1]],
    ["poissonCost, 1-10-1", (P: Tensor[]) => poissonCost(points, P), [1, 10, 1]],
  ] as const) {
    it(`${name}: every partial derivative matches central finite differences`, () => {
      const P = odeParameters([...sizes], 4);
      const c = cost(P);
      backward(c);
      const analytic = P.map((p) => Array.from(p.grad!.data));
      const numeric = numericGradient(cost, P, 1e-6);
      const scale = Math.max(...numeric.flat().map(Math.abs));
      analytic.flat().forEach((g, k) => expect(Math.abs(g - numeric.flat()[k])).toBeLessThan(1e-6 * scale));
    });
  }
});

describe("notebook 06: odeGradientDescent", () => {
  it("takes the step P <- P - eta grad c and records the cost before each step", () => {
    const eta = 0.001;
    const cost = (P: Tensor[]) => decayCost(points, P, gamma, g0);
    const P = odeParameters([1, 10, 1], 1);
    const before = P.map((p) => Array.from(p.data));
    const c0 = cost(P);
    backward(c0);
    const expected = P.map((p, k) => before[k].map((w, i) => w - eta * p.grad!.data[i]));
    P.forEach((p) => (p.grad = null));
    const history = odeGradientDescent(cost, P, eta, 1);
    expect(history[0]).toBe(c0.item());
    P.forEach((p, k) => expect(Array.from(p.data)).toEqual(expected[k]));
    expect(P.every((p) => p.grad === null)).toBe(true);
  });

  it("lowers the decay cost over the lecture's setting (10 points, 1-10-1, eta 0.001)", () => {
    const P = odeParameters([1, 10, 1], 1);
    const history = odeGradientDescent((q) => decayCost(points, q, gamma, g0), P, 0.001, 300);
    expect(history[299]).toBeLessThan(history[0] / 10);
    for (let i = 1; i < history.length; i++) expect(history[i]).toBeLessThanOrEqual(history[i - 1]);
  });
});
