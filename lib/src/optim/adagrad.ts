import { Tensor } from "../tensor/tensor";
import { Optimizer, OptimizerOptions, ParamGroup, checkNonNegative } from "./optimizer";

export interface AdagradOptions extends OptimizerOptions {
  /** Added to the root of the accumulated squares (default 1e-10). */
  epsilon?: number;
}

/** Adagrad: r <- r + g^2, w <- w - eta g / (sqrt(r) + epsilon). */
export class Adagrad extends Optimizer {
  private readonly epsilon: number;
  private readonly sumSquares: (Float64Array | undefined)[] = [];

  constructor(params: Tensor[] | ParamGroup[], options: AdagradOptions) {
    super("Adagrad", params, options, ["epsilon"]);
    this.epsilon = options.epsilon ?? 1e-10;
    checkNonNegative("Adagrad", "epsilon", this.epsilon);
  }

  protected update(index: number, w: Float64Array, g: Float64Array, eta: number): void {
    const r = this.stateBuffer(this.sumSquares, index, w.length);
    for (let i = 0; i < w.length; i++) {
      r[i] += g[i] * g[i];
      w[i] -= (eta * g[i]) / (Math.sqrt(r[i]) + this.epsilon);
    }
  }
}
