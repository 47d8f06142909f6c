/**
 * Small element-wise helpers for the layers (plain loops over typed arrays,
 * in place, no allocation), and the reference loops of the exp and sigmoid ops
 * (the WebAssembly kernels of ./vector.ts give the same bits).
 */

/** x[i, j] += bias[j] for x [m, n] row-major, bias [n] (Dense layer bias). */
export function addBiasRows(x: Float64Array, bias: Float64Array, m: number, n: number): Float64Array {
  if (x.length !== m * n) throw new Error(`addBiasRows: x has ${x.length} elements but [${m},${n}] needs ${m * n}`);
  if (bias.length !== n) throw new Error(`addBiasRows: bias has ${bias.length} elements but n = ${n}`);
  for (let i = 0; i < m; i++) { // x: [m, n]
    const row = i * n;
    for (let j = 0; j < n; j++) x[row + j] += bias[j];
  }
  return x;
}

/** out[i] = e^x[i] (Math.exp); out may be x. */
export function expNaive(x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
  return out;
}

/**
 * Logistic sigmoid out[i] = 1 / (1 + e^-x[i]) in the stable form (e^x / (1 + e^x)
 * for x < 0, so exp never overflows to give NaN); out may be x.
 */
export function sigmoidNaive(x: Float64Array, out: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v >= 0) {
      out[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      out[i] = e / (1 + e);
    }
  }
  return out;
}
