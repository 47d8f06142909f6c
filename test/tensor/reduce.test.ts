import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Random, Tensor, argmax, argmin, checkGrad, grad, logSoftmax, logSumExp, max, mean, min, softmax, sum, tensor,
} from "../../lib/src/index";

const x = tensor([[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]); // [2, 2, 3]

function distinct(shape: number[], seed: number): Tensor {
  // a random permutation of spread-out values: no ties, so max/min are smooth locally
  const n = shape.reduce((a, b) => a * b, 1);
  const p = new Random(seed).permutation(n);
  return new Tensor(Float64Array.from(p, (v) => (v - n / 2) * 0.37 + 0.05), shape);
}

describe("reductions", () => {
  it("sum along axes with and without keepDims (hand-computed)", () => {
    expect(sum(x).item()).toBe(78);
    expect(sum(x, 0).toArray()).toEqual([[8, 10, 12], [14, 16, 18]]);
    expect(sum(x, 1).toArray()).toEqual([[5, 7, 9], [17, 19, 21]]);
    expect(sum(x, -1).toArray()).toEqual([[6, 15], [24, 33]]);
    expect(sum(x, [0, 2]).toArray()).toEqual([6 + 24, 15 + 33]);
    expect(sum(x, 2, true).shape).toEqual([2, 2, 1]);
    expect(sum(x, undefined, true).shape).toEqual([1, 1, 1]);
  });

  it("sum over the leading axes: the bits of adding whole rows in order, as a plain loop does", () => {
    // values of every scale, with -0, NaN and ±Infinity, so any other order of the additions shows in the bits
    // (specials: long columns would almost all sum to NaN, hiding the order, so they get finite values only)
    const value = (rng: Random, specials: boolean): number => {
      const u = specials ? rng.uniform() : 1;
      return u < 0.03 ? -0 : u < 0.05 ? NaN : u < 0.07 ? Infinity * Math.sign(u - 0.06) : rng.normal() * 10 ** (rng.int(31) - 15);
    };
    const check = (shape: number[], axes: number[], seed: number, specials = false): void => {
      const rng = new Random(seed);
      const t = new Tensor(Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => value(rng, specials)), shape);
      const cols = t.size / axes.reduce((n, a) => n * shape[a], 1); // axes are leading: x is [rows, cols]
      const expected = new Float64Array(cols); // +0, then row 0, row 1, ... added one at a time
      for (let k = 0; k < t.size; k++) expected[k % cols] += t.data[k];
      const got = sum(t, axes).data;
      expect(got.length).toBe(cols);
      got.forEach((v, j) => expect(Object.is(v, expected[j]), `${JSON.stringify(shape)} column ${j}: ${v} vs ${expected[j]}`).toBe(true));
    };
    fc.assert(fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 13 }), fc.integer(), (rows, cols, seed) => {
      check([rows, cols], [0], seed, true);
    }), { numRuns: 300 });
    check([5000, 9], [0], 1); // several blocks of rows (the kernel works on 256 KB at a time)
    check([3, 40000], [0], 2); // a block of one row
    check([4, 3, 5], [0], 3); // [4, 15]
    check([4, 3, 5], [0, 1], 4); // [12, 5]
  });

  it("mean, max, min, argmax, argmin", () => {
    expect(mean(x).item()).toBe(6.5);
    expect(mean(x, 2).toArray()).toEqual([[2, 5], [8, 11]]);
    const y = tensor([[3, -1, 7], [0, 9, 2]]);
    expect(max(y, 1).toArray()).toEqual([7, 9]);
    expect(min(y, 0).toArray()).toEqual([0, -1, 2]);
    expect(max(y).item()).toBe(9);
    expect(argmax(y, 1).toArray()).toEqual([2, 1]);
    expect(argmin(y, 0).toArray()).toEqual([1, 0, 1]);
    expect(argmax(y).item()).toBe(4);
    expect(argmax(tensor([5, 5, 1])).item()).toBe(0); // first on ties
  });

  it("max gradient: all to the arg max, split equally between ties", () => {
    const y = tensor([[1, 3, 3], [2, 0, 1]]);
    expect(grad((t) => sum(max(t, 1)))(y)[0].toArray()).toEqual([[0, 0.5, 0.5], [1, 0, 0]]);
  });

  it("logSumExp, softmax and logSoftmax match the direct formulas and stay finite for large inputs", () => {
    const z = tensor([[0.5, -1, 2], [3, 0, -2]]);
    const lse = logSumExp(z, 1);
    [[0.5, -1, 2], [3, 0, -2]].forEach((r, i) => expect(lse.data[i]).toBeCloseTo(Math.log(r.reduce((s, v) => s + Math.exp(v), 0)), 14));
    const s = softmax(z);
    for (let i = 0; i < 2; i++) {
      const row = [0, 1, 2].map((j) => Math.exp(z.data[i * 3 + j]));
      const total = row[0] + row[1] + row[2];
      for (let j = 0; j < 3; j++) expect(s.data[i * 3 + j]).toBeCloseTo(row[j] / total, 14);
    }
    const ls = logSoftmax(z);
    for (let i = 0; i < 6; i++) expect(ls.data[i]).toBeCloseTo(Math.log(s.data[i]), 13);
    const big = tensor([1000, 1001, 999]);
    expect(Array.from(softmax(big).data).every(Number.isFinite)).toBe(true);
    expect(logSumExp(big).item()).toBeCloseTo(1001 + Math.log(1 + Math.exp(-1) + Math.exp(-2)), 10);
    expect(softmax(tensor([[1, 2], [3, 4]]), 0).toArray()).toEqual([
      [1 / (1 + Math.E ** 2), 1 / (1 + Math.E ** 2)],
      [1 / (1 + Math.E ** -2), 1 / (1 + Math.E ** -2)],
    ].map((r) => r.map((v) => expect.closeTo(v, 14))));
  });

  it("softmax over the last axis gives the same bits unrecorded as recorded, on rows with ±Infinity and NaN", () => {
    const rng = new Random(8);
    const rows = [[1000, 1001, 999], [-Infinity, 0, 1], [-Infinity, -Infinity, -Infinity], [Infinity, 1, 2], [NaN, 1, 2], [0, 0, 0]];
    for (let r = 0; r < 40; r++) rows.push([0, 1, 2].map(() => rng.normal() * 30));
    const z = tensor(rows);
    const plain = softmax(z).data;
    const recorded = softmax(tensor(rows, { requiresGrad: true })).data; // the composite exp(z - max) / sum (recorded for backward)
    for (let i = 0; i < plain.length; i++) expect(Object.is(plain[i], recorded[i]), `value ${i}: ${plain[i]} vs ${recorded[i]}`).toBe(true);
    expect(Array.from(plain.subarray(3, 6))).toEqual([0, expect.closeTo(1 / (1 + Math.E), 15), expect.closeTo(Math.E / (1 + Math.E), 15)]);
    expect(Array.from(plain.subarray(6, 9)).every(Number.isNaN)).toBe(true); // a row of -Infinity: 0/0, as the composite gives
  });

  it("checkGrad: sum, mean, max, min, logSumExp, softmax, logSoftmax (first and second order)", () => {
    const t = distinct([3, 4], 1);
    const cases: ((v: Tensor) => Tensor)[] = [
      (v) => sum(v, 1),
      (v) => sum(v, [0, 1], true),
      (v) => mean(v, 0),
      (v) => max(v, 1),
      (v) => min(v, 0, true),
      (v) => max(v),
      (v) => logSumExp(v, 1),
      (v) => logSumExp(v),
      (v) => softmax(v),
      (v) => softmax(v, 0),
      (v) => logSoftmax(v),
    ];
    for (const f of cases) {
      expect(checkGrad(f, [t], { seed: 3 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
      expect(checkGrad(f, [t], { order: 2, seed: 4 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
    }
  });
});
