import { gradientDescentLoop } from "./gradientDescent";
import { checkFinite, checkSameLength } from "./internal";
import { logistic, logisticPrime } from "./scalarActivations";

/**
 * The lecture's network with one hidden node and scalar variables:
 *   a0 = x
 *   z1 = w1 a0 + b1,   a1 = sigma(z1)        (hidden node, sigmoid)
 *   z2 = w2 a1 + b2,   a2 = sigma2(z2)       (output node, identity or sigmoid)
 *   C  = (a2 - y)^2 / 2                     (averaged over the data points)
 * The chain rule gives, with delta2 = dC/dz2 and delta1 = dC/dz1,
 *   delta2 = (a2 - y) sigma2'(z2)
 *   delta1 = delta2 w2 sigma'(z1)
 *   dC/dw2 = delta2 a1,   dC/db2 = delta2,   dC/dw1 = delta1 a0,   dC/db1 = delta1.
 */

/** The four parameters Theta = {w1, b1, w2, b2}. */
export interface OneHiddenNodeParams {
  w1: number;
  b1: number;
  w2: number;
  b2: number;
}

/** Output activation sigma2 of the one-hidden-node network. */
export type ScalarOutputActivation = "identity" | "sigmoid";

/** Intermediate values of one forward pass. */
export interface OneHiddenNodeForward {
  z1: number;
  a1: number;
  z2: number;
  a2: number;
}

/** Cost, the two deltas and the four derivatives (averaged over the data points). */
export interface OneHiddenNodeGradient {
  cost: number;
  /** dC/dz2 (mean over points; equals dC/db2). */
  delta2: number;
  /** dC/dz1 (mean over points; equals dC/db1). */
  delta1: number;
  dCdw1: number;
  dCdb1: number;
  dCdw2: number;
  dCdb2: number;
}

function outputFn(kind: ScalarOutputActivation): [(z: number) => number, (z: number) => number] {
  if (kind === "identity") return [(z) => z, () => 1];
  if (kind === "sigmoid") return [logistic, logisticPrime];
  throw new Error(`oneHiddenNode: outputActivation must be "identity" or "sigmoid", got ${String(kind)}`);
}

/** Forward pass for one input x. */
export function oneHiddenNodeForward(params: OneHiddenNodeParams, x: number, outputActivation: ScalarOutputActivation = "identity"): OneHiddenNodeForward {
  const [sigma2] = outputFn(outputActivation);
  const z1 = params.w1 * x + params.b1;
  const a1 = logistic(z1);
  const z2 = params.w2 * a1 + params.b2;
  return { z1, a1, z2, a2: sigma2(z2) };
}

/** C and its four derivatives by the hand-derived chain rule, averaged over the points (x_i, y_i). */
export function oneHiddenNodeGradient(
  params: OneHiddenNodeParams,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  outputActivation: ScalarOutputActivation = "identity",
): OneHiddenNodeGradient {
  checkSameLength("oneHiddenNodeGradient", "x", x, "y", y);
  if (x.length === 0) throw new Error("oneHiddenNodeGradient: x is empty");
  const [sigma2, sigma2Prime] = outputFn(outputActivation);
  const n = x.length;
  let cost = 0, delta1 = 0, delta2 = 0, dCdw1 = 0, dCdw2 = 0;
  for (let i = 0; i < n; i++) {
    const a0 = x[i];
    const z1 = params.w1 * a0 + params.b1;
    const a1 = logistic(z1);
    const z2 = params.w2 * a1 + params.b2;
    const a2 = sigma2(z2);
    cost += 0.5 * (a2 - y[i]) ** 2;
    const d2 = (a2 - y[i]) * sigma2Prime(z2); // delta2 = dC/da2 * da2/dz2
    const d1 = d2 * params.w2 * logisticPrime(z1); // delta1 = delta2 * dz2/da1 * da1/dz1
    delta2 += d2;
    delta1 += d1;
    dCdw2 += d2 * a1;
    dCdw1 += d1 * a0;
  }
  return {
    cost: cost / n,
    delta2: delta2 / n,
    delta1: delta1 / n,
    dCdw1: dCdw1 / n,
    dCdb1: delta1 / n,
    dCdw2: dCdw2 / n,
    dCdb2: delta2 / n,
  };
}

/** The cost alone, C(Theta) (for finite differences). */
export function oneHiddenNodeCost(params: OneHiddenNodeParams, x: ArrayLike<number>, y: ArrayLike<number>, outputActivation: ScalarOutputActivation = "identity"): number {
  checkSameLength("oneHiddenNodeCost", "x", x, "y", y);
  let cost = 0;
  for (let i = 0; i < x.length; i++) cost += 0.5 * (oneHiddenNodeForward(params, x[i], outputActivation).a2 - y[i]) ** 2;
  return cost / x.length;
}

/** Options of {@link trainOneHiddenNode}. */
export interface TrainOneHiddenNodeOptions {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Starting parameters. */
  params0: OneHiddenNodeParams;
  learningRate: number;
  iterations: number;
  /** Output activation (default "identity", as in the lecture's regression code). */
  outputActivation?: ScalarOutputActivation;
}

/** Result of {@link trainOneHiddenNode}. */
export interface OneHiddenNodeFit {
  params: OneHiddenNodeParams;
  /** Cost before each step and after the last. */
  cost: number[];
  /** |dC/dw1| and |dC/dw2| before each step: how strongly each layer is pushed. */
  dCdw1: number[];
  dCdw2: number[];
  diverged: boolean;
  message: string;
}

/** Gradient descent w_i <- w_i - eta delta_i a_{i-1}, b_i <- b_i - eta delta_i with the hand-written derivatives. */
export function trainOneHiddenNode(options: TrainOneHiddenNodeOptions): OneHiddenNodeFit {
  const { x, y, params0, learningRate, iterations } = options;
  const act = options.outputActivation ?? "identity";
  checkSameLength("trainOneHiddenNode", "x", x, "y", y);
  checkFinite("trainOneHiddenNode", "x", x);
  checkFinite("trainOneHiddenNode", "y", y);
  checkFinite("trainOneHiddenNode", "params0 [w1, b1, w2, b2]", [params0.w1, params0.b1, params0.w2, params0.b2]);
  const dCdw1: number[] = [];
  const dCdw2: number[] = [];
  const run = gradientDescentLoop({
    name: "trainOneHiddenNode",
    theta0: [params0.w1, params0.b1, params0.w2, params0.b2],
    learningRate,
    iterations,
    costAndGradient: ([w1, b1, w2, b2]) => {
      const g = oneHiddenNodeGradient({ w1, b1, w2, b2 }, x, y, act);
      dCdw1.push(g.dCdw1);
      dCdw2.push(g.dCdw2);
      return { cost: g.cost, gradient: [g.dCdw1, g.dCdb1, g.dCdw2, g.dCdb2] };
    },
  });
  const [w1, b1, w2, b2] = run.theta;
  dCdw1.length = run.cost.length - 1;
  dCdw2.length = run.cost.length - 1;
  return { params: { w1, b1, w2, b2 }, cost: run.cost, dCdw1, dCdw2, diverged: run.diverged, message: run.message };
}
