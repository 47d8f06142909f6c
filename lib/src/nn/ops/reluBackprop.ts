/** The reverse rule of a ReLU fused into another op (conv2d, linear). */
import { defineOp } from "../../tensor/op";
import { Tensor } from "../../tensor/tensor";
import { gradientBuffer } from "./recycle";

interface MaskParams {
  /** The ReLU output a: the derivative passes where a > 0. */
  output: Tensor;
}

/** relu'(z) g, with the mask taken from a = relu(z) > 0 (relu'(0) = 0, as the relu op): linear in g, so its own rules are the same masking (the mask is a constant). */
const RELU_BACKPROP = defineOp<MaskParams>({
  name: "reluBackprop",
  vjp: (c, { params }) => [reluBackprop(c, params.output)],
  jvp: ([t], { params }) => (t ? reluBackprop(t, params.output) : null),
});

/** g where a > 0, else 0 (the reverse rule of a fused ReLU). */
export function reluBackprop(g: Tensor, a: Tensor): Tensor {
  const out = gradientBuffer(g.size, false);
  const gd = g.data;
  const ad = a.data;
  // branch-free (a multiply by the 0/1 mask): with random signs a branch mispredicts half the time
  for (let i = 0, n = out.length; i < n; i++) out[i] = gd[i] * +(ad[i] > 0);
  return RELU_BACKPROP.record(new Tensor(out, g.shape), [g], { output: a });
}

/** x <- max(x, 0) in place, branch-free (NaN stays NaN). */
export function reluInPlace(x: Float64Array): void {
  for (let i = 0, n = x.length; i < n; i++) {
    const v = x[i];
    x[i] = v * +(v > 0) + 0; // + 0 turns -0 into 0
  }
}
