/**
 * Matrix product kernels on row-major Float64Arrays.
 *
 * out[m, n] = op(a)[m, k] · op(b)[k, n]  (+ out when `accumulate`)
 * where op(a) = a ([m, k]) or, with transA, aᵀ with a stored as [k, m];
 * op(b) = b ([k, n]) or, with transB, bᵀ with b stored as [n, k].
 *
 * PLACEHOLDER: the fast kernel currently calls the naive one; the kernels
 * owner replaces it with a blocked / WebAssembly SIMD implementation.
 */
export interface MatmulOptions {
  /** Read `a` as stored [k, m] and use its transpose. */
  transA?: boolean;
  /** Read `b` as stored [n, k] and use its transpose. */
  transB?: boolean;
  /** Add to `out` instead of overwriting it. */
  accumulate?: boolean;
}

/** Naive reference kernel: the triple loop, kept to test the fast one against. */
export function matmulNaive(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, options: MatmulOptions = {},
): Float64Array {
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

/** Fast kernel (same contract as `matmulNaive`). */
export function matmulKernel(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, options: MatmulOptions = {},
): Float64Array {
  return matmulNaive(a, b, out, m, k, n, options);
}
