import { describe, expect, it } from "vitest";
import { BREAST_CANCER_LECTURE_FEATURES, loadBreastCancer } from "../../lib/src/data/loadBreastCancer";
import { selectFeatures } from "../../lib/src/data/loadBreastCancer";
import { rawBreastCancer } from "./helpers";

describe("loadBreastCancer", () => {
  const raw = rawBreastCancer();
  const cancer = loadBreastCancer();

  it("has 569 samples x 30 features with sklearn's names and class encoding", () => {
    expect(cancer.features.shape).toEqual([569, 30]);
    expect(cancer.labels.length).toBe(569);
    expect(cancer.featureNames.length).toBe(30);
    expect(cancer.featureNames[0]).toBe("mean radius");
    expect(cancer.featureNames[10]).toBe("radius error");
    expect(cancer.featureNames[29]).toBe("worst fractal dimension");
    expect(new Set(cancer.featureNames).size).toBe(30);
    expect(raw.header).toEqual(["569", "30", "malignant", "benign"]);
    expect(cancer.classNames).toEqual(["malignant", "benign"]);
    expect(cancer.images).toBeUndefined();
  });

  it("has 212 malignant (0) and 357 benign (1) samples", () => {
    const counts = [0, 0];
    for (const label of cancer.labels) counts[label]++;
    expect(counts).toEqual([212, 357]);
  });

  it("gives the first row exactly as in the csv", () => {
    expect(raw.rows[0].slice(0, 4)).toEqual([17.99, 10.38, 122.8, 1001]);
    expect(Array.from(cancer.features.data.subarray(0, 30))).toEqual(raw.rows[0].slice(0, 30));
    expect(cancer.labels[0]).toBe(0); // the first sample is malignant
    const last = 568 * 30;
    expect(Array.from(cancer.features.data.subarray(last, last + 30))).toEqual(raw.rows[568].slice(0, 30));
    expect(cancer.labels[568]).toBe(raw.rows[568][30]);
  });

  it("selects the lecture's columns 1, 2, 5, 8 (texture, perimeter, compactness, symmetry)", () => {
    expect(BREAST_CANCER_LECTURE_FEATURES).toEqual(["mean texture", "mean perimeter", "mean compactness", "mean symmetry"]);
    const four = selectFeatures(cancer, BREAST_CANCER_LECTURE_FEATURES);
    expect(four.features.shape).toEqual([569, 4]);
    for (const i of [0, 1, 300, 568]) {
      expect(Array.from(four.features.data.subarray(i * 4, i * 4 + 4))).toEqual([1, 2, 5, 8].map((j) => raw.rows[i][j]));
      expect(four.labels[i]).toBe(raw.rows[i][30]);
    }
  });
});
