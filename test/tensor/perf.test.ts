import { describe, expect, it } from "vitest";
import { add, sigmoid, tensor, zeros } from "../../lib/src/index";

/** Best-of-5 average cost of fn in microseconds (the best batch filters out GC pauses and other test files). */
function microseconds(fn: () => unknown, perBatch = 200_000): number {
  let best = Infinity;
  for (let batch = 0; batch < 5; batch++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn();
    const t1 = process.hrtime.bigint();
    best = Math.min(best, Number(t1 - t0) / perBatch / 1000);
  }
  return best;
}

describe("per-op overhead", () => {
  const a = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const b = tensor([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

  it("an add of 10 elements costs <= 1 us (the issue's target), sigmoid of 10 too", () => {
    const cost = microseconds(() => add(a, b));
    const withOut = zeros([10]);
    const costOut = microseconds(() => add(a, b, withOut));
    const costSigmoid = microseconds(() => sigmoid(a));
    console.log(`add(10): ${cost.toFixed(3)} us, add(10, out): ${costOut.toFixed(3)} us, sigmoid(10): ${costSigmoid.toFixed(3)} us`);
    expect(cost).toBeLessThanOrEqual(1);
    expect(costOut).toBeLessThanOrEqual(1);
    expect(costSigmoid).toBeLessThanOrEqual(1);
    expect(Array.from(withOut.data)).toEqual(new Array(10).fill(11));
  });
});
