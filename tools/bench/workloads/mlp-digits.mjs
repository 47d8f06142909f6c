// Workload `mlp-digits`: the lecture's NeuralNetwork on the 8x8 digits, exactly as in lecture 001:
// 64-50-10, sigmoid hidden layer, softmax + cross-entropy, N(0,1) weights and 0.01 biases, SGD with
// the gradient summed over batches of 100 rows drawn at random each iteration, n/100 iterations per
// epoch, 100 epochs, eta 0.01, lmbd 0, pixels 0..16, seeded 80/20 split.
//   nnlab      the notebook's readable class (notebooks/03-mlp-digits, `require("lectures").NeuralNetwork`)
//   numpy      the same textbook class in NumPy, one BLAS thread (tools/bench/peers/mlp_digits.py)
//   torch      the same class in PyTorch tensors, torch.set_num_threads(1) (same script)
//   tfjs-wasm  the same network and loop in TensorFlow.js (wasm, float32, autodiff)
//   nnlab-floor  not a run: the least time the same work can take here (tools/bench/floors.mjs)
// Target (issue 10): nnlab takes at most half of NumPy's time.
import { floorLines, floorRecord, mlpWork } from "../floors.mjs";
import { DIGITS_FILE, cpuSince, loadLectures, loadNnlab, loadTfjsWasm, now, runPythonPeer, trainingTable } from "../harness.mjs";

export const id = "mlp-digits";
export const description = "lecture MLP 64-50-10 on the 8x8 digits: batch 100, 100 epochs, eta 0.01 (train time, test accuracy)";
export const systems = ["nnlab", "nnlab-floor", "numpy", "torch", "tfjs-wasm"];

const SETTINGS = { nHidden: 50, nCategories: 10, epochs: 100, batchSize: 100, eta: 0.01, lmbd: 0, seed: 1 };
/** Every system first trains this many epochs untimed: nnlab's JIT and WebAssembly tier-up take about 20 (measured: after 2, the first timed run was still 0.1-0.4 s slower). */
const WARMUP_EPOCHS = 20;
const SOURCES = {
  nnlab: "notebooks/03-mlp-digits",
  numpy: "tools/bench/peers/mlp_digits.py",
  torch: "tools/bench/peers/mlp_digits.py",
  "tfjs-wasm": "tools/bench/workloads/mlp-digits.mjs",
};

function data(nnlab) {
  const digits = nnlab.loadDigits();
  const split = nnlab.trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 0 });
  return split;
}

function config(system, split, quick, extra = {}) {
  const epochs = quick ? 10 : SETTINGS.epochs;
  return { source: SOURCES[system], ...SETTINGS, epochs, trainRows: split.trainLabels.length, testRows: split.testLabels.length,
    split: "80/20 seed 0", pixels: "0..16", gradient: "summed over the batch", init: "N(0,1) weights, 0.01 biases", ...extra };
}

function record(system, seconds, accuracy, cfg, extra = {}) {
  const iterations = Math.floor(cfg.trainRows / cfg.batchSize);
  const samples = cfg.epochs * iterations * cfg.batchSize;
  return { workload: id, system, seconds, accuracy, samplesPerSecond: samples / seconds, config: cfg, ...extra };
}

async function runNnlab(ctx) {
  const nnlab = loadNnlab();
  const { NeuralNetwork } = loadLectures();
  const split = data(nnlab);
  const cfg = config("nnlab", split, ctx.quick, { dtype: "float64" });
  const X = split.trainFeatures;
  const Y = nnlab.oneHot(split.trainLabels, SETTINGS.nCategories);
  const make = (epochs) => new NeuralNetwork(X, Y, { ...SETTINGS, epochs });
  make(WARMUP_EPOCHS).train(); // warm-up (JIT), as for every peer
  const net = make(cfg.epochs);
  const c0 = process.cpuUsage();
  const t0 = now();
  net.train();
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  const accuracy = nnlab.accuracy(Int32Array.from(net.predict(split.testFeatures)), split.testLabels);
  return [record("nnlab", seconds, accuracy, cfg, { cpuSeconds })];
}

function runPython(system, ctx) {
  const nnlab = loadNnlab(); // the split only: the peer reads data/digits.csv.gz itself
  const split = data(nnlab);
  const cfg = config(system, split, ctx.quick, { dtype: "float64", threads: 1 });
  const [r] = runPythonPeer("mlp_digits.py", [system], {
    ...SETTINGS, epochs: cfg.epochs, warmupEpochs: WARMUP_EPOCHS, dataFile: DIGITS_FILE,
    trainIndices: Array.from(split.trainIndices), testIndices: Array.from(split.testIndices),
  });
  return [record(system, r.seconds, r.accuracy, { ...cfg, version: r.version }, { cpuSeconds: r.cpuSeconds, peakRssMB: r.peakRssMB })];
}

async function runTfjs(ctx) {
  const nnlab = loadNnlab(); // data and the seeded generator only
  const split = data(nnlab);
  const { tf, flavour } = await loadTfjsWasm();
  const cfg = config("tfjs-wasm", split, ctx.quick, { dtype: "float32" });
  const n = split.trainLabels.length;
  const d = 64;
  const C = 10;
  const X = tf.tensor2d(Float32Array.from(split.trainFeatures.data), [n, d]);
  const Y = tf.oneHot(tf.tensor1d(split.trainLabels, "int32"), C).toFloat();
  const Xtest = tf.tensor2d(Float32Array.from(split.testFeatures.data), [split.testLabels.length, d]);
  const H = SETTINGS.nHidden;
  const train = (epochs, seed) => {
    const rng = new nnlab.Random(seed);
    const normal = (size) => Float32Array.from({ length: size }, () => rng.normal());
    const wh = tf.variable(tf.tensor2d(normal(d * H), [d, H]));
    const bh = tf.variable(tf.fill([H], 0.01));
    const wo = tf.variable(tf.tensor2d(normal(H * C), [H, C]));
    const bo = tf.variable(tf.fill([C], 0.01));
    const optimizer = tf.train.sgd(SETTINGS.eta);
    const iterations = Math.floor(n / SETTINGS.batchSize);
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let it = 0; it < iterations; it++) {
        const indices = rng.choice(n, SETTINGS.batchSize); // B distinct rows, fresh each iteration
        tf.tidy(() => {
          const idx = tf.tensor1d(indices, "int32");
          const xb = tf.gather(X, idx);
          const yb = tf.gather(Y, idx);
          // summed cross-entropy (the lecture's gradient is summed over the batch)
          optimizer.minimize(() => {
            const ah = tf.sigmoid(tf.add(tf.matMul(xb, wh), bh));
            const logits = tf.add(tf.matMul(ah, wo), bo);
            return tf.neg(tf.sum(tf.mul(yb, tf.logSoftmax(logits))));
          }, false, [wh, bh, wo, bo]);
        });
      }
    }
    const predicted = tf.tidy(() => tf.argMax(tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(Xtest, wh), bh)), wo), bo), 1).dataSync());
    for (const v of [wh, bh, wo, bo]) v.dispose();
    optimizer.dispose();
    return Int32Array.from(predicted);
  };
  train(WARMUP_EPOCHS, SETTINGS.seed); // warm-up
  const c0 = process.cpuUsage();
  const t0 = now();
  const predicted = train(cfg.epochs, SETTINGS.seed);
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  const accuracy = nnlab.accuracy(predicted, split.testLabels);
  return [record("tfjs-wasm", seconds, accuracy, cfg, { backend: flavour, cpuSeconds })];
}

/** The floor of the nnlab run's work: its steps of the 64-50-10 network on batches of 100. */
function runFloor(ctx) {
  const split = data(loadNnlab());
  const cfg = config("nnlab-floor", split, ctx.quick);
  const steps = cfg.epochs * Math.floor(cfg.trainRows / cfg.batchSize);
  const work = mlpWork({ m: cfg.batchSize, d: 64, h: cfg.nHidden, c: cfg.nCategories, softmax: true, steps });
  return [floorRecord(id, work, { samples: steps * cfg.batchSize, extra: { epochs: cfg.epochs } })];
}

export async function run(ctx) {
  if (ctx.system === "nnlab") return runNnlab(ctx);
  if (ctx.system === "nnlab-floor") return runFloor(ctx);
  if (ctx.system === "numpy" || ctx.system === "torch") return runPython(ctx.system, ctx);
  if (ctx.system === "tfjs-wasm") return runTfjs(ctx);
  throw new Error(`mlp-digits: unknown system ${ctx.system}`);
}

/** Table with samples/s and nnlab's time over each peer's, then the floor against the target (half of NumPy's CPU time). */
export function format(records) {
  const numpy = records.find((r) => r.system === "numpy");
  return trainingTable(records) + floorLines(records, () => (numpy ? { seconds: numpy.cpuSeconds / 2, text: "half of NumPy's CPU time" } : null));
}
