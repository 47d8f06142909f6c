import { describe, expect, it } from "vitest";
import {
  Conv2D, Dense, Dropout, Flatten, Layer, MaxPool2D, Random, Sequential, SGD, Tensor, backward, evaluate, fit, gather, loadDigits,
  oneHot, predict, predictProbabilities, randn, softmaxCrossEntropy, tensor,
} from "../../lib/src/index";

function mlp(seed: number, dropout = 0): Sequential {
  const layers = [new Dense(16, { activation: "relu" }), ...(dropout > 0 ? [new Dropout(dropout)] : []), new Dense(3, { activation: "softmax" })];
  return new Sequential(layers, { inputShape: [4], seed });
}

/** Three Gaussian blobs in 4-D (seeded), labels 0..2. */
function blobs(n: number, seed: number): { x: Tensor; y: Int32Array } {
  const noise = randn([n, 4], seed);
  const y = new Int32Array(n);
  const data = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let j = 0; j < 4; j++) data[i * 4 + j] = noise.data[i * 4 + j] * 0.7 + (j === y[i] ? 2 : 0);
  }
  return { x: new Tensor(data, [n, 4]), y };
}

const weightsOf = (m: Sequential): number[][] => m.parameters().map((p) => Array.from(p.data));

describe("fit", () => {
  it("is deterministic: same seeds, identical weights bit for bit (with dropout and both sampling modes)", () => {
    const { x, y } = blobs(90, 1);
    for (const sampling of ["shuffle", "with-replacement-per-iteration"] as const) {
      const a = mlp(7, 0.3);
      const b = mlp(7, 0.3);
      const options = { epochs: 5, batchSize: 16, learningRate: 0.1, seed: 3, sampling };
      const ha = fit(a, { x, y }, options);
      const hb = fit(b, { x, y }, options);
      expect(weightsOf(a)).toEqual(weightsOf(b));
      expect(ha.epochs.map((e) => e.loss)).toEqual(hb.epochs.map((e) => e.loss));
      const c = mlp(7, 0.3);
      fit(c, { x, y }, { ...options, seed: 4 });
      expect(weightsOf(c)).not.toEqual(weightsOf(a));
    }
  });

  it("learns, records loss/accuracy/validation per epoch, and agrees with evaluate", () => {
    const train = blobs(150, 2);
    const test = blobs(60, 3);
    const model = mlp(1);
    const seen: number[] = [];
    let batches = 0;
    const history = fit(model, train, {
      epochs: 30, batchSize: 32, learningRate: 0.1, seed: 1, validationData: test,
      callbacks: { onEpochEnd: (r) => { seen.push(r.epoch); }, onBatchEnd: () => { batches++; } },
    });
    expect(history.epochs.length).toBe(30);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(batches).toBe(30 * Math.ceil(150 / 32)); // shuffle: ceil(n / batch) batches, the last one partial
    const first = history.epochs[0];
    const last = history.epochs[29];
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.accuracy!).toBeGreaterThan(0.9);
    expect(last.seconds).toBeGreaterThanOrEqual(0);
    const ev = evaluate(model, test);
    expect(ev.loss).toBeCloseTo(last.valLoss!, 12);
    expect(ev.accuracy).toBeCloseTo(last.valAccuracy!, 12);
    // accuracy computed independently from the predictions
    const predicted = predict(model, test.x);
    const correct = predicted.filter((p, i) => p === test.y[i]).length;
    expect(ev.accuracy).toBeCloseTo(correct / 60, 12);
    const probs = predictProbabilities(model, test.x);
    for (let i = 0; i < 60; i++) expect(probs.data[i * 3] + probs.data[i * 3 + 1] + probs.data[i * 3 + 2]).toBeCloseTo(1, 12);
  });

  it("the lectures' sampling draws floor(n / batch) batches per epoch; a callback returning false stops", () => {
    const data = blobs(50, 4);
    let batches = 0;
    const history = fit(mlp(1), data, {
      epochs: 10, batchSize: 16, sampling: "with-replacement-per-iteration", seed: 2,
      callbacks: { onBatchEnd: () => { batches++; }, onEpochEnd: (r) => r.epoch < 4 },
    });
    expect(history.epochs.length).toBe(4);
    expect(history.stoppedEarly).toBe(true);
    expect(batches).toBe(4 * 3);
  });

  it("accepts an Optimizer over paramGroups (L2 on weights only) and one-hot targets", () => {
    const { x, y } = blobs(60, 5);
    const targets = new Tensor(new Float64Array(180), [60, 3]);
    y.forEach((c, i) => { targets.data[i * 3 + c] = 1; });
    const a = mlp(2);
    const b = mlp(2);
    fit(a, { x, y }, { epochs: 3, batchSize: 10, learningRate: 0.05, l2: 0.01, seed: 1 });
    fit(b, { x, y: targets }, { epochs: 3, batchSize: 10, optimizer: new SGD(b.paramGroups({ l2: 0.01 }), { learningRate: 0.05 }), seed: 1 });
    expect(weightsOf(b)).toEqual(weightsOf(a));
  });

  it("early stopping stops when the validation loss stops improving and restores the best weights", () => {
    const train = blobs(60, 6);
    // validation labels unrelated to the inputs: the validation loss soon rises as the model fits the training set
    const val = { x: blobs(60, 7).x, y: Int32Array.from({ length: 60 }, (_, i) => (i * 7) % 3) };
    const model = mlp(3);
    const history = fit(model, train, {
      epochs: 200, batchSize: 10, learningRate: 0.2, seed: 1, validationData: val,
      earlyStopping: { patience: 3, restoreBest: true },
    });
    expect(history.stoppedEarly).toBe(true);
    expect(history.epochs.length).toBeLessThan(200);
    const best = history.bestEpoch!;
    expect(history.epochs.length).toBe(best + 3);
    const bestVal = Math.min(...history.epochs.map((e) => e.valLoss!));
    expect(history.epochs[best - 1].valLoss).toBe(bestVal);
    // the restored model has exactly the best epoch's validation loss
    expect(evaluate(model, val).loss).toBe(history.epochs[best - 1].valLoss);
  });

  it("stops a diverging run with an error naming the epoch and suggesting a fix", () => {
    const digits = loadDigits(); // raw pixels 0..16, unscaled
    const x = digits.features.slice([0, 0], [200, 64]);
    const y = digits.labels.slice(0, 200);
    const model = new Sequential([new Dense(50, { activation: "sigmoid", init: "lecture" }), new Dense(10)], { inputShape: [64], seed: 1 });
    const targets = new Tensor(new Float64Array(2000), [200, 10]);
    y.forEach((c, i) => { targets.data[i * 10 + c] = 1; });
    expect(() => fit(model, { x, y: targets }, { loss: "mse", learningRate: 50, epochs: 20, batchSize: 20 }))
      .toThrow(/fit: the loss (became (NaN|Infinity)|exploded to \S+ \(it started at \S+\)) at epoch \d+ of 20 \(batch \d+\): the training diverged\. Try a smaller learning rate \(now 50, e\.g\. 5\), or scale the inputs/);
  });

  it("names the argument on bad input", () => {
    const { x, y } = blobs(30, 8);
    const model = mlp(1);
    expect(() => fit(model, { x: randn([30, 5], 1), y }, {})).toThrow(/fit: x has 5 features per sample but the model expects 4/);
    expect(() => fit(model, { x, y: Int32Array.from(y, (v, i) => (i === 4 ? 3 : v)) }, {})).toThrow(/fit: y\[4\] = 3 is not a class index in \[0, 3\)/);
    expect(() => fit(model, { x, y: y.slice(0, 20) }, {})).toThrow(/fit: y has 20 labels but x has 30 samples/);
    expect(() => fit(model, { x, y }, { batchSize: 0 })).toThrow(/fit: batchSize must be an integer in \[1, 30\]/);
    expect(() => fit(model, { x, y }, { batchSize: 31 })).toThrow(/fit: batchSize must be an integer in \[1, 30\]/);
    expect(() => fit(model, { x, y }, { learningRate: -0.1 })).toThrow(/fit: learningRate must be a positive finite number, got -0.1/);
    expect(() => fit(model, { x, y }, { learningRate: NaN })).toThrow(/fit: learningRate must be a positive finite number, got NaN/);
    const nanX = x.clone();
    nanX.data[9] = NaN;
    expect(() => fit(model, { x: nanX, y }, {})).toThrow(/fit: x contains NaN at sample 2/);
    const rows = new Tensor(new Float64Array(90).fill(0.5), [30, 3]);
    expect(() => fit(model, { x, y: rows }, {})).toThrow(/fit: y row 0 sums to 1.5, but one-hot \/ probability rows for softmaxCrossEntropy must sum to 1/);
    expect(() => fit(model, { x, y }, { epochs: 0 })).toThrow(/fit: epochs must be a positive integer/);
    expect(() => fit(model, { x, y }, { sampling: "bootstrap" as never })).toThrow(/fit: sampling must be "shuffle" or "with-replacement-per-iteration"/);
    expect(() => fit(model, { x, y }, { loss: "binaryCrossEntropy" })).toThrow(/fit: the model ends in softmax but binaryCrossEntropy expects sigmoid outputs/);
    expect(() => evaluate(model, { x: tensor([[1, 2, 3, 4]]), y: Int32Array.of(7) })).toThrow(/evaluate: data.y\[0\] = 7 is not a class index/);
  });
});

describe("fit's buffer recycling", () => {
  it("gives bit-for-bit the weights of a plain training loop (CNN with the recycled conv buffers)", () => {
    const sliceRows = (t: Tensor, idx: Int32Array): Tensor => gather(t, idx);
    const make = (): Sequential => new Sequential([
      new Conv2D(4, 3, { activation: "relu" }), new MaxPool2D(2), new Flatten(), new Dense(8, { activation: "relu" }), new Dense(3, { activation: "softmax" }),
    ], { inputShape: [1, 6, 6], seed: 2 });
    const x = randn([40, 1, 6, 6], 3);
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    const a = make();
    fit(a, { x, y }, { epochs: 3, batchSize: 8, learningRate: 0.1, seed: 5 });
    // the same steps by hand: same permutations (Random(5).permutation per epoch), no recycling
    const b = make();
    const opt = new SGD(b.parameters(), { learningRate: 0.1 });
    const rng = new Random(5);
    const targets = oneHot(y, 3);
    for (let epoch = 0; epoch < 3; epoch++) {
      const order = rng.permutation(40);
      for (let start = 0; start < 40; start += 8) {
        const idx = order.slice(start, start + 8);
        opt.zeroGrad();
        backward(softmaxCrossEntropy(b.forwardLogits(sliceRows(x, idx)), sliceRows(targets, idx)));
        opt.step();
      }
    }
    expect(weightsOf(a)).toEqual(weightsOf(b));
  });

  it("does not recycle the outputs seen by a custom layer", () => {
    class Keep extends Layer {
      readonly type = "Keep";
      kept: Tensor[] = [];
      outputShape(s: readonly number[]): number[] { return s.slice(); }
      protected call(t: Tensor): Tensor {
        this.kept.push(t);
        return t;
      }
      config(): Record<string, unknown> { return {}; }
    }
    const keep = new Keep();
    const model = new Sequential([new Conv2D(2, 3, { activation: "relu" }), keep, new Flatten(), new Dense(2, { activation: "softmax" })], { inputShape: [1, 5, 5], seed: 1 });
    const x = randn([12, 1, 5, 5], 1);
    fit(model, { x, y: Int32Array.from({ length: 12 }, (_, i) => i % 2) }, { epochs: 2, batchSize: 4, learningRate: 0.1 });
    const copies = keep.kept.map((t) => Array.from(t.data));
    fit(model, { x, y: Int32Array.from({ length: 12 }, (_, i) => i % 2) }, { epochs: 1, batchSize: 4, learningRate: 0.1 });
    keep.kept.slice(0, copies.length).forEach((t, i) => expect(Array.from(t.data)).toEqual(copies[i]));
  });
});
