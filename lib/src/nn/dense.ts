/**
 * Dense (fully connected) layer: a = f(z), z = x W + b, the lectures' layer
 * equation with the samples as rows (x [batch, in], W [in, units], b [units]).
 */
import type { Random } from "../random";
import type { Tensor } from "../tensor/tensor";
import { checkBoolean, formatShape, formatValue } from "../tensor/validate";
import { checkOptions } from "../tensor/options";
import { checkActivation, layerActivations, type LayerActivationName } from "./activationFunctions";
import { getInitializer, type Initializer, type InitializerName } from "./init";
import { Layer, parameter, type NamedParameter } from "./module";
import { linear, type LinearActivation } from "./ops/linear";

/** Options of `Dense`. */
export interface DenseOptions {
  /** Activation f applied to z (default identity). */
  activation?: LayerActivationName;
  /** Weight initialiser (default glorotUniform; 'lecture' is N(0,1) weights with 0.01 biases). */
  init?: InitializerName | Initializer;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Seed when the layer builds itself outside a Sequential (default 0). */
  seed?: number;
}

export class Dense extends Layer {
  readonly type = "Dense";
  readonly units: number;
  readonly activation: LayerActivationName;
  readonly useBias: boolean;
  private readonly init: Initializer;
  /** W [in, units] (after build). */
  weights: Tensor | null = null;
  /** b [units] (after build; null without bias). */
  bias: Tensor | null = null;

  /**
   *     new Dense(50, { activation: "relu" })
   *     new Dense(10, { activation: "softmax", init: "lecture" })
   */
  constructor(units: number, options: DenseOptions = {}) {
    super(checkOptions(options, "Dense", "options", ["activation", "init", "useBias", "seed"]).seed);
    if (!Number.isInteger(units) || units < 1) throw new Error(`Dense: units must be a positive integer, got ${formatValue(units)}`);
    this.units = units;
    this.activation = checkActivation("Dense", options.activation);
    this.useBias = checkBoolean(options.useBias ?? true, "Dense", "useBias");
    this.init = getInitializer(options.init, "Dense");
  }

  outputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1) {
      throw new Error(`Dense: input samples must be vectors (shape [features]), got ${formatShape(inputShape)}; put a Flatten layer before Dense`);
    }
    return [this.units];
  }

  protected create(inputShape: readonly number[], rng: Random): void {
    const fanIn = inputShape[0];
    this.weights = parameter(this.init.weights(fanIn * this.units, fanIn, this.units, rng), [fanIn, this.units]);
    this.bias = this.useBias ? parameter(this.init.bias(this.units, rng), [this.units]) : null;
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

  private linear(x: Tensor, activation: LinearActivation = "identity"): Tensor {
    // z = x W + b: [batch, in] · [in, units] -> [batch, units], one primitive (matrix-product kernel, bias in place)
    return linear(x, this.weights!, { bias: this.bias ?? undefined, activation });
  }

  protected call(x: Tensor): Tensor {
    const act = this.activation;
    if (act === "relu" || act === "sigmoid" || act === "tanh") return this.linear(x, act); // fused: one buffer, one derivative pass
    return layerActivations[act](this.linear(x));
  }

  namedParameters(): NamedParameter[] {
    if (!this.built) return [];
    const list: NamedParameter[] = [{ name: "weights", kind: "weight", tensor: this.weights! }];
    if (this.bias) list.push({ name: "bias", kind: "bias", tensor: this.bias });
    return list;
  }

  config(): Record<string, unknown> {
    return { units: this.units, activation: this.activation, useBias: this.useBias, init: this.init.name };
  }
}
