// Workload `grid-digits`: the lectures' 7x7 grid search, eta = 1e-5..1e1 and
// lmbd = 1e-5..1e1 (logarithmic), of the MLP of `mlp-digits` (64-50-10, batch 100,
// 100 epochs, pixels 0..16, seeded 80/20 split), on worker threads (one per core).
import os from "node:os";
import { loadNnlab, now, table } from "../harness.mjs";

export const id = "grid-digits";
export const description = "lecture 7x7 (eta, lmbd) grid search of the digits MLP on worker threads (wall-clock time, best test accuracy)";
export const systems = ["nnlab"];

const logspace = (from, to, count) => Array.from({ length: count }, (_, i) => 10 ** (from + ((to - from) * i) / (count - 1)));

export async function run(ctx) {
  const nnlab = loadNnlab();
  const digits = nnlab.loadDigits();
  const split = nnlab.trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 0 });
  const etas = logspace(-5, 1, 7);
  const lmbds = logspace(-5, 1, 7);
  const modelOptions = { hiddenNeurons: 50, epochs: ctx.quick ? 10 : 100, batchSize: 100 };
  const c0 = process.cpuUsage();
  const t0 = now();
  const result = await nnlab.gridSearch({
    etas, lmbds, model: "NeuralNetwork", modelOptions, seed: 1,
    train: { inputs: split.trainFeatures, labels: split.trainLabels },
    test: { inputs: split.testFeatures, labels: split.testLabels },
  });
  const seconds = now() - t0;
  const used = process.cpuUsage(c0);
  const cpuSeconds = (used.user + used.system) / 1e6; // all threads: the workers' time too
  let best = { accuracy: -1, eta: NaN, lmbd: NaN };
  result.testAccuracy.forEach((row, i) => row.forEach((a, j) => {
    if (a > best.accuracy) best = { accuracy: a, eta: etas[i], lmbd: lmbds[j] };
  }));
  const heat = [["eta \\ lmbd", ...lmbds.map((l) => l.toExponential(0))], ...result.testAccuracy.map((row, i) => [etas[i].toExponential(0), ...row.map((a) => a.toFixed(3))])];
  ctx.log(`test accuracy:\n${table(heat)}`);
  const points = etas.length * lmbds.length;
  const iterations = Math.floor(split.trainLabels.length / modelOptions.batchSize);
  const samples = points * modelOptions.epochs * iterations * modelOptions.batchSize;
  return [{
    workload: id, system: "nnlab", seconds, accuracy: best.accuracy, samplesPerSecond: samples / seconds, cpuSeconds,
    config: { grid: "7x7", etas: "1e-5..1e1", lmbds: "1e-5..1e1", ...modelOptions, workers: result.workers, cores: os.availableParallelism(), bestEta: best.eta, bestLmbd: best.lmbd, dtype: "float64" },
  }];
}

/** Table with wall-clock and CPU seconds (all threads) and the best grid point. */
export function format(records) {
  const rows = [["system", "seconds", "CPU seconds", "samples/s", "best test accuracy", "at eta, lmbd", "workers", "peak RSS MB"]];
  for (const r of records) {
    rows.push([r.system, r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), Math.round(r.samplesPerSecond), r.accuracy.toFixed(4),
      `${r.config.bestEta}, ${r.config.bestLmbd}`, r.config.workers, r.peakRssMB]);
  }
  return table(rows);
}
