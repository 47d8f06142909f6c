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
    let outside = 0; // one expect per draw made this test take seconds
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      s += u; s2 += u * u;
      const z = rng.normal();
      ns += z; ns2 += z * z;
    }
    expect(outside).toBe(0);
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
    let largest = 0;
    for (let i = 0; i < 10_000; i++) largest = Math.max(largest, Math.abs(rng.truncatedNormal(0, 0.1)));
    expect(largest).toBeLessThanOrEqual(0.2);
    expect(largest).toBeGreaterThan(0.19); // the tails up to 2 std are reached, not cut shorter
  });

  it("rejects a non-integer seed by name", () => {
    expect(() => new Random(1.5)).toThrow(/Random: seed must be a finite integer/);
    expect(() => new Random(Number.NaN)).toThrow(/seed/);
  });
});

describe("Random seeds and argument checks", () => {
  it("keeps negative and >= 2^32 seeds apart from the small seeds they alias modulo 2^32", () => {
    const first = (seed: number) => Array.from({ length: 4 }, ((rng) => () => rng.nextUint32())(new Random(seed)));
    expect(first(-1)).not.toEqual(first(0));
    expect(first(-1)).not.toEqual(first(2 ** 32 - 1));
    expect(first(2 ** 32)).not.toEqual(first(0));
    expect(first(2 ** 32 + 1)).not.toEqual(first(1));
    expect(first(-1)).toEqual(first(-1));
  });

  it("rejects invalid sizes and distribution parameters by method and argument", () => {
    const rng = new Random(0);
    expect(() => rng.permutation(-1)).toThrow(/Random\.permutation: n must be an integer >= 0, got -1/);
    expect(() => rng.permutation(2.5)).toThrow(/Random\.permutation: n must be an integer >= 0, got 2\.5/);
    expect(() => rng.choice(Number.NaN, 1)).toThrow(/Random\.choice: n must be an integer >= 0, got NaN/);
    expect(() => rng.choice(5, 6)).toThrow(/Random\.choice: k must be an integer in \[0, 5\], got 6/);
    expect(() => rng.int(0)).toThrow(/Random\.int: n must be a positive integer, got 0/);
    expect(() => rng.normal(0, -1)).toThrow(/Random\.normal: std must be a finite number >= 0, got -1/);
    expect(() => rng.normal(Number.NaN, 1)).toThrow(/Random\.normal: mean must be a finite number, got NaN/);
    expect(() => rng.truncatedNormal(0, Number.POSITIVE_INFINITY)).toThrow(/Random\.truncatedNormal: std must be a finite number >= 0/);
    expect(() => rng.uniformIn(0, Number.NaN)).toThrow(/Random\.uniformIn: low and high must be finite numbers, got low 0, high NaN/);
  });
});

describe("Random against an independent BigInt transcription of the published algorithms", () => {
  // splitmix32 seeding (Weyl step 0x9e3779b9, murmur3 finaliser) and xoshiro128** (Blackman & Vigna's
  // reference C code), written with BigInt and explicit 32-bit masks instead of Math.imul and >>>.
  const M = 0xffffffffn;
  const mul32 = (a: bigint, b: bigint) => (a * b) & M;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  function reference(seed: number, count: number): number[] {
    let x = BigInt(seed) & M;
    const splitmix = () => {
      x = (x + 0x9e3779b9n) & M;
      let z = x;
      z = mul32(z ^ (z >> 16n), 0x85ebca6bn);
      z = mul32(z ^ (z >> 13n), 0xc2b2ae35n);
      return z ^ (z >> 16n);
    };
    const s = [splitmix(), splitmix(), splitmix(), splitmix()];
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const result = mul32(rotl(mul32(s[1], 5n), 7n), 9n);
      const t = (s[1] << 9n) & M;
      s[2] ^= s[0];
      s[3] ^= s[1];
      s[1] ^= s[2];
      s[0] ^= s[3];
      s[2] ^= t;
      s[3] = rotl(s[3], 11n);
      out.push(Number(result));
    }
    return out;
  }

  it("nextUint32 is xoshiro128** seeded by splitmix32, for several seeds", () => {
    for (const seed of [0, 1, 42, 123456789, 2 ** 32 - 1]) {
      const rng = new Random(seed);
      const ours = Array.from({ length: 200 }, () => rng.nextUint32());
      expect(ours).toEqual(reference(seed, 200));
    }
  });

  it("uniform() joins 27 + 26 bits of two draws into a 53-bit fraction", () => {
    const words = reference(7, 20);
    const rng = new Random(7);
    for (let i = 0; i < 20; i += 2) {
      const expected = Number(((BigInt(words[i] >>> 5) << 26n) | BigInt(words[i + 1] >>> 6))) / 2 ** 53;
      expect(rng.uniform()).toBe(expected);
    }
  });
});
