/**
 * Nielsen's `Network` (lecture 003; "Neural Networks and Deep Learning",
 * network.py / network2.py): a fully connected sigmoid network built from a
 * list of layer sizes, e.g. `new Network([784, 30, 10])`, trained by
 * minibatch stochastic gradient descent.
 *
 * Notation: layer l has weights W^l [sizes[l-1], sizes[l]] (row k, column j
 * connects neuron k of layer l-1 to neuron j of layer l) and biases b^l.
 * For a minibatch of m rows (one sample per row):
 *   z^l = a^{l-1} W^l + b^l,   a^l = σ(z^l)
 * The four backpropagation equations:
 *   (BP1) δ^L = ∇_a C ⊙ σ'(z^L)            = cost.delta(z^L, a^L, y)
 *   (BP2) δ^l = (δ^{l+1} (W^{l+1})ᵀ) ⊙ σ'(z^l)
 *   (BP3) ∂C/∂b^l = Σ_rows δ^l
 *   (BP4) ∂C/∂W^l = (a^{l-1})ᵀ δ^l
 * SGD averages over the minibatch and uses Nielsen's L2 weight decay:
 *   W ← (1 - eta lmbd / n) W - (eta / m) ∂C/∂W,    b ← b - (eta / m) ∂C/∂b
 * with n the size of the training set.
 */
import { Random, toRandom } from "../random";
import { Tensor } from "../tensor/tensor";
import { matmulKernel } from "../kernels/matmul";
import { getActivation, type Activation } from "../nn/activations";
import { costs, getCost, type Cost } from "../nn/costs";
import {
  checkDivergence, checkInteger, checkKnownOptions, checkNonNegative, readMatrix, readTargets, type MatrixInput,
} from "./validate";
import { createProgress, type Progress } from "../progress/createProgress";

/** Options of `new Network(sizes, options)`. */
export interface NetworkOptions {
  /** The cost (default `costs.quadratic`, as network.py); its `outputActivation` is used in the last layer. */
  cost?: Cost | string;
  /** Seed (or generator) for the initial weights and the shuffles (default 0). */
  seed?: number | Random;
  /** Activation of the hidden layers (default "sigmoid"). */
  activation?: string | Activation;
  /**
   * "standard" (default, the lecture/network.py): weights and biases N(0, 1).
   * "scaled" (network2.py's default): weights N(0, 1/n_in), biases N(0, 1).
   */
  init?: "standard" | "scaled";
}

/** A labelled data set: inputs [n, d] with one-hot targets [n, C] or integer labels. */
export interface NetworkData {
  /** Inputs [n, d] (`features` is accepted too, as returned by the data loaders). */
  inputs?: MatrixInput;
  features?: MatrixInput;
  /** One-hot (or, for a single output neuron, 0/1) targets [n, C]. */
  targets?: MatrixInput;
  /** Integer class labels (used when `targets` is absent; 0/1 for a single output neuron). */
  labels?: Int32Array | number[];
}

/** What `SGD` reports after each epoch. */
export interface NetworkEpochInfo {
  epoch: number;
  epochs: number;
  /** Mean cost per training sample over the epoch's minibatches (without the L2 term). */
  trainingCost: number;
  /** Fraction of the test data classified correctly (if testData was given). */
  testAccuracy?: number;
  seconds: number;
  network: Network;
}

/** Options of `SGD`. */
export interface NetworkSGDOptions {
  trainingData: NetworkData;
  epochs: number;
  miniBatchSize: number;
  eta: number;
  /** L2 regularisation (default 0). */
  lmbd?: number;
  /** Evaluated after each epoch (accuracy). */
  testData?: NetworkData;
  /** Called after each epoch; return false to stop. */
  onEpoch?: (info: NetworkEpochInfo) => void | boolean;
  /** A progress bar (epoch i/N, cost, test accuracy, ETA): `true` for the default display, or a `Progress`. */
  progress?: boolean | Progress;
}

/** Per-epoch history returned by `SGD`. */
export interface NetworkHistory {
  trainingCost: number[];
  testAccuracy: number[];
  seconds: number;
}

/** Gradients per layer (index 0 = first weight layer), summed over the rows. */
export interface NetworkGradients {
  nablaW: Tensor[];
  nablaB: Tensor[];
}

/** The JSON form of a Network. */
export interface NetworkJSON {
  format: "nnlab.Network";
  version: 1;
  sizes: number[];
  cost: string;
  activation: string;
  seed: number;
  weights: number[][];
  biases: number[][];
}

const NAME = "Network";

interface Pass {
  rows: number;
  zs: Float64Array[]; // zs[l]: [rows, sizes[l+1]]
  as: Float64Array[]; // as[0] = x [rows, sizes[0]], as[l+1] = f(zs[l])
  deltas: Float64Array[]; // like zs
  scratch: Float64Array[]; // like zs
  y: Float64Array; // [rows, C]
}

export class Network {
  readonly sizes: readonly number[];
  readonly numLayers: number;
  readonly cost: Cost;
  readonly activation: Activation;
  readonly seed: number;
  /** weights[l]: [sizes[l], sizes[l+1]] */
  readonly weights: Tensor[];
  /** biases[l]: [sizes[l+1]] */
  readonly biases: Tensor[];
  private readonly rng: Random;
  private readonly nablaW: Float64Array[];
  private readonly nablaB: Float64Array[];

  constructor(sizes: number[], options: NetworkOptions = {}) {
    if (!Array.isArray(sizes) || sizes.length < 2) {
      throw new Error(`${NAME}: sizes must list at least two layer sizes, e.g. [784, 30, 10], got ${JSON.stringify(sizes)}`);
    }
    sizes.forEach((s, i) => checkInteger(NAME, `sizes[${i}]`, s, 1));
    if (options === null || typeof options !== "object") throw new Error(`${NAME}: options must be an object { cost, seed, activation, init }`);
    checkKnownOptions(NAME, "options", options, ["cost", "seed", "activation", "init"]);
    this.sizes = Object.freeze(sizes.slice());
    this.numLayers = sizes.length;
    this.cost = getCost(options.cost ?? costs.quadratic);
    this.activation = getActivation(options.activation ?? "sigmoid");
    if (!this.activation.elementwise) throw new Error(`${NAME}: activation must be element-wise, got "${this.activation.name}"`);
    const init = options.init ?? "standard";
    if (init !== "standard" && init !== "scaled") throw new Error(`${NAME}: init must be "standard" or "scaled", got ${String(init)}`);
    if (options.seed !== undefined && !(options.seed instanceof Random) && !Number.isInteger(options.seed)) {
      throw new Error(`${NAME}: seed must be an integer or a Random, got ${String(options.seed)}`);
    }
    this.rng = toRandom(options.seed, 0);
    this.seed = this.rng.seed;
    this.weights = [];
    this.biases = [];
    this.nablaW = [];
    this.nablaB = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const b = new Float64Array(nOut);
      for (let j = 0; j < nOut; j++) b[j] = this.rng.normal();
      const w = new Float64Array(nIn * nOut);
      const std = init === "scaled" ? 1 / Math.sqrt(nIn) : 1;
      for (let i = 0; i < w.length; i++) w[i] = this.rng.normal() * std;
      this.biases.push(new Tensor(b, [nOut]));
      this.weights.push(new Tensor(w, [nIn, nOut]));
      this.nablaW.push(new Float64Array(nIn * nOut));
      this.nablaB.push(new Float64Array(nOut));
    }
  }

  private get outputs(): number {
    return this.sizes[this.sizes.length - 1];
  }

  private newPass(rows: number): Pass {
    const zs: Float64Array[] = [];
    const as: Float64Array[] = [new Float64Array(rows * this.sizes[0])];
    const deltas: Float64Array[] = [];
    const scratch: Float64Array[] = [];
    for (let l = 1; l < this.sizes.length; l++) {
      const size = rows * this.sizes[l];
      zs.push(new Float64Array(size));
      as.push(new Float64Array(size));
      deltas.push(new Float64Array(size));
      scratch.push(new Float64Array(size));
    }
    return { rows, zs, as, deltas, scratch, y: new Float64Array(rows * this.outputs) };
  }

  /** z^l = a^{l-1} W^l + b^l, a^l = f(z^l) for every layer; a^0 = pass.as[0]. */
  private forward(pass: Pass): void {
    const L = this.weights.length;
    for (let l = 0; l < L; l++) {
      const nIn = this.sizes[l];
      const nOut = this.sizes[l + 1];
      const z = pass.zs[l];
      // a^{l-1}: [rows, nIn] · W: [nIn, nOut] -> z: [rows, nOut]
      matmulKernel(pass.as[l], this.weights[l].data, z, pass.rows, nIn, nOut);
      const b = this.biases[l].data;
      for (let r = 0, o = 0; r < pass.rows; r++, o += nOut) for (let j = 0; j < nOut; j++) z[o + j] += b[j];
      const f = l === L - 1 ? this.cost.outputActivation : this.activation;
      f.fn(z, pass.as[l + 1], { columns: nOut });
    }
  }

  /** BP1-BP4 on a forward pass; fills nablaW/nablaB (sums over the rows). */
  private backward(pass: Pass): void {
    const L = this.weights.length;
    const C = this.outputs;
    // (BP1) δ^L = cost.delta(z^L, a^L, y)
    this.cost.delta(pass.zs[L - 1], pass.as[L], pass.y, pass.rows, C, pass.deltas[L - 1]);
    for (let l = L - 1; l >= 0; l--) {
      const nIn = this.sizes[l];
      const nOut = this.sizes[l + 1];
      const delta = pass.deltas[l]; // [rows, nOut]
      // (BP3) ∂C/∂b = Σ_rows δ
      const nb = this.nablaB[l];
      nb.fill(0);
      for (let r = 0, o = 0; r < pass.rows; r++, o += nOut) for (let j = 0; j < nOut; j++) nb[j] += delta[o + j];
      // (BP4) ∂C/∂W = (a^{l-1})ᵀ δ    a: [rows, nIn] -> [nIn, nOut]
      matmulKernel(pass.as[l], delta, this.nablaW[l], nIn, pass.rows, nOut, { transA: true });
      if (l > 0) {
        // (BP2) δ^{l-1} = (δ^l Wᵀ) ⊙ f'(z^{l-1})    δ: [rows, nOut], W: [nIn, nOut] -> [rows, nIn]
        const back = pass.scratch[l - 1];
        matmulKernel(delta, this.weights[l].data, back, pass.rows, nOut, nIn, { transB: true });
        this.activation.derivative(pass.zs[l - 1], pass.deltas[l - 1], { vector: back });
      }
    }
  }

  /** Output activations a^L for each row of X: [rows, sizes[L]]. */
  feedforward(X: MatrixInput): Tensor {
    const x = readMatrix(`${NAME}.feedforward`, "X", X, this.sizes[0]);
    const pass = this.newPass(x.rows);
    pass.as[0].set(x.data);
    this.forward(pass);
    return new Tensor(pass.as[this.weights.length], [x.rows, this.outputs]);
  }

  /** The gradient of the (summed) cost over the rows of (x, y) by BP1-BP4 (no regularisation term). */
  backprop(x: MatrixInput, y: MatrixInput | Int32Array | number[]): NetworkGradients {
    const fn = `${NAME}.backprop`;
    const isLabels = y instanceof Int32Array || (Array.isArray(y) && !Array.isArray(y[0]));
    const data = this.readData(fn, isLabels ? { inputs: x, labels: y as Int32Array } : { inputs: x, targets: y as MatrixInput });
    const pass = this.newPass(data.rows);
    pass.as[0].set(data.x);
    pass.y.set(data.y);
    this.forward(pass);
    this.backward(pass);
    return {
      nablaW: this.nablaW.map((g, l) => new Tensor(g.slice(), [this.sizes[l], this.sizes[l + 1]])),
      nablaB: this.nablaB.map((g, l) => new Tensor(g.slice(), [this.sizes[l + 1]])),
    };
  }

  private readData(fn: string, data: NetworkData, arg = "data"): { x: Float64Array; y: Float64Array; labels: Int32Array; rows: number } {
    if (!data || typeof data !== "object") throw new Error(`${fn}: ${arg} must be { inputs, targets } or { inputs, labels }`);
    const inputs = data.inputs ?? data.features;
    if (inputs === undefined) throw new Error(`${fn}: ${arg}.inputs is missing`);
    const x = readMatrix(fn, `${arg}.inputs`, inputs, this.sizes[0]);
    const C = this.outputs;
    const targets = data.targets ?? data.labels;
    if (targets === undefined) throw new Error(`${fn}: ${arg} needs targets (one-hot) or labels`);
    if (C === 1 && data.targets === undefined) {
      // a single output neuron: labels 0/1 are the targets themselves
      const labels = Int32Array.from(data.labels as ArrayLike<number>);
      if (labels.length !== x.rows) throw new Error(`${fn}: ${arg}.labels has ${labels.length} labels but the inputs have ${x.rows} rows`);
      labels.forEach((v, i) => {
        if (v !== 0 && v !== 1) throw new Error(`${fn}: ${arg}.labels[${i}] = ${v} is out of range: a single output neuron takes labels 0 or 1`);
      });
      return { x: x.data, y: Float64Array.from(labels), labels, rows: x.rows };
    }
    const t = readTargets(fn, data.targets !== undefined ? `${arg}.targets` : `${arg}.labels`, targets, x.rows, C);
    return { x: x.data, y: t.data, labels: t.labels, rows: x.rows };
  }

  /**
   * Minibatch stochastic gradient descent: each epoch shuffles the training
   * data and steps through it in minibatches of `miniBatchSize` (the last one
   * may be smaller). Throws if the cost becomes NaN/Inf.
   */
  SGD(options: NetworkSGDOptions): NetworkHistory {
    const fn = `${NAME}.SGD`;
    if (!options || typeof options !== "object") throw new Error(`${fn}: options must be { trainingData, epochs, miniBatchSize, eta }`);
    checkKnownOptions(fn, "options", options, ["trainingData", "epochs", "miniBatchSize", "eta", "lmbd", "testData", "onEpoch", "progress"]);
    const train = this.readData(fn, options.trainingData, "trainingData");
    const test = options.testData ? this.readData(fn, options.testData, "testData") : null;
    const epochs = checkInteger(fn, "epochs", options.epochs, 0);
    const n = train.rows;
    const m = checkInteger(fn, "miniBatchSize", options.miniBatchSize, 1, n, ` (the training data has ${n} rows)`);
    const eta = checkNonNegative(fn, "eta", options.eta);
    const lmbd = checkNonNegative(fn, "lmbd", options.lmbd ?? 0);
    const d = this.sizes[0];
    const C = this.outputs;
    const L = this.weights.length;
    const full = this.newPass(m);
    const rest = n % m === 0 ? null : this.newPass(n % m);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const history: NetworkHistory = { trainingCost: [], testAccuracy: [], seconds: 0 };
    const bar = options.progress === true ? createProgress({ total: epochs, label: "epoch" }) : options.progress || null;
    let metrics: Record<string, number> = {};
    const start = performance.now();
    const decay = 1 - (eta * lmbd) / n;
    let firstCost = NaN; // the reference of the explosion rule (see checkDivergence)
    for (let epoch = 1; epoch <= epochs; epoch++) {
      this.rng.shuffle(order);
      let costSum = 0;
      for (let k = 0; k < n; k += m) {
        const pass = k + m <= n ? full : (rest as Pass);
        const rows = pass.rows;
        for (let r = 0; r < rows; r++) {
          const row = order[k + r];
          pass.as[0].set(train.x.subarray(row * d, row * d + d), r * d);
          pass.y.set(train.y.subarray(row * C, row * C + C), r * C);
        }
        this.forward(pass);
        const batchCost = this.cost.fnFromLogits(pass.zs[L - 1], pass.y, rows, C);
        costSum += this.cost.reduction === "mean" ? batchCost * rows : batchCost;
        this.backward(pass);
        // update_mini_batch: W ← (1 - eta lmbd/n) W - (eta/m) ∇W, b ← b - (eta/m) ∇b
        const scale = this.cost.reduction === "mean" ? eta : eta / rows;
        for (let l = 0; l < L; l++) {
          const w = this.weights[l].data;
          const gw = this.nablaW[l];
          if (decay === 1) for (let i = 0; i < w.length; i++) w[i] -= scale * gw[i];
          else for (let i = 0; i < w.length; i++) w[i] = decay * w[i] - scale * gw[i];
          const b = this.biases[l].data;
          const gb = this.nablaB[l];
          for (let i = 0; i < b.length; i++) b[i] -= scale * gb[i];
        }
      }
      const trainingCost = costSum / n;
      history.trainingCost.push(trainingCost);
      if (epoch === 1) firstCost = trainingCost;
      checkDivergence(fn, trainingCost, firstCost, [...this.weights, ...this.biases], epoch, epochs, eta);
      let testAccuracy: number | undefined;
      if (test) {
        testAccuracy = this.countCorrect(test.x, test.labels, test.rows) / test.rows;
        history.testAccuracy.push(testAccuracy);
      }
      const seconds = (performance.now() - start) / 1000;
      metrics = testAccuracy === undefined ? { cost: trainingCost } : { cost: trainingCost, accuracy: testAccuracy };
      bar?.update(epoch, metrics);
      if (options.onEpoch && options.onEpoch({ epoch, epochs, trainingCost, testAccuracy, seconds, network: this }) === false) break;
    }
    bar?.finish(metrics);
    history.seconds = (performance.now() - start) / 1000;
    return history;
  }

  private countCorrect(x: Float64Array, labels: Int32Array, rows: number): number {
    const predicted = this.predictData(x, rows);
    let correct = 0;
    for (let i = 0; i < rows; i++) if (predicted[i] === labels[i]) correct++;
    return correct;
  }

  private predictData(x: Float64Array, rows: number): Int32Array {
    const pass = this.newPass(rows);
    pass.as[0].set(x);
    this.forward(pass);
    const a = pass.as[this.weights.length];
    const C = this.outputs;
    const out = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      if (C === 1) {
        out[r] = a[r] >= 0.5 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let c = 1; c < C; c++) if (a[r * C + c] > a[r * C + best]) best = c;
      out[r] = best;
    }
    return out;
  }

  /** Predicted class of each row: the most active output neuron (or a >= 0.5 for a single output). */
  predict(X: MatrixInput): Int32Array {
    const x = readMatrix(`${NAME}.predict`, "X", X, this.sizes[0]);
    return this.predictData(x.data, x.rows);
  }

  /** Number of test rows classified correctly (as Nielsen's evaluate). */
  evaluate(testData: NetworkData): number {
    const t = this.readData(`${NAME}.evaluate`, testData, "testData");
    return this.countCorrect(t.x, t.labels, t.rows);
  }

  /** Nielsen's total_cost: mean cost per row plus ½ (lmbd/n) Σ ||W||². */
  totalCost(data: NetworkData, lmbd = 0): number {
    const fn = `${NAME}.totalCost`;
    const t = this.readData(fn, data);
    checkNonNegative(fn, "lmbd", lmbd);
    const pass = this.newPass(t.rows);
    pass.as[0].set(t.x);
    pass.y.set(t.y);
    this.forward(pass);
    const L = this.weights.length;
    let cost = this.cost.fnFromLogits(pass.zs[L - 1], pass.y, t.rows, this.outputs);
    if (this.cost.reduction === "sum") cost /= t.rows;
    let squares = 0;
    for (const w of this.weights) for (let i = 0; i < w.data.length; i++) squares += w.data[i] * w.data[i];
    return cost + 0.5 * (lmbd / t.rows) * squares;
  }

  /** Architecture, cost and weights as plain JSON (numbers round-trip exactly). */
  toJSON(): NetworkJSON {
    return {
      format: "nnlab.Network",
      version: 1,
      sizes: this.sizes.slice(),
      cost: this.cost.name,
      activation: this.activation.name,
      seed: this.seed,
      weights: this.weights.map((w) => Array.from(w.data)),
      biases: this.biases.map((b) => Array.from(b.data)),
    };
  }

  /** Rebuilds a Network from `toJSON()` output (object or JSON string). */
  static fromJSON(json: string | NetworkJSON): Network {
    const fn = `${NAME}.fromJSON`;
    const j = (typeof json === "string" ? JSON.parse(json) : json) as NetworkJSON;
    if (!j || j.format !== "nnlab.Network") throw new Error(`${fn}: not a saved Network (format = ${String(j?.format)})`);
    if (j.version !== 1) throw new Error(`${fn}: unsupported version ${String(j.version)}`);
    const net = new Network(j.sizes, { cost: j.cost, activation: j.activation, seed: j.seed });
    const copy = (name: "weights" | "biases", targets: Tensor[]): void => {
      const lists = j[name];
      if (!Array.isArray(lists) || lists.length !== targets.length) throw new Error(`${fn}: ${name} must hold ${targets.length} arrays`);
      targets.forEach((t, l) => {
        const values = lists[l];
        if (!Array.isArray(values) || values.length !== t.size) throw new Error(`${fn}: ${name}[${l}] must hold ${t.size} numbers`);
        for (let i = 0; i < values.length; i++) {
          if (typeof values[i] !== "number" || !Number.isFinite(values[i])) throw new Error(`${fn}: ${name}[${l}][${i}] is not a finite number`);
          t.data[i] = values[i];
        }
      });
    };
    copy("weights", net.weights);
    copy("biases", net.biases);
    return net;
  }
}
