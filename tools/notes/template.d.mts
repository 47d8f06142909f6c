import type { Heading } from "./markdown.mjs";
import type { RenderedNotebook } from "./render.mjs";

export const SITE_TITLE: string;
export const SITE_SUBTITLE: string;
export function lectureNumber(name: string): string;
export function tocHtml(headings: Heading[]): string;
import type { ExecutionInfo } from "./site.mjs";
export function notebookPage(
  page: RenderedNotebook,
  nav?: { prev?: { name: string; title: string }; next?: { name: string; title: string }; download?: string; zip?: string; info?: ExecutionInfo },
): string;
export function indexPage(pages: RenderedNotebook[], site?: { zip?: string; info?: ExecutionInfo }): string;
export function executedLine(info: ExecutionInfo | undefined): string;
export function shortTitle(page: { name: string; title: string }): string;
