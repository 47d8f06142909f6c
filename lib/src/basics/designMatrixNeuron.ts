import { checkFinite, checkIterations, checkPositive, divergenceMessage, isDiverging } from "./internal";

/**
 * A linear neuron with p inputs, written with the design matrix X [n, p]:
 *   a = X w + b                                  // [n]
 *   C = (1/2n) ||a - y||^2 + lambda2 ||w||_2^2 + lambda1 ||w||_1
 *   dC/dw = X^T (a - y) / n + 2 lambda2 w + lambda1 sign(w)     // [p]
 *   dC/db = sum_i (a_i - y_i) / n
 * The bias is not penalised. sign(0) = 0 (the subgradient of |w| at 0 closest to zero).
 */

/** Penalty strengths of the design-matrix neuron. */
export interface NeuronPenalties {
  /** lambda2: coefficient of ||w||_2^2 (ridge). Default 0. */
  l2?: number;
  /** lambda1: coefficient of ||w||_1 (lasso). Default 0. */
  l1?: number;
}

/** Cost and gradient of the design-matrix neuron. */
export interface DesignMatrixGradient {
  /** C(w, b) including the penalties. */
  cost: number;
  /** The data term (1/2n) ||a - y||^2 alone. */
  dataCost: number;
  /** dC/dw, one per column of X. */
  dCdw: number[];
  /** dC/db. */
  dCdb: number;
}

/** Columns x, x^2, ..., x^degree of a polynomial fit (the constant is the bias). */
export function polynomialFeatures(x: ArrayLike<number>, degree: number): number[][] {
  if (!Number.isInteger(degree) || degree < 1) throw new Error(`polynomialFeatures: degree must be an integer >= 1, got ${String(degree)}`);
  checkFinite("polynomialFeatures", "x", x);
  const rows: number[][] = [];
  for (let i = 0; i < x.length; i++) {
    const row: number[] = [];
    let power = 1;
    for (let d = 1; d <= degree; d++) {
      power *= x[i];
      row.push(power);
    }
    rows.push(row);
  }
  return rows;
}

function checkDesign(fn: string, X: ArrayLike<ArrayLike<number>>, y: ArrayLike<number>, w?: ArrayLike<number>): number {
  if (X.length === 0) throw new Error(`${fn}: X has no rows`);
  if (X.length !== y.length) throw new Error(`${fn}: X has ${X.length} rows but y has ${y.length} values`);
  const p = X[0].length;
  for (let i = 0; i < X.length; i++) {
    if (X[i].length !== p) throw new Error(`${fn}: X row ${i} has ${X[i].length} columns, expected ${p} like row 0`);
  }
  if (w && w.length !== p) throw new Error(`${fn}: w has ${w.length} values but X has ${p} columns`);
  return p;
}

/** C, dC/dw and dC/db of the design-matrix neuron at (w, b). */
export function designMatrixNeuronGradient(
  X: ArrayLike<ArrayLike<number>>,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  b: number,
  penalties: NeuronPenalties = {},
): DesignMatrixGradient {
  const p = checkDesign("designMatrixNeuronGradient", X, y, w);
  const n = X.length;
  const l2 = penalties.l2 ?? 0;
  const l1 = penalties.l1 ?? 0;
  const dCdw: number[] = new Array(p).fill(0);
  let dCdb = 0;
  let dataCost = 0;
  for (let i = 0; i < n; i++) {
    const row = X[i];
    let a = b;
    for (let j = 0; j < p; j++) a += row[j] * w[j]; // a_i = x_i . w + b
    const r = a - y[i];
    dataCost += 0.5 * r * r;
    for (let j = 0; j < p; j++) dCdw[j] += r * row[j]; // X^T r
    dCdb += r;
  }
  let penalty = 0;
  for (let j = 0; j < p; j++) {
    dCdw[j] = dCdw[j] / n + 2 * l2 * w[j] + l1 * Math.sign(w[j]);
    penalty += l2 * w[j] * w[j] + l1 * Math.abs(w[j]);
  }
  dataCost /= n;
  return { cost: dataCost + penalty, dataCost, dCdw, dCdb: dCdb / n };
}

/**
 * Largest learning rate for which gradient descent on the smooth part
 * (data + L2) converges: 2 / lambda_max of the Hessian
 * H = [X 1]^T [X 1] / n + 2 lambda2 diag(1, ..., 1, 0), found by power iteration.
 */
export function designMatrixMaxLearningRate(X: ArrayLike<ArrayLike<number>>, l2 = 0): number {
  const n = X.length;
  if (n === 0) throw new Error("designMatrixMaxLearningRate: X has no rows");
  const p = X[0].length;
  const q = p + 1;
  const H: number[][] = [];
  for (let r = 0; r < q; r++) H.push(new Array(q).fill(0));
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < q; r++) {
      const xr = r < p ? X[i][r] : 1;
      for (let c = 0; c < q; c++) H[r][c] += (xr * (c < p ? X[i][c] : 1)) / n;
    }
  }
  for (let j = 0; j < p; j++) H[j][j] += 2 * l2;
  let v: number[] = new Array(q).fill(1 / Math.sqrt(q));
  let lambda = 0;
  for (let it = 0; it < 500; it++) {
    const hv = H.map((row) => row.reduce((s, h, c) => s + h * v[c], 0));
    const norm = Math.sqrt(hv.reduce((s, t) => s + t * t, 0));
    if (norm === 0) return Infinity;
    const next = hv.map((t) => t / norm);
    const converged = Math.abs(norm - lambda) <= 1e-12 * norm;
    lambda = norm;
    v = next;
    if (converged) break;
  }
  return 2 / lambda;
}

/** Options of {@link fitDesignMatrixNeuron}. */
export interface FitDesignMatrixOptions extends NeuronPenalties {
  /** Design matrix, one row per data point [n][p]. */
  X: ArrayLike<ArrayLike<number>>;
  /** Targets [n]. */
  y: ArrayLike<number>;
  /** Learning rate eta. */
  learningRate: number;
  /** Number of gradient-descent steps. */
  iterations: number;
  /** Starting weights (default zeros). */
  w0?: ArrayLike<number>;
  /** Starting bias (default 0). */
  b0?: number;
}

/** Result of {@link fitDesignMatrixNeuron}. */
export interface DesignMatrixFit {
  /** Final weights. */
  w: number[];
  /** Final bias. */
  b: number;
  /** Total cost before each step and after the last. */
  cost: number[];
  /** True if the run blew up (stopped early). */
  diverged: boolean;
  /** Why it diverged and what to do; empty if it did not. */
  message: string;
}

/** Plain gradient descent on the design-matrix neuron with optional L2 / L1 penalties. */
export function fitDesignMatrixNeuron(options: FitDesignMatrixOptions): DesignMatrixFit {
  const fn = "fitDesignMatrixNeuron";
  const { X, y, learningRate, iterations } = options;
  const p = checkDesign(fn, X, y, options.w0);
  checkFinite(fn, "y", y);
  checkPositive(fn, "learningRate", learningRate);
  checkIterations(fn, iterations);
  const penalties: NeuronPenalties = { l2: options.l2 ?? 0, l1: options.l1 ?? 0 };
  if (penalties.l2! < 0 || penalties.l1! < 0) throw new Error(`${fn}: penalties must be >= 0, got l2 = ${penalties.l2}, l1 = ${penalties.l1}`);
  const w = options.w0 ? Array.from(options.w0) : new Array<number>(p).fill(0);
  let b = options.b0 ?? 0;
  let g = designMatrixNeuronGradient(X, y, w, b, penalties);
  const cost = [g.cost];
  const initialCost = g.cost;
  for (let it = 1; it <= iterations; it++) {
    for (let j = 0; j < p; j++) w[j] -= learningRate * g.dCdw[j];
    b -= learningRate * g.dCdb;
    g = designMatrixNeuronGradient(X, y, w, b, penalties);
    cost.push(g.cost);
    if (isDiverging(g.cost, initialCost)) {
      const limit = designMatrixMaxLearningRate(X, penalties.l2);
      return { w, b, cost, diverged: true, message: divergenceMessage(fn, it, g.cost, learningRate, limit) };
    }
  }
  return { w, b, cost, diverged: false, message: "" };
}
