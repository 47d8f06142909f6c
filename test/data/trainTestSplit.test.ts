import { describe, expect, it } from "vitest";
import { loadDigits } from "../../lib/src/data/loadDigits";
import { trainTestSplit } from "../../lib/src/data/trainTestSplit";
import { Tensor } from "../../lib/src/tensor/tensor";

/** Multiset of "row values|label" strings: what must survive any split unchanged. */
function pairs(features: Tensor, labels: ArrayLike<number>): Map<string, number> {
  const n = features.shape[0];
  const d = features.size / n;
  const m = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${Array.from(features.data.subarray(i * d, (i + 1) * d)).join(",")}|${labels[i]}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

function merge(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const m = new Map(a);
  for (const [k, v] of b) m.set(k, (m.get(k) ?? 0) + v);
  return m;
}

function counts(labels: ArrayLike<number>, classes = 10): number[] {
  const c = new Array(classes).fill(0);
  for (let i = 0; i < labels.length; i++) c[labels[i]]++;
  return c;
}

describe("trainTestSplit", () => {
  const digits = loadDigits();

  it("loses and duplicates no sample, and labels stay with their features (80/20 of the digits)", () => {
    const s = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 3 });
    expect(s.testFeatures.shape).toEqual([360, 64]); // ceil(0.2 * 1797), as sklearn
    expect(s.trainFeatures.shape).toEqual([1437, 64]);
    expect(s.testLabels.length).toBe(360);
    // every index exactly once
    const all = [...s.trainIndices, ...s.testIndices].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1797 }, (_, i) => i));
    // the (row, label) pairs of the two parts together are exactly those of the input
    expect(merge(pairs(s.trainFeatures, s.trainLabels), pairs(s.testFeatures, s.testLabels))).toEqual(
      pairs(digits.features, digits.labels),
    );
    // and the indices say where each row came from
    for (let i = 0; i < 360; i++) {
      const from = s.testIndices[i];
      expect(Array.from(s.testFeatures.data.subarray(i * 64, i * 64 + 64))).toEqual(Array.from(digits.features.data.subarray(from * 64, from * 64 + 64)));
      expect(s.testLabels[i]).toBe(digits.labels[from]);
    }
    // it shuffles: the test set is not just the last (or first) rows in order
    expect(Array.from(s.testIndices)).not.toEqual(Array.from({ length: 360 }, (_, i) => i));
  });

  it("gives the same split for the same seed, another for another seed", () => {
    const a = trainTestSplit({ features: digits.features, labels: digits.labels, seed: 11 });
    const b = trainTestSplit({ features: digits.features, labels: digits.labels, seed: 11 });
    const c = trainTestSplit({ features: digits.features, labels: digits.labels, seed: 12 });
    expect(b.testIndices).toEqual(a.testIndices);
    expect(b.trainFeatures.data).toEqual(a.trainFeatures.data);
    expect(c.testIndices).not.toEqual(a.testIndices);
    const defaults = trainTestSplit({ features: digits.features, labels: digits.labels });
    expect(defaults.testIndices).toEqual(trainTestSplit({ features: digits.features, labels: digits.labels, seed: 0 }).testIndices);
  });

  it("stratifies: each class's test count is within one sample of its exact share", () => {
    for (const seed of [0, 1, 2]) {
      for (const testFraction of [0.1, 0.2, 0.33]) {
        const s = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction, seed, stratify: true });
        const nTest = s.testLabels.length;
        expect(nTest).toBe(Math.ceil(testFraction * 1797 - 1e-9));
        const all = counts(digits.labels);
        const test = counts(s.testLabels);
        const train = counts(s.trainLabels);
        for (let c = 0; c < 10; c++) {
          expect(Math.abs(test[c] - (all[c] * nTest) / 1797)).toBeLessThan(1);
          expect(Math.abs(train[c] - (all[c] * (1797 - nTest)) / 1797)).toBeLessThan(1);
          expect(test[c] + train[c]).toBe(all[c]);
        }
        expect(merge(pairs(s.trainFeatures, s.trainLabels), pairs(s.testFeatures, s.testLabels))).toEqual(
          pairs(digits.features, digits.labels),
        );
      }
    }
  });

  it("splits features of any rank and Tensor labels (images [n, 8, 8] with one-hot rows)", () => {
    const n = 10;
    const images = new Tensor(Float64Array.from({ length: n * 4 }, (_, i) => i), [n, 2, 2]);
    const classes = Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1, 1, 1]);
    const oneHotRows = new Tensor(Float64Array.from({ length: n * 2 }, (_, i) => (i % 2 === classes[i >> 1] ? 1 : 0)), [n, 2]);
    const s = trainTestSplit({ features: images, labels: oneHotRows, testFraction: 0.5, seed: 5, stratify: true });
    expect(s.trainFeatures.shape).toEqual([5, 2, 2]);
    expect(s.testLabels.shape).toEqual([5, 2]);
    for (let i = 0; i < 5; i++) {
      const from = s.testIndices[i];
      expect(s.testFeatures.data[i * 4]).toBe(from * 4); // image `from` starts with value 4*from
      expect(Array.from(s.testLabels.data.subarray(i * 2, i * 2 + 2))).toEqual(classes[from] === 1 ? [0, 1] : [1, 0]);
    }
    // 4 zeros and 6 ones -> 2 and 3 in the test half
    let ones = 0;
    for (let i = 0; i < 5; i++) ones += s.testLabels.data[i * 2 + 1];
    expect(ones).toBe(3);
  });

  it("names the argument when the input is wrong", () => {
    const f = digits.features;
    expect(() => trainTestSplit({ features: f, labels: digits.labels.subarray(0, 10) })).toThrow(/trainTestSplit: features have 1797 samples .* labels have 10/);
    expect(() => trainTestSplit({ features: f, labels: digits.labels, testFraction: 1 })).toThrow(/trainTestSplit: testFraction must be .* got 1/);
    expect(() => trainTestSplit({ features: f, labels: digits.labels, testFraction: NaN })).toThrow(/trainTestSplit: testFraction must be a number strictly between 0 and 1, got NaN/);
    const one = new Tensor(Float64Array.from([1]), [1, 1]);
    expect(() => trainTestSplit({ features: one, labels: Int32Array.from([0]) })).toThrow(/leaves 0 for training/);
  });
});
