// The headless notebook runner: executes notebooks top to bottom, each in a
// fresh kernel, several at once, and writes executed copies (outputs and
// execution counts) to an output folder. The sources are never modified.
//
//   import { runNotebooks, formatFailure } from "./tools/runner/index.mjs";
//   const results = await runNotebooks({ notebooks: ["notebooks/00-welcome.ipynb"] });
import { existsSync, readdirSync } from "node:fs";
import { cpus } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { findKernelSpec, PROJECT_ROOT } from "./kernelspec.mjs";
import { Kernel, KernelError } from "./kernel.mjs";
import { joinSource, kernelName, NotebookFormatError, readNotebook, writeNotebook } from "./notebook.mjs";
import { errorText, OutputCollector, stderrText, stripAnsi } from "./outputs.mjs";

export { KERNEL_NAME, NOTEBOOK_KERNELSPEC, JUPYTER_DATA_DIR, PROJECT_ROOT, findKernelSpec } from "./kernelspec.mjs";
export { killAllKernels } from "./kernel.mjs";

/** Default per-cell time limit (ms); NNLAB_CELL_TIMEOUT (seconds) overrides it. */
export const DEFAULT_CELL_TIMEOUT_MS = Number(process.env.NNLAB_CELL_TIMEOUT) > 0 ? Number(process.env.NNLAB_CELL_TIMEOUT) * 1000 : 300_000;

function checkOptions(fn, opts) {
  const positive = (name, integer) => {
    const v = opts[name];
    if (v === undefined) return;
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v) || (integer && !Number.isInteger(v))) {
      throw new TypeError(`${fn}: ${name} must be a positive ${integer ? "integer" : "number"}, got ${JSON.stringify(v)}`);
    }
  };
  positive("cellTimeoutMs", false);
  positive("startTimeoutMs", false);
  positive("jobs", true);
  if (opts.notebooks !== undefined && !(Array.isArray(opts.notebooks) && opts.notebooks.every((n) => typeof n === "string"))) {
    throw new TypeError(`${fn}: notebooks must be an array of paths, got ${JSON.stringify(opts.notebooks)}`);
  }
  if (opts.onProgress !== undefined && typeof opts.onProgress !== "function") throw new TypeError(`${fn}: onProgress must be a function`);
  if (opts.probe !== undefined && typeof opts.probe !== "function") {
    throw new TypeError(`${fn}: probe must be a function (notebook file name -> code to run after the last cell, or undefined), got ${typeof opts.probe}`);
  }
  const known = ["outDir", "cellTimeoutMs", "startTimeoutMs", "jobs", "notebooks", "onProgress", "kernelName", "probe"];
  for (const key of Object.keys(opts)) {
    if (!known.includes(key)) throw new TypeError(`${fn}: unknown option "${key}"; the options are ${known.join(", ")}`);
  }
}

// Errors that escape a cell asynchronously (a rejected promise nobody awaited, an
// exception in a timer) are reported on stderr with these prefixes while the cell
// is answered "ok" (tslab; the project's launcher keeps the prefixes): they fail the cell too.
const ESCAPED_ERROR = /^(UncaughtException|UnhandledPromiseRejection):/m;

/** The notebooks in <project>/notebooks, sorted by name. */
export function listNotebooks(dir = join(PROJECT_ROOT, "notebooks")) {
  if (!existsSync(dir)) throw new Error(`listNotebooks: no notebook folder ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * A notebook path as given, or, when no such file exists and the name has no
 * folder part, the notebook of that name in <project>/notebooks
 * (`01-perceptron.ipynb` or `01-perceptron`).
 */
export function resolveNotebook(name, cwd = process.cwd()) {
  if (existsSync(resolve(cwd, name)) || /[\\/]/.test(name)) return name;
  const dir = join(PROJECT_ROOT, "notebooks");
  for (const candidate of [name, `${name}.ipynb`]) if (existsSync(join(dir, candidate))) return join(dir, candidate);
  return name;
}

function displayPath(file) {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith("..") ? rel : file;
}

function firstLines(source, n = 6) {
  const lines = source.replace(/\s+$/, "").split("\n");
  const shown = lines.slice(0, n).map((l) => `    | ${l}`);
  if (lines.length > n) shown.push(`    | ... (${lines.length - n} more lines)`);
  return shown.join("\n");
}

/**
 * Human-readable report of a failed notebook result: the notebook, the cell
 * (its number among all cells, as counted in the file, and among code cells),
 * the cell's first lines and the full error text.
 */
export function formatFailure(result) {
  const f = result.failure;
  if (!f) return `${result.notebook}: ok`;
  if (f.cellNumber === undefined) return `${result.notebook}: ${f.message}`;
  const head = `${result.notebook}: cell ${f.cellNumber} (code cell ${f.codeCellNumber}) ${f.summary}:`;
  const body = f.errorText ? `\n${f.errorText.replace(/\s+$/, "").replace(/^/gm, "    ")}` : "";
  return `${head}\n${firstLines(f.source ?? "")}${body}`;
}

/**
 * Execute one notebook in a fresh kernel.
 * @param {string} file path to the .ipynb
 * With `probe`, once every cell has run, the code `probe(name)` returns (if any)
 * runs in the same kernel; what it prints is returned as `result.probe` (tests use
 * it to read the values a notebook computed). It is not part of the executed copy.
 * @param {{ outDir?: string, cellTimeoutMs?: number, startTimeoutMs?: number, kernelName?: string,
 *           onProgress?: (event: object) => void, probe?: (name: string) => string | undefined }} [opts]
 */
export async function runNotebook(file, opts = {}) {
  if (typeof file !== "string") throw new TypeError(`runNotebook: file must be a path, got ${JSON.stringify(file)}`);
  checkOptions("runNotebook", opts);
  const path = resolve(file);
  const notebook = displayPath(path);
  const started = Date.now();
  const outDir = resolve(opts.outDir ?? join(PROJECT_ROOT, "build", "notebooks"));
  const cellTimeoutMs = opts.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  const progress = opts.onProgress ?? (() => {});
  const result = { notebook, path, name: basename(path), ok: false, outPath: null, durationMs: 0, cells: 0, executed: 0, failure: undefined, probe: undefined };
  const finish = (failure) => {
    result.ok = !failure;
    result.failure = failure;
    result.durationMs = Date.now() - started;
    progress({ type: "notebook-done", notebook, result });
    return result;
  };
  progress({ type: "notebook-start", notebook });

  let nb;
  try {
    nb = readNotebook(path);
  } catch (e) {
    if (e instanceof NotebookFormatError) return finish({ kind: "malformed", message: e.message.replace(`${path}: `, "") });
    throw e;
  }
  const codeCells = nb.cells.map((c, i) => ({ cell: c, index: i })).filter(({ cell }) => cell.cell_type === "code");
  result.cells = codeCells.length;
  // Start from clean cells: the executed copy holds only this run's outputs.
  for (const { cell } of codeCells) {
    cell.outputs = [];
    cell.execution_count = null;
  }

  const name = opts.kernelName ?? kernelName(nb);
  if (!name) return finish({ kind: "no-kernel", message: 'has no metadata.kernelspec.name: set it to "nnlab-tslab" (open it in Jupyter and pick the "TypeScript (nnlab)" kernel)' });
  let spec;
  try {
    spec = findKernelSpec(name);
  } catch (e) {
    return finish({ kind: "no-kernel", message: e.message });
  }

  let kernel;
  try {
    kernel = await Kernel.start({ spec: spec.spec, name, cwd: dirname(path), startTimeoutMs: opts.startTimeoutMs });
  } catch (e) {
    if (e instanceof KernelError) return finish({ kind: e.kind === "protocol" ? "protocol" : "kernel-start", message: e.message });
    throw e;
  }

  let failure;
  try {
    if (kernel.languageInfo) nb.metadata = { ...nb.metadata, language_info: kernel.languageInfo };
    const collector = new OutputCollector();
    // tslab prints errors that escape a cell asynchronously on stderr of whichever
    // cell is current when they happen, possibly one already judged "ok": watch all.
    let escaped = null;
    const watchEscaped = (msg, where) => {
      if (!escaped && msg.header.msg_type === "stream" && msg.content?.name === "stderr" && ESCAPED_ERROR.test(String(msg.content.text))) escaped = where;
    };
    for (let n = 0; n < codeCells.length; n++) {
      const { cell, index } = codeCells[n];
      const source = joinSource(cell.source);
      const where = { cellNumber: index + 1, codeCellNumber: n + 1, source };
      if (source.trim() === "") continue; // Jupyter does not send empty cells either
      progress({ type: "cell", notebook, cellNumber: index + 1, codeCellNumber: n + 1, codeCells: codeCells.length });
      const outputs = cell.outputs;
      const res = await kernel.execute(source, {
        timeoutMs: cellTimeoutMs,
        onIopub: (msg) => {
          collector.handle(msg, outputs, cell.execution_count);
          watchEscaped(msg, { ...where, outputs });
        },
      });
      cell.execution_count = res.executionCount;
      result.executed++;
      const reply = res.reply?.content ?? {};
      // The kernel's `error` message (an error output) carries ename, evalue and the
      // traceback; the execute_reply repeats them: use it only if no error output came.
      const replyError = reply.ename ? stripAnsi(reply.traceback?.length ? reply.traceback.join("\n") : `${reply.ename}: ${reply.evalue ?? ""}`) : "";
      const text = () => {
        const err = errorText(outputs);
        return [stderrText(outputs), err || replyError].filter((s) => s.trim()).join("\n") || "(the kernel sent no error text)";
      };
      if (res.status === "ok") {
        if (escaped) {
          const { outputs: escapedOutputs, ...at } = escaped;
          failure = { kind: "cell-error", summary: "failed: an error escaped asynchronously (from this cell, or a timer or promise it left running)", errorText: stderrText(escapedOutputs), ...at };
          break;
        }
        continue;
      }
      if (res.status === "error") {
        failure = { kind: "cell-error", summary: "failed", errorText: text(), ...where };
      } else if (res.status === "timeout") {
        const secs = Math.round(cellTimeoutMs / 100) / 10;
        failure = {
          kind: "timeout",
          summary: `timed out after ${secs} s (${res.interrupted ? "interrupted" : "did not stop when interrupted; kernel killed"}; raise the limit with --timeout or NNLAB_CELL_TIMEOUT)`,
          errorText: [stderrText(outputs), errorText(outputs)].filter((s) => s.trim()).join("\n"),
          ...where,
        };
      } else if (res.status === "died") {
        failure = { kind: "kernel-died", summary: "did not finish: the kernel died while running it", errorText: [stderrText(outputs), res.error?.message ?? ""].filter((s) => s.trim()).join("\n"), ...where };
      } else {
        failure = { kind: "cell-error", summary: `was not run: the kernel answered "${res.status}"`, errorText: text(), ...where };
      }
      break;
    }
    const probeCode = failure ? undefined : opts.probe?.(result.name);
    if (probeCode !== undefined) {
      const outputs = [];
      const res = await kernel.execute(probeCode, { timeoutMs: cellTimeoutMs, onIopub: (msg) => collector.handle(msg, outputs, null) });
      const printed = outputs.filter((o) => o.output_type === "stream" && o.name === "stdout").map((o) => [o.text].flat().join("")).join("");
      if (res.status !== "ok") {
        failure = { kind: "probe", message: `the probe run after the last cell failed:\n${[stderrText(outputs), errorText(outputs)].join("\n").trim()}\n    probe: ${probeCode}` };
      } else result.probe = printed;
    }
  } catch (e) {
    // A fault of the runner or the transport: report it for this notebook, keep the others going.
    failure = { kind: "protocol", message: `the runner failed while talking to kernel "${name}": ${e?.stack ?? e}` };
  } finally {
    // After a time-out the kernel's state is unknown: interrupt, then kill.
    if (failure?.kind === "timeout") kernel.kill();
    await kernel.shutdown();
  }
  if (failure && failure.message === undefined) failure.message = formatFailure({ notebook, failure }).replace(`${notebook}: `, "");
  result.outPath = join(outDir, basename(path));
  writeNotebook(result.outPath, nb);
  return finish(failure);
}

/**
 * Execute notebooks in parallel, each in its own fresh kernel.
 * @param {{ notebooks?: string[], outDir?: string, cellTimeoutMs?: number, jobs?: number,
 *           startTimeoutMs?: number, kernelName?: string, onProgress?: (event: object) => void }} [opts]
 * @returns {Promise<object[]>} one result per notebook, in the order given
 */
export async function runNotebooks(opts = {}) {
  checkOptions("runNotebooks", opts);
  const notebooks = opts.notebooks ? opts.notebooks.map((n) => resolveNotebook(n)) : listNotebooks();
  const jobs = Math.max(1, Math.min(opts.jobs ?? cpus().length, notebooks.length || 1));
  const results = new Array(notebooks.length);
  let next = 0;
  const worker = async () => {
    while (next < notebooks.length) {
      const i = next++;
      results[i] = await runNotebook(notebooks[i], opts);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return results;
}
