/**
 * The lectures' convolutional network for the 8x8 digits, and one training run
 * of it (what notebook 05 and its grid search call):
 *
 *   input [1, 8, 8] -> CONV (10 filters 3x3, stride 1, 'same' or 'valid') -> RELU
 *   -> POOL (2x2 max, stride 2) -> FLATTEN -> FC (50, ReLU) -> FC (10, softmax)
 *
 * Weights are drawn from a normal distribution with standard deviation 0.1 cut
 * at two standard deviations, biases start at 0.1 (the lecture's
 * `weight_variable` / `bias_variable`). Training: softmax cross-entropy, plain
 * minibatch SGD with learning rate eta and an L2 penalty lmbd on the weights
 * (not the biases), as the lecture's `GradientDescentOptimizer` with `l2_loss`.
 *
 *     const cnn = lectureCnn({ padding: "same", seed: 1 });   // 8660 parameters
 *     const run = fitLectureCnn({ padding: "valid", eta: 0.3, lmbd: 1e-3, train, test, seed: 1 });
 *     run.testAccuracy;                                       // fraction of test digits right
 */
import { Conv2D } from "../nn/conv2d";
import { Dense } from "../nn/dense";
import { Flatten } from "../nn/flatten";
import { MaxPool2D } from "../nn/pool";
import { Sequential } from "../nn/sequential";
import type { Tensor } from "../tensor/tensor";
import { evaluate, type LabelledData } from "../train/evaluate";
import { fit } from "../train/fit";
import type { History } from "../train/history";

/** Options of `lectureCnn`. */
export interface LectureCnnOptions {
  /** Padding of the convolution: 'same' keeps 8x8 (pad 1), 'valid' gives 6x6 (default 'same'). */
  padding?: "same" | "valid";
  /** Number of filters of the convolutional layer (default 10). */
  filters?: number;
  /** Side F of the square filters, the receptive field (default 3). */
  receptiveField?: number;
  /** Neurons of the fully connected hidden layer (default 50). */
  hiddenNeurons?: number;
  /** Output classes (default 10). */
  categories?: number;
  /** Shape of one image [channels, height, width] (default [1, 8, 8]). */
  inputShape?: readonly [number, number, number];
  /** Seed of the initial weights (default 0). */
  seed?: number;
}

/** Options of `fitLectureCnn`: the network's options plus the training settings. */
export interface FitLectureCnnOptions extends LectureCnnOptions {
  /** Training images x [n, 1, 8, 8] and labels y (Int32Array [n]). */
  train: { x: Tensor; y: Int32Array };
  /** Test images and labels (evaluated at the end, and after every epoch when `curves` is true). */
  test: { x: Tensor; y: Int32Array };
  /** Learning rate eta of SGD. */
  eta: number;
  /** L2 penalty lmbd on the weights (default 0). */
  lmbd?: number;
  /** Passes over the training data (default 100). */
  epochs?: number;
  /** Images per minibatch (default 100). */
  batchSize?: number;
  /** Evaluate the test set after every epoch for training curves (default true; false is faster). */
  curves?: boolean;
  /** Show a progress bar (default false). */
  progress?: boolean;
}

/** Result of `fitLectureCnn`. */
export interface LectureCnnFit {
  model: Sequential;
  /** Per-epoch loss and accuracy (valLoss / valAccuracy are the test set's when `curves` is true). */
  history: History | null;
  /** Fraction of the training images classified correctly after training (NaN if training diverged). */
  trainAccuracy: number;
  /** Fraction of the test images classified correctly after training (NaN if training diverged). */
  testAccuracy: number;
  /** The divergence message when the loss became NaN/Inf, else null. */
  error: string | null;
}

function checkSize(fn: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${fn}: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** The lecture's CNN (built, weights drawn) as a Sequential model. */
export function lectureCnn(options: LectureCnnOptions = {}): Sequential {
  const fn = "lectureCnn";
  const padding = options.padding ?? "same";
  if (padding !== "same" && padding !== "valid") throw new Error(`${fn}: padding must be "same" or "valid", got ${JSON.stringify(padding)}`);
  const filters = checkSize(fn, "filters", options.filters ?? 10);
  const receptiveField = checkSize(fn, "receptiveField", options.receptiveField ?? 3);
  const hiddenNeurons = checkSize(fn, "hiddenNeurons", options.hiddenNeurons ?? 50);
  const categories = checkSize(fn, "categories", options.categories ?? 10);
  const inputShape = options.inputShape ?? [1, 8, 8];
  if (!Array.isArray(inputShape) || inputShape.length !== 3) {
    throw new Error(`${fn}: inputShape must be [channels, height, width], got ${JSON.stringify(inputShape)}`);
  }
  const init = "truncatedNormal";
  return new Sequential([
    new Conv2D(filters, receptiveField, { padding, activation: "relu", init }), // [F, H', W']
    new MaxPool2D(2),                                                           // [F, H'/2, W'/2]
    new Flatten(),
    new Dense(hiddenNeurons, { activation: "relu", init }),
    new Dense(categories, { activation: "softmax", init }),
  ], { inputShape, seed: options.seed ?? 0 });
}

/**
 * Builds the lecture's CNN and trains it with minibatch SGD (seeded: the
 * model's weights and the minibatch order both come from `seed`). A run whose
 * loss becomes NaN/Inf (eta too large) is reported in `error` with NaN
 * accuracies instead of throwing, so that a grid search can go on.
 */
export function fitLectureCnn(options: FitLectureCnnOptions): LectureCnnFit {
  const fn = "fitLectureCnn";
  if (!options || typeof options !== "object") throw new Error(`${fn}: options must be an object`);
  const { train, test } = options;
  for (const [name, set] of [["train", train], ["test", test]] as const) {
    if (!set || typeof set !== "object" || !set.x || !(set.y instanceof Int32Array)) {
      throw new Error(`${fn}: ${name} must be { x: images [n, 1, 8, 8], y: Int32Array labels }`);
    }
  }
  if (!(typeof options.eta === "number" && options.eta > 0 && Number.isFinite(options.eta))) {
    throw new Error(`${fn}: eta must be a positive number, got ${String(options.eta)}`);
  }
  const seed = options.seed ?? 0;
  const inputShape = options.inputShape ?? (train.x.rank === 4 ? [train.x.shape[1], train.x.shape[2], train.x.shape[3]] as const : undefined);
  const model = lectureCnn({ ...options, inputShape, seed });
  const testData: LabelledData = { x: test.x, y: test.y };
  let history: History | null = null;
  try {
    history = fit(model, { x: train.x, y: train.y }, {
      loss: "softmaxCrossEntropy", optimizer: "sgd", learningRate: options.eta, l2: options.lmbd ?? 0,
      epochs: options.epochs ?? 100, batchSize: options.batchSize ?? 100, seed,
      validationData: options.curves === false ? undefined : testData,
      progress: options.progress === true, progressLabel: `CNN (${options.padding ?? "same"})`,
    });
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    if (!message.includes("diverged")) throw e;
    return { model, history: null, trainAccuracy: NaN, testAccuracy: NaN, error: message };
  }
  return {
    model,
    history,
    trainAccuracy: evaluate(model, { x: train.x, y: train.y }).accuracy!,
    testAccuracy: evaluate(model, testData).accuracy!,
    error: null,
  };
}
