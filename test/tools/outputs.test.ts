import { describe, expect, it } from "vitest";
import { errorText, OutputCollector, stderrText, stripAnsi } from "../../tools/runner/outputs.mjs";

const msg = (msg_type: string, content: any) => ({ header: { msg_type }, content });

describe("OutputCollector", () => {
  it("merges consecutive stream messages of the same name only", () => {
    const c = new OutputCollector();
    const out: any[] = [];
    c.handle(msg("stream", { name: "stdout", text: "a\n" }), out);
    c.handle(msg("stream", { name: "stdout", text: "b\n" }), out);
    c.handle(msg("stream", { name: "stderr", text: "warn\n" }), out);
    c.handle(msg("stream", { name: "stdout", text: "c\n" }), out);
    expect(out).toEqual([
      { output_type: "stream", name: "stdout", text: "a\nb\n" },
      { output_type: "stream", name: "stderr", text: "warn\n" },
      { output_type: "stream", name: "stdout", text: "c\n" },
    ]);
    expect(stderrText(out)).toBe("warn\n");
  });

  it("stores display_data and execute_result without the transient display id", () => {
    const c = new OutputCollector();
    const out: any[] = [];
    c.handle(msg("display_data", { data: { "text/html": "<b>x</b>" }, metadata: {}, transient: { display_id: "d1" } }), out);
    c.handle(msg("execute_result", { data: { "text/plain": "42" }, metadata: {}, execution_count: 3 }), out);
    expect(out).toEqual([
      { output_type: "display_data", data: { "text/html": "<b>x</b>" }, metadata: {} },
      { output_type: "execute_result", data: { "text/plain": "42" }, metadata: {}, execution_count: 3 },
    ]);
  });

  it("replaces the output shown with a display id on update_display_data, in any cell", () => {
    const c = new OutputCollector();
    const cell1: any[] = [];
    const cell2: any[] = [];
    c.handle(msg("display_data", { data: { "text/plain": "0%" }, metadata: {}, transient: { display_id: "bar" } }), cell1);
    c.handle(msg("stream", { name: "stdout", text: "working\n" }), cell1);
    c.handle(msg("update_display_data", { data: { "text/plain": "50%" }, metadata: {}, transient: { display_id: "bar" } }), cell1);
    c.handle(msg("update_display_data", { data: { "text/plain": "100%" }, metadata: { done: true }, transient: { display_id: "bar" } }), cell2);
    expect(cell1).toEqual([
      { output_type: "display_data", data: { "text/plain": "100%" }, metadata: { done: true } },
      { output_type: "stream", name: "stdout", text: "working\n" },
    ]);
    expect(cell2).toEqual([]);
    // An update for an id never displayed adds nothing.
    c.handle(msg("update_display_data", { data: { "text/plain": "?" }, metadata: {}, transient: { display_id: "other" } }), cell2);
    expect(cell2).toEqual([]);
  });

  it("clears at once, or before the next output when wait is true", () => {
    const c = new OutputCollector();
    const out: any[] = [];
    c.handle(msg("stream", { name: "stdout", text: "old\n" }), out);
    c.handle(msg("clear_output", { wait: true }), out);
    expect(out).toHaveLength(1);
    c.handle(msg("stream", { name: "stdout", text: "new\n" }), out);
    expect(out).toEqual([{ output_type: "stream", name: "stdout", text: "new\n" }]);
    c.handle(msg("clear_output", { wait: false }), out);
    expect(out).toEqual([]);
  });

  it("keeps error outputs and ignores non-output messages", () => {
    const c = new OutputCollector();
    const out: any[] = [];
    expect(c.handle(msg("status", { execution_state: "busy" }), out)).toBe(false);
    expect(c.handle(msg("execute_input", { code: "x" }), out)).toBe(false);
    c.handle(msg("error", { ename: "TypeError", evalue: "x is undefined", traceback: ["\u001b[31mTypeError\u001b[0m: x is undefined", "  at cell 1"] }), out);
    expect(out).toEqual([{ output_type: "error", ename: "TypeError", evalue: "x is undefined", traceback: ["\u001b[31mTypeError\u001b[0m: x is undefined", "  at cell 1"] }]);
    expect(errorText(out)).toBe("TypeError: x is undefined\n  at cell 1");
  });
});

describe("stripAnsi", () => {
  it("removes colour codes only", () => {
    expect(stripAnsi("\u001b[0;31mError\u001b[0m: bad [1]")).toBe("Error: bad [1]");
  });
});
