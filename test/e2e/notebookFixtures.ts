// Helpers for the notebook-execution tests: throwaway notebooks written inside
// the project (under build/), so that `import ... from "nnlab"` resolves the
// way it does for notebooks/ (tslab resolves modules from the notebook's folder).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatNotebook } from "../../tools/runner/notebook.mjs";
import { NOTEBOOK_KERNELSPEC, PROJECT_ROOT } from "../../tools/runner/kernelspec.mjs";

export type CellSpec = string | { markdown: string };

let counter = 0;

/** nbformat 4.5 notebook text with the given cells (strings are code cells). */
export function notebookText(cells: CellSpec[], kernelspec: object = NOTEBOOK_KERNELSPEC): string {
  return formatNotebook({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec },
    cells: cells.map((c) => {
      const id = `cell-${++counter}`;
      return typeof c === "string"
        ? { cell_type: "code", id, metadata: {}, source: c, outputs: [], execution_count: null }
        : { cell_type: "markdown", id, metadata: {}, source: c.markdown };
    }),
  });
}

/** A fresh folder under build/ for throwaway notebooks; remove() deletes it. */
export function scratchDir(name: string) {
  const dir = join(PROJECT_ROOT, "build", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    write(file: string, text: string): string {
      const path = join(dir, file);
      writeFileSync(path, text);
      return path;
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Record a timing for the closing comparison of runner vs nbconvert. */
export function recordTiming(name: "runner" | "nbconvert", notebooks: string[], seconds: number): void {
  const dir = join(PROJECT_ROOT, "build", "timings");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ notebooks, seconds, at: new Date().toISOString() }, null, 1));
}

/**
 * "runner X s, nbconvert Y s" when both tests recorded a timing for the same
 * notebooks within the last hour; undefined otherwise.
 */
export function timingComparison(): string | undefined {
  const dir = join(PROJECT_ROOT, "build", "timings");
  const read = (name: string) => {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) return undefined;
    const t = JSON.parse(readFileSync(file, "utf8")) as { notebooks: string[]; seconds: number; at: string };
    return Date.now() - Date.parse(t.at) < 3_600_000 ? t : undefined;
  };
  const runner = read("runner");
  const nbconvert = read("nbconvert");
  if (!runner || !nbconvert || runner.notebooks.join() !== nbconvert.notebooks.join()) return undefined;
  return `notebook execution time for ${runner.notebooks.length} notebooks: runner ${runner.seconds.toFixed(1)} s, nbconvert --execute ${nbconvert.seconds.toFixed(1)} s (${(nbconvert.seconds / runner.seconds).toFixed(1)}x)`;
}
