/**
 * The one divergence rule, shared by `fit` and `solveOde`. A run has diverged when its loss
 * is NaN or infinite, or a gradient or parameter is not finite, or the loss exceeds
 * EXPLOSION_FACTOR times the starting loss (all fatal: the run stops with an error); or when
 * the loss stays above HIGH_FACTOR times the starting loss for PATIENCE consecutive epochs
 * (reported with the same advice, not killed: noisy training stays within a few times its
 * start, the runs this catches rise 100- to 10^6-fold). The starting loss is the first one
 * observed, plus 1 so that a tiny starting loss does not turn noise into a divergence.
 */
const EXPLOSION_FACTOR = 1e10;
const HIGH_FACTOR = 10;
const PATIENCE = 3;

/** Watches the losses of one run. */
export class DivergenceWatch {
  private start = NaN;
  private high = 0;

  /** `fn` is named in the messages, the learning rate (null if none) and `scale` (advice about the inputs) end them. */
  constructor(readonly fn: string, private readonly learningRate: () => number | null, private readonly scale: string | null) {}

  /** The advice that ends every divergence message. */
  advice(): string {
    const eta = this.learningRate();
    const lr = eta === null ? "a smaller learning rate" : `a smaller learning rate (now ${eta}, e.g. ${eta / 10})`;
    return `Try ${lr}${this.scale ? `, or ${this.scale}` : ""}.`;
  }

  /** An Error for a fatal divergence: `what` happened `where` (e.g. "at epoch 3 of 10 (batch 2)"). */
  error(what: string, where: string): Error {
    return new Error(`${this.fn}: ${what} ${where}: the training diverged. ${this.advice()}`);
  }

  /** A loss of one step: throws on a fatal divergence. */
  step(loss: number, where: string): void {
    if (!Number.isFinite(loss)) throw this.error(`the loss became ${loss}`, where);
    if (Number.isNaN(this.start)) this.start = Math.abs(loss) + 1;
    if (loss > EXPLOSION_FACTOR * this.start) throw this.error(`the loss exploded to ${loss.toExponential(3)} (it started at ${(this.start - 1).toPrecision(4)})`, where);
  }

  /** The loss at the end of an epoch: a message when it has stayed above HIGH_FACTOR times the start for PATIENCE epochs, else null. */
  period(loss: number, where: string): string | null {
    this.high = loss > HIGH_FACTOR * this.start ? this.high + 1 : 0;
    if (this.high < PATIENCE) return null;
    return `${this.fn}: the loss has stayed above ${HIGH_FACTOR} times its starting value for ${PATIENCE} epochs ` +
      `(${loss.toPrecision(4)} ${where}, against ${(this.start - 1).toPrecision(4)} at the start): the training diverged. ${this.advice()}`;
  }
}
