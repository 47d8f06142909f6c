import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { activations } from "../../lib/src/nn/activations";
import { costs, getCost, quadraticCost, type Cost } from "../../lib/src/nn/costs";

const n = 4;
const C = 3;

function randomProblem(seed: number, oneHot: boolean): { z: Float64Array; y: Float64Array } {
  const rng = new Random(seed);
  const z = Float64Array.from({ length: n * C }, () => rng.normal(0, 1.5));
  const y = new Float64Array(n * C);
  for (let r = 0; r < n; r++) {
    if (oneHot) y[r * C + rng.int(C)] = 1;
    else for (let c = 0; c < C; c++) y[r * C + c] = rng.uniform();
  }
  return { z, y };
}

/** Central finite differences of z -> cost.fn(f(z), y) for every component of z. */
function finiteDifferenceDelta(cost: Cost, z: Float64Array, y: Float64Array): Float64Array {
  const h = 1e-6;
  const value = (zz: Float64Array): number => cost.fn(cost.outputActivation.fn(zz, undefined, { columns: C }), y, n, C);
  const out = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    const plus = z.slice();
    const minus = z.slice();
    plus[i] += h;
    minus[i] -= h;
    out[i] = (value(plus) - value(minus)) / (2 * h);
  }
  return out;
}

const cases: [string, Cost, boolean][] = [
  ["quadratic", costs.quadratic, false],
  ["quadraticMean", costs.quadraticMean, false],
  ["binaryCrossEntropy", costs.binaryCrossEntropy, false],
  ["binaryCrossEntropyMean", costs.binaryCrossEntropyMean, false],
  ["softmaxCrossEntropy", costs.softmaxCrossEntropy, true],
  ["softmaxCrossEntropyMean", costs.softmaxCrossEntropyMean, true],
  ["quadratic with softmax output", quadraticCost({ activation: activations.softmax }), true],
  ["quadratic with identity output", quadraticCost({ activation: activations.identity }), false],
];

describe("cost deltas are the derivative of the cost", () => {
  for (const [name, cost, oneHot] of cases) {
    it(`${name}: delta equals finite differences of fn (relative error <= 1e-6)`, () => {
      const { z, y } = randomProblem(7, oneHot);
      const a = cost.outputActivation.fn(z, undefined, { columns: C });
      const delta = cost.delta(z, a, y, n, C);
      const fd = finiteDifferenceDelta(cost, z, y);
      let num = 0;
      let den = 0;
      for (let i = 0; i < z.length; i++) {
        num += (delta[i] - fd[i]) ** 2;
        den += fd[i] ** 2;
      }
      expect(Math.sqrt(num / den)).toBeLessThan(1e-6);
    });
  }
});

describe("cost values", () => {
  const a = Float64Array.of(0.2, 0.7, 0.9, 0.4); // [2, 2]
  const y = Float64Array.of(0, 1, 1, 0);

  it("quadratic: ½ Σ ||a - y||² and its mean 1/(2n) Σ ||a - y||² (hand-computed)", () => {
    const sum = 0.5 * (0.2 ** 2 + 0.3 ** 2 + 0.1 ** 2 + 0.4 ** 2);
    expect(costs.quadratic.fn(a, y, 2, 2)).toBeCloseTo(sum, 15);
    expect(costs.quadraticMean.fn(a, y, 2, 2)).toBeCloseTo(sum / 2, 15);
  });

  it("binary cross-entropy: -Σ [y ln a + (1-y) ln(1-a)] (hand-computed)", () => {
    const expected = -(Math.log(0.8) + Math.log(0.7) + Math.log(0.9) + Math.log(0.6));
    expect(costs.binaryCrossEntropy.fn(a, y, 2, 2)).toBeCloseTo(expected, 14);
    expect(costs.crossEntropy).toBe(costs.binaryCrossEntropy); // Nielsen's CrossEntropyCost
    // zero-weight terms are skipped: a = 0 with y = 0 costs nothing (not 0 * -Infinity = NaN)
    expect(costs.binaryCrossEntropy.fn(Float64Array.of(0, 1), Float64Array.of(0, 1), 1, 2)).toBe(0);
  });

  it("softmax cross-entropy: -Σ y ln a, and fnFromLogits agrees and stays finite for huge logits", () => {
    const z = Float64Array.of(1, 2, 3);
    const p = activations.softmax.fn(z);
    const target = Float64Array.of(0, 0, 1);
    expect(costs.softmaxCrossEntropy.fn(p, target, 1, 3)).toBeCloseTo(-Math.log(p[2]), 14);
    expect(costs.softmaxCrossEntropy.fnFromLogits(z, target, 1, 3)).toBeCloseTo(-Math.log(p[2]), 14);
    // a probability underflows to 0 here, but log-sum-exp gives the exact 2000
    const big = Float64Array.of(1000, -1000, 0);
    expect(costs.softmaxCrossEntropy.fnFromLogits(big, Float64Array.of(0, 1, 0), 1, 3)).toBeCloseTo(2000, 9);
  });

  it("binary cross-entropy from logits agrees with fn and is finite for saturated neurons", () => {
    const z = Float64Array.of(-2, 0.5, 3, 1);
    const s = activations.sigmoid.fn(z);
    const yy = Float64Array.of(0, 1, 0.3, 1);
    expect(costs.binaryCrossEntropy.fnFromLogits(z, yy, 2, 2)).toBeCloseTo(costs.binaryCrossEntropy.fn(s, yy, 2, 2), 12);
    // σ(-800) = 0 exactly; ln(1 + e^800) ≈ 800
    expect(costs.binaryCrossEntropy.fnFromLogits(Float64Array.of(-800), Float64Array.of(1), 1, 1)).toBeCloseTo(800, 9);
  });

  it("delta = probabilities - targets for the fused softmax cross-entropy (hand-computed)", () => {
    const p = Float64Array.of(0.1, 0.7, 0.2);
    const d = costs.softmaxCrossEntropy.delta(new Float64Array(3), p, Float64Array.of(0, 1, 0), 1, 3);
    expect(Array.from(d)).toEqual([0.1, 0.7 - 1, 0.2]);
  });
});

describe("argument checks", () => {
  it("names the cost, the method and the argument", () => {
    expect(() => costs.quadratic.fn(new Float64Array(5), new Float64Array(6), 2, 3)).toThrow(/costs\.quadratic\.fn: a has 5 values, expected n\*C = 2\*3 = 6/);
    expect(() => costs.softmaxCrossEntropy.delta(new Float64Array(6), new Float64Array(6), new Float64Array(6), 0, 3)).toThrow(/costs\.softmaxCrossEntropy\.delta: n must be a positive integer/);
    expect(() => costs.binaryCrossEntropy.delta(new Float64Array(2), new Float64Array(2), new Float64Array(2), 1, 2, new Float64Array(1))).toThrow(/out must be a Float64Array of length 2/);
  });

  it("the cross-entropies reject outputs and targets outside [0, 1] (a wrong number otherwise), but let a NaN output through", () => {
    // -[1 ln 1.5] = -0.405...: a negative "cross-entropy" if a were accepted
    expect(() => costs.crossEntropy.fn(Float64Array.of(1.5), Float64Array.of(1), 1, 1)).toThrow(/costs\.binaryCrossEntropy\.fn: a\[0\] = 1\.5 is not in \[0, 1\]; pass the output activations/);
    expect(() => costs.softmaxCrossEntropy.fn(Float64Array.of(0.5, 0.5), Float64Array.of(Number.NaN, 0), 1, 2)).toThrow(/costs\.softmaxCrossEntropy\.fn: y\[0\] = NaN is not in \[0, 1\]/);
    expect(() => costs.softmaxCrossEntropyMean.fnFromLogits(Float64Array.of(0, 0), Float64Array.of(2, -1), 1, 2)).toThrow(/costs\.softmaxCrossEntropyMean\.fnFromLogits: y\[0\] = 2 is not in \[0, 1\]/);
    expect(() => costs.binaryCrossEntropy.fnFromLogits(Float64Array.of(0), Float64Array.of(-1), 1, 1)).toThrow(/y\[0\] = -1 is not in \[0, 1\]/);
    expect(costs.crossEntropy.fn(Float64Array.of(Number.NaN), Float64Array.of(1), 1, 1)).toBeNaN();
  });

  it("getCost looks costs up by name", () => {
    for (const [name, cost] of Object.entries(costs)) expect(getCost(name)).toBe(cost);
    expect(() => getCost("hinge")).toThrow(/getCost: unknown cost "hinge"/);
  });
});

describe("quadratic cost on other output activations", () => {
  it("is named after its activation and getCost rebuilds it from the name", () => {
    const cost = quadraticCost({ activation: activations.identity, reduction: "mean" });
    expect(cost.name).toBe("quadraticMean:identity");
    const again = getCost(cost.name);
    expect(again.outputActivation).toBe(activations.identity);
    expect(again.reduction).toBe("mean");
    expect(() => getCost("quadratic:swish")).toThrow(/unknown activation "swish"/);
  });
});
