import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// The course notebooks run first among the end-to-end files: test/e2e/site.test.ts
// then renders the executed copies they leave instead of executing every notebook again.
class NotebooksFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => f.moduleId.replace(/\\/g, "/").endsWith("/test/e2e/notebooks.test.ts");
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

// Two projects: fast unit tests on the TypeScript sources (lib/src), and the
// slow end-to-end tests (notebook execution, the exported site, Jupyter UI).
export default defineConfig({
  test: {
    sequence: { sequencer: NotebooksFirst },
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
          fileParallelism: false,
        },
      },
    ],
  },
});
