/**
 * Pure formatting of a progress state: "epoch 12/100 [###.......] 12% loss 0.2345 ...".
 */

/** What a progress bar shows at one moment. */
export interface ProgressState {
  label: string;
  done: number;
  total: number;
  /** Seconds since the start. */
  elapsed: number;
  metrics: Record<string, number>;
  finished: boolean;
  /** Why the display ended early (shown instead of the ETA), e.g. "interrupted in epoch 3 of 10, batch 17 of 40". */
  note?: string;
}

/** Seconds left at the mean pace so far: elapsed / done * (total - done); undefined before the first step. */
export function estimateRemaining(done: number, total: number, elapsed: number): number | undefined {
  if (!(done > 0) || !(total > 0)) return undefined;
  if (done >= total) return 0;
  return (elapsed / done) * (total - done);
}

/** "0.4s", "12.3s", "3m05s", "1h02m". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds).toString()}s`;
  const totalSeconds = Math.round(seconds);
  if (totalSeconds < 3600) {
    const m = Math.floor(totalSeconds / 60);
    const s = totalSeconds % 60;
    return `${m}m${s.toString().padStart(2, "0")}s`;
  }
  const totalMinutes = Math.round(seconds / 60);
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return `${h}h${m.toString().padStart(2, "0")}m`;
}

/** 4 significant digits; tiny or huge values in exponent form; NaN/Infinity as is. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential(3);
  return v.toPrecision(4);
}

/** The fraction done, clamped to [0, 1]. */
export function fractionDone(done: number, total: number): number {
  if (!(total > 0)) return 0;
  return Math.min(1, Math.max(0, done / total));
}

/** A text bar of `width` cells, e.g. "[#####.....]". */
export function textBar(fraction: number, width: number): string {
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
}

/** The metrics as "loss 0.2345  accuracy 0.9120". */
export function formatMetrics(metrics: Record<string, number>): string {
  return Object.keys(metrics)
    .map((k) => `${k} ${formatMetric(metrics[k])}`)
    .join("  ");
}

/** One line of text: "epoch 12/100 [###.......]  12%  loss 0.2345  elapsed 1.2s  ETA 8.8s". */
export function progressText(state: ProgressState, barWidth = 20): string {
  const fraction = fractionDone(state.done, state.total);
  const parts = [
    `${state.label} ${state.done}/${state.total}`,
    textBar(fraction, barWidth),
    `${Math.floor(fraction * 100).toString().padStart(3)}%`,
  ];
  const metrics = formatMetrics(state.metrics);
  if (metrics) parts.push(metrics);
  parts.push(`elapsed ${formatDuration(state.elapsed)}`);
  if (state.note) parts.push(state.note);
  else if (!state.finished) {
    const eta = estimateRemaining(state.done, state.total, state.elapsed);
    parts.push(`ETA ${eta === undefined ? "?" : formatDuration(eta)}`);
  }
  return parts.join("  ");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/**
 * A small HTML bar for notebooks (inline styles only, so it looks the same in
 * every Jupyter theme and exported page). It fits the output area: the parts
 * (label, bar, percentage, each metric, times) wrap as whole items onto a second
 * line when the area is narrow, so the ETA is never cut off.
 */
export function progressHtml(state: ProgressState): string {
  const fraction = fractionDone(state.done, state.total);
  const percent = Math.floor(fraction * 100);
  const color = state.note ? "#d62728" : state.finished ? "#2ca02c" : "#1f77b4";
  const item = (html: string) => `<span style="white-space:nowrap">${html}</span>`;
  const items: string[] = [
    item(`${escapeHtml(state.label)} ${state.done}/${state.total}`),
    `<span style="display:inline-block;width:160px;max-width:40%;height:10px;border:1px solid #999;border-radius:2px;background:#eee">` +
      `<span style="display:block;width:${(fraction * 100).toFixed(1)}%;height:100%;background:${color}"></span></span>`,
    item(`${percent}%`),
  ];
  for (const k of Object.keys(state.metrics)) items.push(item(`${escapeHtml(k)} <b>${escapeHtml(formatMetric(state.metrics[k]))}</b>`));
  items.push(item(`elapsed ${formatDuration(state.elapsed)}`));
  if (state.note) items.push(item(`<b>${escapeHtml(state.note)}</b>`));
  else if (!state.finished) {
    const eta = estimateRemaining(state.done, state.total, state.elapsed);
    items.push(item(`ETA ${eta === undefined ? "?" : formatDuration(eta)}`));
  }
  return (
    `<div class="nnlab-progress" style="font-family:monospace;font-size:12px;line-height:18px;max-width:100%;box-sizing:border-box;` +
    `display:flex;flex-wrap:wrap;align-items:center;column-gap:0.6em">${items.join(" ")}</div>`
  );
}
