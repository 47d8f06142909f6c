import { describe, expect, it } from "vitest";
import { Random, Tensor, checkGrad, defineOp, mul, sigmoid, sum, tanh, tensor } from "../../lib/src/index";

// A deliberately wrong primitive: y = x^3 with the vjp rule 2x (instead of 3x^2)
// and a correct jvp rule, to prove that checkGrad notices and names the mode.
const WRONG_CUBE = defineOp<undefined>({
  name: "wrongCube",
  vjp: (g, { inputs: [x] }) => [mul(g, mul(x, 2))],
  jvp: ([t], { inputs: [x] }) => (t ? mul(t, mul(mul(x, x), 3)) : null),
});
function wrongCube(x: Tensor): Tensor {
  const d = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) d[i] = x.data[i] ** 3;
  return WRONG_CUBE.record(new Tensor(d, x.shape), [x], undefined);
}

describe("checkGrad", () => {
  it("passes a correct function with a tiny error and reports how many checks it made", () => {
    const x = tensor([[0.3, -0.7], [1.2, 0.1]]);
    const w = tensor([[0.5], [-1.5]]);
    const r = checkGrad((a, b) => sigmoid(a.matmul(b)).sum(), [x, w], { order: 1, directions: 4 });
    expect(r.passed).toBe(true);
    expect(r.maxRelativeError).toBeLessThan(1e-8);
    expect(r.checks).toBe(4 * 2 * 2); // directions x inputs x modes
  });

  it("catches a wrong vjp rule, names the mode and the input", () => {
    const x = tensor([0.5, -1.2, 2]);
    const y = tensor([1.5, 0.3, -0.4]);
    const r = checkGrad((a, b) => mul(wrongCube(a), b), [x, y], { mode: "both" });
    expect(r.passed).toBe(false);
    expect(r.maxRelativeError).toBeGreaterThan(0.01);
    expect(r.worst!.mode).toBe("vjp");
    expect(r.worst!.input).toBe(0);
    expect(r.summary).toMatch(/^checkGrad: FAILED \(12 checks, max relative error .*; worst: vjp order 1, input 0, direction \d: analytic .* vs numeric .*\)$/);
    const jvpOnly = checkGrad((a, b) => mul(wrongCube(a), b), [x, y], { mode: "jvp" });
    expect(jvpOnly.passed).toBe(true);
  });

  it("second order catches a rule whose first derivative is right but whose own derivative is wrong", () => {
    // tanh with a vjp rule written as a constant (detached) factor: first order correct, second order wrong.
    const DETACHED_TANH = defineOp<undefined>({
      name: "detachedTanh",
      vjp: (g, { output }) => [mul(g, output.detach().mul(output.detach()).neg().add(1))],
      jvp: ([t], { output }) => (t ? mul(t, output.detach().mul(output.detach()).neg().add(1)) : null),
    });
    const f = (x: Tensor): Tensor => {
      const out = tanh(x.detach());
      return DETACHED_TANH.record(new Tensor(out.data, x.shape), [x], undefined);
    };
    const x = tensor([0.4, -0.9, 1.3]);
    expect(checkGrad(f, [x], { order: 1 }).passed).toBe(true);
    const second = checkGrad(f, [x], { order: 2 });
    expect(second.passed).toBe(false);
    expect(second.worst!.order).toBe(2);
  });

  it("is deterministic for a seed", () => {
    const rng = new Random(3); // one generator: six different values (a new Random per value gave six equal ones)
    const x = new Tensor(Float64Array.from({ length: 6 }, () => rng.normal()), [6]);
    const a = checkGrad((t) => sum(tanh(t)), [x], { seed: 9 });
    const b = checkGrad((t) => sum(tanh(t)), [x], { seed: 9 });
    expect(a).toEqual(b);
    expect(checkGrad((t) => sum(tanh(t)), [x], { seed: 10 }).worst).not.toEqual(a.worst); // the seed is used
  });

  it("validates its arguments", () => {
    expect(() => checkGrad((t) => t, [])).toThrow("checkGrad: inputs must be a non-empty array of tensors");
    expect(() => checkGrad((t) => t, [new Float32Array(2) as unknown as Tensor])).toThrow("checkGrad: inputs[0] has mismatched dtype");
    expect(() => checkGrad((t) => t, [tensor([1])], { order: 3 as 1 })).toThrow("checkGrad: order must be 1 or 2");
  });
});
