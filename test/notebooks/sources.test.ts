// The lecture notebooks as stored in git: output-free, with the project's
// kernelspec, importing the built "nnlab" (never ../lib), ending with
// exercises; and those written as tools/notebook-src/*.md are up to date with
// their sources (regenerate with `node tools/notebook-src/md-to-ipynb.mjs`).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const notebookNames = readdirSync(join(root, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .map((f) => f.replace(/\.ipynb$/, ""))
  .sort();
const sourceNames = readdirSync(join(root, "tools", "notebook-src"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.replace(/\.md$/, ""))
  .sort();

it("finds the welcome notebook and the seven lectures", () => {
  expect(notebookNames.map((n) => n.slice(0, 3))).toEqual(["00-", "01-", "02-", "03-", "04-", "05-", "06-", "07-"]);
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

  it("imports the built nnlab package, not ../lib", () => {
    expect(text).toContain('from "nnlab"');
    expect(text).not.toMatch(/from "\.\.\/lib/);
  });

  if (!name.startsWith("00-")) {
    it("ends with exercises", () => {
      const last = notebook.cells.at(-1);
      expect(last.cell_type).toBe("markdown");
      expect([last.source].flat().join("")).toMatch(/^#+ .*Exercises/m);
    });
  }
});

describe.each(sourceNames)("notebook source tools/notebook-src/%s.md", (name) => {
  it("has a generated notebook equal to it (run `node tools/notebook-src/md-to-ipynb.mjs`)", async () => {
    const tool = await import("../../tools/notebook-src/md-to-ipynb.mjs");
    const source = readFileSync(join(root, "tools", "notebook-src", `${name}.md`), "utf8");
    const target = join(root, "notebooks", `${name}.ipynb`);
    expect(existsSync(target)).toBe(true);
    expect(readFileSync(target, "utf8")).toBe(tool.notebookText(tool.notebookFromMarkdown(source, name)));
  });
});
