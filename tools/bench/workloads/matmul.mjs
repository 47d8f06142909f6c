// Workload `matmul`: float64 matrix-product throughput of nnlab's kernels
// against the naive triple loop and TensorFlow.js (wasm backend, float32).
import { bestTime, fillRandom, loadNnlab, loadTfjsWasm, now, repsFor, table } from "../harness.mjs";

const SIZES = [64, 128, 256, 512, 1024];
const MLP = { m: 100, k: 64, n: 50 }; // the lectures' MLP product [100,64]x[64,50]

export const id = "matmul";
export const description = "n x n matrix product GFLOP/s (n = 64..1024), the MLP's [100,64]x[64,50] in us, a 10-element add";
/** Systems; those not starting with "nnlab" are peers (skipped by --only-nnlab). */
export const systems = ["nnlab", "nnlab-naive", "tfjs-wasm"];

/** The code each system runs (the add10 case runs the tensor op, not a kernel). */
function sourceOf(system, c) {
  if (system === "tfjs-wasm") return "@tensorflow/tfjs-backend-wasm";
  if (c === "add10") return "lib/src/tensor/elementwise.ts";
  return system === "nnlab" ? "lib/src/kernels/matmul.ts" : "lib/src/kernels/matmul-naive.ts";
}

function record(system, seconds, config, extra = {}) {
  return { workload: id, system, seconds, accuracy: null, config: { source: sourceOf(system, config.case), ...config, clock: "cpu" }, ...extra };
}

function squareRecord(system, n, seconds, dtype) {
  return record(system, seconds, { case: "square", m: n, k: n, n, dtype }, { n, gflops: (2 * n * n * n) / seconds / 1e9 });
}

function mlpRecord(system, seconds, dtype) {
  const { m, k, n } = MLP;
  return record(system, seconds, { case: "mlp-product", m, k, n, dtype }, { n, gflops: (2 * m * k * n) / seconds / 1e9 });
}

/** Run products for ~0.3 s first, so the wasm code has tiered up (Liftoff -> TurboFan) before timing. */
function warmUp(product, ArrayType) {
  const n = 128;
  const a = fillRandom(new ArrayType(n * n), 5);
  const b = fillRandom(new ArrayType(n * n), 6);
  const out = new ArrayType(n * n);
  const t0 = now();
  while (now() - t0 < 0.3) product(a, b, out, n);
}

export async function run(ctx) {
  const { system, quick } = ctx;
  const sizes = quick ? [64, 128] : SIZES;
  const batchSeconds = quick ? 0.01 : 0.02; // per timed batch (best of several batches, CPU time)
  const records = [];
  if (system === "nnlab" || system === "nnlab-naive") {
    const nnlab = loadNnlab();
    const kernel = system === "nnlab" ? nnlab.kernels.matmulKernel : nnlab.kernels.matmulNaive;
    warmUp((a, b, out, n) => kernel(a, b, out, n, n, n), Float64Array);
    for (const n of sizes) {
      const a = fillRandom(new Float64Array(n * n), 1);
      const b = fillRandom(new Float64Array(n * n), 2);
      const out = new Float64Array(n * n);
      const call = () => kernel(a, b, out, n, n, n);
      const slow = system === "nnlab-naive" && n >= 512;
      const seconds = slow ? bestTime(call, { reps: 1, batches: 1, warmup: 0 }) : bestTime(call, { reps: repsFor(call, batchSeconds), batches: quick ? 3 : 10 });
      records.push(squareRecord(system, n, seconds, "float64"));
    }
    {
      const { m, k, n } = MLP;
      const a = fillRandom(new Float64Array(m * k), 3);
      const b = fillRandom(new Float64Array(k * n), 4);
      const out = new Float64Array(m * n);
      const call = () => kernel(a, b, out, m, k, n);
      records.push(mlpRecord(system, bestTime(call, { reps: repsFor(call, batchSeconds), batches: 10 }), "float64"));
    }
    if (system === "nnlab" && typeof nnlab.add === "function" && typeof nnlab.tensor === "function") {
      const x = nnlab.tensor(Array.from({ length: 10 }, (_, i) => i));
      const y = nnlab.tensor(Array.from({ length: 10 }, (_, i) => 2 * i));
      const call = () => nnlab.add(x, y);
      const seconds = bestTime(call, { reps: 20_000, batches: 10 });
      records.push(record(system, seconds, { case: "add10", size: 10, dtype: "float64", op: "nnlab.add(tensor, tensor)" }));
    }
  } else if (system === "tfjs-wasm") {
    const { tf, flavour } = await loadTfjsWasm();
    warmUp((a, b, _out, n) => {
      const [x, y] = [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])];
      const c = tf.matMul(x, y); c.dataSync(); tf.dispose([x, y, c]);
    }, Float32Array);
    for (const n of sizes) {
      const a = tf.tensor2d(fillRandom(new Float32Array(n * n), 1), [n, n]);
      const b = tf.tensor2d(fillRandom(new Float32Array(n * n), 2), [n, n]);
      const call = () => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
      records.push({ ...squareRecord(system, n, bestTime(call, { reps: repsFor(call, batchSeconds), batches: quick ? 3 : 10 }), "float32"), backend: flavour });
      a.dispose(); b.dispose();
    }
    {
      const { m, k, n } = MLP;
      const a = tf.tensor2d(fillRandom(new Float32Array(m * k), 3), [m, k]);
      const b = tf.tensor2d(fillRandom(new Float32Array(k * n), 4), [k, n]);
      const call = () => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); };
      records.push({ ...mlpRecord(system, bestTime(call, { reps: repsFor(call, batchSeconds), batches: 10 }), "float32"), backend: flavour });
    }
    {
      const x = tf.tensor1d(Array.from({ length: 10 }, (_, i) => i));
      const y = tf.tensor1d(Array.from({ length: 10 }, (_, i) => 2 * i));
      const call = () => { tf.add(x, y).dispose(); };
      records.push({ ...record(system, bestTime(call, { reps: 20_000, batches: 10 }), { case: "add10", size: 10, dtype: "float32", op: "tf.add(x, y)" }), backend: flavour });
    }
  } else {
    throw new Error(`matmul: unknown system ${system}`);
  }
  return records;
}

/** Human table: GFLOP/s per n and system, with ratios of nnlab to the others. */
export function format(records) {
  const get = (system, c, n) => records.find((r) => r.system === system && r.config.case === c && (n === undefined || r.n === n));
  const present = systems.filter((s) => records.some((r) => r.system === s));
  const lines = [];
  const square = [["n", ...present.map((s) => `${s} GFLOP/s`), ...present.filter((s) => s !== "nnlab").map((s) => `nnlab/${s}`)]];
  for (const n of SIZES) {
    const row = present.map((s) => get(s, "square", n));
    if (row.every((r) => r === undefined)) continue;
    const ours = get("nnlab", "square", n);
    square.push([n, ...row.map((r) => (r ? r.gflops.toFixed(2) : "-")),
      ...present.filter((s) => s !== "nnlab").map((s) => {
        const other = get(s, "square", n);
        return ours && other ? `${(ours.gflops / other.gflops).toFixed(2)}x` : "-";
      })]);
  }
  lines.push(table(square));
  const mlp = [["[100,64]x[64,50]", ...present.map((s) => s)]];
  mlp.push(["time (us)", ...present.map((s) => { const r = get(s, "mlp-product"); return r ? (r.seconds * 1e6).toFixed(1) : "-"; })]);
  mlp.push(["GFLOP/s", ...present.map((s) => { const r = get(s, "mlp-product"); return r ? r.gflops.toFixed(2) : "-"; })]);
  const add = ["add of 10 (us)", ...present.map((s) => { const r = get(s, "add10"); return r ? (r.seconds * 1e6).toFixed(3) : "-"; })];
  mlp.push(add);
  lines.push("", table(mlp));
  const tf = records.find((r) => r.backend);
  if (tf) lines.push(`(tfjs-wasm: float32, backend ${tf.backend}; nnlab: float64, one core)`);
  return lines.join("\n");
}
