import { describe, expect, it } from "vitest";
import {
  Tensor, add, argmax, backward, clip, concat, gather, linspace, matmul, max, mean, mul, pow, reshape, row, scatterAdd,
  slice, softmax, sum, tensor, transpose, zeros, randn, logSumExp, stack, where,
} from "../../lib/src/index";

const x = zeros([100, 64]);
const y = zeros([50, 10]);

describe("errors name the op, the argument and the problem", () => {
  it("wrong shapes (both shapes in the message)", () => {
    expect(() => matmul(x, y)).toThrow("matmul: shapes [100,64] and [50,10] are not aligned (64 != 50)");
    expect(() => matmul(zeros([3]), zeros([4]))).toThrow("matmul: shapes [3] and [4] are not aligned (3 != 4)");
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 1]))).toThrow("matmul: batch dimensions of shapes [2,2,3] and [3,3,1] cannot be broadcast");
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow("add: shapes [2,3] and [4] cannot be broadcast (3 != 4 at axis -1)");
    expect(() => mul(zeros([2, 3]), zeros([3, 3]))).toThrow("mul: shapes [2,3] and [3,3] cannot be broadcast (2 != 3 at axis -2)");
    expect(() => reshape(zeros([2, 3]), [4, 2])).toThrow("reshape: cannot reshape [2,3] (6 values) into [4,2] (8 values)");
    expect(() => concat([zeros([2, 3]), zeros([2, 4])])).toThrow("concat: shapes [2,3] and [2,4] (tensors[1]) differ outside axis 0");
    expect(() => stack([zeros([2]), zeros([3])])).toThrow("stack: shapes [2] and [3] (tensors[1]) differ");
    expect(() => add(zeros([2]), zeros([3]), zeros([2]))).toThrow("add: shapes [2] and [3] cannot be broadcast");
    expect(() => add(zeros([2]), zeros([2]), zeros([3]))).toThrow("add: out has shape [3] but the result has shape [2]");
    expect(() => where(zeros([2]), zeros([3]), 0)).toThrow("where: shapes [2] and [3] cannot be broadcast");
    expect(() => tensor([[1, 2], [3]])).toThrow("tensor: values[1] has length 1, expected 2 (ragged nested array)");
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow("tensor: values have 3 numbers but shape [2,2] needs 4");
    expect(() => transpose(zeros([2, 3]), [0, 0])).toThrow("permute: perm [0,0] repeats axis 0");
  });

  it("shape errors say how to fix them: the transposition flags that align a product, the broadcasting rule, the valid axes", () => {
    expect(() => matmul(zeros([100, 64]), zeros([50, 64]))).toThrow("not aligned (64 != 50); they align with { transB: true }");
    expect(() => matmul(zeros([64, 100]), zeros([64, 50]))).toThrow("not aligned (100 != 64); they align with { transA: true }");
    expect(() => matmul(zeros([5, 64]), zeros([100, 5]))).toThrow("not aligned (64 != 100); they align with { transA: true, transB: true }");
    expect(() => matmul(zeros([10, 3]), zeros([3, 4]), { transA: true })).toThrow("with transA=true, transB=false; they align without transA and transB");
    expect(() => matmul(x, y)).toThrow("not aligned (64 != 50); the last axis of the first operand must have the size of the second-to-last axis of the second");
    expect(() => matmul(zeros([3]), zeros([4]))).toThrow("; a vector (rank 1) must have the size of the matrix axis it is multiplied with");
    expect(() => add(zeros([100, 50]), zeros([1, 10]))).toThrow("(50 != 10 at axis -1); compared from the last axis, each pair of sizes must be equal or one of them 1");
    expect(() => sum(zeros([2, 3]), 2)).toThrow("rank 2; its axes are 0..1, or -2..-1 counted from the end");
    expect(() => sum(tensor(3), 0)).toThrow("sum: axis 0 is out of range for a tensor of rank 0 (a scalar has no axes)");
  });

  it("axis out of range", () => {
    expect(() => sum(zeros([2, 3]), 2)).toThrow("sum: axis 2 is out of range for a tensor of rank 2");
    expect(() => softmax(zeros([2, 3]), -3)).toThrow("softmax: axis -3 is out of range for a tensor of rank 2");
    expect(() => max(zeros([2, 3]), [0, 0])).toThrow("max: axis 0 is repeated in [0,0]");
    expect(() => sum(zeros([2, 3]), 0.5)).toThrow("sum: axis must be an integer, got 0.5");
    expect(() => concat([zeros([2, 3])], 2)).toThrow("concat: axis 2 is out of range for a tensor of rank 2");
  });

  it("non-finite scalar arguments", () => {
    expect(() => add(zeros([2]), NaN)).toThrow("add: b must be a finite number, got NaN");
    expect(() => mul(Infinity, zeros([2]))).toThrow("mul: a must be a finite number, got Infinity");
    expect(() => pow(zeros([2]), -Infinity)).toThrow("pow: exponent must be a finite number, got -Infinity");
    expect(() => clip(zeros([2]), NaN, 1)).toThrow("clip: low must be a finite number, got NaN");
    expect(() => clip(zeros([2]), 1, 0)).toThrow("clip: low (1) must be <= high (0)");
    expect(() => linspace(0, Infinity, 3)).toThrow("linspace: stop must be a finite number, got Infinity");
  });

  it("empty tensors where a result would be meaningless", () => {
    expect(() => max(zeros([0]))).toThrow("max: x is empty (shape [0])");
    expect(() => argmax(zeros([2, 0]), 1)).toThrow("argmax: x is empty (shape [2,0])");
    expect(() => mean(zeros([3, 0]), 1)).toThrow("mean: x is empty along the reduced axes (shape [3,0])");
    expect(() => softmax(zeros([0, 4]))).toThrow("softmax: x is empty (shape [0,4])");
    expect(() => logSumExp(zeros([0]))).toThrow("logSumExp: x is empty (shape [0])");
    expect(sum(zeros([0])).item()).toBe(0); // an empty sum is 0, not an error
  });

  it("non-integer or out-of-range indices", () => {
    const m = randn([3, 2], { seed: 1 });
    expect(() => gather(m, [0, 1.5])).toThrow("gather: indices[1] = 1.5 is not an integer");
    expect(() => gather(m, [3])).toThrow("gather: indices[0] = 3 is out of range [0, 3)");
    expect(() => scatterAdd(m, [0, 1, -1], 4)).toThrow("scatterAdd: indices[2] = -1 is out of range [0, 4)");
    expect(() => row(m, 3)).toThrow("row: index 3 is out of range for 3 rows");
    expect(() => row(m, 0.5)).toThrow("row: index must be an integer, got 0.5");
    expect(() => slice(m, [2], [2])).toThrow("slice: size[0] = 2 with begin 2 exceeds axis 0 of size 3 (shape [3,2])");
    expect(() => slice(m, [4])).toThrow("slice: begin[0] = 4 is out of range for axis 0 of size 3 (shape [3,2])");
    expect(() => m.item()).toThrow("item: tensor has 6 elements (shape [3,2]); expected exactly 1");
  });

  it("mismatched dtype: a Float32Array, a string or an array where a Tensor is expected", () => {
    const f32 = new Float32Array(4) as unknown as Tensor;
    expect(() => add(f32, 1)).toThrow("add: a has mismatched dtype (Float32Array); expected a Tensor (float64) or a number");
    expect(() => mul(zeros([2]), "2" as unknown as number)).toThrow("mul: b has mismatched dtype (string); expected a Tensor (float64) or a number");
    expect(() => matmul(zeros([2, 2]), [[1, 2], [3, 4]] as unknown as Tensor)).toThrow("matmul: b has mismatched dtype (Array); expected a Tensor");
    expect(() => sum(new Float64Array(3) as unknown as Tensor)).toThrow("sum: x has mismatched dtype (Float64Array); expected a Tensor");
    expect(() => gather(zeros([2, 2]), new Float32Array([0]) as unknown as number[])).toThrow("gather: indices has mismatched dtype (Float32Array)");
    expect(() => new Tensor(new Float32Array(2) as unknown as Float64Array, [2])).toThrow("Tensor: data has mismatched dtype (Float32Array); expected a Float64Array");
    expect(() => backward(3 as unknown as Tensor)).toThrow("backward: loss has mismatched dtype; expected a Tensor");
  });
});
