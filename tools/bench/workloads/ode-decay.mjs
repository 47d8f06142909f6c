// Workload `ode-decay`: the ODE lecture's problem g' = -gamma g, g(0) = g0 (gamma 2, g0 10) on [0, 1]
// with the trial solution g_t = g0 + x N(x, P), N a 1-10-1 network (sigmoid hidden layer, linear
// output), 10 collocation points, cost c(P) = sum_i (g_t'(x_i) + gamma g_t(x_i))^2, plain gradient
// descent with step 0.001 from the same initial P (the notebook's odeParameters([1, 10, 1], 1)).
//
//   nnlab           the notebook's own loop (notebooks/06-ode-solver): odeGradientDescent on decayCost,
//                   g_t' by forward mode (jvp) inside a cost differentiated by reverse mode (backward)
//   nnlab-solveOde  the library's solver (lib/src/ode/solveOde.ts) on the same problem and P
//   torch           the same loop in PyTorch, g_t' by autograd with create_graph (tools/bench/peers/ode_decay.py)
//   tfjs-wasm       the same loop in TensorFlow.js (nested tf.grad), float32, wasm backend
//
// Records: seconds = the timed run; `accuracy` is null and `maxError` is max |g_t - g0 exp(-gamma x)|
// on 100 evenly spaced points (lower is better); `usPerIteration` is CPU microseconds per step.
// Target (issue 10): nnlab at most 120 us per iteration.
import { cpuSince, loadLectures, loadNnlab, loadTfjsWasm, now, runPythonPeer, table } from "../harness.mjs";

export const id = "ode-decay";
export const description = "lecture ODE g' = -2g, g(0) = 10: 1-10-1 sigmoid trial solution, 10 points, gradient descent (us/iteration, max error)";
export const systems = ["nnlab", "nnlab-solveOde", "torch", "tfjs-wasm"];

const GAMMA = 2;
const G0 = 10;
const POINTS = 10;
const SIZES = [1, 10, 1];
const SEED = 1;
const ETA = 0.001;
const SOURCES = {
  nnlab: "notebooks/06-ode-solver",
  "nnlab-solveOde": "lib/src/ode/solveOde.ts",
  torch: "tools/bench/peers/ode_decay.py",
  "tfjs-wasm": "tools/bench/workloads/ode-decay.mjs",
};

const iterationsFor = (quick) => (quick ? 300 : 10000);
const exact = (x) => G0 * Math.exp(-GAMMA * x);

function maxErrorOf(values, xs) {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(values[i] - exact(xs[i])));
  return m;
}

function record(system, seconds, cpuSeconds, iterations, maxError, finalCost, extra = {}) {
  return {
    workload: id, system, seconds, accuracy: null, maxError, finalCost, cpuSeconds, usPerIteration: (1e6 * cpuSeconds) / iterations,
    iterationsPerSecond: iterations / cpuSeconds,
    config: { source: SOURCES[system], gamma: GAMMA, g0: G0, points: POINTS, sizes: SIZES, activation: "sigmoid", cost: "sum",
      optimizer: "gd", learningRate: ETA, seed: SEED, iterations, dtype: "float64", ...extra.config },
    ...extra.fields,
  };
}

/** The initial parameters P, from the notebook's exported odeParameters. */
const initialParameters = () => loadLectures().odeParameters(SIZES, SEED);

function runNotebook(quick) {
  const nnlab = loadNnlab();
  const { decayCost, decayTrial, odeGradientDescent } = loadLectures();
  const iterations = iterationsFor(quick);
  const x = nnlab.linspace(0, 1, POINTS).reshape([POINTS, 1]);
  odeGradientDescent((P) => decayCost(x, P, GAMMA, G0), initialParameters(), ETA, Math.min(iterations, 1000)); // warm-up
  const P = initialParameters();
  const c0 = process.cpuUsage();
  const t0 = now();
  odeGradientDescent((P) => decayCost(x, P, GAMMA, G0), P, ETA, iterations);
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  const grid = nnlab.linspace(0, 1, 100);
  const g = nnlab.noGrad(() => decayTrial(grid.reshape([100, 1]), P, G0)).data;
  const finalCost = decayCost(x, P, GAMMA, G0).item();
  return [record("nnlab", seconds, cpuSeconds, iterations, maxErrorOf(g, grid.data), finalCost)];
}

function runSolveOde(quick) {
  const nnlab = loadNnlab();
  const iterations = iterationsFor(quick);
  const options = (parameters, n) => ({
    ...nnlab.decayProblem({ gamma: GAMMA, g0: G0 }), points: POINTS, hidden: [SIZES[1]], activation: "sigmoid", parameters,
    optimizer: "gd", learningRate: ETA, iterations: n, cost: "sum",
  });
  nnlab.solveOde(options(initialParameters(), Math.min(iterations, 1000))); // warm-up
  const P = initialParameters();
  const c0 = process.cpuUsage();
  const t0 = now();
  const solution = nnlab.solveOde(options(P, iterations));
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  return [record("nnlab-solveOde", seconds, cpuSeconds, solution.iterations, solution.maxError(), solution.cost)];
}

function runTorch(quick) {
  const iterations = iterationsFor(quick);
  const parameters = initialParameters().map((p) => ({ data: Array.from(p.data), shape: p.shape }));
  const [r] = runPythonPeer("ode_decay.py", ["torch"], {
    gamma: GAMMA, g0: G0, eta: ETA, points: POINTS, parameters, iterations, warmupIterations: Math.min(iterations, 1000),
  });
  return [record("torch", r.seconds, r.cpuSeconds, iterations, r.maxError, r.finalCost,
    { config: { version: r.version, threads: 1, derivative: "autograd.grad(create_graph=True)" }, fields: { peakRssMB: r.peakRssMB } })];
}

async function runTfjs(quick) {
  const { tf, flavour } = await loadTfjsWasm();
  const iterations = iterationsFor(quick);
  const P0 = initialParameters();
  const train = (steps) => {
    const [w1, b1, w2, b2] = P0.map((p) => tf.variable(tf.tensor(Float32Array.from(p.data), p.shape)));
    const xs = tf.linspace(0, 1, POINTS).reshape([POINTS, 1]);
    const trial = (x) => tf.add(G0, tf.mul(x, tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, w1), b1)), w2), b2)));
    const dTrial = tf.grad((x) => tf.sum(trial(x))); // rows are independent: d/dx of the sum is g_t'(x_i) per row
    const cost = () => tf.sum(tf.square(tf.add(dTrial(xs), tf.mul(GAMMA, trial(xs)))));
    const optimizer = tf.train.sgd(ETA);
    for (let i = 0; i < steps; i++) tf.tidy(() => { optimizer.minimize(cost, false, [w1, b1, w2, b2]); });
    const grid = tf.linspace(0, 1, 100).reshape([100, 1]);
    const g = tf.tidy(() => trial(grid).dataSync());
    const finalCost = tf.tidy(() => cost().dataSync()[0]);
    const maxError = maxErrorOf(g, grid.dataSync());
    for (const v of [w1, b1, w2, b2, xs, grid]) v.dispose();
    optimizer.dispose();
    return { maxError, finalCost };
  };
  train(Math.min(iterations, 1000)); // warm-up
  const c0 = process.cpuUsage();
  const t0 = now();
  const { maxError, finalCost } = train(iterations);
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  return [record("tfjs-wasm", seconds, cpuSeconds, iterations, maxError, finalCost, { config: { dtype: "float32" }, fields: { backend: flavour } })];
}

export async function run({ system, quick }) {
  if (system === "nnlab") return runNotebook(quick);
  if (system === "nnlab-solveOde") return runSolveOde(quick);
  if (system === "torch") return runTorch(quick);
  if (system === "tfjs-wasm") return runTfjs(quick);
  throw new Error(`ode-decay: unknown system ${system}`);
}

/** Table with CPU microseconds per iteration and nnlab's (the notebook loop's) time per iteration as a fraction of each other system's. */
export function format(records) {
  const ours = records.find((r) => r.system === "nnlab");
  const rows = [["system", "iterations", "seconds", "CPU seconds", "us/iteration (CPU)", "nnlab us / system's", "final cost", "max error", "peak RSS MB", "source"]];
  for (const r of records) {
    rows.push([
      r.system + (r.backend ? ` (${r.backend})` : ""), r.config.iterations, r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), r.usPerIteration.toFixed(1),
      ours && r !== ours ? (ours.usPerIteration / r.usPerIteration).toFixed(2) : "", r.finalCost.toExponential(4), r.maxError.toExponential(2), r.peakRssMB ?? "-",
      r.config.source,
    ]);
  }
  return table(rows);
}
