/**
 * Activation functions on typed arrays, each a small object with one uniform
 * interface (value and derivative), as in the lectures:
 *
 *   a = f(z)          fn(z, out?)
 *   f'(z)             derivative(z, out?)
 *   J(z) v            derivative(z, out?, { vector: v })   (Jacobian-vector product)
 *
 * Element-wise activations have a diagonal Jacobian, so `J(z) v = f'(z) ⊙ v`.
 * Softmax acts row-wise on z read as [rows, columns] (`options.columns`, by
 * default one row of length z.length); its derivative without a vector is the
 * diagonal of the Jacobian, s ⊙ (1 - s), and with a vector the exact product
 * (J v)_i = s_i (v_i - Σ_j s_j v_j) for each row.
 *
 * Kinks: the Heaviside step is given derivative 0 everywhere (also at z = 0,
 * where it is undefined); ReLU has derivative 0 at z = 0; leaky ReLU has alpha
 * at z = 0; ELU has 1 at z = 0 (its right-hand derivative, equal to the left one
 * for alpha = 1).
 *
 * These are typed-array kernels for the hand-written networks (NeuralNetwork,
 * Network); the differentiable Tensor ops of the same names live in `tensor`.
 */

/** Options of an activation call. */
export interface ActivationCallOptions {
  /** Row width for row-wise activations (softmax): z is read as [z.length / columns, columns]. Default: z.length. */
  columns?: number;
  /** If given, `derivative` returns the Jacobian-vector product J(z) v instead of f'(z). Same length as z. */
  vector?: Float64Array;
}

/** An activation function with its derivative, on typed arrays. */
export interface Activation {
  /** Name used by `getActivation` and in saved models, e.g. "sigmoid". */
  readonly name: string;
  /** True when f acts on each element separately (all but softmax). */
  readonly elementwise: boolean;
  /** a = f(z), written into `out` (allocated if absent; may be `z` itself). */
  fn(z: Float64Array, out?: Float64Array, options?: ActivationCallOptions): Float64Array;
  /** f'(z) (or J(z) v with `options.vector`), written into `out` (may be `z` itself). */
  derivative(z: Float64Array, out?: Float64Array, options?: ActivationCallOptions): Float64Array;
}

function prepare(name: string, method: string, z: Float64Array, out: Float64Array | undefined, options?: ActivationCallOptions): Float64Array {
  if (!(z instanceof Float64Array)) {
    throw new Error(`activations.${name}.${method}: z must be a Float64Array, got ${describe(z)}`);
  }
  const v = options?.vector;
  if (v !== undefined && (!(v instanceof Float64Array) || v.length !== z.length)) {
    throw new Error(`activations.${name}.${method}: options.vector must be a Float64Array of length ${z.length}, got ${describe(v)}`);
  }
  if (out === undefined) return new Float64Array(z.length);
  if (!(out instanceof Float64Array) || out.length !== z.length) {
    throw new Error(`activations.${name}.${method}: out must be a Float64Array of length ${z.length}, got ${describe(out)}`);
  }
  return out;
}

function describe(x: unknown): string {
  if (x instanceof Float64Array) return `Float64Array(${x.length})`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return x === null ? "null" : typeof x;
}

/** Builds an element-wise activation from scalar f and f'. */
function elementwise(name: string, f: (z: number) => number, df: (z: number) => number): Activation {
  return {
    name,
    elementwise: true,
    fn(z, out, options) {
      const o = prepare(name, "fn", z, out, options);
      for (let i = 0; i < z.length; i++) o[i] = f(z[i]);
      return o;
    },
    derivative(z, out, options) {
      const o = prepare(name, "derivative", z, out, options);
      const v = options?.vector;
      if (v) for (let i = 0; i < z.length; i++) o[i] = df(z[i]) * v[i];
      else for (let i = 0; i < z.length; i++) o[i] = df(z[i]);
      return o;
    },
  };
}

/** Logistic sigmoid σ(z) = 1 / (1 + e^{-z}), evaluated without overflow for large |z|. */
export function sigmoidScalar(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

const LEAKY_ALPHA = 0.01;
const ELU_ALPHA = 1;

const identity = elementwise("identity", (z) => z, () => 1);

/** Heaviside step: 1 for z > 0, else 0 (lecture 000). Derivative 0 everywhere (undefined at 0, taken as 0). */
const heaviside = elementwise("heaviside", (z) => (z > 0 ? 1 : 0), () => 0);

/** σ(z) = 1 / (1 + e^{-z}); σ'(z) = σ(z)(1 - σ(z)). */
const sigmoid = elementwise("sigmoid", sigmoidScalar, (z) => {
  const s = sigmoidScalar(z);
  return s * (1 - s);
});

/** tanh(z); derivative 1 - tanh²(z). */
const tanh = elementwise("tanh", Math.tanh, (z) => {
  const t = Math.tanh(z);
  return 1 - t * t;
});

/** ReLU max(0, z); derivative 1 for z > 0, 0 for z <= 0 (0 at the kink). */
const relu = elementwise("relu", (z) => (z > 0 ? z : 0), (z) => (z > 0 ? 1 : 0));

/** Leaky ReLU with alpha = 0.01: z for z > 0, alpha z otherwise; derivative 1 or alpha (alpha at 0). */
const leakyRelu = elementwise("leakyRelu", (z) => (z > 0 ? z : LEAKY_ALPHA * z), (z) => (z > 0 ? 1 : LEAKY_ALPHA));

/** ELU with alpha = 1: z for z >= 0, alpha (e^z - 1) for z < 0; derivative 1 or alpha e^z. */
const elu = elementwise(
  "elu",
  (z) => (z >= 0 ? z : ELU_ALPHA * Math.expm1(z)),
  (z) => (z >= 0 ? 1 : ELU_ALPHA * Math.exp(z)),
);

function softmaxColumns(method: string, z: Float64Array, options?: ActivationCallOptions): number {
  const columns = options?.columns ?? z.length;
  if (!Number.isInteger(columns) || columns <= 0 || z.length % columns !== 0) {
    throw new Error(`activations.softmax.${method}: options.columns must be a positive integer dividing z.length = ${z.length}, got ${String(columns)}`);
  }
  return columns;
}

/** Row-wise softmax s_i = e^{z_i - max z} / Σ_j e^{z_j - max z} (the max shift keeps exp from overflowing). */
function softmaxRows(z: Float64Array, out: Float64Array, columns: number): void {
  for (let r = 0; r < z.length; r += columns) {
    // one row: z[r .. r + columns)
    let max = -Infinity;
    for (let c = 0; c < columns; c++) if (z[r + c] > max) max = z[r + c];
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      const e = Math.exp(z[r + c] - max);
      out[r + c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < columns; c++) out[r + c] *= inv;
  }
}

const softmax: Activation = {
  name: "softmax",
  elementwise: false,
  fn(z, out, options) {
    const o = prepare("softmax", "fn", z, out, options);
    softmaxRows(z, o, softmaxColumns("fn", z, options));
    return o;
  },
  derivative(z, out, options) {
    const o = prepare("softmax", "derivative", z, out, options);
    const columns = softmaxColumns("derivative", z, options);
    const v = options?.vector;
    if (v === o) throw new Error("activations.softmax.derivative: options.vector must not be the out buffer");
    softmaxRows(z, o, columns); // o = s
    for (let r = 0; r < z.length; r += columns) {
      if (v) {
        // (J v)_i = s_i (v_i - s·v)
        let dot = 0;
        for (let c = 0; c < columns; c++) dot += o[r + c] * v[r + c];
        for (let c = 0; c < columns; c++) o[r + c] = o[r + c] * (v[r + c] - dot);
      } else {
        // diagonal of J: s_i (1 - s_i)
        for (let c = 0; c < columns; c++) o[r + c] = o[r + c] * (1 - o[r + c]);
      }
    }
    return o;
  },
};

/**
 * The activation functions, by name: `activations.sigmoid.fn(z)`.
 * (Not exported as top-level `sigmoid`, `relu`, ... which are Tensor ops.)
 */
export const activations = {
  identity,
  heaviside,
  sigmoid,
  tanh,
  relu,
  leakyRelu,
  elu,
  softmax,
};

/** Names accepted by `getActivation`. */
export type ActivationName = keyof typeof activations;

/** Looks an activation up by name ("sigmoid", "relu", ...); an Activation object is returned as is. */
export function getActivation(nameOrActivation: string | Activation): Activation {
  if (typeof nameOrActivation === "object" && nameOrActivation !== null) {
    if (typeof nameOrActivation.fn !== "function" || typeof nameOrActivation.derivative !== "function") {
      throw new Error("getActivation: an activation object needs fn and derivative methods");
    }
    return nameOrActivation;
  }
  const found = Object.prototype.hasOwnProperty.call(activations, nameOrActivation)
    ? activations[nameOrActivation as ActivationName]
    : undefined;
  if (!found) {
    throw new Error(`getActivation: unknown activation "${String(nameOrActivation)}"; known: ${Object.keys(activations).join(", ")}`);
  }
  return found;
}
