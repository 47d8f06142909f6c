/**
 * ODE types and trial solutions g_t = h1(x) + h2(x) N(x) that meet the conditions by construction
 * (h1 carries them, h2 vanishes where they are imposed):
 *
 * - g(x0) = g0:                 h1 = g0, h2 = x - x0 (the lecture's g0 + x N(x));
 * - g(x0) = g0, g'(x0) = v0:    h1 = g0 + v0 (x - x0), h2 = (x - x0)^2;
 * - g(a) = ga, g(b) = gb:       h1 = ga (b - x)/(b - a) + gb (x - a)/(b - a), h2 = (x - a)(b - x).
 */
import { add, div, mul, sub } from "../tensor/elementwise";
import type { Tensor } from "../tensor/tensor";

/** Activation of the hidden layers (the output layer is linear). */
export type OdeActivation = "sigmoid" | "tanh" | "sin";

/** What the residual function sees: the points x [n] and g_t, g_t', g_t'' there (each [n]; d2g only for second-order equations). */
export interface OdeTerms {
  readonly x: Tensor;
  readonly g: Tensor;
  readonly dg: Tensor;
  readonly d2g: Tensor;
}

/** The equation as a residual [n] (or [n, 1]) that is zero where it holds, e.g. `({ g, dg }) => dg.add(g.mul(gamma))` for g' = -gamma g. */
export type OdeEquation = (terms: OdeTerms) => Tensor;

/** g(x) = g (and g'(x) = dg for second-order problems) at x (default: the left end of the domain). */
export interface InitialCondition {
  x?: number;
  g: number;
  dg?: number;
}

/** A trial solution ready for the solver: a formula for people and g_t as tensor ops of x [n] and N [n]. */
export interface ResolvedTrial {
  readonly description: string;
  compose(x: Tensor, network: Tensor): Tensor;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, ""));
const shift = (x0: number): string => (x0 === 0 ? "x" : `(x - ${fmt(x0)})`);

/** g_t = g0 (+ v0 (x - x0)) + (x - x0)^p N(x), p = 1 without a slope, 2 with one. */
export function initialValueTrial(condition: InitialCondition, x0: number): ResolvedTrial {
  const g0 = condition.g;
  const v0 = condition.dg;
  if (v0 === undefined) return { description: `g_t(x) = ${fmt(g0)} + ${shift(x0)} N(x)`, compose: (x, network) => add(mul(sub(x, x0), network), g0) };
  return {
    description: `g_t(x) = ${fmt(g0)} + ${fmt(v0)} ${shift(x0)} + ${shift(x0)}^2 N(x)`,
    compose: (x, network) => {
      const d = sub(x, x0);
      return add(add(mul(d, v0), g0), mul(mul(d, d), network));
    },
  };
}

/** g_t = ga (b - x)/(b - a) + gb (x - a)/(b - a) + (x - a)(b - x) N(x). */
export function boundaryValueTrial(values: readonly [number, number], domain: readonly [number, number]): ResolvedTrial {
  const [ga, gb] = values;
  const [a, b] = domain;
  const length = b - a;
  const h1Text = ga === 0 && gb === 0 ? "" : `${fmt(ga)} (${fmt(b)} - x)/${fmt(length)} + ${fmt(gb)} ${shift(a)}/${fmt(length)} + `;
  return {
    description: `g_t(x) = ${h1Text}${shift(a)} (${fmt(b)} - x) N(x)`,
    compose: (x, network) => {
      const h1 = add(mul(div(sub(b, x), length), ga), mul(div(sub(x, a), length), gb));
      return add(h1, mul(mul(sub(x, a), sub(b, x)), network));
    },
  };
}
