/**
 * Independent references for the ODE tests: the one-hidden-layer network of
 * the lecture and its x-derivatives in closed form, with plain numbers (no
 * nnlab), and the lecture's costs built on them.
 */
export interface PlainNet {
  w1: Float64Array; // [10] input -> hidden weights
  b1: Float64Array; // [10]
  w2: Float64Array; // [10] hidden -> output weights
  b2: number;
}

/** N, N', N'' of sum_j w2_j sigmoid(w1_j x + b1_j) + b2 at x. */
export function plainNetwork(p: PlainNet, x: number): [number, number, number] {
  let n0 = p.b2, n1 = 0, n2 = 0;
  for (let j = 0; j < p.w1.length; j++) {
    const s = 1 / (1 + Math.exp(-(p.w1[j] * x + p.b1[j])));
    const ds = s * (1 - s);
    n0 += p.w2[j] * s;
    n1 += p.w2[j] * ds * p.w1[j];
    n2 += p.w2[j] * ds * (1 - 2 * s) * p.w1[j] * p.w1[j];
  }
  return [n0, n1, n2];
}

/** From the solver's parameter tensors [W1 [1,h], b1 [h], W2 [h,1], b2 [1]] (as flat arrays). */
export function plainFromFlat(w: Float64Array[]): PlainNet {
  return { w1: w[0], b1: w[1], w2: w[2], b2: w[3][0] };
}

/** The lecture's decay cost sum_i (g_t'(x_i) + gamma g_t(x_i))^2 with g_t = g0 + x N(x). */
export function decayCost(p: PlainNet, xs: ArrayLike<number>, gamma: number, g0: number): number {
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const [n0, n1] = plainNetwork(p, x);
    const g = g0 + x * n0;
    const dg = n0 + x * n1;
    c += (dg + gamma * g) ** 2;
  }
  return c;
}

/** The Poisson cost sum_i (-g_t''(x_i) - f(x_i))^2 with g_t = x (1 - x) N(x). */
export function poissonCost(p: PlainNet, xs: ArrayLike<number>, f: (x: number) => number): number {
  let c = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const [n0, n1, n2] = plainNetwork(p, x);
    // g = (x - x^2) N: g'' = -2 N + 2 (1 - 2x) N' + (x - x^2) N''
    const d2g = -2 * n0 + 2 * (1 - 2 * x) * n1 + (x - x * x) * n2;
    c += (-d2g - f(x)) ** 2;
  }
  return c;
}

/** Central-difference gradient of a function of flat parameter arrays. */
export function centralGradient(f: (w: Float64Array[]) => number, w: Float64Array[], h = 1e-6): Float64Array[] {
  return w.map((arr, a) => {
    const out = new Float64Array(arr.length);
    for (let i = 0; i < arr.length; i++) {
      const plus = w.map((v) => v.slice());
      const minus = w.map((v) => v.slice());
      plus[a][i] += h;
      minus[a][i] -= h;
      out[i] = (f(plus) - f(minus)) / (2 * h);
    }
    return out;
  });
}

/** n evenly spaced points on [a, b]. */
export function grid(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + ((b - a) * i) / (n - 1)));
}
