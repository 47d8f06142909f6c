// Workload `ode-decay`: the ODE lecture's problem g' = -gamma g, g(0) = g0 (gamma 2, g0 10) on
// [0, 1] with the trial solution g_t = g0 + x N(x), N a 1-10-1 sigmoid network, 10 collocation
// points, cost sum_i (g_t'(x_i) + gamma g_t(x_i))^2 (forward mode for g_t' inside a cost
// differentiated by reverse mode).
//
// Records (seconds = the training run; `accuracy` is null: the result is `maxError`, the max
// |g_t - g0 exp(-gamma x)| on 100 evenly spaced points, lower is better; `iterationsPerSecond`):
//   nnlab          Levenberg-Marquardt (optimizer "lm"), 300 iterations: reaches the target 1e-4
//   nnlab-gd       the lecture's setting: plain gradient descent, step 0.001, 10000 iterations
//   nnlab-generic  the same gradient descent on the generic engine (every op recorded, jvp inside backward)
//   tfjs-wasm      the same gradient descent in TensorFlow.js (nested tf.grad: d/dx inside the
//                  parameter gradient), float32, wasm backend
// PyTorch spends ~500-700 us per iteration on this problem (issue 7).
import { loadNnlab, loadTfjsWasm, now, table } from "../harness.mjs";

export const id = "ode-decay";
export const description = "lecture ODE g' = -2g, g(0) = 10: 1-10-1 sigmoid trial solution, 10 points (seconds, iterations/s, max error)";
export const systems = ["nnlab", "nnlab-gd", "nnlab-generic", "tfjs-wasm"];

const GAMMA = 2;
const G0 = 10;
const POINTS = 10;
const HIDDEN = 10;
const SEED = 1;

function cpuSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function exact(x) {
  return G0 * Math.exp(-GAMMA * x);
}

function record(system, seconds, cpuSeconds, iterations, maxError, config, extra = {}) {
  return {
    workload: id, system, seconds, accuracy: null, maxError, iterationsPerSecond: iterations / cpuSeconds, cpuSeconds,
    config: { gamma: GAMMA, g0: G0, points: POINTS, hidden: [HIDDEN], activation: "sigmoid", cost: "sum", seed: SEED, iterations, ...config },
    ...extra,
  };
}

function runNnlab(system, quick) {
  const nnlab = loadNnlab();
  const problem = nnlab.decayProblem({ gamma: GAMMA, g0: G0 });
  const settings = {
    nnlab: { optimizer: "lm", iterations: 300, engine: "fused" },
    "nnlab-gd": { optimizer: "gd", learningRate: 0.001, iterations: quick ? 1000 : 10000, engine: "fused" },
    "nnlab-generic": { optimizer: "gd", learningRate: 0.001, iterations: quick ? 200 : 2000, engine: "generic" },
  }[system];
  const options = { ...problem, points: POINTS, hidden: [HIDDEN], seed: SEED, ...settings };
  nnlab.solveOde(options); // warm-up: one full run, so the JIT has tiered up (as for the peer)
  const c0 = process.cpuUsage();
  const t0 = now();
  const solution = nnlab.solveOde(options);
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  return [record(system, seconds, cpuSeconds, solution.iterations, solution.maxError(), { ...settings, learningRate: settings.learningRate ?? null })];
}

async function runTfjs(quick) {
  const nnlab = loadNnlab(); // seeded initial weights only
  const { tf, flavour } = await loadTfjsWasm();
  const iterations = quick ? 100 : 1000;
  const params0 = nnlab.initOdeNetwork({ hidden: [HIDDEN], seed: SEED });
  const train = (steps) => {
    const [w1, b1, w2, b2] = params0.map((p) => tf.variable(tf.tensor(Float32Array.from(p.data), p.shape)));
    const xs = tf.linspace(0, 1, POINTS).reshape([POINTS, 1]);
    const trial = (x) => tf.add(G0, tf.mul(x, tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(x, w1), b1)), w2), b2)));
    const dTrial = tf.grad((x) => tf.sum(trial(x))); // rows are independent: d/dx of the sum is g_t'(x_i) per row
    const optimizer = tf.train.sgd(0.001);
    for (let i = 0; i < steps; i++) {
      tf.tidy(() => {
        optimizer.minimize(() => tf.sum(tf.square(tf.add(dTrial(xs), tf.mul(GAMMA, trial(xs))))), false, [w1, b1, w2, b2]);
      });
    }
    const grid = tf.linspace(0, 1, 100).reshape([100, 1]);
    const g = tf.tidy(() => trial(grid).dataSync());
    const xg = grid.dataSync();
    let maxError = 0;
    for (let i = 0; i < 100; i++) maxError = Math.max(maxError, Math.abs(g[i] - exact(xg[i])));
    for (const v of [w1, b1, w2, b2, xs, grid]) v.dispose();
    optimizer.dispose();
    return maxError;
  };
  train(100); // warm-up
  const c0 = process.cpuUsage();
  const t0 = now();
  const maxError = train(iterations);
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  return [record("tfjs-wasm", seconds, cpuSeconds, iterations, maxError, { optimizer: "gd", learningRate: 0.001, dtype: "float32" }, { backend: flavour })];
}

export async function run({ system, quick }) {
  if (system === "tfjs-wasm") return runTfjs(quick);
  if (system.startsWith("nnlab")) return runNnlab(system, quick);
  throw new Error(`ode-decay: unknown system ${system}`);
}

/** Table with iterations/s (CPU time) and the per-iteration speed-up of nnlab's gradient descent over each peer. */
export function format(records) {
  const gd = records.find((r) => r.system === "nnlab-gd");
  const rows = [["system", "iterations", "seconds", "CPU seconds", "iterations/s", "us/iteration", "max error", "nnlab-gd speed-up per iteration", "peak RSS MB"]];
  for (const r of records) {
    rows.push([
      r.system + (r.backend ? ` (${r.backend})` : ""), r.config.iterations, r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), Math.round(r.iterationsPerSecond),
      (1e6 / r.iterationsPerSecond).toFixed(1), r.maxError.toExponential(2),
      gd && r !== gd && r.config.optimizer === "gd" ? `${(gd.iterationsPerSecond / r.iterationsPerSecond).toFixed(1)}x` : "", r.peakRssMB,
    ]);
  }
  return table(rows);
}
