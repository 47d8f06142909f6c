// The in-browser runtime's pure parts, in Node: how a cell is compiled into the
// page's shared scope, how values are shown, and the dark-mode CSS scoping.
import { describe, expect, it } from "vitest";
import { inspect as nodeInspect } from "node:util";
import * as nnlab from "nnlab";
import { compileCell, CellSyntaxError } from "../../tools/notes/runtime/transform.mjs";
import { inspect, formatArgs } from "../../tools/notes/runtime/inspect.mjs";
import { scopeRules, themed, searchDocuments } from "../../tools/notes/site.mjs";

type CellFn = (scope: Record<string, unknown>, load: (name: string, wantDefault?: boolean) => unknown, cell: { value?: unknown; save?: () => void }) => Promise<void>;

/** A tiny kernel over compileCell, as the worker runs it. */
function kernel(modules: Record<string, unknown> = { nnlab }) {
  const scope: Record<string, unknown> = Object.create(null);
  return {
    scope,
    async run(source: string): Promise<unknown> {
      const { code } = compileCell(source, Object.keys(scope));
      const fn = (0, eval)(code) as CellFn;
      const cell: { value?: unknown; save?: () => void } = {};
      try {
        await fn(scope, (name) => {
          if (!(name in modules)) throw new Error(`no module ${name}`);
          return modules[name];
        }, cell);
      } finally {
        cell.save?.();
      }
      return cell.value;
    },
  };
}

describe("compileCell: cells share one scope in page order", () => {
  it("keeps declarations, imports and reassignments for later cells, and returns the last expression", async () => {
    const k = kernel();
    expect(await k.run('import { tensor, sum as total } from "nnlab";\nconst eta: number = 0.5;\nlet steps = 1;\nfunction scale(x: number): number {\n  return eta * x;\n}')).toBeUndefined();
    expect(await k.run("steps += 2;\nconst { a, b: [c] } = { a: 1, b: [2] };\nscale(steps) + a + c")).toBe(4.5);
    expect(k.scope.steps).toBe(3);
    const t = await k.run("total(tensor([1, 2, 3]))");
    expect((t as nnlab.Tensor).item()).toBe(6);
    // Redeclaring a name in a later cell, like re-running a kernel cell.
    expect(await k.run("const eta = 2;\nawait Promise.resolve(eta * 21)")).toBe(42);
    expect(k.scope.eta).toBe(2);
  });

  it("drops `export` (//| export cells), supports namespace imports, classes and enums", async () => {
    const k = kernel();
    await k.run('import * as nn from "nnlab";\nexport class Counter {\n  n = 0;\n  add(): number { return ++this.n; }\n}\nenum Mode { Train, Test }');
    expect(await k.run("const c = new Counter();\nc.add();\n[c.add(), Mode.Test, typeof nn.tensor]")).toEqual([2, 1, "function"]);
  });

  it("keeps what ran before an error and reports the cell's own line numbers", async () => {
    const k = kernel();
    const error = await k.run('const kept = 1;\nconst x: number = 2;\n\nnull!.foo;\nconst lost = 3;').catch((e: Error) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(k.scope.kept).toBe(1);
    expect("lost" in k.scope && k.scope.lost !== undefined).toBe(false);
    // The stack names line 4 of the cell (sucrase keeps lines; the wrapper adds none before them).
    const { code } = compileCell('import { tensor } from "nnlab";\nconst a = 1;\nthrow new Error("boom");');
    const thrown = await ((0, eval)(`${code}\n//# sourceURL=cell-7.js`) as CellFn)({}, () => ({ tensor: nnlab.tensor }), {}).catch((e: Error) => e);
    expect((thrown as Error).stack).toMatch(/cell-7\.js:3:\d+/);
  });

  it("reports syntax errors with the line, and imports of modules the browser lacks", async () => {
    expect(() => compileCell("const a = 1;\nconst b: = 2;")).toThrow(CellSyntaxError);
    expect(() => compileCell("const a = 1;\nconst b: = 2;")).toThrow(/line 2/);
    await expect(kernel().run('import fs from "node:fs";')).rejects.toThrow(/no module node:fs/);
  });
});

describe("inspect: values shown the way Node shows them", () => {
  it("matches util.inspect on common values", () => {
    for (const value of [1, -0, "it's", [1, 2, 3], { a: 1, b: "x" }, [[1, 2], [3, 4]], null, undefined, true, new Map([["a", 1]]), new Set([1, 2]), 12n]) {
      expect(inspect(value)).toBe(nodeInspect(value));
    }
    expect(inspect(new Float64Array([1, 2.5]))).toBe(nodeInspect(new Float64Array([1, 2.5])));
  });

  it("uses a value's custom inspect (nnlab's Tensor) and formats console.log arguments", () => {
    const t = nnlab.tensor([1, 2]);
    expect(inspect(t)).toBe(nodeInspect(t));
    expect(formatArgs(["loss %d at epoch", 0.5, 3, { a: 1 }])).toBe("loss 0.5 at epoch 3 { a: 1 }");
    expect(formatArgs(["plain", "text"])).toBe("plain text");
  });
});

describe("site CSS and search documents", () => {
  it("scopes dark rules to the reader's choice", () => {
    expect(scopeRules(":root { --bg: #000; }\n.a, .b > c { color: red; }", ":root[x]")).toBe(":root[x] { --bg: #000; }\n:root[x] .a, :root[x] .b > c { color: red; }");
    // A comment (with an @ in it, as the highlight.js themes have) does not hide the rule after it.
    expect(scopeRules("/*! Theme\n  Author: @someone */\n.hljs { color: #ccc; }", ":root[x]")).toBe("\n:root[x] .hljs { color: #ccc; }");
    const css = themed(".a { color: black; }\n@media (prefers-color-scheme: dark) {\n  .a { color: white; }\n}\n.b { top: 0; }");
    expect(css).toContain(':root[data-theme="dark"] .a { color: white; }');
    expect(css).toContain('@media (prefers-color-scheme: dark) {\n\n  :root:not([data-theme="light"]) .a { color: white; }');
    expect(css.endsWith(".b { top: 0; }")).toBe(true);
  });

  it("makes one search document per section, without code editors or plot JSON", () => {
    const docs = searchDocuments([
      {
        name: "03-mlp",
        title: "3. Networks",
        bodyHtml: '<h1 id="networks">Networks</h1><p>Intro &amp; more.</p><h2 id="softmax">Softmax</h2><p>Probabilities.</p><textarea>hidden()</textarea><script type="application/json">{"x":1}</script>',
      },
    ]);
    expect(docs.map((d) => [d.href, d.heading, d.text])).toEqual([
      ["03-mlp.html#networks", "Networks", "Networks Intro & more."],
      ["03-mlp.html#softmax", "Softmax", "Softmax Probabilities."],
    ]);
    expect(docs[0].title).toBe("03 · Networks");
  });
});
