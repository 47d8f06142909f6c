import { describe, expect, it } from "vitest";
import { Conv2D, Dense, Flatten, MaxPool2D, Sequential, div, evaluate, featuresToImages, fit, loadDigits, trainTestSplit } from "../../lib/src/index";

describe("the lectures' CNN on the 8x8 digits", () => {
  it("reaches >= 98% test accuracy with the lecture's settings (seeded 80/20 stratified split)", () => {
    // conv 10 filters 3x3 ReLU ('valid'), 2x2 max-pool, dense 50 ReLU, dense 10 softmax, mean cross-entropy,
    // SGD learning rate 0.1, batch 100, 100 epochs, pixels scaled to [0, 1]; split seed 0, model seed 1, fit seed 1
    const digits = loadDigits();
    const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 0, stratify: true });
    const images = (f: typeof digits.features) => featuresToImages(div(f, 16), { height: 8, width: 8, channels: 1 });
    const model = new Sequential([
      new Conv2D(10, 3, { activation: "relu" }),
      new MaxPool2D(2),
      new Flatten(),
      new Dense(50, { activation: "relu" }),
      new Dense(10, { activation: "softmax" }),
    ], { inputShape: [1, 8, 8], seed: 1 });
    const history = fit(model, { x: images(split.trainFeatures), y: split.trainLabels }, {
      loss: "softmaxCrossEntropy", optimizer: "sgd", learningRate: 0.1, epochs: 100, batchSize: 100, seed: 1,
    });
    const test = evaluate(model, { x: images(split.testFeatures), y: split.testLabels });
    expect(test.samples).toBe(360);
    expect(test.accuracy!).toBeGreaterThanOrEqual(0.98);
    expect(history.epochs[99].accuracy!).toBeGreaterThan(0.99);
  });
});
