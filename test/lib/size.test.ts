// Issue 10's budget: the engine stays small enough to read, and the core that
// `import { Tensor }` pulls in stays small enough to read in an afternoon.
// `node tools/size.mjs` prints the numbers and the files of the closure.
import { describe, expect, it } from "vitest";
import { sizes } from "../../tools/size.mjs";

describe("the size of lib/src", () => {
  const s = sizes();
  it("is at most 12,000 lines", () => {
    expect(s.libLines, "lines in lib/src/**/*.ts").toBeLessThanOrEqual(12_000);
  });
  it("the import closure of the Tensor class is at most 2,500 lines", () => {
    expect(s.tensorFile).toBe("lib/src/tensor/tensor.ts");
    expect(s.closureLines, `lines in ${s.closureFiles.join(", ")}`).toBeLessThanOrEqual(2_500);
  });
});
