import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findKernelSpec, JUPYTER_DATA_DIR, KERNEL_NAME, kernelSearchDirs, PROJECT_ROOT, projectKernelSpec } from "../../tools/runner/kernelspec.mjs";

describe("projectKernelSpec", () => {
  it("runs the project's launcher of the pinned tslab with source maps on and signal interrupts", () => {
    const spec = projectKernelSpec({ node: "/usr/bin/node" });
    expect(spec.argv).toEqual(["/usr/bin/node", join(PROJECT_ROOT, "tools", "kernel", "launch.cjs"), "{connection_file}"]);
    expect(spec.env).toEqual({ NODE_OPTIONS: "--enable-source-maps" });
    expect(spec.interrupt_mode).toBe("signal");
    expect(spec.language).toBe("typescript");
  });
});

describe("findKernelSpec", () => {
  it("searches JUPYTER_PATH first, then the project's .jupyter", () => {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-ks-"));
    mkdirSync(join(dir, "kernels", "k1"), { recursive: true });
    writeFileSync(join(dir, "kernels", "k1", "kernel.json"), JSON.stringify({ argv: ["echo", "{connection_file}"], display_name: "K1", language: "x" }));
    const env = { JUPYTER_PATH: dir, HOME: dir };
    expect(kernelSearchDirs(env).slice(0, 2)).toEqual([dir, JUPYTER_DATA_DIR]);
    const found = findKernelSpec("k1", env);
    expect(found.dir).toBe(join(dir, "kernels", "k1"));
    expect(found.spec.argv[0]).toBe("echo");
  });

  it("says where it looked and how to register the project kernel when missing", () => {
    const env = { JUPYTER_PATH: "/nonexistent-a", JUPYTER_DATA_DIR: "/nonexistent-b" };
    expect(() => findKernelSpec("no-such-kernel", env)).toThrow(/no such kernel "no-such-kernel": no kernels\/no-such-kernel\/kernel\.json in \/nonexistent-a, .*nnlab-tslab/);
    expect(KERNEL_NAME).toBe("nnlab-tslab");
  });

  it("rejects a kernel.json that is not JSON or has no argv", () => {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-ks-"));
    mkdirSync(join(dir, "kernels", "bad"), { recursive: true });
    mkdirSync(join(dir, "kernels", "noargv"), { recursive: true });
    writeFileSync(join(dir, "kernels", "bad", "kernel.json"), "{");
    writeFileSync(join(dir, "kernels", "noargv", "kernel.json"), "{}");
    expect(() => findKernelSpec("bad", { JUPYTER_PATH: dir })).toThrow(/kernel "bad": .*kernel\.json is not valid JSON/);
    expect(() => findKernelSpec("noargv", { JUPYTER_PATH: dir })).toThrow(/kernel "noargv": .*has no "argv" command/);
  });
});
