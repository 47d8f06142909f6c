/**
 * The HTML that carries figures into notebooks and exported pages.
 *
 * THE OUTPUT CONTRACT (relied on by the lecture-notes site builder):
 *
 * - The plotly.js bundle is ONE text/html output per kernel session:
 *   `<script type="text/javascript" data-nnlab-plotly-bundle="<version>">...plotly.min.js...</script>`.
 *   A site may drop that output and load one shared plotly.min.js per page instead.
 * - Each plot is a text/html output:
 *   `<div class="nnlab-plot" id="ID"><span class="nnlab-plot-placeholder">...</span></div>`
 *   `<script type="application/json" class="nnlab-figure" data-target="ID">{"data":...,"layout":...,"config":...}</script>`
 *   `<script type="text/javascript" class="nnlab-plot-bootstrap">...</script>`
 *   The bootstrap waits (polls) until `window.Plotly` exists, then calls
 *   `Plotly.newPlot(div, fig.data, fig.layout, fig.config)`; so the bundle may be
 *   loaded before or after the plots (saved notebooks, cells run out of order).
 * - The JSON is escaped for HTML: `<`, `>`, `&`, U+2028 and U+2029 are written
 *   as \u escapes, so no label can close the script element or inject markup.
 */
import * as fs from "fs";
import type { Figure } from "./figure";

/** The marker attribute of the plotly.js bundle's script element. */
export const BUNDLE_ATTRIBUTE = "data-nnlab-plotly-bundle";

/** JSON safe to put inside a `<script>` element: typed arrays become plain arrays, and `< > &` U+2028 U+2029 are \u-escaped (JSON.parse reads them back unchanged). */
export function jsonForHtml(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v));
  if (json === undefined) throw new Error("jsonForHtml: value is not serialisable to JSON");
  return json.replace(/[<>&\u2028\u2029]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
}

/** Escapes text for an HTML attribute or element body. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Where the classic Notebook serves plotly.js from (tools/install-kernel.mjs puts it in <project>/.jupyter/nbextensions). */
export const NBEXTENSION_PLOTLY_PATH = "nbextensions/nnlab-plotly/plotly.min.js";

/**
 * The loader of one plot (plain ES5): draws the figure once window.Plotly exists. Until then it
 * looks, once per page, for a plotly.js output whose script did not run (and runs it) and for the
 * classic Notebook's nbextensions folder (body[data-base-url]), and keeps polling; after 10 s it says so.
 */
function loaderScript(id: string): string {
  return (
    "(function(){var id=" + JSON.stringify(id) + ",t0=Date.now(),warned=false,g=window.__nnlabPlotly||(window.__nnlabPlotly={});" +
    "function ready(){return !!(window.Plotly&&window.Plotly.newPlot);}" +
    "function find(){if(ready()||g.looked){return;}g.looked=true;" +
    // the attribute name is split: the lecture-notes site drops outputs that contain it
    "var c=document.querySelector('script[data-nnlab-'+'plotly-bundle]');" +
    "if(c){try{(0,eval)(c.textContent);}catch(e){}}" +
    "if(ready()){return;}" +
    "var b=document.body&&document.body.getAttribute('data-base-url');" +
    "if(typeof b==='string'&&b){var s=document.createElement('script');s.src=(b.charAt(b.length-1)==='/'?b:b+'/')+" + JSON.stringify(NBEXTENSION_PLOTLY_PATH) + ";document.head.appendChild(s);}}" +
    "function draw(){var el=document.getElementById(id);if(!el){return;}" +
    "if(!ready()){find();if(!warned&&Date.now()-t0>10000){warned=true;" +
    "el.textContent='plotly.js is not available in this page: open the notebook with npm run lab, or run the notebook from the top (the first plot brings plotly.js along).';}" +
    "setTimeout(draw,warned?500:50);return;}" +
    "if(el.getAttribute('data-plotted')){return;}el.setAttribute('data-plotted','1');el.textContent='';" +
    "var s=document.querySelector('script.nnlab-figure[data-target=\"'+id+'\"]');" +
    "var fig=JSON.parse(s.textContent);window.Plotly.newPlot(el,fig.data,fig.layout,fig.config);}" +
    "draw();})();"
  );
}

/** Shown where scripts do not run (an untrusted notebook, a viewer without JavaScript). */
const PLACEHOLDER =
  '<span class="nnlab-plot-placeholder" style="color:#888;font-size:12px">[interactive plot: trust the notebook or re-run the cell to display it]</span>';

/** The figure as HTML-safe JSON: { data, layout, config }. */
export function figureJson(fig: Figure): string {
  checkFigure(fig, "figureJson");
  return jsonForHtml({ data: fig.data, layout: fig.layout, config: fig.config ?? {} });
}

/** The text/html of one plot output (div + figure JSON + bootstrap); `id` must be unique in the page. */
export function figureHtml(fig: Figure, id: string, json: string = figureJson(fig)): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id)) throw new Error(`figureHtml: id must be letters, digits, - or _, starting with a letter, got ${JSON.stringify(id)}`);
  checkFigure(fig, "figureHtml");
  return (
    `<div class="nnlab-plot" id="${escapeHtml(id)}">${PLACEHOLDER}</div>\n` +
    `<script type="application/json" class="nnlab-figure" data-target="${escapeHtml(id)}">${json}</script>\n` +
    `<script type="text/javascript" class="nnlab-plot-bootstrap">${loaderScript(id)}</script>`
  );
}

/** Throws a clear error if `fig` is not a { data: [], layout: {} } object. */
export function checkFigure(fig: Figure, fn: string): void {
  if (fig == null || typeof fig !== "object" || !Array.isArray(fig.data)) {
    throw new Error(`${fn}: expected a figure { data: [...traces], layout }, got ${fig === null ? "null" : typeof fig}`);
  }
}

let bundleCache: { version: string; source: string } | undefined;

/** The plotly.js version and minified source shipped with nnlab (plotly.js-dist-min), read once. */
export function plotlySource(): { version: string; source: string } {
  if (!bundleCache) {
    let file: string;
    try {
      file = require.resolve("plotly.js-dist-min/plotly.min.js");
    } catch {
      throw new Error("show: cannot find plotly.js-dist-min (a dependency of nnlab); run `npm install` in the course folder");
    }
    const version = JSON.parse(fs.readFileSync(require.resolve("plotly.js-dist-min/package.json"), "utf8")).version as string;
    // the bundle must not end the script element early (it contains no "</script" today; be safe anyway)
    bundleCache = { version, source: fs.readFileSync(file, "utf8").replace(/<\/(script)/gi, "<\\/$1") };
  }
  return bundleCache;
}

/** The text/html output that loads plotly.js (once per kernel session). */
export function plotlyBundleHtml(): string {
  const { version, source } = plotlySource();
  return `<script type="text/javascript" ${BUNDLE_ATTRIBUTE}="${escapeHtml(version)}">${source}\n</script>`;
}

/** A complete standalone HTML page (plotly.js inlined, works offline) showing the figures. */
export function pageHtml(figures: Figure[], options: { title?: string; idPrefix?: string } = {}): string {
  const prefix = options.idPrefix ?? "nnlab-page-plot";
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(options.title ?? "nnlab figure")}</title>\n</head>\n<body>\n` +
    `${plotlyBundleHtml()}\n${figures.map((f, i) => figureHtml(f, `${prefix}-${i}`)).join("\n")}\n</body>\n</html>\n`;
}
