import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { conv2dGeometry } from "../../lib/src/kernels/geometry";
import {
  MatmulOptions, biasReluOperands, gemmNTOperands, gemmOperands, im2colOperands, maskSumOperands, matmulKernel, matmulNaive, matmulWasm, wasmAvailable, wasmOperands,
} from "../../lib/src/kernels/matmul";

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

/**
 * The SIMD kernel's order of operations: each output is summed over p in increasing order in
 * blocks of 256 terms, and each block's sum is added to the output in turn (the first one
 * stored unless accumulating). For k <= 256 this is matmulNaive's order.
 */
function blockedNaive(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, o: MatmulOptions): Float64Array {
  for (let pc = 0; pc < k; pc += 256) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = pc; p < Math.min(k, pc + 256); p++) s += (o.transA ? a[p * m + i] : a[i * k + p]) * (o.transB ? b[j * k + p] : b[p * n + j]);
        out[i * n + j] = pc > 0 || o.accumulate ? out[i * n + j] + s : s;
      }
    }
  }
  return out;
}

function expectSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`${what}: element ${i} ${actual[i]} vs ${expected[i]}`);
  }
}

// 1..17 columns cover every tile width and odd edge; 65 x 3 x 33 etc. the in-place paths, 131 x 129 x 133 the packed one.
const sizes = [1, 3, 7, 17, 65, 130];
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
] as const)("%s", (name, kernel) => {
  it("gives the naive kernel's bits for k <= 256, on odd shapes and all trans/accumulate combinations", () => {
    const rng = new Random(2024);
    let checked = 0;
    for (const [m, k, n] of [...sizes.flatMap((m) => sizes.flatMap((k) => sizes.map((n) => [m, k, n]))), [131, 129, 133], [64, 256, 40]]) {
      for (const o of combos) {
        // Random subset of combinations per shape keeps the test fast but covers all over the grid.
        if (rng.uniform() > 0.35 && m < 131) continue;
        const a = randomArray(rng, m * k);
        const b = randomArray(rng, k * n);
        const out0 = randomArray(rng, m * n);
        const expected = matmulNaive(a, b, out0.slice(), m, k, n, o);
        expectSameBits(kernel(a, b, out0.slice(), m, k, n, o), expected, `${name} [${m},${k}]x[${k},${n}] ${JSON.stringify(o)}`);
        checked++;
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

  it("sums in blocks of 256 terms across several k- and n-blocks (k = 600, n = 1100; in place and packed)", () => {
    const rng = new Random(5);
    for (const [m, k, n] of [[9, 600, 1100], [40, 300, 70], [3, 257, 5]]) {
      for (const o of m === 9 ? [{}, { transA: true, transB: true, accumulate: true }] : combos) {
        const a = randomArray(rng, m * k);
        const b = randomArray(rng, k * n);
        const out0 = randomArray(rng, m * n);
        const expected = blockedNaive(a, b, out0.slice(), m, k, n, o);
        expectSameBits(matmulKernel(a, b, out0.slice(), m, k, n, o), expected, `[${m},${k}]x[${k},${n}] ${JSON.stringify(o)}`);
        // and within rounding of the naive kernel's single sum
        const naive = matmulNaive(a, b, out0.slice(), m, k, n, o);
        const scale = errorScale(a, b, out0, m, k, n, o);
        for (let i = 0; i < m * n; i++) expect(Math.abs(expected[i] - naive[i])).toBeLessThanOrEqual(1e-12 * scale[i]);
      }
    }
  });
});

describe("operands in WebAssembly memory (the conv2d primitive's products)", () => {
  it("gemmOperands computes strided products in place, = and +=, with the naive kernel's bits", () => {
    const rng = new Random(21);
    // A = a [m, k] read transposed from storage [k, m]; B(p, j) = the p-th column block of a [n, 2k] matrix
    const [m, k, n] = [5, 37, 9];
    const aStore = randomArray(rng, k * m); // [k, m]
    const bStore = randomArray(rng, n * 2 * k); // [n, 2k]: B(p, j) = bStore[j*2k + k + p]
    const c0 = randomArray(rng, m * n);
    const total = k * m + n * 2 * k + m * n;
    const view = wasmOperands(total)!;
    view.set(aStore, 0);
    view.set(bStore, k * m);
    const c = k * m + n * 2 * k;
    for (const accumulate of [false, true]) {
      view.set(c0, c);
      gemmOperands(total, { a: 0, b: k * m + k, c, m, k, n, rsA: 1, csA: m, rsB: 1, csB: 2 * k, accumulate });
      // reference: explicit operands
      const bDense = new Float64Array(k * n);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) bDense[p * n + j] = bStore[j * 2 * k + k + p];
      const expected = matmulNaive(aStore, bDense, Float64Array.from(c0), m, k, n, { transA: true, accumulate });
      expectSameBits(view.slice(c, c + m * n), expected, `gemmOperands accumulate=${accumulate}`);
    }
    expect(() => gemmOperands(total, { a: 0, b: total - 2, c, m, k, n, rsA: 1, csA: m, rsB: 1, csB: 2 * k })).toThrow(/gemmOperands: .*outside the/);
  });

  it("biasReluOperands adds a per-channel bias, clamps at 0 and lays channel-major out as NCHW (odd and even positions)", () => {
    const rng = new Random(22);
    for (const P of [1, 6, 9]) {
      for (const relu of [false, true]) {
        const [N, F] = [3, 4];
        const size = N * F * P;
        const x = randomArray(rng, size); // [F, N*P]
        x[0] = -0; // max(-0 + 0, 0) is +0
        const bias = randomArray(rng, F);
        bias[0] = 0;
        const total = 2 * size + F;
        const view = wasmOperands(total)!;
        view.set(x, 0);
        view.set(bias, 2 * size);
        biasReluOperands(total, 0, size, 2 * size, N, F, P, relu);
        for (let i = 0; i < size; i++) {
          const [n, f, q] = [Math.floor(i / (F * P)), Math.floor(i / P) % F, i % P];
          const v = x[f * N * P + n * P + q] + bias[f];
          expect(Object.is(view[size + i], relu ? (v > 0 ? v : 0) : v)).toBe(true);
        }
      }
    }
  });

  it("maskSumOperands masks by a > 0, lays out channel-major and sums each channel over images and positions", () => {
    const rng = new Random(23);
    for (const P of [1, 7, 16]) {
      for (const masked of [false, true]) {
        const [N, F] = [4, 3];
        const size = N * F * P;
        const g = randomArray(rng, size);
        const a = randomArray(rng, size);
        const total = 3 * size + F;
        const view = wasmOperands(total)!;
        view.set(g, 0);
        view.set(a, size);
        view.fill(0, 3 * size, 3 * size + F);
        maskSumOperands(total, 0, masked ? size : null, 2 * size, 3 * size, N, F, P);
        const db = new Float64Array(F);
        for (let i = 0; i < size; i++) {
          const d = masked ? g[i] * (a[i] > 0 ? 1 : 0) : g[i]; // as the JS rule g * +(a > 0) (-0 for g < 0)
          const [n, f, q] = [Math.floor(i / (F * P)), Math.floor(i / P) % F, i % P];
          expect(view[2 * size + f * N * P + n * P + q]).toBe(d); // d [F, N*P]
          db[Math.floor(i / P) % F] += d;
        }
        for (let f = 0; f < F; f++) expect(Math.abs(view[3 * size + f] - db[f])).toBeLessThanOrEqual(1e-13 * (1 + Math.abs(db[f])));
      }
    }
  });
});

describe("gemmNTOperands (long-k dot-product kernel)", () => {
  it("computes A·Bᵀ with row strides, = and +=, for every tile edge (m, n, k odd and even)", () => {
    const rng = new Random(24);
    for (const [m, k, n] of [[10, 3600, 9], [1, 1, 1], [3, 5, 7], [2, 8, 4], [5, 17, 6]]) {
      const lda = k + 3;
      const ldb = k + 1;
      const aStore = randomArray(rng, m * lda);
      const bStore = randomArray(rng, n * ldb);
      const c0 = randomArray(rng, m * n);
      const total = m * lda + n * ldb + m * n;
      const aDense = new Float64Array(m * k);
      const bDense = new Float64Array(n * k);
      for (let i = 0; i < m; i++) aDense.set(aStore.subarray(i * lda, i * lda + k), i * k);
      for (let j = 0; j < n; j++) bDense.set(bStore.subarray(j * ldb, j * ldb + k), j * k);
      for (const accumulate of [false, true]) {
        const view = wasmOperands(total)!;
        view.set(aStore, 0);
        view.set(bStore, m * lda);
        view.set(c0, m * lda + n * ldb);
        gemmNTOperands(total, { a: 0, b: m * lda, c: m * lda + n * ldb, m, k, n, lda, ldb, accumulate });
        const expected = matmulNaive(aDense, bDense, Float64Array.from(c0), m, k, n, { transB: true, accumulate });
        const scale = errorScale(aDense, bDense, c0, m, k, n, { transB: true, accumulate });
        const got = view.slice(m * lda + n * ldb, total);
        for (let i = 0; i < m * n; i++) expect(Math.abs(got[i] - expected[i])).toBeLessThanOrEqual(1e-15 * k * scale[i] + 1e-300);
      }
    }
  });

  it("rejects operands outside the region and short row strides", () => {
    const view = wasmOperands(20)!;
    view.fill(1);
    expect(() => gemmNTOperands(20, { a: 0, b: 8, c: 16, m: 2, k: 4, n: 2, lda: 4, ldb: 4 })).not.toThrow();
    expect(view[16]).toBe(4); // [1,1,1,1]·[1,1,1,1]
    expect(() => gemmNTOperands(20, { a: 0, b: 14, c: 8, m: 2, k: 4, n: 2, lda: 4, ldb: 4 })).toThrow(/gemmNTOperands: b \[14, 22\) lies outside/);
    expect(() => gemmNTOperands(20, { a: 0, b: 8, c: 16, m: 2, k: 4, n: 2, lda: 3, ldb: 4 })).toThrow(/gemmNTOperands: row strides lda 3/);
    expect(() => gemmNTOperands(20, { a: 0, b: 8, c: 17, m: 2, k: 4, n: 2, lda: 4, ldb: 4 })).toThrow(/gemmNTOperands: c \[17, 21\) lies outside the 20-value operand region/);
  });
});

describe("im2colOperands", () => {
  it("unrolls patches (zeros in the padding) like the defining loop, for strides and pads", () => {
    const rng = new Random(25);
    for (const [stride, pads] of [[[1, 1], [0, 0, 0, 0]], [[2, 1], [1, 2, 0, 1]], [[1, 3], [2, 0, 1, 2]]] as const) {
      const g = conv2dGeometry("test", {
        batch: 2, inChannels: 3, inHeight: 7, inWidth: 6, outChannels: 1, kernelHeight: 3, kernelWidth: 2,
        strideHeight: stride[0], strideWidth: stride[1], padTop: pads[0], padBottom: pads[1], padLeft: pads[2], padRight: pads[3],
      });
      const x = randomArray(rng, 2 * 3 * 7 * 6);
      const P = g.outHeight * g.outWidth;
      const size = 3 * 3 * 2 * 2 * P;
      const view = wasmOperands(x.length + size)!;
      view.set(x, 0);
      view.fill(NaN, x.length);
      im2colOperands(x.length + size, 0, x.length, g);
      for (let c = 0; c < 3; c++) for (let ky = 0; ky < 3; ky++) for (let kx = 0; kx < 2; kx++) for (let n = 0; n < 2; n++) {
        for (let oy = 0; oy < g.outHeight; oy++) for (let ox = 0; ox < g.outWidth; ox++) {
          const y = oy * stride[0] - pads[0] + ky;
          const xx = ox * stride[1] - pads[2] + kx;
          const expected = y >= 0 && y < 7 && xx >= 0 && xx < 6 ? x[((n * 3 + c) * 7 + y) * 6 + xx] : 0;
          const row = (c * 3 + ky) * 2 + kx;
          expect(view[x.length + row * 2 * P + n * P + oy * g.outWidth + ox]).toBe(expected);
        }
      }
    }
  });
});
