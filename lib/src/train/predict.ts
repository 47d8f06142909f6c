/** Predictions of a trained classifier: class probabilities and class indices (batched, no graph, evaluation mode). */
import { noGrad } from "../tensor/mode";
import { Sequential } from "../nn/sequential";
import type { Module } from "../nn/module";
import { sigmoid } from "../tensor/elementwise";
import { softmax } from "../tensor/reduce";
import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { checkFiniteOutputs, checkInputs, sliceRows } from "./evaluate";

/** Options of `predict` and `predictProbabilities`. */
export interface PredictOptions {
  /** Samples per forward pass (default 512). */
  batchSize?: number;
}

/** The model's raw outputs [n, ...] for x, batched, in evaluation mode without recording a graph. */
export function predictOutputs(model: Module, x: Tensor, options: PredictOptions = {}): Tensor {
  const fn = "predictOutputs";
  return outputs(fn, model, x, options);
}

function outputs(fn: string, model: Module, x: Tensor, options: PredictOptions): Tensor {
  if (!model || typeof model.forward !== "function") throw new Error(`${fn}: model must be a Module (with forward)`);
  checkOptions(options, fn, "options", ["batchSize"]);
  const xt = checkInputs(fn, "x", model, x);
  const n = xt.shape[0];
  const batchSize = options.batchSize ?? 512;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`${fn}: batchSize must be a positive integer, got ${String(batchSize)}`);
  const mode = model.training;
  model.eval();
  try {
    const out = noGrad(() => {
      if (n <= batchSize) return model.forward(xt);
      const parts: Tensor[] = [];
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        parts.push(model.forward(sliceRows(xt, Int32Array.from({ length: size }, (_, i) => start + i))));
      }
      const width = parts[0].size / parts[0].shape[0];
      const data = new Float64Array(n * width);
      let offset = 0;
      for (const p of parts) {
        data.set(p.data, offset);
        offset += p.size;
      }
      return new Tensor(data, [n, ...parts[0].shape.slice(1)]);
    });
    checkFiniteOutputs(fn, out);
    return out;
  } finally {
    model.train(mode);
  }
}

/**
 * Class probabilities [n, C]: the model's outputs when it ends in softmax or
 * sigmoid; otherwise its outputs are taken as logits and softmax (C > 1) or
 * sigmoid (C = 1) is applied.
 */
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
  const d = p.data;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (C === 1) labels[i] = d[i] > 0.5 ? 1 : 0;
    else {
      let best = 0;
      for (let j = 1; j < C; j++) if (d[i * C + j] > d[i * C + best]) best = j;
      labels[i] = best;
    }
  }
  return labels;
}
