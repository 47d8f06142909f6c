/**
 * The one place that talks to the tslab kernel (for `show` and the progress bars).
 * Detection never loads tslab: it looks for tslab's modules among those this process
 * has loaded, once tslab executes a cell (`lastWriteDisplayData` is set). Multi-MIME
 * outputs need tslab's internal display hook, used only with the tslab version it was
 * tested with; any other version gets the public API (one MIME type per output, text/html preferred).
 */
import * as path from "path";

/** A MIME bundle: MIME type -> content (a string, or a JSON object for application/*+json types). */
export type MimeBundle = Record<string, string | object>;

/** Where rich outputs go: a notebook cell (tslab) or a test double. */
export interface DisplaySink {
  /** Adds one output to the current cell. */
  display(bundle: MimeBundle): void;
  /** Creates an output that can be replaced in place (progress bars). */
  newDisplay(): { update(bundle: MimeBundle): void };
}

/** The tslab version whose internal display hook nnlab uses for multi-MIME outputs. */
export const TESTED_TSLAB_VERSION = "1.0.22";

interface TslabJupyterModule {
  lastWriteDisplayData: ((content: { data: MimeBundle; metadata: object; transient: { display_id?: string } }, update: boolean) => void) | null;
}
type TslabPublicDisplay = { html(s: string): void; text(s: string): void };
type TslabPublicModule = { display: TslabPublicDisplay; newDisplay(): TslabPublicDisplay };

/** tslab's loaded modules, if any: dist/jupyter.js (internal) and dist/public.js (public API). */
function findTslabModules(): { jupyter: TslabJupyterModule; publicApi?: TslabPublicModule; version?: string } | null {
  const cache = typeof require !== "undefined" ? require.cache : undefined;
  if (!cache) return null;
  for (const file of Object.keys(cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const jupyter = cache[file]?.exports as TslabJupyterModule | undefined;
    if (!jupyter || typeof jupyter.lastWriteDisplayData !== "function") continue;
    const dist = path.dirname(file);
    // public.js is loaded only if a cell imported "tslab"; inside a kernel requiring it is cheap
    const publicApi = (cache[path.join(dist, "public.js")]?.exports ?? tryRequire(path.join(dist, "public.js"))) as TslabPublicModule | undefined;
    const version = (tryRequire(path.join(dist, "..", "package.json")) as { version?: string } | undefined)?.version;
    return { jupyter, publicApi, version };
  }
  return null;
}

function tryRequire(file: string): unknown {
  try {
    return require(file);
  } catch {
    return undefined;
  }
}

let displayIdCounter = 0;

/** A sink over tslab's internal hook (multi-MIME, update in place by display_id). */
function internalSink(jupyter: TslabJupyterModule): DisplaySink {
  const write = (bundle: MimeBundle, displayId: string | undefined, update: boolean): void => {
    const hook = jupyter.lastWriteDisplayData;
    if (typeof hook !== "function") throw new Error("show: the tslab kernel is not ready to display outputs");
    hook({ data: bundle, metadata: {}, transient: displayId ? { display_id: displayId } : {} }, update);
  };
  return {
    display: (bundle) => write(bundle, undefined, false),
    newDisplay: () => {
      const id = `nnlab-${process.pid.toString(36)}-${Date.now().toString(36)}-${++displayIdCounter}`;
      let shown = false;
      return { update: (bundle) => { write(bundle, id, shown); shown = true; } };
    },
  };
}

function pickOne(bundle: MimeBundle, target: TslabPublicDisplay): void {
  const html = bundle["text/html"];
  if (typeof html === "string") target.html(html);
  else target.text(String(bundle["text/plain"] ?? ""));
}

/** A sink over tslab's public API (one MIME type per output). */
function publicSink(api: TslabPublicModule): DisplaySink {
  return {
    display: (bundle) => pickOne(bundle, api.display),
    newDisplay: () => { const d = api.newDisplay(); return { update: (bundle) => pickOne(bundle, d) }; },
  };
}

/** How outputs reach the notebook, or null when not running inside a tslab kernel. */
export interface NotebookEnvironment {
  sink: DisplaySink;
  /** True when outputs may carry several MIME types (tested tslab version, internal hook). */
  multiMime: boolean;
  tslabVersion?: string;
}

/** The tslab kernel this process runs in, or null (plain Node, tests). */
export function detectNotebook(): NotebookEnvironment | null {
  const found = findTslabModules();
  if (!found) return null;
  // NNLAB_TSLAB_DISPLAY=public forces the public API (to test the fallback in a real kernel)
  if (found.version === TESTED_TSLAB_VERSION && process.env.NNLAB_TSLAB_DISPLAY !== "public") {
    return { sink: internalSink(found.jupyter), multiMime: true, tslabVersion: found.version };
  }
  if (found.publicApi && typeof found.publicApi.newDisplay === "function") return { sink: publicSink(found.publicApi), multiMime: false, tslabVersion: found.version };
  return null;
}
