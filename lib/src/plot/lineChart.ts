/** Line charts: loss and accuracy curves, a fitted curve against its data. */
import type * as Plotly from "plotly.js";
import { defaultConfig, type Figure } from "./figure";
import { range, toNumberArray, type Values } from "./values";
import { checkOptions } from "../tensor/options";

/** One curve (or cloud of points) of a line chart. */
export interface Series {
  /** Legend entry. */
  name: string;
  /** Abscissae; default 0, 1, ..., n-1 (e.g. epochs). */
  x?: Values;
  /** Ordinates. */
  y: Values;
  /** "lines" (default), "markers" or "lines+markers". */
  mode?: "lines" | "markers" | "lines+markers";
  /** Colour, e.g. "#d62728"; default Plotly's palette. */
  color?: string;
  /** Line style. */
  dash?: "solid" | "dot" | "dash" | "dashdot";
}

export interface LineChartOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  series: Series[];
  /** Logarithmic y axis (losses). */
  logY?: boolean;
  /** Logarithmic x axis. */
  logX?: boolean;
  /** Figure height in pixels (default 400). */
  height?: number;
}

/**
 * Curves y(x), one per series.
 *
 * ```ts
 * show(lineChart({ title: "training", xTitle: "epoch", yTitle: "loss", logY: true,
 *   series: [{ name: "train", y: history.loss }, { name: "test", y: history.testLoss }] }));
 * ```
 */
export function lineChart(options: LineChartOptions): Figure {
  const fn = "lineChart";
  checkOptions(options, fn, "options", ["title", "xTitle", "yTitle", "series", "logY", "logX", "height"]);
  const series = options.series;
  if (!Array.isArray(series) || series.length === 0) throw new Error(`${fn}: options.series must be a non-empty array of { name, x?, y }`);
  const data = series.map((s, i): Partial<Plotly.PlotData> => {
    const y = toNumberArray(s.y, fn, `series[${i}].y`);
    const x = s.x === undefined ? range(y.length) : toNumberArray(s.x, fn, `series[${i}].x`);
    if (x.length !== y.length) throw new Error(`${fn}: series[${i}] ("${s.name}") has ${x.length} x values but ${y.length} y values`);
    const trace: Partial<Plotly.PlotData> = { type: "scatter", mode: s.mode ?? "lines", name: s.name, x, y };
    if (s.color !== undefined || s.dash !== undefined) trace.line = { color: s.color, dash: s.dash };
    if (s.color !== undefined) trace.marker = { color: s.color };
    return trace;
  });
  const layout: Partial<Plotly.Layout> = {
    title: { text: options.title ?? "" },
    xaxis: { title: { text: options.xTitle ?? "" }, type: options.logX ? "log" : "linear" },
    yaxis: { title: { text: options.yTitle ?? "" }, type: options.logY ? "log" : "linear", exponentformat: "power" },
    height: options.height ?? 400,
    margin: { t: options.title ? 50 : 20, r: 20 },
    hovermode: "closest",
  };
  return { data, layout, config: { ...defaultConfig } };
}
