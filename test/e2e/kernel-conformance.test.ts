// The standard Jupyter kernel conformance suite (Debian's python3-jupyter-kernel-test,
// installed by tools/ensure-system.sh) against the project's kernel, configured in
// tools/kernel/conformance.py. Every test that applies to TypeScript must pass; the
// two that do not (pager, clear_output) are the only ones skipped.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { JUPYTER_DATA_DIR, PROJECT_ROOT } from "../../tools/runner/index.mjs";

const PYTHON = "/usr/bin/python3";

it("passes the Jupyter kernel conformance suite (jupyter_kernel_test)", async () => {
  const runtime = mkdtempSync(join(tmpdir(), "nnlab-conformance-"));
  try {
    const run = await new Promise<{ status: number | null; output: string }>((resolve) => {
      const child = spawn(PYTHON, ["-m", "unittest", "-v", "tools/kernel/conformance.py"], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, JUPYTER_PATH: JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR: runtime, PYTHONNOUSERSITE: "1", PYTHONDONTWRITEBYTECODE: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("close", (status) => resolve({ status, output }));
    });
    expect(run.output, "python3-jupyter-kernel-test is missing: run `bash tools/ensure-system.sh` as root").not.toMatch(/No module named 'jupyter_kernel_test'/);
    const results = Object.fromEntries([...run.output.matchAll(/^(test_\w+) \(.*?\) \.\.\. (ok|skipped.*|FAIL|ERROR)$/gm)].map((m) => [m[1], m[2].startsWith("skipped") ? "skipped" : m[2]]));
    expect(results, run.output).toEqual({
      test_clear_output: "skipped",
      test_completion: "ok",
      test_display_data: "ok",
      test_error: "ok",
      test_execute_result: "ok",
      test_execute_stderr: "ok",
      test_execute_stdout: "ok",
      test_history: "ok",
      test_inspect: "ok",
      test_is_complete: "ok",
      test_kernel_info: "ok",
      test_pager: "skipped",
    });
    expect(run.status, run.output).toBe(0);
  } finally {
    rmSync(runtime, { recursive: true, force: true });
  }
}, 180_000);
