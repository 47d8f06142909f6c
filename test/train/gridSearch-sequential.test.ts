// gridSearch with model "Sequential": an architecture (toJSON) and serialisable fit
// options, rebuilt per grid point. The reference trains the same points one after
// another in this test with new Sequential(...) + fit, seed = seed + i * columns + j.
// The worker threads run the BUILT package (lib/dist via "nnlab"): run `npm run build` first.
import { describe, expect, it } from "vitest";
import { Conv2D, Dense, Flatten, MaxPool2D, Sequential, Tensor, fit, loadDigits, predict, trainTestSplit } from "../../lib/src/index";
import { gridSearch } from "../../lib/src/train/gridSearch";
import type { FitOptions } from "../../lib/src/train/fit";

const digits = loadDigits();
const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 0 });
const TRAIN_ROWS = 600;
const train = {
  inputs: new Tensor(split.trainFeatures.data.slice(0, TRAIN_ROWS * 64).map((v) => v / 16), [TRAIN_ROWS, 64]),
  labels: split.trainLabels.slice(0, TRAIN_ROWS),
};
const test = { inputs: new Tensor(split.testFeatures.data.map((v) => v / 16), split.testFeatures.shape), labels: split.testLabels };

function fraction(predicted: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

const mlpLayers = (): (Dense)[] => [new Dense(16, { activation: "relu" }), new Dense(10)];
const fitOptions = { loss: "softmaxCrossEntropy" as const, optimizer: "sgd" as const, momentum: 0.9, epochs: 3, batchSize: 50 };
const learningRates = [0.01, 0.1];
const l2s = [0, 0.001, 0.1];

/** The grid trained point by point in this test. */
function byHand(
  seed: number, rows: number[], columns: number[], make: (seed: number) => Sequential,
  options: (row: number, column: number) => FitOptions, reshape: (t: Tensor) => Tensor = (t) => t,
): { trainAccuracy: number[][]; testAccuracy: number[][] } {
  const trainAccuracy = rows.map(() => [] as number[]);
  const testAccuracy = rows.map(() => [] as number[]);
  rows.forEach((r, i) => columns.forEach((c, j) => {
    const s = seed + i * columns.length + j;
    const model = make(s);
    fit(model, { x: reshape(train.inputs), y: train.labels }, { ...options(r, c), seed: s });
    trainAccuracy[i].push(fraction(predict(model, reshape(train.inputs)), train.labels));
    testAccuracy[i].push(fraction(predict(model, reshape(test.inputs)), test.labels));
  }));
  return { trainAccuracy, testAccuracy };
}

describe("gridSearch with a Sequential model", () => {
  const architecture = new Sequential(mlpLayers(), { inputShape: [64], seed: 123 }).toJSON();
  const expected = byHand(3, learningRates, l2s, (s) => new Sequential(mlpLayers(), { inputShape: [64], seed: s }),
    (learningRate, l2) => ({ ...fitOptions, learningRate, l2 }));

  it("on 2 worker threads equals point-by-point fit runs exactly (fresh weights per point, the stored ones ignored)", async () => {
    const result = await gridSearch({
      rows: { name: "learningRate", values: learningRates }, columns: { name: "l2", values: l2s },
      model: "Sequential", modelOptions: { architecture, fit: fitOptions }, train, test, seed: 3, workers: 2,
    });
    expect(result.workers, "the workers did not start: build the library (npm run build)").toBe(2);
    expect(result.trainAccuracy).toEqual(expected.trainAccuracy);
    expect(result.testAccuracy).toEqual(expected.testAccuracy);
    expect(result.errors.flat().every((e) => e === null)).toBe(true);
    // a learnt grid, not a constant: the points differ and the better ones learn the digits
    expect(Math.max(...expected.testAccuracy.flat())).toBeGreaterThan(0.8);
    expect(new Set(expected.testAccuracy.flat()).size).toBeGreaterThan(1);
  });

  it("gives the same matrices in-process and with 3 workers, with layer specs and the eta / lmbd shorthands", async () => {
    const layers = architecture.layers.map((l) => ({ type: l.type, config: l.config }));
    const inProcess = await gridSearch({ etas: learningRates, lmbds: l2s, model: "Sequential", modelOptions: { architecture: layers, fit: fitOptions }, train, test, seed: 3, workers: 0 });
    expect(inProcess.workers).toBe(0);
    expect(inProcess.rowName).toBe("eta");
    expect(inProcess.trainAccuracy).toEqual(expected.trainAccuracy);
    expect(inProcess.testAccuracy).toEqual(expected.testAccuracy);
    const three = await gridSearch({ etas: learningRates, lmbds: l2s, model: "Sequential", modelOptions: { architecture, fit: fitOptions }, train, test, seed: 3, workers: 3 });
    expect(three.workers).toBe(3);
    expect(three.testAccuracy).toEqual(expected.testAccuracy);
  });

  it("trains a CNN on the flat rows reshaped to modelOptions.inputShape [1, 8, 8]", async () => {
    const cnnLayers = (): (Conv2D | MaxPool2D | Flatten | Dense)[] => [
      new Conv2D(4, 3, { activation: "relu" }), new MaxPool2D(2), new Flatten(), new Dense(10),
    ];
    const cnn = new Sequential(cnnLayers(), { inputShape: [1, 8, 8], seed: 0 }).toJSON();
    const images = (t: Tensor): Tensor => new Tensor(t.data, [t.shape[0], 1, 8, 8]);
    const options = { loss: "softmaxCrossEntropy" as const, epochs: 2, batchSize: 50 };
    const want = byHand(9, [0.1, 0.5], [0.9], (s) => new Sequential(cnnLayers(), { inputShape: [1, 8, 8], seed: s }),
      (learningRate, momentum) => ({ ...options, learningRate, momentum }), images);
    const result = await gridSearch({
      rows: { name: "learningRate", values: [0.1, 0.5] }, columns: { name: "momentum", values: [0.9] },
      model: "Sequential", modelOptions: { architecture: cnn.layers, inputShape: [1, 8, 8], fit: options }, train, test, seed: 9, workers: 2,
    });
    expect(result.workers).toBe(2);
    expect(result.testAccuracy).toEqual(want.testAccuracy);
    expect(result.trainAccuracy).toEqual(want.trainAccuracy);
  });

  it("records a diverging point with its message and NaN accuracies", async () => {
    const result = await gridSearch({
      rows: { name: "learningRate", values: [0.1, 1e6] }, columns: { name: "l2", values: [0] },
      model: "Sequential", modelOptions: { architecture, fit: { ...fitOptions, momentum: 0 } }, train, test, seed: 1, workers: 0,
    });
    expect(result.errors[0][0]).toBeNull();
    expect(result.errors[1][0]).toMatch(/^fit: .* at epoch \d+ of 3.*: the training diverged\. Try a smaller learning rate/);
    expect(result.testAccuracy[1][0]).toBeNaN();
    expect(result.trainAccuracy[1][0]).toBeNaN();
  });

  it("rejects bad Sequential options with named errors before any worker starts", async () => {
    const base = { etas: [0.1], lmbds: [0], model: "Sequential" as const, train, test };
    await expect(gridSearch({ ...base, rows: { name: "dropout", values: [0.1] }, modelOptions: { architecture, fit: fitOptions } }))
      .rejects.toThrow(/gridSearch: grid axis "dropout" is not a fit option of the Sequential model/);
    await expect(gridSearch({ ...base, modelOptions: { architecture, fit: { ...fitOptions, seed: 1 } } }))
      .rejects.toThrow(/gridSearch: modelOptions\.fit\.seed is not supported in a grid job/);
    await expect(gridSearch({ ...base, modelOptions: { architecture: new Sequential(mlpLayers()) as never } }))
      .rejects.toThrow(/gridSearch: modelOptions\.architecture must be serialisable/);
    await expect(gridSearch({ ...base, modelOptions: { fit: fitOptions } }))
      .rejects.toThrow(/gridSearch: modelOptions\.architecture must be a Sequential's toJSON\(\)/);
    await expect(gridSearch({ ...base, modelOptions: { architecture, inputShape: [2, 8, 8] } }))
      .rejects.toThrow(/gridSearch: modelOptions\.inputShape \[2,8,8\] does not hold the 64 input columns/);
    await expect(gridSearch({ ...base, modelOptions: { architecture, fit: { loss: "hinge" } } }))
      .rejects.toThrow(/hinge/);
    await expect(gridSearch({ ...base, modelOptions: { architecture: [{ type: "Dense", config: { units: 10 } }, { type: "LSTM", config: {} }] } }))
      .rejects.toThrow(/unknown layer type "LSTM"/);
  });
});
