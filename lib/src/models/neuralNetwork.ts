/**
 * The lectures' feed-forward network class (week 49, lecture 001): one hidden
 * layer, softmax output, cross-entropy cost, minibatch SGD with L2.
 *
 * Notation (one minibatch of B rows):
 *   z_h = X W_h + b_h,   a_h = f(z_h)                 hidden layer   [B, hidden]
 *   z_o = a_h W_o + b_o, a_o = softmax(z_o)           output layer   [B, categories]
 * and the four backpropagation equations, written out explicitly (no tape):
 *   δ_L = a_o - y                                     output error (softmax + cross-entropy)
 *   δ_h = (δ_L W_oᵀ) ⊙ f'(z_h)                        hidden error
 *   ∂C/∂W_o = a_hᵀ δ_L (+ lmbd W_o),  ∂C/∂b_o = Σ_rows δ_L
 *   ∂C/∂W_h = Xᵀ δ_h  (+ lmbd W_h),   ∂C/∂b_h = Σ_rows δ_h
 * The gradients are summed over the batch (not averaged), as in the lecture:
 * they are the gradients of C = Σ_batch (-Σ_c y ln a_o) + (lmbd/2)(||W_h||² + ||W_o||²).
 * Update: θ ← θ - eta ∂C/∂θ.
 *
 * Everything runs on preallocated Float64Arrays with `matmulKernel`, so the
 * lecture's 64-50-10 digits run (100 epochs, batch 100) takes a fraction of a second.
 */
import { Random, toRandom } from "../random";
import { Tensor } from "../tensor/tensor";
import { matmulKernel } from "../kernels/matmul";
import { getActivation, type Activation } from "../nn/activations";
import { createProgress, type Progress } from "../progress/createProgress";
import {
  checkDivergence, checkInteger, checkKnownOptions, checkNonNegative, readMatrix, readTargets, type MatrixInput,
} from "./validate";

/** How minibatches are drawn. */
export type SamplingMode = "with-replacement-per-iteration" | "shuffle-per-epoch";

/** Options of `new NeuralNetwork(...)` (the lecture's constructor arguments). */
export interface NeuralNetworkOptions {
  /** Training inputs X [n, features]. */
  inputs: MatrixInput;
  /** One-hot targets Y [n, categories] (or integer labels, converted to one-hot). */
  targets: MatrixInput | Int32Array | number[];
  /** Neurons in the hidden layer (default 50). */
  hiddenNeurons?: number;
  /** Output categories (default: the number of target columns; the lecture's 10 for the digits). */
  categories?: number;
  /** Passes over the data (default 10). */
  epochs?: number;
  /** Rows per minibatch (default 100); n / batchSize iterations make one epoch. */
  batchSize?: number;
  /** Learning rate (default 0.1). */
  eta?: number;
  /** L2 regularisation strength (default 0): adds lmbd W to the weight gradients. */
  lmbd?: number;
  /** Seed (or generator) for the initial weights and the minibatches (default 0). */
  seed?: number | Random;
  /** Hidden activation, a name or an Activation (default "sigmoid"). */
  hiddenActivation?: string | Activation;
  /**
   * "with-replacement-per-iteration" (default, the lecture): every iteration draws batchSize distinct
   * rows at random, independently of the other iterations, so a row may be used twice in an epoch or not at all.
   * "shuffle-per-epoch": a fresh permutation each epoch cut into n / batchSize batches (the remainder is skipped).
   */
  sampling?: SamplingMode;
}

/** What `train` reports after each epoch. */
export interface NeuralNetworkEpochInfo {
  /** 1-based epoch number. */
  epoch: number;
  /** Total epochs of this `train` call. */
  epochs: number;
  /** Mean cross-entropy per training row over this epoch's minibatches (without the L2 term). */
  loss: number;
  /** Seconds since `train` started. */
  seconds: number;
  /** The network (e.g. to compute a test accuracy). */
  network: NeuralNetwork;
}

/** Options of `train`. */
export interface NeuralNetworkTrainOptions {
  /** Called after each epoch; return false to stop early. */
  onEpoch?: (info: NeuralNetworkEpochInfo) => void | boolean;
  /** A progress bar (epoch i/N, loss, ETA): `true` for the default display, or a `Progress` from `createProgress`. */
  progress?: boolean | Progress;
  /** Epochs for this call (default: the constructor's `epochs`). */
  epochs?: number;
}

/** What `train` returns. */
export interface NeuralNetworkHistory {
  /** Mean training loss of each epoch. */
  loss: number[];
  /** Wall-clock seconds. */
  seconds: number;
}

/** The four gradients, shaped like the parameters. */
export interface NeuralNetworkGradients {
  hiddenWeights: Tensor; // [features, hidden]
  hiddenBias: Tensor; // [hidden]
  outputWeights: Tensor; // [hidden, categories]
  outputBias: Tensor; // [categories]
}

/** The intermediate values of a forward pass (the lecture's feed_forward). */
export interface NeuralNetworkForward {
  /** z_h = X W_h + b_h [n, hidden] */
  hiddenWeightedInputs: Tensor;
  /** a_h = f(z_h) [n, hidden] */
  hiddenActivations: Tensor;
  /** z_o = a_h W_o + b_o [n, categories] */
  outputWeightedInputs: Tensor;
  /** a_o = softmax(z_o) [n, categories] */
  probabilities: Tensor;
}

/** The JSON form written by `toJSON` and read by `NeuralNetwork.fromJSON`. */
export interface NeuralNetworkJSON {
  format: "nnlab.NeuralNetwork";
  version: 1;
  features: number;
  hiddenNeurons: number;
  categories: number;
  hiddenActivation: string;
  epochs: number;
  batchSize: number;
  eta: number;
  lmbd: number;
  seed: number;
  sampling: SamplingMode;
  hiddenWeights: number[];
  hiddenBias: number[];
  outputWeights: number[];
  outputBias: number[];
}

/** Buffers for one pass over B rows. */
class Workspace {
  readonly x: Float64Array; // [B, features]
  readonly y: Float64Array; // [B, categories]
  readonly zh: Float64Array; // [B, hidden]
  readonly ah: Float64Array; // [B, hidden]
  readonly zo: Float64Array; // [B, categories]
  readonly probabilities: Float64Array; // [B, categories]
  readonly deltaOutput: Float64Array; // [B, categories]
  readonly deltaHidden: Float64Array; // [B, hidden]
  readonly scratch: Float64Array; // [B, hidden]
  constructor(readonly rows: number, features: number, hidden: number, categories: number) {
    this.x = new Float64Array(rows * features);
    this.y = new Float64Array(rows * categories);
    this.zh = new Float64Array(rows * hidden);
    this.ah = new Float64Array(rows * hidden);
    this.zo = new Float64Array(rows * categories);
    this.probabilities = new Float64Array(rows * categories);
    this.deltaOutput = new Float64Array(rows * categories);
    this.deltaHidden = new Float64Array(rows * hidden);
    this.scratch = new Float64Array(rows * hidden);
  }
}

const NAME = "NeuralNetwork";
/** The keys of NeuralNetworkOptions (and the internal `fromJSON`). */
const CONSTRUCTOR_OPTIONS = [
  "inputs", "targets", "hiddenNeurons", "categories", "epochs", "batchSize", "eta", "lmbd", "seed", "hiddenActivation", "sampling", "fromJSON",
];

export class NeuralNetwork {
  /** Input features d. */
  readonly features: number;
  readonly hiddenNeurons: number;
  readonly categories: number;
  readonly hiddenActivation: Activation;
  readonly sampling: SamplingMode;
  readonly seed: number;
  epochs: number;
  batchSize: number;
  eta: number;
  lmbd: number;

  /** W_h [features, hidden], N(0, 1) at start. Trained in place. */
  readonly hiddenWeights: Tensor;
  /** b_h [hidden], 0.01 at start. */
  readonly hiddenBias: Tensor;
  /** W_o [hidden, categories], N(0, 1) at start. */
  readonly outputWeights: Tensor;
  /** b_o [categories], 0.01 at start. */
  readonly outputBias: Tensor;

  private inputsData: Float64Array | null = null; // [n, features]
  private targetsData: Float64Array | null = null; // [n, categories]
  private rows = 0;
  private readonly rng: Random;
  private space: Workspace | null = null;
  private indexPool: Int32Array | null = null;
  // gradient buffers, shaped like the parameters
  private readonly gradHiddenWeights: Float64Array;
  private readonly gradHiddenBias: Float64Array;
  private readonly gradOutputWeights: Float64Array;
  private readonly gradOutputBias: Float64Array;

  constructor(options: NeuralNetworkOptions) {
    if (options === null || typeof options !== "object") {
      throw new Error(`${NAME}: options must be an object { inputs, targets, ... }`);
    }
    checkKnownOptions(NAME, "options", options, CONSTRUCTOR_OPTIONS);
    const loading = (options as { fromJSON?: NeuralNetworkJSON }).fromJSON;
    let features: number;
    let categories: number;
    if (loading) {
      features = loading.features;
      categories = loading.categories;
    } else {
      const x = readMatrix(NAME, "inputs", options.inputs);
      features = x.columns;
      if (options.categories !== undefined) checkInteger(NAME, "categories", options.categories, 1);
      const y = readTargets(NAME, "targets", options.targets, x.rows, options.categories);
      categories = y.categories;
      this.inputsData = x.data;
      this.targetsData = y.data;
      this.rows = x.rows;
    }
    this.features = features;
    this.categories = categories;
    this.hiddenNeurons = checkInteger(NAME, "hiddenNeurons", options.hiddenNeurons ?? 50, 1);
    this.epochs = checkInteger(NAME, "epochs", options.epochs ?? 10, 0);
    this.batchSize = options.batchSize ?? 100;
    if (!loading) this.checkBatchSize(this.batchSize, this.rows);
    this.eta = checkNonNegative(NAME, "eta", options.eta ?? 0.1);
    this.lmbd = checkNonNegative(NAME, "lmbd", options.lmbd ?? 0);
    this.hiddenActivation = getActivation(options.hiddenActivation ?? "sigmoid");
    if (!this.hiddenActivation.elementwise) {
      throw new Error(`${NAME}: hiddenActivation must be element-wise, got "${this.hiddenActivation.name}"`);
    }
    this.sampling = options.sampling ?? "with-replacement-per-iteration";
    if (this.sampling !== "with-replacement-per-iteration" && this.sampling !== "shuffle-per-epoch") {
      throw new Error(`${NAME}: sampling must be "with-replacement-per-iteration" or "shuffle-per-epoch", got ${String(this.sampling)}`);
    }
    if (options.seed !== undefined && !(options.seed instanceof Random) && !Number.isInteger(options.seed)) {
      throw new Error(`${NAME}: seed must be an integer or a Random, got ${String(options.seed)}`);
    }
    this.rng = toRandom(options.seed, 0);
    this.seed = this.rng.seed;

    const d = features;
    const h = this.hiddenNeurons;
    const C = categories;
    // the lecture's initialisation: weights N(0, 1), biases 0.01
    const wh = new Float64Array(d * h);
    const bh = new Float64Array(h).fill(0.01);
    const wo = new Float64Array(h * C);
    const bo = new Float64Array(C).fill(0.01);
    if (!loading) {
      for (let i = 0; i < wh.length; i++) wh[i] = this.rng.normal();
      for (let i = 0; i < wo.length; i++) wo[i] = this.rng.normal();
    }
    this.hiddenWeights = new Tensor(wh, [d, h]);
    this.hiddenBias = new Tensor(bh, [h]);
    this.outputWeights = new Tensor(wo, [h, C]);
    this.outputBias = new Tensor(bo, [C]);
    this.gradHiddenWeights = new Float64Array(d * h);
    this.gradHiddenBias = new Float64Array(h);
    this.gradOutputWeights = new Float64Array(h * C);
    this.gradOutputBias = new Float64Array(C);
  }

  /** Iterations per epoch: floor(n / batchSize). */
  get iterations(): number {
    return Math.floor(this.rows / this.batchSize);
  }

  private checkBatchSize(batchSize: number, rows: number): void {
    checkInteger(NAME, "batchSize", batchSize, 1, rows, ` (the training data has ${rows} rows)`);
  }

  /** Forward pass on the first `rows` rows of ws.x. Returns the summed cross-entropy if targets are given. */
  private forward(ws: Workspace, rows: number, withLoss: boolean): number {
    const d = this.features;
    const h = this.hiddenNeurons;
    const C = this.categories;
    const { x, zh, ah, zo, probabilities: p, y } = ws;
    const bh = this.hiddenBias.data;
    const bo = this.outputBias.data;
    // z_h = X W_h + b_h    x: [rows, d], W_h: [d, h] -> zh: [rows, h]
    matmulKernel(x, this.hiddenWeights.data, zh, rows, d, h);
    if (this.hiddenActivation.name === "sigmoid") {
      // a_h = σ(z_h), fused with the bias; the two branches keep exp from overflowing
      for (let r = 0, o = 0; r < rows; r++, o += h) {
        for (let j = 0; j < h; j++) {
          const z = zh[o + j] + bh[j];
          zh[o + j] = z;
          if (z >= 0) {
            ah[o + j] = 1 / (1 + Math.exp(-z));
          } else {
            const e = Math.exp(z);
            ah[o + j] = e / (1 + e);
          }
        }
      }
    } else {
      for (let r = 0, o = 0; r < rows; r++, o += h) for (let j = 0; j < h; j++) zh[o + j] += bh[j];
      this.hiddenActivation.fn(zh, ah); // a_h = f(z_h); workspaces hold exactly `rows` rows
    }
    // z_o = a_h W_o + b_o    ah: [rows, h], W_o: [h, C] -> zo: [rows, C]
    matmulKernel(ah, this.outputWeights.data, zo, rows, h, C);
    // softmax row by row (max-shifted); loss_r = logsumexp(z_o) - Σ_c y_c z_o,c
    let loss = 0;
    for (let r = 0, o = 0; r < rows; r++, o += C) {
      let max = -Infinity;
      for (let c = 0; c < C; c++) {
        const v = zo[o + c] + bo[c];
        zo[o + c] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let c = 0; c < C; c++) {
        const e = Math.exp(zo[o + c] - max);
        p[o + c] = e;
        sum += e;
      }
      const inv = 1 / sum;
      for (let c = 0; c < C; c++) p[o + c] *= inv;
      if (withLoss) {
        const lse = max + Math.log(sum);
        for (let c = 0; c < C; c++) {
          const t = y[o + c];
          if (t !== 0) loss += t * (lse - zo[o + c]);
        }
      }
    }
    return loss;
  }

  /** Backward pass (the four equations) on the rows of ws; fills the gradient buffers. */
  private backward(ws: Workspace, rows: number): void {
    const d = this.features;
    const h = this.hiddenNeurons;
    const C = this.categories;
    const { x, zh, ah, y, probabilities: p, deltaOutput: dO, deltaHidden: dH, scratch } = ws;
    // (1) output error δ_L = a_o - y    [rows, C]
    for (let i = 0, len = rows * C; i < len; i++) dO[i] = p[i] - y[i];
    // (2) hidden error δ_h = (δ_L W_oᵀ) ⊙ f'(z_h)    δ_L: [rows, C], W_o: [h, C] -> [rows, h]
    matmulKernel(dO, this.outputWeights.data, dH, rows, C, h, { transB: true });
    if (this.hiddenActivation.name === "sigmoid") {
      for (let i = 0, len = rows * h; i < len; i++) dH[i] *= ah[i] * (1 - ah[i]); // σ'(z) = a(1 - a)
    } else {
      this.hiddenActivation.derivative(zh, scratch, { vector: dH }); // f'(z_h) ⊙ (δ_L W_oᵀ)
      dH.set(scratch);
    }
    // (3) output layer: ∂C/∂W_o = a_hᵀ δ_L [h, C], ∂C/∂b_o = Σ_rows δ_L [C]
    matmulKernel(ah, dO, this.gradOutputWeights, h, rows, C, { transA: true });
    const gbo = this.gradOutputBias;
    gbo.fill(0);
    for (let r = 0, o = 0; r < rows; r++, o += C) for (let c = 0; c < C; c++) gbo[c] += dO[o + c];
    // (4) hidden layer: ∂C/∂W_h = Xᵀ δ_h [d, h], ∂C/∂b_h = Σ_rows δ_h [h]
    matmulKernel(x, dH, this.gradHiddenWeights, d, rows, h, { transA: true });
    const gbh = this.gradHiddenBias;
    gbh.fill(0);
    for (let r = 0, o = 0; r < rows; r++, o += h) for (let j = 0; j < h; j++) gbh[j] += dH[o + j];
    // L2: + lmbd W on the weights (not the biases)
    if (this.lmbd > 0) {
      const lmbd = this.lmbd;
      const wo = this.outputWeights.data;
      const wh = this.hiddenWeights.data;
      const gwo = this.gradOutputWeights;
      const gwh = this.gradHiddenWeights;
      for (let i = 0; i < gwo.length; i++) gwo[i] += lmbd * wo[i];
      for (let i = 0; i < gwh.length; i++) gwh[i] += lmbd * wh[i];
    }
  }

  /** θ ← θ - eta ∂C/∂θ for the four parameter arrays. */
  private update(): void {
    const eta = this.eta;
    const step = (theta: Float64Array, grad: Float64Array): void => {
      for (let i = 0; i < theta.length; i++) theta[i] -= eta * grad[i];
    };
    step(this.outputWeights.data, this.gradOutputWeights);
    step(this.outputBias.data, this.gradOutputBias);
    step(this.hiddenWeights.data, this.gradHiddenWeights);
    step(this.hiddenBias.data, this.gradHiddenBias);
  }

  private workspaceFor(rows: number): Workspace {
    return new Workspace(rows, this.features, this.hiddenNeurons, this.categories);
  }

  /** Copies X (and Y) into a fresh workspace after checking them. */
  private load(fn: string, X: MatrixInput, Y?: MatrixInput | Int32Array | number[]): { ws: Workspace; rows: number } {
    const x = readMatrix(`${NAME}.${fn}`, "X", X, this.features);
    const ws = this.workspaceFor(x.rows);
    ws.x.set(x.data);
    if (Y !== undefined) {
      const y = readTargets(`${NAME}.${fn}`, "Y", Y, x.rows, this.categories);
      ws.y.set(y.data);
    }
    return { ws, rows: x.rows };
  }

  /** The forward pass on X, returning z_h, a_h, z_o and the probabilities (the lecture's feed_forward). */
  feedForward(X: MatrixInput): NeuralNetworkForward {
    const { ws, rows } = this.load("feedForward", X);
    this.forward(ws, rows, false);
    return {
      hiddenWeightedInputs: new Tensor(ws.zh, [rows, this.hiddenNeurons]),
      hiddenActivations: new Tensor(ws.ah, [rows, this.hiddenNeurons]),
      outputWeightedInputs: new Tensor(ws.zo, [rows, this.categories]),
      probabilities: new Tensor(ws.probabilities, [rows, this.categories]),
    };
  }

  /**
   * The gradients of C = Σ_rows cross-entropy + (lmbd/2)(||W_h||² + ||W_o||²) on (X, Y)
   * by the four backpropagation equations, without changing the weights.
   */
  gradients(X: MatrixInput, Y: MatrixInput | Int32Array | number[]): NeuralNetworkGradients {
    const { ws, rows } = this.load("gradients", X, Y);
    this.forward(ws, rows, false);
    this.backward(ws, rows);
    return this.copyGradients();
  }

  /** One SGD step on the batch (X, Y): forward, the four equations, update (the lecture's backpropagation). Returns the gradients used. */
  backpropagation(X: MatrixInput, Y: MatrixInput | Int32Array | number[]): NeuralNetworkGradients {
    const { ws, rows } = this.load("backpropagation", X, Y);
    this.forward(ws, rows, false);
    this.backward(ws, rows);
    this.update();
    return this.copyGradients();
  }

  private copyGradients(): NeuralNetworkGradients {
    return {
      hiddenWeights: new Tensor(this.gradHiddenWeights.slice(), [this.features, this.hiddenNeurons]),
      hiddenBias: new Tensor(this.gradHiddenBias.slice(), [this.hiddenNeurons]),
      outputWeights: new Tensor(this.gradOutputWeights.slice(), [this.hiddenNeurons, this.categories]),
      outputBias: new Tensor(this.gradOutputBias.slice(), [this.categories]),
    };
  }

  /**
   * Trains for `epochs` epochs of floor(n / batchSize) minibatch SGD steps.
   * Throws if the loss becomes NaN or infinite (saying at which epoch).
   */
  train(options: NeuralNetworkTrainOptions = {}): NeuralNetworkHistory {
    const X = this.inputsData;
    const Y = this.targetsData;
    if (!X || !Y) {
      throw new Error(`${NAME}.train: this network has no training data (it was loaded from JSON); use NeuralNetwork.fromJSON(json, { inputs, targets })`);
    }
    checkKnownOptions(`${NAME}.train`, "options", options, ["onEpoch", "progress", "epochs"]);
    const epochs = checkInteger(`${NAME}.train`, "epochs", options.epochs ?? this.epochs, 0);
    this.checkBatchSize(this.batchSize, this.rows);
    checkNonNegative(`${NAME}.train`, "eta", this.eta);
    checkNonNegative(`${NAME}.train`, "lmbd", this.lmbd);
    const n = this.rows;
    const B = this.batchSize;
    const d = this.features;
    const C = this.categories;
    if (!this.space || this.space.rows !== B) this.space = this.workspaceFor(B);
    const ws = this.space;
    if (!this.indexPool || this.indexPool.length !== n) {
      this.indexPool = new Int32Array(n);
      for (let i = 0; i < n; i++) this.indexPool[i] = i;
    }
    const pool = this.indexPool;
    const iterations = Math.floor(n / B);
    const rng = this.rng;
    const history: NeuralNetworkHistory = { loss: [], seconds: 0 };
    const bar = options.progress === true ? createProgress({ total: epochs, label: "epoch" }) : options.progress || null;
    const start = performance.now();
    let firstLoss = NaN; // the reference of the explosion rule (see checkDivergence)
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (this.sampling === "shuffle-per-epoch") rng.shuffle(pool);
      let lossSum = 0;
      for (let it = 0; it < iterations; it++) {
        let offset = it * B;
        if (this.sampling === "with-replacement-per-iteration") {
          // B distinct rows by a partial Fisher-Yates shuffle of the index pool
          for (let i = 0; i < B; i++) {
            const j = i + Math.floor(rng.uniform() * (n - i));
            const t = pool[i];
            pool[i] = pool[j];
            pool[j] = t;
          }
          offset = 0;
        }
        // gather the minibatch: x [B, d], y [B, C]
        const xb = ws.x;
        const yb = ws.y;
        for (let r = 0; r < B; r++) {
          const row = pool[offset + r];
          for (let k = 0, src = row * d, dst = r * d; k < d; k++) xb[dst + k] = X[src + k];
          for (let c = 0, src = row * C, dst = r * C; c < C; c++) yb[dst + c] = Y[src + c];
        }
        lossSum += this.forward(ws, B, true);
        this.backward(ws, B);
        this.update();
      }
      const loss = iterations > 0 ? lossSum / (iterations * B) : 0;
      history.loss.push(loss);
      if (epoch === 1) firstLoss = loss;
      checkDivergence(`${NAME}.train`, loss, firstLoss, [this.hiddenWeights, this.hiddenBias, this.outputWeights, this.outputBias], epoch, epochs, this.eta);
      const seconds = (performance.now() - start) / 1000;
      bar?.update(epoch, { loss });
      if (options.onEpoch && options.onEpoch({ epoch, epochs, loss, seconds, network: this }) === false) break;
    }
    bar?.finish({ loss: history.loss[history.loss.length - 1] });
    history.seconds = (performance.now() - start) / 1000;
    return history;
  }

  /** Class probabilities softmax(z_o) for each row of X: [rows, categories]. */
  predictProbabilities(X: MatrixInput): Tensor {
    const { ws, rows } = this.load("predictProbabilities", X);
    this.forward(ws, rows, false);
    return new Tensor(ws.probabilities, [rows, this.categories]);
  }

  /** The most probable category of each row of X. */
  predict(X: MatrixInput): Int32Array {
    const p = this.predictProbabilities(X);
    const rows = p.shape[0];
    const C = this.categories;
    const out = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < C; c++) if (p.data[r * C + c] > p.data[r * C + best]) best = c;
      out[r] = best;
    }
    return out;
  }

  /** Architecture, hyper-parameters and weights as plain JSON (numbers round-trip exactly). */
  toJSON(): NeuralNetworkJSON {
    return {
      format: "nnlab.NeuralNetwork",
      version: 1,
      features: this.features,
      hiddenNeurons: this.hiddenNeurons,
      categories: this.categories,
      hiddenActivation: this.hiddenActivation.name,
      epochs: this.epochs,
      batchSize: this.batchSize,
      eta: this.eta,
      lmbd: this.lmbd,
      seed: this.seed,
      sampling: this.sampling,
      hiddenWeights: Array.from(this.hiddenWeights.data),
      hiddenBias: Array.from(this.hiddenBias.data),
      outputWeights: Array.from(this.outputWeights.data),
      outputBias: Array.from(this.outputBias.data),
    };
  }

  /**
   * Rebuilds a network from `toJSON()` output (an object or its JSON string).
   * Pass `{ inputs, targets }` to be able to continue training.
   */
  static fromJSON(json: string | NeuralNetworkJSON, data?: { inputs: MatrixInput; targets: MatrixInput | Int32Array | number[] }): NeuralNetwork {
    const fn = `${NAME}.fromJSON`;
    const j = (typeof json === "string" ? JSON.parse(json) : json) as NeuralNetworkJSON;
    if (!j || j.format !== "nnlab.NeuralNetwork") throw new Error(`${fn}: not a saved NeuralNetwork (format = ${String(j?.format)})`);
    if (j.version !== 1) throw new Error(`${fn}: unsupported version ${String(j.version)}`);
    const net = new NeuralNetwork({
      fromJSON: j, inputs: undefined, targets: undefined,
      hiddenNeurons: j.hiddenNeurons, epochs: j.epochs, batchSize: j.batchSize, eta: j.eta, lmbd: j.lmbd,
      seed: j.seed, hiddenActivation: j.hiddenActivation, sampling: j.sampling,
    } as unknown as NeuralNetworkOptions);
    const fill = (name: keyof NeuralNetworkJSON, target: Tensor): void => {
      const values = j[name] as unknown;
      if (!Array.isArray(values) || values.length !== target.size) {
        throw new Error(`${fn}: ${String(name)} must be an array of ${target.size} numbers`);
      }
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${fn}: ${String(name)}[${i}] is not a finite number`);
        target.data[i] = v;
      }
    };
    fill("hiddenWeights", net.hiddenWeights);
    fill("hiddenBias", net.hiddenBias);
    fill("outputWeights", net.outputWeights);
    fill("outputBias", net.outputBias);
    if (data) {
      const x = readMatrix(fn, "inputs", data.inputs, net.features);
      const y = readTargets(fn, "targets", data.targets, x.rows, net.categories);
      net.inputsData = x.data;
      net.targetsData = y.data;
      net.rows = x.rows;
      net.checkBatchSize(net.batchSize, net.rows);
    }
    return net;
  }
}
