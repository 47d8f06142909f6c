#!/usr/bin/env node
// node tools/notes/runtime/measure/measure.mjs [site-dir]
//
// Measures the in-browser runtime (nothing is asserted; the figures go in reports):
// - the first Run of a page: from the click to the runtime being ready and to the result;
// - training the lecture's 64-50-10 network (mlp-cell.ts, 100 epochs, batch 100) in
//   Node and in headless Chromium's worker, twice each (the second run is warm).
// The site defaults to the fixture site (built here, without executing notebooks).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { compileCell } from "../transform.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..", "..");
const cellSource = fs.readFileSync(path.join(here, "mlp-cell.ts"), "utf8");
const site = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, "build", "site-measure");
if (!process.argv[2]) {
  const fixtures = path.join(root, "test", "notes", "fixtures");
  const built = spawnSync(process.execPath, [path.join(root, "tools", "build-notes.mjs"), "--no-execute", "--notebooks", fixtures, "--executed", fixtures, "--out", site], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(built.stdout + built.stderr);
}
const pageFile = fs.readdirSync(site).filter((f) => f.endsWith(".html") && f !== "index.html" && fs.readFileSync(path.join(site, f), "utf8").includes("runnable-cell"))[0];

// Node: the same cell, compiled the same way, against the built nnlab.
const nnlab = createRequire(path.join(root, "package.json"))("nnlab");
const lines = [];
const { code } = compileCell(cellSource);
const log = console.log;
console.log = (text) => lines.push(String(text));
await (0, eval)(code)({}, () => nnlab, {});
console.log = log;
console.log(`Node ${process.version}: ${lines.join(" ")}`);

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const page = await (await browser.newContext({ offline: true })).newPage();
  await page.goto(pathToFileURL(path.join(site, pageFile)).href, { waitUntil: "load" });
  const cell = page.locator(".runnable-cell").first();
  const settled = (timeout) => page.waitForFunction(() => !document.querySelector(".runnable-cell.running, .runnable-cell.queued"), null, { timeout });
  await cell.getByRole("textbox").fill("1 + 1");
  const t0 = Date.now();
  await cell.getByRole("button", { name: /^Run cell/ }).click();
  await settled(60_000);
  const clickToResult = Date.now() - t0;
  const ready = await page.evaluate(() => window.__nnlabRuntimeReadyMs);
  console.log(`Chromium first Run (${pageFile}): runtime ready ${ready.toFixed(0)} ms after the click, result shown after ${clickToResult} ms`);
  await cell.getByRole("textbox").fill(cellSource);
  await cell.getByRole("button", { name: /^Run cell/ }).click();
  await settled(600_000);
  console.log(`Chromium worker: ${(await cell.locator(".cell-output").innerText()).trim()}`);
  const sizes = ["runtime/worker.js", "runtime/data.js", "runtime/module-mathjs.js", "notes.js", "search.js"].map((f) => `${f} ${(fs.statSync(path.join(site, "assets", f)).size / 1024).toFixed(0)} KiB`);
  console.log(`assets: ${sizes.join(", ")}`);
} finally {
  await browser.close();
}
