import { describe, expect, it } from "vitest";
import { neuronOutput, perceptron, sigmoidNeuron } from "../../lib/src/basics";

describe("neuron", () => {
  it("computes f(sum w_i x_i + b)", () => {
    expect(neuronOutput({ inputs: [1, 2, 3], weights: [0.5, -1, 2], bias: 0.25 })).toBeCloseTo(0.5 - 2 + 6 + 0.25, 14);
    expect(neuronOutput({ inputs: [2], weights: [3], bias: 1, activation: (z) => z * z })).toBe(49);
  });

  it("a perceptron with w = (1, 1), b = -1.5 is an AND gate; b = -0.5 makes it OR", () => {
    const inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    expect(inputs.map((x) => perceptron(x, [1, 1], -1.5))).toEqual([0, 0, 0, 1]);
    expect(inputs.map((x) => perceptron(x, [1, 1], -0.5))).toEqual([0, 1, 1, 1]);
  });

  it("the sigmoid neuron approaches the perceptron when w and b are scaled up", () => {
    for (const x of [[0, 1], [1, 1], [1, 0]]) {
      const step = perceptron(x, [1, 1], -1.5);
      expect(Math.abs(sigmoidNeuron(x, [100, 100], -150) - step)).toBeLessThan(1e-20);
    }
    expect(sigmoidNeuron([0], [1], 0)).toBe(0.5);
  });

  it("names the function and the mismatch on bad input", () => {
    expect(() => neuronOutput({ inputs: [1, 2], weights: [1], bias: 0 })).toThrow("neuronOutput: inputs has 2 values but weights has 1");
  });
});
