/**
 * Sequential: layers applied one after the other, as Keras' Sequential. The model is built
 * (parameters drawn, seeded) once the shape of one input sample is known: from `inputShape`,
 * or from the first batch given to `forward` / `fit`.
 *
 *     const cnn = new Sequential([
 *       new Conv2D(10, 3, { activation: "relu" }), new MaxPool2D(2), new Flatten(),
 *       new Dense(50, { activation: "relu" }), new Dense(10, { activation: "softmax" }),
 *     ], { inputShape: [1, 8, 8], seed: 1 });
 *     console.log(cnn.summary());
 */
import type { ParamGroup } from "../optim/optimizer";
import { Random } from "../random";
import { Tensor } from "../tensor/tensor";
import { formatShape } from "../tensor/validate";
import { checkOptions } from "../tensor/options";
import { ActivationLayer } from "./activationFunctions";
import type { LayerActivationName } from "./activationFunctions";
import { Dense } from "./dense";
import { Layer, type LayerJSON, type Module, type NamedParameter } from "./module";
import { layerFromJSON } from "./serialize";

export interface SequentialOptions {
  /** Shape of one input sample (no batch axis), e.g. [64] or [1, 8, 8]; builds the model at once. */
  inputShape?: readonly number[];
  /** Seed of the weight initialisation (and of Dropout masks); default 0. */
  seed?: number;
}

/** One row of `Sequential.layerSummaries()`. */
export interface LayerSummary {
  index: number;
  type: string;
  /** Shape of one output sample. */
  outputShape: number[];
  parameters: number;
  /** Short description, e.g. "10 filters 3x3, relu". */
  description: string;
}

export interface SequentialJSON {
  format: "nnlab-sequential";
  version: 1;
  inputShape: number[] | null;
  seed: number;
  layers: LayerJSON[];
}

export interface ParamGroupOptions {
  /** L2 penalty lmbd on the weights (not on biases or BatchNorm parameters). */
  l2?: number;
  /** L1 penalty on the weights. */
  l1?: number;
}

function describeLayer(layer: Layer): string {
  const c = layer.config();
  const act = (a: unknown): string => (a && a !== "identity" ? `, ${String(a)}` : "");
  switch (layer.type) {
    case "Dense": return `${c.units} units${act(c.activation)}`;
    case "Conv2D": {
      const k = c.kernelSize as number[];
      return `${c.filters} filters ${k[0]}x${k[1]}${(c.stride as number[]).some((s) => s !== 1) ? `, stride ${(c.stride as number[]).join("x")}` : ""}, ${JSON.stringify(c.padding).replace(/"/g, "")}${act(c.activation)}`;
    }
    case "MaxPool2D":
    case "AvgPool2D": return `${(c.poolSize as number[]).join("x")}`;
    case "Dropout": return `rate ${c.rate}`;
    case "Activation": return String(c.activation);
    default: return "";
  }
}

export class Sequential implements Module {
  readonly type = "Sequential";
  readonly layers: Layer[] = [];
  training = true;
  /** Shape of one input sample once built. */
  inputShape: number[] | null = null;
  readonly seed: number;

  constructor(layers: readonly Layer[] = [], options: SequentialOptions = {}) {
    if (!Array.isArray(layers)) throw new Error("Sequential: layers must be an array of layers");
    checkOptions(options, "Sequential", "options", ["inputShape", "seed"]);
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed)) throw new Error(`Sequential: seed must be an integer, got ${String(options.seed)}`);
    this.seed = seed;
    layers.forEach((l, i) => this.checkLayer(l, `layers[${i}]`));
    this.layers.push(...layers);
    if (options.inputShape !== undefined) this.build(options.inputShape);
  }

  private checkLayer(layer: unknown, name: string): void {
    if (!(layer instanceof Layer)) throw new Error(`Sequential: ${name} is not a layer (got ${layer === null ? "null" : typeof layer})`);
    if (this.layers.includes(layer)) throw new Error(`Sequential: ${name} is already in the model`);
  }

  get built(): boolean {
    return this.inputShape !== null;
  }

  /** Builds every layer for input samples of shape `inputShape` (seeded by the model's seed). */
  build(inputShape: readonly number[]): this {
    if (this.built) throw new Error(`Sequential.build: the model is already built for inputs ${formatShape(this.inputShape!)}`);
    if (this.layers.length === 0) throw new Error("Sequential.build: the model has no layers");
    const rng = new Random(this.seed);
    let shape = inputShape.slice();
    this.layers.forEach((layer, i) => {
      try {
        if (layer.built) {
          const want = layer.inputShape!;
          if (want.length !== shape.length || want.some((d, j) => d !== shape[j])) {
            throw new Error(`${layer.type}: already built for inputs ${formatShape(want)} but receives ${formatShape(shape)}`);
          }
        } else layer.build(shape, rng.fork());
        shape = layer.outputShape(shape);
      } catch (e) {
        throw new Error(`Sequential.build: layer ${i} (${layer.type}) cannot take inputs of shape ${formatShape(shape)}: ${(e as Error).message}`);
      }
    });
    this.inputShape = inputShape.slice();
    return this;
  }

  /** Shape of one output sample (the model must be built). */
  outputShape(): number[] {
    if (!this.built) throw new Error("Sequential.outputShape: the model is not built yet (give inputShape or call forward/fit first)");
    let shape = this.inputShape!;
    for (const layer of this.layers) shape = layer.outputShape(shape);
    return shape;
  }

  /** Throws an error naming `fn` and `arg` unless x is a batch of samples of the model's input shape. */
  checkInput(x: Tensor, fn: string, arg: string): void {
    if (!(x instanceof Tensor)) throw new Error(`${fn}: ${arg} must be a Tensor [samples, ...inputShape]`);
    if (x.rank < 2) throw new Error(`${fn}: ${arg} must have a sample axis and at least one feature axis, got shape ${formatShape(x.shape)}`);
    if (!this.built) return;
    const got = x.shape.slice(1);
    const want = this.inputShape!;
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      const what = want.length === 1 && got.length === 1 ? `${got[0]} features per sample but the model expects ${want[0]}` : `samples of shape ${formatShape(got)} but the model expects ${formatShape(want)}`;
      throw new Error(`${fn}: ${arg} has ${what} (${arg} shape ${formatShape(x.shape)})`);
    }
  }

  forward(x: Tensor): Tensor {
    return this.run(x, "Sequential.forward", false);
  }

  /** The activation of the last layer (Dense or Activation) if it is softmax or sigmoid, else "identity". */
  outputActivation(): LayerActivationName {
    const last = this.layers[this.layers.length - 1];
    if (last instanceof Dense || last instanceof ActivationLayer) {
      if (last.activation === "softmax" || last.activation === "sigmoid") return last.activation;
    }
    return "identity";
  }

  /** The logits z before a final softmax/sigmoid (for losses that fuse it stably); otherwise forward(x). */
  forwardLogits(x: Tensor): Tensor {
    return this.outputActivation() === "identity" ? this.forward(x) : this.run(x, "Sequential.forwardLogits", true);
  }

  /** The layers on x; with `logits`, the last one stops before its activation (a final Activation layer is skipped). */
  private run(x: Tensor, fn: string, logits: boolean): Tensor {
    this.checkInput(x, fn, "x");
    if (!this.built) this.build(x.shape.slice(1));
    let h = x;
    const n = this.layers.length;
    for (let i = 0; i < n - (logits ? 1 : 0); i++) h = this.layers[i].forward(h);
    const last = this.layers[n - 1];
    return !logits ? h : last instanceof Dense ? last.preActivation(h) : h;
  }

  /** Trainable tensors with their layer index, name and kind. */
  namedParameters(): (NamedParameter & { layer: number })[] {
    return this.layers.flatMap((l, i) => l.namedParameters().map((p) => ({ ...p, layer: i })));
  }

  parameters(): Tensor[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Parameter groups with the penalty on the weights only (the lectures regularise weights, not biases): `new SGD(model.paramGroups({ l2: 1e-4 }), { learningRate: 0.1 })`. */
  paramGroups(options: ParamGroupOptions = {}): ParamGroup[] {
    if (!this.built) throw new Error("Sequential.paramGroups: the model is not built yet (give inputShape or call forward first)");
    checkOptions(options, "Sequential.paramGroups", "options", ["l2", "l1"]);
    const named = this.namedParameters();
    const weights = named.filter((p) => p.kind === "weight").map((p) => p.tensor);
    const others = named.filter((p) => p.kind !== "weight").map((p) => p.tensor);
    const groups: ParamGroup[] = [];
    if (weights.length > 0) groups.push({ params: weights, l2: options.l2 ?? 0, l1: options.l1 ?? 0 });
    if (others.length > 0) groups.push({ params: others, l2: 0, l1: 0 });
    return groups;
  }

  parameterCount(): number {
    return this.layers.reduce((n, l) => n + l.parameterCount(), 0);
  }

  /** One row per layer: type, output shape, parameter count. */
  layerSummaries(): LayerSummary[] {
    if (!this.built) throw new Error("Sequential.summary: the model is not built yet (give inputShape or call forward/fit first)");
    let shape = this.inputShape!;
    return this.layers.map((layer, index) => {
      shape = layer.outputShape(shape);
      return { index, type: layer.type, outputShape: shape, parameters: layer.parameterCount(), description: describeLayer(layer) };
    });
  }

  /** A text table of the layers, their output shapes and parameter counts, with the total. */
  summary(): string {
    const rows = this.layerSummaries();
    const table = [
      ["#", "layer", "output shape", "parameters"], ["", "input", formatShape(this.inputShape!), ""],
      ...rows.map((r) => [String(r.index), r.description ? `${r.type} (${r.description})` : r.type, formatShape(r.outputShape), String(r.parameters)]),
    ];
    const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
    const line = (row: string[]): string => row.map((v, c) => (c === 1 ? v.padEnd(widths[c]) : v.padStart(widths[c]))).join("  ");
    const rule = "-".repeat(widths.reduce((a, w) => a + w + 2, -2));
    const out = [line(table[0]), rule, ...table.slice(1).map(line), rule, `total parameters: ${this.parameterCount()}`];
    return out.join("\n");
  }

  train(mode = true): this {
    this.training = mode;
    for (const l of this.layers) l.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  toJSON(): SequentialJSON {
    const inputShape = this.inputShape ? this.inputShape.slice() : null;
    return { format: "nnlab-sequential", version: 1, inputShape, seed: this.seed, layers: this.layers.map((l) => l.toJSON()) };
  }

  /**
   * A model from `toJSON()` output (an object or its JSON text): same architecture, same weights. A corrupt file is refused
   * naming the layer and tensor (`Sequential.fromJSON: layers[1] (Dense): "bias" data[2] is null, not a finite number`).
   */
  static fromJSON(json: SequentialJSON | string): Sequential {
    const fn = "Sequential.fromJSON";
    let j: SequentialJSON;
    if (typeof json === "string") {
      try {
        j = JSON.parse(json) as SequentialJSON;
      } catch (e) {
        throw new Error(`${fn}: the text is not valid JSON (${(e as Error).message}); pass the text of JSON.stringify(model.toJSON()) or the object itself`);
      }
    } else j = json;
    if (j === null || typeof j !== "object" || Array.isArray(j) || j.format !== "nnlab-sequential") {
      throw new Error(`${fn}: not a saved Sequential model (format must be "nnlab-sequential"); pass the result of model.toJSON() or its JSON text`);
    }
    checkOptions(j, fn, "the saved model", ["format", "version", "inputShape", "seed", "layers"]);
    if (j.version !== 1) throw new Error(`${fn}: unsupported version ${JSON.stringify(j.version)} (this nnlab reads version 1)`);
    if (!Array.isArray(j.layers)) throw new Error(`${fn}: layers must be an array of layers, got ${JSON.stringify(j.layers)?.slice(0, 60) ?? "undefined"}`);
    if (j.layers.length === 0) throw new Error(`${fn}: layers is empty (a saved model has at least one layer)`);
    const seed = j.seed ?? 0;
    if (!Number.isInteger(seed)) throw new Error(`${fn}: seed must be an integer, got ${JSON.stringify(j.seed)}`);
    const inputShape: unknown = j.inputShape;
    if (inputShape !== null && inputShape !== undefined &&
      (!Array.isArray(inputShape) || inputShape.length === 0 || !inputShape.every((d) => Number.isInteger(d) && d > 0))) {
      throw new Error(`${fn}: inputShape must be null or an array of positive integers, got ${JSON.stringify(inputShape)?.slice(0, 60)}`);
    }
    const where = (i: number): string => `${fn}: layers[${i}]`;
    const layers = j.layers.map((l, i) => layerFromJSON(l, where(i)));
    const model = new Sequential(layers, { seed });
    if (Array.isArray(inputShape)) {
      try {
        model.build(inputShape as number[]);
      } catch (e) {
        throw new Error(`${fn}: ${(e as Error).message}`);
      }
      layers.forEach((l, i) => l.loadWeights(j.layers[i], `${where(i)} (${l.type})`));
    } else {
      const k = j.layers.findIndex((l) => l.weights !== undefined || l.state !== undefined);
      if (k >= 0) throw new Error(`${where(k)}: has saved weights but inputShape is ${String(inputShape)}, so they cannot be loaded (the file is corrupt)`);
    }
    return model;
  }
}
