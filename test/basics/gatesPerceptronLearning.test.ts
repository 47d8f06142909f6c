import { describe, expect, it } from "vitest";
import { logicGate, perceptron, trainPerceptron } from "../../lib/src/basics";

const X = [[0, 0], [0, 1], [1, 0], [1, 1]];

describe("trainPerceptron", () => {
  it("follows the hand-computed trace of Rosenblatt's rule on AND (eta = 1, zero start)", () => {
    // by hand, rows in order, p = H(w.x + b) with H(0) = 0:
    // epoch 1: only (1,1) wrong -> w = (1,1), b = 1
    // epoch 2: (0,0) -> b = 0; (0,1) -> w = (1,0), b = -1; (1,1) -> w = (2,1), b = 0      (3 mistakes)
    // epoch 3: (0,1) -> w = (2,0), b = -1; (1,0) -> w = (1,0), b = -2; (1,1) -> w = (2,1), b = -1
    // epoch 4: (1,0) -> w = (1,1), b = -2; (1,1) -> w = (2,2), b = -1
    // epoch 5: (0,1) -> w = (2,1), b = -2;  epoch 6: no mistake
    const fit = trainPerceptron({ inputs: X, targets: [0, 0, 0, 1] });
    expect(fit.errors).toEqual([1, 3, 3, 2, 1, 0]);
    expect(fit.history.map((h) => [...h.weights, h.bias])).toEqual([
      [1, 1, 1], [2, 1, 0], [2, 1, -1], [2, 2, -1], [2, 1, -2], [2, 1, -2],
    ]);
    expect(fit.weights).toEqual([2, 1]);
    expect(fit.bias).toBe(-2);
    expect(fit.converged).toBe(true);
    expect(fit.epochs).toBe(6);
    expect(fit.updates).toBe(10);
  });

  it("learns AND and OR: the result classifies every row (checked with the perceptron function)", () => {
    for (const name of ["AND", "OR"] as const) {
      const gate = logicGate(name);
      for (const learningRate of [1, 0.1, 3]) {
        const fit = trainPerceptron({ inputs: gate.inputs, targets: gate.targets, learningRate });
        expect(fit.converged).toBe(true);
        expect(gate.inputs.map((x) => perceptron(x, fit.weights, fit.bias))).toEqual(gate.targets);
        expect(Array.from(fit.predict(gate.inputs))).toEqual(gate.targets);
      }
    }
  });

  it("from a zero start the learning rate only scales w and b (same mistakes, same epochs)", () => {
    const a = trainPerceptron({ inputs: X, targets: [0, 0, 0, 1], learningRate: 1 });
    const b = trainPerceptron({ inputs: X, targets: [0, 0, 0, 1], learningRate: 0.25 });
    expect(b.errors).toEqual(a.errors);
    b.weights.forEach((w, k) => expect(w).toBeCloseTo(0.25 * a.weights[k], 14));
    expect(b.bias).toBeCloseTo(0.25 * a.bias, 14);
  });

  it("never converges on XOR and cycles: 4 mistakes per epoch, back to w = (-1, 0), b = 1", () => {
    const fit = trainPerceptron({ inputs: X, targets: [0, 1, 1, 0], maxEpochs: 50 });
    expect(fit.converged).toBe(false);
    expect(fit.epochs).toBe(50);
    expect(fit.errors.every((e) => e > 0)).toBe(true);
    expect(fit.errors.slice(2).every((e) => e === 4)).toBe(true);
    for (const h of fit.history.slice(1)) {
      expect(h.weights).toEqual([-1, 0]);
      expect(h.bias).toBe(1);
    }
  });

  it("predict accepts the row-major Float64Array that decisionBoundary passes", () => {
    const fit = trainPerceptron({ inputs: X, targets: [0, 0, 0, 1] }); // 1 iff 2 x1 + x2 - 2 > 0: -0.1, 0.5, -1.4
    const out = fit.predict(Float64Array.from([0.8, 0.3, 1, 0.5, 0.2, 0.2]));
    expect(Array.from(out)).toEqual([0, 1, 0]);
  });

  it("names the function and the argument on bad input", () => {
    expect(() => trainPerceptron({ inputs: X, targets: [0, 1, 1] })).toThrow("trainPerceptron: targets must have one value per row of inputs (4), got 3");
    expect(() => trainPerceptron({ inputs: X, targets: [0, 2, 1, 0] })).toThrow("trainPerceptron: targets[1] is 2, expected 0 or 1");
    expect(() => trainPerceptron({ inputs: [[0, 0], [1]], targets: [0, 1] })).toThrow("trainPerceptron: inputs row 1 has 1 values, expected 2");
    expect(() => trainPerceptron({ inputs: X, targets: [0, 0, 0, 1], learningRate: 0 })).toThrow("trainPerceptron: learningRate must be a positive number");
    expect(() => trainPerceptron({ inputs: X, targets: [0, 0, 0, 1], maxEpochs: 0 })).toThrow("trainPerceptron: maxEpochs must be a positive integer");
    expect(() => trainPerceptron({ inputs: X, targets: [0, 0, 0, 1], weights0: [1] })).toThrow("trainPerceptron: weights0 has 1 values but the inputs have 2 columns");
    expect(() => trainPerceptron({ inputs: [[0, NaN]], targets: [0] })).toThrow("trainPerceptron: inputs[0][1] is NaN");
  });
});
