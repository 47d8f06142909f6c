// lectureCnn / fitLectureCnn: the lecture's CNN for the 8x8 digits and one SGD run of it.
import { describe, expect, it } from "vitest";
import { fitLectureCnn, lectureCnn } from "../../lib/src/basics/cnnLecture";
import { featuresToImages } from "../../lib/src/data/featuresToImages";
import { loadDigits } from "../../lib/src/data/loadDigits";
import { Conv2D } from "../../lib/src/nn/conv2d";
import { Dense } from "../../lib/src/nn/dense";
import { Flatten } from "../../lib/src/nn/flatten";
import { MaxPool2D } from "../../lib/src/nn/pool";
import { Sequential } from "../../lib/src/nn/sequential";
import { mul } from "../../lib/src/tensor/elementwise";
import { gather } from "../../lib/src/tensor/shape";
import { evaluate } from "../../lib/src/train/evaluate";
import { fit } from "../../lib/src/train/fit";

/** The first n digits as images [n, 1, 8, 8] scaled by `scale`, with their labels. */
function firstDigits(n: number, scale = 1 / 16) {
  const d = loadDigits();
  const rows = Array.from({ length: n }, (_, i) => i);
  return { x: featuresToImages(mul(gather(d.features, rows), scale), { height: 8, width: 8, channels: 1 }), y: d.labels.slice(0, n) };
}

describe("lectureCnn", () => {
  it("has the lecture's layers, volumes and parameter counts for 'same' and 'valid' padding", () => {
    const same = lectureCnn({ padding: "same", seed: 1 });
    const valid = lectureCnn({ padding: "valid", seed: 1 });
    expect(same.layers.map((l) => l.type)).toEqual(["Conv2D", "MaxPool2D", "Flatten", "Dense", "Dense"]);
    expect(same.layerSummaries().map((r) => r.outputShape)).toEqual([[10, 8, 8], [10, 4, 4], [160], [50], [10]]);
    expect(valid.layerSummaries().map((r) => r.outputShape)).toEqual([[10, 6, 6], [10, 3, 3], [90], [50], [10]]);
    // K (F^2 D + 1) for the convolution, n_in n_out + n_out for each dense layer
    const conv = 10 * (3 * 3 * 1 + 1);
    expect(same.parameterCount()).toBe(conv + (4 * 4 * 10) * 50 + 50 + 50 * 10 + 10);
    expect(valid.parameterCount()).toBe(conv + (3 * 3 * 10) * 50 + 50 + 50 * 10 + 10);
    expect(same.outputActivation()).toBe("softmax");
  });

  it("draws weights from N(0, 0.1^2) cut at 2 std and sets biases to 0.1; seeded", () => {
    const model = lectureCnn({ seed: 3 });
    const weights = model.namedParameters().filter((p) => p.kind === "weight").flatMap((p) => Array.from(p.tensor.data));
    const biases = model.namedParameters().filter((p) => p.kind === "bias").flatMap((p) => Array.from(p.tensor.data));
    expect(weights.length).toBe(90 + 8000 + 500);
    expect(Math.max(...weights.map(Math.abs))).toBeLessThanOrEqual(0.2);
    const mean = weights.reduce((s, v) => s + v, 0) / weights.length;
    const std = Math.sqrt(weights.reduce((s, v) => s + (v - mean) ** 2, 0) / weights.length);
    expect(Math.abs(mean)).toBeLessThan(0.005);
    // the standard deviation of N(0, 0.1^2) truncated at ±2σ is 0.1 * 0.8796
    expect(std).toBeGreaterThan(0.0855);
    expect(std).toBeLessThan(0.0905);
    expect(biases.every((b) => b === 0.1)).toBe(true);
    const again = lectureCnn({ seed: 3 }).parameters().map((p) => Array.from(p.data));
    expect(again).toEqual(model.parameters().map((p) => Array.from(p.data)));
    expect(lectureCnn({ seed: 4 }).parameters()[0].data).not.toEqual(model.parameters()[0].data);
  });

  it("takes other sizes: filters, receptive field, hidden neurons, categories, input shape", () => {
    const model = lectureCnn({ filters: 4, receptiveField: 5, hiddenNeurons: 7, categories: 3, inputShape: [2, 12, 12], padding: "valid" });
    expect(model.layerSummaries().map((r) => r.outputShape)).toEqual([[4, 8, 8], [4, 4, 4], [64], [7], [3]]);
    expect(model.parameterCount()).toBe(4 * (5 * 5 * 2 + 1) + 64 * 7 + 7 + 7 * 3 + 3);
  });

  it("rejects bad options with the function and argument named", () => {
    expect(() => lectureCnn({ padding: "full" as never })).toThrow(/lectureCnn: padding must be "same" or "valid"/);
    expect(() => lectureCnn({ filters: 0 })).toThrow(/lectureCnn: filters must be a positive integer/);
    expect(() => lectureCnn({ receptiveField: 2.5 })).toThrow(/lectureCnn: receptiveField/);
    expect(() => lectureCnn({ inputShape: [8, 8] as never })).toThrow(/lectureCnn: inputShape must be \[channels, height, width\]/);
  });
});

describe("fitLectureCnn", () => {
  const data = firstDigits(300);
  const train = { x: gather(data.x, Array.from({ length: 200 }, (_, i) => i)), y: data.y.slice(0, 200) };
  const test = { x: gather(data.x, Array.from({ length: 100 }, (_, i) => 200 + i)), y: data.y.slice(200) };

  it("is the documented composition: lectureCnn + fit with SGD, L2 on the weights, softmax cross-entropy", () => {
    const run = fitLectureCnn({ padding: "valid", eta: 0.3, lmbd: 1e-3, epochs: 5, batchSize: 50, seed: 7, train, test });
    const manual = new Sequential([
      new Conv2D(10, 3, { padding: "valid", activation: "relu", init: "truncatedNormal" }),
      new MaxPool2D(2),
      new Flatten(),
      new Dense(50, { activation: "relu", init: "truncatedNormal" }),
      new Dense(10, { activation: "softmax", init: "truncatedNormal" }),
    ], { inputShape: [1, 8, 8], seed: 7 });
    const history = fit(manual, train, {
      loss: "softmaxCrossEntropy", optimizer: "sgd", learningRate: 0.3, l2: 1e-3, epochs: 5, batchSize: 50, seed: 7, validationData: test,
    });
    expect(run.model.parameters().map((p) => Array.from(p.data))).toEqual(manual.parameters().map((p) => Array.from(p.data)));
    expect(run.history!.epochs.map((e) => e.loss)).toEqual(history.epochs.map((e) => e.loss));
    expect(run.history!.epochs.map((e) => e.valAccuracy)).toEqual(history.epochs.map((e) => e.valAccuracy));
    expect(run.testAccuracy).toBe(evaluate(manual, test).accuracy);
    expect(run.trainAccuracy).toBe(evaluate(manual, train).accuracy);
    expect(run.error).toBeNull();
    expect(run.testAccuracy).toBeGreaterThan(0.3); // well above chance (0.1) after 5 short epochs
  });

  it("curves: false skips the per-epoch test evaluation without changing the result", () => {
    const a = fitLectureCnn({ eta: 0.3, epochs: 2, seed: 1, train, test });
    const b = fitLectureCnn({ eta: 0.3, epochs: 2, seed: 1, train, test, curves: false });
    expect(b.history!.epochs[0].valAccuracy).toBeUndefined();
    expect(a.history!.epochs[1].valAccuracy).toBe(a.testAccuracy);
    expect(b.testAccuracy).toBe(a.testAccuracy);
  });

  it("reports a diverging run in `error` with NaN accuracies instead of throwing", () => {
    const huge = firstDigits(200, 1e300); // pixels ~1e301: the logits overflow to Infinity
    const run = fitLectureCnn({ eta: 0.1, epochs: 2, seed: 1, train: huge, test: huge });
    expect(run.error).toMatch(/diverged/);
    expect(run.trainAccuracy).toBeNaN();
    expect(run.testAccuracy).toBeNaN();
    expect(run.history).toBeNull();
  });

  it("rejects bad options with the function and argument named", () => {
    expect(() => fitLectureCnn({ eta: 0, train, test })).toThrow(/fitLectureCnn: eta must be a positive number/);
    expect(() => fitLectureCnn({ eta: 0.1, train: { x: train.x, y: [1, 2] as never }, test })).toThrow(/fitLectureCnn: train must be/);
    expect(() => fitLectureCnn(undefined as never)).toThrow(/fitLectureCnn: options must be an object/);
  });
});
