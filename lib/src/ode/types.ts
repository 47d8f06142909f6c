/**
 * Shared types of the neural-network ODE solver (see solveOde.ts).
 *
 * Notation follows the lecture: the network N(x, P) with parameters P, the
 * trial solution g_t(x, P), its derivatives g_t'(x) and g_t''(x).
 */
import type { Tensor } from "../tensor/tensor";

/** Activation of the hidden layers (the output layer is linear). */
export type OdeActivation = "sigmoid" | "tanh" | "sin";

/** What the residual function sees: the points and the trial solution with its derivatives there. */
export interface OdeTerms {
  /** The collocation points x_i, shape [n] (a constant). */
  readonly x: Tensor;
  /** g_t(x_i), shape [n]. */
  readonly g: Tensor;
  /** g_t'(x_i), shape [n] (forward mode). */
  readonly dg: Tensor;
  /** g_t''(x_i), shape [n] (nested forward mode); only for second-order equations. */
  readonly d2g: Tensor;
}

/**
 * The equation as a residual: a Tensor of shape [n] (or [n, 1]) that is zero
 * where the equation holds, built with nnlab's tensor ops, e.g.
 * `({ g, dg }) => dg.add(g.mul(gamma))` for g' = -gamma g.
 */
export type OdeEquation = (terms: OdeTerms) => Tensor;

/**
 * A trial solution in the lecture's form g_t(x) = h1(x) + h2(x) N(x): `offset`
 * is h1, `factor` multiplies the network. Both are written with tensor ops of
 * x (shape [n]) and must be chosen so that g_t meets the conditions whatever N
 * is (e.g. factor(x0) = 0 for an initial value g(x0) = offset(x0)). A number
 * is a constant.
 */
export interface TrialForm {
  offset: ((x: Tensor) => Tensor) | number;
  factor: (x: Tensor) => Tensor;
}

/** A general trial solution: any differentiable expression of x and the network output N(x) (both [n]). */
export type TrialFunction = (x: Tensor, network: Tensor) => Tensor;

/** An initial condition at x (default: the left end of the domain): g(x) = g and, for second-order problems, g'(x) = dg. */
export interface InitialCondition {
  x?: number;
  g: number;
  dg?: number;
}
