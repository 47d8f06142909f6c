// notebooks/01-perceptron.ipynb and 02-backprop-scalar.ipynb are generated
// from tools/notebook-src/*.md: they must be up to date with their sources,
// stored without outputs, and carry the project's kernelspec.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");

describe.each(["01-perceptron", "02-backprop-scalar"])("notebook %s", (name) => {
  const stored = readFileSync(join(root, "notebooks", `${name}.ipynb`), "utf8");
  const notebook = JSON.parse(stored);

  it("matches its markdown source (run `node tools/notebook-src/md-to-ipynb.mjs`)", async () => {
    const tool = await import("../../tools/notebook-src/md-to-ipynb.mjs");
    const source = readFileSync(join(root, "tools", "notebook-src", `${name}.md`), "utf8");
    expect(stored).toBe(tool.notebookText(tool.notebookFromMarkdown(source, name)));
  });

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

  it("ends with exercises and imports nnlab, not ../lib", () => {
    const text = notebook.cells.map((c: { source: string[] }) => c.source.join("")).join("\n");
    expect(text).toContain('from "nnlab"');
    expect(text).not.toMatch(/from "\.\.\/lib/);
    const last = notebook.cells.at(-1);
    expect(last.cell_type).toBe("markdown");
    expect(last.source.join("")).toMatch(/^## Exercises/);
  });
});
