/**
 * One grid-search point as a plain, serialisable job: which model, its options,
 * the two hyper-parameter values and the seed. `runGridSearchJob` trains that
 * model and returns its train and test accuracy. It is what the worker threads
 * of `gridSearch` call (through the built package), and what the in-process
 * fallback calls directly, so both give identical numbers.
 */
import { Tensor } from "../tensor/tensor";
import { NeuralNetwork } from "../models/neuralNetwork";
import { Network } from "../models/network";
import type { LossName } from "../nn/losses";
import type { LayerJSON } from "../nn/module";
import { Sequential, type SequentialJSON } from "../nn/sequential";
import { fit, type FitOptions } from "./fit";
import { accuracy } from "./metrics/accuracy";
import { predict } from "./predict";

/** Models `gridSearch` can build by name. */
export type GridSearchModel = "NeuralNetwork" | "Network" | "Sequential";

/**
 * `modelOptions` of the "Sequential" grid-search model: an architecture and
 * serialisable fit options. At grid point (i, j) with seed s the worker builds
 * `Sequential.fromJSON` of the architecture with seed s (weights in it are
 * ignored: every point starts from fresh weights drawn with its own seed),
 * and calls `fit` with these options, seed s, and the point's two values.
 * Axis names are fit options (learningRate, l2, l1, momentum, clipNorm,
 * epochs, batchSize), or the lectures' aliases eta (= learningRate) and lmbd (= l2).
 */
export interface SequentialGridOptions {
  /** `model.toJSON()` (its weights are ignored) or just the layer specs [{ type, config }]. */
  architecture: SequentialJSON | LayerJSON[];
  /**
   * Shape of one input sample, e.g. [1, 8, 8] to train a CNN on flat 64-pixel rows
   * (default: the architecture's inputShape, else [features]).
   */
  inputShape?: number[];
  /** Serialisable fit options (no functions, no tensors, no seed: the seed is the point's). */
  fit?: SequentialGridFitOptions;
}

/** The fit options a "Sequential" grid job accepts (all plain data). */
export interface SequentialGridFitOptions {
  loss?: LossName;
  optimizer?: "sgd" | "adam" | "rmsprop" | "adagrad";
  learningRate?: number;
  momentum?: number;
  l2?: number;
  l1?: number;
  clipNorm?: number;
  epochs?: number;
  batchSize?: number;
  sampling?: "shuffle" | "with-replacement-per-iteration";
}

const SEQUENTIAL_FIT_KEYS = new Set(["loss", "optimizer", "learningRate", "momentum", "l2", "l1", "clipNorm", "epochs", "batchSize", "sampling"]);
const SEQUENTIAL_AXIS_ALIASES: Record<string, string> = { eta: "learningRate", lmbd: "l2" };
const SEQUENTIAL_AXIS_KEYS = new Set(["learningRate", "momentum", "l2", "l1", "clipNorm", "epochs", "batchSize"]);

/** A serialisable description of one grid point. */
export interface GridSearchJob {
  model: GridSearchModel;
  /** Options of the model (numbers, strings, arrays: no functions, no tensors). */
  modelOptions: Record<string, unknown>;
  /** The two hyper-parameters of this point, e.g. { eta: 0.01, lmbd: 0.1 }. */
  params: Record<string, number>;
  seed: number;
}

/** Training and test data in transferable form (typed arrays and shapes). */
export interface GridSearchData {
  trainInputs: Float64Array;
  trainLabels: Int32Array;
  testInputs: Float64Array;
  testLabels: Int32Array;
  features: number;
  categories: number;
}

/** The outcome of one grid point (accuracies are NaN if training diverged). */
export interface GridSearchJobResult {
  trainAccuracy: number;
  testAccuracy: number;
  /** The divergence message if the loss became NaN/Inf, else null. */
  error: string | null;
}

const NETWORK_SGD_KEYS = new Set(["eta", "lmbd", "epochs", "miniBatchSize"]);

/**
 * The model and fit options of a "Sequential" job, checked: throws an Error naming
 * the bad option. `sampleShape` is the shape of one input sample.
 */
export function sequentialJobSetup(job: GridSearchJob, features: number): { model: Sequential; fitOptions: FitOptions; sampleShape: number[] } {
  const fn = "gridSearch";
  const options = job.modelOptions as unknown as SequentialGridOptions;
  const arch = options.architecture as unknown;
  let layers: LayerJSON[];
  let archShape: number[] | null = null;
  if (Array.isArray(arch)) layers = arch as LayerJSON[];
  else if (arch && typeof arch === "object" && Array.isArray((arch as SequentialJSON).layers)) {
    layers = (arch as SequentialJSON).layers;
    archShape = (arch as SequentialJSON).inputShape ?? null;
  } else throw new Error(`${fn}: modelOptions.architecture must be a Sequential's toJSON() or an array of layer specs { type, config } for the Sequential model`);
  for (const key of Object.keys(options)) {
    if (key !== "architecture" && key !== "inputShape" && key !== "fit") throw new Error(`${fn}: unknown modelOptions.${key} for the Sequential model (use architecture, inputShape, fit)`);
  }
  const sampleShape = options.inputShape ?? archShape ?? [features];
  if (!Array.isArray(sampleShape) || sampleShape.reduce((a, b) => a * b, 1) !== features) {
    throw new Error(`${fn}: modelOptions.inputShape ${JSON.stringify(sampleShape)} does not hold the ${features} input columns`);
  }
  const fitOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options.fit ?? {})) {
    if (!SEQUENTIAL_FIT_KEYS.has(key)) {
      throw new Error(`${fn}: modelOptions.fit.${key} is not supported in a grid job (use ${[...SEQUENTIAL_FIT_KEYS].join(", ")}; the seed is the grid point's)`);
    }
    fitOptions[key] = value;
  }
  for (const [name, value] of Object.entries(job.params)) {
    const key = SEQUENTIAL_AXIS_ALIASES[name] ?? name;
    if (!SEQUENTIAL_AXIS_KEYS.has(key)) {
      throw new Error(`${fn}: grid axis "${name}" is not a fit option of the Sequential model (use ${[...SEQUENTIAL_AXIS_KEYS].join(", ")}, eta or lmbd)`);
    }
    fitOptions[key] = value;
  }
  fitOptions.seed = job.seed;
  // fresh, unbuilt layers (weights ignored), initialised with the point's seed
  const model = Sequential.fromJSON({
    format: "nnlab-sequential", version: 1, inputShape: null, seed: job.seed,
    layers: layers.map((l) => ({ type: l?.type, config: l?.config ?? {} })),
  });
  model.build(sampleShape);
  return { model, fitOptions: fitOptions as FitOptions, sampleShape };
}

/** Trains the job's model on the data and measures its accuracies. */
export function runGridSearchJob(job: GridSearchJob, data: GridSearchData): GridSearchJobResult {
  const trainX = new Tensor(data.trainInputs, [data.trainLabels.length, data.features]);
  const testX = new Tensor(data.testInputs, [data.testLabels.length, data.features]);
  try {
    if (job.model === "Sequential") {
      const { model, fitOptions, sampleShape } = sequentialJobSetup(job, data.features);
      const x = new Tensor(data.trainInputs, [data.trainLabels.length, ...sampleShape]);
      const xTest = new Tensor(data.testInputs, [data.testLabels.length, ...sampleShape]);
      fit(model, { x, y: data.trainLabels }, fitOptions);
      return {
        trainAccuracy: accuracy(predict(model, x), data.trainLabels),
        testAccuracy: accuracy(predict(model, xTest), data.testLabels),
        error: null,
      };
    }
    if (job.model === "NeuralNetwork") {
      const net = new NeuralNetwork({
        categories: data.categories,
        ...job.modelOptions,
        ...job.params,
        seed: job.seed,
        inputs: trainX,
        targets: data.trainLabels,
      });
      net.train();
      return {
        trainAccuracy: accuracy(net.predict(trainX), data.trainLabels),
        testAccuracy: accuracy(net.predict(testX), data.testLabels),
        error: null,
      };
    }
    if (job.model === "Network") {
      const all: Record<string, unknown> = { ...job.modelOptions, ...job.params };
      const sizes = all.sizes as number[];
      if (!Array.isArray(sizes)) throw new Error("gridSearch: modelOptions.sizes (e.g. [64, 30, 10]) is required for the Network model");
      const constructorOptions: Record<string, unknown> = {};
      const sgdOptions: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(all)) {
        if (key === "sizes") continue;
        (NETWORK_SGD_KEYS.has(key) ? sgdOptions : constructorOptions)[key] = value;
      }
      const net = new Network(sizes, { ...constructorOptions, seed: job.seed });
      net.SGD({
        epochs: 10, miniBatchSize: 10, eta: 0.1,
        ...sgdOptions,
        trainingData: { inputs: trainX, labels: data.trainLabels },
      });
      return {
        trainAccuracy: accuracy(net.predict(trainX), data.trainLabels),
        testAccuracy: accuracy(net.predict(testX), data.testLabels),
        error: null,
      };
    }
    throw new Error(`gridSearch: unknown model "${String(job.model)}"; use "NeuralNetwork", "Network" or "Sequential", or pass a run function`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes("training diverged")) return { trainAccuracy: NaN, testAccuracy: NaN, error: message };
    throw e;
  }
}
