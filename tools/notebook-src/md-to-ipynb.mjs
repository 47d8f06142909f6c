#!/usr/bin/env node
// Builds notebooks/<name>.ipynb from tools/notebook-src/<name>.md (readable,
// diff-friendly sources for the first lecture notebooks).
//
//   node tools/notebook-src/md-to-ipynb.mjs [tools/notebook-src/01-perceptron.md ...]
//
// Source format: markdown; every ```ts fenced block becomes a code cell, the
// text between blocks becomes markdown cells, and a line holding only `+++`
// splits markdown into separate cells. The notebook is written without
// outputs, with the project's tslab kernelspec.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");

function splitSource(text) {
  const cells = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let kind = "markdown";
  let buffer = [];
  const flush = () => {
    while (buffer.length && buffer[0].trim() === "") buffer.shift();
    while (buffer.length && buffer[buffer.length - 1].trim() === "") buffer.pop();
    if (buffer.length) cells.push({ kind, source: buffer.join("\n") });
    buffer = [];
  };
  for (const line of lines) {
    if (kind === "markdown" && /^```(ts|typescript)\s*$/.test(line)) {
      flush();
      kind = "code";
    } else if (kind === "code" && /^```\s*$/.test(line)) {
      flush();
      kind = "markdown";
    } else if (kind === "markdown" && line.trim() === "+++") {
      flush();
    } else {
      buffer.push(line);
    }
  }
  if (kind === "code") throw new Error("md-to-ipynb: unterminated ```ts block");
  flush();
  return cells;
}

function toLines(source) {
  const parts = source.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? l + "\n" : l));
}

function build(mdPath) {
  const name = basename(mdPath, ".md");
  const cells = splitSource(readFileSync(mdPath, "utf8")).map((c, i) => {
    const id = `${name.slice(0, 2)}-${String(i).padStart(3, "0")}-${createHash("sha1").update(c.source).digest("hex").slice(0, 8)}`;
    return c.kind === "code"
      ? { cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: toLines(c.source) }
      : { cell_type: "markdown", id, metadata: {}, source: toLines(c.source) };
  });
  const notebook = {
    cells,
    metadata: {
      kernelspec: { name: "nnlab-tslab", display_name: "TypeScript (nnlab)", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const out = join(root, "notebooks", `${name}.ipynb`);
  writeFileSync(out, JSON.stringify(notebook, null, 1) + "\n");
  console.log(`md-to-ipynb: ${mdPath} -> ${out} (${cells.length} cells)`);
}

const args = process.argv.slice(2);
const sources = args.length ? args : readdirSync(here).filter((f) => f.endsWith(".md")).sort().map((f) => join(here, f));
for (const s of sources) build(resolve(s));
