// Page shells of the lecture-notes site: one page per notebook and the index.
// All links are relative so the site works opened from disk (file://).
import { escapeHtml } from "./markdown.mjs";

export const SITE_TITLE = "nnlab";
export const SITE_SUBTITLE = "Neural networks in TypeScript: lecture notes";

/** "03-mlp-digits" -> "03" (the lecture number shown in navigation), or "". */
export function lectureNumber(name) {
  const match = /^(\d+)/.exec(name);
  return match ? match[1] : "";
}

/**
 * The title without a leading lecture number ("1. The perceptron", "00 · Welcome")
 * when the page name carries the number: navigation shows the number itself.
 */
export function shortTitle(page) {
  if (!lectureNumber(page.name)) return page.title;
  return page.title.replace(/^\s*(?:lecture\s+|notebook\s+)?\d+\s*(?:[.:·)\u2013\u2014-]\s*|\s+)/i, "").trim() || page.title;
}

/** Nested ordered lists from headings [{ level, id, html }] (levels 1-3; the page title is left out). */
export function tocHtml(headings) {
  const firstH1 = headings.findIndex((h) => h.level === 1);
  const items = headings.filter((h, i) => h.level <= 3 && i !== firstH1);
  if (items.length === 0) return "";
  const base = Math.min(...items.map((h) => h.level));
  let html = "";
  let depth = 0; // open <ol> levels
  for (const heading of items) {
    const level = heading.level - base + 1;
    if (depth === 0) {
      html += "<ol>";
      depth = 1;
    } else if (level > depth) {
      while (depth < level) {
        html += "<ol>";
        depth++;
      }
    } else {
      html += "</li>";
      while (depth > level) {
        html += "</ol></li>";
        depth--;
      }
    }
    html += `<li><a href="#${escapeHtml(heading.id)}">${heading.html}</a>`;
  }
  html += "</li>";
  while (depth > 1) {
    html += "</ol></li>";
    depth--;
  }
  return `${html}</ol>`;
}

const THEME_BOOT =
  "(function(){var t=null;try{t=localStorage.getItem('nnlab-theme')}catch(e){}" +
  "if(t!=='dark'&&t!=='light')t=window.matchMedia&&matchMedia('(prefers-color-scheme: dark)').matches?'dark':'light';" +
  "document.documentElement.setAttribute('data-theme',t);})();";

/** Search box (the index loads on first use) and the dark-mode switch. */
function headerTools() {
  return (
    `<div class="header-tools">` +
    `<form class="search" role="search" action="#" onsubmit="return false">` +
    `<input type="search" id="search-input" class="search-input" placeholder="Search the notes" aria-label="Search the notes" autocomplete="off" aria-controls="search-results">` +
    `<div id="search-results" class="search-results" aria-live="polite" hidden></div></form>` +
    `<button type="button" class="theme-toggle" aria-pressed="false" title="Switch between light and dark">Dark mode</button>` +
    `</div>`
  );
}

/** "Executed 2026-12-06 05:40 UTC with nnlab 0.1.0, tslab 1.0.22 and Node v20.20.2." */
export function executedLine(info) {
  if (!info) return "";
  const when = info.executedAt ? `Executed ${escapeHtml(info.executedAt.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC"))}` : "Executed";
  return `<p class="executed">${when} with nnlab ${escapeHtml(info.nnlab || "?")}, tslab ${escapeHtml(info.tslab || "?")} and Node ${escapeHtml(info.node || "?")}.</p>`;
}

function head({ title, description, hasMath, hasPlots }) {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(title)}</title>`,
    description ? `<meta name="description" content="${escapeHtml(description)}">` : "",
    hasMath ? '<link rel="stylesheet" href="assets/katex/katex.min.css">' : "",
    '<link rel="stylesheet" href="assets/notes.css">',
    // Loaded before the body so each plot's bootstrap script finds window.Plotly.
    hasPlots ? '<script src="assets/plotly.min.js"></script>' : "",
    // The colour scheme before the first paint: the reader's choice, else the system's.
    `<script>${THEME_BOOT}</script>`,
    '<script src="assets/notes.js" defer></script>',
    "</head>",
  ]
    .filter(Boolean)
    .join("\n");
}

function siteHeader(nav) {
  return (
    `<a class="skip-link" href="#content">Skip to content</a>\n` +
    `<header class="site-header"><div class="site-header-inner">` +
    `<a class="site-title" href="index.html">${SITE_TITLE}</a><span class="site-subtitle">${SITE_SUBTITLE}</span>` +
    `${nav}${headerTools()}</div></header>`
  );
}

function pagerLink(page, rel) {
  if (!page) return `<span class="pager-${rel} pager-empty"></span>`;
  const label = rel === "prev" ? "Previous lecture" : "Next lecture";
  const number = lectureNumber(page.name);
  return (
    `<a class="pager-${rel}" rel="${rel}" href="${escapeHtml(page.name)}.html">` +
    `<span class="pager-label">${label}</span>` +
    `<span class="pager-title">${number ? `<span class="lecture-number">${number}</span> ` : ""}${escapeHtml(shortTitle(page))}</span></a>`
  );
}

/**
 * The HTML page of one rendered notebook (see render.mjs renderNotebook).
 * @param page  the renderNotebook result
 * @param nav   { prev, next } neighbouring pages ({ name, title }) or undefined;
 *              download: relative link to the source .ipynb, if copied
 */
export function notebookPage(page, nav = {}) {
  const toc = tocHtml(page.headings);
  const number = lectureNumber(page.name);
  const topNav =
    `<nav class="top-nav" aria-label="Lectures">` +
    (nav.prev ? `<a href="${escapeHtml(nav.prev.name)}.html" rel="prev" title="${escapeHtml(shortTitle(nav.prev))}">&larr; Previous</a>` : "") +
    `<a href="index.html">All lectures</a>` +
    (nav.next ? `<a href="${escapeHtml(nav.next.name)}.html" rel="next" title="${escapeHtml(shortTitle(nav.next))}">Next &rarr;</a>` : "") +
    `</nav>`;
  return [
    head({ title: `${number ? `${number} ` : ""}${shortTitle(page)} · ${SITE_TITLE}`, description: page.description, hasMath: page.hasMath, hasPlots: page.hasPlots }),
    `<body class="page-notebook">`,
    siteHeader(topNav),
    `<div class="layout${toc ? "" : " no-toc"}">`,
    toc ? `<aside class="toc-sidebar"><nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">On this page</h2>${toc}</nav></aside>` : "",
    `<main id="content" class="notebook" data-plots="${page.plotCount}">`,
    page.hasH1 ? "" : `<h1>${escapeHtml(page.title)}</h1>`,
    page.runnableCells
      ? `<div class="run-bar" role="toolbar" aria-label="Run the code on this page">` +
        `<span class="run-bar-note">Edit any code cell and run it here, in your browser.</span>` +
        `<button type="button" class="run-all">Run all</button>` +
        `<button type="button" class="run-stop" disabled>Stop</button>` +
        `<button type="button" class="run-reset" title="A fresh runtime; the original code and outputs come back">Reset</button>` +
        `<span class="run-status" role="status" aria-live="polite">Showing the stored outputs.</span></div>`
      : "",
    page.bodyHtml,
    `<nav class="pager" aria-label="Previous and next lecture">${pagerLink(nav.prev, "prev")}${pagerLink(nav.next, "next")}</nav>`,
    `</main>`,
    `</div>`,
    `<footer class="site-footer"><p>Executed notebook <code>${escapeHtml(page.name)}.ipynb</code>, rendered by <code>npm run notes</code>. Works offline.` +
      (nav.download ? ` <a class="download-notebook" href="${escapeHtml(nav.download)}" download="${escapeHtml(page.name)}.ipynb">Download the notebook (.ipynb)</a>` : "") +
      (nav.zip ? ` · <a class="download-course" href="${escapeHtml(nav.zip)}" download>Download the whole course (.zip)</a>` : "") +
      `</p>${executedLine(nav.info)}</footer>`,
    `</body>`,
    `</html>`,
    "",
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * The index page: the lecture sequence with each lecture's title and description.
 * @param pages renderNotebook results in lecture order
 */
export function indexPage(pages, site = {}) {
  const items = pages
    .map((page) => {
      const number = lectureNumber(page.name);
      const facts = [page.plotCount ? `${page.plotCount} plot${page.plotCount === 1 ? "" : "s"}` : "", page.hasMath ? "maths" : ""].filter(Boolean).join(" · ");
      return (
        `<li class="lecture">` +
        `<a class="lecture-link" href="${escapeHtml(page.name)}.html">` +
        (number ? `<span class="lecture-number" aria-hidden="true">${number}</span>` : "") +
        `<span class="lecture-title">${escapeHtml(shortTitle(page))}</span></a>` +
        (page.descriptionHtml ? `<p class="lecture-description">${page.descriptionHtml}</p>` : "") +
        (facts ? `<p class="lecture-facts">${facts}</p>` : "") +
        `</li>`
      );
    })
    .join("\n");
  const hasMath = pages.some((p) => /class="katex/.test(p.descriptionHtml || ""));
  return [
    head({ title: `${SITE_TITLE}: ${SITE_SUBTITLE}`, description: "Lecture notes of the nnlab neural-network course.", hasMath, hasPlots: false }),
    `<body class="page-index">`,
    siteHeader(""),
    `<div class="layout no-toc">`,
    `<main id="content" class="index">`,
    `<h1>Neural networks in TypeScript</h1>`,
    `<p class="lead">The executed notebooks of the course, one lecture per page, from a single perceptron to deep networks. ` +
      `Every plot is interactive, every code cell can be edited and run in your browser, and every page works offline.</p>`,
    `<h2 id="lectures">Lectures</h2>`,
    `<ol class="lectures" aria-labelledby="lectures">`,
    items,
    `</ol>`,
    `</main>`,
    `</div>`,
    `<footer class="site-footer"><p>Rendered by <code>npm run notes</code> from the notebooks in <code>notebooks/</code>.` +
      (site.zip ? ` <a class="download-course" href="${escapeHtml(site.zip)}" download>Download the whole course (.zip)</a>` : "") +
      `</p>${executedLine(site.info)}</footer>`,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}
