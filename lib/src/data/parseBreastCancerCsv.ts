/** Parsed breast-cancer table: features [n, d], labels [n], class names from the header. */
export interface ParsedBreastCancer {
  features: Float64Array;
  labels: Int32Array;
  rows: number;
  columns: number;
  classNames: string[];
}

/**
 * Parses sklearn's breast_cancer.csv: a header `569,30,malignant,benign`
 * (rows, feature columns, class names in label order), then one row per
 * sample with 30 numbers and the label (0 = malignant, 1 = benign).
 * Throws if the header, the row count or a value is wrong.
 */
export function parseBreastCancerCsv(text: string, expectedRows = 569, expectedColumns = 30): ParsedBreastCancer {
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
    if (cells.length !== columns + 1) {
      throw new Error(`data row ${i + 1} has ${cells.length} values, expected ${columns + 1} (${columns} features and the label)`);
    }
    for (let j = 0; j < columns; j++) {
      const v = Number(cells[j]);
      if (cells[j].trim() === "" || !Number.isFinite(v)) {
        throw new Error(`data row ${i + 1}, column ${j + 1} is ${JSON.stringify(cells[j])}, not a number`);
      }
      features[i * columns + j] = v;
    }
    const label = Number(cells[columns]);
    if (label !== 0 && label !== 1) throw new Error(`data row ${i + 1} has label ${JSON.stringify(cells[columns])}, expected 0 or 1`);
    labels[i] = label;
  }
  return { features, labels, rows, columns, classNames };
}
