// The page script of the lecture-notes site (bundled to assets/notes.js, loaded
// with `defer` on every page). It adds:
// - runnable cells: the editor (a textarea over the highlighted code), Run,
//   Run all above, Run all, Stop, Reset. The runtime (assets/runtime/worker.js,
//   a Blob worker with nnlab and the lectures package, and data.js, the data
//   sets) is loaded on the first Run only;
// - copy buttons, the dark-mode switch (plots follow it), search, and the
//   notebook download.
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";

hljs.registerLanguage("typescript", typescript);

/** Packages bundled separately (tools/notes/runtime/build.mjs EXTRA_MODULES). */
const EXTRA_MODULES = ["mathjs"];

const $all = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// ---------------------------------------------------------------- theme
const THEME_KEY = "nnlab-theme";
const currentTheme = () => (document.documentElement.getAttribute("data-theme") === "dark" ? "dark" : "light");

/** Plotly layout colours for a theme (applied on top of each figure's own layout). */
function plotColors(theme) {
  return theme === "dark"
    ? { paper: "#12181e", plot: "#12181e", font: "#e6e9ec", grid: "#2d3640", line: "#5c6773" }
    : { paper: "#ffffff", plot: "#ffffff", font: "#1f2328", grid: "#e5e8eb", line: "#8c959f" };
}

/** Restyle one drawn Plotly plot for the current theme. */
export function themePlot(div) {
  const Plotly = window.Plotly;
  if (!Plotly || !div || !div._fullLayout) return;
  const c = plotColors(currentTheme());
  const update = { paper_bgcolor: c.paper, plot_bgcolor: c.plot, "font.color": c.font };
  for (const key of Object.keys(div._fullLayout)) {
    if (/^[xy]axis\d*$/.test(key)) {
      update[`${key}.gridcolor`] = c.grid;
      update[`${key}.zerolinecolor`] = c.line;
      update[`${key}.linecolor`] = c.line;
    }
  }
  div.setAttribute("data-theme", currentTheme());
  Plotly.relayout(div, update);
}

function themeAllPlots() {
  for (const div of $all(".nnlab-plot")) if (div._fullLayout) themePlot(div);
}

function setTheme(theme, remember) {
  document.documentElement.setAttribute("data-theme", theme);
  if (remember) {
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // private mode: the choice lasts for this page
    }
  }
  for (const button of $all(".theme-toggle")) {
    // A toggle button: a fixed name ("Dark mode") and its state in aria-pressed.
    button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  }
  themeAllPlots();
}

function initTheme() {
  for (const button of $all(".theme-toggle")) button.addEventListener("click", () => setTheme(currentTheme() === "dark" ? "light" : "dark", true));
  setTheme(currentTheme(), false);
  // Follow the system setting while the reader has not chosen.
  const media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  if (media && media.addEventListener) {
    media.addEventListener("change", (event) => {
      let chosen = null;
      try {
        chosen = localStorage.getItem(THEME_KEY);
      } catch {
        chosen = null;
      }
      if (!chosen) setTheme(event.matches ? "dark" : "light", false);
    });
  }
  // Stored plots are drawn by their own scripts: restyle them once they are.
  window.addEventListener("load", () => setTimeout(themeAllPlots, 0));
}

// ---------------------------------------------------------------- copy
async function copyText(text, button) {
  let ok = false;
  try {
    await navigator.clipboard.writeText(text);
    ok = true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    area.remove();
  }
  const label = button.textContent;
  button.textContent = ok ? "Copied" : "Copy failed";
  setTimeout(() => (button.textContent = label), 1500);
}

function initCopy() {
  // Code blocks in the prose get a copy button too.
  for (const pre of $all(".markdown-cell pre, .input:not(.runnable) pre")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code copy-block";
    button.textContent = "Copy";
    button.addEventListener("click", () => copyText(pre.innerText, button));
    pre.parentNode.insertBefore(button, pre);
  }
  for (const button of $all(".runnable-cell .copy-code")) {
    button.addEventListener("click", () => copyText(button.closest(".runnable-cell").querySelector("textarea").value, button));
  }
}

// ---------------------------------------------------------------- downloads
function initDownloads() {
  // From file:// a plain <a download> may open the file instead; a Blob link downloads it.
  for (const link of $all("a.download-notebook")) {
    link.addEventListener("click", (event) => {
      const data = document.getElementById("notebook-source");
      if (!data) return;
      event.preventDefault();
      const binary = atob(data.textContent.trim());
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      const blob = new Blob([bytes], { type: "application/x-ipynb+json" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = link.getAttribute("download") || "notebook.ipynb";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });
  }
}

// ---------------------------------------------------------------- script loading
const loading = new Map();
/** Load a script of the site by a <script> element (works from file://, unlike fetch). */
function loadScript(src) {
  if (!loading.has(src)) {
    loading.set(
      src,
      new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = src;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error(`could not load ${src}`));
        document.head.appendChild(script);
      }),
    );
  }
  return loading.get(src);
}

const assetBase = () => {
  const own = document.querySelector('script[src$="assets/notes.js"]');
  return own ? own.getAttribute("src").replace(/notes\.js$/, "") : "assets/";
};

// ---------------------------------------------------------------- search
let searchEngine = null;
async function searchIndex() {
  if (searchEngine) return searchEngine;
  await loadScript(`${assetBase()}search.js`);
  const { index, options } = window.__nnlabSearchIndex;
  searchEngine = window.__nnlabMiniSearch.loadJSON(index, options);
  return searchEngine;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function snippet(text, terms) {
  const lower = text.toLowerCase();
  let at = -1;
  for (const term of terms) {
    at = lower.indexOf(term.toLowerCase());
    if (at >= 0) break;
  }
  const start = Math.max(0, at - 60);
  const piece = (start > 0 ? "…" : "") + text.slice(start, start + 160) + (start + 160 < text.length ? "…" : "");
  let html = escapeHtml(piece);
  for (const term of terms) if (term.length > 1) html = html.replace(new RegExp(`(${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})`, "gi"), "<mark>$1</mark>");
  return html;
}

function initSearch() {
  const input = document.getElementById("search-input");
  const results = document.getElementById("search-results");
  if (!input || !results) return;
  let seq = 0;
  const render = async () => {
    const query = input.value.trim();
    const mine = ++seq;
    if (query.length < 2) {
      results.hidden = true;
      results.innerHTML = "";
      return;
    }
    const engine = await searchIndex();
    if (mine !== seq) return;
    const hits = engine.search(query, { prefix: true, fuzzy: 0.15, boost: { title: 3, heading: 2 } }).slice(0, 12);
    results.hidden = false;
    if (hits.length === 0) {
      results.innerHTML = `<p class="search-empty">No results for “${escapeHtml(query)}”.</p>`;
      return;
    }
    results.innerHTML =
      `<p class="search-count">${hits.length} result${hits.length === 1 ? "" : "s"}</p><ul>` +
      hits
        .map(
          (hit) =>
            `<li><a class="search-hit" href="${escapeHtml(hit.href)}"><span class="search-hit-title">${escapeHtml(hit.title)}</span>` +
            `${hit.heading ? ` <span class="search-hit-section">› ${escapeHtml(hit.heading)}</span>` : ""}</a>` +
            `<p class="search-snippet">${snippet(hit.text, hit.terms)}</p></li>`,
        )
        .join("") +
      "</ul>";
  };
  input.addEventListener("input", () => render().catch((error) => (results.textContent = `Search is unavailable: ${error.message}`)));
  input.addEventListener("focus", () => searchIndex().catch(() => undefined), { once: true });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      results.hidden = true;
    } else if (event.key === "Enter") {
      const first = results.querySelector("a.search-hit");
      if (first) first.click();
    }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".search")) results.hidden = true;
  });
}

// ---------------------------------------------------------------- runnable cells
const cells = () => $all(".runnable-cell");

/** Keep the highlighted copy under the textarea in step with the edited code. */
function syncEditor(textarea) {
  const code = textarea.parentNode.querySelector("pre code");
  const text = textarea.value;
  try {
    code.innerHTML = hljs.highlight(text.endsWith("\n") ? `${text} ` : text, { language: "typescript", ignoreIllegals: true }).value;
  } catch {
    code.textContent = text;
  }
  textarea.rows = Math.max(1, text.split("\n").length);
  textarea.closest(".runnable-cell").classList.toggle("edited", text !== textarea.defaultValue);
}

const ANSI = /\x1b\[[0-9;]*m/g;
/** Terminal text as a terminal shows it: \r returns to the line start, \b deletes. */
function terminalText(text) {
  return text
    .replace(ANSI, "")
    .split("\n")
    .map((line) => {
      let current = line.replace(/\r+$/, "");
      if (current.includes("\r")) current = current.slice(current.lastIndexOf("\r") + 1);
      return current;
    })
    .join("\n");
}

class Runtime {
  constructor(page) {
    this.page = page;
    this.worker = null;
    this.ready = null;
    this.runs = new Map(); // id -> run
    this.queue = [];
    this.busy = false;
    this.seq = 0;
  }

  /** Load the runtime scripts and start the worker (first Run only). */
  start() {
    if (this.ready) return this.ready;
    const base = assetBase();
    const started = performance.now();
    this.page.status("Loading the runtime (nnlab, the lectures package and the data sets)…");
    this.ready = Promise.all([loadScript(`${base}runtime/worker.js`), loadScript(`${base}runtime/data.js`)]).then(
      () =>
        new Promise((resolve, reject) => {
          const blob = new Blob([window.__nnlabWorkerSource], { type: "text/javascript" });
          const url = URL.createObjectURL(blob);
          const worker = new Worker(url);
          this.worker = worker;
          worker.onmessage = (event) => {
            const message = event.data;
            if (message.type === "ready") {
              URL.revokeObjectURL(url);
              this.readyMs = performance.now() - started;
              window.__nnlabRuntimeReadyMs = this.readyMs;
              this.page.status(`Runtime ready in ${(this.readyMs / 1000).toFixed(2)} s (nnlab ${message.nnlab}).`);
              resolve();
            } else this.onMessage(message);
          };
          worker.onerror = (event) => {
            event.preventDefault();
            const run = this.currentRun;
            if (run) {
              run.output.error({ ename: "Error", evalue: event.message, traceback: [event.message] });
              this.finish(run, false);
            } else reject(new Error(event.message || "the runtime failed to start"));
          };
          const files = {};
          const transfer = [];
          for (const [key, base64] of Object.entries(window.__nnlabDataFiles || {})) {
            const binary = atob(base64);
            const bytes = new Uint8Array(binary.length);
            for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
            files[key] = bytes;
            transfer.push(bytes.buffer);
          }
          worker.postMessage({ type: "init", files, extras: EXTRA_MODULES }, transfer);
        }),
    );
    this.ready.catch((error) => this.page.status(`The runtime could not start: ${error.message}`));
    return this.ready;
  }

  /** Queue a cell; runs start in order, one at a time. */
  enqueue(cell) {
    const run = { id: ++this.seq, cell, output: null };
    this.queue.push(run);
    cell.classList.add("queued");
    this.setPrompt(cell, "*");
    this.pump();
    return run;
  }

  async pump() {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    const run = this.queue.shift();
    try {
      await this.start();
    } catch (error) {
      this.busy = false;
      run.cell.classList.remove("queued");
      this.page.status(`The runtime could not start: ${error.message}`);
      return;
    }
    if (run.cancelled) {
      this.busy = false;
      this.pump();
      return;
    }
    this.currentRun = run;
    this.runs.set(run.id, run);
    run.cell.classList.remove("queued");
    run.cell.classList.add("running");
    run.output = new CellOutput(run.cell);
    run.started = performance.now();
    this.page.running(true);
    this.page.status(`Running cell ${run.cell.dataset.cell}…`);
    this.worker.postMessage({ type: "run", id: run.id, cell: run.cell.dataset.cell, source: run.cell.querySelector("textarea").value });
  }

  onMessage(message) {
    if (message.type === "module") {
      // A cell imports an extra package (e.g. mathjs): load its bundle and hand it over.
      const worker = this.worker;
      loadScript(`${assetBase()}runtime/module-${message.name}.js`).then(
        () => worker.postMessage({ type: "module", name: message.name, source: window.__nnlabModuleSources[message.name] }),
        () => worker.postMessage({ type: "module", name: message.name, source: `throw new Error("could not load the module ${message.name}")` }),
      );
      return;
    }
    const run = this.runs.get(message.id) || this.currentRun;
    if (!run || !run.output) return;
    switch (message.type) {
      case "stream":
        run.output.stream(message.name, message.text);
        break;
      case "display":
        run.output.display(message.bundle, message.displayId);
        break;
      case "result":
        run.output.result(message.text, ++this.page.count);
        run.hadResult = true;
        break;
      case "error":
        run.output.error(message);
        break;
      case "done":
        this.finish(run, message.ok, message.ms);
        break;
      default:
        break;
    }
  }

  finish(run, ok, ms) {
    if (run.finished) return;
    run.finished = true;
    run.cell.classList.remove("running");
    run.cell.classList.toggle("failed", !ok);
    this.setPrompt(run.cell, run.hadResult ? String(this.page.count) : String(++this.page.count));
    run.output.finish();
    this.currentRun = null;
    this.busy = false;
    const seconds = ((ms ?? performance.now() - run.started) / 1000).toFixed(2);
    if (!ok) {
      // Like Jupyter's "Run all": stop at the first error.
      for (const queued of this.queue) this.cancel(queued);
      this.queue = [];
      this.page.status(`Cell ${run.cell.dataset.cell} failed after ${seconds} s.`);
    } else this.page.status(`Cell ${run.cell.dataset.cell} ran in ${seconds} s.${this.queue.length ? ` ${this.queue.length} more queued.` : ""}`);
    if (this.queue.length === 0) this.page.running(false);
    this.pump();
  }

  cancel(run) {
    run.cancelled = true;
    run.cell.classList.remove("queued");
    this.setPrompt(run.cell, " ");
  }

  setPrompt(cell, text) {
    const prompt = cell.querySelector(".prompt-in");
    if (prompt) prompt.textContent = `In [${text}]`;
  }

  /** End the worker (a long loop cannot be interrupted otherwise); the next Run starts a fresh one. */
  terminate(reason) {
    if (this.worker) this.worker.terminate();
    this.worker = null;
    const run = this.currentRun;
    if (run && !run.finished) {
      run.finished = true;
      run.cell.classList.remove("running");
      run.output.stopped(reason);
      this.setPrompt(run.cell, " ");
    }
    for (const queued of this.queue) this.cancel(queued);
    this.queue = [];
    this.currentRun = null;
    this.busy = false;
  }
}

/** Where one run writes: replaces the cell's stored outputs on its first output. */
class CellOutput {
  constructor(cell) {
    this.cell = cell;
    const region = cell.querySelector(".cell-output");
    this.region = region;
    this.box = document.createElement("div");
    this.box.className = "outputs live-outputs";
    region.replaceChildren(this.box);
    this.lastStream = null;
    this.displays = new Map();
  }

  stream(name, text) {
    if (!this.lastStream || this.lastStream.name !== name || this.box.lastChild !== this.lastStream.el) {
      const el = document.createElement("pre");
      el.className = `output-stream output-${name}`;
      if (name === "stderr") el.setAttribute("aria-label", "standard error");
      this.box.appendChild(el);
      this.lastStream = { name, el, text: "" };
    }
    this.lastStream.text += text;
    this.lastStream.el.textContent = terminalText(this.lastStream.text);
  }

  display(bundle, displayId) {
    let holder = displayId ? this.displays.get(displayId) : null;
    if (!holder) {
      holder = document.createElement("div");
      holder.className = "output-result";
      this.box.appendChild(holder);
      if (displayId) this.displays.set(displayId, holder);
    }
    renderBundle(bundle, holder);
  }

  result(text, count) {
    const holder = document.createElement("div");
    holder.className = "output-result";
    holder.innerHTML = `<div class="prompt prompt-out" aria-hidden="true">Out[${count}]</div>`;
    const pre = document.createElement("pre");
    pre.className = "output-text";
    pre.textContent = text;
    holder.appendChild(pre);
    this.box.appendChild(holder);
  }

  error(message) {
    const pre = document.createElement("pre");
    pre.className = "output-error";
    pre.setAttribute("role", "note");
    pre.setAttribute("aria-label", "error");
    const lines = message.traceback && message.traceback.length ? message.traceback.slice() : [`${message.ename}: ${message.evalue}`];
    if (message.ename === "ReferenceError") lines.push("", "Hint: the cells above define the names this cell uses. Run them first (“Run all above”).");
    pre.textContent = lines.join("\n");
    this.box.appendChild(pre);
  }

  stopped(reason) {
    const pre = document.createElement("pre");
    pre.className = "output-error output-stopped";
    pre.textContent = reason;
    this.box.appendChild(pre);
  }

  finish() {
    if (!this.box.firstChild) {
      const note = document.createElement("p");
      note.className = "output-none";
      note.textContent = "(no output)";
      this.box.appendChild(note);
    }
  }
}

let plotSeq = 0;
/** Show one MIME bundle from the worker: a Plotly figure, HTML (progress bars), an image or text. */
function renderBundle(bundle, holder) {
  const html = typeof bundle["text/html"] === "string" ? bundle["text/html"] : null;
  let figure = bundle["application/vnd.plotly.v1+json"] || null;
  if (!figure && html && html.includes("nnlab-figure")) {
    const match = /<script[^>]*class="nnlab-figure"[^>]*>([\s\S]*?)<\/script>/.exec(html);
    if (match) figure = JSON.parse(match[1]);
  }
  if (figure) {
    if (typeof figure === "string") figure = JSON.parse(figure);
    const wrap = document.createElement("div");
    wrap.className = "output-html output-plot";
    wrap.setAttribute("role", "figure");
    const title = figure.layout && figure.layout.title;
    const text = typeof title === "string" ? title : title && title.text ? title.text : "";
    wrap.setAttribute("aria-label", `Plot: ${text.replace(/<[^>]*>/g, "") || "figure"}`);
    const div = document.createElement("div");
    div.className = "nnlab-plot";
    div.id = `nnlab-run-plot-${++plotSeq}`;
    wrap.appendChild(div);
    holder.replaceChildren(wrap);
    loadScript(`${assetBase()}plotly.min.js`)
      .then(() => window.Plotly.newPlot(div, figure.data || [], figure.layout || {}, Object.assign({ responsive: true }, figure.config || {})))
      .then(() => themePlot(div))
      .catch((error) => (div.textContent = `The plot could not be drawn: ${error.message}`));
    return;
  }
  if (html) {
    const box = document.createElement("div");
    box.className = "output-html";
    box.innerHTML = html; // from our own worker (progress bars, tables); scripts do not run
    holder.replaceChildren(box);
    return;
  }
  for (const mime of ["image/png", "image/jpeg", "image/gif"]) {
    if (typeof bundle[mime] === "string") {
      const img = document.createElement("img");
      img.src = `data:${mime};base64,${bundle[mime]}`;
      img.alt = typeof bundle["text/plain"] === "string" ? bundle["text/plain"] : "Output image";
      holder.replaceChildren(img);
      return;
    }
  }
  const pre = document.createElement("pre");
  pre.className = "output-text";
  pre.textContent = String(bundle["text/plain"] ?? JSON.stringify(bundle));
  holder.replaceChildren(pre);
}

function initRunnable() {
  const all = cells();
  if (all.length === 0) return;
  const bar = document.querySelector(".run-bar");
  const statusEl = bar && bar.querySelector(".run-status");
  const stopButton = bar && bar.querySelector(".run-stop");
  const page = {
    count: 0,
    status: (text) => {
      if (statusEl) statusEl.textContent = text;
    },
    running: (on) => {
      if (stopButton) stopButton.disabled = !on;
      document.body.classList.toggle("runtime-busy", on);
    },
  };
  // The stored outputs, to put back on Reset.
  const stored = new Map(all.map((cell) => [cell, { output: cell.querySelector(".cell-output").innerHTML, prompt: cell.querySelector(".prompt-in")?.textContent }]));
  let runtime = new Runtime(page);
  window.__nnlabRuntime = () => runtime;

  for (const cell of all) {
    const textarea = cell.querySelector("textarea");
    textarea.addEventListener("input", () => syncEditor(textarea));
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.shiftKey || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        runtime.enqueue(cell);
      }
    });
    cell.querySelector(".run-cell").addEventListener("click", () => runtime.enqueue(cell));
    cell.querySelector(".run-above").addEventListener("click", () => {
      for (const other of all) {
        if (other === cell) break;
        runtime.enqueue(other);
      }
    });
  }
  if (bar) {
    bar.querySelector(".run-all").addEventListener("click", () => {
      for (const cell of all) runtime.enqueue(cell);
    });
    stopButton.addEventListener("click", () => {
      runtime.terminate("Stopped: the runtime was ended (its variables are gone). The next Run starts a fresh one; run the cells above again first.");
      runtime = new Runtime(page);
      page.count = 0;
      page.running(false);
      page.status("Stopped. The next Run starts a fresh runtime.");
    });
    bar.querySelector(".run-reset").addEventListener("click", () => {
      runtime.terminate("Reset.");
      runtime = new Runtime(page);
      page.count = 0;
      page.running(false);
      for (const cell of all) {
        const textarea = cell.querySelector("textarea");
        textarea.value = textarea.defaultValue;
        syncEditor(textarea);
        const saved = stored.get(cell);
        cell.querySelector(".cell-output").innerHTML = saved.output;
        const prompt = cell.querySelector(".prompt-in");
        if (prompt && saved.prompt) prompt.textContent = saved.prompt;
        cell.classList.remove("failed", "running", "queued");
      }
      // The stored plots' scripts do not run again: draw them from their JSON.
      for (const script of $all(".cell-output script.nnlab-figure")) {
        const div = document.getElementById(script.getAttribute("data-target"));
        if (!div || !window.Plotly) continue;
        const fig = JSON.parse(script.textContent);
        div.textContent = "";
        window.Plotly.newPlot(div, fig.data || [], fig.layout || {}, Object.assign({ responsive: true }, fig.config || {})).then(() => themePlot(div));
      }
      page.status("Reset: the original code and the stored outputs are back.");
    });
  }
}

function init() {
  initTheme();
  initCopy();
  initDownloads();
  initSearch();
  initRunnable();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
