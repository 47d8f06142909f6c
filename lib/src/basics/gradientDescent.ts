import { checkIterations, checkPositive, divergenceMessage, isDiverging } from "./internal";

/** Cost and gradient at a parameter vector. */
export interface CostWithGradient {
  cost: number;
  gradient: ArrayLike<number>;
}

/** Options of {@link gradientDescentLoop}. */
export interface GradientDescentLoopOptions {
  /** Starting parameters theta_0. */
  theta0: ArrayLike<number>;
  /** Returns C(theta) and dC/dtheta (e.g. hand-written backpropagation, or autodiff). */
  costAndGradient: (theta: number[]) => CostWithGradient;
  /** Learning rate eta. */
  learningRate: number;
  /** Number of steps. */
  iterations: number;
  /** Name used in error messages (default "gradientDescentLoop"). */
  name?: string;
}

/** Result of {@link gradientDescentLoop}. */
export interface GradientDescentLoopResult {
  /** Final parameters. */
  theta: number[];
  /** Cost before each step and after the last (length iterations + 1 unless diverged). */
  cost: number[];
  /** Euclidean norm of the gradient before each step. */
  gradientNorm: number[];
  /** True if the run blew up (stopped early). */
  diverged: boolean;
  /** Why it diverged and what to do; empty if it did not. */
  message: string;
}

/**
 * Plain gradient descent theta <- theta - eta dC/dtheta, one full-batch step
 * per iteration, recording the cost and gradient norm. Stops early, with a
 * message, if the cost blows up.
 */
export function gradientDescentLoop(options: GradientDescentLoopOptions): GradientDescentLoopResult {
  const fn = options.name ?? "gradientDescentLoop";
  const { learningRate, iterations } = options;
  checkPositive(fn, "learningRate", learningRate);
  checkIterations(fn, iterations);
  const theta = Array.from(options.theta0);
  let cg = options.costAndGradient(theta.slice());
  if (cg.gradient.length !== theta.length) {
    throw new Error(`${fn}: costAndGradient returned ${cg.gradient.length} derivatives for ${theta.length} parameters`);
  }
  const cost = [cg.cost];
  const gradientNorm: number[] = [];
  const initialCost = cg.cost;
  for (let it = 1; it <= iterations; it++) {
    let norm2 = 0;
    for (let i = 0; i < theta.length; i++) {
      const g = cg.gradient[i];
      norm2 += g * g;
      theta[i] -= learningRate * g;
    }
    gradientNorm.push(Math.sqrt(norm2));
    cg = options.costAndGradient(theta.slice());
    cost.push(cg.cost);
    if (isDiverging(cg.cost, initialCost)) {
      return { theta, cost, gradientNorm, diverged: true, message: divergenceMessage(fn, it, cg.cost, learningRate) };
    }
  }
  return { theta, cost, gradientNorm, diverged: false, message: "" };
}
