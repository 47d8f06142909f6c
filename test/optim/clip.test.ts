import { describe, expect, it } from "vitest";
import { Tensor } from "../../lib/src/tensor/tensor";
import { clipGradNorm } from "../../lib/src/optim";

const withGrad = (g: number[]) => {
  const p = new Tensor(new Float64Array(g.length), [g.length], true);
  p.grad = new Tensor(Float64Array.from(g), [g.length]);
  return p;
};

describe("gradient clipping", () => {
  it("clipGradNorm rescales to the maximum global norm and keeps the direction", () => {
    const a = withGrad([3, 0]);
    const b = withGrad([0, 4]);
    const norm = clipGradNorm([a, b], 1);
    expect(norm).toBe(5);
    expect(a.grad!.data[0]).toBeCloseTo(0.6, 15);
    expect(a.grad!.data[1]).toBe(0);
    expect(Array.from(b.grad!.data)[1]).toBeCloseTo(0.8, 15);
  });

  it("clipGradNorm leaves small gradients untouched", () => {
    const a = withGrad([0.1, 0.2]);
    clipGradNorm([a], 1);
    expect(Array.from(a.grad!.data)).toEqual([0.1, 0.2]);
  });

  it("clipGradNorm refuses a NaN gradient with advice", () => {
    expect(() => clipGradNorm([withGrad([Number.NaN])], 1)).toThrow(/not finite.*smaller learning rate/);
    expect(() => clipGradNorm(withGrad([1]) as never, 1)).toThrow("clipGradNorm: params must be an array of tensors");
  });

  it("clipGradNorm handles huge but finite gradients (the plain sum of squares would overflow)", () => {
    const a = withGrad([3e200, 0]);
    const b = withGrad([0, 4e200]);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5e200, -186); // relative 1e-14 of 5e200
    expect(a.grad!.data[0]).toBeCloseTo(0.6, 14);
    expect(b.grad!.data[1]).toBeCloseTo(0.8, 14);
    expect(() => clipGradNorm([withGrad([1e200, Number.POSITIVE_INFINITY])], 1)).toThrow(/not finite/);
  });

});
