import { describe, expect, it } from "vitest";
import { centralDifference, centralDifferenceGradient } from "../../lib/src/basics";

describe("central differences", () => {
  it("differentiates sin and exp to ~1e-10", () => {
    expect(Math.abs(centralDifference(Math.sin, 1) - Math.cos(1))).toBeLessThan(1e-10);
    expect(Math.abs(centralDifference(Math.exp, 0.3) - Math.exp(0.3))).toBeLessThan(1e-10);
  });

  it("gives the gradient of f(a, b) = a^2 b + 3b", () => {
    const g = centralDifferenceGradient(([a, b]) => a * a * b + 3 * b, [2, -1]);
    expect(g[0]).toBeCloseTo(2 * 2 * -1, 8);
    expect(g[1]).toBeCloseTo(4 + 3, 8);
  });

  it("rejects a non-positive step", () => {
    expect(() => centralDifference(Math.sin, 0, 0)).toThrow("centralDifference: step h must be positive");
  });
});
