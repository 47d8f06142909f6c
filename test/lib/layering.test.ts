// The engine's layering (eslint.config.mjs, LAYERS): checked by the lint that
// `npm test` runs. Here: the rule really fires on a violation, the table has no
// cycle, and every folder of lib/src has a place in it.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

describe("the layers of lib/src", () => {
  it("cover every folder, and allow no cycle", async () => {
    const { LAYERS } = (await import("../../eslint.config.mjs")) as unknown as { LAYERS: Record<string, string[]> };
    // folders, and top-level modules such as random.ts (index.ts is the entry point above all layers)
    const folders = readdirSync(join(root, "lib", "src"))
      .filter((f) => statSync(join(root, "lib", "src", f)).isDirectory() || (f.endsWith(".ts") && f !== "index.ts"))
      .map((f) => f.replace(/\.ts$/, ""));
    expect(Object.keys(LAYERS).sort()).toEqual(folders.sort());
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (f: string, path: string[]): void => {
      if (done.has(f)) return;
      expect(visiting.has(f), `cycle: ${[...path, f].join(" -> ")}`).toBe(false);
      visiting.add(f);
      for (const g of LAYERS[f]) visit(g, [...path, f]);
      visiting.delete(f);
      done.add(f);
    };
    for (const f of Object.keys(LAYERS)) visit(f, []);
  });

  it("the lint rejects a lower layer importing a higher one, and the engine importing lectures or tools", async () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (file: string, code: string) => (await eslint.lintText(code, { filePath: join(root, file) }))[0].messages.map((m) => m.message);
    expect(await lint("lib/src/tensor/x.ts", 'import { Dense } from "../nn/dense";\nexport const d = Dense;\n')).toEqual([
      expect.stringContaining("lib/src/tensor may import only random, kernels"),
    ]);
    expect(await lint("lib/src/nn/ops/x.ts", 'import { fit } from "../../train/fit";\nexport const f = fit;\n')).toEqual([
      expect.stringContaining("lib/src/nn may import only"),
    ]);
    expect(await lint("lib/src/train/x.ts", 'import { check } from "lectures";\nexport const c = check;\n')).toEqual([
      expect.stringContaining("never imports the lectures package"),
    ]);
    expect(await lint("lib/src/train/x.ts", 'import { fit } from "./fit";\nimport { Dense } from "../nn/dense";\nexport const a = [fit, Dense];\n')).toEqual([]);
  });
});
