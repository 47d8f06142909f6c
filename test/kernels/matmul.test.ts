import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { MatmulOptions, matmulJs, matmulKernel, matmulNaive, matmulWasm, wasmAvailable } from "../../lib/src/kernels/matmul";

function randomArray(rng: Random, size: number): Float64Array {
  const x = new Float64Array(size);
  for (let i = 0; i < size; i++) x[i] = rng.normal();
  return x;
}

/** Element-wise bound for rounding: sum_p |a_ip||b_pj| + |out_ij| (from the naive kernel on absolute values). */
function errorScale(a: Float64Array, b: Float64Array, out0: Float64Array, m: number, k: number, n: number, o: MatmulOptions): Float64Array {
  const scale = Float64Array.from(out0, Math.abs);
  return matmulNaive(a.map(Math.abs), b.map(Math.abs), scale, m, k, n, o);
}

const sizes = [1, 3, 7, 65, 127, 130];
const combos: MatmulOptions[] = [];
for (const transA of [false, true]) for (const transB of [false, true]) for (const accumulate of [false, true]) combos.push({ transA, transB, accumulate });

describe("matmulNaive", () => {
  it("matches a hand-computed product and its transposed forms", () => {
    const a = new Float64Array([1, 2, 3, 4, 5, 6]); // [2,3]
    const b = new Float64Array([7, 8, 9, 10, 11, 12]); // [3,2]
    // [[1*7+2*9+3*11, 1*8+2*10+3*12], [4*7+5*9+6*11, 4*8+5*10+6*12]]
    expect(Array.from(matmulNaive(a, b, new Float64Array(4), 2, 3, 2))).toEqual([58, 64, 139, 154]);
    const aT = new Float64Array([1, 4, 2, 5, 3, 6]); // a stored [3,2]
    const bT = new Float64Array([7, 9, 11, 8, 10, 12]); // b stored [2,3]
    expect(Array.from(matmulNaive(aT, bT, new Float64Array(4), 2, 3, 2, { transA: true, transB: true }))).toEqual([58, 64, 139, 154]);
    const out = new Float64Array([1, 1, 1, 1]);
    expect(Array.from(matmulNaive(a, b, out, 2, 3, 2, { accumulate: true }))).toEqual([59, 65, 140, 155]);
  });
});

describe.each([
  ["matmulKernel", matmulKernel],
  ["matmulWasm", matmulWasm],
  ["matmulJs", matmulJs],
] as const)("%s", (name, kernel) => {
  it("matches the naive kernel on odd shapes, all trans/accumulate combinations (relative 1e-12)", () => {
    const rng = new Random(2024);
    let checked = 0;
    for (const m of sizes) {
      for (const k of sizes) {
        for (const n of sizes) {
          if (name === "matmulJs" && m * k * n > 200_000) continue; // slow kernel: skip the largest
          for (const o of combos) {
            // Random subset of combinations per shape keeps the test fast but covers all over the grid.
            if (rng.uniform() > 0.35 && !(m === 130 && k === 127 && n === 65)) continue;
            const a = randomArray(rng, m * k);
            const b = randomArray(rng, k * n);
            const out0 = randomArray(rng, m * n);
            const expected = matmulNaive(a, b, out0.slice(), m, k, n, o);
            const actual = kernel(a, b, out0.slice(), m, k, n, o);
            const scale = errorScale(a, b, out0, m, k, n, o);
            for (let i = 0; i < expected.length; i++) {
              const err = Math.abs(actual[i] - expected[i]);
              if (!(err <= 1e-12 * scale[i])) {
                throw new Error(`${name} [${m},${k}]x[${k},${n}] ${JSON.stringify(o)}: element ${i} ${actual[i]} vs ${expected[i]}`);
              }
            }
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("handles k = 0 (zero or unchanged output) and leaves elements past m*n alone", () => {
    const out = new Float64Array([5, 5, 5, 5, 9]);
    kernel(new Float64Array(0), new Float64Array(0), out, 2, 0, 2);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 9]);
    out.fill(5);
    kernel(new Float64Array(0), new Float64Array(0), out, 2, 0, 2, { accumulate: true });
    expect(Array.from(out)).toEqual([5, 5, 5, 5, 5]);
  });

  it("validates its arguments, naming the function and the argument", () => {
    const a = new Float64Array(6);
    const b = new Float64Array(6);
    expect(() => kernel(a, b, new Float64Array(3), 2, 3, 2)).toThrow(`${name}: out buffer too small: 3 elements but m*n = 2*2 = 4 are needed`);
    expect(() => kernel(a, b, new Float64Array(4), 3, 3, 2)).toThrow(`${name}: a has 6 elements but m*k = 3*3 = 9 are needed`);
    expect(() => kernel(a, b, new Float64Array(4), 2, 3, 3)).toThrow(`${name}: b has 6 elements`);
    expect(() => kernel(a, b, new Float64Array(4), 2.5, 3, 2)).toThrow(`${name}: m must be a non-negative integer, got 2.5`);
    expect(() => kernel(a, b, a.subarray(2), 2, 2, 2)).toThrow(`${name}: out overlaps a`);
  });
});

describe("matmulKernel on large products", () => {
  it("runs the WebAssembly SIMD module in this environment (else it silently falls back to JS)", () => {
    expect(wasmAvailable()).toBe(true);
  });

  it("matches the naive kernel across several k- and n-blocks (k = 600, n = 1100)", () => {
    const rng = new Random(5);
    const [m, k, n] = [9, 600, 1100];
    for (const o of [{}, { transA: true, transB: true, accumulate: true }]) {
      const a = randomArray(rng, m * k);
      const b = randomArray(rng, k * n);
      const out0 = randomArray(rng, m * n);
      const expected = matmulNaive(a, b, out0.slice(), m, k, n, o);
      const actual = matmulKernel(a, b, out0.slice(), m, k, n, o);
      const scale = errorScale(a, b, out0, m, k, n, o);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale[i]);
      expect(worst).toBeLessThan(1e-12);
    }
  });
});
