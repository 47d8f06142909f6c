/**
 * Fast allocation of result buffers.
 *
 * `new Float64Array(n)` costs about 0.9 us in Node 20 (a fresh ArrayBuffer
 * each time), more than the arithmetic of a small op. Small buffers are
 * therefore carved out of a shared 64 KB slab (as Node's Buffer pool does):
 * creating a view costs ~0.03 us. Each region is handed out once, so it is
 * zero-filled like a new array. The cost: a live small tensor keeps its slab
 * (at most 64 KB) alive; `data.buffer` may be shared, so never transfer or
 * reinterpret `tensor.data.buffer` (copy with `data.slice()` instead).
 * A large buffer that the op overwrites entirely is not cleared first (`zero =
 * false`, Node's Buffer.allocUnsafeSlow): the op's own writes make that pass redundant.
 * Where there is no such Buffer (a browser), it is a plain zero-filled array.
 */
const unsafe = (globalThis as { Buffer?: { allocUnsafeSlow?: (bytes: number) => Uint8Array } }).Buffer?.allocUnsafeSlow;
const SLAB_BYTES = 65536;
const POOLED_MAX = 512; // values (4 KB): at least 16 buffers per slab

let slab = new ArrayBuffer(SLAB_BYTES);
let offset = 0;

/**
 * Largest tensor allocated (2^28 values, 2 GiB). Beyond it, the operating system may hand
 * out the zero pages lazily and the process is killed when they are filled, instead of
 * getting an error: a shape typo must fail here, with a message.
 */
export const MAX_VALUES = 2 ** 28;

/** A Float64Array of length n (pooled when small): zero-filled, or with any values if the caller writes every one (`zero = false`). */
export function allocData(n: number, zero = true): Float64Array {
  if (n > MAX_VALUES) {
    throw new Error(`a tensor of ${n} values (${(n * 8 / 2 ** 30).toFixed(1)} GiB of float64) cannot be allocated here; check the shape (a typo such as [1e6, 1e6]?)`);
  }
  if (n > POOLED_MAX || n === 0) return zero || unsafe === undefined ? new Float64Array(n) : new Float64Array(unsafe(n * 8).buffer, 0, n);
  const bytes = n * 8;
  if (offset + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    offset = 0;
  }
  const view = new Float64Array(slab, offset, n);
  offset += bytes;
  return view;
}
