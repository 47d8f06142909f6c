/**
 * Matrix product with NumPy batch semantics:
 * a [..., m, k] · b [..., k, n] -> [..., m, n], batch axes broadcast;
 * a 1-D a is a row vector [k] and a 1-D b a column vector [k] (the axis is dropped again).
 *
 * The op calls a kernel with transA / transB flags, so the reverse rule needs
 * no explicit transposes: for C = A·B, dA = g·Bᵀ and dB = Aᵀ·g are two more
 * calls of the same kernel. The kernel is pluggable, like a backend: the plain
 * triple loop (kernels/matmul-naive.ts) until nnlab's entry point registers the
 * WebAssembly SIMD kernel (kernels/matmul.ts) with `setMatmulKernel`.
 */
import { allocData } from "./alloc";
import { defineOp } from "./op";
import { matmulNaive, type MatmulOptions } from "../kernels/matmul-naive";
import { add } from "./elementwise";
import { broadcastShapes, broadcastStrides } from "./broadcast";
import { reshape, sumTo } from "./shape";
import { Tensor } from "./tensor";
import { checkTensor, formatShape, shapeSize } from "./validate";
import { checkOptions } from "./options";

/** Options of `matmul`. */
export interface MatmulOpOptions {
  /** Use aᵀ (the last two axes of a swapped): a is stored [..., k, m]. */
  transA?: boolean;
  /** Use bᵀ (the last two axes of b swapped): b is stored [..., n, k]. */
  transB?: boolean;
}

/** A matrix-product kernel: out[m, n] = op(a)[m, k] · op(b)[k, n] on row-major Float64Arrays. */
export type MatmulKernel = (a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, options?: MatmulOptions) => Float64Array;

let matmulKernel: MatmulKernel = matmulNaive;

/** Makes `matmul` (and its gradients) use `kernel`; returns the kernel it replaces. */
export function setMatmulKernel(kernel: MatmulKernel): MatmulKernel {
  if (typeof kernel !== "function") throw new Error("setMatmulKernel: kernel must be a function (a, b, out, m, k, n, options) => out");
  const previous = matmulKernel;
  matmulKernel = kernel;
  return previous;
}

interface MatmulParams {
  transA: boolean;
  transB: boolean;
}

const MATMUL = defineOp<MatmulParams>({
  name: "matmul",
  vjp: (g, { inputs: [a, b], params: { transA, transB } }) => [
    a.requiresGrad ? sumTo(transA ? product(b, g, transB, true) : product(g, b, false, !transB), a.shape) : null,
    b.requiresGrad ? sumTo(transB ? product(g, a, true, transA) : product(a, g, !transA, false), b.shape) : null,
  ],
  jvp: ([ta, tb], { inputs: [a, b], params: { transA, transB } }) => {
    const p = ta ? product(ta, b, transA, transB) : null;
    const q = tb ? product(a, tb, transA, transB) : null;
    return p && q ? add(p, q) : p ?? q;
  },
});

/** How to fix a product whose inner sizes differ: the transposition flags that align the shapes, if any. */
function alignmentHint(a: readonly number[], b: readonly number[], transA: boolean, transB: boolean): string {
  for (const [tA, tB] of [[transA, !transB], [!transA, transB], [!transA, !transB]]) {
    if (a[a.length - (tA ? 2 : 1)] !== b[b.length - (tB ? 1 : 2)]) continue;
    const flags = [tA ? "transA: true" : "", tB ? "transB: true" : ""].filter((f) => f !== "").join(", ");
    return flags === "" ? "they align without transA and transB" : `they align with { ${flags} } (a transposed operand, not copied)`;
  }
  return "the last axis of the first operand must have the size of the second-to-last axis of the second";
}

/** The batched product of two tensors of rank >= 2 (validated here). */
function product(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const ra = a.rank;
  const rb = b.rank;
  const m = transA ? a.shape[ra - 1] : a.shape[ra - 2];
  const ka = transA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (ka !== kb) {
    const flags = transA || transB ? ` with transA=${transA}, transB=${transB}` : "";
    throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} are not aligned (${ka} != ${kb})${flags}; ${alignmentHint(a.shape, b.shape, transA, transB)}`);
  }
  const k = ka;
  const batchA = [...a.shape].slice(0, ra - 2); // (a frozen array is slow to slice: copy it first)
  const batchB = [...b.shape].slice(0, rb - 2);
  let batch: number[];
  try {
    batch = broadcastShapes(batchA, batchB, "matmul");
  } catch {
    throw new Error(`matmul: batch dimensions of shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be broadcast`);
  }
  const count = shapeSize(batch);
  const o = allocData(count * m * n, false); // the kernel writes every value
  const options = { transA, transB };
  if (count === 1) {
    matmulKernel(a.data, b.data, o, m, k, n, options); // a [m,k], b [k,n], out [m,n]
  } else if (count > 0) {
    const aStr = broadcastStrides(batchA, batch);
    const bStr = broadcastStrides(batchB, batch);
    const counter = new Array<number>(batch.length).fill(0);
    let ai = 0;
    let bi = 0;
    const aMat = m * k;
    const bMat = k * n;
    const oMat = m * n;
    for (let i = 0; i < count; i++) { // out[i] = a[ai] · b[bi], each [m,k]·[k,n]
      matmulKernel(
        a.data.subarray(ai * aMat, ai * aMat + aMat), b.data.subarray(bi * bMat, bi * bMat + bMat),
        o.subarray(i * oMat, i * oMat + oMat), m, k, n, options,
      );
      for (let d = batch.length - 1; d >= 0; d--) {
        counter[d]++;
        ai += aStr[d];
        bi += bStr[d];
        if (counter[d] < batch[d]) break;
        ai -= aStr[d] * batch[d];
        bi -= bStr[d] * batch[d];
        counter[d] = 0;
      }
    }
  }
  const result = new Tensor(o, [...batch, m, n]);
  return a.requiresGrad || b.requiresGrad ? MATMUL.record(result, [a, b], { transA, transB }) : result;
}

/**
 * Matrix product a · b (see the file comment for batch and vector rules).
 *
 *     matmul(x, w)                       // x [batch, in], w [in, out] -> [batch, out]
 *     matmul(delta, w, { transB: true }) // delta [batch, out] · wᵀ -> [batch, in]
 */
export function matmul(a: Tensor, b: Tensor, options: MatmulOpOptions = {}): Tensor {
  const x = checkTensor(a, "matmul", "a");
  const y = checkTensor(b, "matmul", "b");
  checkOptions(options, "matmul", "options", ["transA", "transB"]);
  const transA = options.transA === true;
  const transB = options.transB === true;
  if (x.rank === 0 || y.rank === 0) {
    throw new Error(`matmul: shapes ${formatShape(x.shape)} and ${formatShape(y.shape)}: scalars cannot be multiplied as matrices (use mul)`);
  }
  if ((x.rank === 1 && transA) || (y.rank === 1 && transB)) {
    throw new Error("matmul: transA/transB need a tensor of rank >= 2");
  }
  if (x.rank >= 2 && y.rank >= 2) return product(x, y, transA, transB);
  const a2 = x.rank === 1 ? reshape(x, [1, x.shape[0]]) : x;
  const b2 = y.rank === 1 ? reshape(y, [y.shape[0], 1]) : y;
  if ((transA ? a2.shape[a2.rank - 2] : a2.shape[a2.rank - 1]) !== (transB ? b2.shape[b2.rank - 1] : b2.shape[b2.rank - 2])) {
    const ka = x.rank === 1 ? x.shape[0] : transA ? x.shape[x.rank - 2] : x.shape[x.rank - 1];
    const kb = y.rank === 1 ? y.shape[0] : transB ? y.shape[y.rank - 1] : y.shape[y.rank - 2];
    throw new Error(`matmul: shapes ${formatShape(x.shape)} and ${formatShape(y.shape)} are not aligned (${ka} != ${kb}); a vector (rank 1) must have the size of the matrix axis it is multiplied with`);
  }
  const c = product(a2, b2, transA, transB);
  const shape = [...c.shape];
  if (y.rank === 1) shape.splice(shape.length - 1, 1);
  if (x.rank === 1) shape.splice(shape.length - (y.rank === 1 ? 1 : 2), 1);
  return reshape(c, shape);
}
