import { describe, expect, it } from "vitest";
import {
  add, backward, div, exp, mul, noGrad, pow, relu, scalar, sub, sum, tanh, tensor, isGradEnabled,
} from "../../lib/src/index";

describe("backward", () => {
  it("reproduces the micrograd README example (g = 24.7041, dg/da = 138.8338, dg/db = 645.5773)", () => {
    const a = scalar(-4, { requiresGrad: true });
    const b = scalar(2, { requiresGrad: true });
    let c = add(a, b);
    let d = add(mul(a, b), pow(b, 3));
    c = add(c, add(c, 1));
    c = add(c, add(add(1, c), a.neg()));
    d = add(d, add(mul(d, 2), relu(add(b, a))));
    d = add(d, add(mul(3, d), relu(sub(b, a))));
    const e = sub(c, d);
    const f = pow(e, 2);
    let g = div(f, 2);
    g = add(g, div(10, f));
    backward(g);
    // micrograd prints these to 4 decimals
    expect(g.item()).toBeCloseTo(24.7041, 4);
    expect(a.grad!.item()).toBeCloseTo(138.8338, 4);
    expect(b.grad!.item()).toBeCloseTo(645.5773, 4);
  });
});

describe("backward: mechanics", () => {
  it("differentiates a 100,000-op chain without overflowing the stack", () => {
    const x = scalar(0.5, { requiresGrad: true });
    let y = x;
    const n = 100_000;
    for (let i = 0; i < n; i++) y = mul(y, 1.00001); // y = x * 1.00001^n
    backward(y);
    expect(x.grad!.item()).toBeCloseTo(Math.pow(1.00001, n), 8);
  });

  it("accumulates into .grad on repeated calls (documented); cleared, the graph survives", () => {
    const w = tensor([1, 2, 3], undefined, { requiresGrad: true });
    const loss = sum(mul(w, w)); // d/dw = 2w
    loss.backward();
    expect(Array.from(w.grad!.data)).toEqual([2, 4, 6]);
    loss.backward();
    expect(Array.from(w.grad!.data)).toEqual([4, 8, 12]);
    w.grad = null;
    backward(loss);
    expect(Array.from(w.grad!.data)).toEqual([2, 4, 6]);
  });

  it("gives each leaf its own gradient buffer (no aliasing between inputs of the same add)", () => {
    const a = tensor([1, 2], undefined, { requiresGrad: true });
    const b = tensor([3, 4], undefined, { requiresGrad: true });
    sum(add(a, b)).backward();
    expect(a.grad!.data).not.toBe(b.grad!.data);
    a.grad!.data[0] = 99;
    expect(b.grad!.data[0]).toBe(1);
  });

  it("accepts a cotangent for a non-scalar output and refuses to guess one", () => {
    const x = tensor([1, 2, 3], undefined, { requiresGrad: true });
    const y = mul(x, x);
    backward(y, { grad: tensor([1, 0, 2]) });
    expect(Array.from(x.grad!.data)).toEqual([2, 0, 12]);
    expect(() => backward(y)).toThrow("backward: output has shape [3]; pass { grad } (same shape) for a non-scalar output");
    expect(() => backward(sum(tensor([1, 2])))).toThrow("backward: loss does not require grad");
  });

  it("noGrad records nothing and restores the mode even after an error; detach cuts the graph", () => {
    const w = tensor([1, 2], undefined, { requiresGrad: true });
    const y = noGrad(() => exp(w));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(() => noGrad(() => { throw new Error("boom"); })).toThrow("boom");
    expect(isGradEnabled()).toBe(true);
    const z = add(mul(w.detach(), 3), w); // d/dw = 1 (the detached branch is a constant)
    sum(z).backward();
    expect(Array.from(w.grad!.data)).toEqual([1, 1]);
  });

  it("records a node only when an input requires grad and grad mode is on", () => {
    const c = tensor([1, 2]);
    const w = tensor([3, 4], { requiresGrad: true });
    expect(add(c, c).node).toBeNull();
    expect(add(c, c).requiresGrad).toBe(false);
    const y = add(c, w);
    expect(y.node?.op).toBe("add");
    expect(y.node?.inputs).toEqual([c, w]);
    expect(y.requiresGrad).toBe(true);
    expect(noGrad(() => add(c, w)).node).toBeNull();
  });

  it("tanh chain: the recorded graph gives the chain-rule product (closed form)", () => {
    const x = scalar(0.3, { requiresGrad: true });
    const y = tanh(tanh(x));
    y.backward();
    const t1 = Math.tanh(0.3);
    expect(x.grad!.item()).toBeCloseTo((1 - Math.tanh(t1) ** 2) * (1 - t1 ** 2), 15);
  });
});
