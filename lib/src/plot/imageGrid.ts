/**
 * A grid of small images with a title above each (digits, "true 3 / predicted 8", CNN filters):
 * all tiled into ONE heatmap trace (gaps are null, so transparent) with the titles as annotations,
 * instead of 100 subplots, which Plotly would lay out slowly.
 */
import type * as Plotly from "plotly.js";
import { defaultConfig, type Figure } from "./figure";
import { isTensorLike, toNumberArray, type Values } from "./values";
import type { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import { formatValue } from "../tensor/validate";

export interface ImageGridOptions {
  /** A Tensor [n, h, w] or [n, 1, h, w], or [n, h*w] / an array of flat images with `imageShape`. */
  images: Tensor | readonly Values[];
  /** [height, width] of each image when the images are flat rows. */
  imageShape?: readonly [number, number];
  /** One title per image (e.g. the digit, or "true 3 / predicted 8"). */
  labels?: readonly (string | number)[] | Values;
  /** Images per row (default min(n, 10)). */
  columns?: number;
  /** "all" (default): one colour range for all images (digits); "each": each image stretched to its own [min, max] (filters). */
  normalize?: "all" | "each";
  title?: string;
  /** Displayed size of one image in pixels (default 64). */
  imageSize?: number;
}

/** Splits the input into n images of h x w values each (row-major). */
function readImages(options: ImageGridOptions, fn: string): { n: number; h: number; w: number; pixels: ArrayLike<number> } {
  const images = options.images;
  const flatShape = options.imageShape;
  if (isTensorLike(images)) {
    const s = images.shape;
    if (s.length === 3) return { n: s[0], h: s[1], w: s[2], pixels: images.data };
    if (s.length === 4) {
      if (s[1] !== 1) {
        throw new Error(`${fn}: images has shape [${s.join(",")}] with ${s[1]} channels; pass one channel [n,1,h,w] or the channels of one image as [c,h,w]`);
      }
      return { n: s[0], h: s[2], w: s[3], pixels: images.data };
    }
    if (s.length === 2) {
      if (!flatShape) throw new Error(`${fn}: images has shape [${s.join(",")}] (flat rows); pass imageShape: [height, width]`);
      if (flatShape[0] * flatShape[1] !== s[1]) {
        throw new Error(`${fn}: imageShape [${flatShape.join(",")}] has ${flatShape[0] * flatShape[1]} pixels but each row has ${s[1]}`);
      }
      return { n: s[0], h: flatShape[0], w: flatShape[1], pixels: images.data };
    }
    throw new Error(`${fn}: images must be a Tensor [n,h,w], [n,1,h,w] or [n,h*w], got shape [${s.join(",")}]`);
  }
  if (!Array.isArray(images)) throw new Error(`${fn}: images must be a Tensor or an array of flat images, got ${formatValue(images)}`);
  if (!flatShape) throw new Error(`${fn}: images is an array of flat images; pass imageShape: [height, width]`);
  const [h, w] = flatShape;
  const pixels = new Float64Array(images.length * h * w);
  images.forEach((img, i) => {
    const flat = toNumberArray(img, fn, `images[${i}]`);
    if (flat.length !== h * w) throw new Error(`${fn}: images[${i}] has ${flat.length} pixels but imageShape [${h},${w}] needs ${h * w}`);
    pixels.set(flat, i * h * w);
  });
  return { n: images.length, h, w, pixels };
}

/** Rounds to 4 significant digits: plenty for a picture, and a third of the JSON. */
function round4(v: number): number {
  return v === 0 || !Number.isFinite(v) ? v : Number(v.toPrecision(4));
}

/**
 * Images in a grid, each with its label above it.
 *
 * ```ts
 * show(imageGrid({ images: digits.images.slice(0, 20), labels: digits.labels, columns: 10 }));
 * ```
 */
export function imageGrid(options: ImageGridOptions): Figure {
  checkOptions(options, "imageGrid", "options", ["images", "imageShape", "labels", "columns", "normalize", "title", "imageSize"]);
  const fn = "imageGrid";
  if (options == null || options.images === undefined) throw new Error(`${fn}: options.images is required`);
  const { n, h, w, pixels } = readImages(options, fn);
  if (n === 0 || h === 0 || w === 0) throw new Error(`${fn}: no pixels to show (${n} images of ${h} x ${w})`);
  const labels = options.labels === undefined ? undefined : labelStrings(options.labels, fn);
  if (labels && labels.length < n) throw new Error(`${fn}: labels has ${labels.length} entries for ${n} images`);
  const columns = options.columns ?? Math.min(n, 10);
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`${fn}: columns must be a positive integer, got ${formatValue(columns)}`);
  const rows = Math.ceil(n / columns);
  const size = options.imageSize ?? 64;
  const gapX = Math.max(1, Math.round(w / 8)); // blank columns between tiles
  // Long labels ("true 3 / predicted 8") are wrapped to the tile width; the blank rows
  // above each tile are made tall enough for the longest one.
  const fontPx = 10;
  const charsPerLine = Math.max(4, Math.floor((size * (w + gapX)) / w / (0.6 * fontPx)));
  const wrapped = labels?.map((l) => wrapLabel(l, charsPerLine));
  const lines = wrapped ? Math.max(1, ...wrapped.map((l) => l.split("<br>").length)) : 0;
  const gapY = labels ? Math.max(2, Math.ceil(((lines * (fontPx + 3) + 2) * h) / size)) : gapX; // blank rows above each tile
  const pitchX = w + gapX;
  const pitchY = h + gapY;
  const width = columns * pitchX - gapX;
  const height = rows * pitchY; // the first tile row starts at gapY
  const z: (number | null)[][] = [];
  for (let r = 0; r < height; r++) z.push(new Array<number | null>(width).fill(null));
  const normalize = options.normalize ?? "all";
  const annotations: Partial<Plotly.Annotations>[] = [];
  for (let k = 0; k < n; k++) {
    const tileRow = Math.floor(k / columns);
    const tileCol = k % columns;
    const top = tileRow * pitchY + gapY;
    const left = tileCol * pitchX;
    const offset = k * h * w;
    let lo = Infinity;
    let hi = -Infinity;
    if (normalize === "each") {
      for (let p = 0; p < h * w; p++) {
        const v = pixels[offset + p];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const scale = hi > lo ? 1 / (hi - lo) : 0;
    // image k: [h, w] -> tile at rows top..top+h-1, columns left..left+w-1
    for (let i = 0; i < h; i++) {
      const zRow = z[top + i];
      for (let j = 0; j < w; j++) {
        const v = pixels[offset + i * w + j];
        zRow[left + j] = normalize === "each" ? round4((v - lo) * scale) : round4(v);
      }
    }
    if (wrapped) annotations.push({ text: wrapped[k], x: left + (w - 1) / 2, y: top - 0.5, xref: "x", yref: "y", yanchor: "bottom", showarrow: false, font: { size: fontPx } });
  }
  const trace: Partial<Plotly.PlotData> = { // reversed "Greys": large values are dark ink
    type: "heatmap", z: z as Plotly.Datum[][], colorscale: "Greys", reversescale: true, showscale: false, hoverongaps: false, hovertemplate: "%{z}<extra></extra>",
  };
  if (normalize === "each") {
    trace.zmin = 0;
    trace.zmax = 1;
  }
  const axis = { visible: false, showgrid: false, zeroline: false, fixedrange: false };
  const margin = { l: 10, r: 10, t: options.title ? 40 : 10, b: 10 };
  const layout: Partial<Plotly.Layout> = {
    title: { text: options.title ?? "" },
    xaxis: { ...axis, range: [-0.5, width - 0.5], constrain: "domain" },
    yaxis: { ...axis, range: [height - 0.5, -0.5], scaleanchor: "x", constrain: "domain" },
    annotations,
    height: Math.round((height * size) / h) + margin.t + margin.b,
    width: Math.round((width * size) / w) + margin.l + margin.r,
    margin,
    plot_bgcolor: "rgba(0,0,0,0)",
    paper_bgcolor: "rgba(0,0,0,0)",
  };
  return { data: [trace], layout, config: { ...defaultConfig, responsive: false } };
}

/** Greedy word wrap into lines of at most `width` characters joined by <br> (a longer word stays whole). */
export function wrapLabel(label: string, width: number): string {
  const words = label.split(/\s+/).filter((x) => x.length > 0);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines.join("<br>");
}

function labelStrings(labels: readonly (string | number)[] | Values, fn: string): string[] {
  if (Array.isArray(labels)) return labels.map((l) => String(l));
  return toNumberArray(labels as Values, fn, "labels").map(String);
}
