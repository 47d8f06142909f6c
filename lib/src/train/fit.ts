/**
 * fit: minibatch training with a loss and an optimizer. Each epoch draws its minibatches from a seeded
 * generator: "shuffle" (default) cuts a fresh permutation into ceil(n / batchSize) batches; the lectures'
 * "with-replacement-per-iteration" runs floor(n / batchSize) iterations, each drawing batchSize distinct
 * samples. After each epoch: validation, a history record (loss, accuracy, mean and max gradient norm),
 * early stopping, callbacks, progress. A diverging run throws (optim/divergence.ts); a run that ends at
 * chance level with most ReLU units dead gets an explanation in `history.warnings`.
 *
 *     const history = fit(model, { x: trainX, y: trainLabels }, {
 *       loss: "softmaxCrossEntropy", optimizer: "sgd", learningRate: 0.1, epochs: 100, batchSize: 100, seed: 1,
 *     });
 */
import { backward } from "../tensor/backward";
import type { Tensor } from "../tensor/tensor";
import { getLoss, isBuiltinLoss, type Loss, type LossName } from "../nn/losses";
import { isBuiltinLayer } from "../nn/serialize";
import type { Module } from "../nn/module";
import { recycleGradients, resetRecycling, withRecycledGradients } from "../nn/ops/recycle";
import { Sequential } from "../nn/sequential";
import { BatchNorm } from "../nn/batchNorm";
import { Adagrad } from "../optim/adagrad";
import { Adam } from "../optim/adam";
import { Optimizer, type ParamGroup } from "../optim/optimizer";
import { RMSprop } from "../optim/rmsprop";
import type { LearningRate } from "../optim/schedules";
import { SGD } from "../optim/sgd";
import { DivergenceWatch } from "../optim/divergence";
import { gradNorm } from "../optim/clip";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";
import { createProgress } from "../progress/createProgress";
import { Random } from "../random";
import {
  checkBatchSize, checkInputs, checkLossPairing, countCorrect, evaluatePrepared, inEvalMode, lossInput, outputWidth, prepareTargets,
  sliceRows, usesLogits, type LabelledData, type PreparedTargets,
} from "./evaluate";
import { EarlyStopping, type EarlyStoppingOptions, type EpochRecord, type FitCallbacks, type History } from "./history";

export type FitSampling = "shuffle" | "with-replacement-per-iteration";

/** What the argument of a learning-rate schedule counts: optimizer steps (batches) or epochs. */
export type ScheduleUnit = "step" | "epoch";

export type OptimizerName = "sgd" | "adam" | "rmsprop" | "adagrad";

export interface FitOptions {
  /** The loss (default "softmaxCrossEntropy"). */
  loss?: LossName | Loss;
  /** An optimizer over the model's parameters, or a name (default "sgd") configured by `learningRate`, `momentum`, `l2`, `l1` (on weights only), `clipNorm`. */
  optimizer?: Optimizer | OptimizerName;
  /** Learning rate eta of a named optimizer (default 0.01), or a schedule (see `scheduleUnit`). */
  learningRate?: LearningRate;
  /**
   * What a schedule `learningRate(t)` counts: "step" (default) completed optimizer steps, or "epoch"
   * completed epochs (`stepDecay({ initial: 0.1, factor: 0.5, every: 10 })` then halves it every 10 epochs).
   */
  scheduleUnit?: ScheduleUnit;
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

const FIT_KEYS = [
  "loss", "optimizer", "learningRate", "scheduleUnit", "momentum", "l2", "l1", "clipNorm", "epochs", "batchSize",
  "sampling", "seed", "validationData", "earlyStopping", "callbacks", "progress", "progressLabel",
];

function checkPositiveInteger(fn: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new Error(`${fn}: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function makeOptimizer(fn: string, model: Module, options: FitOptions, clock: { epoch: number }): Optimizer {
  const opt = options.optimizer ?? "sgd";
  const unit = options.scheduleUnit ?? "step";
  if (unit !== "step" && unit !== "epoch") throw new Error(`${fn}: scheduleUnit must be "step" or "epoch", got ${JSON.stringify(unit)}`);
  if (opt instanceof Optimizer) {
    for (const key of ["learningRate", "momentum", "l2", "l1", "clipNorm", "scheduleUnit"] as const) {
      if (options[key] !== undefined) throw new Error(`${fn}: ${key} is set on the optimizer when an Optimizer instance is given; remove it from the fit options`);
    }
    opt.checkUpdates(model.parameters(), fn);
    return opt;
  }
  const learningRate = options.learningRate ?? 0.01;
  if (typeof learningRate !== "number" && typeof learningRate !== "function") {
    throw new Error(`${fn}: learningRate must be a number or a schedule (a function of the step), got ${formatValue(learningRate)}`);
  }
  if (typeof learningRate === "number" && !(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new Error(`${fn}: learningRate must be a positive finite number, got ${String(learningRate)}`);
  }
  const groups: ParamGroup[] = model instanceof Sequential
    ? model.paramGroups({ l2: options.l2, l1: options.l1 })
    : [{ params: model.parameters(), l2: options.l2, l1: options.l1 }];
  // per epoch: the schedule sees the number of completed epochs instead of the step count
  const schedule = typeof learningRate === "function" && unit === "epoch" ? (): number => learningRate(clock.epoch) : learningRate;
  const common = { learningRate: schedule, clipNorm: options.clipNorm };
  switch (opt) {
    case "sgd": return new SGD(groups, { ...common, momentum: options.momentum });
    case "adam": return new Adam(groups, common);
    case "rmsprop": return new RMSprop(groups, common);
    case "adagrad": return new Adagrad(groups, common);
    default: throw new Error(`${fn}: optimizer must be an Optimizer or one of sgd, adam, rmsprop, adagrad, got ${JSON.stringify(opt)}`);
  }
}

/** k distinct indices drawn uniformly: a partial Fisher-Yates shuffle of `pool` (which stays a permutation of 0..n-1). */
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

/** Index of the first parameter holding a NaN or an infinity, or -1. */
function nonFiniteParameter(params: readonly Tensor[]): number {
  for (let k = 0; k < params.length; k++) {
    const d = params[k].data;
    for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return k;
  }
  return -1;
}

/**
 * The dead-ReLU diagnosis: a warning when the last epoch's training accuracy is at most the
 * majority-class share + 0.05 and more than half of the ReLU units of a Sequential are zero
 * for every one of the first (up to 1000) training samples.
 */
function deadReluWarnings(model: Module, x: Tensor, labels: Int32Array, C: number, accuracy: number, learningRate: number): string[] {
  if (!(model instanceof Sequential)) return [];
  const counts = new Float64Array(Math.max(C, 2));
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const majority = Math.max(...counts) / labels.length;
  if (!(accuracy <= majority + 0.05)) return [];
  const rows = Math.min(x.shape[0], 1000);
  let dead = 0;
  let units = 0;
  inEvalMode(model, () => {
    let a = sliceRows(x, Int32Array.from({ length: rows }, (_, i) => i));
    for (const layer of model.layers) {
      a = layer.forward(a);
      if (layer.config().activation !== "relu") continue;
      const width = a.size / rows; // a: [rows, units...]
      const d = a.data;
      for (let u = 0; u < width; u++) {
        let alive = false;
        for (let r = 0; r < rows && !alive; r++) alive = d[r * width + u] > 0;
        if (!alive) dead++;
      }
      units += width;
    }
  });
  if (units === 0 || dead <= 0.5 * units) return [];
  return [
    `fit: training ended at chance level (training accuracy ${accuracy.toFixed(3)}, majority class ${majority.toFixed(3)}) ` +
    `and ${dead} of ${units} ReLU units are dead (zero for each of the first ${rows} training samples), so no gradient reaches them. ` +
    `The learning rate (now ${learningRate}) is probably too high: try a smaller one, gradient clipping (clipNorm) or He initialisation.`,
  ];
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
  checkOptions(options, fn, "options", FIT_KEYS);
  checkOptions(data, fn, "data", ["x", "y"]);
  if (options.earlyStopping !== undefined) {
    checkOptions(options.earlyStopping, fn, "earlyStopping", ["patience", "minDelta", "monitor", "restoreBest"]);
    const m = options.earlyStopping.monitor;
    if (m !== undefined && m !== "loss" && m !== "valLoss") throw new Error(`${fn}: earlyStopping.monitor must be "loss" or "valLoss", got ${JSON.stringify(m)}`);
  }
  const loss = getLoss(options.loss ?? "softmaxCrossEntropy", fn);
  const x = checkInputs(fn, "x", model, data.x);
  const n = x.shape[0];
  const C = outputWidth(fn, model, x);
  checkLossPairing(fn, model, loss);
  const train = prepareTargets(fn, "y", data.y, n, C, loss);
  const epochs = checkPositiveInteger(fn, "epochs", options.epochs ?? 10);
  const batchSize = checkBatchSize(fn, options.batchSize ?? Math.min(32, n), n);
  const sampling = options.sampling ?? "shuffle";
  if (sampling === "shuffle" && n % batchSize === 1 && n > 1 && model instanceof Sequential && model.layers.some((l) => l instanceof BatchNorm)) {
    throw new Error(`${fn}: with batchSize ${batchSize} the last batch of each epoch holds 1 of the ${n} samples, and BatchNorm cannot ` +
      `normalise a single sample; choose a batchSize with ${n} % batchSize !== 1, e.g. ${batchSize + 1}`);
  }
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
  const clock = { epoch: 0 }; // completed epochs, the argument of a per-epoch schedule
  const optimizer = makeOptimizer(fn, model, options, clock);
  const optimizedParams = optimizer.params;
  const callbacks = options.callbacks ?? {};
  // early-stopping snapshots hold every tensor that defines the model's function (BatchNorm statistics too)
  const state = (): Tensor[] => model instanceof Sequential ? [...model.parameters(), ...model.layers.flatMap((l) => Object.values(l.stateTensors()))] : model.parameters();
  const stopper = options.earlyStopping ? new EarlyStopping(options.earlyStopping, state) : null;
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
  const at = { batch: 0 }; // the batch in progress (0-based), for the interrupt message
  // Kernel -> Interrupt ends a cell without running catch or finally blocks; the kernel
  // then asks this entry where training stopped (see onInterrupt at the end of this file).
  const interrupt = onInterrupt(() => {
    resetRecycling(); // the step's finally blocks did not run
    model.train(wasTraining);
    const note = `interrupted in epoch ${clock.epoch + 1} of ${epochs}, batch ${at.batch + 1} of ${iterations}`;
    progress.stop?.(note);
    const done = history.epochs.length;
    return `fit ${note}; the model keeps the parameters reached so far (${done} complete epoch${done === 1 ? "" : "s"})`;
  });
  try {
    const watch = new DivergenceWatch(fn, () => optimizer.learningRate, "scale the inputs (e.g. StandardScaler)");
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      clock.epoch = epoch - 1;
      model.train(true);
      let normSum = 0;
      let normMax = 0;
      const order = sampling === "shuffle" ? rng.permutation(n) : null;
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let it = 0; it < iterations; it++) {
        at.batch = it;
        const idx = order !== null ? order.subarray(it * batchSize, Math.min(n, (it + 1) * batchSize)) : drawDistinct(pool, batchSize, rng);
        const size = idx.length;
        const xb = sliceRows(x, idx, batchBuffers.x);
        const yb = sliceRows(train.targets, idx, batchBuffers.y);
        optimizer.zeroGrad();
        // forward and backward; the large buffers private to this step's graph are reused by the next (nn/ops/recycle.ts)
        const { out, value } = withRecycledGradients(() => {
          const output = lossInput(model, xb, logits);
          const lossValue = loss.value(output, yb);
          const v = lossValue.item();
          if (Number.isFinite(v)) backward(lossValue);
          return { out: output, value: v };
        }, { outputs: recycleOutputs });
        const where = `at epoch ${epoch} of ${epochs} (batch ${it + 1})`;
        watch.step(value, where);
        // global gradient norm of the loss (before clipping and without the L2/L1 penalties)
        const norm = gradNorm(optimizedParams);
        if (!Number.isFinite(norm)) throw watch.error(`the gradient norm became ${norm}`, where);
        normSum += norm;
        if (norm > normMax) normMax = norm;
        optimizer.step();
        lossSum += value * size;
        seen += size;
        if (classification) correct += countCorrect(out, Int32Array.from(idx, (i) => train.labels![i]), loss.expects === "logits");
        recycleGradients(); // this step's graph is dead from here on
        callbacks.onBatchEnd?.({ epoch, batch: it, size, loss: value });
      }
      const bad = nonFiniteParameter(optimizedParams);
      if (bad >= 0) throw watch.error(`parameter ${bad} became non-finite`, `at epoch ${epoch} of ${epochs}`);
      const record: EpochRecord = { epoch, loss: lossSum / seen, seconds: 0, gradientNorm: normSum / iterations, maxGradientNorm: normMax };
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
        stop = stopper.update(epoch, monitor === "valLoss" ? record.valLoss! : record.loss);
        history.bestEpoch = stopper.bestEpoch;
      }
      if (callbacks.onEpochEnd?.(record, history) === false) stop = true;
      const diverged = watch.period(record.loss, `at epoch ${epoch}`);
      if (diverged !== null) {
        history.diverged = diverged;
        console.warn(diverged);
        stop = true;
      }
      if (stop && epoch < epochs) {
        history.stoppedEarly = true;
        break;
      }
    }
  } finally {
    interrupt.remove();
    model.train(wasTraining);
    history.seconds = (performance.now() - start) / 1000;
  }
  stopper?.restore();
  const last = history.epochs[history.epochs.length - 1];
  history.warnings = last?.accuracy !== undefined && train.labels !== null
    ? deadReluWarnings(model, x, train.labels, C, last.accuracy, optimizer.learningRate)
    : [];
  if (history.diverged !== undefined) history.warnings.unshift(history.diverged);
  progress.finish(last ? { loss: last.loss, ...(last.accuracy !== undefined ? { accuracy: last.accuracy } : {}) } : undefined);
  return history;
}

/**
 * Registers what to say if the kernel interrupts the cell: Node's vm stops a cell without
 * running catch or finally blocks, so the project's kernel launcher calls the innermost
 * function of globalThis[Symbol.for("jupyter.interrupt.handlers")] and shows what it returns.
 */
function onInterrupt(handler: () => string): { remove(): void } {
  const g = globalThis as unknown as Record<symbol, Array<() => string> | undefined>;
  const key = Symbol.for("jupyter.interrupt.handlers");
  const list = (g[key] ??= []);
  if (list.length > 16) list.splice(0, list.length - 16); // left by interrupts no kernel handled
  list.push(handler);
  return { remove: () => { const i = list.lastIndexOf(handler); if (i >= 0) list.splice(i, 1); } };
}
