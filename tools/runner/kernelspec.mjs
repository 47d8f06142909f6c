// The project's Jupyter kernel: where its kernelspec lives, what it says, and
// how a kernel named in a notebook is found (the same search order Jupyter uses:
// JUPYTER_PATH first, then the user and system data dirs).
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tools/runner/../..). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The project-local Jupyter data dir (git-ignored); JUPYTER_PATH points here. */
export const JUPYTER_DATA_DIR = join(PROJECT_ROOT, ".jupyter");

/** The kernel name every notebook's metadata.kernelspec.name uses. */
export const KERNEL_NAME = "nnlab-tslab";

/** The notebook metadata.kernelspec block for this project's kernel. */
export const NOTEBOOK_KERNELSPEC = { display_name: "TypeScript (nnlab)", language: "typescript", name: KERNEL_NAME };

/** The launcher that starts the pinned tslab with the project's adjustments (tools/kernel/launch.cjs). */
export const KERNEL_LAUNCHER = join(PROJECT_ROOT, "tools", "kernel", "launch.cjs");

/**
 * The kernelspec (kernel.json contents) for the project's pinned tslab, started by the launcher.
 * @param {{ node?: string, launcher?: string }} [opts] node binary and launcher script
 */
export function projectKernelSpec(opts = {}) {
  const node = opts.node ?? process.execPath;
  const launcher = opts.launcher ?? KERNEL_LAUNCHER;
  return {
    argv: [node, launcher, "{connection_file}"],
    display_name: NOTEBOOK_KERNELSPEC.display_name,
    language: "typescript",
    // tslab interrupts on SIGINT (it implements no interrupt_request message).
    interrupt_mode: "signal",
    // Runtime errors thrown inside nnlab then point at lib/src/*.ts, not lib/dist/*.js.
    env: { NODE_OPTIONS: "--enable-source-maps" },
    metadata: { nnlab: { project: PROJECT_ROOT } },
  };
}

/** Jupyter data dirs searched for kernels/<name>/kernel.json, in priority order. */
export function kernelSearchDirs(env = process.env) {
  const dirs = [];
  for (const p of (env.JUPYTER_PATH ?? "").split(delimiter)) if (p) dirs.push(p);
  dirs.push(JUPYTER_DATA_DIR);
  dirs.push(env.JUPYTER_DATA_DIR ?? join(env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter"));
  dirs.push("/usr/local/share/jupyter", "/usr/share/jupyter");
  return [...new Set(dirs.map((d) => resolve(d)))];
}

/**
 * Find a kernelspec by name. Returns { name, dir, spec } or throws an Error
 * that says where it looked and how to register the project's kernel.
 */
export function findKernelSpec(name, env = process.env) {
  const dirs = kernelSearchDirs(env);
  for (const d of dirs) {
    const file = join(d, "kernels", name, "kernel.json");
    if (!existsSync(file)) continue;
    let spec;
    try {
      spec = JSON.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`kernel "${name}": ${file} is not valid JSON (${e.message}); run \`node tools/install-kernel.mjs\` to rewrite it`);
    }
    if (!Array.isArray(spec.argv) || spec.argv.length === 0) throw new Error(`kernel "${name}": ${file} has no "argv" command`);
    return { name, dir: dirname(file), spec };
  }
  const hint = name === KERNEL_NAME ? "run `npm ci` (or `node tools/install-kernel.mjs`) to register it" : `this project's notebooks use the kernel "${KERNEL_NAME}" (set metadata.kernelspec.name)`;
  throw new Error(`no such kernel "${name}": no kernels/${name}/kernel.json in ${dirs.join(", ")}; ${hint}`);
}
