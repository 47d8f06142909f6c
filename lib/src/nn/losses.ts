/**
 * Losses on tensors, with the lectures' small uniform interface:
 *
 *   value(output, targets)  the loss, a scalar tensor (differentiable)
 *   delta(output, targets)  its derivative with respect to the output, dC/d(output):
 *                           the output error that backpropagation starts from
 *
 * output and targets are [n, C] (n samples). The cross-entropies take the
 * *logits* z (the output layer before softmax / sigmoid) and fuse the
 * activation, so they are stable and their delta is simply (a - y)/n:
 *
 *   mseLoss                 C = 1/(nC) sum (a - y)^2            delta = 2 (a - y) / (nC)
 *   quadraticLoss           C = 1/2 sum (a - y)^2               delta = a - y
 *   binaryCrossEntropyLoss  C = -1/(nC) sum [y ln s + (1-y) ln(1-s)], s = sigmoid(z)
 *                           = 1/(nC) sum [softplus(z) - y z]    delta = (s - y) / (nC)
 *   softmaxCrossEntropyLoss C = -1/n sum y ln softmax(z)        delta = (softmax(z) - y) / n
 *
 * ("sum" reductions drop the 1/n or 1/(nC)). `fit` feeds a model ending in
 * softmax/sigmoid to these losses as logits (see Sequential.forwardLogits).
 */
import { clip, log, mul, sigmoid, softplus, square, sub } from "../tensor/elementwise";
import { mean, softmax, sum } from "../tensor/reduce";
import type { Tensor } from "../tensor/tensor";
import { checkBoolean, checkTensor, formatShape } from "../tensor/validate";
import { checkOptions, lookup } from "../tensor/options";
import type { LayerActivationName } from "./activationFunctions";
import { softmaxCrossEntropy, type LossReduction } from "./ops/softmaxCrossEntropy";

/** A loss with its output error. */
export interface Loss {
  /** Name, e.g. "softmaxCrossEntropy". */
  readonly name: string;
  readonly reduction: LossReduction;
  /** "logits": the loss applies `outputActivation` itself; "outputs": it takes the model's outputs as they are. */
  readonly expects: "logits" | "outputs";
  /** The output activation the loss belongs with (softmax, sigmoid or identity). */
  readonly outputActivation: LayerActivationName;
  /** True for classification losses (fit then reports accuracy). */
  readonly classification: boolean;
  /** The loss, a scalar tensor. */
  value(output: Tensor, targets: Tensor): Tensor;
  /** dC/d(output), same shape as output. */
  delta(output: Tensor, targets: Tensor): Tensor;
}

const builtin = new WeakSet<Loss>();

/** Registers a loss made by the factories below. */
function made(loss: Loss): Loss {
  builtin.add(loss);
  return loss;
}

/** True for a loss made by this module's factories (its value() keeps no tensors). */
export function isBuiltinLoss(loss: Loss): boolean {
  return builtin.has(loss);
}

/** Options of the loss factories. */
export interface LossOptions {
  /** "mean" (default) or "sum". */
  reduction?: LossReduction;
}

/** Options of `binaryCrossEntropyLoss`. */
export interface BinaryCrossEntropyOptions extends LossOptions {
  /** Outputs are logits z (default true, stable) or probabilities in (0, 1) (clipped to [1e-7, 1 - 1e-7]). */
  fromLogits?: boolean;
}

function checkPair(name: string, method: string, output: Tensor, targets: Tensor): void {
  const fn = `${name}.${method}`;
  checkTensor(output, fn, "output");
  checkTensor(targets, fn, "targets");
  if (output.rank < 1 || output.shape.length !== targets.shape.length || output.shape.some((d, i) => d !== targets.shape[i])) {
    throw new Error(`${fn}: targets have shape ${formatShape(targets.shape)} but output has shape ${formatShape(output.shape)}`);
  }
}

/** Index and value of the first element of t outside [0, 1] (NaN included), or null. */
function outsideUnit(t: Tensor): { index: number; value: number } | null {
  const d = t.data;
  for (let i = 0; i < d.length; i++) if (!(d[i] >= 0 && d[i] <= 1)) return { index: i, value: d[i] };
  return null;
}

/** Targets of a cross-entropy are 0/1 labels or probabilities. */
function checkProbabilityTargets(name: string, method: string, y: Tensor, other: string): void {
  const bad = outsideUnit(y);
  if (bad !== null) {
    throw new Error(`${name}.${method}: targets contain ${bad.value} at flat index ${bad.index}, outside [0, 1]; ` +
      `${name} needs 0/1 labels or probabilities as targets (${other})`);
  }
}

/** A loss that expects probabilities refuses outputs outside [0, 1]: those are logits (or a missing activation). */
function checkProbabilityOutputs(name: string, method: string, p: Tensor, advice: string): void {
  const bad = outsideUnit(p);
  if (bad !== null) {
    throw new Error(`${name}.${method}: output contains ${bad.value} at flat index ${bad.index}, outside [0, 1], but this loss expects probabilities; ` +
      `these look like logits: ${advice}`);
  }
}

function checkReduction(name: string, reduction: unknown): LossReduction {
  const r = reduction ?? "mean";
  if (r !== "mean" && r !== "sum") throw new Error(`${name}: reduction must be "mean" or "sum", got ${String(reduction)}`);
  return r;
}

/** Mean squared error: mean over all values of (a - y)^2 (Keras/PyTorch MSE). */
export function mseLoss(options: LossOptions = {}): Loss {
  checkOptions(options, "mseLoss", "options", ["reduction"]);
  const reduction = checkReduction("mseLoss", options.reduction);
  const name = "mse";
  return made({
    name, reduction, expects: "outputs", outputActivation: "identity", classification: false,
    value(a, y) {
      checkPair(name, "value", a, y);
      const s = square(sub(a, y));
      return reduction === "mean" ? mean(s) : sum(s);
    },
    delta(a, y) {
      checkPair(name, "delta", a, y);
      return mul(sub(a, y), reduction === "mean" ? 2 / a.size : 2);
    },
  });
}

/** The lectures' quadratic cost 1/2 sum (a - y)^2 (reduction "sum"), or its mean over samples 1/(2n) sum ||a - y||^2. */
export function quadraticLoss(options: LossOptions = {}): Loss {
  checkOptions(options, "quadraticLoss", "options", ["reduction"]);
  const reduction = options.reduction ?? "sum";
  checkReduction("quadraticLoss", reduction);
  const name = "quadratic";
  const factor = (a: Tensor): number => (reduction === "mean" ? 1 / a.shape[0] : 1);
  return made({
    name, reduction, expects: "outputs", outputActivation: "identity", classification: false,
    value(a, y) {
      checkPair(name, "value", a, y);
      return mul(sum(square(sub(a, y))), 0.5 * factor(a));
    },
    delta(a, y) {
      checkPair(name, "delta", a, y);
      return mul(sub(a, y), factor(a));
    },
  });
}

/** Binary cross-entropy for sigmoid outputs (one or several independent 0/1 targets per sample). */
export function binaryCrossEntropyLoss(options: BinaryCrossEntropyOptions = {}): Loss {
  checkOptions(options, "binaryCrossEntropyLoss", "options", ["reduction", "fromLogits"]);
  const reduction = checkReduction("binaryCrossEntropyLoss", options.reduction);
  const fromLogits = checkBoolean(options.fromLogits ?? true, "binaryCrossEntropyLoss", "fromLogits");
  const check = (method: string, z: Tensor, y: Tensor): void => {
    checkPair(name, method, z, y);
    checkProbabilityTargets(name, method, y, "for other targets use mseLoss");
    if (!fromLogits) {
      checkProbabilityOutputs(name, method, z, "use binaryCrossEntropyLoss() (fromLogits: true, the default) or end the model in a sigmoid");
    }
  };
  const name = "binaryCrossEntropy";
  const eps = 1e-7;
  const scale = (a: Tensor): number => (reduction === "mean" ? 1 / a.size : 1);
  return made({
    name, reduction, expects: fromLogits ? "logits" : "outputs", outputActivation: "sigmoid", classification: true,
    value(z, y) {
      check("value", z, y);
      if (fromLogits) return mul(sum(sub(softplus(z), mul(y, z))), scale(z)); // softplus(z) - y z, stable
      const p = clip(z, eps, 1 - eps);
      return mul(sum(mul(y, log(p)).add(mul(sub(1, y), log(sub(1, p))))), -scale(z));
    },
    delta(z, y) {
      check("delta", z, y);
      if (fromLogits) return mul(sub(sigmoid(z), y), scale(z));
      const p = clip(z, eps, 1 - eps);
      return mul(sub(p, y).div(mul(p, sub(1, p))), scale(z));
    },
  });
}

/** Categorical cross-entropy fused with softmax, from logits [n, C] (stable; delta = (softmax(z) - y)/n). */
export function softmaxCrossEntropyLoss(options: LossOptions = {}): Loss {
  checkOptions(options, "softmaxCrossEntropyLoss", "options", ["reduction"]);
  const reduction = checkReduction("softmaxCrossEntropyLoss", options.reduction);
  const name = "softmaxCrossEntropy";
  return made({
    name, reduction, expects: "logits", outputActivation: "softmax", classification: true,
    value(z, y) {
      checkPair(name, "value", z, y);
      checkProbabilityTargets(name, "value", y, "one-hot rows, e.g. oneHot(labels, classes)");
      return softmaxCrossEntropy(z, y, { reduction });
    },
    delta(z, y) {
      checkPair(name, "delta", z, y);
      checkProbabilityTargets(name, "delta", y, "one-hot rows, e.g. oneHot(labels, classes)");
      return mul(sub(softmax(z, -1), y), reduction === "mean" ? 1 / z.shape[0] : 1);
    },
  });
}

/** Names accepted wherever a loss is expected. */
export type LossName = "mse" | "quadratic" | "binaryCrossEntropy" | "softmaxCrossEntropy";

const lossFactories: Readonly<Record<LossName, () => Loss>> = {
  mse: () => mseLoss(),
  quadratic: () => quadraticLoss(),
  binaryCrossEntropy: () => binaryCrossEntropyLoss(),
  softmaxCrossEntropy: () => softmaxCrossEntropyLoss(),
};

/** A loss from its name (default options) or the loss itself. */
export function getLoss(loss: LossName | Loss, fn = "getLoss"): Loss {
  if (typeof loss === "string") return lookup(lossFactories, loss, fn, "loss")();
  if (loss && typeof loss.value === "function" && typeof loss.delta === "function") return loss;
  throw new Error(`${fn}: loss must be one of ${Object.keys(lossFactories).map((k) => JSON.stringify(k)).join(", ")} or an object with value() and delta(), got ${loss === null ? "null" : typeof loss}`);
}
