export function siteCss(): string;
export function scopeRules(css: string, prefix: string): string;
export function themed(css: string): string;
export function writeAssets(outDir: string): void;
export interface SitePage {
  name: string;
  title: string;
  file: string;
  bytes: number;
  plotCount: number;
  hasMath: boolean;
  runnableCells: number;
  droppedBundles: number;
  warnings: string[];
}
export interface SearchDocument {
  id: number;
  href: string;
  title: string;
  heading: string;
  text: string;
}
export interface ExecutionInfo {
  executedAt?: string;
  nnlab?: string;
  tslab?: string;
  node?: string;
}
export const SEARCH_OPTIONS: { fields: string[]; storeFields: string[] };
export function searchDocuments(pages: { name: string; title: string; bodyHtml: string }[]): SearchDocument[];
export function executionInfo(notebooks: { file: string }[]): ExecutionInfo;
export function buildSite(options: { notebooks: { name: string; file: string; source?: string }[]; outDir: string; info?: ExecutionInfo }): Promise<{
  pages: SitePage[];
  indexFile: string;
  runtime: { workerBytes: number; dataBytes: number; ms: number };
  searchDocuments: number;
  zip?: string;
}>;
