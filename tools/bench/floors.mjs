// Lower bounds ("floors") of the training workloads on this machine: the least time any float64
// JavaScript + WebAssembly-SIMD implementation of the same algorithm could take here, from three
// measured costs:
//   - the WebAssembly f64x2 multiply-add ceiling (GFLOP/s of a loop that only multiplies and adds
//     registers: no loads, no stores, no loop overhead worth counting), which bounds every matrix
//     product, however well packed or tiled;
//   - one exp with Math.exp's bits (sigmoid and softmax need one per value): the faster of Math.exp
//     and the engine's WebAssembly exp (kernels/wasm/vector-module.ts) on values already in its memory;
//   - one value of a streaming pass (out[k] = a[k] + b[k]), the cost of touching a value once: the
//     faster of a typed-array loop in JavaScript and the engine's f64x2 add on values in its memory.
// Each cost is the best of three processes' measurements (processes on this machine run at speeds
// up to 2x apart). A workload's floor = its products' flops at the ceiling + its exps + the values
// that the algorithm must touch at least once (each parameter update, gathered input, bias add, error term),
// counted as if every element-wise step were fused into a single pass. Everything else that a real
// implementation does (separate ops, allocation, copies into WebAssembly memory) only adds time, so
// when floor > target the target cannot be met by tuning; see README.md.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { fillRandom, now } from "./harness.mjs";

const require = createRequire(import.meta.url);

/** The library's own WebAssembly assembler (an engine internal, not part of nnlab's API). */
function assembler() {
  return require("nnlab/dist/kernels/wasm/assembler.js");
}

/** GFLOP/s of f64x2 (mul, add) pairs on 8 independent register accumulators (best of 5). */
function wasmCeilingGflops() {
  const { assembleModule, op, I32, V128 } = assembler();
  const ACC = 8; // independent chains: enough to hide the add latency, few enough to stay in registers
  const N = 0, MEM = 1, I = 2, Y = 3, X0 = 4, A0 = 4 + ACC; // locals
  const body = [op.set(Y, op.v128Load(op.get(MEM)))];
  for (let j = 0; j < ACC; j++) body.push(op.set(X0 + j, op.v128Load(op.get(MEM), 16)), op.set(A0 + j, op.v128Load(op.get(MEM), 32)));
  const pass = [];
  for (let j = 0; j < ACC; j++) pass.push(op.set(A0 + j, op.f64x2Add(op.get(A0 + j), op.f64x2Mul(op.get(X0 + j), op.get(Y)))));
  body.push(op.for(op.set(I, op.i32(0)), op.ltS(op.get(I), op.get(N)), op.set(I, op.add(op.get(I), op.i32(1))), pass));
  for (let j = 0; j < ACC; j++) body.push(op.v128Store(op.get(MEM), op.get(A0 + j), 48 + 16 * j)); // keep the results live
  const fn = { name: "peak", params: [I32, I32], locals: [I32, V128, ...new Array(2 * ACC).fill(V128)], body };
  const { peak, memory } = new WebAssembly.Instance(new WebAssembly.Module(assembleModule([fn], 1)), {}).exports;
  new Float64Array(memory.buffer).fill(1e-9, 0, 6);
  const passes = 1e7;
  peak(1e5, 0); // tier up
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = now();
    peak(passes, 0);
    best = Math.min(best, now() - t0);
  }
  return (passes * ACC * 4) / best / 1e9; // each pass: ACC x (2 multiplies + 2 adds)
}

/**
 * Least seconds per value of `kernel(arrays, r)` over `values` values: best of 5 timed batches of
 * `reps` calls on the arrays from `make()`. Each call gets a different rotation of the arrays, so
 * the JIT cannot fold them into the code.
 */
function perValue(make, kernel, values, reps) {
  const arrays = make();
  for (let r = 0; r < reps; r++) kernel(arrays, r); // warm-up: optimised code
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const t0 = now();
    for (let r = 0; r < reps; r++) kernel(arrays, r);
    best = Math.min(best, (now() - t0) / (reps * values));
  }
  return best;
}

const VALUES = 5000;
let seed = 1;
/** VALUES seeded uniform values in [-scale / 2, scale / 2). */
const randomArray = (scale) => fillRandom(new Float64Array(VALUES), seed++).map((v) => (v * scale) / 2);

/** Seconds per Math.exp on values in [-10, 10] (a sigmoid's range). */
function expSeconds() {
  const loop = (x, o) => { for (let i = 0; i < x.length; i++) o[i] = Math.exp(x[i]); };
  const make = () => [randomArray(20), randomArray(20), new Float64Array(VALUES)];
  return perValue(make, (s, r) => loop(s[r & 1], s[2]), VALUES, 400);
}

/** Seconds per value of out[k] = a[k] + b[k] (one streaming pass). */
function loopSeconds() {
  const loop = (a, b, o) => { for (let k = 0; k < o.length; k++) o[k] = a[k] + b[k]; };
  const make = () => [randomArray(2), randomArray(2), randomArray(2), new Float64Array(VALUES), new Float64Array(VALUES)];
  return perValue(make, (s, r) => loop(s[r % 3], s[(r + 1) % 3], s[3 + (r & 1)]), VALUES, 2000);
}

/**
 * Seconds per value of the engine's WebAssembly exp and of its f64x2 add (out = a + b), on values
 * already in the module's memory (no copies in or out, unlike the tensor ops): what a design keeping
 * tensors in WebAssembly memory would pay.
 */
function wasmSeconds() {
  const { buildVectorModule } = require("nnlab/dist/kernels/wasm/vector-module.js");
  const w = new WebAssembly.Instance(new WebAssembly.Module(buildVectorModule()), {}).exports;
  w.memory.grow(Math.ceil((4 * 8 * VALUES) / 65536));
  const memory = new Float64Array(w.memory.buffer, 0, 4 * VALUES); // a, b, out, and a second a
  memory.set(randomArray(20), 0);
  memory.set(randomArray(20), VALUES);
  memory.set(randomArray(20), 3 * VALUES);
  const [B, OUT] = [8 * VALUES, 16 * VALUES]; // byte offsets
  const src = (r) => (r & 1 ? 24 * VALUES : 0); // alternate between two inputs
  const seconds = {
    exp: perValue(() => null, (_, r) => w.exp(src(r), OUT, 8 * VALUES), VALUES, 400),
    loop: perValue(() => null, (_, r) => w.add(src(r), 0, 1, B, 0, 1, OUT, 1, VALUES), VALUES, 2000),
  };
  const check = (what, run, expected) => { // what was timed computed every value (a wrong call would time nothing)
    run();
    for (let k = 0; k < VALUES; k++) if (!Object.is(memory[2 * VALUES + k], expected(k))) throw new Error(`floors: the wasm ${what} is wrong at ${k}`);
  };
  check("exp", () => w.exp(0, OUT, 8 * VALUES), (k) => Math.exp(memory[k]));
  check("add", () => w.add(0, 0, 1, B, 0, 1, OUT, 1, VALUES), (k) => memory[k] + memory[VALUES + k]);
  return seconds;
}

/** The three costs as measured in this process (exp and streaming: the faster of JavaScript and WebAssembly). */
function measureHere() {
  const wasm = wasmSeconds();
  return { ceilingGflops: wasmCeilingGflops(), expNs: Math.min(expSeconds(), wasm.exp) * 1e9, loopNs: Math.min(loopSeconds(), wasm.loop) * 1e9 };
}

/** Extra processes that measure the costs: processes here run at different speeds (up to 2x), so a floor takes the best. */
const PROCESSES = 2;
let measured = null;

/** The three costs: the best of this process's and PROCESSES others' measurements (once per process). */
export function machineCosts() {
  if (measured === null) {
    const all = [measureHere()];
    for (let p = 0; p < PROCESSES; p++) {
      const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--costs"], { encoding: "utf8" });
      if (res.status !== 0) throw new Error(`floors: measuring in another process failed: ${res.stderr}`);
      all.push(JSON.parse(res.stdout));
    }
    measured = {
      ceilingGflops: Math.max(...all.map((c) => c.ceilingGflops)),
      expNs: Math.min(...all.map((c) => c.expNs)),
      loopNs: Math.min(...all.map((c) => c.loopNs)),
    };
  }
  return measured;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "--costs") console.log(JSON.stringify(measureHere()));

/**
 * Work of `steps` training steps of a one-hidden-layer network (the lectures' MLP and Nielsen's
 * Network: X [m, d] -> h sigmoid units -> c outputs) as a floor counts it: `flops` of the five
 * products per step (forward X·W1, a·W2; backward δ2·W2ᵀ, aᵀ·δ2, Xᵀ·δ1), `exps` (one per hidden
 * activation, plus one per output with a softmax output), and `values` touched at least once
 * (every parameter updated, the batch gathered, the bias added to every pre-activation, one error
 * term per unit).
 */
export function mlpWork({ m, d, h, c, softmax, steps }) {
  const parameters = d * h + h + h * c + c;
  return {
    steps,
    flops: steps * 2 * (m * d * h + m * h * c + m * c * h + h * m * c + d * m * h),
    exps: steps * (m * h + (softmax ? m * c : 0)),
    values: steps * (parameters + m * (d + c) + 2 * m * (h + c)),
  };
}

/**
 * Work of the CNN lecture's network (valid k x k convolution with f filters on s x s images, ReLU,
 * 2x2 max-pool, dense h ReLU, dense c softmax) over `images` image presentations in `steps` steps:
 * the products (convolution forward and filter gradient as [positions, k²] x [k², f] products; each
 * dense layer forward, weight gradient and input gradient; no input gradient for the first layer),
 * one exp per output, and the values each image touches once (its pixels, every convolution output
 * biased and rectified, pooled and routed back, every dense unit and error term) plus one update of
 * every parameter per step.
 */
export function cnnWork({ s, k, f, h, c, images, steps }) {
  const o = s - k + 1; // valid convolution: o x o positions
  const pooled = f * Math.floor(o / 2) ** 2;
  const macs = 2 * o * o * k * k * f + 3 * pooled * h + 3 * h * c;
  const parameters = f * k * k + f + pooled * h + h + h * c + c;
  return {
    steps,
    flops: images * 2 * macs,
    exps: images * c,
    values: images * (s * s + 1 + 2 * f * o * o + 2 * pooled + 2 * (h + c)) + steps * parameters,
  };
}

/**
 * The floor record of a workload doing `work` (from mlpWork or cnnWork), in the workload's record
 * format (system "nnlab-floor", seconds = the floor); `cores` > 1 spreads the work perfectly over
 * that many cores (grid-digits). `costs` defaults to this machine's (machineCosts).
 */
export function floorRecord(workload, work, { samples, cores = 1, extra = {}, costs = machineCosts() }) {
  const parts = {
    products: work.flops / (costs.ceilingGflops * 1e9),
    exps: (work.exps * costs.expNs) / 1e9,
    values: (work.values * costs.loopNs) / 1e9,
  };
  const seconds = (parts.products + parts.exps + parts.values) / cores;
  return {
    workload, system: "nnlab-floor", seconds, cpuSeconds: seconds * cores, accuracy: null, samplesPerSecond: samples / seconds,
    config: {
      source: "tools/bench/floors.mjs", ...work, cores, ...extra,
      ceilingGflops: round(costs.ceilingGflops), expNs: round(costs.expNs), loopNs: round(costs.loopNs),
      partsSeconds: { products: round(parts.products), exps: round(parts.exps), values: round(parts.values) },
    },
  };
}

const round = (x) => Number(x.toPrecision(3));

/**
 * The lines under a workload's table: the floor and its parts, and where the target lies against
 * it. `target(records)` gives { seconds, text } or null (its peer did not run).
 */
export function floorLines(records, target) {
  const floor = records.find((r) => r.system === "nnlab-floor");
  if (!floor) return "";
  const c = floor.config;
  const p = c.partsSeconds;
  const goal = target(records);
  const where = goal === null ? "" : floor.seconds > goal.seconds
    ? `\n  the target (${goal.text} = ${goal.seconds.toFixed(3)} s) is BELOW this floor: float64 products at the wasm SIMD ceiling, exact exps and streaming passes cannot meet it on this machine`
    : `\n  the target (${goal.text} = ${goal.seconds.toFixed(3)} s) is above this floor`;
  const e = (x) => x.toExponential(2);
  return `\nfloor on this machine: ${floor.seconds.toFixed(3)} s${c.cores > 1 ? ` wall on ${c.cores} cores` : ""}` +
    ` = products ${p.products} s (${e(c.flops)} flops at the wasm f64x2 ceiling, ${c.ceilingGflops} GFLOP/s)` +
    ` + exps ${p.exps} s (${e(c.exps)} x ${c.expNs} ns) + values ${p.values} s (${e(c.values)} x ${c.loopNs} ns)` +
    " (exps and values at the faster of JavaScript and WebAssembly on values resident in its memory)" + `${where}\n`;
}
