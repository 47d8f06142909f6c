/**
 * Activation functions on tensors for the layers, and the Activation layer. Each is a
 * composite of differentiable tensor ops, so gradients of any order come from autodiff:
 *
 *   identity x;  sigmoid 1/(1+e^-x);  tanh;  relu max(x, 0) (relu'(0) = 0);
 *   leakyRelu x for x > 0 else 0.01 x;  elu x for x > 0 else e^x - 1 (alpha 1);
 *   softmax over the last axis (max subtracted);  step: 1 for x > 0 else 0 (zero gradient).
 */
import { exp, greater, minimum, mul, relu, sigmoid, sub, tanh, where } from "../tensor/elementwise";
import { softmax } from "../tensor/reduce";
import type { Tensor } from "../tensor/tensor";
import { lookup } from "../tensor/options";
import { Layer } from "./module";

export type LayerActivationName = "identity" | "sigmoid" | "tanh" | "relu" | "leakyRelu" | "elu" | "softmax" | "step";

/** Slope of leakyRelu for x < 0. */
export const LEAKY_RELU_ALPHA = 0.01;

/** The activation functions of the layers, by name. */
export const layerActivations: Readonly<Record<LayerActivationName, (x: Tensor) => Tensor>> = {
  identity: (x) => x,
  sigmoid: (x) => sigmoid(x),
  tanh: (x) => tanh(x),
  relu: (x) => relu(x),
  leakyRelu: (x) => where(greater(x, 0), x, mul(x, LEAKY_RELU_ALPHA)),
  // e^min(x,0) - 1 keeps exp from overflowing in the branch that is not taken.
  elu: (x) => where(greater(x, 0), x, sub(exp(minimum(x, 0)), 1)),
  softmax: (x) => softmax(x, -1),
  step: (x) => greater(x, 0),
};

/** Validates an activation name (undefined -> identity). */
export function checkActivation(fn: string, name: unknown): LayerActivationName {
  if (name === undefined || name === null) return "identity";
  lookup(layerActivations, name, fn, "activation");
  return name as LayerActivationName;
}

/** A layer that only applies an activation function; no parameters. `new ActivationLayer("relu")` */
export class ActivationLayer extends Layer {
  readonly type = "Activation";
  readonly activation: LayerActivationName;

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
