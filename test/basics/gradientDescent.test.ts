import { describe, expect, it } from "vitest";
import { gradientDescentLoop } from "../../lib/src/basics";

// C(theta) = (theta - 3)^2 / 2 has dC/dtheta = theta - 3, so one step maps
// theta - 3 to (1 - eta)(theta - 3): theta_k = 3 + (theta_0 - 3)(1 - eta)^k.
const quadratic = (theta: number[]) => ({ cost: 0.5 * (theta[0] - 3) ** 2, gradient: [theta[0] - 3] });

describe("gradientDescentLoop", () => {
  it("follows the closed-form iterates on a quadratic", () => {
    const eta = 0.3;
    const run = gradientDescentLoop({ theta0: [10], costAndGradient: quadratic, learningRate: eta, iterations: 25 });
    expect(run.theta[0]).toBeCloseTo(3 + 7 * (1 - eta) ** 25, 12);
    expect(run.cost).toHaveLength(26);
    expect(run.cost[5]).toBeCloseTo(0.5 * (7 * (1 - eta) ** 5) ** 2, 12);
    expect(run.gradientNorm[0]).toBe(7);
    expect(run.diverged).toBe(false);
  });

  it("detects divergence above eta = 2 and says what to do", () => {
    const run = gradientDescentLoop({ theta0: [10], costAndGradient: quadratic, learningRate: 2.5, iterations: 1000 });
    expect(run.diverged).toBe(true);
    expect(run.cost.length).toBeLessThan(1000);
    expect(run.message).toMatch(/diverged at iteration \d+.*smaller learning rate/);
  });

  it("rejects a bad learning rate or a gradient of the wrong length", () => {
    expect(() => gradientDescentLoop({ theta0: [0], costAndGradient: quadratic, learningRate: -1, iterations: 1 })).toThrow("learningRate must be a positive number");
    expect(() => gradientDescentLoop({ theta0: [0, 1], costAndGradient: quadratic, learningRate: 0.1, iterations: 1 })).toThrow("returned 1 derivatives for 2 parameters");
  });
});
