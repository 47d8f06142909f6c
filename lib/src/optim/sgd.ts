import { Tensor } from "../tensor/tensor";
import { checkBoolean } from "../tensor/validate";
import { Optimizer, OptimizerOptions, ParamGroup, checkInRange } from "./optimizer";

export interface SGDOptions extends OptimizerOptions {
  /** Momentum gamma in [0, 1): v <- gamma v + g, w <- w - eta v. */
  momentum?: number;
  /** Nesterov's accelerated gradient: w <- w - eta (g + gamma v). */
  nesterov?: boolean;
}

/** Stochastic gradient descent, w <- w - eta * g, optionally with (Nesterov) momentum. The update follows PyTorch's convention, so results can be compared. */
export class SGD extends Optimizer {
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly velocity: (Float64Array | undefined)[] = [];

  constructor(params: Tensor[] | ParamGroup[], options: SGDOptions) {
    super("SGD", params, options, ["momentum", "nesterov"]);
    this.momentum = options.momentum ?? 0;
    this.nesterov = checkBoolean(options.nesterov ?? false, "SGD", "nesterov");
    checkInRange("SGD", "momentum", this.momentum, 0, 1);
    if (this.nesterov && this.momentum === 0) throw new Error("SGD: nesterov needs a momentum > 0");
  }

  protected update(index: number, w: Float64Array, g: Float64Array, eta: number): void {
    const gamma = this.momentum;
    if (gamma === 0) {
      for (let i = 0; i < w.length; i++) w[i] -= eta * g[i];
      return;
    }
    const v = this.stateBuffer(this.velocity, index, w.length);
    const first = this.stepCount === 0;
    for (let i = 0; i < w.length; i++) {
      v[i] = first ? g[i] : gamma * v[i] + g[i];
      const direction = this.nesterov ? g[i] + gamma * v[i] : v[i];
      w[i] -= eta * direction;
    }
  }
}
