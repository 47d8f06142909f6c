import { describe, expect, it } from "vitest";
import { formatFailure } from "../../tools/runner/index.mjs";

describe("formatFailure", () => {
  it("names the notebook and the cell, shows the cell's first lines and the whole error", () => {
    const source = ["// line 1", "const a = 2;", "const b = 3;", "const c = 4;", "const d = 5;", "const e = 6;", "const f = 7;", "const g = 8;"].join("\n");
    const text = formatFailure({
      notebook: "notebooks/03-mlp-digits.ipynb",
      failure: { kind: "cell-error", message: "", cellNumber: 12, codeCellNumber: 7, source, summary: "failed", errorText: "Error: boom\n    at f (lib/src/x.ts:3:9)\n" },
    });
    expect(text).toBe(
      [
        "notebooks/03-mlp-digits.ipynb: cell 12 (code cell 7) failed:",
        "    | // line 1",
        "    | const a = 2;",
        "    | const b = 3;",
        "    | const c = 4;",
        "    | const d = 5;",
        "    | const e = 6;",
        "    | ... (2 more lines)",
        "    Error: boom",
        "        at f (lib/src/x.ts:3:9)",
      ].join("\n"),
    );
  });

  it("uses the message for failures outside a cell, and says ok for a success", () => {
    expect(formatFailure({ notebook: "n.ipynb", failure: { kind: "malformed", message: "not a valid notebook: the file is not valid JSON" } })).toBe(
      "n.ipynb: not a valid notebook: the file is not valid JSON",
    );
    expect(formatFailure({ notebook: "n.ipynb" })).toBe("n.ipynb: ok");
  });
});
