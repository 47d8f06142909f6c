import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { findDataDir } from "../../lib/src/data/readDataFile";
import { loadBreastCancer, parseBreastCancerCsv } from "../../lib/src/data/loadBreastCancer";
import { loadDigits, parseDigitsCsv } from "../../lib/src/data/loadDigits";
import { loadMnist, parseIdx } from "../../lib/src/data/loadMnist";
import { dataDir } from "./helpers";

const temps: string[] = [];
const originalDataDir = process.env.NNLAB_DATA_DIR;
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-data-test-"));
  temps.push(dir);
  return dir;
}

afterEach(() => {
  if (originalDataDir === undefined) delete process.env.NNLAB_DATA_DIR;
  else process.env.NNLAB_DATA_DIR = originalDataDir;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("data loader errors", () => {
  it("finds data/ from the package location, and NNLAB_DATA_DIR overrides it", () => {
    delete process.env.NNLAB_DATA_DIR;
    expect(findDataDir("test")).toBe(dataDir);
    const dir = tempDir();
    process.env.NNLAB_DATA_DIR = dir;
    expect(findDataDir("test")).toBe(dir);
  });

  it("says which loader, which file and what to do when a file is missing", () => {
    const dir = tempDir();
    process.env.NNLAB_DATA_DIR = dir;
    for (const [load, name, file] of [
      [loadDigits, "loadDigits", "digits.csv.gz"],
      [loadBreastCancer, "loadBreastCancer", "breast_cancer.csv"],
      [() => loadMnist(), "loadMnist", "mnist-10k-images-idx3-ubyte.gz"],
    ] as const) {
      let message = "";
      try {
        load();
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(`${name}: data file not found: ${join(dir, file)}`);
      expect(message).toContain("NNLAB_DATA_DIR");
      expect(message).toContain("tools/make-data.mjs");
    }
  });

  it("rejects a corrupt file by its checksum", () => {
    const dir = tempDir();
    const bytes = readFileSync(join(dataDir, "breast_cancer.csv"));
    const text = bytes.toString("utf8").replace("17.99", "17.98"); // one changed digit
    writeFileSync(join(dir, "breast_cancer.csv"), text);
    process.env.NNLAB_DATA_DIR = dir;
    expect(() => loadBreastCancer()).toThrow(/^loadBreastCancer: data file .*breast_cancer\.csv is corrupt .*SHA-256 is [0-9a-f]{64} but fed3eb72/);
    // an intact copy in the same folder loads
    copyFileSync(join(dataDir, "breast_cancer.csv"), join(dir, "breast_cancer.csv"));
    expect(loadBreastCancer().features.shape).toEqual([569, 30]);
  });

  it("rejects a truncated copy of the digits (recompressed, so only the checksum can tell)", () => {
    const dir = tempDir();
    const lines = gunzipSync(readFileSync(join(dataDir, "digits.csv.gz"))).toString("utf8").trim().split("\n");
    writeFileSync(join(dir, "digits.csv.gz"), gzipSync(lines.slice(0, 1000).join("\n")));
    process.env.NNLAB_DATA_DIR = dir;
    expect(() => loadDigits()).toThrow(/loadDigits: data file .*digits\.csv\.gz is corrupt/);
  });

  it("says when it cannot find data/ at all", () => {
    expect(() => findDataDir("loadDigits", "/")).toThrow(/loadDigits: cannot find the nnlab data\/ folder.*NNLAB_DATA_DIR/);
  });

  it("checks row counts, row lengths and value ranges while parsing", () => {
    const digits = gunzipSync(readFileSync(join(dataDir, "digits.csv.gz"))).toString("utf8");
    const lines = digits.trim().split("\n");
    expect(() => parseDigitsCsv(lines.slice(0, 1796).join("\n"))).toThrow(/expected 1797 rows of 65 values, found 1796/);
    expect(() => parseDigitsCsv([lines[0].replace(/^0,0,5/, "0,0,17"), ...lines.slice(1)].join("\n"))).toThrow(/row 1, column 3 is "17"/);
    expect(() => parseDigitsCsv([lines[0].replace(/,\d+$/, ""), ...lines.slice(1)].join("\n"))).toThrow(/row 1 has 64 values/);
    const cancer = readFileSync(join(dataDir, "breast_cancer.csv"), "utf8").trim().split("\n");
    expect(() => parseBreastCancerCsv(cancer.slice(0, 569).join("\n"))).toThrow(/expected 569 data rows, found 568/);
    expect(() => parseBreastCancerCsv(["569,30,malignant,benign", ...cancer.slice(1, 569), cancer[569].replace(/,1$/, ",2")].join("\n"))).toThrow(/label "2"/);
    const idx = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]);
    expect(parseIdx(idx, [3]).data).toEqual(Uint8Array.from([1, 2, 3]));
    expect(() => parseIdx(idx, [4])).toThrow(/dimensions are \[3\], expected \[4\]/);
    expect(() => parseIdx(idx.subarray(0, 10))).toThrow(/payload has 2 bytes/);
  });
});
