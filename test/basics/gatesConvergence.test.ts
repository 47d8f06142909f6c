import { describe, expect, it } from "vitest";
import { convergenceGrid, countConvergedSeeds, logicGate } from "../../lib/src/basics";
import { NeuralNetwork } from "../../lib/src/models";

const xor = logicGate("XOR");

/** Reference: train one network directly and report (accuracy, final loss). */
function direct(seed: number, options: { hiddenNeurons: number; eta: number; lmbd?: number; epochs: number; hiddenActivation?: string }) {
  const net = new NeuralNetwork({
    inputs: xor.inputs, targets: xor.targets, categories: 2, batchSize: 4, seed,
    hiddenNeurons: options.hiddenNeurons, eta: options.eta, lmbd: options.lmbd ?? 0, epochs: options.epochs,
    hiddenActivation: options.hiddenActivation ?? "sigmoid",
  });
  const loss = net.train().loss.at(-1)!;
  const predicted = net.predict(xor.inputs);
  return { accuracy: xor.targets.filter((t, i) => predicted[i] === t).length / 4, loss };
}

describe("countConvergedSeeds", () => {
  it("counts exactly the seeds whose directly trained network classifies all four XOR rows", () => {
    const options = { hiddenNeurons: 2, eta: 0.5, epochs: 400 };
    const result = countConvergedSeeds({ inputs: xor.inputs, targets: xor.targets, seeds: 12, firstSeed: 5, ...options });
    const reference = Array.from({ length: 12 }, (_, s) => direct(5 + s, options));
    expect(result.runs).toBe(12);
    expect(result.accuracies).toEqual(reference.map((r) => r.accuracy));
    expect(result.finalLoss).toEqual(reference.map((r) => r.loss));
    expect(result.convergedSeeds).toEqual(reference.flatMap((r, s) => (r.accuracy === 1 ? [5 + s] : [])));
    expect(result.converged).toBe(result.convergedSeeds.length);
    expect(result.fraction).toBeCloseTo(result.converged / 12, 15);
    expect(result.diverged).toBe(0);
  });

  it("passes hiddenActivation and batchSize through to the network", () => {
    const result = countConvergedSeeds({ inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 3, seeds: 3, eta: 0.3, epochs: 200, hiddenActivation: "tanh" });
    expect(result.finalLoss).toEqual([0, 1, 2].map((s) => direct(s, { hiddenNeurons: 3, eta: 0.3, epochs: 200, hiddenActivation: "tanh" }).loss));
    const sigmoid = countConvergedSeeds({ inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 3, seeds: 3, eta: 0.3, epochs: 200 });
    expect(sigmoid.finalLoss).not.toEqual(result.finalLoss);
  });

  it("a stuck run sits at the plateau of two rows at probability 1/2: loss per row -> ln(2)/2", () => {
    // with 2 hidden neurons, eta = 0.5 and 1000 epochs, seed 3 is one of the runs that do not converge
    const result = countConvergedSeeds({ inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 2, seeds: 1, firstSeed: 3, epochs: 3000 });
    expect(result.accuracies[0]).toBe(0.5);
    // (0 + 0 + ln 2 + ln 2) / 4, approached from above
    expect(result.finalLoss[0]).toBeGreaterThan(Math.LN2 / 2);
    expect(result.finalLoss[0] - Math.LN2 / 2).toBeLessThan(0.005);
  });

  it("counts runs as diverged when the L2 factor 1 - eta lmbd is far below -1 (weights overflow)", () => {
    // each step multiplies the weights by (1 - eta lmbd) = -9 before adding the bounded data gradient:
    // |w| ~ 9^t reaches the largest double (1.8e308) after ln(1.8e308) / ln 9 ~ 323 steps
    const base = { inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 2, seeds: 4, epochs: 400 };
    expect(countConvergedSeeds({ ...base, eta: 1, lmbd: 10 }).diverged).toBe(4); // factor -9
    expect(countConvergedSeeds({ ...base, eta: 10, lmbd: 1 }).diverged).toBe(4); // factor -9
    const stable = countConvergedSeeds({ ...base, eta: 1, lmbd: 1 }); // factor 0
    expect(stable.diverged).toBe(0);
    expect(stable.finalLoss.every(Number.isFinite)).toBe(true);
    const diverged = countConvergedSeeds({ ...base, eta: 1, lmbd: 10 });
    expect(diverged.accuracies.every(Number.isNaN)).toBe(true);
    expect(diverged.converged).toBe(0);
  });

  it("more hidden neurons converge at least as often on XOR (100 seeds)", () => {
    const count = (h: number) => countConvergedSeeds({ inputs: xor.inputs, targets: xor.targets, hiddenNeurons: h, seeds: 100 }).converged;
    const [c2, c3, c4] = [count(2), count(3), count(4)];
    expect(c2).toBeGreaterThan(50);
    expect(c2).toBeLessThan(95);
    expect(c3).toBeGreaterThan(c2);
    expect(c4).toBeGreaterThanOrEqual(c3);
    expect(c4).toBeGreaterThanOrEqual(95);
  });

  it("names the function and the argument on bad input", () => {
    const base = { inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 2 };
    expect(() => countConvergedSeeds({ ...base, seeds: 0 })).toThrow("countConvergedSeeds: seeds must be a positive integer, got 0");
    expect(() => countConvergedSeeds({ ...base, firstSeed: 0.5 })).toThrow("countConvergedSeeds: firstSeed must be an integer");
    expect(() => countConvergedSeeds({ ...base, targets: [0, 1, -1, 0] })).toThrow("countConvergedSeeds: targets[2] is -1");
    expect(() => countConvergedSeeds({ ...base, hiddenNeurons: 0 })).toThrow(/NeuralNetwork: hiddenNeurons/);
    expect(() => countConvergedSeeds({ ...base, eta: -1 })).toThrow(/NeuralNetwork: eta/);
  });
});

describe("convergenceGrid", () => {
  it("each cell is the converged fraction of countConvergedSeeds at that (eta, lmbd)", () => {
    const etas = [0.01, 0.5];
    const lmbds = [0, 1e-3];
    const options = { inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 2, seeds: 5, epochs: 300 };
    const grid = convergenceGrid({ ...options, etas, lmbds });
    expect(grid.etas).toEqual(etas);
    expect(grid.lmbds).toEqual(lmbds);
    expect(grid.seeds).toBe(5);
    etas.forEach((eta, i) => lmbds.forEach((lmbd, j) => {
      expect(grid.fraction[i][j]).toBe(countConvergedSeeds({ ...options, eta, lmbd }).fraction);
      expect(grid.diverged[i][j]).toBe(0);
    }));
  });

  it("marks divergence where eta lmbd > 2 and nowhere else", () => {
    const values = [0.1, 1, 10];
    // (the notebook's 1000 epochs: factors -9 and -99 overflow within ~323 and ~155 steps)
    const grid = convergenceGrid({ inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 2, seeds: 2, epochs: 1000, etas: values, lmbds: values });
    values.forEach((eta, i) => values.forEach((lmbd, j) => expect(grid.diverged[i][j]).toBe(eta * lmbd > 2 ? 1 : 0)));
  });

  it("names the function and the argument on bad input", () => {
    const base = { inputs: xor.inputs, targets: xor.targets, hiddenNeurons: 2 };
    expect(() => convergenceGrid({ ...base, etas: [], lmbds: [0] })).toThrow("convergenceGrid: etas must be a non-empty array of numbers");
    expect(() => convergenceGrid({ ...base, etas: [0.1], lmbds: [-1] })).toThrow("convergenceGrid: lmbds[0] must be a non-negative number, got -1");
  });
});
