// The benchmark harness (tools/bench): the workloads' interface, the tables' ratios, the Python
// peers' skip rule and the grid-point module. No timing is asserted (timing is `npm run bench`).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { Tensor, accuracy, oneHot, trainTestSplit, loadDigits } from "nnlab";
import { PEERS_DIR, PEER_SKIP_EXIT, PYTHON, fastestRecords, trainingTable } from "../../tools/bench/harness.mjs";

const root = path.resolve(__dirname, "..", "..");
const workloadDir = path.join(root, "tools", "bench", "workloads");

describe("bench workloads", () => {
  it("each exports its file name as id, a description, its systems (nnlab first) and run", async () => {
    const files = fs.readdirSync(workloadDir).filter((f) => f.endsWith(".mjs"));
    expect(files).toEqual(expect.arrayContaining(["mlp-digits.mjs", "nielsen-mnist.mjs", "ode-decay.mjs", "cnn-digits.mjs", "grid-digits.mjs"]));
    for (const f of files) {
      const w = await import(pathToFileURL(path.join(workloadDir, f)).href);
      expect(w.id).toBe(f.slice(0, -4));
      expect(typeof w.description).toBe("string");
      expect(w.systems[0]).toBe("nnlab");
      expect(typeof w.run).toBe("function");
    }
  });

  it("the NumPy and PyTorch peers are in the training workloads, each backed by a script in tools/bench/peers", async () => {
    const peers: Record<string, [string, string[]]> = {
      "mlp-digits": ["mlp_digits.py", ["numpy", "torch"]],
      "nielsen-mnist": ["nielsen_mnist.py", ["numpy", "torch"]],
      "ode-decay": ["ode_decay.py", ["torch", "nnlab-solveOde"]],
      "cnn-digits": ["cnn_digits.py", ["torch"]],
    };
    for (const [id, [script, systems]] of Object.entries(peers)) {
      const w = await import(pathToFileURL(path.join(workloadDir, `${id}.mjs`)).href);
      expect(w.systems).toEqual(expect.arrayContaining(systems));
      expect(fs.existsSync(path.join(PEERS_DIR, script))).toBe(true);
    }
  });
});

describe("trainingTable", () => {
  it("shows nnlab's CPU and wall time as a fraction of each peer's, and the source", () => {
    const rec = (system: string, seconds: number, cpuSeconds: number) =>
      ({ system, seconds, cpuSeconds, samplesPerSecond: 1000, accuracy: 0.9, peakRssMB: 50, config: { source: `src-${system}` } });
    const text = trainingTable([rec("nnlab", 3, 1), rec("numpy", 4, 2)]);
    const numpyRow = text.split("\n").find((l) => l.includes("src-numpy"))!;
    expect(numpyRow).toContain("0.50, 0.75");
    expect(text.split("\n")[0]).toContain("nnlab time / peer's (CPU, wall)");
  });
});

describe("fastestRecords (--repeat)", () => {
  it("keeps each position's faster record, by CPU seconds where recorded, and refuses runs that differ", () => {
    const first = [{ seconds: 1, cpuSeconds: 3, n: 1 }, { seconds: 5, n: 2 }];
    const second = [{ seconds: 2, cpuSeconds: 2, n: 3 }, { seconds: 6, n: 4 }];
    expect(fastestRecords(first, second).map((r) => r.n)).toEqual([3, 2]);
    expect(() => fastestRecords(first, second.slice(1))).toThrow("two runs gave 2 and 1 records");
  });
});

describe("Python peers", () => {
  it("exit with the skip status and name the Debian package when a library is missing", () => {
    const code = "import sys; sys.path.insert(0, sys.argv[1]); from common import need; need('no_such_module_for_bench', 'python3-nothing')";
    const res = spawnSync(PYTHON, ["-c", code, PEERS_DIR], { encoding: "utf8" });
    expect(res.status).toBe(PEER_SKIP_EXIT);
    expect(res.stderr).toContain("no_such_module_for_bench is not importable");
    expect(res.stderr).toContain("python3-nothing");
  });
});

describe("tools/bench/gridPoint.cjs", () => {
  it("trains the notebook's NeuralNetwork at the point's (eta, lmbd) and scores it like a direct run", async () => {
    // Loaded by name, so this file type-checks before notebook 03's export is merged; it fails until then.
    const lectures: Record<string, any> = await import("../../lectures/src");
    const NeuralNetwork = lectures.NeuralNetwork;
    expect(typeof NeuralNetwork, "notebook 03 exports NeuralNetwork (lectures/src/03-mlp-digits.ts)").toBe("function");
    const { digitsGridPoint } = createRequire(__filename)("../../tools/bench/gridPoint.cjs");
    const digits = loadDigits();
    const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 0 });
    const settings = { nHidden: 8, nCategories: 10, epochs: 2, batchSize: 100, seed: 3 };
    const data = {
      ...settings, features: 64,
      trainFeatures: Array.from(split.trainFeatures.data), trainLabels: Array.from(split.trainLabels),
      testFeatures: Array.from(split.testFeatures.data), testLabels: Array.from(split.testLabels),
    };
    const scores = digitsGridPoint({ row: 0, column: 0, seed: 0, params: { eta: 0.01, lmbd: 0.1 } }, data);
    const X = new Tensor(Float64Array.from(split.trainFeatures.data), split.trainFeatures.shape);
    const net = new NeuralNetwork(X, oneHot(split.trainLabels, 10), { ...settings, eta: 0.01, lmbd: 0.1 }).train();
    expect(scores.trainAccuracy).toBe(accuracy(Int32Array.from(net.predict(X)), split.trainLabels));
    expect(scores.testAccuracy).toBe(accuracy(Int32Array.from(net.predict(split.testFeatures)), split.testLabels));
    expect(scores.testAccuracy).toBeGreaterThan(0.1); // two epochs already beat guessing
  });
});

describe("tools/bench/floors.mjs", () => {
  const costs = { ceilingGflops: 16, expNs: 10, loopNs: 2 };

  it("counts the lecture MLP's five products, its exps and the values it must touch, per step", async () => {
    const { mlpWork } = await import("../../tools/bench/floors.mjs");
    // 64-50-10 on batches of 100: X·W1 [100,64]x[64,50], a·W2 [100,50]x[50,10], δ2·W2ᵀ [100,10]x[10,50],
    // aᵀ·δ2 [50,100]x[100,10], Xᵀ·δ1 [64,100]x[100,50], at 2 flops per multiply-add
    const flops = 2 * (100 * 64 * 50 + 100 * 50 * 10 + 100 * 10 * 50 + 50 * 100 * 10 + 64 * 100 * 50);
    const parameters = 64 * 50 + 50 + 50 * 10 + 10;
    const work = mlpWork({ m: 100, d: 64, h: 50, c: 10, softmax: true, steps: 3 });
    expect(work).toEqual({ steps: 3, flops: 3 * flops, exps: 3 * (100 * 50 + 100 * 10), values: 3 * (parameters + 100 * 74 + 2 * 100 * 60) });
    expect(mlpWork({ m: 100, d: 64, h: 50, c: 10, softmax: false, steps: 1 }).exps).toBe(100 * 50);
  });

  it("counts the CNN's convolution and dense products per image", async () => {
    const { cnnWork } = await import("../../tools/bench/floors.mjs");
    // 8x8 image, 10 filters 3x3 valid: 36 positions x 9 x 10 multiply-adds forward and again for the
    // filter gradient; pooled 10x3x3 = 90 -> 50 -> 10, three products per dense layer
    const macs = 2 * 36 * 9 * 10 + 3 * 90 * 50 + 3 * 50 * 10;
    const work = cnnWork({ s: 8, k: 3, f: 10, h: 50, c: 10, images: 7, steps: 2 });
    expect(work.flops).toBe(7 * 2 * macs);
    expect(work.exps).toBe(7 * 10);
  });

  it("adds the parts at the given costs, spreads them over the cores, and says where the target lies", async () => {
    const { floorLines, floorRecord } = await import("../../tools/bench/floors.mjs");
    const work = { steps: 10, flops: 16e9, exps: 1e8, values: 5e8 }; // 1 s + 1 s + 1 s
    const r = floorRecord("w", work, { samples: 300, costs });
    expect(r.system).toBe("nnlab-floor");
    expect(r.seconds).toBeCloseTo(3, 12);
    expect(r.config.partsSeconds).toEqual({ products: 1, exps: 1, values: 1 });
    expect(floorRecord("w", work, { samples: 300, costs, cores: 2 }).seconds).toBeCloseTo(1.5, 12);
    const below = floorLines([r], () => ({ seconds: 2, text: "goal" }));
    expect(below).toContain("floor on this machine: 3.000 s");
    expect(below).toContain("the target (goal = 2.000 s) is BELOW this floor");
    expect(floorLines([r], () => ({ seconds: 4, text: "goal" }))).toContain("is above this floor");
    expect(floorLines([{ ...r, system: "nnlab" }], () => null)).toBe("");
  });
});
