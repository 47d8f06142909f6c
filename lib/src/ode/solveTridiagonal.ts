/**
 * The Thomas algorithm: solves a tridiagonal system in O(n)
 *
 *     lower[i] u[i-1] + diagonal[i] u[i] + upper[i] u[i+1] = rhs[i],   i = 0..n-1
 *
 * (lower[0] and upper[n-1] are ignored) by one forward elimination sweep and
 * one back substitution. Stable without pivoting for diagonally dominant
 * matrices such as the finite-difference Laplacian.
 */
export interface TridiagonalSystem {
  lower: ArrayLike<number>;
  diagonal: ArrayLike<number>;
  upper: ArrayLike<number>;
  rhs: ArrayLike<number>;
}

/** The solution u of the tridiagonal system. */
export function solveTridiagonal(system: TridiagonalSystem): Float64Array {
  const fn = "solveTridiagonal";
  const { lower, diagonal, upper, rhs } = system;
  const n = diagonal?.length;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${fn}: diagonal must be a non-empty array`);
  for (const [name, arr] of [["lower", lower], ["upper", upper], ["rhs", rhs]] as const) {
    if (arr === undefined || arr.length !== n) throw new Error(`${fn}: ${name} has ${arr?.length} values but diagonal has ${n}`);
  }
  const c = new Float64Array(n); // modified upper diagonal
  const u = new Float64Array(n); // modified rhs, then the solution
  let pivot = diagonal[0];
  if (pivot === 0) throw new Error(`${fn}: zero pivot at row 0 (the matrix needs pivoting; it is not diagonally dominant)`);
  c[0] = upper[0] / pivot;
  u[0] = rhs[0] / pivot;
  for (let i = 1; i < n; i++) {
    pivot = diagonal[i] - lower[i] * c[i - 1];
    if (pivot === 0) throw new Error(`${fn}: zero pivot at row ${i} (the matrix needs pivoting; it is not diagonally dominant)`);
    c[i] = upper[i] / pivot;
    u[i] = (rhs[i] - lower[i] * u[i - 1]) / pivot;
  }
  for (let i = n - 2; i >= 0; i--) u[i] -= c[i] * u[i + 1];
  return u;
}
