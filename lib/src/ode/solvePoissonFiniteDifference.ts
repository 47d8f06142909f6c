/**
 * The classic solver to compare the network with: -g''(x) = f(x) on [a, b] with g(a) = ga, g(b) = gb,
 * on `points` evenly spaced points. The central difference -(g_{i-1} - 2 g_i + g_{i+1}) / h^2 = f(x_i)
 * is second-order accurate; its tridiagonal system is solved by the Thomas algorithm in O(n).
 */
import { checkOptions } from "../tensor/options";

export interface PoissonFiniteDifferenceOptions {
  /** The right-hand side f(x). */
  f: (x: number) => number;
  /** Number of grid points including both ends (>= 3). */
  points: number;
  /** Interval (default [0, 1]). */
  domain?: readonly [number, number];
  /** Boundary values [g(a), g(b)] (default [0, 0]). */
  boundary?: readonly [number, number];
}

/** The grid and the finite-difference solution on it (boundary values included). */
export function solvePoissonFiniteDifference(options: PoissonFiniteDifferenceOptions): { x: Float64Array; g: Float64Array } {
  const fn = "solvePoissonFiniteDifference";
  if (options === null || typeof options !== "object") throw new Error(`${fn}: options must be an object { f, points }`);
  checkOptions(options, fn, "options", ["f", "points", "domain", "boundary"]);
  const { f, points } = options;
  if (typeof f !== "function") throw new Error(`${fn}: f must be a function x => f(x)`);
  if (!Number.isInteger(points) || points < 3) throw new Error(`${fn}: points must be an integer >= 3 (both ends and one interior point), got ${String(points)}`);
  const [a, b] = options.domain ?? [0, 1];
  if (!Number.isFinite(a) || !Number.isFinite(b) || !(a < b)) throw new Error(`${fn}: domain must be [a, b] with finite a < b, got [${a}, ${b}]`);
  const [ga, gb] = options.boundary ?? [0, 0];
  if (!Number.isFinite(ga) || !Number.isFinite(gb)) throw new Error(`${fn}: boundary values must be finite numbers`);
  const h = (b - a) / (points - 1);
  const x = new Float64Array(points);
  for (let i = 0; i < points; i++) x[i] = a + i * h;
  x[points - 1] = b;
  const m = points - 2; // interior unknowns g_1..g_m: rows -g_{i-1} + 2 g_i - g_{i+1} = h^2 f(x_i)
  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const fx = f(x[i + 1]);
    if (!Number.isFinite(fx)) throw new Error(`${fn}: f(${x[i + 1]}) is not a finite number (${fx})`);
    rhs[i] = h * h * fx;
  }
  rhs[0] += ga;
  rhs[m - 1] += gb;
  const c = new Float64Array(m); // the eliminated upper diagonal
  const g = new Float64Array(points); // g[i + 1] holds the eliminated rhs of row i, then the solution
  g[0] = ga;
  g[points - 1] = gb;
  c[0] = -1 / 2;
  g[1] = rhs[0] / 2;
  for (let i = 1; i < m; i++) {
    const pivot = 2 + c[i - 1];
    c[i] = -1 / pivot;
    g[i + 1] = (rhs[i] + g[i]) / pivot;
  }
  for (let i = m - 2; i >= 0; i--) g[i + 1] -= c[i] * g[i + 2];
  return { x, g };
}
