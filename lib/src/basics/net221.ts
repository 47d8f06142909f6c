import { toRandom, type Random } from "../random";
import { gradientDescentLoop } from "./gradientDescent";
import { checkFinite } from "./internal";
import { logistic, logisticPrime } from "./scalarActivations";

/**
 * The lecture's 2-2-1 network: two inputs, one hidden layer of two sigmoid
 * nodes, one identity output node, nine parameters. For one input a^(0) = (x0, x1):
 *   z^(1) = W^(1) a^(0) + b^(1),   a^(1) = sigma(z^(1))       // [2]
 *   z^(2) = w^(2) . a^(1) + b^(2),  a^(2) = z^(2)              // scalar
 *   C = (a^(2) - y)^2 / 2   (averaged over the n data points)
 * with W^(1)[i][j] = w_ij^(1) the weight from input j to hidden node i.
 * Backpropagation:
 *   delta^(2)   = a^(2) - y
 *   delta_i^(1) = w_i^(2) sigma'(z_i^(1)) delta^(2)
 *   dC/dw_i^(2) = delta^(2) a_i^(1),   dC/db^(2) = delta^(2)
 *   dC/dw_ij^(1) = delta_i^(1) a_j^(0), dC/db_i^(1) = delta_i^(1)
 * For the batch X [n, 2] in compact matrix form (rows are data points):
 *   Z1 = X W1^T + b1 [n,2],  A1 = sigma(Z1),  a2 = A1 w2 + b2 [n]
 *   delta2 = (a2 - y) / n [n],  Delta1 = (delta2 w2^T) o sigma'(Z1) [n,2]
 *   dC/dw2 = A1^T delta2,  dC/db2 = sum delta2,  dC/dW1 = Delta1^T X,  dC/db1 = column sums of Delta1.
 */

/** The nine parameters of the 2-2-1 network. */
export interface Net221Params {
  /** Hidden weights W^(1) [2][2], W1[i][j] = w_ij^(1). */
  W1: number[][];
  /** Hidden biases b^(1) [2]. */
  b1: number[];
  /** Output weights w^(2) [2]. */
  w2: number[];
  /** Output bias b^(2). */
  b2: number;
}

/** Intermediate values of a batch forward pass. */
export interface Net221Forward {
  /** Z1 [n][2]. */
  Z1: number[][];
  /** A1 = sigma(Z1) [n][2]. */
  A1: number[][];
  /** Outputs a^(2) [n]. */
  a2: number[];
}

/** Cost, deltas and the derivatives with respect to all nine parameters. */
export interface Net221Gradient {
  cost: number;
  /** delta^(2) per data point, already divided by n [n]. */
  delta2: number[];
  /** delta^(1) per data point [n][2] (divided by n). */
  delta1: number[][];
  dCdW1: number[][];
  dCdb1: number[];
  dCdw2: number[];
  dCdb2: number;
}

function checkParams(fn: string, p: Net221Params): void {
  const ok = p && Array.isArray(p.W1) && p.W1.length === 2 && p.W1[0].length === 2 && p.W1[1].length === 2 &&
    p.b1?.length === 2 && p.w2?.length === 2 && typeof p.b2 === "number";
  if (!ok) throw new Error(`${fn}: params must be { W1: 2x2, b1: [2], w2: [2], b2: number }`);
}

function checkX(fn: string, X: ArrayLike<ArrayLike<number>>, y?: ArrayLike<number>): void {
  if (X.length === 0) throw new Error(`${fn}: X has no rows`);
  for (let i = 0; i < X.length; i++) {
    if (X[i].length !== 2) throw new Error(`${fn}: X row ${i} has ${X[i].length} columns, expected 2 (x0, x1)`);
  }
  if (y && y.length !== X.length) throw new Error(`${fn}: X has ${X.length} rows but y has ${y.length} values`);
}

/** Forward pass on a batch X [n][2]. */
export function net221Forward(params: Net221Params, X: ArrayLike<ArrayLike<number>>): Net221Forward {
  checkParams("net221Forward", params);
  checkX("net221Forward", X);
  const { W1, b1, w2, b2 } = params;
  const Z1: number[][] = [];
  const A1: number[][] = [];
  const a2: number[] = [];
  for (let n = 0; n < X.length; n++) {
    const x = X[n];
    const z = [W1[0][0] * x[0] + W1[0][1] * x[1] + b1[0], W1[1][0] * x[0] + W1[1][1] * x[1] + b1[1]];
    const a = [logistic(z[0]), logistic(z[1])];
    Z1.push(z);
    A1.push(a);
    a2.push(w2[0] * a[0] + w2[1] * a[1] + b2);
  }
  return { Z1, A1, a2 };
}

/** The network's output a^(2) for each row of X. */
export function net221Predict(params: Net221Params, X: ArrayLike<ArrayLike<number>>): number[] {
  return net221Forward(params, X).a2;
}

/** C = mean (a^(2) - y)^2 / 2 and its nine derivatives by the hand-written backpropagation. */
export function net221Gradient(params: Net221Params, X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>): Net221Gradient {
  checkX("net221Gradient", X, y);
  const { Z1, A1, a2 } = net221Forward(params, X);
  const n = X.length;
  const { w2 } = params;
  const dCdW1 = [[0, 0], [0, 0]];
  const dCdb1 = [0, 0];
  const dCdw2 = [0, 0];
  let dCdb2 = 0;
  let cost = 0;
  const delta2: number[] = [];
  const delta1: number[][] = [];
  for (let k = 0; k < n; k++) {
    const r = a2[k] - y[k];
    cost += 0.5 * r * r;
    const d2 = r / n; // delta^(2) (identity output: sigma2' = 1)
    const d1 = [w2[0] * logisticPrime(Z1[k][0]) * d2, w2[1] * logisticPrime(Z1[k][1]) * d2]; // delta_i^(1)
    delta2.push(d2);
    delta1.push(d1);
    dCdb2 += d2;
    for (let i = 0; i < 2; i++) {
      dCdw2[i] += d2 * A1[k][i];
      dCdb1[i] += d1[i];
      for (let j = 0; j < 2; j++) dCdW1[i][j] += d1[i] * X[k][j];
    }
  }
  return { cost: cost / n, delta2, delta1, dCdW1, dCdb1, dCdw2, dCdb2 };
}

/** The cost alone. */
export function net221Cost(params: Net221Params, X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>): number {
  checkX("net221Cost", X, y);
  const a2 = net221Forward(params, X).a2;
  let cost = 0;
  for (let k = 0; k < a2.length; k++) cost += 0.5 * (a2[k] - y[k]) ** 2;
  return cost / a2.length;
}

/** Names of the nine parameters in the order of {@link net221ToVector}, as in the lecture's Theta. */
export const net221ParameterNames: readonly string[] = ["w00", "w01", "w10", "w11", "w0", "w1", "b0", "b1", "b2"];

/** Theta = [w00, w01, w10, w11, w0^(2), w1^(2), b0^(1), b1^(1), b^(2)]. */
export function net221ToVector(params: Net221Params): number[] {
  checkParams("net221ToVector", params);
  const { W1, b1, w2, b2 } = params;
  return [W1[0][0], W1[0][1], W1[1][0], W1[1][1], w2[0], w2[1], b1[0], b1[1], b2];
}

/** Inverse of {@link net221ToVector}. */
export function net221FromVector(theta: ArrayLike<number>): Net221Params {
  if (theta.length !== 9) throw new Error(`net221FromVector: theta must have 9 values, got ${theta.length}`);
  const t = Array.from(theta);
  return { W1: [[t[0], t[1]], [t[2], t[3]]], w2: [t[4], t[5]], b1: [t[6], t[7]], b2: t[8] };
}

/** The nine derivatives as a vector in the order of {@link net221ToVector}. */
export function net221GradientVector(g: Net221Gradient): number[] {
  return [g.dCdW1[0][0], g.dCdW1[0][1], g.dCdW1[1][0], g.dCdW1[1][1], g.dCdw2[0], g.dCdw2[1], g.dCdb1[0], g.dCdb1[1], g.dCdb2];
}

/** Random start: weights N(0, 1), biases 0.01 (as the lectures' networks). */
export function initNet221(rng?: Random | number): Net221Params {
  const r = toRandom(rng);
  return {
    W1: [[r.normal(), r.normal()], [r.normal(), r.normal()]],
    b1: [0.01, 0.01],
    w2: [r.normal(), r.normal()],
    b2: 0.01,
  };
}

/** Options of {@link trainNet221}. */
export interface TrainNet221Options {
  /** Inputs [n][2]. */
  X: ArrayLike<ArrayLike<number>>;
  /** Targets [n]. */
  y: ArrayLike<number>;
  /** Starting parameters (e.g. initNet221(seed)). */
  params0: Net221Params;
  learningRate: number;
  iterations: number;
}

/** Result of {@link trainNet221}. */
export interface Net221Fit {
  params: Net221Params;
  /** Cost before each step and after the last. */
  cost: number[];
  /** Norm of the nine-component gradient before each step. */
  gradientNorm: number[];
  diverged: boolean;
  message: string;
}

/** Full-batch gradient descent with the hand-written derivatives. */
export function trainNet221(options: TrainNet221Options): Net221Fit {
  const { X, y } = options;
  checkX("trainNet221", X, y);
  checkFinite("trainNet221", "y", y);
  checkFinite("trainNet221", "params0 (as Theta)", net221ToVector(options.params0));
  const run = gradientDescentLoop({
    name: "trainNet221",
    theta0: net221ToVector(options.params0),
    learningRate: options.learningRate,
    iterations: options.iterations,
    costAndGradient: (theta) => {
      const g = net221Gradient(net221FromVector(theta), X, y);
      return { cost: g.cost, gradient: net221GradientVector(g) };
    },
  });
  return { params: net221FromVector(run.theta), cost: run.cost, gradientNorm: run.gradientNorm, diverged: run.diverged, message: run.message };
}

/** The lecture's target f(x0, x1) = x0^2 + 3 x0 x1 + x1^2 + 5. */
export function lectureQuadratic(x0: number, x1: number): number {
  return x0 * x0 + 3 * x0 * x1 + x1 * x1 + 5;
}

/** Options of {@link sampleLectureQuadratic}. */
export interface SampleQuadraticOptions {
  /** Number of points (the lecture uses 100). */
  n?: number;
  /** Inputs are uniform in [low, high]^2 (default [0, 1]). */
  low?: number;
  high?: number;
  /** Seed or generator. */
  rng?: Random | number;
}

/** n points (x0, x1) uniform in a square and their targets f(x0, x1). */
export function sampleLectureQuadratic(options: SampleQuadraticOptions = {}): { X: number[][]; y: number[] } {
  const n = options.n ?? 100;
  const low = options.low ?? 0;
  const high = options.high ?? 1;
  if (!Number.isInteger(n) || n < 1) throw new Error(`sampleLectureQuadratic: n must be a positive integer, got ${String(n)}`);
  if (!(high > low)) throw new Error(`sampleLectureQuadratic: need low < high, got [${low}, ${high}]`);
  const r = toRandom(options.rng);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const x0 = r.uniformIn(low, high);
    const x1 = r.uniformIn(low, high);
    X.push([x0, x1]);
    y.push(lectureQuadratic(x0, x1));
  }
  return { X, y };
}
