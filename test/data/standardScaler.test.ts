import { mean as mjMean, std as mjStd } from "mathjs";
import { describe, expect, it } from "vitest";
import { loadBreastCancer } from "../../lib/src/data/loadBreastCancer";
import { StandardScaler } from "../../lib/src/data/standardScaler";
import { trainTestSplit } from "../../lib/src/data/trainTestSplit";
import { Tensor } from "../../lib/src/tensor/tensor";

function column(t: Tensor, j: number): number[] {
  const [n, d] = t.shape;
  return Array.from({ length: n }, (_, i) => t.data[i * d + j]);
}

describe("StandardScaler", () => {
  const cancer = loadBreastCancer();
  const split = trainTestSplit({ features: cancer.features, labels: cancer.labels, seed: 1 });

  it("learns mean and population std from the training data only (mathjs reference)", () => {
    const scaler = new StandardScaler().fit(split.trainFeatures);
    for (const j of [0, 7, 29]) {
      const train = column(split.trainFeatures, j);
      expect(scaler.mean![j]).toBeCloseTo(mjMean(train), 10);
      expect(scaler.std![j]).toBeCloseTo(mjStd(train, "uncorrected") as unknown as number, 10);
      // not the statistics of the whole data set
      expect(scaler.mean![j]).not.toBe(mjMean(column(cancer.features, j)));
    }
  });

  it("gives mean 0 and std 1 on the training set, and applies the training statistics to the test set", () => {
    const scaler = new StandardScaler();
    const train = scaler.fitTransform(split.trainFeatures);
    const test = scaler.transform(split.testFeatures);
    for (let j = 0; j < 30; j++) {
      const col = column(train, j);
      expect(Math.abs(mjMean(col))).toBeLessThan(1e-12);
      expect(mjStd(col, "uncorrected") as unknown as number).toBeCloseTo(1, 12);
    }
    const trainCol = column(split.trainFeatures, 2);
    const expected = (split.testFeatures.data[5 * 30 + 2] - mjMean(trainCol)) / (mjStd(trainCol, "uncorrected") as unknown as number);
    expect(test.data[5 * 30 + 2]).toBeCloseTo(expected, 12);
    expect(test.shape).toEqual(split.testFeatures.shape);
  });

  it("turns a constant column into zeros (no NaN)", () => {
    const x = new Tensor(Float64Array.from([0.1, 1, 0.1, 2, 0.1, 4]), [3, 2]);
    const scaler = new StandardScaler();
    const y = scaler.fitTransform(x);
    expect([y.data[0], y.data[2], y.data[4]]).toEqual([0, 0, 0]);
    expect(scaler.std![0]).toBe(0);
    expect(y.data.every(Number.isFinite)).toBe(true);
  });

  it("scales images per pixel", () => {
    const images = new Tensor(Float64Array.from([0, 2, 4, 6, 2, 4, 6, 8]), [2, 2, 2]);
    const y = new StandardScaler().fitTransform(images);
    expect(y.shape).toEqual([2, 2, 2]);
    expect(Array.from(y.data)).toEqual([-1, -1, -1, -1, 1, 1, 1, 1]);
  });

  it("refuses to transform before fit, mismatched widths, and non-finite training values", () => {
    const x = new Tensor(Float64Array.from([1, 2, 3, 4]), [2, 2]);
    expect(() => new StandardScaler().transform(x)).toThrow(/StandardScaler.transform: the scaler is not fitted; call fit\(trainFeatures\) first/);
    const scaler = new StandardScaler().fit(x);
    expect(() => scaler.transform(new Tensor(new Float64Array(3), [1, 3]))).toThrow(/StandardScaler.transform: features of shape \[1, 3\] do not match the fitted shape \[n, 2\]/);
    expect(() => new StandardScaler().fit(new Tensor(Float64Array.from([1, NaN]), [1, 2]))).toThrow(/StandardScaler.fit: features\[0, 1\] is NaN/);
    expect(() => new StandardScaler().fit(new Tensor(new Float64Array(3), [3]))).toThrow(/StandardScaler.fit: features must have shape \[n, d\]/);
  });
});
