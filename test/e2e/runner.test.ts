// The headless runner (tools/runner) against the real tslab kernel: every way a
// notebook can go wrong gives a clear message naming the notebook and the cell,
// never a hang. (The course notebooks themselves run in notebooks.test.ts.)
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatFailure, PROJECT_ROOT, resolveNotebook, runNotebook, runNotebooks, type NotebookResult } from "../../tools/runner/index.mjs";
import { parseNotebook } from "../../tools/runner/notebook.mjs";
import { notebookText, scratchDir } from "./notebookFixtures";

describe("failures", () => {
  const scratch = scratchDir("test-runner-failures");
  const outDir = join(scratch.dir, "out");
  const files = {
    broken: scratch.write(
      "broken.ipynb",
      notebookText([
        { markdown: "# A notebook with a deliberately broken cell" },
        'import { Random } from "nnlab";\nconsole.log("cell two ran");',
        '// the third cell\nconst rng = new Random(3);\nthrow new Error("deliberately broken: " + rng.int(10));',
        'console.log("must never run");',
      ]),
    ),
    typeError: scratch.write("type-error.ipynb", notebookText(['import { Random } from "nnlab";\nconst r: string = new Random(1);'])),
    libError: scratch.write("lib-error.ipynb", notebookText(['import { Random } from "nnlab";\nnew Random(1).int(-3);'])),
    malformed: scratch.write("malformed.ipynb", '{\n "nbformat": 4,\n "cells": [\n  {"cell_type": "code",}\n ]\n}\n'),
    noKernel: scratch.write("no-kernel.ipynb", notebookText(["1 + 1"], { name: "no-such-kernel", display_name: "?", language: "typescript" })),
    suicide: scratch.write("suicide.ipynb", notebookText(['console.log("alive")', 'process.kill(process.pid, "SIGKILL");', "1"])),
    killed: scratch.write(
      "killed.ipynb",
      notebookText([
        'const fs = require("fs");',
        // The pid file appears while this second cell runs: the kill lands in it.
        `fs.writeFileSync(${JSON.stringify(join(scratch.dir, "killed.pid"))}, String(process.pid));\nawait new Promise((resolve) => setTimeout(resolve, 120_000));`,
      ]),
    ),
    escaped: scratch.write("escaped.ipynb", notebookText(['setTimeout(() => { throw new Error("thrown later") }, 10); void 0;', "await new Promise((r) => setTimeout(r, 300));"])),
    displays: scratch.write(
      "displays.ipynb",
      notebookText([
        'import * as tslab from "tslab";\nconst bar = tslab.newDisplay();\nfor (let i = 0; i <= 4; i++) bar.text(`${i * 25}%`);\nconsole.log("a"); console.log("b");\ntslab.display.html("<i>done</i>");\nconsole.log("c");',
        "bar.text('rewritten from a later cell'); 6 * 7",
      ]),
    ),
  };
  // Run on its own with a short time limit (the others get a generous one: this
  // machine may be loaded, and a slow first compile must not count as a hang).
  const hang = scratch.write("hang.ipynb", notebookText(["while (true) {}", 'console.log("after")']));
  const results: Record<string, NotebookResult> = {};
  let killedExternally = false;
  let elapsed = 0;

  beforeAll(async () => {
    const names = Object.keys(files) as (keyof typeof files)[];
    // Kill the "killed" notebook's kernel from outside, as the OOM killer would.
    const pidFile = join(scratch.dir, "killed.pid");
    const killer = setInterval(() => {
      if (!existsSync(pidFile) || killedExternally) return;
      const pid = Number(readFileSync(pidFile, "utf8"));
      if (pid > 0) {
        process.kill(pid, "SIGKILL");
        killedExternally = true;
      }
    }, 100);
    const t0 = performance.now();
    const [list, hung] = await Promise.all([
      runNotebooks({ notebooks: names.map((n) => files[n]), outDir, cellTimeoutMs: 120_000, jobs: 2 }),
      runNotebooks({ notebooks: [hang], outDir, cellTimeoutMs: 3000 }),
    ]);
    elapsed = (performance.now() - t0) / 1000;
    clearInterval(killer);
    names.forEach((n, i) => (results[n] = list[i]));
    results.hang = hung[0];
  });

  afterAll(() => scratch.remove());

  it("finish without hanging", () => {
    // 10 short notebooks, 3 at a time, one 3 s time limit: about 15 s on an idle
    // 2-core machine; the bound leaves room for a busy one.
    expect(elapsed).toBeLessThan(180);
  });

  it("a broken cell stops the notebook with its name, the cell, its first lines and the error", () => {
    const r = results.broken;
    expect(r.ok).toBe(false);
    expect(r.failure).toMatchObject({ kind: "cell-error", cellNumber: 3, codeCellNumber: 2 });
    const msg = formatFailure(r);
    expect(msg).toContain("broken.ipynb: cell 3 (code cell 2) failed:");
    expect(msg).toContain("| // the third cell");
    expect(msg).toMatch(/Error: deliberately broken: \d/);
    // The error is a Jupyter error output: message first, the cell's frame numbered by the cell's lines.
    expect(msg).toMatch(/Error: deliberately broken: \d\n\s+at In\[2\]:3:7/);
    expect(msg).not.toMatch(/node:vm|tslab[\\/]dist|evalmachine/);
    // The executed copy has the cells up to the failure, and nothing after it.
    const nb = parseNotebook(readFileSync(r.outPath!, "utf8"), r.outPath!);
    expect(JSON.stringify(nb.cells[1].outputs)).toContain("cell two ran");
    expect(nb.cells[2].execution_count).toBe(2);
    expect(nb.cells[2].outputs).toEqual([
      { output_type: "error", ename: "Error", evalue: expect.stringMatching(/^deliberately broken: \d$/), traceback: [expect.stringContaining("deliberately broken"), "    at In[2]:3:7"] },
    ]);
    expect(nb.cells[3].execution_count).toBeNull();
    expect(nb.cells[3].outputs).toEqual([]);
    expect(r.executed).toBe(2);
  });

  it("bare notebook names resolve in notebooks/", () => {
    expect(resolveNotebook("00-welcome.ipynb", scratch.dir)).toBe(join(PROJECT_ROOT, "notebooks", "00-welcome.ipynb"));
    expect(resolveNotebook("00-welcome", scratch.dir)).toBe(join(PROJECT_ROOT, "notebooks", "00-welcome.ipynb"));
    // a file that exists where it is named, or a path with a folder, is taken as given
    expect(resolveNotebook(files.broken, scratch.dir)).toBe(files.broken);
    expect(resolveNotebook("elsewhere/00-welcome.ipynb", scratch.dir)).toBe("elsewhere/00-welcome.ipynb");
  });

  it("the command line exits non-zero and prints the same report", async () => {
    // Asynchronous, so this worker keeps answering vitest while the CLI runs.
    const cli = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ["tools/run-notebooks.mjs", files.broken, "--out", outDir], { cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain("broken.ipynb: cell 3 (code cell 2) failed:");
    expect(cli.stderr).toMatch(/Error: deliberately broken/);
    expect(cli.stdout).toContain("0 of 1 notebooks ran without errors");
  });

  it("a type error in a cell using nnlab is rejected by tslab with the TypeScript message", () => {
    const r = results.typeError;
    expect(r.failure?.kind).toBe("cell-error");
    expect(r.failure?.errorText).toContain("2:7 - Type 'Random' is not assignable to type 'string'.");
  });

  it("a runtime error inside nnlab points at lib/src (source maps)", () => {
    const text = results.libError.failure?.errorText ?? "";
    expect(text).toContain("Random.int: n must be a positive integer, got -3");
    expect(text).toMatch(/at Random\.int \(.*lib\/src\/random\.ts:\d+:\d+\)/);
  });

  it("a malformed notebook is reported with the file and the place", () => {
    const r = results.malformed;
    expect(r.failure?.kind).toBe("malformed");
    expect(formatFailure(r)).toMatch(/malformed\.ipynb: not a valid notebook: the file is not valid JSON at line 4, column 24/);
  });

  it("a missing kernel is named, with where it was looked for", () => {
    const r = results.noKernel;
    expect(r.failure?.kind).toBe("no-kernel");
    expect(formatFailure(r)).toMatch(/no-kernel\.ipynb: no such kernel "no-such-kernel": no kernels\/no-such-kernel\/kernel\.json in .*\.jupyter/);
  });

  it("a kernel that dies during a cell is reported with the cell", () => {
    const r = results.suicide;
    expect(r.failure).toMatchObject({ kind: "kernel-died", cellNumber: 2 });
    expect(formatFailure(r)).toMatch(/suicide\.ipynb: cell 2 \(code cell 2\) did not finish: the kernel died while running it:[\s\S]*killed by SIGKILL/);
  });

  it("a kernel killed from outside mid-run is reported with the cell", () => {
    expect(killedExternally).toBe(true);
    const r = results.killed;
    expect(r.failure).toMatchObject({ kind: "kernel-died", cellNumber: 2 });
    expect(r.durationMs).toBeLessThan(90_000);
  });

  it("a cell over the time limit is interrupted, reported and the rest skipped", () => {
    const r = results.hang;
    expect(r.failure).toMatchObject({ kind: "timeout", cellNumber: 1 });
    expect(formatFailure(r)).toMatch(/hang\.ipynb: cell 1 \(code cell 1\) timed out after 3 s \((interrupted|did not stop when interrupted; kernel killed);[\s\S]*\| while \(true\) \{\}/);
    expect(r.executed).toBe(1);
    expect(r.durationMs).toBeLessThan(90_000);
  });

  it("an error thrown asynchronously after a cell fails the notebook", () => {
    const r = results.escaped;
    expect(r.ok).toBe(false);
    expect(r.failure?.errorText).toMatch(/UncaughtException: Error: thrown later/);
  });

  it("maps streams, displays and display updates to nbformat outputs", () => {
    const r = results.displays;
    expect(formatFailure(r)).toBe(`${r.notebook}: ok`);
    const nb = JSON.parse(readFileSync(r.outPath!, "utf8"));
    // The progress display was updated in place: one output, holding the last text
    // (sent from the second cell); consecutive prints merged into one stream.
    expect(nb.cells[0].outputs).toEqual([
      { output_type: "display_data", data: { "text/plain": ["rewritten from a later cell"] }, metadata: {} },
      { output_type: "stream", name: "stdout", text: ["a\n", "b\n"] },
      { output_type: "display_data", data: { "text/html": ["<i>done</i>"] }, metadata: {} },
      { output_type: "stream", name: "stdout", text: ["c\n"] },
    ]);
    // The last expression's value is an execute_result (Out[n]), formatted by util.inspect.
    expect(nb.cells[1].outputs).toEqual([{ output_type: "execute_result", data: { "text/plain": ["42"] }, metadata: {}, execution_count: 2 }]);
  });
});

describe("kernels that do not start", () => {
  const scratch = scratchDir("test-runner-kernels");
  const notebook = scratch.write("one-cell.ipynb", notebookText(["1 + 1"]));
  const savedPath = process.env.JUPYTER_PATH;
  const kernels: Record<string, string[]> = {
    "nnlab-missing-tslab": [process.execPath, join(scratch.dir, "no-such-tslab"), "kernel", "--config-path", "{connection_file}"],
    "nnlab-missing-node": [join(scratch.dir, "no-such-node"), "{connection_file}"],
    "nnlab-silent": [process.execPath, "-e", "setInterval(() => {}, 1000)", "{connection_file}"],
  };

  beforeAll(() => {
    for (const [name, argv] of Object.entries(kernels)) {
      mkdirSync(join(scratch.dir, "kernels", name), { recursive: true });
      writeFileSync(join(scratch.dir, "kernels", name, "kernel.json"), JSON.stringify({ argv, display_name: name, language: "typescript" }));
    }
    process.env.JUPYTER_PATH = scratch.dir;
  });

  afterAll(() => {
    if (savedPath === undefined) delete process.env.JUPYTER_PATH;
    else process.env.JUPYTER_PATH = savedPath;
    scratch.remove();
  });

  it("a kernel command that fails says so, with its output and the command", async () => {
    const r = await runNotebook(notebook, { kernelName: "nnlab-missing-tslab", outDir: join(scratch.dir, "out") });
    expect(r.failure?.kind).toBe("kernel-start");
    expect(formatFailure(r)).toMatch(/kernel "nnlab-missing-tslab" did not start: it exited with code 1; its output:[\s\S]*Cannot find module[\s\S]*no-such-tslab/);
  });

  it("a kernel program that does not exist says so", async () => {
    const r = await runNotebook(notebook, { kernelName: "nnlab-missing-node", outDir: join(scratch.dir, "out") });
    expect(formatFailure(r)).toMatch(/kernel "nnlab-missing-node" did not start: it could not be run \(spawn .*no-such-node ENOENT\)/);
  });

  it("a kernel that never answers is given up on after the start-up time limit", async () => {
    const t0 = performance.now();
    const r = await runNotebook(notebook, { kernelName: "nnlab-silent", startTimeoutMs: 2000, outDir: join(scratch.dir, "out") });
    expect(formatFailure(r)).toMatch(/kernel "nnlab-silent" did not start within 2 s \(no kernel_info_reply\)/);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it("bad options are rejected by name", async () => {
    await expect(runNotebooks({ jobs: 0 })).rejects.toThrow("runNotebooks: jobs must be a positive integer, got 0");
    await expect(runNotebook(notebook, { cellTimeoutMs: -1 })).rejects.toThrow("runNotebook: cellTimeoutMs must be a positive number, got -1");
  });
});
