#!/usr/bin/env node
// One source per lesson. The readable sources notebooks/src/<name>.md are turned
// into the notebooks notebooks/<name>.ipynb (output-free), and the code cells the
// lessons mark for reuse are extracted into the generated workspace package
// `lectures` (lectures/src/<name>.ts), which later notebooks and the tests import
// by name, like d2l's `#@save` or nbdev's export cells.
//
//   node tools/notebooks.mjs           regenerate notebooks/*.ipynb and lectures/src/*.ts
//   node tools/notebooks.mjs --check   exit 1 (naming the files) if any of them is stale
//
// Source format (markdown):
// - every ```ts fenced block becomes a code cell; the text between blocks becomes
//   markdown cells; a `##` or `###` heading starts a new markdown cell, and a line
//   holding only `+++` splits markdown explicitly;
// - cell metadata as JSON after the fence or the `+++`:  ```ts {"tags": ["solution"]}
//   or  +++ {"tags": ["solution"]}. A cell tagged "solution" is stored with its
//   source collapsed (jupyter.source_hidden), and the lecture-notes site folds it.
// - a code cell whose first line is `//| export` is exported: its top-level
//   declarations become exports of lectures/src/<name>.ts. Exported cells hold
//   declarations only (functions, classes, consts, types), no statements that run.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, "..");
export const SOURCE_DIR = join(root, "notebooks", "src");
export const NOTEBOOK_DIR = join(root, "notebooks");
export const LECTURES_SRC = join(root, "lectures", "src");
/** The first line that marks a code cell for export. */
export const EXPORT_MARK = "//| export";
/** The name later notebooks import the exported code from. */
export const LECTURES_PACKAGE = "lectures";

function parseMeta(text, where) {
  const t = text.trim();
  if (t === "") return {};
  try {
    const meta = JSON.parse(t);
    if (meta === null || typeof meta !== "object" || Array.isArray(meta)) throw new Error("not an object");
    return meta;
  } catch (e) {
    throw new Error(`notebooks: ${where}: cell metadata must be a JSON object, got ${JSON.stringify(t)} (${e.message})`);
  }
}

function splitSource(text, name) {
  const cells = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let kind = "markdown";
  let meta = {};
  let buffer = [];
  const flush = (nextMeta = {}) => {
    while (buffer.length && buffer[0].trim() === "") buffer.shift();
    while (buffer.length && buffer[buffer.length - 1].trim() === "") buffer.pop();
    if (buffer.length) cells.push({ kind, source: buffer.join("\n"), meta });
    buffer = [];
    meta = nextMeta;
  };
  lines.forEach((line, i) => {
    const where = `${name}.md line ${i + 1}`;
    let m;
    if (kind === "markdown" && (m = /^```(?:ts|typescript)\s*(\{.*\})?\s*$/.exec(line))) {
      flush(parseMeta(m[1] ?? "", where));
      kind = "code";
    } else if (kind === "code" && /^```\s*$/.test(line)) {
      flush();
      kind = "markdown";
    } else if (kind === "markdown" && (m = /^\+\+\+\s*(\{.*\})?\s*$/.exec(line))) {
      flush(parseMeta(m[1] ?? "", where));
    } else if (kind === "markdown" && /^#{2,3} /.test(line)) {
      flush();
      buffer.push(line);
    } else {
      buffer.push(line);
    }
  });
  if (kind === "code") throw new Error(`notebooks: ${name}.md: unterminated \`\`\`ts block`);
  flush();
  return cells;
}

function toLines(source) {
  const parts = source.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? l + "\n" : l));
}

function cellMetadata(meta) {
  const out = { ...meta };
  if (Array.isArray(out.tags) && out.tags.includes("solution")) out.jupyter = { source_hidden: true, ...(out.jupyter ?? {}) };
  return out;
}

/**
 * The notebook (nbformat 4.5 JSON object, no outputs) for a markdown source.
 * @param {string} text the .md source
 * @param {string} name the notebook's base name, e.g. "01-perceptron" (cell ids derive from it)
 */
export function notebookFromMarkdown(text, name) {
  const cells = splitSource(text, name).map((c, i) => {
    const id = `${name.slice(0, 2)}-${String(i).padStart(3, "0")}-${createHash("sha1").update(c.source).digest("hex").slice(0, 8)}`;
    const metadata = cellMetadata(c.meta);
    return c.kind === "code"
      ? { cell_type: "code", execution_count: null, id, metadata, outputs: [], source: toLines(c.source) }
      : { cell_type: "markdown", id, metadata, source: toLines(c.source) };
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

const cellSource = (cell) => [cell.source].flat().join("");

/** Is this code cell marked for export? */
export const isExported = (source) => source.split("\n", 1)[0].trim() === EXPORT_MARK;

const DECLARATION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.VariableStatement,
  ts.SyntaxKind.InterfaceDeclaration, ts.SyntaxKind.TypeAliasDeclaration, ts.SyntaxKind.EnumDeclaration,
]);

/**
 * The generated module text for one notebook: the imports its exported cells use
 * (gathered from all of the notebook's import statements), then the exported
 * cells with `export` put before each top-level declaration. Imports of the
 * lectures package itself become imports of the sibling module "./index".
 * @param {{cells: object[]}} notebook
 * @param {string} name e.g. "03-mlp-digits"
 * @returns {string | null} null when the notebook exports nothing
 */
export function exportedModule(notebook, name) {
  const code = notebook.cells.filter((c) => c.cell_type === "code").map(cellSource);
  const exported = code.filter(isExported);
  if (exported.length === 0) return null;
  const imports = new Map(); // module -> { names: Map(local -> text), typeOnly: Set, namespace?, default? }
  const bodies = [];
  code.forEach((source, index) => {
    const file = ts.createSourceFile(`${name}-cell${index}.ts`, source, ts.ScriptTarget.ES2022, true);
    const marked = isExported(source);
    const pieces = [];
    let cursor = 0;
    for (const st of file.statements) {
      if (ts.isImportDeclaration(st)) {
        const spec = st.moduleSpecifier.text;
        const entry = imports.get(spec) ?? { names: new Map(), namespace: null, defaultName: null };
        imports.set(spec, entry);
        const clause = st.importClause;
        if (clause?.name) entry.defaultName = clause.name.text;
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) entry.namespace = bindings.name.text;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            const text = el.propertyName ? `${el.propertyName.text} as ${el.name.text}` : el.name.text;
            entry.names.set(el.name.text, (clause.isTypeOnly || el.isTypeOnly ? "type " : "") + text);
          }
        }
        if (marked) { pieces.push(source.slice(cursor, st.getFullStart())); cursor = st.getEnd(); }
        continue;
      }
      if (!marked) continue;
      if (!DECLARATION_KINDS.has(st.kind)) {
        const line = file.getLineAndCharacterOfPosition(st.getStart()).line + 1;
        throw new Error(`notebooks: ${name}, exported cell ${exported.indexOf(source) + 1}, line ${line}: an exported cell may hold only declarations (function, class, const, type); move \`${st.getText().split("\n")[0].slice(0, 60)}\` to a cell without "${EXPORT_MARK}"`);
      }
      if ((ts.getModifiers?.(st) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        const line = file.getLineAndCharacterOfPosition(st.getStart()).line + 1;
        throw new Error(`notebooks: ${name}, exported cell ${exported.indexOf(source) + 1}, line ${line}: write the declaration without \`export\` (tslab shares a cell's names with later cells, and the build adds \`export\`)`);
      }
      pieces.push(source.slice(cursor, st.getStart()), "export ");
      cursor = st.getStart();
    }
    if (marked) {
      pieces.push(source.slice(cursor));
      bodies.push(pieces.join("").replace(/^\/\/\| export[^\n]*\n?/, "").trim());
    }
  });
  const body = bodies.join("\n\n");
  const references = referencedNames(body);
  const used = (local) => references.has(local);
  const header = [];
  for (const [spec, entry] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    const from = spec === LECTURES_PACKAGE ? "./index" : spec;
    if (entry.namespace && used(entry.namespace)) header.push(`import * as ${entry.namespace} from "${from}";`);
    if (entry.defaultName && used(entry.defaultName)) header.push(`import ${entry.defaultName} from "${from}";`);
    const names = [...entry.names].filter(([local]) => used(local)).map(([, text]) => text).sort();
    if (names.length) header.push(`import { ${names.join(", ")} } from "${from}";`);
  }
  return [
    `// Generated by tools/notebooks.mjs from notebooks/src/${name}.md (its "${EXPORT_MARK}" cells). Do not edit:`,
    `// change the notebook source and run \`npm run sync\`.`,
    ...header,
    "",
    body,
    "",
  ].join("\n");
}

/** The identifiers a piece of code refers to (not property or member names it declares or reads). */
function referencedNames(code) {
  const names = new Set();
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const p = node.parent;
      const isMemberName = p && (ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) ||
        ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) || ts.isMethodSignature(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) && p.name === node;
      if (!isMemberName) names.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("exported.ts", code, ts.ScriptTarget.ES2022, true));
  return names;
}

/** Everything generated from notebooks/src: { path -> text }. */
export function generatedFiles() {
  const files = new Map();
  const names = readdirSync(SOURCE_DIR).filter((f) => f.endsWith(".md")).map((f) => f.replace(/\.md$/, "")).sort();
  const modules = [];
  for (const name of names) {
    const notebook = notebookFromMarkdown(readFileSync(join(SOURCE_DIR, `${name}.md`), "utf8"), name);
    files.set(join(NOTEBOOK_DIR, `${name}.ipynb`), notebookText(notebook));
    const module = exportedModule(notebook, name);
    if (module !== null) {
      files.set(join(LECTURES_SRC, `${name}.ts`), module);
      modules.push(name);
    }
  }
  files.set(join(LECTURES_SRC, "index.ts"), [
    "// Generated by tools/notebooks.mjs: the code the lecture notebooks export, in lecture order.",
    "// Do not edit: change the notebook sources in notebooks/src and run `npm run sync`.",
    ...modules.map((m) => `export * from "./${m}";`),
    ...(modules.length ? [] : ["export {};"]),
    "",
  ].join("\n"));
  return files;
}

/** The generated files that differ from what is on disk (paths relative to the project). */
export function staleFiles() {
  const stale = [];
  for (const [path, text] of generatedFiles()) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) stale.push(path.slice(root.length + 1));
  }
  const known = new Set([...generatedFiles().keys()]);
  if (existsSync(LECTURES_SRC)) {
    for (const f of readdirSync(LECTURES_SRC)) {
      const p = join(LECTURES_SRC, f);
      if (f.endsWith(".ts") && !known.has(p)) stale.push(`${p.slice(root.length + 1)} (no longer generated: delete it)`);
    }
  }
  return stale;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--check")) {
    const stale = staleFiles();
    if (stale.length) {
      console.error(`notebooks: generated files are out of date with notebooks/src; run \`npm run sync\`:\n  ${stale.join("\n  ")}`);
      process.exit(1);
    }
    console.log("notebooks: notebooks/*.ipynb and lectures/src are up to date");
  } else {
    mkdirSync(LECTURES_SRC, { recursive: true });
    let changed = 0;
    for (const [path, text] of generatedFiles()) {
      if (!existsSync(path) || readFileSync(path, "utf8") !== text) {
        writeFileSync(path, text);
        changed++;
        console.log(`notebooks: wrote ${path.slice(root.length + 1)}`);
      }
    }
    console.log(`notebooks: ${changed} file(s) regenerated`);
  }
}
