/**
 * Shape ops: reshape (shares data), transpose/permute, broadcastTo and its
 * adjoint sumTo, slicing and row indexing, gather/scatterAdd by an index
 * array, concat/stack. All differentiable; each rule is the op's adjoint
 * written with these same ops.
 */
import { allocData } from "./alloc";
import { defineOp } from "./op";
import { broadcastCopy, broadcastShapes, reduceInto } from "./broadcast";
import { Tensor } from "./tensor";
import {
  checkInteger, checkShape, checkTensor, formatShape, normalizeAxes, normalizeAxis, sameShape, shapeSize, stridesOf,
} from "./validate";

// ---------------------------------------------------------------------------
// reshape family

const RESHAPE = defineOp<undefined>({
  name: "reshape",
  vjp: (g, { inputs: [x] }) => [reshape(g, x.shape)],
  jvp: ([t], { output }) => (t ? reshape(t, output.shape) : null),
});

/**
 * The same values with a new shape (one dimension may be -1: inferred).
 * The result shares `data` with x (no copy).
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor(x, "reshape", "x");
  if (!Array.isArray(shape)) throw new Error(`reshape: shape must be an array of integers, got ${typeof shape}`);
  let inferred = -1;
  let known = 1;
  const target = shape.slice();
  for (let i = 0; i < target.length; i++) {
    const d = target[i];
    if (d === -1) {
      if (inferred >= 0) throw new Error(`reshape: shape ${formatShape(shape)} has more than one -1`);
      inferred = i;
    } else if (typeof d !== "number" || !Number.isInteger(d) || d < 0) {
      throw new Error(`reshape: shape ${formatShape(shape)} has an invalid dimension ${String(d)} at axis ${i}`);
    } else known *= d;
  }
  if (inferred >= 0) {
    if (known === 0 || t.size % known !== 0) {
      throw new Error(`reshape: cannot reshape ${formatShape(t.shape)} (${t.size} values) into ${formatShape(shape)}`);
    }
    target[inferred] = t.size / known;
  } else if (known !== t.size) {
    throw new Error(`reshape: cannot reshape ${formatShape(t.shape)} (${t.size} values) into ${formatShape(shape)} (${known} values)`);
  }
  const result = new Tensor(t.data, target);
  return t.requiresGrad ? RESHAPE.record(result, [t], undefined) : result;
}

/** Merges the axes from `startAxis` on into one (flatten(x) is 1-D; flatten(x, 1) keeps the batch axis). */
export function flatten(x: Tensor, startAxis = 0): Tensor {
  const t = checkTensor(x, "flatten", "x");
  if (t.rank === 0) return reshape(t, [1]);
  const start = normalizeAxis(startAxis, t.rank, "flatten", "startAxis");
  return reshape(t, [...t.shape.slice(0, start), -1]);
}

/** Inserts an axis of size 1 at `axis` (in [-(rank+1), rank]). */
export function expandDims(x: Tensor, axis: number): Tensor {
  const t = checkTensor(x, "expandDims", "x");
  const a = normalizeAxis(axis, t.rank + 1, "expandDims");
  const shape = [...t.shape];
  shape.splice(a, 0, 1);
  return reshape(t, shape);
}

/** Removes axes of size 1 (all of them, or the given ones, which must have size 1). */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  const t = checkTensor(x, "squeeze", "x");
  let drop: number[];
  if (axes === undefined) drop = t.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0);
  else {
    drop = normalizeAxes(axes, t.rank, "squeeze");
    for (const a of drop) {
      if (t.shape[a] !== 1) throw new Error(`squeeze: axis ${a} has size ${t.shape[a]}, not 1 (shape ${formatShape(t.shape)})`);
    }
  }
  return reshape(t, t.shape.filter((_, i) => !drop.includes(i)));
}

// ---------------------------------------------------------------------------
// transpose / permute

function checkPerm(perm: readonly number[], rank: number, op: string): number[] {
  if (!Array.isArray(perm) || perm.length !== rank) {
    throw new Error(`${op}: perm must be an array of ${rank} axes, got ${Array.isArray(perm) ? `[${perm.join(",")}]` : typeof perm}`);
  }
  const seen = new Array<boolean>(rank).fill(false);
  const out: number[] = [];
  for (const p of perm) {
    const a = normalizeAxis(p, rank, op, "perm entry");
    if (seen[a]) throw new Error(`${op}: perm [${perm.join(",")}] repeats axis ${p}`);
    seen[a] = true;
    out.push(a);
  }
  return out;
}

const PERMUTE = defineOp<number[]>({
  name: "permute",
  vjp: (g, { params: perm }) => {
    const inverse = new Array<number>(perm.length);
    for (let i = 0; i < perm.length; i++) inverse[perm[i]] = i;
    return [permute(g, inverse)];
  },
  jvp: ([t], { params: perm }) => (t ? permute(t, perm) : null),
});

/** Reorders the axes: output axis i is input axis perm[i]. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const t = checkTensor(x, "permute", "x");
  const p = checkPerm(perm, t.rank, "permute");
  const rank = t.rank;
  const shape = p.map((a) => t.shape[a]);
  const src = t.data;
  const o = allocData(t.size, false);
  if (rank === 2 && p[0] === 1) { // matrix transpose: x [m, n] -> out [n, m], in 32x32 tiles
    const m = t.shape[0];
    const n = t.shape[1];
    for (let i0 = 0; i0 < m; i0 += 32) {
      for (let j0 = 0; j0 < n; j0 += 32) {
        const i1 = Math.min(i0 + 32, m);
        const j1 = Math.min(j0 + 32, n);
        for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) o[j * m + i] = src[i * n + j];
      }
    }
  } else if (t.size > 0) {
    const inStrides = stridesOf(t.shape);
    const strides = p.map((a) => inStrides[a]); // stride in x of each output axis
    const counter = new Array<number>(rank).fill(0);
    let s = 0;
    for (let i = 0; i < o.length; i++) {
      o[i] = src[s];
      for (let d = rank - 1; d >= 0; d--) {
        counter[d]++;
        s += strides[d];
        if (counter[d] < shape[d]) break;
        s -= strides[d] * shape[d];
        counter[d] = 0;
      }
    }
  }
  const result = new Tensor(o, shape);
  return t.requiresGrad ? PERMUTE.record(result, [t], p) : result;
}

/** Reverses the axes (matrix transpose for rank 2), or permutes them by `perm`. */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const t = checkTensor(x, "transpose", "x");
  if (perm === undefined) {
    const reversed: number[] = [];
    for (let i = t.rank - 1; i >= 0; i--) reversed.push(i);
    return permute(t, reversed);
  }
  return permute(t, perm);
}

// ---------------------------------------------------------------------------
// broadcastTo and sumTo (adjoint pair)

const BROADCAST_TO = defineOp<undefined>({
  name: "broadcastTo",
  vjp: (g, { inputs: [x] }) => [sumTo(g, x.shape)],
  jvp: ([t], { output }) => (t ? broadcastTo(t, output.shape) : null),
});

/** Repeats x along broadcast axes to `shape` (NumPy rules). Returns x itself if the shape already matches. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor(x, "broadcastTo", "x");
  checkShape(shape as number[], "broadcastTo");
  if (sameShape(t.shape, shape)) return t;
  const full = broadcastShapes(t.shape, shape, "broadcastTo");
  if (!sameShape(full, shape)) {
    throw new Error(`broadcastTo: shape ${formatShape(t.shape)} cannot be broadcast to ${formatShape(shape)}`);
  }
  const o = allocData(shapeSize(shape), false);
  broadcastCopy(t.data, t.shape, o, shape);
  const result = new Tensor(o, shape);
  return t.requiresGrad ? BROADCAST_TO.record(result, [t], undefined) : result;
}

const SUM_TO = defineOp<undefined>({
  name: "sumTo",
  vjp: (g, { inputs: [x] }) => [broadcastTo(g, x.shape)],
  jvp: ([t], { output }) => (t ? sumTo(t, output.shape) : null),
});

/**
 * Sums x down to `shape`, where x's shape is `shape` broadcast: the adjoint of
 * broadcastTo (this is how broadcasting gradients are reduced). Returns x itself if the shape already matches.
 */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor(x, "sumTo", "x");
  if (sameShape(t.shape, shape)) return t;
  checkShape(shape as number[], "sumTo");
  const full = broadcastShapes(shape, t.shape, "sumTo");
  if (!sameShape(full, t.shape)) {
    throw new Error(`sumTo: shape ${formatShape(t.shape)} is not a broadcast of ${formatShape(shape)}`);
  }
  const o = allocData(shapeSize(shape), false);
  reduceInto(t.data, t.shape, o, shape);
  const result = new Tensor(o, shape);
  return t.requiresGrad ? SUM_TO.record(result, [t], undefined) : result;
}

// ---------------------------------------------------------------------------
// slicing

/**
 * Copies the box `region` (a shape) starting at `srcBegin` in src into dst at `dstBegin`.
 * The last axis is copied contiguously with `set`.
 */
function copyBox(
  src: Float64Array, srcShape: readonly number[], srcBegin: readonly number[],
  dst: Float64Array, dstShape: readonly number[], dstBegin: readonly number[],
  region: readonly number[],
): void {
  const rank = region.length;
  const count = shapeSize(region);
  if (count === 0) return;
  if (rank === 0) {
    dst[0] = src[0];
    return;
  }
  const sStr = stridesOf(srcShape);
  const dStr = stridesOf(dstShape);
  let s = 0;
  let d = 0;
  for (let i = 0; i < rank; i++) {
    s += srcBegin[i] * sStr[i];
    d += dstBegin[i] * dStr[i];
  }
  const inner = region[rank - 1];
  const rows = count / inner;
  const counter = new Array<number>(rank).fill(0);
  for (let r = 0; r < rows; r++) {
    dst.set(src.subarray(s, s + inner), d);
    for (let a = rank - 2; a >= 0; a--) {
      counter[a]++;
      s += sStr[a];
      d += dStr[a];
      if (counter[a] < region[a]) break;
      s -= sStr[a] * region[a];
      d -= dStr[a] * region[a];
      counter[a] = 0;
    }
  }
}

interface SliceParams {
  begin: number[];
}

const SLICE = defineOp<SliceParams>({
  name: "slice",
  vjp: (g, { inputs: [x], params }) => [padSlice(g, x.shape, params.begin)],
  jvp: ([t], { output, params }) => (t ? slice(t, params.begin, output.shape) : null),
});

const PAD_SLICE = defineOp<SliceParams>({
  name: "padSlice",
  vjp: (g, { inputs: [x], params }) => [slice(g, params.begin, x.shape)],
  jvp: ([t], { output, params }) => (t ? padSlice(t, output.shape, params.begin) : null),
});

/**
 * The box of x starting at `begin` with extent `size` (TensorFlow's slice).
 * Missing trailing entries mean "from 0" / "to the end"; a size of -1 means "to the end".
 *
 *     slice(x, [2], [3])        // rows 2, 3, 4 of a matrix
 *     slice(x, [0, 1], [-1, 2]) // columns 1 and 2
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  const t = checkTensor(x, "slice", "x");
  if (!Array.isArray(begin) || begin.length > t.rank) {
    throw new Error(`slice: begin must be an array of at most ${t.rank} integers, got ${Array.isArray(begin) ? `[${begin.join(",")}]` : typeof begin}`);
  }
  if (size !== undefined && (!Array.isArray(size) || size.length > t.rank)) {
    throw new Error(`slice: size must be an array of at most ${t.rank} integers`);
  }
  const b: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < t.rank; i++) {
    const bi = i < begin.length ? begin[i] : 0;
    if (!Number.isInteger(bi)) throw new Error(`slice: begin[${i}] = ${bi} must be an integer`);
    if (bi < 0 || bi > t.shape[i]) {
      throw new Error(`slice: begin[${i}] = ${bi} is out of range for axis ${i} of size ${t.shape[i]} (shape ${formatShape(t.shape)})`);
    }
    let si = size !== undefined && i < size.length ? size[i] : -1;
    if (si === -1) si = t.shape[i] - bi;
    if (!Number.isInteger(si) || si < 0 || bi + si > t.shape[i]) {
      throw new Error(`slice: size[${i}] = ${size?.[i]} with begin ${bi} exceeds axis ${i} of size ${t.shape[i]} (shape ${formatShape(t.shape)})`);
    }
    b.push(bi);
    s.push(si);
  }
  if (sameShape(s, t.shape)) return t;
  const o = allocData(shapeSize(s), false);
  copyBox(t.data, t.shape, b, o, s, new Array<number>(s.length).fill(0), s);
  const result = new Tensor(o, s);
  return t.requiresGrad ? SLICE.record(result, [t], { begin: b }) : result;
}

/** The adjoint of slice: g placed at `begin` inside zeros of `shape`. */
export function padSlice(g: Tensor, shape: readonly number[], begin: readonly number[]): Tensor {
  const t = checkTensor(g, "padSlice", "g");
  checkShape(shape as number[], "padSlice");
  if (shape.length !== t.rank || begin.length !== t.rank) {
    throw new Error(`padSlice: g of shape ${formatShape(t.shape)}, shape ${formatShape(shape)} and begin [${begin.join(",")}] must have the same rank`);
  }
  for (let i = 0; i < t.rank; i++) {
    if (!Number.isInteger(begin[i]) || begin[i] < 0 || begin[i] + t.shape[i] > shape[i]) {
      throw new Error(`padSlice: g of shape ${formatShape(t.shape)} at begin [${begin.join(",")}] does not fit in ${formatShape(shape)}`);
    }
  }
  const o = allocData(shapeSize(shape));
  copyBox(t.data, t.shape, new Array<number>(t.rank).fill(0), o, shape, begin, t.shape);
  const result = new Tensor(o, shape);
  return t.requiresGrad ? PAD_SLICE.record(result, [t], { begin: begin.slice() }) : result;
}

/** Row `index` of x (x[index] in NumPy): the first axis is removed. Negative indices count from the end. */
export function row(x: Tensor, index: number): Tensor {
  const t = checkTensor(x, "row", "x");
  if (t.rank === 0) throw new Error("row: x is a scalar (rank 0); it has no rows");
  if (typeof index !== "number" || !Number.isInteger(index)) throw new Error(`row: index must be an integer, got ${String(index)}`);
  const n = t.shape[0];
  if (index < -n || index >= n) throw new Error(`row: index ${index} is out of range for ${n} rows`);
  const i = index < 0 ? index + n : index;
  return reshape(slice(t, [i], [1]), t.shape.slice(1));
}

// ---------------------------------------------------------------------------
// gather / scatterAdd

function checkIndices(indices: unknown, limit: number, op: string): Int32Array {
  if (!(indices instanceof Int32Array) && !Array.isArray(indices)) {
    throw new Error(`${op}: indices has mismatched dtype (${indices === null ? "null" : typeof indices === "object" ? (indices as object).constructor.name : typeof indices}); expected an Int32Array or an array of integers`);
  }
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i] as number;
    if (typeof v !== "number" || !Number.isInteger(v)) throw new Error(`${op}: indices[${i}] = ${String(v)} is not an integer`);
    if (v < 0 || v >= limit) throw new Error(`${op}: indices[${i}] = ${v} is out of range [0, ${limit})`);
    out[i] = v;
  }
  return out;
}

interface GatherParams {
  indices: Int32Array;
  rows: number;
}

const GATHER = defineOp<GatherParams>({
  name: "gather",
  vjp: (g, { params }) => [scatterAdd(g, params.indices, params.rows)],
  jvp: ([t], { params }) => (t ? gather(t, params.indices) : null),
});

const SCATTER_ADD = defineOp<GatherParams>({
  name: "scatterAdd",
  vjp: (g, { params }) => [gather(g, params.indices)],
  jvp: ([t], { params }) => (t ? scatterAdd(t, params.indices, params.rows) : null),
});

/** Rows of x picked by `indices` (repeats allowed): out[i] = x[indices[i]], shape [indices.length, ...x.shape[1:]]. */
export function gather(x: Tensor, indices: Int32Array | readonly number[]): Tensor {
  const t = checkTensor(x, "gather", "x");
  if (t.rank === 0) throw new Error("gather: x is a scalar (rank 0); it has no rows");
  const rows = t.shape[0];
  const idx = checkIndices(indices, rows, "gather");
  const width = rows === 0 ? 0 : t.size / rows;
  const o = allocData(idx.length * width, false);
  const d = t.data;
  for (let i = 0; i < idx.length; i++) { // out[i, :] = x[idx[i], :]; a short row is copied in a loop (cheaper than a subarray)
    const src = idx[i] * width;
    if (width > 32) o.set(d.subarray(src, src + width), i * width);
    else for (let j = 0; j < width; j++) o[i * width + j] = d[src + j];
  }
  const result = new Tensor(o, t.shape.map((d, i) => (i === 0 ? idx.length : d))); // [indices.length, ...x.shape[1:]]
  return t.requiresGrad ? GATHER.record(result, [t], { indices: idx, rows }) : result;
}

/** The adjoint of gather: out = zeros [rows, ...], then out[indices[i]] += updates[i]. */
export function scatterAdd(updates: Tensor, indices: Int32Array | readonly number[], rows: number): Tensor {
  const t = checkTensor(updates, "scatterAdd", "updates");
  checkInteger(rows, "scatterAdd", "rows");
  if (t.rank === 0) throw new Error("scatterAdd: updates is a scalar (rank 0); expected [indices.length, ...]");
  const idx = checkIndices(indices, rows, "scatterAdd");
  if (idx.length !== t.shape[0]) {
    throw new Error(`scatterAdd: updates has ${t.shape[0]} rows but indices has ${idx.length} entries`);
  }
  const width = t.shape[0] === 0 ? shapeSize(t.shape.slice(1)) : t.size / t.shape[0];
  const o = allocData(rows * width);
  const u = t.data;
  for (let i = 0; i < idx.length; i++) {
    const dst = idx[i] * width;
    const src = i * width;
    for (let j = 0; j < width; j++) o[dst + j] += u[src + j]; // out[idx[i], j] += updates[i, j]
  }
  const result = new Tensor(o, [rows, ...t.shape.slice(1)]);
  return t.requiresGrad ? SCATTER_ADD.record(result, [t], { indices: idx, rows }) : result;
}

// ---------------------------------------------------------------------------
// concat / stack

const CONCAT = defineOp<number>({
  name: "concat",
  vjp: (g, { inputs, params: axis }) => {
    const grads: (Tensor | null)[] = [];
    let offset = 0;
    for (const x of inputs) {
      const begin = new Array<number>(g.rank).fill(0);
      begin[axis] = offset;
      grads.push(x.requiresGrad ? slice(g, begin, x.shape) : null);
      offset += x.shape[axis];
    }
    return grads;
  },
  jvp: (tangents, { inputs, params: axis }) => {
    if (tangents.every((t) => t === null)) return null;
    return concat(inputs.map((x, i) => tangents[i] ?? new Tensor(allocData(x.size), x.shape)), axis);
  },
});

/** Joins tensors along an existing axis; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error("concat: tensors must be a non-empty array of tensors");
  const list = tensors.map((x, i) => checkTensor(x, "concat", `tensors[${i}]`));
  const first = list[0];
  if (first.rank === 0) throw new Error("concat: tensors[0] is a scalar; use stack to join scalars");
  const a = normalizeAxis(axis, first.rank, "concat");
  let total = 0;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    let ok = x.rank === first.rank;
    for (let d = 0; ok && d < x.rank; d++) if (d !== a && x.shape[d] !== first.shape[d]) ok = false;
    if (!ok) {
      throw new Error(`concat: shapes ${formatShape(first.shape)} and ${formatShape(x.shape)} (tensors[${i}]) differ outside axis ${a}`);
    }
    total += x.shape[a];
  }
  const shape = [...first.shape];
  shape[a] = total;
  const o = allocData(shapeSize(shape), false);
  let offset = 0;
  const zeros = new Array<number>(shape.length).fill(0);
  for (const x of list) {
    const dstBegin = zeros.slice();
    dstBegin[a] = offset;
    copyBox(x.data, x.shape, zeros, o, shape, dstBegin, x.shape);
    offset += x.shape[a];
  }
  const result = new Tensor(o, shape);
  return list.some((x) => x.requiresGrad) ? CONCAT.record(result, list, a) : result;
}

/** Joins tensors of equal shape along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error("stack: tensors must be a non-empty array of tensors");
  const list = tensors.map((x, i) => checkTensor(x, "stack", `tensors[${i}]`));
  for (let i = 1; i < list.length; i++) {
    if (!sameShape(list[i].shape, list[0].shape)) {
      throw new Error(`stack: shapes ${formatShape(list[0].shape)} and ${formatShape(list[i].shape)} (tensors[${i}]) differ`);
    }
  }
  const a = normalizeAxis(axis, list[0].rank + 1, "stack");
  return concat(list.map((x) => expandDims(x, a)), a);
}
