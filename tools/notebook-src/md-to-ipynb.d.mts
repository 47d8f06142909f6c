/** A Jupyter notebook (nbformat 4.5) as written by md-to-ipynb. */
export interface GeneratedNotebook {
  cells: Array<{ cell_type: "code" | "markdown"; id: string; metadata: object; source: string[]; outputs?: unknown[]; execution_count?: null }>;
  metadata: { kernelspec: { name: string; display_name: string; language: string }; language_info: { name: string } };
  nbformat: number;
  nbformat_minor: number;
}
export function notebookFromMarkdown(text: string, name: string): GeneratedNotebook;
export function notebookText(notebook: GeneratedNotebook): string;
