// The lecture's CNN as exported by notebooks/05-cnn (lectureCnn, trainLectureCnn):
// layer shapes and parameter counts by the formula K(F^2 D + 1) + (n_in n_out + n_out),
// the lecture's initialisation, and Keras' L2 convention in the training step.
import { describe, expect, it } from "vitest";
import { Random, tensor } from "nnlab";
import { lectureCnn, trainLectureCnn } from "../../lectures/src";

const convParams = (K: number, F: number, D: number) => K * (F * F * D + 1);
const denseParams = (nIn: number, nOut: number) => nIn * nOut + nOut;

describe("lectureCnn", () => {
  it.each([
    ["keras", "valid", 6],
    ["tensorflow", "same", 8],
  ] as const)("%s version: %s padding, output shapes and parameter count by formula", (version, padding, side) => {
    const model = lectureCnn({ version, seed: 1 });
    let shape: number[] = [1, 8, 8];
    const shapes = model.layers.map((l) => (shape = l.outputShape(shape)));
    const pooled = side / 2;
    expect(shapes).toEqual([[10, side, side], [10, pooled, pooled], [10 * pooled * pooled], [50], [10]]);
    expect((model.layers[0].config() as { padding: unknown }).padding).toBe(padding);
    expect(model.parameterCount()).toBe(convParams(10, 3, 1) + denseParams(10 * pooled * pooled, 50) + denseParams(50, 10));
  });

  it("sizes follow the options (MNIST-sized input, 32 filters 5x5, 100 hidden, 3 channels)", () => {
    const model = lectureCnn({ filters: 32, receptiveField: 5, hiddenNeurons: 100, categories: 7, inputShape: [3, 28, 28] });
    const side = Math.floor((28 - 5 + 1) / 2); // 12
    expect(model.parameterCount()).toBe(convParams(32, 5, 3) + denseParams(side * side * 32, 100) + denseParams(100, 7));
  });

  it("Keras version: Glorot-uniform weights within +-sqrt(6/(fanIn+fanOut)), zero biases", () => {
    const model = lectureCnn({ seed: 3 });
    const limits = [Math.sqrt(6 / (9 + 90)), Math.sqrt(6 / (90 + 50)), Math.sqrt(6 / (50 + 10))];
    const named = model.namedParameters();
    const weights = named.filter((p) => p.kind === "weight").map((p) => Array.from(p.tensor.data));
    const biases = named.filter((p) => p.kind !== "weight").map((p) => Array.from(p.tensor.data));
    weights.forEach((w, i) => {
      expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(limits[i]);
      expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.8 * limits[i]); // uses the range
    });
    biases.forEach((b) => expect(b.every((v) => v === 0)).toBe(true));
  });

  it("TensorFlow version: weights and convolution biases N(0, 0.1^2) cut at 0.2, FC biases 0.1", () => {
    const model = lectureCnn({ version: "tensorflow", seed: 3 });
    const named = model.namedParameters();
    const weights = named.filter((p) => p.kind === "weight").flatMap((p) => Array.from(p.tensor.data));
    const [convBias, fcBias, outBias] = named.filter((p) => p.kind !== "weight").map((p) => Array.from(p.tensor.data));
    expect(Math.max(...weights.map(Math.abs))).toBeLessThanOrEqual(0.2);
    const mean = weights.reduce((a, b) => a + b, 0) / weights.length;
    const sd = Math.sqrt(weights.reduce((a, b) => a + (b - mean) ** 2, 0) / weights.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(sd).toBeGreaterThan(0.083); // a N(0, 0.1^2) cut at 2 sigma has sd 0.0880
    expect(sd).toBeLessThan(0.093);
    expect(convBias).toHaveLength(10);
    expect(convBias.every((v) => Math.abs(v) <= 0.2)).toBe(true);
    expect(new Set(convBias).size).toBe(10); // drawn, not a constant
    expect(fcBias.every((v) => v === 0.1) && outBias.every((v) => v === 0.1)).toBe(true);
  });

  it("is seeded: the same seed gives the same weights, another seed others", () => {
    const a = lectureCnn({ seed: 5 }).parameters().map((t) => Array.from(t.data));
    const b = lectureCnn({ seed: 5 }).parameters().map((t) => Array.from(t.data));
    const c = lectureCnn({ seed: 6 }).parameters().map((t) => Array.from(t.data));
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(c[0]);
  });
});

describe("trainLectureCnn", () => {
  it("one full-batch SGD step applies Keras' penalty lmbd*sum(w^2): weights move by -eta*2*lmbd*w, biases not", () => {
    const rng = new Random(2);
    const n = 20;
    const x = tensor(Array.from({ length: n }, () => [Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => rng.uniform()))]));
    const y = Int32Array.from({ length: n }, (_, i) => i % 10);
    const eta = 0.5, lmbd = 0.05;
    const initial = lectureCnn({ seed: 4 }).parameters().map((t) => Float64Array.from(t.data));
    const plain = lectureCnn({ seed: 4 });
    const penalised = lectureCnn({ seed: 4 });
    trainLectureCnn(plain, { x, y }, { eta, lmbd: 0, epochs: 1, batchSize: n, seed: 1 });
    trainLectureCnn(penalised, { x, y }, { eta, lmbd, epochs: 1, batchSize: n, seed: 1 });
    const kinds = penalised.namedParameters().map((p) => p.kind);
    const after0 = plain.parameters(), after1 = penalised.parameters();
    kinds.forEach((kind, i) => {
      const w0 = initial[i];
      for (let j = 0; j < w0.length; j++) {
        const expected = kind === "weight" ? -eta * 2 * lmbd * w0[j] : 0;
        expect(Math.abs(after1[i].data[j] - after0[i].data[j] - expected)).toBeLessThan(1e-12);
      }
    });
    // and the data's gradient moved the weights at all
    expect(Array.from(after0[0].data)).not.toEqual(Array.from(initial[0]));
  });
});
