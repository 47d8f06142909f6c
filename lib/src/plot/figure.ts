/** The Plotly figure every builder returns: data, not a drawing (tests inspect it, `show()` serialises it); `figure()` passes raw traces through. */
import type * as Plotly from "plotly.js";

export type { Plotly };

/** A Plotly figure: traces, layout and (optional) config, as in `Plotly.newPlot(div, data, layout, config)`. */
export interface Figure {
  /** The traces (scatter, heatmap, surface, ...). */
  data: Plotly.Data[];
  /** Titles, axes, sizes, annotations. */
  layout: Partial<Plotly.Layout>;
  /** Plot options (responsive, mode bar, ...). */
  config?: Partial<Plotly.Config>;
}

/** The config every nnlab figure gets unless the user overrides it. */
export const defaultConfig: Partial<Plotly.Config> = { responsive: true, displaylogo: false };

/**
 * A figure from raw Plotly traces and layout (typed with @types/plotly.js).
 *
 * ```ts
 * show(figure({ data: [{ type: "bar", x: ["a", "b"], y: [3, 5] }], layout: { title: { text: "counts" } } }));
 * ```
 */
export function figure(options: { data: Plotly.Data[]; layout?: Partial<Plotly.Layout>; config?: Partial<Plotly.Config> }): Figure {
  if (options == null || !Array.isArray(options.data)) throw new Error("figure: options.data must be an array of Plotly traces");
  return {
    data: options.data,
    layout: options.layout ?? {},
    config: { ...defaultConfig, ...options.config },
  };
}
