import { describe, expect, it } from "vitest";
import { stepDecay, cosineDecay, warmup } from "../../lib/src/optim";

describe("learning-rate schedules", () => {
  it("stepDecay halves every 10 steps", () => {
    const s = stepDecay({ initial: 0.1, factor: 0.5, every: 10 });
    expect([s(0), s(9), s(10), s(25)]).toEqual([0.1, 0.1, 0.05, 0.025]);
  });
  it("cosineDecay goes from initial to minimum", () => {
    const s = cosineDecay({ initial: 1, steps: 10, minimum: 0.1 });
    expect(s(0)).toBe(1);
    expect(s(5)).toBeCloseTo(0.55, 15);
    expect(s(10)).toBe(0.1);
    expect(s(11)).toBe(0.1);
  });
  it("warmup ramps linearly", () => {
    const s = warmup(0.4, 4);
    expect([s(0), s(1), s(3), s(4), s(100)]).toEqual([0.1, 0.2, 0.4, 0.4, 0.4]);
  });
  it("rejects bad arguments by name", () => {
    expect(() => stepDecay({ initial: 0.1, factor: 0, every: 1 })).toThrow(/stepDecay: factor must be a finite number > 0/);
    expect(() => cosineDecay({ initial: 1, steps: 10, minimum: 2 })).toThrow(/cosineDecay: minimum/);
  });
});
