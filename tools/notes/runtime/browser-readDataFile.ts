/**
 * Browser stand-in for lib/src/data/readDataFile.ts, swapped in by the runtime
 * bundle (tools/notes/runtime/build.mjs). The page hands the worker the data
 * files' bytes (inlined into assets/runtime/data.js at build time, checked there
 * against their SHA-256); they are gunzipped here and parsed as in Node.
 */
import { gunzipSync } from "fflate";
import { DATA_FILES, type DataFileKey } from "../../../lib/src/data/dataFiles";

const cache = new Map<string, unknown>();
const FILES_KEY = "__nnlabDataFiles";

type Bytes = Uint8Array & { toString(encoding?: string): string };

/** Uint8Array with the `toString("utf8")` / `readUInt32BE` the parsers use on a Node Buffer. */
function asBuffer(bytes: Uint8Array): Bytes {
  const out = bytes as Bytes & { readUInt32BE?: (offset: number) => number };
  out.toString = function (this: Uint8Array, encoding?: string) {
    if (encoding === "latin1" || encoding === "binary") {
      let text = "";
      for (let i = 0; i < this.length; i += 8192) text += String.fromCharCode(...this.subarray(i, i + 8192));
      return text;
    }
    return new TextDecoder("utf-8").decode(this);
  };
  out.readUInt32BE = function (this: Uint8Array, offset: number) {
    return new DataView(this.buffer, this.byteOffset, this.byteLength).getUint32(offset, false);
  };
  return out;
}

export function readDataFile<T>(caller: string, key: DataFileKey, parse: (bytes: Buffer, path: string) => T): T {
  const { file } = DATA_FILES[key];
  if (cache.has(key)) return cache.get(key) as T;
  const files = (globalThis as unknown as Record<string, Record<string, Uint8Array> | undefined>)[FILES_KEY];
  const raw = files?.[key];
  if (!raw) throw new Error(`${caller}: the data file ${file} is not included in this copy of the lecture notes`);
  const bytes = asBuffer(file.endsWith(".gz") ? gunzipSync(raw) : raw);
  let parsed: T;
  try {
    parsed = parse(bytes as unknown as Buffer, `data/${file}`);
  } catch (e) {
    throw new Error(`${caller}: data file data/${file} is malformed: ${(e as Error).message}`);
  }
  cache.set(key, parsed);
  return parsed;
}
