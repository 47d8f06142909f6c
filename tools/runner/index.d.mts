export { KERNEL_NAME, NOTEBOOK_KERNELSPEC, JUPYTER_DATA_DIR, PROJECT_ROOT, findKernelSpec } from "./kernelspec.mjs";

/** Why a notebook failed. */
export interface NotebookFailure {
  kind: "malformed" | "no-kernel" | "kernel-start" | "kernel-died" | "cell-error" | "timeout" | "protocol" | "probe";
  /** The full report without the notebook name (formatFailure adds it). */
  message: string;
  /** 1-based number of the failing cell among all cells, as counted in the file. */
  cellNumber?: number;
  /** 1-based number of the failing cell among the code cells. */
  codeCellNumber?: number;
  /** The failing cell's source. */
  source?: string;
  /** What went wrong with the cell, e.g. "failed" or "timed out after 300 s (...)". */
  summary?: string;
  /** The full error text (tslab's stderr, error outputs, the reply's traceback). */
  errorText?: string;
}

export interface NotebookResult {
  /** The path as shown in messages (relative to the working directory when inside it). */
  notebook: string;
  /** Absolute path of the source notebook. */
  path: string;
  /** File name, e.g. "00-welcome.ipynb". */
  name: string;
  ok: boolean;
  /** The executed copy (written even when a cell failed, up to that cell); null if never run. */
  outPath: string | null;
  durationMs: number;
  /** Number of code cells, and how many were sent to the kernel. */
  cells: number;
  executed: number;
  failure?: NotebookFailure;
  /** What the probe code printed (see RunOptions.probe); undefined without a probe or after a failure. */
  probe?: string;
}

export type ProgressEvent =
  | { type: "notebook-start"; notebook: string }
  | { type: "cell"; notebook: string; cellNumber: number; codeCellNumber: number; codeCells: number }
  | { type: "notebook-done"; notebook: string; result: NotebookResult };

export interface RunOptions {
  /** Notebook paths; default: every notebooks/*.ipynb of the project. */
  notebooks?: string[];
  /** Where executed copies go; default <project>/build/notebooks. */
  outDir?: string;
  /** Time limit per cell in ms; default 300 s (env NNLAB_CELL_TIMEOUT, seconds). */
  cellTimeoutMs?: number;
  /** Time limit for a kernel to start, ms; default 60 s. */
  startTimeoutMs?: number;
  /** Notebooks run at once; default os.cpus().length. */
  jobs?: number;
  /** Use this kernel instead of the one named in each notebook's metadata. */
  kernelName?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Code to run after the notebook's last cell (by file name, e.g. "03-mlp-digits.ipynb"); its stdout becomes result.probe. */
  probe?: (name: string) => string | undefined;
}

export declare const DEFAULT_CELL_TIMEOUT_MS: number;
export declare function listNotebooks(dir?: string): string[];
/** A path as given, or a bare name (`01-perceptron.ipynb`, `01-perceptron`) of a notebook in <project>/notebooks. */
export declare function resolveNotebook(name: string, cwd?: string): string;
export declare function formatFailure(result: { notebook: string; failure?: NotebookFailure }): string;
export declare function runNotebook(file: string, opts?: Omit<RunOptions, "notebooks" | "jobs">): Promise<NotebookResult>;
export declare function runNotebooks(opts?: RunOptions): Promise<NotebookResult[]>;
export declare function killAllKernels(): void;
