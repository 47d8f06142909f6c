/**
 * The idea behind the universal approximation theorem, as a construction:
 * one hidden layer of N steep sigmoid neurons and a linear output neuron
 * that together draw a staircase through a continuous function f on [a, b].
 *
 * Cut [a, b] into N + 1 cells of width h = (b - a)/(N + 1) with edges
 * t_k = a + k h and midpoints m_k = a + (k + 1/2) h, k = 0..N. Hidden neuron k
 * (k = 1..N) is a step at t_k of steepness s, sigma(s (x - t_k)), i.e. weight
 * w_k = s and bias b_k = -s t_k; its output weight is the jump
 * v_k = f(m_k) - f(m_{k-1}); the output bias is f(m_0):
 *
 *     g(x) = f(m_0) + sum_{k=1..N} [f(m_k) - f(m_{k-1})] sigma(s (x - t_k)).
 *
 * Far from the edges g equals f at the nearest midpoint, so for a function
 * with |f'| <= K the error is at most about K h / 2 = O(1/N): more neurons,
 * smaller error, as the theorem promises. The default steepness s = 40/h makes
 * each step ten times narrower than a cell (the lecture's c1 f(c2 x + c3) + c4
 * building block with a large c2).
 */
import { sigmoidScalar } from "../nn/activations";

/** Options of `sigmoidStaircase`. */
export interface SigmoidStaircaseOptions {
  /** The continuous function to approximate. */
  f: (x: number) => number;
  /** Hidden neurons N (>= 1). */
  neurons: number;
  /** Interval [a, b] (default [0, 1]). */
  range?: readonly [number, number];
  /** Steepness s of each step (default 40 / h). */
  steepness?: number;
}

/** The constructed network. */
export interface SigmoidStaircase {
  /** w_k = s, k = 1..N. */
  hiddenWeights: number[];
  /** b_k = -s t_k. */
  hiddenBiases: number[];
  /** v_k = f(m_k) - f(m_{k-1}). */
  outputWeights: number[];
  /** f(m_0). */
  outputBias: number;
  /** Cell width h. */
  cellWidth: number;
  /** The network's output g(x). */
  predict(x: number): number;
}

export function sigmoidStaircase(options: SigmoidStaircaseOptions): SigmoidStaircase {
  const fn = "sigmoidStaircase";
  if (!options || typeof options.f !== "function") throw new Error(`${fn}: options.f must be a function of x`);
  const N = options.neurons;
  if (!Number.isInteger(N) || N < 1) throw new Error(`${fn}: neurons must be a positive integer, got ${String(N)}`);
  const [a, b] = options.range ?? [0, 1];
  if (!(Number.isFinite(a) && Number.isFinite(b) && b > a)) throw new Error(`${fn}: range must be [a, b] with a < b, got [${String(a)}, ${String(b)}]`);
  const h = (b - a) / (N + 1);
  const s = options.steepness ?? 40 / h;
  if (!(s > 0 && Number.isFinite(s))) throw new Error(`${fn}: steepness must be a positive number, got ${String(options.steepness)}`);
  const heights = Array.from({ length: N + 1 }, (_, k) => options.f(a + (k + 0.5) * h)); // f(m_k)
  heights.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new Error(`${fn}: f(${a + (k + 0.5) * h}) is ${String(v)}, expected a finite number`);
  });
  const hiddenWeights: number[] = [];
  const hiddenBiases: number[] = [];
  const outputWeights: number[] = [];
  for (let k = 1; k <= N; k++) {
    hiddenWeights.push(s);
    hiddenBiases.push(-s * (a + k * h));
    outputWeights.push(heights[k] - heights[k - 1]);
  }
  const outputBias = heights[0];
  return {
    hiddenWeights, hiddenBiases, outputWeights, outputBias, cellWidth: h,
    predict(x: number): number {
      let y = outputBias;
      for (let k = 0; k < N; k++) y += outputWeights[k] * sigmoidScalar(hiddenWeights[k] * x + hiddenBiases[k]);
      return y;
    },
  };
}
