import { describe, expect, it } from "vitest";
import {
  Tensor, arange, broadcastTo, checkGrad, concat, expandDims, flatten, gather, grad, padSlice, permute, randn, reshape, row,
  scatterAdd, slice, squeeze, stack, sum, sumTo, tensor, transpose,
} from "../../lib/src/index";

const x = arange(24).reshape([2, 3, 4]);

describe("shape ops", () => {
  it("reshape (with -1) shares data; flatten, expandDims, squeeze", () => {
    const r = reshape(x, [4, -1]);
    expect(r.shape).toEqual([4, 6]);
    expect(r.data).toBe(x.data);
    expect(flatten(x).shape).toEqual([24]);
    expect(flatten(x, 1).shape).toEqual([2, 12]);
    expect(expandDims(x, 1).shape).toEqual([2, 1, 3, 4]);
    expect(expandDims(x, -1).shape).toEqual([2, 3, 4, 1]);
    expect(squeeze(tensor([[[1], [2]]])).shape).toEqual([2]);
    expect(squeeze(tensor([[[1], [2]]]), 2).shape).toEqual([1, 2]);
  });

  it("transpose and permute (index formula)", () => {
    const m = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(transpose(m).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(m.T.toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    const p = permute(x, [2, 0, 1]);
    expect(p.shape).toEqual([4, 2, 3]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) {
      expect(p.data[(k * 2 + i) * 3 + j]).toBe(x.data[(i * 3 + j) * 4 + k]);
    }
    const big = randn([70, 45], { seed: 1 }); // more than one 32x32 tile
    const bt = transpose(big);
    for (let i = 0; i < 70; i++) for (let j = 0; j < 45; j++) expect(bt.data[j * 70 + i]).toBe(big.data[i * 45 + j]);
  });

  it("slice, row, gather, scatterAdd, concat, stack (hand-computed)", () => {
    const m = tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(slice(m, [1], [2]).toArray()).toEqual([[4, 5, 6], [7, 8, 9]]);
    expect(slice(m, [0, 1], [-1, 2]).toArray()).toEqual([[2, 3], [5, 6], [8, 9]]);
    expect(row(m, 1).toArray()).toEqual([4, 5, 6]);
    expect(row(m, -1).toArray()).toEqual([7, 8, 9]);
    expect(gather(m, [2, 0, 2]).toArray()).toEqual([[7, 8, 9], [1, 2, 3], [7, 8, 9]]);
    expect(gather(m, Int32Array.of(1)).toArray()).toEqual([[4, 5, 6]]);
    expect(scatterAdd(tensor([[1, 1], [2, 2], [3, 3]]), [2, 0, 2], 3).toArray()).toEqual([[2, 2], [0, 0], [4, 4]]);
    expect(padSlice(tensor([[1, 2]]), [2, 3], [1, 1]).toArray()).toEqual([[0, 0, 0], [0, 1, 2]]);
    expect(concat([tensor([[1, 2]]), tensor([[3, 4], [5, 6]])]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(concat([tensor([[1], [2]]), tensor([[3, 4], [5, 6]])], 1).toArray()).toEqual([[1, 3, 4], [2, 5, 6]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])]).toArray()).toEqual([[1, 2], [3, 4]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(broadcastTo(tensor([1, 2]), [2, 2]).toArray()).toEqual([[1, 2], [1, 2]]);
    expect(sumTo(tensor([[1, 2], [3, 4]]), [2]).toArray()).toEqual([4, 6]);
    expect(sumTo(tensor([[1, 2], [3, 4]]), [2, 1]).toArray()).toEqual([[3], [7]]);
  });

  it("gather's gradient is scatterAdd (repeated rows accumulate)", () => {
    const m = randn([4, 2], { seed: 2 });
    const [g] = grad((t) => sum(gather(t, [3, 1, 3])))(m);
    expect(g.toArray()).toEqual([[0, 0], [1, 1], [0, 0], [2, 2]]);
  });

  it("checkGrad of every shape op, first and second order", () => {
    const a = randn([2, 3, 4], { seed: 3 });
    const b = randn([2, 2, 4], { seed: 4 });
    const cases: [string, (...t: Tensor[]) => Tensor, Tensor[]][] = [
      ["reshape", (t) => reshape(t, [6, 4]).tanh(), [a]],
      ["permute", (t) => permute(t, [1, 2, 0]).tanh(), [a]],
      ["transpose", (t) => transpose(t).sigmoid(), [a]],
      ["broadcastTo", (t) => broadcastTo(t, [5, 2, 3, 4]).tanh(), [a]],
      ["sumTo", (t) => sumTo(t, [3, 1]).tanh(), [a]],
      ["slice", (t) => slice(t, [1, 1, 0], [1, 2, 3]).tanh(), [a]],
      ["row", (t) => row(t, 1).tanh(), [a]],
      ["gather", (t) => gather(t, [1, 0, 1]).tanh(), [a]],
      ["scatterAdd", (t) => scatterAdd(t, [2, 0], 3).tanh(), [a]],
      ["padSlice", (t) => padSlice(t, [3, 4, 5], [1, 0, 1]).tanh(), [a]],
      ["concat", (p, q) => concat([p, q], 1).tanh(), [a, b]],
      ["stack", (p, q) => stack([p, q.sigmoid()], 0).tanh(), [a, a.mul(0.5)]],
      ["flatten/expandDims/squeeze", (t) => squeeze(expandDims(flatten(t, 1), 0)).tanh(), [a]],
    ];
    for (const [name, f, inputs] of cases) {
      const r1 = checkGrad(f, inputs, { seed: 5 });
      const r2 = checkGrad(f, inputs, { order: 2, seed: 6 });
      expect({ name, e1: r1.maxRelativeError <= 1e-6, e2: r2.maxRelativeError <= 1e-6 }).toEqual({ name, e1: true, e2: true });
    }
  });
});
