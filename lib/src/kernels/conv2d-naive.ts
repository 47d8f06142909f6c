/**
 * Naive reference convolution kernels (NCHW): direct loops over the
 * definition, with a bounds test on every tap. The fast kernels of
 * ./conv2d.ts are tested against these.
 *
 *   out[n, f, oy, ox] = bias[f] + sum_{c, ky, kx} input[n, c, oy*sh - padTop + ky, ox*sw - padLeft + kx]
 *                                               * filter[f, c, ky, kx]
 * (input cells outside the image are zeros).
 */
import { Conv2dShape, checkBuffer, conv2dGeometry, dims } from "./geometry";

/** Forward: input [N, C, H, W], filter [F, C, KH, KW], bias [F] or null -> out [N, F, OH, OW]. */
export function conv2dForwardNaive(
  input: Float64Array, filter: Float64Array, bias: Float64Array | null, out: Float64Array, shape: Conv2dShape,
): Float64Array {
  const fn = "conv2dForwardNaive";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  checkBuffer(fn, "input", input, N * C * H * W, dims(N, C, H, W));
  checkBuffer(fn, "filter", filter, F * C * KH * KW, dims(F, C, KH, KW));
  if (bias !== null) checkBuffer(fn, "bias", bias, F, dims(F));
  checkBuffer(fn, "out", out, N * F * OH * OW, dims(N, F, OH, OW));
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) { // out: [N, F, OH, OW]
          let s = bias === null ? 0 : bias[f];
          for (let c = 0; c < C; c++) {
            for (let ky = 0; ky < KH; ky++) {
              for (let kx = 0; kx < KW; kx++) { // filter: [F, C, KH, KW]
                const iy = oy * sh - padTop + ky;
                const ix = ox * sw - padLeft + kx;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue; // padding
                s += input[((n * C + c) * H + iy) * W + ix] * filter[((f * C + c) * KH + ky) * KW + kx];
              }
            }
          }
          out[((n * F + f) * OH + oy) * OW + ox] = s;
        }
      }
    }
  }
  return out;
}

/** Gradient w.r.t. the input: gradOut [N, F, OH, OW], filter [F, C, KH, KW] -> gradInput [N, C, H, W] (overwritten). */
export function conv2dBackwardInputNaive(
  gradOut: Float64Array, filter: Float64Array, gradInput: Float64Array, shape: Conv2dShape,
): Float64Array {
  const fn = "conv2dBackwardInputNaive";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  checkBuffer(fn, "gradOut", gradOut, N * F * OH * OW, dims(N, F, OH, OW));
  checkBuffer(fn, "filter", filter, F * C * KH * KW, dims(F, C, KH, KW));
  checkBuffer(fn, "gradInput", gradInput, N * C * H * W, dims(N, C, H, W));
  gradInput.fill(0);
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) { // gradOut: [N, F, OH, OW]
          const gy = gradOut[((n * F + f) * OH + oy) * OW + ox];
          for (let c = 0; c < C; c++) {
            for (let ky = 0; ky < KH; ky++) {
              for (let kx = 0; kx < KW; kx++) {
                const iy = oy * sh - padTop + ky;
                const ix = ox * sw - padLeft + kx;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                gradInput[((n * C + c) * H + iy) * W + ix] += gy * filter[((f * C + c) * KH + ky) * KW + kx]; // [N, C, H, W]
              }
            }
          }
        }
      }
    }
  }
  return gradInput;
}

/** Gradient w.r.t. the filter: input [N, C, H, W], gradOut [N, F, OH, OW] -> gradFilter [F, C, KH, KW] (overwritten). */
export function conv2dBackwardFilterNaive(
  input: Float64Array, gradOut: Float64Array, gradFilter: Float64Array, shape: Conv2dShape,
): Float64Array {
  const fn = "conv2dBackwardFilterNaive";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  checkBuffer(fn, "input", input, N * C * H * W, dims(N, C, H, W));
  checkBuffer(fn, "gradOut", gradOut, N * F * OH * OW, dims(N, F, OH, OW));
  checkBuffer(fn, "gradFilter", gradFilter, F * C * KH * KW, dims(F, C, KH, KW));
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) {
      for (let ky = 0; ky < KH; ky++) {
        for (let kx = 0; kx < KW; kx++) { // gradFilter: [F, C, KH, KW]
          let s = 0;
          for (let n = 0; n < N; n++) {
            for (let oy = 0; oy < OH; oy++) {
              for (let ox = 0; ox < OW; ox++) {
                const iy = oy * sh - padTop + ky;
                const ix = ox * sw - padLeft + kx;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                s += input[((n * C + c) * H + iy) * W + ix] * gradOut[((n * F + f) * OH + oy) * OW + ox];
              }
            }
          }
          gradFilter[((f * C + c) * KH + ky) * KW + kx] = s;
        }
      }
    }
  }
  return gradFilter;
}

/** Gradient w.r.t. the bias: gradOut [N, F, OH, OW] -> gradBias [F] (overwritten). */
export function conv2dBackwardBiasNaive(
  gradOut: Float64Array, gradBias: Float64Array, shape: Conv2dShape,
): Float64Array {
  const fn = "conv2dBackwardBiasNaive";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, outChannels: F, outHeight: OH, outWidth: OW } = g;
  checkBuffer(fn, "gradOut", gradOut, N * F * OH * OW, dims(N, F, OH, OW));
  checkBuffer(fn, "gradBias", gradBias, F, dims(F));
  for (let f = 0; f < F; f++) {
    let s = 0;
    for (let n = 0; n < N; n++) {
      for (let q = 0; q < OH * OW; q++) s += gradOut[(n * F + f) * OH * OW + q]; // [N, F, OH*OW]
    }
    gradBias[f] = s;
  }
  return gradBias;
}
