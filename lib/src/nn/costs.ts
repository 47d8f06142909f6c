/**
 * Cost functions with Nielsen's small uniform interface (network2.py):
 *
 *   fn(a, y, n, C)            the cost of outputs a against targets y
 *   delta(z, a, y, n, C)      the output error δ^L = ∂C/∂z^L
 *
 * All arrays are row-major [n, C]: n samples, C output neurons; z are the
 * weighted inputs of the output layer and a = f(z) its activations, with f the
 * cost's `outputActivation`. `delta` is exactly the derivative of `fn` with
 * respect to z, so it is the starting point of backpropagation (BP1):
 *
 *   quadratic:        C = ½ Σ_x ||a - y||²,               δ = (a - y) ⊙ f'(z)
 *   binary CE:        C = -Σ_x Σ_j [y ln a + (1-y) ln(1-a)], δ = a - y   (a = σ(z))
 *   softmax CE:       C = -Σ_x Σ_j y ln a,                 δ = a - y   (a = softmax(z))
 *
 * The `...Mean` variants divide the cost (and so δ) by n: C = 1/(2n) Σ ||a-y||²
 * is the quadratic cost of Nielsen's book. For the cross-entropies the factor
 * f'(z) cancels: that is why they do not slow down when the output neuron
 * saturates, while the quadratic cost does (learning slowdown).
 *
 * `fnFromLogits(z, y, n, C)` computes the cross-entropies from z directly with
 * log-sum-exp / softplus, finite even when a rounds to 0 or 1.
 */
import { activations, getActivation, type Activation } from "./activations";

/** How the per-sample costs are combined. */
export type CostReduction = "sum" | "mean";

/** A cost function with its output error (Nielsen's interface). */
export interface Cost {
  /** Name, e.g. "quadratic" (used in saved models). */
  readonly name: string;
  /** "sum" over samples, or "mean" (divided by n). */
  readonly reduction: CostReduction;
  /** The activation of the output layer that `delta` assumes (a = f(z)). */
  readonly outputActivation: Activation;
  /** The cost of outputs a [n, C] against targets y [n, C]. */
  fn(a: Float64Array, y: Float64Array, n: number, C: number): number;
  /** The output error δ = ∂fn/∂z [n, C], written into `out` if given. */
  delta(z: Float64Array, a: Float64Array, y: Float64Array, n: number, C: number, out?: Float64Array): Float64Array;
  /** The same cost computed from the weighted inputs z (stable; cross-entropies only compute it without forming a). */
  fnFromLogits(z: Float64Array, y: Float64Array, n: number, C: number): number;
}

function check(cost: string, method: string, arrays: Record<string, Float64Array>, n: number, C: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new Error(`costs.${cost}.${method}: n must be a positive integer, got ${String(n)}`);
  if (!Number.isInteger(C) || C <= 0) throw new Error(`costs.${cost}.${method}: C must be a positive integer, got ${String(C)}`);
  for (const [name, array] of Object.entries(arrays)) {
    if (!(array instanceof Float64Array)) throw new Error(`costs.${cost}.${method}: ${name} must be a Float64Array`);
    if (array.length !== n * C) {
      throw new Error(`costs.${cost}.${method}: ${name} has ${array.length} values, expected n*C = ${n}*${C} = ${n * C}`);
    }
  }
}

/**
 * The cross-entropies need targets y in [0, 1] (NaN included in the check: a target is data).
 * Outside that range the cost is still a number, just a wrong one.
 */
function checkTarget(cost: string, method: string, y: Float64Array, i: number): void {
  const v = y[i];
  if (!(v >= 0 && v <= 1)) throw new Error(`costs.${cost}.${method}: y[${i}] = ${v} is not in [0, 1]; targets must be probabilities (one-hot rows or 0/1 labels)`);
}

/**
 * ... and outputs a in [0, 1]. A NaN output passes (the cost becomes NaN) so that the training
 * loops can report a diverging run with their own advice.
 */
function checkProbabilities(cost: string, method: string, a: Float64Array, y: Float64Array, i: number): void {
  checkTarget(cost, method, y, i);
  const v = a[i];
  if (v < 0 || v > 1) throw new Error(`costs.${cost}.${method}: a[${i}] = ${v} is not in [0, 1]; pass the output activations (probabilities), not z`);
}

function output(cost: string, out: Float64Array | undefined, length: number): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (!(out instanceof Float64Array) || out.length !== length) {
    throw new Error(`costs.${cost}.delta: out must be a Float64Array of length ${length}`);
  }
  return out;
}

/**
 * δ = (a - y) · scale, the output error of both cross-entropies: the factor f'(z) of the
 * quadratic cost cancels against the derivative of the logarithm. a, y, out: [n, C].
 */
function outputMinusTarget(a: Float64Array, y: Float64Array, scale: number, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = (a[i] - y[i]) * scale;
  return out;
}

/** Options of the cost factories. */
export interface CostOptions {
  /** "sum" (default) or "mean" over the n samples. */
  reduction?: CostReduction;
}

/** Options of `quadraticCost`. */
export interface QuadraticCostOptions extends CostOptions {
  /** The output activation f in δ = (a - y) ⊙ f'(z); default sigmoid (Nielsen). */
  activation?: Activation;
}

function scaleFor(reduction: CostReduction, n: number): number {
  return reduction === "mean" ? 1 / n : 1;
}

/** The quadratic cost ½ Σ ||a - y||² (or its mean), δ = (a - y) ⊙ f'(z). */
export function quadraticCost(options: QuadraticCostOptions = {}): Cost {
  const reduction = options.reduction ?? "sum";
  const activation = options.activation ?? activations.sigmoid;
  // e.g. "quadratic" (sigmoid output, Nielsen) or "quadraticMean:identity"; getCost parses these names back
  const name = (reduction === "sum" ? "quadratic" : "quadraticMean") + (activation === activations.sigmoid ? "" : `:${activation.name}`);
  // scratch buffers reused across calls (the hot loop of SGD calls delta once per minibatch)
  let diffScratch = new Float64Array(0);
  let activationScratch = new Float64Array(0);
  const fnA = (a: Float64Array, y: Float64Array, n: number): number => {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const d = a[i] - y[i];
      s += d * d;
    }
    return 0.5 * s * scaleFor(reduction, n);
  };
  return {
    name,
    reduction,
    outputActivation: activation,
    fn(a, y, n, C) {
      check(name, "fn", { a, y }, n, C);
      return fnA(a, y, n);
    },
    delta(z, a, y, n, C, out) {
      check(name, "delta", { z, a, y }, n, C);
      const o = output(name, out, z.length);
      const scale = scaleFor(reduction, n);
      if (diffScratch.length !== z.length) diffScratch = new Float64Array(z.length);
      const diff = diffScratch;
      for (let i = 0; i < z.length; i++) diff[i] = (a[i] - y[i]) * scale;
      // (a - y) ⊙ f'(z) for element-wise f; the Jacobian product J(z)ᵀ(a - y) in general (softmax: J symmetric)
      activation.derivative(z, o, { vector: diff, columns: C });
      return o;
    },
    fnFromLogits(z, y, n, C) {
      check(name, "fnFromLogits", { z, y }, n, C);
      if (activationScratch.length !== z.length) activationScratch = new Float64Array(z.length);
      return fnA(activation.fn(z, activationScratch, { columns: C }), y, n);
    },
  };
}

/** Binary cross-entropy -Σ [y ln a + (1 - y) ln(1 - a)] for sigmoid outputs, δ = a - y. */
export function binaryCrossEntropyCost(options: CostOptions = {}): Cost {
  const reduction = options.reduction ?? "sum";
  const name = reduction === "sum" ? "binaryCrossEntropy" : "binaryCrossEntropyMean";
  return {
    name,
    reduction,
    outputActivation: activations.sigmoid,
    fn(a, y, n, C) {
      check(name, "fn", { a, y }, n, C);
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        checkProbabilities(name, "fn", a, y, i);
        // terms with zero weight are skipped, so a = 0 with y = 0 gives 0, not 0·(-∞)
        if (y[i] !== 0) s -= y[i] * Math.log(a[i]);
        if (y[i] !== 1) s -= (1 - y[i]) * Math.log(1 - a[i]);
      }
      return s * scaleFor(reduction, n);
    },
    delta(z, a, y, n, C, out) {
      check(name, "delta", { z, a, y }, n, C);
      return outputMinusTarget(a, y, scaleFor(reduction, n), output(name, out, z.length));
    },
    fnFromLogits(z, y, n, C) {
      check(name, "fnFromLogits", { z, y }, n, C);
      let s = 0;
      for (let i = 0; i < z.length; i++) {
        checkTarget(name, "fnFromLogits", y, i);
        // -[y ln σ(z) + (1-y) ln(1-σ(z))] = max(z, 0) - z y + ln(1 + e^{-|z|})
        const v = z[i];
        s += Math.max(v, 0) - v * y[i] + Math.log1p(Math.exp(-Math.abs(v)));
      }
      return s * scaleFor(reduction, n);
    },
  };
}

/** Categorical cross-entropy -Σ y ln a fused with a softmax output, δ = a - y (probabilities - targets). */
export function softmaxCrossEntropyCost(options: CostOptions = {}): Cost {
  const reduction = options.reduction ?? "sum";
  const name = reduction === "sum" ? "softmaxCrossEntropy" : "softmaxCrossEntropyMean";
  return {
    name,
    reduction,
    outputActivation: activations.softmax,
    fn(a, y, n, C) {
      check(name, "fn", { a, y }, n, C);
      let s = 0;
      for (let i = 0; i < a.length; i++) {
        checkProbabilities(name, "fn", a, y, i);
        if (y[i] !== 0) s -= y[i] * Math.log(a[i]);
      }
      return s * scaleFor(reduction, n);
    },
    delta(z, a, y, n, C, out) {
      check(name, "delta", { z, a, y }, n, C);
      return outputMinusTarget(a, y, scaleFor(reduction, n), output(name, out, z.length));
    },
    fnFromLogits(z, y, n, C) {
      check(name, "fnFromLogits", { z, y }, n, C);
      for (let i = 0; i < y.length; i++) checkTarget(name, "fnFromLogits", y, i);
      return softmaxCrossEntropyFromLogits(z, y, n, C) * scaleFor(reduction, n);
    },
  };
}

/** Σ_rows Σ_j y_j (logsumexp(z) - z_j): -Σ y ln softmax(z) without forming softmax. */
export function softmaxCrossEntropyFromLogits(z: Float64Array, y: Float64Array, n: number, C: number): number {
  let s = 0;
  for (let r = 0; r < n; r++) {
    const o = r * C; // row r of [n, C]
    let max = -Infinity;
    for (let c = 0; c < C; c++) if (z[o + c] > max) max = z[o + c];
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(z[o + c] - max);
    const lse = max + Math.log(sum);
    for (let c = 0; c < C; c++) if (y[o + c] !== 0) s += y[o + c] * (lse - z[o + c]);
  }
  return s;
}

const binaryCrossEntropy = binaryCrossEntropyCost();

/**
 * The cost functions: `costs.quadratic.fn(a, y, n, C)`, `costs.crossEntropy.delta(z, a, y, n, C)`.
 * `crossEntropy` is Nielsen's CrossEntropyCost (binary cross-entropy on sigmoid outputs).
 */
export const costs = {
  quadratic: quadraticCost(),
  quadraticMean: quadraticCost({ reduction: "mean" }),
  binaryCrossEntropy,
  binaryCrossEntropyMean: binaryCrossEntropyCost({ reduction: "mean" }),
  crossEntropy: binaryCrossEntropy,
  softmaxCrossEntropy: softmaxCrossEntropyCost(),
  softmaxCrossEntropyMean: softmaxCrossEntropyCost({ reduction: "mean" }),
};

/** Names accepted by `getCost`. */
export type CostName = keyof typeof costs;

/**
 * Looks a cost up by name ("quadratic", "crossEntropy", ..., or "quadratic:<activation>" for a
 * quadratic cost on another output activation); a Cost object is returned as is.
 */
export function getCost(nameOrCost: string | Cost): Cost {
  if (typeof nameOrCost === "object" && nameOrCost !== null) {
    if (typeof nameOrCost.fn !== "function" || typeof nameOrCost.delta !== "function") {
      throw new Error("getCost: a cost object needs fn and delta methods");
    }
    return nameOrCost;
  }
  const custom = /^(quadratic|quadraticMean):(\w+)$/.exec(String(nameOrCost));
  if (custom) {
    return quadraticCost({ reduction: custom[1] === "quadratic" ? "sum" : "mean", activation: getActivation(custom[2]) });
  }
  const found = Object.prototype.hasOwnProperty.call(costs, nameOrCost) ? costs[nameOrCost as CostName] : undefined;
  if (!found) throw new Error(`getCost: unknown cost "${String(nameOrCost)}"; known: ${Object.keys(costs).join(", ")}`);
  return found;
}
