/**
 * Losses on tensors: `value(output, targets)` is the loss, a differentiable scalar tensor
 * (its gradient comes from autodiff); output and targets are [n, C]. The cross-entropies
 * take the *logits* z (before softmax / sigmoid) and fuse the activation, so they are stable:
 *
 *   mseLoss                 C = 1/(nC) sum (a - y)^2
 *   quadraticLoss           C = 1/2 sum (a - y)^2
 *   binaryCrossEntropyLoss  C = -1/(nC) sum [y ln s + (1-y) ln(1-s)] = 1/(nC) sum [softplus(z) - y z], s = sigmoid(z)
 *   softmaxCrossEntropyLoss C = -1/n sum y ln softmax(z)
 *
 * ("sum" reductions drop the 1/n or 1/(nC)). `fit` feeds a model ending in softmax/sigmoid
 * to these losses as logits (see Sequential.forwardLogits).
 */
import { mul, softplus, square, sub } from "../tensor/elementwise";
import { mean, sum } from "../tensor/reduce";
import type { Tensor } from "../tensor/tensor";
import { checkTensor, formatShape } from "../tensor/validate";
import { checkOptions, lookup } from "../tensor/options";
import type { LayerActivationName } from "./activationFunctions";
import { softmaxCrossEntropy, type LossReduction } from "./ops/softmaxCrossEntropy";

export interface Loss {
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

export interface LossOptions {
  /** "mean" (default) or "sum". */
  reduction?: LossReduction;
}

function checkPair(name: string, output: Tensor, targets: Tensor): void {
  const fn = `${name}.value`;
  checkTensor(output, fn, "output");
  checkTensor(targets, fn, "targets");
  if (output.rank < 1 || output.shape.length !== targets.shape.length || output.shape.some((d, i) => d !== targets.shape[i])) {
    throw new Error(`${fn}: targets have shape ${formatShape(targets.shape)} but output has shape ${formatShape(output.shape)}`);
  }
}

/** Targets of a cross-entropy are 0/1 labels or probabilities. */
function checkProbabilityTargets(name: string, y: Tensor, other: string): void {
  const d = y.data;
  const i = d.findIndex((v) => !(v >= 0 && v <= 1)); // NaN included
  if (i >= 0) {
    throw new Error(`${name}.value: targets contain ${d[i]} at flat index ${i}, outside [0, 1]; ${name} needs 0/1 labels or probabilities as targets (${other})`);
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
  return made({
    name: "mse", reduction, expects: "outputs", outputActivation: "identity", classification: false,
    value(a, y) {
      checkPair("mse", a, y);
      const s = square(sub(a, y));
      return reduction === "mean" ? mean(s) : sum(s);
    },
  });
}

/** The lectures' quadratic cost 1/2 sum (a - y)^2 (reduction "sum"), or its mean over samples 1/(2n) sum ||a - y||^2. */
export function quadraticLoss(options: LossOptions = {}): Loss {
  checkOptions(options, "quadraticLoss", "options", ["reduction"]);
  const reduction = options.reduction ?? "sum";
  checkReduction("quadraticLoss", reduction);
  return made({
    name: "quadratic", reduction, expects: "outputs", outputActivation: "identity", classification: false,
    value(a, y) {
      checkPair("quadratic", a, y);
      return mul(sum(square(sub(a, y))), 0.5 * (reduction === "mean" ? 1 / a.shape[0] : 1));
    },
  });
}

/** Binary cross-entropy for sigmoid outputs, from the logits z (one or several independent 0/1 targets per sample). */
export function binaryCrossEntropyLoss(options: LossOptions = {}): Loss {
  checkOptions(options, "binaryCrossEntropyLoss", "options", ["reduction"]);
  const reduction = checkReduction("binaryCrossEntropyLoss", options.reduction);
  const name = "binaryCrossEntropy";
  return made({
    name, reduction, expects: "logits", outputActivation: "sigmoid", classification: true,
    value(z, y) {
      checkPair(name, z, y);
      checkProbabilityTargets(name, y, "for other targets use mseLoss");
      return mul(sum(sub(softplus(z), mul(y, z))), reduction === "mean" ? 1 / z.size : 1); // softplus(z) - y z, stable
    },
  });
}

/** Categorical cross-entropy fused with softmax, from logits [n, C] (stable). */
export function softmaxCrossEntropyLoss(options: LossOptions = {}): Loss {
  checkOptions(options, "softmaxCrossEntropyLoss", "options", ["reduction"]);
  const reduction = checkReduction("softmaxCrossEntropyLoss", options.reduction);
  const name = "softmaxCrossEntropy";
  return made({
    name, reduction, expects: "logits", outputActivation: "softmax", classification: true,
    value(z, y) {
      checkPair(name, z, y);
      checkProbabilityTargets(name, y, "one-hot rows, e.g. oneHot(labels, classes)");
      return softmaxCrossEntropy(z, y, { reduction });
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
  if (loss && typeof loss.value === "function") return loss;
  throw new Error(`${fn}: loss must be one of ${Object.keys(lossFactories).map((k) => JSON.stringify(k)).join(", ")} or an object with value(), got ${loss === null ? "null" : typeof loss}`);
}
