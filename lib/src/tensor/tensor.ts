/**
 * The Tensor: a row-major Float64Array with a shape.
 *
 * A tensor is immutable from the user's point of view (ops return new
 * tensors); optimisers are the only code that writes into `data` in place.
 * Autodiff bookkeeping (`requiresGrad`, `grad`, `node`) lives on the tensor
 * itself, micrograd style.
 *
 * Every op exists as a free function (`add(a, b)`, in ./elementwise, ./reduce,
 * ./shape, ./matmul) and as a chainable method (`x.matmul(w).add(b).sigmoid()`);
 * the methods only forward to the free functions.
 */
import { backward as backwardImpl, type BackwardOptions } from "./backward";
import {
  abs, add, clip, cos, div, equal, exp, greater, greaterEqual, less, lessEqual, log, maximum, minimum, mul, neg, notEqual,
  pow, relu, sigmoid, sin, softplus, sqrt, square, sub, tanh, where,
} from "./elementwise";
import { formatTensor, type FormatOptions } from "./format";
import { matmul, type MatmulOpOptions } from "./matmul";
import { argmax, argmin, logSoftmax, logSumExp, max, mean, min, softmax, sum } from "./reduce";
import {
  broadcastTo, expandDims, flatten, gather, permute, reshape, row, slice, squeeze, transpose,
} from "./shape";

/** Nested arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type NestedArray = number | NestedArray[];

/** A tensor or a plain number (a scalar), as accepted by the binary ops. */
export type TensorLike = Tensor | number;

/** Internal record of how a tensor was computed (set by autodiff, see tensor/op.ts). */
export interface GradNode {
  /** Name of the primitive that produced the tensor, e.g. "matmul". */
  readonly op: string;
  /** The tensors it was computed from. */
  readonly inputs: readonly Tensor[];
  /** Their `version` when the op was recorded. */
  readonly versions: readonly number[];
  /** Reverse rule: cotangent of the output -> cotangents of the inputs (null = no gradient). */
  vjp(outGrad: Tensor): (Tensor | null)[];
  /** Forward rule: tangents of the inputs (null = zero) -> tangent of the output (null = zero). */
  jvp(inTangents: readonly (Tensor | null)[]): Tensor | null;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

export class Tensor {
  /** Row-major values. */
  readonly data: Float64Array;
  /** Size of each dimension; [] for a scalar. */
  readonly shape: readonly number[];
  /** Number of elements (product of the shape). */
  readonly size: number;
  /** True if gradients flow to (or through) this tensor. */
  requiresGrad: boolean;
  /**
   * Gradient accumulated by `backward` (leaf tensors only). Repeated `backward`
   * calls ADD to it (as in PyTorch); reset with `zeroGrad(params)`.
   */
  grad: Tensor | null = null;
  /** How this tensor was computed; null for leaves and for untracked results. */
  node: GradNode | null = null;
  /** Counts in-place changes of `data`; `backward` refuses a graph whose inputs changed since they were recorded. */
  version = 0;

  constructor(data: Float64Array, shape: readonly number[], requiresGrad = false) {
    if (!(data instanceof Float64Array)) {
      throw new Error(`Tensor: data has mismatched dtype (${(data as unknown as object)?.constructor?.name ?? typeof data}); expected a Float64Array`);
    }
    let size = 1;
    for (let i = 0; i < shape.length; i++) {
      const d = shape[i];
      if (!Number.isInteger(d) || d < 0) {
        throw new Error(`Tensor: shape [${shape.join(",")}] has an invalid dimension ${String(d)} at axis ${i}`);
      }
      size *= d;
    }
    if (data.length !== size) {
      throw new Error(`Tensor: data has ${data.length} values but shape [${shape.join(",")}] needs ${size}`);
    }
    this.data = data;
    // a frozen shape (e.g. another tensor's) can be shared; anything else is copied and frozen
    // (V8 slices and filters frozen arrays slowly: ops copy a shape with [...shape])
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.size = size;
    this.requiresGrad = requiresGrad;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  // ---- conversion and printing -------------------------------------------

  /** The value of a one-element tensor as a number. */
  item(): number {
    if (this.size !== 1) throw new Error(`item: tensor has ${this.size} elements (shape [${this.shape.join(",")}]); expected exactly 1`);
    return this.data[0];
  }

  /** The value at a full index, e.g. `m.get(1, 2)` (negative indices count from the end). */
  get(...index: number[]): number {
    if (index.length !== this.shape.length) {
      throw new Error(`get: index [${index.join(",")}] has ${index.length} entries but the tensor has rank ${this.shape.length}`);
    }
    let offset = 0;
    for (let i = 0; i < index.length; i++) {
      const n = this.shape[i];
      let k = index[i];
      if (!Number.isInteger(k)) throw new Error(`get: index ${String(k)} for axis ${i} must be an integer`);
      if (k < -n || k >= n) {
        throw new Error(`get: index ${String(k)} is out of range for axis ${i} of size ${n}`);
      }
      if (k < 0) k += n;
      offset = offset * n + k;
    }
    return this.data[offset];
  }

  /** Nested plain arrays (a number for a scalar). */
  toArray(): NestedArray {
    const { data, shape } = this;
    if (shape.length === 0) return data[0];
    let offset = 0;
    const build = (axis: number): NestedArray[] => {
      const out: NestedArray[] = [];
      for (let i = 0; i < shape[axis]; i++) {
        if (axis === shape.length - 1) out.push(data[offset++]);
        else out.push(build(axis + 1));
      }
      return out;
    };
    return build(0);
  }

  /** NumPy-like aligned text; large tensors are elided with "...". */
  toString(options?: FormatOptions): string {
    return formatTensor(this, options);
  }

  /** Used by console.log / util.inspect (and so by tslab). */
  [inspectSymbol](): string {
    return formatTensor(this);
  }

  /** A copy with its own data, not connected to the graph. */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape);
  }

  /** The same values (shared data), cut from the graph: no gradient flows through it. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** Marks this (leaf) tensor as a parameter that collects gradients; returns it. */
  requireGrad(flag = true): this {
    if (this.node !== null && !flag) throw new Error("requireGrad: cannot switch off gradients of a computed tensor; use detach()");
    this.requiresGrad = flag;
    return this;
  }

  /** Reverse-mode autodiff from this tensor (see `backward`). */
  backward(options?: BackwardOptions | Tensor): void {
    backwardImpl(this, options);
  }

  // ---- element-wise ------------------------------------------------------
  add(other: TensorLike): Tensor { return add(this, other); }
  sub(other: TensorLike): Tensor { return sub(this, other); }
  mul(other: TensorLike): Tensor { return mul(this, other); }
  div(other: TensorLike): Tensor { return div(this, other); }
  pow(exponent: TensorLike): Tensor { return pow(this, exponent); }
  maximum(other: TensorLike): Tensor { return maximum(this, other); }
  minimum(other: TensorLike): Tensor { return minimum(this, other); }
  neg(): Tensor { return neg(this); }
  exp(): Tensor { return exp(this); }
  log(): Tensor { return log(this); }
  sqrt(): Tensor { return sqrt(this); }
  abs(): Tensor { return abs(this); }
  square(): Tensor { return square(this); }
  tanh(): Tensor { return tanh(this); }
  sin(): Tensor { return sin(this); }
  cos(): Tensor { return cos(this); }
  sigmoid(): Tensor { return sigmoid(this); }
  relu(): Tensor { return relu(this); }
  softplus(): Tensor { return softplus(this); }
  clip(low: number, high: number): Tensor { return clip(this, low, high); }
  greater(other: TensorLike): Tensor { return greater(this, other); }
  greaterEqual(other: TensorLike): Tensor { return greaterEqual(this, other); }
  less(other: TensorLike): Tensor { return less(this, other); }
  lessEqual(other: TensorLike): Tensor { return lessEqual(this, other); }
  equal(other: TensorLike): Tensor { return equal(this, other); }
  notEqual(other: TensorLike): Tensor { return notEqual(this, other); }
  /** where(this, a, b): a where this is non-zero, else b. */
  where(a: TensorLike, b: TensorLike): Tensor { return where(this, a, b); }

  // ---- linear algebra and shapes -----------------------------------------
  matmul(other: Tensor, options?: MatmulOpOptions): Tensor { return matmul(this, other, options); }
  transpose(perm?: readonly number[]): Tensor { return transpose(this, perm); }
  permute(perm: readonly number[]): Tensor { return permute(this, perm); }
  /** Matrix transpose (last two axes swapped). */
  get T(): Tensor {
    const perm = this.shape.map((_, i) => i);
    perm.splice(-2, 2, this.rank - 1, this.rank - 2);
    return this.rank < 2 ? this : permute(this, perm);
  }

  reshape(shape: readonly number[]): Tensor { return reshape(this, shape); }
  flatten(startAxis?: number): Tensor { return flatten(this, startAxis); }
  expandDims(axis: number): Tensor { return expandDims(this, axis); }
  squeeze(axes?: number | readonly number[]): Tensor { return squeeze(this, axes); }
  broadcastTo(shape: readonly number[]): Tensor { return broadcastTo(this, shape); }
  slice(begin: readonly number[], size?: readonly number[]): Tensor { return slice(this, begin, size); }
  row(index: number): Tensor { return row(this, index); }
  gather(indices: Int32Array | readonly number[]): Tensor { return gather(this, indices); }

  // ---- reductions ----------------------------------------------------------
  sum(axis?: number | readonly number[], keepDims?: boolean): Tensor { return sum(this, axis, keepDims); }
  mean(axis?: number | readonly number[], keepDims?: boolean): Tensor { return mean(this, axis, keepDims); }
  max(axis?: number | readonly number[], keepDims?: boolean): Tensor { return max(this, axis, keepDims); }
  min(axis?: number | readonly number[], keepDims?: boolean): Tensor { return min(this, axis, keepDims); }
  argmax(axis?: number): Tensor { return argmax(this, axis); }
  argmin(axis?: number): Tensor { return argmin(this, axis); }
  logSumExp(axis?: number | readonly number[], keepDims?: boolean): Tensor { return logSumExp(this, axis, keepDims); }
  softmax(axis?: number): Tensor { return softmax(this, axis); }
  logSoftmax(axis?: number): Tensor { return logSoftmax(this, axis); }
}
