import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { DATA_FILES, type DataFileKey } from "./dataFiles";
import { findDataDir, findPackageDataDir } from "./findDataDir";

const cache = new Map<string, unknown>();

const OR_OVERRIDE = "or set NNLAB_DATA_DIR to a folder that holds intact copies of the nnlab data files (see data/README.md).";
const HOW_TO_FIX =
  "Restore the repository's data/ folder (git checkout -- data) or rebuild it with `node tools/make-data.mjs`, " + OR_OVERRIDE;

/**
 * Reads one data file (committed in data/, or shipped by an npm package: see DATA_FILES),
 * checks its SHA-256 against data/README.md's value,
 * gunzips it if its name ends in .gz, and passes the bytes to `parse`.
 *
 * The parsed result is cached in memory per file path, size and modification time,
 * so a second load is free and a replaced file is read again.
 * `caller` (e.g. "loadDigits") starts every error message.
 */
export function readDataFile<T>(caller: string, key: DataFileKey, parse: (bytes: Buffer, path: string) => T): T {
  const entry = DATA_FILES[key];
  const { file, sha256 } = entry;
  const shipped = "package" in entry ? entry : null;
  const path = join(shipped ? findPackageDataDir(caller, shipped.package) : findDataDir(caller), file);
  const fix = shipped
    ? `Reinstall the npm package ${shipped.package}@${shipped.version} (\`npm ci\` in the repository root), ` + OR_OVERRIDE
    : HOW_TO_FIX;
  let stamp: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error("not a file");
    stamp = `${path}|${st.size}|${st.mtimeMs}`;
  } catch {
    throw new Error(`${caller}: data file not found: ${path}. ${fix}`);
  }
  if (cache.has(stamp)) return cache.get(stamp) as T;

  const raw = readFileSync(path);
  const actual = createHash("sha256").update(raw).digest("hex");
  if (actual !== sha256) {
    throw new Error(
      `${caller}: data file ${path} is corrupt or not the expected version: its SHA-256 is ${actual} ` +
        `but ${sha256} was expected. ${fix}`,
    );
  }
  let bytes: Buffer = raw;
  if (file.endsWith(".gz")) {
    try {
      bytes = gunzipSync(raw);
    } catch (e) {
      throw new Error(`${caller}: data file ${path} is not valid gzip (${(e as Error).message}). ${fix}`);
    }
  }
  let parsed: T;
  try {
    parsed = parse(bytes, path);
  } catch (e) {
    throw new Error(`${caller}: data file ${path} is malformed: ${(e as Error).message}. ${fix}`);
  }
  cache.set(stamp, parsed);
  return parsed;
}
