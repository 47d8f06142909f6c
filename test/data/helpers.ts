// Independent readers of the raw data files for the loader tests (no nnlab code).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";

export const repoRoot = resolve(__dirname, "..", "..");
export const dataDir = join(repoRoot, "data");

/** digits.csv.gz as rows of 65 numbers (64 pixels, label). */
export function rawDigitsRows(): number[][] {
  return gunzipSync(readFileSync(join(dataDir, "digits.csv.gz")))
    .toString("utf8")
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(",").map(Number));
}

/** breast_cancer.csv: header cells and data rows of 31 numbers. */
export function rawBreastCancer(): { header: string[]; rows: number[][] } {
  const lines = readFileSync(join(dataDir, "breast_cancer.csv"), "utf8").trim().split(/\r?\n/);
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",").map(Number)) };
}

/** The SHA-256 column of data/README.md's table, by file name. */
export function readmeChecksums(): Map<string, { bytes: number; sha256: string }> {
  const table = new Map<string, { bytes: number; sha256: string }>();
  const re = /^\|\s*([\w.-]+)\s*\|\s*(\d+)\s*\|\s*`([0-9a-f]{64})`\s*\|$/;
  for (const line of readFileSync(join(dataDir, "README.md"), "utf8").split("\n")) {
    const m = re.exec(line.trim());
    if (m) table.set(m[1], { bytes: Number(m[2]), sha256: m[3] });
  }
  return table;
}
