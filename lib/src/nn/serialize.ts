/** Layers from their JSON: the registry of built-in layer types. Names are looked up with `lookup` and config keys checked, so a corrupt file gives an error naming the layer. */
import { checkOptions, lookup } from "../tensor/options";
import { ActivationLayer } from "./activationFunctions";
import { BatchNorm } from "./batchNorm";
import { Conv2D } from "./conv2d";
import { Dense } from "./dense";
import { initializers, type InitializerName } from "./init";
import type { Layer, LayerJSON } from "./module";
import type { LayerActivationName } from "./activationFunctions";
import type { Padding, Size2 } from "./ops/geometry";
import { AvgPool2D, Dropout, Flatten, MaxPool2D } from "./layers";

type Config = Record<string, unknown>;

interface Factory {
  /** The config keys the layer's config() writes. */
  keys: readonly string[];
  make: (c: Config, where: string) => Layer;
}

function init(c: Config, where: string): InitializerName | undefined {
  if (c.init === undefined) return undefined;
  lookup(initializers, c.init, where, "config.init");
  return c.init as InitializerName;
}

const factories: Readonly<Record<string, Factory>> = {
  Dense: {
    keys: ["units", "activation", "useBias", "init"],
    make: (c, w) => new Dense(c.units as number, { activation: c.activation as LayerActivationName, useBias: c.useBias as boolean, init: init(c, w) }),
  },
  Conv2D: {
    keys: ["filters", "kernelSize", "stride", "padding", "activation", "useBias", "init"],
    make: (c, w) => new Conv2D(c.filters as number, c.kernelSize as Size2, {
      stride: c.stride as Size2, padding: c.padding as Padding, activation: c.activation as LayerActivationName,
      useBias: c.useBias as boolean, init: init(c, w),
    }),
  },
  MaxPool2D: { keys: ["poolSize", "stride", "padding"], make: (c) => new MaxPool2D(c.poolSize as Size2, { stride: c.stride as Size2, padding: c.padding as Padding }) },
  AvgPool2D: { keys: ["poolSize", "stride", "padding"], make: (c) => new AvgPool2D(c.poolSize as Size2, { stride: c.stride as Size2, padding: c.padding as Padding }) },
  Flatten: { keys: [], make: () => new Flatten() },
  Dropout: { keys: ["rate", "seed"], make: (c) => new Dropout(c.rate as number, { seed: c.seed as number | undefined }) },
  BatchNorm: { keys: ["momentum", "epsilon"], make: (c) => new BatchNorm({ momentum: c.momentum as number, epsilon: c.epsilon as number }) },
  Activation: { keys: ["activation"], make: (c) => new ActivationLayer(c.activation as LayerActivationName) },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A new (unbuilt) layer from its JSON architecture; weights are loaded after building. Errors start with `where`, e.g. "Sequential.fromJSON: layers[2] (Dense): ...". */
export function layerFromJSON(json: LayerJSON, where = "layerFromJSON"): Layer {
  if (!isPlainObject(json) || typeof json.type !== "string") {
    throw new Error(`${where}: a layer must be an object { type, config, weights? }, got ${JSON.stringify(json)?.slice(0, 80) ?? String(json)}`);
  }
  checkOptions(json, where, "the layer", ["type", "config", "weights", "state"]);
  const factory = lookup(factories, json.type, where, "type");
  const at = `${where} (${json.type})`;
  const config = json.config ?? {};
  if (!isPlainObject(config)) throw new Error(`${at}: config must be an object, got ${JSON.stringify(config)}`);
  checkOptions(config, at, "config", factory.keys);
  try {
    return factory.make(config, at);
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message.startsWith(at) ? message : `${at}: ${message}`);
  }
}

/** True for an instance of a built-in layer class itself (not a subclass: its forward is known not to keep tensors). */
export function isBuiltinLayer(layer: Layer): boolean {
  const kind = layer.constructor;
  return kind === Dense || kind === Conv2D || kind === MaxPool2D || kind === AvgPool2D || kind === Flatten ||
    kind === Dropout || kind === BatchNorm || kind === ActivationLayer;
}
