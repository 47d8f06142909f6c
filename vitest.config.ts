import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { markCourseRunning } from "./test/e2e/notebookFixtures";

// The end-to-end files in this order, two at a time: the course notebooks first
// (the longest file), and beside them the runner, Jupyter and kernel checks, which
// spend much of their time waiting on a server, a browser or a kernel starting.
// test/e2e/site-run.test.ts and site.test.ts render copies notebooks.test.ts
// executes: they come last, and wait for the copies they need when they start
// before notebooks.test.ts has written them (test/e2e/notebookFixtures.ts).
const E2E_ORDER = ["notebooks", "runner", "plot-render", "nbconvert", "jupyter-live", "kernel-conformance", "kernel-protocol", "site-run", "site"];
// When notebooks.test.ts is among the files, build/test-notebooks/.course-running
// says so (with this process's id) from the start; notebooks.test.ts takes it over
// and removes it when it is done.
class E2EOrder extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const name = (f: TestSpecification) => /\/test\/e2e\/([^/]+)\.test\.ts$/.exec(f.moduleId.replace(/\\/g, "/"))?.[1];
    const rank = (f: TestSpecification) => {
      const i = E2E_ORDER.indexOf(name(f) ?? "");
      return i < 0 ? E2E_ORDER.length : i;
    };
    if (sorted.some((f) => name(f) === "notebooks")) markCourseRunning();
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

// Two projects: fast unit tests on the TypeScript sources (lib/src), and the
// slow end-to-end tests (notebook execution, the exported site, Jupyter UI).
export default defineConfig({
  test: {
    sequence: { sequencer: E2EOrder },
    // Two test files at a time even on a 2-core machine (vitest's default there is
    // one): the unit files share both cores, and the end-to-end checks run while
    // the notebooks execute (much of their time is spent waiting on a server, a
    // browser or a kernel starting).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**", "**/node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "notebooks",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
    ],
  },
});
