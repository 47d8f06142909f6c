// The deep-network helpers of notebook 07, checked against independent
// references: plain-loop forward passes and finite differences of a
// hand-written cross-entropy, hand-computed weighted inputs, the staircase's
// explicit formula and its error bound, and errors recomputed from predictions.
import { describe, expect, it } from "vitest";
import {
  approximationSweep, deepStack, hiddenLayerStats, layerGradientNorms, sigmoidStaircase,
} from "../../lib/src/basics";
import { ActivationLayer, BatchNorm, Dense, Dropout, Sequential } from "../../lib/src/nn";
import { Random } from "../../lib/src/random";
import { Tensor } from "../../lib/src/tensor";
import { predictOutputs } from "../../lib/src/train";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Plain-loop forward pass of a Sequential of Dense layers (row-major W [in, out]); returns the outputs [n, out]. */
function plainForward(model: Sequential, x: number[][]): number[][] {
  let h = x;
  for (const layer of model.layers) {
    const d = layer as Dense;
    const W = d.weights!.data, b = d.bias!.data;
    const [nIn, nOut] = d.weights!.shape;
    h = h.map((row) => {
      const z = Array.from({ length: nOut }, (_, j) => b[j] + row.reduce((s, v, i) => s + v * W[i * nOut + j], 0));
      if (d.activation === "tanh") return z.map(Math.tanh);
      if (d.activation === "sigmoid") return z.map(sigmoid);
      if (d.activation === "relu") return z.map((v) => Math.max(0, v));
      if (d.activation === "softmax") {
        const m = Math.max(...z);
        const e = z.map((v) => Math.exp(v - m));
        const s = e.reduce((a, v) => a + v, 0);
        return e.map((v) => v / s);
      }
      expect(nIn).toBeGreaterThan(0);
      return z;
    });
  }
  return h;
}

describe("deepStack", () => {
  it("builds depth hidden layers with the requested activation and initialiser, and a softmax output", () => {
    const net = deepStack({ inputs: 5, depth: 3, width: 7, activation: "tanh", init: "heNormal", outputs: 4, seed: 2 });
    expect(net.layers.map((l) => l.type)).toEqual(["Dense", "Dense", "Dense", "Dense"]);
    expect(net.layers.map((l) => (l as Dense).activation)).toEqual(["tanh", "tanh", "tanh", "softmax"]);
    expect(net.parameterCount()).toBe(5 * 7 + 7 + 2 * (7 * 7 + 7) + 7 * 4 + 4);
    // He normal: Var(w) = 2 / fanIn; the 7x7 layers hold 98 weights of variance 2/7
    const w = Array.from((net.layers[1] as Dense).weights!.data, (v) => v * v);
    expect(w.reduce((s, v) => s + v, 0) / w.length).toBeGreaterThan(0.3 * (2 / 7));
    expect(w.reduce((s, v) => s + v, 0) / w.length).toBeLessThan(2 * (2 / 7));
  });

  it("inserts BatchNorm before the activation and Dropout after it", () => {
    const net = deepStack({ inputs: 3, depth: 2, width: 4, activation: "relu", batchNorm: true, dropout: 0.3 });
    expect(net.layers.map((l) => l.type)).toEqual([
      "Dense", "BatchNorm", "Activation", "Dropout", "Dense", "BatchNorm", "Activation", "Dropout", "Dense",
    ]);
    expect(net.layers[1]).toBeInstanceOf(BatchNorm);
    expect((net.layers[2] as ActivationLayer).activation).toBe("relu");
    expect((net.layers[3] as Dropout).rate).toBe(0.3);
    expect((net.layers[0] as Dense).activation).toBe("identity");
  });

  it("is reproducible by seed and rejects bad options with the argument's name", () => {
    const a = deepStack({ inputs: 3, depth: 2, width: 4, seed: 5 });
    const b = deepStack({ inputs: 3, depth: 2, width: 4, seed: 5 });
    expect(Array.from((a.layers[0] as Dense).weights!.data)).toEqual(Array.from((b.layers[0] as Dense).weights!.data));
    expect(() => deepStack({ inputs: 3, depth: 0, width: 4 })).toThrow("deepStack: depth must be a positive integer, got 0");
    expect(() => deepStack({ inputs: 3, depth: 1, width: 4, dropout: 1 })).toThrow("deepStack: dropout must be a rate in [0, 1), got 1");
    expect(() => deepStack({ inputs: 3, depth: 1, width: 4, init: "nope" as "lecture" })).toThrow(/deepStack: init must be one of/);
    expect(() => deepStack({ inputs: 3, depth: 1, width: 4, activation: "cube" as "relu" })).toThrow(/deepStack: activation must be one of/);
  });
});

describe("layerGradientNorms", () => {
  const rng = new Random(11);
  const n = 6;
  const xRows = Array.from({ length: n }, () => Array.from({ length: 3 }, () => rng.normal()));
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const x = new Tensor(Float64Array.from(xRows.flat()), [n, 3]);

  it("equals the Frobenius norms of finite-difference gradients of the mean cross-entropy, layer by layer", () => {
    const net = deepStack({ inputs: 3, depth: 2, width: 4, activation: "tanh", init: "lecture", outputs: 3, seed: 3 });
    const norms = layerGradientNorms(net, { x, y: labels });
    const cost = () => {
      const p = plainForward(net, xRows);
      return -p.reduce((s, row, i) => s + Math.log(row[labels[i]]), 0) / n;
    };
    const h = 1e-6;
    const dense = net.layers as Dense[];
    const reference = dense.map((layer) => {
      const W = layer.weights!.data;
      let squares = 0;
      for (let k = 0; k < W.length; k++) {
        const w0 = W[k];
        W[k] = w0 + h;
        const up = cost();
        W[k] = w0 - h;
        const down = cost();
        W[k] = w0;
        squares += ((up - down) / (2 * h)) ** 2;
      }
      return Math.sqrt(squares);
    });
    expect(norms).toHaveLength(3);
    norms.forEach((v, l) => expect(Math.abs(v - reference[l]) / reference[l]).toBeLessThan(1e-6));
    for (const p of net.parameters()) expect(p.grad).toBeNull();
  });

  it("accepts one-hot targets and names its arguments in errors", () => {
    const net = deepStack({ inputs: 3, depth: 1, width: 2, outputs: 3, seed: 1 });
    const oneHotRows = new Tensor(Float64Array.from(Array.from(labels).flatMap((c) => [0, 1, 2].map((k) => (k === c ? 1 : 0)))), [n, 3]);
    expect(layerGradientNorms(net, { x, y: oneHotRows })).toEqual(layerGradientNorms(net, { x, y: labels }));
    expect(() => layerGradientNorms(net, { x, y: labels.slice(0, 2) })).toThrow("layerGradientNorms: data.y has 2 labels but data.x has 6 samples");
    expect(() => layerGradientNorms({} as Sequential, { x, y: labels })).toThrow("layerGradientNorms: model must be a Sequential");
  });
});

describe("hiddenLayerStats", () => {
  it("counts dead ReLUs, saturation and mean slope from weighted inputs computed by hand", () => {
    // 2 inputs -> 3 ReLU units -> 2 sigmoid units -> softmax(2)
    const net = new Sequential([
      new Dense(3, { activation: "relu" }), new Dense(2, { activation: "sigmoid" }), new Dense(2, { activation: "softmax" }),
    ], { inputShape: [2], seed: 0 });
    const [d1, d2] = net.layers as Dense[];
    d1.weights!.data.set([1, -1, 0, 2, -1, 0]); // W [2, 3]: unit 2 has zero weights
    d1.bias!.data.set([0, 0, -1]);               // unit 2: z = -1 always -> dead
    d2.weights!.data.set([4, -3, 5, 1, 0, 0]);   // W [3, 2]
    d2.bias!.data.set([0, 0.5]);
    const X = [[1, 0], [0, 1], [2, 2], [-1, 3]];
    const stats = hiddenLayerStats(net, new Tensor(Float64Array.from(X.flat()), [4, 2]), { saturation: 5 });
    // by hand: z1 = [x0 + 2 x1, -x0 - x1, -1]
    const z1 = X.map(([a, b]) => [a + 2 * b, -a - b, -1]);
    const a1 = z1.map((r) => r.map((v) => Math.max(0, v)));
    const z2 = a1.map((r) => [4 * r[0] + 5 * r[1], -3 * r[0] + 1 * r[1] + 0.5]);
    const dead1 = [0, 1, 2].filter((j) => z1.every((r) => r[j] <= 0)).length;
    expect(stats).toHaveLength(2);
    expect(stats[0]).toMatchObject({ layer: 0, activation: "relu", units: 3, deadUnits: dead1 });
    expect(dead1).toBe(2); // unit 1 (z = -x0 - x1 <= 0 on these inputs) and unit 2 (z = -1)
    const zs = z2.flat();
    expect(stats[1].activation).toBe("sigmoid");
    expect(stats[1].saturatedFraction).toBeCloseTo(zs.filter((v) => Math.abs(v) > 5).length / zs.length, 15);
    expect(stats[1].meanSlope).toBeCloseTo(zs.reduce((s, v) => s + sigmoid(v) * (1 - sigmoid(v)), 0) / zs.length, 14);
    expect(stats[1].rmsSlope).toBeCloseTo(Math.sqrt(zs.reduce((s, v) => s + (sigmoid(v) * (1 - sigmoid(v))) ** 2, 0) / zs.length), 14);
    const slopes1 = z1.flat().map((v): number => (v > 0 ? 1 : 0));
    expect(stats[0].meanSlope).toBeCloseTo(slopes1.reduce((s, v) => s + v, 0) / slopes1.length, 15);
    const a = a1.flat();
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(stats[0].outputStd).toBeCloseTo(Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length), 12);
  });

  it("looks through BatchNorm to the Activation layer and leaves the training mode as it was", () => {
    const net = deepStack({ inputs: 2, depth: 2, width: 3, activation: "relu", batchNorm: true, seed: 4 });
    const x = new Tensor(Float64Array.from([1, 2, 3, 4, 5, 7]), [3, 2]);
    const stats = hiddenLayerStats(net, x);
    expect(stats.map((s) => s.layer)).toEqual([2, 5]);
    expect(net.training).toBe(true);
    expect(() => hiddenLayerStats(net, x, { saturation: 0 })).toThrow("hiddenLayerStats: saturation must be a positive number, got 0");
  });
});

describe("sigmoidStaircase", () => {
  it("is the explicit sum of steps through the midpoint values", () => {
    const f = (x: number) => x * x;
    const s = sigmoidStaircase({ f, neurons: 3, range: [0, 2], steepness: 7 });
    const h = 2 / 4;
    expect(s.cellWidth).toBe(h);
    expect(s.hiddenWeights).toEqual([7, 7, 7]);
    s.hiddenBiases.forEach((b, k) => expect(b).toBeCloseTo(-7 * (k + 1) * h, 14));
    const m = [0, 1, 2, 3].map((k) => f((k + 0.5) * h));
    expect(s.outputBias).toBe(m[0]);
    s.outputWeights.forEach((v, k) => expect(v).toBeCloseTo(m[k + 1] - m[k], 14));
    for (const x of [0, 0.3, 1.1, 2]) {
      const g = m[0] + [1, 2, 3].reduce((acc, k) => acc + (m[k] - m[k - 1]) * sigmoid(7 * (x - k * h)), 0);
      expect(s.predict(x)).toBeCloseTo(g, 13);
    }
  });

  it("stays within max|f'| h / 2 (plus the steps' width) and the error falls like 1/N", () => {
    const f = (x: number) => Math.sin(3 * x);   // |f'| <= 3 on [0, 1]
    const grid = Array.from({ length: 2001 }, (_, i) => i / 2000);
    const errors = [8, 32, 128].map((N) => {
      const s = sigmoidStaircase({ f, neurons: N });
      const e = Math.max(...grid.map((x) => Math.abs(s.predict(x) - f(x))));
      expect(e).toBeLessThan((3 * s.cellWidth) / 2 * 1.2 + 1e-3);
      return e;
    });
    expect(errors[1] / errors[0]).toBeGreaterThan(0.15);
    expect(errors[1] / errors[0]).toBeLessThan(0.4);
    expect(errors[2] / errors[1]).toBeLessThan(0.4);
    const flat = sigmoidStaircase({ f: () => 2.5, neurons: 10 });
    expect(flat.predict(0.37)).toBe(2.5);
  });

  it("rejects bad arguments", () => {
    expect(() => sigmoidStaircase({ f: Math.sin, neurons: 0 })).toThrow("sigmoidStaircase: neurons must be a positive integer, got 0");
    expect(() => sigmoidStaircase({ f: Math.sin, neurons: 2, range: [1, 0] })).toThrow("sigmoidStaircase: range must be [a, b] with a < b, got [1, 0]");
    expect(() => sigmoidStaircase({ f: Math.log, neurons: 3, range: [-1, 0] })).toThrow(/sigmoidStaircase: f\(-0\.875\) is NaN/);
  });
});

describe("approximationSweep", () => {
  it("fits wider networks more closely; its errors are those of its own predictions", () => {
    const f = (x: number) => Math.sin(2 * Math.PI * x);
    const sweep = approximationSweep({ f, widths: [1, 6], points: 40, evaluationPoints: 101, steps: 2000, learningRate: 0.05, seed: 1 });
    expect(sweep.x).toHaveLength(101);
    expect(sweep.trainX).toHaveLength(40);
    sweep.target.forEach((v, i) => expect(v).toBe(f(sweep.x[i])));
    for (const fitted of sweep.fits) {
      const out = predictOutputs(fitted.model, new Tensor(Float64Array.from(sweep.x), [101, 1])).data;
      expect(Array.from(out)).toEqual(fitted.prediction);
      const errs = fitted.prediction.map((p, i) => Math.abs(p - f(sweep.x[i])));
      expect(fitted.maxError).toBe(Math.max(...errs));
      expect(fitted.rmsError).toBeCloseTo(Math.sqrt(errs.reduce((s, e) => s + e * e, 0) / errs.length), 14);
      expect(fitted.loss).toHaveLength(2000);
    }
    // one sigmoid cannot follow a full sine period (a monotone curve leaves a large error); six can
    expect(sweep.fits[0].maxError).toBeGreaterThan(0.5);
    expect(sweep.fits[1].maxError).toBeLessThan(sweep.fits[0].maxError / 3);
  });

  it("rejects bad arguments", () => {
    expect(() => approximationSweep({ f: Math.sin, widths: [] })).toThrow("approximationSweep: widths must be a non-empty array of positive integers");
    expect(() => approximationSweep({ f: Math.sin, widths: [2, 0] })).toThrow("approximationSweep: widths[1] must be a positive integer, got 0");
    expect(() => approximationSweep({ f: Math.sin, widths: [2], steps: 1 })).toThrow("approximationSweep: steps must be an integer >= 2, got 1");
    expect(() => approximationSweep({ f: (x) => 1 / x, widths: [2], range: [0, 1] })).toThrow(/approximationSweep: f returned Infinity/);
  });
});
