// Values computed by notebooks/02-backprop-scalar.ipynb (see test/e2e/notebooks.test.ts),
// checked against references computed here: the costs written out as formulas and
// differentiated by central differences, and a forward pass of the 2-2-1 network.
import { expect } from "vitest";

export const probe = `({
  theta: theta, chainRule: chainRule, autodiff: autodiff, finite: finite, delta: [delta2, delta1],
  onePoint: [forwardOneHidden(onePoint.params, 4).a2, onePoint.cost[onePoint.cost.length - 1]],
  slow: { params: slow.params, cost: slow.cost[slow.cost.length - 1] },
  fast: { last: fast.cost[fast.cost.length - 1], lowest: lowest, lowestStep: lowestStep, tail: fast.cost.slice(-1000), w2: fast.params.w2 },
  saturated: { g1: saturated.dC_dw1[0], g2: saturated.dC_dw2[0], cost: saturated.cost[saturated.cost.length - 1] },
  normal: { g1: normalStart.dC_dw1[0], g2: normalStart.dC_dw2[0], cost: normalStart.cost[normalStart.cost.length - 1] },
  X: X, y: y, start: net221ToVector(start),
  backprop9: backprop9, finite9: finite9, autodiff9: autodiff9,
  fit: { params: net221ToVector(fit221.params), first: fit221.cost[0], last: fit221.cost[fit221.cost.length - 1], rSquared: rSquared },
  grid: { rms: typicalError, worst: worstError, worstAt: worstAt },
  library: { params: libraryParams, scratch: net221ToVector(scratch.params), cost: sigmoidHistory.epochs.map((e) => e.loss), scratchCost: scratch.cost, gap: libraryGap },
  tanhLast: tanhHistory.epochs[tanhHistory.epochs.length - 1].loss,
  rateRuns: rateRuns,
})`;

interface Values {
  theta: number[]; chainRule: number[]; autodiff: number[]; finite: number[]; delta: number[];
  onePoint: number[];
  slow: { params: { w1: number; b1: number; w2: number; b2: number }; cost: number };
  fast: { last: number; lowest: number; lowestStep: number; tail: number[]; w2: number };
  saturated: { g1: number; g2: number; cost: number };
  normal: { g1: number; g2: number; cost: number };
  X: number[][]; y: number[]; start: number[];
  backprop9: number[]; finite9: number[]; autodiff9: number[];
  fit: { params: number[]; first: number; last: number; rSquared: number };
  grid: { rms: number; worst: number; worstAt: number };
  library: { params: number[]; scratch: number[]; cost: number[]; scratchCost: number[]; gap: number };
  tanhLast: number;
  rateRuns: { eta: number; cost: number }[];
}

const sig = (z: number): number => 1 / (1 + Math.exp(-z));

/** Central differences of f at t, step h, computed here. */
function numericGradient(f: (t: number[]) => number, t: number[], h = 1e-6): number[] {
  return t.map((_, i) => {
    const up = t.slice(), down = t.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** The 2-2-1 network's output for Θ in the lecture's order (w00, w01, w10, w11, w0, w1, b0, b1, b2). */
function net(t: number[], x0: number, x1: number): number {
  return t[4] * sig(t[0] * x0 + t[1] * x1 + t[6]) + t[5] * sig(t[2] * x0 + t[3] * x1 + t[7]) + t[8];
}

export function check(v: Values): void {
  // one hidden node at (x, y) = (4, 9): the cost as one formula, differentiated numerically here
  const C1 = ([w1, b1, w2, b2]: number[]): number => 0.5 * (w2 * sig(w1 * 4 + b1) + b2 - 9) ** 2;
  const ref1 = numericGradient(C1, v.theta);
  v.chainRule.forEach((g, i) => expect(Math.abs(g - ref1[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(g))));
  v.autodiff.forEach((g, i) => expect(Math.abs(g - v.chainRule[i])).toBeLessThan(1e-14));
  v.finite.forEach((g, i) => expect(Math.abs(g - v.chainRule[i])).toBeLessThan(2e-9)); // the prose: ≤ ~1e-9
  expect(v.delta[0]).toBeCloseTo(v.chainRule[3], 12); // δ2 = ∂C/∂b2
  expect(v.delta[1]).toBeCloseTo(v.chainRule[1], 12); // δ1 = ∂C/∂b1

  // training on one point reaches the target
  expect(v.onePoint[0]).toBeCloseTo(9, 3);
  expect(v.onePoint[1]).toBeLessThan(1e-6);

  // 20 points of y = 2x + 1: η = 0.05 fits well with a large w2; η = 0.1 rises after its lowest point
  const xs = Array.from({ length: 20 }, (_, i) => (4 * i) / 19);
  const p = v.slow.params;
  const cSlow = xs.reduce((s, x) => s + 0.5 * (p.w2 * sig(p.w1 * x + p.b1) + p.b2 - (2 * x + 1)) ** 2, 0) / 20;
  expect(cSlow).toBeLessThan(0.01);
  expect(p.w2).toBeGreaterThan(5);
  expect(v.fast.lowest).toBeCloseTo(0.016, 3);
  expect(v.fast.lowestStep).toBeGreaterThan(2800);
  expect(v.fast.lowestStep).toBeLessThan(3000);
  expect(Math.min(...v.fast.tail)).toBeGreaterThan(0.039);
  expect(Math.max(...v.fast.tail)).toBeLessThan(0.044);
  expect(v.fast.last).toBeGreaterThan(cSlow);

  // saturation: the hidden weight's gradient is ~1e5 times smaller, the cost stays high
  expect(Math.abs(v.saturated.g1)).toBeLessThan(5e-5);
  expect(Math.abs(v.saturated.g1)).toBeGreaterThan(2e-5);
  expect(Math.abs(v.normal.g1) / Math.abs(v.saturated.g1)).toBeGreaterThan(5e4);
  expect(Math.abs(v.saturated.g2)).toBeCloseTo(3.9, 1);
  expect(v.saturated.cost).toBeCloseTo(2.9, 1);
  expect(v.normal.cost).toBeCloseTo(0.035, 3);

  // the data: 100 points of [0, 1]², y = f(x0, x1)
  expect(v.X).toHaveLength(100);
  v.X.forEach(([x0, x1], k) => {
    expect(x0 >= 0 && x0 < 1 && x1 >= 0 && x1 < 1).toBe(true);
    expect(v.y[k]).toBeCloseTo(x0 ** 2 + 3 * x0 * x1 + x1 ** 2 + 5, 12);
  });
  // the start: biases 0.01
  expect(v.start.slice(6)).toEqual([0.01, 0.01, 0.01]);

  // nine derivatives: against central differences of the cost written here
  const C9 = (t: number[]): number => v.X.reduce((s, [x0, x1], k) => s + 0.5 * (net(t, x0, x1) - v.y[k]) ** 2, 0) / v.X.length;
  const ref9 = numericGradient(C9, v.start);
  v.backprop9.forEach((g, i) => expect(Math.abs(g - ref9[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(g))));
  v.autodiff9.forEach((g, i) => expect(Math.abs(g - v.backprop9[i])).toBeLessThan(1e-14));
  v.finite9.forEach((g, i) => expect(Math.abs(g - v.backprop9[i])).toBeLessThan(2e-9));

  // training: the final parameters give the printed cost, R² from it
  expect(v.fit.first).toBeCloseTo(C9(v.start), 12);
  expect(v.fit.first).toBeCloseTo(25.685, 2);
  const cEnd = C9(v.fit.params);
  expect(cEnd).toBeLessThan(v.fit.last); // one more step after the last recorded cost lowers it
  expect(cEnd).toBeGreaterThan(0.99 * v.fit.last);
  expect(v.fit.last).toBeCloseTo(8.279e-4, 6);
  const yMean = v.y.reduce((s, t) => s + t, 0) / v.y.length;
  const variance = v.y.reduce((s, t) => s + (t - yMean) ** 2, 0) / v.y.length;
  expect(v.fit.rSquared).toBeCloseTo(1 - (2 * v.fit.last) / variance, 12);
  expect(v.fit.rSquared).toBeGreaterThan(0.998);

  // the grid error: recomputed here; largest at the corner (1, 1)
  const axis = Array.from({ length: 25 }, (_, i) => i / 24);
  const errs = axis.flatMap((x1) => axis.map((x0) => net(v.fit.params, x0, x1) - (x0 ** 2 + 3 * x0 * x1 + x1 ** 2 + 5)));
  expect(v.grid.rms).toBeCloseTo(Math.sqrt(errs.reduce((s, e) => s + e * e, 0) / errs.length), 10);
  expect(v.grid.worst).toBeCloseTo(Math.max(...errs.map(Math.abs)), 10);
  expect(v.grid.worstAt).toBe(24 * 25 + 24);
  expect(v.grid.rms).toBeCloseTo(0.04, 2);

  // the library: same parameters and costs as the loop, to rounding
  v.library.params.forEach((q, i) => expect(Math.abs(q - v.library.scratch[i])).toBeLessThan(1e-12));
  expect(v.library.gap).toBeLessThan(1e-12);
  expect(v.library.cost).toHaveLength(v.library.scratchCost.length);
  v.library.cost.forEach((c, k) => expect(Math.abs(c - v.library.scratchCost[k])).toBeLessThan(1e-12 * Math.max(1, c)));
  expect(v.library.cost[0]).toBeCloseTo(C9(v.start), 12);
  expect(v.tanhLast).toBeLessThan(2e-3);

  // exercise 2.3: η = 0.5 ends lowest; η = 2 blows the cost up
  const best = v.rateRuns.reduce((a, b) => (b.cost < a.cost ? b : a));
  expect(best.eta).toBe(0.5);
  expect(v.rateRuns.find((r) => r.eta === 0.5)!.cost).toBeCloseTo(v.library.scratchCost[v.library.scratchCost.length - 1], 6);
}
