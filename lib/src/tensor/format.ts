/**
 * NumPy-like printing of tensors:
 *
 *     tensor([[ 1.5, -2. ],
 *             [ 3. ,  4.25]])
 *
 * Values share one format (integers, fixed with just enough decimals, or
 * scientific when the magnitudes call for it) and are right-aligned; tensors
 * with more than `threshold` values show only `edgeItems` at each end of every
 * axis, with "...".
 */
import type { Tensor } from "./tensor";
import { checkOptions } from "./options";

/** Options of `Tensor.toString` / `formatTensor`. */
export interface FormatOptions {
  /** Maximum number of decimals (default 4). */
  precision?: number;
  /** Tensors with more values than this are elided (default 1000). */
  threshold?: number;
  /** Values shown at each end of an elided axis (default 3). */
  edgeItems?: number;
  /** Line width at which rows wrap (default 75). */
  lineWidth?: number;
}

function shownIndices(n: number, elide: boolean, edge: number): number[] {
  const out: number[] = [];
  if (elide && n > 2 * edge) {
    for (let i = 0; i < edge; i++) out.push(i);
    out.push(-1); // "..."
    for (let i = n - edge; i < n; i++) out.push(i);
  } else for (let i = 0; i < n; i++) out.push(i);
  return out;
}

function collect(t: Tensor, elide: boolean, edge: number): number[] {
  const values: number[] = [];
  const { shape, data } = t;
  if (shape.length === 0) return [data[0]];
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const walk = (axis: number, offset: number): void => {
    for (const i of shownIndices(shape[axis], elide, edge)) {
      if (i < 0) continue;
      if (axis === shape.length - 1) values.push(data[offset + i]);
      else walk(axis + 1, offset + i * strides[axis]);
    }
  };
  walk(0, 0);
  return values;
}

/** Chooses one formatter for all the shown values. */
function makeFormatter(values: number[], precision: number): (v: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const special = (v: number): string | null => (Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : null);
  if (finite.every((v) => Number.isInteger(v) && Math.abs(v) < 1e16)) {
    return (v) => special(v) ?? (Object.is(v, -0) ? "-0" : String(v));
  }
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of finite) {
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a > 0 && a < minAbs) minAbs = a;
  }
  if (maxAbs >= 1e8 || minAbs < Math.pow(10, -precision) || (minAbs !== Infinity && maxAbs / minAbs > 1e3 && minAbs < 1e-3)) {
    return (v) => special(v) ?? v.toExponential(precision);
  }
  let decimals = 1;
  for (const v of finite) {
    const text = v.toFixed(precision);
    const dot = text.indexOf(".");
    let end = text.length;
    while (end > dot + 1 && text[end - 1] === "0") end--;
    decimals = Math.max(decimals, end - dot - 1);
  }
  return (v) => special(v) ?? v.toFixed(decimals);
}

/** The text of a tensor (used by `toString` and the Node inspect hook). */
export function formatTensor(t: Tensor, options: FormatOptions = {}): string {
  checkOptions(options, "formatTensor", "options", ["precision", "threshold", "edgeItems", "lineWidth"]);
  const precision = options.precision ?? 4;
  const threshold = options.threshold ?? 1000;
  const edge = options.edgeItems ?? 3;
  const lineWidth = options.lineWidth ?? 75;
  const elide = t.size > threshold;
  const prefix = "tensor(";
  const suffix: string[] = [];
  if (elide || t.size === 0) suffix.push(`shape=[${t.shape.join(", ")}]`);
  if (t.requiresGrad) suffix.push("requiresGrad=true");
  const tail = (suffix.length ? ", " + suffix.join(", ") : "") + ")";
  if (t.rank === 0) {
    return prefix + makeFormatter([t.data[0]], precision)(t.data[0]) + tail;
  }
  const fmt = makeFormatter(collect(t, elide, edge), precision);
  let width = 0;
  for (const v of collect(t, elide, edge)) width = Math.max(width, fmt(v).length);
  const { shape, data } = t;
  const rank = shape.length;
  const strides: number[] = [];
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  const render = (axis: number, offset: number, indent: number): string => {
    const idx = shownIndices(shape[axis], elide, edge);
    if (axis === rank - 1) {
      let line = "[";
      let out = "";
      const pad = " ".repeat(indent + 1);
      idx.forEach((i, j) => {
        const item = (i < 0 ? "..." : fmt(data[offset + i]).padStart(width)) + (j < idx.length - 1 ? "," : "]");
        const sep = j === 0 ? "" : " ";
        const column = (out === "" ? indent : 0) + line.length; // the first line starts after the prefix
        if (j > 0 && column + sep.length + item.length > lineWidth) {
          out += line + "\n";
          line = pad + item;
        } else line += sep + item;
      });
      if (idx.length === 0) line += "]";
      return out + line;
    }
    const blank = "\n".repeat(rank - axis - 1);
    const parts = idx.map((i) => (i < 0 ? "..." : render(axis + 1, offset + i * strides[axis], indent + 1)));
    return "[" + parts.join("," + blank + " ".repeat(indent + 1)) + "]";
  };
  return prefix + render(0, 0, prefix.length) + tail;
}
