import { describe, expect, it } from "vitest";
import {
  SGD, decayProblem, initOdeNetwork, poissonExact, poissonProblem, poissonSource, solveOde, solvePoissonFiniteDifference,
} from "../../lib/src/index";
import { centralGradient, decayCost, grid, plainFromFlat, poissonCost } from "./helpers";

const decay = decayProblem({ gamma: 2, g0: 10 });
const exactDecay = (x: number): number => 10 * Math.exp(-2 * x);

function relativeDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / Math.max(den, 1e-300);
}

/** The gradient the solver used: one plain gradient-descent step gives P1 = P0 - eta grad c(P0). */
function solverGradient(options: Parameters<typeof solveOde>[0], eta: number): Float64Array[] {
  const p0 = initOdeNetwork({ hidden: [10], seed: options.seed as number }).map((p) => p.data);
  const s = solveOde({ ...options, hidden: [10], optimizer: "gd", learningRate: eta, iterations: 1 });
  return s.parameters.map((p, i) => p.data.map((v, k) => (p0[i][k] - v) / eta));
}

describe("solveOde: the cost and its gradient", () => {
  it("decay: the gradient w.r.t. the parameters equals central finite differences of the lecture's cost", () => {
    const xs = grid(0, 1, 10);
    const cost = (w: Float64Array[]): number => decayCost(plainFromFlat(w), xs, 2, 10);
    const p0 = initOdeNetwork({ hidden: [10], seed: 7 }).map((p) => Float64Array.from(p.data));
    const numeric = centralGradient(cost, p0);
    const g = solverGradient({ ...decay, points: 10, seed: 7 }, 1e-9);
    g.forEach((gi, i) => expect(relativeDiff(gi, numeric[i])).toBeLessThan(1e-5));
  });

  it("Poisson: the gradient (second derivative inside the cost) equals central finite differences", () => {
    const xs = grid(0, 1, 10);
    const cost = (w: Float64Array[]): number => poissonCost(plainFromFlat(w), xs, poissonSource);
    const p0 = initOdeNetwork({ hidden: [10], seed: 3 }).map((p) => Float64Array.from(p.data));
    const numeric = centralGradient(cost, p0);
    const g = solverGradient({ ...poissonProblem(), points: 10, seed: 3 }, 1e-9);
    g.forEach((gi, i) => expect(relativeDiff(gi, numeric[i])).toBeLessThan(1e-5));
  });

  it("history[0] is the lecture's cost at the initial parameters; 'mean' divides it by the number of points", () => {
    const p0 = initOdeNetwork({ hidden: [10], seed: 5 }).map((p) => p.data);
    const expected = decayCost(plainFromFlat(p0), grid(0, 1, 10), 2, 10);
    const s = solveOde({ ...decay, seed: 5, iterations: 1 });
    expect(s.history[0]).toBeCloseTo(expected, 8);
    const m = solveOde({ ...decay, seed: 5, iterations: 1, cost: "mean" });
    expect(m.history[0]).toBeCloseTo(expected / 10, 9);
  });
});

describe("solveOde: conditions hold by construction", () => {
  it("the decay trial g_t = g0 + x N(x) gives g_t(0) = g0 exactly, trained or not", () => {
    for (const iterations of [0, 50]) {
      const s = solveOde({ ...decay, seed: 1, iterations, optimizer: "adam", learningRate: 0.01 });
      expect(s.predict([0])[0]).toBe(10);
      expect(s.trial).toBe("g_t(x) = 10 + x N(x)");
    }
  });

  it("boundary values on any interval, and initial value with slope, are met exactly", () => {
    const bvp = solveOde({ equation: ({ d2g, g }) => d2g.add(g), domain: [0.2, 2], boundary: [1.5, -0.3], iterations: 20, seed: 4, optimizer: "adam", learningRate: 0.01 });
    expect(Array.from(bvp.predict([0.2, 2]))).toEqual([1.5, -0.3]);
    const ivp = solveOde({ equation: ({ d2g, g }) => d2g.add(g.mul(4)), domain: [-1, 1], initialCondition: { g: 0.7, dg: -2.5 }, iterations: 20, seed: 4, optimizer: "adam", learningRate: 0.01 });
    expect(ivp.predict([-1])[0]).toBe(0.7);
    expect(ivp.derivative([-1])[0]).toBe(-2.5);
    const poisson = solveOde({ ...poissonProblem(), iterations: 10, seed: 1 });
    expect(Array.from(poisson.predict([0, 1]))).toEqual([0, 0]);
  });

});

describe("solveOde: the lecture's targets", () => {
  it("exponential decay (gamma 2, g0 10): max |g_t - g0 e^{-gamma x}| <= 1e-4 on 100 points", () => {
    // Levenberg-Marquardt on the lecture's network (1-10-1 sigmoid), 20 collocation points
    const s = solveOde({ ...decay, points: 20, hidden: [10], optimizer: "lm", iterations: 300, seed: 1 });
    const xs = grid(0, 1, 100);
    const g = s.predict(xs);
    const err = Math.max(...xs.map((x, i) => Math.abs(g[i] - exactDecay(x))));
    expect(err).toBeLessThanOrEqual(1e-4);
    expect(s.maxError()).toBe(err); // maxError defaults to decay.exact on 100 points
    // Adam beats the lecture's plain gradient descent at the same budget
    const gd = solveOde({ ...decay, seed: 1, optimizer: "gd", learningRate: 0.001, iterations: 10000 });
    const adam = solveOde({ ...decay, seed: 1, optimizer: "adam", learningRate: 0.01, iterations: 10000 });
    expect(gd.cost).toBeLessThan(gd.history[0] / 100); // the lecture's setting learns...
    expect(adam.cost).toBeLessThan(gd.cost / 10); // ...Adam much better
    expect(adam.maxError()).toBeLessThan(gd.maxError() / 2);
  });

  it("Poisson: the network beats finite differences on the same grid and reaches max error <= 1e-5", () => {
    for (const points of [10, 20]) {
      const s = solveOde({ ...poissonProblem(), points, hidden: [10], optimizer: "lm", iterations: 300, seed: 1 });
      const fd = solvePoissonFiniteDifference({ f: poissonSource, points });
      const fdError = Math.max(...Array.from(fd.x, (x, i) => Math.abs(fd.g[i] - poissonExact(x))));
      const netOnGrid = s.predict(fd.x);
      const netError = Math.max(...Array.from(fd.x, (x, i) => Math.abs(netOnGrid[i] - poissonExact(x))));
      expect(netError).toBeLessThan(fdError);
      expect(netError).toBeLessThanOrEqual(1e-5);
      expect(s.maxError()).toBeLessThanOrEqual(1e-5); // also between the grid points
    }
  });

  it("a second-order initial-value problem (oscillator g'' = -omega^2 g) and a nonlinear one (logistic growth)", () => {
    const omega = 3;
    const osc = solveOde({
      equation: ({ g, d2g }) => d2g.add(g.mul(omega * omega)), domain: [0, 1], initialCondition: { g: 1, dg: 0 },
      points: 20, optimizer: "lm", iterations: 300, seed: 1,
    });
    expect(osc.maxError((x) => Math.cos(omega * x))).toBeLessThan(1e-4);
    const r = 3, K = 2, g0 = 0.2;
    const logistic = solveOde({
      equation: ({ g, dg }) => dg.sub(g.mul(g.div(K).neg().add(1)).mul(r)), domain: [0, 2], initialCondition: { g: g0 },
      points: 20, optimizer: "lm", iterations: 300, seed: 1,
    });
    const exact = (x: number): number => K / (1 + ((K - g0) / g0) * Math.exp(-r * x));
    expect(logistic.maxError(exact)).toBeLessThan(1e-3);
  });
});

describe("solveOde: reproducibility and errors", () => {
  it("is deterministic: the same seed gives bit-identical runs, another seed does not", () => {
    const run = (seed: number) => solveOde({ ...decay, seed, optimizer: "adam", learningRate: 0.01, iterations: 300 });
    const a = run(3), b = run(3), c = run(4);
    expect(Array.from(a.history)).toEqual(Array.from(b.history));
    a.parameters.forEach((p, i) => expect(Array.from(p.data)).toEqual(Array.from(b.parameters[i].data)));
    expect(c.history[0]).not.toBe(a.history[0]);
    const l1 = solveOde({ ...decay, seed: 3, optimizer: "lm", iterations: 30 });
    const l2 = solveOde({ ...decay, seed: 3, optimizer: "lm", iterations: 30 });
    expect(Array.from(l1.history)).toEqual(Array.from(l2.history));
  });

  it("rejects bad input with a message naming the argument", () => {
    expect(() => solveOde({ ...decay, domain: [1, 0] })).toThrow(/solveOde: domain .*reversed/);
    expect(() => solveOde({ ...decay, points: 1 })).toThrow(/solveOde: points must be an integer >= 2/);
    expect(() => solveOde({ ...decay, points: [0.5] })).toThrow(/solveOde: points must hold at least 2 points/);
    expect(() => solveOde({ ...decay, learningRate: NaN })).toThrow(/solveOde: learningRate must be a positive finite number.*NaN/);
    expect(() => solveOde({ ...decay, equation: ({ g }) => g.sum() })).toThrow(/solveOde: equation returned a residual of shape \[\]; expected one value per point, shape \[10\]/);
    expect(() => solveOde({ ...decay, hidden: [0] })).toThrow(/solveOde: hidden/);
    expect(() => solveOde({ ...decay, iterations: -1 })).toThrow(/solveOde: iterations/);
    expect(() => solveOde({ ...decay, boundary: [0, 0] })).toThrow(/only one of initialCondition and boundary/);
    expect(() => solveOde({ equation: decay.equation, domain: [0, 1] })).toThrow(/initialCondition or boundary/);
    expect(() => solveOde({ ...decay, initialCondition: { g: NaN } })).toThrow(/initialCondition.g must be a finite number/);
    expect(() => solveOde({ ...decay, optimizer: "newton" as never })).toThrow(/solveOde: optimizer must be/);
    expect(() => solveOde({ ...decay, iterations: 1 }).predict([NaN])).toThrow(/predict: x\[0\] must be a finite number/);
  });

  it("stops a diverging run with a message suggesting a smaller learning rate", () => {
    expect(() => solveOde({ ...decay, seed: 1, optimizer: "gd", learningRate: 10, iterations: 200 }))
      .toThrow(/^solveOde: the loss (became \S+|exploded to \S+ \(it started at \S+\)) at iteration \d+: the training diverged\. Try a smaller learning rate \(now 10, e\.g\. 1\), or use the "adam" or "lm" optimizer\./);
  });

  it("continues from given parameters: 100 + 100 gradient-descent steps equal 200", () => {
    const options = { ...decay, seed: 8, optimizer: "gd" as const, learningRate: 0.001 };
    const first = solveOde({ ...options, iterations: 100 });
    const second = solveOde({ ...options, iterations: 100, parameters: first.parameters });
    const whole = solveOde({ ...options, iterations: 200 });
    expect(Array.from(second.history)).toEqual(Array.from(whole.history.slice(100)));
    expect(() => solveOde({ ...options, hidden: [5], parameters: first.parameters })).toThrow(/solveOde: parameters do not fit/);
  });

  it("the residual g' + 2 g is small between the points after training", () => {
    const s = solveOde({ ...decay, points: 20, optimizer: "lm", iterations: 300, seed: 1 });
    const xs = grid(0, 1, 57);
    const g = s.predict(xs), dg = s.derivative(xs);
    expect(Math.max(...Array.from(g, (v, i) => Math.abs(dg[i] + 2 * v)))).toBeLessThan(1e-3);
  });

  it("accepts any Optimizer built by a factory (here SGD with momentum)", () => {
    const momentum = solveOde({ ...decay, seed: 2, iterations: 2000, optimizer: (p) => new SGD(p, { learningRate: 0.001, momentum: 0.9 }) });
    const plain = solveOde({ ...decay, seed: 2, iterations: 2000, optimizer: "gd", learningRate: 0.001 });
    expect(momentum.history[0]).toBe(plain.history[0]);
    expect(momentum.cost).toBeLessThan(plain.cost);
    expect(() => solveOde({ ...decay, optimizer: () => ({}) as never })).toThrow(/optimizer\(params\) must return an Optimizer/);
  });

});
