import { describe, expect, it } from "vitest";
import { centralDifference, heaviside, logistic, logisticPrime } from "../../lib/src/basics";

describe("scalar activations", () => {
  it("heaviside is 1 for z > 0 and 0 otherwise (including z = 0)", () => {
    expect([-2, -1e-12, 0, 1e-12, 3].map(heaviside)).toEqual([0, 0, 0, 1, 1]);
  });

  it("logistic equals 1 / (1 + e^-z), is symmetric, and does not overflow", () => {
    for (const z of [-30, -3, -0.5, 0, 0.5, 3, 30]) {
      expect(logistic(z)).toBeCloseTo(1 / (1 + Math.exp(-z)), 15);
      expect(logistic(-z)).toBeCloseTo(1 - logistic(z), 15);
    }
    expect(logistic(-800)).toBe(0);
    expect(logistic(800)).toBe(1);
    expect(Number.isNaN(logistic(-1000))).toBe(false);
  });

  it("logisticPrime agrees with central differences and peaks at 1/4", () => {
    for (const z of [-4, -1, 0, 0.7, 5]) {
      expect(Math.abs(logisticPrime(z) - centralDifference(logistic, z))).toBeLessThan(1e-10);
    }
    expect(logisticPrime(0)).toBe(0.25);
  });
});
