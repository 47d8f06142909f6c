// Values computed by notebooks/01-perceptron.ipynb (see test/e2e/notebooks.test.ts),
// checked against references computed here: closed-form least squares, the
// gradient-descent recursion in matrix form, mathjs, finite differences.
import { eigs, lusolve, multiply, transpose } from "mathjs";
import { expect } from "vitest";

export const probe = `({
  xData: xData, yData: yData, eta: eta,
  run: { w: run.w, b: run.b, cost: run.cost, diverged: run.diverged },
  single: [single.w, single.b],
  ratios: firstOrder.map((r) => r["ratio"]),
  lambdas: [lambdaMax, lambdaMin],
  sweep: sweep.map((r) => ({ eta: r.eta, w: r.w, b: r.b, diverged: r.diverged, steps: r.cost.length, last: r.cost[r.cost.length - 1] })),
  xc: xc, yc: yc,
  lineFit: [lineFit.w[0], lineFit.b, lineFit.cost[lineFit.cost.length - 1]],
  cubic: [...cubicFit.w, cubicFit.b],
  penalised: penalised.map((p) => [...p.fit.w, p.fit.b]),
  gapNoPenalty: gapNoPenalty, gapL2: gapL2,
  lib: { w: wLib, b: bLib, cost: history.epochs.map((e) => e.loss) },
  autodiff: [wT.grad!.data[0], bT.grad!.data[0]],
  sigmaErrors: sigmaChecks.map((r) => [r["finite diff. error"], r["mathjs error"]]),
  noisy: { y: yNoisy, w: noisyFit.w, b: noisyFit.b },
  etaLimit: etaLimit,
  nand: nand,
})`;

interface Values {
  xData: number[]; yData: number[]; eta: number;
  run: { w: number; b: number; cost: number[]; diverged: boolean };
  single: number[]; ratios: number[]; lambdas: number[];
  sweep: { eta: number; w: number; b: number; diverged: boolean; steps: number; last: number }[];
  xc: number[]; yc: number[]; lineFit: number[]; cubic: number[]; penalised: number[][];
  gapNoPenalty: number; gapL2: number;
  lib: { w: number; b: number; cost: number[] };
  autodiff: number[]; sigmaErrors: number[][];
  noisy: { y: number[]; w: number; b: number };
  etaLimit: number; nand: number[];
}

const mean = (v: number[]): number => v.reduce((s, t) => s + t, 0) / v.length;

/** The least-squares solution [w..., b] of A θ = y with A = [X 1], by mathjs. */
function leastSquares(X: number[][], y: number[], l2 = 0): number[] {
  const A = X.map((r) => [...r, 1]);
  const n = A.length, p = A[0].length;
  const M = (multiply(transpose(A), A) as number[][]).map((r, i) => r.map((v, j) => v / n + (i === j && i < p - 1 ? 2 * l2 : 0)));
  const rhs = (multiply(transpose(A), y) as number[]).map((v) => v / n);
  return (lusolve(M, rhs) as number[][]).map((r) => r[0]);
}

/** Gradient descent on C = ½ θᵀHθ - gᵀθ + const as the matrix recursion θ <- θ - η (Hθ - g), from 0. */
function matrixRecursion(x: number[], y: number[], eta: number, steps: number): number[] {
  const H = [[mean(x.map((v) => v * v)), mean(x)], [mean(x), 1]];
  const g = [mean(x.map((v, i) => v * y[i])), mean(y)];
  let t = [0, 0];
  for (let k = 0; k < steps; k++) {
    const grad = [H[0][0] * t[0] + H[0][1] * t[1] - g[0], H[1][0] * t[0] + H[1][1] * t[1] - g[1]];
    t = [t[0] - eta * grad[0], t[1] - eta * grad[1]];
  }
  return t;
}

export function check(v: Values): void {
  const { xData: x, yData: y } = v;
  // the data lie on y = 2x + 1, so least squares gives w = 2, b = 1
  const [wLs, bLs] = leastSquares(x.map((t) => [t]), y);
  expect(wLs).toBeCloseTo(2, 10);
  expect(bLs).toBeCloseTo(1, 10);
  // the loop with η = 0.1: within 2e-4 of the least-squares line (the prose), and equal to the matrix recursion
  expect(v.eta).toBe(0.1);
  expect(v.run.diverged).toBe(false);
  expect(Math.abs(v.run.w - wLs)).toBeLessThan(2e-4);
  expect(Math.abs(v.run.b - bLs)).toBeLessThan(2e-4);
  const ref = matrixRecursion(x, y, v.eta, v.run.cost.length);
  expect(v.run.w).toBeCloseTo(ref[0], 12);
  expect(v.run.b).toBeCloseTo(ref[1], 12);
  // the cost falls monotonically for η < 1/λmax
  v.run.cost.slice(1).forEach((c, k) => expect(c).toBeLessThanOrEqual(v.run.cost[k]));

  // one point (4, 9) from (0.5, 0.1): the closest point of the line 4w + b = 9
  const tProj = (9 - 4 * 0.5 - 0.1) / 17;
  expect(v.single[0]).toBeCloseTo(0.5 + 4 * tProj, 9);
  expect(v.single[1]).toBeCloseTo(0.1 + tProj, 9);

  // Nielsen's first-order argument: exact ratio ΔC / (-η|g|²) = 1 - η gᵀHg / (2|g|²) at θ = 0
  const H = [[mean(x.map((t) => t * t)), mean(x)], [mean(x), 1]];
  const g = [-mean(x.map((t, i) => t * y[i])), -mean(y)]; // ∇C at (0, 0)
  const gHg = g[0] * (H[0][0] * g[0] + H[0][1] * g[1]) + g[1] * (H[1][0] * g[0] + H[1][1] * g[1]);
  const g2 = g[0] ** 2 + g[1] ** 2;
  [0.001, 0.01, 0.1, 0.3, 0.4].forEach((eta, k) => expect(v.ratios[k]).toBeCloseTo(1 - (eta * gHg) / (2 * g2), 9));
  expect(v.ratios[0]).toBeGreaterThan(0.99);
  expect(v.ratios[2]).toBeGreaterThan(0.6);
  expect(v.ratios[2]).toBeLessThan(0.75);
  expect(v.ratios[4]).toBeLessThan(0);

  // eigenvalues of H against mathjs, and the stated values
  const ev = (eigs(H).values as number[]).slice().sort((p, q) => q - p);
  expect(v.lambdas[0]).toBeCloseTo(ev[0], 10);
  expect(v.lambdas[1]).toBeCloseTo(ev[1], 10);
  expect(2 / ev[0]).toBeCloseTo(0.321, 3);
  expect(2 / (ev[0] + ev[1])).toBeCloseTo(0.309, 3);
  expect(ev[1]).toBeCloseTo(0.24, 2);

  // the sweep: exactly the rates above 2/λmax diverge; 0.3 converges to the line; 0.001 is far off
  for (const r of v.sweep) {
    expect(r.diverged).toBe(r.eta > 2 / ev[0]);
    if (!r.diverged) {
      const t = matrixRecursion(x, y, r.eta, r.steps);
      expect(r.w).toBeCloseTo(t[0], 9);
      expect(r.b).toBeCloseTo(t[1], 9);
    }
  }
  expect(v.sweep[3].w).toBeCloseTo(2, 6);
  expect(v.sweep[0].last).toBeGreaterThan(1);
  expect(v.sweep[4].steps).toBeLessThan(200);

  // design matrix: the line fit is least squares with one input; the cubic fit matches the normal equations
  const line = leastSquares(v.xc.map((t) => [t]), v.yc);
  expect(v.lineFit[0]).toBeCloseTo(line[0], 6);
  expect(v.lineFit[1]).toBeCloseTo(line[1], 6);
  expect(v.lineFit[2]).toBeGreaterThan(100 * 0.5 * 0.05 ** 2);
  const cubic = leastSquares(v.xc.map((t) => [t, t ** 2, t ** 3]), v.yc);
  v.cubic.forEach((c, i) => expect(c).toBeCloseTo(cubic[i], 8));

  // penalties: the unpenalised run is still far from its minimum, L2 reaches its own, L1 keeps x..x³ and x⁵
  const X9 = v.xc.map((t) => Array.from({ length: 9 }, (_, j) => t ** (j + 1)));
  const ols9 = leastSquares(X9, v.yc);
  const ridge9 = leastSquares(X9, v.yc, 1e-3);
  const dist = (a: number[], b: number[]): number => Math.max(...a.map((t, i) => Math.abs(t - b[i])));
  expect(dist(v.penalised[0], ols9)).toBeGreaterThan(1);
  expect(v.gapNoPenalty).toBeCloseTo(dist(v.penalised[0], ols9), 6);
  expect(dist(v.penalised[1], ridge9)).toBeLessThan(1e-9);
  expect(v.gapL2).toBeLessThan(1e-9);
  expect(Math.max(...ols9.slice(0, 9).map(Math.abs))).toBeGreaterThan(4.5);
  const l1 = v.penalised[2];
  [0, 1, 2, 4].forEach((j) => expect(Math.abs(l1[j])).toBeGreaterThan(0.1));
  [3, 5, 6, 7, 8].forEach((j) => expect(Math.abs(l1[j])).toBeLessThan(0.005));
  const noPenalty = v.penalised[0].slice(3, 9);
  expect(noPenalty.some((w) => w > 0.2) && noPenalty.some((w) => w < -0.2)).toBe(true); // mixed signs

  // the library (Dense + quadraticLoss + SGD in fit) agrees with the loop to rounding
  expect(Math.abs(v.lib.w - v.run.w)).toBeLessThan(1e-12);
  expect(Math.abs(v.lib.b - v.run.b)).toBeLessThan(1e-12);
  expect(v.lib.cost).toHaveLength(v.run.cost.length);
  v.lib.cost.forEach((c, k) => expect(Math.abs(c - v.run.cost[k])).toBeLessThanOrEqual(1e-12 * v.run.cost[k]));

  // autodiff at (0.5, 0.1) against a central difference computed here
  const C = (w: number, b: number): number => mean(x.map((t, i) => 0.5 * (w * t + b - y[i]) ** 2));
  const h = 1e-6;
  expect(v.autodiff[0]).toBeCloseTo((C(0.5 + h, 0.1) - C(0.5 - h, 0.1)) / (2 * h), 6);
  expect(v.autodiff[1]).toBeCloseTo((C(0.5, 0.1 + h) - C(0.5, 0.1 - h)) / (2 * h), 6);

  // σ' checks: finite differences within 1e-11, mathjs to rounding (the prose)
  v.sigmaErrors.forEach(([fd, sym]) => { expect(fd).toBeLessThan(1e-11); expect(sym).toBeLessThan(1e-15); });

  // exercises: noisy fit = least squares of the noisy data; the stability limit; NAND
  const noisy = leastSquares(x.map((t) => [t]), v.noisy.y);
  expect(v.noisy.w).toBeCloseTo(noisy[0], 7);
  expect(v.noisy.b).toBeCloseTo(noisy[1], 7);
  const xFar = Array.from({ length: 20 }, (_, i) => 10 + (4 * i) / 19);
  const Hfar = [[mean(xFar.map((t) => t * t)), mean(xFar)], [mean(xFar), 1]];
  expect(v.etaLimit).toBeCloseTo(2 / Math.max(...(eigs(Hfar).values as number[])), 10);
  expect(v.nand).toEqual([1, 1, 1, 0]);
}
