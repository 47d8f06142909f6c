import { describe, expect, it } from "vitest";
import { oneHot } from "../../lib/src/data/oneHot";
import { Tensor } from "../../lib/src/tensor/tensor";

describe("oneHot", () => {
  it("puts a single 1 in column label[i] of row i", () => {
    const t = oneHot(Int32Array.from([2, 0, 1, 2]));
    expect(t.shape).toEqual([4, 3]);
    expect(Array.from(t.data)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it("uses numClasses when given, and accepts number[] and rank-1 tensors", () => {
    expect(oneHot([1, 0], 4).shape).toEqual([2, 4]);
    expect(Array.from(oneHot([1, 0], 4).data)).toEqual([0, 1, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(oneHot(new Tensor(Float64Array.from([1, 1]), [2]), 2).data)).toEqual([0, 1, 0, 1]);
  });

  it("rejects labels that are out of range or not integers, naming the position", () => {
    expect(() => oneHot([0, 1, 10], 10)).toThrow("oneHot: labels[2] = 10 is not an integer in 0..9 (numClasses = 10)");
    expect(() => oneHot([0, -1])).toThrow(/oneHot: labels\[1\] = -1 is not an integer/);
    expect(() => oneHot([0, 1.5])).toThrow(/oneHot: labels\[1\] = 1.5 is not an integer/);
    expect(() => oneHot([0, NaN], 3)).toThrow(/labels\[1\] = NaN/);
    expect(() => oneHot([0], 0)).toThrow(/oneHot: numClasses must be a positive integer, got 0/);
    expect(() => oneHot(new Tensor(new Float64Array(4), [2, 2]))).toThrow(/oneHot: labels must be a rank-1 tensor \[n\], got shape \[2, 2\]/);
  });
});
