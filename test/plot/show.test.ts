import { describe, expect, it, vi, beforeEach } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { show, loadPlotly, resetPlotSession, needsPlotlyCarrier, EXECUTION_INFO_KEY, NBEXTENSION_PLOTLY_PATH, PLOTLY_MIME_MAX_CHARS, type ExecutionInfo } from "../../lib/src/plot/show";
import { lineChart } from "../../lib/src/plot/lineChart";
import { BUNDLE_ATTRIBUTE } from "../../lib/src/plot/html";
import type { DisplaySink, MimeBundle } from "../../lib/src/plot/notebook";
import { detectNotebook } from "../../lib/src/plot/notebook";

function recordingSink(): DisplaySink & { outputs: MimeBundle[] } {
  const outputs: MimeBundle[] = [];
  return { outputs, display: (b) => void outputs.push(b), newDisplay: () => ({ update: (b) => void outputs.push(b) }) };
}

const fig = lineChart({ title: "loss", series: [{ name: "train", y: [3, 2, 1] }] });

function setExecution(info: ExecutionInfo | undefined): void {
  (globalThis as unknown as Record<symbol, unknown>)[EXECUTION_INFO_KEY] = info;
}

describe("show", () => {
  beforeEach(() => {
    resetPlotSession();
    setExecution(undefined);
  });

  it("emits the plotly bundle once per session, before the first plot; later plots carry only their JSON", () => {
    const sink = recordingSink();
    show(fig, { sink });
    show(fig, { sink });
    show(fig, { sink });
    const html = sink.outputs.map((o) => o["text/html"] as string);
    expect(html).toHaveLength(4);
    expect(html[0]).toContain(BUNDLE_ATTRIBUTE);
    for (const h of html.slice(1)) {
      expect(h).not.toContain(BUNDLE_ATTRIBUTE);
      expect(h.length).toBeLessThan(5000);
      expect(h).toContain('class="nnlab-plot"');
    }
    // unique ids
    const ids = html.slice(1).map((h) => h.match(/id="([^"]+)"/)![1]);
    expect(new Set(ids).size).toBe(3);
    // after a kernel restart (fresh process state) the bundle is emitted again
    resetPlotSession();
    show(fig, { sink });
    expect((sink.outputs[4]["text/html"] as string)).toContain(BUNDLE_ATTRIBUTE);
  });

  it("each figure is one output: the Plotly JSON, an HTML loader and a text summary", () => {
    const sink = recordingSink();
    show(fig, { sink });
    const out = sink.outputs[1];
    expect(Object.keys(out).sort()).toEqual(["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    const html = out["text/html"] as string;
    // no plotly.js inside a figure; the loader knows where the classic Notebook serves it
    expect(html).not.toContain(BUNDLE_ATTRIBUTE); // (the lecture-notes site drops outputs that name it)
    expect(html).toContain(NBEXTENSION_PLOTLY_PATH);
    expect(html).toMatch(/^<div class="nnlab-plot" id="[^"]+">[\s\S]*<script type="application\/json" class="nnlab-figure" data-target="[^"]+">\{"data":/);
  });

  it("sends plotly.js again for a new front-end session and when the cell that carried it runs again", () => {
    const sink = recordingSink();
    const carriers = () => sink.outputs.filter((o) => String(o["text/html"]).includes(BUNDLE_ATTRIBUTE + '="')).length;
    setExecution({ session: "tab-1", cellId: "c2", count: 2 });
    show(fig, { sink });
    show(fig, { sink }); // same cell: once
    setExecution({ session: "tab-1", cellId: "c3", count: 3 });
    show(fig, { sink });
    expect(carriers()).toBe(1);
    setExecution({ session: "tab-1", cellId: "c2", count: 4 }); // the carrying cell again
    show(fig, { sink });
    expect(carriers()).toBe(2);
    setExecution({ session: "tab-2", cellId: "c9", count: 5 }); // a reloaded tab
    show(fig, { sink });
    expect(carriers()).toBe(3);
    setExecution({ session: "tab-2", count: 6 });
    show(fig, { sink });
    expect(carriers()).toBe(3);
  });

  it("needsPlotlyCarrier: the rules on their own", () => {
    expect(needsPlotlyCarrier(null, {})).toBe(true);
    expect(needsPlotlyCarrier({}, {})).toBe(false); // a kernel that says nothing: once per process
    expect(needsPlotlyCarrier({ session: "a", count: 1 }, { session: "a", count: 1 })).toBe(false);
    expect(needsPlotlyCarrier({ session: "a", count: 1 }, { session: "b", count: 2 })).toBe(true);
    expect(needsPlotlyCarrier({ session: "a", cellId: "x", count: 1 }, { session: "a", cellId: "x", count: 2 })).toBe(true);
    expect(needsPlotlyCarrier({ session: "a", cellId: "x", count: 1 }, { session: "a", cellId: "y", count: 2 })).toBe(false);
  });

  it("adds the Plotly MIME type and a text fallback to each plot output", () => {
    const sink = recordingSink();
    show(fig, { sink });
    const out = sink.outputs[1];
    expect(out["application/vnd.plotly.v1+json"]).toEqual(JSON.parse(JSON.stringify({ data: fig.data, layout: fig.layout, config: fig.config })));
    expect(out["text/plain"]).toBe('Plotly figure "loss" (1 trace: scatter)');
    show(fig, { sink, plotlyMime: false });
    expect(sink.outputs[2]).not.toHaveProperty("application/vnd.plotly.v1+json");
    // a large figure keeps only text/html (no doubled size)
    const big = lineChart({ series: [{ name: "big", y: Array.from({ length: PLOTLY_MIME_MAX_CHARS / 4 }, (_, i) => i + 0.5) }] });
    show(big, { sink });
    expect(sink.outputs[3]).not.toHaveProperty("application/vnd.plotly.v1+json");
    expect((sink.outputs[3]["text/html"] as string).length).toBeGreaterThan(PLOTLY_MIME_MAX_CHARS);
  });

  it("loadPlotly always emits the bundle", () => {
    const sink = recordingSink();
    expect(loadPlotly({ sink })).toBe(true);
    expect(loadPlotly({ sink })).toBe(true);
    expect(sink.outputs).toHaveLength(2);
  });

  it("outside a kernel prints a note, or writes a standalone page when asked", () => {
    expect(detectNotebook()).toBeNull();
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      show(fig);
      expect(log.mock.calls[0][0]).toMatch(/show: Plotly figure "loss" .*not in a Jupyter notebook/);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "nnlab-show-")), "sub", "loss.html");
      show(fig, { file });
      const page = fs.readFileSync(file, "utf8");
      expect(page).toContain(BUNDLE_ATTRIBUTE);
      expect(page).toContain('class="nnlab-figure"');
      expect(log.mock.calls[1][0]).toContain(file);
    } finally {
      log.mockRestore();
    }
  });

  it("rejects a non-figure", () => {
    expect(() => show({} as never, { sink: recordingSink() })).toThrow(/show: expected a figure/);
  });
});
