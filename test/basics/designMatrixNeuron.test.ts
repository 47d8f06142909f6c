import { lusolve } from "mathjs";
import { eigs } from "mathjs";
import { describe, expect, it } from "vitest";
import {
  centralDifferenceGradient,
  designMatrixMaxLearningRate,
  designMatrixNeuronGradient,
  fitDesignMatrixNeuron,
  polynomialFeatures,
} from "../../lib/src/basics";
import { Random } from "../../lib/src/random";

const rng = new Random(11);
const n = 40;
const x = Array.from({ length: n }, () => rng.uniformIn(-1, 1));
// A cubic target with a little noise.
const y = x.map((t) => 1 - 2 * t + 0.5 * t * t + 3 * t ** 3 + 0.05 * rng.normal());
const X = polynomialFeatures(x, 3);

/** Closed-form minimiser of (1/2n)||X w + b - y||^2 + l2 ||w||^2 via the normal equations (solved by mathjs). */
function ridgeReference(l2: number): number[] {
  const A = X.map((row) => [...row, 1]);
  const q = A[0].length;
  const M: number[][] = [];
  const r: number[][] = [];
  for (let i = 0; i < q; i++) {
    M.push(new Array(q).fill(0));
    let s = 0;
    for (let k = 0; k < n; k++) s += A[k][i] * y[k];
    r.push([s / n]);
    for (let j = 0; j < q; j++) {
      let t = 0;
      for (let k = 0; k < n; k++) t += A[k][i] * A[k][j];
      M[i][j] = t / n + (i === j && i < q - 1 ? 2 * l2 : 0);
    }
  }
  return (lusolve(M, r) as number[][]).map((v) => v[0]);
}

describe("polynomialFeatures", () => {
  it("builds the columns x, x^2, ..., x^d", () => {
    expect(polynomialFeatures([2, -1], 3)).toEqual([[2, 4, 8], [-1, 1, -1]]);
    expect(() => polynomialFeatures([1], 0)).toThrow("polynomialFeatures: degree must be an integer >= 1");
  });
});

describe("designMatrixNeuronGradient", () => {
  it("agrees with central differences with L2 and L1 penalties (away from w = 0)", () => {
    const w = [0.4, -0.8, 1.3];
    const b = 0.2;
    const penalties = { l2: 0.03, l1: 0.02 };
    const g = designMatrixNeuronGradient(X, y, w, b, penalties);
    const numeric = centralDifferenceGradient((t) => designMatrixNeuronGradient(X, y, t.slice(0, 3), t[3], penalties).cost, [...w, b]);
    const analytic = [...g.dCdw, g.dCdb];
    for (let i = 0; i < 4; i++) expect(Math.abs(analytic[i] - numeric[i])).toBeLessThan(1e-8);
    expect(g.cost - g.dataCost).toBeCloseTo(0.03 * (0.16 + 0.64 + 1.69) + 0.02 * (0.4 + 0.8 + 1.3), 12);
  });

  it("names the mismatch", () => {
    expect(() => designMatrixNeuronGradient(X, y, [1, 2], 0)).toThrow("designMatrixNeuronGradient: w has 2 values but X has 3 columns");
    expect(() => designMatrixNeuronGradient([[1, 2], [3]], [1, 2], [1, 1], 0)).toThrow("X row 1 has 1 columns, expected 2");
  });
});

describe("fitDesignMatrixNeuron", () => {
  it("converges to the least-squares and ridge solutions of the normal equations", () => {
    for (const l2 of [0, 0.01]) {
      const reference = ridgeReference(l2);
      const eta = 0.9 * designMatrixMaxLearningRate(X, l2);
      const fit = fitDesignMatrixNeuron({ X, y, l2, learningRate: eta, iterations: 60000 });
      expect(fit.diverged).toBe(false);
      for (let j = 0; j < 3; j++) expect(Math.abs(fit.w[j] - reference[j])).toBeLessThan(1e-7);
      expect(Math.abs(fit.b - reference[3])).toBeLessThan(1e-7);
    }
  });

  it("a straight line (degree 1) cannot fit the cubic: its cost stays far above the cubic fit's", () => {
    const line = fitDesignMatrixNeuron({ X: polynomialFeatures(x, 1), y, learningRate: 0.5, iterations: 5000 });
    const cubic = fitDesignMatrixNeuron({ X, y, learningRate: 0.9 * designMatrixMaxLearningRate(X), iterations: 60000 });
    expect(line.cost.at(-1)!).toBeGreaterThan(20 * cubic.cost.at(-1)!);
    expect(cubic.cost.at(-1)!).toBeLessThan(0.05 ** 2); // noise level
  });

  it("L1 drives an irrelevant feature to (numerically) zero", () => {
    // y depends on column 0 only; column 1 is noise.
    const r = new Random(3);
    const Xn = Array.from({ length: 60 }, () => [r.normal(), r.normal()]);
    const yn = Xn.map((row) => 2 * row[0] + 0.01 * r.normal());
    const eta = 0.1;
    const l1 = 0.05;
    const fit = fitDesignMatrixNeuron({ X: Xn, y: yn, l1, learningRate: eta, iterations: 3000 });
    expect(Math.abs(fit.w[1])).toBeLessThanOrEqual(eta * l1);
    expect(Math.abs(fit.w[0] - 2)).toBeLessThan(0.1);
  });

  it("diverges above 2 / lambda_max (largest eigenvalue checked with mathjs) and says so", () => {
    const A = X.map((row) => [...row, 1]);
    const H = A[0].map((_, i) => A[0].map((__, j) => A.reduce((s, row) => s + row[i] * row[j], 0) / n));
    const lambdaMax = Math.max(...(eigs(H).values as number[]));
    expect(designMatrixMaxLearningRate(X)).toBeCloseTo(2 / lambdaMax, 8);
    const fit = fitDesignMatrixNeuron({ X, y, learningRate: 1.1 * (2 / lambdaMax), iterations: 20000 });
    expect(fit.diverged).toBe(true);
    expect(fit.message).toContain("fitDesignMatrixNeuron: gradient descent diverged");
  });
});
