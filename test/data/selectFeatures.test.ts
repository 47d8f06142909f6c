import { describe, expect, it } from "vitest";
import type { Dataset } from "../../lib/src/data/dataset";
import { selectFeatures } from "../../lib/src/data/loadBreastCancer";
import { Tensor } from "../../lib/src/tensor/tensor";

describe("selectFeatures", () => {
  const data: Dataset = {
    features: new Tensor(Float64Array.from([1, 2, 3, 4, 5, 6]), [2, 3]),
    labels: Int32Array.from([0, 1]),
    featureNames: ["a", "b", "c"],
    classNames: ["no", "yes"],
    description: "toy",
  };

  it("keeps the named columns in the given order, with labels and class names", () => {
    const s = selectFeatures(data, ["c", "a"]);
    expect(s.features.shape).toEqual([2, 2]);
    expect(Array.from(s.features.data)).toEqual([3, 1, 6, 4]);
    expect(s.featureNames).toEqual(["c", "a"]);
    expect(Array.from(s.labels)).toEqual([0, 1]);
    expect(s.classNames).toEqual(["no", "yes"]);
  });

  it("lists the available names when one is unknown", () => {
    expect(() => selectFeatures(data, ["a", "mean texture"])).toThrow('selectFeatures: unknown feature "mean texture"; the data set has "a", "b", "c"');
    expect(() => selectFeatures(data, [])).toThrow(/non-empty/);
  });
});
