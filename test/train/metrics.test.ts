import { describe, expect, it } from "vitest";
import { Tensor } from "../../lib/src/tensor/tensor";
import { accuracy, confusionMatrix } from "../../lib/src/train/metrics";

describe("metrics against hand-computed values", () => {
  it("accuracy: fraction of equal entries", () => {
    expect(accuracy(Int32Array.of(0, 1, 2, 2, 1), Int32Array.of(0, 1, 1, 2, 0))).toBe(3 / 5);
    expect(accuracy([3, 3], [3, 3])).toBe(1);
    expect(accuracy(new Tensor(Float64Array.of(1, 0), [2]), [0, 0])).toBe(0.5);
  });

  it("confusionMatrix: rows are true labels, columns predictions", () => {
    const predicted = Int32Array.of(0, 1, 2, 2, 1, 0);
    const labels = Int32Array.of(0, 1, 1, 2, 0, 0);
    expect(confusionMatrix(predicted, labels, 3)).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
  });

  it("bad input names the function and the argument", () => {
    expect(() => accuracy([1, 2, 3], [1, 2])).toThrow(/accuracy: predicted has 3 values but labels has 2/);
    expect(() => accuracy([], [])).toThrow(/accuracy: predicted and labels are empty/);
    expect(() => accuracy("abc" as never, [1])).toThrow(/accuracy: predicted must be an array, a typed array or a Tensor/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/confusionMatrix: predicted\[1\] = 3 is out of range for 3 classes \(0\.\.2\)/);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(/confusionMatrix: labels\[1\] = -1 is out of range/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/confusionMatrix: numClasses must be a positive integer, got 0/);
  });

  it("rejects NaN and inputs that would give a silently wrong answer", () => {
    expect(() => accuracy([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(/accuracy: labels\[1\] = Infinity is not a finite number/);
    expect(() => accuracy([0, Number.NaN], [0, 1])).toThrow(/accuracy: predicted\[1\] = NaN is not a finite number/);
    // one-hot rows compared element by element would score a wrong prediction (C-2)/C instead of 0
    const oneHotRows = new Tensor(Float64Array.of(1, 0, 0, 0, 1, 0), [2, 3]);
    const predictedRows = new Tensor(Float64Array.of(1, 0, 0, 0, 0, 1), [2, 3]);
    expect(() => accuracy(predictedRows, oneHotRows)).toThrow(/accuracy: predicted has shape \[2,3\]; pass class indices \[n\] \(take argmax\(predicted, 1\)/);
    expect(() => accuracy([0.9, 0.2], [1, 0])).toThrow(/accuracy: predicted\[0\] = 0\.9 is not a class index/);
    expect(() => confusionMatrix([0, 1.5], [0, 1], 3)).toThrow(/confusionMatrix: predicted\[1\] = 1\.5 is not a class index/);
    // a column of classes [n, 1] is still accepted
    expect(accuracy(new Tensor(Float64Array.of(2, 1), [2, 1]), [2, 0])).toBe(0.5);
  });
});
