/**
 * Gradient checking against finite differences in seeded random directions. With a random
 * output weighting u, phi(x) = <u, f(x)> is a scalar; along a random direction v of one input
 * (so a failure names the input) the fourth-order central difference
 *
 *     D = [8 (phi(x + h v) - phi(x - h v)) - (phi(x + 2h v) - phi(x - 2h v))] / (12 h)
 *
 * is compared with <vjp(u)_i, v> (reverse mode) and <u, jvp(f, x, v)> (forward mode); the
 * error is |analytic - numeric| / max(|analytic|, |numeric|, floor). Order 2 checks the
 * gradient of x -> <grad phi(x), w> (reverse over reverse) and the jvp of x -> <u, jvp(f, x, w)>.
 */
import { Random } from "../random";
import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";
import { vjp } from "./grad";
import { jvp } from "./jvp";
import { noGrad } from "../tensor/mode";

export interface CheckGradOptions {
  /** 1: first derivatives; 2: derivatives of the derivatives (default 1). */
  order?: 1 | 2;
  /** Which mode(s) to check (default "both"). */
  mode?: "vjp" | "jvp" | "both";
  /** Finite-difference step h (default 1e-3; the stencil is fourth-order accurate). */
  eps?: number;
  /** Seed of the random directions (default 0). */
  seed?: number;
  /** Random directions per input (default 3). */
  directions?: number;
  /** Largest acceptable relative error (default 1e-6). */
  tolerance?: number;
  /** Denominator floor, so that derivatives near 0 are compared absolutely (default 1e-3). */
  floor?: number;
}

export interface CheckGradWorst {
  mode: "vjp" | "jvp";
  order: 1 | 2;
  /** Indices of the perturbed input and of the random direction. */
  input: number;
  direction: number;
  analytic: number;
  numeric: number;
  relativeError: number;
}

export interface CheckGradResult {
  passed: boolean;
  maxRelativeError: number;
  worst: CheckGradWorst | null;
  /** Number of directional comparisons made. */
  checks: number;
  /** One line for people, e.g. "checkGrad: passed (24 checks, max relative error 3.1e-11 ...)". */
  summary: string;
}

type Fn = (...args: Tensor[]) => Tensor;

function randomLike(shape: readonly number[], rng: Random): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.normal();
  return new Tensor(data, shape);
}

function dot(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i] * b.data[i];
  return s;
}

function shifted(x: Tensor, v: Tensor, step: number): Tensor {
  const data = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) data[i] = x.data[i] + step * v.data[i];
  return new Tensor(data, x.shape);
}

/** Compares the derivatives of f at `inputs` along `directions` random directions per input, recording the worst in `result`. */
function compare(
  f: Fn, inputs: Tensor[], modes: ("vjp" | "jvp")[], order: 1 | 2, rng: Random,
  { eps, directions, floor }: { eps: number; directions: number; floor: number }, result: CheckGradResult,
): void {
  const output = noGrad(() => f(...inputs));
  if (!(output instanceof Tensor)) throw new Error(`checkGrad: f must return a Tensor, got ${typeof output}`);
  const u = output.size === 1 ? new Tensor(Float64Array.of(1), output.shape) : randomLike(output.shape, rng);
  const phi = (xs: Tensor[]): number => noGrad(() => dot(u, f(...xs)));
  const reverse = modes.includes("vjp") ? vjp(f, inputs).vjp(u) : null;
  for (let d = 0; d < directions; d++) {
    for (let i = 0; i < inputs.length; i++) {
      const v = randomLike(inputs[i].shape, rng);
      const at = (step: number): number => phi(inputs.map((x, j) => (j === i ? shifted(x, v, step) : x)));
      const numeric = (8 * (at(eps) - at(-eps)) - (at(2 * eps) - at(-2 * eps))) / (12 * eps);
      for (const mode of modes) {
        const tangents = (): Tensor[] => inputs.map((x, j) => (j === i ? v : new Tensor(new Float64Array(x.size), x.shape)));
        const analytic = mode === "vjp" ? dot(reverse![i], v) : dot(u, jvp(f, inputs, tangents()).tangent);
        const error = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric), floor);
        result.checks++;
        if (!(error <= result.maxRelativeError) || result.worst === null) { // NaN counts as worst
          result.maxRelativeError = Number.isNaN(error) ? Infinity : Math.max(result.maxRelativeError, error);
          result.worst = { mode, order, input: i, direction: d, analytic, numeric, relativeError: error };
        }
      }
    }
  }
}

/**
 * Checks the derivatives of f at `inputs` against finite differences.
 *
 *     const report = checkGrad((x, w) => sum(sigmoid(matmul(x, w))), [x, w], { order: 2 });
 *     expect(report.maxRelativeError).toBeLessThan(1e-6);
 */
export function checkGrad(f: Fn, inputs: readonly Tensor[], options: CheckGradOptions = {}): CheckGradResult {
  if (typeof f !== "function") throw new Error(`checkGrad: f must be a function, got ${typeof f}`);
  if (!Array.isArray(inputs) || inputs.length === 0) throw new Error("checkGrad: inputs must be a non-empty array of tensors");
  inputs.forEach((x, i) => {
    if (!(x instanceof Tensor)) throw new Error(`checkGrad: inputs[${i}] has mismatched dtype; expected a Tensor`);
  });
  checkOptions(options, "checkGrad", "options", ["order", "mode", "eps", "directions", "tolerance", "floor", "seed"]);
  const positive = (name: string, value: unknown): void => {
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) throw new Error(`checkGrad: ${name} must be a positive finite number, got ${formatValue(value)}`);
  };
  const order = options.order ?? 1;
  if (order !== 1 && order !== 2) throw new Error(`checkGrad: order must be 1 or 2, got ${String(order)}`);
  const mode = options.mode ?? "both";
  if (mode !== "vjp" && mode !== "jvp" && mode !== "both") throw new Error(`checkGrad: mode must be "vjp", "jvp" or "both", got ${String(mode)}`);
  const eps = options.eps ?? 1e-3;
  positive("eps", eps);
  const directions = options.directions ?? 3;
  if (!Number.isInteger(directions) || directions < 1) {
    throw new Error(`checkGrad: directions must be an integer >= 1 (a check along 0 directions checks nothing), got ${String(directions)}`);
  }
  const tolerance = options.tolerance ?? 1e-6;
  const floor = options.floor ?? 1e-3;
  positive("tolerance", tolerance);
  positive("floor", floor);
  const rng = new Random(options.seed ?? 0);
  const xs = inputs.map((x) => x.detach());
  const result: CheckGradResult = { passed: false, maxRelativeError: 0, worst: null, checks: 0, summary: "" };
  const modes: ("vjp" | "jvp")[] = mode === "both" ? ["vjp", "jvp"] : [mode];
  const settings = { eps, directions, floor };
  if (order === 1) {
    compare(f, xs, modes, 1, rng, settings, result);
  } else {
    const output = noGrad(() => f(...xs));
    const u = output.size === 1 ? new Tensor(Float64Array.of(1), output.shape) : randomLike(output.shape, rng);
    for (const m of modes) {
      const w = xs.map((x) => randomLike(x.shape, rng));
      const derivative: Fn = m === "vjp"
        ? (...args) => { // <grad <u, f>(x), w>, recorded
          const g = vjp(f, args, { createGraph: true }).vjp(u);
          return g.map((gi, i) => gi.mul(w[i]).sum()).reduce((total, term) => total.add(term));
        }
        : (...args) => jvp(f, args, w).tangent.mul(u).sum(); // <u, J(x) w>
      compare(derivative, xs, [m], 2, rng, settings, result);
    }
  }
  result.passed = result.maxRelativeError <= tolerance;
  const w = result.worst;
  const where = w === null ? "" : `; worst: ${w.mode} order ${w.order}, input ${w.input}, direction ${w.direction}: ` +
    `analytic ${w.analytic.toPrecision(8)} vs numeric ${w.numeric.toPrecision(8)}`;
  result.summary = `checkGrad: ${result.passed ? "passed" : "FAILED"} (${result.checks} checks, max relative error ` +
    `${result.maxRelativeError.toExponential(1)}, tolerance ${tolerance.toExponential(0)}${where})`;
  return result;
}
