export declare class NotebookFormatError extends Error {
  constructor(message: string);
}
export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata?: Record<string, any>;
  outputs?: any[];
  execution_count?: number | null;
  id?: string;
  [key: string]: any;
}
export interface Notebook {
  nbformat: 4;
  nbformat_minor?: number;
  metadata: Record<string, any>;
  cells: NotebookCell[];
}
export declare function joinSource(source: string | string[]): string;
export declare function parseNotebook(text: string, file: string): Notebook;
export declare function readNotebook(file: string): Notebook;
export declare function kernelName(nb: Notebook): string | undefined;
export declare function formatNotebook(nb: Notebook): string;
export declare function writeNotebook(file: string, nb: Notebook): void;
export declare function stripOutputs(nb: Notebook): Notebook;
export declare function jsonErrorOffset(text: string): number | undefined;
