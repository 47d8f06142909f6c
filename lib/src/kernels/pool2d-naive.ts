/**
 * Naive reference pooling kernels (NCHW): every window cell of the padded
 * image is visited and tested against the image bounds. Same contracts as
 * the fast kernels of ./pool2d.ts, which are tested against these.
 */
import { Pool2dShape, checkBuffer, dims, pool2dGeometry } from "./geometry";
import { AvgPoolOptions, checkIndices } from "./pool2d";

/** Max pooling: input [N, C, H, W] -> out, argmax [N, C, OH, OW] (argmax: flat input index). */
export function maxPool2dForwardNaive(
  input: Float64Array, out: Float64Array, argmax: Int32Array, shape: Pool2dShape,
): Float64Array {
  const fn = "maxPool2dForwardNaive";
  const g = pool2dGeometry(fn, shape);
  const { batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: PH, poolWidth: PW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  checkBuffer(fn, "input", input, N * C * H * W, dims(N, C, H, W));
  checkBuffer(fn, "out", out, N * C * OH * OW, dims(N, C, OH, OW));
  checkIndices(fn, "argmax", argmax, N * C * OH * OW, dims(N, C, OH, OW));
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) { // out: [N, C, OH, OW]
          let best = 0;
          let bestIndex = -1;
          for (let py = 0; py < PH; py++) {
            for (let px = 0; px < PW; px++) {
              const iy = oy * sh - padTop + py;
              const ix = ox * sw - padLeft + px;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue; // padding is skipped
              const i = ((n * C + c) * H + iy) * W + ix;
              if (bestIndex < 0 || input[i] > best) { best = input[i]; bestIndex = i; }
            }
          }
          const o = ((n * C + c) * OH + oy) * OW + ox;
          out[o] = best;
          argmax[o] = bestIndex;
        }
      }
    }
  }
  return out;
}

/**
 * Max pooling backward: gradInput [N, C, H, W] (overwritten). Each output's window is
 * walked again and the gradient goes to the cell that `argmax` names (which must lie in it).
 */
export function maxPool2dBackwardNaive(
  gradOut: Float64Array, argmax: Int32Array, gradInput: Float64Array, shape: Pool2dShape,
): Float64Array {
  const fn = "maxPool2dBackwardNaive";
  const g = pool2dGeometry(fn, shape);
  const { batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: PH, poolWidth: PW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  checkBuffer(fn, "gradOut", gradOut, N * C * OH * OW, dims(N, C, OH, OW));
  checkIndices(fn, "argmax", argmax, N * C * OH * OW, dims(N, C, OH, OW));
  checkBuffer(fn, "gradInput", gradInput, N * C * H * W, dims(N, C, H, W));
  gradInput.fill(0);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) { // gradOut: [N, C, OH, OW]
          const o = ((n * C + c) * OH + oy) * OW + ox;
          let found = false;
          for (let py = 0; py < PH; py++) {
            for (let px = 0; px < PW; px++) {
              const iy = oy * sh - padTop + py;
              const ix = ox * sw - padLeft + px;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              const i = ((n * C + c) * H + iy) * W + ix;
              if (argmax[o] === i) { gradInput[i] += gradOut[o]; found = true; }
            }
          }
          if (!found) throw new Error(`${fn}: argmax[${o}] = ${argmax[o]} is not inside its pooling window`);
        }
      }
    }
  }
  return gradInput;
}

/** Average pooling: input [N, C, H, W] -> out [N, C, OH, OW]. */
export function avgPool2dForwardNaive(
  input: Float64Array, out: Float64Array, shape: Pool2dShape, options: AvgPoolOptions = {},
): Float64Array {
  const fn = "avgPool2dForwardNaive";
  const g = pool2dGeometry(fn, shape);
  const { batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: PH, poolWidth: PW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  checkBuffer(fn, "input", input, N * C * H * W, dims(N, C, H, W));
  checkBuffer(fn, "out", out, N * C * OH * OW, dims(N, C, OH, OW));
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) {
          let s = 0;
          let count = 0;
          for (let py = 0; py < PH; py++) {
            for (let px = 0; px < PW; px++) {
              const iy = oy * sh - padTop + py;
              const ix = ox * sw - padLeft + px;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              s += input[((n * C + c) * H + iy) * W + ix];
              count++;
            }
          }
          out[((n * C + c) * OH + oy) * OW + ox] = s / (options.countIncludePad === true ? PH * PW : count);
        }
      }
    }
  }
  return out;
}

/** Average pooling backward: gradInput [N, C, H, W] (overwritten). */
export function avgPool2dBackwardNaive(
  gradOut: Float64Array, gradInput: Float64Array, shape: Pool2dShape, options: AvgPoolOptions = {},
): Float64Array {
  const fn = "avgPool2dBackwardNaive";
  const g = pool2dGeometry(fn, shape);
  const { batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: PH, poolWidth: PW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  checkBuffer(fn, "gradOut", gradOut, N * C * OH * OW, dims(N, C, OH, OW));
  checkBuffer(fn, "gradInput", gradInput, N * C * H * W, dims(N, C, H, W));
  gradInput.fill(0);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oy = 0; oy < OH; oy++) {
        for (let ox = 0; ox < OW; ox++) {
          const cells: number[] = [];
          for (let py = 0; py < PH; py++) {
            for (let px = 0; px < PW; px++) {
              const iy = oy * sh - padTop + py;
              const ix = ox * sw - padLeft + px;
              if (iy >= 0 && iy < H && ix >= 0 && ix < W) cells.push(((n * C + c) * H + iy) * W + ix);
            }
          }
          const divisor = options.countIncludePad === true ? PH * PW : cells.length;
          const g0 = gradOut[((n * C + c) * OH + oy) * OW + ox];
          for (const i of cells) gradInput[i] += g0 / divisor;
        }
      }
    }
  }
  return gradInput;
}
