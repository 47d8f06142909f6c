// nnlab benchmark driver.
//
//   npm run bench                          all workloads, human tables
//   npm run bench -- --json                one JSON record per line
//   npm run bench -- --json matmul mlp-digits   only the named workloads
//   npm run bench -- --only-nnlab          skip peer systems (NumPy, PyTorch, TensorFlow.js)
//   npm run bench -- --quick               smaller sizes / fewer repetitions (smoke test)
//   npm run bench -- --list                list the workloads
//   npm run bench -- --repeat=3            run each (workload, system) 3 times, keep the fastest
//
// Every (workload, system) pair runs in its own child Node process, so the
// systems do not disturb each other (JIT state, heap) and each record carries
// the peak resident memory of that process (`peakRssMB`). Workloads live in
// tools/bench/workloads/<id>.mjs; see tools/bench/README.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fastestRecords } from "./bench/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const workloadDir = path.join(here, "bench", "workloads");
const MARK = "@@bench-record ";

async function loadWorkload(id) {
  const file = path.join(workloadDir, `${id}.mjs`);
  if (!fs.existsSync(file)) throw new Error(`bench: unknown workload "${id}" (have: ${listIds().join(", ")})`);
  const mod = await import(pathToFileURL(file).href);
  for (const key of ["id", "systems", "run"]) {
    if (mod[key] === undefined) throw new Error(`bench: workload ${file} does not export "${key}"`);
  }
  if (mod.id !== id) throw new Error(`bench: workload file ${id}.mjs exports id "${mod.id}"`);
  return mod;
}

function listIds() {
  return fs.readdirSync(workloadDir).filter((f) => f.endsWith(".mjs")).map((f) => f.slice(0, -4)).sort();
}

const isPeer = (system) => !system.startsWith("nnlab");

/** Child mode: run one workload for one system, print records, then the peak RSS. */
async function child(id, system, quick) {
  const workload = await loadWorkload(id);
  const records = await workload.run({ system, quick, log: (...a) => console.error(...a) });
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  // A record that ran in another process (a Python peer) brings that process's peak RSS.
  for (const r of records) process.stdout.write(MARK + JSON.stringify({ ...r, peakRssMB: r.peakRssMB ?? Math.round(peakRssMB) }) + "\n");
}

function runChild(id, system, quick) {
  return new Promise((resolve, reject) => {
    const args = ["--expose-gc", fileURLToPath(import.meta.url), "--child", id, "--system", system];
    if (quick) args.push("--quick");
    const proc = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (d) => { out += d; });
    proc.stderr.on("data", (d) => { err += d; });
    proc.on("error", reject);
    proc.on("close", (code) => {
      const records = out.split("\n").filter((l) => l.startsWith(MARK)).map((l) => JSON.parse(l.slice(MARK.length)));
      if (code !== 0) {
        reject(new Error(`bench: ${id} / ${system} failed (exit ${code}):\n${err.trim()}`));
      } else {
        resolve(records);
      }
    });
  });
}

function defaultFormat(records) {
  const rows = [["system", "seconds", "accuracy", "peak RSS MB", "config"]];
  for (const r of records) {
    rows.push([r.system, r.seconds.toFixed(3), r.accuracy === null || r.accuracy === undefined ? "-" : r.accuracy.toFixed(4),
      r.peakRssMB, JSON.stringify(r.config)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  return rows.map((row) => row.map((v, c) => (c === 4 ? String(v) : String(v).padStart(widths[c]))).join("  ")).join("\n");
}

async function main(argv) {
  if (argv[0] === "--child") {
    const id = argv[1];
    const system = argv[argv.indexOf("--system") + 1];
    await child(id, system, argv.includes("--quick"));
    return;
  }
  const flags = new Set(argv.filter((a) => a.startsWith("--") && !a.startsWith("--repeat=")));
  const known = new Set(["--json", "--only-nnlab", "--quick", "--list"]);
  for (const f of flags) if (!known.has(f)) throw new Error(`bench: unknown option ${f} (options: ${[...known].join(", ")}, --repeat=N)`);
  const repeatArg = argv.find((a) => a.startsWith("--repeat="));
  const repeat = repeatArg === undefined ? 1 : Number(repeatArg.slice("--repeat=".length));
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`bench: --repeat needs a whole number of runs >= 1, got ${repeatArg}`);
  const json = flags.has("--json");
  const ids = argv.filter((a) => !a.startsWith("--"));
  if (flags.has("--list")) {
    for (const id of listIds()) {
      const w = await loadWorkload(id);
      console.log(`${id.padEnd(16)} ${w.description ?? ""}  [systems: ${w.systems.join(", ")}]`);
    }
    return;
  }
  const selected = ids.length > 0 ? ids : listIds();
  const workloads = [];
  for (const id of selected) workloads.push(await loadWorkload(id)); // fail early on unknown ids
  for (const w of workloads) {
    const systems = w.systems.filter((s) => !(flags.has("--only-nnlab") && isPeer(s)));
    const records = [];
    if (!json) console.log(`\n== ${w.id}: ${w.description ?? ""}`);
    for (const system of systems) {
      let got;
      try {
        got = await runChild(w.id, system, flags.has("--quick"));
        for (let r = 1; r < repeat; r++) got = fastestRecords(got, await runChild(w.id, system, flags.has("--quick")));
      } catch (e) {
        if (isPeer(system)) { // a broken peer should not hide our numbers
          console.error(`${e.message}\n(skipping peer ${system})`);
          continue;
        }
        throw e;
      }
      records.push(...got);
      if (json) for (const r of got) console.log(JSON.stringify(r));
    }
    if (!json) {
      console.log((w.format ?? defaultFormat)(records));
      const rss = systems.map((s) => {
        const r = records.find((x) => x.system === s);
        return r ? `${s} ${r.peakRssMB} MB` : null;
      }).filter(Boolean);
      console.log(`peak RSS: ${rss.join(", ")}`);
    }
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
