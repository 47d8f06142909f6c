// The project's kernel (tools/kernel/launch.cjs around the pinned tslab) over the
// Jupyter protocol, in one kernel: error messages and their tracebacks,
// execute_result, kernel_info, history, inspect and the shorthand-property fix.
// NNLAB_TEST_NODE=/path/to/node runs the kernel under another Node version.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Kernel, type KernelMessage } from "../../tools/runner/kernel.mjs";
import { PROJECT_ROOT, projectKernelSpec } from "../../tools/runner/kernelspec.mjs";

const stripAnsi = (s: string) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Cell {
  status: string;
  count: number | null;
  reply: any;
  messages: KernelMessage[];
  outputs: { type: string; content: any }[];
}

describe("the project's kernel over the Jupyter protocol", () => {
  let kernel: Kernel;
  const node = process.env.NNLAB_TEST_NODE || process.execPath;

  async function run(code: string): Promise<Cell> {
    const messages: KernelMessage[] = [];
    const r = await kernel.execute(code, { timeoutMs: 120_000, onIopub: (m) => messages.push(m) });
    // tslab drops requests that arrive within 200 ms of a failed cell (Jupyter's stop_on_error)
    if (r.status !== "ok") await sleep(300);
    const outputs = messages.filter((m) => m.header.msg_type !== "execute_input").map((m) => ({ type: m.header.msg_type, content: m.content }));
    return { status: r.status, count: r.executionCount, reply: r.reply?.content, messages, outputs };
  }

  beforeAll(async () => {
    kernel = await Kernel.start({ spec: projectKernelSpec({ node }), name: "nnlab-tslab", cwd: join(PROJECT_ROOT, "notebooks") });
  }, 120_000);

  afterAll(async () => {
    await kernel?.shutdown();
  });

  it("kernel_info_reply: status ok, the real TypeScript and Node versions", async () => {
    const reply = await kernel.request("kernel_info_request");
    const tsVersion = JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", "@tslab", "typescript-for-tslab", "package.json"), "utf8")).version;
    expect(reply.content).toMatchObject({ status: "ok", implementation: "tslab", implementation_version: "1.0.22", language_info: { name: "typescript", version: tsVersion, file_extension: ".ts" } });
    const nodeVersion = (await import("node:child_process")).execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    expect(reply.content.banner).toContain(`TypeScript ${tsVersion}`);
    expect(reply.content.banner).toContain(`Node.js ${nodeVersion}`);
    expect(reply.content.language_info.nodejs_version).toBe(nodeVersion);
  });

  it("the last expression is an execute_result (Out[n]) in util.inspect form; `;` and void show nothing", async () => {
    const decl = await run("const a = 1;\nconst g: any = 5;\nfunction f(x: number) {\n  const y = x * 2;\n  throw new Error(`boom ${y}`);\n}");
    expect(decl.status).toBe("ok");
    expect(decl.outputs).toEqual([]);
    // the execute_input carries the code and the count
    expect(decl.messages[0].header.msg_type).toBe("execute_input");
    expect(decl.messages[0].content).toEqual({ code: expect.stringContaining("const a = 1;"), execution_count: decl.count });

    const value = await run("({ list: [1, 2], text: 't', a: a + 1 })");
    expect(value.outputs).toEqual([{ type: "execute_result", content: { execution_count: value.count, data: { "text/plain": "{ list: [ 1, 2 ], text: 't', a: 2 }" }, metadata: {} } }]);
    expect((await run("a + 1;")).outputs).toEqual([]);
    expect((await run("void (a + 1)")).outputs).toEqual([]);
    const printed = await run('console.log("x");\n"y"');
    expect(printed.outputs.map((o) => o.type)).toEqual(["stream", "execute_result"]);
    expect(printed.outputs[1].content.data["text/plain"]).toBe("'y'");
  });

  it("a shorthand property of an earlier cell's name works like the long form", async () => {
    const short = await run("({ a })");
    expect(short.status).toBe("ok");
    expect(short.outputs[0]?.content.data["text/plain"]).toBe("{ a: 1 }");
    const nested = await run("const b = 2;\n[{ a, b }].map(({ a, b }) => ({ a, sum: a + b }))");
    expect(nested.outputs[0]?.content.data["text/plain"]).toBe("[ { a: 1, sum: 3 } ]");
  });

  it("a runtime error is an error message: message first, cell frames numbered by the cell's lines", async () => {
    const c = await run("let q = 1;\n\nf(q)");
    expect(c.status).toBe("error");
    expect(c.outputs.map((o) => o.type)).toEqual(["error"]);
    const err = c.outputs[0].content;
    expect(err.ename).toBe("Error");
    expect(err.evalue).toBe("boom 2");
    // f was defined in the kernel's first cell (In[1]): its throw is on that cell's line 5; the call on line 3 here
    expect(err.traceback.map(stripAnsi)).toEqual(["Error: boom 2", "    at f (In[1]:5:9)", `    at In[${c.count}]:3:1`]);
    // the reply repeats the error
    expect(c.reply).toMatchObject({ status: "error", ename: "Error", evalue: "boom 2", traceback: err.traceback });
  });

  it("an error thrown in the library: its frames point at lib/src, no excerpt, no kernel internals", async () => {
    const c = await run('import { Random } from "nnlab";\nconst rng = new Random(1);\nrng.int(-3);');
    const err = c.outputs[0].content;
    expect(err.evalue).toBe("Random.int: n must be a positive integer, got -3");
    const tb = err.traceback.map(stripAnsi);
    expect(tb[0]).toBe("Error: Random.int: n must be a positive integer, got -3");
    expect(tb[1]).toMatch(/^    at Random\.int \(.*lib\/src\/random\.ts:\d+:\d+\)$/);
    expect(tb[tb.length - 1]).toBe(`    at In[${c.count}]:3:5`);
    expect(tb.join("\n")).not.toMatch(/node:vm|node:internal|tslab[\\/]dist|evalmachine|lib\/dist|launch\.cjs/);
  });

  it("a runtime TypeError names the student's code, not tslab's compiled code", async () => {
    const c = await run("g(1)");
    const err = c.outputs[0].content;
    expect(err.ename).toBe("TypeError");
    expect(err.evalue).toBe("g is not a function");
    expect(err.traceback.map(stripAnsi)).toEqual(["TypeError: g is not a function", `    at In[${c.count}]:1:1`]);
    expect(JSON.stringify(err)).not.toMatch(/tsLastExpr|exports\./);
  });

  it("a type error keeps the one-line `line:col - message` form", async () => {
    const c = await run('const n = 1;\nconst s: string = n;');
    expect(c.status).toBe("error");
    expect(c.outputs).toEqual([{ type: "error", content: { ename: "TypeScriptError", evalue: "2:7 - Type 'number' is not assignable to type 'string'.", traceback: ["2:7 - Type 'number' is not assignable to type 'string'."] } }]);
  });

  it("an interrupted training run ends with one line saying where it stopped, and the model stays usable", async () => {
    const setup = await run(
      'import { Dense, Sequential, fit, predictProbabilities, randn } from "nnlab";\n' +
        "const xs = randn([400, 20], 1);\nconst ys = new Int32Array(400).map((_, i) => i % 2);\n" +
        'const model = new Sequential([new Dense(64, { activation: "relu" }), new Dense(2, { activation: "softmax" })], { inputShape: [20], seed: 1 });',
    );
    expect(setup.status).toBe("ok");
    const messages: KernelMessage[] = [];
    // interrupt (SIGINT, as Jupyter's Kernel -> Interrupt) once the first epoch has been drawn
    const watch = setInterval(() => {
      if (messages.some((m) => m.header.msg_type === "update_display_data")) {
        clearInterval(watch);
        void kernel.interrupt();
      }
    }, 50);
    const r = await kernel.execute("fit(model, { x: xs, y: ys }, { epochs: 100000, batchSize: 8, progress: true });", { timeoutMs: 120_000, onIopub: (m) => messages.push(m) });
    clearInterval(watch);
    await sleep(300);
    expect(r.status).toBe("error");
    const err = messages.find((m) => m.header.msg_type === "error")!.content;
    expect(err.ename).toBe("Interrupted");
    expect(err.evalue).toMatch(/^fit interrupted in epoch \d+ of 100000, batch \d+ of 50; the model keeps the parameters reached so far \(\d+ complete epochs?\)$/);
    expect(err.traceback.map(stripAnsi)).toEqual([`Interrupted: ${err.evalue}`]);
    // the progress display ends with the same place instead of freezing
    const lastBar = messages.filter((m) => m.header.msg_type === "update_display_data").pop()!;
    expect(lastBar.content.data["text/plain"]).toContain(err.evalue.slice(4, err.evalue.indexOf(";")));
    const after = await run("Array.from(predictProbabilities(model, xs).data).every(Number.isFinite)");
    expect(after.outputs).toEqual([{ type: "execute_result", content: { execution_count: after.count, data: { "text/plain": "true" }, metadata: {} } }]);
  });

  it("history_request is answered with this session's cells", async () => {
    const reply = await kernel.request("history_request", { output: false, raw: true, hist_access_type: "tail", n: 2 });
    expect(reply.header.msg_type).toBe("history_reply");
    expect(reply.content.status).toBe("ok");
    expect(reply.content.history.map((h: unknown[]) => h[2])).toEqual([
      "fit(model, { x: xs, y: ys }, { epochs: 100000, batchSize: 8, progress: true });",
      "Array.from(predictProbabilities(model, xs).data).every(Number.isFinite)",
    ]);
    expect(reply.content.history[1][1]).toBe(reply.content.history[0][1] + 1); // execution counts
  });

  it("inspect works with the cursor just after `(`", async () => {
    const code = "Math.max(";
    const reply = await kernel.request("inspect_request", { code, cursor_pos: code.length, detail_level: 0 });
    expect(reply.content).toMatchObject({ status: "ok", found: true });
    expect(reply.content.data["text/plain"]).toMatch(/max\(\.\.\.values: number\[\]\): number/);
  });
});
