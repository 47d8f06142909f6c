/** Predictions of a trained classifier: class probabilities and class indices (batched, no graph, evaluation mode). */
import { Sequential } from "../nn/sequential";
import type { Module } from "../nn/module";
import { sigmoid } from "../tensor/elementwise";
import { softmax } from "../tensor/reduce";
import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { argmaxRow, checkFiniteOutputs, checkInputs, inEvalMode, rowRange } from "./evaluate";

export interface PredictOptions {
  /** Samples per forward pass (default 512). */
  batchSize?: number;
}

/** The model's raw outputs [n, ...] for x, batched, in evaluation mode without recording a graph. */
export function predictOutputs(model: Module, x: Tensor, options: PredictOptions = {}): Tensor {
  return outputs("predictOutputs", model, x, options);
}

function outputs(fn: string, model: Module, x: Tensor, options: PredictOptions): Tensor {
  if (!model || typeof model.forward !== "function") throw new Error(`${fn}: model must be a Module (with forward)`);
  checkOptions(options, fn, "options", ["batchSize"]);
  const xt = checkInputs(fn, "x", model, x);
  const n = xt.shape[0];
  const batchSize = options.batchSize ?? 512;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${fn}: batchSize must be a positive integer, got ${String(batchSize)}`);
  const out = inEvalMode(model, () => {
    if (n <= batchSize) return model.forward(xt);
    const parts: Tensor[] = [];
    for (let start = 0; start < n; start += batchSize) parts.push(model.forward(rowRange(xt, start, Math.min(batchSize, n - start))));
    const data = new Float64Array(n * (parts[0].size / parts[0].shape[0]));
    let offset = 0;
    for (const p of parts) {
      data.set(p.data, offset);
      offset += p.size;
    }
    return new Tensor(data, [n, ...parts[0].shape.slice(1)]);
  });
  checkFiniteOutputs(fn, out);
  return out;
}

/** Class probabilities [n, C]: the model's outputs when it ends in softmax or sigmoid, else softmax (C > 1) or sigmoid (C = 1) of them. */
export function predictProbabilities(model: Module, x: Tensor, options: PredictOptions = {}): Tensor {
  return probabilities("predictProbabilities", model, x, options);
}

function probabilities(fn: string, model: Module, x: Tensor, options: PredictOptions): Tensor {
  const out = outputs(fn, model, x, options);
  if (out.rank !== 2) throw new Error(`${fn}: the model's outputs have shape [${out.shape.join(",")}]; expected [samples, classes]`);
  const ending = model instanceof Sequential ? model.outputActivation() : "identity";
  if (ending !== "identity") return out;
  return out.shape[1] === 1 ? sigmoid(out) : softmax(out, -1);
}

/** Predicted class of each sample: the most probable class (C > 1), or probability > 0.5 (one sigmoid output). */
export function predict(model: Module, x: Tensor, options: PredictOptions = {}): Int32Array {
  const p = probabilities("predict", model, x, options);
  const [n, C] = p.shape;
  return Int32Array.from({ length: n }, (_, i) => (C === 1 ? (p.data[i] > 0.5 ? 1 : 0) : argmaxRow(p.data, i, C)));
}
