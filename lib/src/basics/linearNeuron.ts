import { checkFinite, checkIterations, checkPositive, checkSameLength, divergenceMessage, isDiverging } from "./internal";

/**
 * The lecture's first network: one input x, one output node with the
 * identity activation,
 *   z = w x + b,   a = z,   C = (1/n) sum_i (a_i - y_i)^2 / 2,
 * so that, by the chain rule,
 *   dC/dw = (1/n) sum_i (a_i - y_i) x_i,   dC/db = (1/n) sum_i (a_i - y_i).
 * With one data point (n = 1) this is exactly the lecture's C = (a - y)^2 / 2.
 */

/** Cost and gradient of the linear neuron at (w, b). */
export interface LinearNeuronGradient {
  /** C(w, b). */
  cost: number;
  /** dC/dw. */
  dCdw: number;
  /** dC/db. */
  dCdb: number;
}

/** C, dC/dw and dC/db of the one-input linear neuron on data (x, y). */
export function linearNeuronGradient(x: ArrayLike<number>, y: ArrayLike<number>, w: number, b: number): LinearNeuronGradient {
  checkSameLength("linearNeuronGradient", "x", x, "y", y);
  if (x.length === 0) throw new Error("linearNeuronGradient: x is empty");
  const n = x.length;
  let cost = 0;
  let dCdw = 0;
  let dCdb = 0;
  for (let i = 0; i < n; i++) {
    const a = w * x[i] + b; // output a = z (identity activation)
    const r = a - y[i]; // dC_i/da
    cost += 0.5 * r * r;
    dCdw += r * x[i];
    dCdb += r;
  }
  return { cost: cost / n, dCdw: dCdw / n, dCdb: dCdb / n };
}

/** Options of {@link fitLinearNeuron}. */
export interface FitLinearNeuronOptions {
  /** Inputs x_i. */
  x: ArrayLike<number>;
  /** Targets y_i. */
  y: ArrayLike<number>;
  /** Learning rate eta. */
  learningRate: number;
  /** Number of gradient-descent steps. */
  iterations: number;
  /** Starting weight (default 0). */
  w0?: number;
  /** Starting bias (default 0). */
  b0?: number;
}

/** Result of a gradient-descent run on the linear neuron. */
export interface LinearNeuronFit {
  /** Final weight. */
  w: number;
  /** Final bias. */
  b: number;
  /** The learning rate used. */
  learningRate: number;
  /** Cost before each step and after the last: length iterations + 1 (shorter if diverged). */
  cost: number[];
  /** Weight before each step and after the last. */
  wHistory: number[];
  /** Bias before each step and after the last. */
  bHistory: number[];
  /** True if the run blew up (stopped early). */
  diverged: boolean;
  /** Why it diverged and what to do; empty if it did not. */
  message: string;
}

/**
 * Gradient descent w <- w - eta dC/dw, b <- b - eta dC/db on the linear neuron,
 * recording the cost and parameters at every step. A diverging run stops early
 * with `diverged = true` and a message naming the stability limit.
 */
export function fitLinearNeuron(options: FitLinearNeuronOptions): LinearNeuronFit {
  const fn = "fitLinearNeuron";
  const { x, y, learningRate, iterations } = options;
  checkSameLength(fn, "x", x, "y", y);
  checkFinite(fn, "x", x);
  checkFinite(fn, "y", y);
  checkPositive(fn, "learningRate", learningRate);
  checkIterations(fn, iterations);
  let w = options.w0 ?? 0;
  let b = options.b0 ?? 0;
  const cost: number[] = [];
  const wHistory: number[] = [w];
  const bHistory: number[] = [b];
  let g = linearNeuronGradient(x, y, w, b);
  cost.push(g.cost);
  const initialCost = g.cost;
  for (let it = 1; it <= iterations; it++) {
    w -= learningRate * g.dCdw;
    b -= learningRate * g.dCdb;
    g = linearNeuronGradient(x, y, w, b);
    cost.push(g.cost);
    wHistory.push(w);
    bHistory.push(b);
    if (isDiverging(g.cost, initialCost)) {
      const limit = linearNeuronStability(x).maxLearningRate;
      return { w, b, learningRate, cost, wHistory, bHistory, diverged: true, message: divergenceMessage(fn, it, g.cost, learningRate, limit) };
    }
  }
  return { w, b, learningRate, cost, wHistory, bHistory, diverged: false, message: "" };
}

/** Options of {@link learningRateSweep}: those of fitLinearNeuron with a list of rates. */
export interface LearningRateSweepOptions extends Omit<FitLinearNeuronOptions, "learningRate"> {
  /** The learning rates to try. */
  learningRates: ArrayLike<number>;
}

/** Runs {@link fitLinearNeuron} once per learning rate (same data, same start). */
export function learningRateSweep(options: LearningRateSweepOptions): LinearNeuronFit[] {
  const { learningRates, ...rest } = options;
  if (learningRates.length === 0) throw new Error("learningRateSweep: learningRates is empty");
  const runs: LinearNeuronFit[] = [];
  for (let i = 0; i < learningRates.length; i++) runs.push(fitLinearNeuron({ ...rest, learningRate: learningRates[i] }));
  return runs;
}

/** The curvature of the linear neuron's cost and the learning rates for which descent converges. */
export interface LinearNeuronStability {
  /** Hessian of C in (w, b): [[mean x^2, mean x], [mean x, 1]]. */
  hessian: [[number, number], [number, number]];
  /** Its eigenvalues, largest first. */
  eigenvalues: [number, number];
  /** 2 / lambda_max: gradient descent converges for 0 < eta < this, and diverges above it. */
  maxLearningRate: number;
  /**
   * 2 / (lambda_max + lambda_min): the rate with the fastest guaranteed convergence,
   * where the slowest and the stiffest directions shrink by the same factor
   * |1 - eta lambda| = (lambda_max - lambda_min) / (lambda_max + lambda_min) per step.
   */
  optimalLearningRate: number;
}

/**
 * The cost is quadratic in (w, b) with constant Hessian H, so one descent step
 * multiplies the error along eigenvector k by (1 - eta lambda_k). The run
 * converges iff |1 - eta lambda_k| < 1 for every k, i.e. eta < 2 / lambda_max.
 */
export function linearNeuronStability(x: ArrayLike<number>): LinearNeuronStability {
  checkFinite("linearNeuronStability", "x", x);
  const n = x.length;
  let sx = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sxx += x[i] * x[i];
  }
  const a = sxx / n;
  const c = sx / n;
  // Eigenvalues of the symmetric 2x2 matrix [[a, c], [c, 1]].
  const mean = (a + 1) / 2;
  const radius = Math.sqrt(((a - 1) / 2) ** 2 + c * c);
  const lambdaMax = mean + radius;
  const lambdaMin = mean - radius;
  return {
    hessian: [[a, c], [c, 1]],
    eigenvalues: [lambdaMax, lambdaMin],
    maxLearningRate: 2 / lambdaMax,
    optimalLearningRate: 2 / (lambdaMax + lambdaMin),
  };
}
