import { describe, expect, it } from "vitest";
import { Random } from "../lib/src/random";

describe("Random", () => {
  it("gives the same stream for the same seed, bit for bit", () => {
    const a = new Random(123);
    const b = new Random(123);
    for (let i = 0; i < 1000; i++) expect(Object.is(a.uniform(), b.uniform())).toBe(true);
  });

  it("gives different streams for neighbouring seeds", () => {
    const a = new Random(1).uniform();
    const b = new Random(2).uniform();
    expect(a).not.toBe(b);
  });

  it("has uniform mean 1/2, variance 1/12 and normal mean 0, variance 1", () => {
    const rng = new Random(7);
    const n = 200_000;
    let s = 0, s2 = 0, ns = 0, ns2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      s += u; s2 += u * u;
      const z = rng.normal();
      ns += z; ns2 += z * z;
    }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 2);
    expect(ns / n).toBeCloseTo(0, 1);
    expect(ns2 / n).toBeCloseTo(1, 1);
  });

  it("draws a permutation with every index once", () => {
    const p = Array.from(new Random(3).permutation(100)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("keeps truncated normals within two standard deviations", () => {
    const rng = new Random(5);
    for (let i = 0; i < 10_000; i++) {
      const z = rng.truncatedNormal(0, 0.1);
      expect(Math.abs(z)).toBeLessThanOrEqual(0.2);
    }
  });

  it("rejects a non-integer seed by name", () => {
    expect(() => new Random(1.5)).toThrow(/Random: seed must be a finite integer/);
    expect(() => new Random(Number.NaN)).toThrow(/seed/);
  });
});
