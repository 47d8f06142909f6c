import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DATA_FILES } from "../../lib/src/data/dataFiles";
import { dataDir, readmeChecksums } from "./helpers";

describe("committed data files", () => {
  const readme = readmeChecksums();

  it("data/README.md lists every file the loaders read, with the same SHA-256", () => {
    const files = Object.values(DATA_FILES);
    expect(files.length).toBe(4);
    for (const { file, sha256 } of files) {
      expect(readme.get(file)?.sha256, file).toBe(sha256);
    }
    expect(readme.size).toBe(files.length);
  });

  for (const [file, entry] of readmeChecksums()) {
    it(`${file} has the size and SHA-256 given in data/README.md`, () => {
      const bytes = readFileSync(join(dataDir, file));
      expect(bytes.length).toBe(entry.bytes);
      expect(createHash("sha256").update(bytes).digest("hex")).toBe(entry.sha256);
    });
  }

  it("keeps the MNIST subset compact (< 2 MB, not 20 MB of JSON)", () => {
    const bytes = readFileSync(join(dataDir, "mnist-10k-images-idx3-ubyte.gz")).length;
    expect(bytes).toBeLessThan(2_000_000);
  });
});
