/**
 * fit: minibatch training of a model with a loss and an optimizer.
 *
 * Each epoch draws its minibatches from a seeded generator:
 * - sampling "shuffle" (default): a fresh permutation of the samples per epoch,
 *   cut into ceil(n / batchSize) batches (the last one may be smaller);
 * - sampling "with-replacement-per-iteration": the lectures' loop, floor(n / batchSize)
 *   iterations, each drawing batchSize distinct samples at random, independently of
 *   the other iterations (a sample can be drawn in several iterations of an epoch, or in none).
 * For every batch: forward, loss, backward, optimizer step. After each epoch the
 * validation data (if any) is evaluated, the history grows by one record,
 * early stopping and callbacks are consulted and the progress display updated.
 *
 *     const history = fit(model, { x: trainX, y: trainLabels }, {
 *       loss: "softmaxCrossEntropy", optimizer: "sgd", learningRate: 0.1,
 *       epochs: 100, batchSize: 100, seed: 1, validationData: { x: testX, y: testLabels },
 *     });
 */
import { backward } from "../autodiff/backward";
import { getLoss, isBuiltinLoss, type Loss, type LossName } from "../nn/losses";
import { isBuiltinLayer } from "../nn/serialize";
import type { Module } from "../nn/module";
import { recycleGradients, withRecycledGradients } from "../nn/ops/recycle";
import { Sequential } from "../nn/sequential";
import { Adagrad } from "../optim/adagrad";
import { Adam } from "../optim/adam";
import { Optimizer, type ParamGroup } from "../optim/optimizer";
import { RMSprop } from "../optim/rmsprop";
import type { LearningRate } from "../optim/schedules";
import { SGD } from "../optim/sgd";
import { createProgress } from "../progress/createProgress";
import { Random } from "../random";
import { EarlyStopping, type EarlyStoppingOptions } from "./earlyStopping";
import {
  checkBatchSize, checkInputs, checkLossPairing, countCorrect, evaluatePrepared, lossInput, outputWidth, prepareTargets,
  sliceRows, usesLogits, type LabelledData, type PreparedTargets,
} from "./evaluate";
import type { EpochRecord, FitCallbacks, History } from "./history";

/** How minibatches are drawn. */
export type FitSampling = "shuffle" | "with-replacement-per-iteration";

/** Optimizers `fit` can create by name. */
export type OptimizerName = "sgd" | "adam" | "rmsprop" | "adagrad";

/** Options of `fit`. */
export interface FitOptions {
  /** The loss (default "softmaxCrossEntropy"). */
  loss?: LossName | Loss;
  /**
   * An optimizer over the model's parameters, or a name: then `learningRate`,
   * `momentum`, `l2`, `l1`, `clipNorm` configure it (L2/L1 on weights only). Default "sgd".
   */
  optimizer?: Optimizer | OptimizerName;
  /** Learning rate eta of a named optimizer (default 0.01). */
  learningRate?: LearningRate;
  /** Momentum of a named SGD optimizer (default 0). */
  momentum?: number;
  /** L2 penalty lmbd on the weights for a named optimizer (default 0). */
  l2?: number;
  /** L1 penalty on the weights for a named optimizer (default 0). */
  l1?: number;
  /** Gradient clipping by global norm for a named optimizer. */
  clipNorm?: number;
  /** Number of passes over the data (default 10). */
  epochs?: number;
  /** Samples per minibatch (default 32, at most n). */
  batchSize?: number;
  /** Minibatch sampling (default "shuffle"). */
  sampling?: FitSampling;
  /** Seed of the minibatch draws (default 0). */
  seed?: number;
  /** Data evaluated after every epoch (valLoss, valAccuracy). */
  validationData?: LabelledData;
  /** Stop when the monitored loss stops improving. */
  earlyStopping?: EarlyStoppingOptions;
  /** Hooks after each batch / epoch. */
  callbacks?: FitCallbacks;
  /** Show a progress bar (notebook or terminal); default false. */
  progress?: boolean;
  /** Label of the progress bar (default "fit"). */
  progressLabel?: string;
}

function checkPositiveInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new Error(`${fn}: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function makeOptimizer(fn: string, model: Module, options: FitOptions): Optimizer {
  const opt = options.optimizer ?? "sgd";
  if (opt instanceof Optimizer) {
    for (const key of ["learningRate", "momentum", "l2", "l1", "clipNorm"] as const) {
      if (options[key] !== undefined) throw new Error(`${fn}: ${key} is set on the optimizer when an Optimizer instance is given; remove it from the fit options`);
    }
    return opt;
  }
  const learningRate = options.learningRate ?? 0.01;
  if (typeof learningRate === "number" && !(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new Error(`${fn}: learningRate must be a positive finite number, got ${String(learningRate)}`);
  }
  const groups: ParamGroup[] = model instanceof Sequential
    ? model.paramGroups({ l2: options.l2, l1: options.l1 })
    : [{ params: model.parameters(), l2: options.l2, l1: options.l1 }];
  const common = { learningRate, clipNorm: options.clipNorm };
  switch (opt) {
    case "sgd": return new SGD(groups, { ...common, momentum: options.momentum });
    case "adam": return new Adam(groups, common);
    case "rmsprop": return new RMSprop(groups, common);
    case "adagrad": return new Adagrad(groups, common);
    default: throw new Error(`${fn}: optimizer must be an Optimizer or one of sgd, adam, rmsprop, adagrad, got ${JSON.stringify(opt)}`);
  }
}

/** Every tensor that defines the model's function (parameters and BatchNorm statistics), for early-stopping snapshots. */
function stateTensors(model: Module): () => import("../tensor/tensor").Tensor[] {
  return () => {
    if (model instanceof Sequential) return [...model.parameters(), ...model.layers.flatMap((l) => Object.values(l.stateTensors()))];
    return model.parameters();
  };
}

/**
 * k distinct indices drawn uniformly (a partial Fisher-Yates shuffle of `pool`,
 * which stays a permutation of 0..n-1 between calls): O(k) per draw.
 */
function drawDistinct(pool: Int32Array, k: number, rng: Random): Int32Array {
  const n = pool.length;
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.subarray(0, k);
}

function divergence(epoch: number, epochs: number, batch: number, value: number, optimizer: Optimizer): Error {
  return new Error(
    `fit: the loss became ${value} at epoch ${epoch} of ${epochs} (batch ${batch + 1}): the training diverged. ` +
    `Try a smaller learning rate (now ${optimizer.learningRate}) or scale the inputs (e.g. MinMaxScaler or StandardScaler).`,
  );
}

/**
 * Trains `model` on `data` = { x, y } (labels Int32Array [n], or targets
 * Tensor [n, outputs]) and returns the per-epoch history. Deterministic: the
 * same model seed and fit seed give identical weights.
 */
export function fit(model: Module, data: LabelledData, options: FitOptions = {}): History {
  const fn = "fit";
  if (!model || typeof model.forward !== "function" || typeof model.parameters !== "function") {
    throw new Error(`${fn}: model must be a Module (forward, parameters), e.g. a Sequential`);
  }
  if (!data || typeof data !== "object") throw new Error(`${fn}: data must be { x, y }`);
  const loss = getLoss(options.loss ?? "softmaxCrossEntropy", fn);
  const x = checkInputs(fn, "x", model, data.x);
  const n = x.shape[0];
  const C = outputWidth(fn, model, x);
  checkLossPairing(fn, model, loss);
  const train = prepareTargets(fn, "y", data.y, n, C, loss);
  const epochs = checkPositiveInteger(fn, "epochs", options.epochs ?? 10);
  const batchSize = checkBatchSize(fn, options.batchSize ?? Math.min(32, n), n);
  const sampling = options.sampling ?? "shuffle";
  if (sampling !== "shuffle" && sampling !== "with-replacement-per-iteration") {
    throw new Error(`${fn}: sampling must be "shuffle" or "with-replacement-per-iteration", got ${JSON.stringify(sampling)}`);
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`${fn}: seed must be an integer, got ${String(seed)}`);
  let validation: { x: typeof x; prepared: PreparedTargets } | null = null;
  if (options.validationData !== undefined) {
    const v = options.validationData;
    if (!v || typeof v !== "object") throw new Error(`${fn}: validationData must be { x, y }`);
    const vx = checkInputs(fn, "validationData.x", model, v.x);
    validation = { x: vx, prepared: prepareTargets(fn, "validationData.y", v.y, vx.shape[0], C, loss) };
  }
  const optimizer = makeOptimizer(fn, model, options);
  const callbacks = options.callbacks ?? {};
  const stopper = options.earlyStopping ? new EarlyStopping(options.earlyStopping, stateTensors(model)) : null;
  const monitor = options.earlyStopping?.monitor ?? (validation ? "valLoss" : "loss");
  if (monitor === "valLoss" && stopper && !validation) throw new Error(`${fn}: earlyStopping.monitor "valLoss" needs validationData`);

  const logits = usesLogits(model, loss);
  // Forward outputs of the image ops may be recycled between steps only when no user code can keep them.
  const recycleOutputs = model instanceof Sequential && model.layers.every(isBuiltinLayer) && isBuiltinLoss(loss);
  const classification = train.labels !== null;
  const rng = new Random(seed);
  const history: History = { epochs: [], stoppedEarly: false, bestEpoch: null, seconds: 0 };
  const progress = createProgress({ total: epochs, label: options.progressLabel ?? "fit", enabled: options.progress === true });
  const iterations = sampling === "shuffle" ? Math.ceil(n / batchSize) : Math.floor(n / batchSize);
  // The batch tensors are rewritten in place each iteration: nothing keeps them past the step.
  const batchBuffers = { x: new Map<number, Float64Array>(), y: new Map<number, Float64Array>() };
  const pool = Int32Array.from({ length: n }, (_, i) => i); // indices for the per-iteration draws
  const start = performance.now();
  const wasTraining = model.training;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      model.train(true);
      const order = sampling === "shuffle" ? rng.permutation(n) : null;
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let it = 0; it < iterations; it++) {
        const idx = order !== null ? order.subarray(it * batchSize, Math.min(n, (it + 1) * batchSize)) : drawDistinct(pool, batchSize, rng);
        const size = idx.length;
        const xb = sliceRows(x, idx, batchBuffers.x);
        const yb = sliceRows(train.targets, idx, batchBuffers.y);
        optimizer.zeroGrad();
        // Forward and backward of one step: the large buffers private to this step's graph
        // (cotangents, conv2d's unrolled input, and with built-in layers and loss the conv outputs)
        // are reused by the next step (see nn/ops/recycle.ts).
        const { out, value } = withRecycledGradients(() => {
          const output = lossInput(model, xb, logits);
          const lossValue = loss.value(output, yb);
          const v = lossValue.item();
          if (Number.isFinite(v)) backward(lossValue);
          return { out: output, value: v };
        }, { outputs: recycleOutputs });
        if (!Number.isFinite(value)) throw divergence(epoch, epochs, it, value, optimizer);
        optimizer.step();
        lossSum += value * size;
        seen += size;
        if (classification) {
          const labels = new Int32Array(size);
          for (let i = 0; i < size; i++) labels[i] = train.labels![idx[i]];
          correct += countCorrect(out, labels, loss.expects === "logits");
        }
        recycleGradients(); // this step's graph is dead from here on
        callbacks.onBatchEnd?.({ epoch, batch: it, size, loss: value });
      }
      const record: EpochRecord = { epoch, loss: lossSum / seen, seconds: 0 };
      if (classification) record.accuracy = correct / seen;
      if (validation) {
        const v = evaluatePrepared(model, validation.x, validation.prepared, loss, Math.min(512, validation.x.shape[0]));
        record.valLoss = v.loss;
        if (v.accuracy !== undefined) record.valAccuracy = v.accuracy;
      }
      record.seconds = (performance.now() - t0) / 1000;
      history.epochs.push(record);
      const metrics: Record<string, number> = {};
      for (const key of ["loss", "accuracy", "valLoss", "valAccuracy"] as const) if (record[key] !== undefined) metrics[key] = record[key]!;
      progress.update(epoch, metrics);
      let stop = false;
      if (stopper) {
        const watched = monitor === "valLoss" ? record.valLoss! : record.loss;
        stop = stopper.update(epoch, watched);
        history.bestEpoch = stopper.bestEpoch;
      }
      if (callbacks.onEpochEnd?.(record, history) === false) stop = true;
      if (stop && epoch < epochs) {
        history.stoppedEarly = true;
        break;
      }
    }
  } finally {
    model.train(wasTraining);
    history.seconds = (performance.now() - start) / 1000;
  }
  stopper?.restore();
  const last = history.epochs[history.epochs.length - 1];
  progress.finish(last ? { loss: last.loss, ...(last.accuracy !== undefined ? { accuracy: last.accuracy } : {}) } : undefined);
  return history;
}
