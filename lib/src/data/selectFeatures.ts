import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";

/**
 * A copy of `dataset` with only the named feature columns, in the order given
 * (e.g. the lecture's breast-cancer network: `selectFeatures(loadBreastCancer(),
 * BREAST_CANCER_LECTURE_FEATURES)` -> features [569, 4]). Labels and class names
 * are kept; `images` is dropped (the columns no longer form images).
 */
export function selectFeatures(dataset: Dataset, names: readonly string[]): Dataset {
  const name = "selectFeatures";
  if (!dataset || !(dataset.features instanceof Tensor) || dataset.features.rank !== 2) {
    throw new Error(`${name}: dataset must be a Dataset with features [n, d]`);
  }
  if (!Array.isArray(names) || names.length === 0) throw new Error(`${name}: names must be a non-empty array of feature names`);
  const columns = names.map((feature) => {
    const j = dataset.featureNames.indexOf(feature);
    if (j < 0) {
      throw new Error(`${name}: unknown feature ${JSON.stringify(feature)}; the data set has ${dataset.featureNames.map((f) => JSON.stringify(f)).join(", ")}`);
    }
    return j;
  });
  const [n, d] = dataset.features.shape;
  const k = columns.length;
  const src = dataset.features.data;
  const out = new Float64Array(n * k); // [n, k]
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) out[i * k + c] = src[i * d + columns[c]];
  return {
    features: new Tensor(out, [n, k]),
    labels: dataset.labels.slice(),
    featureNames: names.slice(),
    classNames: dataset.classNames.slice(),
    description: `${dataset.description} Selected features: ${names.join(", ")}.`,
  };
}
