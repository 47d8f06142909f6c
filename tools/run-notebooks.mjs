#!/usr/bin/env node
// npm run notebooks [-- [notebook.ipynb ...] [--out DIR] [--timeout SECONDS] [--jobs N] [--quiet]]
//
// Executes the notebooks (default: every notebooks/*.ipynb; a bare name such as
// 01-perceptron.ipynb is looked up in notebooks/) top to bottom, each
// in a fresh tslab kernel, several at once, and writes executed copies with
// outputs to build/notebooks/. Exits 1 if any notebook fails, naming the
// notebook and the cell, showing the cell's first lines and the full error.
import { parseArgs } from "node:util";
import { cpus } from "node:os";
import { DEFAULT_CELL_TIMEOUT_MS, formatFailure, killAllKernels, runNotebooks } from "./runner/index.mjs";

const usage = `usage: node tools/run-notebooks.mjs [notebook.ipynb ...] [--out DIR] [--timeout SECONDS] [--jobs N] [--quiet]
  notebook.ipynb     a path, or a bare name of a notebook in notebooks/ (default: all of them)
  --out DIR          where executed copies go (default build/notebooks)
  --timeout SECONDS  time limit per cell (default ${DEFAULT_CELL_TIMEOUT_MS / 1000}; env NNLAB_CELL_TIMEOUT)
  --jobs N           notebooks run at once (default: the number of cores, ${cpus().length})
  --quiet            print only failures and the summary`;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: "string", default: "build/notebooks" },
      timeout: { type: "string" },
      jobs: { type: "string" },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
} catch (e) {
  console.error(`run-notebooks: ${e.message}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = args;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const positiveNumber = (flag, text) => {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0) {
    console.error(`run-notebooks: --${flag} must be a positive number, got "${text}"\n${usage}`);
    process.exit(2);
  }
  return v;
};
const cellTimeoutMs = values.timeout !== undefined ? positiveNumber("timeout", values.timeout) * 1000 : undefined;
const jobs = values.jobs !== undefined ? Math.floor(positiveNumber("jobs", values.jobs)) : undefined;

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    console.error(`\nrun-notebooks: ${sig}, stopping the kernels`);
    killAllKernels();
    process.exit(130);
  });
}

const started = Date.now();
const results = await runNotebooks({
  notebooks: positionals.length ? positionals : undefined,
  outDir: values.out,
  cellTimeoutMs,
  jobs,
  onProgress: (e) => {
    if (values.quiet || e.type !== "notebook-done") return;
    const r = e.result;
    const secs = (r.durationMs / 1000).toFixed(1);
    console.log(`${r.ok ? "ok  " : "FAIL"} ${r.notebook}  (${r.executed}/${r.cells} code cells, ${secs} s)`);
  },
});
const failed = results.filter((r) => !r.ok);
for (const r of failed) console.error(`\n${formatFailure(r)}`);
const total = ((Date.now() - started) / 1000).toFixed(1);
const out = results.find((r) => r.outPath)?.outPath;
console.log(
  `\n${results.length - failed.length} of ${results.length} notebooks ran without errors in ${total} s` +
    (out ? `; executed copies in ${values.out}/` : ""),
);
process.exit(failed.length ? 1 : 0);
