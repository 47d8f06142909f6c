/** An ODE solution: the network's approximation against the analytic solution (left) and the absolute error on a log axis (right). */
import type * as Plotly from "plotly.js";
import { defaultConfig, type Figure } from "./figure";
import { toNumberArray, type Values } from "./values";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";

export interface SolutionChartOptions {
  /** Points where the solutions are compared. */
  x: Values;
  /** The approximate (network) solution at x. */
  approximate: Values;
  /** The analytic solution: values at x, or the function itself. */
  exact: Values | ((x: number) => number);
  title?: string;
}

/**
 * Two panels: approximate and analytic solutions, then |error| (log scale).
 *
 * ```ts
 * show(solutionChart({ x, approximate: trial(x), exact: (t) => Math.exp(-t), title: "dy/dt = -y" }));
 * ```
 */
export function solutionChart(options: SolutionChartOptions): Figure {
  const fn = "solutionChart";
  options = checkOptions(options, fn, "options", ["x", "approximate", "exact", "title"]);
  const x = toNumberArray(options.x, fn, "x");
  const approximate = toNumberArray(options.approximate, fn, "approximate");
  if (approximate.length !== x.length) throw new Error(`${fn}: approximate has ${approximate.length} values but x has ${x.length}`);
  const f = options.exact;
  if (f === undefined) throw new Error(`${fn}: exact must be the analytic values at x or a function, got ${formatValue(f)}`);
  const exact = typeof f === "function" ? x.map((v) => f(v)) : toNumberArray(f, fn, "exact");
  if (exact.length !== x.length) throw new Error(`${fn}: exact has ${exact.length} values but x has ${x.length}`);
  const error = approximate.map((a, i) => Math.abs(a - exact[i]));
  const data: Plotly.Data[] = [
    { type: "scatter", mode: "lines", name: "analytic", x, y: exact, line: { color: "#7f7f7f", width: 3 }, xaxis: "x", yaxis: "y" },
    { type: "scatter", mode: "lines+markers", name: "network", x, y: approximate, line: { color: "#1f77b4", dash: "dash" }, marker: { size: 5 }, xaxis: "x", yaxis: "y" },
    // exact zeros cannot be drawn on a log axis: leave a gap (null) instead of a misleading point
    { type: "scatter", mode: "lines+markers", name: "|error|", x, y: error.map((e) => (e > 0 ? e : null)), line: { color: "#d62728" }, marker: { size: 4 }, xaxis: "x2", yaxis: "y2" },
  ];
  const layout: Partial<Plotly.Layout> = {
    title: { text: options.title ?? "" },
    xaxis: { domain: [0, 0.45], title: { text: "x" }, anchor: "y" },
    yaxis: { title: { text: "y(x)" }, anchor: "x" },
    xaxis2: { domain: [0.55, 1], title: { text: "x" }, anchor: "y2" },
    yaxis2: { title: { text: "absolute error" }, type: "log", exponentformat: "power", anchor: "x2" },
    height: 400,
    margin: { t: options.title ? 50 : 30 },
  };
  return { data, layout, config: { ...defaultConfig } };
}
