import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";
import { LearningRate, resolveLearningRate } from "./schedules";
import { clipGradNorm } from "./clip";

/** Options shared by every optimizer. */
export interface OptimizerOptions {
  /** Step size eta, or a schedule `(step) => eta` where step counts from 0. */
  learningRate: LearningRate;
  /** L2 penalty lmbd: adds lmbd * w to the gradient of every parameter of the group. */
  l2?: number;
  /** L1 penalty: adds l1 * sign(w) to the gradient. */
  l1?: number;
  /** Rescale all gradients so their global L2 norm is at most this (before the penalties). */
  clipNorm?: number;
}

/** Parameters with their own penalties (the lectures regularise weights, not biases). */
export interface ParamGroup {
  params: Tensor[];
  l2?: number;
  l1?: number;
}

/** Base class, the only code in nnlab that updates parameters in place: `backward(loss)` fills `param.grad`, then `step()` and `zeroGrad()`. */
export abstract class Optimizer {
  readonly groups: { params: Tensor[]; l2: number; l1: number }[];
  /** Number of completed steps (the schedule's argument). */
  stepCount = 0;
  protected readonly options: OptimizerOptions;
  protected readonly name: string;

  /** `extraKeys`: the option keys of the subclass (momentum, beta1, ...), besides the common ones; any other key is refused with the nearest known key. */
  constructor(name: string, params: Tensor[] | ParamGroup[], options: OptimizerOptions, extraKeys: readonly string[] = []) {
    this.name = name;
    if (!Array.isArray(params) || params.length === 0) {
      throw new Error(`${name}: params must be a non-empty array of tensors or parameter groups (is the model built? give it an inputShape or call forward first)`);
    }
    if (options === undefined || options === null) throw new Error(`${name}: options must be an object with at least learningRate, e.g. { learningRate: 0.1 }`);
    checkOptions(options, name, "options", ["learningRate", "l2", "l1", "clipNorm", ...extraKeys]);
    if (!("learningRate" in options)) throw new Error(`${name}: options.learningRate is missing, e.g. { learningRate: 0.1 }`);
    checkNonNegative(name, "l2", options.l2);
    checkNonNegative(name, "l1", options.l1);
    const clip = options.clipNorm;
    if (clip !== undefined && !(typeof clip === "number" && Number.isFinite(clip) && clip > 0)) {
      throw new Error(`${name}: clipNorm must be a positive finite number, got ${formatValue(clip)} (to turn clipping off, leave clipNorm out)`);
    }
    resolveLearningRate(name, options.learningRate, 0); // validates
    this.options = options;
    const groups = params[0] instanceof Tensor ? [{ params: params as Tensor[] }] : (params as ParamGroup[]);
    this.groups = groups.map((g, gi) => {
      if (!g || !Array.isArray(g.params)) throw new Error(`${name}: params[${gi}] must be a Tensor or a { params } group`);
      checkOptions(g, name, `params[${gi}]`, ["params", "l2", "l1"]);
      const bad = g.params.findIndex((p) => !(p instanceof Tensor));
      if (bad >= 0) throw new Error(`${name}: group ${gi} parameter ${bad} is not a Tensor`);
      checkNonNegative(name, `group ${gi} l2`, g.l2);
      checkNonNegative(name, `group ${gi} l1`, g.l1);
      return { params: g.params, l2: g.l2 ?? options.l2 ?? 0, l1: g.l1 ?? options.l1 ?? 0 };
    });
  }

  /** Every parameter, in group order. */
  get params(): Tensor[] {
    return this.groups.flatMap((g) => g.params);
  }

  /**
   * Throws (naming `fn`) unless this optimizer updates the given model parameters: an optimizer
   * built over another model's parameters (or over a model that was rebuilt) would make training
   * a silent no-op. Parameters of the model that the optimizer leaves out are allowed (frozen layers),
   * but at least one must be shared.
   */
  checkUpdates(modelParams: readonly Tensor[], fn: string): void {
    const own = new Set(this.params);
    const shared = modelParams.filter((p) => own.has(p)).length;
    if (modelParams.length > 0 && shared === 0) {
      throw new Error(`${fn}: the optimizer (${this.name}) updates none of the model's ${modelParams.length} parameter tensors; ` +
        `it was built over another model's parameters. Build it from this model: new ${this.name}(model.parameters(), { ... })`);
    }
  }

  /** The learning rate the next step will use. */
  get learningRate(): number {
    return resolveLearningRate(this.name, this.options.learningRate, this.stepCount);
  }

  /** Applies one update to every parameter that has a gradient. */
  step(): void {
    const eta = this.learningRate;
    if (this.options.clipNorm !== undefined) clipGradNorm(this.params, this.options.clipNorm);
    let index = 0;
    for (const group of this.groups) {
      for (const p of group.params) {
        const g = p.grad;
        if (g !== null) {
          if (g.size !== p.size) throw new Error(`${this.name}.step: gradient of parameter ${index} has ${g.size} values, the parameter ${p.size}`);
          const grad = effectiveGradient(p.data, g.data, group.l2, group.l1);
          this.update(index, p.data, grad, eta);
          p.version++;
        }
        index++;
      }
    }
    this.stepCount++;
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** Updates one parameter in place: w <- w - (something) with gradient `grad`. */
  protected abstract update(index: number, w: Float64Array, grad: Float64Array, eta: number): void;

  /** Per-parameter state buffer (created lazily, zero-filled). */
  protected stateBuffer(store: (Float64Array | undefined)[], index: number, size: number): Float64Array {
    let buffer = store[index];
    if (buffer === undefined) {
      buffer = new Float64Array(size);
      store[index] = buffer;
    }
    return buffer;
  }
}

let scratch = new Float64Array(0);

/** g + l2 * w + l1 * sign(w), in a scratch buffer (the stored gradient is not modified). */
function effectiveGradient(w: Float64Array, g: Float64Array, l2: number, l1: number): Float64Array {
  if (l2 === 0 && l1 === 0) return g;
  if (scratch.length < g.length) scratch = new Float64Array(g.length);
  const out = scratch.subarray(0, g.length);
  for (let i = 0; i < g.length; i++) {
    out[i] = g[i] + l2 * w[i] + l1 * Math.sign(w[i]);
  }
  return out;
}

export function checkNonNegative(fn: string, name: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
    throw new Error(`${fn}: ${name} must be a finite number >= 0, got ${formatValue(value)}`);
  }
}

export function checkInRange(fn: string, name: string, value: number, low: number, high: number): void {
  if (typeof value !== "number" || !(value >= low && value < high)) throw new Error(`${fn}: ${name} must be in [${low}, ${high}), got ${formatValue(value)}`);
}
