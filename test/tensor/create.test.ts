import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  Random, Tensor, arange, eye, full, linspace, ones, onesLike, rand, randn, scalar, tensor, truncatedNormal, zeros, zerosLike,
} from "../../lib/src/index";

describe("creating tensors", () => {
  it("from nested arrays, flat arrays with a shape, numbers and typed arrays", () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.rank).toBe(2);
    expect(a.size).toBe(6);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(a.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([1, 2, 3, 4, 5, 6], [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    const s = tensor(2.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(2.5);
    expect(s.toArray()).toBe(2.5);
    const source = Float64Array.of(1, 2);
    const t = tensor(source);
    expect(t.data).not.toBe(source); // copied
    expect(tensor(Int32Array.of(3, 4)).toArray()).toEqual([3, 4]);
    expect(scalar(1, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(tensor([1, 2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(tensor([1, 2], [2, 1], { requiresGrad: true }).shape).toEqual([2, 1]);
    expect(tensor([[]]).shape).toEqual([1, 0]);
  });

  it("zeros, ones, full, zerosLike, onesLike, eye, arange, linspace", () => {
    expect(zeros([2, 2]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(ones([3]).toArray()).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    expect(zerosLike(ones([2, 1])).shape).toEqual([2, 1]);
    expect(onesLike(zeros([1, 2])).toArray()).toEqual([[1, 1]]);
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 2, 1).toArray()).toEqual([2]);
  });

  it("random tensors are seeded: same seed, same numbers bit for bit; they follow the Random stream", () => {
    expect(Array.from(randn([50], { seed: 3 }).data)).toEqual(Array.from(randn([50], 3).data));
    const rng = new Random(3);
    const expected = Array.from({ length: 50 }, () => rng.normal());
    expect(Array.from(randn([50], new Random(3)).data)).toEqual(expected);
    const u = rand([1000], { seed: 1 }, { low: -2, high: 3 });
    expect(Math.min(...u.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...u.data)).toBeLessThan(3);
    const tn = truncatedNormal([1000], { seed: 2 }, { mean: 1, std: 0.5 });
    expect(Math.min(...tn.data)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...tn.data)).toBeLessThanOrEqual(2);
    expect(() => randn([2], undefined as unknown as number)).toThrow("randn: rng must be a Random, { seed } or a seed number");
    expect(() => randn([2], 1, { std: -1 })).toThrow("randn: std must be >= 0, got -1");
    expect(() => truncatedNormal([2], 1, { std: Number.NaN })).toThrow("truncatedNormal: std must be a finite number, got NaN");
    expect(() => rand([2, -1], 1)).toThrow("rand: shape [2,-1] has an invalid dimension -1 at axis 1");
  });
});

describe("printing", () => {
  it("aligns like NumPy and shows small tensors whole", () => {
    expect(tensor([[1.5, -2], [3, 4.25]]).toString()).toBe("tensor([[ 1.50, -2.00],\n        [ 3.00,  4.25]])");
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe("tensor([[1, 2],\n        [3, 4]])");
    expect(String(scalar(3.14159, { requiresGrad: true }))).toBe("tensor(3.1416, requiresGrad=true)");
    expect(tensor([NaN, Infinity, 1.5]).toString()).toBe("tensor([nan, inf, 1.5])");
    expect(tensor([1e-7, 2e-7]).toString()).toBe("tensor([1.0000e-7, 2.0000e-7])");
    expect(arange(8).reshape([2, 2, 2]).toString()).toBe("tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]])");
  });

  it("elides large tensors with ... and names their shape", () => {
    expect(arange(2000).toString()).toBe("tensor([   0,    1,    2, ..., 1997, 1998, 1999], shape=[2000])");
    const big = arange(40 * 40).reshape([40, 40]).toString();
    const lines = big.split("\n");
    expect(lines.length).toBe(7); // 3 rows, "...", 3 rows
    expect(lines[3].trim()).toBe("...,");
    expect(big.endsWith("shape=[40, 40])")).toBe(true);
  });

  it("console.log / util.inspect (and so tslab) show the same text", () => {
    const t = tensor([[1, 2], [3, 4]]);
    expect(inspect(t)).toBe(t.toString());
    expect(inspect({ weights: t })).toContain("tensor([[1, 2],");
  });

  it("a Tensor checks its data and shape", () => {
    expect(() => new Tensor(new Float64Array(3), [2, 2])).toThrow("Tensor: data has 3 values but shape [2,2] needs 4");
    expect(() => new Tensor(new Float64Array(0), [-1])).toThrow("Tensor: shape [-1] has an invalid dimension -1 at axis 0");
  });
});
