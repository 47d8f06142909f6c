// Workload `cnn-digits`: the CNN lecture's network on the 8x8 digits, trained with the lecture's
// settings in the same way by every system: conv 10 filters 3x3 ReLU ('valid'), 2x2 max-pool,
// dense 50 ReLU, dense 10 softmax, mean cross-entropy, plain SGD learning rate 0.1, batch 100
// (a fresh shuffle per epoch, last batch partial), 100 epochs, Glorot-uniform weights and zero
// biases, pixels scaled to [0, 1], seeded 80/20 split (stratified).
//   nnlab          the notebook's builder and training (notebooks/05-cnn: lectureCnn, trainLectureCnn),
//                  or, where the lectures package does not export them, nnlab's Sequential layers directly
//   torch          the same network in PyTorch, one thread, float32 (tools/bench/peers/cnn_digits.py)
//   torch-float64  the same in float64, nnlab's dtype
//   tfjs-wasm      the same network in TensorFlow.js (wasm backend, float32)
//   nnlab-floor    not a run: the least time nnlab's float64 work can take here (tools/bench/floors.mjs)
// Target (issue 10): nnlab takes at most half of PyTorch's one-thread time.
import { cnnWork, floorLines, floorRecord } from "../floors.mjs";
import { DIGITS_FILE, loadLectures, loadNnlab, loadTfjsWasm, runPythonPeer, table } from "../harness.mjs";

export const id = "cnn-digits";
export const description = "CNN conv10(3x3,relu)-maxpool2-dense50(relu)-dense10(softmax) on 8x8 digits, SGD 0.1, batch 100, 100 epochs";
export const systems = ["nnlab", "nnlab-floor", "torch", "torch-float64", "tfjs-wasm"];

/** Untimed epochs every system trains first (nnlab's JIT and WebAssembly tier-up; one epoch left it 0.1-0.4 s short). */
const WARMUP_EPOCHS = 5;
const CONFIG = { filters: 10, kernel: 3, padding: "valid", pool: 2, hidden: 50, classes: 10, learningRate: 0.1, batchSize: 100, epochs: 100, split: 0.2, seed: 0, init: "glorotUniform" };

function data(nnlab) {
  const digits = nnlab.loadDigits();
  const split = nnlab.trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: CONFIG.split, seed: CONFIG.seed, stratify: true });
  const images = (f) => nnlab.featuresToImages(nnlab.div(f, 16), { height: 8, width: 8, channels: 1 }); // [n, 1, 8, 8] in [0, 1]
  return { trainX: images(split.trainFeatures), trainY: split.trainLabels, testX: images(split.testFeatures), testY: split.testLabels };
}

function record(system, seconds, accuracy, samples, epochs, extra = {}, config = {}) {
  return { workload: id, system, seconds, accuracy, config: { source: SOURCES[system], ...CONFIG, epochs, ...config }, samplesPerSecond: (samples * epochs) / seconds, ...extra };
}

const SOURCES = {
  nnlab: "notebooks/05-cnn",
  torch: "tools/bench/peers/cnn_digits.py",
  "torch-float64": "tools/bench/peers/cnn_digits.py",
  "tfjs-wasm": "tools/bench/workloads/cnn-digits.mjs",
};

/** The lecture's CNN from the notebook (lectureCnn), or built from nnlab's layers when the lectures package lacks it. */
function lectureModel(nnlab) {
  const lectures = loadLectures();
  if (typeof lectures.lectureCnn === "function" && typeof lectures.trainLectureCnn === "function") {
    return {
      source: "notebooks/05-cnn",
      model: lectures.lectureCnn({ filters: CONFIG.filters, receptiveField: CONFIG.kernel, padding: CONFIG.padding, hiddenNeurons: CONFIG.hidden, categories: CONFIG.classes, seed: 1 }),
      train: (model, data, epochs) => lectures.trainLectureCnn(model, data, { eta: CONFIG.learningRate, lmbd: 0, epochs, batchSize: CONFIG.batchSize, seed: 1 }),
    };
  }
  const { Sequential, Conv2D, MaxPool2D, Flatten, Dense, fit } = nnlab;
  return {
    source: "lib/src/nn (Sequential)",
    model: new Sequential([
      new Conv2D(CONFIG.filters, CONFIG.kernel, { activation: "relu", padding: CONFIG.padding }),
      new MaxPool2D(CONFIG.pool),
      new Flatten(),
      new Dense(CONFIG.hidden, { activation: "relu" }),
      new Dense(CONFIG.classes, { activation: "softmax" }),
    ], { inputShape: [1, 8, 8], seed: 1 }),
    train: (model, data, epochs) => fit(model, data, {
      loss: "softmaxCrossEntropy", optimizer: "sgd", learningRate: CONFIG.learningRate, epochs, batchSize: CONFIG.batchSize, seed: 1,
    }),
  };
}

export async function run(ctx) {
  const { system, quick } = ctx;
  const epochs = quick ? 5 : CONFIG.epochs;
  const nnlab = loadNnlab();
  const { trainX, trainY, testX, testY } = data(nnlab);
  const n = trainX.shape[0];
  if (system === "nnlab-floor") {
    const work = cnnWork({ s: 8, k: CONFIG.kernel, f: CONFIG.filters, h: CONFIG.hidden, c: CONFIG.classes, images: n * epochs, steps: epochs * Math.ceil(n / CONFIG.batchSize) });
    return [floorRecord(id, work, { samples: n * epochs, extra: { dtype: "float64", epochs } })];
  }
  if (system === "nnlab") {
    const { evaluate } = nnlab;
    const { source, model, train } = lectureModel(nnlab);
    // Like the peers (whose runtimes are loaded and initialised before their timers start),
    // assemble and instantiate nnlab's WebAssembly kernels before timing, and warm the JIT up
    // with WARMUP_EPOCHS epochs of a throwaway model (the PyTorch peer trains as many).
    nnlab.kernels.wasmAvailable();
    const warm = lectureModel(nnlab);
    warm.train(warm.model, { x: trainX, y: trainY }, quick ? 1 : WARMUP_EPOCHS);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    train(model, { x: trainX, y: trainY }, epochs);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const { accuracy } = evaluate(model, { x: testX, y: testY });
    return [record(system, seconds, accuracy, n, epochs, { dtype: "float64", cpuSeconds: (cpu.user + cpu.system) / 1e6 }, { source })];
  }
  if (system === "torch" || system === "torch-float64") {
    const dtype = system === "torch" ? "float32" : "float64";
    const split = nnlab.trainTestSplit({ features: nnlab.loadDigits().features, labels: nnlab.loadDigits().labels, testFraction: CONFIG.split, seed: CONFIG.seed, stratify: true });
    const [r] = runPythonPeer("cnn_digits.py", [dtype], {
      ...CONFIG, epochs, warmupEpochs: quick ? 1 : WARMUP_EPOCHS, dataFile: DIGITS_FILE,
      trainIndices: Array.from(split.trainIndices), testIndices: Array.from(split.testIndices),
    });
    return [record(system, r.seconds, r.accuracy, n, epochs, { dtype, cpuSeconds: r.cpuSeconds, peakRssMB: r.peakRssMB }, { version: r.version, threads: 1 })];
  }
  if (system === "tfjs-wasm") {
    // TensorFlow.js' wasm backend has no Conv2DBackpropFilter kernel, so its layers API
    // cannot train a Conv2D there; the convolution is written as im2col (a gather of the
    // 3x3 patches, which needs no gradient since the images are constants) + matMul,
    // followed by tf.maxPool (whose gradient exists on wasm) and two dense layers,
    // trained by tf.train.sgd on the mean softmax cross-entropy.
    const { tf, flavour } = await loadTfjsWasm();
    const K = CONFIG.kernel;
    const side = 8 - K + 1; // 6
    const patchIndex = [];
    for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) for (let p = 0; p < K; p++) for (let q = 0; q < K; q++) patchIndex.push((i + p) * 8 + j + q);
    const patchIdx = tf.tensor1d(patchIndex, "int32"); // [36*9] pixel of each patch entry
    const flat = (t) => tf.tensor2d(Float32Array.from(t.data), [t.shape[0], 64]);
    const xs = flat(trainX);
    const ys = tf.oneHot(tf.tensor1d(trainY, "int32"), CONFIG.classes).toFloat();
    const glorot = (shape, fanIn, fanOut, seed) => tf.variable(tf.randomUniform(shape, -Math.sqrt(6 / (fanIn + fanOut)), Math.sqrt(6 / (fanIn + fanOut)), "float32", seed));
    const F = CONFIG.filters;
    const pooled = Math.floor(side / CONFIG.pool);
    const flatSize = pooled * pooled * F;
    const wc = glorot([K * K, F], K * K, K * K * F, 1);
    const bc = tf.variable(tf.zeros([F]));
    const w1 = glorot([flatSize, CONFIG.hidden], flatSize, CONFIG.hidden, 2);
    const b1 = tf.variable(tf.zeros([CONFIG.hidden]));
    const w2 = glorot([CONFIG.hidden, CONFIG.classes], CONFIG.hidden, CONFIG.classes, 3);
    const b2 = tf.variable(tf.zeros([CONFIG.classes]));
    const vars = [wc, bc, w1, b1, w2, b2];
    const logits = (x) => {
      const b = x.shape[0];
      const cols = tf.gather(x, patchIdx, 1).reshape([b * side * side, K * K]); // im2col [b*36, 9]
      const conv = tf.relu(tf.add(tf.matMul(cols, wc), bc)).reshape([b, side, side, F]); // NHWC
      const pool = tf.maxPool(conv, CONFIG.pool, CONFIG.pool, "valid").reshape([b, flatSize]);
      const hidden = tf.relu(tf.add(tf.matMul(pool, w1), b1));
      return tf.add(tf.matMul(hidden, w2), b2);
    };
    const optimizer = tf.train.sgd(CONFIG.learningRate);
    let seed = 12345;
    const permutation = (m) => { // seeded Fisher-Yates (xorshift), as every epoch reshuffles
      const p = Int32Array.from({ length: m }, (_, i) => i);
      for (let i = m - 1; i > 0; i--) {
        seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
        const j = (seed >>> 0) % (i + 1);
        const t = p[i]; p[i] = p[j]; p[j] = t;
      }
      return p;
    };
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = permutation(n);
      for (let start = 0; start < n; start += CONFIG.batchSize) {
        const idx = tf.tensor1d(order.subarray(start, Math.min(n, start + CONFIG.batchSize)), "int32");
        tf.tidy(() => {
          const xb = tf.gather(xs, idx);
          const yb = tf.gather(ys, idx);
          const cost = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(yb, logits(xb)), true, vars);
          cost.dataSync(); // wait for the step, as a training loop reading its loss does
        });
        idx.dispose();
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const predicted = tf.tidy(() => logits(flat(testX)).argMax(-1).dataSync());
    let correct = 0;
    for (let i = 0; i < testY.length; i++) if (predicted[i] === testY[i]) correct++;
    return [record(system, seconds, correct / testY.length, n, epochs, { dtype: "float32", backend: flavour, cpuSeconds: (cpu.user + cpu.system) / 1e6, conv: "im2col (gather) + matMul" })];
  }
  throw new Error(`cnn-digits: unknown system ${system}`);
}

/** Human table with samples/s and nnlab's time as a fraction of each peer's (0.5 = half the time). */
export function format(records) {
  const ours = records.find((r) => r.system === "nnlab");
  const rows = [["system", "seconds", "cpu s", "samples/s", "test accuracy", "nnlab time / peer's (CPU)", "(wall)", "dtype", "source"]];
  for (const r of records) {
    rows.push([r.system, r.seconds.toFixed(2), r.cpuSeconds?.toFixed(2) ?? "-", Math.round(r.samplesPerSecond), r.accuracy === null ? "-" : r.accuracy.toFixed(4),
      ours && r !== ours && r.cpuSeconds && ours.cpuSeconds ? (ours.cpuSeconds / r.cpuSeconds).toFixed(2) : "",
      ours && r !== ours ? (ours.seconds / r.seconds).toFixed(2) : "",
      r.backend ? `${r.dtype} (${r.backend})` : r.dtype ?? r.config.dtype, r.config.source]);
  }
  const torch = records.find((r) => r.system === "torch");
  return table(rows) + floorLines(records, () => (torch ? { seconds: torch.cpuSeconds / 2, text: "half of PyTorch's float32 CPU time" } : null));
}
