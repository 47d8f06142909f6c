/**
 * The key numbers of notebooks/07-deep-networks.ipynb, recomputed with the
 * same nnlab calls and settings (seeds, splits, widths, learning rates,
 * epochs) as the notebook, and checked against independent references: the
 * staircase's error bound max|f'| h / 2, the variance argument's per-layer
 * factor sqrt(n Var(w)) f'(z) for the gradient ratios, dead units recounted
 * from weighted inputs computed with plain loops, the majority-class share of
 * the breast-cancer test set, and the claims the notebook's prose makes
 * ("a millionth", "stuck at chance", "over 90%", ...).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  approximationSweep, deepStack, hiddenLayerStats, layerGradientNorms, sigmoidStaircase,
} from "../../lib/src/basics";
import { BREAST_CANCER_LECTURE_FEATURES, StandardScaler, loadBreastCancer, loadDigits, selectFeatures, trainTestSplit } from "../../lib/src/data";
import { Dense, Sequential, initializers, type Initializer } from "../../lib/src/nn";
import { div, gather } from "../../lib/src/tensor";
import { evaluate, fit, gridSearch } from "../../lib/src/train";

const root = join(__dirname, "..", "..");
const NAME = "07-deep-networks";

describe("notebook 07-deep-networks: the stored file", () => {
  const stored = readFileSync(join(root, "notebooks", `${NAME}.ipynb`), "utf8");
  const notebook = JSON.parse(stored);
  const text = notebook.cells.map((c: { source: string[] }) => c.source.join("")).join("\n");

  // Output-free storage, the kernelspec and the match with tools/notebook-src/07-deep-networks.md
  // are checked for every notebook by test/notebooks/sources.test.ts.
  it("imports nnlab (not ../lib), uses the settings tested here, and ends with exercises", () => {
    expect(text).toContain('from "nnlab"');
    expect(text).not.toMatch(/from "\.\.\/lib/);
    for (const setting of [
      "approximationSweep({ f: target, widths: widths, steps: 3000, learningRate: 0.05, seed: 1 })",
      "const widths = [1, 2, 4, 8, 16];",
      "testFraction: 0.2, seed: 1, stratify: true",
      "deepStack({ inputs: 64, depth: 10, width: 100, activation: s.activation, init: s.init, seed: 1 })",
      'deepStack({ inputs: 64, depth: 3, width: 100, activation: "relu", init: "heNormal", seed: 1 })',
      'optimizer: "sgd", learningRate: eta, epochs: 5, batchSize: 32, seed: 1',
      'deepStack({ inputs: 64, depth: 6, width: 64, activation: "sigmoid", init: "glorotUniform", batchNorm: batchNorm, seed: 1 })',
      'optimizer: "sgd", learningRate: 0.1, epochs: 8, batchSize: 32, seed: 1',
      'deepStack({ inputs: 64, depth: 2, width: 256, activation: "relu", init: "heNormal", dropout: rate, seed: 1 })',
      'optimizer: "adam", learningRate: 3e-3, epochs: 30, batchSize: 30, seed: 1',
      'deepStack({ inputs: 64, depth: 3, width: 64, activation: "relu", init: "heNormal", seed: 1 })',
      'optimizer: "sgd", learningRate: 1, clipNorm: clipNorm, epochs: 8, batchSize: 32, seed: 1',
      "testFraction: 0.1, seed: 0, stratify: true",
      "const neurons = [1, 10, 100, 1000];",
      "const etas = [1e-3, 1e-2, 1e-1];",
      "const LAMBDA = 0.01;",
      "const epochsFor = (width: number) => (width >= 1000 ? 5 : 100);",
      "l2: 2 * LAMBDA, epochs: epochsFor(width), batchSize: 100, seed: point.seed",
    ]) expect(text).toContain(setting);
    const last = notebook.cells.at(-1);
    expect(last.cell_type).toBe("markdown");
    expect(last.source.join("")).toMatch(/^## Exercises/);
  });
});

// ---- 7.2 the universal approximation theorem ----
const target = (x: number) => Math.sin(2 * Math.PI * x) + 0.5 * x * Math.sin(5 * Math.PI * x);
const xPlot = Array.from({ length: 401 }, (_, i) => i / 400);

describe("notebook 07: universal approximation", () => {
  it("the staircase's error falls like 1/N and stays near max|f'| h / 2", () => {
    // max|f'| on [0, 1] from a fine central-difference scan (independent of the library)
    let slope = 0;
    for (let i = 0; i <= 100000; i++) {
      const x = i / 100000;
      slope = Math.max(slope, Math.abs((target(x + 1e-7) - target(x - 1e-7)) / 2e-7));
    }
    const stairNeurons = [2, 4, 8, 16, 32, 64, 128, 256];
    const errors = stairNeurons.map((N) => {
      const s = sigmoidStaircase({ f: target, neurons: N });
      const e = Math.max(...xPlot.map((x) => Math.abs(s.predict(x) - target(x))));
      expect(e).toBeLessThan((slope * s.cellWidth) / 2 * 1.05 + 1e-3);
      return e;
    });
    for (let k = 1; k < errors.length; k++) expect(errors[k]).toBeLessThan(errors[k - 1]);
    // slope -1 on log-log axes between N = 16 and 256
    const fitted = Math.log(errors[7] / errors[3]) / Math.log(256 / 16);
    expect(fitted).toBeGreaterThan(-1.2);
    expect(fitted).toBeLessThan(-0.8);
  });

  it("trained one-hidden-layer networks: error decreases with width and beats the staircase of equal width", () => {
    const sweep = approximationSweep({ f: target, widths: [1, 2, 4, 8, 16], steps: 3000, learningRate: 0.05, seed: 1 });
    const maxErrors = sweep.fits.map((f) => f.maxError);
    const rmsErrors = sweep.fits.map((f) => f.rmsError);
    for (let k = 1; k < maxErrors.length; k++) expect(maxErrors[k]).toBeLessThan(maxErrors[k - 1]);
    for (let k = 1; k < rmsErrors.length; k++) expect(rmsErrors[k]).toBeLessThan(rmsErrors[k - 1]);
    expect(maxErrors[0]).toBeGreaterThan(0.5); // one S-curve cannot follow two oscillations
    expect(maxErrors[4]).toBeLessThan(0.1);
    for (const fitted of sweep.fits) {
      const s = sigmoidStaircase({ f: target, neurons: fitted.width });
      const stairError = Math.max(...xPlot.map((x) => Math.abs(s.predict(x) - target(x))));
      if (fitted.width >= 2) expect(fitted.maxError).toBeLessThan(stairError);
    }
  });
});

// ---- 7.3 - 7.7: the digits ----
const digits = loadDigits();
const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 1, stratify: true });
const trainX = div(split.trainFeatures, 16);
const testX = div(split.testFeatures, 16);
const trainY = split.trainLabels;
const testY = split.testLabels;
const first500 = Int32Array.from({ length: 500 }, (_, i) => i);
const batch = { x: gather(trainX, first500), y: trainY.slice(0, 500) };

/** Dead units recounted with plain loops: z = a W + b per hidden Dense layer, unit dead if z <= 0 on all samples. */
function deadByHand(net: Sequential, x: { data: Float64Array; shape: readonly number[] }): number[] {
  const n = x.shape[0];
  let a = Array.from({ length: n }, (_, i) => Array.from(x.data.subarray(i * x.shape[1], (i + 1) * x.shape[1])));
  const dead: number[] = [];
  for (const layer of net.layers.slice(0, -1) as Dense[]) {
    const [nIn, nOut] = layer.weights!.shape;
    const W = layer.weights!.data, b = layer.bias!.data;
    const z = a.map((row) => Array.from({ length: nOut }, (_, j) => {
      let s = b[j];
      for (let i = 0; i < nIn; i++) s += row[i] * W[i * nOut + j];
      return s;
    }));
    dead.push(Array.from({ length: nOut }, (_, j) => j).filter((j) => z.every((r) => r[j] <= 0)).length);
    a = z.map((r) => r.map((v) => Math.max(0, v)));
  }
  return dead;
}

describe("notebook 07: vanishing and exploding gradients", () => {
  const glorotTimes4: Initializer = {
    name: "glorotUniform×4",
    weights: (size, fanIn, fanOut, rng) => initializers.glorotUniform.weights(size, fanIn, fanOut, rng).map((w) => 4 * w),
    bias: (size) => new Float64Array(size),
  };
  const setups = {
    sigmoidNormal: { activation: "sigmoid", init: initializers.lecture, nVar: 100 },
    sigmoidGlorot: { activation: "sigmoid", init: initializers.glorotUniform, nVar: 1 },
    sigmoidHe: { activation: "sigmoid", init: initializers.heNormal, nVar: 2 },
    sigmoidGlorot4: { activation: "sigmoid", init: glorotTimes4, nVar: 16 },
    tanhGlorot: { activation: "tanh", init: initializers.glorotUniform, nVar: 1 },
    reluHe: { activation: "relu", init: initializers.heNormal, nVar: 2 },
  } as const;
  const measured = Object.fromEntries(Object.entries(setups).map(([key, s]) => {
    const net = deepStack({ inputs: 64, depth: 10, width: 100, activation: s.activation, init: s.init, seed: 1 });
    return [key, { norms: layerGradientNorms(net, batch), stats: hiddenLayerStats(net, batch.x), nVar: s.nVar }];
  }));

  it("sigmoid with Glorot: the first layer gets about a millionth of the last hidden layer's gradient", () => {
    const g = measured.sigmoidGlorot.norms;
    expect(g).toHaveLength(11);
    expect(g[0] / g[9]).toBeLessThan(1e-5);
    expect(g[0] / g[9]).toBeGreaterThan(1e-7);
    for (let l = 1; l < 10; l++) expect(g[l]).toBeGreaterThan(g[l - 1]);
  });

  it("the ratio between layers 2 and 10 matches the variance argument, prod_l sqrt(n Var(w)) rms f'(z^l)", () => {
    for (const key of ["sigmoidGlorot", "sigmoidHe", "sigmoidGlorot4", "tanhGlorot", "reluHe"] as const) {
      const { norms, stats, nVar } = measured[key];
      let predicted = 1;
      for (let l = 1; l <= 8; l++) predicted *= Math.sqrt(nVar) * stats[l].rmsSlope; // rms f' at hidden layers 2..9
      const ratio = norms[1] / norms[9];
      expect(Math.abs(Math.log10(ratio / predicted)), key).toBeLessThan(0.35);
    }
  });

  it("tanh with Glorot and ReLU with He keep the gradient's size through the layers", () => {
    for (const key of ["tanhGlorot", "reluHe"] as const) {
      const g = measured[key].norms;
      expect(g[0] / g[9]).toBeGreaterThan(0.3);
      expect(g[0] / g[9]).toBeLessThan(3);
      expect(Math.max(...g.slice(0, 10)) / Math.min(...g.slice(0, 10))).toBeLessThan(4);
    }
    expect(measured.sigmoidHe.norms[0] / measured.sigmoidHe.norms[9]).toBeLessThan(1e-3);
    const g4 = measured.sigmoidGlorot4.norms;
    expect(g4[0] / g4[9]).toBeGreaterThan(100 * (measured.sigmoidGlorot.norms[0] / measured.sigmoidGlorot.norms[9]));
  });

  it("sigmoid with N(0,1): about half of the hidden units saturated, mean slope about 0.06, no geometric vanishing", () => {
    const { norms, stats } = measured.sigmoidNormal;
    const meanSaturated = stats.reduce((s, st) => s + st.saturatedFraction, 0) / 10;
    const meanSlope = stats.reduce((s, st) => s + st.meanSlope, 0) / 10;
    expect(meanSaturated).toBeGreaterThan(0.35);
    expect(meanSaturated).toBeLessThan(0.55);
    expect(meanSlope).toBeGreaterThan(0.04);
    expect(meanSlope).toBeLessThan(0.08);
    expect(norms[0] / norms[9]).toBeGreaterThan(0.05);
    for (const key of ["sigmoidGlorot", "tanhGlorot", "reluHe"] as const) {
      expect(measured[key].stats.every((st) => st.saturatedFraction < 0.01)).toBe(true);
    }
  });
});

describe("notebook 07: dying ReLUs, batch norm, dropout, clipping", () => {
  const reluNet = () => deepStack({ inputs: 64, depth: 3, width: 100, activation: "relu", init: "heNormal", seed: 1 });

  it("dead units: few at eta = 0.1, most at eta = 1 with accuracy near chance (recounted by hand)", () => {
    const start = hiddenLayerStats(reluNet(), trainX).map((s) => s.deadUnits);
    expect(start).toEqual(deadByHand(reluNet(), trainX));
    expect(start.reduce((a, b) => a + b, 0)).toBeLessThan(20);
    const runs = [0.1, 0.5, 1].map((eta) => {
      const net = reluNet();
      fit(net, { x: trainX, y: trainY }, { optimizer: "sgd", learningRate: eta, epochs: 5, batchSize: 32, seed: 1 });
      const dead = hiddenLayerStats(net, trainX).map((s) => s.deadUnits);
      expect(dead).toEqual(deadByHand(net, trainX));
      return { dead: dead, accuracy: evaluate(net, { x: testX, y: testY }).accuracy! };
    });
    expect(runs[0].dead.reduce((a, b) => a + b, 0)).toBeLessThan(15);
    expect(runs[0].accuracy).toBeGreaterThan(0.95);
    expect(runs[1].accuracy).toBeGreaterThan(0.95);
    expect(runs[2].dead[0] + runs[2].dead[1]).toBeGreaterThan(80); // about half of the first two layers
    expect(runs[2].dead[2]).toBeGreaterThan(85); // nearly all of the last hidden layer
    expect(runs[2].accuracy).toBeLessThan(0.25);
  });

  it("batch normalisation: the plain deep sigmoid network stays at chance, with BN it passes 90% after one epoch", () => {
    const [plain, normalised] = [false, true].map((batchNorm) => {
      const net = deepStack({ inputs: 64, depth: 6, width: 64, activation: "sigmoid", init: "glorotUniform", batchNorm: batchNorm, seed: 1 });
      return fit(net, { x: trainX, y: trainY }, {
        optimizer: "sgd", learningRate: 0.1, epochs: 8, batchSize: 32, seed: 1, validationData: { x: testX, y: testY },
      });
    });
    expect(Math.max(...plain.epochs.map((e) => e.valAccuracy!))).toBeLessThan(0.15);
    expect(normalised.epochs[0].valAccuracy!).toBeGreaterThan(0.9);
    expect(normalised.epochs.at(-1)!.valAccuracy!).toBeGreaterThan(0.95);
  });

  it("dropout: training loss stays far higher, the validation loss ends no worse", () => {
    const first300 = Int32Array.from({ length: 300 }, (_, i) => i);
    const small = { x: gather(trainX, first300), y: trainY.slice(0, 300) };
    const [none, dropped] = [0, 0.5].map((rate) => {
      const net = deepStack({ inputs: 64, depth: 2, width: 256, activation: "relu", init: "heNormal", dropout: rate, seed: 1 });
      return fit(net, small, {
        optimizer: "adam", learningRate: 3e-3, epochs: 30, batchSize: 30, seed: 1, validationData: { x: testX, y: testY },
      });
    });
    expect(none.epochs.at(-1)!.loss).toBeLessThan(3e-3); // memorised
    expect(dropped.epochs.at(-1)!.loss).toBeGreaterThan(20 * none.epochs.at(-1)!.loss);
    const gap = (h: typeof none) => h.epochs.at(-1)!.valLoss! - h.epochs.at(-1)!.loss;
    expect(gap(dropped)).toBeLessThan(gap(none));
    expect(dropped.epochs.at(-1)!.valLoss!).toBeLessThan(none.epochs.at(-1)!.valLoss! * 1.1);
    // the unregularised validation loss has passed its minimum
    expect(none.epochs.at(-1)!.valLoss!).toBeGreaterThan(Math.min(...none.epochs.map((e) => e.valLoss!)));
  });

  it("gradient clipping: eta = 1 wipes out the network unclipped, trains to about 97% with clipNorm 1", () => {
    const [raw, clipped] = [undefined, 1].map((clipNorm) => {
      const net = deepStack({ inputs: 64, depth: 3, width: 64, activation: "relu", init: "heNormal", seed: 1 });
      const history = fit(net, { x: trainX, y: trainY }, {
        optimizer: "sgd", learningRate: 1, clipNorm: clipNorm, epochs: 8, batchSize: 32, seed: 1, validationData: { x: testX, y: testY },
      });
      return { history: history, dead: deadByHand(net, trainX) };
    });
    expect(raw.history.epochs.at(-1)!.valAccuracy!).toBeLessThan(0.2);
    expect(raw.dead.reduce((a, b) => a + b, 0)).toBeGreaterThan(96); // at least half of the 192 units
    expect(clipped.history.epochs.at(-1)!.valAccuracy!).toBeGreaterThan(0.95);
    expect(clipped.dead.reduce((a, b) => a + b, 0)).toBeLessThan(10);
  });
});

// ---- 7.8 the breast-cancer network ----
describe("notebook 07: the lecture's breast-cancer grid", () => {
  const cancer = selectFeatures(loadBreastCancer(), BREAST_CANCER_LECTURE_FEATURES);
  const cancerSplit = trainTestSplit({ features: cancer.features, labels: cancer.labels, testFraction: 0.1, seed: 0, stratify: true });
  const scaler = new StandardScaler();
  const cancerTrainX = scaler.fitTransform(cancerSplit.trainFeatures);
  const cancerTestX = scaler.transform(cancerSplit.testFeatures);
  const neurons = [1, 10, 100, 1000];
  const etas = [1e-3, 1e-2, 1e-1];
  const LAMBDA = 0.01;
  const epochsFor = (width: number) => (width >= 1000 ? 5 : 100);

  it("the data: the four lecture columns, 57 test tumours (ceil of 10%), training statistics only", () => {
    expect(cancer.featureNames).toEqual(["mean texture", "mean perimeter", "mean compactness", "mean symmetry"]);
    expect(cancerTestX.shape).toEqual([57, 4]);
    expect(cancerTrainX.shape).toEqual([512, 4]);
    for (let j = 0; j < 4; j++) {
      let s = 0, s2 = 0;
      for (let i = 0; i < 512; i++) {
        const v = cancerTrainX.data[i * 4 + j];
        s += v;
        s2 += v * v;
      }
      expect(Math.abs(s / 512)).toBeLessThan(1e-12);
      expect(s2 / 512).toBeCloseTo(1, 10);
    }
  });

  it("accuracies: about 91-93% at the best settings, majority-class share where training stalls", async () => {
    const grid = await gridSearch({
      rows: { name: "neurons", values: neurons }, columns: { name: "eta", values: etas }, seed: 1,
      run: (point) => {
        const width = point.params.neurons;
        const net = new Sequential([
          new Dense(width, { activation: "relu" }), new Dense(width, { activation: "relu" }), new Dense(2, { activation: "softmax" }),
        ], { inputShape: [4], seed: point.seed });
        fit(net, { x: cancerTrainX, y: cancerSplit.trainLabels }, {
          optimizer: "sgd", learningRate: point.params.eta, l2: 2 * LAMBDA, epochs: epochsFor(width), batchSize: 100, seed: point.seed,
        });
        return {
          trainAccuracy: evaluate(net, { x: cancerTrainX, y: cancerSplit.trainLabels }).accuracy!,
          testAccuracy: evaluate(net, { x: cancerTestX, y: cancerSplit.testLabels }).accuracy!,
        };
      },
    });
    const benignShare = cancerSplit.testLabels.reduce((s, v) => s + v, 0) / 57;
    expect(benignShare).toBeCloseTo(36 / 57, 12);
    for (const row of [...grid.trainAccuracy, ...grid.testAccuracy]) for (const v of row) {
      expect(v).toBeGreaterThan(0.55);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(Math.max(...grid.testAccuracy.flat())).toBeGreaterThan(0.9);
    expect(Math.max(...grid.testAccuracy.flat())).toBeLessThan(0.96);
    expect(Math.max(...grid.trainAccuracy.flat())).toBeGreaterThan(0.9);
    // one neuron per layer, small eta: the majority class for every tumour
    expect(grid.testAccuracy[0][0]).toBeCloseTo(benignShare, 12);
    // widths 10 and 100 with eta >= 1e-2 all reach 90% on the test tumours
    for (const i of [1, 2]) for (const j of [1, 2]) expect(grid.testAccuracy[i][j]).toBeGreaterThanOrEqual(0.9);
  }, 180_000);
});
