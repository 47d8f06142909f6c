/**
 * A tiny WebAssembly binary assembler: just enough opcodes to write the
 * kernels of this folder as readable, structured code in TypeScript.
 *
 * Why not a .wat file or AssemblyScript? The module is assembled in memory
 * when the kernels module loads (a few microseconds, no files to build or
 * find), so the kernels work the same from lib/src (vitest), lib/dist (the
 * built package) and notebooks, on a fresh clone, with no build step.
 *
 * Opcode numbers follow the WebAssembly core specification 2.0 (section 5.4,
 * binary instructions; SIMD instructions are prefixed with 0xFD).
 */

/** Value types. */
export const I32 = 0x7f;
export const F64 = 0x7c;
export const V128 = 0x7b;

export type ValType = typeof I32 | typeof F64 | typeof V128;

/** An instruction sequence: nested arrays of bytes, flattened on emit. */
export type Code = number | Code[];

function flatten(code: Code, out: number[]): void {
  if (typeof code === "number") out.push(code);
  else for (let i = 0; i < code.length; i++) flatten(code[i], out); // (indexed: this runs cold, once)
}

/** Unsigned LEB128. */
export function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

/** Signed LEB128 (32-bit values). */
export function sleb(value: number): number[] {
  const bytes: number[] = [];
  value |= 0;
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

function f64Bytes(value: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return Array.from(new Uint8Array(view.buffer));
}

const simd = (op: number): Code => [0xfd, uleb(op)];
/** memarg: alignment exponent and byte offset. */
const mem = (align: number, offset: number): Code => [uleb(align), uleb(offset)];

/** The instructions used by the kernels (stack machine; arguments are sub-expressions). */
export const op = {
  get: (l: number): Code => [0x20, uleb(l)],
  set: (l: number, v: Code): Code => [v, 0x21, uleb(l)],
  tee: (l: number, v: Code): Code => [v, 0x22, uleb(l)],
  i32: (v: number): Code => [0x41, sleb(v)],
  f64: (v: number): Code => [0x44, f64Bytes(v)],
  add: (a: Code, b: Code): Code => [a, b, 0x6a],
  sub: (a: Code, b: Code): Code => [a, b, 0x6b],
  eq: (a: Code, b: Code): Code => [a, b, 0x46],
  mul: (a: Code, b: Code): Code => [a, b, 0x6c],
  divU: (a: Code, b: Code): Code => [a, b, 0x6e],
  eqz: (a: Code): Code => [a, 0x45],
  ltS: (a: Code, b: Code): Code => [a, b, 0x48],
  gtS: (a: Code, b: Code): Code => [a, b, 0x4a],
  leS: (a: Code, b: Code): Code => [a, b, 0x4c],
  geS: (a: Code, b: Code): Code => [a, b, 0x4e],
  and: (a: Code, b: Code): Code => [a, b, 0x71],
  or: (a: Code, b: Code): Code => [a, b, 0x72],
  select: (a: Code, b: Code, cond: Code): Code => [a, b, cond, 0x1b],
  /** i32 minimum of two signed values. */
  min: (a: Code, b: Code): Code => [a, b, a, b, 0x48, 0x1b],
  f64Load: (addr: Code, offset = 0): Code => [addr, 0x2b, mem(3, offset)],
  f64Store: (addr: Code, v: Code, offset = 0): Code => [addr, v, 0x39, mem(3, offset)],
  f64Add: (a: Code, b: Code): Code => [a, b, 0xa0],
  f64Mul: (a: Code, b: Code): Code => [a, b, 0xa2],
  v128Load: (addr: Code, offset = 0): Code => [addr, simd(0x00), mem(4, offset)],
  v128Store: (addr: Code, v: Code, offset = 0): Code => [addr, v, simd(0x0b), mem(4, offset)],
  /** Load one f64 and broadcast it to both lanes. */
  v128Load64Splat: (addr: Code, offset = 0): Code => [addr, simd(0x0a), mem(3, offset)],
  /** Replace lane `lane` of vector v by the f64 loaded from addr. */
  v128Load64Lane: (addr: Code, v: Code, lane: number, offset = 0): Code => [addr, v, simd(0x57), mem(3, offset), lane],
  f64x2Splat: (a: Code): Code => [a, simd(0x14)],
  f64x2Add: (a: Code, b: Code): Code => [a, b, simd(0xf0)],
  f64x2Sub: (a: Code, b: Code): Code => [a, b, simd(0xf1)],
  f64x2Mul: (a: Code, b: Code): Code => [a, b, simd(0xf2)],
  f64x2Div: (a: Code, b: Code): Code => [a, b, simd(0xf3)],
  f64x2Abs: (a: Code): Code => [a, simd(0xec)],
  /** Lane-wise comparisons as all-ones / all-zeros lanes (false for NaN). */
  f64x2Eq: (a: Code, b: Code): Code => [a, b, simd(0x47)],
  f64x2Lt: (a: Code, b: Code): Code => [a, b, simd(0x49)],
  f64x2Ge: (a: Code, b: Code): Code => [a, b, simd(0x4c)],
  /** i32: 1 if both 64-bit lanes are non-zero. */
  i64x2AllTrue: (a: Code): Code => [a, simd(0xc3)],
  /** Bitwise mask ? a : b. */
  bitselect: (a: Code, b: Code, mask: Code): Code => [a, b, mask, simd(0x52)],
  i64x2Add: (a: Code, b: Code): Code => [a, b, simd(0xce)],
  i64x2Shl: (a: Code, bits: Code): Code => [a, bits, simd(0xcb)],
  /** Both lanes the i64 constant v (a 32-bit value). */
  i64x2Const: (v: number): Code => [0x42, sleb(v), simd(0x12)],
  /** Lane-wise maximum (NaN if either lane is NaN; max(-0, +0) = +0). */
  f64x2Max: (a: Code, b: Code): Code => [a, b, simd(0xf5)],
  /** Lane-wise a > b as all-ones / all-zeros lanes. */
  f64x2Gt: (a: Code, b: Code): Code => [a, b, simd(0x4a)],
  v128And: (a: Code, b: Code): Code => [a, b, simd(0x4e)],
  v128Or: (a: Code, b: Code): Code => [a, b, simd(0x50)],
  /** Lane-wise a != b (true for NaN). */
  f64x2Ne: (a: Code, b: Code): Code => [a, b, simd(0x48)],
  /** Lane-wise rounding toward zero, as a double. */
  f64x2Trunc: (a: Code): Code => [a, simd(0x7a)],
  f64x2ExtractLane: (a: Code, lane: number): Code => [a, simd(0x21), lane],
  f64Max: (a: Code, b: Code): Code => [a, b, 0xa5],
  f64Gt: (a: Code, b: Code): Code => [a, b, 0x64],
  /** i32 (0 or 1 here) -> f64. */
  f64ConvertI32U: (a: Code): Code => [a, 0xb8],
  /** if (cond) { then } else { otherwise } with no result value. */
  if: (cond: Code, then: Code, otherwise?: Code): Code =>
    otherwise === undefined ? [cond, 0x04, 0x40, then, 0x0b] : [cond, 0x04, 0x40, then, 0x05, otherwise, 0x0b],
  /** A `for` loop: init; while (cond) { body; step }. `cond` is tested before each pass. */
  for: (init: Code, cond: Code, step: Code, body: Code): Code => [
    init,
    0x02, 0x40, // block (exit target, depth 1 inside the loop)
    cond, 0x45, 0x0d, 0x00, // br_if 0 when !cond (skip everything)
    0x03, 0x40, // loop (depth 0)
    body,
    step,
    cond, 0x0d, 0x00, // br_if 0: next pass
    0x0b, // end loop
    0x0b, // end block
  ],
  /** A do-while loop: body runs at least once, repeats while cond. */
  doWhile: (body: Code, cond: Code): Code => [0x03, 0x40, body, cond, 0x0d, 0x00, 0x0b],
  call: (fn: number, ...args: Code[]): Code => [args, 0x10, uleb(fn)],
  /** Call function number `index` (of the module's table: every function, in order), of the type of function `typeOf`. */
  callIndirect: (typeOf: number, index: Code, ...args: Code[]): Code => [args, index, 0x11, uleb(typeOf), 0x00],
};

export interface WasmFunction {
  name: string;
  params: ValType[];
  /** Extra locals after the parameters (indices continue from params.length). */
  locals: ValType[];
  body: Code;
}

function name(s: string): Code {
  const bytes = Array.from(Buffer.from(s, "utf8"));
  return [uleb(bytes.length), bytes];
}

/**
 * Assemble a module with one exported memory ("memory", `initialPages` of
 * 64 KiB, growable) and the given functions, all exported by name and in a
 * table in order, returning nothing (kernels write their results to memory).
 */
export function assembleModule(functions: WasmFunction[], initialPages: number): ArrayBuffer {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]; // magic, version 1
  const section = (id: number, items: Code[]): void => { // id, byte size, then a vector of items
    const payload: number[] = [];
    flatten([uleb(items.length), items], payload);
    flatten([id, uleb(payload.length), payload], out);
  };
  section(1, functions.map((f) => [0x60, uleb(f.params.length), f.params, 0x00])); // types (one per function)
  section(3, functions.map((_, i) => uleb(i))); // function i has type i
  section(4, [[0x70, 0x00, uleb(functions.length)]]); // a table of function references (for callIndirect)
  section(5, [[0x00, uleb(initialPages)]]); // memory limits: min only
  section(7, [[name("memory"), 0x02, 0x00], ...functions.map((f, i) => [name(f.name), 0x00, uleb(i)])]); // exports
  section(9, [[0x00, 0x41, 0x00, 0x0b, uleb(functions.length), functions.map((_, i) => uleb(i))]]); // table[i] = function i
  section(10, functions.map((f) => { // code
    const body: number[] = [];
    flatten([uleb(f.locals.length), f.locals.map((t) => [0x01, t]), f.body, 0x0b], body);
    return [uleb(body.length), body];
  }));
  return new Uint8Array(out).buffer as ArrayBuffer;
}

/** The WebAssembly memory, as the kernels use it (the library's tsconfig has no DOM lib). */
export interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }

interface WasmApi {
  Module: new (bytes: ArrayBuffer) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/**
 * A module built, compiled and instantiated on first use, synchronously (it is a few kB): a
 * function giving its exports, or null where WebAssembly is unavailable (e.g. node --jitless).
 */
export function lazyModule<T>(build: () => ArrayBuffer): () => T | null {
  let exports: T | null | undefined;
  return () => {
    if (exports === undefined) {
      try {
        const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
        exports = new api.Instance(new api.Module(build()), {}).exports as T;
      } catch {
        exports = null;
      }
    }
    return exports;
  };
}

/** Grows `memory` to at least `bytes` (never shrinks); returns `view`, or a new view of doubles when the memory grew. */
export function ensureMemory(memory: WasmMemory, bytes: number, view: Float64Array): Float64Array {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
  return view.buffer === memory.buffer ? view : new Float64Array(memory.buffer);
}
