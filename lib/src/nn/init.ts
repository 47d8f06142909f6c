/**
 * Weight initialisers: how a layer's weights and biases are drawn (all seeded).
 *
 * fanIn / fanOut are the number of inputs / outputs of one neuron: for Dense
 * [in, units] they are in and units; for Conv2D [F, C, KH, KW] they are
 * C*KH*KW and F*KH*KW.
 *
 * - lecture:         w ~ N(0, 1), b = 0.01        (the lectures' own network code)
 * - truncatedNormal: w ~ N(0, 0.1^2) cut at 2 std, b = 0.1  (the CNN lecture)
 * - glorotUniform:   w ~ U(-l, l), l = sqrt(6 / (fanIn + fanOut)), b = 0  (Glorot/Xavier; Keras' default)
 * - glorotNormal:    w ~ N(0, 2 / (fanIn + fanOut)), b = 0
 * - heNormal:        w ~ N(0, 2 / fanIn), b = 0   (He et al., for ReLU)
 * - heUniform:       w ~ U(-l, l), l = sqrt(6 / fanIn), b = 0
 * - zeros:           w = 0, b = 0
 */
import type { Random } from "../random";
import { allocData } from "../tensor/alloc";
import { lookup } from "../tensor/options";

/** How to draw one layer's parameters. */
export interface Initializer {
  readonly name: string;
  /** `size` weights for a layer with the given fan-in and fan-out. */
  weights(size: number, fanIn: number, fanOut: number, rng: Random): Float64Array;
  /** `size` biases. */
  bias(size: number, rng: Random): Float64Array;
}

/** The built-in initialisers by name. */
export type InitializerName = "lecture" | "truncatedNormal" | "glorotUniform" | "glorotNormal" | "heNormal" | "heUniform" | "zeros";

function fill(size: number, draw: () => number): Float64Array {
  const out = allocData(size);
  for (let i = 0; i < size; i++) out[i] = draw();
  return out;
}

function constantBias(value: number): (size: number) => Float64Array {
  return (size) => allocData(size).fill(value);
}

/** The built-in initialisers. */
export const initializers: Readonly<Record<InitializerName, Initializer>> = {
  lecture: {
    name: "lecture",
    weights: (size, _in, _out, rng) => fill(size, () => rng.normal()),
    bias: constantBias(0.01),
  },
  truncatedNormal: {
    name: "truncatedNormal",
    weights: (size, _in, _out, rng) => fill(size, () => rng.truncatedNormal(0, 0.1)),
    bias: constantBias(0.1),
  },
  glorotUniform: {
    name: "glorotUniform",
    weights: (size, fanIn, fanOut, rng) => {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return fill(size, () => rng.uniformIn(-limit, limit));
    },
    bias: constantBias(0),
  },
  glorotNormal: {
    name: "glorotNormal",
    weights: (size, fanIn, fanOut, rng) => {
      const std = Math.sqrt(2 / (fanIn + fanOut));
      return fill(size, () => rng.normal(0, std));
    },
    bias: constantBias(0),
  },
  heNormal: {
    name: "heNormal",
    weights: (size, fanIn, _out, rng) => {
      const std = Math.sqrt(2 / fanIn);
      return fill(size, () => rng.normal(0, std));
    },
    bias: constantBias(0),
  },
  heUniform: {
    name: "heUniform",
    weights: (size, fanIn, _out, rng) => {
      const limit = Math.sqrt(6 / fanIn);
      return fill(size, () => rng.uniformIn(-limit, limit));
    },
    bias: constantBias(0),
  },
  zeros: {
    name: "zeros",
    weights: (size) => allocData(size),
    bias: constantBias(0),
  },
};

/** An initialiser from its name (or the object itself); errors list the choices. */
export function getInitializer(init: InitializerName | Initializer | undefined, fn: string, fallback: InitializerName = "glorotUniform"): Initializer {
  if (init === undefined) return initializers[fallback];
  if (typeof init === "string") return lookup(initializers, init, fn, "init");
  if (init && typeof init.weights === "function" && typeof init.bias === "function") return init;
  throw new Error(`${fn}: init must be one of ${Object.keys(initializers).map((k) => JSON.stringify(k)).join(", ")} or an object with weights() and bias(), got ${init === null ? "null" : typeof init}`);
}
