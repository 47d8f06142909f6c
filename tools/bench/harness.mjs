// Shared helpers for bench workloads: timing, the TensorFlow.js wasm peer, formatting.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** Seconds since an arbitrary origin (monotonic, ns resolution). */
export function now() {
  return Number(process.hrtime.bigint()) / 1e9;
}

/** CPU seconds (user + system) used by this process so far. */
export function cpuNow() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Time `fn` (called `reps` times per batch) and return the best seconds per call
 * over `batches` batches, after calling it for `warmup` seconds (so JIT and wasm
 * tier-up, which run on background threads, are done before timing).
 * Best-of-batches filters out GC pauses; use it for kernels, not for whole training runs.
 * clock "cpu" (default) counts this process's CPU time, which for single-threaded
 * code equals wall time on an idle machine and stays honest when other processes
 * compete for the cores; clock "wall" counts elapsed time.
 */
export function bestTime(fn, { reps = 1, batches = 5, warmup = 0.2, clock = "cpu" } = {}) {
  const read = clock === "cpu" ? cpuNow : now;
  const start = now();
  do fn(); while (now() - start < warmup);
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const t0 = read();
    for (let r = 0; r < reps; r++) fn();
    best = Math.min(best, (read() - t0) / reps);
  }
  return best;
}

/** Pick reps so that one batch takes about `seconds` (estimated from one call). */
export function repsFor(fn, seconds = 0.02, maxReps = 1e6) {
  const t0 = now();
  fn();
  const once = Math.max(now() - t0, 1e-7);
  return Math.max(1, Math.min(maxReps, Math.round(seconds / once)));
}

/** The built library (lib/dist), as a notebook sees it. */
export function loadNnlab() {
  return require("nnlab");
}

let tfPromise = null;
/**
 * TensorFlow.js with the wasm backend, loaded from node_modules (no network).
 * Returns { tf, flavour } where flavour says which wasm binary runs (simd / plain).
 */
export function loadTfjsWasm() {
  if (tfPromise === null) {
    tfPromise = (async () => {
      const tf = require("@tensorflow/tfjs");
      const wasm = require("@tensorflow/tfjs-backend-wasm");
      const dist = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + path.sep;
      wasm.setWasmPaths(dist);
      // One core, like our kernels: the threaded build is not used.
      const ok = await tf.setBackend("wasm");
      if (!ok) throw new Error("bench: TensorFlow.js wasm backend failed to initialise");
      await tf.ready();
      const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
      const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
      return { tf, flavour: `wasm${simd ? "-simd" : ""}${threads ? "-threaded" : ""}` };
    })();
  }
  return tfPromise;
}

/** Deterministic pseudo-random fill in [-1, 1) (benchmarks only; not for the library). */
export function fillRandom(array, seed = 1) {
  let s = seed >>> 0 || 1;
  for (let i = 0; i < array.length; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    array[i] = s / 2147483648 - 1;
  }
  return array;
}

/** Format a table (array of row arrays, first row = header) with right-aligned columns. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c] ?? "").length)));
  return rows.map((r) => r.map((v, c) => String(v ?? "").padStart(widths[c])).join("  ")).join("\n");
}

/**
 * Table of training records (system, seconds, cpuSeconds, samplesPerSecond, accuracy,
 * peakRssMB) with the speed-up of the "nnlab" record over each peer.
 */
export function trainingTable(records) {
  const ours = records.find((r) => r.system === "nnlab");
  const rows = [["system", "seconds", "CPU seconds", "samples/s", "test accuracy", "nnlab speed-up (wall, CPU)", "peak RSS MB"]];
  for (const r of records) {
    rows.push([r.system + (r.backend ? ` (${r.backend})` : ""), r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), Math.round(r.samplesPerSecond), r.accuracy.toFixed(4),
      ours && r !== ours ? `${(r.seconds / ours.seconds).toFixed(1)}x, ${(r.cpuSeconds / ours.cpuSeconds).toFixed(1)}x` : "", r.peakRssMB]);
  }
  return table(rows);
}
