// Render one executed Jupyter notebook (nbformat 4 JSON) to the HTML body of a
// lecture-notes page. Pure: no file system, no network; the page shell is in
// template.mjs and the CLI in tools/build-notes.mjs.
import { AnsiUp } from "ansi_up";
import { createMarkdown, newMarkdownEnv, escapeHtml, highlightCode, renderTex } from "./markdown.mjs";

const md = createMarkdown();

/** nbformat stores multi-line strings either as one string or as a list of lines. */
export function joinSource(source) {
  if (source == null) return "";
  return Array.isArray(source) ? source.join("") : String(source);
}

/** Tags of a cell, plus Jupyter's own hidden flags mapped to the same tags. */
export function cellTags(cell) {
  const metadata = cell.metadata || {};
  const tags = new Set(Array.isArray(metadata.tags) ? metadata.tags : []);
  if (metadata.jupyter && metadata.jupyter.source_hidden) tags.add("hide-input");
  if (metadata.jupyter && metadata.jupyter.outputs_hidden) tags.add("hide-output");
  return tags;
}

/**
 * Apply carriage returns and backspaces the way a terminal shows them:
 * "epoch 1\repoch 2\n" -> "epoch 2\n" (progress bars printed to a stream).
 */
export function applyCarriageReturns(text) {
  return text
    .split("\n")
    .map((line) => {
      let current = line.replace(/\r+$/, "");
      if (current.includes("\r")) current = current.slice(current.lastIndexOf("\r") + 1);
      while (/[^\x08]\x08/.test(current)) current = current.replace(/[^\x08]\x08/, "");
      return current.replace(/\x08/g, "");
    })
    .join("\n");
}

/** Terminal text (ANSI colours) -> escaped HTML with ansi-* classes. */
export function ansiToHtml(text) {
  const converter = new AnsiUp();
  converter.use_classes = true;
  converter.escape_html = true;
  return converter.ansi_to_html(text);
}

const PLOTLY_BUNDLE = /data-nnlab-plotly-bundle/i;
const PLOT_DIV = /<div\b[^>]*\bclass\s*=\s*["'](?:[^"']*\s)?nnlab-plot(?:\s[^"']*)?["']/gi;

/** How many nnlab plots an HTML output contains. */
export function countPlots(html) {
  return (html.match(PLOT_DIV) || []).length;
}

/** Titles of the figures embedded in an HTML output (their JSON's layout.title), for accessible labels. */
export function plotTitles(html) {
  const titles = [];
  for (const match of html.matchAll(/<script\b[^>]*class="nnlab-figure"[^>]*>([\s\S]*?)<\/script>/gi)) {
    try {
      const text = figureTitle(JSON.parse(match[1]));
      if (text) titles.push(text);
    } catch {
      // not JSON: no label from it
    }
  }
  return titles;
}

/** A Plotly figure's title as plain text ("" if none). */
function figureTitle(figure) {
  const title = figure && figure.layout && figure.layout.title;
  const text = typeof title === "string" ? title : title && typeof title.text === "string" ? title.text : "";
  return text.replace(/<[^>]*>/g, "").trim();
}

/** True for the one-per-session output that carries the 4.8 MB plotly.js bundle. */
export function isPlotlyBundleOutput(output) {
  const data = output && output.data;
  return !!data && typeof data["text/html"] !== "undefined" && PLOTLY_BUNDLE.test(joinSource(data["text/html"]));
}

/** JSON that is safe inside <script type="application/json">. */
function scriptJson(value) {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

// MIME types in order of preference for display (like Jupyter's).
const MIME_ORDER = [
  "text/html",
  "application/vnd.plotly.v1+json",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "image/gif",
  "text/markdown",
  "text/latex",
  "application/json",
  "text/plain",
];

/**
 * Render one rich output's MIME bundle. Returns { html, plots, math } where
 * plots is the number of Plotly figures in it. `ctx.plotSeq` numbers figures
 * rendered from a raw Plotly MIME bundle.
 */
export function renderMimeBundle(data, metadata, ctx) {
  const mime = MIME_ORDER.find((type) => data[type] !== undefined) ?? Object.keys(data)[0];
  if (mime === undefined) return { html: "", plots: 0, math: false };
  const value = data[mime];
  const meta = (metadata && metadata[mime]) || {};
  switch (mime) {
    case "text/html": {
      const html = joinSource(value);
      const plots = countPlots(html);
      if (!plots) return { html: `<div class="output-html">${html}</div>`, plots, math: false };
      const titles = plotTitles(html);
      const label = titles.length ? ` aria-label="${escapeHtml(`Plot: ${titles.join("; ")}`)}"` : ' aria-label="Plot"';
      return { html: `<div class="output-html output-plot" role="figure"${label}>${html}</div>`, plots, math: false };
    }
    case "application/vnd.plotly.v1+json": {
      const id = `nnlab-notes-plot-${++ctx.plotSeq}`;
      const figure = typeof value === "string" ? JSON.parse(value) : value;
      const html =
        `<div class="output-html output-plot" role="figure" aria-label="${escapeHtml(`Plot: ${figureTitle(figure) || "figure"}`)}"><div class="nnlab-plot" id="${id}"></div>` +
        `<script type="application/json" class="nnlab-figure" data-target="${id}">${scriptJson(figure)}</script>` +
        `<script>(function(){var s=document.querySelector('script[data-target="${id}"]');var f=JSON.parse(s.textContent);` +
        `if(window.Plotly)window.Plotly.newPlot("${id}",f.data||[],f.layout||{},Object.assign({responsive:true},f.config||{}));})();</script></div>`;
      return { html, plots: 1, math: false };
    }
    case "image/svg+xml":
    case "image/png":
    case "image/jpeg":
    case "image/gif": {
      const base64 = mime === "image/svg+xml" ? Buffer.from(joinSource(value), "utf8").toString("base64") : joinSource(value).replace(/\s+/g, "");
      const plain = data["text/plain"] !== undefined ? joinSource(data["text/plain"]).trim() : "";
      const alt = plain && plain.length < 200 && !/^<.*>$/.test(plain) ? plain : "Output image";
      const size = ["width", "height"].filter((key) => Number.isFinite(Number(meta[key]))).map((key) => ` ${key}="${Number(meta[key])}"`).join("");
      return { html: `<div class="output-image"><img src="data:${mime};base64,${base64}" alt="${escapeHtml(alt)}"${size}></div>`, plots: 0, math: false };
    }
    case "text/markdown": {
      const env = { ...ctx.env, headings: [], hasMath: false };
      const html = md.render(joinSource(value), env);
      return { html: `<div class="output-markdown">${html}</div>`, plots: 0, math: env.hasMath };
    }
    case "text/latex": {
      const tex = joinSource(value).trim().replace(/^\$\$([\s\S]*)\$\$$/, "$1").replace(/^\$([\s\S]*)\$$/, "$1");
      return { html: `<div class="output-latex math math-display">${renderTex(tex, true, (m) => ctx.env.warnings.push(m))}</div>`, plots: 0, math: true };
    }
    case "application/json":
      return { html: `<pre class="output-text">${escapeHtml(JSON.stringify(value, null, 2))}</pre>`, plots: 0, math: false };
    default:
      return { html: `<pre class="output-text">${ansiToHtml(joinSource(value))}</pre>`, plots: 0, math: false };
  }
}

/** Merge consecutive stream outputs of the same stream (stdout/stderr), like Jupyter shows them. */
export function mergeStreams(outputs) {
  const merged = [];
  for (const output of outputs) {
    const last = merged[merged.length - 1];
    if (output.output_type === "stream" && last && last.output_type === "stream" && last.name === output.name) {
      merged[merged.length - 1] = { ...last, text: joinSource(last.text) + joinSource(output.text) };
    } else {
      merged.push(output);
    }
  }
  return merged;
}

/** Render a code cell's outputs. Returns { html, plots, math }. */
export function renderOutputs(outputs, ctx) {
  let html = "";
  let plots = 0;
  let math = false;
  for (const output of mergeStreams(outputs || [])) {
    switch (output.output_type) {
      case "stream": {
        const text = applyCarriageReturns(joinSource(output.text));
        if (text.trim() === "") break;
        const name = output.name === "stderr" ? "stderr" : "stdout";
        html += `<pre class="output-stream output-${name}"${name === "stderr" ? ' aria-label="standard error"' : ""}>${ansiToHtml(text)}</pre>`;
        break;
      }
      case "error": {
        const traceback = Array.isArray(output.traceback) && output.traceback.length ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
        html += `<pre class="output-error" role="note" aria-label="error">${ansiToHtml(traceback)}</pre>`;
        break;
      }
      case "execute_result":
      case "display_data": {
        if (isPlotlyBundleOutput(output)) {
          ctx.droppedBundles++;
          break;
        }
        const rendered = renderMimeBundle(output.data || {}, output.metadata || {}, ctx);
        if (!rendered.html) break;
        plots += rendered.plots;
        math = math || rendered.math;
        const prompt =
          output.output_type === "execute_result" && output.execution_count != null
            ? `<div class="prompt prompt-out" aria-hidden="true">Out[${Number(output.execution_count)}]</div>`
            : "";
        html += `<div class="output-result">${prompt}${rendered.html}</div>`;
        break;
      }
      default:
        break;
    }
  }
  return { html, plots, math };
}

/** Inline `attachment:name` images of a markdown cell as data URIs. */
function inlineAttachments(source, attachments) {
  if (!attachments) return source;
  return source.replace(/attachment:([^\s)"']+)/g, (whole, name) => {
    const bundle = attachments[decodeURIComponent(name)] || attachments[name];
    if (!bundle) return whole;
    const mime = Object.keys(bundle)[0];
    return `data:${mime};base64,${joinSource(bundle[mime]).replace(/\s+/g, "")}`;
  });
}

/**
 * The first sentences of a Markdown paragraph, at least `minChars` long when the
 * paragraph allows, cut only at a sentence end outside $math$ and `code`.
 */
export function leadSentences(source, minChars = 80, maxChars = 260) {
  const text = source.replace(/\s+/g, " ").trim();
  let dollars = 0;
  let ticks = 0;
  let cut = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "$") dollars++;
    else if (c === "`") ticks++;
    else if ((c === "." || c === "!" || c === "?") && text[i + 1] === " " && dollars % 2 === 0 && ticks % 2 === 0) {
      if (i + 1 > maxChars && cut > 0) break;
      cut = i + 1;
      if (cut >= minChars) break;
    }
  }
  return cut > 0 && cut < text.length ? text.slice(0, cut) : text;
}

/** Title and short description: from metadata.nnlab (or metadata), else the first H1 and paragraph. */
export function notebookSummary(nb, fallbackTitle) {
  const meta = nb.metadata || {};
  const own = meta.nnlab || {};
  let title = own.title || meta.title || "";
  let description = own.description || meta.description || "";
  let descriptionHtml = description ? escapeHtml(description) : "";
  const firstMarkdown = (nb.cells || []).find((cell) => cell.cell_type === "markdown" && !cellTags(cell).has("remove-cell"));
  if (firstMarkdown && (!title || !description)) {
    const env = newMarkdownEnv();
    const tokens = md.parse(joinSource(firstMarkdown.source), env);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (!title && token.type === "heading_open" && token.tag === "h1") {
        title = tokens[i + 1].children.map((c) => (c.type === "text" || c.type === "code_inline" || c.type.startsWith("math") ? c.content : "")).join("").trim();
      }
      if (!description && token.type === "paragraph_open" && tokens[i + 1] && tokens[i + 1].type === "inline") {
        const lead = leadSentences(tokens[i + 1].content);
        const children = md.parseInline(lead, env)[0].children.filter((c) => c.type !== "link_open" && c.type !== "link_close" && c.type !== "image");
        descriptionHtml = md.renderer.renderInline(children, md.options, env);
        description = lead;
        break;
      }
    }
  }
  return { title: title || fallbackTitle, description, descriptionHtml };
}

/** Code cells in these languages get an editor and a Run button (the page runs them in a worker). */
export function runnableLanguage(language) {
  return language === "typescript" || language === "javascript";
}

/** An exercise solution (cell tag `solution`) is folded: a closed <details> the reader opens. */
export function foldSolution(html, tags) {
  if (!tags.has("solution")) return html;
  return `<details class="solution"><summary>Solution</summary>${html}</details>`;
}

/**
 * Render a notebook to the body of its page.
 * @param nb      parsed .ipynb (nbformat 4)
 * @param options { name } the page name (file name without .ipynb)
 * @returns { name, title, description, descriptionHtml, bodyHtml, headings,
 *            hasH1, hasMath, plotCount, hasPlots, droppedBundles, warnings }
 */
export function renderNotebook(nb, options = {}) {
  if (!nb || typeof nb !== "object" || !Array.isArray(nb.cells)) {
    throw new Error(`renderNotebook: ${options.name || "notebook"} is not an nbformat 4 notebook (no "cells" list)`);
  }
  const name = options.name || "notebook";
  const language = (nb.metadata && nb.metadata.language_info && nb.metadata.language_info.name) || "typescript";
  const env = newMarkdownEnv();
  const ctx = { env, plotSeq: 0, droppedBundles: 0, runnable: 0 };
  let body = "";
  let plotCount = 0;
  let outputMath = false;

  nb.cells.forEach((cell, index) => {
    const tags = cellTags(cell);
    if (tags.has("remove-cell")) return;
    const source = joinSource(cell.source);
    const tagClasses = [...tags].filter((t) => /^[\w-]+$/.test(t)).map((t) => ` tag-${t}`).join("");
    if (cell.cell_type === "markdown") {
      const html = md.render(inlineAttachments(source, cell.attachments), env);
      body += `${foldSolution(`<section class="cell markdown-cell${tagClasses}" data-cell="${index + 1}">${html}</section>`, tags)}\n`;
    } else if (cell.cell_type === "code") {
      const showInput = !tags.has("remove-input") && source.trim() !== "";
      const showOutput = !tags.has("remove-output");
      let input = "";
      const runnable = runnableLanguage(language) && source.trim() !== "";
      if (showInput) {
        const count = cell.execution_count != null ? String(Number(cell.execution_count)) : " ";
        const code = `<pre class="hljs"><code class="language-${escapeHtml(language)}">${highlightCode(source, language === "typescript" || language === "javascript" ? language : "typescript")}</code></pre>`;
        if (runnable) {
          ctx.runnable++;
          // The highlighted code with a transparent textarea over it (the editor); the page
          // script keeps the highlighting in step while the reader edits.
          const editor =
            `<div class="editor">${code}<textarea class="code-editor" aria-label="Code of cell ${index + 1}" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="soft" ` +
            `rows="${source.split("\n").length}">${escapeHtml(source)}</textarea></div>`;
          const toolbar =
            `<div class="cell-toolbar" role="toolbar" aria-label="Cell ${index + 1}">` +
            `<button type="button" class="run-cell" aria-label="Run cell ${index + 1}" title="Run this cell (Shift+Enter)">Run</button>` +
            `<button type="button" class="run-above" title="Run every code cell above this one, in order">Run all above</button>` +
            `<button type="button" class="copy-code" title="Copy the code">Copy</button></div>`;
          input = `<div class="input runnable"><div class="prompt prompt-in" aria-hidden="true">In [${count}]</div>${editor}${toolbar}</div>`;
        } else {
          input = `<div class="input"><div class="prompt prompt-in" aria-hidden="true">In [${count}]</div>${code}</div>`;
        }
        if (tags.has("hide-input")) input = `<details class="input-details"><summary>Show code</summary>${input}</details>`;
      }
      let output = "";
      if (showOutput) {
        const rendered = renderOutputs(cell.outputs, ctx);
        plotCount += rendered.plots;
        outputMath = outputMath || rendered.math;
        if (rendered.html) {
          output = `<div class="outputs">${rendered.html}</div>`;
          if (tags.has("hide-output")) output = `<details class="output-details"><summary>Show output</summary>${output}</details>`;
        }
      }
      if (!input && !output) return;
      let section;
      if (runnable && showInput) {
        // Live region: what a Run writes here is announced; the stored outputs stay until then.
        section = `<section class="cell code-cell runnable-cell${tagClasses}" data-cell="${index + 1}">${input}<div class="cell-output" aria-live="polite">${output}</div></section>`;
      } else {
        section = `<section class="cell code-cell${tagClasses}" data-cell="${index + 1}">${input}${output}</section>`;
      }
      body += `${foldSolution(section, tags)}\n`;
    } else if (cell.cell_type === "raw") {
      const format = (cell.metadata && (cell.metadata.format || cell.metadata.raw_mimetype)) || "";
      if (/html/i.test(format)) body += `<section class="cell raw-cell${tagClasses}">${source}</section>\n`;
    }
  });

  const summary = notebookSummary(nb, name);
  return {
    name,
    title: summary.title,
    description: summary.description,
    descriptionHtml: summary.descriptionHtml,
    bodyHtml: body,
    headings: env.headings,
    hasH1: env.headings.some((h) => h.level === 1),
    hasMath: env.hasMath || outputMath || /class="katex/.test(body),
    plotCount,
    hasPlots: plotCount > 0,
    droppedBundles: ctx.droppedBundles,
    runnableCells: ctx.runnable,
    warnings: env.warnings,
  };
}
