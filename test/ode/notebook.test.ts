// notebooks/06-ode-solver.ipynb: stored without outputs, with the project's kernelspec, and
// calling the nnlab functions whose results test/ode/solveOde.test.ts asserts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const path = join(__dirname, "..", "..", "notebooks", "06-ode-solver.ipynb");

describe("notebook 06-ode-solver", () => {
  const notebook = JSON.parse(readFileSync(path, "utf8"));
  const code = notebook.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
  const source = code.map((c: { source: string[] }) => c.source.join("")).join("\n");

  it("is stored without outputs, with the nnlab-tslab kernelspec", () => {
    expect(notebook.metadata.kernelspec).toEqual({ name: "nnlab-tslab", display_name: "TypeScript (nnlab)", language: "typescript" });
    for (const cell of code) {
      expect(cell.outputs).toEqual([]);
      expect(cell.execution_count).toBeNull();
    }
  });

  it("imports the built package and runs the configurations the tests check", () => {
    expect(source).toMatch(/from "nnlab"/);
    expect(source).not.toMatch(/\.\.\/lib/);
    // the lecture's setting, the target run and the Poisson comparison (asserted in solveOde.test.ts)
    expect(source).toContain('points: 10, hidden: [10], activation: "sigmoid", optimizer: "gd", learningRate: 0.001');
    expect(source).toContain('points: 20, hidden: [10], optimizer: "lm", iterations: 300, seed: 1');
    expect(source).toContain('...poisson, points: 10, hidden: [10], optimizer: "lm", iterations: 300, seed: 1');
    expect(source).toContain("solvePoissonFiniteDifference({ f: poissonSource, points: 10 })");
  });

  it("keeps code cells short (heavy loops live in nnlab)", () => {
    for (const cell of code) expect(cell.source.length).toBeLessThanOrEqual(25);
  });
});
