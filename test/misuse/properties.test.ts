// Property-based tests (fast-check) with fixed seeds: a failure prints its seed, its
// path and the shrunk counterexample.
//  - element-wise ops on random shapes and broadcasts, and reductions over random
//    axes, against plain loops written here;
//  - random compositions of differentiable ops pass checkGrad (first and second order);
//  - toJSON / fromJSON round trips of random Sequential models, bit for bit;
//  - garbage fed to fromJSON gives a named error, never a model that predicts NaN.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AvgPool2D, BatchNorm, Conv2D, Dense, Dropout, Flatten, MaxPool2D, Random, Sequential, Tensor,
  add, checkGrad, cos, div, exp, max, maximum, mean, min, minimum, mul, predictOutputs, sigmoid, sin,
  square, sub, sum, tanh,
} from "../../lib/src";
import type { Layer } from "../../lib/src/nn/module";

// ---------------------------------------------------------------- references

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** Row-major multi-index of flat index i in shape. */
function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return idx;
}

/** Flat index in `shape` of the multi-index `idx` of a (right-aligned, broadcast) larger shape. */
function broadcastIndex(idx: readonly number[], shape: readonly number[]): number {
  const offset = idx.length - shape.length;
  let flat = 0;
  for (let a = 0; a < shape.length; a++) flat = flat * shape[a] + (shape[a] === 1 ? 0 : idx[a + offset]);
  return flat;
}

/** out[i] = f(a[bcast i], b[bcast i]) with NumPy broadcasting, by plain loops. */
function referenceBinary(a: Tensor, b: Tensor, outShape: number[], f: (p: number, q: number) => number): Float64Array {
  const out = new Float64Array(sizeOf(outShape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, outShape);
    out[i] = f(a.data[broadcastIndex(idx, a.shape)], b.data[broadcastIndex(idx, b.shape)]);
  }
  return out;
}

/** Reduction of x over `axes` with keepDims, by plain loops: [values, kept shape]. */
function referenceReduce(x: Tensor, axes: number[], init: number, f: (acc: number, v: number) => number): [Float64Array, number[]] {
  const kept = x.shape.map((d, a) => (axes.includes(a) ? 1 : d));
  const out = new Float64Array(sizeOf(kept)).fill(init);
  for (let i = 0; i < x.size; i++) {
    const idx = unravel(i, x.shape);
    const o = broadcastIndex(idx.map((v, a) => (axes.includes(a) ? 0 : v)), kept);
    out[o] = f(out[o], x.data[i]);
  }
  return [out, kept];
}

// ---------------------------------------------------------------- arbitraries

const value = fc.double({ min: -50, max: 50, noNaN: true, noDefaultInfinity: true });

function tensorOf(shape: number[], values = value): fc.Arbitrary<Tensor> {
  const n = sizeOf(shape);
  return fc.array(values, { minLength: n, maxLength: n }).map((v) => new Tensor(Float64Array.from(v), shape));
}

/** NumPy's rule: align on the right; each pair of sides is equal or one of them is 1. */
function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const p = a[a.length - rank + i] ?? 1;
    const q = b[b.length - rank + i] ?? 1;
    expect(p === q || p === 1 || q === 1).toBe(true);
    out.push(p === 1 ? q : p);
  }
  return out;
}

/** A full shape (rank 0-4, sides 1-4) and two operand shapes cut from it: trailing axes, some sides set to 1. */
const broadcastShapes = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }).chain((full) => {
  const operand = fc.tuple(fc.integer({ min: 0, max: full.length }), fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length }))
    .map(([rank, ones]) => full.slice(full.length - rank).map((d, a) => (ones[a + full.length - rank] ? 1 : d)));
  return fc.tuple(operand, operand);
});

const binaryOps: [string, (a: Tensor, b: Tensor) => Tensor, (p: number, q: number) => number][] = [
  ["add", add, (p, q) => p + q],
  ["sub", sub, (p, q) => p - q],
  ["mul", mul, (p, q) => p * q],
  ["div", div, (p, q) => p / q],
  ["maximum", maximum, (p, q) => Math.max(p, q)],
  ["minimum", minimum, (p, q) => Math.min(p, q)],
];

const SETTINGS = { numRuns: 150, seed: 1313 };

describe("properties: element-wise ops and reductions against plain loops", () => {
  it("binary ops on random broadcast shapes equal the plain loop exactly", () => {
    const arb = broadcastShapes.chain(([sa, sb]) => fc.tuple(
      fc.constant(broadcastShape(sa, sb)), tensorOf(sa), tensorOf(sb, value.filter((v) => Math.abs(v) > 1e-3)), fc.integer({ min: 0, max: binaryOps.length - 1 }),
    ));
    fc.assert(fc.property(arb, ([out, a, b, k]) => {
      const [name, op, f] = binaryOps[k];
      const got = op(a, b);
      expect(got.shape, name).toEqual(out);
      expect(Array.from(got.data), `${name} ${JSON.stringify(a.shape)} ${JSON.stringify(b.shape)}`).toEqual(Array.from(referenceBinary(a, b, out, f)));
    }), SETTINGS);
  });

  it("sum, mean, max, min over random axes (keepDims or not) equal the plain loop", () => {
    const arb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }).chain((shape) => fc.tuple(
      tensorOf(shape),
      fc.subarray(shape.map((_, a) => a)),
      fc.boolean(),
      fc.integer({ min: 0, max: 3 }),
    ));
    fc.assert(fc.property(arb, ([x, axesOrEmpty, keepDims, k]) => {
      const axes = axesOrEmpty.length === 0 ? x.shape.map((_, a) => a) : axesOrEmpty;
      const count = axes.reduce((n, a) => n * x.shape[a], 1);
      const [name, got, [ref, kept]] = [
        () => ["sum", sum(x, axes, keepDims), referenceReduce(x, axes, 0, (s, v) => s + v)] as const,
        () => ["mean", mean(x, axes, keepDims), ((r) => [r[0].map((s) => s / count), r[1]] as [Float64Array, number[]])(referenceReduce(x, axes, 0, (s, v) => s + v))] as const,
        () => ["max", max(x, axes, keepDims), referenceReduce(x, axes, -Infinity, Math.max)] as const,
        () => ["min", min(x, axes, keepDims), referenceReduce(x, axes, Infinity, Math.min)] as const,
      ][k]();
      expect(got.shape, name).toEqual(keepDims ? kept : x.shape.filter((_, a) => !axes.includes(a)));
      for (let i = 0; i < ref.length; i++) {
        // sums may be accumulated in another order: allow rounding relative to the magnitudes added
        expect(Math.abs(got.data[i] - ref[i]), `${name} over ${JSON.stringify(axes)} of ${JSON.stringify(x.shape)}`).toBeLessThanOrEqual(1e-12 * 50 * count);
      }
    }), SETTINGS);
  });
});

// ---------------------------------------------------------------- checkGrad of random compositions

type Expr = { op: "x" } | { op: "y" } | { op: "unary"; f: number; a: Expr } | { op: "binary"; f: number; a: Expr; b: Expr };

const unary: [string, (t: Tensor) => Tensor][] = [
  ["tanh", tanh], ["sigmoid", sigmoid], ["sin", sin], ["cos", cos], ["square", square], ["exp(0.3 .)", (t) => exp(mul(t, 0.3))],
];
const binary: [string, (a: Tensor, b: Tensor) => Tensor][] = [
  ["add", add], ["sub", sub], ["mul", mul], ["div by (1 + square)", (a, b) => div(a, add(square(b), 1))],
];

const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<Expr>({ op: "x" }, { op: "y" }),
    fc.record({ op: fc.constant("unary" as const), f: fc.integer({ min: 0, max: unary.length - 1 }), a: tie("expr") }),
    fc.record({ op: fc.constant("binary" as const), f: fc.integer({ min: 0, max: binary.length - 1 }), a: tie("expr"), b: tie("expr") }),
  ),
}));

function evaluateExpr(e: Expr, x: Tensor, y: Tensor): Tensor {
  if (e.op === "x") return x;
  if (e.op === "y") return y;
  if (e.op === "unary") return unary[e.f][1](evaluateExpr(e.a, x, y));
  return binary[e.f][1](evaluateExpr(e.a, x, y), evaluateExpr(e.b, x, y));
}

function show(e: Expr): string {
  if (e.op === "x" || e.op === "y") return e.op;
  if (e.op === "unary") return `${unary[e.f][0]}(${show(e.a)})`;
  return `${binary[e.f][0]}(${show(e.a)}, ${show(e.b)})`;
}

const small = fc.double({ min: -1.5, max: 1.5, noNaN: true });
// x [2,3] and y [3] (broadcast along the rows) and a random composition of depth <= ~4
const composition = fc.tuple(expr.filter((e) => show(e).length < 120), tensorOf([2, 3], small), tensorOf([3], small));

describe("properties: random compositions of ops pass checkGrad", () => {
  it("first order (reverse and forward mode against central differences)", () => {
    fc.assert(fc.property(composition, ([e, x, y]) => {
      const result = checkGrad((a, b) => sum(evaluateExpr(e, a, b)), [x, y], { order: 1, seed: 1 });
      expect(result.passed, `${show(e)}: ${result.summary}`).toBe(true);
    }), { numRuns: 60, seed: 2024 });
  });

  it("second order (Hessian-vector products against differences of gradients)", () => {
    fc.assert(fc.property(composition, ([e, x, y]) => {
      const result = checkGrad((a, b) => sum(evaluateExpr(e, a, b)), [x, y], { order: 2, seed: 2 });
      expect(result.passed, `${show(e)}: ${result.summary}`).toBe(true);
    }), { numRuns: 25, seed: 77 });
  });
});

// ---------------------------------------------------------------- round trips and garbage

const activation = fc.constantFrom("identity", "sigmoid", "tanh", "relu", "leakyRelu", "elu", "softmax");
const init = fc.constantFrom("lecture", "truncatedNormal", "glorotUniform", "heNormal");

/** A random architecture as a recipe (fast-check shows it as plain data) and the input shape. */
interface Recipe { images: boolean; layers: { kind: string; n: number; act: string; init: string }[]; seed: number }

const recipe: fc.Arbitrary<Recipe> = fc.record({
  images: fc.boolean(),
  layers: fc.array(fc.record({
    kind: fc.constantFrom("Dense", "Dense", "BatchNorm", "Dropout"),
    n: fc.integer({ min: 1, max: 5 }),
    act: activation,
    init,
  }), { minLength: 1, maxLength: 3 }),
  seed: fc.integer({ min: 0, max: 1000 }),
});

function build(r: Recipe): { model: Sequential; inputShape: number[] } {
  const layers: Layer[] = [];
  if (r.images) layers.push(new Conv2D(2, 3, { padding: "same", activation: "relu" }), r.seed % 2 ? new MaxPool2D(2) : new AvgPool2D(2), new Flatten());
  for (const l of r.layers) {
    if (l.kind === "Dense") layers.push(new Dense(l.n, { activation: l.act as never, init: l.init as never, useBias: l.n % 2 === 1 }));
    else if (l.kind === "BatchNorm") layers.push(new BatchNorm({ momentum: 0.1 + l.n / 10 }));
    else layers.push(new Dropout(l.n / 10));
  }
  layers.push(new Dense(3, { activation: "softmax" }));
  const inputShape = r.images ? [1, 4, 4] : [4];
  return { model: new Sequential(layers, { inputShape, seed: r.seed }), inputShape };
}

/** Every double except -0 (JSON writes -0 as 0) and NaN/Infinity (not JSON numbers). */
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));

function tensorsOf(model: Sequential): Tensor[] {
  return [...model.parameters(), ...model.layers.flatMap((l) => Object.values(l.stateTensors()))];
}

function bits(t: Tensor): number[] {
  return Array.from(new Uint32Array(t.data.buffer, t.data.byteOffset, t.data.length * 2));
}

function inputFor(shape: number[], n = 3): Tensor {
  const rng = new Random(9);
  const data = Float64Array.from({ length: n * sizeOf(shape) }, () => rng.normal());
  return new Tensor(data, [n, ...shape]);
}

describe("properties: toJSON / fromJSON", () => {
  it("random models (random architecture and weights over all finite doubles) round-trip bit for bit, with identical outputs", () => {
    const arb = recipe.chain((r) => fc.tuple(fc.constant(r), fc.array(anyFinite, { minLength: 64, maxLength: 64 }), fc.boolean()));
    fc.assert(fc.property(arb, ([r, pool, extreme]) => {
      const { model, inputShape } = build(r);
      // overwrite the weights: extreme doubles, or moderate ones for which the outputs are finite
      let k = 0;
      const parameters = new Set(model.parameters());
      for (const t of tensorsOf(model)) {
        for (let i = 0; i < t.size; i++, k++) {
          const v = pool[k % pool.length];
          const w = extreme ? v : (v % 2) + 0; // + 0 turns a -0 remainder into 0
          t.data[i] = parameters.has(t) ? w : Math.abs(w); // BatchNorm's running variance is >= 0
        }
      }
      const copy = Sequential.fromJSON(JSON.stringify(model.toJSON()));
      expect(copy.summary()).toBe(model.summary());
      const [a, b] = [tensorsOf(model), tensorsOf(copy)];
      expect(b.length).toBe(a.length);
      a.forEach((t, i) => expect(bits(b[i])).toEqual(bits(t)));
      const x = inputFor(inputShape);
      let first: unknown;
      let second: unknown;
      try { first = Array.from(predictOutputs(model, x).data); } catch (e) { first = (e as Error).message; }
      try { second = Array.from(predictOutputs(copy, x).data); } catch (e) { second = (e as Error).message; }
      expect(second).toEqual(first);
    }), { numRuns: 60, seed: 4242 });
  });

  /** fromJSON either refuses with a named error or gives a model whose outputs are finite (or refused by name). */
  function loadsSafely(input: unknown, inputShape: number[]): void {
    let model: Sequential;
    try {
      model = Sequential.fromJSON(input as never);
    } catch (e) {
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).constructor, (e as Error).message).toBe(Error); // not a raw TypeError / RangeError / SyntaxError
      expect((e as Error).message).toMatch(/^Sequential\.fromJSON: \S/);
      return;
    }
    if (!model.built) return;
    // a loaded model holds only finite weights (so NaN cannot come from the file itself)
    for (const t of tensorsOf(model)) for (const v of t.data) expect(Number.isFinite(v), "fromJSON loaded a non-finite weight").toBe(true);
    try {
      const out = predictOutputs(model, inputFor(model.inputShape ?? inputShape));
      for (const v of out.data) expect(Number.isFinite(v), "a loaded model predicts a non-finite value").toBe(true);
    } catch (e) {
      expect((e as Error).message).toMatch(/^predictOutputs: (the model's outputs contain|x has)/);
    }
  }

  it("random JSON values and random text give a named error", () => {
    const garbage = fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      fc.string(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ format: fc.constant("nnlab-sequential"), version: fc.constant(1), inputShape: fc.jsonValue(), seed: fc.jsonValue(), layers: fc.jsonValue() }),
    );
    fc.assert(fc.property(garbage, (g) => loadsSafely(g, [4])), { numRuns: 300, seed: 99 });
  });

  it("a saved model with one value replaced by garbage gives a named error or a model with finite outputs", () => {
    const junk = fc.oneof(fc.jsonValue(), fc.constantFrom<unknown>(null, "abc", "1e3", 1e999, -1, 0, 1.5, 1e300, [], {}, "toString", "__proto__", "constructor", true));
    const arb = recipe.chain((r) => fc.tuple(fc.constant(r), fc.nat(), junk, fc.boolean()));
    fc.assert(fc.property(arb, ([r, pick, replacement, remove]) => {
      const { model, inputShape } = build(r);
      const json = JSON.parse(JSON.stringify(model.toJSON())) as unknown;
      // every place in the JSON tree where a value can be replaced or removed
      const places: [Record<string, unknown> | unknown[], string | number][] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach((v, i) => { places.push([node, i]); visit(v); });
        else if (node !== null && typeof node === "object") {
          for (const [k, v] of Object.entries(node)) { places.push([node as Record<string, unknown>, k]); visit(v); }
        }
      };
      visit(json);
      const [parent, key] = places[pick % places.length];
      if (remove && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
      else (parent as Record<string | number, unknown>)[key] = replacement;
      loadsSafely(json, inputShape);
      loadsSafely(JSON.stringify(json), inputShape);
    }), { numRuns: 150, seed: 7 });
  });
});
