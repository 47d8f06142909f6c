import type { Heading } from "./markdown.mjs";
import type { RenderedNotebook } from "./render.mjs";

export const SITE_TITLE: string;
export const SITE_SUBTITLE: string;
export function lectureNumber(name: string): string;
export function tocHtml(headings: Heading[]): string;
export function notebookPage(page: RenderedNotebook, nav?: { prev?: { name: string; title: string }; next?: { name: string; title: string }; download?: string }): string;
export function indexPage(pages: RenderedNotebook[]): string;
export function shortTitle(page: { name: string; title: string }): string;
