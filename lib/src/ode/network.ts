/** The network N(x, P) of the ODE solver: one input, one linear output, parameters P = [W_1, b_1, ..., W_out, b_out] with W_l [in, out], b_l [out]. */
import { Random, toRandom } from "../random";
import { add, sigmoid, sin, tanh } from "../tensor/elementwise";
import { matmul } from "../tensor/matmul";
import { reshape } from "../tensor/shape";
import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";
import type { OdeActivation } from "./trial";

export interface OdeNetworkOptions {
  /** Neurons per hidden layer, e.g. [10] (the lecture) or [20, 20]. */
  hidden: readonly number[];
  /** Seed or generator for the initial weights. */
  seed?: number | Random;
  /** "normal": every weight and bias N(0, 1), as in the lecture (default); "glorot": weights N(0, 2/(in+out)), biases 0. */
  init?: "normal" | "glorot";
}

/** Fresh parameters [W_1, b_1, ..., W_out, b_out], each a leaf tensor requiring grad. */
export function initOdeNetwork(options: OdeNetworkOptions): Tensor[] {
  checkOptions(options, "initOdeNetwork", "options", ["hidden", "seed", "init"]);
  const rng = toRandom(options.seed, 0);
  const sizes = [1, ...options.hidden, 1];
  const init = options.init ?? "normal";
  const params: Tensor[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1];
    const fanOut = sizes[l];
    const std = init === "glorot" ? Math.sqrt(2 / (fanIn + fanOut)) : 1;
    const w = new Float64Array(fanIn * fanOut); // [in, out]
    for (let i = 0; i < w.length; i++) w[i] = rng.normal(0, std);
    const b = new Float64Array(fanOut); // [out]
    if (init === "normal") for (let i = 0; i < b.length; i++) b[i] = rng.normal();
    params.push(new Tensor(w, [fanIn, fanOut], true), new Tensor(b, [fanOut], true));
  }
  return params;
}

const activations = { sigmoid, tanh, sin };

/** N(x, P) with recorded tensor ops, x [n] -> [n]: differentiable in x and P to any order. */
export function networkOutput(x: Tensor, params: readonly Tensor[], activation: OdeActivation): Tensor {
  const n = x.shape[0];
  let h = reshape(x, [n, 1]);
  const layers = params.length / 2;
  for (let l = 0; l < layers; l++) {
    const z = add(matmul(h, params[2 * l]), params[2 * l + 1]); // [n, out]
    h = l < layers - 1 ? activations[activation](z) : z;
  }
  return reshape(h, [n]);
}
