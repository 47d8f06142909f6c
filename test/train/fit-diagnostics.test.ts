// fit's diagnostics: per-epoch gradient norms, per-epoch learning-rate schedules,
// the divergence rule (non-finite or exploding loss, non-finite parameters) and
// the dead-ReLU warning. References are computed in the tests: closed-form MSE
// gradients of a linear model, the schedule's recorded arguments, dead units
// counted by hand.
import { describe, expect, it, vi } from "vitest";
import {
  Dense, Random, SGD, Sequential, Tensor, fit, loadDigits, randn, trainTestSplit,
} from "../../lib/src/index";
import type { Module } from "../../lib/src/nn/module";

/** A linear regression problem: x [n, 3], targets y [n, 2] = x A + noise. */
function linearData(n: number): { x: Tensor; y: Tensor } {
  const x = randn([n, 3], 11);
  const noise = randn([n, 2], 12);
  const A = [[1, -2], [0.5, 1], [-1, 0.25]];
  const y = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      let s = 0.1 * noise.data[i * 2 + c];
      for (let k = 0; k < 3; k++) s += x.data[i * 3 + k] * A[k][c];
      y[i * 2 + c] = s;
    }
  }
  return { x, y: new Tensor(y, [n, 2]) };
}

/** Norm of the gradient of C = 1/(nC) sum (x W + b - y)^2 with respect to (W, b), by the closed form. */
function mseGradientNorm(x: Tensor, y: Tensor, W: Float64Array, b: Float64Array): number {
  const [n, d] = x.shape;
  const C = y.shape[1];
  const gW = new Float64Array(d * C);
  const gb = new Float64Array(C);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      let a = b[c];
      for (let k = 0; k < d; k++) a += x.data[i * d + k] * W[k * C + c];
      const delta = (2 * (a - y.data[i * C + c])) / (n * C);
      gb[c] += delta;
      for (let k = 0; k < d; k++) gW[k * C + c] += x.data[i * d + k] * delta;
    }
  }
  let s = 0;
  for (const v of gW) s += v * v;
  for (const v of gb) s += v * v;
  return Math.sqrt(s);
}

const linear = (seed: number): Sequential => new Sequential([new Dense(2)], { inputShape: [3], seed });

describe("fit: gradient norms in the history", () => {
  it("records the global gradient norm of each full-batch step, equal to the closed-form MSE gradient", () => {
    const { x, y } = linearData(40);
    const model = linear(3);
    const dense = model.layers[0] as Dense;
    const before: { W: Float64Array; b: Float64Array }[] = [{ W: dense.weights!.data.slice(), b: dense.bias!.data.slice() }];
    const history = fit(model, { x, y }, {
      loss: "mse", learningRate: 0.05, epochs: 4, batchSize: 40, seed: 1,
      callbacks: { onEpochEnd: () => { before.push({ W: dense.weights!.data.slice(), b: dense.bias!.data.slice() }); } },
    });
    history.epochs.forEach((record, e) => {
      const expected = mseGradientNorm(x, y, before[e].W, before[e].b);
      expect(record.gradientNorm).toBeCloseTo(expected, 12);
      expect(record.maxGradientNorm).toBe(record.gradientNorm); // one step per epoch
    });
    // gradient descent on this convex quadratic with a small step: the gradient shrinks
    expect(history.epochs[3].gradientNorm!).toBeLessThan(history.epochs[0].gradientNorm!);
  });

  it("records the norm before clipping, and the mean and the max over several steps", () => {
    const { x, y } = linearData(40);
    const options = { loss: "mse" as const, learningRate: 0.05, epochs: 3, seed: 2 };
    const full = fit(linear(3), { x, y }, { ...options, batchSize: 40 });
    const clippedModel = linear(3);
    const clipped = fit(clippedModel, { x, y }, { ...options, batchSize: 40, clipNorm: 1e-3 });
    // the first step starts from the same weights: the same norm, although clipping shrank the step
    expect(clipped.epochs[0].gradientNorm).toBe(full.epochs[0].gradientNorm);
    expect(clipped.epochs[0].gradientNorm!).toBeGreaterThan(1e-3);
    expect(clipped.epochs[1].gradientNorm).not.toBe(full.epochs[1].gradientNorm);

    const steps: number[] = [];
    const model = linear(3);
    const dense = model.layers[0] as Dense;
    // with 4 batches of 10, rebuild each batch's gradient by hand from the weights before its step
    let snapshot = { W: dense.weights!.data.slice(), b: dense.bias!.data.slice() };
    const order = new Random(5).permutation(40); // fit's first-epoch shuffle with seed 5
    const history = fit(model, { x, y }, {
      loss: "mse", learningRate: 0.05, epochs: 1, batchSize: 10, seed: 5,
      callbacks: {
        onBatchEnd: (info) => {
          const rows = Array.from(order.subarray(info.batch * 10, info.batch * 10 + 10));
          const xb = new Tensor(Float64Array.from(rows.flatMap((r) => Array.from(x.data.subarray(r * 3, r * 3 + 3)))), [10, 3]);
          const yb = new Tensor(Float64Array.from(rows.flatMap((r) => Array.from(y.data.subarray(r * 2, r * 2 + 2)))), [10, 2]);
          steps.push(mseGradientNorm(xb, yb, snapshot.W, snapshot.b));
          snapshot = { W: dense.weights!.data.slice(), b: dense.bias!.data.slice() };
        },
      },
    });
    expect(steps).toHaveLength(4);
    expect(history.epochs[0].gradientNorm).toBeCloseTo(steps.reduce((a, b) => a + b, 0) / 4, 12);
    expect(history.epochs[0].maxGradientNorm).toBeCloseTo(Math.max(...steps), 12);
  });
});

describe("fit: scheduleUnit", () => {
  /** Runs fit with a recording schedule; returns the schedule argument in force at each batch. */
  function scheduleArguments(scheduleUnit?: "step" | "epoch"): { epoch: number; batch: number; t: number }[] {
    const { x, y } = linearData(40);
    let last = -1;
    const seen: { epoch: number; batch: number; t: number }[] = [];
    fit(linear(1), { x, y }, {
      loss: "mse", epochs: 3, batchSize: 10, seed: 1, scheduleUnit,
      learningRate: (t) => { last = t; return 0.01 / (1 + t); },
      callbacks: { onBatchEnd: (info) => { seen.push({ epoch: info.epoch, batch: info.batch, t: last }); } },
    });
    return seen;
  }

  it("by default the schedule sees the step count (0, 1, 2, ... over all batches)", () => {
    const seen = scheduleArguments();
    expect(seen).toHaveLength(12);
    seen.forEach((s) => expect(s.t).toBe((s.epoch - 1) * 4 + s.batch));
  });

  it("with scheduleUnit 'epoch' the schedule sees the number of completed epochs", () => {
    const seen = scheduleArguments("epoch");
    expect(seen).toHaveLength(12);
    seen.forEach((s) => expect(s.t).toBe(s.epoch - 1));
  });

  it("per epoch equals a constant rate per epoch: same weights as a by-hand loop with one-step epochs", () => {
    const { x, y } = linearData(40);
    const schedule = (t: number): number => 0.1 * Math.pow(0.5, t);
    const a = linear(4);
    fit(a, { x, y }, { loss: "mse", epochs: 3, batchSize: 40, seed: 1, scheduleUnit: "epoch", learningRate: schedule });
    // full batches: one step per epoch, so a per-step schedule gives the same run
    const b = linear(4);
    fit(b, { x, y }, { loss: "mse", epochs: 3, batchSize: 40, seed: 1, learningRate: schedule });
    expect(Array.from(a.parameters()[0].data)).toEqual(Array.from(b.parameters()[0].data));
    // but with 4 batches per epoch the two differ: per step the rate has fallen to 0.1 * 0.5^11 by the end
    const c = linear(4);
    const d = linear(4);
    fit(c, { x, y }, { loss: "mse", epochs: 3, batchSize: 10, seed: 1, scheduleUnit: "epoch", learningRate: schedule });
    fit(d, { x, y }, { loss: "mse", epochs: 3, batchSize: 10, seed: 1, learningRate: schedule });
    expect(Array.from(c.parameters()[0].data)).not.toEqual(Array.from(d.parameters()[0].data));
  });

  it("rejects a bad unit and a unit given together with an Optimizer instance", () => {
    const { x, y } = linearData(20);
    expect(() => fit(linear(1), { x, y }, { loss: "mse", scheduleUnit: "batch" as never })).toThrow(/fit: scheduleUnit must be "step" or "epoch", got "batch"/);
    const model = linear(1);
    expect(() => fit(model, { x, y }, { loss: "mse", optimizer: new SGD(model.parameters(), { learningRate: 0.1 }), scheduleUnit: "epoch" }))
      .toThrow(/fit: scheduleUnit is set on the optimizer when an Optimizer instance is given/);
  });
});

describe("fit: divergence", () => {
  it("stops when the loss explodes while staying finite (> 1e10 * (first batch loss + 1))", () => {
    const digits = loadDigits(); // raw pixels 0..16, unscaled
    const x = digits.features.slice([0, 0], [200, 64]);
    const targets = new Tensor(new Float64Array(2000), [200, 10]);
    digits.labels.slice(0, 200).forEach((c, i) => { targets.data[i * 10 + c] = 1; });
    const model = new Sequential([new Dense(50, { activation: "sigmoid", init: "lecture" }), new Dense(10)], { inputShape: [64], seed: 1 });
    const losses: number[] = [];
    let message = "";
    try {
      fit(model, { x, y: targets }, { loss: "mse", learningRate: 50, epochs: 20, batchSize: 20, callbacks: { onBatchEnd: (b) => { losses.push(b.loss); } } });
    } catch (e) {
      message = (e as Error).message;
    }
    const match = /^fit: the loss exploded to (\S+) \(it started at (\S+)\) at epoch \d+ of 20 \(batch \d+\): the training diverged\. Try a smaller learning rate \(now 50, e\.g\. 5\), or scale the inputs/.exec(message);
    expect(match, message).not.toBeNull();
    const [exploded, started] = [Number(match![1]), Number(match![2])];
    expect(Number.isFinite(exploded)).toBe(true);
    expect(started).toBeCloseTo(losses[0], 2);
    expect(exploded).toBeGreaterThan(1e10 * (losses[0] + 1));
    for (const l of losses) expect(l).toBeLessThanOrEqual(1e10 * (losses[0] + 1));
  });

  it("stops when a parameter becomes non-finite although the loss is finite", () => {
    const { x, y } = linearData(40);
    const inner = linear(2);
    const unused = new Tensor(new Float64Array(3), [3], true); // never used by forward: no gradient
    const model: Module = {
      type: "WithUnusedParameter",
      training: true,
      forward: (input: Tensor) => inner.forward(input),
      parameters: () => [...inner.parameters(), unused],
      train(mode = true) { this.training = mode; inner.train(mode); return this; },
      eval() { return this.train(false); },
      toJSON: () => null,
    };
    expect(() => fit(model, { x, y }, {
      loss: "mse", learningRate: 0.01, epochs: 5, batchSize: 10, seed: 1,
      callbacks: { onBatchEnd: (b) => { if (b.epoch === 2 && b.batch === 1) unused.data[1] = Infinity; } },
    })).toThrow(/^fit: parameter 2 became non-finite at epoch 2 of 5: the training diverged\. Try a smaller learning rate \(now 0\.01, e\.g\. 0\.001\)/);
  });
});

describe("fit: a finite divergence (the loss stays far above its start)", () => {
  const digits = loadDigits();
  const x = digits.features.slice([0, 0], [300, 64]);
  const y = digits.labels.slice(0, 300);
  const run = (learningRate: number) => {
    const model = new Sequential([new Dense(30, { activation: "sigmoid" }), new Dense(10, { activation: "softmax" })], { inputShape: [64], seed: 1 });
    return fit(model, { x, y }, { learningRate, epochs: 15, batchSize: 30, seed: 1 });
  };

  it("is reported with advice, in the history and as a warning, and training stops", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const h = run(10);
    const warned = warn.mock.calls.map((c) => c[0]);
    warn.mockRestore();
    const first = h.epochs[0].loss;
    expect(h.epochs.every((e) => e.loss > 10 * 2.3)).toBe(true); // ln 10 = 2.3 at the start, more than 10x that since
    expect(h.epochs).toHaveLength(3);
    expect(h.stoppedEarly).toBe(true);
    expect(h.diverged).toMatch(/^fit: the loss has stayed above 10 times its starting value for 3 epochs \(\S+ at epoch 3, against \S+ at the start\): the training diverged\. Try a smaller learning rate \(now 10, e\.g\. 1\), or scale the inputs/);
    expect(h.warnings![0]).toBe(h.diverged);
    expect(warned).toEqual([h.diverged]);
    expect(first).toBeGreaterThan(10 * 2.3);
  });

  it("does not fire on ordinary noisy training", () => {
    const h = run(1); // the loss goes up and down (2.46, 2.14, 1.77, 1.63, 1.80, ...) but never 10x its start
    expect(h.diverged).toBeUndefined();
    expect(h.epochs).toHaveLength(15);
    expect(h.epochs.some((e, i) => i > 0 && e.loss > h.epochs[i - 1].loss)).toBe(true); // it is noisy
  });
});

describe("fit: the dead-ReLU warning", () => {
  const digits = loadDigits();
  const split = trainTestSplit({ features: digits.features, labels: digits.labels, testFraction: 0.2, seed: 1, stratify: true });
  const x = new Tensor(split.trainFeatures.data.map((v) => v / 16), split.trainFeatures.shape);
  const y = split.trainLabels;
  const stack = (): Sequential => new Sequential([
    new Dense(64, { activation: "relu", init: "heNormal" }), new Dense(64, { activation: "relu", init: "heNormal" }),
    new Dense(64, { activation: "relu", init: "heNormal" }), new Dense(10, { init: "heNormal" }),
  ], { inputShape: [64], seed: 1 });

  /** ReLU units of the three hidden layers that are zero for all of the first `rows` samples, by explicit loops. */
  function deadUnits(net: Sequential, rows: number): number {
    let a = Array.from({ length: rows }, (_, i) => Array.from(x.data.subarray(i * 64, i * 64 + 64)));
    let dead = 0;
    for (const layer of net.layers.slice(0, 3) as Dense[]) {
      const W = layer.weights!.data;
      const b = layer.bias!.data;
      a = a.map((row) => Array.from({ length: 64 }, (_, j) => {
        let s = b[j];
        for (let i = 0; i < row.length; i++) s += row[i] * W[i * 64 + j];
        return Math.max(0, s);
      }));
      for (let j = 0; j < 64; j++) if (a.every((r) => r[j] <= 0)) dead++;
    }
    return dead;
  }

  it("explains a chance-level run with mostly dead ReLUs (eta = 1), and says nothing when training works", () => {
    const raw = stack();
    const failed = fit(raw, { x, y }, { optimizer: "sgd", learningRate: 1, epochs: 8, batchSize: 32, seed: 1 });
    const rows = Math.min(1000, x.shape[0]);
    const dead = deadUnits(raw, rows);
    expect(failed.epochs.at(-1)!.accuracy!).toBeLessThan(0.2);
    expect(dead).toBeGreaterThan(96);
    expect(failed.warnings).toHaveLength(1);
    expect(failed.warnings![0]).toContain(`${dead} of 192 ReLU units are dead (zero for each of the first ${rows} training samples)`);
    expect(failed.warnings![0]).toMatch(/training ended at chance level .* learning rate \(now 1\) is probably too high/);

    const good = fit(stack(), { x, y }, { optimizer: "sgd", learningRate: 0.1, epochs: 3, batchSize: 32, seed: 1 });
    expect(good.epochs.at(-1)!.accuracy!).toBeGreaterThan(0.8);
    expect(good.warnings).toEqual([]);
  });
});
