import { heaviside, logistic } from "./scalarActivations";

/** Options of {@link neuronOutput}. */
export interface NeuronOptions {
  /** Inputs x_1..x_n. */
  inputs: ArrayLike<number>;
  /** Weights w_1..w_n (one per input). */
  weights: ArrayLike<number>;
  /** Bias b. */
  bias: number;
  /** Activation f; the identity if omitted. */
  activation?: (z: number) => number;
}

/**
 * The artificial neuron y = f(z) with z = sum_i w_i x_i + b.
 * Throws if inputs and weights differ in length.
 */
export function neuronOutput(options: NeuronOptions): number {
  const { inputs, weights, bias } = options;
  if (inputs.length !== weights.length) {
    throw new Error(`neuronOutput: inputs has ${inputs.length} values but weights has ${weights.length}`);
  }
  let z = bias;
  for (let i = 0; i < inputs.length; i++) z += weights[i] * inputs[i];
  return options.activation ? options.activation(z) : z;
}

/** Perceptron: Heaviside step of w . x + b, so 1 if w . x + b > 0 and 0 otherwise. */
export function perceptron(inputs: ArrayLike<number>, weights: ArrayLike<number>, bias: number): number {
  return neuronOutput({ inputs, weights, bias, activation: heaviside });
}

/** Sigmoid neuron: sigma(w . x + b), the smooth perceptron. */
export function sigmoidNeuron(inputs: ArrayLike<number>, weights: ArrayLike<number>, bias: number): number {
  return neuronOutput({ inputs, weights, bias, activation: logistic });
}
