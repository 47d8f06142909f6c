/** Lines of lib/src and of the import closure of the file that exports `class Tensor`. */
export function sizes(): { libLines: number; tensorFile: string; closureFiles: string[]; closureLines: number };
