/**
 * Scatter charts: data points, optionally with a fitted curve (mode "lines").
 */
import { defaultConfig, type Figure } from "./figure";
import { seriesTraces, xyLayout, type LineChartOptions } from "./lineChart";
import { checkOptions } from "../tensor/options";

/**
 * Points y(x), one marker cloud per series (a series may set `mode: "lines"`
 * to draw a fit through the data).
 *
 * ```ts
 * show(scatterChart({ series: [{ name: "data", x, y }, { name: "fit", x: grid, y: fit, mode: "lines" }] }));
 * ```
 */
export function scatterChart(options: LineChartOptions): Figure {
  checkOptions(options, "scatterChart", "options", ["title", "xTitle", "yTitle", "series", "logY", "logX", "height"]);
  return { data: seriesTraces("scatterChart", options.series, "markers"), layout: xyLayout(options), config: { ...defaultConfig } };
}
