import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { loadDigits } from "../../lib/src/data/loadDigits";
import { rawDigitsRows } from "./helpers";

describe("loadDigits", () => {
  const raw = rawDigitsRows();
  const digits = loadDigits();

  it("has 1797 images of 8x8 pixels, as features [1797, 64] and images [1797, 8, 8]", () => {
    expect(raw.length).toBe(1797);
    expect(digits.features.shape).toEqual([1797, 64]);
    expect(digits.images?.shape).toEqual([1797, 8, 8]);
    expect(digits.labels.length).toBe(1797);
    expect(digits.featureNames.length).toBe(64);
    expect(digits.featureNames[9]).toBe("pixel_1_1");
    expect(digits.classNames).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
    expect(digits.description).toMatch(/BSD-3-Clause/);
  });

  it("has the per-class counts of the raw csv (178 zeros ... 180 nines)", () => {
    const expected = new Array(10).fill(0);
    for (const row of raw) expected[row[64]]++;
    expect(expected).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    const counts = new Array(10).fill(0);
    for (const label of digits.labels) counts[label]++;
    expect(counts).toEqual(expected);
  });

  it("gives the first image's pixels unscaled (0..16) and laid out row by row", () => {
    const first = raw[0].slice(0, 64);
    expect(first.slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]); // the well-known top row of sklearn's digits[0]
    expect(Array.from(digits.features.data.subarray(0, 64))).toEqual(first);
    expect(digits.labels[0]).toBe(raw[0][64]);
    // images[0][r][c] is feature r*8 + c
    const images = digits.images!;
    for (let r = 0; r < 8; r++) for (let c = 0; c < 8; c++) expect(images.data[r * 8 + c]).toBe(first[r * 8 + c]);
  });

  it("matches the raw csv in every row and keeps values in 0..16", () => {
    let max = 0;
    for (let i = 0; i < raw.length; i++) {
      for (let j = 0; j < 64; j++) {
        const v = digits.features.data[i * 64 + j];
        if (v !== raw[i][j]) throw new Error(`row ${i} col ${j}: ${v} != ${raw[i][j]}`);
        max = Math.max(max, v);
      }
      expect(digits.labels[i]).toBe(raw[i][64]);
    }
    expect(max).toBe(16);
  });

  it("returns fresh copies from its cache and does not depend on the current directory", () => {
    const cwd = process.cwd();
    let again;
    try {
      process.chdir(tmpdir());
      again = loadDigits();
    } finally {
      process.chdir(cwd);
    }
    expect(again.features.data).not.toBe(digits.features.data);
    again.features.data[0] = 99;
    again.labels[0] = 7;
    const third = loadDigits();
    expect(third.features.data[0]).toBe(raw[0][0]);
    expect(third.labels[0]).toBe(raw[0][64]);
  });
});
