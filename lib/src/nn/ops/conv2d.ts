/**
 * 2-D convolution as differentiable primitives (NCHW, as the kernels).
 *
 * For y = conv2d(x, w) (cross-correlation, as every deep-learning library),
 * y[n, f, i, j] = sum_{c, p, q} x[n, c, i*s + p - pad, j*s + q - pad] w[f, c, p, q] (+ b[f]),
 * the map is linear in x and linear in w. Writing T(x, w, g) = <conv2d(x, w), g>:
 *
 *   conv2dBackpropInput(g, w)  = dT/dx   (the gradient of the input, shape of x)
 *   conv2dBackpropFilter(x, g) = dT/dw   (the gradient of the filter, shape of w)
 *
 * Both are again bilinear, and their own derivative rules are the same three
 * functions with the arguments exchanged (as TensorFlow.js does), so the
 * derivative of a derivative is an ordinary recorded graph:
 *
 *   conv2d:               dx = BI(g, w),   dw = BF(x, g)
 *   conv2dBackpropInput:  dg = conv2d(c, w), dw = BF(c, g)     (c: cotangent, shape of x)
 *   conv2dBackpropFilter: dx = BI(g, c),   dg = conv2d(x, c)   (c: cotangent, shape of w)
 *
 * The forward rules (jvp) follow from bilinearity: d conv(x, w) = conv(dx, w) + conv(x, dw).
 * With the fused ReLU (`activation: "relu"`), both rules first mask by the output > 0.
 * The kernels are the im2col + SIMD matrix-product ones of lib/src/kernels/conv2d.ts.
 */
import { isGradEnabled } from "../../tensor/mode";
import { defineOp } from "../../tensor/op";
import { biasReluOperands, gemmNTOperands, gemmOperands, im2colOperands, maskSumOperands, matmulKernel, wasmOperands } from "../../kernels/matmul";
import { conv2dBackwardBias, conv2dBackwardFilter, conv2dBackwardInput, conv2dForward } from "../../kernels/conv2d";
import { conv2dGeometry, type Conv2dGeometry, type Conv2dShape } from "../../kernels/geometry";
import { add } from "../../tensor/elementwise";
import { broadcastTo, reshape } from "../../tensor/shape";
import { Tensor } from "../../tensor/tensor";
import { checkTensor, formatShape } from "../../tensor/validate";
import { checkOptions } from "../../tensor/options";
import { checkImages, resolvePadding, size2, type Padding, type Size2 } from "./geometry";
import { fromChannelMajor, im2col, toChannelMajor } from "./im2col";
import { gradientBuffer, outputBuffer, stepBuffer } from "./recycle";
import { reluBackprop, reluInPlace } from "./reluBackprop";

/** Options of `conv2d`. */
export interface Conv2dOptions {
  /** Step of the filter: a number or [height, width] (default 1). */
  stride?: Size2;
  /** 'valid' (default), 'same', a pad on every side, or [top, bottom, left, right]. */
  padding?: Padding;
  /** Bias [filters], added to every output position of its filter. */
  bias?: Tensor;
  /** "relu" fuses max(., 0) into the op (one output buffer instead of two); default "identity". */
  activation?: "identity" | "relu";
}

interface ConvParams {
  /** Full geometry (batch included) of the forward convolution. */
  geometry: Conv2dGeometry;
  /** ReLU fused into the output. */
  relu?: boolean;
  /** The forward pass's unrolled input (im2col of x), reused by the filter gradient. */
  cols?: Float64Array;
}


function plus(p: Tensor | null, q: Tensor | null): Tensor | null {
  return p && q ? add(p, q) : p ?? q;
}

const CONV2D = defineOp<ConvParams>({
  name: "conv2d",
  vjp: (gradOut, { inputs, params, output }) => {
    const [x, w, b] = inputs;
    if (!isGradEnabled() && params.cols !== undefined && !x.requiresGrad) {
      return firstOrderFilterAndBias(gradOut, output, w, b, params);
    }
    const g = params.relu ? reluBackprop(gradOut, output) : gradOut;
    const grads: (Tensor | null)[] = [
      x.requiresGrad ? backpropInput(g, w, params.geometry) : null,
      w.requiresGrad ? backpropFilter(x, g, params.geometry, params.cols) : null,
    ];
    if (b !== undefined) grads.push(b.requiresGrad ? sumChannels(g) : null);
    return grads;
  },
  jvp: ([tx, tw, tb], { inputs, params, output }) => {
    const [x, w] = inputs;
    let t = plus(tx ? convolve(tx, w, null, params.geometry) : null, tw ? convolve(x, tw, null, params.geometry) : null);
    if (tb) {
      const tbb = broadcastTo(reshape(tb, [1, tb.size, 1, 1]), output.shape);
      t = t ? add(t, tbb) : tbb;
    }
    return t && params.relu ? reluBackprop(t, output) : t;
  },
});

const BACKPROP_INPUT = defineOp<ConvParams>({
  name: "conv2dBackpropInput",
  vjp: (c, { inputs: [g, w], params }) => [
    g.requiresGrad ? convolve(c, w, null, params.geometry) : null,
    w.requiresGrad ? backpropFilter(c, g, params.geometry) : null,
  ],
  jvp: ([tg, tw], { inputs: [g, w], params }) =>
    plus(tg ? backpropInput(tg, w, params.geometry) : null, tw ? backpropInput(g, tw, params.geometry) : null),
});

const BACKPROP_FILTER = defineOp<ConvParams>({
  name: "conv2dBackpropFilter",
  vjp: (c, { inputs: [x, g], params }) => [
    x.requiresGrad ? backpropInput(g, c, params.geometry) : null,
    g.requiresGrad ? convolve(x, c, null, params.geometry) : null,
  ],
  jvp: ([tx, tg], { inputs: [x, g], params }) =>
    plus(tx ? backpropFilter(tx, g, params.geometry) : null, tg ? backpropFilter(x, tg, params.geometry) : null),
});

const SUM_CHANNELS = defineOp<undefined>({
  name: "sumChannels",
  vjp: (g, { inputs: [x] }) => [broadcastTo(reshape(g, [1, g.size, 1, 1]), x.shape)],
  jvp: ([t]) => (t ? sumChannels(t) : null),
});

/**
 * The reverse rule of conv2d for the filter and bias only, in one pass over the
 * output gradient (ReLU mask, channel-major relayout and bias sums fused), for
 * first-order backward passes (nothing is recorded then, so the composite rule
 * above is not needed; it gives the same values).
 */
function firstOrderFilterAndBias(gradOut: Tensor, output: Tensor, w: Tensor, b: Tensor | undefined, params: ConvParams): (Tensor | null)[] {
  const g = params.geometry;
  const { batch: N, outChannels: F } = g;
  const P = g.outHeight * g.outWidth;
  const gd = gradOut.data;
  const ad = output.data;
  if (w.requiresGrad) {
    const fast = filterGradInWasm(gd, params.relu ? ad : null, params.cols!, N, F, w.size / F, P);
    if (fast !== null) {
      const grads: (Tensor | null)[] = [null, new Tensor(fast.dw, w.shape)];
      if (b !== undefined) grads.push(b.requiresGrad ? new Tensor(fast.db, [F]) : null);
      return grads;
    }
  }
  const dy = channelScratch(F * N * P);
  const db = new Float64Array(F);
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const src = (n * F + f) * P; // gradOut[n, f, :]
      const dst = f * N * P + n * P; // dy[f, n, :]
      if (params.relu) {
        for (let p = 0; p < P; p++) dy[dst + p] = gd[src + p] * +(ad[src + p] > 0);
      } else {
        for (let p = 0; p < P; p++) dy[dst + p] = gd[src + p];
      }
      // bias sum with two partial sums (halves the floating-point add latency chain)
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 1 < P; p += 2) {
        s0 += dy[dst + p];
        s1 += dy[dst + p + 1];
      }
      if (p < P) s0 += dy[dst + p];
      db[f] += s0 + s1;
    }
  }
  let dw: Tensor | null = null;
  if (w.requiresGrad) {
    const out = new Float64Array(w.size);
    matmulKernel(dy, params.cols!, out, F, N * P, w.size / F, { transB: true }); // dW [F, R] = dY [F, N*P] · colsᵀ
    dw = new Tensor(out, w.shape);
  }
  const grads: (Tensor | null)[] = [null, dw];
  if (b !== undefined) grads.push(b.requiresGrad ? new Tensor(db, [F]) : null);
  return grads;
}

/**
 * Forward pass of the kept-cols path in WebAssembly memory: im2col of x into
 * cols [R, N*P] (also copied to `cols` for the filter gradient), one product
 * y [F, N*P] = W [F, R] · cols, then one SIMD pass adds the bias,
 * applies the ReLU and lays the result out as NCHW, copied out in one block.
 * Returns false (nothing written) when WebAssembly is unavailable.
 */
function forwardInWasm(
  x: Float64Array, w: Float64Array, cols: Float64Array, bias: Float64Array | null, out: Float64Array,
  g: Conv2dGeometry, relu: boolean,
): boolean {
  const { batch: N, outChannels: F } = g;
  const P = g.outHeight * g.outWidth;
  const R = g.inChannels * g.kernelHeight * g.kernelWidth;
  const NFP = N * F * P;
  const inputSize = N * g.inChannels * g.inHeight * g.inWidth;
  const total = F * R + F + R * N * P + 2 * NFP + inputSize;
  const view = wasmOperands(total);
  if (view === null) return false;
  const oW = 0; // W [F, R]
  const oBias = F * R; // bias [F] (zeros without one)
  const oCols = oBias + F; // cols [R, N*P]
  const oY = oCols + R * N * P; // y [F, N*P]
  const oOut = oY + NFP; // out [N, F, P]
  view.set(w.subarray(0, F * R), oW);
  if (bias === null) view.fill(0, oBias, oBias + F);
  else view.set(bias.subarray(0, F), oBias);
  const oX = oOut + NFP; // x [N, C, H, W]
  view.set(x.subarray(0, inputSize), oX);
  im2colOperands(total, oX, oCols, g);
  cols.set(view.subarray(oCols, oCols + R * N * P)); // kept for the filter gradient
  gemmOperands(total, { a: oW, b: oCols, c: oY, m: F, k: R, n: N * P, rsA: R, csA: 1, rsB: N * P, csB: 1 });
  biasReluOperands(total, oY, oOut, oBias, N, F, P, relu);
  out.set(view.subarray(oOut, oOut + NFP));
  return true;
}

/**
 * First-order filter and bias gradients in WebAssembly memory: one SIMD pass
 * masks the output gradient by the ReLU, lays it out channel-major dY [F, N*P]
 * and sums the bias gradient; then dW [F, R] = dY · colsᵀ by the unpacked
 * long-k kernel (dot products of rows). Null when WebAssembly is unavailable.
 */
function filterGradInWasm(
  gd: Float64Array, activated: Float64Array | null, cols: Float64Array, N: number, F: number, R: number, P: number,
): { dw: Float64Array; db: Float64Array } | null {
  const NFP = N * F * P;
  const total = 2 * NFP + F + R * N * P + F * R + (activated === null ? 0 : NFP);
  const view = wasmOperands(total);
  if (view === null) return null;
  const oG = 0; // gradOut [N, F, P]
  const oDy = NFP; // dY [F, N*P] (masked, channel-major)
  const oDb = 2 * NFP; // db [F]
  const oCols = oDb + F; // cols [R, N*P]
  const oW = oCols + R * N * P; // dW [F, R]
  const oA = oW + F * R; // the ReLU output [N, F, P]
  view.set(gd.subarray(0, NFP), oG);
  if (activated !== null) view.set(activated.subarray(0, NFP), oA);
  view.fill(0, oDb, oDb + F);
  maskSumOperands(total, oG, activated === null ? null : oA, oDy, oDb, N, F, P);
  view.set(cols, oCols);
  // dW [F, R] = dY [F, N*P] · colsᵀ (cols [R, N*P]): dot products along N*P
  gemmNTOperands(total, { a: oDy, b: oCols, c: oW, m: F, k: N * P, n: R, lda: N * P, ldb: N * P });
  return { dw: view.slice(oW, oW + F * R), db: view.slice(oDb, oDb + F) };
}

/** Geometry for a batch of `batch` images (the others fields copied). */
function withBatch(geometry: Conv2dGeometry, batch: number): Conv2dShape {
  return { ...geometry, batch };
}

/** Unrolled inputs larger than this (in values) are not kept for the backward pass (the kernel chunks them instead). */
const KEEP_COLS_LIMIT = 1 << 22;

let channelMajor = new Float64Array(0);
/** Module scratch for [F, N*P] products (used and released within one call). */
function channelScratch(n: number): Float64Array {
  if (channelMajor.length < n) channelMajor = new Float64Array(n);
  return channelMajor.subarray(0, n);
}

function convolve(x: Tensor, w: Tensor, b: Tensor | null, geometry: Conv2dGeometry, relu = false): Tensor {
  const g = conv2dGeometry("conv2d", withBatch(geometry, x.shape[0]));
  const { batch: N, outChannels: F } = g;
  const P = g.outHeight * g.outWidth;
  const R = g.inChannels * g.kernelHeight * g.kernelWidth;
  const out = outputBuffer(N * F * P); // every value is written below
  const params: ConvParams = relu ? { geometry: g, relu } : { geometry: g };
  const keep = isGradEnabled() && w.requiresGrad && R * N * P <= KEEP_COLS_LIMIT;
  if (keep) {
    // im2col once, kept for the filter gradient: y [F, N*P] = W [F, R] · cols [R, N*P]
    const cols = stepBuffer(R * N * P);
    if (!forwardInWasm(x.data, w.data, cols, b === null ? null : b.data, out, g, relu)) {
      im2col(x.data, cols, g);
      const y = channelScratch(F * N * P);
      matmulKernel(w.data, cols, y, F, R, N * P);
      fromChannelMajor(y, out, b === null ? null : b.data, N, F, P, relu); // out: [N, F, OH, OW]
    }
    params.cols = cols;
  } else {
    conv2dForward(x.data, w.data, b === null ? null : b.data, out, g); // out: [N, F, OH, OW]
    if (relu) reluInPlace(out);
  }
  const y = new Tensor(out, [N, F, g.outHeight, g.outWidth]);
  const inputs = b === null ? [x, w] : [x, w, b];
  return CONV2D.record(y, inputs, params);
}

function backpropInput(gradOut: Tensor, w: Tensor, geometry: Conv2dGeometry): Tensor {
  const g = conv2dGeometry("conv2dBackpropInput", withBatch(geometry, gradOut.shape[0]));
  const out = gradientBuffer(g.batch * g.inChannels * g.inHeight * g.inWidth, false); // the kernel overwrites it
  conv2dBackwardInput(gradOut.data, w.data, out, g); // out: [N, C, H, W]
  return BACKPROP_INPUT.record(new Tensor(out, [g.batch, g.inChannels, g.inHeight, g.inWidth]), [gradOut, w], { geometry: g });
}

function backpropFilter(x: Tensor, gradOut: Tensor, geometry: Conv2dGeometry, cols?: Float64Array): Tensor {
  const g = conv2dGeometry("conv2dBackpropFilter", withBatch(geometry, x.shape[0]));
  const out = new Float64Array(g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth);
  if (cols !== undefined) {
    // dW [F, R] = dY [F, N*P] · colsᵀ, with the forward pass's cols [R, N*P]
    const { batch: N, outChannels: F } = g;
    const P = g.outHeight * g.outWidth;
    const dy = channelScratch(F * N * P);
    toChannelMajor(gradOut.data, dy, N, F, P);
    matmulKernel(dy, cols, out, F, N * P, out.length / F, { transB: true });
  } else {
    conv2dBackwardFilter(x.data, gradOut.data, out, g); // out: [F, C, KH, KW]
  }
  return BACKPROP_FILTER.record(new Tensor(out, [g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth]), [x, gradOut], { geometry: g });
}

/** Resolves and validates the geometry of conv2d(x, filter). */
function geometryOf(fn: string, x: Tensor, filter: Tensor, options: Conv2dOptions): Conv2dGeometry {
  checkImages(fn, "x", x.shape);
  if (filter.rank !== 4) {
    throw new Error(`${fn}: filter must have shape [filters, channels, kernelHeight, kernelWidth], got ${formatShape(filter.shape)}`);
  }
  const [N, C, H, W] = x.shape;
  const [F, FC, KH, KW] = filter.shape;
  if (FC !== C) {
    throw new Error(`${fn}: filter ${formatShape(filter.shape)} expects ${FC} input channels but x ${formatShape(x.shape)} has ${C}`);
  }
  if (N === 0) throw new Error(`${fn}: x has an empty batch (shape ${formatShape(x.shape)})`);
  const stride = size2(fn, "stride", options.stride, 1);
  const pads = resolvePadding(fn, options.padding, H, W, [KH, KW], stride);
  return conv2dGeometry(fn, {
    batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW,
    strideHeight: stride[0], strideWidth: stride[1], ...pads,
  });
}

/**
 * 2-D convolution (cross-correlation) of a batch of images.
 *
 *     conv2d(x, w)                               // x [N, C, H, W], w [F, C, KH, KW] -> [N, F, OH, OW]
 *     conv2d(x, w, { padding: "same", bias: b }) // b [F]
 *
 * OH = floor((H + padTop + padBottom - KH) / strideHeight) + 1 (likewise OW).
 * Differentiable in x, w and bias, to any order (see the file comment).
 */
export function conv2d(x: Tensor, filter: Tensor, options: Conv2dOptions = {}): Tensor {
  const fn = "conv2d";
  checkOptions(options, fn, "options", ["stride", "padding", "bias", "activation"]);
  const xt = checkTensor(x, fn, "x");
  const wt = checkTensor(filter, fn, "filter");
  const g = geometryOf(fn, xt, wt, options);
  let b: Tensor | null = null;
  if (options.bias !== undefined) {
    b = checkTensor(options.bias, fn, "bias");
    if (b.rank !== 1 || b.shape[0] !== g.outChannels) {
      throw new Error(`${fn}: bias must have shape [${g.outChannels}] (one per filter), got ${formatShape(b.shape)}`);
    }
  }
  const activation = options.activation ?? "identity";
  if (activation !== "identity" && activation !== "relu") throw new Error(`${fn}: activation must be "identity" or "relu", got ${JSON.stringify(activation)}`);
  return convolve(xt, wt, b, g, activation === "relu");
}

/** Geometry options of the backprop functions (the forward convolution's). */
export interface Conv2dBackpropOptions {
  stride?: Size2;
  padding?: Padding;
}

/**
 * The gradient of <conv2d(x, filter), gradOut> with respect to x, for x of shape
 * `inputShape` [N, C, H, W] (the transposed convolution). Differentiable in gradOut and filter.
 */
export function conv2dBackpropInput(
  gradOut: Tensor, filter: Tensor, inputShape: readonly number[], options: Conv2dBackpropOptions = {},
): Tensor {
  const fn = "conv2dBackpropInput";
  checkOptions(options, fn, "options", ["stride", "padding"]);
  const gt = checkTensor(gradOut, fn, "gradOut");
  const wt = checkTensor(filter, fn, "filter");
  checkImages(fn, "inputShape", inputShape);
  const g = geometryOf(fn, fakeInput(inputShape), wt, options);
  checkGradOut(fn, gt, g);
  return backpropInput(gt, wt, g);
}

/**
 * The gradient of <conv2d(x, filter), gradOut> with respect to the filter, for a
 * filter of shape `filterShape` [F, C, KH, KW]. Differentiable in x and gradOut.
 */
export function conv2dBackpropFilter(
  x: Tensor, gradOut: Tensor, filterShape: readonly number[], options: Conv2dBackpropOptions = {},
): Tensor {
  const fn = "conv2dBackpropFilter";
  checkOptions(options, fn, "options", ["stride", "padding"]);
  const xt = checkTensor(x, fn, "x");
  const gt = checkTensor(gradOut, fn, "gradOut");
  if (filterShape.length !== 4) throw new Error(`${fn}: filterShape must be [filters, channels, kernelHeight, kernelWidth], got ${formatShape(filterShape)}`);
  const g = geometryOf(fn, xt, fakeInput(filterShape), options);
  checkGradOut(fn, gt, g);
  return backpropFilter(xt, gt, g);
}

/** A zero-size stand-in carrying only a shape (the geometry needs shapes, not values). */
function fakeInput(shape: readonly number[]): Tensor {
  return { shape, rank: shape.length } as unknown as Tensor;
}

function checkGradOut(fn: string, g: Tensor, geometry: Conv2dGeometry): void {
  const expected = [geometry.batch, geometry.outChannels, geometry.outHeight, geometry.outWidth];
  if (g.rank !== 4 || g.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${fn}: gradOut has shape ${formatShape(g.shape)} but the convolution's output has shape ${formatShape(expected)}`);
  }
}

/**
 * Sum over batch and positions of NCHW x: [N, C, H, W] -> [C] (the gradient of
 * a per-channel bias). Differentiable (its adjoint broadcasts back).
 */
export function sumChannels(x: Tensor): Tensor {
  const t = checkTensor(x, "sumChannels", "x");
  checkImages("sumChannels", "x", t.shape);
  const [N, C, H, W] = t.shape;
  const out = new Float64Array(C);
  if (t.size > 0) {
    conv2dBackwardBias(t.data, out, {
      batch: N, inChannels: 1, inHeight: H, inWidth: W, outChannels: C, kernelHeight: 1, kernelWidth: 1,
    });
  }
  return SUM_CHANNELS.record(new Tensor(out, [C]), [t], undefined);
}
