export function inspect(value: unknown, options?: { depth?: number }): string;
export function formatArgs(args: unknown[]): string;
