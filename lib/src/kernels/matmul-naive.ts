/**
 * The reference matrix product on row-major Float64Arrays, and the argument
 * checks every matmul kernel shares:
 *
 * out[m, n] = op(a)[m, k] · op(b)[k, n]  (+ out when `accumulate`)
 * where op(a) = a ([m, k]) or, with transA, aᵀ with a stored as [k, m];
 * op(b) = b ([k, n]) or, with transB, bᵀ with b stored as [n, k].
 *
 * The fast kernel (./matmul.ts, WebAssembly SIMD) is tested against `matmulNaive`.
 */
export interface MatmulOptions {
  /** Read `a` as stored [k, m] and use its transpose. */
  transA?: boolean;
  /** Read `b` as stored [n, k] and use its transpose. */
  transB?: boolean;
  /** Add to `out` instead of overwriting it. */
  accumulate?: boolean;
}

export function checkSize(fn: string, label: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new Error(`${fn}: ${label} must be a non-negative integer, got ${String(v)}`);
}

function checkArray(fn: string, label: string, arr: unknown, needed: number, what: string): void {
  if (!(arr instanceof Float64Array)) throw new Error(`${fn}: ${label} must be a Float64Array`);
  if (arr.length < needed) {
    const prefix = label === "out" ? "out buffer too small: " : `${label} has `;
    throw new Error(`${fn}: ${prefix}${arr.length} elements but ${what} = ${needed} are needed`);
  }
}

function overlaps(x: Float64Array, y: Float64Array): boolean { // (byte ranges first: reading .buffer is the slow part)
  return x.length > 0 && y.length > 0 && x.byteOffset < y.byteOffset + y.byteLength &&
    y.byteOffset < x.byteOffset + x.byteLength && x.buffer === y.buffer;
}

/** Check sizes and buffers (allocation-free); throws an error naming `fn` and the argument. */
export function checkMatmulArgs(
  fn: string, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number,
): void {
  checkSize(fn, "m", m);
  checkSize(fn, "k", k);
  checkSize(fn, "n", n);
  if (!(a instanceof Float64Array) || a.length < m * k) checkArray(fn, "a", a, m * k, `m*k = ${m}*${k}`);
  if (!(b instanceof Float64Array) || b.length < k * n) checkArray(fn, "b", b, k * n, `k*n = ${k}*${n}`);
  if (!(out instanceof Float64Array) || out.length < m * n) checkArray(fn, "out", out, m * n, `m*n = ${m}*${n}`);
  if (overlaps(a, out)) throw new Error(`${fn}: out overlaps a; pass a separate output buffer`);
  if (overlaps(b, out)) throw new Error(`${fn}: out overlaps b; pass a separate output buffer`);
}

/** Naive reference kernel: the triple loop, kept to test the fast one against. */
export function matmulNaive(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, options: MatmulOptions = {},
): Float64Array {
  checkMatmulArgs("matmulNaive", a, b, out, m, k, n);
  const { transA = false, transB = false, accumulate = false } = options;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i] : a[i * k + p]; // a: [m,k] or [k,m]
        const bv = transB ? b[j * k + p] : b[p * n + j]; // b: [k,n] or [n,k]
        s += av * bv;
      }
      out[i * n + j] = accumulate ? out[i * n + j] + s : s; // out: [m,n]
    }
  }
  return out;
}

