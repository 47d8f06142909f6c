import { describe, expect, it } from "vitest";
import { poissonExact, poissonSource, solvePoissonFiniteDifference } from "../../lib/src/index";

function maxError(points: number): number {
  const { x, g } = solvePoissonFiniteDifference({ f: poissonSource, points });
  return Math.max(...Array.from(x, (t, i) => Math.abs(g[i] - poissonExact(t))));
}

describe("solvePoissonFiniteDifference", () => {
  it("is exact (to rounding) when the solution is a cubic: -g'' = 6x on [0, 1], g = x (1 - x^2)", () => {
    const { x, g } = solvePoissonFiniteDifference({ f: (t) => 6 * t, points: 11 });
    x.forEach((t, i) => expect(g[i]).toBeCloseTo(t * (1 - t * t), 13));
  });

  it("has error O(h^2): halving h divides the error by about 4", () => {
    for (const points of [11, 21, 41]) {
      const ratio = maxError(points) / maxError(2 * points - 1); // h -> h/2
      expect(ratio).toBeGreaterThan(3.8);
      expect(ratio).toBeLessThan(4.2);
    }
  });

  it("keeps non-zero boundary values and other intervals", () => {
    // -g'' = 0 on [1, 3] with g(1) = 2, g(3) = -4: the straight line through both ends
    const { x, g } = solvePoissonFiniteDifference({ f: () => 0, points: 5, domain: [1, 3], boundary: [2, -4] });
    expect(Array.from(x)).toEqual([1, 1.5, 2, 2.5, 3]);
    x.forEach((t, i) => expect(g[i]).toBeCloseTo(2 - 3 * (t - 1), 13));
  });

  it("names a bad argument", () => {
    expect(() => solvePoissonFiniteDifference({ f: poissonSource, points: 2 })).toThrow(/solvePoissonFiniteDifference: points must be an integer >= 3/);
    expect(() => solvePoissonFiniteDifference({ f: poissonSource, points: 10, domain: [1, 0] })).toThrow(/domain must be \[a, b\] with finite a < b/);
    expect(() => solvePoissonFiniteDifference({ f: () => NaN, points: 10 })).toThrow(/f\(0\.1111.*\) is not a finite number/);
  });
});
