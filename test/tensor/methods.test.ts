import { describe, expect, it } from "vitest";
import {
  Tensor, add, matmul, noGrad, randn, sigmoid, sum, tensor, zeros,
} from "../../lib/src/index";

describe("chainable methods", () => {
  it("x.matmul(w).add(b).sigmoid() equals the free functions, and backward through methods works", () => {
    const x = randn([4, 3], { seed: 1 });
    const w = randn([3, 2], { seed: 2 }).requireGrad();
    const b = randn([2], { seed: 3 }).requireGrad();
    const chained = x.matmul(w).add(b).sigmoid();
    const free = sigmoid(add(matmul(x, w), b));
    expect(Array.from(chained.data)).toEqual(Array.from(free.data));
    chained.sum().backward();
    // d/db sum(sigmoid(z)) = sum over rows of s(1 - s)
    const s = free.data;
    for (let j = 0; j < 2; j++) {
      let expected = 0;
      for (let i = 0; i < 4; i++) expected += s[i * 2 + j] * (1 - s[i * 2 + j]);
      expect(b.grad!.data[j]).toBeCloseTo(expected, 14);
    }
    expect(w.grad!.shape).toEqual([3, 2]);
  });

  it("every method forwards to its op (spot checks with hand-computed values)", () => {
    const m = tensor([[1, -2], [3, 4]]);
    expect(m.T.toArray()).toEqual([[1, 3], [-2, 4]]);
    expect(m.abs().sum(1).toArray()).toEqual([3, 7]);
    expect(m.relu().max().item()).toBe(4);
    expect(m.argmax(1).toArray()).toEqual([0, 1]);
    expect(m.reshape([4]).gather([3, 0]).toArray()).toEqual([4, 1]);
    expect(m.row(1).toArray()).toEqual([3, 4]);
    expect(m.mul(2).sub(1).div(2).toArray()).toEqual([[0.5, -2.5], [2.5, 3.5]]);
    expect(m.pow(2).toArray()).toEqual([[1, 4], [9, 16]]);
    expect(m.greater(0).where(m, 0).toArray()).toEqual([[1, 0], [3, 4]]);
    expect(m.clip(-1, 2).toArray()).toEqual([[1, -1], [2, 2]]);
    expect(Array.from(m.softmax().sum(-1).data, (v) => Math.round(v * 1e12) / 1e12)).toEqual([1, 1]);
    expect(m.flatten().shape).toEqual([4]);
    expect(m.expandDims(0).squeeze().shape).toEqual([2, 2]);
    expect(m.slice([0, 1], [2, 1]).toArray()).toEqual([[-2], [4]]);
    expect(m.mean().item()).toBe(1.5);
    expect(m.get(1, 0)).toBe(3);
    expect(m.get(-1, -1)).toBe(4);
    expect(() => m.get(2, 0)).toThrow("get: index 2 is out of range for axis 0 of size 2");
    expect(() => m.get(0)).toThrow("get: index [0] has 1 entries but the tensor has rank 2");
  });

  it("refuses an `out` buffer while gradients are recorded (no silent loss of the gradient)", () => {
    const w = tensor([1, 2], undefined, { requiresGrad: true });
    const out = zeros([2]);
    expect(() => add(w, 1, out)).toThrow("add: out cannot be used while gradients are recorded");
    expect(() => sigmoid(w, out)).toThrow("sigmoid: out cannot be used while gradients are recorded");
    const r = noGrad(() => add(w, 1, out));
    expect(r).toBe(out);
    expect(Array.from(out.data)).toEqual([2, 3]);
    expect(sum(w).requiresGrad).toBe(true);
    expect(w.clone().requiresGrad).toBe(false);
    expect(w.detach().data).toBe(w.data);
    expect(() => sum(w).requireGrad(false)).toThrow("requireGrad: cannot switch off gradients of a computed tensor");
    expect(new Tensor(Float64Array.of(1), []).requireGrad().requiresGrad).toBe(true);
  });
});
