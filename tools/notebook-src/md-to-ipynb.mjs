#!/usr/bin/env node
// Builds notebooks/<name>.ipynb from tools/notebook-src/<name>.md (readable,
// diff-friendly sources for the first lecture notebooks).
//
//   node tools/notebook-src/md-to-ipynb.mjs [tools/notebook-src/01-perceptron.md ...]
//
// Source format: markdown; every ```ts fenced block becomes a code cell, the
// text between blocks becomes markdown cells, a `##` or `###` heading starts a
// new markdown cell, and a line holding only `+++` splits markdown explicitly.
// The notebook is written without outputs, with the project's tslab kernelspec.
// Edit the .md, run this script, commit both (test/basics/notebookSources.test.ts
// fails if they drift apart).
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
    } else if (kind === "markdown" && /^#{2,3} /.test(line)) {
      flush();
      buffer.push(line);
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

/**
 * The notebook (nbformat 4.5 JSON object, no outputs) for a markdown source.
 * @param {string} text the .md source
 * @param {string} name the notebook's base name, e.g. "01-perceptron" (cell ids derive from it)
 */
export function notebookFromMarkdown(text, name) {
  const cells = splitSource(text).map((c, i) => {
    const id = `${name.slice(0, 2)}-${String(i).padStart(3, "0")}-${createHash("sha1").update(c.source).digest("hex").slice(0, 8)}`;
    return c.kind === "code"
      ? { cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: toLines(c.source) }
      : { cell_type: "markdown", id, metadata: {}, source: toLines(c.source) };
  });
  return {
    cells,
    metadata: {
      kernelspec: { name: "nnlab-tslab", display_name: "TypeScript (nnlab)", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The notebook file's text for a notebook object (as written to notebooks/). */
export function notebookText(notebook) {
  return JSON.stringify(notebook, null, 1) + "\n";
}

function build(mdPath) {
  const name = basename(mdPath, ".md");
  const notebook = notebookFromMarkdown(readFileSync(mdPath, "utf8"), name);
  const out = join(root, "notebooks", `${name}.ipynb`);
  writeFileSync(out, notebookText(notebook));
  console.log(`md-to-ipynb: ${mdPath} -> ${out} (${notebook.cells.length} cells)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sources = args.length ? args : readdirSync(here).filter((f) => f.endsWith(".md")).sort().map((f) => join(here, f));
  for (const s of sources) build(resolve(s));
}
