// The lecture-notes site in a real browser: build it (npm run notes executes the
// notebooks with the headless runner), open every page from disk in headless
// Debian Chromium with every non-file:// request aborted, and check plots, math,
// links and the console. With NNLAB_SCREENSHOTS=1, screenshots go to build/site-screenshots/.
//
// NNLAB_SITE_REUSE=1 skips re-executing the notebooks (renders build/notebooks).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { listNotebooks } from "../../tools/runner/index.mjs";
import { executedInThisRun } from "./notebookFixtures";

const root = path.resolve(__dirname, "../..");
const screenshots = path.join(root, "build", "site-screenshots");
// Full-page screenshots of every page (for a human to look at; nothing is compared
// with them) cost about as much browser time as the checks: NNLAB_SCREENSHOTS=1 takes them.
const SCREENSHOTS = process.env.NNLAB_SCREENSHOTS === "1";
const CHROMIUM = "/usr/bin/chromium";
const LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

interface Site {
  label: string;
  outDir: string;
  executedDir: string;
  args: string[];
}

// The course notebooks as test/e2e/notebooks.test.ts executed them in this run of the
// suite (waiting for it when it is still executing them in another test worker):
// rendered as they are instead of executing every notebook a second time.
// Otherwise `npm run notes` executes them.
async function courseSite(): Promise<Site> {
  const executed = await executedInThisRun(listNotebooks());
  return executed
    ? { label: "course", outDir: path.join(root, "build", "site"), executedDir: executed, args: ["--no-execute", "--executed", executed] }
    : {
      label: "course",
      outDir: path.join(root, "build", "site"),
      executedDir: path.join(root, "build", "notebooks"),
      args: process.env.NNLAB_SITE_REUSE === "1" ? ["--no-execute"] : [],
    };
}

// The real course (notebooks/ executed by the runner, or reused from this test run),
// and hand-made executed notebooks covering every output kind and the plot contract.
const fixturesSite: Site = {
  label: "fixtures",
  outDir: path.join(root, "build", "site-fixtures"),
  executedDir: path.join(root, "test", "notes", "fixtures"),
  args: ["--no-execute", "--notebooks", "test/notes/fixtures", "--executed", "test/notes/fixtures", "--out", "build/site-fixtures"],
};
const sites: Site[] = [];

/** Run the site builder as a child process (async: a blocked worker loses vitest's RPC). */
function buildSiteOrThrow(site: Site): Promise<string> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "tools", "build-notes.mjs"), ...site.args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npm run notes (${site.label}) did not finish within 20 minutes:\n${log}`));
    }, 20 * 60_000);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`npm run notes (${site.label}) could not start: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(`${log}(${site.label}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
      else reject(new Error(`npm run notes (${site.label}) exited with ${code ?? signal}:\n${log}`));
    });
  });
}

const joinText = (value: unknown): string => (Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "");

/**
 * What the page must show, computed from the executed notebook itself (not from
 * the renderer): the number of plots in visible outputs, and whether any visible
 * markdown cell contains TeX.
 */
function expectations(notebookFile: string): { plots: number; math: boolean } {
  const nb = JSON.parse(fs.readFileSync(notebookFile, "utf8")) as { cells: { cell_type: string; source: unknown; metadata?: { tags?: string[] }; outputs?: { data?: Record<string, unknown> }[] }[] };
  let plots = 0;
  let math = false;
  for (const cell of nb.cells) {
    const tags = cell.metadata?.tags ?? [];
    if (tags.includes("remove-cell")) continue;
    if (cell.cell_type === "markdown" && /\$[^$\s][^$]*\$|\\\(|\\\[|\\begin\{/.test(joinText(cell.source))) math = true;
    if (cell.cell_type !== "code" || tags.includes("remove-output")) continue;
    for (const output of cell.outputs ?? []) {
      const html = joinText(output.data?.["text/html"]);
      if (html) plots += (html.match(/<div\b[^>]*class="(?:[^"]*\s)?nnlab-plot(?:\s[^"]*)?"/g) ?? []).length;
      else if (output.data?.["application/vnd.plotly.v1+json"]) plots += 1;
    }
  }
  return { plots, math };
}

interface PageReport {
  problems: string[];
  blocked: string[];
  plots: number;
  renderedPlots: number;
  smallPlots: string[];
  katex: number;
  katexErrors: number;
  katexFontLoaded: boolean;
  brokenLinks: string[];
}

async function inspect(browser: Browser, file: string, expectedPlots: number, screenshot: string | undefined): Promise<PageReport> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page: Page = await context.newPage();
  const problems: string[] = [];
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    if (request.url().startsWith("file:")) problems.push(`missing file: ${request.url()}`);
  });
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    blocked.push(url);
    return route.abort("internetdisconnected");
  });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 60_000 });
    if (expectedPlots > 0) {
      await page
        .waitForFunction((n) => document.querySelectorAll(".nnlab-plot .main-svg").length > 0 && Array.from(document.querySelectorAll(".nnlab-plot")).filter((p) => p.querySelector(".main-svg")).length >= n, expectedPlots, { timeout: 30_000 })
        .catch(() => problems.push(`plots did not all render within 30 s`));
    }
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const report = await page.evaluate(() => {
      const plots = document.querySelectorAll(".nnlab-plot");
      const links = Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href]")).map((a) => a.getAttribute("href") ?? "");
      const ids = new Set(Array.from(document.querySelectorAll("[id]")).map((e) => e.id));
      return {
        plots: plots.length,
        renderedPlots: Array.from(plots).filter((p) => p.querySelector(".main-svg")).length,
        // A plot squeezed by the page's CSS renders but is unreadable (the bug this
        // catches drew plots 12 px high). A one-row image grid is legitimately
        // ~130 px high, so the floor is 100 x 250 px.
        smallPlots: Array.from(plots).filter((p) => p.getBoundingClientRect().height < 100 || p.getBoundingClientRect().width < 250).map((p) => p.id),
        katex: document.querySelectorAll(".katex").length,
        katexErrors: document.querySelectorAll(".katex-error").length,
        katexFontLoaded: (() => {
          let loaded = false;
          document.fonts.forEach((f) => {
            if (f.family.replace(/"/g, "").startsWith("KaTeX_") && f.status === "loaded") loaded = true;
          });
          return loaded;
        })(),
        links,
        missingFragments: links.filter((h) => h.startsWith("#") && h.length > 1 && !ids.has(decodeURIComponent(h.slice(1)))),
      };
    });
    const brokenLinks = [...report.missingFragments];
    for (const href of report.links) {
      if (href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
      const target = path.resolve(path.dirname(file), decodeURIComponent(href.split("#")[0].split("?")[0]));
      if (!fs.existsSync(target)) brokenLinks.push(href);
    }
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true, timeout: 60_000 });
    return { problems, blocked, brokenLinks, ...report };
  } finally {
    await context.close();
  }
}

describe("the lecture-notes site opened from disk, offline, in Chromium", () => {
  let browser: Browser;
  const buildLogs: string[] = [];

  beforeAll(async () => {
    sites.push(await courseSite(), fixturesSite);
    for (const site of sites) buildLogs.push(await buildSiteOrThrow(site));
    if (SCREENSHOTS) fs.mkdirSync(screenshots, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS, timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const [i, label] of ["course", "fixtures"].entries()) {
    it(`${label}: every page shows its plots and typeset math, with no errors and no network`, async () => {
      const site = sites[i];
      expect(site.label).toBe(label);
      const pages = fs.readdirSync(site.outDir).filter((f) => f.endsWith(".html") && f !== "index.html").sort();
      expect(pages.length, `no pages in ${site.outDir}\n${buildLogs.join("\n")}`).toBeGreaterThan(0);
      // The index lists every page, in order.
      const index = fs.readFileSync(path.join(site.outDir, "index.html"), "utf8");
      const listed = [...index.matchAll(/<a class="lecture-link" href="([^"]+)\.html"/g)].map((m) => `${m[1]}.html`);
      expect(listed).toEqual(pages);
      // One shared plotly.js, no bundle inlined in pages.
      expect(fs.statSync(path.join(site.outDir, "assets", "plotly.min.js")).size).toBeGreaterThan(1_000_000);

      for (const file of ["index.html", ...pages]) {
        const name = file.replace(/\.html$/, "");
        const expected = file === "index.html" ? { plots: 0, math: false } : expectations(path.join(site.executedDir, `${name}.ipynb`));
        const html = fs.readFileSync(path.join(site.outDir, file), "utf8");
        expect(html, `${file} inlines the plotly.js bundle`).not.toContain("data-nnlab-plotly-bundle");
        const report = await inspect(browser, path.join(site.outDir, file), expected.plots, SCREENSHOTS ? path.join(screenshots, `${site.label}-${name}.png`) : undefined);
        const where = `${site.label}/${file}`;
        expect(report.problems, where).toEqual([]);
        expect(report.blocked, `${where} tried the network`).toEqual([]);
        expect(report.brokenLinks, `${where} broken links`).toEqual([]);
        expect(report.plots, `${where} plot outputs`).toBe(expected.plots);
        expect(report.renderedPlots, `${where} plots with .main-svg`).toBe(expected.plots);
        expect(report.smallPlots, `${where} plots smaller than 250x100 px`).toEqual([]);
        if (expected.math) {
          expect(report.katex, `${where} typeset math`).toBeGreaterThan(0);
          expect(report.katexFontLoaded, `${where} KaTeX fonts`).toBe(true);
        }
        expect(report.katexErrors, `${where} KaTeX errors`).toBe(0);
      }
    });
  }
});
