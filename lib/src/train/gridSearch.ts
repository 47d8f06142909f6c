/**
 * Grid search over two hyper-parameters (the lectures' (eta, lmbd) heatmaps).
 *
 * Each grid point (i, j) trains a fresh model with rows.values[i] and
 * columns.values[j] and the seed `seed + i * columns + j`, so the result does
 * not depend on how many workers ran or in which order they finished. Named
 * models ("NeuralNetwork", "Network", and "Sequential": an architecture from
 * `model.toJSON()` plus serialisable fit options, see SequentialGridOptions) run in parallel on worker threads, which
 * load the built package (lib/dist); a custom `run` function, or an
 * environment without workers or without the built package, runs in-process.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { Tensor } from "../tensor/tensor";
import { createProgress, type Progress } from "../progress/createProgress";
import { Sequential } from "../nn/sequential";
import { fit } from "./fit";
import {
  runGridSearchJob, sequentialJobSetup, type GridSearchData, type GridSearchJob, type GridSearchJobResult, type GridSearchModel,
} from "./gridSearchJob";

/** One axis of the grid: a hyper-parameter name and its values. */
export interface GridAxis {
  name: string;
  values: number[];
}

/** A labelled data set for grid search: inputs [n, d] and integer labels. */
export interface GridSearchDataSet {
  inputs?: Tensor;
  /** Accepted instead of `inputs` (as returned by the data loaders and trainTestSplit). */
  features?: Tensor;
  labels: Int32Array;
}

/** One grid point handed to a custom `run` function. */
export interface GridPoint {
  /** Row index i and column index j. */
  row: number;
  column: number;
  /** The two hyper-parameters, e.g. { eta: 0.01, lmbd: 1e-4 }. */
  params: Record<string, number>;
  /** The point's seed: seed + i * columns + j. */
  seed: number;
}

/** What `onProgress` receives after each finished point. */
export interface GridSearchProgress {
  done: number;
  total: number;
  row: number;
  column: number;
  params: Record<string, number>;
  trainAccuracy: number;
  testAccuracy: number;
}

/** Options of `gridSearch`. */
export interface GridSearchOptions {
  /** Shorthand for rows = { name: "eta", values: etas }. */
  etas?: number[];
  /** Shorthand for columns = { name: "lmbd", values: lmbds }. */
  lmbds?: number[];
  /** The hyper-parameter along the rows of the result. */
  rows?: GridAxis;
  /** The hyper-parameter along the columns of the result. */
  columns?: GridAxis;
  /** A named model trained at each point (default "NeuralNetwork"); runs on worker threads. */
  model?: GridSearchModel;
  /**
   * Serialisable options of the model (e.g. { hiddenNeurons: 50, epochs: 100, batchSize: 100 }); for
   * "Sequential" a SequentialGridOptions, e.g. { architecture: model.toJSON(), fit: { loss: "softmaxCrossEntropy",
   * optimizer: "adam", epochs: 20, batchSize: 32 } } with axes such as learningRate and l2 (or eta and lmbd).
   */
  modelOptions?: Record<string, unknown>;
  /** Training data (inputs + labels). Required for named models. */
  train?: GridSearchDataSet;
  /** Test data (inputs + labels). Required for named models. */
  test?: GridSearchDataSet;
  /** Base seed (default 0). */
  seed?: number;
  /** Worker threads (default: the number of cores, at most the number of points); 0 or 1 runs in-process. */
  workers?: number;
  /** A custom training function, run in-process: returns the point's accuracies. */
  run?: (point: GridPoint) => { trainAccuracy: number; testAccuracy: number } | Promise<{ trainAccuracy: number; testAccuracy: number }>;
  /** Called after each finished point. */
  onProgress?: (progress: GridSearchProgress) => void;
  /** A progress bar over the grid points: `true` for the default display, or a `Progress` from `createProgress`. */
  progress?: boolean | Progress;
  /** Path of the built nnlab entry (lib/dist/index.js) for the workers; found automatically. */
  libraryPath?: string;
}

/** Accuracy matrices ready for a heatmap: [rows.length][columns.length]. */
export interface GridSearchResult {
  rowName: string;
  columnName: string;
  rows: number[];
  columns: number[];
  trainAccuracy: number[][];
  testAccuracy: number[][];
  /** Divergence messages of points whose loss became NaN/Inf (their accuracies are NaN), else null. */
  errors: (string | null)[][];
  /** Wall-clock seconds. */
  seconds: number;
  /** Worker threads used (0 = in-process). */
  workers: number;
}

const FN = "gridSearch";

function checkAxis(name: string, axis: GridAxis | undefined): GridAxis {
  if (!axis || typeof axis.name !== "string" || !Array.isArray(axis.values) || axis.values.length === 0) {
    throw new Error(`${FN}: ${name} must be { name, values } with at least one value (or use etas / lmbds)`);
  }
  axis.values.forEach((v, i) => {
    if (typeof v !== "number" || Number.isNaN(v)) throw new Error(`${FN}: ${name}.values[${i}] is not a number: ${String(v)}`);
  });
  return axis;
}

function readDataSet(arg: string, set: GridSearchDataSet | undefined): { inputs: Tensor; labels: Int32Array } {
  const inputs = set?.inputs ?? set?.features;
  if (!(inputs instanceof Tensor) || inputs.rank !== 2) throw new Error(`${FN}: ${arg}.inputs must be a Tensor [n, d]`);
  if (!(set?.labels instanceof Int32Array) || set.labels.length !== inputs.shape[0]) {
    throw new Error(`${FN}: ${arg}.labels must be an Int32Array with one label per row of ${arg}.inputs (${inputs.shape[0]})`);
  }
  return { inputs, labels: set.labels };
}

/** Finds the built package entry (lib/dist/index.js) for the workers, or null. */
function findLibrary(explicit?: string): string | null {
  if (explicit) return fs.existsSync(explicit) ? explicit : null;
  const candidates: string[] = [];
  if (typeof __filename === "string" && __filename.endsWith(".js")) candidates.push(path.resolve(__dirname, "..", "index.js"));
  if (typeof __dirname === "string") candidates.push(path.resolve(__dirname, "..", "..", "dist", "index.js"));
  try {
    candidates.push(createRequire(path.join(process.cwd(), "noop.js")).resolve("nnlab"));
  } catch {
    // not resolvable from here
  }
  for (const c of candidates) if (fs.existsSync(c)) return c;
  return null;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const lib = require(workerData.libraryPath);
if (typeof lib.runGridSearchJob !== "function") throw new Error("the built nnlab at " + workerData.libraryPath + " has no runGridSearchJob (rebuild with npm run build)");
parentPort.on("message", (message) => {
  try {
    parentPort.postMessage({ index: message.index, result: lib.runGridSearchJob(message.job, workerData.data) });
  } catch (e) {
    parentPort.postMessage({ index: message.index, failure: e && e.message ? e.message : String(e) });
  }
});
`;

/**
 * Trains a model at every (row, column) point of a two-parameter grid and
 * returns the train and test accuracies as matrices [rows][columns].
 *
 * @example
 * const result = await gridSearch({
 *   etas: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10], lmbds: [1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10],
 *   model: "NeuralNetwork", modelOptions: { hiddenNeurons: 50, epochs: 100, batchSize: 100 },
 *   train: { inputs: trainX, labels: trainY }, test: { inputs: testX, labels: testY }, seed: 1,
 * });
 * // any Sequential: rows and columns are fit options; each point starts from fresh weights (its own seed)
 * const cnnGrid = await gridSearch({
 *   rows: { name: "learningRate", values: [0.01, 0.1] }, columns: { name: "l2", values: [0, 1e-4] },
 *   model: "Sequential", modelOptions: { architecture: cnn.toJSON(), inputShape: [1, 8, 8], fit: { epochs: 10, batchSize: 100 } },
 *   train: { inputs: trainX, labels: trainY }, test: { inputs: testX, labels: testY }, seed: 1,
 * });
 */
export async function gridSearch(options: GridSearchOptions): Promise<GridSearchResult> {
  if (!options || typeof options !== "object") throw new Error(`${FN}: options must be an object`);
  const rowAxis = checkAxis("rows", options.rows ?? (options.etas ? { name: "eta", values: options.etas } : undefined));
  const columnAxis = checkAxis("columns", options.columns ?? (options.lmbds ? { name: "lmbd", values: options.lmbds } : undefined));
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`${FN}: seed must be an integer, got ${String(seed)}`);
  const R = rowAxis.values.length;
  const K = columnAxis.values.length;
  const total = R * K;
  const points: GridPoint[] = [];
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < K; j++) {
      points.push({ row: i, column: j, params: { [rowAxis.name]: rowAxis.values[i], [columnAxis.name]: columnAxis.values[j] }, seed: seed + i * K + j });
    }
  }
  const results: GridSearchJobResult[] = new Array(total);
  const start = performance.now();
  let done = 0;
  const bar = options.progress === true ? createProgress({ total, label: "grid point" }) : options.progress || null;
  let best = -Infinity;
  const finish = (index: number, result: GridSearchJobResult): void => {
    results[index] = result;
    done++;
    const p = points[index];
    if (result.testAccuracy > best) best = result.testAccuracy;
    bar?.update(done, { "best test accuracy": best });
    options.onProgress?.({ done, total, row: p.row, column: p.column, params: p.params, trainAccuracy: result.trainAccuracy, testAccuracy: result.testAccuracy });
  };

  let workersUsed = 0;
  if (options.run) {
    if (typeof options.run !== "function") throw new Error(`${FN}: run must be a function`);
    for (let index = 0; index < total; index++) {
      const r = await options.run(points[index]);
      if (!r || typeof r.trainAccuracy !== "number" || typeof r.testAccuracy !== "number") {
        throw new Error(`${FN}: run must return { trainAccuracy, testAccuracy } (point ${JSON.stringify(points[index].params)})`);
      }
      finish(index, { trainAccuracy: r.trainAccuracy, testAccuracy: r.testAccuracy, error: null });
    }
  } else {
    const model = options.model ?? "NeuralNetwork";
    if (model !== "NeuralNetwork" && model !== "Network" && model !== "Sequential") {
      throw new Error(`${FN}: model must be "NeuralNetwork", "Network" or "Sequential", got ${String(model)}`);
    }
    const modelOptions = options.modelOptions ?? {};
    checkSerialisable("modelOptions", modelOptions);
    const train = readDataSet("train", options.train);
    const test = readDataSet("test", options.test);
    if (test.inputs.shape[1] !== train.inputs.shape[1]) {
      throw new Error(`${FN}: test.inputs has ${test.inputs.shape[1]} columns but train.inputs has ${train.inputs.shape[1]}`);
    }
    let maxLabel = 0;
    for (const labels of [train.labels, test.labels]) for (let i = 0; i < labels.length; i++) if (labels[i] > maxLabel) maxLabel = labels[i];
    const data: GridSearchData = {
      trainInputs: train.inputs.data, trainLabels: train.labels,
      testInputs: test.inputs.data, testLabels: test.labels,
      features: train.inputs.shape[1], categories: maxLabel + 1,
    };
    const jobs: GridSearchJob[] = points.map((p) => ({ model, modelOptions, params: p.params, seed: p.seed }));
    // fail fast on bad options: the first point's model is built (0 epochs) in-process before any worker starts
    if (model === "Sequential") checkSequentialJob(jobs[0], data);
    else runGridSearchJob({ ...jobs[0], modelOptions: { ...modelOptions, epochs: 0 } }, data);
    const requested = options.workers ?? Math.min(os.availableParallelism?.() ?? os.cpus().length, total);
    if (!Number.isInteger(requested) || requested < 0) throw new Error(`${FN}: workers must be a non-negative integer, got ${String(requested)}`);
    const libraryPath = requested > 1 ? findLibrary(options.libraryPath) : null;
    if (requested > 1 && libraryPath) {
      workersUsed = Math.min(requested, total);
      try {
        await runOnWorkers(jobs, data, libraryPath, workersUsed, finish);
      } catch (e) {
        if (!(e instanceof WorkerStartError)) throw e;
        // workers unavailable (e.g. a stale or missing build): finish the remaining points in-process
        workersUsed = 0;
        for (let index = 0; index < total; index++) if (!results[index]) finish(index, runGridSearchJob(jobs[index], data));
      }
    } else {
      for (let index = 0; index < total; index++) finish(index, runGridSearchJob(jobs[index], data));
    }
  }

  bar?.finish({ "best test accuracy": best });
  const trainAccuracy: number[][] = [];
  const testAccuracy: number[][] = [];
  const errors: (string | null)[][] = [];
  for (let i = 0; i < R; i++) {
    trainAccuracy.push(results.slice(i * K, i * K + K).map((r) => r.trainAccuracy));
    testAccuracy.push(results.slice(i * K, i * K + K).map((r) => r.testAccuracy));
    errors.push(results.slice(i * K, i * K + K).map((r) => r.error));
  }
  return {
    rowName: rowAxis.name, columnName: columnAxis.name,
    rows: rowAxis.values.slice(), columns: columnAxis.values.slice(),
    trainAccuracy, testAccuracy, errors,
    seconds: (performance.now() - start) / 1000,
    workers: workersUsed,
  };
}

/** Throws if `value` holds something a worker cannot receive (functions, tensors, models). */
function checkSerialisable(where: string, value: unknown): void {
  if (typeof value === "function" || value instanceof Tensor || value instanceof Sequential) {
    throw new Error(`${FN}: ${where} must be serialisable (numbers, strings, arrays, plain objects such as model.toJSON()); pass a run function for custom models`);
  }
  if (Array.isArray(value)) value.forEach((v, i) => checkSerialisable(`${where}[${i}]`, v));
  else if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    for (const [key, v] of Object.entries(value)) checkSerialisable(`${where}.${key}`, v);
  }
}

/** Checks a Sequential job cheaply: builds its model and fits one epoch on one batch of the data. */
function checkSequentialJob(job: GridSearchJob, data: GridSearchData): void {
  const { model, fitOptions, sampleShape } = sequentialJobSetup(job, data.features);
  const n = data.trainLabels.length;
  const rows = Math.min(n, typeof fitOptions.batchSize === "number" && fitOptions.batchSize > 0 ? fitOptions.batchSize : 32);
  const x = new Tensor(data.trainInputs.slice(0, rows * data.features), [rows, ...sampleShape]);
  try {
    fit(model, { x, y: data.trainLabels.slice(0, rows) }, { ...fitOptions, epochs: 1 });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (!message.includes("training diverged")) throw e; // a diverging point is a result, not a bad option
  }
}

class WorkerStartError extends Error {}

/** Runs the jobs on `count` worker threads, handing out the next job as each finishes. */
async function runOnWorkers(
  jobs: GridSearchJob[], data: GridSearchData, libraryPath: string, count: number,
  finish: (index: number, result: GridSearchJobResult) => void,
): Promise<void> {
  const { Worker } = await import("node:worker_threads");
  let next = 0;
  const workers: InstanceType<typeof Worker>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const feed = (worker: InstanceType<typeof Worker>): void => {
        if (next >= jobs.length) {
          if (running === 0) resolve();
          return;
        }
        const index = next++;
        running++;
        worker.postMessage({ index, job: jobs[index] });
      };
      for (let w = 0; w < count; w++) {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { libraryPath, data } });
        workers.push(worker);
        worker.on("message", (message: { index: number; result?: GridSearchJobResult; failure?: string }) => {
          running--;
          if (message.failure !== undefined) {
            reject(new Error(message.failure));
            return;
          }
          finish(message.index, message.result as GridSearchJobResult);
          feed(worker);
        });
        worker.on("error", (e) => reject(new WorkerStartError(`${FN}: a worker thread failed: ${e.message}`)));
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
