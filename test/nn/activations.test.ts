import { describe, expect, it } from "vitest";
import { derivative, evaluate, parse } from "mathjs";
import { activations, getActivation, type Activation } from "../../lib/src/nn/activations";

// Points away from the kinks at z = 0 (kinks are tested separately below).
const points = [-3.7, -1.5, -0.2, 0.3, 1, 2.5, 6];

/** Each element-wise activation as mathjs expressions: one for z < 0, one for z > 0. */
const symbolic: Record<string, { negative: string; positive: string }> = {
  identity: { negative: "z", positive: "z" },
  heaviside: { negative: "0", positive: "1" },
  sigmoid: { negative: "1 / (1 + exp(-z))", positive: "1 / (1 + exp(-z))" },
  tanh: { negative: "tanh(z)", positive: "tanh(z)" },
  relu: { negative: "0", positive: "z" },
  leakyRelu: { negative: "0.01 * z", positive: "z" },
  elu: { negative: "1 * (exp(z) - 1)", positive: "z" },
};

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1e-12, Math.abs(a), Math.abs(b));
}

describe("element-wise activations", () => {
  for (const [name, expr] of Object.entries(symbolic)) {
    const act: Activation = (activations as Record<string, Activation>)[name];
    it(`${name}: value and derivative match mathjs (symbolic derivative)`, () => {
      const z = Float64Array.from(points);
      const value = act.fn(z);
      const slope = act.derivative(z);
      points.forEach((p, i) => {
        const source = p < 0 ? expr.negative : expr.positive;
        const expected = evaluate(source, { z: p }) as number;
        const expectedSlope = derivative(parse(source), "z").evaluate({ z: p }) as number;
        expect(relativeError(value[i], expected)).toBeLessThan(1e-12);
        expect(relativeError(slope[i], expectedSlope)).toBeLessThan(1e-10);
      });
    });
    it(`${name}: derivative matches central finite differences`, () => {
      const h = 1e-6;
      points.forEach((p) => {
        const [plus] = act.fn(Float64Array.of(p + h));
        const [minus] = act.fn(Float64Array.of(p - h));
        const fd = (plus - minus) / (2 * h);
        const [d] = act.derivative(Float64Array.of(p));
        expect(Math.abs(d - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(d)));
      });
    });
    it(`${name}: derivative with a vector is the Jacobian-vector product f'(z) ⊙ v`, () => {
      const z = Float64Array.from(points);
      const v = Float64Array.from(points.map((_, i) => 0.5 - i));
      const jv = act.derivative(z, undefined, { vector: v });
      const d = act.derivative(z);
      points.forEach((_, i) => expect(jv[i]).toBe(d[i] * v[i]));
    });
  }

  it("documented values at the kinks (z = 0)", () => {
    const zero = Float64Array.of(0);
    expect(activations.heaviside.fn(zero)[0]).toBe(0); // 1 only for z > 0 (lecture 000)
    expect(activations.heaviside.derivative(zero)[0]).toBe(0);
    expect(activations.heaviside.derivative(Float64Array.of(2))[0]).toBe(0);
    expect(activations.relu.derivative(zero)[0]).toBe(0);
    expect(activations.leakyRelu.derivative(zero)[0]).toBe(0.01);
    expect(activations.elu.derivative(zero)[0]).toBe(1);
    expect(activations.elu.fn(zero)[0]).toBe(0);
  });

  it("sigmoid is stable for large |z| (no NaN, no overflow)", () => {
    const z = Float64Array.of(-800, -40, 40, 800);
    const a = activations.sigmoid.fn(z);
    const d = activations.sigmoid.derivative(z);
    expect(a[0]).toBe(0);
    expect(a[3]).toBe(1);
    expect(relativeError(a[1], Math.exp(-40))).toBeLessThan(1e-12); // σ(-40) ≈ e^-40, not 0
    for (const v of [...a, ...d]) expect(Number.isFinite(v)).toBe(true);
    expect(d[0]).toBe(0);
  });

  it("writes into out, also in place", () => {
    const z = Float64Array.of(-1, 0.5, 2);
    const expected = activations.tanh.fn(z);
    const out = new Float64Array(3);
    expect(activations.tanh.fn(z, out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(expected));
    activations.tanh.fn(z, z);
    expect(Array.from(z)).toEqual(Array.from(expected));
  });
});

describe("softmax (row-wise)", () => {
  const z = Float64Array.of(1, 2, 3, -1, 0.5, 0); // [2, 3]

  it("matches exp(z) / Σ exp(z) per row and each row sums to 1", () => {
    const s = activations.softmax.fn(z, undefined, { columns: 3 });
    for (let r = 0; r < 2; r++) {
      const row = Array.from(z.subarray(3 * r, 3 * r + 3));
      const denominator = row.reduce((acc, v) => acc + Math.exp(v), 0);
      row.forEach((v, c) => expect(relativeError(s[3 * r + c], Math.exp(v) / denominator)).toBeLessThan(1e-14));
      expect(Math.abs(s[3 * r] + s[3 * r + 1] + s[3 * r + 2] - 1)).toBeLessThan(1e-15);
    }
  });

  it("is stable for large logits", () => {
    const s = activations.softmax.fn(Float64Array.of(1000, 1001, 999), undefined, { columns: 3 });
    const e = [Math.exp(-1), 1, Math.exp(-2)];
    const sum = e[0] + e[1] + e[2];
    e.forEach((v, i) => expect(relativeError(s[i], v / sum)).toBeLessThan(1e-14));
  });

  it("derivative with a vector is the Jacobian-vector product (finite differences along v)", () => {
    const v = Float64Array.of(0.3, -1.2, 0.7, 2, 0.1, -0.4);
    const jv = activations.softmax.derivative(z, undefined, { columns: 3, vector: v });
    const h = 1e-6;
    const plus = activations.softmax.fn(z.map((x, i) => x + h * v[i]), undefined, { columns: 3 });
    const minus = activations.softmax.fn(z.map((x, i) => x - h * v[i]), undefined, { columns: 3 });
    jv.forEach((value, i) => expect(Math.abs(value - (plus[i] - minus[i]) / (2 * h))).toBeLessThan(1e-8));
  });

  it("derivative without a vector is the Jacobian's diagonal ∂s_i/∂z_i (finite differences)", () => {
    const d = activations.softmax.derivative(z, undefined, { columns: 3 });
    const h = 1e-6;
    for (let i = 0; i < z.length; i++) {
      const zp = z.slice();
      const zm = z.slice();
      zp[i] += h;
      zm[i] -= h;
      const fd = (activations.softmax.fn(zp, undefined, { columns: 3 })[i] - activations.softmax.fn(zm, undefined, { columns: 3 })[i]) / (2 * h);
      expect(Math.abs(d[i] - fd)).toBeLessThan(1e-8);
    }
  });

  it("rejects a row width that does not divide the length", () => {
    expect(() => activations.softmax.fn(z, undefined, { columns: 4 })).toThrow(/softmax\.fn: options\.columns must be a positive integer dividing z\.length = 6/);
  });
});

describe("argument checks and lookup", () => {
  it("names the activation and the bad argument", () => {
    expect(() => activations.sigmoid.fn([1, 2] as unknown as Float64Array)).toThrow(/activations\.sigmoid\.fn: z must be a Float64Array/);
    expect(() => activations.relu.fn(new Float64Array(3), new Float64Array(2))).toThrow(/activations\.relu\.fn: out must be a Float64Array of length 3/);
    expect(() => activations.elu.derivative(new Float64Array(3), undefined, { vector: new Float64Array(2) })).toThrow(/options\.vector must be a Float64Array of length 3/);
  });

  it("getActivation finds each activation by name and rejects unknown names", () => {
    for (const [name, act] of Object.entries(activations)) {
      expect(getActivation(name)).toBe(act);
      expect(act.name).toBe(name);
    }
    expect(getActivation(activations.tanh)).toBe(activations.tanh);
    expect(() => getActivation("swish")).toThrow(/getActivation: unknown activation "swish"; known: identity, heaviside/);
    expect(() => getActivation("toString")).toThrow(/unknown activation/);
  });
});
