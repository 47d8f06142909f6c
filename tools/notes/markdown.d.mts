import type MarkdownIt from "markdown-it";

export interface Heading {
  level: number;
  id: string;
  text: string;
  html: string;
}
export interface MarkdownEnv {
  slugger: { slug(text: string): string };
  headings: Heading[];
  hasMath: boolean;
  warnings: string[];
}
export function escapeHtml(text: unknown): string;
export function renderTex(tex: string, displayMode: boolean, onError?: (message: string) => void): string;
export function highlightCode(code: string, language?: string): string;
export function createMarkdown(): MarkdownIt;
export function newMarkdownEnv(): MarkdownEnv;
