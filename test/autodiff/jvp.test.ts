import { describe, expect, it } from "vitest";
import {
  Random, Tensor, add, backward, checkGrad, grad, jvp, linspace, matmul, mean, mul, noGrad, onesLike, pow, randn, sigmoid,
  square, sum, tensor,
} from "../../lib/src/index";

/** The 1-10-1 sigmoid network of the ODE lecture: u(x) = sigmoid(x W1 + b1) W2 + b2, x: [N, 1]. */
interface Params { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor }
function network(p: Params, x: Tensor): Tensor {
  return add(matmul(sigmoid(add(matmul(x, p.w1), p.b1)), p.w2), p.b2); // [N, 1]
}
function makeParams(seed: number, requiresGrad: boolean): Params {
  const rng = new Random(seed);
  const r = (shape: number[]): Tensor => {
    const t = randn(shape, rng);
    t.requiresGrad = requiresGrad;
    return t;
  };
  return { w1: r([1, 10]), b1: r([10]), w2: r([10, 1]), b2: r([1]) };
}

/** Closed form of u, du/dx and d2u/dx2 of the network at a scalar x (plain numbers, independent of the engine). */
function closedForm(w1: Float64Array, b1: Float64Array, w2: Float64Array, b2: number, x: number): [number, number, number] {
  let u = b2, du = 0, d2u = 0;
  for (let j = 0; j < w1.length; j++) {
    const s = 1 / (1 + Math.exp(-(x * w1[j] + b1[j])));
    u += w2[j] * s;
    du += w2[j] * w1[j] * s * (1 - s);
    d2u += w2[j] * w1[j] * w1[j] * s * (1 - s) * (1 - 2 * s);
  }
  return [u, du, d2u];
}

/** The trial-residual loss of u'' + u = 0 with an extra du term: mean((u'' + u)^2) + 0.1 mean(u'^2). */
function closedFormLoss(w1: Float64Array, b1: Float64Array, w2: Float64Array, b2: number, xs: Float64Array): number {
  let total = 0, extra = 0;
  for (const x of xs) {
    const [u, du, d2u] = closedForm(w1, b1, w2, b2, x);
    total += (d2u + u) ** 2;
    extra += du ** 2;
  }
  return total / xs.length + 0.1 * extra / xs.length;
}

describe("jvp (forward mode)", () => {
  it("gives J·v: matches closed forms of sigmoid networks row by row (d/dx and nested d2/dx2)", () => {
    const p = makeParams(1, false);
    const x = linspace(-1, 1, 7).reshape([7, 1]);
    const u = (t: Tensor): Tensor => network(p, t);
    const first = (t: Tensor): Tensor => jvp(u, [t], [onesLike(t)]).tangent;
    const { value, tangent } = jvp(u, [x], [onesLike(x)]);
    const d2 = jvp(first, [x], [onesLike(x)]).tangent;
    for (let i = 0; i < 7; i++) {
      const [cu, cdu, cd2u] = closedForm(p.w1.data, p.b1.data, p.w2.data, p.b2.data[0], x.data[i]);
      expect(value.data[i]).toBeCloseTo(cu, 13);
      expect(tangent.data[i]).toBeCloseTo(cdu, 13);
      expect(d2.data[i]).toBeCloseTo(cd2u, 12);
    }
  });

  it("the composite case: a loss built from jvp d/dx and nested d2/dx2, differentiated w.r.t. the parameters, matches finite differences", () => {
    const p = makeParams(2, true);
    const x = linspace(0, 2, 10).reshape([10, 1]);
    const lossOf = (q: Params): Tensor => {
      const u = (t: Tensor): Tensor => network(q, t);
      const du = (t: Tensor): Tensor => jvp(u, [t], [onesLike(t)]).tangent;
      const first = jvp(u, [x], [onesLike(x)]);
      const d2u = jvp(du, [x], [onesLike(x)]).tangent;
      return add(mean(square(add(d2u, first.value))), mul(mean(square(first.tangent)), 0.1));
    };
    const loss = lossOf(p);
    expect(loss.item()).toBeCloseTo(closedFormLoss(p.w1.data, p.b1.data, p.w2.data, p.b2.data[0], x.data), 12);
    backward(loss);
    // central differences of the closed-form loss, parameter by parameter
    const names: (keyof Params)[] = ["w1", "b1", "w2", "b2"];
    const h = 1e-5;
    let worst = 0;
    for (const name of names) {
      const param = p[name];
      for (let k = 0; k < param.size; k++) {
        const at = (delta: number): number => {
          const copy = { w1: p.w1.data.slice(), b1: p.b1.data.slice(), w2: p.w2.data.slice(), b2: p.b2.data.slice() };
          copy[name][k] += delta;
          return closedFormLoss(copy.w1, copy.b1, copy.w2, copy.b2[0], x.data);
        };
        const numeric = (at(h) - at(-h)) / (2 * h);
        const analytic = param.grad!.data[k];
        worst = Math.max(worst, Math.abs(analytic - numeric) / Math.max(Math.abs(numeric), 1e-3));
      }
    }
    expect(worst).toBeLessThan(1e-6);
    // and checkGrad agrees, in reverse and forward mode, on the engine's own loss
    const report = checkGrad((w1, b1, w2, b2) => lossOf({ w1, b1, w2, b2 }), [p.w1, p.b1, p.w2, p.b2], { seed: 3 });
    expect(report.maxRelativeError).toBeLessThanOrEqual(1e-6);
  });

  it("reverse-over-reverse equals jvp (and jvp of jvp) for a network applied row-wise", () => {
    const p = makeParams(4, false);
    const x = linspace(-2, 2, 9).reshape([9, 1]);
    const u = (t: Tensor): Tensor => network(p, t);
    // rows are independent, so the gradient of sum(u) w.r.t. x holds du/dx of each row
    const reverse1 = grad((t) => sum(u(t)), { createGraph: true });
    const [r1] = reverse1(x);
    const [r2] = grad((t) => sum(reverse1(t)[0]))(x);
    const f1 = jvp(u, [x], [onesLike(x)]).tangent;
    const f2 = jvp((t) => jvp(u, [t], [onesLike(t)]).tangent, [x], [onesLike(x)]).tangent;
    for (let i = 0; i < 9; i++) {
      expect(r1.data[i]).toBeCloseTo(f1.data[i], 13);
      expect(r2.data[i]).toBeCloseTo(f2.data[i], 12);
    }
  });

  it("handles several primals, null-free zero tangents, and noGrad callers", () => {
    const a = tensor([1, 2]);
    const b = tensor([3, 4]);
    const r = jvp((p, q) => mul(p, q), [a, b], [tensor([1, 0]), tensor([0, 0])]);
    expect(Array.from(r.tangent.data)).toEqual([3, 0]);
    const s = noGrad(() => jvp((p) => sigmoid(p), [a], [onesLike(a)]));
    expect(s.tangent.requiresGrad).toBe(false);
    expect(s.tangent.data[0]).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)) ** 2, 15);
    const constant = jvp(() => tensor([7]), [a], [onesLike(a)]);
    expect(Array.from(constant.tangent.data)).toEqual([0]);
    expect(() => jvp((p) => p, [a], [tensor([1, 2, 3])])).toThrow("jvp: tangents[0] has shape [3] but primals[0] has shape [2]");
  });
});

describe("jvp inside noGrad", () => {
  it("still gives the directional derivative of a parameter that requires grad", () => {
    const p = tensor([1, 2, 3]).requireGrad();
    const t = tensor([1, 0, -1]);
    // f(p) = sum(p^3): J t = sum(3 p^2 t) = 3 - 27 = -24.
    const { value, tangent } = noGrad(() => jvp((q) => sum(pow(q, 3)), [p], [t]));
    expect(value.item()).toBe(36);
    expect(tangent.item()).toBeCloseTo(-24, 12);
    expect(tangent.node).toBeNull();
  });
});
