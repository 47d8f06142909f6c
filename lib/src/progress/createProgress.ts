/**
 * A progress bar for training loops (epoch i/N, a bar, the latest metrics, elapsed time, ETA):
 * in a tslab notebook one output updated in place; in a terminal one line redrawn with \r;
 * piped (CI logs) a line at most every 5 s and the final state. Off with `enabled: false` or
 * NNLAB_PROGRESS=0. Redraws are throttled (default 100 ms); the final state is always drawn.
 */
import { detectNotebook, type DisplaySink } from "../plot/notebook";
import { progressHtml, progressText, type ProgressState } from "./formatProgress";

/** The part of a writable stream the terminal renderer needs (process.stderr, or a fake in tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Number of steps (epochs, grid points). */
  total: number;
  /** What a step is called (default "epoch"). */
  label?: string;
  /** false: draw nothing (default true; NNLAB_PROGRESS=0 also turns it off). */
  enabled?: boolean;
  /** Minimum milliseconds between redraws (default 100 in notebooks and terminals). */
  throttleMs?: number;
  /** Minimum milliseconds between lines when the stream is not a TTY (default 5000). */
  plainIntervalMs?: number;
  /** Where the display goes (default: the tslab kernel if running in one, else process.stderr), and the clock in ms (default performance.now): for tests. */
  sink?: DisplaySink | null;
  stream?: ProgressStream;
  now?: () => number;
}

export interface Progress {
  /** `done` steps of `total` are complete; `metrics` are the latest values (loss, accuracy, ...). */
  update(done: number, metrics?: Record<string, number>): void;
  /** Draws the final state (always, regardless of throttling). */
  finish(metrics?: Record<string, number>): void;
  /** Ends the display early with a note saying why (e.g. "interrupted in epoch 3 of 10, batch 17 of 40"). */
  stop?(note: string): void;
}

const noop: Progress = { update: () => undefined, finish: () => undefined, stop: () => undefined };

/** True unless NNLAB_PROGRESS is "0", "false" or "off". */
export function progressEnabledByEnv(): boolean {
  const v = process.env.NNLAB_PROGRESS;
  return !(v !== undefined && /^(0|false|off|no)$/i.test(v.trim()));
}

/**
 * A progress bar.
 *
 * ```ts
 * const bar = createProgress({ total: epochs, label: "epoch" });
 * for (let e = 1; e <= epochs; e++) { ...; bar.update(e, { loss, accuracy }); }
 * bar.finish();
 * ```
 */
export function createProgress(options: ProgressOptions): Progress {
  const fn = "createProgress";
  if (options == null || !Number.isInteger(options.total) || options.total < 0) {
    throw new Error(`${fn}: total must be a non-negative integer, got ${options == null ? String(options) : String(options.total)}`);
  }
  if (options.enabled === false || !progressEnabledByEnv()) return noop;
  const now = options.now ?? (() => performance.now());
  const throttleMs = options.throttleMs ?? 100;
  const label = options.label ?? "epoch";
  const start = now();
  const state: ProgressState = { label, done: 0, total: options.total, elapsed: 0, metrics: {}, finished: false };
  let lastDraw = -Infinity;
  let finished = false;

  let draw: (final: boolean) => void;
  const sink = options.sink !== undefined ? options.sink : options.stream ? null : (detectNotebook()?.sink ?? null);
  if (sink) {
    const output = sink.newDisplay();
    draw = () => output.update({ "text/html": progressHtml(state), "text/plain": progressText(state) });
  } else {
    const stream: ProgressStream = options.stream ?? process.stderr;
    if (stream.isTTY) {
      let lastLength = 0;
      draw = (final) => {
        let line = progressText(state);
        const columns = stream.columns ?? 0;
        if (columns > 10 && line.length > columns - 1) line = line.slice(0, columns - 1);
        const pad = lastLength > line.length ? " ".repeat(lastLength - line.length) : "";
        lastLength = line.length;
        stream.write(`\r${line}${pad}${final ? "\n" : ""}`);
      };
    } else {
      const interval = options.plainIntervalMs ?? 5000;
      let lastLine = -Infinity;
      draw = (final) => {
        const t = now();
        if (!final && t - lastLine < interval) return;
        lastLine = t;
        stream.write(progressText(state) + "\n");
      };
    }
  }

  const set = (done: number, metrics: Record<string, number> | undefined): void => {
    if (typeof done !== "number" || Number.isNaN(done)) throw new Error(`Progress.update: done must be a number, got ${String(done)}`);
    state.done = done;
    if (metrics) state.metrics = { ...metrics };
    state.elapsed = (now() - start) / 1000;
  };

  const end = (metrics: Record<string, number> | undefined, note?: string): void => {
    if (finished) return;
    finished = true;
    set(state.done, metrics);
    state.finished = true;
    if (note !== undefined) state.note = String(note);
    draw(true);
  };
  return {
    update(done, metrics) {
      if (finished) return;
      set(done, metrics);
      const t = now();
      if (t - lastDraw < throttleMs && done < state.total) return;
      lastDraw = t;
      draw(false);
    },
    finish: (metrics) => end(metrics),
    stop: (note) => end(undefined, note),
  };
}
