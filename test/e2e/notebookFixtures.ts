// Helpers for the notebook-execution tests: throwaway notebooks written inside
// the project (under build/), so that `import ... from "nnlab"` resolves the
// way it does for notebooks/ (tslab resolves modules from the notebook's folder).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
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

/** Where test/e2e/notebooks.test.ts writes the executed course notebooks. */
export const TEST_NOTEBOOKS_DIR = join(PROJECT_ROOT, "build", "test-notebooks");
// Written by the test sequencer (vitest.config.ts) when notebooks.test.ts is in the run,
// removed by notebooks.test.ts when the course has executed.
const COURSE_RUNNING = join(TEST_NOTEBOOKS_DIR, ".course-running");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** notebooks.test.ts: executing the course, in this process. */
export function markCourseRunning(): void {
  mkdirSync(TEST_NOTEBOOKS_DIR, { recursive: true });
  writeFileSync(COURSE_RUNNING, String(process.pid));
}

/** notebooks.test.ts: the executed copies are written (or the run failed). */
export function courseRunDone(): void {
  rmSync(COURSE_RUNNING, { force: true });
}

/**
 * The folder of executed copies of these course notebooks that notebooks.test.ts
 * wrote in this run of the suite (each newer than its source and under an hour
 * old), or undefined. While notebooks.test.ts is still executing the course in
 * another test worker, waits until it has written these copies (or has finished).
 */
export async function executedInThisRun(notebooks: string[], timeoutMs = 30 * 60_000): Promise<string | undefined> {
  const copies = notebooks.map((source) => join(TEST_NOTEBOOKS_DIR, basename(source)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let since: number;
    let pid: number;
    try {
      since = statSync(COURSE_RUNNING).mtimeMs;
      pid = Number(readFileSync(COURSE_RUNNING, "utf8"));
    } catch {
      break; // not running
    }
    if (!(pid > 0) || !alive(pid)) break; // left by a run that was killed
    if (copies.every((copy) => existsSync(copy) && statSync(copy).mtimeMs >= since)) break;
    if (Date.now() > deadline) throw new Error(`the course notebooks did not finish executing within ${timeoutMs / 60_000} min (${COURSE_RUNNING})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const fresh = notebooks.length > 0 && notebooks.every((source, i) =>
    existsSync(copies[i]) && statSync(copies[i]).mtimeMs > statSync(source).mtimeMs && Date.now() - statSync(copies[i]).mtimeMs < 60 * 60_000);
  return fresh ? TEST_NOTEBOOKS_DIR : undefined;
}
