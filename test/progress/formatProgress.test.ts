import { describe, expect, it } from "vitest";
import { estimateRemaining, formatDuration, formatMetric, progressHtml, progressText } from "../../lib/src/progress/formatProgress";

describe("estimateRemaining", () => {
  it("is elapsed / done * (total - done)", () => {
    // 10 of 40 epochs in 5 s: 0.5 s per epoch, 30 left -> 15 s
    expect(estimateRemaining(10, 40, 5)).toBe(15);
    expect(estimateRemaining(40, 40, 20)).toBe(0);
    expect(estimateRemaining(0, 40, 1)).toBeUndefined();
  });
});

describe("formatDuration", () => {
  it("uses s, m:ss and h:mm", () => {
    expect(formatDuration(0.42)).toBe("0.4s");
    expect(formatDuration(12.3)).toBe("12s");
    expect(formatDuration(3 * 60 + 5)).toBe("3m05s");
    expect(formatDuration(3600 + 2 * 60 + 10)).toBe("1h02m");
    expect(formatDuration(-1)).toBe("?");
  });
});

describe("formatMetric", () => {
  it("uses 4 significant digits, exponent form for tiny values", () => {
    expect(formatMetric(0.23456)).toBe("0.2346");
    expect(formatMetric(12.345)).toBe("12.35");
    expect(formatMetric(1.5e-5)).toBe("1.500e-5");
    expect(formatMetric(0)).toBe("0");
    expect(formatMetric(NaN)).toBe("NaN");
  });
});

describe("progressText / progressHtml", () => {
  const state = { label: "epoch", done: 12, total: 100, elapsed: 6, metrics: { loss: 0.2345, accuracy: 0.91 }, finished: false };
  it("shows the step, a bar, the percentage, metrics, elapsed and ETA", () => {
    const eta = (6 / 12) * 88; // 44 s
    expect(progressText(state, 10)).toBe(`epoch 12/100  [#.........]   12%  loss 0.2345  accuracy 0.9100  elapsed 6.0s  ETA ${Math.round(eta)}s`);
    expect(progressText({ ...state, done: 100, finished: true }, 10)).toBe("epoch 100/100  [##########]  100%  loss 0.2345  accuracy 0.9100  elapsed 6.0s");
  });
  it("renders an HTML bar of the right width with escaped label and metric names", () => {
    const html = progressHtml({ ...state, label: "<b>grid</b>", metrics: { "a<b": 1 } });
    expect(html).toContain('width:12.0%');
    expect(html).toContain("&lt;b&gt;grid&lt;/b&gt; 12/100");
    expect(html).toContain("a&lt;b <b>1.000</b>");
    expect(html).not.toContain("<b>grid");
  });
  it("fits the output area: whole items wrap instead of running past the edge", () => {
    const html = progressHtml(state);
    expect(html).toMatch(/class="nnlab-progress" style="[^"]*max-width:100%[^"]*flex-wrap:wrap/);
    expect(html).not.toMatch(/class="nnlab-progress" style="[^"]*white-space:nowrap/);
    // each item keeps its own text together; the ETA is an item of its own
    expect(html).toContain('<span style="white-space:nowrap">ETA 44s</span>');
  });
  it("an ended-early display shows its note instead of the ETA", () => {
    const stopped = { ...state, finished: true, note: "interrupted in epoch 13 of 100, batch 4 of 10" };
    expect(progressText(stopped, 10)).toBe("epoch 12/100  [#.........]   12%  loss 0.2345  accuracy 0.9100  elapsed 6.0s  interrupted in epoch 13 of 100, batch 4 of 10");
    expect(progressHtml(stopped)).toContain("<b>interrupted in epoch 13 of 100, batch 4 of 10</b>");
    expect(progressHtml(stopped)).not.toContain("ETA");
  });
});
