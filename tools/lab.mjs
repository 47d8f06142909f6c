#!/usr/bin/env node
// npm run lab [-- extra jupyter options, e.g. --no-browser --port 8890]
//
// Opens the course notebooks in Debian's Jupyter (JupyterLab when installed,
// else the classic Notebook) with JUPYTER_PATH pointing at the project's
// .jupyter/ folder, so the "TypeScript (nnlab)" kernel is available without
// installing anything into your own Jupyter.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { JUPYTER_DATA_DIR, KERNEL_NAME, PROJECT_ROOT } from "./runner/kernelspec.mjs";

const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const has = (module) => spawnSync(python, ["-c", `import ${module}`], { stdio: "ignore" }).status === 0;

if (!existsSync(join(JUPYTER_DATA_DIR, "kernels", KERNEL_NAME, "kernel.json"))) {
  console.log("lab: registering the nnlab kernel first");
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, "tools", "install-kernel.mjs")], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!existsSync(join(PROJECT_ROOT, "lib", "dist", "index.js"))) {
  console.error("lab: the nnlab library is not built: run `npm run build` first");
  process.exit(1);
}

const app = has("jupyterlab") ? "lab" : has("notebook") ? "notebook" : null;
if (!app) {
  console.error(`lab: no Jupyter found for ${python}: run \`bash tools/ensure-system.sh\` (installs Debian's jupyter-notebook) or install JupyterLab`);
  process.exit(1);
}

const env = { ...process.env, JUPYTER_PATH: [JUPYTER_DATA_DIR, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter) };
const args = ["-m", app === "lab" ? "jupyterlab" : "notebook", `--notebook-dir=${PROJECT_ROOT}`];
if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");
args.push(...process.argv.slice(2));
console.log(`lab: starting Jupyter ${app === "lab" ? "Lab" : "Notebook"} with JUPYTER_PATH=${env.JUPYTER_PATH}; open notebooks/ and pick the "TypeScript (nnlab)" kernel`);
const child = spawn(python, args, { stdio: "inherit", env, cwd: PROJECT_ROOT });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
