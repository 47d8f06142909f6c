/** Dense (fully connected) layer, and the base it shares with Conv2D: weights, an optional bias, an initialiser, an activation. */
import type { Random } from "../random";
import type { Tensor } from "../tensor/tensor";
import { checkBoolean, formatShape, formatValue } from "../tensor/validate";
import { checkOptions } from "../tensor/options";
import { checkActivation, layerActivations, type LayerActivationName } from "./activationFunctions";
import { getInitializer, type Initializer, type InitializerName } from "./init";
import { Layer, parameter, type NamedParameter } from "./module";
import { linear, type LinearActivation } from "./ops/linear";

/** Options of `Dense` (and, with stride and padding, of `Conv2D`). */
export interface DenseOptions {
  /** Activation f applied to z (default identity). */
  activation?: LayerActivationName;
  /** Weight initialiser (default glorotUniform; "lecture" is N(0,1) weights with 0.01 biases, the CNN lecture's "truncatedNormal"). */
  init?: InitializerName | Initializer;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Seed when the layer builds itself outside a Sequential (default 0). */
  seed?: number;
}

/** A layer z = f(x * W + b) with `units` outputs (neurons or filters) per position. */
export abstract class WeightedLayer extends Layer {
  readonly activation: LayerActivationName;
  readonly useBias: boolean;
  protected readonly init: Initializer;
  /** W (after build): [in, units] for Dense, [F, C, KH, KW] for Conv2D. */
  weights: Tensor | null = null;
  /** b [units] (after build; null without bias). */
  bias: Tensor | null = null;

  constructor(type: string, units: number, options: DenseOptions, keys: readonly string[]) {
    super(checkOptions(options, type, "options", ["activation", "init", "useBias", "seed", ...keys]).seed);
    if (!Number.isInteger(units) || units < 1) throw new Error(`${type}: ${type === "Dense" ? "units" : "filters"} must be a positive integer, got ${formatValue(units)}`);
    this.activation = checkActivation(type, options.activation);
    this.useBias = checkBoolean(options.useBias ?? true, type, "useBias");
    this.init = getInitializer(options.init, type);
  }

  /** Draws W [shape], then b [units], from the initialiser. */
  protected createWeights(shape: number[], units: number, fanIn: number, fanOut: number, rng: Random): void {
    this.weights = parameter(this.init.weights(shape.reduce((a, d) => a * d, 1), fanIn, fanOut, rng), shape);
    this.bias = this.useBias ? parameter(this.init.bias(units, rng), [units]) : null;
  }

  namedParameters(): NamedParameter[] {
    if (!this.built) return [];
    const list: NamedParameter[] = [{ name: "weights", kind: "weight", tensor: this.weights! }];
    if (this.bias) list.push({ name: "bias", kind: "bias", tensor: this.bias });
    return list;
  }
}

/**
 * Dense layer: a = f(z), z = x W + b, the lectures' layer equation with the samples as rows
 * (x [batch, in], W [in, units], b [units]).
 *
 *     new Dense(50, { activation: "relu" })
 *     new Dense(10, { activation: "softmax", init: "lecture" })
 */
export class Dense extends WeightedLayer {
  readonly type = "Dense";
  readonly units: number;

  constructor(units: number, options: DenseOptions = {}) {
    super("Dense", units, options, []);
    this.units = units;
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1) {
      throw new Error(`Dense: input samples must be vectors (shape [features]), got ${formatShape(inputShape)}; put a Flatten layer before Dense`);
    }
    return [this.units];
  }

  protected create(inputShape: readonly number[], rng: Random): void {
    this.createWeights([inputShape[0], this.units], this.units, inputShape[0], this.units, rng);
  }

  protected checkInput(x: Tensor): void {
    const inUnits = this.inputShape![0];
    if (x.rank !== 2 || x.shape[1] !== inUnits) {
      throw new Error(`Dense.forward: x has shape ${formatShape(x.shape)} but the layer expects [batch, ${inUnits}] (weights ${formatShape(this.weights!.shape)})`);
    }
  }

  /** z = x W + b, before the activation. */
  preActivation(x: Tensor): Tensor {
    if (!this.built) this.build(x.shape.slice(1));
    else this.checkInput(x);
    return this.linear(x);
  }

  /** x W + b as one primitive (the matrix-product kernel, the bias added in place), with a fused activation. */
  private linear(x: Tensor, activation: LinearActivation = "identity"): Tensor {
    return linear(x, this.weights!, { bias: this.bias ?? undefined, activation });
  }

  protected call(x: Tensor): Tensor {
    const act = this.activation;
    if (act === "relu" || act === "sigmoid" || act === "tanh") return this.linear(x, act); // fused: one buffer, one derivative pass
    return layerActivations[act](this.linear(x));
  }

  config(): Record<string, unknown> {
    return { units: this.units, activation: this.activation, useBias: this.useBias, init: this.init.name };
  }
}
