/** What `fit` returns (one record per epoch), its callback types, and early stopping. */
import type { Tensor } from "../tensor/tensor";

export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean training loss over the epoch's batches (weighted by batch size; computed while the weights changed, as Keras). */
  loss: number;
  /** Fraction of training samples classified correctly during the epoch (classification losses only). */
  accuracy?: number;
  /** Loss on the validation data after the epoch. */
  valLoss?: number;
  /** Accuracy on the validation data after the epoch (classification losses only). */
  valAccuracy?: number;
  /** Wall-clock seconds of the epoch (training and validation). */
  seconds: number;
  /** Mean over the epoch's steps of the global L2 norm of the loss gradient, sqrt(sum over all parameters of g^2), before clipping and without the L2/L1 penalties. */
  gradientNorm?: number;
  /** Largest global gradient norm of a step in the epoch (before clipping). */
  maxGradientNorm?: number;
}

export interface History {
  epochs: EpochRecord[];
  /** True when early stopping (or a callback returning false) ended the run before `epochs`. */
  stoppedEarly: boolean;
  /** Why training stopped as diverged (the loss stayed far above its start), with advice; else undefined. */
  diverged?: string;
  /** Epoch with the best monitored value when early stopping was used (its weights are restored with restoreBest), else null. */
  bestEpoch: number | null;
  seconds: number;
  /** Diagnoses of a failed run (e.g. chance-level accuracy with most ReLU units dead), when there are any. */
  warnings?: string[];
}

export interface BatchInfo {
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  size: number;
  loss: number;
}

export interface FitCallbacks {
  /** After each epoch; return false to stop training. */
  onEpochEnd?(record: EpochRecord, history: History): void | boolean;
  /** After each optimizer step. */
  onBatchEnd?(info: BatchInfo): void;
}

/**
 * Early stopping: watch a loss after every epoch, remember the best value (and a copy of the
 * weights then), and stop when it has not improved by more than `minDelta` for `patience` epochs.
 */
/** Options of early stopping (`fit`'s `earlyStopping`). */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** Smallest decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when stopping (and at the end; default true). */
  restoreBest?: boolean;
  /** What to watch: "valLoss" (default when validation data is given) or "loss". */
  monitor?: "valLoss" | "loss";
}

export class EarlyStopping {
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
  best = Infinity;
  bestEpoch: number | null = null;
  private wait = 0;
  private snapshot: Float64Array[] | null = null;

  constructor(options: EarlyStoppingOptions, private readonly tensors: () => Tensor[]) {
    this.patience = options.patience ?? 5;
    this.minDelta = options.minDelta ?? 0;
    this.restoreBest = options.restoreBest ?? true;
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new Error(`fit: earlyStopping.patience must be an integer >= 0, got ${String(options.patience)}`);
    if (!(this.minDelta >= 0)) throw new Error(`fit: earlyStopping.minDelta must be a number >= 0, got ${String(options.minDelta)}`);
  }

  /** Records the value of `epoch`; returns true when training should stop. */
  update(epoch: number, value: number): boolean {
    if (value < this.best - this.minDelta) {
      this.best = value;
      this.bestEpoch = epoch;
      this.wait = 0;
      if (this.restoreBest) this.snapshot = this.tensors().map((t) => t.data.slice());
      return false;
    }
    this.wait++;
    return this.wait >= Math.max(1, this.patience);
  }

  /** Copies the best weights back (if kept). */
  restore(): void {
    if (!this.restoreBest || this.snapshot === null) return;
    this.tensors().forEach((t, i) => { t.data.set(this.snapshot![i]); t.version++; });
  }
}
