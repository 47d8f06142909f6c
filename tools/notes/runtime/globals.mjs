// Node globals that nnlab touches, for the browser worker (imported first).
const g = globalThis;
if (typeof g.process === "undefined") {
  const write = (name) => ({ isTTY: false, columns: 0, write: (text) => g.__nnlabWrite?.(name, String(text)) });
  g.process = {
    env: { NNLAB_PROGRESS: "1" },
    pid: 1,
    platform: "browser",
    version: "",
    versions: {},
    argv: [],
    cwd: () => "/",
    stdout: write("stdout"),
    stderr: write("stderr"),
    hrtime: Object.assign(() => [0, 0], { bigint: () => BigInt(Math.round(performance.now() * 1e6)) }),
    memoryUsage: () => ({ heapUsed: 0, rss: 0 }),
    nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)),
    on: () => undefined,
  };
}
if (typeof g.Buffer === "undefined") {
  // Just Buffer.from(text, "utf8") and Buffer.from(bytes) (the wasm assembler's module names).
  g.Buffer = {
    from: (value) => (typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(value)),
    isBuffer: () => false,
  };
}
if (typeof g.global === "undefined") g.global = g;
