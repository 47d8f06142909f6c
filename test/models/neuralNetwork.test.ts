import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { Tensor } from "../../lib/src/tensor/tensor";
import { add, mul, square } from "../../lib/src/tensor/elementwise";
import { matmul } from "../../lib/src/tensor/matmul";
import { logSoftmax, sum } from "../../lib/src/tensor/reduce";
import { sigmoid, tanh } from "../../lib/src/tensor/elementwise";
import { grad } from "../../lib/src/autodiff/grad";
import { loadDigits } from "../../lib/src/data/loadDigits";
import { trainTestSplit } from "../../lib/src/data/trainTestSplit";
import { activations } from "../../lib/src/nn/activations";
import { NeuralNetwork } from "../../lib/src/models/neuralNetwork";
import { accuracy } from "../../lib/src/train/metrics/accuracy";
import { matmulKernel } from "../../lib/src/kernels/matmul";

// ---------------------------------------------------------------------------
// An independent reference: the lecture's cost written with plain loops.
// C = Σ_rows -Σ_c y ln softmax(f(X W_h + b_h) W_o + b_o) + (lmbd/2)(||W_h||² + ||W_o||²)
function referenceCost(net: NeuralNetwork, X: Float64Array, Y: Float64Array, n: number, f: (z: number) => number): number {
  const d = net.features;
  const h = net.hiddenNeurons;
  const C = net.categories;
  const wh = net.hiddenWeights.data;
  const bh = net.hiddenBias.data;
  const wo = net.outputWeights.data;
  const bo = net.outputBias.data;
  let cost = 0;
  for (let r = 0; r < n; r++) {
    const ah: number[] = [];
    for (let j = 0; j < h; j++) {
      let z = bh[j];
      for (let k = 0; k < d; k++) z += X[r * d + k] * wh[k * h + j];
      ah.push(f(z));
    }
    const zo: number[] = [];
    for (let c = 0; c < C; c++) {
      let z = bo[c];
      for (let j = 0; j < h; j++) z += ah[j] * wo[j * C + c];
      zo.push(z);
    }
    const denominator = zo.reduce((s, v) => s + Math.exp(v), 0);
    for (let c = 0; c < C; c++) cost -= Y[r * C + c] * Math.log(Math.exp(zo[c]) / denominator);
  }
  let squares = 0;
  for (const w of [wh, wo]) for (const v of w) squares += v * v;
  return cost + 0.5 * net.lmbd * squares;
}

function smallProblem(seed: number, n = 6, d = 4, C = 3): { X: Tensor; Y: Tensor; labels: Int32Array } {
  const rng = new Random(seed);
  const X = new Float64Array(n * d).map(() => rng.normal());
  const labels = Int32Array.from({ length: n }, () => rng.int(C));
  const Y = new Float64Array(n * C);
  labels.forEach((c, r) => (Y[r * C + c] = 1));
  return { X: new Tensor(X, [n, d]), Y: new Tensor(Y, [n, C]), labels };
}

function relativeDifference(a: Float64Array, b: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

const scalar = (name: string) => (z: number): number => (activations as Record<string, { fn(z: Float64Array): Float64Array }>)[name].fn(Float64Array.of(z))[0];

describe("NeuralNetwork gradients (the four backpropagation equations)", () => {
  for (const activation of ["sigmoid", "tanh", "elu"]) {
    it(`equal central finite differences of the cost (${activation} hidden layer, lmbd = 0.1)`, () => {
      const { X, Y } = smallProblem(3);
      const net = new NeuralNetwork({ inputs: X, targets: Y, hiddenNeurons: 5, batchSize: 6, lmbd: 0.1, seed: 11, hiddenActivation: activation });
      const g = net.gradients(X, Y);
      const f = scalar(activation);
      const eps = 1e-5;
      for (const key of ["hiddenWeights", "hiddenBias", "outputWeights", "outputBias"] as const) {
        const theta = net[key].data;
        const fd = new Float64Array(theta.length);
        for (let i = 0; i < theta.length; i++) {
          const saved = theta[i];
          theta[i] = saved + eps;
          const plus = referenceCost(net, X.data, Y.data, 6, f);
          theta[i] = saved - eps;
          const minus = referenceCost(net, X.data, Y.data, 6, f);
          theta[i] = saved;
          fd[i] = (plus - minus) / (2 * eps);
        }
        expect(relativeDifference(g[key].data, fd), key).toBeLessThan(1e-6);
      }
    });
  }

  it("equal the autodiff (grad) gradients of the same cost built from Tensor ops", () => {
    const { X, Y } = smallProblem(5, 8, 4, 3);
    const net = new NeuralNetwork({ inputs: X, targets: Y, hiddenNeurons: 6, batchSize: 8, lmbd: 0.05, seed: 2 });
    const lmbd = net.lmbd;
    for (const [name, act] of [["sigmoid", sigmoid], ["tanh", tanh]] as const) {
      const model = name === "sigmoid" ? net : new NeuralNetwork({ inputs: X, targets: Y, hiddenNeurons: 6, batchSize: 8, lmbd, seed: 2, hiddenActivation: "tanh" });
      const cost = (wh: Tensor, bh: Tensor, wo: Tensor, bo: Tensor): Tensor => {
        const ah = act(add(matmul(X, wh), bh)); // [n, h]
        const logP = logSoftmax(add(matmul(ah, wo), bo)); // [n, C]
        const crossEntropy = mul(sum(mul(Y, logP)), -1);
        return add(crossEntropy, mul(add(sum(square(wh)), sum(square(wo))), 0.5 * lmbd));
      };
      const [dwh, dbh, dwo, dbo] = grad(cost)(model.hiddenWeights, model.hiddenBias, model.outputWeights, model.outputBias);
      const g = model.gradients(X, Y);
      expect(relativeDifference(g.hiddenWeights.data, dwh.data)).toBeLessThan(1e-12);
      expect(relativeDifference(g.hiddenBias.data, dbh.data)).toBeLessThan(1e-12);
      expect(relativeDifference(g.outputWeights.data, dwo.data)).toBeLessThan(1e-12);
      expect(relativeDifference(g.outputBias.data, dbo.data)).toBeLessThan(1e-12);
    }
  });

  it("backpropagation(X, Y) takes one step θ ← θ - eta ∂C/∂θ and gradients() changes nothing", () => {
    const { X, Y } = smallProblem(8);
    const net = new NeuralNetwork({ inputs: X, targets: Y, hiddenNeurons: 5, batchSize: 6, eta: 0.3, lmbd: 0.01, seed: 4 });
    const before = net.toJSON();
    const g = net.gradients(X, Y);
    expect(net.toJSON()).toEqual(before);
    net.backpropagation(X, Y);
    const after = net.toJSON();
    const check = (name: "hiddenWeights" | "hiddenBias" | "outputWeights" | "outputBias"): void => {
      before[name].forEach((v, i) => expect(after[name][i]).toBe(v - 0.3 * g[name].data[i]));
    };
    check("hiddenWeights");
    check("hiddenBias");
    check("outputWeights");
    check("outputBias");
  });

  it("feedForward returns z_h, a_h = σ(z_h), z_o and softmax(z_o)", () => {
    const { X, Y } = smallProblem(9);
    const net = new NeuralNetwork({ inputs: X, targets: Y, hiddenNeurons: 5, batchSize: 3, seed: 4 });
    const out = net.feedForward(X);
    const expectedA = activations.sigmoid.fn(out.hiddenWeightedInputs.data);
    expect(Array.from(out.hiddenActivations.data)).toEqual(Array.from(expectedA));
    const p = activations.softmax.fn(out.outputWeightedInputs.data, undefined, { columns: 3 });
    out.probabilities.data.forEach((v, i) => expect(v).toBeCloseTo(p[i], 15));
    expect(out.probabilities.shape).toEqual([6, 3]);
    expect(Array.from(net.predictProbabilities(X).data)).toEqual(Array.from(out.probabilities.data));
  });
});

describe("NeuralNetwork initialisation, determinism and save/load", () => {
  const { X, labels } = smallProblem(1, 40, 5, 4);

  it("starts from N(0, 1) weights and 0.01 biases, as the lecture", () => {
    const net = new NeuralNetwork({ inputs: X, targets: labels, hiddenNeurons: 50, batchSize: 10, seed: 7 });
    expect(Array.from(net.hiddenBias.data)).toEqual(new Array(50).fill(0.01));
    expect(Array.from(net.outputBias.data)).toEqual(new Array(4).fill(0.01));
    const rng = new Random(7);
    const expected = Array.from({ length: 5 * 50 }, () => rng.normal());
    expect(Array.from(net.hiddenWeights.data)).toEqual(expected);
    expect(net.categories).toBe(4);
    expect(net.iterations).toBe(4);
  });

  it("same seed -> identical weights after training (both sampling modes); another seed differs", () => {
    for (const sampling of ["with-replacement-per-iteration", "shuffle-per-epoch"] as const) {
      const make = (seed: number): NeuralNetwork => new NeuralNetwork({ inputs: X, targets: labels, hiddenNeurons: 7, epochs: 5, batchSize: 10, eta: 0.05, seed, sampling });
      const a = make(3);
      const b = make(3);
      a.train();
      b.train();
      expect(b.toJSON()).toEqual(a.toJSON());
      const c = make(4);
      c.train();
      expect(c.toJSON().hiddenWeights).not.toEqual(a.toJSON().hiddenWeights);
    }
  });

  it("toJSON / fromJSON round trip gives identical weights and predictions", () => {
    const net = new NeuralNetwork({ inputs: X, targets: labels, hiddenNeurons: 7, epochs: 3, batchSize: 10, eta: 0.05, lmbd: 0.001, seed: 3, hiddenActivation: "tanh" });
    net.train();
    const text = JSON.stringify(net);
    const loaded = NeuralNetwork.fromJSON(text);
    expect(loaded.toJSON()).toEqual(net.toJSON());
    expect(loaded.hiddenActivation).toBe(activations.tanh);
    expect(Array.from(loaded.predictProbabilities(X).data)).toEqual(Array.from(net.predictProbabilities(X).data));
    expect(Array.from(loaded.predict(X))).toEqual(Array.from(net.predict(X)));
    expect(() => loaded.train()).toThrow(/NeuralNetwork\.train: this network has no training data/);
    const withData = NeuralNetwork.fromJSON(net.toJSON(), { inputs: X, targets: labels });
    withData.train({ epochs: 1 });
    expect(() => NeuralNetwork.fromJSON({ format: "other" } as never)).toThrow(/NeuralNetwork\.fromJSON: not a saved NeuralNetwork/);
  });

  // train() runs on buffers resident in WebAssembly memory (transposed layouts, fused loops);
  // it must take exactly the steps of backpropagation() (forward/backward/update on
  // row-major arrays) on the same minibatches, drawn here by replaying the generator.
  it("train() takes exactly the steps of backpropagation() on the same minibatches (bit for bit)", () => {
    const { X: Xall, Y: Yall } = smallProblem(2, 40, 5, 4);
    const n = 40;
    const d = 5;
    const C = 4;
    const cases = [
      { hiddenActivation: "sigmoid", lmbd: 0, sampling: "with-replacement-per-iteration", batchSize: 10 },
      { hiddenActivation: "sigmoid", lmbd: 0.01, sampling: "shuffle-per-epoch", batchSize: 8 },
      { hiddenActivation: "tanh", lmbd: 0.01, sampling: "with-replacement-per-iteration", batchSize: 7 },
      { hiddenActivation: "relu", lmbd: 0, sampling: "shuffle-per-epoch", batchSize: 13 },
    ] as const;
    for (const options of cases) {
      const settings = { inputs: Xall, targets: Yall, hiddenNeurons: 9, epochs: 3, eta: 0.05, seed: 11, ...options };
      const trained = new NeuralNetwork(settings);
      const history = trained.train();
      const reference = new NeuralNetwork({ ...settings, epochs: 0 });
      // replay the generator: the initial weights, then each iteration's rows
      const rng = new Random(11);
      for (let i = 0; i < d * 9 + 9 * C; i++) rng.normal();
      const pool = Int32Array.from({ length: n }, (_, i) => i);
      const B = options.batchSize;
      const iterations = Math.floor(n / B);
      const losses: number[] = [];
      for (let epoch = 0; epoch < 3; epoch++) {
        if (options.sampling === "shuffle-per-epoch") rng.shuffle(pool);
        let lossSum = 0;
        for (let it = 0; it < iterations; it++) {
          let offset = it * B;
          if (options.sampling === "with-replacement-per-iteration") {
            for (let i = 0; i < B; i++) {
              const j = i + Math.floor(rng.uniform() * (n - i));
              [pool[i], pool[j]] = [pool[j], pool[i]];
            }
            offset = 0;
          }
          const xb = new Float64Array(B * d);
          const yb = new Float64Array(B * C);
          for (let r = 0; r < B; r++) {
            xb.set(Xall.data.subarray(pool[offset + r] * d, pool[offset + r] * d + d), r * d);
            yb.set(Yall.data.subarray(pool[offset + r] * C, pool[offset + r] * C + C), r * C);
          }
          // the batch's summed cross-entropy before the step, from the (row-major) forward pass
          const p = reference.predictProbabilities(new Tensor(xb, [B, d])).data;
          for (let i = 0; i < B * C; i++) if (yb[i] !== 0) lossSum -= yb[i] * Math.log(p[i]);
          reference.backpropagation(new Tensor(xb, [B, d]), new Tensor(yb, [B, C]));
        }
        losses.push(lossSum / (iterations * B));
      }
      const label = JSON.stringify(options);
      expect(Array.from(trained.hiddenWeights.data), label).toEqual(Array.from(reference.hiddenWeights.data));
      expect(Array.from(trained.hiddenBias.data), label).toEqual(Array.from(reference.hiddenBias.data));
      expect(Array.from(trained.outputWeights.data), label).toEqual(Array.from(reference.outputWeights.data));
      expect(Array.from(trained.outputBias.data), label).toEqual(Array.from(reference.outputBias.data));
      for (let e = 0; e < 3; e++) expect(history.loss[e], label).toBeCloseTo(losses[e], 10);
      // an onEpoch callback that runs other kernels (on the same WebAssembly memory) changes nothing
      const watched = new NeuralNetwork(settings);
      const probe = smallProblem(5, 300, 20, 3);
      watched.train({ onEpoch: ({ network }) => void network.predict(Xall) });
      watched.train({ onEpoch: () => void matmulKernel(probe.X.data, probe.X.data.slice(0, 20 * 300), new Float64Array(300 * 300), 300, 20, 300) });
      trained.train();
      expect(watched.toJSON(), label).toEqual(trained.toJSON());
    }
  });

  it("train reports each epoch and can stop early", () => {
    const net = new NeuralNetwork({ inputs: X, targets: labels, hiddenNeurons: 7, epochs: 10, batchSize: 10, eta: 0.01, seed: 3 });
    const seen: number[] = [];
    const progress: [number, number][] = [];
    let finished = 0;
    const history = net.train({
      onEpoch: (info) => {
        seen.push(info.epoch);
        return info.epoch < 4;
      },
      progress: { update: (done, metrics) => progress.push([done, metrics?.loss ?? NaN]), finish: () => finished++ },
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(progress.map(([done]) => done)).toEqual([1, 2, 3, 4]);
    expect(progress.map(([, loss]) => loss)).toEqual(history.loss);
    expect(finished).toBe(1);
    expect(history.loss.length).toBe(4);
    expect(history.loss[3]).toBeLessThan(history.loss[0]);
  });
});

describe("NeuralNetwork on the 8x8 digits (seeded 80/20 split)", () => {
  const digits = loadDigits();
  const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 0 });
  const scaled = (t: Tensor): Tensor => new Tensor(t.data.map((v) => v / 16), t.shape);

  it("the lecture's settings (pixels 0..16, eta 0.01, batch 100, 100 epochs) learn", () => {
    const net = new NeuralNetwork({ inputs: split.trainFeatures, targets: split.trainLabels, hiddenNeurons: 50, categories: 10, epochs: 100, batchSize: 100, eta: 0.01, lmbd: 0, seed: 1 });
    const history = net.train();
    expect(history.loss[99]).toBeLessThan(history.loss[0] / 10);
    expect(accuracy(net.predict(split.testFeatures), split.testLabels)).toBeGreaterThan(0.9);
  });

  it("a too-large eta (10) on the unscaled pixels fails to learn (chance level)", () => {
    const net = new NeuralNetwork({ inputs: split.trainFeatures, targets: split.trainLabels, epochs: 100, batchSize: 100, eta: 10, seed: 1 });
    net.train();
    expect(accuracy(net.predict(split.testFeatures), split.testLabels)).toBeLessThan(0.3);
  });

  it("a sensible configuration (inputs scaled to [0, 1], eta 0.1, lmbd 1e-3, batch 20, 200 epochs) reaches >= 97% test accuracy", () => {
    const net = new NeuralNetwork({
      inputs: scaled(split.trainFeatures), targets: split.trainLabels, hiddenNeurons: 50, epochs: 200, batchSize: 20,
      eta: 0.1, lmbd: 1e-3, seed: 1, sampling: "shuffle-per-epoch",
    });
    net.train();
    expect(accuracy(net.predict(scaled(split.testFeatures)), split.testLabels)).toBeGreaterThanOrEqual(0.97);
  });
});

describe("NeuralNetwork bad input", () => {
  const { X, Y, labels } = smallProblem(2, 10, 3, 3);
  const base = { inputs: X, targets: Y, batchSize: 5 };

  it("names the argument and what is wrong", () => {
    const net = new NeuralNetwork(base);
    expect(() => net.predict(new Tensor(new Float64Array(8), [2, 4]))).toThrow(/NeuralNetwork\.predictProbabilities: X has 4 columns \(features\) but the network expects 3/);
    expect(() => new NeuralNetwork({ ...base, targets: Int32Array.from([0, 1, 2, 3, 0, 1, 2, 0, 1, 2]), categories: 3 })).toThrow(/NeuralNetwork: targets\[3\] = 3 is out of range for 3 categories \(0\.\.2\)/);
    expect(() => new NeuralNetwork({ ...base, targets: Int32Array.from([0, 1, -1, 0, 0, 1, 2, 0, 1, 2]) })).toThrow(/targets\[2\] = -1 is not a class index/);
    const badRows = Y.data.slice();
    badRows[0] = 1;
    badRows[1] = 1;
    badRows[2] = 0;
    expect(() => new NeuralNetwork({ ...base, targets: new Tensor(badRows, [10, 3]) })).toThrow(/NeuralNetwork: targets row 0 sums to 2, not 1/);
    expect(() => new NeuralNetwork({ ...base, batchSize: 0 })).toThrow(/NeuralNetwork: batchSize must be an integer in \[1, 10\], got 0 \(the training data has 10 rows\)/);
    expect(() => new NeuralNetwork({ ...base, batchSize: 11 })).toThrow(/batchSize must be an integer in \[1, 10\], got 11/);
    expect(() => new NeuralNetwork({ ...base, eta: -0.1 })).toThrow(/NeuralNetwork: eta must be a finite number >= 0, got -0\.1/);
    expect(() => new NeuralNetwork({ ...base, eta: NaN })).toThrow(/eta must be a finite number >= 0, got NaN/);
    expect(() => new NeuralNetwork({ ...base, lmbd: NaN })).toThrow(/lmbd must be a finite number >= 0, got NaN/);
    const nan = X.data.slice();
    nan[7] = NaN;
    expect(() => new NeuralNetwork({ ...base, inputs: new Tensor(nan, [10, 3]) })).toThrow(/NeuralNetwork: inputs contains NaN at row 2, column 1/);
    expect(() => new NeuralNetwork({ ...base, targets: new Tensor(Y.data.slice(0, 27), [9, 3]) })).toThrow(/targets has 9 rows but the inputs have 10/);
    expect(() => new NeuralNetwork({ ...base, targets: Y, categories: 4 })).toThrow(/targets has 3 columns but categories = 4/);
    expect(() => new NeuralNetwork({ ...base, hiddenActivation: "softmax" })).toThrow(/hiddenActivation must be element-wise/);
    expect(() => new NeuralNetwork({ ...base, sampling: "bootstrap" as never })).toThrow(/sampling must be/);
    expect(() => new NeuralNetwork({ ...base, inputs: new Tensor(new Float64Array(30), [30]) })).toThrow(/inputs must be a rank-2 tensor \[n, d\], got shape \[30\]/);
    expect(labels.length).toBe(10);
  });

  it("rejects misspelt options instead of silently using the defaults", () => {
    expect(() => new NeuralNetwork({ ...base, hidden: 0 } as never)).toThrow(/NeuralNetwork: unknown option options\.hidden; known options: inputs, targets, hiddenNeurons,/);
    expect(() => new NeuralNetwork({ ...base, seed: 1.5 })).toThrow(/NeuralNetwork: seed must be an integer or a Random, got 1\.5/);
    expect(() => new NeuralNetwork(base).train({ epoch: 3 } as never)).toThrow(/NeuralNetwork\.train: unknown option options\.epoch; known options: onEpoch, progress, epochs/);
  });

  it("a diverging run stops with the epoch and a suggestion", () => {
    // leaky ReLU hidden units (unbounded) with eta = 1 on inputs up to 100: the weights blow up to Infinity/NaN
    const rng = new Random(1);
    const big = new Tensor(new Float64Array(40 * 3).map(() => 100 * rng.uniform()), [40, 3]);
    const y = Int32Array.from({ length: 40 }, (_, i) => i % 3);
    const net = new NeuralNetwork({ inputs: big, targets: y, hiddenActivation: "leakyRelu", batchSize: 10, epochs: 50, eta: 1, seed: 1 });
    expect(() => net.train()).toThrow(/NeuralNetwork\.train: the training loss (became (NaN|Infinity)|exploded to [0-9.e+]+ \(first epoch [0-9.e+-]+\)) at epoch \d+ of 50 \(eta = 1\): training diverged\. Try a smaller learning rate eta, or scale the inputs/);
  });
});
