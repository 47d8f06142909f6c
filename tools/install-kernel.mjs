#!/usr/bin/env node
// Registers the project's tslab kernel in the project-local Jupyter data dir
// <repo>/.jupyter/kernels/nnlab-tslab/kernel.json (git-ignored). Nothing outside
// the project is touched: Jupyter finds it through JUPYTER_PATH=<repo>/.jupyter
// (npm run lab sets it), or a student installs that folder into their own
// Jupyter with `jupyter kernelspec install --user .jupyter/kernels/nnlab-tslab`.
// Runs on `npm ci` (the root "prepare" script).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { JUPYTER_DATA_DIR, KERNEL_LAUNCHER, KERNEL_NAME, PROJECT_ROOT, projectKernelSpec } from "./runner/kernelspec.mjs";

const tslab = join(PROJECT_ROOT, "node_modules", "tslab", "bin", "tslab");
if (!existsSync(tslab)) {
  console.error(`install-kernel: ${relative(PROJECT_ROOT, tslab)} is missing: run \`npm ci\` in ${PROJECT_ROOT} first`);
  process.exit(1);
}
const dir = join(JUPYTER_DATA_DIR, "kernels", KERNEL_NAME);
mkdirSync(dir, { recursive: true });
if (!existsSync(KERNEL_LAUNCHER)) {
  console.error(`install-kernel: the kernel launcher ${relative(PROJECT_ROOT, KERNEL_LAUNCHER)} is missing`);
  process.exit(1);
}
const spec = projectKernelSpec();
writeFileSync(join(dir, "kernel.json"), JSON.stringify(spec, null, 1) + "\n");
console.log(`install-kernel: registered the "${KERNEL_NAME}" kernel (tslab ${JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", "tslab", "package.json"), "utf8")).version} via tools/kernel/launch.cjs, source maps on) in ${relative(PROJECT_ROOT, dir)}/`);
