/**
 * Fast element-wise kernels: the f64x2 WebAssembly code of ./wasm/vector-module.ts. exp and
 * sigmoid give the same bits as the reference loops expNaive and sigmoidNaive (./elementwise.ts),
 * which also do short arrays, the values the module leaves to scalar code, and everything where
 * WebAssembly is unavailable (out[i] = f(x[i]), out may be x). binaryKernel is + - * / for the
 * tensor ops' broadcast loop (tensor/broadcast.ts), the same IEEE operations as its loops.
 */
import { expNaive, sigmoidNaive } from "./elementwise";
import { ensureMemory, lazyModule, type WasmMemory } from "./wasm/assembler";
import { buildVectorModule } from "./wasm/vector-module";

type VectorFunction = (src: number, dst: number, bytes: number) => void;
type BinaryFunction = (a: number, sa: number, ca: number, b: number, sb: number, cb: number, out: number, rows: number, cols: number) => void;
interface VectorExports {
  memory: WasmMemory; exp: VectorFunction; sigmoid: VectorFunction;
  add: BinaryFunction; sub: BinaryFunction; mul: BinaryFunction; div: BinaryFunction;
}
const BINARY = ["add", "sub", "mul", "div"] as const; // kinds 0..3 of tensor/broadcast.ts

/** Below this many values a call and its copies cost more than the loop saves (measured: ~20). */
const MIN_VALUES = 64;
/** Larger calls (values in and out) run the plain loops: WebAssembly memory never shrinks, so it stays near 32 MB. */
const MAX_VALUES = 2 ** 22;

const vectorModule = lazyModule<VectorExports>(buildVectorModule);
let doubles: Float64Array = new Float64Array(0); // the module's memory

function run(name: "exp" | "sigmoid", reference: typeof expNaive, x: Float64Array, out: Float64Array): Float64Array {
  const n = x.length;
  const w = n >= MIN_VALUES && 2 * n <= MAX_VALUES ? vectorModule() : null;
  if (w === null) return reference(x, out);
  const even = n - (n & 1);
  doubles = ensureMemory(w.memory, 16 * n, doubles); // x [n] at 0, f(x) [n] after it
  doubles.set(x);
  w[name](0, 8 * n, 8 * even);
  if (even < n) reference(x.subarray(even), doubles.subarray(n + even, 2 * n)); // an odd last value
  out.set(doubles.subarray(n, 2 * n));
  return out;
}

/** out[i] = e^x[i], the bits of Math.exp. */
export const expKernel = (x: Float64Array, out: Float64Array): Float64Array => run("exp", expNaive, x, out);
/** out[i] = sigmoid(x[i]), the bits of sigmoidNaive. */
export const sigmoidKernel = (x: Float64Array, out: Float64Array): Float64Array => run("sigmoid", sigmoidNaive, x, out);

/**
 * out[r, j] = a[r·sa + j·ca] (op) b[r·sb + j·cb] for r < rows, j < cols, op + - * / for kind 0..3
 * (element strides; ca, cb 0 or 1, not both 0; out [rows, cols] row-major, may be a or b). Returns
 * false, doing nothing, where WebAssembly is unavailable or the arrays are too large.
 */
export function binaryKernel(kind: number, a: Float64Array, sa: number, ca: number, b: Float64Array, sb: number, cb: number,
  out: Float64Array, rows: number, cols: number): boolean {
  const w = a.length + b.length + out.length <= MAX_VALUES ? vectorModule() : null;
  if (w === null) return false;
  // memory, in values: a at 0, b after it, out after b, each with a spare value (odd rows run in pairs)
  const [offB, offOut] = [a.length + 1, a.length + b.length + 2];
  doubles = ensureMemory(w.memory, 8 * (offOut + out.length + 1), doubles);
  doubles.set(a);
  doubles.set(b, offB);
  w[BINARY[kind]](0, 8 * sa, ca, 8 * offB, 8 * sb, cb, 8 * offOut, rows, cols);
  out.set(doubles.subarray(offOut, offOut + out.length));
  return true;
}
