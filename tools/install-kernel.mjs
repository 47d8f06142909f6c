#!/usr/bin/env node
// Registers the project's tslab kernel in the project-local Jupyter data dir
// <repo>/.jupyter/kernels/nnlab-tslab/kernel.json (git-ignored), started by
// tools/kernel/launch.cjs, and puts plotly.js in <repo>/.jupyter/nbextensions/nnlab-plotly/. Nothing outside
// the project is touched: Jupyter finds it through JUPYTER_PATH=<repo>/.jupyter
// (npm run lab sets it), or a student installs that folder into their own
// Jupyter with `jupyter kernelspec install --user .jupyter/kernels/nnlab-tslab`.
// Runs on `npm ci` (the root "prepare" script).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
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

// plotly.js for the classic Notebook: it serves <JUPYTER_PATH>/nbextensions/ at
// {base_url}nbextensions/, where each plot's loader looks when nothing else has
// brought plotly.js into the page (a reloaded tab, a reopened notebook).
const plotly = createRequire(join(PROJECT_ROOT, "lib", "package.json")).resolve("plotly.js-dist-min/plotly.min.js");
const ext = join(JUPYTER_DATA_DIR, "nbextensions", "nnlab-plotly");
mkdirSync(ext, { recursive: true });
copyFileSync(plotly, join(ext, "plotly.min.js"));
console.log(`install-kernel: plotly.js for the classic Notebook in ${relative(PROJECT_ROOT, ext)}/`);
