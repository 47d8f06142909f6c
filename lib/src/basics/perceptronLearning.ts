/**
 * Rosenblatt's perceptron learning rule over a small labelled data set (a
 * truth table). The step function has zero derivative almost everywhere, so
 * the perceptron is not trained by gradient descent but by this rule: visit
 * the rows in order and, for each, compare the prediction p = H(w . x + b)
 * with the target t and move the weights towards the target:
 *
 *   w <- w + eta (t - p) x,    b <- b + eta (t - p).
 *
 * A correctly classified row changes nothing. If the data are linearly
 * separable the rule stops after finitely many updates (the perceptron
 * convergence theorem); if not (XOR) it never stops, and `maxEpochs` ends it.
 */
import { heaviside } from "./scalarActivations";
import { checkFinite, checkPositive, checkTruthTable } from "./internal";

/** Options of {@link trainPerceptron}. */
export interface TrainPerceptronOptions {
  /** Design matrix X [n, d] (rows of inputs). */
  inputs: number[][];
  /** Targets t [n], each 0 or 1. */
  targets: number[];
  /** Learning rate eta (default 1). */
  learningRate?: number;
  /** Upper limit on passes over the data (default 100). */
  maxEpochs?: number;
  /** Starting weights (default all 0). */
  weights0?: number[];
  /** Starting bias (default 0). */
  bias0?: number;
}

/** What {@link trainPerceptron} returns. */
export interface PerceptronFit {
  /** Final weights w [d]. */
  weights: number[];
  /** Final bias b. */
  bias: number;
  /** True if the last epoch classified every row correctly (and so changed nothing). */
  converged: boolean;
  /** Epochs run, the final error-free one included. */
  epochs: number;
  /** Total number of updates (misclassified visits). */
  updates: number;
  /** Misclassified rows in each epoch. */
  errors: number[];
  /** Weights and bias after each epoch. */
  history: { weights: number[]; bias: number }[];
  /**
   * The trained perceptron on many points at once: points [m, d] as rows or as a
   * row-major Float64Array (what `decisionBoundary` passes) -> m outputs 0/1.
   */
  predict: (points: Float64Array | number[][]) => Float64Array;
}

const FN = "trainPerceptron";

/** Trains a perceptron with Rosenblatt's rule, visiting the rows in their given order. */
export function trainPerceptron(options: TrainPerceptronOptions): PerceptronFit {
  if (options === null || typeof options !== "object") throw new Error(`${FN}: options must be an object { inputs, targets, ... }`);
  const { inputs, targets } = options;
  const { n, d } = checkTruthTable(FN, inputs, targets);
  const eta = options.learningRate ?? 1;
  checkPositive(FN, "learningRate", eta);
  const maxEpochs = options.maxEpochs ?? 100;
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) throw new Error(`${FN}: maxEpochs must be a positive integer, got ${String(maxEpochs)}`);
  const w = options.weights0 ? options.weights0.slice() : new Array<number>(d).fill(0);
  if (w.length !== d) throw new Error(`${FN}: weights0 has ${w.length} values but the inputs have ${d} columns`);
  checkFinite(FN, "weights0", w);
  let b = options.bias0 ?? 0;
  checkFinite(FN, "bias0", [b]);

  const errors: number[] = [];
  const history: { weights: number[]; bias: number }[] = [];
  let updates = 0;
  let converged = false;
  for (let epoch = 0; epoch < maxEpochs && !converged; epoch++) {
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const x = inputs[i];
      let z = b; // z = w . x + b
      for (let k = 0; k < d; k++) z += w[k] * x[k];
      const step = eta * (targets[i] - heaviside(z)); // eta (t - p): 0 if correct
      if (step !== 0) {
        wrong++;
        for (let k = 0; k < d; k++) w[k] += step * x[k];
        b += step;
      }
    }
    updates += wrong;
    errors.push(wrong);
    history.push({ weights: w.slice(), bias: b });
    converged = wrong === 0;
  }
  const weights = w.slice();
  const bias = b;
  const predict = (points: Float64Array | number[][]): Float64Array => {
    const flat = points instanceof Float64Array ? points : Float64Array.from(points.flat());
    if (flat.length % d !== 0) throw new Error(`${FN}: predict expects points [m, ${d}], got ${flat.length} numbers`);
    const m = flat.length / d;
    const out = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      let z = bias;
      for (let k = 0; k < d; k++) z += weights[k] * flat[r * d + k];
      out[r] = heaviside(z);
    }
    return out;
  };
  return { weights, bias, converged, epochs: errors.length, updates, errors, history, predict };
}
