import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import {
  conv2dBackwardBias, conv2dBackwardFilter, conv2dBackwardInput, conv2dForward,
} from "../../lib/src/kernels/conv2d";
import {
  conv2dBackwardBiasNaive, conv2dBackwardFilterNaive, conv2dBackwardInputNaive, conv2dForwardNaive,
} from "../../lib/src/kernels/conv2d-naive";
import { Conv2dShape, conv2dGeometry, samePadding } from "../../lib/src/kernels/geometry";

function randomArray(rng: Random, size: number): Float64Array {
  const x = new Float64Array(size);
  for (let i = 0; i < size; i++) x[i] = rng.normal();
  return x;
}

function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

function expectClose(actual: Float64Array, expected: Float64Array, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol * scale)) throw new Error(`element ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

// The 4x4 image 1..16 (row-major), one channel.
const image = Float64Array.from({ length: 16 }, (_, i) => i + 1);
const laplacian = new Float64Array([0, 1, 0, 1, -4, 1, 0, 1, 0]);
const sobelX = new Float64Array([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
const one = { batch: 1, inChannels: 1, inHeight: 4, inWidth: 4, outChannels: 1, kernelHeight: 3, kernelWidth: 3 };

describe.each([
  ["conv2dForward", conv2dForward],
  ["conv2dForwardNaive", conv2dForwardNaive],
] as const)("%s on a hand-computed example", (_name, forward) => {
  it("Laplacian edge filter, pad 1, stride 1 (neighbours - 4 * centre, zeros outside)", () => {
    const out = forward(image, laplacian, null, new Float64Array(16), { ...one, padTop: 1, padBottom: 1, padLeft: 1, padRight: 1 });
    expect(Array.from(out)).toEqual([3, 2, 1, -5, -4, 0, 0, -9, -8, 0, 0, -13, -29, -18, -19, -37]);
  });

  it("Laplacian, pad 1, stride 2 keeps every other position", () => {
    const out = forward(image, laplacian, null, new Float64Array(4),
      { ...one, padTop: 1, padBottom: 1, padLeft: 1, padRight: 1, strideHeight: 2, strideWidth: 2 });
    expect(Array.from(out)).toEqual([3, 1, -8, 0]);
  });

  it("Sobel x, valid: cross-correlation (no flip) of a ramp rising by 1 per column gives +8, plus the bias", () => {
    const out = forward(image, sobelX, new Float64Array([0.5]), new Float64Array(4), one);
    expect(Array.from(out)).toEqual([8.5, 8.5, 8.5, 8.5]);
  });

  it("asymmetric padding (top 0, bottom 2, left 2, right 0) shifts the windows", () => {
    // window at (oy, ox) covers rows oy..oy+2 and columns ox-2..ox; a 3x3 box filter sums the real cells.
    const box = new Float64Array(9).fill(1);
    const out = forward(image, box, null, new Float64Array(16), { ...one, padTop: 0, padBottom: 2, padLeft: 2, padRight: 0 });
    const expected: number[] = [];
    for (let oy = 0; oy < 4; oy++) {
      for (let ox = 0; ox < 4; ox++) {
        let s = 0;
        for (let y = oy; y <= oy + 2; y++) for (let x = ox - 2; x <= ox; x++) if (y < 4 && x >= 0) s += y * 4 + x + 1;
        expected.push(s);
      }
    }
    expect(Array.from(out)).toEqual(expected);
  });
});

const shapes: Conv2dShape[] = [
  { batch: 3, inChannels: 2, inHeight: 7, inWidth: 6, outChannels: 4, kernelHeight: 3, kernelWidth: 3 },
  { batch: 2, inChannels: 3, inHeight: 9, inWidth: 8, outChannels: 5, kernelHeight: 3, kernelWidth: 2, strideHeight: 2, strideWidth: 3, padTop: 1, padBottom: 2, padLeft: 0, padRight: 1 },
  { batch: 5, inChannels: 1, inHeight: 8, inWidth: 8, outChannels: 10, kernelHeight: 3, kernelWidth: 3 }, // the CNN lecture's layer
  { batch: 2, inChannels: 4, inHeight: 5, inWidth: 5, outChannels: 3, kernelHeight: 5, kernelWidth: 5, padTop: 2, padBottom: 2, padLeft: 2, padRight: 2 },
  { batch: 1, inChannels: 1, inHeight: 1, inWidth: 1, outChannels: 1, kernelHeight: 1, kernelWidth: 1 },
  { batch: 4, inChannels: 2, inHeight: 6, inWidth: 7, outChannels: 3, kernelHeight: 2, kernelWidth: 3, strideHeight: 3, strideWidth: 2 },
];

describe("conv2d fast kernels vs naive loops", () => {
  it.each(shapes.map((s) => [JSON.stringify(s), s] as const))("%s", (_label, shape) => {
    const g = conv2dGeometry("test", shape);
    const rng = new Random(11);
    const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW, outHeight: OH, outWidth: OW } = g;
    const input = randomArray(rng, N * C * H * W);
    const filter = randomArray(rng, F * C * KH * KW);
    const bias = randomArray(rng, F);
    const gradOut = randomArray(rng, N * F * OH * OW);
    expectClose(conv2dForward(input, filter, bias, new Float64Array(N * F * OH * OW), shape),
      conv2dForwardNaive(input, filter, bias, new Float64Array(N * F * OH * OW), shape));
    expectClose(conv2dBackwardInput(gradOut, filter, new Float64Array(input.length).fill(7), shape),
      conv2dBackwardInputNaive(gradOut, filter, new Float64Array(input.length), shape));
    expectClose(conv2dBackwardFilter(input, gradOut, new Float64Array(filter.length).fill(7), shape),
      conv2dBackwardFilterNaive(input, gradOut, new Float64Array(filter.length), shape));
    expectClose(conv2dBackwardBias(gradOut, new Float64Array(F).fill(7), shape),
      conv2dBackwardBiasNaive(gradOut, new Float64Array(F), shape));
  });

  it("matches on a larger layer (40 images, 8 channels, 30x30, pad 1)", () => {
    const shape = { batch: 40, inChannels: 8, inHeight: 30, inWidth: 30, outChannels: 6, kernelHeight: 3, kernelWidth: 3, padTop: 1, padBottom: 1, padLeft: 1, padRight: 1 };
    const rng = new Random(3);
    const input = randomArray(rng, 40 * 8 * 900);
    const filter = randomArray(rng, 6 * 8 * 9);
    const gradOut = randomArray(rng, 40 * 6 * 900);
    expectClose(conv2dBackwardFilter(input, gradOut, new Float64Array(filter.length), shape),
      conv2dBackwardFilterNaive(input, gradOut, new Float64Array(filter.length), shape));
    expectClose(conv2dForward(input, filter, null, new Float64Array(gradOut.length), shape),
      conv2dForwardNaive(input, filter, null, new Float64Array(gradOut.length), shape));
  });
});

describe("conv2d naive backward kernels are the adjoints of the forward map", () => {
  it.each(shapes.map((s) => [JSON.stringify(s), s] as const))("<conv(x, w), dy> = <x, dx> = <w, dw>: %s", (_label, shape) => {
    const g = conv2dGeometry("test", shape);
    const rng = new Random(17);
    const x = randomArray(rng, g.batch * g.inChannels * g.inHeight * g.inWidth);
    const w = randomArray(rng, g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth);
    const dy = randomArray(rng, g.batch * g.outChannels * g.outHeight * g.outWidth);
    const y = conv2dForwardNaive(x, w, null, new Float64Array(dy.length), shape);
    const dx = conv2dBackwardInputNaive(dy, w, new Float64Array(x.length), shape);
    const dw = conv2dBackwardFilterNaive(x, dy, new Float64Array(w.length), shape);
    const ref = dot(y, dy);
    expect(dot(x, dx)).toBeCloseTo(ref, 10);
    expect(dot(w, dw)).toBeCloseTo(ref, 10);
    // bias gradient: d/db_f of sum(y * dy) is the sum of dy over channel f
    const db = conv2dBackwardBiasNaive(dy, new Float64Array(g.outChannels), shape);
    const ones = new Float64Array(g.outChannels).fill(1);
    const yb = conv2dForwardNaive(x, w, ones, new Float64Array(dy.length), shape);
    expect(dot(yb, dy) - ref).toBeCloseTo(db.reduce((s, v) => s + v, 0), 10);
  });
});

describe("conv2d geometry and validation", () => {
  it("samePadding gives TensorFlow's pads (ceil(size/stride) outputs, extra pad after)", () => {
    expect(samePadding(4, 3, 1)).toEqual([1, 1]);
    expect(samePadding(5, 2, 1)).toEqual([0, 1]);
    expect(samePadding(7, 3, 2)).toEqual([1, 1]); // out 4: (4-1)*2+3-7 = 2
    expect(samePadding(8, 3, 2)).toEqual([0, 1]); // out 4: (4-1)*2+3-8 = 1
  });

  it("errors name the function and the argument", () => {
    expect(() => conv2dForward(image, laplacian, null, new Float64Array(3), one))
      .toThrow("conv2dForward: out has 3 elements but [1,1,2,2] needs 4");
    expect(() => conv2dForward(image, new Float64Array(8), null, new Float64Array(4), one))
      .toThrow("conv2dForward: filter has 8 elements but [1,1,3,3] needs 9");
    expect(() => conv2dForward(image, laplacian, new Float64Array(2), new Float64Array(4), one))
      .toThrow("conv2dForward: bias has 2 elements but [1] needs 1");
    expect(() => conv2dBackwardInput(new Float64Array(4), laplacian, new Float64Array(16), { ...one, strideWidth: 0 }))
      .toThrow("conv2dBackwardInput: strideWidth must be an integer >= 1, got 0");
    expect(() => conv2dBackwardFilter(image, new Float64Array(4), new Float64Array(9), { ...one, kernelHeight: 5, kernelWidth: 3 }))
      .toThrow("conv2dBackwardFilter: window 5 is larger than the padded height 4+0+0 = 4");
    expect(() => conv2dForwardNaive(image, laplacian, null, new Float64Array(4), { ...one, padLeft: -1 }))
      .toThrow("conv2dForwardNaive: padLeft must be an integer >= 0, got -1");
  });
});
