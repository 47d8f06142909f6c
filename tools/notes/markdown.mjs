// Markdown for the lecture notes: markdown-it with KaTeX math typeset at build
// time (markdown-it-texmath finds $...$, $$...$$, \(...\), \[...\]), code fences
// highlighted with highlight.js, and heading ids collected for the table of
// contents (github-slugger, unique per page).
import MarkdownIt from "markdown-it";
import texmath from "markdown-it-texmath";
import katex from "katex";
import hljs from "highlight.js";
import GithubSlugger from "github-slugger";

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Typeset TeX with KaTeX. A formula KaTeX cannot parse is shown as KaTeX's red
 * error text and reported through `onError` (the build prints it), never thrown.
 */
export function renderTex(tex, displayMode, onError) {
  const options = { displayMode, output: "htmlAndMathml", throwOnError: true, strict: "ignore", trust: false };
  try {
    return katex.renderToString(tex, options);
  } catch (error) {
    if (onError) onError(`KaTeX: ${error instanceof Error ? error.message : String(error)} in ${JSON.stringify(tex)}`);
    return katex.renderToString(tex, { ...options, throwOnError: false });
  }
}

/** Highlight `code` in `language` (TypeScript by default); unknown languages are escaped only. */
export function highlightCode(code, language = "typescript") {
  const lang = language && hljs.getLanguage(language) ? language : undefined;
  if (!lang) return escapeHtml(code);
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

/** Plain text of an inline token's children (headings -> TOC labels and slugs). */
function inlineText(token) {
  if (!token.children) return token.content;
  return token.children
    .map((child) => (child.type === "text" || child.type === "code_inline" || child.type.startsWith("math_") ? child.content : child.children ? inlineText(child) : ""))
    .join("");
}

/**
 * Create the markdown renderer. Per render, pass an `env` object from
 * `newMarkdownEnv()`: it collects headings ({ level, id, text, html }) and math
 * usage across all cells of one page, so heading ids stay unique on the page.
 */
export function createMarkdown() {
  const md = new MarkdownIt({
    html: true, // notebooks are course content written by the instructors
    linkify: true,
    typographer: false,
    highlight: (code, lang) => `<pre class="hljs"><code class="language-${escapeHtml(lang || "text")}">${highlightCode(code, lang || "")}</code></pre>`,
  });
  md.use(texmath, { engine: katex, delimiters: ["dollars", "brackets", "beg_end"] });
  // texmath knows \[...\] only as a block at the start of a line; Jupyter also
  // typesets it inside a paragraph. Same tokenizer factory, display mode.
  md.inline.ruler.before(
    "escape",
    "math_inline_bracket_display",
    texmath.inline({ name: "math_inline_double", rex: /\\\[([\s\S]+?)\\\]/gy, tag: "\\[", displayMode: true }),
  );

  // Our own renderers for the math tokens texmath produces (semantic wrappers,
  // build-time KaTeX, errors reported to env.warnings).
  const warn = (env) => (message) => env && env.warnings && env.warnings.push(message);
  const inline = (tokens, idx, _options, env) => {
    if (env) env.hasMath = true;
    return `<span class="math math-inline">${renderTex(tokens[idx].content, false, warn(env))}</span>`;
  };
  const display = (tokens, idx, _options, env) => {
    if (env) env.hasMath = true;
    return `<span class="math math-display">${renderTex(tokens[idx].content, true, warn(env))}</span>`;
  };
  const block = (tokens, idx, _options, env) => {
    if (env) env.hasMath = true;
    const tag = tokens[idx].type === "math_block_eqno" && tokens[idx].info ? `<span class="eqno">(${escapeHtml(tokens[idx].info)})</span>` : "";
    return `<div class="math math-display">${renderTex(tokens[idx].content, true, warn(env))}${tag}</div>\n`;
  };
  for (const name of Object.keys(md.renderer.rules)) {
    if (!name.startsWith("math_")) continue;
    if (name === "math_inline") md.renderer.rules[name] = inline;
    else if (name.startsWith("math_inline")) md.renderer.rules[name] = display; // math_inline_double: $$..$$ inside a paragraph
    else md.renderer.rules[name] = block;
  }

  // Heading ids and the table of contents.
  md.core.ruler.push("nnlab_headings", (state) => {
    const env = state.env;
    if (!env || !env.slugger) return;
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.type !== "heading_open") continue;
      const content = tokens[i + 1];
      const text = inlineText(content).trim();
      const id = env.slugger.slug(text || "section");
      token.attrSet("id", id);
      // Label for the TOC: the heading's inline markup without links (no nested <a>).
      const children = (content.children || []).filter((child) => child.type !== "link_open" && child.type !== "link_close");
      const html = md.renderer.renderInline(children, md.options, env);
      env.headings.push({ level: Number(token.tag.slice(1)), id, text, html });
    }
  });

  // Links to other notebooks of the course point at their pages.
  const defaultLinkOpen = md.renderer.rules.link_open || ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const href = tokens[idx].attrGet("href");
    if (href && !/^[a-z][a-z0-9+.-]*:/i.test(href)) {
      tokens[idx].attrSet("href", href.replace(/^(?:\.\/)?([^/#?]+)\.ipynb(?=$|[#?])/, "$1.html"));
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

/** A fresh per-page environment for `md.render(source, env)`. */
export function newMarkdownEnv() {
  return { slugger: new GithubSlugger(), headings: [], hasMath: false, warnings: [] };
}
