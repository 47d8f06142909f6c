#!/usr/bin/env node
// The project's Jupyter kernel: the pinned tslab (1.0.22), started from here and
// adjusted at run time. tslab's own files are not copied or edited; this file
// requires its modules and wraps a few of their functions before the kernel starts.
//
//   node tools/kernel/launch.cjs <connection_file>     (the kernelspec's argv)
//
// What changes, compared with plain `tslab kernel`:
// - errors: a cell that fails sends a Jupyter `error` message (ename, evalue,
//   traceback) and an execute_reply with status "error" and the same fields,
//   instead of text on stderr. Type errors keep tslab's one-line
//   `line:col - message` form. A runtime traceback starts with the message and
//   lists the cell's frames as `In[n]:line:col`, numbered by the cell's own lines
//   (tslab's compiled JavaScript is mapped back through two source maps made for
//   the purpose), and the library's frames as lib/src/….ts (Node's
//   --enable-source-maps); frames of node:vm, tslab and this launcher are dropped.
// - protocol: execute_input with the execution count; a cell's last expression
//   becomes an execute_result (Out[n]) formatted by util.inspect, unless the
//   cell ends with `;` (or the value is undefined, e.g. `void expr`);
//   kernel_info_reply has status "ok" and the real TypeScript and Node versions;
//   history_request is answered; comm_info_reply is a comm_info_reply;
//   shutdown_reply has a status; inspect works with the cursor just after `(`.
// - `({ a })` for a name declared in an earlier cell works like `({ a: a })`.
"use strict";
const crypto = require("crypto");
const Module = require("module");
const path = require("path");
const util = require("util");
const vm = require("vm");

const PROJECT_ROOT = path.resolve(__dirname, "..", "..");
const projectRequire = Module.createRequire(path.join(PROJECT_ROOT, "package.json"));
const TSLAB_DIR = path.dirname(projectRequire.resolve("tslab/package.json"));
const tslabRequire = Module.createRequire(path.join(TSLAB_DIR, "package.json"));
const TSLAB_VERSION = tslabRequire("./package.json").version;
const ts = tslabRequire("@tslab/typescript-for-tslab");
const { SourceMap } = Module;

// Frames hidden by tslab's and vm's own frames would otherwise be cut off.
Error.stackTraceLimit = Math.max(Error.stackTraceLimit || 10, 40);

const CELL_PREFIXES = ["(function(exports, require) { ", "(async function(exports, require) { "];
const CELL_SUFFIX = "\n})(__tslab__.exports, __tslab__.require)";
const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const ANY_MAP_COMMENT = /\n?\/\/# sourceMappingURL=\S*\s*$/;

// ---------------------------------------------------------------------------
// Source maps for cells. tslab compiles a cell twice: TypeScript -> ES module JS
// (its watch program) -> CommonJS (ts.transpileModule). We ask the first step for
// an inline source map and the second for a separate one, and keep both per cell.

/** Converted CommonJS text -> { tsMap, esmMap } of the conversion that produced it (a few recent ones). */
const pendingMaps = new Map();
/** vm file name of a cell ("In[3]") -> its maps and the length of tslab's wrapper prefix. */
const cellMaps = new Map();

const origCreateWatchCompilerHost = ts.createWatchCompilerHost;
function createWatchCompilerHost (rootFiles, options, ...rest) {
  // Only tslab's converter (its options carry outDir "outDir") gets the inline maps.
  if (options && options.outDir === "outDir") options = { ...options, inlineSourceMap: true, inlineSources: false, sourceMap: false };
  return origCreateWatchCompilerHost.call(ts, rootFiles, options, ...rest);
}

const origTranspileModule = ts.transpileModule;
function transpileModule (input, transpileOptions) {
  const found = typeof input === "string" && transpileOptions && transpileOptions.fileName === "custom.js" ? INLINE_MAP.exec(input) : null;
  if (!found) return origTranspileModule.call(ts, input, transpileOptions);
  const result = origTranspileModule.call(ts, input, {
    ...transpileOptions,
    compilerOptions: { ...transpileOptions.compilerOptions, sourceMap: true, inlineSourceMap: false },
  });
  const outputText = result.outputText.replace(ANY_MAP_COMMENT, "\n");
  try {
    const tsMap = new SourceMap(JSON.parse(Buffer.from(found[1], "base64").toString("utf8")));
    const esmMap = new SourceMap(JSON.parse(result.sourceMapText));
    pendingMaps.set(outputText, { tsMap, esmMap });
    while (pendingMaps.size > 8) pendingMaps.delete(pendingMaps.keys().next().value);
  } catch {
    // no maps: frames of this cell keep their compiled positions
  }
  return { ...result, outputText, sourceMapText: undefined };
}

// TypeScript's exports are read-only getters: tslab's converter gets its own view
// of the module (through the require cache) with the two functions above.
{
  const id = tslabRequire.resolve("@tslab/typescript-for-tslab");
  const view = {};
  const own = { createWatchCompilerHost, transpileModule };
  for (const key of Object.keys(ts)) {
    Object.defineProperty(view, key, key in own ? { enumerable: true, value: own[key] } : { enumerable: true, get: () => ts[key] });
  }
  const cached = require.cache[id];
  if (!cached) throw new Error("launch: @tslab/typescript-for-tslab is not loaded");
  cached.exports = view;
}

/** 1-based cell line and column of a position in a cell's compiled code, or null. */
function cellPosition(file, line, column) {
  const m = cellMaps.get(file);
  if (!m) return null;
  const l = line - 1;
  const c = Math.max(0, column - 1 - (l === 0 ? m.prefixLength : 0));
  const esm = m.esmMap.findEntry(l, c);
  // findEntry answers with the nearest mapping before the position, possibly on an earlier line
  if (!esm || esm.originalLine === undefined || esm.generatedLine !== l) return null;
  const src = m.tsMap.findEntry(esm.originalLine, esm.originalColumn);
  if (!src || src.originalLine === undefined) return null;
  // The compiled source starts with tslab's one-line prefix "export {};".
  if (src.originalLine < 1) return null;
  return { line: src.originalLine, column: src.originalColumn + 1 };
}

// ---------------------------------------------------------------------------
// The execution in progress: set while tslab runs a cell, read by the console
// tslab's executor reports to and by the vm hook.
let current = null;

const origRunInThisContext = vm.runInThisContext;
vm.runInThisContext = function (code, options) {
  const prefix = typeof code === "string" && options && typeof options === "object" && options.breakOnSigint ? CELL_PREFIXES.find((p) => code.startsWith(p)) : undefined;
  if (prefix && current && code.endsWith(CELL_SUFFIX)) {
    const file = `In[${current.count}]`;
    const maps = pendingMaps.get(code.slice(prefix.length, code.length - CELL_SUFFIX.length));
    if (maps) cellMaps.set(file, { ...maps, prefixLength: prefix.length });
    else cellMaps.delete(file);
    options = { ...options, filename: file };
  }
  return origRunInThisContext.call(this, code, options);
};

// ---------------------------------------------------------------------------
// Tracebacks.

const HIDDEN_FRAME = /\((node:|internal\/)|^\s*at (node:|internal\/)|[\\/]tslab[\\/]dist[\\/]|evalmachine\.<anonymous>|[\\/]tools[\\/]kernel[\\/]launch\.cjs/;
const CELL_FRAME = /^(\s*at (?:.*? \()?)(In\[\d+\]):(\d+):(\d+)(\)?)\s*$/;
const INTERRUPT_MESSAGES = new Set(["Script execution interrupted.", "Interrupted asynchronously"]);
const red = (s) => `\u001b[0;31m${s}\u001b[0m`;

function isInterrupt(err) {
  return err instanceof Error && (err.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED" || INTERRUPT_MESSAGES.has(err.message) || /^Script execution (was )?interrupted/.test(err.message));
}

const INTERRUPT_HANDLERS = Symbol.for("jupyter.interrupt.handlers");

/** What the innermost registered interrupt handler says (all of them are dead now: the cell stopped). */
function interruptNote() {
  const list = globalThis[INTERRUPT_HANDLERS];
  if (!Array.isArray(list) || list.length === 0) return "";
  const handler = list[list.length - 1];
  list.length = 0;
  try {
    const note = handler();
    return typeof note === "string" ? note : "";
  } catch {
    return "";
  }
}

/** The stack's frame lines, cell frames mapped to cell lines, hidden frames dropped. */
function frames(stack) {
  const out = [];
  for (const line of String(stack ?? "").split("\n")) {
    if (!/^\s+at /.test(line)) continue;
    const cell = CELL_FRAME.exec(line);
    if (cell) {
      const pos = cellPosition(cell[2], Number(cell[3]), Number(cell[4]));
      // `this` of a cell's top-level function is tslab's exports proxy: "Proxy.f" is f
      if (pos) out.push(`${cell[1].replace(/^(\s*at (?:async |new )?)Proxy\./, "$1")}${cell[2]}:${pos.line}:${pos.column}${cell[5]}`);
      continue; // a position in tslab's wrapper, not in the cell
    }
    if (HIDDEN_FRAME.test(line)) continue;
    out.push(line.replace(/^\s+/, "    "));
  }
  return out;
}

/** Jupyter's error fields for a value thrown by a cell. */
function describeError(err) {
  if (isInterrupt(err)) {
    // One line: where it stopped and nothing else. Code that was running when the
    // cell was stopped (nnlab's fit) may have left a handler saying where it was.
    const evalue = interruptNote() || "the cell was interrupted";
    return { ename: "Interrupted", evalue, traceback: [`${red("Interrupted")}: ${evalue}`] };
  }
  if (!(err instanceof Error)) {
    const evalue = util.inspect(err);
    return { ename: "Uncaught", evalue, traceback: [`${red("Uncaught")} ${evalue}`] };
  }
  const ename = String(err.name || err.constructor?.name || "Error");
  // V8 names tslab's rewrites of earlier cells' names (`exports.x is not a function`).
  const evalue = String(err.message ?? "").replace(/\bexports\.(?=[A-Za-z_$])/g, "");
  const traceback = [`${red(ename)}: ${evalue}`, ...frames(err.stack)];
  let cause = err.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    if (cause instanceof Error) {
      traceback.push(`Caused by ${red(String(cause.name))}: ${cause.message}`, ...frames(cause.stack));
      cause = cause.cause;
    } else {
      traceback.push(`Caused by: ${util.inspect(cause)}`);
      break;
    }
  }
  return { ename, evalue, traceback };
}

/** Text for an error that escaped a cell (timer, unawaited promise): message and clean frames. */
function escapedErrorText(err) {
  if (!(err instanceof Error)) return util.inspect(err);
  const { ename, evalue, traceback } = describeError(err);
  return [`${ename}: ${evalue}`, ...traceback.slice(1)].join("\n");
}

// ---------------------------------------------------------------------------
// Cell source rewrites (before tslab compiles it).

/** Shorthand properties `{ a }` written as `{ a: a }`: tslab 1.0.22 loses earlier cells' names in the shorthand form. */
function expandShorthand(src) {
  const sf = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const inserts = [];
  const visit = (node) => {
    if (ts.isShorthandPropertyAssignment(node)) inserts.push({ at: node.name.end, text: `: ${node.name.text}` });
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!inserts.length) return { code: src, inserts };
  inserts.sort((a, b) => b.at - a.at);
  let code = src;
  for (const { at, text } of inserts) code = code.slice(0, at) + text + code.slice(at);
  inserts.reverse(); // ascending
  return { code, inserts };
}

/** Moves a diagnostic position in the rewritten source back to the student's source. */
function unshift(pos, original, inserts) {
  if (!pos || typeof pos.offset !== "number") return pos;
  let delta = 0;
  let shifted = 0;
  for (const ins of inserts) {
    if (ins.at + shifted >= pos.offset) break;
    shifted += ins.text.length;
    delta = shifted;
  }
  const offset = Math.max(0, pos.offset - delta);
  const lc = ts.getLineAndCharacterOfPosition(ts.createSourceFile("cell.ts", original, ts.ScriptTarget.Latest), Math.min(offset, original.length));
  return { ...pos, offset, line: lc.line, character: lc.character };
}

/** True when the cell's last statement is an expression statement ending in `;` (its value is not shown). */
function endsWithSemicolon(src) {
  const sf = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const last = sf.statements[sf.statements.length - 1];
  return !!last && ts.isExpressionStatement(last) && src.slice(0, last.end).trimEnd().endsWith(";");
}

const converterModule = tslabRequire("./dist/converter");
const origCreateConverter = converterModule.createConverter;
converterModule.createConverter = function (...args) {
  const conv = origCreateConverter.apply(this, args);
  const convert = conv.convert;
  conv.convert = function (prevDecl, src) {
    const { code, inserts } = expandShorthand(src);
    const out = convert.call(this, prevDecl, code);
    if (inserts.length && out && Array.isArray(out.diagnostics)) {
      for (const d of out.diagnostics) {
        if (d.fileName) continue; // another file
        d.start = unshift(d.start, src, inserts);
        d.end = unshift(d.end, src, inserts);
      }
    }
    return out;
  };
  return conv;
};

// ---------------------------------------------------------------------------
// The executor reports through the console object it is given: diagnostics and
// runtime errors on console.error, the last expression's value on console.log.

const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";
const executorModule = tslabRequire("./dist/executor");
const origCreateExecutor = executorModule.createExecutor;
executorModule.createExecutor = function (rootDir, convs, _console) {
  return origCreateExecutor.call(this, rootDir, convs, {
    log: (value) => {
      if (current) current.value = { value };
      else console.log(value);
    },
    error: (...args) => {
      if (!current) return console.error(...args);
      if (args[0] === DIAGNOSTIC_FORMAT) current.diagnostics.push(util.format(...args));
      else current.errors.push(args[0]);
    },
  });
};

// ---------------------------------------------------------------------------
// The Jupyter side.

const jupyter = tslabRequire("./dist/jupyter");
const { JupyterHandlerImpl, ZmqServer } = jupyter;

/** Executed cells of this session: [execution count, code, text/plain output or null]. */
const history = [];

JupyterHandlerImpl.prototype.handleKernel = function () {
  return {
    status: "ok",
    protocol_version: "5.3",
    implementation: "tslab",
    implementation_version: TSLAB_VERSION,
    language_info: {
      name: "typescript",
      version: ts.version,
      mimetype: "text/typescript",
      file_extension: ".ts",
      // the runtime the cells run on (not a standard field; also in the banner)
      nodejs_version: process.version,
      // TypeScript highlighting in the classic Notebook and JupyterLab (as tslab sets it).
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
    },
    banner: `TypeScript ${ts.version} on Node.js ${process.version} (tslab ${TSLAB_VERSION}, nnlab launcher)`,
    help_links: [{ text: "tslab", url: "https://github.com/yunabe/tslab" }],
  };
};

const CONTEXT = Symbol("nnlab.execution");
const EXECUTION_INFO = Symbol.for("jupyter.execution");
const origExecuteImpl = JupyterHandlerImpl.prototype.handleExecuteImpl;
JupyterHandlerImpl.prototype.handleExecuteImpl = async function (req, writeStream, writeDisplayData) {
  const ctx = req[CONTEXT] ?? { publish: () => undefined };
  Object.assign(ctx, { count: this.execCount + 1, diagnostics: [], errors: [], value: undefined });
  ctx.publish("execute_input", { code: req.code, execution_count: ctx.count });
  current = ctx;
  // For code that wants to know which request runs (nnlab's show(): one plotly.js per front-end session).
  globalThis[EXECUTION_INFO] = { session: ctx.session, cellId: ctx.cellId, count: ctx.count };
  let failed = false;
  try {
    return await origExecuteImpl.call(this, req, writeStream, writeDisplayData);
  } catch (e) {
    failed = true;
    throw e;
  } finally {
    let plain = null;
    if (failed && ctx.diagnostics.length && !ctx.errors.length) {
      ctx.error = { ename: "TypeScriptError", evalue: ctx.diagnostics[0], traceback: ctx.diagnostics.slice() };
    } else if (ctx.errors.length) {
      ctx.error = describeError(ctx.errors[0]);
    } else if (ctx.diagnostics.length) {
      // diagnostics of a module cell (registered anyway): warnings on stderr
      writeStream("stderr", ctx.diagnostics.join("\n") + "\n");
    }
    if (failed && !ctx.error) ctx.error = { ename: "Error", evalue: "the cell failed", traceback: ["the cell failed"] };
    if (ctx.error) {
      ctx.publish("error", ctx.error);
    } else if (ctx.value !== undefined && ctx.value.value !== undefined && !endsWithSemicolon(req.code)) {
      plain = util.inspect(ctx.value.value);
      ctx.publish("execute_result", { execution_count: ctx.count, data: { "text/plain": plain }, metadata: {} });
    }
    if (req.store_history !== false && !req.silent) history.push([ctx.count, req.code, plain]);
  }
};

// is_complete: tslab says "complete" or "incomplete"; code that cannot parse at all is "invalid".
const origIsComplete = JupyterHandlerImpl.prototype.handleIsComplete;
JupyterHandlerImpl.prototype.handleIsComplete = function (req) {
  const res = origIsComplete.call(this, req);
  if (res.status !== "complete" || /(^|\n)\s*\n\s*$/.test(req.code)) return res;
  const sf = ts.createSourceFile("cell.ts", req.code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  return sf.parseDiagnostics && sf.parseDiagnostics.length ? { status: "invalid" } : res;
};

// Inspect right after `fn(`: ask about the name before the innermost open parenthesis.
const origInspect = JupyterHandlerImpl.prototype.handleInspect;
JupyterHandlerImpl.prototype.handleInspect = function (req) {
  const first = origInspect.call(this, req);
  if (first.found) return first;
  const at = calleeEnd(req.code, req.cursor_pos);
  return at === null ? first : origInspect.call(this, { ...req, cursor_pos: at });
};

/** The offset inside the name called by the innermost unclosed `(` before `cursor`, or null. */
function calleeEnd(code, cursor) {
  let depth = 0;
  for (let i = Math.min(cursor, code.length) - 1; i >= 0; i--) {
    const ch = code[i];
    if (ch === ")") depth++;
    else if (ch === "(") {
      if (depth === 0) {
        let j = i - 1;
        while (j >= 0 && /\s/.test(code[j])) j--;
        return j >= 0 && /[\w$]/.test(code[j]) ? j : null;
      }
      depth--;
    }
  }
  return null;
}

// execute: publish execute_input/execute_result/error, reply with the error fields.
ZmqServer.prototype.handleExecute = async function (sock, msg) {
  const publish = (type, content) => {
    const m = msg.createReply();
    m.header.msg_type = type;
    m.content = content;
    m.signAndSend(this.connInfo.key, this.iopub);
  };
  const writeStream = (name, text) => publish("stream", { name, text });
  const writeDisplayData = (data, update) =>
    publish(update ? "update_display_data" : "display_data", { data: data.data ?? {}, metadata: data.metadata ?? {}, transient: data.transient ?? {} });
  // JupyterLab sends the cell's id; the classic Notebook does not: then the code stands for the cell.
  const sentId = msg.metadata && (msg.metadata.cellId ?? msg.metadata.cell_id);
  const cellId = typeof sentId === "string" && sentId ? sentId : `code:${crypto.createHash("sha1").update(String(msg.content.code)).digest("hex")}`;
  const ctx = { publish, session: msg.header.session, cellId };
  const content = await this.handler.handleExecute({ ...msg.content, [CONTEXT]: ctx }, writeStream, writeDisplayData);
  const reply = msg.createReply();
  reply.header.msg_type = "execute_reply";
  if (content.status === "ok") {
    reply.content = { status: "ok", execution_count: content.execution_count, payload: [], user_expressions: {} };
  } else if (content.status === "error") {
    const err = ctx.error ?? { ename: "Error", evalue: "", traceback: [] };
    reply.content = { status: "error", execution_count: content.execution_count ?? ctx.count, ename: err.ename, evalue: err.evalue, traceback: err.traceback };
  } else {
    // aborted: an earlier cell failed while this one was queued
    reply.content = { status: "abort", execution_count: null };
  }
  reply.signAndSend(this.connInfo.key, sock);
};

ZmqServer.prototype.handleCommInfoRequest = function (sock, msg) {
  const reply = msg.createReply();
  reply.header.msg_type = "comm_info_reply";
  reply.content = { status: "ok", comms: {} };
  reply.signAndSend(this.connInfo.key, sock);
};

const origShutdown = JupyterHandlerImpl.prototype.handleShutdown;
JupyterHandlerImpl.prototype.handleShutdown = function (req) {
  return { ...origShutdown.call(this, req), status: "ok", restart: !!req?.restart };
};

/** history_reply content for a history_request (tail, range and search over this session). */
function historyReply(req) {
  const entry = ([n, code, out]) => [1, n, req.output ? [code, out ?? ""] : code];
  let items = history.slice();
  if (req.hist_access_type === "range") {
    const start = Number.isFinite(req.start) ? req.start : 0;
    const stop = Number.isFinite(req.stop) && req.stop > 0 ? req.stop : Infinity;
    items = items.filter(([n]) => n >= start && n < stop);
  } else if (req.hist_access_type === "search") {
    const glob = String(req.pattern ?? "*");
    const re = new RegExp("^" + glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]") + "$");
    items = items.filter(([, code]) => re.test(code));
    if (req.unique) {
      const seen = new Set();
      items = items.reverse().filter(([, code]) => !seen.has(code) && seen.add(code)).reverse();
    }
    if (Number.isFinite(req.n) && req.n > 0) items = items.slice(-req.n);
  } else if (Number.isFinite(req.n) && req.n > 0) {
    items = items.slice(-req.n);
  }
  return { status: "ok", history: items.map(entry) };
}

// history_request is not in tslab's dispatch: answer it here, with busy/idle around it.
const DELIM = Buffer.from("<IDS|MSG>");
const origHandleShell = ZmqServer.prototype.handleShellMessage;
ZmqServer.prototype.handleShellMessage = async function (sock, ...frames) {
  const d = frames.findIndex((f) => Buffer.isBuffer(f) ? f.equals(DELIM) : Buffer.from(f).equals(DELIM));
  let header;
  try {
    header = d >= 0 ? JSON.parse(Buffer.from(frames[d + 2]).toString("utf8")) : null;
  } catch {
    header = null;
  }
  if (!header || header.msg_type !== "history_request") return origHandleShell.call(this, sock, ...frames);
  const parts = frames.slice(d + 2, d + 6).map((f) => Buffer.from(f));
  const hmac = crypto.createHmac("sha256", this.connInfo.key);
  for (const p of parts) hmac.update(p);
  if (hmac.digest("hex") !== Buffer.from(frames[d + 1]).toString()) return; // not signed with our key: ignore, as tslab would
  const identities = frames.slice(0, d);
  const content = JSON.parse(parts[3].toString("utf8"));
  const send = (socket, type, body) => {
    const h = { version: "5.3", date: new Date().toISOString(), session: header.session, username: header.username, msg_type: type, msg_id: crypto.randomBytes(16).toString("hex") };
    const bodies = [JSON.stringify(h), JSON.stringify(header), "{}", JSON.stringify(body)];
    const sig = crypto.createHmac("sha256", this.connInfo.key);
    for (const b of bodies) sig.update(b);
    socket.send([...(socket === this.iopub ? [] : identities), DELIM, sig.digest("hex"), ...bodies]);
  };
  send(this.iopub, "status", { execution_state: "busy" });
  send(sock, "history_reply", historyReply(content));
  send(this.iopub, "status", { execution_state: "idle" });
};

// ---------------------------------------------------------------------------
// Start tslab's kernel (this project's copy, not one found from the notebook's folder).

const main = tslabRequire("./dist/main");
const configPath = process.argv[2];
if (!configPath || configPath.startsWith("-")) {
  console.error("usage: node tools/kernel/launch.cjs <connection_file>");
  process.exit(2);
}
const before = { uncaughtException: process.listeners("uncaughtException"), unhandledRejection: process.listeners("unhandledRejection") };
main.startKernel({ configPath, enableFindLocal: false, jsKernel: false, globalVersion: TSLAB_VERSION });
// tslab prints errors that escape a cell (a timer, an unawaited promise) with util.inspect
// (library source excerpt, tslab frames): the same prefix, clean text instead.
for (const [event, prefix] of [["uncaughtException", "UncaughtException"], ["unhandledRejection", "UnhandledPromiseRejection"]]) {
  for (const l of process.listeners(event)) if (!before[event].includes(l)) process.removeListener(event, l);
  process.on(event, (err) => {
    process.stderr.write(`${prefix}: ${escapedErrorText(err)}\n`);
  });
}
