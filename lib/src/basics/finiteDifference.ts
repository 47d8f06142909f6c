/**
 * Central finite differences, the independent check of every hand-derived
 * derivative in the first notebooks:
 *   f'(x) ~ (f(x + h) - f(x - h)) / (2h),   error O(h^2).
 * With h = 1e-5 and smooth f of size O(1) the error is ~1e-10 (truncation h^2
 * and round-off eps/h balance near h ~ 1e-5).
 */

/** Central difference (f(x + h) - f(x - h)) / (2h). */
export function centralDifference(f: (x: number) => number, x: number, h = 1e-5): number {
  if (!(h > 0)) throw new Error(`centralDifference: step h must be positive, got ${h}`);
  return (f(x + h) - f(x - h)) / (2 * h);
}

/**
 * Gradient of f at theta by central differences in each coordinate.
 * `f` receives a copy of theta with one entry shifted by +-h.
 */
export function centralDifferenceGradient(
  f: (theta: number[]) => number,
  theta: ArrayLike<number>,
  h = 1e-5,
): number[] {
  if (!(h > 0)) throw new Error(`centralDifferenceGradient: step h must be positive, got ${h}`);
  const point = Array.from(theta);
  const grad: number[] = new Array(point.length);
  for (let i = 0; i < point.length; i++) {
    const saved = point[i];
    point[i] = saved + h;
    const up = f(point.slice());
    point[i] = saved - h;
    const down = f(point.slice());
    point[i] = saved;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}
