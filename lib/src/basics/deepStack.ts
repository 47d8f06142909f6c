/**
 * A deep fully connected classifier in one call, for the deep-network
 * experiments of the last lecture: `depth` hidden layers of `width` units with
 * the same activation and initialiser, optionally with batch normalisation
 * before each activation and dropout after it, and a softmax output layer.
 *
 *     plain:       [Dense(width, f)] x depth, Dense(outputs, softmax)
 *     batchNorm:   [Dense(width), BatchNorm, Activation(f)] x depth, Dense(outputs, softmax)
 *     dropout p:   ... Activation(f), Dropout(p) ... (after every hidden layer)
 */
import { ActivationLayer } from "../nn/activationLayer";
import { checkActivation, type LayerActivationName } from "../nn/activationFunctions";
import { BatchNorm } from "../nn/batchNorm";
import { Dense } from "../nn/dense";
import { Dropout } from "../nn/dropout";
import { getInitializer, type Initializer, type InitializerName } from "../nn/init";
import type { Layer } from "../nn/module";
import { Sequential } from "../nn/sequential";

/** Options of `deepStack`. */
export interface DeepStackOptions {
  /** Features per input sample (e.g. 64 for the 8x8 digits). */
  inputs: number;
  /** Number of hidden layers L. */
  depth: number;
  /** Units per hidden layer. */
  width: number;
  /** Hidden activation f (default "sigmoid"). */
  activation?: LayerActivationName;
  /** Initialiser of every layer, a name or an Initializer (default "glorotUniform"; "lecture" is N(0, 1)). */
  init?: InitializerName | Initializer;
  /** Output units (default 10). */
  outputs?: number;
  /** Output activation (default "softmax"). */
  outputActivation?: LayerActivationName;
  /** Insert BatchNorm between each hidden Dense layer and its activation (default false). */
  batchNorm?: boolean;
  /** Dropout rate after every hidden activation (default 0: no Dropout layers). */
  dropout?: number;
  /** Seed of the initial weights and dropout masks (default 0). */
  seed?: number;
}

function checkCount(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new Error(`deepStack: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** The Sequential model described by `options`, built for inputs [options.inputs]. */
export function deepStack(options: DeepStackOptions): Sequential {
  if (!options || typeof options !== "object") throw new Error("deepStack: options must be { inputs, depth, width, ... }");
  const inputs = checkCount("inputs", options.inputs);
  const depth = checkCount("depth", options.depth);
  const width = checkCount("width", options.width);
  const outputs = checkCount("outputs", options.outputs ?? 10);
  const activation = checkActivation("deepStack", options.activation ?? "sigmoid");
  const outputActivation = checkActivation("deepStack", options.outputActivation ?? "softmax");
  const init = getInitializer(options.init, "deepStack");
  const rate = options.dropout ?? 0;
  if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new Error(`deepStack: dropout must be a rate in [0, 1), got ${String(options.dropout)}`);
  const layers: Layer[] = [];
  for (let l = 0; l < depth; l++) {
    if (options.batchNorm) layers.push(new Dense(width, { init }), new BatchNorm(), new ActivationLayer(activation));
    else layers.push(new Dense(width, { activation, init }));
    if (rate > 0) layers.push(new Dropout(rate));
  }
  layers.push(new Dense(outputs, { activation: outputActivation, init }));
  return new Sequential(layers, { inputShape: [inputs], seed: options.seed ?? 0 });
}
