/**
 * Recycling of large gradient buffers during training.
 *
 * Allocating a fresh large Float64Array costs far more than the arithmetic
 * that fills it (the OS must hand out and zero new pages: ~60 us for 288 kB
 * here, against ~40 us to compute a ReLU over it). Inside `fit`, the
 * cotangents that the image ops' reverse rules produce, and the buffers a
 * recorded node keeps for its reverse rule (conv2d's unrolled input), live
 * only until the optimizer step (the leaves' `.grad` are always copies, and
 * the step's graph is dropped), so `fit` runs forward and backward inside
 * `withRecycledGradients` and calls `recycleGradients()` after the step: the
 * same buffers then serve the next iteration. Outputs of forward ops are
 * never recycled (user code may keep them).
 * Outside that scope (all user code, higher-order gradients) every buffer is fresh.
 */

/** Buffers smaller than this (in values) are cheap to allocate and never recycled. */
const MIN_RECYCLED = 4096;

let active = false;
let outputsToo = false;
const free = new Map<number, Float64Array[]>();
const lent: Float64Array[] = [];

/**
 * A buffer of n values: recycled inside `withRecycledGradients`, fresh otherwise.
 * Zero-filled unless `zero` is false (for callers that overwrite every value).
 */
export function gradientBuffer(n: number, zero = true): Float64Array {
  if (!active || n < MIN_RECYCLED) return new Float64Array(n);
  const list = free.get(n);
  let buffer: Float64Array;
  if (list !== undefined && list.length > 0) {
    buffer = list.pop()!;
    if (zero) buffer.fill(0);
  } else buffer = new Float64Array(n);
  lent.push(buffer);
  return buffer;
}

/**
 * A buffer of n values private to a recorded node (e.g. conv2d's unrolled
 * input, kept for the reverse rule): recycled like the gradient buffers, not zeroed.
 */
export function stepBuffer(n: number): Float64Array {
  return gradientBuffer(n, false);
}

const freeIndices = new Map<number, Int32Array[]>();
const lentIndices: Int32Array[] = [];

/**
 * An index buffer of n values private to a recorded node (e.g. max-pooling's
 * argmax, kept for the reverse rule; every value is overwritten by the caller):
 * recycled like `stepBuffer` inside `withRecycledGradients`, fresh otherwise.
 */
export function stepIndexBuffer(n: number): Int32Array {
  if (!active || n < MIN_RECYCLED) return new Int32Array(n);
  const list = freeIndices.get(n);
  const buffer = list !== undefined && list.length > 0 ? list.pop()! : new Int32Array(n);
  lentIndices.push(buffer);
  return buffer;
}

/**
 * A buffer for the output of a forward op (every value is overwritten): recycled
 * only when the step's caller has declared that no forward output can outlive
 * the step (`withRecycledGradients(fn, { outputs: true })`), fresh otherwise.
 */
export function outputBuffer(n: number): Float64Array {
  return outputsToo ? gradientBuffer(n, false) : new Float64Array(n);
}

/** Options of `withRecycledGradients`. */
export interface RecycleOptions {
  /**
   * Also recycle forward outputs of the image ops. Only `fit` sets this, and only
   * for a Sequential made of built-in layers with a built-in loss: then every
   * intermediate output is seen only by the next built-in layer and the graph.
   */
  outputs?: boolean;
}

/** Runs fn (one training step's forward and first-order backward, whose graph does not outlive the step) with recycling on. */
export function withRecycledGradients<T>(fn: () => T, options: RecycleOptions = {}): T {
  const previous = active;
  const previousOutputs = outputsToo;
  active = true;
  outputsToo = options.outputs === true;
  try {
    return fn();
  } finally {
    active = previous;
    outputsToo = previousOutputs;
  }
}

/**
 * Switches recycling off and forgets every lent buffer, for when a step ended
 * without its finally blocks (a kernel interrupt): nothing lent then may be reused.
 */
export function resetRecycling(): void {
  active = false;
  outputsToo = false;
  lent.length = 0;
  lentIndices.length = 0;
}

/** Returns every buffer lent since the last call to the pool (call once their tensors are dead). */
export function recycleGradients(): void {
  for (const b of lent) {
    let list = free.get(b.length);
    if (list === undefined) {
      list = [];
      free.set(b.length, list);
    }
    if (list.length < 8) list.push(b);
  }
  lent.length = 0;
  for (const b of lentIndices) {
    let list = freeIndices.get(b.length);
    if (list === undefined) {
      list = [];
      freeIndices.set(b.length, list);
    }
    if (list.length < 8) list.push(b);
  }
  lentIndices.length = 0;
}
