/**
 * Trial solutions that meet the conditions by construction.
 *
 * The lecture writes g_t(x, P) = h1(x) + h2(x, N(x, P)). We use the product
 * form g_t(x) = h1(x) + h2(x) N(x): h1 carries the conditions and h2 vanishes
 * where they are imposed, so whatever the network outputs, the conditions hold
 * exactly and training only has to fit the equation:
 *
 * - initial value g(x0) = g0:                 h1 = g0,              h2 = x - x0
 *   (the lecture's g_t = g0 + x N(x) for x0 = 0);
 * - initial value and slope g(x0) = g0, g'(x0) = v0:
 *                                             h1 = g0 + v0 (x - x0), h2 = (x - x0)^2
 *   (h2 and h2' both vanish at x0, so g_t' (x0) = v0);
 * - boundary values g(a) = ga, g(b) = gb:     h1 = ga (b - x)/(b - a) + gb (x - a)/(b - a),
 *                                             h2 = (x - a)(b - x)
 *   (the Poisson lecture's x (1 - x) N(x) for a = 0, b = 1, ga = gb = 0).
 *
 * Each form provides h1, h2 and their first two derivatives at the points (for
 * the fused fast path) and g_t as tensor ops of x and N (for the generic path).
 */
import { add, div, mul, sub } from "../tensor/elementwise";
import { Tensor } from "../tensor/tensor";
import type { InitialCondition, TrialForm, TrialFunction } from "./types";

/** A trial solution ready for the solver. */
export interface ResolvedTrial {
  /** A formula for people, e.g. "g_t(x) = 10 + x N(x)". */
  readonly description: string;
  /** g_t(x) as tensor ops of x [n] and the network output N [n]. */
  compose(x: Tensor, network: Tensor): Tensor;
}

const fmt = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+$/, ""));
const shift = (x0: number): string => (x0 === 0 ? "x" : `(x - ${fmt(x0)})`);

/** g_t = g0 (+ v0 (x - x0)) + (x - x0)^p N(x), p = 1 without a slope, 2 with one. */
export function initialValueTrial(condition: InitialCondition, x0: number): ResolvedTrial {
  const g0 = condition.g;
  const v0 = condition.dg;
  if (v0 === undefined) {
    return {
      description: `g_t(x) = ${fmt(g0)} + ${shift(x0)} N(x)`,
      compose: (x, network) => add(mul(sub(x, x0), network), g0),
    };
  }
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

/** A user's trial: h1 + h2 N with h1, h2 given as tensor functions of x, or a general function of (x, N). */
export function customTrial(trial: TrialForm | TrialFunction): ResolvedTrial {
  if (typeof trial === "function") {
    return { description: "g_t(x) = trial(x, N(x))", compose: trial };
  }
  const { offset, factor } = trial;
  if (typeof factor !== "function") throw new Error("solveOde: trial.factor must be a function of the points x (a Tensor)");
  if (typeof offset !== "number" && typeof offset !== "function") {
    throw new Error("solveOde: trial.offset must be a number or a function of the points x (a Tensor)");
  }
  const offsetFn = typeof offset === "number" ? null : offset;
  return {
    description: "g_t(x) = offset(x) + factor(x) N(x)",
    compose: (x, network) => add(offsetFn === null ? (offset as number) : offsetFn(x), mul(factor(x), network)),
  };
}
