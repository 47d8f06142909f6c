import { describe, expect, it } from "vitest";
import { addBiasRows, sigmoidNaive } from "../../lib/src/kernels/elementwise";

describe("element-wise helpers", () => {
  it("addBiasRows adds the bias to every row", () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6]);
    expect(Array.from(addBiasRows(x, new Float64Array([10, 20, 30]), 2, 3))).toEqual([11, 22, 33, 14, 25, 36]);
    expect(() => addBiasRows(x, new Float64Array(2), 2, 3)).toThrow("addBiasRows: bias has 2 elements but n = 3");
  });

  it("sigmoidNaive matches 1/(1+e^-x) and never gives NaN at the extremes (in place too)", () => {
    const xs = [-800, -30, -1, 0, 0.5, 2, 40, 800];
    const y = new Float64Array(xs);
    expect(sigmoidNaive(y, y)).toBe(y);
    xs.forEach((v, i) => {
      expect(Number.isNaN(y[i])).toBe(false);
      expect(y[i]).toBeCloseTo(1 / (1 + Math.exp(-v)), 15);
    });
    expect(y[0]).toBe(0);
    expect(y[7]).toBe(1);
    expect(y[3]).toBe(0.5);
  });
});
