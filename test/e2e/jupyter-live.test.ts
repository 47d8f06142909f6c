// Live: the classic Jupyter Notebook (Debian's jupyter-notebook) with the
// project's kernel runs a small notebook in headless Chromium, and its nnlab plot
// renders in the output area. Before that, a saved and trusted figure output
// with no plotly.js anywhere in the notebook renders on opening: the loader gets
// plotly.js from the project's nbextensions folder (tools/install-kernel.mjs). The server listens on 127.0.0.1 only, on a free
// port, with a random token; every wait is bounded and the server is always shut down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { spawnSync } from "node:child_process";
import { plotMimeBundle } from "../../lib/src/plot/show";
import { lineChart } from "../../lib/src/plot/lineChart";

const root = path.resolve(__dirname, "../..");
const work = path.join(root, "build", "jupyter-live");
const screenshots = path.join(root, "build", "site-screenshots");
const PYTHON = "/usr/bin/python3";
const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const KERNEL = "nnlab-tslab";

/** A free TCP port on 127.0.0.1 (asked from the OS). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The notebook the test runs: import nnlab, print, show one line chart. */
function liveNotebook(): unknown {
  let cells = 0;
  // nbformat 4.5 cells carry ids (without them Jupyter adds some, and a signed notebook would no longer match its signature)
  const code = (source: string) => ({ cell_type: "code", id: `cell-${++cells}`, execution_count: null, metadata: {}, outputs: [], source });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: KERNEL, display_name: "TypeScript (nnlab)", language: "typescript" }, language_info: { name: "typescript" } },
    cells: [
      { cell_type: "markdown", id: "intro", metadata: {}, source: "# Live plot check\n\nRuns in the classic Notebook UI." },
      code('import { show, lineChart, version } from "nnlab";\nconsole.log(`nnlab ${version}`);'),
      code('show(lineChart({ title: "y = x^2", xTitle: "x", yTitle: "y", series: [{ name: "x^2", x: [0, 1, 2, 3, 4], y: [0, 1, 4, 9, 16] }] }));'),
      {
        // saved output of an earlier run whose plotly.js output is gone (the cell that carried it was cleared)
        ...code("// a figure saved by an earlier run"),
        execution_count: 7,
        outputs: [{ output_type: "display_data", metadata: {}, data: plotMimeBundle(lineChart({ title: "saved", series: [{ name: "s", y: [3, 1, 2] }] }), "saved-plot-1", true) }],
      },
    ],
  };
}

describe("classic Jupyter Notebook runs a notebook and shows its plot (live)", () => {
  let server: ChildProcess | undefined;
  let serverLog = "";
  let serverExited: Promise<number | null> | undefined;
  let browser: Browser | undefined;
  let base = "";
  let token = "";

  beforeAll(async () => {
    const jupyterPath = path.join(root, ".jupyter");
    if (!fs.existsSync(path.join(jupyterPath, "kernels", KERNEL, "kernel.json"))) {
      throw new Error(`jupyter-live: the project kernel ${KERNEL} is not registered in ${jupyterPath} (npm ci runs tools/install-kernel.mjs)`);
    }
    fs.rmSync(work, { recursive: true, force: true });
    for (const dir of ["notebooks", "config", "data", "runtime"]) fs.mkdirSync(path.join(work, dir), { recursive: true });
    fs.writeFileSync(path.join(work, "notebooks", "live-plot.ipynb"), JSON.stringify(liveNotebook(), null, 1));
    // trusted, as a notebook saved by this Jupyter is (signed with the server's data dir secret)
    const signed = spawnSync(PYTHON, ["-m", "nbformat.sign", path.join(work, "notebooks", "live-plot.ipynb")], { encoding: "utf8", env: { ...process.env, JUPYTER_DATA_DIR: path.join(work, "data"), JUPYTER_CONFIG_DIR: path.join(work, "config") } });
    if (signed.status !== 0) throw new Error(`jupyter-live: could not sign the notebook: ${signed.stderr}`);

    const port = await freePort();
    token = randomBytes(24).toString("hex");
    base = `http://127.0.0.1:${port}`;
    server = spawn(
      PYTHON,
      [
        "-m",
        "notebook",
        "--no-browser",
        "--ip=127.0.0.1",
        `--port=${port}`,
        "--port-retries=0",
        `--NotebookApp.token=${token}`,
        `--notebook-dir=${path.join(work, "notebooks")}`,
        "--NotebookApp.shutdown_no_activity_timeout=600", // a leftover server stops by itself
        // CI and these machines run as root; the classic server refuses that without the flag.
        ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
      ],
      {
        cwd: work,
        // Own process group: on failure the whole tree (server + kernel) is ended.
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          JUPYTER_PATH: jupyterPath,
          JUPYTER_CONFIG_DIR: path.join(work, "config"),
          JUPYTER_DATA_DIR: path.join(work, "data"),
          JUPYTER_RUNTIME_DIR: path.join(work, "runtime"),
          PYTHONNOUSERSITE: "1",
        },
      },
    );
    server.stdout?.on("data", (chunk) => (serverLog += chunk));
    server.stderr?.on("data", (chunk) => (serverLog += chunk));
    serverExited = new Promise((resolve) => server!.once("exit", (code) => resolve(code)));

    // Wait (at most 60 s) for the server's API to answer.
    const deadline = Date.now() + 60_000;
    let ready = false;
    while (!ready && Date.now() < deadline) {
      if (server.exitCode !== null) throw new Error(`jupyter-live: the notebook server exited with ${server.exitCode}:\n${serverLog}`);
      try {
        const response = await fetch(`${base}/api/kernelspecs`, { headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(2_000) });
        if (response.ok) {
          const specs = (await response.json()) as { kernelspecs: Record<string, unknown> };
          if (!specs.kernelspecs[KERNEL]) throw new Error(`jupyter-live: the server does not see the kernel ${KERNEL} (has: ${Object.keys(specs.kernelspecs).join(", ")})`);
          ready = true;
        }
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("jupyter-live")) throw error;
        await sleep(300);
      }
    }
    if (!ready) throw new Error(`jupyter-live: the notebook server did not answer within 60 s:\n${serverLog}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (!server || server.exitCode !== null) return;
    // Clean shutdown through the API (also stops the kernels), then signals if it hangs.
    await fetch(`${base}/api/shutdown`, { method: "POST", headers: { Authorization: `token ${token}` }, signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    const stopped = await Promise.race([serverExited, sleep(15_000).then(() => "timeout" as const)]);
    if (stopped === "timeout" && server.pid) {
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
      const killed = await Promise.race([serverExited, sleep(5_000).then(() => "timeout" as const)]);
      if (killed === "timeout") {
        try {
          process.kill(-server.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
  }, 60_000);

  it("runs all cells and renders the Plotly figure in the output area", async () => {
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const blocked: string[] = [];
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    // Only this server may be reached: no CDN, no internet.
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("ws://127.0.0.1") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      blocked.push(url);
      return route.abort("internetdisconnected");
    });
    try {
      await page.goto(`${base}/notebooks/live-plot.ipynb?token=${token}`, { waitUntil: "load", timeout: 60_000 });
      // The page's notebook object exists and its kernel is connected and idle.
      await page.waitForFunction(
        () => {
          const J = (window as unknown as { Jupyter?: any }).Jupyter;
          return !!(J && J.notebook && J.notebook._fully_loaded && J.notebook.kernel && J.notebook.kernel.is_connected());
        },
        undefined,
        { timeout: 90_000, polling: 250 },
      );
      // the saved figure renders before anything runs, with plotly.js from the nbextensions folder
      await page.waitForSelector(".output_area #saved-plot-1 .main-svg", { timeout: 60_000 });
      expect(await page.$$eval("script[data-nnlab-plotly-bundle]", (e) => e.length)).toBe(0);
      await page.evaluate(() => (window as unknown as { Jupyter: any }).Jupyter.notebook.execute_all_cells());
      await page.waitForSelector(".output_area .nnlab-plot .main-svg", { timeout: 120_000 });
      // All cells finished: every code cell has an execution count.
      await page.waitForFunction(
        () => {
          const J = (window as unknown as { Jupyter: any }).Jupyter;
          return J.notebook.get_cells().every((cell: any) => cell.cell_type !== "code" || typeof cell.input_prompt_number === "number");
        },
        undefined,
        { timeout: 60_000, polling: 250 },
      );
      const state = await page.evaluate(() => ({
        plots: document.querySelectorAll(".output_area .nnlab-plot").length, // the saved one is gone: its cell ran again
        rendered: Array.from(document.querySelectorAll(".output_area .nnlab-plot")).filter((p) => p.querySelector(".main-svg")).length,
        traces: document.querySelectorAll(".output_area .nnlab-plot .scatterlayer .trace").length,
        stdout: Array.from(document.querySelectorAll(".output_area .output_stdout")).map((e) => e.textContent ?? "").join(""),
        stderr: Array.from(document.querySelectorAll(".output_area .output_stderr, .output_area .output_error")).map((e) => e.textContent ?? "").join(""),
      }));
      if (process.env.NNLAB_SCREENSHOTS === "1") {
        fs.mkdirSync(screenshots, { recursive: true });
        await page.screenshot({ path: path.join(screenshots, "jupyter-live.png"), fullPage: true, timeout: 30_000 });
      }
      expect(state.stderr, "errors in the notebook").toBe("");
      expect(state.stdout).toMatch(/^nnlab \d+\.\d+\.\d+/);
      expect(state.plots).toBe(1);
      expect(state.rendered).toBe(1);
      expect(state.traces).toBe(1);
      expect(problems).toEqual([]);
      expect(blocked, "requests outside the local server").toEqual([]);
    } finally {
      await page.close();
    }
  });
});
