/**
 * Weight initialisers (all seeded). fanIn / fanOut are the inputs / outputs of one neuron:
 * in and units for Dense [in, units], C*KH*KW and F*KH*KW for Conv2D [F, C, KH, KW].
 *
 * - lecture:         w ~ N(0, 1), b = 0.01        (the lectures' own network code)
 * - truncatedNormal: w ~ N(0, 0.1^2) cut at 2 std, b = 0.1  (the CNN lecture)
 * - glorotUniform:   w ~ U(-l, l), l = sqrt(6 / (fanIn + fanOut)), b = 0  (Glorot/Xavier; Keras' default)
 * - heNormal:        w ~ N(0, 2 / fanIn), b = 0   (He et al., for ReLU)
 * - zeros:           w = 0, b = 0
 */
import type { Random } from "../random";
import { allocData } from "../tensor/alloc";
import { lookup } from "../tensor/options";

/** How to draw one layer's parameters: `size` weights for a layer with the given fan-in and fan-out, and `size` biases. */
export interface Initializer {
  readonly name: string;
  weights(size: number, fanIn: number, fanOut: number, rng: Random): Float64Array;
  bias(size: number, rng: Random): Float64Array;
}

export type InitializerName = "lecture" | "truncatedNormal" | "glorotUniform" | "heNormal" | "zeros";

function fill(size: number, draw: () => number): Float64Array {
  const out = allocData(size);
  for (let i = 0; i < size; i++) out[i] = draw();
  return out;
}

const constant = (value: number) => (size: number): Float64Array => allocData(size).fill(value);

export const initializers: Readonly<Record<InitializerName, Initializer>> = {
  lecture: { name: "lecture", weights: (size, _in, _out, rng) => fill(size, () => rng.normal()), bias: constant(0.01) },
  truncatedNormal: { name: "truncatedNormal", weights: (size, _in, _out, rng) => fill(size, () => rng.truncatedNormal(0, 0.1)), bias: constant(0.1) },
  glorotUniform: {
    name: "glorotUniform",
    weights: (size, fanIn, fanOut, rng) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return fill(size, () => rng.uniformIn(-limit, limit));
    },
    bias: constant(0),
  },
  heNormal: {
    name: "heNormal",
    weights: (size, fanIn, _out, rng) => {
      const std = Math.sqrt(2 / fanIn);
      return fill(size, () => rng.normal(0, std));
    },
    bias: constant(0),
  },
  zeros: { name: "zeros", weights: (size) => allocData(size), bias: constant(0) },
};

/** An initialiser from its name (or the object itself); errors list the choices. */
export function getInitializer(init: InitializerName | Initializer | undefined, fn: string, fallback: InitializerName = "glorotUniform"): Initializer {
  if (init === undefined) return initializers[fallback];
  if (typeof init === "string") return lookup(initializers, init, fn, "init");
  if (init && typeof init.weights === "function" && typeof init.bias === "function") return init;
  throw new Error(`${fn}: init must be one of ${Object.keys(initializers).map((k) => JSON.stringify(k)).join(", ")} or an object with weights() and bias(), got ${init === null ? "null" : typeof init}`);
}
