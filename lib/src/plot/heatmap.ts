/** Annotated heatmaps: the lectures' eta x lambda grid-search accuracies, weight matrices, anything indexed by two axes. */
import type * as Plotly from "plotly.js";
import { defaultConfig, type Figure } from "./figure";
import { formatNumber, range, toNumberArray, toRows, type Matrix, type Values } from "./values";
import { checkOptions } from "../tensor/options";

export interface HeatmapOptions {
  /** Values, z[row][column]: rows go with `y`, columns with `x`. */
  z: Matrix;
  /** Column values (numbers, e.g. lambdas) or labels; default 0..columns-1. */
  x?: Values | readonly string[];
  /** Row values (numbers, e.g. etas) or labels; default 0..rows-1. */
  y?: Values | readonly string[];
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Write each value in its cell (default true). */
  annotate?: boolean;
  /** Cell text: a function of the value, or a d3-format string used by Plotly (e.g. ".3f"). Default: 3 significant digits. */
  format?: ((value: number) => string) | string;
  /** How numeric x values are labelled: "power" (10<sup>−5</sup>), "exponent" (1e-5), "plain" (default). */
  xTickFormat?: TickFormat;
  /** How numeric y values are labelled (see xTickFormat). */
  yTickFormat?: TickFormat;
  /** Plotly colour scale (default "Viridis"). */
  colorscale?: Plotly.ColorScale;
  zmin?: number;
  zmax?: number;
  /** Title of the colour bar. */
  colorbarTitle?: string;
  /** Draw the first row at the top (matrix order, default false: first row at the bottom). */
  reverseY?: boolean;
  /** Figure height in pixels (default 450). */
  height?: number;
}

/** How heatmap axis values are written: "power" (10<sup>−5</sup>), "exponent" (1e-5) or "plain" (0.00001). */
export type TickFormat = "power" | "exponent" | "plain";

const MINUS = "\u2212";

/** Splits v into mantissa and exponent with 1 <= |mantissa| < 10; the mantissa is rounded to 3 significant digits. */
function decompose(v: number): { mantissa: number; exponent: number } {
  let exponent = Math.floor(Math.log10(Math.abs(v)));
  let mantissa = Number((v / 10 ** exponent).toPrecision(3));
  if (Math.abs(mantissa) >= 10) { // rounding pushed 9.999 up to 10
    exponent += 1;
    mantissa = Number((mantissa / 10).toPrecision(3));
  }
  return { mantissa, exponent };
}

/** The label of one axis value: "power" 3e-4 -> "3×10<sup>−4</sup>", "exponent" 3e-4 -> "3e-4", "plain" String(v) with at most 6 significant digits. */
export function tickLabel(v: number, format: TickFormat): string {
  if (format === "plain" || v === 0 || !Number.isFinite(v)) return String(Number(v.toPrecision(6)));
  const { mantissa, exponent } = decompose(v);
  if (format === "exponent") return `${mantissa}e${exponent}`;
  const power = `10<sup>${exponent < 0 ? MINUS + String(-exponent) : String(exponent)}</sup>`;
  if (mantissa === 1) return power;
  if (mantissa === -1) return MINUS + power;
  return `${mantissa < 0 ? MINUS + String(-mantissa) : String(mantissa)}\u00d7${power}`;
}

/** Labels for one axis: strings as given, numbers through tickLabel. */
function axisLabels(values: Values | readonly string[] | undefined, n: number, format: TickFormat, fn: string, arg: string): string[] {
  if (values === undefined) return range(n).map(String);
  const isStrings = Array.isArray(values) && values.length > 0 && typeof values[0] === "string";
  const labels = isStrings ? (values as readonly string[]).map(String) : toNumberArray(values as Values, fn, arg).map((v) => tickLabel(v, format));
  if (labels.length !== n) throw new Error(`${fn}: ${arg} has ${labels.length} values but z has ${n} ${arg === "x" ? "columns" : "rows"}`);
  return labels;
}

/** Strips the HTML of power labels for hover text ("10<sup>−5</sup>" -> "10^−5"). */
function plainLabel(label: string): string {
  return label.replace(/<sup>/g, "^").replace(/<\/sup>/g, "");
}

/**
 * An annotated heatmap with cells at integer positions and the x/y values as tick labels.
 *
 * ```ts
 * show(heatmap({ z: accuracies, y: etas, x: lambdas, yTitle: "η", xTitle: "λ",
 *   xTickFormat: "power", yTickFormat: "power", title: "test accuracy" }));
 * ```
 */
export function heatmap(options: HeatmapOptions): Figure {
  checkOptions(options, "heatmap", "options", ["z", "x", "y", "title", "xTitle", "yTitle", "annotate", "format", "xTickFormat", "yTickFormat", "colorscale", "zmin", "zmax", "colorbarTitle", "reverseY", "height"]);
  const fn = "heatmap";
  if (options == null || options.z === undefined) throw new Error(`${fn}: options.z is required`);
  const z = toRows(options.z, fn, "z");
  const rows = z.length;
  const cols = rows > 0 ? z[0].length : 0;
  if (rows === 0 || cols === 0) throw new Error(`${fn}: z is empty (${rows} x ${cols})`);
  const xLabels = axisLabels(options.x, cols, options.xTickFormat ?? "plain", fn, "x");
  const yLabels = axisLabels(options.y, rows, options.yTickFormat ?? "plain", fn, "y");
  const xName = options.xTitle || "x";
  const yName = options.yTitle || "y";
  const hover = z.map((row, i) => row.map((v, j) => `${yName} = ${plainLabel(yLabels[i])}<br>${xName} = ${plainLabel(xLabels[j])}<br>${formatNumber(v)}`));
  const trace: Partial<Plotly.PlotData> = {
    type: "heatmap", z, x: range(cols), y: range(rows), colorscale: options.colorscale ?? "Viridis",
    hovertext: hover as unknown as string[], hoverinfo: "text", colorbar: { title: { text: options.colorbarTitle ?? "" } },
  };
  if (options.zmin !== undefined) trace.zmin = options.zmin;
  if (options.zmax !== undefined) trace.zmax = options.zmax;
  if (options.annotate ?? true) {
    const format = options.format;
    if (typeof format === "string") trace.texttemplate = `%{z:${format}}`;
    else {
      const f = format ?? formatNumber;
      // Plotly accepts a matrix of strings here; @types/plotly.js only types string | string[].
      trace.text = z.map((row) => row.map((v) => f(v))) as unknown as string[];
      trace.texttemplate = "%{text}";
    }
  }
  const layout: Partial<Plotly.Layout> = {
    title: { text: options.title ?? "" },
    xaxis: { title: { text: options.xTitle ?? "" }, tickmode: "array", tickvals: range(cols), ticktext: xLabels, showgrid: false, zeroline: false },
    yaxis: {
      title: { text: options.yTitle ?? "" }, tickmode: "array", tickvals: range(rows), ticktext: yLabels, showgrid: false, zeroline: false,
      autorange: options.reverseY ? "reversed" : true,
    },
    height: options.height ?? 450,
    margin: { t: options.title ? 50 : 20 },
  };
  return { data: [trace], layout, config: { ...defaultConfig } };
}
