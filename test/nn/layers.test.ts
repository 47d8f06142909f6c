import { describe, expect, it } from "vitest";
import {
  ActivationLayer, AvgPool2D, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, Random, Tensor, avgPool2d, checkGrad,
  add, conv2d, grad, initializers, matmul, maxPool2d, mul, randn, sigmoid, tanh, tensor,
} from "../../lib/src/index";

const TOL = 1e-6;

/** Values 0.1 apart in a shuffled order: no near-ties for max pooling, nothing within 0.05 of 0. */
function spread(shape: number[], seed: number): Tensor {
  const size = shape.reduce((a, d) => a * d, 1);
  const perm = new Random(seed).permutation(size);
  return new Tensor(Float64Array.from(perm, (v) => 0.1 * (v - size / 2) + 0.05), shape);
}

describe("Dense", () => {
  it("computes f(x W + b) and has in*units + units parameters", () => {
    const layer = new Dense(2, { activation: "relu" }).build([3]);
    layer.weights!.data.set([1, -1, 2, 0, -3, 1]); // W [3, 2]
    layer.bias!.data.set([0.5, -0.5]);
    const y = layer.forward(tensor([[1, 2, 3], [-1, 0, 1]]));
    // row 0: z = [1*1 + 2*2 + 3*(-3) + 0.5, 1*(-1) + 0 + 3*1 - 0.5] = [-3.5, 1.5]
    // row 1: z = [-1 + 0 - 3 + 0.5, 1 + 0 + 1 - 0.5] = [-3.5, 1.5]
    expect(Array.from(y.data)).toEqual([0, 1.5, 0, 1.5]);
    expect(layer.parameterCount()).toBe(3 * 2 + 2);
  });

  it("gradients with respect to x, W and b pass checkGrad for every activation (away from kinks)", () => {
    for (const activation of ["identity", "sigmoid", "tanh", "relu", "leakyRelu", "elu", "softmax"] as const) {
      const layer = new Dense(3, { activation, seed: 2 }).build([4]);
      const f = (x: Tensor, w: Tensor, b: Tensor): Tensor => {
        layer.weights = w;
        layer.bias = b;
        return layer.forward(x);
      };
      const x = spread([5, 4], 1);
      const w = spread([4, 3], 2);
      const b = tensor([0.013, -0.027, 0.031]);
      const r = checkGrad(f, [x, w, b]);
      expect(r.maxRelativeError, activation).toBeLessThanOrEqual(TOL);
    }
  });

  it("fused sigmoid / tanh / relu: second derivatives pass checkGrad; the unrecorded first-order rule equals the recorded one", () => {
    for (const activation of ["sigmoid", "tanh", "relu"] as const) {
      const layer = new Dense(3, { activation, seed: 4 }).build([4]);
      const f = (x: Tensor, w: Tensor): Tensor => {
        layer.weights = w;
        return layer.forward(x).square().sum();
      };
      const x = spread([5, 4], 3);
      const w = spread([4, 3], 4);
      expect(checkGrad(f, [x, w], { order: 2 }).maxRelativeError, activation).toBeLessThanOrEqual(TOL);
      const [fast] = grad((ww) => f(x, ww))(w); // first order: nothing recorded (relu: the fused mask loop)
      const [recorded] = grad((ww) => f(x, ww), { createGraph: true })(w); // recorded: the composite rule
      for (let i = 0; i < fast.size; i++) expect(fast.data[i]).toBeCloseTo(recorded.data[i], 13);
    }
  });

  it("fused sigmoid / tanh: the bits of the engine's ops, forward and backward (one sigmoid in the engine)", () => {
    const x = randn([50, 8], 5, { std: 2 });
    for (const activation of ["sigmoid", "tanh"] as const) {
      const layer = new Dense(6, { activation, seed: 6 }).build([8]);
      const loss = (w: Tensor, b: Tensor, z: (w: Tensor, b: Tensor) => Tensor): Tensor => mul(z(w, b), x.slice([0, 0], [50, 6])).sum();
      const fused = (w: Tensor, b: Tensor): Tensor => { layer.weights = w; layer.bias = b; return layer.forward(x); };
      const composite = (w: Tensor, b: Tensor): Tensor => (activation === "sigmoid" ? sigmoid : tanh)(add(matmul(x, w), b));
      const [w, b] = [layer.weights!, layer.bias!];
      const same = (u: Tensor, v: Tensor, what: string): void => u.data.forEach((value, i) => expect(Object.is(value, v.data[i]), `${activation} ${what} [${i}]`).toBe(true));
      same(fused(w, b), composite(w, b), "forward");
      expect(composite(w, b).data.some((v) => v < 0.5 && v > 0), "some z < 0 (sigmoid's other branch)").toBe(true);
      const fast = grad((ww: Tensor, bb: Tensor) => loss(ww, bb, fused))(w, b); // nothing recorded: the op's own first-order rule
      const reference = grad((ww: Tensor, bb: Tensor) => loss(ww, bb, composite))(w, b); // the ops' rules
      same(fast[0], reference[0], "dW");
      same(fast[1], reference[1], "db");
    }
  });

  it("names the problem on bad input", () => {
    expect(() => new Dense(0)).toThrow(/Dense: units must be a positive integer/);
    expect(() => new Dense(3, { activation: "swish" as never })).toThrow(/Dense: activation must be one of/);
    const layer = new Dense(3).build([4]);
    expect(() => layer.forward(randn([2, 5], 1))).toThrow(/Dense.forward: x has shape \[2,5\] but the layer expects \[batch, 4\]/);
    expect(() => new Dense(3).build([2, 2])).toThrow(/put a Flatten layer before Dense/);
  });
});

describe("Conv2D", () => {
  it("equals conv2d with its weights, bias and activation; output shape and parameter count", () => {
    const layer = new Conv2D(4, [3, 2], { padding: "same", stride: 2, activation: "relu", seed: 3 }).build([2, 7, 6]);
    expect(layer.outputShape([2, 7, 6])).toEqual([4, 4, 3]);
    expect(layer.parameterCount()).toBe(4 * 2 * 3 * 2 + 4);
    const x = randn([3, 2, 7, 6], 4);
    const y = layer.forward(x);
    const ref = conv2d(x, layer.weights!, { padding: "same", stride: 2, bias: layer.bias! }).data.map((v) => Math.max(v, 0));
    expect(y.shape).toEqual([3, 4, 4, 3]);
    for (let i = 0; i < ref.length; i++) expect(y.data[i]).toBeCloseTo(ref[i], 12);
  });

  it("gradients pass checkGrad (relu fused, and tanh)", () => {
    for (const activation of ["relu", "tanh"] as const) {
      const layer = new Conv2D(2, 3, { padding: 1, activation, seed: 5 }).build([2, 4, 4]);
      const f = (x: Tensor, w: Tensor, b: Tensor): Tensor => {
        layer.weights = w;
        layer.bias = b;
        return layer.forward(x);
      };
      // choose inputs whose pre-activations stay >= 0.05 away from the ReLU kink (the finite-difference steps are ~0.006)
      let seed = 6;
      const b = tensor([0.1, -0.2]);
      for (;; seed++) {
        const z = conv2d(randn([2, 2, 4, 4], seed), randn([2, 2, 3, 3], seed + 100), { padding: 1, bias: b });
        if (Math.min(...Array.from(z.data, Math.abs)) > 0.05) break;
      }
      const r = checkGrad(f, [randn([2, 2, 4, 4], seed), randn([2, 2, 3, 3], seed + 100), b]);
      expect(r.maxRelativeError, activation).toBeLessThanOrEqual(TOL);
    }
  });

  it("rejects inputs that are not images", () => {
    expect(() => new Conv2D(2, 3).build([64])).toThrow(/Conv2D: input samples must be images \[channels, height, width\]/);
    expect(() => new Conv2D(2, 9).build([1, 8, 8])).toThrow(/Conv2D: window 9 is larger than the padded height/);
  });
});

describe("pooling, Flatten", () => {
  it("MaxPool2D / AvgPool2D equal the ops and pass checkGrad; Flatten keeps the batch axis", () => {
    const x = spread([2, 3, 6, 6], 8);
    const mp = new MaxPool2D(2);
    const ap = new AvgPool2D(3, { stride: 1 });
    expect(Array.from(mp.forward(x).data)).toEqual(Array.from(maxPool2d(x).data));
    expect(Array.from(ap.forward(x).data)).toEqual(Array.from(avgPool2d(x, { poolSize: 3, stride: 1 }).data));
    expect(mp.outputShape([3, 6, 6])).toEqual([3, 3, 3]);
    expect(ap.outputShape([3, 6, 6])).toEqual([3, 4, 4]);
    expect(checkGrad((a) => new MaxPool2D(2).forward(a), [x]).maxRelativeError).toBeLessThanOrEqual(TOL);
    expect(checkGrad((a) => new AvgPool2D(2).forward(a), [x]).maxRelativeError).toBeLessThanOrEqual(TOL);
    const flat = new Flatten().forward(x);
    expect(flat.shape).toEqual([2, 108]);
    expect(Array.from(flat.data)).toEqual(Array.from(x.data));
    expect(checkGrad((a) => new Flatten().forward(a), [x]).maxRelativeError).toBeLessThanOrEqual(TOL);
    expect(mp.parameterCount() + ap.parameterCount()).toBe(0);
  });
});

describe("ActivationLayer", () => {
  it("matches the closed forms and passes checkGrad away from the kinks", () => {
    const x = spread([4, 5], 9);
    const closed: Record<string, (v: number) => number> = {
      identity: (v) => v,
      sigmoid: (v) => 1 / (1 + Math.exp(-v)),
      tanh: Math.tanh,
      relu: (v) => Math.max(v, 0),
      leakyRelu: (v) => (v > 0 ? v : 0.01 * v),
      elu: (v) => (v > 0 ? v : Math.exp(v) - 1),
      step: (v) => (v > 0 ? 1 : 0),
    };
    for (const [name, fn] of Object.entries(closed)) {
      const layer = new ActivationLayer(name as never);
      const y = layer.forward(x);
      for (let i = 0; i < x.size; i++) expect(y.data[i], name).toBeCloseTo(fn(x.data[i]), 14);
      expect(checkGrad((a) => new ActivationLayer(name as never).forward(a), [x]).maxRelativeError, name).toBeLessThanOrEqual(TOL);
    }
    const s = new ActivationLayer("softmax").forward(x);
    for (let r = 0; r < 4; r++) {
      const row = Array.from(x.data.subarray(r * 5, r * 5 + 5));
      const total = row.reduce((a, v) => a + Math.exp(v), 0);
      for (let j = 0; j < 5; j++) expect(s.data[r * 5 + j]).toBeCloseTo(Math.exp(row[j]) / total, 14);
    }
    expect(checkGrad((a) => new ActivationLayer("softmax").forward(a), [x]).maxRelativeError).toBeLessThanOrEqual(TOL);
    expect(() => new ActivationLayer("gelu" as never)).toThrow(/ActivationLayer: activation must be one of/);
  });
});

describe("Dropout", () => {
  it("keeps each value with probability 1 - rate, scales kept values by 1/(1 - rate), passes through in eval mode", () => {
    const layer = new Dropout(0.3, { seed: 4 });
    const x = tensor(new Float64Array(100_000).fill(2), [1000, 100]);
    const y = layer.forward(x);
    let kept = 0;
    for (const v of y.data) {
      if (v !== 0) {
        kept++;
        expect(v).toBeCloseTo(2 / 0.7, 14);
      }
    }
    // binomial(100000, 0.7): standard deviation 145
    expect(Math.abs(kept - 70_000)).toBeLessThan(5 * 145);
    let mean = 0;
    for (const v of y.data) mean += v / y.size;
    expect(Math.abs(mean - 2)).toBeLessThan(0.02); // inverted dropout keeps the expectation
    layer.eval();
    expect(layer.forward(x)).toBe(x);
  });

  it("same seed, same masks; the gradient is the mask (checkGrad with a fixed mask)", () => {
    const x = randn([20, 10], 1);
    const a = new Dropout(0.5, { seed: 9 }).forward(x);
    const b = new Dropout(0.5, { seed: 9 }).forward(x);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    expect(checkGrad((v) => new Dropout(0.5, { seed: 9 }).forward(v), [x]).maxRelativeError).toBeLessThanOrEqual(TOL);
    expect(() => new Dropout(1)).toThrow(/Dropout: rate must be a number in \[0, 1\)/);
  });
});

describe("BatchNorm", () => {
  it("training mode normalises each feature with the batch statistics and updates the running ones", () => {
    const layer = new BatchNorm({ momentum: 0.25, epsilon: 1e-5 }).build([3]);
    layer.scale!.data.set([1, 2, 0.5]);
    layer.shift!.data.set([0, 1, -1]);
    const x = tensor([[1, 10, -2], [2, 20, 0], [4, 60, 5], [5, 30, 1]]);
    const y = layer.forward(x);
    for (let j = 0; j < 3; j++) {
      const col = [0, 1, 2, 3].map((i) => x.data[i * 3 + j]);
      const mu = col.reduce((a, v) => a + v, 0) / 4;
      const variance = col.reduce((a, v) => a + (v - mu) ** 2, 0) / 4;
      for (let i = 0; i < 4; i++) {
        const expected = layer.scale!.data[j] * (col[i] - mu) / Math.sqrt(variance + 1e-5) + layer.shift!.data[j];
        expect(y.data[i * 3 + j]).toBeCloseTo(expected, 12);
      }
      expect(layer.runningMean!.data[j]).toBeCloseTo(0.75 * 0 + 0.25 * mu, 12);
      expect(layer.runningVar!.data[j]).toBeCloseTo(0.75 * 1 + 0.25 * variance * 4 / 3, 12);
    }
  });

  it("evaluation mode uses the running statistics (per channel for images) and leaves them unchanged", () => {
    const layer = new BatchNorm().build([2, 3, 3]);
    layer.runningMean!.data.set([1, -2]);
    layer.runningVar!.data.set([4, 0.25]);
    layer.scale!.data.set([3, 1]);
    layer.shift!.data.set([0.5, 0]);
    layer.eval();
    const x = randn([2, 2, 3, 3], 3);
    const y = layer.forward(x);
    for (let i = 0; i < x.size; i++) {
      const c = Math.floor(i / 9) % 2;
      const expected = [3, 1][c] * (x.data[i] - [1, -2][c]) / Math.sqrt([4, 0.25][c] + 1e-5) + [0.5, 0][c];
      expect(y.data[i]).toBeCloseTo(expected, 12);
    }
    expect(Array.from(layer.runningMean!.data)).toEqual([1, -2]);
  });

  it("per-channel training statistics over batch and positions; gradients pass checkGrad in both modes", () => {
    const layer = new BatchNorm().build([2, 2, 2]);
    const x = randn([3, 2, 2, 2], 5);
    const y = layer.forward(x);
    for (let c = 0; c < 2; c++) { // each channel of the output has mean 0 and variance ~1
      const vals: number[] = [];
      for (let n = 0; n < 3; n++) for (let p = 0; p < 4; p++) vals.push(y.data[(n * 2 + c) * 4 + p]);
      const mu = vals.reduce((a, v) => a + v, 0) / vals.length;
      const v2 = vals.reduce((a, v) => a + (v - mu) ** 2, 0) / vals.length;
      expect(mu).toBeCloseTo(0, 12);
      expect(v2).toBeCloseTo(1, 3);
    }
    const f = (a: Tensor, g: Tensor, b: Tensor): Tensor => {
      layer.scale = g;
      layer.shift = b;
      return layer.forward(a);
    };
    layer.train();
    expect(checkGrad(f, [x, tensor([1.5, 0.5]), tensor([0.1, -0.3])]).maxRelativeError).toBeLessThanOrEqual(TOL);
    layer.eval();
    expect(checkGrad(f, [x, tensor([1.5, 0.5]), tensor([0.1, -0.3])]).maxRelativeError).toBeLessThanOrEqual(TOL);
  });
});

describe("initialisers", () => {
  it("draw from the documented distributions, seeded", () => {
    const rng = (s: number): Random => new Random(s);
    const stats = (a: Float64Array): { mean: number; std: number; min: number; max: number } => {
      const mean = a.reduce((s, v) => s + v, 0) / a.length;
      const std = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
      return { mean, std, min: Math.min(...a), max: Math.max(...a) };
    };
    const n = 40_000;
    const lecture = stats(initializers.lecture.weights(n, 64, 50, rng(1)));
    expect(Math.abs(lecture.mean)).toBeLessThan(0.02);
    expect(Math.abs(lecture.std - 1)).toBeLessThan(0.02);
    expect(Array.from(initializers.lecture.bias(3, rng(1)))).toEqual([0.01, 0.01, 0.01]);
    const tn = stats(initializers.truncatedNormal.weights(n, 9, 90, rng(2)));
    expect(tn.min).toBeGreaterThanOrEqual(-0.2);
    expect(tn.max).toBeLessThanOrEqual(0.2);
    expect(Math.abs(tn.std - 0.088)).toBeLessThan(0.003); // std of N(0, 0.1) truncated at 2 sigma: 0.1 * 0.8796
    expect(Array.from(initializers.truncatedNormal.bias(2, rng(2)))).toEqual([0.1, 0.1]);
    const limit = Math.sqrt(6 / (64 + 50));
    const gu = stats(initializers.glorotUniform.weights(n, 64, 50, rng(3)));
    expect(gu.min).toBeGreaterThanOrEqual(-limit);
    expect(gu.max).toBeLessThan(limit);
    expect(Math.abs(gu.std - limit / Math.sqrt(3))).toBeLessThan(0.005);
    expect(Math.abs(stats(initializers.heNormal.weights(n, 64, 50, rng(5))).std - Math.sqrt(2 / 64))).toBeLessThan(0.003);
    expect(stats(initializers.zeros.weights(10, 1, 1, rng(7))).max).toBe(0);
    expect(Array.from(initializers.heNormal.weights(5, 3, 3, rng(8)))).toEqual(Array.from(initializers.heNormal.weights(5, 3, 3, rng(8))));
    expect(() => new Dense(2, { init: "xavier" as never })).toThrow(/Dense: init must be one of "lecture", "truncatedNormal".*got "xavier"/);
  });
});
