// The lecture's NeuralNetwork class exported by notebooks/03-mlp-digits (lectures/src), against
// independent references: autodiff of the cost written with elementary tensor ops, central finite
// differences of that cost, a plain-loop forward pass, and nnlab's fit on the same batches.
import { describe, expect, it } from "vitest";
import {
  Dense, Random, Sequential, Tensor, add, exp, fit, gradients, log, matmul, mul, neg, oneHot, randn, sigmoid,
  softmaxCrossEntropyLoss, square, sub, sum,
} from "nnlab";
import { NeuralNetwork } from "../../lectures/src";

const PARAMS = ["hiddenWeights", "hiddenBias", "outputWeights", "outputBias"] as const;

/** A small random problem: n rows of `features` inputs in [0, 2), one-hot targets of `categories` classes. */
function problem(n: number, features: number, categories: number, seed: number) {
  const rng = new Random(seed);
  const X = new Tensor(Float64Array.from({ length: n * features }, () => 2 * rng.uniform()), [n, features]);
  const labels = Array.from({ length: n }, () => rng.int(categories));
  return { X, labels, Y: oneHot(labels, categories) };
}

/** Σ_i L_i + (λ/2)(‖W1‖² + ‖W2‖²) from elementary ops (no P − Y anywhere). */
function cost(X: Tensor, Y: Tensor, lmbd: number, [W1, b1, W2, b2]: Tensor[]): Tensor {
  const z2 = add(matmul(sigmoid(add(matmul(X, W1), b1)), W2), b2);
  const logP = sub(z2, log(sum(exp(z2), 1, true)));
  return add(neg(sum(mul(Y, logP))), mul(add(sum(square(W1)), sum(square(W2))), lmbd / 2));
}

const paramsOf = (net: NeuralNetwork) => PARAMS.map((k) => net[k]);
const maxRelGap = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let gap = 0, size = 0;
  for (let i = 0; i < b.length; i++) { gap = Math.max(gap, Math.abs(a[i] - b[i])); size = Math.max(size, Math.abs(b[i])); }
  return gap / Math.max(size, 1e-300);
};

describe("NeuralNetwork (notebook 03)", () => {
  const { X, Y } = problem(12, 5, 3, 1);

  it("draws N(0, 1) weights from Random(seed) and 0.01 biases, with the documented shapes", () => {
    const net = new NeuralNetwork(X, Y, { nHidden: 4, nCategories: 3, batchSize: 4, seed: 5 });
    const rng = new Random(5);
    expect(Array.from(net.hiddenWeights.data)).toEqual(Array.from(randn([5, 4], rng).data));
    expect(Array.from(net.outputWeights.data)).toEqual(Array.from(randn([4, 3], rng).data));
    expect(net.hiddenBias.shape).toEqual([1, 4]);
    expect(net.outputBias.shape).toEqual([1, 3]);
    expect([...net.hiddenBias.data, ...net.outputBias.data].every((b) => b === 0.01)).toBe(true);
  });

  it("feeds forward like a plain loop over rows and neurons, and predicts the argmax", () => {
    const net = new NeuralNetwork(X, Y, { nHidden: 4, nCategories: 3, batchSize: 4, seed: 2 });
    const P = net.feedForwardOut(X);
    expect(P.shape).toEqual([12, 3]);
    const [W1, b1, W2, b2] = paramsOf(net).map((t) => t.data);
    const predicted: number[] = [];
    for (let i = 0; i < 12; i++) {
      const a = Array.from({ length: 4 }, (_, j) => {
        let z = b1[j];
        for (let k = 0; k < 5; k++) z += X.data[i * 5 + k] * W1[k * 4 + j];   // W1[k, j] = w_jk
        return 1 / (1 + Math.exp(-z));
      });
      const z2 = Array.from({ length: 3 }, (_, c) => a.reduce((s, v, j) => s + v * W2[j * 3 + c], b2[c]));
      const e = z2.map((z) => Math.exp(z));
      const total = e.reduce((s, v) => s + v, 0);
      e.forEach((v, c) => expect(P.data[i * 3 + c]).toBeCloseTo(v / total, 14));
      predicted.push(e.indexOf(Math.max(...e)));
    }
    expect(net.predict(X)).toEqual(predicted);
    expect(Array.from(net.predictProbabilities(X).data)).toEqual(Array.from(P.data));
  });

  it("backpropagation's gradient equals autodiff's on the same cost to 1e-12, with and without L2", () => {
    for (const lmbd of [0, 0.3]) {
      const net = new NeuralNetwork(X, Y, { nHidden: 4, nCategories: 3, batchSize: 4, lmbd, seed: 3 });
      const byHand = net.gradients(X, Y);
      const leaves = paramsOf(net).map((t) => t.clone().requireGrad());
      const byAutodiff = gradients(cost(X, Y, lmbd, leaves), leaves);
      PARAMS.forEach((k, i) => {
        expect(byHand[k].shape).toEqual(net[k].shape);
        expect(maxRelGap(byHand[k].data, byAutodiff[i].data)).toBeLessThan(1e-12);
      });
    }
  });

  it("its gradient matches central finite differences of the cost in every parameter", () => {
    const lmbd = 0.1, h = 1e-5;
    const net = new NeuralNetwork(X, Y, { nHidden: 4, nCategories: 3, batchSize: 4, lmbd, seed: 4 });
    const g = net.gradients(X, Y);
    const base = paramsOf(net);
    PARAMS.forEach((k, p) => {
      for (let i = 0; i < base[p].size; i++) {
        const at = (d: number) => {
          const q = base.map((t) => t.clone());
          q[p].data[i] += d;
          return cost(X, Y, lmbd, q).item();
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        expect(Math.abs(numeric - g[k].data[i])).toBeLessThan(1e-7 * Math.max(1, Math.abs(numeric)));
      }
    });
  });

  it("one backpropagation step is θ ← θ − η ∂C/∂θ with the autodiff gradient", () => {
    const eta = 0.05, lmbd = 0.2;
    const net = new NeuralNetwork(X, Y, { nHidden: 4, nCategories: 3, batchSize: 4, eta, lmbd, seed: 6 });
    const before = paramsOf(net).map((t) => t.clone().requireGrad());
    const g = gradients(cost(X, Y, lmbd, before), before);
    net.backpropagation(X, Y);
    PARAMS.forEach((k, i) => {
      const expected = before[i].data.map((w, j) => w - eta * g[i].data[j]);
      expect(maxRelGap(net[k].data, expected)).toBeLessThan(1e-12);
    });
  });

  it("trains by minibatch SGD on the same batches as fit's lecture sampling (seed + 1), step for step", () => {
    const data = problem(40, 5, 3, 9);
    const eta = 0.02, lmbd = 0.01, epochs = 3, batchSize = 8;
    const net = new NeuralNetwork(data.X, data.Y, { nHidden: 6, nCategories: 3, epochs, batchSize, eta, lmbd, seed: 7 });
    const model = new Sequential([new Dense(6, { activation: "sigmoid" }), new Dense(3, { activation: "softmax" })], { inputShape: [5] });
    model.parameters().forEach((p, i) => p.data.set(paramsOf(net)[i].data));
    expect(net.train()).toBe(net);
    fit(model, { x: data.X, y: Int32Array.from(data.labels) }, {
      loss: softmaxCrossEntropyLoss({ reduction: "sum" }), optimizer: "sgd", learningRate: eta, l2: lmbd,
      epochs, batchSize, sampling: "with-replacement-per-iteration", seed: 8,
    });
    model.parameters().forEach((p, i) => expect(maxRelGap(p.data, paramsOf(net)[i].data)).toBeLessThan(1e-12));
    // and it really moved: 3 epochs of 5 iterations
    const fresh = new NeuralNetwork(data.X, data.Y, { nHidden: 6, nCategories: 3, seed: 7, batchSize });
    expect(maxRelGap(net.outputWeights.data, fresh.outputWeights.data)).toBeGreaterThan(1e-3);
  });

  it("train() with epochs: 1 called k times is the run with epochs: k", () => {
    const data = problem(30, 5, 3, 10);
    const once = new NeuralNetwork(data.X, data.Y, { nHidden: 4, nCategories: 3, epochs: 3, batchSize: 7, eta: 0.05, seed: 1 }).train();
    const stepwise = new NeuralNetwork(data.X, data.Y, { nHidden: 4, nCategories: 3, epochs: 1, batchSize: 7, eta: 0.05, seed: 1 });
    for (let e = 0; e < 3; e++) stepwise.train();
    PARAMS.forEach((k) => expect(Array.from(stepwise[k].data)).toEqual(Array.from(once[k].data)));
  });

  it("rejects unknown options, naming the known ones, and bad shapes or sizes", () => {
    expect(() => new NeuralNetwork(X, Y, { nCategories: 3, batchSize: 4, learningRate: 0.1 } as never))
      .toThrow(/unknown option "learningRate".*nHidden, nCategories, epochs, batchSize, eta, lmbd, seed/);
    expect(() => new NeuralNetwork(X, Y, { batchSize: 4 })).toThrow(/Y one-hot \[n, 10\].*\[12,3\]/);
    expect(() => new NeuralNetwork(X, Y, { nCategories: 3 })).toThrow(/batchSize 100 is larger than the 12 rows/);
    expect(() => new NeuralNetwork(X, Y, { nCategories: 3, batchSize: 4, nHidden: 0 })).toThrow(/nHidden must be an integer >= 1/);
    expect(() => new NeuralNetwork(sum(X, 1), Y, { nCategories: 3, batchSize: 4 })).toThrow(/X must be \[n, features\]/);
  });
});
