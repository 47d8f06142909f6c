/**
 * Pooling as differentiable primitives (NCHW).
 *
 * Max pooling picks one input cell per window: out[o] = x[argmax[o]] with
 * argmax the flat index of the window's maximum (first one on ties). So it is a
 * gather by flat indices, and its derivative rules are
 *
 *   maxPool2d:       vjp g -> scatterAddFlat(g, argmax, x.shape),  jvp t -> gatherFlat(t, argmax)
 *   scatterAddFlat:  vjp c -> gatherFlat(c, argmax)                (its adjoint)
 *   gatherFlat:      vjp c -> scatterAddFlat(c, argmax, x.shape)
 *
 * (the indices are constants of the recorded node: the gradient of max pooling
 * flows to the cell that won, and second derivatives are zero almost everywhere).
 *
 * Average pooling is linear: avgPool2dBackprop (each window shares its
 * gradient equally) is its adjoint, and the adjoint of that is avgPool2d again.
 */
import { defineOp } from "../../tensor/op";
import { pool2dGeometry, type Pool2dGeometry } from "../../kernels/geometry";
import { avgPool2dBackward, avgPool2dForward, maxPool2dForward } from "../../kernels/pool2d";
import { Tensor } from "../../tensor/tensor";
import { checkTensor, formatShape, shapeSize } from "../../tensor/validate";
import { checkOptions } from "../../tensor/options";
import { checkImages, resolvePadding, size2, type Padding, type Size2 } from "./geometry";
import { gradientBuffer, outputBuffer, stepIndexBuffer } from "./recycle";

/** Options of `maxPool2d` and `avgPool2d`. */
export interface Pool2dOptions {
  /** Window: a number or [height, width] (default 2). */
  poolSize?: Size2;
  /** Step of the window (default: the window size). */
  stride?: Size2;
  /** 'valid' (default), 'same', a pad on every side, or [top, bottom, left, right]; padded cells never win and are not averaged. */
  padding?: Padding;
}

interface FlatParams {
  indices: Int32Array;
  /** Shape of the large side (the pooled input). */
  fullShape: readonly number[];
  /** Shape of the small side (the pooled output). */
  pickedShape: readonly number[];
}

const GATHER_FLAT = defineOp<FlatParams>({
  name: "gatherFlat",
  vjp: (g, { params }) => [scatterFlat(g, params)],
  jvp: ([t], { params }) => (t ? gatherFlatRaw(t, params) : null),
});

const SCATTER_FLAT = defineOp<FlatParams>({
  name: "scatterAddFlat",
  vjp: (c, { params }) => [gatherFlatRaw(c, params)],
  jvp: ([t], { params }) => (t ? scatterFlat(t, params) : null),
});

const MAX_POOL = defineOp<FlatParams>({
  name: "maxPool2d",
  vjp: (g, { params }) => [scatterFlat(g, params)],
  jvp: ([t], { params }) => (t ? gatherFlatRaw(t, params) : null),
});

function gatherFlatRaw(x: Tensor, p: FlatParams): Tensor {
  const idx = p.indices;
  const src = x.data;
  const out = new Float64Array(idx.length);
  for (let o = 0; o < idx.length; o++) out[o] = src[idx[o]]; // out[o] = x.flat[indices[o]]
  return GATHER_FLAT.record(new Tensor(out, p.pickedShape), [x], p);
}

/**
 * out[indices[o]] += src[o]. A separate function from the op, so that V8 optimizes
 * the loop as a whole instead of on-stack-replacing it inside the op and deoptimizing
 * at the code after the loop on every call (measured: 42 deoptimizations in the CNN run).
 */
function scatterAdd(out: Float64Array, indices: Int32Array, src: Float64Array): void {
  for (let o = 0; o < indices.length; o++) out[indices[o]] += src[o]; // out.flat[indices[o]] += g[o]
}

function scatterFlat(g: Tensor, p: FlatParams): Tensor {
  const out = gradientBuffer(shapeSize(p.fullShape));
  scatterAdd(out, p.indices, g.data);
  return SCATTER_FLAT.record(new Tensor(out, p.fullShape), [g], p);
}

function checkFlat(fn: string, indices: Int32Array, size: number): void {
  if (!(indices instanceof Int32Array)) throw new Error(`${fn}: indices must be an Int32Array`);
  for (let i = 0; i < indices.length; i++) {
    if (indices[i] < 0 || indices[i] >= size) throw new Error(`${fn}: indices[${i}] = ${indices[i]} is out of range [0, ${size})`);
  }
}

/** out = x.flat[indices] reshaped to `shape` (shape's size = indices.length). Differentiable in x. */
export function gatherFlat(x: Tensor, indices: Int32Array, shape: readonly number[] = [indices.length]): Tensor {
  const t = checkTensor(x, "gatherFlat", "x");
  checkFlat("gatherFlat", indices, t.size);
  if (shapeSize(shape) !== indices.length) throw new Error(`gatherFlat: shape ${formatShape(shape)} does not hold ${indices.length} values`);
  return gatherFlatRaw(t, { indices, fullShape: t.shape, pickedShape: shape.slice() });
}

/** out = zeros(shape); out.flat[indices[i]] += updates.flat[i]. The adjoint of gatherFlat. */
export function scatterAddFlat(updates: Tensor, indices: Int32Array, shape: readonly number[]): Tensor {
  const t = checkTensor(updates, "scatterAddFlat", "updates");
  if (t.size !== indices.length) throw new Error(`scatterAddFlat: updates has ${t.size} values but indices has ${indices.length}`);
  checkFlat("scatterAddFlat", indices, shapeSize(shape));
  return scatterFlat(t, { indices, fullShape: shape.slice(), pickedShape: t.shape });
}

function poolGeometry(fn: string, x: Tensor, options: Pool2dOptions): Pool2dGeometry {
  checkOptions(options, fn, "options", ["poolSize", "stride", "padding"]);
  checkImages(fn, "x", x.shape);
  const [N, C, H, W] = x.shape;
  if (N === 0) throw new Error(`${fn}: x has an empty batch (shape ${formatShape(x.shape)})`);
  const window = size2(fn, "poolSize", options.poolSize, 2);
  const stride = size2(fn, "stride", options.stride, window);
  const pads = resolvePadding(fn, options.padding, H, W, window, stride);
  return pool2dGeometry(fn, {
    batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: window[0], poolWidth: window[1],
    strideHeight: stride[0], strideWidth: stride[1], ...pads,
  });
}

/**
 * The common 2x2 / stride 2 / no padding case without branches (random data
 * would mispredict half of them): the winner of each pair is picked by index
 * arithmetic. Same result and tie rule as the kernel (first maximum in row-major order).
 */
function maxPool2x2(input: Float64Array, out: Float64Array, argmax: Int32Array, g: Pool2dGeometry): void {
  const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  let o = 0;
  for (let plane = 0, planes = g.batch * g.channels; plane < planes; plane++) { // (n, c)
    const base = plane * H * W;
    for (let oy = 0; oy < OH; oy++) {
      const top = base + 2 * oy * W; // input[n, c, 2 oy, :]
      for (let ox = 0; ox < OW; ox++, o++) {
        const a = top + 2 * ox; // window cells a, a+1 (top row), a+W, a+W+1 (bottom row)
        const upper = a + +(input[a + 1] > input[a]);
        const lower = a + W + +(input[a + W + 1] > input[a + W]);
        const best = upper + (lower - upper) * +(input[lower] > input[upper]);
        out[o] = input[best];
        argmax[o] = best;
      }
    }
  }
}

/**
 * Max pooling: x [N, C, H, W] -> [N, C, OH, OW], the maximum of each window.
 *
 *     maxPool2d(x)                       // 2x2 windows, stride 2
 *     maxPool2d(x, { poolSize: 3, stride: 1, padding: "same" })
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions = {}): Tensor {
  const t = checkTensor(x, "maxPool2d", "x");
  const g = poolGeometry("maxPool2d", t, options);
  const outShape = [g.batch, g.channels, g.outHeight, g.outWidth];
  const size = shapeSize(outShape);
  const out = outputBuffer(size); // every value is written below
  const argmax = stepIndexBuffer(size); // kept by the recorded node for its reverse rule
  const plain2x2 = g.poolHeight === 2 && g.poolWidth === 2 && g.strideHeight === 2 && g.strideWidth === 2 &&
    g.padTop === 0 && g.padLeft === 0 && g.padBottom === 0 && g.padRight === 0;
  if (plain2x2) maxPool2x2(t.data, out, argmax, g);
  else maxPool2dForward(t.data, out, argmax, g); // out, argmax: [N, C, OH, OW]
  return MAX_POOL.record(new Tensor(out, outShape), [t], { indices: argmax, fullShape: t.shape, pickedShape: outShape });
}

interface AvgParams {
  geometry: Pool2dGeometry;
}

const AVG_POOL = defineOp<AvgParams>({
  name: "avgPool2d",
  vjp: (g, { params }) => [avgBackprop(g, params.geometry)],
  jvp: ([t], { params }) => (t ? avgForward(t, params.geometry) : null),
});

const AVG_POOL_BACKPROP = defineOp<AvgParams>({
  name: "avgPool2dBackprop",
  vjp: (c, { params }) => [avgForward(c, params.geometry)],
  jvp: ([t], { params }) => (t ? avgBackprop(t, params.geometry) : null),
});

function avgForward(x: Tensor, g: Pool2dGeometry): Tensor {
  const out = new Float64Array(g.batch * g.channels * g.outHeight * g.outWidth);
  avgPool2dForward(x.data, out, g);
  return AVG_POOL.record(new Tensor(out, [g.batch, g.channels, g.outHeight, g.outWidth]), [x], { geometry: g });
}

function avgBackprop(gradOut: Tensor, g: Pool2dGeometry): Tensor {
  const out = gradientBuffer(g.batch * g.channels * g.inHeight * g.inWidth, false); // the kernel zero-fills it
  avgPool2dBackward(gradOut.data, out, g);
  return AVG_POOL_BACKPROP.record(new Tensor(out, [g.batch, g.channels, g.inHeight, g.inWidth]), [gradOut], { geometry: g });
}

/** Average pooling: x [N, C, H, W] -> [N, C, OH, OW], the mean of each window (padded cells not counted). */
export function avgPool2d(x: Tensor, options: Pool2dOptions = {}): Tensor {
  const t = checkTensor(x, "avgPool2d", "x");
  return avgForward(t, poolGeometry("avgPool2d", t, options));
}

/**
 * The gradient of <avgPool2d(x), gradOut> with respect to x, for x of shape
 * `inputShape` (each window shares its gradient equally). Differentiable.
 */
export function avgPool2dBackprop(gradOut: Tensor, inputShape: readonly number[], options: Pool2dOptions = {}): Tensor {
  const fn = "avgPool2dBackprop";
  checkOptions(options, fn, "options", ["poolSize", "stride", "padding"]);
  const gt = checkTensor(gradOut, fn, "gradOut");
  checkImages(fn, "inputShape", inputShape);
  const g = poolGeometry(fn, { shape: inputShape } as unknown as Tensor, options);
  const expected = [g.batch, g.channels, g.outHeight, g.outWidth];
  if (gt.rank !== 4 || gt.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${fn}: gradOut has shape ${formatShape(gt.shape)} but the pooled output has shape ${formatShape(expected)}`);
  }
  return avgBackprop(gt, g);
}
