import { describe, expect, it } from "vitest";
import { add, sigmoid, tensor, zeros, type Tensor } from "../../lib/src/index";

/**
 * Per-op overhead without timing: a timed unit test flakes on a loaded CI
 * machine, so speed belongs to `npm run bench`. What a unit test can check
 * deterministically is the part of the overhead that the issue names: no
 * hidden allocation beyond the result (and none at all with `out`).
 *
 * `counting` swaps the global Float64Array and ArrayBuffer constructors for
 * counting proxies while `fn` runs (the library looks them up at each call).
 */
function counting(fn: () => void): { float64Arrays: number; arrayBuffers: number } {
  const counts = { float64Arrays: 0, arrayBuffers: 0 };
  const RealFloat64Array = globalThis.Float64Array;
  const RealArrayBuffer = globalThis.ArrayBuffer;
  globalThis.Float64Array = new Proxy(RealFloat64Array, {
    construct(target, args) {
      counts.float64Arrays++;
      return Reflect.construct(target, args) as object;
    },
  });
  globalThis.ArrayBuffer = new Proxy(RealArrayBuffer, {
    construct(target, args) {
      counts.arrayBuffers++;
      return Reflect.construct(target, args) as object;
    },
  });
  try {
    fn();
  } finally {
    globalThis.Float64Array = RealFloat64Array;
    globalThis.ArrayBuffer = RealArrayBuffer;
  }
  return counts;
}

describe("per-op overhead (allocation counts; timing is in npm run bench)", () => {
  const a = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const b = tensor([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  const calls = 1000;
  // small results are views into a shared 8 KB slab: one new slab per 8192 / (10 * 8) = 102 results
  const slabRefills = Math.ceil((calls * 10 * 8) / 8192) + 1;

  it("the counting proxies see the library's allocations (the test can fail)", () => {
    const counts = counting(() => void zeros([1000]));
    expect(counts.float64Arrays).toBe(1);
  });

  it("add and sigmoid of 10 elements allocate only their result (one pooled view per call)", () => {
    const results: Tensor[] = [];
    const addCounts = counting(() => {
      for (let i = 0; i < calls; i++) results.push(add(a, b));
    });
    expect(addCounts.float64Arrays).toBe(calls);
    expect(addCounts.arrayBuffers).toBeLessThanOrEqual(slabRefills);
    const sigmoidCounts = counting(() => {
      for (let i = 0; i < calls; i++) results.push(sigmoid(a));
    });
    expect(sigmoidCounts.float64Arrays).toBe(calls);
    expect(sigmoidCounts.arrayBuffers).toBeLessThanOrEqual(slabRefills);
    // the pooled results are distinct and correct (no two results share values)
    expect(Array.from(results[0].data)).toEqual(new Array(10).fill(11));
    expect(results[0].data).not.toBe(results[1].data);
    expect(results[calls].get(0)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
  });

  it("add and sigmoid with `out` allocate nothing and write in place", () => {
    const withOut = zeros([10]);
    const sigmoidOut = zeros([10]);
    let returned: Tensor | undefined;
    const counts = counting(() => {
      for (let i = 0; i < calls; i++) {
        returned = add(a, b, withOut);
        sigmoid(a, sigmoidOut);
      }
    });
    expect(counts).toEqual({ float64Arrays: 0, arrayBuffers: 0 });
    expect(returned).toBe(withOut);
    expect(Array.from(withOut.data)).toEqual(new Array(10).fill(11));
    expect(Array.from(sigmoidOut.data)).toEqual(Array.from(a.data, (x) => 1 / (1 + Math.exp(-x))));
  });
});
