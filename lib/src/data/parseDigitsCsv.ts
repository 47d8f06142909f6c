/** Parsed 8x8 digits: pixels [n, 64] row-major (integers 0..16) and labels [n]. */
export interface ParsedDigits {
  pixels: Float64Array;
  labels: Int32Array;
}

/**
 * Parses sklearn's digits.csv (after gunzip): one image per line, 64 pixel
 * counts 0..16 (row by row) followed by the label 0..9. Throws on a wrong
 * row count, a short row or an out-of-range value.
 */
export function parseDigitsCsv(text: string, expectedRows = 1797): ParsedDigits {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  if (lines.length !== expectedRows) {
    throw new Error(`expected ${expectedRows} rows of 65 values, found ${lines.length} rows`);
  }
  const pixels = new Float64Array(expectedRows * 64); // [n, 64]
  const labels = new Int32Array(expectedRows); // [n]
  for (let i = 0; i < expectedRows; i++) {
    const cells = lines[i].split(",");
    if (cells.length !== 65) throw new Error(`row ${i + 1} has ${cells.length} values, expected 65 (64 pixels and the label)`);
    for (let j = 0; j < 65; j++) {
      const v = Number(cells[j]);
      const max = j < 64 ? 16 : 9;
      if (!Number.isInteger(v) || v < 0 || v > max) {
        throw new Error(`row ${i + 1}, column ${j + 1} is ${JSON.stringify(cells[j])}, expected an integer in 0..${max}`);
      }
      if (j < 64) pixels[i * 64 + j] = v;
      else labels[i] = v;
    }
  }
  return { pixels, labels };
}
