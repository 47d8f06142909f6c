/**
 * The dense layer's affine map as one primitive: z = x W + b with an optional fused activation
 * a = f(z), f = relu, sigmoid or tanh (one output buffer instead of three). Forward: the matrix-product
 * kernel, then the bias (and activation) in place. Rules, with differentiable ops (so they differentiate again):
 *   vjp: dz = f'(z) g (relu: mask a > 0; sigmoid: a (1 - a); tanh: 1 - a^2); dx = dz Wᵀ, dW = xᵀ dz, db = sum_rows(dz)
 *   jvp: f'(z) (dx W + x dW + db)
 */
import { defineOp } from "../../tensor/op";
import { addBiasRows } from "../../kernels/elementwise";
import { matmulKernel } from "../../kernels/matmul";
import { isGradEnabled } from "../../tensor/mode";
import { add, mul, sigmoid, square, sub, tanh } from "../../tensor/elementwise";
import { matmul } from "../../tensor/matmul";
import { sum } from "../../tensor/reduce";
import { Tensor } from "../../tensor/tensor";
import { checkTensor, formatShape } from "../../tensor/validate";
import { checkOptions } from "../../tensor/options";
import { gradientBuffer, outputBuffer } from "./recycle";
import { reluBackprop, reluInPlace } from "./reluBackprop";

interface LinearOptions {
  /** Bias [n] added to every row. */
  bias?: Tensor;
  /** Activation fused into the op; default "identity". */
  activation?: LinearActivation;
}

/** Activations `linear` can fuse. */
export type LinearActivation = "identity" | "relu" | "sigmoid" | "tanh";

interface LinearParams {
  activation: LinearActivation;
}

/**
 * f'(z) t for the fused activation, from the output a = f(z): built from differentiable ops (recorded when
 * differentiating again, so second derivatives flow through a), the same bits as the sigmoid and tanh ops' rules.
 */
function activationDerivative(t: Tensor, a: Tensor, activation: LinearActivation): Tensor {
  if (activation === "identity") return t;
  if (activation === "relu") return reluBackprop(t, a);
  return activation === "sigmoid" ? mul(t, mul(a, sub(1, a))) : mul(t, sub(1, square(a)));
}

/** The reverse rule when nothing is recorded: the same products, written by the kernel into recycled buffers (inside `fit`). */
function firstOrderGrads(dz: Tensor, x: Tensor, w: Tensor, b: Tensor | undefined): (Tensor | null)[] {
  const [m, k] = x.shape;
  const n = w.shape[1];
  let dx: Tensor | null = null;
  let dw: Tensor | null = null;
  if (x.requiresGrad) {
    const out = gradientBuffer(m * k, false);
    matmulKernel(dz.data, w.data, out, m, n, k, { transB: true }); // dx [m, k] = dz [m, n] · W [k, n]ᵀ
    dx = new Tensor(out, [m, k]);
  }
  if (w.requiresGrad) {
    const out = gradientBuffer(k * n, false);
    matmulKernel(x.data, dz.data, out, k, m, n, { transA: true }); // dW [k, n] = x [m, k]ᵀ · dz [m, n]
    dw = new Tensor(out, [k, n]);
  }
  const grads: (Tensor | null)[] = [dx, dw];
  if (b !== undefined) grads.push(b.requiresGrad ? sum(dz, 0) : null); // db [n] = sum over the rows of dz [m, n]
  return grads;
}

const LINEAR = defineOp<LinearParams>({
  name: "linear",
  vjp: (g, { inputs, output, params }) => {
    const [x, w, b] = inputs;
    const dz = activationDerivative(g, output, params.activation);
    if (!isGradEnabled()) return firstOrderGrads(dz, x, w, b);
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
    return t ? activationDerivative(t, output, params.activation) : null;
  },
});

/**
 * x W (+ b), optionally followed by ReLU: x [m, k], W [k, n], b [n] -> [m, n].
 *
 *     linear(x, w, { bias: b, activation: "relu" })   // max(x W + b, 0)
 */
export function linear(x: Tensor, weights: Tensor, options: LinearOptions = {}): Tensor {
  const fn = "linear";
  checkOptions(options, fn, "options", ["bias", "activation"]);
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
  if (!["identity", "relu", "sigmoid", "tanh"].includes(activation)) {
    throw new Error(`${fn}: activation must be "identity", "relu", "sigmoid" or "tanh", got ${JSON.stringify(activation)}`);
  }
  const out = outputBuffer(m * n); // every value is written below
  matmulKernel(xt.data, wt.data, out, m, k, n); // out [m, n] = x [m, k] · W [k, n]
  if (b !== null) addBiasRows(out, b.data, m, n);
  const z = new Tensor(out, [m, n]); // a constant: the activations below run in place, unrecorded
  if (activation === "relu") reluInPlace(out);
  else if (activation === "sigmoid") sigmoid(z, z); // the engine's sigmoid and tanh ops
  else if (activation === "tanh") tanh(z, z);
  const inputs = b === null ? [xt, wt] : [xt, wt, b];
  return LINEAR.record(z, inputs, { activation });
}
