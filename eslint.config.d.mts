/** The engine's layers: each folder of lib/src and the folders it may import. */
export const LAYERS: Record<string, string[]>;
declare const config: unknown[];
export default config;
