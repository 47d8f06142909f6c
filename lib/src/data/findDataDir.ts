import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The folder that holds nnlab's data files.
 *
 * `NNLAB_DATA_DIR` wins if set. Otherwise walk up from this file's folder
 * (lib/src/data when run from sources, lib/dist/data when built, and the same
 * real path when imported as the `nnlab` workspace package from a notebook) to
 * the first folder that has a package.json next to data/README.md: the
 * repository root. The current working directory plays no part, so notebooks
 * (cwd = notebooks/) and tests find the same files.
 */
export function findDataDir(caller: string, startDir: string = __dirname): string {
  const override = process.env.NNLAB_DATA_DIR;
  if (override !== undefined && override !== "") return resolve(override);
  let dir = resolve(startDir);
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "data", "README.md"))) {
      return join(dir, "data");
    }
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
