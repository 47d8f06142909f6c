import { describe, expect, it } from "vitest";
import {
  Tensor, add, checkGrad, cos, gradients, grad, jvp, matmul, mul, noGrad, randn, sigmoid, sin, sum,
  tanh, tensor, valueAndGrad, vjp,
} from "../../lib/src/index";

describe("grad, valueAndGrad, vjp", () => {
  it("grad of sum(sin(x) * y) is [cos(x) y, sin(x)] (closed form)", () => {
    const x = tensor([0.1, 0.7, -1.3]);
    const y = tensor([2, -1, 0.5]);
    const [dx, dy] = grad((a, b) => sum(mul(sin(a), b)))(x, y);
    for (let i = 0; i < 3; i++) {
      expect(dx.data[i]).toBeCloseTo(Math.cos(x.data[i]) * y.data[i], 15);
      expect(dy.data[i]).toBeCloseTo(Math.sin(x.data[i]), 15);
    }
    const [onlyY] = grad((a, b) => sum(mul(sin(a), b)), { argnums: 1 })(x, y);
    expect(Array.from(onlyY.data)).toEqual(Array.from(dy.data));
    // inputs are untouched: no .grad, no requiresGrad
    expect(x.grad).toBeNull();
    expect(x.requiresGrad).toBe(false);
  });

  it("valueAndGrad returns the value; gradients are constants unless createGraph", () => {
    const x = tensor([1, 2]);
    const { value, grads } = valueAndGrad((a) => sum(mul(a, a)))(x);
    expect(value.item()).toBe(5);
    expect(Array.from(grads[0].data)).toEqual([2, 4]);
    expect(grads[0].requiresGrad).toBe(false);
    const [g2] = grad((a) => sum(mul(a, a)), { createGraph: true })(x);
    expect(g2.requiresGrad).toBe(true);
  });

  it("grad of grad: third derivative of sin is -cos", () => {
    const d1 = grad((x) => sum(sin(x)), { createGraph: true });
    const d2 = grad((x) => sum(d1(x)[0]), { createGraph: true });
    const d3 = grad((x) => sum(d2(x)[0]));
    const x = tensor([0.3, 1.1]);
    const [g] = d3(x);
    expect(g.data[0]).toBeCloseTo(-Math.cos(0.3), 14);
    expect(g.data[1]).toBeCloseTo(-Math.cos(1.1), 14);
  });

  it("grad works inside noGrad (it records its own graph) and with an argument that is already on a graph", () => {
    const x = tensor([0.5]);
    const [g] = noGrad(() => grad((a) => sum(tanh(a)))(x));
    expect(g.item()).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 15);
    // outer parameter w, inner gradient w.r.t. x: d/dw of d/dx (w x)^2 = d/dw 2 w^2 x = 4 w x
    const w = tensor([1.5], undefined, { requiresGrad: true });
    const xs = tensor([0.7]);
    const inner = grad((a) => sum(mul(mul(w, a), mul(w, a))), { createGraph: true })(xs)[0];
    sum(inner).backward();
    expect(w.grad!.item()).toBeCloseTo(4 * 1.5 * 0.7, 14);
  });

  it("vjp of a non-scalar function equals uᵀJ (closed form of matmul)", () => {
    const a = randn([3, 2], { seed: 1 });
    const b = randn([2, 4], { seed: 2 });
    const { value, vjp: pullback } = vjp((p, q) => matmul(p, q), [a, b]);
    expect(value.shape).toEqual([3, 4]);
    const u = randn([3, 4], { seed: 3 });
    const [da, db] = pullback(u);
    const refA = matmul(u, b, { transB: true });
    const refB = matmul(a, u, { transA: true });
    for (let i = 0; i < 6; i++) expect(da.data[i]).toBeCloseTo(refA.data[i], 14);
    for (let i = 0; i < 8; i++) expect(db.data[i]).toBeCloseTo(refB.data[i], 14);
  });

  it("gradients w.r.t. an intermediate tensor, zeros for unrelated inputs", () => {
    const x = tensor([1, 2], undefined, { requiresGrad: true });
    const h = mul(x, 3);
    const y = sum(mul(h, h));
    const unrelated = tensor([5], undefined, { requiresGrad: true });
    const [dh, dz] = gradients(y, [h, unrelated]);
    expect(Array.from(dh.data)).toEqual([6, 12]);
    expect(Array.from(dz.data)).toEqual([0]);
  });

  it("forward over reverse: the Hessian-vector product of sum(x^4)/4 + x0 x1 is (3x^2) v + [v1, v0]", () => {
    const f = (x: Tensor): Tensor => add(sum(mul(mul(x, x), mul(x, x))).mul(0.25), mul(x.slice([0], [1]), x.slice([1], [1])).sum());
    const x = tensor([0.5, -1.5]);
    const v = tensor([2, 1]);
    const gradient = grad(f, { createGraph: true });
    const hv = jvp((y: Tensor) => gradient(y)[0], [x], [v]).tangent;
    expect(hv.data[0]).toBeCloseTo(3 * 0.25 * 2 + 1, 13);
    expect(hv.data[1]).toBeCloseTo(3 * 2.25 * 1 + 2, 13);
  });

  it("is deterministic: same inputs, same gradients bit for bit", () => {
    const run = (): number[] => {
      const w = randn([4, 3], { seed: 7 });
      const x = randn([5, 4], { seed: 8 });
      const [g] = grad((p) => sum(sigmoid(matmul(x, p)).mul(cos(p.sum()))))(w);
      return Array.from(g.data);
    };
    expect(run()).toEqual(run());
  });

  it("a gradient penalty (gradient inside a loss) passes checkGrad w.r.t. the weights", () => {
    const x = randn([4, 2], { seed: 9 });
    const loss = (w: Tensor): Tensor => {
      const [dx] = grad((a) => sum(tanh(matmul(a, w))), { createGraph: true })(x);
      return sum(mul(dx, dx));
    };
    const w = randn([2, 3], { seed: 10 });
    expect(checkGrad(loss, [w], { mode: "vjp" }).maxRelativeError).toBeLessThanOrEqual(1e-6);
  });
});
