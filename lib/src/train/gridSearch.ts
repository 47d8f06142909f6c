/**
 * Grid search over two hyper-parameters (the lectures' (eta, lmbd) heatmaps). The caller says what
 * a grid point means: `run(point)` in this thread, or `job: { module, name, data }`, an exported
 * function `name(point, data)` of a package (e.g. "lectures") or path, run on worker threads.
 * Point (i, j) gets the seed `seed + i * columns + j`, so results do not depend on the workers.
 * A point that throws (or returns non-finite scores) is reported in `errors[i][j]` with NaN scores
 * and the search goes on; a broken worker rejects the promise, after every worker has been stopped.
 */
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { checkOptions } from "../tensor/options";

/** One axis of the grid: a hyper-parameter name and its values. */
export interface GridAxis {
  name: string;
  values: readonly number[];
}

/** One grid point, as handed to `run` or to a worker job. */
export interface GridPoint {
  /** Row index i and column index j. */
  row: number;
  column: number;
  /** The two hyper-parameters, e.g. { eta: 0.01, lmbd: 1e-4 }. */
  params: Record<string, number>;
  /** The point's seed: seed + i * columns + j. */
  seed: number;
}

/** What a grid point returns: named numbers, e.g. { trainAccuracy: 0.98, testAccuracy: 0.95 }. */
export type GridScores = Record<string, number>;

/** A function run on worker threads: module (package name or path) and exported function name. */
export interface GridJob {
  module: string;
  name: string;
  /** Structured-cloneable data handed to every call as its second argument. */
  data?: unknown;
}

export interface GridSearchOptions {
  /** The hyper-parameter along the rows of the result. */
  rows: GridAxis;
  /** The hyper-parameter along the columns of the result. */
  columns: GridAxis;
  /** The function trained at each point, in this thread. */
  run?: (point: GridPoint) => GridScores | Promise<GridScores>;
  /** Or: the exported function run on worker threads. */
  job?: GridJob;
  /** Worker threads for `job` (default: the number of cores, at most the number of points). */
  workers?: number;
  /** Base seed (default 0). */
  seed?: number;
}

/** Score matrices ready for a heatmap: scores[name][row][column]. */
export interface GridSearchResult {
  rowName: string;
  columnName: string;
  rows: number[];
  columns: number[];
  scores: Record<string, number[][]>;
  /** Why a point failed (its scores are NaN), else null. */
  errors: (string | null)[][];
  /** Wall-clock seconds. */
  seconds: number;
  /** Worker threads used (0 = in this thread). */
  workers: number;
}

const FN = "gridSearch";

function checkAxis(arg: string, axis: GridAxis | undefined): GridAxis {
  if (!axis || typeof axis !== "object" || typeof axis.name !== "string" || axis.name === "" || !Array.isArray(axis.values) || axis.values.length === 0) {
    throw new Error(`${FN}: ${arg} must be { name, values } with a name and at least one value, e.g. { name: "eta", values: [0.01, 0.1] }`);
  }
  const i = axis.values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (i >= 0) throw new Error(`${FN}: ${arg}.values[${i}] must be a finite number, got ${String(axis.values[i])}`);
  return axis;
}

/** Which of a point's scores are bad, as an error message; null if all are finite numbers. */
function scoreProblem(scores: unknown): string | null {
  if (scores === null || typeof scores !== "object" || Array.isArray(scores)) return `returned ${String(scores)} instead of an object of scores such as { testAccuracy }`;
  const entries = Object.entries(scores as object);
  if (entries.length === 0) return "returned no scores";
  const bad = entries.filter(([, v]) => typeof v !== "number" || !Number.isFinite(v));
  return bad.length ? `returned non-finite scores (${bad.map(([k, v]) => `${k}: ${String(v)}`).join(", ")}): training probably diverged` : null;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fn = require(workerData.modulePath)[workerData.name];
parentPort.on("message", async ({ index, point }) => {
  try {
    parentPort.postMessage({ index, scores: await fn(point, workerData.data) });
  } catch (e) {
    parentPort.postMessage({ index, error: e && e.message ? e.message : String(e) });
  }
});
`;

/** The resolved path of a job's module, after checking that it exports the function. */
function resolveJob(job: GridJob): string {
  checkOptions(job, FN, "job", ["module", "name", "data"]);
  if (typeof job.module !== "string" || typeof job.name !== "string") {
    throw new Error(`${FN}: job must be { module, name }: a package name or path, and the name of its exported function, e.g. { module: "lectures", name: "trainGridPoint" }`);
  }
  const req = createRequire(path.join(process.cwd(), "noop.js"));
  let modulePath: string;
  try {
    modulePath = req.resolve(job.module);
  } catch {
    throw new Error(`${FN}: job.module "${job.module}" cannot be found from ${process.cwd()} (is it built? run \`npm run build\`)`);
  }
  if (typeof req(modulePath)[job.name] !== "function") {
    throw new Error(`${FN}: job.module "${job.module}" has no exported function "${job.name}" (for the lectures package: mark its cell //| export, then npm run sync && npm run build)`);
  }
  return modulePath;
}

/**
 * Runs `run` (or a worker `job`) at every (row, column) point of a two-parameter
 * grid and returns every score as a matrix [rows][columns].
 *
 * @example
 * const grid = await gridSearch({
 *   rows: { name: "eta", values: [1e-3, 1e-2, 1e-1] }, columns: { name: "lmbd", values: [0, 1e-3, 1e-1] },
 *   run: ({ params, seed }) => trainAndScore(params.eta, params.lmbd, seed),
 * });
 * show(heatmap({ z: grid.scores.testAccuracy, x: grid.columns, y: grid.rows }));
 */
export async function gridSearch(options: GridSearchOptions): Promise<GridSearchResult> {
  checkOptions(options, FN, "options", ["rows", "columns", "run", "job", "workers", "seed"]);
  const rowAxis = checkAxis("rows", options.rows);
  const columnAxis = checkAxis("columns", options.columns);
  if (rowAxis.name === columnAxis.name) throw new Error(`${FN}: rows and columns both vary "${rowAxis.name}"; a grid needs two different hyper-parameters`);
  if ((options.run === undefined) === (options.job === undefined)) {
    throw new Error(`${FN}: give exactly one of run (a function, run in this thread) or job ({ module, name }, run on worker threads)`);
  }
  if (options.run !== undefined && typeof options.run !== "function") throw new Error(`${FN}: run must be a function (point) => scores`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new Error(`${FN}: seed must be an integer, got ${String(seed)}`);
  const R = rowAxis.values.length;
  const K = columnAxis.values.length;
  const total = R * K;
  const points: GridPoint[] = [];
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < K; j++) {
      points.push({ row: i, column: j, params: { [rowAxis.name]: rowAxis.values[i], [columnAxis.name]: columnAxis.values[j] }, seed: seed + i * K + j });
    }
  }
  const scores: (GridScores | null)[] = new Array(total).fill(null);
  const errors: (string | null)[] = new Array(total).fill(null);
  const start = performance.now();
  const finish = (index: number, result: unknown, error: string | null): void => {
    const problem = error ?? scoreProblem(result);
    const p = points[index];
    if (problem !== null) errors[index] = `${FN}: point ${JSON.stringify(p.params)} (row ${p.row}, column ${p.column}) failed: ${problem}`;
    else scores[index] = result as GridScores;
  };

  let workersUsed = 0;
  if (options.run) {
    for (let index = 0; index < total; index++) {
      let result: unknown;
      let error: string | null = null;
      try {
        result = await options.run(points[index]);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      finish(index, result, error);
    }
  } else {
    const job = options.job!;
    const modulePath = resolveJob(job);
    const requested = options.workers ?? Math.min(os.availableParallelism?.() ?? os.cpus().length, total);
    if (!Number.isInteger(requested) || requested < 1) throw new Error(`${FN}: workers must be a positive integer, got ${String(requested)}`);
    workersUsed = Math.min(requested, total);
    await runOnWorkers(points, { modulePath, name: job.name, data: job.data }, workersUsed, finish);
  }

  const names = Object.keys(scores.find((s) => s !== null) ?? {});
  const matrix = (f: (index: number) => number): number[][] =>
    Array.from({ length: R }, (_, i) => Array.from({ length: K }, (_, j) => f(i * K + j)));
  return {
    rowName: rowAxis.name, columnName: columnAxis.name,
    rows: rowAxis.values.slice(), columns: columnAxis.values.slice(),
    scores: Object.fromEntries(names.map((name) => [name, matrix((k) => scores[k]?.[name] ?? NaN)])),
    errors: Array.from({ length: R }, (_, i) => errors.slice(i * K, i * K + K)),
    seconds: (performance.now() - start) / 1000,
    workers: workersUsed,
  };
}

/** Runs the points on `count` worker threads, handing out the next point as each finishes. Rejects (after terminating all workers) when a worker dies or exits. */
async function runOnWorkers(
  points: GridPoint[], workerData: { modulePath: string; name: string; data: unknown }, count: number,
  finish: (index: number, result: unknown, error: string | null) => void,
): Promise<void> {
  const { Worker } = await import("node:worker_threads");
  const workers: InstanceType<typeof Worker>[] = [];
  let next = 0;
  let finished = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const fail = (e: Error): void => {
        if (!failed) { failed = true; reject(e); }
      };
      const feed = (worker: InstanceType<typeof Worker>): void => {
        if (next < points.length) worker.postMessage({ index: next, point: points[next++] });
      };
      for (let w = 0; w < count; w++) {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
        workers.push(worker);
        worker.on("message", (message: { index: number; scores?: unknown; error?: string }) => {
          if (failed) return;
          finish(message.index, message.scores, message.error ?? null);
          if (++finished === points.length) resolve();
          else feed(worker);
        });
        worker.on("error", (e) => fail(new Error(`${FN}: a worker thread crashed: ${e.message}`)));
        worker.on("exit", (code) => {
          if (finished < points.length) fail(new Error(`${FN}: a worker thread exited (code ${code}) before the grid was done; ${finished} of ${points.length} points finished`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
