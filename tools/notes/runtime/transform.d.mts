export function patternNames(pattern: unknown, out?: string[]): string[];
export class CellSyntaxError extends SyntaxError {
  line?: number;
  column?: number;
  constructor(message: string, line?: number, column?: number);
}
export function stripTypes(source: string): string;
export function compileCell(source: string, known?: string[]): { code: string; declared: string[]; imports: string[] };
