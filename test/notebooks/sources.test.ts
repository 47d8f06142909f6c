// The lecture notebooks as stored in git: output-free, with the project's
// kernelspec, importing the built "nnlab" (never ../lib), ending with exercises;
// and every generated file (notebooks/*.ipynb, lectures/src/*.ts) up to date with
// its source notebooks/src/<name>.md (regenerate with `npm run sync`).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportedModule, notebookFromMarkdown, staleFiles } from "../../tools/notebooks.mjs";

const root = join(__dirname, "..", "..");
const notebookNames = readdirSync(join(root, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .map((f) => f.replace(/\.ipynb$/, ""))
  .sort();
const sourceNames = readdirSync(join(root, "notebooks", "src"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""))
  .sort();

it("every notebook has its readable source in notebooks/src, and every source its notebook", () => {
  expect(notebookNames).toEqual(sourceNames);
  expect(notebookNames[0]).toBe("00-welcome");
});

it("notebooks/*.ipynb and lectures/src are generated from the current sources (else run `npm run sync`)", () => {
  expect(staleFiles()).toEqual([]);
});

describe.each(notebookNames)("notebook %s", (name) => {
  const notebook = JSON.parse(readFileSync(join(root, "notebooks", `${name}.ipynb`), "utf8"));
  const text = notebook.cells.map((c: { source: string[] | string }) => [c.source].flat().join("")).join("\n");

  it("is stored without outputs, with the nnlab-tslab kernelspec", () => {
    expect(notebook.metadata.kernelspec).toEqual({ name: "nnlab-tslab", display_name: "TypeScript (nnlab)", language: "typescript" });
    expect(notebook.metadata.language_info.name).toBe("typescript");
    for (const cell of notebook.cells) {
      if (cell.cell_type === "code") {
        expect(cell.outputs).toEqual([]);
        expect(cell.execution_count).toBeNull();
      }
    }
  });

  it("imports the built packages by name, never ../lib or ../lectures", () => {
    expect(text).toContain('from "nnlab"');
    expect(text).not.toMatch(/from "\.\.\/(lib|lectures)/);
  });

  if (!name.startsWith("00-")) {
    it("ends with an Exercises section (no ## heading after it), with a solution cell", () => {
      const src = (c: { source: string[] | string }) => [c.source].flat().join("");
      const start = notebook.cells.findIndex((c: any) => c.cell_type === "markdown" && /^## .*Exercises/m.test(src(c)));
      expect(start, "no `## ... Exercises` heading").toBeGreaterThan(0);
      const after = notebook.cells.slice(start + 1);
      expect(after.filter((c: any) => c.cell_type === "markdown" && /^## /m.test(src(c))).map(src)).toEqual([]);
      expect(after.some((c: any) => c.metadata?.tags?.includes("solution")), "no cell tagged solution").toBe(true);
    });
  }
});

describe("the export of marked cells", () => {
  const nb = (cells: string[]) => ({ cells: cells.map((source) => ({ cell_type: "code", source })) });

  it("exports the declarations of `//| export` cells, with the imports they use", () => {
    const text = exportedModule(nb([
      'import { Tensor, randn } from "nnlab";\nimport { check } from "lectures";',
      "//| export\nconst eta = 0.1;\nfunction step(w: Tensor): Tensor { return w; }\nclass A {}\ninterface B { x: number }",
      "console.log(step);",
    ]), "99-demo")!;
    expect(text).toContain('import { Tensor } from "nnlab";');
    expect(text).not.toContain("randn");
    expect(text).not.toContain("check");
    expect(text).toMatch(/export const eta = 0\.1;\nexport function step/);
    expect(text).toContain("export class A {}\nexport interface B");
    expect(text).not.toContain("console.log");
  });

  it("rewrites imports of the lectures package to the sibling index", () => {
    const text = exportedModule(nb(['import { check } from "lectures";', "//| export\nconst f = () => check;"]), "99-demo")!;
    expect(text).toContain('import { check } from "./index";');
  });

  it("rejects a statement that runs in an exported cell, naming the cell and the line", () => {
    expect(() => exportedModule(nb(["//| export\nconst a = 1;\nconsole.log(a);"]), "99-demo")).toThrow(
      /99-demo, exported cell 1, line 3: an exported cell may hold only declarations/,
    );
  });

  it("asks for declarations without `export` (the build adds it)", () => {
    expect(() => exportedModule(nb(["//| export\nexport const a = 1;"]), "99-demo")).toThrow(/line 2: write the declaration without `export`/);
  });

  it("returns null for a notebook without exported cells", () => {
    expect(exportedModule(nb(["const a = 1;"]), "99-demo")).toBeNull();
  });

  it("reads cell metadata after a fence or +++, and collapses solutions", () => {
    const n = notebookFromMarkdown('# T\n\n```ts {"tags": ["solution"]}\nconst x = 1;\n```\n\n+++ {"tags": ["hint"]}\n\nA hint.\n', "99-demo");
    expect(n.cells[1].metadata).toEqual({ tags: ["solution"], jupyter: { source_hidden: true } });
    expect(n.cells[2].metadata).toEqual({ tags: ["hint"] });
    expect(() => notebookFromMarkdown("```ts {bad}\n1\n```\n", "99-demo")).toThrow(/99-demo.md line 1: cell metadata must be a JSON object/);
  });
});
