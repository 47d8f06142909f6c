/**
 * Browser stand-in for lib/src/plot/notebook.ts, swapped in by the runtime
 * bundle (tools/notes/runtime/build.mjs): the "kernel" is the page's Web
 * Worker, whose display sink (set by worker.mjs on globalThis) posts MIME
 * bundles to the page. Same exports as the original module.
 */

/** A MIME bundle: MIME type -> content (a string, or a JSON object for application/*+json types). */
export type MimeBundle = Record<string, string | object>;

/** Where rich outputs go. */
export interface DisplaySink {
  display(bundle: MimeBundle): void;
  newDisplay(): { update(bundle: MimeBundle): void };
}

export const TESTED_TSLAB_VERSION = "1.0.22";

export interface NotebookEnvironment {
  sink: DisplaySink;
  multiMime: boolean;
  tslabVersion?: string;
}

const SINK_KEY = "__nnlabDisplaySink";

/** The worker's sink: every output carries all its MIME types. */
export function detectNotebook(): NotebookEnvironment | null {
  const sink = (globalThis as unknown as Record<string, DisplaySink | undefined>)[SINK_KEY];
  return sink ? { sink, multiMime: true } : null;
}
