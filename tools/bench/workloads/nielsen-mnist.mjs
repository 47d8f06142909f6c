// Workload `nielsen-mnist`: Nielsen's Network([784, 30, 10]) (lecture 003) on the 10k MNIST
// subset with a seeded 80/20 split: sigmoid neurons, quadratic cost, N(0,1) initialisation,
// SGD with minibatches of 10 (gradient averaged over the batch), eta 3.0, 5 epochs.
// Peer: the same network and loop in TensorFlow.js (wasm, float32).
import { loadNnlab, loadTfjsWasm, now, trainingTable } from "../harness.mjs";

export const id = "nielsen-mnist";
export const description = "Nielsen's 784-30-10 sigmoid network, quadratic cost, batch 10, eta 3.0, 5 epochs on 8k MNIST digits (time, test accuracy)";
export const systems = ["nnlab", "tfjs-wasm"];

const SETTINGS = { sizes: [784, 30, 10], cost: "quadratic", miniBatchSize: 10, eta: 3.0, epochs: 5, seed: 1 };

function data(nnlab) {
  const mnist = nnlab.loadMnist();
  return nnlab.trainTestSplit({ features: mnist.features, labels: mnist.labels, testFraction: 0.2, seed: 0 });
}

/** CPU seconds (all threads of this process) since `start` = process.cpuUsage(). */
function cpuSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function record(system, seconds, accuracy, cfg, extra = {}) {
  const samples = cfg.epochs * cfg.trainRows;
  return { workload: id, system, seconds, accuracy, samplesPerSecond: samples / seconds, config: cfg, ...extra };
}

async function runNnlab(ctx) {
  const nnlab = loadNnlab();
  const split = data(nnlab);
  const epochs = ctx.quick ? 1 : SETTINGS.epochs;
  const cfg = { ...SETTINGS, epochs, trainRows: split.trainLabels.length, testRows: split.testLabels.length, dtype: "float64" };
  const trainingData = { inputs: split.trainFeatures, labels: split.trainLabels };
  const testData = { inputs: split.testFeatures, labels: split.testLabels };
  const warm = new nnlab.Network(SETTINGS.sizes, { cost: SETTINGS.cost, seed: 99 });
  warm.SGD({ trainingData: { inputs: split.testFeatures, labels: split.testLabels }, epochs: 1, miniBatchSize: 10, eta: 3 }); // warm-up
  const net = new nnlab.Network(SETTINGS.sizes, { cost: SETTINGS.cost, seed: SETTINGS.seed });
  const c0 = process.cpuUsage();
  const t0 = now();
  const history = net.SGD({ trainingData, epochs, miniBatchSize: SETTINGS.miniBatchSize, eta: SETTINGS.eta });
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  const accuracy = net.evaluate(testData) / split.testLabels.length;
  ctx.log(`nnlab training cost per epoch: ${history.trainingCost.map((c) => c.toFixed(4)).join(", ")}`);
  return [record("nnlab", seconds, accuracy, cfg, { cpuSeconds })];
}

async function runTfjs(ctx) {
  const nnlab = loadNnlab();
  const split = data(nnlab);
  const { tf, flavour } = await loadTfjsWasm();
  const epochs = ctx.quick ? 1 : SETTINGS.epochs;
  const cfg = { ...SETTINGS, epochs, trainRows: split.trainLabels.length, testRows: split.testLabels.length, dtype: "float32" };
  const n = split.trainLabels.length;
  const X = tf.tensor2d(Float32Array.from(split.trainFeatures.data), [n, 784]);
  const Y = tf.oneHot(tf.tensor1d(split.trainLabels, "int32"), 10).toFloat();
  const Xtest = tf.tensor2d(Float32Array.from(split.testFeatures.data), [split.testLabels.length, 784]);
  const train = (epochCount, seed, rows) => {
    const rng = new nnlab.Random(seed);
    const normal = (size) => Float32Array.from({ length: size }, () => rng.normal());
    const b1 = tf.variable(tf.tensor1d(normal(30)));
    const w1 = tf.variable(tf.tensor2d(normal(784 * 30), [784, 30]));
    const b2 = tf.variable(tf.tensor1d(normal(10)));
    const w2 = tf.variable(tf.tensor2d(normal(30 * 10), [30, 10]));
    const optimizer = tf.train.sgd(SETTINGS.eta);
    const m = SETTINGS.miniBatchSize;
    for (let epoch = 0; epoch < epochCount; epoch++) {
      const order = rng.permutation(rows);
      for (let k = 0; k < rows; k += m) {
        tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(k, Math.min(rows, k + m)), "int32");
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
    }
    const predicted = tf.tidy(() => tf.argMax(tf.sigmoid(tf.add(tf.matMul(tf.sigmoid(tf.add(tf.matMul(Xtest, w1), b1)), w2), b2)), 1).dataSync());
    for (const v of [w1, b1, w2, b2]) v.dispose();
    optimizer.dispose();
    return Int32Array.from(predicted);
  };
  train(1, 99, 2000); // warm-up
  const c0 = process.cpuUsage();
  const t0 = now();
  const predicted = train(epochs, SETTINGS.seed, n);
  const seconds = now() - t0;
  const cpuSeconds = cpuSince(c0);
  return [record("tfjs-wasm", seconds, nnlab.accuracy(predicted, split.testLabels), cfg, { backend: flavour, cpuSeconds })];
}

export async function run(ctx) {
  if (ctx.system === "nnlab") return runNnlab(ctx);
  if (ctx.system === "tfjs-wasm") return runTfjs(ctx);
  throw new Error(`nielsen-mnist: unknown system ${ctx.system}`);
}

/** Table with samples/s and the speed-up of nnlab over each peer. */
export const format = trainingTable;
