// A small util.inspect for the browser worker: how a cell's value and
// console.log arguments are shown (Node's layout, close enough to tslab's):
// 'strings' quoted, [ 1, 2, 3 ], { a: 1 }, Float64Array(3) [ ... ], Map(1) { ... },
// objects with a Symbol.for("nodejs.util.inspect.custom") method (nnlab's Tensor) use it.
const CUSTOM = Symbol.for("nodejs.util.inspect.custom");
const MAX_ITEMS = 100;
const WIDTH = 72;

/** Node's choice of quotes: ' unless the text has one, then ", then `. */
function quote(s) {
  const q = !s.includes("'") ? "'" : !s.includes('"') ? '"' : !s.includes("`") && !s.includes("${") ? "`" : "'";
  const escaped = s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  return q + (q === "'" ? escaped.replace(/'/g, "\\'") : escaped) + q;
}
const keyText = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k));

function numberText(n) {
  return Object.is(n, -0) ? "-0" : String(n);
}

/** Join items on one line if short, else one per line indented. */
function wrap(open, items, close, indent) {
  if (items.length === 0) return `${open.trimEnd()}${close.trimStart()}`;
  const line = `${open}${items.join(", ")}${close}`;
  if (line.length + indent <= WIDTH && !items.some((i) => i.includes("\n"))) return line;
  const pad = " ".repeat(indent + 2);
  return `${open.trimEnd()}\n${items.map((i) => pad + i.replace(/\n/g, `\n${pad}`)).join(",\n")}\n${" ".repeat(indent)}${close.trimStart()}`;
}

/**
 * Format a value. `top` strings are shown raw (console.log("a") prints a).
 */
export function inspect(value, options = {}) {
  const depthLimit = options.depth ?? 2;
  const seen = new Set();
  const go = (v, depth, indent) => {
    switch (typeof v) {
      case "string":
        return quote(v);
      case "number":
        return numberText(v);
      case "bigint":
        return `${v}n`;
      case "boolean":
        return String(v);
      case "undefined":
        return "undefined";
      case "symbol":
        return v.toString();
      case "function": {
        const isClass = /^class\b/.test(Function.prototype.toString.call(v));
        return `[${isClass ? "class" : "Function"}${v.name ? ` ${v.name}` : " (anonymous)"}]`;
      }
      default:
        break;
    }
    if (v === null) return "null";
    if (typeof v[CUSTOM] === "function") {
      try {
        const out = v[CUSTOM](depthLimit - depth, { depth: depthLimit - depth }, (x) => go(x, depth + 1, indent));
        return typeof out === "string" ? out : go(out, depth, indent);
      } catch {
        // fall through to the generic form
      }
    }
    if (seen.has(v)) return "[Circular *]";
    if (v instanceof Error) return v.stack && v.stack.includes(v.message) ? v.stack : `${v.name}: ${v.message}`;
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? "Invalid Date" : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (typeof Promise !== "undefined" && v instanceof Promise) return "Promise { <pending> }";
    const name = v.constructor && v.constructor.name;
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const items = Array.from(v.slice(0, MAX_ITEMS), (x) => (typeof x === "bigint" ? `${x}n` : numberText(x)));
      if (v.length > MAX_ITEMS) items.push(`... ${v.length - MAX_ITEMS} more items`);
      return wrap(`${name}(${v.length}) [ `, items, " ]", indent);
    }
    if (depth > depthLimit) return Array.isArray(v) ? "[Array]" : `[${name || "Object"}]`;
    seen.add(v);
    try {
      if (Array.isArray(v)) {
        const items = v.slice(0, MAX_ITEMS).map((x) => (x === undefined ? "undefined" : go(x, depth + 1, indent + 2)));
        if (v.length > MAX_ITEMS) items.push(`... ${v.length - MAX_ITEMS} more items`);
        return wrap("[ ", items, " ]", indent);
      }
      if (v instanceof Map) {
        const items = [...v].slice(0, MAX_ITEMS).map(([k, x]) => `${go(k, depth + 1, indent + 2)} => ${go(x, depth + 1, indent + 2)}`);
        return wrap(`Map(${v.size}) { `, items, " }", indent);
      }
      if (v instanceof Set) {
        const items = [...v].slice(0, MAX_ITEMS).map((x) => go(x, depth + 1, indent + 2));
        return wrap(`Set(${v.size}) { `, items, " }", indent);
      }
      const keys = Object.keys(v);
      const items = keys.slice(0, MAX_ITEMS).map((k) => `${keyText(k)}: ${go(v[k], depth + 1, indent + 2)}`);
      if (keys.length > MAX_ITEMS) items.push(`... ${keys.length - MAX_ITEMS} more properties`);
      const prefix = name && name !== "Object" ? `${name} ` : "";
      return wrap(`${prefix}{ `, items, " }", indent);
    } finally {
      seen.delete(v);
    }
  };
  return go(value, 0, 0);
}

/** console.log's formatting: strings as they are, %s %d %i %f %o %O %j substitutions, the rest inspected. */
export function formatArgs(args) {
  if (args.length === 0) return "";
  let rest = args;
  let head = "";
  if (typeof args[0] === "string") {
    let i = 1;
    head = args[0].replace(/%[sdifoOjc%]/g, (m) => {
      if (m === "%%") return "%";
      if (i >= args.length) return m;
      const a = args[i++];
      if (m === "%s") return typeof a === "string" ? a : inspect(a, { depth: 1 });
      if (m === "%d" || m === "%i") return String(m === "%i" ? Math.trunc(Number(a)) : Number(a));
      if (m === "%f") return String(Number(a));
      if (m === "%j") return JSON.stringify(a);
      if (m === "%c") return "";
      return inspect(a);
    });
    rest = args.slice(i);
    if (rest.length === 0) return head;
    head += " ";
  }
  return head + rest.map((a) => (typeof a === "string" ? a : inspect(a))).join(" ");
}
