import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";
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

/** The four columns the lecture's two-class network uses (texture, perimeter, compactness and symmetry: columns 1, 2, 5 and 8); pass them to `selectFeatures`. */
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
 * Parses sklearn's breast_cancer.csv: a header `569,30,malignant,benign`
 * (rows, feature columns, class names in label order), then one row per
 * sample with 30 numbers and the label (0 = malignant, 1 = benign).
 * Throws if the header, the row count or a value is wrong.
 */
export function parseBreastCancerCsv(
  text: string, expectedRows = 569, expectedColumns = 30,
): { features: Float64Array; labels: Int32Array; rows: number; columns: number; classNames: string[] } {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const header = (lines[0] ?? "").trim().split(",");
  const rows = Number(header[0]);
  const columns = Number(header[1]);
  const classNames = header.slice(2);
  if (rows !== expectedRows || columns !== expectedColumns || classNames.length !== 2) {
    throw new Error(`header is ${JSON.stringify(lines[0])}, expected "${expectedRows},${expectedColumns},<class 0>,<class 1>"`);
  }
  if (lines.length - 1 !== rows) throw new Error(`expected ${rows} data rows, found ${lines.length - 1}`);
  const features = new Float64Array(rows * columns); // [n, d]
  const labels = new Int32Array(rows); // [n]
  for (let i = 0; i < rows; i++) {
    const cells = lines[i + 1].split(",");
    if (cells.length !== columns + 1) throw new Error(`data row ${i + 1} has ${cells.length} values, expected ${columns + 1} (${columns} features and the label)`);
    for (let j = 0; j < columns; j++) {
      const v = Number(cells[j]);
      if (cells[j].trim() === "" || !Number.isFinite(v)) throw new Error(`data row ${i + 1}, column ${j + 1} is ${JSON.stringify(cells[j])}, not a number`);
      features[i * columns + j] = v;
    }
    const label = Number(cells[columns]);
    if (label !== 0 && label !== 1) throw new Error(`data row ${i + 1} has label ${JSON.stringify(cells[columns])}, expected 0 or 1`);
    labels[i] = label;
  }
  return { features, labels, rows, columns, classNames };
}

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

/**
 * A copy of `dataset` with only the named feature columns, in the order given
 * (e.g. the lecture's breast-cancer network: `selectFeatures(loadBreastCancer(),
 * BREAST_CANCER_LECTURE_FEATURES)` -> features [569, 4]). Labels and class names
 * are kept; `images` is dropped (the columns no longer form images).
 */
export function selectFeatures(dataset: Dataset, names: readonly string[]): Dataset {
  const name = "selectFeatures";
  if (!dataset || !(dataset.features instanceof Tensor) || dataset.features.rank !== 2) throw new Error(`${name}: dataset must be a Dataset with features [n, d]`);
  if (!Array.isArray(names) || names.length === 0) throw new Error(`${name}: names must be a non-empty array of feature names`);
  const columns = names.map((feature) => {
    const j = dataset.featureNames.indexOf(feature);
    if (j < 0) throw new Error(`${name}: unknown feature ${JSON.stringify(feature)}; the data set has ${dataset.featureNames.map((f) => JSON.stringify(f)).join(", ")}`);
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
