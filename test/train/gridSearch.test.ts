import { describe, expect, it } from "vitest";
import { Tensor } from "../../lib/src/tensor/tensor";
import { loadDigits } from "../../lib/src/data/loadDigits";
import { trainTestSplit } from "../../lib/src/data/trainTestSplit";
import { NeuralNetwork } from "../../lib/src/models/neuralNetwork";
import { Network } from "../../lib/src/models/network";
import { gridSearch, type GridSearchProgress } from "../../lib/src/train/gridSearch";

// The worker threads run the BUILT package (lib/dist via "nnlab"): run `npm run build` first.
const digits = loadDigits();
const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 0 });
const scaled = (t: Tensor): Tensor => new Tensor(t.data.map((v) => v / 16), t.shape);
const train = { inputs: scaled(split.trainFeatures), labels: split.trainLabels };
const test = { inputs: scaled(split.testFeatures), labels: split.testLabels };
const etas = [0.001, 0.1];
const lmbds = [0, 0.01, 1];
const modelOptions = { hiddenNeurons: 20, epochs: 4, batchSize: 50 };

function fraction(predicted: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/** The same grid, trained one point after another in this test: seed + i * columns + j. */
function sequential(seed: number): { trainAccuracy: number[][]; testAccuracy: number[][] } {
  const trainAccuracy: number[][] = [];
  const testAccuracy: number[][] = [];
  etas.forEach((eta, i) => {
    trainAccuracy.push([]);
    testAccuracy.push([]);
    lmbds.forEach((lmbd, j) => {
      const net = new NeuralNetwork({ ...modelOptions, categories: 10, eta, lmbd, seed: seed + i * lmbds.length + j, inputs: train.inputs, targets: train.labels });
      net.train();
      trainAccuracy[i].push(fraction(net.predict(train.inputs), train.labels));
      testAccuracy[i].push(fraction(net.predict(test.inputs), test.labels));
    });
  });
  return { trainAccuracy, testAccuracy };
}

describe("gridSearch", () => {
  const expected = sequential(5);

  it("on 2 worker threads matches sequential runs exactly", async () => {
    const progress: GridSearchProgress[] = [];
    const result = await gridSearch({ etas, lmbds, model: "NeuralNetwork", modelOptions, train, test, seed: 5, workers: 2, onProgress: (p) => progress.push(p) });
    expect(result.workers, "the workers did not start: build the library (npm run build)").toBe(2);
    expect(result.rowName).toBe("eta");
    expect(result.columnName).toBe("lmbd");
    expect(result.rows).toEqual(etas);
    expect(result.columns).toEqual(lmbds);
    expect(result.trainAccuracy).toEqual(expected.trainAccuracy);
    expect(result.testAccuracy).toEqual(expected.testAccuracy);
    expect(result.errors.flat().every((e) => e === null)).toBe(true);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.map((p) => `${p.row},${p.column}`).sort()).toEqual(["0,0", "0,1", "0,2", "1,0", "1,1", "1,2"]);
  });

  it("in-process (workers: 0) gives the same matrices", async () => {
    const result = await gridSearch({ etas, lmbds, modelOptions, train, test, seed: 5, workers: 0 });
    expect(result.workers).toBe(0);
    expect(result.trainAccuracy).toEqual(expected.trainAccuracy);
    expect(result.testAccuracy).toEqual(expected.testAccuracy);
  });

  it("falls back to in-process execution when the built package cannot be loaded", async () => {
    const missing = await gridSearch({ etas, lmbds, modelOptions, train, test, seed: 5, workers: 2, libraryPath: "/nonexistent/nnlab/index.js" });
    expect(missing.workers).toBe(0);
    expect(missing.testAccuracy).toEqual(expected.testAccuracy);
    // a file that throws when required: the workers fail to start, the grid still completes
    const broken = await gridSearch({ etas, lmbds, modelOptions, train, test, seed: 5, workers: 2, libraryPath: __filename.replace(/gridSearch\.test\.ts$/, "brokenLibrary.cjs") });
    expect(broken.workers).toBe(0);
    expect(broken.trainAccuracy).toEqual(expected.trainAccuracy);
  });

  it("runs Nielsen's Network over any two named hyper-parameters", async () => {
    const options = { sizes: [64, 16, 10], cost: "crossEntropy", epochs: 2 };
    const rows = { name: "eta", values: [0.5, 3] };
    const columns = { name: "miniBatchSize", values: [10, 50] };
    const result = await gridSearch({ rows, columns, model: "Network", modelOptions: options, train, test, seed: 2, workers: 2 });
    rows.values.forEach((eta, i) => columns.values.forEach((miniBatchSize, j) => {
      const net = new Network([64, 16, 10], { cost: "crossEntropy", seed: 2 + i * 2 + j });
      net.SGD({ trainingData: train, epochs: 2, miniBatchSize, eta });
      expect(result.testAccuracy[i][j]).toBe(net.evaluate(test) / test.labels.length);
    }));
    expect(result.columnName).toBe("miniBatchSize");
  });

  it("accepts a custom run function (in-process) with per-point seeds", async () => {
    const seen: string[] = [];
    const bar: number[] = [];
    const result = await gridSearch({
      progress: { update: (done) => bar.push(done), finish: () => bar.push(-1) },
      rows: { name: "a", values: [1, 2] },
      columns: { name: "b", values: [10, 20, 30] },
      seed: 100,
      run: ({ params, seed, row, column }) => {
        seen.push(`${row},${column}:${seed}`);
        return { trainAccuracy: params.a * params.b, testAccuracy: seed };
      },
    });
    expect(result.trainAccuracy).toEqual([[10, 20, 30], [20, 40, 60]]);
    expect(result.testAccuracy).toEqual([[100, 101, 102], [103, 104, 105]]);
    expect(seen[0]).toBe("0,0:100");
    expect(bar).toEqual([1, 2, 3, 4, 5, 6, -1]);
  });

  it("records diverging points as NaN with the message instead of failing the whole grid", async () => {
    const result = await gridSearch({
      etas: [1e-3, 1], lmbds: [0], model: "NeuralNetwork",
      modelOptions: { hiddenNeurons: 8, epochs: 40, batchSize: 50, hiddenActivation: "leakyRelu" },
      train: { inputs: new Tensor(train.inputs.data.map((v) => v * 100), train.inputs.shape), labels: train.labels },
      test, workers: 0,
    });
    expect(result.errors[0][0]).toBeNull();
    expect(result.errors[1][0]).toMatch(/training diverged/);
    expect(result.testAccuracy[1][0]).toBeNaN();
  });

  it("rejects bad options with named errors", async () => {
    await expect(gridSearch({ etas: [], lmbds: [1], train, test })).rejects.toThrow(/gridSearch: rows must be \{ name, values \} with at least one value/);
    await expect(gridSearch({ etas: [1], lmbds: [1], train, test, model: "CNN" as never })).rejects.toThrow(/gridSearch: model must be "NeuralNetwork", "Network" or "Sequential"/);
    await expect(gridSearch({ etas: [1], lmbds: [1], train, test, modelOptions: { f: () => 1 } })).rejects.toThrow(/modelOptions\.f must be serialisable/);
    await expect(gridSearch({ etas: [1], lmbds: [1], train: { inputs: train.inputs, labels: test.labels }, test })).rejects.toThrow(/gridSearch: train\.labels must be an Int32Array with one label per row/);
    await expect(gridSearch({ etas: [-1], lmbds: [1], train, test, workers: 0 })).rejects.toThrow(/NeuralNetwork: eta must be a finite number >= 0, got -1/);
    // a misspelt hyper-parameter would otherwise give a flat heatmap of identical runs
    await expect(gridSearch({ rows: { name: "eta", values: [0.1] }, columns: { name: "lambda", values: [0, 1] }, modelOptions, train, test, workers: 0 }))
      .rejects.toThrow(/NeuralNetwork: unknown option options\.lambda/);
  });
});
