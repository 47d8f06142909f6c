#!/usr/bin/env node
// The size of the engine, for issue 10's budget (test/lib/size.test.ts keeps it honest):
//
//   node tools/size.mjs    prints the lines of lib/src and of the import closure of the Tensor class
//
// The closure is the file that exports `class Tensor` plus every file it reaches through
// relative imports (type-only imports and re-exports included), each file counted once:
// what a student reads to understand `import { Tensor }`.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "lib", "src");

/** Line count as `wc -l` gives it (newline characters). */
const lines = (file) => (readFileSync(file, "utf8").match(/\n/g) ?? []).length;

function tsFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : f.endsWith(".ts") ? [p] : [];
  });
}

/** The .ts file a relative specifier names (./x -> x.ts or x/index.ts). */
function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) if (existsSync(candidate) && candidate.endsWith(".ts")) return candidate;
  throw new Error(`size: cannot resolve ${spec} from ${relative(root, from)}`);
}

/** { libLines, tensorFile, closureFiles, closureLines } of lib/src. */
export function sizes() {
  const files = tsFiles(src);
  const tensorFile = files.find((f) => /^export (abstract )?class Tensor\b/m.test(readFileSync(f, "utf8")));
  if (!tensorFile) throw new Error("size: no file in lib/src exports class Tensor");
  const closure = new Set();
  const visit = (file) => {
    if (closure.has(file)) return;
    closure.add(file);
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/gms)) visit(resolveImport(file, m[1]));
  };
  visit(tensorFile);
  return {
    libLines: files.reduce((n, f) => n + lines(f), 0),
    tensorFile: relative(root, tensorFile),
    closureFiles: [...closure].map((f) => relative(root, f)).sort(),
    closureLines: [...closure].reduce((n, f) => n + lines(f), 0),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const s = sizes();
  console.log(`lib/src: ${s.libLines} lines`);
  console.log(`import closure of ${s.tensorFile}: ${s.closureLines} lines in ${s.closureFiles.length} files`);
  for (const f of s.closureFiles) console.log(`  ${String(lines(join(root, f))).padStart(5)}  ${f}`);
}
