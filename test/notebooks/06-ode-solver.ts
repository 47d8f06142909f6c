// Values computed by notebooks/06-ode-solver.ipynb (see test/e2e/notebooks.test.ts), checked against
// independent references computed here: the closed forms g0 e^(-gamma x) and x (1 - x) e^x, -sin x for
// the nested jvp, and a plain-loop finite-difference Poisson solver (Thomas algorithm).
import { expect } from "vitest";

const xPoints = "plotPoints";
export const probe = `({
  xPlot: ${xPoints}, x: Array.from(x.data), untrained0: untrained.data[0],
  fdGap: fdGap, jvpPassed: jvpCheck.passed, costPassed: costCheck.passed,
  history0: history[0], historyLast: history[iterations - 1], iterations: iterations, gPlot: Array.from(gPlot), gdError: gdError,
  micros: microsPerIteration, historyGap: historyGap, parameterGap: parameterGap, libError: lib.maxError(exact, ${xPoints}),
  runs: runs.map(([name, s]) => ({ name: name, iterations: s.iterations, cost: s.cost, error: s.maxError(exact, plotPoints), g: Array.from(s.predict(${xPoints})) })),
  xs: Array.from(xs.data), secondOfSin: Array.from(secondOfSin.data), fd2Gap: fd2Gap,
  poissonGd: Array.from(poissonGd), poissonGdError: poissonGdError, poissonGap: poissonGap, poissonHistory0: poissonHistory[0],
  poissonHistoryLast: poissonHistory[4999], poissonLm: Array.from(poissonLm.predict(${xPoints})),
  sizes: sizes, fdErrors: fdErrors, gdOnGrid: gdOnGrid, lmOnGrid: lmOnGrid,
  ok: [ok61, ok62, ok63a, ok63b, ok64], errorAtOne: errorAtOne
})`;

interface Run { name: string; iterations: number; cost: number; error: number; g: number[] }
interface Values {
  xPlot: number[]; x: number[]; untrained0: number; fdGap: number; jvpPassed: boolean; costPassed: boolean;
  history0: number; historyLast: number; iterations: number; gPlot: number[]; gdError: number;
  micros: number; historyGap: number; parameterGap: number; libError: number; runs: Run[];
  xs: number[]; secondOfSin: number[]; fd2Gap: number;
  poissonGd: number[]; poissonGdError: number; poissonGap: number; poissonHistory0: number; poissonHistoryLast: number; poissonLm: number[];
  sizes: number[]; fdErrors: number[]; gdOnGrid: number; lmOnGrid: number; ok: boolean[]; errorAtOne: number;
}

const decayExact = (x: number) => 10 * Math.exp(-2 * x);
const poissonExact = (x: number) => x * (1 - x) * Math.exp(x);
const maxError = (xs: number[], g: number[], exact: (x: number) => number) => Math.max(...xs.map((x, i) => Math.abs(g[i] - exact(x))));

/** -g'' = (3x + x^2) e^x, g(0) = g(1) = 0, by the three-point stencil on n points (Thomas algorithm); max error at the grid. */
function finiteDifferenceError(n: number): number {
  const h = 1 / (n - 1);
  const m = n - 2; // interior unknowns: (-g_{i-1} + 2 g_i - g_{i+1}) / h^2 = f_i
  const x = Array.from({ length: m }, (_, i) => (i + 1) * h);
  const c = new Array<number>(m).fill(0);
  const d = x.map((t) => h * h * (3 * t + t * t) * Math.exp(t));
  let diag = 2;
  c[0] = -1 / diag;
  d[0] /= diag;
  for (let i = 1; i < m; i++) {
    diag = 2 + c[i - 1];
    c[i] = -1 / diag;
    d[i] = (d[i] + d[i - 1]) / diag;
  }
  for (let i = m - 2; i >= 0; i--) d[i] -= c[i] * d[i + 1];
  return maxError(x, d, poissonExact);
}

export function check(v: Values): void {
  // the lecture's points and the untrained trial solution: g_t(0) = g0 exactly
  expect(v.x.length).toBe(10);
  v.x.forEach((t, i) => expect(t).toBeCloseTo(i / 9, 14));
  expect(v.xPlot.length).toBe(101);
  expect(v.untrained0).toBe(10);

  // forward mode against finite differences and checkGrad; the cost's gradient against checkGrad
  expect(v.fdGap).toBeLessThan(1e-8);
  expect(v.jvpPassed).toBe(true);
  expect(v.costPassed).toBe(true);

  // the from-scratch gradient descent: 10 000 iterations, error of order 1e-2 against the closed form
  expect(v.iterations).toBe(10000);
  expect(v.historyLast).toBeLessThan(v.history0 / 1e4);
  const gdError = maxError(v.xPlot, v.gPlot, decayExact);
  expect(Math.abs(gdError - v.gdError)).toBeLessThan(1e-12);
  expect(gdError).toBeGreaterThan(1e-3);
  expect(gdError).toBeLessThan(2e-2);
  expect(Number.isFinite(v.micros) && v.micros > 0).toBe(true);

  // solveOde with the same network, seed, points and algorithm: the same run to rounding
  expect(v.historyGap).toBeLessThan(1e-10);
  expect(v.parameterGap).toBeLessThan(1e-10);
  expect(Math.abs(v.libError - gdError) / gdError).toBeLessThan(1e-9);

  // Adam and Levenberg-Marquardt: the errors the prose orders, recomputed from the predictions
  const [gd, adam, lm, lm20] = v.runs;
  expect(v.runs.map((r) => r.name)).toEqual(["gradient descent, 10 points", "Adam, 10 points", "Levenberg-Marquardt, 10 points", "Levenberg-Marquardt, 20 points"]);
  for (const r of v.runs) expect(Math.abs(maxError(v.xPlot, r.g, decayExact) - r.error)).toBeLessThan(1e-9 * r.error);
  expect(gd.iterations).toBe(10000);
  expect(adam.iterations).toBe(10000);
  expect(adam.cost).toBeLessThan(gd.cost / 10);
  expect(adam.error).toBeLessThan(gd.error / 2);
  expect(lm.cost).toBeLessThan(1e-20);
  expect(lm.error).toBeLessThan(adam.error / 10);
  expect(lm.error).toBeGreaterThan(1e-6); // not zero: the cost sees only the collocation points
  expect(lm20.error).toBeLessThan(lm.error / 5);

  // nested forward mode: d2/dx2 sin = -sin, and on the Poisson trial against the second central difference
  v.xs.forEach((t, i) => expect(v.secondOfSin[i]).toBeCloseTo(-Math.sin(t), 12));
  expect(v.fd2Gap).toBeLessThan(1e-5);

  // Poisson: from scratch, the library with the same settings, Levenberg-Marquardt
  expect(v.poissonHistoryLast).toBeLessThan(v.poissonHistory0 / 100);
  const poissonGdError = maxError(v.xPlot, v.poissonGd, poissonExact);
  expect(Math.abs(poissonGdError - v.poissonGdError)).toBeLessThan(1e-12);
  expect(poissonGdError).toBeLessThan(5e-3);
  expect(v.poissonGap).toBeLessThan(1e-10);
  expect(maxError(v.xPlot, v.poissonLm, poissonExact)).toBeLessThan(1e-6);

  // finite differences: the notebook's errors against a plain solver here; ratios near 4; the networks on the 10-point grid
  expect(v.sizes).toEqual([10, 20, 40, 80, 160]);
  v.sizes.forEach((n, i) => expect(Math.abs(v.fdErrors[i] - finiteDifferenceError(n))).toBeLessThan(1e-9 * v.fdErrors[i]));
  for (let i = 1; i < v.sizes.length; i++) {
    const ratio = v.fdErrors[i - 1] / v.fdErrors[i];
    expect(ratio).toBeGreaterThan(3.9);
    expect(ratio).toBeLessThan(4.6);
  }
  expect(v.gdOnGrid).toBeLessThan(v.fdErrors[0]);
  expect(v.lmOnGrid).toBeLessThan(1e-3 * v.fdErrors[0]);

  // the exercises' solutions pass their checks
  expect(v.ok).toEqual([true, true, true, true, true]);
  expect(v.errorAtOne).toBeLessThan(0.02);
}
