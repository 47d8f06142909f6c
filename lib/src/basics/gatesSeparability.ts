/**
 * An experiment to go with the proof that no perceptron computes XOR: draw
 * many random perceptrons p(x) = H(w . x + b) and count, for each, how many
 * rows of a truth table it gets right. For AND and OR some draws get all four;
 * for XOR none ever does: the best is three out of four.
 */
import { Random, toRandom } from "../random";
import { checkPositive, checkTruthTable } from "./internal";

/** Options of {@link scanPerceptrons}. */
export interface ScanPerceptronsOptions {
  /** Design matrix X [n, d]. */
  inputs: number[][];
  /** Targets t [n], 0 or 1. */
  targets: number[];
  /** Number of random perceptrons (default 100000). */
  samples?: number;
  /** Weights and bias are drawn uniformly from [-scale, scale] (default 2). */
  scale?: number;
  /** Seed or generator (default 0). */
  seed?: number | Random;
}

/** What {@link scanPerceptrons} returns. */
export interface PerceptronScan {
  /** counts[k] = how many of the sampled perceptrons classify exactly k rows correctly, k = 0..n. */
  counts: number[];
  /** The most rows any sampled perceptron got right. */
  bestCorrect: number;
  /**
   * Of the sampled perceptrons that reached `bestCorrect`, the one whose line
   * w . x + b = 0 stays farthest from the rows (largest min_i |w . x_i + b| / |w|).
   */
  bestWeights: number[];
  bestBias: number;
  /** That distance from the line to the nearest row. */
  bestMargin: number;
  samples: number;
}

const FN = "scanPerceptrons";

/** Samples random perceptrons and tallies how many rows of (inputs, targets) each classifies correctly. */
export function scanPerceptrons(options: ScanPerceptronsOptions): PerceptronScan {
  if (options === null || typeof options !== "object") throw new Error(`${FN}: options must be an object { inputs, targets, ... }`);
  const { inputs, targets } = options;
  const { n, d } = checkTruthTable(FN, inputs, targets);
  const samples = options.samples ?? 100000;
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`${FN}: samples must be a positive integer, got ${String(samples)}`);
  const scale = options.scale ?? 2;
  checkPositive(FN, "scale", scale);
  const rng = toRandom(options.seed, 0);

  const x = Float64Array.from(inputs.flat()); // [n, d]
  const w = new Float64Array(d);
  const counts = new Array<number>(n + 1).fill(0);
  let bestCorrect = -1;
  let bestWeights: number[] = [];
  let bestBias = 0;
  let bestMargin = -Infinity;
  for (let s = 0; s < samples; s++) {
    for (let k = 0; k < d; k++) w[k] = rng.uniformIn(-scale, scale);
    const b = rng.uniformIn(-scale, scale);
    let correct = 0;
    let minAbsZ = Infinity;
    for (let i = 0; i < n; i++) {
      let z = b; // z = w . x_i + b
      for (let k = 0; k < d; k++) z += w[k] * x[i * d + k];
      if ((z > 0 ? 1 : 0) === targets[i]) correct++;
      minAbsZ = Math.min(minAbsZ, Math.abs(z));
    }
    counts[correct]++;
    let norm = 0;
    for (let k = 0; k < d; k++) norm += w[k] * w[k];
    const margin = minAbsZ / Math.sqrt(norm); // distance from the line to the nearest row
    if (correct > bestCorrect || (correct === bestCorrect && margin > bestMargin)) {
      bestCorrect = correct;
      bestMargin = margin;
      bestWeights = Array.from(w);
      bestBias = b;
    }
  }
  return { counts, bestCorrect, bestWeights, bestBias, bestMargin, samples };
}
