import { describe, expect, it } from "vitest";
import { MinMaxScaler } from "../../lib/src/data/minMaxScaler";
import { Tensor } from "../../lib/src/tensor/tensor";

describe("MinMaxScaler", () => {
  // columns: [1, 3, 5] -> [0, .5, 1]; constant [7, 7, 7]; [-2, 0, 2]
  const train = new Tensor(Float64Array.from([1, 7, -2, 3, 7, 0, 5, 7, 2]), [3, 3]);

  it("maps the training min and max of each column to 0 and 1 (hand-computed)", () => {
    const scaler = new MinMaxScaler();
    const y = scaler.fitTransform(train);
    expect(Array.from(y.data)).toEqual([0, 0, 0, 0.5, 0, 0.5, 1, 0, 1]);
    expect(Array.from(scaler.dataMin!)).toEqual([1, 7, -2]);
    expect(Array.from(scaler.dataMax!)).toEqual([5, 7, 2]);
  });

  it("uses the training range for test data (values may leave [0, 1]) and a custom featureRange", () => {
    const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit(train);
    const test = new Tensor(Float64Array.from([9, 8, 0]), [1, 3]);
    // (9-1)/4*2-1 = 3; constant column -> low + (8-7)*2 = 1; (0+2)/4*2-1 = 0
    expect(Array.from(scaler.transform(test).data)).toEqual([3, 1, 0]);
    const back = scaler.inverseTransform(scaler.transform(test));
    expect(Array.from(back.data)).toEqual([9, 8, 0]);
  });

  it("rejects bad ranges and use before fit", () => {
    expect(() => new MinMaxScaler({ featureRange: [1, 1] })).toThrow(/MinMaxScaler: featureRange must be \[low, high\] with finite low < high, got \[1,1\]/);
    expect(() => new MinMaxScaler().transform(train)).toThrow(/MinMaxScaler.transform: the scaler is not fitted/);
    expect(() => new MinMaxScaler().fit(train).transform(new Tensor(new Float64Array(2), [1, 2]))).toThrow(/MinMaxScaler.transform: features of shape \[1, 2\]/);
  });
});
