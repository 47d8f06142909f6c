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
import { accuracy } from "./metrics/accuracy";

/** Models `gridSearch` can build by name. */
export type GridSearchModel = "NeuralNetwork" | "Network";

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

/** Trains the job's model on the data and measures its accuracies. */
export function runGridSearchJob(job: GridSearchJob, data: GridSearchData): GridSearchJobResult {
  const trainX = new Tensor(data.trainInputs, [data.trainLabels.length, data.features]);
  const testX = new Tensor(data.testInputs, [data.testLabels.length, data.features]);
  try {
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
    throw new Error(`gridSearch: unknown model "${String(job.model)}"; use "NeuralNetwork" or "Network", or pass a run function`);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes("training diverged")) return { trainAccuracy: NaN, testAccuracy: NaN, error: message };
    throw e;
  }
}
