/**
 * Levenberg-Marquardt for the solver's least-squares cost c(P) = sum_i r_i(P)^2:
 * each iteration linearises the residuals, r(P + d) ~ r + J d with J = dr/dP [n, p]
 * (one reverse sweep per residual), and takes the damped Gauss-Newton step
 * (J^T J + mu I) d = -J^T r. A step that lowers the cost is kept and mu shrinks
 * (towards Gauss-Newton); one that does not is undone and mu grows (towards a
 * short gradient-descent step).
 */
import { gradients } from "../autodiff/grad";
import { noGrad } from "../tensor/mode";
import { Tensor } from "../tensor/tensor";

/** What `levenbergMarquardt` runs: the parameters (updated in place), the recorded residual r(P) [n], and a callback with the cost sum_i r_i^2 at the start of each iteration (false stops). */
interface LevenbergMarquardtOptions {
  params: Tensor[];
  residual: () => Tensor;
  iterations: number;
  onIteration: (iteration: number, cost: number) => boolean;
}

/** Solves the symmetric positive definite system A x = b (Cholesky); null if A is not positive definite. */
function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array | null {
  const l = new Float64Array(p * p); // lower triangle, [p, p]
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j];
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * p + i] = Math.sqrt(s);
      } else {
        l[i * p + j] = s / l[j * p + j];
      }
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) { // L y = b
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k];
    y[i] = s / l[i * p + i];
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) { // L^T x = y
    let s = y[i];
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k];
    x[i] = s / l[i * p + i];
  }
  return x;
}

function sumSquares(r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * r[i];
  return s;
}

/** Runs the iterations, stopping early once no damped step lowers the cost. */
export function levenbergMarquardt({ params, residual, iterations, onIteration }: LevenbergMarquardtOptions): void {
  const p = params.reduce((s, t) => s + t.size, 0);
  const flat = new Float64Array(p);
  const read = (): void => {
    let k = 0;
    for (const t of params) { flat.set(t.data, k); k += t.size; }
  };
  const write = (values: Float64Array): void => {
    let k = 0;
    for (const t of params) { t.data.set(values.subarray(k, k + t.size)); k += t.size; }
  };
  let mu = -1; // set from the first J^T J: 1e-3 times its largest diagonal entry
  for (let it = 0; it < iterations; it++) {
    const r = residual(); // [n], recorded
    const n = r.size;
    const rv = Float64Array.from(r.data);
    const cost = sumSquares(rv);
    if (!onIteration(it, cost)) return;
    const jac = new Float64Array(n * p); // [n, p]
    for (let i = 0; i < n; i++) {
      const seed = new Tensor(new Float64Array(n), r.shape);
      seed.data[i] = 1;
      const grads = gradients(r, params, { grad: seed });
      let k = 0;
      for (const g of grads) { jac.set(g.data, i * p + k); k += g.size; }
    }
    const jtj = new Float64Array(p * p); // [p, p]
    const jtr = new Float64Array(p); // [p]
    let maxDiag = 0;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b <= a; b++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += jac[i * p + a] * jac[i * p + b];
        jtj[a * p + b] = s;
        jtj[b * p + a] = s;
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += jac[i * p + a] * rv[i];
      jtr[a] = -s;
      maxDiag = Math.max(maxDiag, jtj[a * p + a]);
    }
    if (mu < 0) mu = 1e-3 * Math.max(maxDiag, 1e-300);
    read();
    const start = flat.slice();
    const damped = new Float64Array(p * p);
    let improved = false;
    for (let attempt = 0; attempt < 30; attempt++) {
      damped.set(jtj);
      for (let a = 0; a < p; a++) damped[a * p + a] += mu;
      const step = choleskySolve(damped, jtr, p);
      if (step !== null) {
        const trial = new Float64Array(p);
        for (let a = 0; a < p; a++) trial[a] = start[a] + step[a];
        write(trial);
        const next = sumSquares(noGrad(() => residual()).data);
        if (next < cost) {
          mu = Math.max(mu / 3, 1e-20 * maxDiag);
          improved = true;
          break;
        }
      }
      write(start);
      mu *= 4;
    }
    if (!improved) return; // no step lowers the cost any more: converged to rounding level
  }
}
