// Lecture notes you can run: the site built from the fixture notebooks (no
// notebook is executed here), opened from disk in headless Chromium with every
// non-file:// request aborted. A reader edits the learning rate of the
// gradient-descent cell and runs it, runs a whole page, stops a long cell,
// searches, switches to dark mode and downloads the notebook.
//
// The learning-rate check also runs on notebook 01 of the course: when its source
// has a `const eta =` cell, it is rendered into build/site-run-course/ from the copy
// test/e2e/notebooks.test.ts executed in this run (when that file is not in the run,
// it is executed here with the headless runner), and its gradient-descent cell is
// found by content: a code cell containing `const eta =` whose output has a plot.
//
// NNLAB_SITE_RUN_DIR=build/site runs every check against an already built
// course site instead (e.g. after `npm run notes`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { executedInThisRun } from "./notebookFixtures";

const root = path.resolve(__dirname, "../..");
const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const givenDir = process.env.NNLAB_SITE_RUN_DIR;
const outDir = givenDir ? path.resolve(root, givenDir) : path.join(root, "build", "site-run");
const fixtures = path.join(root, "test", "notes", "fixtures");

const courseDir = path.join(root, "build", "site-run-course");
const notebook01 = fs.readdirSync(path.join(root, "notebooks")).find((f) => /^01-.*\.ipynb$/.test(f));
const courseHasEta = !givenDir && notebook01 !== undefined && fs.readFileSync(path.join(root, "notebooks", notebook01), "utf8").includes("const eta =");

function buildSite(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "tools", "build-notes.mjs"), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`build-notes exited with ${code}:\n${log}`))));
  });
}

interface Opened {
  context: BrowserContext;
  page: Page;
  problems: string[];
  blocked: string[];
}

async function open(browser: Browser, file: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true, acceptDownloads: true });
  const page = await context.newPage();
  const problems: string[] = [];
  const blocked: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("blob:") || url.startsWith("data:")) return route.continue();
    blocked.push(url);
    return route.abort("internetdisconnected");
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60_000 });
  return { context, page, problems, blocked };
}

/** Wait until no cell of the page is running or queued. */
async function settled(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(() => !document.querySelector(".runnable-cell.running, .runnable-cell.queued"), null, { timeout });
}

/** The figure drawn in a cell's output: its trace data (JSON), or null. */
function plotData(cell: Locator): Promise<string | null> {
  return cell.evaluate((el) => {
    const div = el.querySelector(".cell-output .nnlab-plot") as (HTMLElement & { data?: unknown }) | null;
    return div && div.data && div.querySelector(".main-svg") ? JSON.stringify(div.data) : null;
  });
}

/** The pages of the site and the one that has the gradient-descent cell (`const eta =` with a plot). */
function sitePages(dir = outDir): { pages: string[]; etaPage: string } {
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith(".html") && f !== "index.html").sort();
  const etaPage = pages.find((f) => {
    const html = fs.readFileSync(path.join(dir, f), "utf8");
    return [...html.matchAll(/<section class="cell code-cell runnable-cell[\s\S]*?<\/section>/g)].some((m) => m[0].includes("const eta =") && m[0].includes("nnlab-plot"));
  });
  if (!etaPage) throw new Error(`no page of ${dir} has a code cell with \`const eta =\` and a plot`);
  return { pages, etaPage };
}

describe("the lecture notes run in the browser (from disk, offline, Chromium)", () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!givenDir) await buildSite(["--no-execute", "--notebooks", fixtures, "--executed", fixtures, "--out", outDir]);
    if (courseHasEta) {
      // Notebook 01 alone: its source copied to a folder of its own and rendered from
      // the copy test/e2e/notebooks.test.ts executed in this run (or executed here).
      fs.rmSync(courseDir, { recursive: true, force: true });
      fs.mkdirSync(path.join(courseDir, "src"), { recursive: true });
      const source = path.join(root, "notebooks", notebook01!);
      const executed = await executedInThisRun([source]);
      fs.copyFileSync(source, path.join(courseDir, "src", notebook01!));
      await buildSite([
        ...(executed ? ["--no-execute"] : []),
        "--notebooks", path.join(courseDir, "src"),
        "--executed", executed ?? path.join(courseDir, "executed"),
        "--out", path.join(courseDir, "site"),
      ]);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60_000 });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("edits the learning rate, runs the cell and shows a different output and a redrawn plot", async () => {
    const sites = [outDir, ...(courseHasEta ? [path.join(courseDir, "site")] : [])];
    for (const dir of sites) await editEtaAndRun(dir);
  }, 600_000);

  async function editEtaAndRun(dir: string): Promise<void> {
    const { etaPage } = sitePages(dir);
    const { context, page, problems, blocked } = await open(browser, path.join(dir, etaPage));
    try {
      const cell = page.locator(".runnable-cell").filter({ has: page.locator("textarea", { hasText: "const eta =" }) }).filter({ has: page.locator(".nnlab-plot") }).first();
      await expect(cell.count()).resolves.toBe(1);
      // Stored outputs first; the runtime is not loaded before the first Run.
      const storedText = await cell.locator(".cell-output").innerText();
      const storedPlot = await page.waitForFunction((el) => el.querySelector(".nnlab-plot .main-svg") !== null, await cell.elementHandle(), { timeout: 30_000 });
      expect(storedPlot).toBeTruthy();
      const before = await plotData(cell);
      expect(await page.evaluate(() => typeof (window as unknown as { __nnlabWorkerSource?: string }).__nnlabWorkerSource)).toBe("undefined");

      const editor = cell.getByRole("textbox");
      const code = await editor.inputValue();
      const match = /const eta = ([0-9.eE+-]+);/.exec(code);
      expect(match, code).not.toBeNull();
      const eta = Number(match![1]);
      const newEta = eta === 0.05 ? 0.02 : 0.05;
      await editor.fill(code.replace(/const eta = [0-9.eE+-]+;/, `const eta = ${newEta};`));
      // The cells above define what this one uses.
      await cell.getByRole("button", { name: "Run all above" }).click();
      await cell.getByRole("button", { name: /^Run cell/ }).click();
      await settled(page);
      await page.waitForFunction((el) => el.querySelector(".cell-output .nnlab-plot .main-svg") !== null, await cell.elementHandle(), { timeout: 30_000 });
      const after = await plotData(cell);
      const newText = await cell.locator(".cell-output").innerText();
      expect(newText).not.toBe(storedText);
      expect(newText).not.toMatch(/Error/);
      expect(after).not.toBeNull();
      expect(after).not.toBe(before);
      // The output area is a live region (announced to screen readers).
      await expect(cell.locator(".cell-output").getAttribute("aria-live")).resolves.toBe("polite");
      expect(problems, dir).toEqual([]);
      expect(blocked, dir).toEqual([]);
    } finally {
      await context.close();
    }
  }

  it("runs every cell of a page in order, sharing one scope, with errors naming the cell's line", async () => {
    const { etaPage } = sitePages();
    const { context, page, problems, blocked } = await open(browser, path.join(outDir, etaPage));
    try {
      const cells = page.locator(".runnable-cell");
      const n = await cells.count();
      expect(n).toBeGreaterThan(2);
      // Exercise solutions are folded (closed <details>); open them to see every cell.
      if (!givenDir) await expect(page.locator("details.solution:not([open]) .runnable-cell").count()).resolves.toBe(1);
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      // Every runnable cell: a Run button and a textbox editor.
      for (let i = 0; i < n; i++) {
        await expect(cells.nth(i).getByRole("button", { name: /^Run/ }).count()).resolves.toBeGreaterThan(0);
        await expect(cells.nth(i).getByRole("textbox").count()).resolves.toBe(1);
      }
      await page.getByRole("button", { name: "Run all", exact: true }).click();
      await settled(page);
      const failed = await page.locator(".runnable-cell.failed").count();
      expect(failed, await page.locator(".run-status").innerText()).toBe(0);
      // Every cell ran, in page order: the prompts count up.
      const prompts = await page.locator(".runnable-cell .prompt-in").allInnerTexts();
      expect(prompts).toEqual(prompts.map((_, i) => `In [${i + 1}]`));
      expect(await page.locator(".runnable-cell .live-outputs").count()).toBe(n);

      if (!givenDir) {
        // The fixture's values, from the worker: the softmax, the digits data set, the solution using earlier cells' names.
        const text = await page.locator(".live-outputs").allInnerTexts();
        expect(text.join("\n")).toContain("tensor([0.0900, 0.2447, 0.6652])");
        expect(text.join("\n")).toContain("digits: 1797 x 64, first label 0");
        // An error names its cell and line, message first.
        const meanCell = page.locator(".runnable-cell").filter({ has: page.locator("textarea", { hasText: "function mean" }) });
        const editor = meanCell.getByRole("textbox");
        await editor.fill((await editor.inputValue()).replace("mean([1, 2, 3])", "mean([])"));
        await meanCell.getByRole("button", { name: /^Run cell/ }).click();
        await settled(page);
        const error = await meanCell.locator(".output-error").innerText();
        expect(error.split("\n")[0]).toBe("Error: mean of nothing");
        expect(error).toMatch(/cell \[\d+\], line 2\b/);
      }
      expect(problems).toEqual([]);
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it("stops a long cell by ending the worker, then runs again in a fresh runtime", async () => {
    const { etaPage } = sitePages();
    const { context, page, problems } = await open(browser, path.join(outDir, etaPage));
    try {
      const cell = page.locator(".runnable-cell").first();
      const editor = cell.getByRole("textbox");
      await editor.fill('console.log("started");\nwhile (true) {}');
      await cell.getByRole("button", { name: /^Run cell/ }).click();
      await page.waitForFunction((el) => (el.querySelector(".output-stdout")?.textContent ?? "").includes("started"), await cell.elementHandle(), { timeout: 60_000 });
      expect(await cell.evaluate((el) => el.classList.contains("running"))).toBe(true);
      const stop = page.getByRole("button", { name: "Stop" });
      await expect(stop.isEnabled()).resolves.toBe(true);
      await stop.click();
      await settled(page, 10_000);
      await expect(cell.locator(".output-stopped").innerText()).resolves.toMatch(/^Stopped/);
      // A fresh runtime: the next Run works.
      await editor.fill("6 * 7");
      await cell.getByRole("button", { name: /^Run cell/ }).click();
      await settled(page);
      await expect(cell.locator(".output-text").innerText()).resolves.toBe("42");
      // Reset brings back the stored code and outputs.
      await page.getByRole("button", { name: "Reset", exact: true }).click();
      expect(await editor.inputValue()).not.toContain("6 * 7");
      expect(await cell.locator(".live-outputs").count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);

  it("searches the notes offline, switches to dark mode (plots follow) and downloads the notebook", async () => {
    const { etaPage } = sitePages();
    const { context, page, problems, blocked } = await open(browser, path.join(outDir, "index.html"));
    try {
      // Search: the index loads on first use; the first hit for "softmax" is a page that says softmax.
      await page.getByRole("searchbox", { name: "Search the notes" }).fill("softmax");
      const hit = page.locator("a.search-hit").first();
      await hit.waitFor({ timeout: 30_000 });
      await hit.click();
      await page.waitForLoadState("load");
      const landed = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
      expect(landed).toMatch(/\.html$/);
      expect(landed).not.toBe("index.html");
      expect((await page.locator("main").innerText()).toLowerCase()).toContain("softmax");
      if (!givenDir) expect(landed).toBe("03-fixture-run.html");

      // Dark mode: the page and its plots change colour; the choice is kept on the next page.
      await page.goto(pathToFileURL(path.join(outDir, etaPage)).href, { waitUntil: "load" });
      await page.waitForFunction(() => Array.from(document.querySelectorAll(".nnlab-plot")).every((p) => p.querySelector(".main-svg")), null, { timeout: 30_000 });
      await page.waitForTimeout(200);
      const colours = () =>
        page.evaluate(() => ({
          theme: document.documentElement.getAttribute("data-theme"),
          body: getComputedStyle(document.body).backgroundColor,
          plot: (document.querySelector(".nnlab-plot") as (HTMLElement & { _fullLayout?: { paper_bgcolor: string } }) | null)?._fullLayout?.paper_bgcolor ?? null,
        }));
      const before = await colours();
      const toggle = page.getByRole("button", { name: "Dark mode" });
      await toggle.click();
      await page.waitForTimeout(300);
      const after = await colours();
      expect(after.theme).not.toBe(before.theme);
      expect(after.body).not.toBe(before.body);
      expect(after.plot).not.toBeNull();
      expect(after.plot).not.toBe(before.plot);
      expect(await toggle.getAttribute("aria-pressed")).toBe(after.theme === "dark" ? "true" : "false");
      await page.reload({ waitUntil: "load" });
      expect(await page.evaluate(() => document.documentElement.getAttribute("data-theme"))).toBe(after.theme);

      // Download: the page's notebook, as the source .ipynb.
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.locator("a.download-notebook").click()]);
      const name = etaPage.replace(/\.html$/, ".ipynb");
      expect(download.suggestedFilename()).toBe(name);
      const saved = await download.path();
      const nb = JSON.parse(fs.readFileSync(saved, "utf8")) as { cells: { source: string | string[] }[]; nbformat: number };
      expect(nb.nbformat).toBe(4);
      expect(fs.readFileSync(saved).equals(fs.readFileSync(path.join(outDir, "notebooks", name)))).toBe(true);
      expect(fs.existsSync(path.join(outDir, "nnlab-course.zip"))).toBe(true);
      expect(problems).toEqual([]);
      expect(blocked).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
