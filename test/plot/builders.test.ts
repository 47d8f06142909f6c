import { describe, expect, it } from "vitest";
import { Tensor } from "../../lib/src/tensor/tensor";
import { lineChart } from "../../lib/src/plot/lineChart";
import { heatmap, tickLabel } from "../../lib/src/plot/heatmap";
import { confusionMatrixChart } from "../../lib/src/plot/confusionMatrixChart";
import { activationChart } from "../../lib/src/plot/activationChart";
import { solutionChart } from "../../lib/src/plot/solutionChart";
import { surfaceChart } from "../../lib/src/plot/surfaceChart";
import { figure } from "../../lib/src/plot/figure";

// Traces are a union type; tests read them as plain records.
type Trace = Record<string, any>;
const trace = (fig: { data: unknown[] }, i: number): Trace => fig.data[i] as Trace;

describe("lineChart", () => {
  it("makes one scatter trace per series with the given x, y, names and axis titles", () => {
    const loss = new Float64Array([1, 0.5, 0.25]);
    const fig = lineChart({
      title: "training",
      xTitle: "epoch",
      yTitle: "loss",
      logY: true,
      series: [{ name: "train", y: loss }, { name: "test", x: [1, 2, 3], y: new Tensor(new Float64Array([2, 1, 0.5]), [3]), mode: "lines+markers" }],
    });
    expect(fig.data).toHaveLength(2);
    expect(trace(fig, 0)).toMatchObject({ type: "scatter", mode: "lines", name: "train", x: [0, 1, 2], y: [1, 0.5, 0.25] });
    expect(trace(fig, 1)).toMatchObject({ mode: "lines+markers", name: "test", x: [1, 2, 3], y: [2, 1, 0.5] });
    // plain arrays, not typed arrays (JSON.stringify would turn a Float64Array into an object)
    expect(Array.isArray(trace(fig, 0).y)).toBe(true);
    expect(fig.layout.yaxis?.type).toBe("log");
    expect(fig.layout.xaxis?.type).toBe("linear");
    expect(fig.layout.xaxis?.title).toEqual({ text: "epoch" });
    expect(fig.layout.yaxis?.title).toEqual({ text: "loss" });
    expect(fig.layout.title).toEqual({ text: "training" });
  });

  it("rejects mismatched lengths and non-numbers naming the series", () => {
    expect(() => lineChart({ series: [{ name: "a", x: [1, 2], y: [1] }] })).toThrow(/lineChart: series\[0\] \("a"\) has 2 x values but 1 y values/);
    expect(() => lineChart({ series: [{ name: "a", y: [1, "2" as unknown as number] }] })).toThrow(/lineChart: series\[0\]\.y\[1\] is the string "2", expected a number/);
    expect(() => lineChart({ series: [] })).toThrow(/lineChart: options.series must be a non-empty array/);
  });
});

describe("tickLabel", () => {
  it("writes powers of ten as 10<sup>e</sup> and 1e-5 style, with mantissas", () => {
    const exps = [-5, -4, -3, -2, -1, 0, 1];
    // independent reference: build the expected text from the exponent itself
    for (const e of exps) {
      const v = Number(`1e${e}`);
      expect(tickLabel(v, "power")).toBe(`10<sup>${e < 0 ? "\u2212" + -e : e}</sup>`);
      expect(tickLabel(v, "exponent")).toBe(`1e${e}`);
    }
    expect(tickLabel(3e-4, "power")).toBe("3\u00d710<sup>\u22124</sup>");
    expect(tickLabel(2.5e3, "exponent")).toBe("2.5e3");
    expect(tickLabel(0.0999999999, "exponent")).toBe("1e-1"); // rounding carries into the exponent
    expect(tickLabel(0, "power")).toBe("0");
    expect(tickLabel(0.001, "plain")).toBe("0.001");
  });
});

describe("heatmap", () => {
  const etas = [1e-5, 1e-4, 1e-3];
  const lambdas = [1e-5, 1e-3, 1e-1, 1e1];
  // accuracy[i][j] for eta i, lambda j
  const acc = etas.map((_, i) => lambdas.map((_, j) => 0.5 + 0.1 * i + 0.01 * j + 0.001234));

  it("annotates each cell with the formatted value and labels axes in powers of ten", () => {
    const fig = heatmap({ z: acc, x: lambdas, y: etas, xTitle: "λ", yTitle: "η", title: "accuracy", xTickFormat: "power", yTickFormat: "exponent", format: (v) => v.toFixed(3) });
    const t = trace(fig, 0);
    expect(t.type).toBe("heatmap");
    expect(t.z).toEqual(acc);
    for (let i = 0; i < etas.length; i++) for (let j = 0; j < lambdas.length; j++) expect(t.text[i][j]).toBe(acc[i][j].toFixed(3));
    expect(t.texttemplate).toBe("%{text}");
    expect(fig.layout.xaxis?.ticktext).toEqual(["10<sup>\u22125</sup>", "10<sup>\u22123</sup>", "10<sup>\u22121</sup>", "10<sup>1</sup>"]);
    expect(fig.layout.xaxis?.tickvals).toEqual([0, 1, 2, 3]);
    expect(fig.layout.yaxis?.ticktext).toEqual(["1e-5", "1e-4", "1e-3"]);
    expect(fig.layout.xaxis?.title).toEqual({ text: "λ" });
    expect(fig.layout.yaxis?.title).toEqual({ text: "η" });
    // hover names the cell in plain text
    expect(t.hovertext[2][3]).toBe(`η = 1e-3<br>λ = 10^1<br>${Number(acc[2][3].toPrecision(3))}`);
  });

  it("uses Plotly's d3 format for a format string, and accepts a rank-2 Tensor", () => {
    const z = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
    const fig = heatmap({ z, format: ".2f" });
    expect(trace(fig, 0).z).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(trace(fig, 0).texttemplate).toBe("%{z:.2f}");
    expect(trace(fig, 0).text).toBeUndefined();
    expect(heatmap({ z: [[1]], annotate: false }).data[0]).not.toHaveProperty("texttemplate");
  });

  it("rejects ragged z and mismatched labels", () => {
    expect(() => heatmap({ z: [[1, 2], [3]] })).toThrow(/heatmap: z is ragged: row 0 has 2 values but row 1 has 1/);
    expect(() => heatmap({ z: [[1, 2]], x: [1, 2, 3] })).toThrow(/heatmap: x has 3 values but z has 2 columns/);
    expect(() => heatmap({ z: new Tensor(new Float64Array(8), [2, 2, 2]) })).toThrow(/rank-2 Tensor/);
  });
});

describe("confusionMatrixChart", () => {
  it("puts counts as annotations, true class on rows (top to bottom), predicted on columns", () => {
    const m = [[5, 1, 0], [2, 7, 1], [0, 0, 9]];
    const fig = confusionMatrixChart({ matrix: m, classNames: ["a", "b", "c"] });
    const t = trace(fig, 0);
    expect(t.z).toEqual(m);
    expect(t.text).toEqual(m.map((r) => r.map(String)));
    expect(fig.layout.yaxis?.autorange).toBe("reversed");
    expect(fig.layout.xaxis?.ticktext).toEqual(["a", "b", "c"]);
    expect(fig.layout.xaxis?.title).toEqual({ text: "predicted class" });
    expect(fig.layout.yaxis?.title).toEqual({ text: "true class" });
  });
  it("rejects a non-square matrix", () => {
    expect(() => confusionMatrixChart({ matrix: [[1, 2, 3], [4, 5, 6]] })).toThrow(/confusionMatrixChart: matrix must be square/);
  });
});

describe("activationChart", () => {
  it("draws f on the left axes and f' on the right axes, sampled on xRange", () => {
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const fig = activationChart({ functions: [{ name: "sigmoid", f: sigmoid, df: (x) => sigmoid(x) * (1 - sigmoid(x)) }, { name: "relu", f: (x) => Math.max(0, x) }], xRange: [-2, 2], points: 5 });
    expect(fig.data).toHaveLength(3);
    const [f, df, relu] = [trace(fig, 0), trace(fig, 1), trace(fig, 2)];
    expect(f.x).toEqual([-2, -1, 0, 1, 2]);
    expect(f.y[2]).toBe(0.5);
    expect(df.y[2]).toBe(0.25);
    expect(f.xaxis).toBe("x");
    expect(df.xaxis).toBe("x2");
    expect(df.yaxis).toBe("y2");
    expect(relu.y).toEqual([0, 0, 0, 1, 2]);
    const d1 = fig.layout.xaxis?.domain as number[];
    const d2 = fig.layout.xaxis2?.domain as number[];
    expect(d1[1]).toBeLessThan(d2[0]); // two side-by-side panels
  });
});

describe("solutionChart", () => {
  it("shows approximate vs exact and |error| on a log axis", () => {
    const x = [0, 0.5, 1];
    const exact = (t: number) => Math.exp(-t);
    const approx = x.map((t) => exact(t) + (t === 0 ? 0 : 1e-3 * t));
    const fig = solutionChart({ x, approximate: approx, exact, title: "dy/dx = -y" });
    expect(fig.layout.yaxis2?.type).toBe("log");
    const err = trace(fig, 2);
    expect(err.yaxis).toBe("y2");
    expect(err.y[0]).toBeNull(); // zero error: a gap on the log axis
    expect(err.y[1]).toBeCloseTo(5e-4, 15);
    expect(err.y[2]).toBeCloseTo(1e-3, 15);
    expect(trace(fig, 0).y).toEqual(x.map(exact));
    expect(() => solutionChart({ x, approximate: [1, 2], exact })).toThrow(/solutionChart: approximate has 2 values but x has 3/);
  });
});

describe("surfaceChart", () => {
  it("evaluates function surfaces on the grid z[i][j] = f(x[j], y[i]) and puts each in its own scene", () => {
    const x = [0, 1, 2];
    const y = [0, 10];
    const f = (a: number, b: number) => a + b;
    const fig = surfaceChart({ x, y, surfaces: [{ name: "target", z: f }, { name: "network", z: [[0, 1, 2], [10, 11, 12]] }] });
    expect(trace(fig, 0)).toMatchObject({ type: "surface", z: [[0, 1, 2], [10, 11, 12]], scene: "scene" });
    expect(trace(fig, 1).scene).toBe("scene2");
    expect((fig.layout as Record<string, any>).scene2.domain.x).toEqual([0.5, 1]);
    expect(() => surfaceChart({ x, y, surfaces: [{ name: "bad", z: [[1, 2]] }] })).toThrow(/surfaceChart: surfaces\[0\]\.z is 1 x 2 but the grid is y 2 x x 3/);
  });
});

describe("figure", () => {
  it("passes raw traces and layout through with the default config", () => {
    const fig = figure({ data: [{ type: "bar", x: ["a", "b"], y: [1, 2] }], layout: { title: { text: "t" } }, config: { displayModeBar: false } });
    expect(fig.data[0]).toEqual({ type: "bar", x: ["a", "b"], y: [1, 2] });
    expect(fig.config).toMatchObject({ responsive: true, displayModeBar: false });
    expect(() => figure({} as never)).toThrow(/figure: options.data must be an array/);
  });
});
