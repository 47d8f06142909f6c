import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { Pool2dShape, pool2dGeometry } from "../../lib/src/kernels/geometry";
import { avgPool2dBackward, avgPool2dForward, maxPool2dBackward, maxPool2dForward } from "../../lib/src/kernels/pool2d";
import {
  avgPool2dBackwardNaive, avgPool2dForwardNaive, maxPool2dBackwardNaive, maxPool2dForwardNaive,
} from "../../lib/src/kernels/pool2d-naive";

function randomArray(rng: Random, size: number): Float64Array {
  const x = new Float64Array(size);
  for (let i = 0; i < size; i++) x[i] = rng.normal();
  return x;
}

const image = Float64Array.from({ length: 16 }, (_, i) => i + 1); // 4x4, 1..16
const one = { batch: 1, channels: 1, inHeight: 4, inWidth: 4, poolHeight: 2, poolWidth: 2 };

describe.each([
  ["fast", maxPool2dForward, maxPool2dBackward, avgPool2dForward, avgPool2dBackward],
  ["naive", maxPool2dForwardNaive, maxPool2dBackwardNaive, avgPool2dForwardNaive, avgPool2dBackwardNaive],
] as const)("%s pooling on hand-computed examples", (_name, maxFwd, maxBwd, avgFwd, avgBwd) => {
  it("2x2 max pool, stride 2: window maxima and their flat indices", () => {
    const argmax = new Int32Array(4);
    expect(Array.from(maxFwd(image, new Float64Array(4), argmax, one))).toEqual([6, 8, 14, 16]);
    expect(Array.from(argmax)).toEqual([5, 7, 13, 15]);
    const grad = maxBwd(new Float64Array([1, 2, 3, 4]), argmax, new Float64Array(16).fill(9), one);
    expect(Array.from(grad)).toEqual([0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4]);
  });

  it("3x3 max pool, stride 1, overlapping windows send the gradient to the shared maximum twice", () => {
    const shape = { ...one, poolHeight: 3, poolWidth: 3, strideHeight: 1, strideWidth: 1 };
    const argmax = new Int32Array(4);
    expect(Array.from(maxFwd(image, new Float64Array(4), argmax, shape))).toEqual([11, 12, 15, 16]);
    const x = new Float64Array(16);
    x[5] = 10; // (1,1) lies in one window only; (1,2) = 20 lies in all four and wins each
    x[6] = 20;
    maxFwd(x, new Float64Array(4), argmax, shape);
    expect(Array.from(argmax)).toEqual([6, 6, 6, 6]);
    expect(Array.from(maxBwd(new Float64Array([1, 1, 1, 1]), argmax, new Float64Array(16), shape))[6]).toBe(4);
  });

  it("ties go to the first maximum in row-major order", () => {
    const argmax = new Int32Array(1);
    maxFwd(new Float64Array([3, 3, 3, 3]), new Float64Array(1), argmax, { ...one, inHeight: 2, inWidth: 2 });
    expect(argmax[0]).toBe(0);
  });

  it("2x2 average pool, stride 2, and its backward (a quarter each)", () => {
    expect(Array.from(avgFwd(image, new Float64Array(4), one))).toEqual([3.5, 5.5, 11.5, 13.5]);
    const grad = avgBwd(new Float64Array([4, 8, 12, 16]), new Float64Array(16).fill(9), one);
    expect(Array.from(grad)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it("'same' 2x2 pooling of a 3x3 image (pad bottom/right 1): padding skipped, or counted with countIncludePad", () => {
    const x = Float64Array.from({ length: 9 }, (_, i) => i + 1); // [[1,2,3],[4,5,6],[7,8,9]]
    const shape = { ...one, inHeight: 3, inWidth: 3, padBottom: 1, padRight: 1 };
    const argmax = new Int32Array(4);
    expect(Array.from(maxFwd(new Float64Array(x).map((v) => -v), new Float64Array(4), argmax, shape))).toEqual([-1, -3, -7, -9]);
    expect(Array.from(avgFwd(x, new Float64Array(4), shape))).toEqual([3, 4.5, 7.5, 9]);
    expect(Array.from(avgFwd(x, new Float64Array(4), shape, { countIncludePad: true }))).toEqual([3, 9 / 4, 15 / 4, 9 / 4]);
  });
});

const shapes: Pool2dShape[] = [
  { batch: 2, channels: 3, inHeight: 6, inWidth: 6, poolHeight: 2, poolWidth: 2 },
  { batch: 3, channels: 2, inHeight: 7, inWidth: 5, poolHeight: 3, poolWidth: 2, strideHeight: 2, strideWidth: 1 },
  { batch: 1, channels: 4, inHeight: 9, inWidth: 8, poolHeight: 3, poolWidth: 3, strideHeight: 2, strideWidth: 2, padTop: 1, padBottom: 2, padLeft: 2, padRight: 1 },
  { batch: 2, channels: 1, inHeight: 1, inWidth: 1, poolHeight: 1, poolWidth: 1 },
  { batch: 5, channels: 10, inHeight: 6, inWidth: 6, poolHeight: 2, poolWidth: 2 }, // the CNN lecture's pool
];

describe("pool2d fast kernels vs naive loops", () => {
  it.each(shapes.map((s) => [JSON.stringify(s), s] as const))("%s", (_label, shape) => {
    const g = pool2dGeometry("test", shape);
    const rng = new Random(23);
    const inSize = g.batch * g.channels * g.inHeight * g.inWidth;
    const outSize = g.batch * g.channels * g.outHeight * g.outWidth;
    const x = randomArray(rng, inSize);
    const gy = randomArray(rng, outSize);
    const idxFast = new Int32Array(outSize);
    const idxNaive = new Int32Array(outSize);
    expect(Array.from(maxPool2dForward(x, new Float64Array(outSize), idxFast, shape)))
      .toEqual(Array.from(maxPool2dForwardNaive(x, new Float64Array(outSize), idxNaive, shape)));
    expect(Array.from(idxFast)).toEqual(Array.from(idxNaive));
    expect(Array.from(maxPool2dBackward(gy, idxFast, new Float64Array(inSize), shape)))
      .toEqual(Array.from(maxPool2dBackwardNaive(gy, idxNaive, new Float64Array(inSize), shape)));
    for (const options of [{}, { countIncludePad: true }]) {
      const a = avgPool2dForward(x, new Float64Array(outSize), shape, options);
      const b = avgPool2dForwardNaive(x, new Float64Array(outSize), shape, options);
      for (let i = 0; i < outSize; i++) expect(a[i]).toBeCloseTo(b[i], 12);
      const da = avgPool2dBackward(gy, new Float64Array(inSize), shape, options);
      const db = avgPool2dBackwardNaive(gy, new Float64Array(inSize), shape, options);
      for (let i = 0; i < inSize; i++) expect(da[i]).toBeCloseTo(db[i], 12);
      // adjoint: <avg(x), gy> = <x, avgBackward(gy)>
      let lhs = 0, rhs = 0;
      for (let i = 0; i < outSize; i++) lhs += a[i] * gy[i];
      for (let i = 0; i < inSize; i++) rhs += x[i] * da[i];
      expect(lhs).toBeCloseTo(rhs, 10);
    }
  });
});

describe("pool2d validation", () => {
  it("errors name the function and the argument", () => {
    expect(() => maxPool2dForward(image, new Float64Array(4), new Int32Array(3), one))
      .toThrow("maxPool2dForward: argmax has 3 elements but [1,1,2,2] needs 4");
    expect(() => maxPool2dForward(image, new Float64Array(4), new Float64Array(4) as unknown as Int32Array, one))
      .toThrow("maxPool2dForward: argmax must be an Int32Array");
    expect(() => avgPool2dForward(image, new Float64Array(5), one)).toThrow("avgPool2dForward: out has 5 elements but [1,1,2,2] needs 4");
    expect(() => avgPool2dBackward(new Float64Array(4), new Float64Array(16), { ...one, padTop: 2 }))
      .toThrow("avgPool2dBackward: padTop 2 must be smaller than the pool window 2");
    expect(() => maxPool2dBackward(new Float64Array(4), new Int32Array([0, 1, 2, 99]), new Float64Array(16), one))
      .toThrow("maxPool2dBackward: argmax[3] = 99 is outside gradInput (length 16)");
    expect(() => maxPool2dForwardNaive(image, new Float64Array(4), new Int32Array(4), { ...one, poolWidth: 0 }))
      .toThrow("maxPool2dForwardNaive: poolWidth must be an integer >= 1, got 0");
  });
});
