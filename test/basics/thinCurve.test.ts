import { describe, expect, it } from "vitest";
import { thinCurve } from "../../lib/src/basics";

describe("thinCurve", () => {
  it("keeps short curves whole, with iteration numbers as x", () => {
    expect(thinCurve([5, 4, 3])).toEqual({ x: [0, 1, 2], y: [5, 4, 3] });
  });

  it("samples long curves evenly, keeping the first and last points", () => {
    const values = Array.from({ length: 20001 }, (_, i) => i * i);
    const { x, y } = thinCurve(values, 401);
    expect(x).toHaveLength(401);
    expect(x[0]).toBe(0);
    expect(x[400]).toBe(20000);
    expect(x[1]).toBe(50);
    x.forEach((i, k) => expect(y[k]).toBe(i * i));
  });

  it("rejects maxPoints < 2", () => {
    expect(() => thinCurve([1, 2, 3], 1)).toThrow("thinCurve: maxPoints must be an integer >= 2, got 1");
  });
});
