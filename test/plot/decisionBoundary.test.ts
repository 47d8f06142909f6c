import { describe, expect, it } from "vitest";
import { decisionBoundary } from "../../lib/src/plot/decisionBoundary";

type Trace = Record<string, any>;

describe("decisionBoundary", () => {
  // a smooth AND gate: sigmoid(20 (x + y - 1.5))
  const andGate = (points: Float64Array): Float64Array => {
    const m = points.length / 2;
    const out = new Float64Array(m);
    for (let p = 0; p < m; p++) out[p] = 1 / (1 + Math.exp(-20 * (points[2 * p] + points[2 * p + 1] - 1.5)));
    return out;
  };
  const X = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const y = [0, 0, 0, 1];

  it("evaluates predict on the grid: z[i][j] = predict((x[j], y[i]))", () => {
    const fig = decisionBoundary({ predict: andGate, points: X, labels: y, xRange: [-0.5, 1.5], yRange: [0, 2], resolution: 5 });
    const heat = fig.data[0] as Trace;
    expect(heat.type).toBe("heatmap");
    expect(heat.x).toEqual([-0.5, 0, 0.5, 1, 1.5]);
    expect(heat.y).toEqual([0, 0.5, 1, 1.5, 2]);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        const expected = 1 / (1 + Math.exp(-20 * (heat.x[j] + heat.y[i] - 1.5)));
        expect(heat.z[i][j]).toBe(expected);
      }
    }
    // a boundary line at 0.5, and one marker trace per class with the right points
    const contour = fig.data[1] as Trace;
    expect(contour.type).toBe("contour");
    expect(contour.contours.start).toBe(0.5);
    const class0 = fig.data[2] as Trace;
    const class1 = fig.data[3] as Trace;
    expect(class0.x).toEqual([0, 0, 1]);
    expect(class0.y).toEqual([0, 1, 0]);
    expect(class1.x).toEqual([1]);
    expect(class1.y).toEqual([1]);
    expect(class1.name).toBe("class 1");
  });

  it("takes the argmax for multi-class scores [m, k]", () => {
    // class = 0 left of x = 0.5, 1 right of it, 2 when y > 0.75
    const predict = (p: Float64Array) => {
      const m = p.length / 2;
      const out = new Float64Array(3 * m);
      for (let i = 0; i < m; i++) out[3 * i + (p[2 * i + 1] > 0.75 ? 2 : p[2 * i] > 0.5 ? 1 : 0)] = 1;
      return out;
    };
    const fig = decisionBoundary({ predict, xRange: [0, 1], yRange: [0, 1], resolution: 3 });
    expect(fig.data).toHaveLength(1); // no threshold contour for class scores
    expect((fig.data[0] as Trace).z).toEqual([[0, 0, 1], [0, 0, 1], [2, 2, 2]]);
    expect(() => decisionBoundary({ predict, xRange: [1, 0], yRange: [0, 1] })).toThrow(/decisionBoundary: xRange must be \[min, max\] with finite min < max/);
    expect(() => decisionBoundary({ predict, xRange: [0, 1], yRange: [0, Number.NaN] })).toThrow(/decisionBoundary: yRange must be/);
    expect(() => decisionBoundary({ predict, resolution: 1 })).toThrow(/decisionBoundary: resolution must be an integer >= 2/);
  });

  it("defaults the ranges to the data with a margin and rejects bad predict output", () => {
    const fig = decisionBoundary({ predict: andGate, points: X, labels: y, resolution: 3 });
    const gx = (fig.data[0] as Trace).x as number[];
    [-0.1, 0.5, 1.1].forEach((v, i) => expect(gx[i]).toBeCloseTo(v, 12));
    expect(() => decisionBoundary({ predict: () => new Float64Array(7), resolution: 3 })).toThrow(/decisionBoundary: predict returned 7 values for 9 points/);
    expect(() => decisionBoundary({ predict: andGate, xRange: [1, 0] })).toThrow(/decisionBoundary: xRange must be \[min, max\]/);
    expect(() => decisionBoundary({ predict: andGate, points: X, labels: [0, 1] })).toThrow(/labels has 2 values but points has 4 rows/);
    expect(() => decisionBoundary({ predict: andGate, points: new Float64Array(8) as never })).toThrow(/decisionBoundary: points must be rows \[\[x, y\], ...\] or a Tensor \[n, 2\], got Float64Array/);
    expect(() => decisionBoundary({ predict: andGate, points: [[0, 0, 1]] })).toThrow(/decisionBoundary: points must be \[n, 2\], got rows of 3 values/);
  });
});
