/**
 * How often does training find a solution? Trains the lectures' one-hidden-layer
 * `NeuralNetwork` (sigmoid hidden layer, softmax output, cross-entropy, SGD)
 * on a small data set (a logic gate) from many seeds and counts the runs that
 * end with every row classified correctly. The others are stuck in a local
 * minimum (or on a plateau) of the cost, or diverged.
 */
import { NeuralNetwork } from "../models/neuralNetwork";

/** Options of {@link countConvergedSeeds}. */
export interface CountConvergedSeedsOptions {
  /** Design matrix X [n, d]. */
  inputs: number[][];
  /** Integer class labels [n] (e.g. the gate's targets 0/1). */
  targets: number[];
  /** Neurons in the hidden layer. */
  hiddenNeurons: number;
  /** Number of seeds tried: firstSeed, firstSeed + 1, ... (default 100). */
  seeds?: number;
  /** The first seed (default 0). */
  firstSeed?: number;
  /** Epochs per run (default 1000). */
  epochs?: number;
  /** Learning rate (default 0.5). */
  eta?: number;
  /** L2 strength (default 0). */
  lmbd?: number;
  /** Minibatch size (default: all rows, i.e. full-batch gradient descent). */
  batchSize?: number;
  /** Output categories (default: the largest label + 1, at least 2). */
  categories?: number;
  /** Hidden activation by name (default "sigmoid", the lecture's). */
  hiddenActivation?: string;
}

/** What {@link countConvergedSeeds} returns. */
export interface SeedConvergence {
  hiddenNeurons: number;
  /** Runs tried. */
  runs: number;
  /** Runs that classify every row correctly after training. */
  converged: number;
  /** converged / runs. */
  fraction: number;
  /** Runs whose loss or weights became NaN or infinite (counted as not converged). */
  diverged: number;
  /** The seeds of the converged runs. */
  convergedSeeds: number[];
  /** Final training accuracy of each run, in seed order (NaN if diverged). */
  accuracies: number[];
  /** Mean cross-entropy per row in the last epoch of each run (NaN if diverged). */
  finalLoss: number[];
}

const FN = "countConvergedSeeds";

/** True if every weight and bias of the network is a finite number. */
function allFinite(net: NeuralNetwork): boolean {
  for (const t of [net.hiddenWeights, net.hiddenBias, net.outputWeights, net.outputBias]) {
    for (let i = 0; i < t.data.length; i++) if (!Number.isFinite(t.data[i])) return false;
  }
  return true;
}

/** Trains `seeds` networks that differ only in their seed and counts those reaching 100% training accuracy. */
export function countConvergedSeeds(options: CountConvergedSeedsOptions): SeedConvergence {
  if (options === null || typeof options !== "object") throw new Error(`${FN}: options must be an object { inputs, targets, hiddenNeurons, ... }`);
  const { inputs, targets, hiddenNeurons } = options;
  if (!Array.isArray(targets) || targets.length === 0) throw new Error(`${FN}: targets must be a non-empty array of integer labels`);
  targets.forEach((t, i) => {
    if (!Number.isInteger(t) || t < 0) throw new Error(`${FN}: targets[${i}] is ${String(t)}, expected a non-negative integer label`);
  });
  const seeds = options.seeds ?? 100;
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`${FN}: seeds must be a positive integer, got ${String(seeds)}`);
  const firstSeed = options.firstSeed ?? 0;
  if (!Number.isInteger(firstSeed)) throw new Error(`${FN}: firstSeed must be an integer, got ${String(firstSeed)}`);
  const categories = options.categories ?? Math.max(2, Math.max(...targets) + 1);
  const labels = Int32Array.from(targets);
  const result: SeedConvergence = {
    hiddenNeurons, runs: seeds, converged: 0, fraction: 0, diverged: 0, convergedSeeds: [], accuracies: [], finalLoss: [],
  };
  for (let s = 0; s < seeds; s++) {
    const seed = firstSeed + s;
    // the network checks inputs, hiddenNeurons, epochs, eta, lmbd and batchSize and names the bad one
    const net = new NeuralNetwork({
      inputs, targets: labels, categories, hiddenNeurons,
      epochs: options.epochs ?? 1000, batchSize: options.batchSize ?? targets.length,
      eta: options.eta ?? 0.5, lmbd: options.lmbd ?? 0, seed, hiddenActivation: options.hiddenActivation ?? "sigmoid",
    });
    let loss = NaN;
    try {
      loss = net.train().loss.at(-1) ?? NaN;
    } catch (e) {
      if (!(e instanceof Error && e.message.includes("training diverged"))) throw e;
    }
    if (!Number.isFinite(loss) || !allFinite(net)) {
      result.diverged++;
      result.accuracies.push(NaN);
      result.finalLoss.push(NaN);
      continue;
    }
    const predicted = net.predict(inputs);
    let correct = 0;
    for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
    result.accuracies.push(correct / labels.length);
    result.finalLoss.push(loss);
    if (correct === labels.length) {
      result.converged++;
      result.convergedSeeds.push(seed);
    }
  }
  result.fraction = result.converged / seeds;
  return result;
}
