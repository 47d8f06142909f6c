import { Tensor } from "../tensor/tensor";
import { Optimizer, OptimizerOptions, ParamGroup, checkInRange, checkNonNegative } from "./optimizer";

export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment estimate (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment estimate (default 0.999). */
  beta2?: number;
  /** Added to the root of the second moment (default 1e-8). */
  epsilon?: number;
}

/**
 * Adam (Kingma & Ba): m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2,
 * w <- w - eta mhat / (sqrt(vhat) + epsilon) with the bias corrections
 * mhat = m / (1 - b1^t), vhat = v / (1 - b2^t).
 */
export class Adam extends Optimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly firstMoment: (Float64Array | undefined)[] = [];
  private readonly secondMoment: (Float64Array | undefined)[] = [];

  constructor(params: Tensor[] | ParamGroup[], options: AdamOptions) {
    super("Adam", params, options, ["beta1", "beta2", "epsilon"]);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    checkInRange("Adam", "beta1", this.beta1, 0, 1);
    checkInRange("Adam", "beta2", this.beta2, 0, 1);
    checkNonNegative("Adam", "epsilon", this.epsilon);
  }

  protected update(index: number, w: Float64Array, g: Float64Array, eta: number): void {
    const m = this.stateBuffer(this.firstMoment, index, w.length);
    const v = this.stateBuffer(this.secondMoment, index, w.length);
    const { beta1, beta2, epsilon } = this;
    const t = this.stepCount + 1;
    const correction1 = 1 - Math.pow(beta1, t);
    const correction2 = 1 - Math.pow(beta2, t);
    for (let i = 0; i < w.length; i++) {
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      const mHat = m[i] / correction1;
      const vHat = v[i] / correction2;
      w[i] -= (eta * mHat) / (Math.sqrt(vHat) + epsilon);
    }
  }
}
