#!/usr/bin/env node
// npm run notes [-- [options] [filters...]]
//
// Executes the notebooks with the headless runner (tools/runner) and writes the
// offline lecture-notes site to build/site/ (open build/site/index.html).
//
//   --no-execute        render the executed copies already in build/notebooks
//   --jobs N            notebooks executed in parallel (default: the runner's)
//   --cell-timeout MS   per-cell timeout for the runner
//   --notebooks DIR     source notebooks (default notebooks/)
//   --executed DIR      executed copies (default build/notebooks/)
//   --out DIR           the site (default build/site/)
//   filters             execute only notebooks whose file name contains one of
//                       them (e.g. `01` or `perceptron`); the site is rendered
//                       from every executed copy, so the other pages stay.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildSite } from "./notes/site.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const USAGE = `usage: npm run notes -- [--no-execute] [--jobs N] [--cell-timeout MS] [--notebooks DIR] [--executed DIR] [--out DIR] [filter...]`;

function parseArgs(argv) {
  const options = { execute: true, jobs: undefined, cellTimeoutMs: undefined, notebooksDir: "notebooks", executedDir: "build/notebooks", outDir: "build/site", filters: [] };
  const value = (flag, i) => {
    if (i >= argv.length || argv[i].startsWith("--")) throw new Error(`notes: ${flag} needs a value\n${USAGE}`);
    return argv[i];
  };
  const positiveInt = (flag, text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`notes: ${flag} must be a positive integer, got ${JSON.stringify(text)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--no-execute") options.execute = false;
    else if (arg === "--jobs") options.jobs = positiveInt(arg, value(arg, ++i));
    else if (arg === "--cell-timeout") options.cellTimeoutMs = positiveInt(arg, value(arg, ++i));
    else if (arg === "--notebooks") options.notebooksDir = value(arg, ++i);
    else if (arg === "--executed") options.executedDir = value(arg, ++i);
    else if (arg === "--out") options.outDir = value(arg, ++i);
    else if (arg === "--help" || arg === "-h") options.help = true;
    else if (arg.startsWith("-")) throw new Error(`notes: unknown option ${arg}\n${USAGE}`);
    else options.filters.push(arg);
  }
  return options;
}

const listNotebooks = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".ipynb"))
        .sort()
        .map((f) => ({ name: f.slice(0, -".ipynb".length), file: path.join(dir, f) }))
    : [];

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const notebooksDir = path.resolve(root, options.notebooksDir);
  const executedDir = path.resolve(root, options.executedDir);
  const outDir = path.resolve(root, options.outDir);
  const sources = listNotebooks(notebooksDir);
  const matches = (name) => options.filters.length === 0 || options.filters.some((f) => name.includes(f));
  let status = 0;

  if (options.filters.length > 0 && !sources.some((s) => matches(s.name))) {
    throw new Error(`notes: no notebook in ${path.relative(root, notebooksDir) || "."} matches ${options.filters.join(", ")} (have: ${sources.map((s) => s.name).join(", ") || "none"})`);
  }

  if (options.execute) {
    const selected = sources.filter((s) => matches(s.name));
    if (selected.length === 0) throw new Error(`notes: no notebooks in ${notebooksDir} to execute`);
    const runnerPath = path.join(root, "tools", "runner", "index.mjs");
    if (!fs.existsSync(runnerPath)) throw new Error(`notes: the notebook runner ${path.relative(root, runnerPath)} is missing; use --no-execute to render existing executed notebooks`);
    const { runNotebooks, formatFailure } = await import(pathToFileURL(runnerPath).href);
    console.log(`notes: executing ${selected.length} notebook(s) into ${path.relative(root, executedDir)}/`);
    const t0 = performance.now();
    try {
      const results = await runNotebooks({
        notebooks: selected.map((s) => s.file),
        outDir: executedDir,
        jobs: options.jobs,
        cellTimeoutMs: options.cellTimeoutMs,
        onProgress: (event) => {
          if (event.type === "notebook-done") console.log(`  ${event.result.ok ? "ok    " : "FAILED"} ${event.result.name} (${(event.result.durationMs / 1000).toFixed(1)} s)`);
        },
      });
      for (const result of results) {
        if (result.ok) continue;
        // Render what was executed anyway (the failing cell's error shows on its page), but fail the build.
        console.error(formatFailure(result));
        status = 1;
      }
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      status = 1;
    }
    console.log(`notes: executed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  // The pages: every source notebook that has an executed copy, in lecture order
  // (if there are no sources, e.g. a fixtures folder, every executed notebook).
  const executed = listNotebooks(executedDir);
  const executedNames = new Set(executed.map((e) => e.name));
  let pages = executed;
  if (sources.length > 0) {
    pages = sources.filter((s) => executedNames.has(s.name)).map((s) => ({ name: s.name, file: path.join(executedDir, `${s.name}.ipynb`), source: s.file }));
    for (const s of sources) {
      if (!executedNames.has(s.name)) console.warn(`notes: warning: ${s.name}.ipynb has no executed copy in ${path.relative(root, executedDir)}/ (run without --no-execute); left out`);
      else if (fs.statSync(s.file).mtimeMs > fs.statSync(path.join(executedDir, `${s.name}.ipynb`)).mtimeMs) {
        console.warn(`notes: warning: ${s.name}.ipynb changed after it was executed; its page may be stale`);
      }
    }
  }
  if (pages.length === 0) throw new Error(`notes: no executed notebooks in ${executedDir}`);

  const t1 = performance.now();
  const site = await buildSite({ notebooks: pages, outDir });
  for (const page of site.pages) {
    for (const warning of page.warnings) console.warn(`notes: warning: ${page.name}: ${warning}`);
    console.log(`  ${path.relative(root, page.file)}  ${(page.bytes / 1024).toFixed(0)} KiB, ${page.plotCount} plot(s)${page.hasMath ? ", math" : ""}`);
  }
  console.log(`  runtime: assets/runtime/worker.js ${(site.runtime.workerBytes / 1024).toFixed(0)} KiB, data.js ${(site.runtime.dataBytes / 1024).toFixed(0)} KiB (loaded on the first Run); search: ${site.searchDocuments} sections`);
  console.log(`notes: ${site.pages.length} page(s) rendered in ${((performance.now() - t1) / 1000).toFixed(2)} s (total ${((performance.now() - started) / 1000).toFixed(1)} s) -> ${path.relative(root, site.indexFile)}`);
  return status;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
