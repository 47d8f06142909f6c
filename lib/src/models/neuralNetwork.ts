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
 * Everything runs on preallocated Float64Arrays with `matmulKernel`; `train` keeps
 * the weights and every buffer of an iteration resident in WebAssembly memory
 * (see ResidentLayout: no copies per product, fused element-wise loops, the output
 * error δ_L written δ_o there), with exactly the same arithmetic, so the lecture's
 * 64-50-10 digits run (100 epochs, batch 100) takes about a quarter of a second.
 */
import { Random, toRandom } from "../random";
import { Tensor } from "../tensor/tensor";
import { gemmOperands, matmulKernel, wasmOperands, type OperandProduct } from "../kernels/matmul";
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

/**
 * σ(z) = 1 / (1 + e^(-z)) without overflow: with e = exp(-|z|) <= 1 it is 1 / (1 + e)
 * for z >= 0 and e / (1 + e) for z < 0. Only the numerator is selected, so the
 * branch predictor has nothing to guess (z is positive or negative at random).
 */
function sigmoidOf(z: number): number {
  const e = Math.exp(z >= 0 ? -z : z);
  return (z >= 0 ? 1 : e) / (1 + e);
}

/**
 * The training run's buffers, resident in WebAssembly memory (offsets in doubles
 * into the `wasmOperands` view), so the five matrix products of an iteration read
 * and write them in place: no operand is copied in or out per product. The layer
 * arrays are kept transposed, one row per neuron and one column per batch row
 * (z_hᵀ, a_hᵀ, δ_hᵀ [h, B], z_oᵀ, δ_oᵀ [C, B]), and so are the weights
 * (W_hᵀ [h, d], W_oᵀ [C, h]); the minibatch X [B, d] is gathered row by row and read
 * with strides where a product needs Xᵀ. The products then have B = 100 or d = 64
 * columns, which fill the kernel's 2x8 register tiles (C = 10 or h = 50 columns waste up to 38%).
 * Each entry is still the sum over the same index in the same order (a·b = b·a exactly),
 * so the results are the same, bit for bit, as with `matmulKernel` on the row-major arrays.
 */
interface ResidentLayout {
  doubles: number;
  whT: number; // W_hᵀ [h, d]
  woT: number; // W_oᵀ [C, h]
  x: number; // X [B, d] (the minibatch's rows)
  zhT: number; // z_hᵀ [h, B]
  ahT: number; // a_hᵀ [h, B]
  zoT: number; // z_oᵀ [C, B]
  deltaOutputT: number; // δ_oᵀ [C, B]
  deltaHiddenT: number; // δ_hᵀ [h, B]
  scratch: number; // [h, B]
  gwhT: number; // (∂C/∂W_h)ᵀ [h, d]
  gwoT: number; // (∂C/∂W_o)ᵀ [C, h]
}

function residentLayout(B: number, d: number, h: number, C: number): ResidentLayout {
  let next = 0;
  const take = (size: number): number => {
    const at = next;
    next += size;
    return at;
  };
  const whT = take(d * h), woT = take(C * h), x = take(B * d), zhT = take(h * B), ahT = take(h * B);
  const zoT = take(C * B), deltaOutputT = take(C * B), deltaHiddenT = take(h * B), scratch = take(h * B);
  const gwhT = take(d * h), gwoT = take(C * h);
  return { doubles: next, whT, woT, x, zhT, ahT, zoT, deltaOutputT, deltaHiddenT, scratch, gwhT, gwoT };
}

/** The five products of a training iteration (fixed offsets for the whole run). */
interface ResidentProducts {
  doubles: number;
  hidden: OperandProduct;
  output: OperandProduct;
  hiddenError: OperandProduct;
  outputGradient: OperandProduct;
  hiddenGradient: OperandProduct;
}

/** Views of the resident [h, B] buffers, for element-wise non-sigmoid activations (valid for one epoch). */
interface ResidentViews {
  zh: Float64Array;
  ah: Float64Array;
  deltaHidden: Float64Array;
  scratch: Float64Array;
}

// ---- the fused loops of a resident training iteration (module functions with plain
// arguments: small, so V8 optimises them after a few iterations) ----

/** [B, d] at `at`: row r = row pool[offset + r] of X [n, d]. */
function gatherRows(v: Float64Array, at: number, X: Float64Array, pool: Int32Array, offset: number, B: number, d: number): void {
  for (let r = 0, dst = at; r < B; r++, dst += d) {
    for (let k = 0, src = pool[offset + r] * d; k < d; k++) v[dst + k] = X[src + k];
  }
}

/** a_hᵀ = σ(z_hᵀ + b_h) [h, B] (the bias added to row j). */
function biasSigmoidRows(v: Float64Array, zhT: number, ahT: number, bh: Float64Array, h: number, B: number): void {
  for (let j = 0, o = 0; j < h; j++, o += B) {
    const bias = bh[j];
    for (let r = 0; r < B; r++) v[ahT + o + r] = sigmoidOf(v[zhT + o + r] + bias);
  }
}

/**
 * For each column r of z_oᵀ [C, B]: z_o += b_o, a_o = softmax(z_o) (max-shifted),
 * δ_o = a_o - y into δ_oᵀ, and loss_r = logsumexp(z_o) - Σ_c y_c z_o,c (y = row pool[offset + r] of Y).
 * Returns Σ_r loss_r.
 */
function softmaxOutputError(
  v: Float64Array, zoT: number, dOT: number, bo: Float64Array, Y: Float64Array, pool: Int32Array, offset: number, B: number, C: number,
): number {
  let loss = 0;
  for (let r = 0; r < B; r++) {
    const yRow = pool[offset + r] * C;
    let max = -Infinity;
    for (let c = 0, i = zoT + r; c < C; c++, i += B) {
      const z = v[i] + bo[c];
      v[i] = z;
      if (z > max) max = z;
    }
    let sum = 0;
    for (let c = 0, i = r; c < C; c++, i += B) {
      const e = Math.exp(v[zoT + i] - max);
      v[dOT + i] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0, i = dOT + r; c < C; c++, i += B) v[i] = v[i] * inv - Y[yRow + c];
    const lse = max + Math.log(sum);
    for (let c = 0, i = zoT + r; c < C; c++, i += B) {
      const t = Y[yRow + c];
      if (t !== 0) loss += t * (lse - v[i]);
    }
  }
  return loss;
}

/** δ_hᵀ ⊙= a(1 - a) (σ'(z) = a(1 - a), a = a_hᵀ) [h, B], and gbh[j] = Σ_r δ_hᵀ[j, r]. */
function sigmoidHiddenError(v: Float64Array, ahT: number, dHT: number, gbh: Float64Array, h: number, B: number): void {
  for (let j = 0, o = 0; j < h; j++, o += B) {
    let s = 0;
    for (let r = 0; r < B; r++) {
      const a = v[ahT + o + r];
      const delta = v[dHT + o + r] * (a * (1 - a));
      v[dHT + o + r] = delta;
      s += delta;
    }
    gbh[j] = s;
  }
}

/** out[i] = Σ_r v[at + i*cols + r] for the `rows` rows of a [rows, cols] array at `at`. */
function rowSums(v: Float64Array, at: number, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0, o = at; i < rows; i++) {
    let s = 0;
    for (let r = 0; r < cols; r++, o++) s += v[o];
    out[i] = s;
  }
}

/** v[θ..] -= eta (v[grad..] + lmbd v[θ..]) over `size` values (without the L2 term when lmbd = 0). */
function residentUpdate(v: Float64Array, theta: number, grad: number, size: number, eta: number, lmbd: number): void {
  if (lmbd > 0) for (let i = 0; i < size; i++) v[theta + i] -= eta * (v[grad + i] + lmbd * v[theta + i]);
  else for (let i = 0; i < size; i++) v[theta + i] -= eta * v[grad + i];
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
      // a_h = σ(z_h), fused with the bias
      for (let r = 0, o = 0; r < rows; r++, o += h) {
        for (let j = 0; j < h; j++) {
          const z = zh[o + j] + bh[j];
          zh[o + j] = z;
          ah[o + j] = sigmoidOf(z);
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

  /** The five products of one training iteration on the resident layout (see ResidentLayout). */
  private residentProducts(L: ResidentLayout, B: number): ResidentProducts {
    const d = this.features;
    const h = this.hiddenNeurons;
    const C = this.categories;
    const product = (p: OperandProduct): OperandProduct => p;
    return {
      doubles: L.doubles,
      // z_hᵀ = W_hᵀ Xᵀ    W_hᵀ: [h, d], Xᵀ = (X)ᵀ: [d, B] -> [h, B]
      hidden: product({ a: L.whT, b: L.x, c: L.zhT, m: h, k: d, n: B, rsA: d, csA: 1, rsB: 1, csB: d }),
      // z_oᵀ = W_oᵀ a_hᵀ    W_oᵀ: [C, h], a_hᵀ: [h, B] -> [C, B]
      output: product({ a: L.woT, b: L.ahT, c: L.zoT, m: C, k: h, n: B, rsA: h, csA: 1, rsB: B, csB: 1 }),
      // (δ_o W_oᵀ)ᵀ = W_o δ_oᵀ    W_o = (W_oᵀ)ᵀ: [h, C], δ_oᵀ: [C, B] -> [h, B]
      hiddenError: product({ a: L.woT, b: L.deltaOutputT, c: L.deltaHiddenT, m: h, k: C, n: B, rsA: 1, csA: h, rsB: B, csB: 1 }),
      // (∂C/∂W_o)ᵀ = δ_oᵀ a_h    δ_oᵀ: [C, B], a_h = (a_hᵀ)ᵀ: [B, h] -> [C, h]
      outputGradient: product({ a: L.deltaOutputT, b: L.ahT, c: L.gwoT, m: C, k: B, n: h, rsA: B, csA: 1, rsB: 1, csB: B }),
      // (∂C/∂W_h)ᵀ = δ_hᵀ X    δ_hᵀ: [h, B], X: [B, d] -> [h, d]
      hiddenGradient: product({ a: L.deltaHiddenT, b: L.x, c: L.gwhT, m: h, k: B, n: d, rsA: B, csA: 1, rsB: d, csB: 1 }),
    };
  }

  /** W_hᵀ and W_oᵀ into the resident view (at the start of each epoch: other kernels may reuse the memory in between). */
  private residentLoad(v: Float64Array, L: ResidentLayout): void {
    const d = this.features;
    const h = this.hiddenNeurons;
    const C = this.categories;
    const wh = this.hiddenWeights.data; // [d, h]
    const wo = this.outputWeights.data; // [h, C]
    for (let j = 0; j < h; j++) for (let k = 0; k < d; k++) v[L.whT + j * d + k] = wh[k * h + j]; // -> [h, d]
    for (let c = 0; c < C; c++) for (let j = 0; j < h; j++) v[L.woT + c * h + j] = wo[j * C + c]; // -> [C, h]
  }

  /** The trained W_h and W_o back into the parameter tensors. */
  private residentStore(v: Float64Array, L: ResidentLayout): void {
    const d = this.features;
    const h = this.hiddenNeurons;
    const C = this.categories;
    const wh = this.hiddenWeights.data; // [d, h]
    const wo = this.outputWeights.data; // [h, C]
    for (let j = 0; j < h; j++) for (let k = 0; k < d; k++) wh[k * h + j] = v[L.whT + j * d + k];
    for (let c = 0; c < C; c++) for (let j = 0; j < h; j++) wo[j * C + c] = v[L.woT + c * h + j];
  }

  /**
   * One SGD iteration on the resident buffers, rows pool[offset .. offset + B) of (X, Y):
   * the same forward pass, four equations and update as forward/backward/update,
   * fused (bias + activation; softmax + δ_o + loss; δ_h + ∂C/∂b_h). Returns the summed cross-entropy.
   */
  private residentStep(
    v: Float64Array, L: ResidentLayout, P: ResidentProducts, views: ResidentViews,
    pool: Int32Array, offset: number, X: Float64Array, Y: Float64Array,
  ): number {
    const B = this.batchSize;
    const d = this.features;
    const h = this.hiddenNeurons;
    const C = this.categories;
    const bh = this.hiddenBias.data;
    const bo = this.outputBias.data;
    const { zhT, ahT, zoT, deltaOutputT: dOT, deltaHiddenT: dHT } = L;
    const sigmoid = this.hiddenActivation.name === "sigmoid";
    // gather the minibatch straight into wasm memory: X [B, d] (row r = row pool[offset + r] of the inputs)
    gatherRows(v, L.x, X, pool, offset, B, d);
    // forward: z_h = X W_h + b_h, a_h = f(z_h)    (transposed: [h, B])
    gemmOperands(P.doubles, P.hidden);
    if (sigmoid) {
      biasSigmoidRows(v, zhT, ahT, bh, h, B);
    } else {
      for (let j = 0, o = zhT; j < h; j++, o += B) for (let r = 0; r < B; r++) v[o + r] += bh[j];
      this.hiddenActivation.fn(views.zh, views.ah);
    }
    // z_o = a_h W_o    (transposed: [C, B])
    gemmOperands(P.doubles, P.output);
    // a_o = softmax(z_o + b_o), (1) output error δ_o = a_o - y, and the loss (transposed: [C, B])
    const loss = softmaxOutputError(v, zoT, dOT, bo, Y, pool, offset, B, C);
    // (2) hidden error δ_h = (δ_o W_oᵀ) ⊙ f'(z_h)    (transposed: [h, B]), and ∂C/∂b_h = Σ_rows δ_h [h]
    gemmOperands(P.doubles, P.hiddenError);
    const gbh = this.gradHiddenBias;
    if (sigmoid) {
      sigmoidHiddenError(v, ahT, dHT, gbh, h, B);
    } else {
      this.hiddenActivation.derivative(views.zh, views.scratch, { vector: views.deltaHidden });
      views.deltaHidden.set(views.scratch);
      rowSums(v, dHT, h, B, gbh);
    }
    // (3) output layer: ∂C/∂W_o = a_hᵀ δ_o [h, C] (transposed: [C, h]), ∂C/∂b_o = Σ_rows δ_o [C]
    gemmOperands(P.doubles, P.outputGradient);
    const gbo = this.gradOutputBias;
    rowSums(v, dOT, C, B, gbo);
    // (4) hidden layer: ∂C/∂W_h = Xᵀ δ_h [d, h] (transposed: [h, d])
    gemmOperands(P.doubles, P.hiddenGradient);
    // update θ ← θ - eta (∂C/∂θ + lmbd W) (L2 on the weights only)
    const eta = this.eta;
    const lmbd = this.lmbd;
    residentUpdate(v, L.woT, L.gwoT, C * h, eta, lmbd);
    for (let c = 0; c < C; c++) bo[c] -= eta * gbo[c];
    residentUpdate(v, L.whT, L.gwhT, d * h, eta, lmbd);
    for (let j = 0; j < h; j++) bh[j] -= eta * gbh[j];
    return loss;
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
    // the resident WebAssembly buffers (null without WebAssembly: then matmulKernel on ws)
    const layout = residentLayout(B, d, this.hiddenNeurons, C);
    const products = wasmOperands(layout.doubles) === null ? null : this.residentProducts(layout, B);
    const start = performance.now();
    let firstLoss = NaN; // the reference of the explosion rule (see checkDivergence)
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (this.sampling === "shuffle-per-epoch") rng.shuffle(pool);
      // re-acquired each epoch: onEpoch callbacks may run other kernels on the same memory
      const view = products && wasmOperands(layout.doubles);
      let views: ResidentViews | null = null;
      if (view) {
        this.residentLoad(view, layout);
        const hb = B * this.hiddenNeurons;
        const at = (offset: number): Float64Array => view.subarray(offset, offset + hb);
        views = { zh: at(layout.zhT), ah: at(layout.ahT), deltaHidden: at(layout.deltaHiddenT), scratch: at(layout.scratch) };
      }
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
        if (view && products && views) {
          lossSum += this.residentStep(view, layout, products, views, pool, offset, X, Y);
          continue;
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
      if (view) this.residentStore(view, layout);
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
