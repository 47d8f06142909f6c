import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { buildSite } from "../../tools/notes/site.mjs";

const fixtures = path.join(__dirname, "fixtures");

describe("buildSite", () => {
  it("writes pages, the index, downloadable notebooks and every asset the pages reference", async () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-site-"));
    try {
      fs.writeFileSync(path.join(outDir, "stale-page.html"), "old");
      const names = ["01-fixture-basics", "02-fixture-plots", "03-fixture-run"];
      const site = await buildSite({ notebooks: names.map((name) => ({ name, file: path.join(fixtures, `${name}.ipynb`), source: path.join(fixtures, `${name}.ipynb`) })), outDir });
      expect(site.pages.map((p) => p.name)).toEqual(names);
      expect(fs.readdirSync(outDir).filter((f) => f.endsWith(".html")).sort()).toEqual(["01-fixture-basics.html", "02-fixture-plots.html", "03-fixture-run.html", "index.html"]);

      // Every relative src/href of every page exists on disk (the site works from file://).
      for (const file of fs.readdirSync(outDir).filter((f) => f.endsWith(".html"))) {
        const html = fs.readFileSync(path.join(outDir, file), "utf8");
        for (const [, url] of html.matchAll(/(?:src|href)="([^"#]+)(?:#[^"]*)?"/g)) {
          if (/^(data|https?):/.test(url)) continue;
          expect(fs.existsSync(path.join(outDir, url)), `${file} -> ${url}`).toBe(true);
        }
      }
      // Every font KaTeX's stylesheet asks for was copied next to it.
      const css = fs.readFileSync(path.join(outDir, "assets", "katex", "katex.min.css"), "utf8");
      const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1].replace(/["']/g, ""));
      expect(fonts.length).toBeGreaterThan(20);
      for (const font of fonts) expect(fs.existsSync(path.join(outDir, "assets", "katex", font)), font).toBe(true);
      // plotly.js is the package's file, byte for byte; the downloadable notebook is the source.
      const plotly = require.resolve("plotly.js-dist-min/plotly.min.js");
      expect(fs.readFileSync(path.join(outDir, "assets", "plotly.min.js")).equals(fs.readFileSync(plotly))).toBe(true);
      expect(fs.readFileSync(path.join(outDir, "notebooks", "02-fixture-plots.ipynb"), "utf8")).toBe(fs.readFileSync(path.join(fixtures, "02-fixture-plots.ipynb"), "utf8"));
      // Our stylesheet carries the highlight.js themes, the dark one under prefers-color-scheme.
      const notesCss = fs.readFileSync(path.join(outDir, "assets", "notes.css"), "utf8");
      expect(notesCss).toContain(".hljs-keyword");
      expect(notesCss).toMatch(/@media \(prefers-color-scheme: dark\) \{[\s\S]*\.hljs-keyword/);
      // ... and the same dark rules under the reader's choice (data-theme), either way.
      expect(notesCss).toContain(':root[data-theme="dark"] .hljs-keyword');
      expect(notesCss).toContain(':root:not([data-theme="light"]) .hljs-keyword');
      // No dark rule escapes its scope: every rule with a dark-theme colour is scoped.
      const darkHljs = fs.readFileSync(require.resolve("highlight.js/styles/github-dark.css"), "utf8");
      const darkBase = /\.hljs\s*\{[^}]*color:\s*(#[0-9a-f]+)/i.exec(darkHljs)![1];
      for (const [rule] of notesCss.matchAll(new RegExp(`[^{}]*\\{[^}]*color:\\s*${darkBase}[^}]*\\}`, "gi"))) {
        expect(rule.trim(), rule).toMatch(/^(:root\[data-theme="dark"\]|:root:not\(\[data-theme="light"\]\)|@media)/);
      }

      // The runtime: loaded by the pages only on the first Run, never referenced by src= in the HTML.
      const worker = fs.readFileSync(path.join(outDir, "assets", "runtime", "worker.js"), "utf8");
      expect(worker.startsWith("window.__nnlabWorkerSource=")).toBe(true);
      expect(worker).not.toMatch(/\bfetch\(/);
      const data = fs.readFileSync(path.join(outDir, "assets", "runtime", "data.js"), "utf8");
      const files = JSON.parse(data.slice("window.__nnlabDataFiles=".length).replace(/;\s*$/, "")) as Record<string, string>;
      expect(Object.keys(files).sort()).toEqual(["breastCancer", "digits", "mnistImages", "mnistLabels"]);
      expect(Buffer.from(files.digits, "base64").equals(fs.readFileSync(path.join(__dirname, "..", "..", "data", "digits.csv.gz")))).toBe(true);
      for (const page of site.pages) expect(fs.readFileSync(page.file, "utf8")).not.toContain("runtime/");
      expect(site.runtime.workerBytes).toBeGreaterThan(100_000);

      // Runnable cells: every code cell of the fixture has an editor (its source, escaped) and a Run button.
      const run = fs.readFileSync(path.join(outDir, "03-fixture-run.html"), "utf8");
      const nb = JSON.parse(fs.readFileSync(path.join(fixtures, "03-fixture-run.ipynb"), "utf8")) as { cells: { cell_type: string; source: string[] }[] };
      const codeCells = nb.cells.filter((c) => c.cell_type === "code");
      expect(run.match(/<textarea class="code-editor"/g)?.length).toBe(codeCells.length);
      expect(run.match(/<button type="button" class="run-cell" aria-label="Run cell \d+"/g)?.length).toBe(codeCells.length);
      expect(run).toContain(`${codeCells[0].source.join("").replace(/"/g, "&quot;")}</textarea>`);
      // The solution cell is folded; the notebook is inlined for its download; the footer names the versions.
      expect(run).toMatch(/<details class="solution"><summary>Solution<\/summary><section class="cell code-cell runnable-cell tag-solution"/);
      const inlined = /<script type="application\/octet-stream" id="notebook-source" data-encoding="base64">([\s\S]*?)<\/script>/.exec(run);
      expect(Buffer.from(inlined![1], "base64").equals(fs.readFileSync(path.join(fixtures, "03-fixture-run.ipynb")))).toBe(true);
      expect(run).toMatch(/<p class="executed">Executed \d{4}-\d\d-\d\d \d\d:\d\d UTC with nnlab \d+\.\d+\.\d+, tslab 1\.0\.22 and Node v\d+/);

      // Search: MiniSearch and the index, one document per section; "softmax" finds the run fixture.
      const searchJs = fs.readFileSync(path.join(outDir, "assets", "search.js"), "utf8");
      const sandbox: Record<string, unknown> = {};
      new Function("window", searchJs)(sandbox);
      const { index, options } = sandbox.__nnlabSearchIndex as { index: string; options: object };
      const MiniSearch = sandbox.__nnlabMiniSearch as { loadJSON(json: string, options: object): { search(q: string): { href: string }[] } };
      const hits = MiniSearch.loadJSON(index, options).search("softmax");
      expect(hits[0].href).toBe("03-fixture-run.html#softmax");

      // The course zip holds every source notebook.
      const zip = unzipSync(fs.readFileSync(path.join(outDir, "nnlab-course.zip")));
      expect(Object.keys(zip).sort()).toEqual([...names.map((n) => `nnlab-course/${n}.ipynb`), "nnlab-course/README.txt"].sort());
      expect(Buffer.from(zip["nnlab-course/02-fixture-plots.ipynb"]).equals(fs.readFileSync(path.join(fixtures, "02-fixture-plots.ipynb")))).toBe(true);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("refuses an empty notebook list", async () => {
    await expect(buildSite({ notebooks: [], outDir: os.tmpdir() })).rejects.toThrow(/buildSite: no executed notebooks/);
  });
});
