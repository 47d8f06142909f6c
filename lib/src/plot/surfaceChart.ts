/** 3-D surfaces z = f(x, y): the lecture's target function f(x0, x1) next to the network's fit. */
import type * as Plotly from "plotly.js";
import { defaultConfig, type Figure } from "./figure";
import { toNumberArray, toRows, type Matrix, type Values } from "./values";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";

/** One surface: values z[i][j] at (x[j], y[i]), or a function evaluated on the grid. */
export interface Surface {
  name: string;
  z: Matrix | ((x: number, y: number) => number);
}

export interface SurfaceChartOptions {
  /** Grid values along x (columns of z). */
  x: Values;
  /** Grid values along y (rows of z). */
  y: Values;
  surfaces: Surface[];
  title?: string;
  xTitle?: string;
  yTitle?: string;
  zTitle?: string;
}

/**
 * Surfaces over the same grid.
 *
 * ```ts
 * show(surfaceChart({ x: grid, y: grid, surfaces: [{ name: "target", z: f }, { name: "network", z: predicted }] }));
 * ```
 */
export function surfaceChart(options: SurfaceChartOptions): Figure {
  checkOptions(options, "surfaceChart", "options", ["x", "y", "surfaces", "title", "xTitle", "yTitle", "zTitle"]);
  const fn = "surfaceChart";
  if (options == null || !Array.isArray(options.surfaces) || options.surfaces.length === 0) {
    throw new Error(`${fn}: options.surfaces must be a non-empty array of { name, z }`);
  }
  const x = toNumberArray(options.x, fn, "x");
  const y = toNumberArray(options.y, fn, "y");
  const count = options.surfaces.length;
  const scales: Plotly.ColorScale[] = ["Viridis", "Cividis", "Plasma", "Blues"];
  const axes = { xaxis: { title: { text: options.xTitle ?? "x" } }, yaxis: { title: { text: options.yTitle ?? "y" } }, zaxis: { title: { text: options.zTitle ?? "z" } } };
  const layout: Partial<Plotly.Layout> = { title: { text: options.title ?? "" }, height: 450, margin: { l: 0, r: 0, b: 0, t: options.title ? 50 : 10 } };
  const data: Plotly.Data[] = options.surfaces.map((s, k) => {
    let z: number[][];
    if (typeof s.z === "function") {
      const f = s.z;
      z = y.map((yi) => x.map((xj) => f(xj, yi)));
    } else if (s.z !== undefined) {
      z = toRows(s.z, fn, `surfaces[${k}].z`);
      if (z.length !== y.length || (z.length > 0 && z[0].length !== x.length)) {
        throw new Error(`${fn}: surfaces[${k}].z is ${z.length} x ${z[0]?.length ?? 0} but the grid is y ${y.length} x x ${x.length}`);
      }
    } else {
      throw new Error(`${fn}: surfaces[${k}].z must be a matrix or a function (x, y) => z, got ${formatValue(s.z)}`);
    }
    const scene = k === 0 ? "scene" : `scene${k + 1}`; // one 3-D scene per surface, side by side
    (layout as Record<string, unknown>)[scene] = { ...axes, domain: { x: [k / count, (k + 1) / count], y: [0, 1] } };
    return {
      type: "surface", name: s.name, x, y, z, scene, colorscale: scales[k % scales.length], opacity: 1, showscale: false,
      hovertemplate: `${s.name}<br>x=%{x:.3g}, y=%{y:.3g}<br>z=%{z:.4g}<extra></extra>`,
    } as Partial<Plotly.PlotData>;
  });
  if (count > 1) { // panel titles
    layout.annotations = options.surfaces.map((s, k) => ({
      text: s.name, x: (k + 0.5) / count, y: 1, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 14 },
    }));
    layout.margin = { ...layout.margin, t: (options.title ? 50 : 10) + 25 };
  }
  return { data, layout, config: { ...defaultConfig } };
}
