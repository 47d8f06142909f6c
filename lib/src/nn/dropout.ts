/**
 * Dropout (inverted): in training mode every value is kept with probability
 * 1 - rate and then scaled by 1 / (1 - rate), or set to 0, so the expected
 * output equals the input; in evaluation mode the layer passes x through
 * unchanged. The masks come from a seeded generator. No parameters.
 */
import { Random } from "../random";
import { mul } from "../tensor/elementwise";
import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { Layer } from "./module";

/** Options of `Dropout`. */
export interface DropoutOptions {
  /** Seed of the masks (default: drawn from the Sequential's generator, or 0 for a lone layer). */
  seed?: number;
}

export class Dropout extends Layer {
  readonly type = "Dropout";
  /** Probability p of dropping a value. */
  readonly rate: number;
  private rng: Random;

  /** new Dropout(0.5) drops each value with probability 0.5 during training. */
  constructor(rate: number, options: DropoutOptions = {}) {
    super(checkOptions(options, "Dropout", "options", ["seed"]).seed);
    if (typeof rate !== "number" || !(rate >= 0 && rate < 1)) throw new Error(`Dropout: rate must be a number in [0, 1), got ${String(rate)}`);
    this.rate = rate;
    this.rng = new Random(options.seed ?? 0);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  protected create(_inputShape: readonly number[], rng: Random): void {
    this.rng = this.seed !== undefined ? new Random(this.seed) : rng.fork();
  }

  /** The next mask for a tensor of `shape`: 0 or 1/(1-rate) per value. */
  mask(shape: readonly number[]): Tensor {
    const size = shape.reduce((a, d) => a * d, 1);
    const m = new Float64Array(size);
    const keep = 1 - this.rate;
    const scale = 1 / keep;
    for (let i = 0; i < size; i++) m[i] = this.rng.uniform() < keep ? scale : 0;
    return new Tensor(m, shape);
  }

  protected call(x: Tensor): Tensor {
    if (!this.training || this.rate === 0) return x;
    return mul(x, this.mask(x.shape));
  }

  config(): Record<string, unknown> {
    return this.seed === undefined ? { rate: this.rate } : { rate: this.rate, seed: this.seed };
  }
}
