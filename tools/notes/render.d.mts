import type { Heading } from "./markdown.mjs";

/** A multi-line nbformat string: one string or a list of lines. */
export type MultilineString = string | string[];
export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | string;
  name?: string;
  text?: MultilineString;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number | null;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
export interface NotebookCell {
  cell_type: "markdown" | "code" | "raw" | string;
  source: MultilineString;
  metadata?: Record<string, any>;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
  attachments?: Record<string, Record<string, MultilineString>>;
}
export interface Notebook {
  cells: NotebookCell[];
  metadata?: Record<string, any>;
  nbformat?: number;
  nbformat_minor?: number;
}
export interface RenderedNotebook {
  name: string;
  title: string;
  description: string;
  descriptionHtml: string;
  bodyHtml: string;
  headings: Heading[];
  hasH1: boolean;
  hasMath: boolean;
  plotCount: number;
  hasPlots: boolean;
  droppedBundles: number;
  runnableCells: number;
  warnings: string[];
}
export interface RenderContext {
  env: import("./markdown.mjs").MarkdownEnv;
  plotSeq: number;
  droppedBundles: number;
  runnable?: number;
}
export function joinSource(source: MultilineString | null | undefined): string;
export function cellTags(cell: NotebookCell): Set<string>;
export function applyCarriageReturns(text: string): string;
export function ansiToHtml(text: string): string;
export function countPlots(html: string): number;
export function isPlotlyBundleOutput(output: NotebookOutput): boolean;
export function renderMimeBundle(data: Record<string, unknown>, metadata: Record<string, unknown>, ctx: RenderContext): { html: string; plots: number; math: boolean };
export function mergeStreams(outputs: NotebookOutput[]): NotebookOutput[];
export function renderOutputs(outputs: NotebookOutput[] | undefined, ctx: RenderContext): { html: string; plots: number; math: boolean };
export function notebookSummary(nb: Notebook, fallbackTitle: string): { title: string; description: string; descriptionHtml: string };
export function renderNotebook(nb: Notebook, options?: { name?: string }): RenderedNotebook;
export function leadSentences(source: string, minChars?: number, maxChars?: number): string;
export function plotTitles(html: string): string[];
export function runnableLanguage(language: string): boolean;
export function foldSolution(html: string, tags: Set<string>): string;
