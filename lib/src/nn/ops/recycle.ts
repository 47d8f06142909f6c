/**
 * Recycling of large buffers during training (allocating one costs more than filling it). The cotangents of
 * the image ops and the buffers a node keeps for its reverse rule live only until the optimizer step, so
 * `fit` runs each step inside `withRecycledGradients` and calls `recycleGradients()` after it: the same
 * buffers serve the next step. Outside that scope (user code, higher-order gradients) every buffer is fresh.
 */

/** Buffers smaller than this (in values) are cheap to allocate and never recycled. */
const MIN_RECYCLED = 4096;

let active = false;
let outputsToo = false;

/** Free buffers by length, and the buffers lent since the last `recycleGradients`. */
class Pool<T extends Float64Array | Int32Array> {
  readonly free = new Map<number, T[]>();
  readonly lent: T[] = [];
  constructor(private readonly make: (n: number) => T) {}

  take(n: number, zero: boolean): T {
    if (!active || n < MIN_RECYCLED) return this.make(n);
    const buffer = this.free.get(n)?.pop();
    if (buffer !== undefined && zero) buffer.fill(0);
    const out = buffer ?? this.make(n);
    this.lent.push(out);
    return out;
  }

  recycle(): void {
    for (const b of this.lent) {
      const list = this.free.get(b.length) ?? [];
      this.free.set(b.length, list);
      if (list.length < 8) list.push(b);
    }
    this.lent.length = 0;
  }
}

const floats = new Pool((n) => new Float64Array(n));
const indices = new Pool((n) => new Int32Array(n));

/** A buffer of n values: recycled inside `withRecycledGradients`, fresh otherwise; zero-filled unless `zero` is false. */
export function gradientBuffer(n: number, zero = true): Float64Array {
  return floats.take(n, zero);
}

/** A buffer of n values private to a recorded node (e.g. conv2d's unrolled input), recycled like gradients, not zeroed. */
export function stepBuffer(n: number): Float64Array {
  return floats.take(n, false);
}

/** An index buffer of n values private to a recorded node (e.g. max-pooling's argmax), recycled like `stepBuffer`. */
export function stepIndexBuffer(n: number): Int32Array {
  return indices.take(n, false);
}

/** A buffer for the output of a forward op (every value is overwritten): recycled only with `withRecycledGradients(fn, { outputs: true })`. */
export function outputBuffer(n: number): Float64Array {
  return outputsToo ? floats.take(n, false) : new Float64Array(n);
}

/**
 * Runs fn (one training step's forward and first-order backward, whose graph does not outlive the step)
 * with recycling on; `outputs: true` (fit, for built-in layers and loss only) recycles forward outputs too.
 */
export function withRecycledGradients<T>(fn: () => T, options: { outputs?: boolean } = {}): T {
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

/** Switches recycling off and forgets every lent buffer, for a step that ended without its finally blocks (a kernel interrupt). */
export function resetRecycling(): void {
  active = false;
  outputsToo = false;
  floats.lent.length = 0;
  indices.lent.length = 0;
}

/** Returns every buffer lent since the last call to the pool (call once their tensors are dead). */
export function recycleGradients(): void {
  floats.recycle();
  indices.recycle();
}
