/** Evaluation of a model on labelled data (loss and accuracy, batched, no graph, evaluation mode), plus the input and target checks shared with `fit`. */
import { noGrad } from "../tensor/mode";
import { Sequential } from "../nn/sequential";
import { getLoss, type Loss, type LossName } from "../nn/losses";
import type { Module } from "../nn/module";
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/validate";
import { checkOptions } from "../tensor/options";

/** Labelled data: inputs x [n, ...] and class labels (Int32Array [n]) or targets (Tensor [n, outputs]). */
export interface LabelledData {
  x: Tensor;
  y: Int32Array | Tensor;
}

export interface EvaluateOptions {
  /** The loss (default softmaxCrossEntropy). */
  loss?: LossName | Loss;
  /** Samples per forward pass (default 512). */
  batchSize?: number;
}

export interface Evaluation {
  loss: number;
  /** Fraction classified correctly (classification losses only). */
  accuracy?: number;
  samples: number;
}

/** Index of the first NaN or infinity in d, or -1. */
function firstNonFinite(d: Float64Array): number {
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return i;
  return -1;
}

/** Index of the largest of the C values of row i of d (the first one on ties). */
export function argmaxRow(d: Float64Array, i: number, C: number): number {
  let best = 0;
  for (let j = 1; j < C; j++) if (d[i * C + j] > d[i * C + best]) best = j;
  return best;
}

/** f() in evaluation mode without recording a graph; the model's mode is restored. */
export function inEvalMode<T>(model: Module, f: () => T): T {
  const mode = model.training;
  model.eval();
  try {
    return noGrad(f);
  } finally {
    model.train(mode);
  }
}

/** Rows start..start+size-1 of x (x itself when that is all of it). */
export function rowRange(x: Tensor, start: number, size: number): Tensor {
  return start === 0 && size === x.shape[0] ? x : sliceRows(x, Int32Array.from({ length: size }, (_, i) => start + i));
}

/** Throws (naming fn and arg) unless x is a non-empty finite batch the model accepts. */
export function checkInputs(fn: string, arg: string, model: Module, x: unknown): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${fn}: ${arg} must be a Tensor [samples, ...], got ${x === null ? "null" : typeof x}`);
  if (x.rank < 2) throw new Error(`${fn}: ${arg} must have a sample axis and feature axes, e.g. [samples, features]; got shape ${formatShape(x.shape)}`);
  if (x.shape[0] === 0) throw new Error(`${fn}: ${arg} has no samples (shape ${formatShape(x.shape)})`);
  const i = firstNonFinite(x.data);
  if (i >= 0) throw new Error(`${fn}: ${arg} contains ${x.data[i]} at sample ${Math.floor(i / (x.size / x.shape[0]))} (flat index ${i}); clean or impute the data first`);
  if (model instanceof Sequential) {
    model.checkInput(x, fn, arg);
    if (!model.built) model.build(x.shape.slice(1));
  }
  return x;
}

/** Throws (naming fn) if the model's outputs hold NaN or Infinity (corrupt weights, a diverged run): a class read from them would silently be 0. */
export function checkFiniteOutputs(fn: string, out: Tensor): void {
  const i = firstNonFinite(out.data);
  if (i >= 0) {
    throw new Error(`${fn}: the model's outputs contain ${out.data[i]} at sample ${Math.floor(i / (out.size / out.shape[0]))}, so no class or loss can be read from them; ` +
      "its weights hold NaN/Infinity or overflow (a diverged training run or a corrupt saved model): retrain with a smaller learning rate or scaled inputs, or reload the model");
  }
}

/** Number of outputs per sample of the model for inputs like x (builds a Sequential; probes other modules with one sample). */
export function outputWidth(fn: string, model: Module, x: Tensor): number {
  let shape: readonly number[];
  if (model instanceof Sequential) shape = model.outputShape();
  else shape = inEvalMode(model, () => model.forward(sliceRows(x, Int32Array.of(0)))).shape.slice(1);
  if (shape.length !== 1) throw new Error(`${fn}: the model's outputs per sample have shape ${formatShape(shape)}; expected a vector [outputs] (add Flatten/Dense at the end)`);
  return shape[0];
}

/** Rows `indices` of x, as a constant tensor; with `reuse`, the data buffer of that length is taken from (and kept in) the map instead of being allocated. */
export function sliceRows(x: Tensor, indices: Int32Array, reuse?: Map<number, Float64Array>): Tensor {
  const width = x.size / x.shape[0];
  const length = indices.length * width;
  let out = reuse?.get(length);
  if (out === undefined) {
    out = new Float64Array(length);
    reuse?.set(length, out);
  }
  const src = x.data;
  for (let i = 0, o = 0; i < indices.length; i++) { // out[i, :] = x[indices[i], :]
    for (let j = indices[i] * width, end = j + width; j < end; j++, o++) out[o] = src[j];
  }
  return new Tensor(out, [indices.length, ...x.shape.slice(1)]);
}

/** Targets [n, C] and class labels (for accuracy; null for regression) from y. */
export interface PreparedTargets {
  targets: Tensor;
  labels: Int32Array | null;
}

/** Checks y against n samples and C outputs, and turns labels into one-hot rows (or a 0/1 column when C = 1). */
export function prepareTargets(fn: string, arg: string, y: unknown, n: number, C: number, loss: Loss): PreparedTargets {
  if (y instanceof Int32Array || (Array.isArray(y) && y.every((v) => typeof v === "number"))) {
    const labels = Int32Array.from(y as ArrayLike<number>);
    if (labels.length !== n) throw new Error(`${fn}: ${arg} has ${labels.length} labels but x has ${n} samples`);
    const classes = C === 1 ? 2 : C;
    for (let i = 0; i < n; i++) {
      const v = (y as ArrayLike<number>)[i];
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new Error(`${fn}: ${arg}[${i}] = ${v} is not a class index in [0, ${classes}) (the model has ${C} output${C === 1 ? " (binary: labels 0/1)" : "s"})`);
      }
    }
    const t = new Float64Array(n * C);
    if (C === 1) for (let i = 0; i < n; i++) t[i] = labels[i];
    else for (let i = 0; i < n; i++) t[i * C + labels[i]] = 1;
    return { targets: new Tensor(t, [n, C]), labels };
  }
  if (!(y instanceof Tensor)) throw new Error(`${fn}: ${arg} must be class labels (Int32Array) or a targets Tensor [samples, outputs], got ${y === null ? "null" : typeof y}`);
  let t = y;
  if (t.rank === 1 && C === 1) t = new Tensor(t.data, [t.shape[0], 1]);
  if (t.rank !== 2 || t.shape[0] !== n || t.shape[1] !== C) {
    throw new Error(`${fn}: ${arg} has shape ${formatShape(y.shape)} but x has ${n} samples and the model ${C} outputs (expected [${n},${C}])`);
  }
  const d = t.data;
  const bad = firstNonFinite(d);
  if (bad >= 0) throw new Error(`${fn}: ${arg} contains ${d[bad]} at sample ${Math.floor(bad / C)}`);
  let labels: Int32Array | null = null;
  if (loss.classification) {
    labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < C; j++) {
        const v = d[i * C + j];
        if (v < 0 || v > 1) throw new Error(`${fn}: ${arg}[${i}, ${j}] = ${v} is not a probability in [0, 1] (targets of ${loss.name})`);
        s += v;
      }
      if (loss.outputActivation === "softmax" && Math.abs(s - 1) > 1e-6) {
        throw new Error(`${fn}: ${arg} row ${i} sums to ${s}, but one-hot / probability rows for ${loss.name} must sum to 1`);
      }
      labels[i] = C === 1 ? (d[i] >= 0.5 ? 1 : 0) : argmaxRow(d, i, C);
    }
  }
  return { targets: t, labels };
}

/** Whether the model's outputs are fed to the loss as logits (Sequential ending in the loss's own activation). */
export function usesLogits(model: Module, loss: Loss): boolean {
  return loss.expects === "logits" && model instanceof Sequential && model.outputActivation() === loss.outputActivation;
}

/** Checks that the model's final activation suits the loss (e.g. no softmax output with a sigmoid loss). */
export function checkLossPairing(fn: string, model: Module, loss: Loss): void {
  if (!(model instanceof Sequential) || loss.expects !== "logits") return;
  const act = model.outputActivation();
  if (act !== "identity" && act !== loss.outputActivation) {
    throw new Error(`${fn}: the model ends in ${act} but ${loss.name} expects ${loss.outputActivation} outputs (logits); change the last activation or the loss`);
  }
}

/** The model's output for a batch as the loss wants it (logits when the loss fuses the output activation). */
export function lossInput(model: Module, x: Tensor, logits: boolean): Tensor {
  return logits ? (model as Sequential).forwardLogits(x) : model.forward(x);
}

/** Number of rows of `output` whose predicted class equals `labels[i]`. `logits`: threshold 0 instead of 0.5 for one output. */
export function countCorrect(output: Tensor, labels: Int32Array, logits: boolean): number {
  const n = output.shape[0];
  const C = output.size / n;
  const d = output.data;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const predicted = C === 1 ? (d[i] > (logits ? 0 : 0.5) ? 1 : 0) : argmaxRow(d, i, C);
    if (predicted === labels[i]) correct++;
  }
  return correct;
}

export function checkBatchSize(fn: string, batchSize: unknown, n: number): number {
  if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > n) {
    throw new Error(`${fn}: batchSize must be an integer in [1, ${n}] (the number of samples), got ${String(batchSize)}`);
  }
  return batchSize;
}

/** Loss and accuracy on prepared targets (no graph, evaluation mode; the model's mode is restored). */
export function evaluatePrepared(model: Module, x: Tensor, prepared: PreparedTargets, loss: Loss, batchSize: number, finiteCheck?: string): Evaluation {
  const n = x.shape[0];
  const logits = usesLogits(model, loss);
  return inEvalMode(model, () => {
    let total = 0;
    let correct = 0;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const out = lossInput(model, rowRange(x, start, size), logits);
      if (finiteCheck !== undefined) checkFiniteOutputs(finiteCheck, out);
      const value = loss.value(out, rowRange(prepared.targets, start, size)).item();
      total += loss.reduction === "sum" ? value : value * size;
      if (prepared.labels) correct += countCorrect(out, prepared.labels.subarray(start, start + size), loss.expects === "logits");
    }
    const result: Evaluation = { loss: loss.reduction === "sum" ? total : total / n, samples: n };
    if (prepared.labels) result.accuracy = correct / n;
    return result;
  });
}

/**
 * Loss (and accuracy for classification losses) of the model on labelled data.
 *
 *     const { loss, accuracy } = evaluate(model, { x: testX, y: testLabels });
 */
export function evaluate(model: Module, data: LabelledData, options: EvaluateOptions = {}): Evaluation {
  const fn = "evaluate";
  if (!model || typeof model.forward !== "function") throw new Error(`${fn}: model must be a Module (with forward)`);
  if (!data || typeof data !== "object") throw new Error(`${fn}: data must be { x, y }`);
  checkOptions(options, fn, "options", ["loss", "batchSize"]);
  checkOptions(data, fn, "data", ["x", "y"]);
  const loss = getLoss(options.loss ?? "softmaxCrossEntropy", fn);
  const x = checkInputs(fn, "data.x", model, data.x);
  const n = x.shape[0];
  const C = outputWidth(fn, model, x);
  checkLossPairing(fn, model, loss);
  const prepared = prepareTargets(fn, "data.y", data.y, n, C, loss);
  const batchSize = Math.min(options.batchSize ?? 512, n);
  checkBatchSize(fn, batchSize, n);
  return evaluatePrepared(model, x, prepared, loss, batchSize, fn);
}
