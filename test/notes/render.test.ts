import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import katex from "katex";
import {
  leadSentences,
  applyCarriageReturns,
  countPlots,
  mergeStreams,
  notebookSummary,
  renderNotebook,
  type Notebook,
  type NotebookCell,
  type NotebookOutput,
} from "../../tools/notes/render.mjs";
import { tocHtml, notebookPage, indexPage, shortTitle } from "../../tools/notes/template.mjs";

const fixtures = path.join(__dirname, "fixtures");

/** Visible text of an HTML fragment: tags removed, the five entities decoded. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");
}

const markdown = (source: string, tags?: string[]): NotebookCell => ({ cell_type: "markdown", source, metadata: tags ? { tags } : {} });
const code = (source: string, outputs: NotebookOutput[] = [], tags?: string[], count = 1): NotebookCell => ({
  cell_type: "code",
  source,
  outputs,
  execution_count: count,
  metadata: tags ? { tags } : {},
});
const notebook = (...cells: NotebookCell[]): Notebook => ({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
const count = (haystack: string, needle: string | RegExp) => (typeof needle === "string" ? haystack.split(needle).length - 1 : (haystack.match(needle) ?? []).length);

describe("markdown cells", () => {
  it("typesets $..$, $$..$$, \\(..\\) and \\[..\\] with KaTeX at build time", () => {
    const page = renderNotebook(notebook(markdown("Inline $a^2$ and \\(\\eta\\), display\n\n$$\n\\sum_i x_i\n$$\n\nand \\[ \\frac{1}{2} \\] in a sentence.")));
    expect(page.hasMath).toBe(true);
    // Four formulas, each typeset once (KaTeX's own root element).
    expect(count(page.bodyHtml, 'class="katex"')).toBe(4);
    expect(count(page.bodyHtml, 'class="katex-display"')).toBe(2);
    // Same markup as KaTeX itself produces for the inline formula.
    expect(page.bodyHtml).toContain(katex.renderToString("a^2", { output: "htmlAndMathml" }));
    // No TeX delimiters left in the visible text.
    expect(page.bodyHtml).not.toMatch(/\\\(|\\\[|\$\$/);
    expect(page.warnings).toEqual([]);
  });

  it("leaves prices alone and reports a bad formula as a warning", () => {
    const page = renderNotebook(notebook(markdown("It costs $5 and $6.\n\nBad: $\\notamacro{x}$")));
    expect(textOf(page.bodyHtml)).toContain("It costs $5 and $6.");
    expect(page.warnings).toHaveLength(1);
    expect(page.warnings[0]).toMatch(/notamacro/);
  });

  it("gives headings unique ids and builds a nested table of contents", () => {
    const page = renderNotebook(notebook(markdown("# Title\n\n## Data\n\n### Split\n\n## Data\n\n## Loss $L$")));
    expect(page.headings.map((h) => [h.level, h.id])).toEqual([
      [1, "title"],
      [2, "data"],
      [3, "split"],
      [2, "data-1"],
      [2, "loss-l"],
    ]);
    expect(page.bodyHtml).toContain('<h2 id="data-1">');
    const toc = tocHtml(page.headings);
    // The title is the page heading, not a TOC entry; "Split" is nested under the first "Data".
    expect(toc).not.toContain('href="#title"');
    expect(toc).toMatch(/^<ol><li><a href="#data">Data<\/a><ol><li><a href="#split">Split<\/a><\/li><\/ol><\/li><li><a href="#data-1">/);
    expect(count(toc, "<ol>")).toBe(count(toc, "</ol>"));
    expect(count(toc, "<li>")).toBe(4);
    expect(toc).toContain('class="katex"'); // the heading's math is typeset in the TOC too
  });

  it("points links to other notebooks at their pages and keeps external links", () => {
    const page = renderNotebook(notebook(markdown("[next](02-backprop.ipynb#top) and [web](https://example.org/a.ipynb)")));
    expect(page.bodyHtml).toContain('href="02-backprop.html#top"');
    expect(page.bodyHtml).toContain('href="https://example.org/a.ipynb"');
  });

  it("takes title and description from the first markdown cell, or from metadata", () => {
    const nb = notebook(markdown("# The perceptron\n\nOne neuron fits $y = 2x + 1$.\n\nMore text."));
    expect(notebookSummary(nb, "x")).toMatchObject({ title: "The perceptron", description: "One neuron fits $y = 2x + 1$." });
    expect(notebookSummary(nb, "x").descriptionHtml).toContain('class="katex"');
    const withMeta: Notebook = { ...nb, metadata: { nnlab: { title: "Override", description: "Short <b>safe</b>" } } };
    expect(notebookSummary(withMeta, "x")).toMatchObject({ title: "Override", descriptionHtml: "Short &lt;b&gt;safe&lt;/b&gt;" });
    expect(notebookSummary(notebook(code("1")), "05-cnn").title).toBe("05-cnn");
  });
});

describe("short descriptions and titles", () => {
  it("cuts the first paragraph after whole sentences, never inside math or code", () => {
    const first = "A network learns its weights by gradient descent on a cost, one small step after another.";
    expect(leadSentences(`${first} Then we add layers. And more.`)).toBe(first);
    // A short first sentence takes the next one along (at least 80 characters if there are).
    expect(leadSentences("Short one. The second sentence makes the description long enough to be useful here. Third.")).toBe(
      "Short one. The second sentence makes the description long enough to be useful here.",
    );
    // Full stops inside $...$ and `...` are not sentence ends.
    const math = "The cost is $C = \\tfrac{1}{2}(a - y)^2. Then$ and `x. y` continue in one sentence that is long enough to stop.";
    expect(leadSentences(`${math} Next sentence.`)).toBe(math);
    expect(leadSentences("No sentence end at all")).toBe("No sentence end at all");
  });

  it("drops a leading lecture number from titles of numbered pages only", () => {
    expect(shortTitle({ name: "01-perceptron", title: "1. The perceptron" })).toBe("The perceptron");
    expect(shortTitle({ name: "00-welcome", title: "00 · Welcome to nnlab" })).toBe("Welcome to nnlab");
    expect(shortTitle({ name: "07-deep", title: "Lecture 7: Deep networks" })).toBe("Deep networks");
    expect(shortTitle({ name: "03-mlp", title: "2D convolutions" })).toBe("2D convolutions");
    expect(shortTitle({ name: "appendix", title: "1. Setup" })).toBe("1. Setup");
  });
});

describe("code cells", () => {
  it("highlights TypeScript and keeps the exact source text", () => {
    const source = 'const eta: number = 0.1; // rate\nif (a < b && c > d) console.log("<b>");';
    const page = renderNotebook(notebook(code(source)));
    expect(page.bodyHtml).toContain('<span class="hljs-keyword">const</span>');
    const pre = /<pre class="hljs">([\s\S]*?)<\/pre>/.exec(page.bodyHtml);
    expect(pre).not.toBeNull();
    expect(textOf(pre![1])).toBe(source);
    expect(page.bodyHtml).toContain("In [1]");
  });

  it("honours remove-cell, remove-input, remove-output and hide-input", () => {
    const output: NotebookOutput = { output_type: "stream", name: "stdout", text: "OUT\n" };
    const page = renderNotebook(
      notebook(
        code("REMOVED_CELL", [output], ["remove-cell"]),
        code("NO_INPUT", [{ ...output, text: "SHOWN_OUTPUT\n" }], ["remove-input"]),
        code("NO_OUTPUT", [{ ...output, text: "HIDDEN_OUTPUT\n" }], ["remove-output"]),
        code("FOLDED", [{ ...output, text: "FOLDED_OUTPUT\n" }], ["hide-input"]),
        markdown("REMOVED_MARKDOWN", ["remove-cell"]),
      ),
    );
    const html = page.bodyHtml;
    expect(html).not.toContain("REMOVED_CELL");
    expect(html).not.toContain("REMOVED_MARKDOWN");
    expect(html).not.toContain("NO_INPUT");
    expect(html).toContain("SHOWN_OUTPUT");
    expect(html).toContain("NO_OUTPUT");
    expect(html).not.toContain("HIDDEN_OUTPUT");
    expect(html).toMatch(/<details class="input-details"><summary>Show code<\/summary><div class="input runnable">[\s\S]*FOLDED[\s\S]*<\/details><div class="cell-output" aria-live="polite"><div class="outputs">[\s\S]*FOLDED_OUTPUT/);
  });
});

describe("runnable cells and exercise solutions", () => {
  it("gives every code cell an editor holding its exact source, a Run button and a live output region; folds solutions", () => {
    const source = 'const eta = 0.5; // <b>&"\'\nconsole.log(eta)';
    const page = renderNotebook(notebook(code(source, [{ output_type: "stream", name: "stdout", text: "STORED\n" }]), markdown("SOLVED_TEXT", ["solution"]), code("SOLVED_CODE", [], ["solution"]), code("   ")));
    const html = page.bodyHtml;
    expect(page.runnableCells).toBe(2);
    const area = /<textarea class="code-editor"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
    expect(textOf(area![1])).toBe(source);
    expect(html).toMatch(/<button type="button" class="run-cell" aria-label="Run cell 1"/);
    expect(html).toMatch(/<div class="cell-output" aria-live="polite"><div class="outputs">[\s\S]*STORED/);
    expect(html).toMatch(/<details class="solution"><summary>Solution<\/summary><section class="cell markdown-cell tag-solution"[\s\S]*SOLVED_TEXT[\s\S]*?<\/details>/);
    expect(html).toMatch(/<details class="solution"><summary>Solution<\/summary><section class="cell code-cell runnable-cell tag-solution"[\s\S]*SOLVED_CODE[\s\S]*?<\/details>/);
    expect(html).not.toMatch(/<details class="solution" open/);
  });
});

describe("outputs", () => {
  it("escapes streams, converts ANSI colours, applies carriage returns and keeps stderr apart", () => {
    const page = renderNotebook(
      notebook(
        code("x", [
          { output_type: "stream", name: "stdout", text: ["\u001b[31mred\u001b[0m <script>alert(1)</script>\n"] },
          { output_type: "stream", name: "stdout", text: "epoch 1/3\repoch 2/3\repoch 3/3\n" },
          { output_type: "stream", name: "stderr", text: "careful & <slow>\n" },
        ]),
      ),
    );
    const html = page.bodyHtml;
    expect(html).not.toContain("\u001b");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toMatch(/<span class="ansi-red-fg">red<\/span>/);
    // The two stdout outputs are merged into one block, the progress line shows its last state.
    expect(count(html, 'class="output-stream output-stdout"')).toBe(1);
    expect(textOf(html)).toContain("epoch 3/3");
    expect(textOf(html)).not.toContain("epoch 1/3");
    expect(html).toMatch(/<pre class="output-stream output-stderr"[^>]*>careful &amp; &lt;slow&gt;/);
  });

  it("applyCarriageReturns and mergeStreams follow terminal and Jupyter behaviour", () => {
    expect(applyCarriageReturns("a\rb\nc\r\nab\bc\n")).toBe("b\nc\nac\n");
    const merged = mergeStreams([
      { output_type: "stream", name: "stdout", text: "a" },
      { output_type: "stream", name: "stdout", text: ["b", "c"] },
      { output_type: "stream", name: "stderr", text: "d" },
      { output_type: "stream", name: "stdout", text: "e" },
    ]);
    expect(merged.map((o) => [o.name, o.text])).toEqual([
      ["stdout", "abc"],
      ["stderr", "d"],
      ["stdout", "e"],
    ]);
  });

  it("renders errors, text/plain results, images and HTML", () => {
    const png = "iVBORw0KGgo=";
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    const page = renderNotebook(
      notebook(
        code("x", [
          { output_type: "error", ename: "Error", evalue: "boom", traceback: ["\u001b[31mError: boom <x>\u001b[0m", "  at line 1"] },
          { output_type: "execute_result", execution_count: 7, data: { "text/plain": "Tensor <2x2>" }, metadata: {} },
          { output_type: "display_data", data: { "image/png": `${png}\n`, "text/plain": "digit 5" }, metadata: { "image/png": { width: 28 } } },
          { output_type: "display_data", data: { "image/svg+xml": svg }, metadata: {} },
          { output_type: "display_data", data: { "text/html": "<table><tr><td>1</td></tr></table>", "text/plain": "table" }, metadata: {} },
        ]),
      ),
    );
    const html = page.bodyHtml;
    expect(html).toMatch(/<pre class="output-error"[^>]*><span class="ansi-red-fg">Error: boom &lt;x&gt;<\/span>\n  at line 1<\/pre>/);
    expect(html).toContain("Out[7]");
    expect(html).toContain("Tensor &lt;2x2&gt;");
    expect(html).toContain(`<img src="data:image/png;base64,${png}" alt="digit 5" width="28">`);
    expect(html).toContain(`src="data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}"`);
    expect(html).toContain('<div class="output-html"><table><tr><td>1</td></tr></table></div>');
  });

  it("drops the plotly.js bundle output and counts nnlab plots", () => {
    const bundle: NotebookOutput = { output_type: "display_data", data: { "text/html": "<script data-nnlab-plotly-bundle>/*4.8 MB*/</script>" }, metadata: {} };
    const plot = (id: string): NotebookOutput => ({
      output_type: "display_data",
      data: { "text/html": `<div class="nnlab-plot" id="${id}"></div><script type="application/json" class="nnlab-figure" data-target="${id}">{}</script>` },
      metadata: {},
    });
    const page = renderNotebook(notebook(code("show(a)", [bundle, plot("p1")]), code("show(b)", [plot("p2")])));
    expect(page.bodyHtml).not.toContain("data-nnlab-plotly-bundle");
    expect(page.droppedBundles).toBe(1);
    expect(page.plotCount).toBe(2);
    expect(page.hasPlots).toBe(true);
    expect(countPlots('<div id="a" class="card nnlab-plot wide"></div><div class="nnlab-plots"></div>')).toBe(1);
  });

  it("labels each plot output with its figure titles for screen readers", () => {
    const json = JSON.stringify({ data: [], layout: { title: { text: "Loss <b>curve</b>" } } }).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
    const html = `<div class="nnlab-plot" id="p"></div><script type="application/json" class="nnlab-figure" data-target="p">${json}</script>`;
    const page = renderNotebook(notebook(code("show(f)", [{ output_type: "display_data", data: { "text/html": html }, metadata: {} }])));
    expect(page.bodyHtml).toContain('<div class="output-html output-plot" role="figure" aria-label="Plot: Loss curve">');
  });

  it("renders a raw Plotly MIME bundle as a plot with its JSON escaped", () => {
    const figure = { data: [{ type: "scatter", y: [1, 2], name: "</script><img src=x onerror=alert(1)>" }], layout: {} };
    const page = renderNotebook(notebook(code("x", [{ output_type: "display_data", data: { "application/vnd.plotly.v1+json": figure }, metadata: {} }])));
    expect(page.plotCount).toBe(1);
    const json = /<script type="application\/json" class="nnlab-figure" data-target="([^"]+)">([\s\S]*?)<\/script>/.exec(page.bodyHtml);
    expect(json).not.toBeNull();
    expect(JSON.parse(json![2])).toEqual(figure);
    expect(json![2]).not.toContain("<");
    expect(page.bodyHtml).toContain(`<div class="nnlab-plot" id="${json![1]}">`);
  });

  it("rejects something that is not a notebook with a clear message", () => {
    expect(() => renderNotebook({} as unknown as Notebook, { name: "03-mlp" })).toThrow(/renderNotebook: 03-mlp is not an nbformat 4 notebook/);
  });
});

describe("pages", () => {
  it("renders the hand-made executed fixture notebooks into linked pages", () => {
    const names = ["01-fixture-basics", "02-fixture-plots"];
    const pages = names.map((name) => renderNotebook(JSON.parse(fs.readFileSync(path.join(fixtures, `${name}.ipynb`), "utf8")), { name }));
    expect(pages.map((p) => p.title)).toEqual(["Fixture: the perceptron", "Fixture: plots"]);
    expect(pages.map((p) => p.plotCount)).toEqual([0, 2]);
    expect(pages.map((p) => p.hasMath)).toEqual([true, false]);
    const first = notebookPage(pages[0], { next: pages[1] });
    const second = notebookPage(pages[1], { prev: pages[0] });
    expect(first).toContain('<a class="pager-next" rel="next" href="02-fixture-plots.html">');
    expect(second).toContain('<a class="pager-prev" rel="prev" href="01-fixture-basics.html">');
    // Assets only where needed, all relative.
    expect(first).toContain('href="assets/katex/katex.min.css"');
    expect(first).not.toContain("plotly.min.js");
    expect(second).toContain('<script src="assets/plotly.min.js"></script>');
    expect(second).not.toContain("katex.min.css");
    for (const html of [first, second]) {
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
      expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    }
    expect(first).not.toContain("SHOULD-NOT-APPEAR");
    const index = indexPage(pages);
    expect(count(index, 'class="lecture"')).toBe(2);
    expect(index).toContain("Two plots and a bundle output that is dropped.");
    expect(index).toContain('href="01-fixture-basics.html"');
  });
});
