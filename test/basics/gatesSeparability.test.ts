import { describe, expect, it } from "vitest";
import { logicGate, perceptron, scanPerceptrons } from "../../lib/src/basics";

describe("scanPerceptrons", () => {
  const X = logicGate("XOR").inputs;

  it("finds perfect perceptrons for AND and OR; the best one really classifies every row", () => {
    for (const name of ["AND", "OR"] as const) {
      const gate = logicGate(name);
      const scan = scanPerceptrons({ inputs: X, targets: gate.targets, samples: 20000, seed: 3 });
      expect(scan.bestCorrect).toBe(4);
      expect(scan.counts[4]).toBeGreaterThan(0);
      expect(X.map((x) => perceptron(x, scan.bestWeights, scan.bestBias))).toEqual(gate.targets);
    }
  });

  it("never finds a perceptron for XOR (the theorem), and the best gets exactly 3 rows", () => {
    const targets = logicGate("XOR").targets;
    const scan = scanPerceptrons({ inputs: X, targets, samples: 50000, seed: 5, scale: 10 });
    expect(scan.counts[4]).toBe(0);
    expect(scan.counts[0]).toBe(0); // the complement of a perfect XOR perceptron would be XNOR, also impossible
    expect(scan.bestCorrect).toBe(3);
    const right = X.filter((x, i) => perceptron(x, scan.bestWeights, scan.bestBias) === targets[i]).length;
    expect(right).toBe(3);
  });

  it("tallies every sample once and reports the margin of the best draw", () => {
    const gate = logicGate("AND");
    const scan = scanPerceptrons({ inputs: X, targets: gate.targets, samples: 1234, seed: 1 });
    expect(scan.counts.reduce((a, b) => a + b, 0)).toBe(1234);
    expect(scan.counts).toHaveLength(5);
    const [w1, w2] = scan.bestWeights;
    const distances = X.map(([a, b]) => Math.abs(w1 * a + w2 * b + scan.bestBias) / Math.hypot(w1, w2));
    expect(scan.bestMargin).toBeCloseTo(Math.min(...distances), 12);
    // the widest possible margin for AND over the unit square is 1/(2 sqrt 2) (line x1 + x2 = 3/2)
    expect(scan.bestMargin).toBeLessThanOrEqual(1 / (2 * Math.SQRT2) + 1e-12);
  });

  it("is reproducible from its seed", () => {
    const a = scanPerceptrons({ inputs: X, targets: [0, 1, 1, 0], samples: 500, seed: 9 });
    const b = scanPerceptrons({ inputs: X, targets: [0, 1, 1, 0], samples: 500, seed: 9 });
    expect(b).toEqual(a);
  });

  it("names the function and the argument on bad input", () => {
    expect(() => scanPerceptrons({ inputs: X, targets: [0, 1] })).toThrow("scanPerceptrons: targets must have one value per row of inputs (4), got 2");
    expect(() => scanPerceptrons({ inputs: X, targets: [0, 1, 1, 0.5] })).toThrow("scanPerceptrons: targets[3] is 0.5, expected 0 or 1");
    expect(() => scanPerceptrons({ inputs: X, targets: [0, 1, 1, 0], samples: 0 })).toThrow("scanPerceptrons: samples must be a positive integer");
    expect(() => scanPerceptrons({ inputs: X, targets: [0, 1, 1, 0], scale: -1 })).toThrow("scanPerceptrons: scale must be a positive number");
  });
});
