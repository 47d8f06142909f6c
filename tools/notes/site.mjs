// Write the static lecture-notes site from executed notebooks.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { zipSync, strToU8 } from "fflate";
import MiniSearch from "minisearch";
import { renderNotebook } from "./render.mjs";
import { notebookPage, indexPage, shortTitle, lectureNumber } from "./template.mjs";
import { buildPageScript, buildSearchScript, writeRuntime } from "./runtime/build.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

/** Files of a package resolved from this project's node_modules. */
function packageFile(request) {
  return require.resolve(request);
}

/** The site stylesheet: ours plus the GitHub highlight.js themes (dark one under prefers-color-scheme). */
export function siteCss() {
  const own = fs.readFileSync(path.join(here, "notes.css"), "utf8");
  const light = fs.readFileSync(packageFile("highlight.js/styles/github.css"), "utf8");
  const dark = fs.readFileSync(packageFile("highlight.js/styles/github-dark.css"), "utf8");
  // The themes set their own background; ours (var(--code-bg)) wins via `.input pre.hljs`.
  const strip = (css) => css.replace(/pre code\.hljs\s*\{[^}]*\}/g, "").replace(/code\.hljs\s*\{[^}]*\}/g, "");
  return themed(`${own}\n/* highlight.js GitHub theme (BSD-3-Clause) */\n${strip(light)}\n@media (prefers-color-scheme: dark) {\n${strip(dark)}\n}\n`);
}

/** Prefix every selector of a block of plain rules (`:root` becomes the prefix itself); comments are dropped. */
export function scopeRules(css, prefix) {
  return css.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\})(\s*)([^{}@]+?)\s*\{/g, (whole, close, space, selectors) => {
    const scoped = selectors
      .split(",")
      .map((sel) => sel.trim())
      .filter(Boolean)
      .map((sel) => (sel.startsWith(":root") ? prefix + sel.slice(5) : `${prefix} ${sel}`))
      .join(", ");
    return `${close}${space}${scoped} {`;
  });
}

/**
 * The dark rules under a reader's choice: each `@media (prefers-color-scheme: dark) { ... }`
 * block applies when the page's data-theme is "dark", or when the system is dark and the
 * reader has not chosen "light".
 */
export function themed(css) {
  let out = "";
  let at = 0;
  const marker = "@media (prefers-color-scheme: dark) {";
  for (;;) {
    const start = css.indexOf(marker, at);
    if (start < 0) break;
    let depth = 1;
    let i = start + marker.length;
    for (; i < css.length && depth > 0; i++) {
      if (css[i] === "{") depth++;
      else if (css[i] === "}") depth--;
    }
    const inner = css.slice(start + marker.length, i - 1);
    out += css.slice(at, start) + scopeRules(inner, ':root[data-theme="dark"]') + `\n${marker}\n${scopeRules(inner, ':root:not([data-theme="light"])')}\n}`;
    at = i;
  }
  return out + css.slice(at);
}

function copyDir(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(source, target);
    else fs.copyFileSync(source, target);
  }
}

/** Copy KaTeX's stylesheet and fonts, plotly.js, the site CSS and the page script into outDir/assets. */
export function writeAssets(outDir) {
  const assets = path.join(outDir, "assets");
  fs.mkdirSync(assets, { recursive: true });
  const katexDist = path.dirname(packageFile("katex/dist/katex.min.css"));
  fs.mkdirSync(path.join(assets, "katex"), { recursive: true });
  fs.copyFileSync(path.join(katexDist, "katex.min.css"), path.join(assets, "katex", "katex.min.css"));
  copyDir(path.join(katexDist, "fonts"), path.join(assets, "katex", "fonts"));
  fs.copyFileSync(packageFile("plotly.js-dist-min/plotly.min.js"), path.join(assets, "plotly.min.js"));
  fs.writeFileSync(path.join(assets, "notes.css"), siteCss());
  fs.writeFileSync(path.join(assets, "notes.js"), buildPageScript());
}

const decodeEntities = (text) =>
  text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " })[e]);
const plainText = (html) =>
  decodeEntities(
    html
      .replace(/<textarea[\s\S]*?<\/textarea>/g, " ")
      .replace(/<script[\s\S]*?<\/script>/g, " ")
      .replace(/<style[\s\S]*?<\/style>/g, " ")
      .replace(/<annotation[\s\S]*?<\/annotation>/g, " ")
      .replace(/<span class="katex-html"[\s\S]*?<\/span><\/span><\/span>/g, " ")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();

/** Search documents: one per section (h1-h3) of each page. */
export function searchDocuments(pages) {
  const docs = [];
  for (const page of pages) {
    const title = `${lectureNumber(page.name) ? `${lectureNumber(page.name)} · ` : ""}${shortTitle(page)}`;
    const parts = page.bodyHtml.split(/(?=<h[1-3] id="[^"]+")/);
    for (const part of parts) {
      const heading = /^<h[1-3] id="([^"]+)"[^>]*>([\s\S]*?)<\/h[1-3]>/.exec(part);
      const text = plainText(part);
      if (!text) continue;
      docs.push({
        id: docs.length + 1,
        href: `${page.name}.html${heading ? `#${heading[1]}` : ""}`,
        title,
        heading: heading ? plainText(heading[2]) : "",
        text,
      });
    }
  }
  return docs;
}

export const SEARCH_OPTIONS = { fields: ["title", "heading", "text"], storeFields: ["href", "title", "heading", "text"] };

/** Versions and time of execution for the footer. */
export function executionInfo(notebooks) {
  const version = (request) => {
    try {
      return JSON.parse(fs.readFileSync(packageFile(request), "utf8")).version;
    } catch {
      return undefined;
    }
  };
  let latest = 0;
  for (const { file } of notebooks) latest = Math.max(latest, fs.statSync(file).mtimeMs);
  return {
    executedAt: new Date(latest).toISOString(),
    nnlab: version("nnlab/package.json"),
    tslab: version("tslab/package.json"),
    node: process.version,
  };
}

/** Source notebooks up to this size are inlined in their page for the download (they are stored without outputs). */
const MAX_INLINED_NOTEBOOK = 2_000_000;

/**
 * Build the site.
 * @param options.notebooks  [{ name, file, source? }] executed notebooks in lecture order;
 *                           `source` (the output-free notebook) is copied to notebooks/ for download
 * @param options.outDir     output folder (its *.html and assets/ are replaced)
 * @returns { pages: [{ name, title, file, bytes, plotCount, hasMath, warnings }], indexFile }
 */
export async function buildSite({ notebooks, outDir, info }) {
  if (!Array.isArray(notebooks) || notebooks.length === 0) throw new Error("buildSite: no executed notebooks to render");
  fs.mkdirSync(outDir, { recursive: true });
  for (const entry of fs.readdirSync(outDir)) {
    if (entry.endsWith(".html")) fs.rmSync(path.join(outDir, entry));
  }
  fs.rmSync(path.join(outDir, "assets"), { recursive: true, force: true });
  writeAssets(outDir);

  const rendered = notebooks.map(({ name, file }) => {
    let nb;
    try {
      nb = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      throw new Error(`notes: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return renderNotebook(nb, { name });
  });
  const siteInfo = info ?? executionInfo(notebooks);
  const runtime = await writeRuntime(outDir);
  const docs = searchDocuments(rendered);
  const search = new MiniSearch(SEARCH_OPTIONS);
  search.addAll(docs);
  fs.writeFileSync(path.join(outDir, "assets", "search.js"), buildSearchScript(JSON.stringify(search), SEARCH_OPTIONS));

  fs.rmSync(path.join(outDir, "notebooks"), { recursive: true, force: true });
  // The whole course: every source notebook, in one zip.
  const zipEntries = {};
  for (const { name, source } of notebooks) {
    if (source && fs.existsSync(source)) zipEntries[`nnlab-course/${name}.ipynb`] = new Uint8Array(fs.readFileSync(source));
  }
  let zip;
  if (Object.keys(zipEntries).length > 0) {
    zipEntries["nnlab-course/README.txt"] = strToU8(
      "The nnlab course notebooks (TypeScript, tslab kernel). Open them in Jupyter with the nnlab project installed (npm ci), or read and run them on the lecture-notes site.\n",
    );
    fs.writeFileSync(path.join(outDir, "nnlab-course.zip"), zipSync(zipEntries, { level: 6, mtime: new Date(siteInfo.executedAt || Date.now()) }));
    zip = "nnlab-course.zip";
  }
  const pages = rendered.map((page, i) => {
    const source = notebooks[i].source;
    let download;
    let notebookBytes = null;
    if (source && fs.existsSync(source)) {
      fs.mkdirSync(path.join(outDir, "notebooks"), { recursive: true });
      fs.copyFileSync(source, path.join(outDir, "notebooks", `${page.name}.ipynb`));
      download = `notebooks/${page.name}.ipynb`;
      notebookBytes = fs.readFileSync(source);
    }
    let html = notebookPage(page, { prev: rendered[i - 1], next: rendered[i + 1], download, zip, info: siteInfo });
    // The source notebook inlined (base64: the exact bytes, and nothing in it reads as HTML), so its
    // download works from file://, where browsers ignore <a download> (a Blob link does work).
    if (notebookBytes && notebookBytes.length <= MAX_INLINED_NOTEBOOK) {
      html = html.replace("</body>", `<script type="application/octet-stream" id="notebook-source" data-encoding="base64">${notebookBytes.toString("base64")}</script>\n</body>`);
    }
    const file = path.join(outDir, `${page.name}.html`);
    fs.writeFileSync(file, html);
    return { name: page.name, title: page.title, file, bytes: Buffer.byteLength(html), plotCount: page.plotCount, hasMath: page.hasMath, runnableCells: page.runnableCells, droppedBundles: page.droppedBundles, warnings: page.warnings };
  });
  const indexFile = path.join(outDir, "index.html");
  fs.writeFileSync(indexFile, indexPage(rendered, { zip, info: siteInfo }));
  return { pages, indexFile, runtime, searchDocuments: docs.length, zip };
}
