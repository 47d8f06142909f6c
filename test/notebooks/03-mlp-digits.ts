// Values computed by notebooks/03-mlp-digits.ipynb (see test/e2e/notebooks.test.ts), checked against
// the claims of its prose and against independent references: the exported class run again outside the
// kernel (a grid cell), and the notebook's own consistency (the side-by-side run of section 3.9 repeats
// the run of section 3.6, so both must give the same test accuracy).
import { expect } from "vitest";
import { accuracy, loadDigits, oneHot, trainTestSplit } from "nnlab";
import { NeuralNetwork } from "../../lectures/src";

export const probe = `({
  untrained: untrainedAccuracy, autodiffGaps: autodiffGaps, worstFd: worstFiniteDifference,
  lectureCurve: lectureLoop.curve, lecturePredicted: lectureLoop.predicted, lectureFirstStep: lectureFirstStep,
  smallCurve: smallStepLoop.curve, smallFirstStep: smallFirstStep,
  trainCurve: dnn.trainCurve, testCurve: dnn.testCurve,
  gridEpochs: gridEpochs, gridTrain: grid.trainAccuracy, gridTest: grid.testAccuracy, overflowed: grid.overflowed,
  searched: searched, chosenTest: chosenTest,
  gradientGap: gradientGap,
  raw: { gaps: rawPixels.gaps, classTest: rawPixels.classTest, libraryTest: rawPixels.libraryTest },
  scaled: { gaps: scaledPixels.gaps, classTest: scaledPixels.classTest, libraryTest: scaledPixels.libraryTest, same: scaledPixels.samePredictions },
  exercises: [
    check("3.1", jacobian, softmaxJacobianByAutodiff([1, 2, 0.5]), { tol: 1e-12 }),
    check("3.2", steps.meanStep.flatMap((t) => Array.from(t.data)), steps.classStep.flatMap((t) => Array.from(t.data)), { tol: 1e-10 }),
    check("3.3", tanhPrime, tanhPrimeByAutodiff, { at: [-0.9, -0.5, 0, 0.3, 0.99] }),
    check("3.5", byFormula, [...counted.weights, ...counted.biases].reduce((total, t) => total + t.size, 0)),
  ],
  etaBar: etaBar, lmbdBar: lmbdBar, byFormula: byFormula, deepTest: deepTest,
})`;

type Row = Record<string, string>;
interface Values {
  untrained: number; autodiffGaps: number[]; worstFd: number;
  lectureCurve: number[]; lecturePredicted: number; lectureFirstStep: Row[];
  smallCurve: number[]; smallFirstStep: Row[];
  trainCurve: number[]; testCurve: number[];
  gridEpochs: number; gridTrain: number[][]; gridTest: number[][]; overflowed: string[];
  searched: { eta: number; lmbd: number; cvAccuracy: number }[]; chosenTest: number;
  gradientGap: number;
  raw: { gaps: number[]; classTest: number; libraryTest: number };
  scaled: { gaps: number[]; classTest: number; libraryTest: number; same: number };
  exercises: boolean[]; etaBar: number; lmbdBar: number; byFormula: number; deepTest: number;
}

const num = (row: Row, key: string) => Number(row[key]);

const POWERS = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

export function check(v: Values): void {
  // 3.4: an untrained network guesses; backprop = autodiff to rounding, finite differences to O(h^2)
  expect(v.untrained).toBeGreaterThan(0.03);
  expect(v.untrained).toBeLessThan(0.2);
  for (const gap of v.autodiffGaps) expect(gap).toBeLessThan(1e-15);
  expect(v.worstFd).toBeLessThan(5e-9);

  // 3.5: the lecture's full-batch loop stays at chance and ends predicting one digit; the first step is
  // larger than ‖W_o‖; the hidden layer is mostly saturated from the start; a 14x smaller step learns
  expect(v.lectureCurve).toHaveLength(20);
  for (const a of v.lectureCurve) expect(a).toBeLessThan(0.12);
  expect(v.lecturePredicted).toBe(1);
  const [before, after, end] = v.lectureFirstStep;
  const stepSize = Number(/= ([\d.]+)\)/.exec(after.when)![1]);
  expect(stepSize).toBeGreaterThan(num(before, "‖W_o‖"));
  expect(num(before, "saturated hidden share")).toBeGreaterThan(0.5);
  expect(num(end, "mean largest probability")).toBeGreaterThan(0.99);
  const smallStep = Number(/= ([\d.]+)\)/.exec(v.smallFirstStep[1].when)![1]);
  expect(smallStep).toBeLessThan(0.5 * num(v.smallFirstStep[0], "‖W_o‖"));
  expect(num(v.smallFirstStep[2], "saturated hidden share")).toBeGreaterThan(0.5);
  for (let i = 1; i < v.smallCurve.length; i++) expect(v.smallCurve[i]).toBeGreaterThanOrEqual(v.smallCurve[i - 1]);
  expect(v.smallCurve.at(-1)!).toBeGreaterThan(0.9);

  // 3.6: training accuracy 1 after about 70 epochs, test 0.96; test between 0.95 and 0.97 from epoch 30 on
  expect(v.trainCurve).toHaveLength(100);
  expect(v.trainCurve.at(-1)).toBe(1);
  const firstPerfect = v.trainCurve.indexOf(1) + 1;
  expect(firstPerfect).toBeGreaterThanOrEqual(60);
  expect(firstPerfect).toBeLessThanOrEqual(80);
  expect(v.testCurve.at(-1)!).toBeGreaterThanOrEqual(0.955);
  expect(v.testCurve.at(-1)!).toBeLessThan(0.965);
  for (const a of v.testCurve.slice(29)) {
    expect(a).toBeGreaterThanOrEqual(0.95 - 1e-9);
    expect(a).toBeLessThanOrEqual(0.97 + 1e-9);
  }

  // 3.7: the 7x7 grid and each sentence of its reading
  expect(v.gridEpochs).toBe(20);
  for (const g of [v.gridTrain, v.gridTest]) {
    expect(g).toHaveLength(7);
    for (const row of g) expect(row).toHaveLength(7);
  }
  const T = v.gridTest, R = v.gridTrain;
  for (const g of [T, R]) for (const a of g[0]) expect(a.toFixed(2)).toBe("0.12");              // eta 1e-5
  for (const a of T[1]) { expect(a).toBeGreaterThan(0.15); expect(a).toBeLessThan(0.3); }        // eta 1e-4
  for (const a of T[2].slice(0, 5)) { expect(a).toBeGreaterThan(0.75); expect(a).toBeLessThan(0.85); }
  expect(T[2][6].toFixed(2)).toBe("0.94");
  expect(Math.max(...T[2].slice(0, 6))).toBeLessThan(T[2][6]);
  for (const a of T[3].slice(0, 5)) { expect(a).toBeGreaterThanOrEqual(0.925); expect(a).toBeLessThan(0.945); } // 0.93-0.94
  for (const a of R[3].slice(0, 5)) { expect(a).toBeGreaterThanOrEqual(0.965); expect(a).toBeLessThan(0.985); } // 0.97-0.98
  expect(T[3][5]).toBeLessThan(0.9);
  expect(T[3][6]).toBeLessThan(T[3][5]);
  // eta >= 0.1: 0.10 where the weights stayed finite; the overflowed runs' cells are empty (NaN, null in JSON)
  const overflowedCell = (i: number, j: number) => v.overflowed.includes(`η = ${POWERS[i]}, λ = ${POWERS[j]}`);
  T.forEach((row, i) => row.forEach((a, j) => { if (overflowedCell(i, j)) { expect(a).toBeNull(); expect(R[i][j]).toBeNull(); } }));
  T.slice(4).forEach((row, k) => row.forEach((a, j) => { if (!overflowedCell(k + 4, j)) expect(a.toFixed(2)).toBe("0.10"); }));
  R.slice(4).forEach((row, k) => row.forEach((a, j) => { if (!overflowedCell(k + 4, j)) { expect(a).toBeGreaterThan(0.095); expect(a).toBeLessThan(0.115); } }));
  expect(v.overflowed).toContain("η = 10, λ = 10");
  for (const run of v.overflowed) {                       // only where eta * lmbd > 2
    const [eta, lmbd] = run.match(/[\d.e+-]+/g)!.map(Number);
    expect(eta * lmbd).toBeGreaterThan(2);
  }
  const best = Math.max(...T.flat().filter((a) => a !== null));
  expect(best.toFixed(2)).toBe("0.94");
  // an independent rerun of one cell with the exported class, outside the kernel
  const digits = loadDigits();
  const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 2019, stratify: true });
  const cell = new NeuralNetwork(split.trainFeatures, oneHot(split.trainLabels, 10), { eta: 1e-2, lmbd: 1e-2, epochs: 20, batchSize: 100 }).train();
  expect(accuracy(cell.predict(split.testFeatures), split.testLabels)).toBe(T[3][3]);

  // 3.8: six candidates, best first; the winner near eta 1e-2 with lmbd between 0.1 and 1, beating the 20-epoch grid
  expect(v.searched).toHaveLength(6);
  for (let i = 1; i < 6; i++) expect(v.searched[i].cvAccuracy).toBeLessThanOrEqual(v.searched[i - 1].cvAccuracy);
  const winner = v.searched[0];
  expect(Math.log10(winner.eta)).toBeCloseTo(-2, 0);
  expect(winner.lmbd).toBeGreaterThan(0.1);
  expect(winner.lmbd).toBeLessThan(1);
  expect(v.chosenTest).toBeGreaterThan(best);

  // 3.9: the library's gradient = the class's; raw pixels: about 1e-10 after one epoch, then about 0.4 of the
  // largest parameter (accuracies close: the text says equal to four digits in this run);
  // the class's side-by-side run is the run of 3.6; scaled pixels: agreement to rounding throughout
  expect(v.gradientGap).toBeLessThan(1e-13);
  expect(v.raw.gaps[0]).toBeLessThan(1e-9);
  expect(v.raw.gaps[0]).toBeGreaterThan(1e-11);
  expect(v.raw.gaps.at(-1)!).toBeGreaterThan(0.3);
  expect(v.raw.gaps.at(-1)!).toBeLessThan(0.5);
  expect(v.raw.classTest).toBe(v.testCurve.at(-1));
  expect(v.raw.libraryTest.toFixed(4)).toBe(v.raw.classTest.toFixed(4));
  expect(Math.max(...v.scaled.gaps)).toBeLessThan(1e-13);
  expect(v.scaled.same).toBe(1);
  expect(v.scaled.classTest).toBe(v.scaled.libraryTest);
  expect(v.scaled.classTest).toBeGreaterThan(v.raw.classTest);

  // exercises
  expect(v.exercises).toEqual([true, true, true, true]);
  expect(v.etaBar).toBeCloseTo(1, 12);
  expect(v.lmbdBar).toBeCloseTo(1e-4, 15);
  expect(v.byFormula).toBe(65 * 100 + 101 * 30 + 31 * 10);
  expect(v.deepTest).toBeGreaterThan(0.5);
}
