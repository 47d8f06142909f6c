/** The lecture's two test problems, ready to spread into `solveOde`: `solveOde({ ...decayProblem(), hidden: [10] }).maxError()` compares with the exact solution. */
import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import type { InitialCondition, OdeEquation } from "./trial";

/** A problem: the equation, its domain and conditions, and the analytic solution. */
export interface OdeProblem {
  equation: OdeEquation;
  domain: [number, number];
  initialCondition?: InitialCondition;
  boundary?: [number, number];
  /** The analytic solution. */
  exact: (x: number) => number;
  /** The problem in words and formulas. */
  description: string;
}

/** Exponential decay g'(x) = -gamma g(x), g(0) = g0 on [0, 1] (default gamma = 2, g0 = 10, the lecture's), exact solution g0 exp(-gamma x). Residual g' + gamma g. */
export function decayProblem(options: { gamma?: number; g0?: number; domain?: [number, number] } = {}): OdeProblem {
  checkOptions(options, "decayProblem", "options", ["gamma", "g0", "domain"]);
  const gamma = options.gamma ?? 2;
  const g0 = options.g0 ?? 10;
  if (!Number.isFinite(gamma)) throw new Error(`decayProblem: gamma must be a finite number, got ${String(gamma)}`);
  if (!Number.isFinite(g0)) throw new Error(`decayProblem: g0 must be a finite number, got ${String(g0)}`);
  const domain = options.domain ?? [0, 1];
  const x0 = domain[0];
  return {
    equation: ({ g, dg }) => dg.add(g.mul(gamma)),
    domain,
    initialCondition: { x: x0, g: g0 },
    exact: (x) => g0 * Math.exp(-gamma * (x - x0)),
    description: `g'(x) = -${gamma} g(x), g(${x0}) = ${g0}`,
  };
}

/** The lecture's right-hand side f(x) = (3x + x^2) e^x. */
export const poissonSource = (x: number): number => (3 * x + x * x) * Math.exp(x);

/** Its solution of -g'' = f with g(0) = g(1) = 0: g(x) = x (1 - x) e^x. */
export const poissonExact = (x: number): number => x * (1 - x) * Math.exp(x);

/**
 * The 1-D Poisson equation -g''(x) = f(x) on [0, 1] with g(0) = g(1) = 0
 * (default f(x) = (3x + x^2) e^x, exact solution x (1 - x) e^x).
 * Residual -g'' - f, with f evaluated once per set of points.
 */
export function poissonProblem(options: { f?: (x: number) => number; exact?: (x: number) => number } = {}): OdeProblem {
  checkOptions(options, "poissonProblem", "options", ["f", "exact"]);
  const f = options.f ?? poissonSource;
  if (typeof f !== "function") throw new Error("poissonProblem: f must be a function x => f(x)");
  const exact = options.exact ?? (options.f === undefined ? poissonExact : undefined);
  const cache = new WeakMap<Tensor, Tensor>();
  const source = (x: Tensor): Tensor => {
    let fx = cache.get(x);
    if (fx === undefined) {
      fx = new Tensor(Float64Array.from(x.data, f), x.shape);
      cache.set(x, fx);
    }
    return fx;
  };
  return {
    equation: ({ x, d2g }) => d2g.neg().sub(source(x)),
    domain: [0, 1],
    boundary: [0, 0],
    exact: exact ?? (() => NaN),
    description: options.f === undefined ? "-g''(x) = (3x + x^2) e^x, g(0) = g(1) = 0" : "-g''(x) = f(x), g(0) = g(1) = 0",
  };
}
