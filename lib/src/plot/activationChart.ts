/** Activation functions (left panel) and their derivatives (right panel). */
import type * as Plotly from "plotly.js";
import { defaultConfig, type Figure } from "./figure";
import { checkRange, linspace, palette } from "./values";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";

/** One activation function and (optionally) its derivative, as scalar functions. */
export interface ActivationCurve {
  name: string;
  f: (x: number) => number;
  /** Derivative f'(x); omitted = not drawn in the right panel. */
  df?: (x: number) => number;
}

export interface ActivationChartOptions {
  functions: ActivationCurve[];
  /** Default [-5, 5]. */
  xRange?: readonly [number, number];
  /** Samples per curve (default 401; odd so that x = 0 is sampled on a symmetric range). */
  points?: number;
  title?: string;
}

/**
 * Two panels: f(x) and f'(x) for each function, same colour in both.
 *
 * ```ts
 * show(activationChart({ functions: [{ name: "sigmoid", f: sigmoid, df: (x) => sigmoid(x) * (1 - sigmoid(x)) }] }));
 * ```
 */
export function activationChart(options: ActivationChartOptions): Figure {
  checkOptions(options, "activationChart", "options", ["functions", "xRange", "points", "title"]);
  const fn = "activationChart";
  if (options == null || !Array.isArray(options.functions) || options.functions.length === 0) {
    throw new Error(`${fn}: options.functions must be a non-empty array of { name, f, df? }`);
  }
  const [lo, hi] = options.xRange ? checkRange(options.xRange, fn, "xRange") : [-5, 5];
  const n = options.points ?? 401;
  if (!Number.isInteger(n) || n < 2) throw new Error(`${fn}: points must be an integer >= 2, got ${formatValue(n)}`);
  const x = linspace(lo, hi, n);
  const data: Plotly.Data[] = [];
  options.functions.forEach((c, i) => {
    if (typeof c.f !== "function") throw new Error(`${fn}: functions[${i}].f must be a function, got ${formatValue(c.f)}`);
    const color = palette[i % palette.length];
    data.push({ type: "scatter", mode: "lines", name: c.name, legendgroup: c.name, x, y: x.map((v) => c.f(v)), line: { color }, xaxis: "x", yaxis: "y" });
    if (c.df !== undefined) {
      if (typeof c.df !== "function") throw new Error(`${fn}: functions[${i}].df must be a function, got ${formatValue(c.df)}`);
      const df = c.df;
      data.push({
        type: "scatter",
        mode: "lines",
        name: `${c.name}'`,
        legendgroup: c.name,
        showlegend: false,
        x,
        y: x.map((v) => df(v)),
        line: { color },
        xaxis: "x2",
        yaxis: "y2",
      });
    }
  });
  const layout: Partial<Plotly.Layout> = {
    title: { text: options.title ?? "" },
    xaxis: { domain: [0, 0.45], title: { text: "x" }, anchor: "y" },
    yaxis: { title: { text: "f(x)" }, anchor: "x" },
    xaxis2: { domain: [0.55, 1], title: { text: "x" }, anchor: "y2" },
    yaxis2: { title: { text: "f\u2032(x)" }, anchor: "x2" },
    height: 400,
    margin: { t: options.title ? 50 : 30 },
  };
  return { data, layout, config: { ...defaultConfig } };
}
