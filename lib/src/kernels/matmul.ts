/**
 * Matrix product kernels on row-major Float64Arrays.
 *
 * out[m, n] = op(a)[m, k] · op(b)[k, n]  (+ out when `accumulate`)
 * where op(a) = a ([m, k]) or, with transA, aᵀ with a stored as [k, m];
 * op(b) = b ([k, n]) or, with transB, bᵀ with b stored as [n, k].
 *
 * `matmulKernel` copies the operands into WebAssembly memory and runs the
 * f64x2 SIMD kernel of ./wasm/gemm-module.ts; tiny products (where the call and
 * copies cost more than the arithmetic) run the reference triple loop
 * `matmulNaive`. Both sum each output over p in increasing order (multiply,
 * then add); the SIMD kernel does so in blocks of 256 terms, so for k <= 256 the
 * two give the same bits. `out` must not overlap `a` or `b`.
 */
import type { Conv2dGeometry } from "./geometry";
import { ensureMemory as growMemory, lazyModule, type WasmMemory } from "./wasm/assembler";
import { buildGemmModule, defaultGemmShape } from "./wasm/gemm-module";

import { checkMatmulArgs, checkSize, matmulNaive, type MatmulOptions } from "./matmul-naive";

export { checkMatmulArgs, matmulNaive, type MatmulOptions } from "./matmul-naive";

// ---- WebAssembly kernel state (one module instance per process/worker) ----

interface GemmExports {
  memory: WasmMemory;
  gemm: (a: number, b: number, c: number, m: number, k: number, n: number,
    rsA: number, csA: number, rsB: number, csB: number, accumulate: number, pack: number, apack: number, bpack: number) => void;
  biasRelu: (x: number, y: number, bias: number, images: number, channels: number, positions: number, relu: number) => void;
  maskSum: (g: number, a: number, d: number, db: number, images: number, channels: number, positions: number, mask: number) => void;
  gemmNT: (a: number, b: number, c: number, m: number, k: number, n: number, lda: number, ldb: number, ldc: number, accumulate: number) => void;
  im2col: (src: number, dst: number, N: number, C: number, H: number, W: number, KH: number, KW: number,
    OH: number, OW: number, sh: number, sw: number, padTop: number, padLeft: number) => void;
}

const shape = defaultGemmShape;
const NR = 2 * shape.nv;
const APACK = 0; // packed A sliver [KC, MR]
const BPACK = APACK + 8 * shape.kc * shape.mr; // packed B panels [NC / NR][KC][NR]
const HEAP = BPACK + 8 * shape.kc * shape.nc; // operands from here

const gemmModule = lazyModule<GemmExports>(() => buildGemmModule(shape));
let heap: Float64Array = new Float64Array(0);

/** True if the SIMD module compiles here (false e.g. under `node --jitless`): then matmulKernel uses `matmulNaive`. */
export function wasmAvailable(): boolean {
  return gemmModule() !== null;
}

/** The module's exports (callers have checked wasmAvailable), with `heap` viewing its memory. */
function instance(): GemmExports {
  const w = gemmModule()!;
  heap = growMemory(w.memory, 0, heap);
  return w;
}

/**
 * Which operands the wasm kernel packs (bit 0: A into slivers, bit 1: B into panels).
 * Measured: in place is faster up to ~128^3 (and for narrow B); a B read with a
 * column stride (transB) is worth packing once it is reused by 32 or more rows.
 */
function packs(m: number, k: number, n: number, csB: number): number {
  if (m * k * n >= 2 ** 21 && n > 4 * NR) return 3;
  return csB !== 1 && m >= 32 ? 2 : 0;
}

/** Make the wasm memory at least `bytes` long (grows, never shrinks). */
function ensureMemory(w: GemmExports, bytes: number): void {
  heap = growMemory(w.memory, bytes, heap);
}

/**
 * Products with at most this many multiply-adds run in plain JS (`matmulNaive`;
 * measured: a wasm call with its copies costs ~0.3 us, the loop wins up to about 4x3x4).
 */
const JS_MAX_FLOPS = 48;

/**
 * WebAssembly SIMD kernel (same contract as `matmulNaive`), without the
 * small-size dispatch. Exposed for tests and benchmarks.
 */
export function matmulWasm(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, options: MatmulOptions = {},
): Float64Array {
  checkMatmulArgs("matmulWasm", a, b, out, m, k, n);
  if (8 * (m * k + k * n + m * n) > WASM_MAX_BYTES) {
    throw new Error(`matmulWasm: operands of ${m}x${k}x${n} need more than 2 GB of WebAssembly memory; use matmulKernel`);
  }
  return gemmWasm(a, b, out, m, k, n, options);
}

function gemmWasm(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, options: MatmulOptions,
): Float64Array {
  const { transA = false, transB = false, accumulate = false } = options;
  if (m === 0 || n === 0) return out;
  if (k === 0) {
    if (!accumulate) out.fill(0, 0, m * n);
    return out;
  }
  const w = instance();
  // Layout (in doubles from HEAP/8): A [m*k], B [k*n], C [m*n].
  const offA = HEAP / 8;
  const offB = offA + m * k;
  const offC = offB + k * n;
  ensureMemory(w, 8 * (offC + m * n));
  heap.set(a.length === m * k ? a : a.subarray(0, m * k), offA);
  heap.set(b.length === k * n ? b : b.subarray(0, k * n), offB);
  if (accumulate) heap.set(out.subarray(0, m * n), offC);
  w.gemm(
    8 * offA, 8 * offB, 8 * offC, m, k, n,
    transA ? 1 : k, transA ? m : 1, // A(i, p) strides
    transB ? 1 : n, transB ? k : 1, // B(p, j) strides
    accumulate ? 1 : 0, packs(m, k, n, transB ? k : 1), APACK, BPACK,
  );
  out.set(heap.subarray(offC, offC + m * n));
  return out;
}

/** Operands larger than this (bytes of A + B + C) stay out of wasm memory (32-bit addresses). */
const WASM_MAX_BYTES = 2 ** 31 - HEAP;

/**
 * Fast kernel (same contract as `matmulNaive`): WebAssembly SIMD, plain JS for
 * tiny products (and for operands over 2 GB). The wasm memory grows to the
 * largest product seen and is kept for reuse (WebAssembly memory cannot shrink).
 */
export function matmulKernel(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, options: MatmulOptions = {},
): Float64Array {
  checkMatmulArgs("matmulKernel", a, b, out, m, k, n);
  if (m * k * n <= JS_MAX_FLOPS || 8 * (m * k + k * n + m * n) > WASM_MAX_BYTES || !wasmAvailable()) {
    return matmulNaive(a, b, out, m, k, n, options);
  }
  return gemmWasm(a, b, out, m, k, n, options);
}

/**
 * A view of `doubles` values of the WebAssembly operand region, for callers that
 * build their operands in place and run several products on them with
 * `gemmOperands` (no copies in or out: the conv2d primitive's per-image
 * products). Null when WebAssembly is unavailable or the region would exceed 2 GB.
 * The view is valid until the next call of a matmul kernel (which may reuse or grow the memory).
 */
export function wasmOperands(doubles: number): Float64Array | null {
  checkSize("wasmOperands", "doubles", doubles);
  if (8 * doubles > WASM_MAX_BYTES || !wasmAvailable()) return null;
  const w = instance();
  ensureMemory(w, HEAP + 8 * doubles);
  return heap.subarray(HEAP / 8, HEAP / 8 + doubles);
}

/** Strides and flags of `gemmOperands` (element strides, in doubles). */
export interface OperandProduct {
  /** Offsets (in doubles from the start of the `wasmOperands` view) of A, B and C. */
  a: number;
  b: number;
  c: number;
  m: number;
  k: number;
  n: number;
  /** A(i, p) = view[a + i*rsA + p*csA]. */
  rsA: number;
  csA: number;
  /** B(p, j) = view[b + p*rsB + j*csB]. */
  rsB: number;
  csB: number;
  /** C [m, n] (row-major at c) += A·B instead of = A·B. */
  accumulate?: boolean;
}

/**
 * C = A·B (or C += A·B) on operands already in the `wasmOperands` view of
 * `doubles` values (the caller keeps every index inside it; checked here).
 * C must not overlap A or B.
 */
export function gemmOperands(doubles: number, p: OperandProduct): void {
  const { a, b, c, m, k, n, rsA, csA, rsB, csB } = p;
  const fn = "gemmOperands";
  // (plain calls, no arrays: this runs once per product in training loops)
  checkSize(fn, "m", m); checkSize(fn, "k", k); checkSize(fn, "n", n);
  checkSize(fn, "a", a); checkSize(fn, "b", b); checkSize(fn, "c", c);
  checkSize(fn, "rsA", rsA); checkSize(fn, "csA", csA); checkSize(fn, "rsB", rsB); checkSize(fn, "csB", csB);
  if (m === 0 || n === 0) return;
  const last = (base: number, r: number, rs: number, cl: number, cs: number): number => base + (r - 1) * rs + (cl - 1) * cs;
  if ((k > 0 && (last(a, m, rsA, k, csA) >= doubles || last(b, k, rsB, n, csB) >= doubles)) || c + m * n > doubles) {
    throw new Error(`${fn}: an operand of the ${m}x${k}x${n} product lies outside the ${doubles}-value operand region`);
  }
  const w = instance();
  const base = HEAP / 8;
  if (k === 0) {
    if (!p.accumulate) heap.fill(0, base + c, base + c + m * n);
    return;
  }
  w.gemm(8 * (base + a), 8 * (base + b), 8 * (base + c), m, k, n, rsA, csA, rsB, csB, p.accumulate ? 1 : 0, packs(m, k, n, csB), APACK, BPACK);
}

function checkRegion(fn: string, doubles: number, label: string, offset: number, length: number): void {
  checkSize(fn, label, offset);
  if (offset + length > doubles) throw new Error(`${fn}: ${label} [${offset}, ${offset + length}) lies outside the ${doubles}-value operand region`);
}

/**
 * In the `wasmOperands` view of `doubles` values: y [N, F, P] (NCHW) at offset `y`
 * = x [F, N*P] (channel-major, at offset `x`; y[n, f, p] from x[f, n*P + p]) + bias[f]
 * (bias [F] at offset `bias`), then max(., 0) when `relu` (SIMD; max(-0, 0) = +0
 * and NaN stays NaN, as `v * +(v > 0) + 0`). y must not overlap x.
 */
export function biasReluOperands(
  doubles: number, x: number, y: number, bias: number, N: number, F: number, P: number, relu: boolean,
): void {
  const fn = "biasReluOperands";
  checkRegion(fn, doubles, "x", x, N * F * P);
  checkRegion(fn, doubles, "y", y, N * F * P);
  checkRegion(fn, doubles, "bias", bias, F);
  const base = HEAP / 8;
  instance().biasRelu(8 * (base + x), 8 * (base + y), 8 * (base + bias), N, F, P, relu ? 1 : 0);
}

/**
 * In the `wasmOperands` view of `doubles` values, for g and a [N, F, P]:
 * d [F, N*P] (channel-major: d[f, n*P + p]) = g[n, f, p] * (a[n, f, p] > 0)
 * (a copy of g when `a` is null) and db[f] += the sum of d[f, :] (per image, as
 * two interleaved partial sums, even and odd positions).
 */
export function maskSumOperands(
  doubles: number, g: number, a: number | null, d: number, db: number, N: number, F: number, P: number,
): void {
  const fn = "maskSumOperands";
  checkRegion(fn, doubles, "g", g, N * F * P);
  if (a !== null) checkRegion(fn, doubles, "a", a, N * F * P);
  checkRegion(fn, doubles, "d", d, N * F * P);
  checkRegion(fn, doubles, "db", db, F);
  const base = HEAP / 8;
  instance().maskSum(8 * (base + g), 8 * (base + (a ?? g)), 8 * (base + d), 8 * (base + db), N, F, P, a === null ? 0 : 1);
}

/** Operands of `gemmNTOperands` (offsets and row strides in doubles). */
export interface OperandProductNT {
  a: number;
  b: number;
  c: number;
  m: number;
  k: number;
  n: number;
  /** Row strides of A [m, k] and B [n, k] (>= k; rows contiguous along k). */
  lda: number;
  ldb: number;
  /** C [m, n] (row-major at c, rows of n) += A·Bᵀ instead of = A·Bᵀ. */
  accumulate?: boolean;
}

/**
 * C [m, n] (+)= A [m, k] · B [n, k]ᵀ in the `wasmOperands` view of `doubles`
 * values: dot products streamed along k in 2x4 register tiles, without packing.
 * For skinny products with a long k (the conv2d filter gradient [F, N*P]·[N*P, R]),
 * where the packed kernel wastes most of its NR-wide tiles. C must not overlap A or B.
 */
export function gemmNTOperands(doubles: number, p: OperandProductNT): void {
  const { a, b, c, m, k, n, lda, ldb } = p;
  const fn = "gemmNTOperands";
  for (const [label, v] of [["m", m], ["k", k], ["n", n], ["lda", lda], ["ldb", ldb]] as const) checkSize(fn, label, v);
  if (m === 0 || n === 0) return;
  if (lda < k || ldb < k) throw new Error(`${fn}: row strides lda ${lda} and ldb ${ldb} must be >= k ${k}`);
  checkRegion(fn, doubles, "a", a, (m - 1) * lda + k);
  checkRegion(fn, doubles, "b", b, (n - 1) * ldb + k);
  checkRegion(fn, doubles, "c", c, m * n);
  const base = HEAP / 8;
  instance().gemmNT(8 * (base + a), 8 * (base + b), 8 * (base + c), m, k, n, lda, ldb, n, p.accumulate ? 1 : 0);
}

/**
 * im2col in the `wasmOperands` view of `doubles` values: input [N, C, H, W] at
 * offset `input` -> cols [C*KH*KW, N*OH*OW] at offset `cols` (column (n, oy, ox)
 * holds the patch under the filter there, zeros in the padding), for a resolved
 * convolution geometry. cols must not overlap the input.
 */
export function im2colOperands(doubles: number, input: number, cols: number, g: Conv2dGeometry): void {
  const fn = "im2colOperands";
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
  checkRegion(fn, doubles, "input", input, N * C * H * W);
  checkRegion(fn, doubles, "cols", cols, C * KH * KW * N * OH * OW);
  const base = HEAP / 8;
  instance().im2col(8 * (base + input), 8 * (base + cols), N, C, H, W, KH, KW, OH, OW, g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
}
