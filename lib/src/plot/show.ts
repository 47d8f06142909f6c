/**
 * `show(figure)`: the figure inline in a notebook cell as ONE output, a MIME bundle of
 * `application/vnd.plotly.v1+json` (drawn natively by JupyterLab, VS Code, nteract), `text/html`
 * (`figureHtml`) and `text/plain`; under plain Node, a note or a standalone HTML file. plotly.js itself
 * travels in a separate output, sent before the first plot of each front-end session and again when the
 * cell that carried it runs again, so a notebook run from the top holds it once and draws offline.
 */
import * as fs from "fs";
import * as path from "path";
import { type Figure } from "./figure";
import { checkFigure, figureHtml, figureJson, pageHtml, plotlyBundleHtml } from "./html";

export { NBEXTENSION_PLOTLY_PATH } from "./html";
import { detectNotebook, type DisplaySink, type MimeBundle } from "./notebook";
import { checkOptions } from "../tensor/options";

export interface ShowOptions {
  /** Also (or, outside a notebook, only) write a standalone HTML page (plotly.js inlined, works offline). */
  file?: string;
  /**
   * Add the Plotly MIME type next to text/html (default true; skipped for figures over
   * PLOTLY_MIME_MAX_CHARS of JSON and where the kernel sends one MIME type per output; env NNLAB_PLOTLY_MIME=0 turns it off).
   */
  plotlyMime?: boolean;
  /** Where outputs go (default: the notebook kernel, detected). For tests and custom front-ends. */
  sink?: DisplaySink;
}

/** What the project's kernel launcher says about the running cell (globalThis[EXECUTION_INFO_KEY]): front-end session, cell id, execution count. */
export interface ExecutionInfo {
  session?: string;
  cellId?: string;
  count?: number;
}

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

/** True when plotly.js must be sent before the next plot: not yet in this process, another front-end session (a reloaded tab), or the cell that carried it runs again. */
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

/** Emits the plotly.js output now, even if it was emitted before (e.g. after the output that held it was cleared); false outside a notebook. */
export function loadPlotly(options: { sink?: DisplaySink } = {}): boolean {
  const sink = options.sink ?? detectNotebook()?.sink;
  if (!sink) return false;
  sink.display({ "text/html": plotlyBundleHtml(), "text/plain": "(plotly.js loaded)" });
  state().carrier = { ...executionInfo() };
  return true;
}

/** Figures with more JSON characters than this get no Plotly MIME copy: it would double the output (100 MNIST digits are ~0.8 MB), and text/html draws them anyway. */
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
 * Shows a figure inline in the notebook (see the top of this file); under plain Node, prints a note or writes `options.file`.
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
