// Values computed by notebooks/04-logic-gates.ipynb (see test/e2e/notebooks.test.ts), checked against
// independent references computed here: the truth tables from bit operations, the perceptron rule
// replayed by a plain loop, the network's forward pass (softmax and the lecture's sigmoids) recomputed
// from its probed weights, the divergence epochs from the factor (1 - eta lmbd); and against the
// numbers the notebook's prose states.
import { expect } from "vitest";

export const probe = `({
  X: X, gates: gates, andFit: andFit, orFit: orFit, xorFit: xorFit, scans: scans, before: before,
  handMadePrediction: handMadePrediction, xorAccuracy: xorAccuracy, weightGap: weightGap,
  weights: { wh: net.hiddenWeights.toArray(), bh: net.hiddenBias.toArray(), wo: net.outputWeights.toArray(), bo: net.outputBias.toArray() },
  after: after, lectureAfter: lectureOutputs(net, X), loss: run.loss, plateauEnd: plateauEnd, hiddenAfter: hiddenAfter,
  convergence: convergence, stuckSeed: stuckSeed, stuckP: stuckP, stuckHidden: stuckHidden, stuckLoss: stuckRun.loss.at(-1),
  grid: grid.accuracy.map((r) => r.map((v) => (Number.isNaN(v) ? null : v))), messages: grid.messages,
  sliderTraces: slider.data.length, sliderSteps: (slider.layout as any).sliders[0].steps.map((s: any) => ({ label: s.label, method: s.method, visible: s.args[0].visible })),
  snapshotEpochs: run.snapshots.map((s) => s.epoch), parity: parity, parityPrediction: parityNet.predict(tensor(X3)),
})`;

type Fit = { w: number[]; b: number; converged: boolean; epochs: number; mistakes: number[]; history: { w: number[]; b: number }[] };
interface Values {
  X: number[][]; gates: Record<"OR" | "AND" | "XOR", number[]>; andFit: Fit; orFit: Fit; xorFit: Fit;
  scans: { name: string; counts: number[] }[]; before: { softmax: number[][]; sigmoid: number[][] };
  handMadePrediction: number[]; xorAccuracy: number; weightGap: number;
  weights: { wh: number[][]; bh: number[][]; wo: number[][]; bo: number[][] };
  after: number[][]; lectureAfter: number[][]; loss: number[]; plateauEnd: number; hiddenAfter: number[][];
  convergence: { nHidden: number; converged: number; failing: number[] }[]; stuckSeed: number; stuckP: number[][];
  stuckHidden: number[][]; stuckLoss: number; grid: (number | null)[][]; messages: string[];
  sliderTraces: number; sliderSteps: { label: string; method: string; visible: boolean[] }[]; snapshotEpochs: number[];
  parity: number[]; parityPrediction: number[];
}

/** The perceptron rule from w = 0, b = 0, eta = 1, replayed independently. */
function replay(X: number[][], t: number[], maxEpochs: number) {
  let w1 = 0, w2 = 0, b = 0;
  const mistakes: number[] = [], history: { w: number[]; b: number }[] = [];
  for (let epoch = 1; epoch <= maxEpochs; epoch++) {
    let m = 0;
    for (let i = 0; i < 4; i++) {
      const out = w1 * X[i][0] + w2 * X[i][1] + b > 0 ? 1 : 0;
      const e = t[i] - out;
      if (e !== 0) {
        m++;
        w1 += e * X[i][0];
        w2 += e * X[i][1];
        b += e;
      }
    }
    mistakes.push(m);
    history.push({ w: [w1, w2], b });
    if (m === 0) return { w: [w1, w2], b, converged: true, epochs: epoch, mistakes, history };
  }
  return { w: [w1, w2], b, converged: false, epochs: maxEpochs, mistakes, history };
}

const sig = (z: number) => 1 / (1 + Math.exp(-z));

export function check(v: Values): void {
  // 4.1 truth tables
  expect(v.X).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
  expect(v.gates.OR).toEqual(v.X.map(([a, b]) => a | b));
  expect(v.gates.AND).toEqual(v.X.map(([a, b]) => a & b));
  expect(v.gates.XOR).toEqual(v.X.map(([a, b]) => a ^ b));

  // 4.2-4.3 the perceptron rule, against the replay
  expect(v.andFit).toEqual(replay(v.X, v.gates.AND, 100));
  expect(v.orFit).toEqual(replay(v.X, v.gates.OR, 100));
  expect(v.xorFit).toEqual(replay(v.X, v.gates.XOR, 100));
  expect(v.andFit.history[0]).toEqual({ w: [1, 1], b: 1 });
  expect(v.andFit.converged && v.orFit.converged).toBe(true);
  expect(v.xorFit.converged).toBe(false);
  expect(v.xorFit.mistakes.slice(0, 4)).toEqual([2, 3, 4, 4]);              // "2, 3, 4, 4, ..."
  expect(v.xorFit.mistakes.slice(2).every((m) => m === 4)).toBe(true);     // four from the third epoch on
  for (const h of v.xorFit.history.slice(1)) expect(h).toEqual({ w: [-1, 0], b: 1 });
  // the scan: XOR never 0 or 4 of 4; AND 2132 and OR 4160 perfect
  const counts = Object.fromEntries(v.scans.map((s) => [s.name, s.counts]));
  for (const c of Object.values(counts)) expect(c.reduce((a, b) => a + b, 0)).toBe(100000);
  expect(counts.XOR[4]).toBe(0);
  expect(counts.XOR[0]).toBe(0);
  expect(counts.AND[4]).toBe(2132);
  expect(counts.OR[4]).toBe(4160);

  // 4.4 the untrained network: softmax and sigmoids differ in value, agree in class; all 0
  const argmax = (rows: number[][]) => rows.map((r) => (r[1] > r[0] ? 1 : 0));
  expect(argmax(v.before.softmax)).toEqual([0, 0, 0, 0]);
  expect(argmax(v.before.sigmoid)).toEqual([0, 0, 0, 0]);
  v.before.softmax.forEach((r) => expect(r[0] + r[1]).toBeCloseTo(1, 12));
  expect(v.before.sigmoid[0][0]).toBeCloseTo(0.590, 3);
  expect(v.before.sigmoid[0][1]).toBeCloseTo(0.316, 3);
  expect(v.handMadePrediction).toEqual(v.gates.XOR);

  // 4.5 the trained network, forward pass recomputed from its weights
  const { wh, bh, wo, bo } = v.weights;
  const hidden = v.X.map((x) => [0, 1].map((j) => sig(x[0] * wh[0][j] + x[1] * wh[1][j] + bh[0][j])));
  const z = hidden.map((a) => [0, 1].map((k) => a[0] * wo[0][k] + a[1] * wo[1][k] + bo[0][k]));
  hidden.forEach((a, i) => a.forEach((h, j) => expect(v.hiddenAfter[i][j]).toBeCloseTo(h, 12)));
  z.forEach(([z0, z1], i) => {
    expect(v.after[i][1]).toBeCloseTo(sig(z1 - z0), 12);
    expect(v.lectureAfter[i][0]).toBeCloseTo(sig(z0), 12);
    expect(v.lectureAfter[i][1]).toBeCloseTo(sig(z1), 12);
    expect(Math.abs(v.after[i][1] - v.gates.XOR[i])).toBeLessThan(0.004);  // "within 0.004 of its target"
  });
  expect(v.xorAccuracy).toBe(1);
  expect(v.weightGap).toBeLessThan(1e-9);
  // the loss is the mean of -ln P(target), recomputed for the last epoch
  expect(v.loss.at(-1)!).toBeCloseTo(-v.gates.XOR.reduce((s, t, i) => s + Math.log(t ? v.after[i][1] : v.after[i][0]), 0) / 4, 12);
  expect(v.loss).toHaveLength(1000);
  expect(v.loss[0]).toBeCloseTo(0.803, 3);
  expect(v.plateauEnd).toBe(99);
  const plateau = v.loss.slice(9, 98);
  expect(Math.min(...plateau)).toBeCloseTo(0.646, 3);
  expect(Math.max(...plateau)).toBeCloseTo(0.696, 3);
  expect(v.loss[999]).toBeCloseTo(3.13e-3, 5);
  // 4.6 hidden layer: soft OR and soft AND
  expect(v.hiddenAfter.map((h) => (h[0] > 0.5 ? 1 : 0))).toEqual(v.gates.OR);
  expect(v.hiddenAfter.map((h) => (h[1] > 0.5 ? 1 : 0))).toEqual(v.gates.AND);
  // the slider: two traces per snapshot, each step shows exactly its two
  expect(v.sliderTraces).toBe(2 * v.sliderSteps.length);
  v.sliderSteps.forEach((s, k) => {
    expect(s.method).toBe("update");
    expect(s.visible.map((x, j) => (x ? j : -1)).filter((j) => j >= 0)).toEqual([2 * k, 2 * k + 1]);
  });
  expect(v.snapshotEpochs[0]).toBe(0);
  expect(v.snapshotEpochs.at(-1)).toBe(1000);

  // 4.7 seeds
  expect(v.convergence.map((c) => c.converged)).toEqual([15, 19, 20]);
  expect(v.convergence[0].failing).toEqual([3, 4, 10, 11, 15]);
  expect(v.stuckSeed).toBe(3);
  expect(v.stuckP[1][1]).toBeCloseTo(0.4987, 4);
  expect(v.stuckP[3][1]).toBeCloseTo(0.5017, 4);
  expect(v.stuckLoss).toBeCloseTo(0.3493, 4);
  expect(Math.abs(v.stuckLoss - Math.LN2 / 2)).toBeLessThan(0.005);
  for (const i of [1, 3]) for (const j of [0, 1]) expect(v.stuckHidden[i][j]).toBeGreaterThan(0.99);

  // 4.8 the grid: success only at eta = 0.1, lambda <= 1e-2; divergence exactly where eta lambda > 2
  const powers = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];
  powers.forEach((eta, i) => powers.forEach((lmbd, j) => {
    const a = v.grid[i][j];
    if (eta * lmbd > 2) expect(a).toBeNull();
    else if (eta === 0.1 && lmbd <= 1e-2) expect(a).toBe(1);
    else expect(a).toBe(0.5);
  }));
  const largest = Math.log(Number.MAX_VALUE);
  expect(v.messages).toEqual([
    `η = 1, λ = 10: the weights are no longer finite after epoch ${Math.round(largest / Math.log(9))} (ηλ = 10)`,
    `η = 10, λ = 1: the weights are no longer finite after epoch ${Math.round(largest / Math.log(9))} (ηλ = 10)`,
    `η = 10, λ = 10: the weights are no longer finite after epoch ${Math.ceil(largest / Math.log(99))} (ηλ = 100)`,
  ]);

  // exercise 4.5: parity learned by the network
  expect(v.parity).toEqual([0, 1, 1, 0, 1, 0, 0, 1]);
  expect(v.parityPrediction).toEqual(v.parity);
}
