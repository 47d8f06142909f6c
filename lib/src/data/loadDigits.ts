import { Tensor } from "../tensor/tensor";
import type { Dataset } from "./dataset";
import { readDataFile } from "./readDataFile";

const DESCRIPTION =
  "8x8 handwritten digits: 1797 images, labels 0-9. Each pixel counts the 'on' pixels of a 4x4 block " +
  "of a 32x32 bitmap, so values are integers 0..16 (kept unscaled, as in the lectures). " +
  "The test part of the UCI 'Optical Recognition of Handwritten Digits' data (E. Alpaydin, C. Kaynak, 1998), " +
  "exactly as shipped by scikit-learn (sklearn/datasets/data/digits.csv.gz, Debian python3-sklearn 1.2.1+dfsg-1; " +
  "package licence BSD-3-Clause; the UCI data set is CC BY 4.0).";

/**
 * Parses sklearn's digits.csv (after gunzip): one image per line, 64 pixel
 * counts 0..16 (row by row) followed by the label 0..9. Throws on a wrong
 * row count, a short row or an out-of-range value.
 */
export function parseDigitsCsv(text: string, expectedRows = 1797): { pixels: Float64Array; labels: Int32Array } {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length !== expectedRows) throw new Error(`expected ${expectedRows} rows of 65 values, found ${lines.length} rows`);
  const pixels = new Float64Array(expectedRows * 64); // [n, 64]
  const labels = new Int32Array(expectedRows); // [n]
  for (let i = 0; i < expectedRows; i++) {
    const cells = lines[i].split(",");
    if (cells.length !== 65) throw new Error(`row ${i + 1} has ${cells.length} values, expected 65 (64 pixels and the label)`);
    for (let j = 0; j < 65; j++) {
      const v = Number(cells[j]);
      const max = j < 64 ? 16 : 9;
      if (!Number.isInteger(v) || v < 0 || v > max) throw new Error(`row ${i + 1}, column ${j + 1} is ${JSON.stringify(cells[j])}, expected an integer in 0..${max}`);
      if (j < 64) pixels[i * 64 + j] = v;
      else labels[i] = v;
    }
  }
  return { pixels, labels };
}

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
