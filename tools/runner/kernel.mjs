// A Jupyter kernel client speaking the messaging protocol over ZeroMQ:
// shell and control on Dealer sockets, iopub on a Subscriber, heartbeat on a
// Request socket; every message HMAC-SHA256 signed with a fresh key.
//
// The kernel is a child process started from its kernelspec, so its death is
// seen directly (the process exits) rather than guessed from missed heartbeats:
// tslab answers heartbeats on the same event loop that runs the cell, so a busy
// kernel and a hung one look the same on the heartbeat channel. The heartbeat
// is checked once at start-up, with the other channels.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { deserialize, makeHeader, serialize } from "./messaging.mjs";

/** An error from the kernel's life cycle; `kind` says which part failed. */
export class KernelError extends Error {
  /**
   * @param {"no-kernel" | "kernel-start" | "kernel-died" | "protocol"} kind
   * @param {string} message
   */
  constructor(kind, message) {
    super(message);
    this.name = "KernelError";
    this.kind = kind;
  }
}

const live = new Set();
let exitHookInstalled = false;
function track(kernel) {
  live.add(kernel);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Never leave kernels behind when the runner's process ends.
    process.on("exit", () => {
      for (const k of live) k.kill();
    });
  }
}

/** Kill every kernel this process started that is still running. */
export function killAllKernels() {
  for (const k of live) k.kill();
}

// Ports handed out by this process and not yet released: a kernel binds them a
// moment after we pick them, so a parallel start must not pick the same ones.
const reservedPorts = new Set();

async function freePort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise((resolve, reject) => {
      const srv = createServer();
      srv.once("error", reject);
      srv.listen(0, "127.0.0.1", () => {
        const p = srv.address().port;
        srv.close(() => resolve(p));
      });
    });
    if (!reservedPorts.has(port)) {
      reservedPorts.add(port);
      return port;
    }
  }
  throw new KernelError("kernel-start", "could not find a free TCP port on 127.0.0.1");
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function tail(text, max = 4000) {
  return text.length > max ? "..." + text.slice(-max) : text;
}

/**
 * A running kernel. Create with `await Kernel.start(...)`.
 */
export class Kernel {
  /**
   * Start a kernel from a kernelspec and wait until all its channels answer.
   * @param {{ spec: { argv: string[], env?: Record<string,string>, interrupt_mode?: string }, name?: string,
   *           cwd?: string, startTimeoutMs?: number, env?: Record<string, string | undefined> }} opts
   */
  static async start(opts) {
    const k = new Kernel(opts);
    try {
      await k.#launch(opts.startTimeoutMs ?? 60_000);
    } catch (e) {
      k.kill();
      await k.shutdown();
      if (e instanceof KernelError && e.kind === "kernel-died") {
        throw new KernelError("kernel-start", `kernel "${k.name}" did not start: it ${k.describeExit()}\n(command: ${k.argv.join(" ")}; \`node tools/install-kernel.mjs\` rewrites the project's kernelspec)`);
      }
      throw e;
    }
    return k;
  }

  constructor(opts) {
    this.name = opts.name ?? "kernel";
    this.spec = opts.spec;
    this.cwd = opts.cwd ?? process.cwd();
    this.extraEnv = opts.env ?? {};
    this.key = randomBytes(32).toString("hex");
    this.session = randomUUID();
    /** stdout/stderr of the kernel process itself (not cell output) */
    this.processOutput = "";
    /** set when the process has exited: { code, signal } */
    this.exited = null;
    this.closed = false;
    this.languageInfo = undefined;
    this.ports = [];
    this.argv = opts.spec.argv;
    /** @type {Map<string, (msg: any) => void>} shell/control replies by request msg_id */
    this.replyWaiters = new Map();
    /** @type {Map<string, (msg: any) => void>} iopub messages by parent msg_id */
    this.iopubHandlers = new Map();
    /** @type {Set<(err: KernelError) => void>} called once when the kernel dies or the protocol breaks */
    this.failureWaiters = new Set();
    this.failure = null;
  }

  /** A human-readable account of how the kernel process ended, with its own output. */
  describeExit() {
    const how = this.exited
      ? this.exited.error
        ? `could not be run (${this.exited.error.message})`
        : this.exited.signal === "SIGKILL" && !this.closed
        ? "was killed by SIGKILL (from outside: often the system running out of memory)"
        : this.exited.signal
        ? `was killed by ${this.exited.signal}`
        : `exited with code ${this.exited.code}`
      : "stopped responding";
    const out = this.processOutput.trim();
    return out ? `${how}; its output:\n${tail(out)}` : how;
  }

  async #launch(startTimeoutMs) {
    const dir = mkdtempSync(join(tmpdir(), "nnlab-kernel-"));
    this.tmpDir = dir;
    this.ports = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
    const [shell, iopub, stdin, control, hb] = this.ports;
    const connection = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: shell,
      iopub_port: iopub,
      stdin_port: stdin,
      control_port: control,
      hb_port: hb,
      key: this.key,
      signature_scheme: "hmac-sha256",
      kernel_name: this.name,
    };
    const connectionFile = join(dir, "kernel.json");
    writeFileSync(connectionFile, JSON.stringify(connection, null, 1), { mode: 0o600 });

    const argv = this.spec.argv.map((a) => a.replaceAll("{connection_file}", connectionFile));
    this.argv = argv;
    const env = { ...process.env, ...(this.spec.env ?? {}), ...this.extraEnv };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];

    let resolveDeath;
    this.death = new Promise((r) => (resolveDeath = r));
    const child = spawn(argv[0], argv.slice(1), { cwd: this.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    track(this);
    const keep = (chunk) => {
      this.processOutput = tail(this.processOutput + chunk.toString("utf8"), 20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (err) => {
      if (!this.exited) this.exited = { code: null, signal: null, error: err };
      resolveDeath();
      this.#fail(new KernelError("kernel-died", `kernel "${this.name}" ${this.describeExit()} (command: ${argv.join(" ")})`));
    });
    child.on("exit", (code, signal) => {
      this.exited = { code, signal };
      live.delete(this);
      // Let the pipes drain so the kernel's last words are in processOutput.
      setTimeout(() => {
        resolveDeath();
        if (!this.closed) this.#fail(new KernelError("kernel-died", `kernel "${this.name}" ${this.describeExit()}`));
      }, 50);
    });

    const addr = (port) => `tcp://127.0.0.1:${port}`;
    this.shell = new zmq.Dealer({ linger: 0 });
    this.control = new zmq.Dealer({ linger: 0 });
    this.iopub = new zmq.Subscriber({ linger: 0 });
    this.shell.connect(addr(shell));
    this.control.connect(addr(control));
    this.iopub.connect(addr(iopub));
    this.iopub.subscribe();
    this.#receiveLoop(this.shell, (msg) => this.#onReply(msg));
    this.#receiveLoop(this.control, (msg) => this.#onReply(msg));
    this.#receiveLoop(this.iopub, (msg) => this.#onIopub(msg));

    const deadline = Date.now() + startTimeoutMs;
    const timeLeft = () => deadline - Date.now();
    const startFailed = (why) =>
      new KernelError("kernel-start", `kernel "${this.name}" did not start within ${Math.round(startTimeoutMs / 1000)} s (${why}); command: ${argv.join(" ")}${this.processOutput.trim() ? `\nits output:\n${tail(this.processOutput.trim())}` : ""}`);

    // Ready = a kernel_info_reply on shell AND that request's status on iopub:
    // the subscription is live, so no output of the first cell can be lost.
    let ready = false;
    while (!ready) {
      if (this.failure) throw this.failure;
      if (timeLeft() <= 0) throw startFailed("no kernel_info_reply");
      const req = this.#message("kernel_info_request", {});
      let sawIopub = false;
      this.iopubHandlers.set(req.header.msg_id, () => (sawIopub = true));
      const reply = this.#waitReply(req.header.msg_id);
      await this.shell.send(serialize(req, this.key));
      const got = await Promise.race([reply, sleep(Math.min(1000, Math.max(1, timeLeft()))).then(() => null), this.#failed()]);
      if (got && got.header) {
        this.languageInfo = got.content?.language_info;
        for (let i = 0; i < 20 && !sawIopub && !this.failure; i++) await sleep(25);
        ready = sawIopub;
      }
      this.iopubHandlers.delete(req.header.msg_id);
    }
    if (!(await this.#heartbeat(Math.max(1000, Math.min(10_000, timeLeft()))))) throw startFailed("no heartbeat echo");
  }

  async #heartbeat(timeoutMs) {
    const hb = new zmq.Request({ linger: 0, receiveTimeout: timeoutMs, sendTimeout: timeoutMs });
    try {
      hb.connect(`tcp://127.0.0.1:${this.ports[4]}`);
      const ping = Buffer.from(randomUUID());
      await hb.send(ping);
      const [echo] = await hb.receive();
      return Buffer.from(echo).equals(ping);
    } catch {
      return false;
    } finally {
      hb.close();
    }
  }

  #message(type, content) {
    return { header: makeHeader(type, this.session), parent_header: {}, metadata: {}, content };
  }

  async #receiveLoop(socket, onMessage) {
    try {
      for await (const frames of socket) {
        let msg;
        try {
          msg = deserialize(frames, this.key);
        } catch (e) {
          this.#fail(new KernelError("protocol", `kernel "${this.name}" sent a malformed message: ${e.message}`));
          continue;
        }
        onMessage(msg);
      }
    } catch (e) {
      // Closing the socket ends the loop; anything else is a real problem.
      if (!this.closed && e?.code !== "EAGAIN") this.#fail(new KernelError("protocol", `ZeroMQ receive failed: ${e.message}`));
    }
  }

  #onReply(msg) {
    const id = msg.parent_header?.msg_id;
    const waiter = id && this.replyWaiters.get(id);
    if (waiter) {
      this.replyWaiters.delete(id);
      waiter(msg);
    }
  }

  #onIopub(msg) {
    const id = msg.parent_header?.msg_id;
    const handler = id && this.iopubHandlers.get(id);
    if (handler) handler(msg);
  }

  #waitReply(msgId) {
    return new Promise((resolve) => this.replyWaiters.set(msgId, resolve));
  }

  #fail(err) {
    if (this.failure) return;
    this.failure = err;
    for (const w of this.failureWaiters) w(err);
    this.failureWaiters.clear();
  }

  /** A promise that resolves (never rejects) with the KernelError when the kernel fails. */
  #failed() {
    if (this.failure) return Promise.resolve(this.failure);
    return new Promise((resolve) => this.failureWaiters.add(resolve));
  }

  /**
   * Execute code and wait for its execute_reply and the kernel's return to idle.
   * iopub messages for this request (streams, displays, ...) go to onIopub as they arrive,
   * including late ones after the reply.
   * On timeout: interrupt (SIGINT, or interrupt_request on control when the kernelspec's
   * interrupt_mode is "message") and wait up to interruptGraceMs for the kernel to give up.
   * @returns {Promise<{ status: "ok" | "error" | "abort" | "timeout" | "died", executionCount: number | null,
   *   reply: any, interrupted?: boolean, error?: KernelError }>}
   */
  async execute(code, { timeoutMs = 300_000, interruptGraceMs = 5_000, onIopub = () => {} } = {}) {
    if (this.failure) return { status: "died", executionCount: null, reply: null, error: this.failure };
    const req = this.#message("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true });
    const id = req.header.msg_id;
    let idle;
    const idlePromise = new Promise((r) => (idle = r));
    this.iopubHandlers.set(id, (msg) => {
      if (msg.header.msg_type === "status") {
        if (msg.content?.execution_state === "idle") idle();
        return;
      }
      onIopub(msg);
    });
    const replyPromise = this.#waitReply(id);
    const done = replyPromise.then(async (reply) => {
      // The reply and the final iopub messages travel on different sockets:
      // wait for idle (bounded, in case a kernel never sends it).
      await Promise.race([idlePromise, sleep(2000)]);
      return reply;
    });
    await this.shell.send(serialize(req, this.key));

    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r("timeout"), timeoutMs)));
    const first = await Promise.race([done, timeout, this.#failed()]);
    clearTimeout(timer);
    if (first instanceof KernelError) return { status: "died", executionCount: null, reply: null, error: first };
    if (first !== "timeout") {
      return { status: first.content?.status ?? "error", executionCount: first.content?.execution_count ?? null, reply: first };
    }
    await this.interrupt();
    const after = await Promise.race([done, sleep(interruptGraceMs).then(() => null), this.#failed()]);
    const reply = after && !(after instanceof KernelError) ? after : null;
    return { status: "timeout", executionCount: reply?.content?.execution_count ?? null, reply, interrupted: reply !== null };
  }

  /**
   * Send a shell request (kernel_info_request, history_request, inspect_request, ...)
   * and wait for its reply; resolves with the reply message, rejects on time-out or
   * when the kernel dies.
   */
  async request(type, content = {}, { timeoutMs = 30_000 } = {}) {
    if (this.failure) throw this.failure;
    const req = this.#message(type, content);
    const reply = this.#waitReply(req.header.msg_id);
    await this.shell.send(serialize(req, this.key));
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r(null), timeoutMs)));
    const got = await Promise.race([reply, timeout, this.#failed()]);
    clearTimeout(timer);
    if (got instanceof KernelError) throw got;
    if (!got) {
      this.replyWaiters.delete(req.header.msg_id);
      throw new KernelError("protocol", `kernel "${this.name}" did not answer ${type} within ${timeoutMs} ms`);
    }
    return got;
  }

  /** Interrupt the running cell the way the kernelspec asks (signal by default). */
  async interrupt() {
    if (this.spec.interrupt_mode === "message") {
      const req = this.#message("interrupt_request", {});
      await this.control.send(serialize(req, this.key)).catch(() => {});
    } else if (this.child && !this.exited) {
      this.child.kill("SIGINT");
    }
  }

  /**
   * Clean shutdown: shutdown_request on control, wait for the process to exit,
   * kill it if it does not, close the sockets and remove the connection file.
   */
  async shutdown({ graceMs = 3000 } = {}) {
    if (this.closed) return;
    this.closed = true;
    if (this.child && !this.exited && this.control && !this.failure) {
      const req = this.#message("shutdown_request", { restart: false });
      const reply = this.#waitReply(req.header.msg_id);
      try {
        await Promise.race([this.control.send(serialize(req, this.key)), sleep(500)]);
        const answered = await Promise.race([reply.then(() => true), this.death.then(() => true), sleep(graceMs).then(() => false)]);
        if (answered) await Promise.race([this.death, sleep(graceMs)]);
      } catch {
        // fall through to kill
      }
    }
    this.kill();
    if (this.child) await Promise.race([this.death, sleep(2000)]);
    for (const s of [this.shell, this.control, this.iopub]) {
      try {
        s?.close();
      } catch {
        // already closed
      }
    }
    for (const p of this.ports) reservedPorts.delete(p);
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
    live.delete(this);
  }

  /** Kill the process at once (SIGKILL). Safe to call more than once. */
  kill() {
    if (this.child && !this.exited && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        this.child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  }
}
