// Real Jupyter: every course notebook executes with Debian's
// `jupyter nbconvert --execute` and the project's kernel found through
// JUPYTER_PATH, the way a student's Jupyter runs it; and a failing cell really
// fails nbconvert with the kernel's Jupyter `error` message (ename, evalue,
// traceback), which nbconvert reports as a CellExecutionError.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUPYTER_DATA_DIR, listNotebooks, PROJECT_ROOT } from "../../tools/runner/index.mjs";
import { notebookText, recordTiming, scratchDir, timingComparison } from "./notebookFixtures";

const PYTHON = "/usr/bin/python3";
const outDir = join(PROJECT_ROOT, "build", "test-nbconvert");
// Jupyter's runtime files (connection files) go to a temporary folder, not ~/.local.
const runtimeDir = mkdtempSync(join(tmpdir(), "nnlab-jupyter-runtime-"));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
  seconds: number;
  output: string;
}

// Asynchronous on purpose: a synchronous child would block this test worker for
// the whole notebook and vitest's worker RPC would time out.
function nbconvert(notebook: string, extra: string[] = []): Promise<Run> {
  const t0 = performance.now();
  const args = ["-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", outDir, ...extra, notebook];
  const env = { ...process.env, JUPYTER_PATH: JUPYTER_DATA_DIR, JUPYTER_RUNTIME_DIR: runtimeDir };
  return new Promise((resolve) => {
    const child = spawn(PYTHON, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const done = (status: number | null, error?: Error) =>
      resolve({ status, stdout, stderr, error, seconds: (performance.now() - t0) / 1000, output: join(outDir, basename(notebook)) });
    child.on("error", (e) => done(null, e));
    child.on("close", (code) => done(code));
  });
}

const text = (v: unknown): string => (Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "");

function outputText(file: string): string {
  const nb = JSON.parse(readFileSync(file, "utf8"));
  return nb.cells
    .flatMap((c: any) => c.outputs ?? [])
    .map((o: any) => (o.output_type === "error" ? (o.traceback as string[]).join("\n").replace(/\u001b\[[0-9;]*m/g, "") : text(o.text ?? o.data?.["text/plain"])))
    .join("\n");
}

describe("Debian's Jupyter", () => {
  it("is installed (tools/ensure-system.sh installs it)", () => {
    const r = spawnSync(PYTHON, ["-c", "import nbconvert, nbclient, jupyter_client"], { encoding: "utf8" });
    expect(r.status, `${PYTHON} has no Jupyter: run \`bash tools/ensure-system.sh\` as root (${r.stderr || r.error})`).toBe(0);
  });

  it("finds the project's kernel through JUPYTER_PATH", () => {
    const code = "import jupyter_client.kernelspec as k; s = k.KernelSpecManager().get_kernel_spec('nnlab-tslab'); print(s.argv[1]); print(s.env)";
    const r = spawnSync(PYTHON, ["-c", code], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: JUPYTER_DATA_DIR } });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain(join(PROJECT_ROOT, "tools", "kernel", "launch.cjs"));
    expect(r.stdout).toContain("--enable-source-maps");
  });
});

// Every notebook runs once, in test/e2e/notebooks.test.ts (the project's runner);
// here Jupyter's own nbconvert runs the welcome notebook, which uses the kernel's
// features the course relies on (type checking, plots, the lectures package).
describe("nbconvert --execute", () => {
  const notebooks = listNotebooks().filter((p) => basename(p) === "00-welcome.ipynb");
  let total = 0;

  afterAll(() => {
    recordTiming(
      "nbconvert",
      notebooks.map((p) => p.replace(PROJECT_ROOT + "/", "")),
      total,
    );
    console.log(`nbconvert --execute: ${notebooks.length} notebooks in ${total.toFixed(1)} s (one at a time)`);
    const cmp = timingComparison();
    if (cmp) console.log(cmp);
  });

  it.each(notebooks.map((p) => [basename(p), p]))("runs %s without errors", async (_name, path) => {
    const r = await nbconvert(path);
    total += r.seconds;
    expect(r.status, `nbconvert failed on ${path}:\n${(r.stderr || String(r.error)).slice(-4000)}`).toBe(0);
    const nb = JSON.parse(readFileSync(r.output, "utf8"));
    const code = nb.cells.filter((c: any) => c.cell_type === "code" && text(c.source).trim() !== "");
    expect(code.length).toBeGreaterThan(0);
    // The kernel's language_info came back over the protocol.
    expect(nb.metadata.language_info?.name).toBe("typescript");
  });
});

describe("nbconvert and failures", () => {
  const scratch = scratchDir("test-nbconvert-failures");
  let broken: Run;
  let libError: Run;

  beforeAll(async () => {
    const brokenPath = scratch.write(
      "broken.ipynb",
      notebookText(['console.log("first cell ran")', 'const fine = 1;\nthrow new Error("deliberately broken cell");', 'console.log("must never run")']),
    );
    broken = await nbconvert(brokenPath);
    // --allow-errors keeps going and writes the output, so the stack trace can be read.
    const libPath = scratch.write("lib-error.ipynb", notebookText(['import { Random } from "nnlab";\nnew Random(1).int(-3);']));
    libError = await nbconvert(libPath, ["--allow-errors"]);
  });

  afterAll(() => {
    scratch.remove();
    rmSync(runtimeDir, { recursive: true, force: true });
  });

  it("fails on a broken cell and names it", () => {
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain("CellExecutionError");
    expect(broken.stderr).toContain('throw new Error("deliberately broken cell");');
    // nbconvert names the error from the kernel's error message, not "<Error>"
    expect(broken.stderr).toMatch(/Error: deliberately broken cell/);
    expect(broken.stderr).toMatch(/at In\[2\]:2:7/);
    expect(broken.stderr).not.toMatch(/node:vm|tslab[\\/]dist|evalmachine/);
    expect(existsSync(broken.output)).toBe(false);
  });

  it("runs the kernel with source maps: an error inside nnlab points at lib/src", () => {
    expect(libError.status, libError.stderr).toBe(0);
    const text = outputText(libError.output);
    expect(text).toContain("Random.int: n must be a positive integer, got -3");
    expect(text).toMatch(/at Random\.int \(.*lib\/src\/random\.ts:\d+:\d+\)/);
    // the message first: no excerpt of library source above it
    expect(text.trimStart().startsWith("Error: Random.int: n must be a positive integer, got -3")).toBe(true);
    const nb = JSON.parse(readFileSync(libError.output, "utf8"));
    expect(nb.cells[0].outputs.map((o: any) => o.output_type)).toEqual(["error"]);
    expect(nb.cells[0].outputs[0]).toMatchObject({ ename: "Error", evalue: "Random.int: n must be a positive integer, got -3" });
  });
});
