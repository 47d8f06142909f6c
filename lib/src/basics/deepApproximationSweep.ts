/**
 * The universal approximation theorem in practice: fit networks with one
 * hidden layer of growing width to a continuous function of one variable and
 * measure how close they get.
 *
 * For each width w: a Sequential [Dense(w, activation), Dense(1)] (seeded
 * Glorot start), trained by full-batch Adam on the mean squared error at
 * `points` evenly spaced x in [a, b], with a cosine-decaying learning rate
 * (from `learningRate` down to a thousandth of it); then evaluated on
 * `evaluationPoints` evenly spaced x (including points between the training points).
 */
import { Dense } from "../nn/dense";
import type { LayerActivationName } from "../nn/activationFunctions";
import { Sequential } from "../nn/sequential";
import { cosineDecay } from "../optim/schedules";
import { Tensor } from "../tensor/tensor";
import { fit } from "../train/fit";
import { predictOutputs } from "../train/predict";

/** Options of `approximationSweep`. */
export interface ApproximationSweepOptions {
  /** The function to approximate. */
  f: (x: number) => number;
  /** Hidden-layer widths to try, e.g. [1, 2, 4, 8, 16]. */
  widths: number[];
  /** Interval [a, b] (default [0, 1]). */
  range?: readonly [number, number];
  /** Training points (default 100). */
  points?: number;
  /** Evaluation points (default 401). */
  evaluationPoints?: number;
  /** Full-batch Adam steps per width (default 3000). */
  steps?: number;
  /** Initial learning rate (default 0.05). */
  learningRate?: number;
  /** Hidden activation (default "sigmoid": bounded, monotone, as in the theorem). */
  activation?: LayerActivationName;
  /** Seed of the initial weights (default 1). */
  seed?: number;
}

/** One fitted width. */
export interface ApproximationFit {
  width: number;
  /** Network output at the evaluation points. */
  prediction: number[];
  /** max |network - f| over the evaluation points. */
  maxError: number;
  /** Root mean squared error over the evaluation points. */
  rmsError: number;
  /** Training mean squared error after each step. */
  loss: number[];
  /** The trained network. */
  model: Sequential;
}

/** Result of `approximationSweep`. */
export interface ApproximationSweep {
  /** Evaluation points. */
  x: number[];
  /** f at the evaluation points. */
  target: number[];
  /** Training points. */
  trainX: number[];
  fits: ApproximationFit[];
  /** Wall-clock seconds. */
  seconds: number;
}

const grid = (a: number, b: number, n: number): number[] => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

export function approximationSweep(options: ApproximationSweepOptions): ApproximationSweep {
  const fn = "approximationSweep";
  if (!options || typeof options.f !== "function") throw new Error(`${fn}: options.f must be a function of x`);
  if (!Array.isArray(options.widths) || options.widths.length === 0) throw new Error(`${fn}: widths must be a non-empty array of positive integers`);
  options.widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w < 1) throw new Error(`${fn}: widths[${i}] must be a positive integer, got ${String(w)}`);
  });
  const [a, b] = options.range ?? [0, 1];
  if (!(Number.isFinite(a) && Number.isFinite(b) && b > a)) throw new Error(`${fn}: range must be [a, b] with a < b`);
  const points = options.points ?? 100;
  const evaluationPoints = options.evaluationPoints ?? 401;
  const steps = options.steps ?? 3000;
  const learningRate = options.learningRate ?? 0.05;
  for (const [name, v] of [["points", points], ["evaluationPoints", evaluationPoints], ["steps", steps]] as const) {
    if (!Number.isInteger(v) || v < 2) throw new Error(`${fn}: ${name} must be an integer >= 2, got ${String(v)}`);
  }
  if (!(learningRate > 0)) throw new Error(`${fn}: learningRate must be positive, got ${String(learningRate)}`);
  const start = performance.now();
  const trainX = grid(a, b, points);
  const x = grid(a, b, evaluationPoints);
  const target = x.map(options.f);
  const trainY = trainX.map(options.f);
  [...trainY, ...target].forEach((v) => {
    if (!Number.isFinite(v)) throw new Error(`${fn}: f returned ${String(v)}; it must be finite on [${a}, ${b}]`);
  });
  const X = new Tensor(Float64Array.from(trainX), [points, 1]);
  const Y = new Tensor(Float64Array.from(trainY), [points, 1]);
  const XE = new Tensor(Float64Array.from(x), [evaluationPoints, 1]);
  const fits = options.widths.map((width) => {
    const model = new Sequential([new Dense(width, { activation: options.activation ?? "sigmoid" }), new Dense(1)], { inputShape: [1], seed: options.seed ?? 1 });
    const history = fit(model, { x: X, y: Y }, {
      loss: "mse", optimizer: "adam", epochs: steps, batchSize: points, seed: 0,
      learningRate: cosineDecay({ initial: learningRate, steps, minimum: learningRate / 1000 }),
    });
    const prediction = Array.from(predictOutputs(model, XE).data);
    let maxError = 0, squares = 0;
    prediction.forEach((p, i) => {
      const e = Math.abs(p - target[i]);
      maxError = Math.max(maxError, e);
      squares += e * e;
    });
    return { width, prediction, maxError, rmsError: Math.sqrt(squares / evaluationPoints), loss: history.epochs.map((e) => e.loss), model };
  });
  return { x, target, trainX, fits, seconds: (performance.now() - start) / 1000 };
}
