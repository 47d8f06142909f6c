/**
 * `show(figure)`: the figure inline in a notebook cell; under plain Node a
 * one-line note, or a standalone HTML file when asked.
 *
 * A figure is ONE output, one MIME bundle (kernel-neutral: any kernel that can
 * display a bundle can show it):
 * - `application/vnd.plotly.v1+json`, the figure as a JSON object, drawn natively
 *   and offline by JupyterLab (with Plotly's renderer), VS Code and nteract;
 * - `text/html`: the plot's div, its JSON and a small loader that draws it with
 *   plotly.js wherever plotly.js can be had (see `figureHtml` in html.ts);
 * - `text/plain`: a one-line summary.
 *
 * plotly.js itself (4.8 MB) is not in the figures. A separate output carries it
 * (`data-nnlab-plotly-bundle`, the lecture-notes site drops it): emitted before
 * the first plot of each front-end session of a kernel (a reloaded browser tab is
 * a new session), and again when the cell that carried it runs again (when the
 * kernel says which cell runs). So a notebook run from the top holds it once, and
 * its saved or exported copy draws its plots offline. The loader also finds
 * plotly.js in the classic Notebook's nbextensions folder, which
 * tools/install-kernel.mjs fills: plots survive a reloaded tab, a re-run cell
 * and a reopened notebook whatever the kernel sent.
 */
import * as fs from "fs";
import * as path from "path";
import { type Figure } from "./figure";
import { checkFigure, figureHtml, figureJson, pageHtml, plotlyBundleHtml } from "./html";

export { NBEXTENSION_PLOTLY_PATH } from "./html";
import { detectNotebook, type DisplaySink, type MimeBundle } from "./notebook";
import { checkOptions } from "../tensor/options";

/** Options of `show`. */
export interface ShowOptions {
  /** Also (or, outside a notebook, only) write a standalone HTML page (plotly.js inlined, works offline). */
  file?: string;
  /**
   * Add the `application/vnd.plotly.v1+json` MIME type next to text/html so
   * VS Code and JupyterLab's Plotly renderer draw the figure natively
   * (default true; skipped for figures over PLOTLY_MIME_MAX_CHARS of JSON and
   * where the kernel can send only one MIME type per output; env
   * NNLAB_PLOTLY_MIME=0 turns it off).
   */
  plotlyMime?: boolean;
  /** Where outputs go (default: the notebook kernel, detected). For tests and custom front-ends. */
  sink?: DisplaySink;
}

/**
 * What the kernel says about the cell being executed, if anything
 * (globalThis[Symbol.for("jupyter.execution")], set by the project's kernel launcher):
 * the front-end session that sent the request, the cell's id, the execution count.
 */
export interface ExecutionInfo {
  session?: string;
  cellId?: string;
  count?: number;
}

/** The name of the global the kernel launcher fills with the running cell's ExecutionInfo. */
export const EXECUTION_INFO_KEY = Symbol.for("jupyter.execution");

function executionInfo(): ExecutionInfo {
  const g = globalThis as unknown as Record<symbol, ExecutionInfo | undefined>;
  const info = g[EXECUTION_INFO_KEY];
  return info && typeof info === "object" ? info : {};
}

// Per process, shared by every copy of nnlab loaded in it (a kernel restart starts afresh).
const STATE_KEY = Symbol.for("nnlab.plot.state");
interface PlotState {
  /** Where plotly.js was last emitted, or null: not yet in this process. */
  carrier: ExecutionInfo | null;
  plots: number;
  session: string;
}
function state(): PlotState {
  const g = globalThis as unknown as Record<symbol, PlotState | undefined>;
  let s = g[STATE_KEY];
  if (!s || !("carrier" in s)) {
    s = { carrier: null, plots: 0, session: (process.pid.toString(36) + Date.now().toString(36)).slice(-10) };
    g[STATE_KEY] = s;
  }
  return s;
}

/**
 * True when the plotly.js output must be sent before the next plot: none yet in
 * this process, or the request comes from another front-end session (a reloaded
 * tab), or the cell that carried it runs again (its outputs are being replaced).
 */
export function needsPlotlyCarrier(carrier: ExecutionInfo | null, now: ExecutionInfo): boolean {
  if (!carrier) return true;
  const sameRun = carrier.count !== undefined && carrier.count === now.count && carrier.session === now.session;
  if (sameRun) return false;
  if (now.session !== undefined && now.session !== carrier.session) return true;
  return now.cellId !== undefined && now.cellId === carrier.cellId;
}

/** A short text stand-in for a figure (text/plain fallback, plain-Node note). */
export function describeFigure(fig: Figure): string {
  const title = fig.layout?.title;
  const text = typeof title === "string" ? title : (title?.text ?? "");
  const types = Array.from(new Set(fig.data.map((t) => (t as { type?: string }).type ?? "scatter")));
  return `Plotly figure${text ? ` "${text}"` : ""} (${fig.data.length} trace${fig.data.length === 1 ? "" : "s"}: ${types.join(", ")})`;
}

/**
 * Emits the plotly.js output now, even if it was emitted before in this
 * session: for front-ends where nothing else provides plotly.js, after the
 * output that held it was cleared. Returns false outside a notebook.
 */
export function loadPlotly(options: { sink?: DisplaySink } = {}): boolean {
  const sink = options.sink ?? detectNotebook()?.sink;
  if (!sink) return false;
  sink.display({ "text/html": plotlyBundleHtml(), "text/plain": "(plotly.js loaded)" });
  state().carrier = { ...executionInfo() };
  return true;
}

/**
 * Figures whose JSON is larger than this (characters) get no Plotly MIME copy:
 * it would double the size of the output (e.g. an image grid of 100 MNIST digits
 * is ~0.8 MB), and text/html renders them everywhere anyway.
 */
export const PLOTLY_MIME_MAX_CHARS = 200_000;


/** The MIME bundle of one plot output: text/html, text/plain, and optionally the Plotly MIME type. */
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
 * Shows a figure inline in the notebook: one output (see the top of this file).
 * Before the first plot of a session the plotly.js output is sent.
 * Under plain Node: prints a one-line note, or writes `options.file`.
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
  if (needsPlotlyCarrier(s.carrier, executionInfo())) loadPlotly({ sink: env.sink });
  s.plots += 1;
  const id = `nnlab-plot-${s.session}-${s.plots}`;
  const wantMime = (options.plotlyMime ?? process.env.NNLAB_PLOTLY_MIME !== "0") && env.multiMime;
  env.sink.display(plotMimeBundle(fig, id, wantMime));
}

/** For tests: forget where plotly.js was emitted (as after a kernel restart). */
export function resetPlotSession(): void {
  state().carrier = null;
}
