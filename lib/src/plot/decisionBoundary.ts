/** The decision boundary of a 2-D classifier over a grid, with the data points on top (the logic gates over the unit square, two-moons, ...). */
import type * as Plotly from "plotly.js";
import { defaultConfig, type Figure } from "./figure";
import { checkRange, isTensorLike, linspace, palette, toNumberArray, toRows, type Matrix, type Values } from "./values";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";

export interface DecisionBoundaryOptions {
  /** The model: points [m, 2] (row-major, x then y) -> m scores (e.g. the probability of class 1) or m*k class scores [m, k] (the class is the argmax). */
  predict: (points: Float64Array) => Float64Array | readonly number[];
  /** Data points [n, 2] (rows, or a Tensor [n, 2]). */
  points?: Matrix;
  /** Class of each data point. */
  labels?: Values;
  /** Names of the classes in the legend (default "class 0", ...). */
  classNames?: readonly string[];
  /** Grid extent; default: the data's range with a 10% margin, or [0, 1]. */
  xRange?: readonly [number, number];
  yRange?: readonly [number, number];
  /** Grid points per axis (default 100). */
  resolution?: number;
  title?: string;
}

/** `predict` on a resolution x resolution grid (one call, row-major [m, 2] points): z[i][j] is the score, or the argmax class, at (x[j], y[i]). */
function evaluateGrid(
  fn: string, predict: DecisionBoundaryOptions["predict"], xRange: readonly [number, number], yRange: readonly [number, number], resolution: number,
): { x: number[]; y: number[]; z: number[][]; outputs: number } {
  if (typeof predict !== "function") throw new Error(`${fn}: predict must be a function (points [m,2]) => scores, got ${formatValue(predict)}`);
  if (!Number.isInteger(resolution) || resolution < 2) throw new Error(`${fn}: resolution must be an integer >= 2, got ${formatValue(resolution)}`);
  const x = linspace(xRange[0], xRange[1], resolution);
  const y = linspace(yRange[0], yRange[1], resolution);
  const m = resolution * resolution;
  const points = new Float64Array(2 * m); // [m, 2], point i*resolution + j = (x[j], y[i])
  for (let p = 0; p < m; p++) {
    points[2 * p] = x[p % resolution];
    points[2 * p + 1] = y[Math.floor(p / resolution)];
  }
  const out = predict(points);
  if (out == null || typeof (out as ArrayLike<number>).length !== "number") {
    throw new Error(`${fn}: predict returned ${formatValue(out)}, expected a Float64Array of scores`);
  }
  if (out.length === 0 || out.length % m !== 0) {
    throw new Error(`${fn}: predict returned ${out.length} values for ${m} points; expected ${m} scores or ${m}*k class scores`);
  }
  const k = out.length / m;
  const at = (p: number): number => {
    let best = 0; // the score, or the argmax of the k class scores
    for (let c = 1; c < k; c++) if (out[p * k + c] > out[p * k + best]) best = c;
    return k === 1 ? out[p] : best;
  };
  const z = y.map((_, i) => x.map((_, j) => at(i * resolution + j)));
  return { x, y, z, outputs: k };
}

function dataRange(values: number[] | undefined): [number, number] {
  if (!values || values.length === 0) return [0, 1];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = 0.1 * (hi - lo);
  return [lo - pad, hi + pad];
}

/**
 * The model's score over a grid (background), its decision boundary (line) and the data points coloured by class.
 *
 * ```ts
 * show(decisionBoundary({ predict: (p) => model.predictProba(p), points: X, labels: y, xRange: [-0.5, 1.5], yRange: [-0.5, 1.5] }));
 * ```
 */
export function decisionBoundary(options: DecisionBoundaryOptions): Figure {
  checkOptions(options, "decisionBoundary", "options", ["predict", "points", "labels", "classNames", "xRange", "yRange", "resolution", "title"]);
  const fn = "decisionBoundary";
  if (options == null) throw new Error(`${fn}: options are required`);
  let px: number[] | undefined;
  let py: number[] | undefined;
  let labels: number[] | undefined;
  if (options.points !== undefined) {
    if (!isTensorLike(options.points) && !Array.isArray(options.points)) {
      throw new Error(`${fn}: points must be rows [[x, y], ...] or a Tensor [n, 2], got ${formatValue(options.points)}`);
    }
    const rows = toRows(options.points, fn, "points");
    if (rows.length > 0 && rows[0].length !== 2) throw new Error(`${fn}: points must be [n, 2], got rows of ${rows[0].length} values`);
    px = rows.map((r) => r[0]);
    py = rows.map((r) => r[1]);
    if (options.labels !== undefined) {
      labels = toNumberArray(options.labels, fn, "labels");
      if (labels.length !== rows.length) throw new Error(`${fn}: labels has ${labels.length} values but points has ${rows.length} rows`);
    }
  }
  const xRange = options.xRange ? checkRange(options.xRange, fn, "xRange") : dataRange(px);
  const yRange = options.yRange ? checkRange(options.yRange, fn, "yRange") : dataRange(py);
  const grid = evaluateGrid(fn, options.predict, xRange, yRange, options.resolution ?? 100);
  const data: Plotly.Data[] = [];
  const single = grid.outputs === 1;
  const threshold = 0.5; // the boundary line of a single-score model
  const { x, y, z } = grid;
  data.push({
    type: "heatmap", x, y, z, colorscale: "RdBu", opacity: 0.75, showscale: single, name: "model",
    colorbar: { title: { text: single ? "score" : "" } },
    hovertemplate: single ? "(%{x:.3g}, %{y:.3g}): %{z:.3f}<extra></extra>" : "(%{x:.3g}, %{y:.3g}): class %{z}<extra></extra>",
  } as Partial<Plotly.PlotData>);
  if (single) {
    data.push({
      type: "contour", x, y, z, showscale: false, hoverinfo: "skip", name: `boundary (${threshold})`,
      contours: { start: threshold, end: threshold, size: 1, coloring: "lines", showlabels: false },
      line: { color: "black", width: 2 },
    } as Partial<Plotly.PlotData>);
  }
  if (px && py) {
    const classes = labels ? Array.from(new Set(labels)).sort((a, b) => a - b) : [0];
    classes.forEach((c, ci) => {
      const idx = labels ? labels.map((l, i) => (l === c ? i : -1)).filter((i) => i >= 0) : px!.map((_, i) => i);
      data.push({
        type: "scatter", mode: "markers", x: idx.map((i) => px![i]), y: idx.map((i) => py![i]),
        name: labels ? (options.classNames?.[c] ?? `class ${c}`) : "data",
        marker: { color: palette[ci % palette.length], size: 10, line: { color: "white", width: 1.5 } },
      });
    });
  }
  const layout: Partial<Plotly.Layout> = {
    title: { text: options.title ?? "" },
    xaxis: { title: { text: "x\u2081" }, range: [xRange[0], xRange[1]], constrain: "domain" },
    yaxis: { title: { text: "x\u2082" }, range: [yRange[0], yRange[1]], scaleanchor: "x", constrain: "domain" },
    height: 450,
    margin: { t: options.title ? 50 : 20 },
    legend: { orientation: "h", y: -0.15 },
  };
  return { data, layout, config: { ...defaultConfig } };
}
