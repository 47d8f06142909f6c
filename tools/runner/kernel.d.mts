import type { KernelSpecFile } from "./kernelspec.mjs";

export interface KernelMessage {
  header: { msg_id: string; msg_type: string; [key: string]: unknown };
  parent_header: Record<string, unknown>;
  metadata: Record<string, unknown>;
  content: any;
}

export declare class KernelError extends Error {
  kind: "no-kernel" | "kernel-start" | "kernel-died" | "protocol";
}

export interface ExecuteResult {
  status: "ok" | "error" | "abort" | "timeout" | "died";
  executionCount: number | null;
  reply: KernelMessage | null;
  interrupted?: boolean;
  error?: KernelError;
}

export declare class Kernel {
  static start(opts: { spec: KernelSpecFile; name?: string; cwd?: string; startTimeoutMs?: number; env?: Record<string, string | undefined> }): Promise<Kernel>;
  languageInfo: any;
  processOutput: string;
  execute(code: string, opts?: { timeoutMs?: number; interruptGraceMs?: number; onIopub?: (msg: KernelMessage) => void }): Promise<ExecuteResult>;
  request(type: string, content?: object, opts?: { timeoutMs?: number }): Promise<KernelMessage>;
  interrupt(): Promise<void>;
  shutdown(opts?: { graceMs?: number }): Promise<void>;
  kill(): void;
}

export declare function killAllKernels(): void;
