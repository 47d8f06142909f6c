/**
 * Small element-wise helpers for the layers (plain loops over typed arrays,
 * in place, no allocation).
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

/** out[j] = sum_i x[i, j] for x [m, n] (the bias gradient of a Dense layer); out overwritten. */
export function sumRows(x: Float64Array, out: Float64Array, m: number, n: number): Float64Array {
  if (x.length !== m * n) throw new Error(`sumRows: x has ${x.length} elements but [${m},${n}] needs ${m * n}`);
  if (out.length !== n) throw new Error(`sumRows: out has ${out.length} elements but n = ${n}`);
  out.fill(0);
  for (let i = 0; i < m; i++) { // x: [m, n]
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] += x[row + j];
  }
  return out;
}

/**
 * Logistic sigmoid 1 / (1 + e^-x) in place, in the stable form
 * (e^x / (1 + e^x) for x < 0, so exp never overflows to give NaN).
 */
export function sigmoidInPlace(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v >= 0) {
      x[i] = 1 / (1 + Math.exp(-v));
    } else {
      const e = Math.exp(v);
      x[i] = e / (1 + e);
    }
  }
  return x;
}
