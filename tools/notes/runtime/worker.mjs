// The notebook "kernel" of a lecture-notes page: a Web Worker (started from a
// Blob, so it works from file://) that runs cells against nnlab and the
// lectures package, sharing one scope in page order. Bundled by build.mjs.
//
// page -> worker: { type: "init", files: { digits: Uint8Array, ... } }
//                 { type: "run", id, cell, source }
// worker -> page: { type: "ready", ms, nnlab }
//                 { type: "stream", id, name: "stdout"|"stderr", text }
//                 { type: "display", id, bundle, displayId?, update? }
//                 { type: "result", id, text }
//                 { type: "error", id, ename, evalue, traceback: string[] }
//                 { type: "done", id, ok, ms }
import "./globals.mjs";
import * as nnlab from "nnlab";
import * as lectures from "lectures";
import { compileCell, CellSyntaxError } from "./transform.mjs";
import { inspect, formatArgs } from "./inspect.mjs";

const modules = { nnlab, lectures };
// The page loads one shared plotly.min.js itself: tell show() (lib/src/plot/show.ts keeps
// its per-session state under this symbol) that the bundle needs no emitting.
globalThis[Symbol.for("nnlab.plot.state")] = { bundleEmitted: true, plots: 0, session: "web" };
const scope = Object.create(null);
let current = null; // id of the running cell (outputs after it ends go to it too)
let displays = 0;

const post = (message) => self.postMessage(message);

self.__nnlabWrite = (name, text) => post({ type: "stream", id: current, name, text });
for (const [method, name] of [
  ["log", "stdout"],
  ["info", "stdout"],
  ["debug", "stdout"],
  ["table", "stdout"],
  ["dir", "stdout"],
  ["warn", "stderr"],
  ["error", "stderr"],
  ["trace", "stderr"],
]) {
  console[method] = (...args) => post({ type: "stream", id: current, name, text: `${formatArgs(args)}\n` });
}

/** JSON-clean copy of a MIME bundle (typed arrays -> arrays) for postMessage. */
const plain = (bundle) => JSON.parse(JSON.stringify(bundle, (_k, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v) : v)));

self.__nnlabDisplaySink = {
  display: (bundle) => post({ type: "display", id: current, bundle: plain(bundle) }),
  newDisplay: () => {
    const displayId = `d${++displays}`;
    return { update: (bundle) => post({ type: "display", id: current, bundle: plain(bundle), displayId, update: true }) };
  },
};

function importModule(name, wantDefault) {
  const mod = modules[name.replace(/^node:/, "")];
  if (!mod) throw new Error(`Cannot import "${name}" in the browser: only "nnlab" and "lectures" are available here`);
  return wantDefault ? (mod.default ?? mod) : mod;
}

/** Error -> Jupyter-like { ename, evalue, traceback } with the cell's line numbers. */
export function describeError(error, cell) {
  if (!(error instanceof Error)) return { ename: "Error", evalue: `Uncaught ${inspect(error)}`, traceback: [`Uncaught ${inspect(error)}`] };
  const ename = error.name || "Error";
  const evalue = error.message;
  const traceback = [`${ename}: ${evalue}`];
  if (error instanceof CellSyntaxError || (error.line && !error.stack)) {
    traceback.push(`    at cell [${cell}], line ${error.line}`);
    return { ename, evalue, traceback };
  }
  const frames = String(error.stack || "").split("\n").filter((l) => /^\s+at /.test(l));
  for (const frame of frames) {
    const inCell = /^\s+at (?:(.*?) \()?cell-(\d+)\.js:(\d+):(\d+)\)?$/.exec(frame);
    if (inCell) {
      const fn = inCell[1] && !/^(eval|async eval|Object\.<anonymous>)$/.test(inCell[1]) ? `${inCell[1].replace(/^async /, "")} ` : "";
      traceback.push(`    at ${fn}(cell [${inCell[2]}], line ${inCell[3]}, column ${inCell[4]})`);
      continue;
    }
    const named = /^\s+at (?:async )?([^\s(]+) \(/.exec(frame);
    if (named && !/^(__save|self\.onmessage|runCell)$/.test(named[1])) traceback.push(`    at ${named[1]} (nnlab)`);
  }
  return { ename, evalue, traceback };
}

async function runCell(id, cell, source) {
  current = id;
  const started = performance.now();
  const holder = { value: undefined, save: null };
  let ok = true;
  try {
    const { code } = compileCell(source, Object.keys(scope));
    const fn = (0, eval)(`${code}\n//# sourceURL=cell-${cell}.js`);
    try {
      await fn(scope, importModule, holder);
    } finally {
      if (holder.save) holder.save();
    }
    if (holder.value !== undefined) post({ type: "result", id, text: inspect(holder.value) });
  } catch (error) {
    ok = false;
    post({ type: "error", id, ...describeError(error, cell) });
  }
  post({ type: "done", id, ok, ms: performance.now() - started });
}

self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  post({ type: "error", id: current, ...describeError(event.reason, "?") });
});

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === "init") {
    const started = performance.now();
    self.__nnlabDataFiles = message.files || {};
    post({ type: "ready", ms: performance.now() - started, nnlab: nnlab.version });
  } else if (message.type === "run") {
    runCell(message.id, message.cell, message.source);
  }
};
