// Values computed by notebooks/07-deep-networks.ipynb (see test/e2e/notebooks.test.ts), checked
// against independent references where there is one (the staircase's error bound max|f'| h/2 from
// a central-difference scan done here, the weight count by formula, the variance argument
// recomputed from the measured slopes, the benign share as 36/57) and against the numbers the
// notebook's prose states.
import { expect } from "vitest";

export const probe = `({
  derivativeTable: derivativeTable, stairNeurons: stairNeurons, stairErrors: stairErrors,
  trained: trained.map((t) => ({ width: t.width, maxError: t.maxError, rmsError: t.rmsError })),
  norms: norms, autodiffNorms: autodiffNorms, handVsAutodiff: handVsAutodiff,
  layerStats: layerStats, nVar: setups.map((s) => s.nVar), varianceTable: varianceTable,
  deadAtStart: deadAtStart, reluRuns: reluRuns, bnGap: bnGap, bnAccuracies: bnAccuracies,
  dropMean: mean(dropped).item(), weightCount: weightCount, parameterCount: dropoutNet(0).parameterCount(),
  dropout: dropoutRuns.map((h) => ({ loss: h.epochs.map((e) => e.loss), valLoss: h.epochs.map((e) => e.valLoss), valAccuracy: h.epochs.map((e) => e.valAccuracy) })),
  clipCurves: clipCurves, clipDead: clipDead, clipFit: clipFit.epochs.map((e) => e.valAccuracy),
  rankingTable: rankingTable, activationCurves: activationCurves,
  cancerTrain: cancerGrid.scores.trainAccuracy, cancerTest: cancerGrid.scores.testAccuracy, benignShare: benignShare,
  testSize: cancerTestX.shape[0], trainSize: cancerTrainX.shape[0],
  stair50Error: stair50Error, stair50Estimate: stair50Estimate, lLayer: lLayer,
  glorotFactor: glorotFactor, predictedFactor: predictedFactor, dropoutSeeds: dropoutSeeds, best: best,
})`;

interface Stat { meanSlope: number; rmsSlope: number; saturated: number; dead: number }
interface Values {
  derivativeTable: Record<string, string>[]; stairNeurons: number[]; stairErrors: number[];
  trained: { width: number; maxError: number; rmsError: number }[];
  norms: number[][]; autodiffNorms: number[][]; handVsAutodiff: number;
  layerStats: Stat[][]; nVar: number[]; varianceTable: { setup: string; measured: number; "variance argument": number }[];
  deadAtStart: number[]; reluRuns: { eta: number; dead: number[]; accuracy: number }[];
  bnGap: number; bnAccuracies: number[][]; dropMean: number; weightCount: number; parameterCount: number;
  dropout: { loss: number[]; valLoss: number[]; valAccuracy: number[] }[];
  clipCurves: number[][]; clipDead: number[][]; clipFit: number[];
  rankingTable: { activation: string; afterEpoch1: number; afterEpoch4: number; worstSeed: number }[];
  activationCurves: number[][][];
  cancerTrain: number[][]; cancerTest: number[][]; benignShare: number; testSize: number; trainSize: number;
  stair50Error: number; stair50Estimate: number; lLayer: { byHand: number[]; autodiff: number[] };
  glorotFactor: number; predictedFactor: number; dropoutSeeds: number[][]; best: { width: number; eta: number; accuracy: number };
}

const target = (x: number) => Math.sin(2 * Math.PI * x) + 0.5 * x * Math.sin(5 * Math.PI * x);
const ratio = (a: number, b: number) => Math.max(a / b, b / a);

export function check(v: Values): void {
  // 7.1: the derivatives by formula agree with central differences and autodiff
  expect(v.derivativeTable).toHaveLength(5);
  for (const row of v.derivativeTable) {
    expect(Number(row["max |central difference − f′|"])).toBeLessThan(1e-9);
    expect(Number(row["max |autodiff − f′|"])).toBeLessThan(1e-15);
  }

  // 7.2: the staircase stays below max|f'| h/2 (max|f'| from an independent scan), error ~ 1/N
  let slope = 0;
  for (let i = 0; i <= 100000; i++) {
    const x = i / 100000;
    slope = Math.max(slope, Math.abs((target(x + 1e-7) - target(x - 1e-7)) / 2e-7));
  }
  v.stairNeurons.forEach((N, i) => {
    expect(v.stairErrors[i]).toBeLessThan((slope / (N + 1)) / 2 * 1.05 + 1e-3);
    if (i > 0) expect(v.stairErrors[i]).toBeLessThan(v.stairErrors[i - 1]);
  });
  const fitted = Math.log(v.stairErrors[7] / v.stairErrors[3]) / Math.log(256 / 16);
  expect(fitted).toBeGreaterThan(-1.1);
  expect(fitted).toBeLessThan(-0.9);
  expect(v.stair50Estimate).toBeCloseTo(slope / 51 / 2, 4);
  expect(v.stair50Error).toBeLessThan(v.stair50Estimate);
  // trained: error falls with width; 4 trained neurons about as good as a staircase of 32
  for (let k = 1; k < 5; k++) expect(v.trained[k].rmsError).toBeLessThan(v.trained[k - 1].rmsError);
  for (let k = 1; k < 5; k++) expect(v.trained[k].maxError).toBeLessThan(v.trained[k - 1].maxError);
  expect(v.trained[2].width).toBe(4);
  expect(ratio(v.trained[2].maxError, v.stairErrors[4])).toBeLessThan(1.1); // stairNeurons[4] = 32
  expect(v.trained[2].maxError / v.trained[4].maxError).toBeLessThan(1.5);   // slow beyond 4 neurons

  // 7.3: the recursion by hand equals autodiff; the ratios the prose states
  expect(v.handVsAutodiff).toBeLessThan(1e-12);
  const r = v.norms.map((g) => g[0] / g[9]);
  expect(r[1]).toBeGreaterThan(1.5e-6); // sigmoid, Glorot: "two millionths"
  expect(r[1]).toBeLessThan(2.5e-6);
  expect(r[2]).toBeGreaterThan(1.5e-5); // sigmoid, He: 2e-5
  expect(r[2]).toBeLessThan(2.5e-5);
  for (const k of [4, 5]) { // tanh with Glorot, ReLU with He: about level
    expect(r[k]).toBeGreaterThan(0.5);
    expect(r[k]).toBeLessThan(2);
  }
  for (let l = 1; l < 10; l++) expect(v.norms[1][l]).toBeGreaterThan(v.norms[1][l - 1]);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  expect(mean(v.layerStats[0].map((s) => s.saturated))).toBeCloseTo(0.43, 2);
  expect(mean(v.layerStats[0].map((s) => s.meanSlope))).toBeCloseTo(0.063, 3);
  // the variance argument, recomputed here from the measured slopes: within 1.6x except N(0,1) (about 3x)
  v.nVar.forEach((nVar, k) => {
    let predicted = 1;
    for (let l = 1; l <= 8; l++) predicted *= Math.sqrt(nVar) * v.layerStats[k][l].rmsSlope;
    expect(v.varianceTable[k]["variance argument"]).toBeCloseTo(predicted, 12);
    expect(v.varianceTable[k].measured).toBeCloseTo(v.norms[k][1] / v.norms[k][9], 12);
    const off = ratio(v.varianceTable[k].measured, predicted);
    if (k === 0) {
      expect(off).toBeGreaterThan(2.5);
      expect(off).toBeLessThan(3.5);
    } else expect(off).toBeLessThan(1.6);
  });

  // 7.4: dead units
  expect(v.reluRuns.map((x) => x.eta)).toEqual([0.1, 0.5, 1]);
  expect(v.reluRuns[0].dead.reduce((a, b) => a + b, 0)).toBeLessThan(15);
  expect(v.reluRuns[1].dead[0]).toBeGreaterThan(v.deadAtStart[0]);
  const [d0, d1, d2] = v.reluRuns[2].dead;
  expect(d0).toBeGreaterThan(40); // about half of the first two layers
  expect(d0).toBeLessThan(60);
  expect(d1).toBeGreaterThan(40);
  expect(d1).toBeLessThan(60);
  expect(d2).toBeGreaterThan(85); // nearly all of the last
  expect(v.reluRuns[2].accuracy).toBeLessThan(0.2);
  expect(v.reluRuns[0].accuracy).toBeGreaterThan(0.95);

  // 7.5: batch norm by hand equals the layer; the plain network stays at chance, BN > 90% after one epoch
  expect(v.bnGap).toBeLessThan(1e-12);
  expect(Math.max(...v.bnAccuracies[0])).toBeLessThan(0.12);
  expect(v.bnAccuracies[1][0]).toBeGreaterThan(0.9);

  // 7.6: dropout keeps the mean; the weight count by formula
  expect(Math.abs(v.dropMean - 1)).toBeLessThan(0.03);
  expect(v.weightCount).toBe(64 * 256 + 256 * 256 + 256 * 10);
  expect(v.weightCount).toBe(84480);
  expect(v.parameterCount).toBe(84480 + 256 + 256 + 10);
  const [none, half] = v.dropout;
  expect(none.loss.at(-1)!).toBeLessThan(2e-3);                          // "near 1e-3": memorised
  expect(half.loss.at(-1)!).toBeGreaterThan(20 * none.loss.at(-1)!);     // "far higher"
  expect(none.valLoss.at(-1)!).toBeGreaterThan(Math.min(...none.valLoss)); // past its minimum
  expect(half.valLoss.at(-1)! - half.loss.at(-1)!).toBeLessThan(none.valLoss.at(-1)! - none.loss.at(-1)!); // smaller gap
  expect(Math.abs(half.valAccuracy.at(-1)! - none.valAccuracy.at(-1)!)).toBeLessThan(0.03); // "close"
  expect(half.valLoss.at(-1)!.toFixed(3)).toBe(none.valLoss.at(-1)!.toFixed(3)); // "agree to three digits"

  // 7.7: clipping
  expect(v.clipCurves[0].at(-1)!).toBeLessThan(0.12);
  expect(v.clipCurves[1].at(-1)!).toBeGreaterThan(0.93);
  expect(v.clipFit.at(-1)!).toBeGreaterThan(0.93);
  expect(v.clipDead[0][2]).toBe(63); // all but one unit of the last hidden layer
  expect(v.clipDead[1].reduce((a, b) => a + b, 0)).toBeLessThan(10);

  // 7.8: the ranking, as the prose reads it
  const row = Object.fromEntries(v.rankingTable.map((x) => [x.activation, x]));
  const others = ["sigmoid", "tanh", "relu", "leakyRelu"];
  for (const o of others) expect(row.elu.afterEpoch1).toBeGreaterThan(row[o].afterEpoch1);
  for (const o of ["sigmoid", "relu", "leakyRelu"]) expect(row.elu.afterEpoch4).toBeGreaterThan(row[o].afterEpoch4);
  expect(Math.abs(row.elu.afterEpoch4 - row.tanh.afterEpoch4)).toBeLessThan(0.01);
  expect(row.sigmoid.afterEpoch4).toBeLessThan(0.12);
  for (const o of ["relu", "leakyRelu"]) {
    expect(row.tanh.afterEpoch1).toBeGreaterThan(row[o].afterEpoch1);
    expect(row.tanh.afterEpoch4).toBeGreaterThan(row[o].afterEpoch4);
  }
  // ReLU vs leaky ReLU: the mean difference is smaller than the seed spread
  const curves = Object.fromEntries(v.rankingTable.map((x, k) => [x.activation, v.activationCurves[k].map((c) => c[3])]));
  const spread = Math.max(Math.abs(curves.relu[0] - curves.relu[1]), Math.abs(curves.leakyRelu[0] - curves.leakyRelu[1]));
  expect(Math.abs(row.relu.afterEpoch4 - row.leakyRelu.afterEpoch4)).toBeLessThan(spread);

  // 7.9: breast cancer
  expect(v.testSize).toBe(57);
  expect(v.trainSize).toBe(512);
  expect(v.benignShare).toBeCloseTo(36 / 57, 12);
  expect(v.cancerTest[0][0]).toBeCloseTo(36 / 57, 12);
  expect(v.cancerTest[0][1]).toBeCloseTo(36 / 57, 12);
  for (const i of [1, 2]) for (const j of [1, 2]) {
    expect(v.cancerTest[i][j]).toBeGreaterThanOrEqual(0.91);
    expect(v.cancerTest[i][j]).toBeLessThanOrEqual(0.931);
  }
  expect(v.cancerTest[0][2]).toBeCloseTo(52 / 57, 12);
  expect(v.cancerTest[1][0]).toBeCloseTo(44 / 57, 12);
  expect(v.cancerTest[2][0]).toBeCloseTo(51 / 57, 12);

  // exercises
  v.lLayer.byHand.forEach((g, l) => expect(g).toBeCloseTo(v.lLayer.autodiff[l], 12));
  expect(ratio(v.glorotFactor * v.predictedFactor, 1)).toBeLessThan(1.15);
  expect(v.dropoutSeeds[0][0]).toBeCloseTo(Math.min(...none.valLoss), 12);
  expect(v.best.accuracy).toBeGreaterThan(0.85);
}
