import { describe, expect, it } from "vitest";
import {
  Random, Tensor, avgPool2d, avgPool2dBackprop, checkGrad, conv2d, conv2dBackpropFilter, conv2dBackpropInput, gatherFlat,
  grad, maxPool2d, mul, randn, scatterAddFlat, softmaxCrossEntropy, sum, sumChannels, tensor,
} from "../../lib/src/index";

/** Independent reference: the convolution as its defining 7-fold loop with explicit padding tests. */
function convLoop(
  x: Tensor, w: Tensor, b: Float64Array | null, stride: [number, number], pads: [number, number, number, number],
): { data: Float64Array; shape: number[] } {
  const [N, C, H, W] = x.shape;
  const [F, , KH, KW] = w.shape;
  const [pt, pb, pl, pr] = pads;
  const OH = Math.floor((H + pt + pb - KH) / stride[0]) + 1;
  const OW = Math.floor((W + pl + pr - KW) / stride[1]) + 1;
  const out = new Float64Array(N * F * OH * OW);
  for (let n = 0; n < N; n++) for (let f = 0; f < F; f++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    let s = b ? b[f] : 0;
    for (let c = 0; c < C; c++) for (let p = 0; p < KH; p++) for (let q = 0; q < KW; q++) {
      const y = i * stride[0] + p - pt;
      const xx = j * stride[1] + q - pl;
      if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
      s += x.data[((n * C + c) * H + y) * W + xx] * w.data[((f * C + c) * KH + p) * KW + q];
    }
    out[((n * F + f) * OH + i) * OW + j] = s;
  }
  return { data: out, shape: [N, F, OH, OW] };
}

function poolLoop(x: Tensor, k: number, s: number, kind: "max" | "avg"): Float64Array {
  const [N, C, H, W] = x.shape;
  const OH = Math.floor((H - k) / s) + 1;
  const OW = Math.floor((W - k) / s) + 1;
  const out = new Float64Array(N * C * OH * OW);
  let o = 0;
  for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    let best = -Infinity;
    let total = 0;
    for (let p = 0; p < k; p++) for (let q = 0; q < k; q++) {
      const v = x.data[((n * C + c) * H + i * s + p) * W + j * s + q];
      best = Math.max(best, v);
      total += v;
    }
    out[o++] = kind === "max" ? best : total / (k * k);
  }
  return out;
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-12): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
}

describe("conv2d", () => {
  it("matches a hand-computed 3x3 image with a 2x2 filter", () => {
    // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,0],[0,-1]]: y[i,j] = x[i,j] - x[i+1,j+1] = -4 everywhere
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
    const w = tensor([1, 0, 0, -1], [1, 1, 2, 2]);
    const y = conv2d(x, w, { bias: tensor([0.5]) });
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([-3.5, -3.5, -3.5, -3.5]);
    // 'same' pads the end for an even kernel: the last row/column sees x[i,j] - 0
    const same = conv2d(x, w, { padding: "same" });
    expect(same.shape).toEqual([1, 1, 3, 3]);
    expect(Array.from(same.data)).toEqual([-4, -4, 3, -4, -4, 6, 7, 8, 9]);
  });

  it("agrees with the defining loop for strides and paddings", () => {
    const rng = new Random(3);
    const x = randn([2, 3, 7, 6], rng);
    const w = randn([4, 3, 3, 2], rng);
    const b = randn([4], rng);
    const cases: { stride: [number, number]; padding: "valid" | "same" | number | [number, number, number, number]; pads: [number, number, number, number] }[] = [
      { stride: [1, 1], padding: "valid", pads: [0, 0, 0, 0] },
      { stride: [2, 1], padding: 1, pads: [1, 1, 1, 1] },
      { stride: [1, 1], padding: "same", pads: [1, 1, 0, 1] },
      { stride: [2, 3], padding: [0, 2, 1, 0], pads: [0, 2, 1, 0] },
    ];
    for (const c of cases) {
      const y = conv2d(x, w, { stride: c.stride, padding: c.padding, bias: b });
      const ref = convLoop(x, w, b.data, c.stride, c.pads);
      expect(y.shape).toEqual(ref.shape);
      expectClose(y.data, ref.data);
    }
  });

  it("the training path (im2col kept for the filter gradient, fused ReLU) agrees with the loop; its gradient with the kernel path's", () => {
    const rng = new Random(4);
    const x = randn([3, 2, 6, 5], rng);
    const w = randn([3, 2, 3, 2], rng).requireGrad();
    const b = randn([3], rng).requireGrad();
    const y = conv2d(x, w, { stride: [1, 2], padding: [1, 0, 2, 1], bias: b, activation: "relu" });
    const ref = convLoop(x, w, b.data, [1, 2], [1, 0, 2, 1]);
    expectClose(y.data, ref.data.map((v) => Math.max(v, 0)));
    // first-order fused rule (filter and bias in one pass) vs the composite rule (x also differentiated)
    const g = randn(y.shape, rng);
    const [dw1, db1] = grad((ww, bb) => sum(mul(conv2d(x, ww, { stride: [1, 2], padding: [1, 0, 2, 1], bias: bb, activation: "relu" }), g)))(w, b);
    const [, dw2, db2] = grad((xx, ww, bb) => sum(mul(conv2d(xx, ww, { stride: [1, 2], padding: [1, 0, 2, 1], bias: bb, activation: "relu" }), g)))(x, w, b);
    expectClose(dw1.data, dw2.data, 1e-12);
    expectClose(db1.data, db2.data, 1e-12);
  });

  it("the training path with an odd number of output positions, with and without bias and ReLU, matches loop references", () => {
    const rng = new Random(11);
    const x = randn([3, 2, 5, 5], rng); // 'valid' 3x3 -> 3x3 outputs (P = 9, odd)
    for (const relu of [false, true]) {
      for (const withBias of [false, true]) {
        const w = randn([4, 2, 3, 3], rng).requireGrad();
        const b = randn([4], rng).requireGrad();
        const options = { activation: relu ? "relu" as const : "identity" as const, ...(withBias ? { bias: b } : {}) };
        const y = conv2d(x, w, options);
        const ref = convLoop(x, w, withBias ? b.data : null, [1, 1], [0, 0, 0, 0]).data.map((v) => (relu ? Math.max(v, 0) : v));
        expectClose(y.data, ref);
        const g = randn(y.shape, rng);
        const grads = withBias
          ? grad((ww, bb) => sum(mul(conv2d(x, ww, { ...options, bias: bb }), g)))(w, b)
          : grad((ww) => sum(mul(conv2d(x, ww, options), g)))(w);
        // dW[f, c, p, q] = sum_{n, i, j} g'[n, f, i, j] x[n, c, i + p, j + q], g' = g masked by the ReLU; db[f] = sum g'[:, f]
        const masked = g.data.map((v, i) => (relu && !(ref[i] > 0) ? 0 : v));
        const dw = new Float64Array(4 * 2 * 9);
        const db = new Float64Array(4);
        for (let n = 0; n < 3; n++) for (let f = 0; f < 4; f++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
          const gv = masked[((n * 4 + f) * 3 + i) * 3 + j];
          db[f] += gv;
          for (let c = 0; c < 2; c++) for (let p = 0; p < 3; p++) for (let q = 0; q < 3; q++) {
            dw[((f * 2 + c) * 3 + p) * 3 + q] += gv * x.data[((n * 2 + c) * 5 + i + p) * 5 + j + q];
          }
        }
        expectClose(grads[0].data, dw, 1e-12);
        if (withBias) expectClose(grads[1].data, db, 1e-12);
      }
    }
  });

  it("gradients pass checkGrad (first order, vjp and jvp) with stride and padding", () => {
    const rng = new Random(5);
    const x = randn([2, 2, 5, 5], rng);
    const w = randn([3, 2, 3, 3], rng);
    const b = randn([3], rng);
    const f = (a: Tensor, k: Tensor, c: Tensor): Tensor => conv2d(a, k, { stride: 2, padding: "same", bias: c });
    const r = checkGrad(f, [x, w, b]);
    expect(r.maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(r.checks).toBeGreaterThan(0);
  });

  it("second derivatives (reverse over reverse, forward over forward) pass checkGrad", () => {
    const rng = new Random(6);
    const x = randn([2, 2, 4, 4], rng);
    const w = randn([2, 2, 2, 2], rng);
    // a non-linear function of the convolution so the second derivative is not trivially zero
    const f = (a: Tensor, k: Tensor): Tensor => sum(mul(conv2d(a, k, { padding: 1 }), conv2d(a, k, { padding: 1 })).tanh());
    const r = checkGrad(f, [x, w], { order: 2 });
    expect(r.maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("backprop ops are the adjoints: <conv(x,w), g> = <x, BI(g,w)> = <w, BF(x,g)>, and are differentiable", () => {
    const rng = new Random(7);
    const x = randn([2, 2, 5, 4], rng);
    const w = randn([3, 2, 2, 3], rng);
    const opts = { stride: [2, 1] as [number, number], padding: [1, 0, 0, 2] as [number, number, number, number] };
    const y = conv2d(x, w, opts);
    const g = randn(y.shape, rng);
    const dot = (a: Tensor, c: Tensor): number => a.data.reduce((s, v, i) => s + v * c.data[i], 0);
    const bi = conv2dBackpropInput(g, w, x.shape, opts);
    const bf = conv2dBackpropFilter(x, g, w.shape, opts);
    expect(dot(bi, x)).toBeCloseTo(dot(y, g), 10);
    expect(dot(bf, w)).toBeCloseTo(dot(y, g), 10);
    expect(checkGrad((gg, ww) => conv2dBackpropInput(gg, ww, x.shape, opts), [g, w]).maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(checkGrad((xx, gg) => conv2dBackpropFilter(xx, gg, w.shape, opts), [x, g]).maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("sumChannels sums over batch and positions; its gradient broadcasts back", () => {
    const x = randn([2, 3, 2, 2], 1);
    const s = sumChannels(x);
    for (let c = 0; c < 3; c++) {
      let t = 0;
      for (let n = 0; n < 2; n++) for (let p = 0; p < 4; p++) t += x.data[(n * 3 + c) * 4 + p];
      expect(s.data[c]).toBeCloseTo(t, 12);
    }
    expect(checkGrad((a) => sumChannels(a), [x]).maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("names the argument on bad input", () => {
    const x = randn([1, 2, 5, 5], 1);
    expect(() => conv2d(x, randn([3, 1, 3, 3], 1))).toThrow(/conv2d: filter \[3,1,3,3\] expects 1 input channels but x \[1,2,5,5\] has 2/);
    expect(() => conv2d(randn([2, 5, 5], 1), randn([3, 1, 3, 3], 1))).toThrow(/conv2d: x must be a batch of images/);
    expect(() => conv2d(x, randn([3, 2, 3, 3], 1), { padding: "full" as never })).toThrow(/conv2d: padding must be/);
    expect(() => conv2d(x, randn([3, 2, 3, 3], 1), { stride: 0 })).toThrow(/conv2d: stride must be/);
    expect(() => conv2d(x, randn([3, 2, 3, 3], 1), { bias: randn([2], 1) })).toThrow(/conv2d: bias must have shape \[3\]/);
    expect(() => conv2d(x, randn([3, 2, 7, 7], 1))).toThrow(/conv2d: window 7 is larger/);
  });
});

describe("pooling", () => {
  it("maxPool2d: a hand-computed 4x4 example, and the gradient goes to the winner", () => {
    const x = tensor([
      1, 5, 2, 0,
      3, 4, 8, 1,
      0, 0, 1, 2,
      9, 0, 3, 3,
    ], [1, 1, 4, 4]);
    const y = maxPool2d(x);
    expect(Array.from(y.data)).toEqual([5, 8, 9, 3]);
    const [dx] = grad((a) => sum(mul(maxPool2d(a), tensor([1, 2, 3, 4], [1, 1, 2, 2]))))(x);
    // ties (3, 3 in the last window): the first in row-major order wins
    expect(Array.from(dx.data)).toEqual([0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0]);
  });

  it("maxPool2d 2x2 (the stride-2 fast path) on a batch with ties: values, and the gradient goes to the first maximum of each window", () => {
    const rng = new Random(12);
    for (const [N, C, H, W] of [[3, 4, 8, 9], [3, 4, 6, 8]]) { // odd width: the last column is dropped; even: windows tile x
      const OW = Math.floor(W / 2);
      const x = tensor(Array.from({ length: N * C * H * W }, () => rng.int(4)), [N, C, H, W]).requireGrad(); // many ties
      const y = maxPool2d(x);
      expect(y.shape).toEqual([N, C, H / 2, OW]);
      const g = randn(y.shape, rng);
      const [dx] = grad((xx) => sum(mul(maxPool2d(xx), g)))(x);
      const expectedDx = new Float64Array(x.size);
      let o = 0;
      for (let plane = 0; plane < N * C; plane++) for (let oy = 0; oy < H / 2; oy++) for (let ox = 0; ox < OW; ox++, o++) {
        let best = -1;
        for (let p = 0; p < 2; p++) for (let q = 0; q < 2; q++) {
          const i = plane * H * W + (2 * oy + p) * W + 2 * ox + q;
          if (best < 0 || x.data[i] > x.data[best]) best = i; // first maximum in row-major order
        }
        expect(y.data[o]).toBe(x.data[best]);
        expectedDx[best] += g.data[o];
      }
      expectClose(dx.data, expectedDx, 0);
    }
  });

  it("max and average pooling agree with the defining loops", () => {
    const x = randn([2, 3, 6, 7], 11);
    for (const [k, s] of [[2, 2], [3, 1], [3, 2]]) {
      expectClose(maxPool2d(x, { poolSize: k, stride: s }).data, poolLoop(x, k, s, "max"));
      expectClose(avgPool2d(x, { poolSize: k, stride: s }).data, poolLoop(x, k, s, "avg"));
    }
  });

  it("gradients pass checkGrad (first order; avg also second order through its adjoint)", () => {
    // values 0.1 apart (a shuffled grid): no window has near-ties, so max pooling is smooth within the finite-difference steps
    const perm = new Random(12).permutation(100);
    const x = new Tensor(Float64Array.from(perm, (v) => 0.1 * v - 5), [2, 2, 5, 5]);
    expect(checkGrad((a) => maxPool2d(a, { poolSize: 2, stride: 2, padding: "same" }), [x]).maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(checkGrad((a) => avgPool2d(a, { poolSize: 3, stride: 2, padding: 1 }), [x]).maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(checkGrad((a) => sum(avgPool2d(a, { poolSize: 2 }).square().tanh()), [x], { order: 2 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(checkGrad((a) => sum(maxPool2d(a).square()), [x], { order: 2 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("avgPool2dBackprop is the adjoint of avgPool2d; scatterAddFlat the adjoint of gatherFlat", () => {
    const x = randn([1, 2, 4, 6], 13);
    const y = avgPool2d(x, { poolSize: 2 });
    const g = randn(y.shape, 14);
    const back = avgPool2dBackprop(g, x.shape, { poolSize: 2 });
    const dot = (a: Tensor, c: Tensor): number => a.data.reduce((s, v, i) => s + v * c.data[i], 0);
    expect(dot(back, x)).toBeCloseTo(dot(y, g), 12);
    expect(checkGrad((a) => avgPool2dBackprop(a, x.shape, { poolSize: 2 }), [g]).maxRelativeError).toBeLessThanOrEqual(1e-6);
    const idx = Int32Array.from([3, 0, 3, 5]);
    const v = randn([6], 15);
    const u = randn([4], 16);
    expect(dot(gatherFlat(v, idx), u)).toBeCloseTo(dot(v, scatterAddFlat(u, idx, [6])), 12);
    expect(Array.from(scatterAddFlat(tensor([1, 2, 3, 4]), idx, [6]).data)).toEqual([2, 0, 0, 4, 0, 4]);
    expect(checkGrad((a) => scatterAddFlat(a, idx, [6]), [u]).maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(checkGrad((a) => gatherFlat(a, idx), [v]).maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("names the argument on bad input", () => {
    expect(() => maxPool2d(randn([4, 4], 1))).toThrow(/maxPool2d: x must be a batch of images/);
    expect(() => avgPool2d(randn([1, 1, 4, 4], 1), { poolSize: 0 })).toThrow(/avgPool2d: poolSize must be/);
    expect(() => maxPool2d(randn([1, 1, 1, 1], 1), { poolSize: 2 })).toThrow(/maxPool2d: window 2 is larger/);
  });
});

describe("softmaxCrossEntropy", () => {
  it("equals -mean sum y log softmax(z) computed directly, and stays finite for huge logits", () => {
    const z = tensor([[1, 2, 3], [0.5, -1, 2], [10, 0, -10]]);
    const y = tensor([[0, 0, 1], [1, 0, 0], [0, 1, 0]]);
    let ref = 0;
    for (let i = 0; i < 3; i++) {
      const row = [0, 1, 2].map((j) => z.data[i * 3 + j]);
      const norm = row.reduce((s, v) => s + Math.exp(v), 0);
      for (let j = 0; j < 3; j++) ref -= y.data[i * 3 + j] * Math.log(Math.exp(row[j]) / norm);
    }
    expect(softmaxCrossEntropy(z, y).item()).toBeCloseTo(ref / 3, 13);
    expect(softmaxCrossEntropy(z, y, { reduction: "sum" }).item()).toBeCloseTo(ref, 12);
    const big = softmaxCrossEntropy(tensor([[1000, 0], [0, -1000]]), tensor([[0, 1], [0, 1]]));
    expect(big.item()).toBeCloseTo((1000 + 1000) / 2, 9);
  });

  it("gradient is (softmax(z) - y)/n; passes checkGrad to second order, in z and soft targets", () => {
    const z = randn([4, 3], 21);
    const y = tensor([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]]);
    const [dz] = grad((a) => softmaxCrossEntropy(a, y))(z);
    for (let i = 0; i < 4; i++) {
      const row = [0, 1, 2].map((j) => Math.exp(z.data[i * 3 + j]));
      const s = row[0] + row[1] + row[2];
      for (let j = 0; j < 3; j++) expect(dz.data[i * 3 + j]).toBeCloseTo((row[j] / s - y.data[i * 3 + j]) / 4, 14);
    }
    const soft = new Random(2);
    const targets = new Tensor(Float64Array.from({ length: 12 }, () => soft.uniform()), [4, 3]);
    expect(checkGrad((a, t) => softmaxCrossEntropy(a, t), [z, targets], { order: 2 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
    expect(checkGrad((a, t) => softmaxCrossEntropy(a, t, { reduction: "sum" }), [z, targets]).maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("names the argument on bad input", () => {
    expect(() => softmaxCrossEntropy(randn([2, 3], 1), randn([2, 4], 1))).toThrow(/softmaxCrossEntropy: targets have shape \[2,4\] but logits have shape \[2,3\]/);
    expect(() => softmaxCrossEntropy(randn([6], 1), randn([6], 1))).toThrow(/logits must have shape \[samples, classes\]/);
  });
});
