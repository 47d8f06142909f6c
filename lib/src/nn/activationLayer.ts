/**
 * A layer that only applies an activation function (identity, sigmoid, tanh,
 * relu, leakyRelu (0.01), elu (1), softmax over the last axis, step). No parameters.
 */
import type { Tensor } from "../tensor/tensor";
import { checkActivation, layerActivations, type LayerActivationName } from "./activationFunctions";
import { Layer } from "./module";

export class ActivationLayer extends Layer {
  readonly type = "Activation";
  readonly activation: LayerActivationName;

  /** new ActivationLayer("relu") */
  constructor(activation: LayerActivationName) {
    super();
    this.activation = checkActivation("ActivationLayer", activation);
  }

  outputShape(inputShape: readonly number[]): number[] {
    return inputShape.slice();
  }

  protected call(x: Tensor): Tensor {
    return layerActivations[this.activation](x);
  }

  config(): Record<string, unknown> {
    return { activation: this.activation };
  }
}
