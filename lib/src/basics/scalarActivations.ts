/**
 * Scalar activation functions of the first lectures, on plain numbers.
 *
 * The tensor versions live in nn/activations; these are the one-number forms
 * used to explain a single neuron: f(z) with z = sum_i w_i x_i + b.
 */

/** Heaviside step: 1 if z > 0, else 0 (the perceptron's activation). */
export function heaviside(z: number): number {
  return z > 0 ? 1 : 0;
}

/** Logistic sigmoid sigma(z) = 1 / (1 + exp(-z)), written to avoid overflow for large |z|. */
export function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Derivative of the sigmoid, sigma'(z) = sigma(z) (1 - sigma(z)). */
export function logisticPrime(z: number): number {
  const s = logistic(z);
  return s * (1 - s);
}
