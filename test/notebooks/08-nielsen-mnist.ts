// Values computed by notebooks/08-nielsen-mnist.ipynb (see test/e2e/notebooks.test.ts).
import { expect } from "vitest";

export const probe = `({
  sets: sizesOfSets, gaps: backpropGaps, epochs: EPOCHS,
  quadratic: quadraticRun, crossEntropy: crossEntropyRun,
  slowdown: slowdownRuns, startOutputs: startOutputs, ratios: [quadraticRatio, crossEntropyRatio],
  deep: deepAccuracy, notes: notesAccuracy, parameterCount: parameterCount,
})`;

interface Curve { costs: number[]; outputs: number[] }
interface Run { evaluationAccuracy: number[]; epochSeconds: number[]; testAccuracy: number; bestEpoch: number; bestEpochTestAccuracy: number }
interface Values {
  sets: number[][];
  gaps: { quadratic: number; crossEntropy: number };
  epochs: number;
  quadratic: Run;
  crossEntropy: Run;
  slowdown: { quadratic06: Curve; quadratic2: Curve; crossEntropy06: Curve; crossEntropy2: Curve };
  startOutputs: number[];
  ratios: number[];
  deep: number;
  notes: number;
  parameterCount: number;
}

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/** Nielsen's single neuron (x = 1, y = 0) by plain gradient descent: cost and output after each step. */
function neuronReference(cost: "quadratic" | "crossEntropy", w: number, b: number, eta: number, epochs = 300): Curve {
  const costs: number[] = [];
  const outputs: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const a = sigma(w + b);
    const dCdz = cost === "quadratic" ? a * a * (1 - a) : a; // (a - y) σ'(z) or (a - y), with y = 0
    w -= eta * dCdz; // x = 1
    b -= eta * dCdz;
    const after = sigma(w + b);
    costs.push(cost === "quadratic" ? 0.5 * after * after : -Math.log(1 - after));
    outputs.push(after);
  }
  return { costs, outputs };
}

function expectClose(actual: number[], expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]))));
}

export function check(v: Values): void {
  // the data: Nielsen's split of the full MNIST
  expect(v.sets).toEqual([[50000, 784], [10000, 784], [10000, 784]]);
  // backprop agrees with autodiff to rounding
  expect(v.gaps.quadratic).toBeLessThan(1e-12);
  expect(v.gaps.crossEntropy).toBeLessThan(1e-12);

  // Nielsen's settings: 30 epochs; test accuracies within one percentage point of his 95.42% and 95.49%
  expect(v.epochs).toBe(30);
  const nielsen = [0.9542, 0.9549];
  [v.quadratic, v.crossEntropy].forEach((run, k) => {
    expect(run.evaluationAccuracy.length).toBe(30);
    expect(run.epochSeconds.length).toBe(30);
    expect(run.evaluationAccuracy[0]).toBeGreaterThan(0.91); // "more than 91% after the first epoch"
    const best = Math.max(...run.evaluationAccuracy);
    expect(run.bestEpoch).toBe(run.evaluationAccuracy.indexOf(best) + 1);
    expect(Math.abs(run.testAccuracy - nielsen[k])).toBeLessThanOrEqual(0.01);
    expect(Math.abs(run.bestEpochTestAccuracy - nielsen[k])).toBeLessThanOrEqual(0.01);
    // "level off with wiggles of a few tenths of a percent": the last ten epochs stay within one point
    const tail = run.evaluationAccuracy.slice(20);
    expect(Math.max(...tail) - Math.min(...tail)).toBeLessThan(0.01);
  });
  // "the cross-entropy network reads at least 95% of the test images; the quadratic one ends a little below 95%"
  expect(v.crossEntropy.testAccuracy).toBeGreaterThanOrEqual(0.95);
  expect(v.quadratic.testAccuracy).toBeLessThan(0.95);
  // "the cross-entropy curve lies above the quadratic one in most epochs and crosses 95% earlier"
  const ahead = v.crossEntropy.evaluationAccuracy.filter((a, i) => a > v.quadratic.evaluationAccuracy[i]).length;
  expect(ahead).toBeGreaterThan(20);
  const first95 = (run: Run) => run.evaluationAccuracy.findIndex((a) => a >= 0.95);
  expect(first95(v.crossEntropy)).toBeGreaterThanOrEqual(0);
  expect(first95(v.crossEntropy)).toBeLessThan(first95(v.quadratic));

  // the learning-slowdown demo, against a plain loop with the closed-form gradients
  const s = v.slowdown;
  expectClose(s.quadratic06.costs, neuronReference("quadratic", 0.6, 0.9, 0.15).costs, 1e-10);
  expectClose(s.quadratic2.costs, neuronReference("quadratic", 2, 2, 0.15).costs, 1e-10);
  expectClose(s.crossEntropy06.costs, neuronReference("crossEntropy", 0.6, 0.9, 0.005).costs, 1e-10);
  expectClose(s.crossEntropy2.costs, neuronReference("crossEntropy", 2, 2, 0.005).costs, 1e-10);
  expectClose(s.quadratic2.outputs, neuronReference("quadratic", 2, 2, 0.15).outputs, 1e-10);
  // what the text says about the curves: from (2, 2) the quadratic cost hardly moves for 50 epochs,
  // from (0.6, 0.9) it falls by more than half; the cross-entropy falls steadily from both starts
  expect(s.quadratic2.costs[49] / s.quadratic2.costs[0]).toBeGreaterThan(0.98);
  expect(s.quadratic06.costs[49] / s.quadratic06.costs[0]).toBeLessThan(0.5);
  expect(s.crossEntropy2.costs[49] / s.crossEntropy2.costs[0]).toBeLessThan(0.9);
  expect(s.crossEntropy06.costs[49] / s.crossEntropy06.costs[0]).toBeLessThan(0.9);

  // exercises
  expectClose(v.startOutputs, [sigma(1.5), sigma(4)], 1e-12);
  const grad = (w: number, b: number) => { const a = sigma(w + b); return [a * a * (1 - a), a]; };
  expectClose(v.ratios, [grad(0.6, 0.9)[0] / grad(2, 2)[0], grad(0.6, 0.9)[1] / grad(2, 2)[1]], 1e-10);
  expect(v.deep).toBeGreaterThan(0.85);
  expect(v.notes).toBeGreaterThan(0.85);
  expect(v.parameterCount).toBe(784 * 30 + 30 + 30 * 30 + 30 + 30 * 10 + 10);
}
