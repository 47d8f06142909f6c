/**
 * Modules and layers. A `Module` maps a batch (axis 0 = samples) to a batch with `forward(x)`,
 * lists its trainable tensors with `parameters()`, has a training/evaluation mode (Dropout and
 * BatchNorm differ) and can be written to JSON. `Layer`, the base of the built-in layers, is
 * *built* (its parameters drawn) once the shape of one sample is known: from Sequential's
 * inputShape, or on the first `forward`.
 */
import { Random } from "../random";
import { Tensor } from "../tensor/tensor";
import { formatShape, formatValue } from "../tensor/validate";
import { checkOptions } from "../tensor/options";

/** Anything that maps a batch to a batch and owns trainable tensors. */
export interface Module {
  /** Kind of module, e.g. "Dense" or "Sequential". */
  readonly type: string;
  /** True in training mode (the default), false in evaluation mode. */
  training: boolean;
  /** The outputs for a batch x (axis 0 = samples). */
  forward(x: Tensor): Tensor;
  /** The trainable tensors (their `.grad` is filled by `backward`). */
  parameters(): Tensor[];
  /** Switches to training mode (or to evaluation mode with `train(false)`); returns this. */
  train(mode?: boolean): this;
  eval(): this;
  /** Architecture and weights as plain JSON data. */
  toJSON(): unknown;
}

/** What a parameter is: weights get weight decay (L2/L1), the others not. */
export type ParameterKind = "weight" | "bias" | "scale" | "shift";

/** A trainable tensor with its name in the layer. */
export interface NamedParameter {
  name: string;
  kind: ParameterKind;
  tensor: Tensor;
}

/** A tensor as JSON: shape and values (JSON numbers round-trip doubles exactly). */
export interface TensorJSON {
  shape: number[];
  data: number[];
}

export interface LayerJSON {
  type: string;
  config: Record<string, unknown>;
  /** Trainable tensors by name. */
  weights?: Record<string, TensorJSON>;
  /** Non-trainable state by name (BatchNorm's running statistics). */
  state?: Record<string, TensorJSON>;
}

function tensorToJSON(t: Tensor): TensorJSON {
  return { shape: t.shape.slice(), data: Array.from(t.data) };
}

/**
 * A tensor from its JSON; errors start with `fn` (e.g. "Sequential.fromJSON: layers[0] (Dense)") and name
 * the tensor. Every value must be a finite number (not "1e3", nor null, what JSON.stringify writes for NaN).
 */
function tensorFromJSON(fn: string, name: string, json: unknown, expectedShape?: readonly number[]): Tensor {
  const j = json as TensorJSON;
  if (!j || typeof j !== "object" || !Array.isArray(j.shape) || !Array.isArray(j.data)) {
    throw new Error(`${fn}: "${name}" must be { shape: number[], data: number[] }, got ${JSON.stringify(json)?.slice(0, 60) ?? String(json)}`);
  }
  if (!j.shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${fn}: "${name}" has an invalid shape ${JSON.stringify(j.shape).slice(0, 60)} (non-negative integers expected)`);
  }
  if (expectedShape && (j.shape.length !== expectedShape.length || j.shape.some((d, i) => d !== expectedShape[i]))) {
    throw new Error(`${fn}: "${name}" has shape ${formatShape(j.shape)} but the layer needs ${formatShape(expectedShape)}`);
  }
  const size = j.shape.reduce((a, d) => a * d, 1);
  if (j.data.length !== size) {
    throw new Error(`${fn}: "${name}" has ${j.data.length} values but its shape ${formatShape(j.shape)} needs ${size} (truncated or corrupt file?)`);
  }
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const v: unknown = j.data[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${fn}: "${name}" data[${i}] is ${formatValue(v)}, not a finite number (the saved model is corrupt; save it again with JSON.stringify(model.toJSON()))`);
    }
    data[i] = v;
  }
  return new Tensor(data, j.shape);
}

/** Base class of the built-in layers. */
export abstract class Layer implements Module {
  abstract readonly type: string;
  training = true;
  /** Shape of one input sample once built (null before). */
  inputShape: number[] | null = null;
  /** Seed used when the layer builds itself (a Sequential passes its own generator instead). */
  protected readonly seed: number | undefined;

  constructor(seed?: number) {
    if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`${this.constructor.name}: seed must be an integer, got ${String(seed)}`);
    this.seed = seed;
  }

  get built(): boolean {
    return this.inputShape !== null;
  }

  /** Creates the parameters for samples of shape `inputShape` (no batch axis), drawn from `rng` (default: seeded with the layer's seed, or 0). */
  build(inputShape: readonly number[], rng?: Random): this {
    if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`${this.type}.build: inputShape must be an array of positive integers (one sample, no batch axis), got ${JSON.stringify(inputShape)}`);
    }
    this.outputShape(inputShape); // validates
    this.create(inputShape, rng ?? new Random(this.seed ?? 0));
    this.inputShape = inputShape.slice();
    return this;
  }

  /** Draws the parameters (layers without parameters need not override). */
  protected create(_inputShape: readonly number[], _rng: Random): void {}

  /** Shape of one output sample for one input sample of shape `inputShape` (throws if incompatible). */
  abstract outputShape(inputShape: readonly number[]): number[];

  /** The layer's function on a batch (built already). */
  protected abstract call(x: Tensor): Tensor;

  /** The outputs for a batch x; builds the layer from x's sample shape on first use. */
  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new Error(`${this.type}.forward: x must be a Tensor`);
    if (x.rank < 1) throw new Error(`${this.type}.forward: x must have a batch axis, got a scalar`);
    if (!this.built) this.build(x.shape.slice(1));
    else this.checkInput(x);
    return this.call(x);
  }

  /** Throws unless a batch x has samples of the built input shape. */
  protected checkInput(x: Tensor): void {
    const want = this.inputShape!;
    const got = x.shape.slice(1);
    if (got.length !== want.length || got.some((d, i) => d !== want[i])) {
      throw new Error(`${this.type}.forward: input samples have shape ${formatShape(got)} (x ${formatShape(x.shape)}) but the layer was built for ${formatShape(want)}`);
    }
  }

  namedParameters(): NamedParameter[] {
    return [];
  }

  parameters(): Tensor[] {
    return this.namedParameters().map((p) => p.tensor);
  }

  parameterCount(): number {
    return this.namedParameters().reduce((n, p) => n + p.tensor.size, 0);
  }

  /** Non-trainable state saved with the model (BatchNorm's running statistics). */
  stateTensors(): Record<string, Tensor> {
    return {};
  }

  /** Constructor options that rebuild this layer (without weights). */
  abstract config(): Record<string, unknown>;

  train(mode = true): this {
    this.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  toJSON(): LayerJSON {
    const json: LayerJSON = { type: this.type, config: this.config() };
    const params = this.namedParameters();
    if (params.length > 0) json.weights = Object.fromEntries(params.map((p) => [p.name, tensorToJSON(p.tensor)]));
    const state = Object.entries(this.stateTensors());
    if (state.length > 0) json.state = Object.fromEntries(state.map(([name, t]) => [name, tensorToJSON(t)]));
    return json;
  }

  /** Copies saved weights and state into this (built) layer; shapes must match and values be finite. `fn` starts the error messages. */
  loadWeights(json: LayerJSON, fn = `${this.type}.loadWeights`): void {
    const params = this.namedParameters();
    const state = Object.entries(this.stateTensors());
    if (json.weights !== undefined) checkOptions(json.weights, fn, "weights", params.map((p) => p.name));
    if (json.state !== undefined) checkOptions(json.state, fn, "state", state.map(([name]) => name));
    // read everything first, so that a corrupt file leaves the layer unchanged
    const wanted: (readonly ["weights" | "state", string, Tensor])[] = [
      ...params.map((p) => ["weights", p.name, p.tensor] as const), ...state.map(([name, t]) => ["state", name, t] as const)];
    const loaded = wanted.map(([kind, name, t]): [Tensor, Tensor] => {
      const saved = json[kind]?.[name];
      if (saved === undefined) throw new Error(`${fn}: the saved layer has no ${kind} "${name}"`);
      return [t, tensorFromJSON(fn, name, saved, t.shape)];
    });
    this.checkLoaded(fn, new Map(loaded));
    for (const [t, saved] of loaded) {
      t.data.set(saved.data);
      t.version++;
    }
  }

  /** Further checks of loaded tensors (e.g. BatchNorm: a variance is >= 0); throws naming `fn`. */
  protected checkLoaded(_fn: string, _loaded: ReadonlyMap<Tensor, Tensor>): void {}
}

/** A parameter tensor (requires grad) from values. */
export function parameter(data: Float64Array, shape: readonly number[]): Tensor {
  return new Tensor(data, shape, true);
}
