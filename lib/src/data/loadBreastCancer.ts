import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";
import { parseBreastCancerCsv } from "./parseBreastCancerCsv";
import { readDataFile } from "./readDataFile";

/** The 30 feature names, in column order (as in sklearn's `load_breast_cancer`). */
const FEATURE_NAMES: readonly string[] = [
  "mean radius", "mean texture", "mean perimeter", "mean area", "mean smoothness",
  "mean compactness", "mean concavity", "mean concave points", "mean symmetry", "mean fractal dimension",
  "radius error", "texture error", "perimeter error", "area error", "smoothness error",
  "compactness error", "concavity error", "concave points error", "symmetry error", "fractal dimension error",
  "worst radius", "worst texture", "worst perimeter", "worst area", "worst smoothness",
  "worst compactness", "worst concavity", "worst concave points", "worst symmetry", "worst fractal dimension",
];

/**
 * The four columns the lecture's two-class network uses (texture, perimeter,
 * compactness and symmetry: columns 1, 2, 5 and 8); pass them to `selectFeatures`.
 */
export const BREAST_CANCER_LECTURE_FEATURES: readonly string[] = [
  "mean texture",
  "mean perimeter",
  "mean compactness",
  "mean symmetry",
];

const DESCRIPTION =
  "Breast Cancer Wisconsin (Diagnostic): 569 fine-needle aspirates of breast masses, 30 features of the cell " +
  "nuclei (mean, standard error and worst value of radius, texture, perimeter, area, smoothness, compactness, " +
  "concavity, concave points, symmetry, fractal dimension). Labels: 0 = malignant (212), 1 = benign (357), " +
  "sklearn's encoding. W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995), via scikit-learn " +
  "(sklearn/datasets/data/breast_cancer.csv, Debian python3-sklearn 1.2.1+dfsg-1; package licence BSD-3-Clause; " +
  "the UCI data set is CC BY 4.0).";

/**
 * The Wisconsin breast-cancer data (sklearn's `load_breast_cancer`).
 *
 * features: [569, 30] as in the file (unscaled); labels 0 = malignant, 1 = benign
 * (classNames ["malignant", "benign"], read from the file's header).
 */
export function loadBreastCancer(): Dataset {
  const parsed = readDataFile("loadBreastCancer", "breastCancer", (bytes) => parseBreastCancerCsv(bytes.toString("latin1")));
  return {
    features: new Tensor(parsed.features.slice(), [parsed.rows, parsed.columns]),
    labels: parsed.labels.slice(),
    featureNames: FEATURE_NAMES.slice(),
    classNames: parsed.classNames.slice(),
    description: DESCRIPTION,
  };
}
