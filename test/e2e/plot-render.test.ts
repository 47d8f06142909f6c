/**
 * show() and the progress bar inside a real tslab kernel, seen through real
 * front-ends, all offline:
 * 1. the classic Jupyter Notebook UI (Debian jupyter-notebook): run all cells,
 *    the plots render live; reload the tab while the kernel keeps running and
 *    run all cells again, re-run one plot cell: every plot renders each time;
 *    save, re-open in a new browser session, the saved outputs render again;
 *    the saved file holds plotly.js once and each figure as one output;
 * 2. nbconvert --execute, then nbconvert --to html, opened from disk in
 *    Chromium with the network blocked: every plot renders; the same with the
 *    public tslab display API forced (NNLAB_TSLAB_DISPLAY=public).
 * The notebook imports the BUILT package (lib/dist: `npm run build` first).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, execFile, type ChildProcess } from "child_process";
import { promisify } from "util";

// Async, so a long nbconvert run never blocks the vitest worker (its RPC would time out).
const execFileAsync = promisify(execFile);
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

const ROOT = path.resolve(__dirname, "../..");
const PYTHON = "/usr/bin/python3";
const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const CELLS = [
  'import { lineChart, heatmap, show, createProgress } from "nnlab";',
  'show(lineChart({ title: "loss", xTitle: "epoch", yTitle: "loss", logY: true, series: [{ name: "train", y: [1, 0.5, 0.2, 0.1] }] }))',
  'show(heatmap({ z: [[0.9, 0.8], [0.7, 0.95]], x: [1e-5, 1e-4], y: [1e-2, 1e-1], xTickFormat: "power", yTickFormat: "power", title: "</script><img src=x onerror=alert(1)>" }))',
  'const bar = createProgress({ total: 5, label: "epoch" });\nfor (let i = 1; i <= 5; i++) { await new Promise((r) => setTimeout(r, 120)); bar.update(i, { loss: 1 / i }); }\nbar.finish({ loss: 0.2, accuracy: 0.9 });',
  'import { imageGrid } from "nnlab/plot";\nshow(imageGrid({ images: [[1, 2, 3, 4], [4, 3, 2, 1]], imageShape: [2, 2], labels: ["true 3 / predicted 8", "b"] }))',
];

function notebookJson(): string {
  return JSON.stringify({
    cells: CELLS.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, source, outputs: [], execution_count: null })),
    metadata: { kernelspec: { name: "nnlab-plot-test", display_name: "TypeScript (nnlab plot test)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** A context that lets through only the given origins and file: URLs; records the rest. */
async function offlineContext(browser: Browser, allowed: string[], external: string[]): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await ctx.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:") || allowed.some((a) => url.startsWith(a))) return route.continue();
    external.push(url);
    return route.abort();
  });
  return ctx;
}

const allPlotsDrawn = (n: number) => {
  const divs = Array.from(document.querySelectorAll(".nnlab-plot"));
  return divs.length >= n && divs.every((d) => d.querySelector(".main-svg") !== null);
};

describe("show() in a tslab kernel, rendered by Jupyter and by exported HTML (offline)", () => {
  let work: string;
  let browser: Browser;
  let server: ChildProcess | undefined;
  const env = { ...process.env };

  beforeAll(async () => {
    for (const [file, hint] of [
      [path.join(ROOT, "lib/dist/plot/index.js"), "run `npm run build`"],
      [CHROMIUM, "apt-get install -y chromium"],
      ["/usr/bin/jupyter-notebook", "apt-get install -y jupyter-notebook jupyter-nbconvert"],
    ]) {
      if (!fs.existsSync(file)) throw new Error(`plot-render: ${file} is missing (${hint})`);
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-plot-e2e-"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "node_modules"));
    const launcher = path.join(ROOT, "tools/kernel/launch.cjs");
    for (const [name, extraEnv] of [["nnlab-plot-test", {}], ["nnlab-plot-test-public", { NNLAB_TSLAB_DISPLAY: "public" }]] as const) {
      const dir = path.join(work, "jupyter/kernels", name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify({ argv: [process.execPath, launcher, "{connection_file}"], display_name: name, language: "typescript", env: extraEnv }));
    }
    if (!fs.existsSync(path.join(ROOT, ".jupyter/nbextensions/nnlab-plotly/plotly.min.js"))) throw new Error("plot-render: .jupyter/nbextensions/nnlab-plotly is missing (node tools/install-kernel.mjs)");
    Object.assign(env, {
      // the test's kernels, then the project's Jupyter folder (its nbextensions serve plotly.js)
      JUPYTER_PATH: [path.join(work, "jupyter"), path.join(ROOT, ".jupyter")].join(path.delimiter),
      JUPYTER_CONFIG_DIR: path.join(work, "config"),
      JUPYTER_DATA_DIR: path.join(work, "data"),
      JUPYTER_RUNTIME_DIR: path.join(work, "runtime"),
      NNLAB_PROGRESS: "1",
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      try {
        process.kill(-server.pid, "SIGTERM"); // the server shuts its kernels down
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    if (work && !process.env.NNLAB_KEEP_TMP) fs.rmSync(work, { recursive: true, force: true });
  });

  it("classic Notebook: plots render live, and again from the saved notebook in a new browser session", async () => {
    fs.writeFileSync(path.join(work, "live.ipynb"), notebookJson());
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = spawn(PYTHON, ["-m", "jupyter", "notebook", "--no-browser", "--allow-root", `--port=${port}`, "--ip=127.0.0.1", "--NotebookApp.token=", "--NotebookApp.password=", `--notebook-dir=${work}`], { env, cwd: work, detached: true, stdio: "ignore" });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/kernelspecs`)).ok) break;
      } catch {
        /* not up yet */
      }
      if (i > 100) throw new Error("plot-render: jupyter notebook did not start in 30 s");
      await new Promise((r) => setTimeout(r, 300));
    }
    const external: string[] = [];
    const allowed = [base, `ws://127.0.0.1:${port}`];
    let ctx = await offlineContext(browser, allowed, external);
    let page = await ctx.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const connected = () => page.waitForFunction(() => {
      const J = (window as any).Jupyter;
      return J?.notebook?._fully_loaded === true && J?.notebook?.kernel?.is_connected?.() === true;
    }, null, { timeout: 60_000 });
    const allExecuted = () => page.waitForFunction(() => {
      const J = (window as any).Jupyter;
      return J.notebook.get_cells().every((c: any) => c.cell_type !== "code" || (typeof c.input_prompt_number === "number" && !c.element[0].classList.contains("running")));
    }, null, { timeout: 90_000, polling: 200 });
    const drawn = () => page.$$eval(".output_area .nnlab-plot", (divs) => divs.filter((d) => d.querySelector(".main-svg")).length);
    await page.goto(`${base}/notebooks/live.ipynb`);
    await connected();
    await page.evaluate(() => (window as any).Jupyter.notebook.execute_all_cells());
    await page.waitForFunction(allPlotsDrawn, 3, { timeout: 90_000 });
    await page.waitForFunction(() => /epoch 5\/5/.test(document.querySelector(".nnlab-progress")?.textContent ?? ""), null, { timeout: 30_000 });
    await allExecuted();
    expect(await page.$$eval(".nnlab-progress", (e) => e.length)).toBe(1); // updated in place, one output
    expect(await page.$$eval("script[data-nnlab-plotly-bundle]", (e) => e.length)).toBe(1);
    expect(await page.$$eval(".output_area img", (e) => e.length)).toBe(0);

    // Reload the tab while the kernel keeps running, clear the outputs, run all cells again.
    await page.evaluate(() => {
      (window as any).Jupyter.notebook.set_dirty(false);
      window.onbeforeunload = null; // no "leave the page?" prompt
    });
    await page.reload();
    await connected();
    await page.evaluate(() => {
      const J = (window as any).Jupyter;
      J.notebook.clear_all_output();
      J.notebook.execute_all_cells();
    });
    await page.waitForFunction(allPlotsDrawn, 3, { timeout: 90_000 });
    await allExecuted();
    expect(await drawn()).toBe(3);
    // plotly.js came along once for this new session: one carrier in the page
    expect(await page.$$eval("script[data-nnlab-plotly-bundle]", (e) => e.length)).toBe(1);
    // Re-run the first plot cell, whose outputs carried plotly.js: its new outputs carry it again.
    await page.evaluate(() => {
      const J = (window as any).Jupyter;
      J.notebook.get_cell(1).clear_output();
      J.notebook.get_cell(1).execute();
    });
    await page.waitForFunction(allPlotsDrawn, 3, { timeout: 60_000 });
    await allExecuted();
    expect(await drawn()).toBe(3);
    await page.evaluate(() => (window as any).Jupyter.notebook.save_checkpoint());
    await page.waitForFunction(() => (window as any).Jupyter.notebook.dirty === false, null, { timeout: 30_000 });
    if (process.env.NNLAB_KEEP_TMP) await page.screenshot({ path: path.join(work, "live.png"), fullPage: true }); // kept only with the folder
    await ctx.close();

    // the saved file: plotly.js once, each figure one output with three MIME types, small
    const saved = JSON.parse(fs.readFileSync(path.join(work, "live.ipynb"), "utf8"));
    const outputs = saved.cells.flatMap((c: any) => c.outputs);
    const htmlOutputs = outputs.filter((o: any) => o.data?.["text/html"]).map((o: any) => [o.data["text/html"]].flat().join(""));
    expect(htmlOutputs.filter((h: string) => h.includes("data-nnlab-plotly-bundle"))).toHaveLength(1);
    const figures = outputs.filter((o: any) => o.data?.["application/vnd.plotly.v1+json"]);
    expect(figures).toHaveLength(3);
    for (const f of figures) {
      expect(Object.keys(f.data).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
      expect(typeof f.data["application/vnd.plotly.v1+json"]).toBe("object");
      expect([f.data["text/html"]].flat().join("").length).toBeLessThan(20_000);
    }
    expect(fs.statSync(path.join(work, "live.ipynb")).size).toBeLessThan(6_000_000);

    // re-open in a fresh browser session: the saved outputs render (plotly.js from the saved output or the nbextension)
    ctx = await offlineContext(browser, allowed, external);
    page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${base}/notebooks/live.ipynb`);
    await page.waitForFunction(allPlotsDrawn, 3, { timeout: 60_000 });
    await ctx.close();
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(external).toEqual([]);
  });

  for (const kernel of ["nnlab-plot-test", "nnlab-plot-test-public"]) {
    it(`nbconvert --execute then --to html, opened from disk offline (kernel ${kernel})`, async () => {
      const name = `${kernel}.ipynb`;
      fs.writeFileSync(path.join(work, name), notebookJson().replace('"name":"nnlab-plot-test"', `"name":"${kernel}"`));
      await execFileAsync(PYTHON, ["-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace", name], { cwd: work, env, timeout: 120_000 });
      const executed = JSON.parse(fs.readFileSync(path.join(work, name), "utf8"));
      const outputs = executed.cells.flatMap((c: any) => c.outputs);
      const plotOutputs = outputs.filter((o: any) => [o.data?.["text/html"] ?? ""].flat().join("").includes('class="nnlab-plot"'));
      expect(plotOutputs).toHaveLength(3);
      // multi-MIME via tslab's internal hook; the public API sends text/html only
      const hasPlotlyMime = plotOutputs.every((o: any) => o.data["application/vnd.plotly.v1+json"] !== undefined);
      expect(hasPlotlyMime).toBe(kernel === "nnlab-plot-test");
      await execFileAsync(PYTHON, ["-m", "jupyter", "nbconvert", "--to", "html", name], { cwd: work, env, timeout: 120_000 });
      const external: string[] = [];
      const ctx = await offlineContext(browser, [], external);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto("file://" + path.join(work, name.replace(/\.ipynb$/, ".html")));
      await page.waitForFunction(allPlotsDrawn, 3, { timeout: 30_000 });
      expect(await page.$$eval(".nnlab-progress", (e) => e.map((x) => x.textContent))).toEqual([expect.stringMatching(/epoch 5\/5 .*100%.*loss 0\.2000.*accuracy 0\.9000/)]);
      await ctx.close();
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    });
  }
});
