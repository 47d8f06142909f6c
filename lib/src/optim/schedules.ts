/** Learning-rate schedules: functions from the step number (0, 1, 2, ...) to eta. An optimizer takes either a number or one of these. */
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";

export type Schedule = (step: number) => number;
export type LearningRate = number | Schedule;

/** Validates and evaluates a learning rate at a step. */
export function resolveLearningRate(fn: string, learningRate: LearningRate, step: number): number {
  const eta = typeof learningRate === "function" ? learningRate(step) : learningRate;
  if (typeof eta !== "number" || !Number.isFinite(eta) || eta < 0) {
    const shown = formatValue(eta);
    const what = typeof learningRate === "function" ? `the schedule gave ${shown} at step ${step}` : `got ${shown}`;
    throw new Error(`${fn}: learningRate must be a finite number >= 0, ${what}`);
  }
  return eta;
}

function positive(fn: string, name: string, v: number): void {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new Error(`${fn}: ${name} must be a finite number > 0, got ${String(v)}`);
}

/** eta_t = initial * factor^floor(t / every). */
export function stepDecay(options: { initial: number; factor: number; every: number }): Schedule {
  checkOptions(options, "stepDecay", "options", ["initial", "factor", "every"]);
  positive("stepDecay", "initial", options.initial);
  positive("stepDecay", "factor", options.factor);
  positive("stepDecay", "every", options.every);
  const { initial, factor, every } = options;
  return (t) => initial * Math.pow(factor, Math.floor(t / every));
}

/** Cosine annealing from `initial` to `minimum` over `steps` steps, then `minimum`. */
export function cosineDecay(options: { initial: number; steps: number; minimum?: number }): Schedule {
  checkOptions(options, "cosineDecay", "options", ["initial", "steps", "minimum"]);
  positive("cosineDecay", "initial", options.initial);
  positive("cosineDecay", "steps", options.steps);
  const minimum = options.minimum ?? 0;
  if (!(minimum >= 0 && minimum <= options.initial)) throw new Error(`cosineDecay: minimum must be in [0, initial], got ${String(minimum)}`);
  const { initial, steps } = options;
  return (t) => (t >= steps ? minimum : minimum + 0.5 * (initial - minimum) * (1 + Math.cos((Math.PI * t) / steps)));
}

/** Linear warm-up over `warmupSteps`, then the wrapped schedule (shifted). */
export function warmup(schedule: LearningRate, warmupSteps: number): Schedule {
  positive("warmup", "warmupSteps", warmupSteps);
  return (t) => {
    const base = typeof schedule === "function" ? schedule(Math.max(0, t - warmupSteps)) : schedule;
    return t < warmupSteps ? (base * (t + 1)) / warmupSteps : base;
  };
}
