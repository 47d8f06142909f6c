// The notebook "kernel" of a lecture-notes page: a Web Worker (started from a
// Blob, so it works from file://) that runs cells against nnlab and the
// lectures package, sharing one scope in page order. Bundled by build.mjs.
//
// page -> worker: { type: "init", files: { digits: Uint8Array, ... }, extras: ["mathjs"] }
//                 { type: "run", id, cell, source }
//                 { type: "module", name, source }   (an extra module's bundle, on request)
// worker -> page: { type: "ready", ms, nnlab }
//                 { type: "stream", id, name: "stdout"|"stderr", text }
//                 { type: "display", id, bundle, displayId?, update? }
//                 { type: "result", id, text }
//                 { type: "error", id, ename, evalue, traceback: string[] }
//                 { type: "done", id, ok, ms }
//                 { type: "module", name }           (a cell imports an extra module: send it)
import "./globals.mjs";
import * as nnlab from "nnlab";
import * as lectures from "lectures";
import { compileCell, CellSyntaxError } from "./transform.mjs";
import { inspect, formatArgs } from "./inspect.mjs";

/** tslab's public API (`import * as tslab from "tslab"`), over the same display sink. */
function tslabShim() {
  const bundleOf = (mime, value) => ({ [mime]: value });
  const displayApi = (emit) => ({
    html: (s) => emit(bundleOf("text/html", s)),
    text: (s) => emit(bundleOf("text/plain", s)),
    markdown: (s) => emit(bundleOf("text/plain", s)),
    latex: (s) => emit(bundleOf("text/plain", s)),
    javascript: (s) => emit(bundleOf("text/plain", s)),
    svg: (s) => emit(bundleOf("text/html", s)),
    png: (b) => emit(bundleOf("image/png", typeof b === "string" ? b : btoa(String.fromCharCode(...b)))),
    jpeg: (b) => emit(bundleOf("image/jpeg", typeof b === "string" ? b : btoa(String.fromCharCode(...b)))),
    gif: (b) => emit(bundleOf("image/gif", typeof b === "string" ? b : btoa(String.fromCharCode(...b)))),
    raw: (mime, value) => emit(bundleOf(mime, value)),
  });
  return {
    display: displayApi((bundle) => self.__nnlabDisplaySink.display(bundle)),
    newDisplay: () => {
      const out = self.__nnlabDisplaySink.newDisplay();
      return displayApi((bundle) => out.update(bundle));
    },
    isNode: false,
    isBrowser: true,
    versions: { tslab: "browser runtime", typescript: "sucrase (types stripped, not checked)", node: `none: ${self.navigator ? self.navigator.userAgent.replace(/^.*\b(Chrome|Firefox|Safari)\/(\S+).*$/, "$1 $2") : "a browser"}` },
  };
}

const modules = { nnlab, lectures, tslab: tslabShim() };
self.__nnlabModules = modules;
let extras = [];
const pendingModules = new Map();

/** Fetch an extra module's bundle from the page (loaded there on first use) and evaluate it here. */
function requireExtras(names) {
  const missing = names.map((n) => n.replace(/^node:/, "")).filter((n) => !modules[n] && extras.includes(n));
  return Promise.all(
    missing.map((name) => {
      if (!pendingModules.has(name)) {
        pendingModules.set(
          name,
          new Promise((resolve) => {
            pendingModules.set(`${name}:resolve`, resolve);
            post({ type: "module", name });
          }),
        );
      }
      return pendingModules.get(name);
    }),
  );
}
// The page loads one shared plotly.min.js itself: tell show() (lib/src/plot/show.ts keeps
// its per-session state under this symbol) that the bundle needs no emitting.
globalThis[Symbol.for("nnlab.plot.state")] = { carrier: {}, plots: 0, session: "web" }; // plotly.js is the page's: never sent from here
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
  if (!mod) throw new Error(`Cannot import "${name}" in the browser: the modules here are ${Object.keys(modules).concat(extras.filter((e) => !modules[e])).map((m) => `"${m}"`).join(", ")}`);
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
    const { code, imports } = compileCell(source, Object.keys(scope));
    await requireExtras(imports);
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
    extras = message.extras || [];
    post({ type: "ready", ms: performance.now() - started, nnlab: nnlab.version });
  } else if (message.type === "module") {
    try {
      (0, eval)(`${message.source}\n//# sourceURL=module-${message.name}.js`);
    } catch (error) {
      post({ type: "error", id: current, ...describeError(error, "?") });
    }
    const resolve = pendingModules.get(`${message.name}:resolve`);
    if (resolve) resolve();
  } else if (message.type === "run") {
    runCell(message.id, message.cell, message.source);
  }
};
