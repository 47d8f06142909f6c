// Every course notebook, executed once as written (the project's runner, a fresh
// tslab kernel each, two at a time), then asked for the values it computed.
//
// A notebook's values are checked by test/notebooks/<name>.ts when it exists. That
// module exports `probe`, an expression evaluated in the notebook's kernel after its
// last cell (so it sees the notebook's top-level names), and `check(values)`, which
// asserts on the JSON of that expression. Nothing in a test re-types notebook code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatFailure, listNotebooks, PROJECT_ROOT, runNotebooks, type NotebookResult } from "../../tools/runner/index.mjs";
import { joinSource, parseNotebook } from "../../tools/runner/notebook.mjs";
import { courseRunDone, markCourseRunning, recordTiming, TEST_NOTEBOOKS_DIR } from "./notebookFixtures";

interface NotebookValues { probe: string; check: (values: any) => void }

const MARK = "NNLAB-PROBE:";
// NNLAB_NOTEBOOKS=01-perceptron,06-ode-solver runs only those (while writing a notebook).
const only = (process.env.NNLAB_NOTEBOOKS ?? "").split(",").map((s) => s.trim().replace(/\.ipynb$/, "")).filter(Boolean);
const notebooks = listNotebooks().filter((p) => only.length === 0 || only.includes(basename(p, ".ipynb")));
const names = notebooks.map((p) => basename(p, ".ipynb"));
const valueModules = new Map<string, NotebookValues>();
const results = new Map<string, NotebookResult>();
const before = new Map(notebooks.map((p) => [p, readFileSync(p, "utf8")]));
let seconds = 0;
// The site files wait for the executed copies while this file runs (notebookFixtures.ts).
markCourseRunning();
afterAll(courseRunDone);

beforeAll(async () => {
  for (const name of names) {
    const file = join(PROJECT_ROOT, "test", "notebooks", `${name}.ts`);
    if (existsSync(file)) valueModules.set(name, (await import(file)) as NotebookValues);
  }
  // Longest first, so that no long notebook is left running alone at the end while
  // the other core idles: by their durations in the previous run, else the later
  // lectures (which train bigger networks) first.
  const durationsFile = join(PROJECT_ROOT, "build", "timings", "notebook-durations.json");
  const previous: Record<string, number> = existsSync(durationsFile) ? JSON.parse(readFileSync(durationsFile, "utf8")) : {};
  const expected = (p: string) => previous[basename(p, ".ipynb")] ?? Infinity;
  const queue = [...notebooks].sort((a, b) => expected(b) - expected(a) || b.localeCompare(a));
  const t0 = performance.now();
  const list = await runNotebooks({
    notebooks: queue,
    outDir: TEST_NOTEBOOKS_DIR,
    jobs: 2,
    probe: (file) => {
      const m = valueModules.get(file.replace(/\.ipynb$/, ""));
      return m && `void console.log(${JSON.stringify(MARK)} + JSON.stringify(${m.probe}))`;
    },
  });
  seconds = (performance.now() - t0) / 1000;
  courseRunDone();
  list.forEach((r) => results.set(basename(r.name, ".ipynb"), r));
  mkdirSync(dirname(durationsFile), { recursive: true });
  writeFileSync(durationsFile, JSON.stringify({ ...previous, ...Object.fromEntries(list.map((r) => [basename(r.name, ".ipynb"), r.durationMs])) }, null, 1));
  recordTiming("runner", notebooks.map((p) => p.replace(PROJECT_ROOT + "/", "")), seconds);
  console.log(`notebooks: ${notebooks.length} executed in ${seconds.toFixed(1)} s (2 at a time): ` +
    names.map((n) => results.get(n)!).map((r) => `${r.name} ${(r.durationMs / 1000).toFixed(1)} s`).join(", "));
});

it("the course has the welcome notebook and the lectures, numbered", () => {
  if (only.length === 0) expect(names[0]).toBe("00-welcome");
  names.forEach((n) => expect(n).toMatch(/^\d\d-[a-z0-9-]+$/));
});

describe.each(names)("notebook %s", (name) => {
  it("runs top to bottom without errors, with outputs in order", () => {
    const r = results.get(name)!;
    expect(r.ok ? "" : formatFailure(r)).toBe("");
    const nb = parseNotebook(readFileSync(r.outPath!, "utf8"), r.outPath!);
    const code = nb.cells.filter((c) => c.cell_type === "code" && joinSource(c.source).trim() !== "");
    expect(code.map((c) => c.execution_count)).toEqual(code.map((_, i) => i + 1));
    expect(nb.metadata.language_info?.name).toBe("typescript");
  });

  it("is not modified by running it", () => {
    const path = notebooks[names.indexOf(name)];
    expect(readFileSync(path, "utf8")).toBe(before.get(path));
  });

  it("computes the values its text describes (test/notebooks/" + name + ".ts)", () => {
    const m = valueModules.get(name);
    expect(m, `test/notebooks/${name}.ts is missing: every notebook has its values checked`).toBeDefined();
    const r = results.get(name)!;
    expect(r.ok ? "" : formatFailure(r)).toBe("");
    const line = (r.probe ?? "").split("\n").find((l) => l.startsWith(MARK));
    expect(line, `the probe printed nothing: ${r.probe}`).toBeDefined();
    m!.check(JSON.parse(line!.slice(MARK.length)));
  });
});
