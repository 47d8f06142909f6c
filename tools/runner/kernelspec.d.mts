export interface KernelSpecFile {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode?: "signal" | "message";
  env?: Record<string, string>;
  metadata?: Record<string, any>;
}
export declare const PROJECT_ROOT: string;
export declare const JUPYTER_DATA_DIR: string;
export declare const KERNEL_NAME: string;
export declare const NOTEBOOK_KERNELSPEC: { display_name: string; language: string; name: string };
export declare const KERNEL_LAUNCHER: string;
export declare function projectKernelSpec(opts?: { node?: string; launcher?: string }): KernelSpecFile;
export declare function kernelSearchDirs(env?: Record<string, string | undefined>): string[];
export declare function findKernelSpec(name: string, env?: Record<string, string | undefined>): { name: string; dir: string; spec: KernelSpecFile };
