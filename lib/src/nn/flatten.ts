/** Flatten: [batch, d1, d2, ...] -> [batch, d1*d2*...] (row-major, no copy). No parameters. */
import { reshape } from "../tensor/shape";
import type { Tensor } from "../tensor/tensor";
import { Layer } from "./module";

export class Flatten extends Layer {
  readonly type = "Flatten";

  outputShape(inputShape: readonly number[]): number[] {
    return [inputShape.reduce((a, d) => a * d, 1)];
  }

  protected call(x: Tensor): Tensor {
    return reshape(x, [x.shape[0], -1]);
  }

  config(): Record<string, unknown> {
    return {};
  }
}
