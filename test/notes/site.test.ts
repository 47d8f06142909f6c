import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSite } from "../../tools/notes/site.mjs";

const fixtures = path.join(__dirname, "fixtures");

describe("buildSite", () => {
  it("writes pages, the index, downloadable notebooks and every asset the pages reference", () => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-site-"));
    try {
      fs.writeFileSync(path.join(outDir, "stale-page.html"), "old");
      const names = ["01-fixture-basics", "02-fixture-plots"];
      const site = buildSite({ notebooks: names.map((name) => ({ name, file: path.join(fixtures, `${name}.ipynb`), source: path.join(fixtures, `${name}.ipynb`) })), outDir });
      expect(site.pages.map((p) => p.name)).toEqual(names);
      expect(fs.readdirSync(outDir).filter((f) => f.endsWith(".html")).sort()).toEqual(["01-fixture-basics.html", "02-fixture-plots.html", "index.html"]);

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
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });

  it("refuses an empty notebook list", () => {
    expect(() => buildSite({ notebooks: [], outDir: os.tmpdir() })).toThrow(/buildSite: no executed notebooks/);
  });
});
