/**
 * The one divergence rule, shared by `fit` and `solveOde`. A run has diverged when
 * - its loss (or cost) is NaN or infinite, or a gradient or parameter is not
 *   finite: fatal, the weights are garbage and the run stops with an error; or
 * - its loss exceeds EXPLOSION_FACTOR times the starting loss: fatal too; or
 * - its loss stays above HIGH_FACTOR times the starting loss for PATIENCE
 *   consecutive checks (epochs for `fit`): the run is reported with the same
 *   advice (a warning, and `history.diverged`), not killed. Ordinary noisy
 *   training stays within a few times its starting loss; the runs this catches
 *   rise 100- to 10^6-fold and sit at chance.
 * The starting loss is the first one observed (before any update), plus 1 so
 * that a tiny starting loss does not turn noise into a divergence.
 */
export const EXPLOSION_FACTOR = 1e10;
export const HIGH_FACTOR = 10;
export const PATIENCE = 3;

/** Watches the losses of one run. */
export class DivergenceWatch {
  private start = NaN;
  private high = 0;

  /**
   * @param fn the function running (e.g. "fit"), named in the messages
   * @param learningRate the learning rate, quoted in the advice (null if there is none)
   * @param scale advice about the inputs, e.g. "scale the inputs (StandardScaler)"
   */
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

  /**
   * The loss at the end of a check period (an epoch): a message when it has stayed
   * above HIGH_FACTOR times the starting loss for PATIENCE periods, else null.
   */
  period(loss: number, where: string): string | null {
    this.high = loss > HIGH_FACTOR * this.start ? this.high + 1 : 0;
    if (this.high < PATIENCE) return null;
    return `${this.fn}: the loss has stayed above ${HIGH_FACTOR} times its starting value for ${PATIENCE} epochs ` +
      `(${loss.toPrecision(4)} ${where}, against ${(this.start - 1).toPrecision(4)} at the start): the training diverged. ${this.advice()}`;
  }
}
