/**
 * The dense layer's affine map as one primitive: z = x W + b, optionally with
 * a fused ReLU a = max(z, 0) (one output buffer instead of three).
 *
 * Forward: the SIMD matrix-product kernel, then the bias (and ReLU) in place.
 * Rules, written with the differentiable ops (so they differentiate again):
 *   vjp: dz = g (masked by a > 0 with ReLU);  dx = dz Wᵀ,  dW = xᵀ dz,  db = sum_rows(dz)
 *   jvp: dz = dx W + x dW + db (masked likewise)
 */
import { defineOp } from "../../autodiff/op";
import { addBiasRows } from "../../kernels/elementwise";
import { matmulKernel } from "../../kernels/matmul";
import { add } from "../../tensor/elementwise";
import { matmul } from "../../tensor/matmul";
import { sum } from "../../tensor/reduce";
import { Tensor } from "../../tensor/tensor";
import { checkTensor, formatShape } from "../../tensor/validate";
import { reluBackprop, reluInPlace } from "./reluBackprop";

/** Options of `linear`. */
export interface LinearOptions {
  /** Bias [n] added to every row. */
  bias?: Tensor;
  /** "relu" fuses max(., 0); default "identity". */
  activation?: "identity" | "relu";
}

interface LinearParams {
  relu: boolean;
}

const LINEAR = defineOp<LinearParams>({
  name: "linear",
  vjp: (g, { inputs, output, params }) => {
    const [x, w, b] = inputs;
    const dz = params.relu ? reluBackprop(g, output) : g;
    const grads: (Tensor | null)[] = [
      x.requiresGrad ? matmul(dz, w, { transB: true }) : null, // [m, n] · [k, n]ᵀ -> [m, k]
      w.requiresGrad ? matmul(x, dz, { transA: true }) : null, // [m, k]ᵀ · [m, n] -> [k, n]
    ];
    if (b !== undefined) grads.push(b.requiresGrad ? sum(dz, 0) : null);
    return grads;
  },
  jvp: ([tx, tw, tb], { inputs, output, params }) => {
    const [x, w] = inputs;
    let t: Tensor | null = tx ? matmul(tx, w) : null;
    if (tw) t = t ? add(t, matmul(x, tw)) : matmul(x, tw);
    if (tb) t = t ? add(t, tb) : add(new Tensor(new Float64Array(output.size), output.shape), tb);
    return t && params.relu ? reluBackprop(t, output) : t;
  },
});

/**
 * x W (+ b), optionally followed by ReLU: x [m, k], W [k, n], b [n] -> [m, n].
 *
 *     linear(x, w, { bias: b, activation: "relu" })   // max(x W + b, 0)
 */
export function linear(x: Tensor, weights: Tensor, options: LinearOptions = {}): Tensor {
  const fn = "linear";
  const xt = checkTensor(x, fn, "x");
  const wt = checkTensor(weights, fn, "weights");
  if (xt.rank !== 2 || wt.rank !== 2 || xt.shape[1] !== wt.shape[0]) {
    throw new Error(`${fn}: shapes ${formatShape(xt.shape)} and ${formatShape(wt.shape)} are not aligned (x [m, k] and weights [k, n] needed)`);
  }
  const [m, k] = xt.shape;
  const n = wt.shape[1];
  const b = options.bias === undefined ? null : checkTensor(options.bias, fn, "bias");
  if (b !== null && (b.rank !== 1 || b.shape[0] !== n)) throw new Error(`${fn}: bias must have shape [${n}], got ${formatShape(b.shape)}`);
  const activation = options.activation ?? "identity";
  if (activation !== "identity" && activation !== "relu") throw new Error(`${fn}: activation must be "identity" or "relu", got ${JSON.stringify(activation)}`);
  const out = new Float64Array(m * n);
  matmulKernel(xt.data, wt.data, out, m, k, n); // out [m, n] = x [m, k] · W [k, n]
  if (b !== null) addBiasRows(out, b.data, m, n);
  const relu = activation === "relu";
  if (relu) reluInPlace(out);
  const inputs = b === null ? [xt, wt] : [xt, wt, b];
  return LINEAR.record(new Tensor(out, [m, n]), inputs, { relu });
}
