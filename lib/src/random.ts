/**
 * The one source of randomness in nnlab: every random choice (initialisation, shuffling, dropout,
 * splits, gradient checks) takes a `Random` or a seed, so a seed gives the same numbers, bit for bit,
 * everywhere. xoshiro128** (Blackman & Vigna) seeded through splitmix32, in exact 32-bit integer arithmetic.
 */
export class Random {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;
  /** The seed this generator was created with (for reports and `fork`). */
  readonly seed: number;

  constructor(seed = 0) {
    if (typeof seed !== "number" || !Number.isFinite(seed) || !Number.isInteger(seed)) {
      throw new Error(`Random: seed must be a finite integer, got ${typeof seed === "string" ? `the string ${JSON.stringify(seed)}` : String(seed)}`);
    }
    this.seed = seed;
    // splitmix32 expands the low 32 bits of the seed into four words; the high bits (negative
    // seeds, seeds >= 2^32) are mixed into two of the words afterwards, so that for example
    // -1 and 0, or 2^32 and 1, give different streams while seeds in [0, 2^32) keep theirs.
    const high = Math.floor(seed / 4294967296);
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if (high !== 0) {
      x = high | 0;
      this.s1 = (this.s1 ^ next()) >>> 0;
      this.s3 = (this.s3 ^ next()) >>> 0;
    }
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    if (!Number.isFinite(low) || !Number.isFinite(high)) {
      throw new Error(`Random.uniformIn: low and high must be finite numbers, got low ${String(low)}, high ${String(high)}`);
    }
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Random.int: n must be a positive integer, got ${String(n)}`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal N(0, 1) by the Box-Muller transform (pairs cached). */
  normal(mean = 0, std = 1): number {
    checkMeanStd("normal", mean, std);
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Normal truncated to [mean - 2 std, mean + 2 std] by redrawing (as TensorFlow's truncated_normal). */
  truncatedNormal(mean = 0, std = 1): number {
    checkMeanStd("truncatedNormal", mean, std);
    for (;;) {
      const z = this.normal();
      if (z >= -2 && z <= 2) return mean + std * z;
    }
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    checkCount("permutation", "n", n);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** `k` distinct indices from 0..n-1, drawn without replacement. */
  choice(n: number, k: number): Int32Array {
    checkCount("choice", "n", n);
    if (!Number.isInteger(k) || k < 0 || k > n) throw new Error(`Random.choice: k must be an integer in [0, ${n}], got ${String(k)}`);
    return this.permutation(n).slice(0, k);
  }

  /** A new independent generator derived from this one (for parallel jobs). */
  fork(): Random {
    return new Random(this.nextUint32());
  }
}

function checkMeanStd(method: string, mean: number, std: number): void {
  if (!Number.isFinite(mean)) throw new Error(`Random.${method}: mean must be a finite number, got ${String(mean)}`);
  if (!Number.isFinite(std) || std < 0) throw new Error(`Random.${method}: std must be a finite number >= 0, got ${String(std)}`);
}

function checkCount(method: string, name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`Random.${method}: ${name} must be an integer >= 0, got ${String(n)}`);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Accepts a generator or a seed and returns a generator. */
export function toRandom(rng: Random | number | undefined, fallbackSeed = 0): Random {
  if (rng instanceof Random) return rng;
  return new Random(rng ?? fallbackSeed);
}
