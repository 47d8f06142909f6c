// The benchmark harness (tools/bench): the workloads' interface, the tables' ratios, the Python
// peers' skip rule and the grid-point module. No timing is asserted (timing is `npm run bench`).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { Tensor, accuracy, oneHot, trainTestSplit, loadDigits } from "nnlab";
import { PEERS_DIR, PEER_SKIP_EXIT, PYTHON, trainingTable } from "../../tools/bench/harness.mjs";

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
