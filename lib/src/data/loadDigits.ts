import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";
import { parseDigitsCsv } from "./parseDigitsCsv";
import { readDataFile } from "./readDataFile";

const DESCRIPTION =
  "8x8 handwritten digits: 1797 images, labels 0-9. Each pixel counts the 'on' pixels of a 4x4 block " +
  "of a 32x32 bitmap, so values are integers 0..16 (kept unscaled, as in the lectures). " +
  "The test part of the UCI 'Optical Recognition of Handwritten Digits' data (E. Alpaydin, C. Kaynak, 1998), " +
  "exactly as shipped by scikit-learn (sklearn/datasets/data/digits.csv.gz, Debian python3-sklearn 1.2.1+dfsg-1; " +
  "package licence BSD-3-Clause; the UCI data set is CC BY 4.0).";

/**
 * The 8x8 digits of the lectures (sklearn's `load_digits`).
 *
 * features: [1797, 64] raw pixel values 0..16 as floats, row by row;
 * images: [1797, 8, 8] (the same values; the two tensors share one buffer);
 * labels: the digit 0..9; featureNames `pixel_<row>_<col>`; classNames "0".."9".
 */
export function loadDigits(): Dataset {
  const parsed = readDataFile("loadDigits", "digits", (bytes) => parseDigitsCsv(bytes.toString("latin1")));
  const n = parsed.labels.length;
  const values = parsed.pixels.slice(); // a fresh copy per call: the cache stays intact
  const featureNames: string[] = [];
  for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) featureNames.push(`pixel_${r}_${c}`);
  return {
    features: new Tensor(values, [n, 64]),
    images: new Tensor(values, [n, 8, 8]),
    labels: parsed.labels.slice(),
    featureNames,
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    description: DESCRIPTION,
  };
}
