import { Tensor } from "../tensor/tensor";
import { Optimizer, OptimizerOptions, ParamGroup, checkInRange, checkNonNegative } from "./optimizer";

export interface RMSpropOptions extends OptimizerOptions {
  /** Decay rate rho of the running mean of squares (default 0.9). */
  rho?: number;
  /** Added to the root (default 1e-8). */
  epsilon?: number;
}

/** RMSprop: s <- rho s + (1 - rho) g^2, w <- w - eta g / (sqrt(s) + epsilon). */
export class RMSprop extends Optimizer {
  private readonly rho: number;
  private readonly epsilon: number;
  private readonly meanSquares: (Float64Array | undefined)[] = [];

  constructor(params: Tensor[] | ParamGroup[], options: RMSpropOptions) {
    super("RMSprop", params, options, ["rho", "epsilon"]);
    this.rho = options.rho ?? 0.9;
    this.epsilon = options.epsilon ?? 1e-8;
    checkInRange("RMSprop", "rho", this.rho, 0, 1);
    checkNonNegative("RMSprop", "epsilon", this.epsilon);
  }

  protected update(index: number, w: Float64Array, g: Float64Array, eta: number): void {
    const s = this.stateBuffer(this.meanSquares, index, w.length);
    const rho = this.rho;
    for (let i = 0; i < w.length; i++) {
      s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
      w[i] -= (eta * g[i]) / (Math.sqrt(s[i]) + this.epsilon);
    }
  }
}
