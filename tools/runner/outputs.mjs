// Turning a kernel's iopub messages into nbformat 4 cell outputs, the way a
// Jupyter front end (or nbclient) stores them:
// - consecutive `stream` messages of the same name merge into one output;
// - `display_data` and `execute_result` become outputs with their MIME bundle
//   (the transient display_id is not stored, but remembered);
// - `update_display_data` replaces the data of every earlier output, in any
//   cell of the notebook, that was shown with the same display_id (tslab's
//   newDisplay() uses this for progress bars); it adds no output of its own;
// - `error` becomes an error output; `clear_output` clears the cell's outputs,
//   at once or (wait=true) just before the next output arrives.

/**
 * One per notebook: display ids are shared by all of the notebook's cells.
 */
export class OutputCollector {
  constructor() {
    /** @type {Map<string, object[]>} display_id -> outputs showing it */
    this.displays = new Map();
    /** @type {WeakSet<object[]>} cells with a pending clear_output(wait=true) */
    this.pendingClear = new WeakSet();
  }

  /**
   * Apply one iopub message to a cell's outputs (mutated in place).
   * Returns true when the message was an output-related message.
   * @param {{ header: { msg_type: string }, content: any }} msg
   * @param {object[]} outputs the cell's nbformat outputs
   * @param {number | null} executionCount for execute_result outputs
   */
  handle(msg, outputs, executionCount = null) {
    const type = msg.header.msg_type;
    const c = msg.content ?? {};
    switch (type) {
      case "stream": {
        this.#flushClear(outputs);
        const last = outputs[outputs.length - 1];
        if (last && last.output_type === "stream" && last.name === c.name) {
          last.text += c.text;
        } else {
          outputs.push({ output_type: "stream", name: c.name, text: String(c.text ?? "") });
        }
        return true;
      }
      case "display_data":
      case "execute_result": {
        this.#flushClear(outputs);
        const out =
          type === "display_data"
            ? { output_type: "display_data", data: c.data ?? {}, metadata: c.metadata ?? {} }
            : { output_type: "execute_result", data: c.data ?? {}, metadata: c.metadata ?? {}, execution_count: c.execution_count ?? executionCount };
        outputs.push(out);
        const id = c.transient?.display_id;
        if (typeof id === "string" && id) {
          const list = this.displays.get(id) ?? [];
          list.push(out);
          this.displays.set(id, list);
        }
        return true;
      }
      case "update_display_data": {
        const id = c.transient?.display_id;
        for (const out of (typeof id === "string" && this.displays.get(id)) || []) {
          out.data = c.data ?? {};
          out.metadata = c.metadata ?? {};
        }
        return true;
      }
      case "error": {
        this.#flushClear(outputs);
        outputs.push({ output_type: "error", ename: String(c.ename ?? ""), evalue: String(c.evalue ?? ""), traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [] });
        return true;
      }
      case "clear_output": {
        if (c.wait) this.pendingClear.add(outputs);
        else this.#clear(outputs);
        return true;
      }
      default:
        return false;
    }
  }

  #flushClear(outputs) {
    if (this.pendingClear.has(outputs)) {
      this.pendingClear.delete(outputs);
      this.#clear(outputs);
    }
  }

  #clear(outputs) {
    for (const list of this.displays.values()) {
      for (let i = list.length - 1; i >= 0; i--) if (outputs.includes(list[i])) list.splice(i, 1);
    }
    outputs.length = 0;
  }
}

/** Strip ANSI colour codes (IPython-style tracebacks carry them). */
export function stripAnsi(text) {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

/** All text a cell wrote to stderr, in order. */
export function stderrText(outputs) {
  return outputs
    .filter((o) => o.output_type === "stream" && o.name === "stderr")
    .map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text))
    .join("");
}

/** The text of a cell's error outputs (tracebacks without colour codes). */
export function errorText(outputs) {
  return outputs
    .filter((o) => o.output_type === "error")
    .map((o) => (o.traceback.length ? stripAnsi(o.traceback.join("\n")) : `${o.ename}: ${o.evalue}`))
    .join("\n");
}
