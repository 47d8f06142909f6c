/** Pure formatting of a progress state: "epoch 12/100 [###.......] 12% loss 0.2345 ...". */
import { escapeHtml } from "../plot/html";

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
  // minutes and seconds up to 59m59s, else hours and minutes
  const [value, units] = seconds < 3599.5 ? [Math.round(seconds), "ms"] : [Math.round(seconds / 60), "hm"];
  return `${Math.floor(value / 60)}${units[0]}${(value % 60).toString().padStart(2, "0")}${units[1]}`;
}

/** 4 significant digits; tiny or huge values in exponent form; NaN/Infinity as is. */
export function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e6 ? v.toExponential(3) : v.toPrecision(4);
}

/** The parts both displays show: fraction done, the metrics, elapsed time, and the ETA or the note. */
function parts(state: ProgressState): { fraction: number; metrics: [string, string][]; elapsed: string; tail: string | null } {
  const fraction = state.total > 0 ? Math.min(1, Math.max(0, state.done / state.total)) : 0;
  const eta = estimateRemaining(state.done, state.total, state.elapsed);
  return {
    fraction,
    metrics: Object.keys(state.metrics).map((k) => [k, formatMetric(state.metrics[k])]),
    elapsed: `elapsed ${formatDuration(state.elapsed)}`,
    tail: state.note ? state.note : state.finished ? null : `ETA ${eta === undefined ? "?" : formatDuration(eta)}`,
  };
}

/** One line of text: "epoch 12/100 [###.......]  12%  loss 0.2345  elapsed 1.2s  ETA 8.8s". */
export function progressText(state: ProgressState, barWidth = 20): string {
  const { fraction, metrics, elapsed, tail } = parts(state);
  const filled = Math.round(fraction * barWidth);
  const items = [
    `${state.label} ${state.done}/${state.total}`,
    `[${"#".repeat(filled)}${".".repeat(barWidth - filled)}]`,
    `${Math.floor(fraction * 100).toString().padStart(3)}%`,
  ];
  if (metrics.length > 0) items.push(metrics.map(([k, v]) => `${k} ${v}`).join("  "));
  items.push(elapsed);
  if (tail !== null) items.push(tail);
  return items.join("  ");
}

/** A small HTML bar for notebooks (inline styles, so it looks the same in every theme and exported page); its items wrap whole onto a second line when the output area is narrow. */
export function progressHtml(state: ProgressState): string {
  const { fraction, metrics, elapsed, tail } = parts(state);
  const color = state.note ? "#d62728" : state.finished ? "#2ca02c" : "#1f77b4";
  const item = (html: string) => `<span style="white-space:nowrap">${html}</span>`;
  const items: string[] = [
    item(`${escapeHtml(state.label)} ${state.done}/${state.total}`),
    `<span style="display:inline-block;width:160px;max-width:40%;height:10px;border:1px solid #999;border-radius:2px;background:#eee">` +
      `<span style="display:block;width:${(fraction * 100).toFixed(1)}%;height:100%;background:${color}"></span></span>`,
    item(`${Math.floor(fraction * 100)}%`),
    ...metrics.map(([k, v]) => item(`${escapeHtml(k)} <b>${escapeHtml(v)}</b>`)),
    item(elapsed),
  ];
  if (tail !== null) items.push(item(state.note ? `<b>${escapeHtml(tail)}</b>` : tail));
  return (
    `<div class="nnlab-progress" style="font-family:monospace;font-size:12px;line-height:18px;max-width:100%;box-sizing:border-box;` +
    `display:flex;flex-wrap:wrap;align-items:center;column-gap:0.6em">${items.join(" ")}</div>`
  );
}
