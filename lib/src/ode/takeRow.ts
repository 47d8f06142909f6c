/**
 * Row k of a [K, n] tensor as a view (no copy), and its adjoint: a [K, n]
 * tensor that is zero except for row k. Two primitives whose rules are each
 * other, so both stay differentiable to any order. (The general `row` op is
 * a slice plus a reshape; on the ODE solver's tiny tensors the op count matters.)
 */
import { defineOp } from "../autodiff/op";
import { allocData } from "../tensor/alloc";
import { Tensor } from "../tensor/tensor";

interface RowParams { k: number; rows: number }

const PLACE_ROW: { record(o: Tensor, i: Tensor[], p: RowParams): Tensor } = defineOp<RowParams>({
  name: "placeRow",
  vjp: (g, { params }) => [takeRow(g, params.k)],
  jvp: ([t], { params }) => (t ? placeRow(t, params.k, params.rows) : null),
});

const TAKE_ROW = defineOp<RowParams>({
  name: "takeRow",
  vjp: (g, { params }) => [placeRow(g, params.k, params.rows)],
  jvp: ([t], { params }) => (t ? takeRow(t, params.k) : null),
});

/** x[k] for x of shape [K, n]: shape [n], sharing x's data. */
export function takeRow(x: Tensor, k: number): Tensor {
  const [rows, n] = x.shape;
  if (x.rank !== 2 || !Number.isInteger(k) || k < 0 || k >= rows) throw new Error(`takeRow: row ${k} of a tensor of shape [${x.shape.join(",")}]`);
  const out = new Tensor(x.data.subarray(k * n, (k + 1) * n), [n]);
  return x.requiresGrad ? TAKE_ROW.record(out, [x], { k, rows }) : out;
}

/** The [rows, n] tensor with v (shape [n]) in row k and zeros elsewhere. */
export function placeRow(v: Tensor, k: number, rows: number): Tensor {
  const n = v.size;
  const data = allocData(rows * n);
  data.set(v.data, k * n);
  const out = new Tensor(data, [rows, n]);
  return v.requiresGrad ? PLACE_ROW.record(out, [v], { k, rows }) : out;
}
