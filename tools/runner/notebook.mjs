// Reading, checking and writing Jupyter notebooks (nbformat 4).
// https://nbformat.readthedocs.io/en/latest/format_description.html
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** A notebook that cannot be run, with a message naming the file and the problem. */
export class NotebookFormatError extends Error {
  constructor(message) {
    super(message);
    this.name = "NotebookFormatError";
  }
}

/** Cell source (a string or a list of lines in the file) as one string. */
export function joinSource(source) {
  return Array.isArray(source) ? source.join("") : source;
}

/** Line and column (1-based) of a character offset in a text. */
function lineAndColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return { line, column };
}

/**
 * Offset of the first JSON syntax error in text (JSON.parse in Node 20 does not
 * always say where), or undefined when the scanner finds none. A small
 * recursive-descent scan of the JSON grammar (RFC 8259).
 */
export function jsonErrorOffset(text) {
  let i = 0;
  const fail = () => {
    throw i;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const literal = (word) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') return void i++;
      if (ch < " ") fail();
      if (ch === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if ('"\\/bfnrt'.includes(text[i] ?? "")) i++;
        else fail();
      } else i++;
    }
    fail();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m || m[0] === "" || m[0] === "-") fail();
    i += m[0].length;
  };
  const value = () => {
    ws();
    const ch = text[i];
    if (ch === "{") {
      i++;
      ws();
      if (text[i] === "}") return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ":") fail();
        i++;
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    } else if (ch === "[") {
      i++;
      ws();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    } else if (ch === '"') string();
    else if (ch === "t") literal("true");
    else if (ch === "f") literal("false");
    else if (ch === "n") literal("null");
    else if (ch === "-" || (ch >= "0" && ch <= "9")) number();
    else fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (at) {
    if (typeof at === "number") return Math.min(at, text.length);
    throw at;
  }
}

/**
 * Parse and check the text of an .ipynb file. Returns the notebook object.
 * Throws NotebookFormatError naming `file` and what is wrong with it.
 * @param {string} text
 * @param {string} file used in messages
 */
export function parseNotebook(text, file) {
  let nb;
  try {
    nb = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    const pos = at === undefined ? undefined : lineAndColumn(text, at);
    const where = pos ? ` at line ${pos.line}, column ${pos.column}` : "";
    throw new NotebookFormatError(`${file}: not a valid notebook: the file is not valid JSON${where} (${e.message.split("\n")[0]})`);
  }
  const bad = (what) => new NotebookFormatError(`${file}: not a valid notebook: ${what}`);
  if (nb === null || typeof nb !== "object" || Array.isArray(nb)) throw bad("the top level is not a JSON object");
  if (nb.nbformat !== 4) throw bad(`nbformat is ${JSON.stringify(nb.nbformat)}, expected 4 (open and save it in a current Jupyter)`);
  if (!Array.isArray(nb.cells)) throw bad('it has no "cells" list');
  if (nb.metadata !== undefined && (nb.metadata === null || typeof nb.metadata !== "object")) throw bad('"metadata" is not an object');
  nb.cells.forEach((cell, i) => {
    const where = `cell ${i + 1}`;
    if (cell === null || typeof cell !== "object") throw bad(`${where} is not an object`);
    if (!["code", "markdown", "raw"].includes(cell.cell_type)) {
      throw bad(`${where} has cell_type ${JSON.stringify(cell.cell_type)} (expected "code", "markdown" or "raw")`);
    }
    const src = cell.source;
    const ok = typeof src === "string" || (Array.isArray(src) && src.every((s) => typeof s === "string"));
    if (!ok) throw bad(`${where} has a "source" that is neither a string nor a list of strings`);
    if (cell.cell_type === "code" && cell.outputs !== undefined && !Array.isArray(cell.outputs)) {
      throw bad(`${where} has "outputs" that is not a list`);
    }
  });
  return nb;
}

/** Read and check a notebook file (see parseNotebook). */
export function readNotebook(file) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new NotebookFormatError(`${file}: cannot read the notebook (${e.code ?? e.message})`);
  }
  return parseNotebook(text, file);
}

/** The kernel a notebook asks for: metadata.kernelspec.name, or undefined. */
export function kernelName(nb) {
  const name = nb.metadata?.kernelspec?.name;
  return typeof name === "string" && name.length > 0 ? name : undefined;
}

// nbformat's writer stores multi-line strings as lists of lines (keeping the "\n"),
// which keeps diffs of notebooks readable; we do the same so our files match
// what Jupyter itself would save.
function splitLines(text) {
  if (typeof text !== "string") return text;
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

const SPLIT_NON_TEXT_MIMES = new Set(["application/javascript", "image/svg+xml"]);

function splitBundle(bundle) {
  const out = {};
  for (const [mime, value] of Object.entries(bundle ?? {})) {
    out[mime] = typeof value === "string" && (mime.startsWith("text/") || SPLIT_NON_TEXT_MIMES.has(mime)) ? splitLines(value) : value;
  }
  return out;
}

/** Object with its keys sorted, recursively (nbformat writes sorted keys). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    const out = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
    return out;
  }
  return value;
}

/**
 * The notebook as nbformat would write it: sources and text outputs as lists
 * of lines, keys sorted, one-space indent, trailing newline.
 */
export function formatNotebook(nb) {
  const copy = structuredClone(nb);
  for (const cell of copy.cells) {
    cell.source = splitLines(joinSource(cell.source));
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "stream") out.text = splitLines(Array.isArray(out.text) ? out.text.join("") : out.text);
      if (out.output_type === "display_data" || out.output_type === "execute_result") out.data = splitBundle(out.data);
    }
  }
  return JSON.stringify(sortKeys(copy), null, 1) + "\n";
}

/** Write a notebook (creating its folder). */
export function writeNotebook(file, nb) {
  mkdirSync(dirname(file), { recursive: true });
  // Written next to it, then renamed: a reader never sees half a notebook.
  const partial = join(dirname(file), `.${basename(file)}.${process.pid}.partial`);
  writeFileSync(partial, formatNotebook(nb));
  renameSync(partial, file);
}

/** A notebook's copy with all outputs and execution counts removed (how sources are stored). */
export function stripOutputs(nb) {
  const copy = structuredClone(nb);
  for (const cell of copy.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  return copy;
}
