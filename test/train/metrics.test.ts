import { describe, expect, it } from "vitest";
import { Tensor } from "../../lib/src/tensor/tensor";
import { accuracy } from "../../lib/src/train/metrics/accuracy";
import { confusionMatrix } from "../../lib/src/train/metrics/confusionMatrix";
import { meanSquaredError } from "../../lib/src/train/metrics/meanSquaredError";
import { r2Score } from "../../lib/src/train/metrics/r2Score";

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

  it("meanSquaredError: (1/n) Σ (p - y)²", () => {
    expect(meanSquaredError([1, 2, 3, 4], [1, 1, 1, 1])).toBeCloseTo((0 + 1 + 4 + 9) / 4, 15);
    expect(meanSquaredError(new Tensor(Float64Array.of(0.5, -0.5), [2, 1]), Float64Array.of(0, 0))).toBe(0.25);
  });

  it("r2Score: 1 - SS_res / SS_tot", () => {
    // y = [1, 2, 3, 4], mean 2.5, SS_tot = 5; p = [1, 2, 3, 5], SS_res = 1 -> R² = 0.8
    expect(r2Score([1, 2, 3, 5], [1, 2, 3, 4])).toBeCloseTo(0.8, 15);
    expect(r2Score([2.5, 2.5, 2.5, 2.5], [1, 2, 3, 4])).toBe(0);
    expect(r2Score([7, 7], [7, 7])).toBe(1);
    expect(() => r2Score([7, 8], [7, 7])).toThrow(/r2Score: targets are constant \(all 7\), so R² is undefined/);
  });

  it("bad input names the function and the argument", () => {
    expect(() => accuracy([1, 2, 3], [1, 2])).toThrow(/accuracy: predicted has 3 values but labels has 2/);
    expect(() => accuracy([], [])).toThrow(/accuracy: predicted and labels are empty/);
    expect(() => accuracy("abc" as never, [1])).toThrow(/accuracy: predicted must be an array, a typed array or a Tensor/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/confusionMatrix: predicted\[1\] = 3 is out of range for 3 classes \(0\.\.2\)/);
    expect(() => confusionMatrix([0, 1], [0, -1], 3)).toThrow(/confusionMatrix: labels\[1\] = -1 is out of range/);
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/confusionMatrix: numClasses must be a positive integer, got 0/);
    expect(() => meanSquaredError([1], [1, 2])).toThrow(/meanSquaredError: predicted has 1 values but targets has 2/);
  });

  it("rejects NaN and inputs that would give a silently wrong answer", () => {
    expect(() => meanSquaredError([1, Number.NaN], [1, 2])).toThrow(/meanSquaredError: predicted\[1\] = NaN is not a finite number/);
    expect(() => r2Score([1, 2], [1, Number.POSITIVE_INFINITY])).toThrow(/r2Score: targets\[1\] = Infinity is not a finite number/);
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
