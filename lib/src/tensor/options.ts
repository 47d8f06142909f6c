/**
 * Options objects and names looked up in tables: unknown keys are errors that
 * suggest the nearest known key, and lookups never walk the prototype chain.
 */
import { describe } from "./validate";

/** Edit distance of two short strings (for "did you mean"). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length];
}

/** The lower-case words of a camelCase or snake_case name: "testSize" -> ["test", "size"]. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[_\s-]+/).filter((w) => w.length > 0);
}

/**
 * An options object (undefined = {}) whose keys are all known. An unknown key is
 * an error that names the nearest known key, e.g.
 * `fit: options has an unknown key "epoch"; did you mean "epochs"? (known: ...)`.
 */
export function checkOptions<T extends object>(options: T | undefined, op: string, arg: string, known: readonly string[]): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new Error(`${op}: ${arg} must be an object of options, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const k = key.toLowerCase().replace(/_/g, "");
    const limit = Math.max(2, key.length / 3);
    const keyWords = words(key);
    // 0 for a prefix, the edit distance for a typo, else just within the limit when the
    // names share a word of 4+ letters (testSize -> testFraction)
    const distance = (name: string): number => {
      const n = name.toLowerCase();
      if (n.startsWith(k) || k.startsWith(n)) return 0;
      const d = editDistance(k, n);
      return d > limit && words(name).some((w) => w.length >= 4 && keyWords.includes(w)) ? limit : d;
    };
    const nearest = [...known].sort((p, q) => distance(p) - distance(q))[0];
    const hint = nearest !== undefined && distance(nearest) <= limit ? `; did you mean "${nearest}"?` : "";
    throw new Error(`${op}: ${arg} has an unknown key "${key}"${hint} (known: ${known.join(", ")})`);
  }
  return options;
}

/** Looks a name up in a table of its own keys only (never "toString" or "__proto__" from the prototype chain). */
export function lookup<V>(table: Readonly<Record<string, V>>, name: unknown, op: string, arg: string): V {
  if (typeof name === "string" && Object.prototype.hasOwnProperty.call(table, name)) return table[name];
  throw new Error(`${op}: ${arg} must be one of ${Object.keys(table).map((k) => JSON.stringify(k)).join(", ")}, got ${typeof name === "string" ? JSON.stringify(name) : describe(name)}`);
}
