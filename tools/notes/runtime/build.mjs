// Build the in-browser runtime of the lecture-notes site with esbuild:
//   assets/runtime/worker.js  the worker bundle (nnlab + lectures from their
//                             TypeScript sources, sucrase, acorn, fflate) as a
//                             string the page turns into a Blob worker
//   assets/runtime/data.js    the data files (base64), checked against their SHA-256
//   assets/runtime/module-NAME.js  other npm packages the notebooks import (mathjs),
//                             sent to the worker when a cell first imports them
// Both are loaded by the page only on the first Run (a <script> element, which
// works from file://, unlike fetch).
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");

const NODE_BUILTINS = /^(node:)?(fs|path|os|crypto|zlib|module|worker_threads|url|util|child_process)$/;

/** esbuild plugin: nnlab's kernel-only modules -> browser stand-ins, Node built-ins -> shims. */
function browserPlugin() {
  const swaps = new Map([
    [path.join(root, "lib", "src", "plot", "notebook.ts"), path.join(here, "browser-notebook.ts")],
    [path.join(root, "lib", "src", "data", "readDataFile.ts"), path.join(here, "browser-readDataFile.ts")],
  ]);
  return {
    name: "nnlab-browser",
    setup(build) {
      build.onResolve({ filter: NODE_BUILTINS }, () => ({ path: path.join(here, "shims", "node-builtins.mjs") }));
      build.onResolve({ filter: /^nnlab$/ }, () => ({ path: path.join(root, "lib", "src", "index.ts") }));
      build.onResolve({ filter: /^lectures$/ }, () => ({ path: path.join(root, "lectures", "src", "index.ts") }));
      build.onResolve({ filter: /^\.\.?\// }, async (args) => {
        if (!args.importer.startsWith(path.join(root, "lib", "src"))) return undefined;
        for (const ext of [".ts", "/index.ts", ""]) {
          const candidate = path.resolve(args.resolveDir, args.path) + ext;
          if (swaps.has(candidate)) return { path: swaps.get(candidate) };
        }
        return undefined;
      });
    },
  };
}

/** The worker bundle's JavaScript (an IIFE). */
export async function buildWorkerSource({ minify = true } = {}) {
  const result = await esbuild.build({
    entryPoints: [path.join(here, "worker.mjs")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify,
    keepNames: true,
    legalComments: "none",
    logLevel: "silent",
    plugins: [browserPlugin()],
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return result.outputFiles[0].text;
}

/** npm packages the notebooks import besides nnlab and lectures, each bundled on its own and loaded on first import. */
export const EXTRA_MODULES = ["mathjs"];

/** One extra module as a script the worker evaluates: it sets self.__nnlabModules[name]. */
export function buildExtraModule(name) {
  const result = esbuild.buildSync({
    stdin: { contents: `import * as m from ${JSON.stringify(name)}; (self.__nnlabModules = self.__nnlabModules || {})[${JSON.stringify(name)}] = m;`, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/**
 * The data files committed in data/ as { key: base64 }, each checked against
 * lib/src/data/dataFiles.ts. Files that an npm package ships (the full MNIST,
 * 55 MB) are not inlined: in the browser, loadMnist offers the 10k subset only.
 */
export function dataFilesBase64() {
  const source = fs.readFileSync(path.join(root, "lib", "src", "data", "dataFiles.ts"), "utf8");
  const out = {};
  for (const match of source.matchAll(/(\w+):\s*\{\s*file:\s*"([^"]+)",\s*sha256:\s*"([0-9a-f]{64})",?\s*(package:)?/g)) {
    const [, key, file, sha256, fromPackage] = match;
    if (fromPackage) continue;
    const bytes = fs.readFileSync(path.join(root, "data", file));
    const actual = crypto.createHash("sha256").update(bytes).digest("hex");
    if (actual !== sha256) throw new Error(`notes: data/${file} has SHA-256 ${actual}, expected ${sha256} (see data/README.md)`);
    out[key] = bytes.toString("base64");
  }
  if (Object.keys(out).length === 0) throw new Error("notes: no data files listed in lib/src/data/dataFiles.ts");
  return out;
}

/**
 * Write assets/runtime/{worker,data}.js into outDir.
 * @returns { workerBytes, dataBytes, ms }
 */
export async function writeRuntime(outDir) {
  const started = performance.now();
  const dir = path.join(outDir, "assets", "runtime");
  fs.mkdirSync(dir, { recursive: true });
  const worker = await buildWorkerSource();
  const workerJs = `window.__nnlabWorkerSource=${JSON.stringify(worker)};\n`;
  fs.writeFileSync(path.join(dir, "worker.js"), workerJs);
  const modules = {};
  for (const name of EXTRA_MODULES) {
    const js = `(window.__nnlabModuleSources=window.__nnlabModuleSources||{})[${JSON.stringify(name)}]=${JSON.stringify(buildExtraModule(name))};\n`;
    fs.writeFileSync(path.join(dir, `module-${name}.js`), js);
    modules[name] = Buffer.byteLength(js);
  }
  const data = dataFilesBase64();
  const dataJs = `window.__nnlabDataFiles=${JSON.stringify(data)};\n`;
  fs.writeFileSync(path.join(dir, "data.js"), dataJs);
  return { workerBytes: Buffer.byteLength(workerJs), dataBytes: Buffer.byteLength(dataJs), modules, ms: performance.now() - started };
}

/** The page script (assets/notes.js): run buttons, editor, search, copy, theme, downloads. */
export function buildPageScript({ minify = true } = {}) {
  const result = esbuild.buildSync({
    entryPoints: [path.join(here, "page.mjs")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify,
    legalComments: "none",
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** assets/search.js: MiniSearch and the site's search index (loaded when the reader first searches). */
export function buildSearchScript(indexJson, options) {
  const result = esbuild.buildSync({
    stdin: { contents: 'import MiniSearch from "minisearch"; window.__nnlabMiniSearch = MiniSearch;', resolveDir: here, loader: "js" },
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "none",
    logLevel: "silent",
  });
  return `${result.outputFiles[0].text}\nwindow.__nnlabSearchIndex=${JSON.stringify({ index: indexJson, options })};\n`;
}
