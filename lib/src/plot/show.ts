/**
 * `show(figure)`: the figure inline in a tslab notebook cell; under plain
 * Node a one-line note, or a standalone HTML file when asked.
 *
 * plotly.js (4.8 MB) is embedded ONCE per kernel process: the first show()
 * emits a text/html output holding the bundle, then the plot. Later plots
 * carry only their JSON and a bootstrap that waits for window.Plotly, so a
 * notebook stays small and a re-opened (trusted) notebook renders again
 * because the bundle output comes before the first plot. A kernel restart is
 * a new process, so the bundle is emitted again.
 */
import * as fs from "fs";
import * as path from "path";
import { type Figure } from "./figure";
import { checkFigure, figureHtml, figureJson, pageHtml, plotlyBundleHtml } from "./html";
import { detectNotebook, type DisplaySink, type MimeBundle } from "./notebook";
import { checkOptions } from "../tensor/validate";

/** Options of `show`. */
export interface ShowOptions {
  /** Also (or, outside a notebook, only) write a standalone HTML page (plotly.js inlined, works offline). */
  file?: string;
  /**
   * Add the `application/vnd.plotly.v1+json` MIME type next to text/html so
   * VS Code and JupyterLab's Plotly renderer draw the figure natively
   * (default true; needs the tested tslab version; skipped for figures over
   * PLOTLY_MIME_MAX_CHARS of JSON; env NNLAB_PLOTLY_MIME=0 turns it off).
   */
  plotlyMime?: boolean;
  /** Where outputs go (default: the tslab kernel, detected). For tests and custom front-ends. */
  sink?: DisplaySink;
}

// Per process, shared by every copy of nnlab loaded in it (a kernel restart starts afresh).
const STATE_KEY = Symbol.for("nnlab.plot.state");
interface PlotState {
  bundleEmitted: boolean;
  plots: number;
  session: string;
}
function state(): PlotState {
  const g = globalThis as unknown as Record<symbol, PlotState | undefined>;
  let s = g[STATE_KEY];
  if (!s) {
    s = { bundleEmitted: false, plots: 0, session: (process.pid.toString(36) + Date.now().toString(36)).slice(-10) };
    g[STATE_KEY] = s;
  }
  return s;
}

/** A short text stand-in for a figure (text/plain fallback, plain-Node note). */
export function describeFigure(fig: Figure): string {
  const title = fig.layout?.title;
  const text = typeof title === "string" ? title : (title?.text ?? "");
  const types = Array.from(new Set(fig.data.map((t) => (t as { type?: string }).type ?? "scatter")));
  return `Plotly figure${text ? ` "${text}"` : ""} (${fig.data.length} trace${fig.data.length === 1 ? "" : "s"}: ${types.join(", ")})`;
}

/**
 * Emits the plotly.js bundle output now, even if it was emitted before in this
 * session. Useful as the first cell of a notebook, or after clearing the
 * output that held the bundle. Returns false outside a notebook.
 */
export function loadPlotly(options: { sink?: DisplaySink } = {}): boolean {
  const sink = options.sink ?? detectNotebook()?.sink;
  if (!sink) return false;
  sink.display({ "text/html": plotlyBundleHtml(), "text/plain": "(plotly.js loaded)" });
  state().bundleEmitted = true;
  return true;
}

/**
 * Figures whose JSON is larger than this (characters) get no Plotly MIME copy:
 * it would double the size of the output (e.g. an image grid of 100 MNIST digits
 * is ~0.8 MB), and text/html renders them everywhere anyway.
 */
export const PLOTLY_MIME_MAX_CHARS = 200_000;

/** The MIME bundle of one plot output: text/html (the contract), text/plain, and optionally the Plotly MIME type. */
export function plotMimeBundle(fig: Figure, id: string, plotlyMime: boolean): MimeBundle {
  const json = figureJson(fig);
  const bundle: MimeBundle = { "text/html": figureHtml(fig, id, json), "text/plain": describeFigure(fig) };
  if (plotlyMime && json.length <= PLOTLY_MIME_MAX_CHARS) {
    // stored as a JSON object in the notebook (application/*+json), not as a string
    bundle["application/vnd.plotly.v1+json"] = JSON.parse(json);
  }
  return bundle;
}

/**
 * Shows a figure inline in the notebook.
 *
 * In a tslab kernel: the first call of the session emits the plotly.js bundle
 * (one output), then every call emits one plot output. Under plain Node:
 * prints a one-line note, or writes `options.file`.
 *
 * ```ts
 * show(lineChart({ series: [{ name: "loss", y: history.loss }], logY: true }));
 * ```
 */
export function show(fig: Figure, options: ShowOptions = {}): void {
  checkOptions(options, "show", "options", ["file", "plotlyMime", "sink"]);
  checkFigure(fig, "show");
  const env = options.sink ? { sink: options.sink, multiMime: true } : detectNotebook();
  if (options.file) {
    const file = path.resolve(options.file);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, pageHtml([fig], { title: describeFigure(fig) }));
    if (!env) console.log(`show: wrote ${describeFigure(fig)} to ${file}`);
  }
  if (!env) {
    if (!options.file) console.log(`show: ${describeFigure(fig)} (not in a Jupyter notebook; pass { file: "plot.html" } to write it as a page)`);
    return;
  }
  const s = state();
  if (!s.bundleEmitted) loadPlotly({ sink: env.sink });
  s.plots += 1;
  const id = `nnlab-plot-${s.session}-${s.plots}`;
  const wantMime = (options.plotlyMime ?? process.env.NNLAB_PLOTLY_MIME !== "0") && env.multiMime;
  env.sink.display(plotMimeBundle(fig, id, wantMime));
}

/** For tests: forget that the bundle was emitted (as after a kernel restart). */
export function resetPlotSession(): void {
  const s = state();
  s.bundleEmitted = false;
}
