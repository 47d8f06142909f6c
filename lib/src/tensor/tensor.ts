/**
 * The Tensor: a row-major Float64Array with a shape.
 *
 * A tensor is immutable from the user's point of view (ops return new
 * tensors); optimisers are the only code that writes into `data` in place.
 * Autodiff bookkeeping (`requiresGrad`, `grad`, `node`) lives on the tensor
 * itself, micrograd style.
 */

/** Nested arrays of numbers, e.g. [[1, 2], [3, 4]]. */
export type NestedArray = number | NestedArray[];

/** Internal record of how a tensor was computed (set by autodiff). */
export interface GradNode {
  /** Name of the primitive that produced the tensor, e.g. "matmul". */
  readonly op: string;
  /** The tensors it was computed from. */
  readonly inputs: readonly Tensor[];
  /** Reverse rule: cotangent of the output -> cotangents of the inputs (null = no gradient). */
  readonly vjp: (outGrad: Tensor) => (Tensor | null)[];
  /** Forward rule: tangents of the inputs (null = zero) -> tangent of the output. */
  readonly jvp?: (inTangents: (Tensor | null)[]) => Tensor | null;
}

export class Tensor {
  /** Row-major values. */
  readonly data: Float64Array;
  /** Size of each dimension; [] for a scalar. */
  readonly shape: readonly number[];
  /** Number of elements (product of the shape). */
  readonly size: number;
  /** True if gradients flow to (or through) this tensor. */
  requiresGrad: boolean;
  /** Gradient accumulated by `backward` (leaf tensors only). */
  grad: Tensor | null = null;
  /** How this tensor was computed; null for leaves and for untracked results. */
  node: GradNode | null = null;

  constructor(data: Float64Array, shape: readonly number[], requiresGrad = false) {
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
    this.shape = Object.freeze(shape.slice());
    this.size = size;
    this.requiresGrad = requiresGrad;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }
}
