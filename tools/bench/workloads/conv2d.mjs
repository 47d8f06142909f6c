// Workload `conv2d`: the convolution and pooling kernels on the CNN lecture's layer
// shapes, nnlab (im2col + SIMD matmul, float64) against the naive loops and
// TensorFlow.js wasm (float32, NHWC). "fwd+bwd" = forward, gradient w.r.t. input and
// w.r.t. filter (tfjs: tf.grads of tf.conv2d).
import { bestTime, fillRandom, loadNnlab, loadTfjsWasm, repsFor, table } from "../harness.mjs";

export const id = "conv2d";
export const description = "conv2d / max-pool kernels on CNN layer shapes: forward and forward+backward per batch (us)";
export const systems = ["nnlab", "nnlab-naive", "tfjs-wasm"];

const CASES = [
  // the CNN lecture: 8x8 digits, 10 filters 3x3 'valid', 2x2 max-pool, batch 100
  { name: "digits 1x8x8 -> 10@3x3 valid", batch: 100, inChannels: 1, inHeight: 8, inWidth: 8, outChannels: 10, kernelHeight: 3, kernelWidth: 3, pad: 0 },
  // a typical MNIST layer: 28x28, 32 filters 3x3 'same'
  { name: "mnist 1x28x28 -> 32@3x3 same", batch: 100, inChannels: 1, inHeight: 28, inWidth: 28, outChannels: 32, kernelHeight: 3, kernelWidth: 3, pad: 1 },
];

function convShape(c) {
  const { batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth, pad } = c;
  return { batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth, padTop: pad, padBottom: pad, padLeft: pad, padRight: pad };
}

function rec(system, c, op, seconds, flops, dtype) {
  return {
    workload: id, system, seconds, accuracy: null,
    config: {
      source: system === "tfjs-wasm" ? "@tensorflow/tfjs-backend-wasm"
        : `lib/src/kernels/${op.startsWith("maxpool") ? "pool2d" : "conv2d"}${system === "nnlab-naive" ? "-naive" : ""}.ts`,
      case: c.name, op, dtype, clock: "cpu", ...convShape(c),
    },
    gflops: flops / seconds / 1e9,
  };
}

export async function run({ system, quick }) {
  const records = [];
  const cases = quick ? CASES.slice(0, 1) : CASES;
  const timing = (fn, slow) => {
    if (slow) return bestTime(fn, { reps: 1, batches: 2, warmup: 0 });
    bestTime(fn, { reps: 1, batches: 0, warmup: quick ? 0.1 : 0.3 }); // tier-up before estimating reps
    return bestTime(fn, { reps: repsFor(fn, 0.02), batches: quick ? 3 : 10, warmup: 0.05 });
  };
  for (const c of cases) {
    const s = convShape(c);
    const oh = c.inHeight + 2 * c.pad - c.kernelHeight + 1;
    const ow = c.inWidth + 2 * c.pad - c.kernelWidth + 1;
    const inSize = c.batch * c.inChannels * c.inHeight * c.inWidth;
    const wSize = c.outChannels * c.inChannels * c.kernelHeight * c.kernelWidth;
    const outSize = c.batch * c.outChannels * oh * ow;
    const flops = 2 * outSize * c.inChannels * c.kernelHeight * c.kernelWidth; // one conv pass
    const poolShape = { batch: c.batch, channels: c.outChannels, inHeight: oh, inWidth: ow, poolHeight: 2, poolWidth: 2 };
    const poolOut = c.batch * c.outChannels * Math.floor(oh / 2) * Math.floor(ow / 2);
    if (system === "nnlab" || system === "nnlab-naive") {
      const K = loadNnlab().kernels;
      const naive = system === "nnlab-naive";
      const fwd = naive ? K.conv2dForwardNaive : K.conv2dForward;
      const bIn = naive ? K.conv2dBackwardInputNaive : K.conv2dBackwardInput;
      const bW = naive ? K.conv2dBackwardFilterNaive : K.conv2dBackwardFilter;
      const x = fillRandom(new Float64Array(inSize), 1);
      const w = fillRandom(new Float64Array(wSize), 2);
      const bias = fillRandom(new Float64Array(c.outChannels), 3);
      const y = new Float64Array(outSize);
      const dy = fillRandom(new Float64Array(outSize), 4);
      const dx = new Float64Array(inSize);
      const dw = new Float64Array(wSize);
      records.push(rec(system, c, "fwd", timing(() => fwd(x, w, bias, y, s), naive), flops, "float64"));
      records.push(rec(system, c, "fwd+bwd", timing(() => { fwd(x, w, bias, y, s); bIn(dy, w, dx, s); bW(x, dy, dw, s); }, naive), 3 * flops, "float64"));
      records.push(rec(system, c, "fwd+bwd input only", timing(() => { fwd(x, w, bias, y, s); bIn(dy, w, dx, s); }, naive), 2 * flops, "float64"));
      const pool = naive ? K.maxPool2dForwardNaive : K.maxPool2dForward;
      const poolBack = naive ? K.maxPool2dBackwardNaive : K.maxPool2dBackward;
      const py = new Float64Array(poolOut);
      const idx = new Int32Array(poolOut);
      records.push(rec(system, c, "maxpool2x2 fwd+bwd", timing(() => { pool(y, py, idx, poolShape); poolBack(py, idx, y, poolShape); }, naive), 0, "float64"));
    } else if (system === "tfjs-wasm") {
      const { tf } = await loadTfjsWasm();
      const x = tf.tensor4d(fillRandom(new Float32Array(inSize), 1), [c.batch, c.inHeight, c.inWidth, c.inChannels]);
      const w = tf.tensor4d(fillRandom(new Float32Array(wSize), 2), [c.kernelHeight, c.kernelWidth, c.inChannels, c.outChannels]);
      const dy = tf.tensor4d(fillRandom(new Float32Array(outSize), 4), [c.batch, oh, ow, c.outChannels]);
      const padding = c.pad === 0 ? "valid" : "same";
      const fwd = () => { const y = tf.conv2d(x, w, 1, padding); y.dataSync(); y.dispose(); };
      records.push(rec(system, c, "fwd", timing(fwd, false), flops, "float32"));
      // tfjs-wasm 4.22 has no Conv2DBackpropFilter kernel: gradients only w.r.t. the input
      // (what a peer CNN on this backend must work around, e.g. with its own im2col).
      const gradInput = tf.grad((a) => tf.conv2d(a, w, 1, padding));
      const bwdInput = () => { const gx = gradInput(x, dy); gx.dataSync(); gx.dispose(); };
      records.push(rec(system, c, "fwd+bwd input only", timing(bwdInput, false), 2 * flops, "float32"));
      const yp = tf.tensor4d(fillRandom(new Float32Array(outSize), 5), [c.batch, oh, ow, c.outChannels]);
      const poolGrad = tf.grad((a) => tf.maxPool(a, 2, 2, "valid"));
      records.push(rec(system, c, "maxpool2x2 fwd+bwd", timing(() => { const g = poolGrad(yp); g.dataSync(); g.dispose(); }, false), 0, "float32"));
      tf.dispose([x, w, dy, yp]);
    } else {
      throw new Error(`conv2d: unknown system ${system}`);
    }
  }
  return records;
}

export function format(records) {
  const present = systems.filter((s) => records.some((r) => r.system === s));
  const rows = [["case", "op", ...present.map((s) => `${s} us`), ...present.filter((s) => s !== "nnlab").map((s) => `speed-up vs ${s}`)]];
  const keys = [...new Set(records.map((r) => `${r.config.case}|${r.config.op}`))];
  for (const key of keys) {
    const [c, op] = key.split("|");
    const get = (s) => records.find((r) => r.system === s && r.config.case === c && r.config.op === op);
    const ours = get("nnlab");
    rows.push([c, op, ...present.map((s) => (get(s) ? (get(s).seconds * 1e6).toFixed(0) : "-")),
      ...present.filter((s) => s !== "nnlab").map((s) => (ours && get(s) ? `${(get(s).seconds / ours.seconds).toFixed(2)}x` : "-"))]);
  }
  return table(rows) + "\n(speed-up = other time / nnlab time; nnlab float64 NCHW, tfjs-wasm float32 NHWC; batch 100;\n tfjs-wasm 4.22 has no Conv2DBackpropFilter kernel, so its full backward pass is not measured)";
}
