/**
 * Early stopping: watch a loss after every epoch, remember the best value (and
 * a copy of the weights at that point), and stop when it has not improved by
 * more than `minDelta` for `patience` epochs in a row.
 */
import type { Tensor } from "../tensor/tensor";

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
    const tensors = this.tensors();
    tensors.forEach((t, i) => { t.data.set(this.snapshot![i]); t.version++; });
  }
}
