/**
 * Solving an ODE with a neural network (the lecture's method): a trial solution g_t(x, P) = h1(x) + h2(x) N(x, P)
 * meets the conditions for every P (trial.ts); the equation is a residual that vanishes where it holds (g' + gamma g
 * for g' = -gamma g); the cost c(P) = sum_i residual(x_i, P)^2 over the collocation points is minimised. g_t', g_t''
 * come from forward mode (jvp along dx = 1), the gradient of the cost from reverse mode, all with ordinary tensor ops
 * (notebook 06 writes the same loop from scratch). Optimisers: the lecture's gradient descent ("gd"), Adam/RMSprop/
 * Adagrad or any Optimizer, and "lm", Levenberg-Marquardt (errors of 1e-6..1e-8 in a few hundred iterations).
 *
 *     const solution = solveOde({
 *       equation: ({ g, dg }) => dg.add(g.mul(2)), initialCondition: { g: 10 },   // g' = -2 g, g(0) = 10
 *       domain: [0, 1], points: 10, hidden: [10], optimizer: "lm", iterations: 300, seed: 1,
 *     });
 *     solution.predict([0, 0.5, 1]);                                              // Float64Array
 */
import { jvp } from "../autodiff/jvp";
import { backward } from "../tensor/backward";
import { noGrad } from "../tensor/mode";
import { Adagrad } from "../optim/adagrad";
import { Adam } from "../optim/adam";
import type { Optimizer } from "../optim/optimizer";
import { RMSprop } from "../optim/rmsprop";
import type { LearningRate } from "../optim/schedules";
import { SGD } from "../optim/sgd";
import { DivergenceWatch } from "../optim/divergence";
import type { Random } from "../random";
import { mean, sum } from "../tensor/reduce";
import { square } from "../tensor/elementwise";
import { reshape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { levenbergMarquardt } from "./levenbergMarquardt";
import { initOdeNetwork, networkOutput } from "./network";
import {
  boundaryValueTrial, initialValueTrial, type InitialCondition, type OdeActivation, type OdeEquation, type OdeTerms, type ResolvedTrial,
} from "./trial";

/** Points accepted by `predict`, `derivative` and `maxError`. */
export type OdePoints = number | readonly number[] | Float64Array | Tensor;

/** Built-in optimisers: "gd" is plain gradient descent (the lecture's), "lm" Levenberg-Marquardt (damped Gauss-Newton; no learningRate). */
export type OdeOptimizerName = "gd" | "sgd" | "adam" | "rmsprop" | "adagrad" | "lm";

export interface SolveOdeOptions {
  /** The residual of the equation, e.g. `({ g, dg }) => dg.add(g.mul(gamma))`. */
  equation: OdeEquation;
  /** The interval [a, b] (a < b). */
  domain: readonly [number, number];
  /** Collocation points: how many, evenly spaced over the domain with both ends (default 10, the lecture's), or the points themselves. */
  points?: number | readonly number[] | Float64Array;
  /** g(x0) = g (and g'(x0) = dg for a second-order problem); x0 defaults to the left end. */
  initialCondition?: InitialCondition;
  /** Values [g(a), g(b)] at the two ends of the domain (a boundary-value problem). */
  boundary?: readonly [number, number];
  /** Hidden layer widths (default [10], the lecture's one hidden layer of 10 neurons). */
  hidden?: readonly number[];
  /** Hidden activation (default "sigmoid"). */
  activation?: OdeActivation;
  /** Weight initialisation (default "normal": N(0, 1) weights and biases, as in the lecture). */
  init?: "normal" | "glorot";
  /** Start from these parameters (e.g. a previous solution's `parameters`) instead of fresh ones; they are copied. */
  parameters?: readonly Tensor[];
  /** "gd" (default, the lecture's), "adam", "rmsprop", "adagrad", "lm" (Levenberg-Marquardt), or a function building any Optimizer for the parameters. */
  optimizer?: OdeOptimizerName | ((params: Tensor[]) => Optimizer);
  /** Step size eta, or a schedule (default 0.001, the lecture's). */
  learningRate?: LearningRate;
  /** Optimisation steps (default 1000; "lm" stops earlier once no step lowers the cost). */
  iterations?: number;
  /** "sum" (default, the lecture's c(P) = sum_i r_i^2) or "mean". */
  cost?: "sum" | "mean";
  /** Seed or generator of the initial weights (default 0). */
  seed?: number | Random;
  /** The analytic solution, if known: `maxError()` then compares against it by default. */
  exact?: (x: number) => number;
  /** Ignored (problem helpers carry a description for people). */
  description?: string;
}

export interface OdeSolution {
  /** g_t at the points. */
  predict(x: OdePoints): Float64Array;
  /** g_t' (order 1, default) or g_t'' (order 2) at the points. */
  derivative(x: OdePoints, order?: 1 | 2): Float64Array;
  /**
   * max_i |g_t(x_i) - exact(x_i)| (exact defaults to the `exact` option) on `points`: a count of
   * evenly spaced points over the domain (default 100, both ends included) or the points themselves.
   */
  maxError(exact?: (x: number) => number, points?: OdePoints): number;
  /** Cost of every iteration (before its step). */
  history: Float64Array;
  /** Cost after the last step. */
  cost: number;
  iterations: number;
  /** Wall-clock seconds of the training loop. */
  seconds: number;
  /** The trained parameters [W_1, b_1, ..., W_out, b_out]. */
  parameters: Tensor[];
  points: Float64Array;
  /** The trial solution as a formula. */
  trial: string;
}

const FN = "solveOde";

function finiteNumber(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${FN}: ${name} must be a finite number, got ${String(value)}`);
  return value;
}

/** Points as a Float64Array (validated). */
function odePoints(x: OdePoints, fn: string, name: string): Float64Array {
  let data: Float64Array;
  if (typeof x === "number") data = Float64Array.of(x);
  else if (x instanceof Tensor) data = Float64Array.from(x.data);
  else if (x instanceof Float64Array || Array.isArray(x)) data = Float64Array.from(x as ArrayLike<number>);
  else throw new Error(`${fn}: ${name} must be a number, an array of numbers, a Float64Array or a Tensor`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new Error(`${fn}: ${name}[${i}] must be a finite number, got ${data[i]}`);
  }
  return data;
}

/** `value` if it is one of `allowed`; else an error listing them: `solveOde: cost must be "sum" or "mean", got max`. */
function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (allowed.includes(value as T)) return value as T;
  const list = allowed.map((a) => JSON.stringify(a));
  throw new Error(`${FN}: ${name} must be ${list.slice(0, -1).join(", ")} or ${list[list.length - 1]}, got ${String(value)}`);
}

function evenly(a: number, b: number, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a + ((b - a) * i) / (n - 1);
  out[n - 1] = b;
  return out;
}

function resolveTrial(options: SolveOdeOptions, domain: readonly [number, number]): ResolvedTrial {
  if (options.initialCondition === undefined && options.boundary === undefined) throw new Error(`${FN}: give the conditions: initialCondition or boundary`);
  if (options.initialCondition !== undefined && options.boundary !== undefined) throw new Error(`${FN}: give only one of initialCondition and boundary`);
  if (options.initialCondition !== undefined) {
    const c = options.initialCondition;
    if (c === null || typeof c !== "object") throw new Error(`${FN}: initialCondition must be an object { x?, g, dg? }`);
    finiteNumber(c.g, "initialCondition.g");
    if (c.dg !== undefined) finiteNumber(c.dg, "initialCondition.dg");
    const x0 = c.x === undefined ? domain[0] : finiteNumber(c.x, "initialCondition.x");
    return initialValueTrial(c, x0);
  }
  const v = options.boundary;
  if (!Array.isArray(v) || v.length !== 2) throw new Error(`${FN}: boundary must be [g(a), g(b)]`);
  finiteNumber(v[0], "boundary[0]");
  finiteNumber(v[1], "boundary[1]");
  return boundaryValueTrial([v[0], v[1]], domain);
}

function makeOptimizer(choice: SolveOdeOptions["optimizer"], params: Tensor[], learningRate: LearningRate): Optimizer {
  if (typeof choice === "function") {
    const built = choice(params);
    if (built === null || typeof built !== "object" || typeof built.step !== "function" || typeof built.zeroGrad !== "function") {
      throw new Error(`${FN}: optimizer(params) must return an Optimizer (with step and zeroGrad)`);
    }
    return built;
  }
  switch (choice ?? "gd") {
    case "gd":
    case "sgd": return new SGD(params, { learningRate });
    case "adam": return new Adam(params, { learningRate });
    case "rmsprop": return new RMSprop(params, { learningRate });
    case "adagrad": return new Adagrad(params, { learningRate });
    case "lm": throw new Error(`${FN}: "lm" is not an Optimizer object`);
    default: throw new Error(`${FN}: optimizer must be "gd", "adam", "rmsprop", "adagrad", "lm" or a function (params) => Optimizer, got ${String(choice)}`);
  }
}

/** g_t, g_t', g_t'' with ordinary recorded tensor ops, computed when first read. */
function genericTerms(x: Tensor, params: readonly Tensor[], trial: ResolvedTrial, activation: OdeActivation): OdeTerms {
  const n = x.shape[0];
  const ones = new Tensor(new Float64Array(n).fill(1), [n]);
  const f = (y: Tensor): Tensor => trial.compose(y, networkOutput(y, params, activation));
  const first = (y: Tensor): Tensor => jvp(f, [y], [ones]).tangent;
  let g: Tensor | null = null;
  let dg: Tensor | null = null;
  let d2g: Tensor | null = null;
  return {
    x,
    get g() { return (g ??= f(x)); },
    get dg() { return (dg ??= first(x)); },
    get d2g() { return (d2g ??= jvp(first, [x], [ones]).tangent); },
  };
}

function checkResidual(r: unknown, n: number): Tensor {
  if (!(r instanceof Tensor)) throw new Error(`${FN}: equation must return a residual Tensor (one value per point), got ${r === null ? "null" : typeof r}`);
  const ok = r.size === n && (r.rank === 1 || (r.rank === 2 && r.shape[1] === 1));
  if (!ok) throw new Error(`${FN}: equation returned a residual of shape [${r.shape.join(",")}]; expected one value per point, shape [${n}] (or [${n},1])`);
  return r;
}

/** Trains a network so that g_t(x) = h1(x) + h2(x) N(x) solves the equation at the collocation points, and returns the solution (see the file comment). */
export function solveOde(options: SolveOdeOptions): OdeSolution {
  if (options === null || typeof options !== "object") throw new Error(`${FN}: options must be an object`);
  checkOptions(options, FN, "options", [
    "equation", "domain", "points", "initialCondition", "boundary", "hidden", "activation", "init", "parameters",
    "optimizer", "learningRate", "iterations", "cost", "seed", "exact", "description",
  ]);
  const { equation } = options;
  if (typeof equation !== "function") throw new Error(`${FN}: equation must be a function ({ x, g, dg, d2g }) => residual Tensor`);
  const domainIn = options.domain;
  if (!Array.isArray(domainIn) || domainIn.length !== 2 || !Number.isFinite(domainIn[0]) || !Number.isFinite(domainIn[1])) {
    throw new Error(`${FN}: domain must be [a, b] with finite a < b, got ${JSON.stringify(domainIn)}`);
  }
  if (!(domainIn[0] < domainIn[1])) throw new Error(`${FN}: domain must be [a, b] with a < b, got [${domainIn[0]}, ${domainIn[1]}] (reversed or empty)`);
  const domain: readonly [number, number] = [domainIn[0], domainIn[1]];
  const pointsIn = options.points ?? 10;
  let xs: Float64Array;
  if (typeof pointsIn === "number") {
    if (!Number.isInteger(pointsIn) || pointsIn < 2) throw new Error(`${FN}: points must be an integer >= 2 (or an array of points), got ${pointsIn}`);
    xs = evenly(domain[0], domain[1], pointsIn);
  } else {
    xs = odePoints(pointsIn, FN, "points");
    if (xs.length < 2) throw new Error(`${FN}: points must hold at least 2 points, got ${xs.length}`);
  }
  const n = xs.length;
  const hidden = options.hidden ?? [10];
  if (!Array.isArray(hidden) || hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new Error(`${FN}: hidden must be an array of positive integers (neurons per hidden layer), got ${JSON.stringify(hidden)}`);
  }
  const activation = oneOf("activation", options.activation ?? "sigmoid", ["sigmoid", "tanh", "sin"]);
  const learningRate = options.learningRate ?? 0.001;
  if (typeof learningRate !== "function" && (typeof learningRate !== "number" || !Number.isFinite(learningRate) || learningRate <= 0)) {
    throw new Error(`${FN}: learningRate must be a positive finite number or a schedule, got ${String(learningRate)}`);
  }
  const iterations = options.iterations ?? 1000;
  if (!Number.isInteger(iterations) || iterations < 0) throw new Error(`${FN}: iterations must be an integer >= 0, got ${String(iterations)}`);
  const costKind = oneOf("cost", options.cost ?? "sum", ["sum", "mean"]);
  if (options.init !== undefined) oneOf("init", options.init, ["normal", "glorot"]);
  const trial = resolveTrial(options, domain);

  let params: Tensor[];
  if (options.parameters !== undefined) {
    const given = options.parameters;
    const expected = initOdeNetwork({ hidden, seed: 0 });
    if (!Array.isArray(given) || given.length !== expected.length || given.some((p, i) => !(p instanceof Tensor) || p.size !== expected[i].size)) {
      throw new Error(`${FN}: parameters do not fit a network with hidden ${JSON.stringify(hidden)} ([W_1, b_1, ..., W_out, b_out])`);
    }
    params = given.map((p, i) => new Tensor(Float64Array.from(p.data), expected[i].shape, true));
  } else {
    params = initOdeNetwork({ hidden, seed: options.seed, init: options.init });
  }
  const x = new Tensor(xs, [n]);

  const residualOf = (): Tensor => checkResidual(equation(genericTerms(x, params, trial, activation)), n);
  const scale = costKind === "sum" ? 1 : 1 / n;
  const costOf = (): Tensor => {
    const sq = square(residualOf());
    return costKind === "sum" ? sum(sq) : mean(sq);
  };

  const history = new Float64Array(iterations);
  let taken = 0;
  let eta: number | null = null;
  const watch = new DivergenceWatch(FN, () => eta, 'use the "adam" or "lm" optimizer');
  /** Records the cost of iteration `it`; throws on divergence (the rule of optim/divergence.ts). */
  const report = (it: number, value: number): true => {
    watch.step(value, `at iteration ${it}`);
    history[it] = value;
    taken = it + 1;
    return true;
  };
  const start = performance.now();
  if (options.optimizer === "lm") {
    levenbergMarquardt({
      params,
      residual: () => reshape(residualOf(), [n]),
      iterations,
      onIteration: (it, sumOfSquares) => report(it, sumOfSquares * scale),
    });
  } else {
    const optimizer = makeOptimizer(options.optimizer, params, learningRate);
    for (let it = 0; it < iterations; it++) {
      const c = costOf();
      const lr = (optimizer as { learningRate?: unknown }).learningRate;
      eta = typeof lr === "number" ? lr : null;
      const value = c.data[0];
      watch.step(value, `at iteration ${it}`); // before the step: never step from a diverged cost
      optimizer.zeroGrad();
      backward(c);
      optimizer.step();
      report(it, value);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const finalCost = noGrad(() => costOf()).data[0];
  for (const p of params) p.grad = null;

  // evaluation at new points
  const evaluate = (pointsIn: OdePoints, k: 0 | 1 | 2, name: string): Float64Array => {
    const pts = odePoints(pointsIn, name, "x");
    if (pts.length === 0) return new Float64Array(0);
    const xt = new Tensor(pts, [pts.length]);
    return noGrad(() => {
      const terms = genericTerms(xt, params, trial, activation);
      return Float64Array.from((k === 0 ? terms.g : k === 1 ? terms.dg : terms.d2g).data);
    });
  };
  const sampleGrid = (pointsIn: OdePoints | undefined): Float64Array =>
    pointsIn === undefined ? evenly(domain[0], domain[1], 100) : typeof pointsIn === "number" && Number.isInteger(pointsIn) && pointsIn >= 2
      ? evenly(domain[0], domain[1], pointsIn) : odePoints(pointsIn, "maxError", "points");

  return {
    predict: (p) => evaluate(p, 0, "predict"),
    derivative: (p, k = 1) => {
      if (k !== 1 && k !== 2) throw new Error(`derivative: order must be 1 or 2, got ${String(k)}`);
      return evaluate(p, k, "derivative");
    },
    maxError: (exact = options.exact, pointsIn?: OdePoints) => {
      if (typeof exact !== "function") throw new Error("maxError: exact must be a function x => g(x) (or pass exact to solveOde)");
      const pts = sampleGrid(pointsIn);
      const approx = evaluate(pts, 0, "maxError");
      let worst = 0;
      for (let i = 0; i < pts.length; i++) worst = Math.max(worst, Math.abs(approx[i] - exact(pts[i])));
      return worst;
    },
    history: taken === iterations ? history : history.slice(0, taken),
    cost: finalCost,
    iterations: taken,
    seconds,
    parameters: params,
    points: xs,
    trial: trial.description,
  };
}
