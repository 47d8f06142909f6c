// Write the static lecture-notes site from executed notebooks.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { renderNotebook } from "./render.mjs";
import { notebookPage, indexPage } from "./template.mjs";

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
  return `${own}\n/* highlight.js GitHub theme (BSD-3-Clause) */\n${strip(light)}\n@media (prefers-color-scheme: dark) {\n${strip(dark)}\n}\n`;
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

/** Copy KaTeX's stylesheet and fonts, plotly.js and the site CSS into outDir/assets. */
export function writeAssets(outDir) {
  const assets = path.join(outDir, "assets");
  fs.mkdirSync(assets, { recursive: true });
  const katexDist = path.dirname(packageFile("katex/dist/katex.min.css"));
  fs.mkdirSync(path.join(assets, "katex"), { recursive: true });
  fs.copyFileSync(path.join(katexDist, "katex.min.css"), path.join(assets, "katex", "katex.min.css"));
  copyDir(path.join(katexDist, "fonts"), path.join(assets, "katex", "fonts"));
  fs.copyFileSync(packageFile("plotly.js-dist-min/plotly.min.js"), path.join(assets, "plotly.min.js"));
  fs.writeFileSync(path.join(assets, "notes.css"), siteCss());
}

/**
 * Build the site.
 * @param options.notebooks  [{ name, file, source? }] executed notebooks in lecture order;
 *                           `source` (the output-free notebook) is copied to notebooks/ for download
 * @param options.outDir     output folder (its *.html and assets/ are replaced)
 * @returns { pages: [{ name, title, file, bytes, plotCount, hasMath, warnings }], indexFile }
 */
export function buildSite({ notebooks, outDir }) {
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
  fs.rmSync(path.join(outDir, "notebooks"), { recursive: true, force: true });
  const pages = rendered.map((page, i) => {
    const source = notebooks[i].source;
    let download;
    if (source && fs.existsSync(source)) {
      fs.mkdirSync(path.join(outDir, "notebooks"), { recursive: true });
      fs.copyFileSync(source, path.join(outDir, "notebooks", `${page.name}.ipynb`));
      download = `notebooks/${page.name}.ipynb`;
    }
    const html = notebookPage(page, { prev: rendered[i - 1], next: rendered[i + 1], download });
    const file = path.join(outDir, `${page.name}.html`);
    fs.writeFileSync(file, html);
    return { name: page.name, title: page.title, file, bytes: Buffer.byteLength(html), plotCount: page.plotCount, hasMath: page.hasMath, droppedBundles: page.droppedBundles, warnings: page.warnings };
  });
  const indexFile = path.join(outDir, "index.html");
  fs.writeFileSync(indexFile, indexPage(rendered));
  return { pages, indexFile };
}
