/**
 * Layers from their JSON (`layer.toJSON()`): the registry of built-in layer types.
 */
import { ActivationLayer } from "./activationLayer";
import { BatchNorm } from "./batchNorm";
import { Conv2D } from "./conv2d";
import { Dense } from "./dense";
import { Dropout } from "./dropout";
import { Flatten } from "./flatten";
import { initializers, type InitializerName } from "./init";
import type { Layer, LayerJSON } from "./module";
import type { LayerActivationName } from "./activationFunctions";
import type { Padding, Size2 } from "./ops/geometry";
import { AvgPool2D, MaxPool2D } from "./pool";

type Config = Record<string, unknown>;

function init(c: Config): InitializerName | undefined {
  return typeof c.init === "string" && c.init in initializers ? (c.init as InitializerName) : undefined;
}

const factories: Record<string, (c: Config) => Layer> = {
  Dense: (c) => new Dense(c.units as number, { activation: c.activation as LayerActivationName, useBias: c.useBias as boolean, init: init(c) }),
  Conv2D: (c) => new Conv2D(c.filters as number, c.kernelSize as Size2, {
    stride: c.stride as Size2, padding: c.padding as Padding, activation: c.activation as LayerActivationName,
    useBias: c.useBias as boolean, init: init(c),
  }),
  MaxPool2D: (c) => new MaxPool2D(c.poolSize as Size2, { stride: c.stride as Size2, padding: c.padding as Padding }),
  AvgPool2D: (c) => new AvgPool2D(c.poolSize as Size2, { stride: c.stride as Size2, padding: c.padding as Padding }),
  Flatten: () => new Flatten(),
  Dropout: (c) => new Dropout(c.rate as number, { seed: c.seed as number | undefined }),
  BatchNorm: (c) => new BatchNorm({ momentum: c.momentum as number, epsilon: c.epsilon as number }),
  Activation: (c) => new ActivationLayer(c.activation as LayerActivationName),
};

/** A new (unbuilt) layer from its JSON architecture; weights are loaded after building. */
export function layerFromJSON(json: LayerJSON, where = "layerFromJSON"): Layer {
  if (!json || typeof json.type !== "string") throw new Error(`${where}: a layer must be { type, config }, got ${JSON.stringify(json)?.slice(0, 80)}`);
  const make = factories[json.type];
  if (make === undefined) throw new Error(`${where}: unknown layer type "${json.type}" (known: ${Object.keys(factories).join(", ")})`);
  return make(json.config ?? {});
}

/** True for an instance of a built-in layer class itself (not a subclass: its forward is known not to keep tensors). */
export function isBuiltinLayer(layer: Layer): boolean {
  const kind = layer.constructor;
  return kind === Dense || kind === Conv2D || kind === MaxPool2D || kind === AvgPool2D || kind === Flatten ||
    kind === Dropout || kind === BatchNorm || kind === ActivationLayer;
}
