/**
 * Real-browser check of the HTML contract: a page assembled from show()'s
 * outputs, opened from disk in headless Chromium with every network request
 * blocked, draws every plot (.main-svg) and no label injects markup.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium, type Browser } from "playwright-core";
import { show, resetPlotSession } from "../../lib/src/plot/show";
import type { DisplaySink, MimeBundle } from "../../lib/src/plot/notebook";
import { lineChart } from "../../lib/src/plot/lineChart";
import { heatmap } from "../../lib/src/plot/heatmap";
import { imageGrid } from "../../lib/src/plot/imageGrid";
import { decisionBoundary } from "../../lib/src/plot/decisionBoundary";
import { confusionMatrixChart } from "../../lib/src/plot/confusionMatrixChart";
import { activationChart } from "../../lib/src/plot/activationChart";
import { solutionChart } from "../../lib/src/plot/solutionChart";
import { surfaceChart } from "../../lib/src/plot/surfaceChart";
import { Tensor } from "../../lib/src/tensor/tensor";

const CHROMIUM = "/usr/bin/chromium";
const attack = "</script><img src=x onerror=alert(1)>";

function outputsOf(figs: Parameters<typeof show>[0][]): string[] {
  resetPlotSession();
  const outputs: MimeBundle[] = [];
  const sink: DisplaySink = { display: (b) => void outputs.push(b), newDisplay: () => ({ update: (b) => void outputs.push(b) }) };
  for (const f of figs) show(f, { sink });
  return outputs.map((o) => o["text/html"] as string);
}

function page(bodies: string[]): string {
  // each output in its own container, like a notebook's output areas
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title></head><body>${bodies.map((b) => `<div class="output">${b}</div>`).join("\n")}</body></html>`;
}

describe("show() output in headless Chromium (offline, from disk)", () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`render test: ${CHROMIUM} is missing (apt-get install -y chromium)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-render-"));
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function render(html: string, name: string) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, html);
    const context = await browser.newContext();
    const blocked: string[] = [];
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const p = await context.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    p.on("pageerror", (e) => errors.push(String(e)));
    p.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    p.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await p.goto("file://" + file);
    return { p, context, errors, dialogs, blocked };
  }

  it("draws every figure type; labels cannot inject markup", async () => {
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const figs = [
      lineChart({ title: attack, xTitle: "epoch", yTitle: "loss", logY: true, series: [{ name: attack, y: [1, 0.3, 0.1] }] }),
      lineChart({ series: [{ name: "data", x: [0, 1, 2], y: [0, 1, 4], mode: "markers" }] }),
      heatmap({ z: [[0.9, 0.8], [0.7, 0.95]], x: [1e-5, 1e-4], y: [1e-2, 1e-1], xTickFormat: "power", yTickFormat: "power", xTitle: "λ", yTitle: "η" }),
      imageGrid({ images: new Tensor(new Float64Array(100 * 64).map((_, i) => i % 17), [100, 8, 8]), labels: Array.from({ length: 100 }, (_, i) => `true ${i % 10} / predicted ${(i + 1) % 10}`) }),
      decisionBoundary({ predict: (p) => new Float64Array(p.length / 2).map((_, i) => sigmoid(10 * (p[2 * i] + p[2 * i + 1] - 1.5))), points: [[0, 0], [0, 1], [1, 0], [1, 1]], labels: [0, 0, 0, 1], resolution: 30 }),
      confusionMatrixChart({ matrix: [[5, 1], [2, 7]], classNames: [attack, "b"] }),
      activationChart({ functions: [{ name: "sigmoid", f: sigmoid, df: (x) => sigmoid(x) * (1 - sigmoid(x)) }] }),
      solutionChart({ x: [0, 0.5, 1], approximate: [1, 0.61, 0.37], exact: (t) => Math.exp(-t) }),
      surfaceChart({ x: [0, 1, 2], y: [0, 1], surfaces: [{ name: "target", z: (a, b) => a * b }, { name: "network", z: (a, b) => a * b + 0.1 }] }),
    ];
    const outputs = outputsOf(figs);
    expect(outputs).toHaveLength(figs.length + 1);
    const { p, context, errors, dialogs, blocked } = await render(page(outputs), "all.html");
    await p.waitForFunction((n) => document.querySelectorAll(".nnlab-plot .main-svg").length >= n, figs.length, { timeout: 20_000 });
    const perPlot = await p.$$eval(".nnlab-plot", (els) => els.map((e) => e.querySelectorAll(".main-svg").length));
    expect(perPlot).toHaveLength(figs.length);
    expect(perPlot.every((c) => c > 0)).toBe(true);
    expect(await p.$$eval(".nnlab-plot-placeholder", (els) => els.length)).toBe(0); // replaced by the plots
    // the attack text is drawn as text, not parsed as markup
    expect(await p.$$eval("img", (els) => els.length)).toBe(0);
    const titles = await p.$$eval(".nnlab-plot .gtitle", (els) => els.map((e) => e.textContent));
    expect(titles).toContain(attack);
    // the powers-of-ten tick labels render as superscripts
    const ticks = await p.$$eval(".nnlab-plot .xtick text", (els) => els.map((e) => (e.textContent ?? "").replace(/\u200b/g, "")));
    expect(ticks).toContain("10\u22125");
    expect(await p.$$eval(".nnlab-plot .xtick text tspan[dy]", (els) => els.length)).toBeGreaterThan(0); // superscript tspans
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(blocked).toEqual([]);
    await context.close();
  });

  it("renders plots placed before the bundle (a saved notebook whose cells ran out of order) once the bundle loads", async () => {
    const [bundle, ...plots] = outputsOf([lineChart({ series: [{ name: "a", y: [1, 2] }] }), heatmap({ z: [[1, 2]] })]);
    const { p, context, errors } = await render(page([...plots, bundle]), "late-bundle.html");
    await p.waitForFunction(() => document.querySelectorAll(".nnlab-plot .main-svg").length > 0 && document.querySelectorAll(".nnlab-plot:not([data-plotted])").length === 0, null, { timeout: 20_000 });
    expect(errors).toEqual([]);
    await context.close();
  });
});
