// Notebook 05-cnn: its key numbers recomputed with the same nnlab calls and the
// same settings, checked against independent references (mathjs, numbers worked
// out by hand, the parameter-count formulas, finite differences).
import { dot, flatten, index, matrix, range, subset, type Matrix } from "mathjs";
import { describe, expect, it } from "vitest";
import { checkGrad } from "../../lib/src/autodiff/check-grad";
import { fitLectureCnn, lectureCnn } from "../../lib/src/basics/cnnLecture";
import { featuresToImages } from "../../lib/src/data/featuresToImages";
import { loadDigits } from "../../lib/src/data/loadDigits";
import { oneHot } from "../../lib/src/data/oneHot";
import { trainTestSplit } from "../../lib/src/data/trainTestSplit";
import { NeuralNetwork } from "../../lib/src/models/neuralNetwork";
import { Conv2D } from "../../lib/src/nn/conv2d";
import { Dense } from "../../lib/src/nn/dense";
import { Flatten } from "../../lib/src/nn/flatten";
import { conv2d } from "../../lib/src/nn/ops/conv2d";
import { avgPool2d, maxPool2d } from "../../lib/src/nn/ops/pool2d";
import { MaxPool2D } from "../../lib/src/nn/pool";
import { Sequential } from "../../lib/src/nn/sequential";
import { randn, tensor, zeros } from "../../lib/src/tensor/create";
import { div } from "../../lib/src/tensor/elementwise";
import type { Tensor } from "../../lib/src/tensor/tensor";
import { gridSearch } from "../../lib/src/train/gridSearch";
import { predict } from "../../lib/src/train/predict";


/** Fraction of equal entries (an accuracy computed without nnlab's metrics). */
function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

// The stored file (output-free, kernelspec, matches tools/notebook-src/05-cnn.md, ends
// with exercises) is checked for every notebook by test/notebooks/sources.test.ts.

describe("notebook 05-cnn: convolution and pooling by hand", () => {
  // the notebook's 5x5 image and Sobel filter
  const smallImage = [[3, 1, 0, 2, 1], [0, 2, 4, 1, 0], [1, 0, 3, 2, 2], [2, 1, 0, 1, 3], [0, 3, 1, 0, 2]];
  const sobel = [[1, 0, -1], [2, 0, -2], [1, 0, -1]];

  /** Reference: zero-pad with mathjs, then each output is the dot product of the filter with a 3x3 subset. */
  function mathjsConvolution(pad: number, stride: number): number[] {
    const W = smallImage.length + 2 * pad;
    const padded = Array.from({ length: W }, (_, r) => Array.from({ length: W }, (_, c) => smallImage[r - pad]?.[c - pad] ?? 0));
    const m = matrix(padded);
    const f = flatten(matrix(sobel)) as Matrix;
    const out: number[] = [];
    for (let i = 0; i + 3 <= W; i += stride) {
      for (let j = 0; j + 3 <= W; j += stride) {
        const patch = subset(m, index(range(i, i + 3), range(j, j + 3))) as Matrix;
        out.push(dot(flatten(patch) as Matrix, f) as number);
      }
    }
    return out;
  }

  it("conv2d equals the mathjs reference for P in {0, 1} and S in {1, 2}; the top-left values by hand", () => {
    const x = tensor([[smallImage]]);
    const w = tensor([[sobel]]);
    for (const [pad, stride, size] of [[0, 1, 3], [1, 1, 5], [1, 2, 3], [0, 2, 2]]) {
      const y = conv2d(x, w, { padding: pad, stride });
      expect(y.shape).toEqual([1, 1, size, size]);
      expect(Array.from(y.data)).toEqual(mathjsConvolution(pad, stride));
    }
    // worked out in the notebook's text: 3*1 + 0*2 + 1*1 - 0*1 - 4*2 - 3*1 = -7
    const valid = conv2d(x, w);
    expect(valid.data[0]).toBe(-7);
    // next position: 1 + 2*2 + 0 - (2 + 2*1 + 2) = -1
    expect(valid.data[1]).toBe(-1);
  });

  it("max and average pooling of the notebook's 4x4 map equal the values by hand", () => {
    const map = tensor([[[[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]]]]);
    expect(Array.from(maxPool2d(map).data)).toEqual([4, 5, 6, 3]);
    expect(Array.from(avgPool2d(map).data)).toEqual([10 / 4, 8 / 4, 9 / 4, 7 / 4]);
  });

  it("output sizes follow (W - F + 2P)/S + 1 (rounded down when not exact)", () => {
    const cases = [[5, 3, 0, 1], [5, 3, 1, 1], [5, 3, 1, 2], [5, 3, 0, 2], [8, 3, 0, 1], [8, 3, 1, 1], [8, 3, 0, 2], [32, 3, 1, 1], [28, 5, 0, 1], [227, 11, 0, 4]];
    for (const [W, F, P, S] of cases) {
      const out = conv2d(zeros([1, 1, W, W]), zeros([1, 1, F, F]), { padding: P, stride: S });
      expect(out.shape[3]).toBe(Math.floor((W - F + 2 * P) / S + 1));
    }
    expect(conv2d(zeros([1, 1, 227, 227]), zeros([1, 1, 11, 11]), { stride: 4 }).shape[3]).toBe(55);
    expect(conv2d(zeros([1, 1, 8, 8]), zeros([1, 1, 3, 3]), { stride: 2 }).shape[3]).toBe(3); // (8 - 3)/2 + 1 = 3.5
    expect(maxPool2d(zeros([1, 1, 8, 8])).shape[3]).toBe(4);
    expect(maxPool2d(zeros([1, 1, 6, 6])).shape[3]).toBe(3);
  });

  it("parameter counts: the lecture's 32x32x3 network and the digit CNNs", () => {
    const cifarNet = new Sequential([
      new Conv2D(12, 3, { padding: "same", activation: "relu" }), new MaxPool2D(2), new Flatten(), new Dense(10, { activation: "softmax" }),
    ], { inputShape: [3, 32, 32] });
    expect(cifarNet.layerSummaries().map((r) => r.outputShape)).toEqual([[12, 32, 32], [12, 16, 16], [3072], [10]]);
    expect(cifarNet.parameterCount()).toBe(12 * (3 * 3 * 3 + 1) + 16 * 16 * 12 * 10 + 10);
    expect(lectureCnn({ padding: "same", seed: 1 }).parameterCount()).toBe(8660);
    expect(lectureCnn({ padding: "valid", seed: 1 }).parameterCount()).toBe(5160);
  });

  it("the hand-made edge filters: 'same' keeps the digit 8x8 and the response equals the mathjs dot product", () => {
    const d = loadDigits();
    const digit = [...Array(8)].map((_, r) => Array.from(d.features.data.subarray(r * 8, r * 8 + 8)));
    const y = conv2d(tensor([[digit]]), tensor([[sobel]]), { padding: "same" });
    expect(y.shape).toEqual([1, 1, 8, 8]);
    const padded = matrix([...Array(10)].map((_, r) => [...Array(10)].map((_, c) => digit[r - 1]?.[c - 1] ?? 0)));
    const f = flatten(matrix(sobel)) as Matrix;
    for (const [i, j] of [[0, 0], [3, 2], [4, 5], [7, 7]]) {
      const patch = flatten(subset(padded, index(range(i, i + 3), range(j, j + 3))) as Matrix) as Matrix;
      expect(y.data[i * 8 + j]).toBe(dot(patch, f));
    }
  });
});

describe("notebook 05-cnn: the lecture's CNN on the digits", () => {
  // section 5.7: notebook 3's split, pixels / 16, images [n, 1, 8, 8]
  const digits = loadDigits();
  const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 2019, stratify: true });
  const trainRows = div(split.trainFeatures, 16);
  const testRows = div(split.testFeatures, 16);
  const toImages = (rows: Tensor) => featuresToImages(rows, { height: 8, width: 8, channels: 1 });
  const train = { x: toImages(trainRows), y: split.trainLabels };
  const test = { x: toImages(testRows), y: split.testLabels };
  const cnnSettings = { eta: 0.3, lmbd: 1e-3, epochs: 100, batchSize: 100, seed: 1 };

  it("splits 1437 / 360 images of shape [1, 8, 8]", () => {
    expect(train.x.shape).toEqual([1437, 1, 8, 8]);
    expect(test.x.shape).toEqual([360, 1, 8, 8]);
  });

  it("both padding variants reach >= 98% test accuracy with the notebook's settings; the MLP is not better", () => {
    const sameRun = fitLectureCnn({ ...cnnSettings, padding: "same", train, test });
    const validRun = fitLectureCnn({ ...cnnSettings, padding: "valid", train, test });
    for (const run of [sameRun, validRun]) {
      expect(run.error).toBeNull();
      // accuracy recomputed from the predictions, independently of evaluate()
      expect(run.testAccuracy).toBeCloseTo(agreement(predict(run.model, test.x), test.y), 12);
      expect(run.testAccuracy).toBeGreaterThanOrEqual(0.98);
      expect(run.trainAccuracy).toBeGreaterThanOrEqual(0.995);
      // the curve ends where the final evaluation is
      expect(run.history!.epochs).toHaveLength(100);
      expect(run.history!.epochs[99].valAccuracy).toBe(run.testAccuracy);
      expect(run.history!.epochs[99].loss).toBeLessThan(run.history!.epochs[0].loss / 10);
    }
    const mlp = new NeuralNetwork({
      inputs: trainRows, targets: oneHot(split.trainLabels, 10), hiddenNeurons: 50, categories: 10,
      epochs: 100, batchSize: 100, eta: 0.01, lmbd: 0.01, seed: 1,
    });
    mlp.train();
    const mlpTest = agreement(mlp.predict(testRows), split.testLabels);
    expect(mlpTest).toBeGreaterThan(0.95);
    expect(mlpTest).toBeLessThanOrEqual(sameRun.testAccuracy);
    // the notebook's feature maps are CONV + RELU of the trained layer: 'same' keeps 8x8
    const conv = sameRun.model.layers[0] as Conv2D;
    expect(conv.forward(test.x).shape).toEqual([360, 10, 8, 8]);
  }, 120_000);

  it("the eta x lambda grid (4 x 4, 'valid', 20 epochs) has the shape the notebook describes", async () => {
    const grid = await gridSearch({
      etas: [1e-2, 1e-1, 1, 10], lmbds: [1e-4, 1e-3, 1e-2, 1e-1], seed: 1,
      run: (point) => fitLectureCnn({
        padding: "valid", eta: point.params.eta, lmbd: point.params.lmbd, epochs: 20, seed: point.seed, train, test, curves: false,
      }),
    });
    const acc = grid.testAccuracy; // [eta][lmbd]
    expect(acc[0].every((a) => a < 0.6)).toBe(true);               // eta = 0.01: far from trained after 20 epochs
    expect(acc[3].every((a) => a <= 0.15)).toBe(true);             // eta = 10: collapses to one class
    expect(acc[1][3]).toBeLessThan(0.3);                           // lmbd = 0.1 defeats the data
    expect(acc[2][3]).toBeLessThan(0.3);
    for (const i of [1, 2]) for (const j of [0, 1, 2]) expect(acc[i][j]).toBeGreaterThan(0.85); // eta 0.1..1, lmbd <= 1e-2
    expect(Math.max(...acc.flat())).toBeGreaterThan(0.95);
  }, 120_000);

  it("the gradient check of the convolution passes ('same' stride 1 and 'valid' stride 2)", () => {
    const x = randn([2, 2, 6, 6], { seed: 1 });
    const w = randn([3, 2, 3, 3], { seed: 2 });
    const b = randn([3], { seed: 3 });
    const same = checkGrad((xx, ww, bb) => conv2d(xx, ww, { padding: "same", bias: bb }), [x, w, b], { seed: 1 });
    const strided = checkGrad((xx, ww, bb) => conv2d(xx, ww, { stride: 2, bias: bb }), [x, w, b], { seed: 1 });
    for (const r of [same, strided]) {
      expect(r.passed).toBe(true);
      expect(r.checks).toBe(18); // 3 inputs x 3 directions x 2 modes
      expect(r.maxRelativeError).toBeLessThan(1e-8);
    }
  });
});
