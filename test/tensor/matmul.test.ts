import { multiply, transpose as mjTranspose } from "mathjs";
import { describe, expect, it } from "vitest";
import { Tensor, checkGrad, grad, matmul, randn, sum, tensor, transpose } from "../../lib/src/index";

function toNested(t: Tensor): number[][] {
  return t.toArray() as number[][];
}

function expectMatrixClose(actual: Tensor, expected: number[][]): void {
  expect(actual.shape).toEqual([expected.length, expected[0].length]);
  const a = toNested(actual);
  for (let i = 0; i < expected.length; i++) for (let j = 0; j < expected[0].length; j++) expect(a[i][j]).toBeCloseTo(expected[i][j], 11);
}

describe("matmul", () => {
  const a = randn([5, 4], { seed: 1 });
  const b = randn([4, 3], { seed: 2 });

  it("matches mathjs multiply, including the transA/transB forms", () => {
    expectMatrixClose(matmul(a, b), multiply(toNested(a), toNested(b)) as number[][]);
    const at = transpose(a); // [4, 5]
    const bt = transpose(b); // [3, 4]
    expectMatrixClose(matmul(at, b, { transA: true }), multiply(toNested(a), toNested(b)) as number[][]);
    expectMatrixClose(matmul(a, bt, { transB: true }), multiply(toNested(a), toNested(b)) as number[][]);
    expectMatrixClose(matmul(at, bt, { transA: true, transB: true }), multiply(toNested(a), toNested(b)) as number[][]);
    expectMatrixClose(transpose(a), mjTranspose(toNested(a)) as number[][]);
  });

  it("handles vectors like NumPy (dropping the vector axis)", () => {
    const v = tensor([1, 2, 3, 4]);
    const av = matmul(a, v);
    expect(av.shape).toEqual([5]);
    const ref = multiply(toNested(a), [1, 2, 3, 4]) as number[];
    ref.forEach((r, i) => expect(av.data[i]).toBeCloseTo(r, 12));
    const vb = matmul(v, b);
    expect(vb.shape).toEqual([3]);
    (multiply([1, 2, 3, 4], toNested(b)) as number[]).forEach((r, i) => expect(vb.data[i]).toBeCloseTo(r, 12));
    expect(matmul(v, v).shape).toEqual([]);
    expect(matmul(v, v).item()).toBe(30);
  });

  it("broadcasts batch dimensions: [2,5,4] x [4,3] and [2,1,5,4] x [3,4,3]", () => {
    const batch = randn([2, 5, 4], { seed: 3 });
    const c = matmul(batch, b);
    expect(c.shape).toEqual([2, 5, 3]);
    for (let i = 0; i < 2; i++) {
      const slice = new Tensor(batch.data.slice(i * 20, i * 20 + 20), [5, 4]);
      const ref = multiply(toNested(slice), toNested(b)) as number[][];
      for (let r = 0; r < 5; r++) for (let q = 0; q < 3; q++) expect(c.data[i * 15 + r * 3 + q]).toBeCloseTo(ref[r][q], 12);
    }
    const x = randn([2, 1, 5, 4], { seed: 4 });
    const y = randn([3, 4, 3], { seed: 5 });
    const z = matmul(x, y);
    expect(z.shape).toEqual([2, 3, 5, 3]);
    const x1 = new Tensor(x.data.slice(20, 40), [5, 4]);
    const y2 = new Tensor(y.data.slice(24, 36), [4, 3]);
    const ref = multiply(toNested(x1), toNested(y2)) as number[][];
    const off = (1 * 3 + 2) * 15;
    for (let r = 0; r < 5; r++) for (let q = 0; q < 3; q++) expect(z.data[off + r * 3 + q]).toBeCloseTo(ref[r][q], 12);
  });

  it("gradients: dA = g·Bᵀ and dB = Aᵀ·g (mathjs), and checkGrad of all forms, first and second order", () => {
    const [da, db] = grad((p, q) => sum(matmul(p, q)))(a, b);
    const ones = Array.from({ length: 5 }, () => [1, 1, 1]);
    expectMatrixClose(da, multiply(ones, mjTranspose(toNested(b))) as number[][]);
    expectMatrixClose(db, multiply(mjTranspose(toNested(a)), ones) as number[][]);
    const forms: [Tensor, Tensor, { transA?: boolean; transB?: boolean }][] = [
      [a, b, {}],
      [transpose(a), b, { transA: true }],
      [a, transpose(b), { transB: true }],
      [transpose(a), transpose(b), { transA: true, transB: true }],
      [randn([2, 5, 4], { seed: 6 }), b, {}],
      [randn([2, 1, 3, 4], { seed: 7 }), randn([3, 4, 2], { seed: 8 }), {}],
      [tensor([1, -2, 0.5, 3]), b, {}],
    ];
    for (const [p, q, options] of forms) {
      const f = (x: Tensor, y: Tensor): Tensor => matmul(x, y, options).tanh();
      expect(checkGrad(f, [p, q], { seed: 1 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
      expect(checkGrad(f, [p, q], { order: 2, seed: 2 }).maxRelativeError).toBeLessThanOrEqual(1e-6);
    }
  });
});
