/** A Jupyter notebook (nbformat 4.5) as generated from notebooks/src/<name>.md. */
export interface GeneratedNotebook {
  cells: Array<{ cell_type: "code" | "markdown"; id: string; metadata: Record<string, unknown>; source: string[]; outputs?: unknown[]; execution_count?: null }>;
  metadata: { kernelspec: { name: string; display_name: string; language: string }; language_info: { name: string } };
  nbformat: number;
  nbformat_minor: number;
}
export const root: string;
export const SOURCE_DIR: string;
export const NOTEBOOK_DIR: string;
export const LECTURES_SRC: string;
export const EXPORT_MARK: string;
export const LECTURES_PACKAGE: string;
export function notebookFromMarkdown(text: string, name: string): GeneratedNotebook;
export function notebookText(notebook: GeneratedNotebook): string;
export function isExported(source: string): boolean;
export function exportedModule(notebook: { cells: Array<{ cell_type: string; source: string | string[] }> }, name: string): string | null;
export function generatedFiles(): Map<string, string>;
export function staleFiles(): string[];
