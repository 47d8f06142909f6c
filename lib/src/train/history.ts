/** What `fit` returns: one record per epoch, and the callback types. */

/** Metrics of one epoch. */
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

/** The training history. */
export interface History {
  epochs: EpochRecord[];
  /** True when early stopping (or a callback returning false) ended the run before `epochs`. */
  stoppedEarly: boolean;
  /** Why training stopped as diverged (the loss stayed far above its start), with advice; else undefined. */
  diverged?: string;
  /** Epoch with the best monitored value when early stopping was used (its weights are restored with restoreBest), else null. */
  bestEpoch: number | null;
  /** Total wall-clock seconds. */
  seconds: number;
  /** Diagnoses of a failed run (e.g. chance-level accuracy with most ReLU units dead), when there are any. */
  warnings?: string[];
}

/** Information passed to `onBatchEnd`. */
export interface BatchInfo {
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  /** Number of samples in the batch. */
  size: number;
  loss: number;
}

/** Hooks called during `fit`. */
export interface FitCallbacks {
  /** After each epoch; return false to stop training. */
  onEpochEnd?(record: EpochRecord, history: History): void | boolean;
  /** After each optimizer step. */
  onBatchEnd?(info: BatchInfo): void;
}
