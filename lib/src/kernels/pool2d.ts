/**
 * Fast pooling kernels (NCHW). Each window is clamped to the image once
 * (no bounds test per cell); padded cells are skipped: max pooling ignores
 * them and average pooling divides by the number of real cells (TensorFlow's
 * convention) unless `countIncludePad` is set (then by poolHeight*poolWidth).
 * Max ties: the first maximum in row-major window order wins.
 * Naive twins (per-cell bounds tests) are in ./pool2d-naive.ts.
 */
import { Pool2dGeometry, Pool2dShape, checkBuffer, dims, pool2dGeometry } from "./geometry";

export interface AvgPoolOptions {
  /** Divide by the full window size, padded cells included (default false: real cells only). */
  countIncludePad?: boolean;
}

/** Check an Int32Array of argmax indices. */
export function checkIndices(fn: string, name: string, array: unknown, length: number, shapeText: string): void {
  if (!(array instanceof Int32Array)) throw new Error(`${fn}: ${name} must be an Int32Array`);
  if (array.length !== length) throw new Error(`${fn}: ${name} has ${array.length} elements but ${shapeText} needs ${length}`);
}

function checkIo(fn: string, g: Pool2dGeometry, inName: string, input: unknown, outName: string, out: unknown): void {
  const { batch: N, channels: C, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  checkBuffer(fn, inName, input, N * C * H * W, dims(N, C, H, W));
  checkBuffer(fn, outName, out, N * C * OH * OW, dims(N, C, OH, OW));
}

/**
 * Max pooling: input [N, C, H, W] -> out [N, C, OH, OW] and argmax [N, C, OH, OW],
 * the flat index into input of each maximum (for the backward pass).
 */
export function maxPool2dForward(
  input: Float64Array, out: Float64Array, argmax: Int32Array, shape: Pool2dShape,
): Float64Array {
  const fn = "maxPool2dForward";
  const g = pool2dGeometry(fn, shape);
  checkIo(fn, g, "input", input, "out", out);
  checkIndices(fn, "argmax", argmax, out.length, dims(g.batch, g.channels, g.outHeight, g.outWidth));
  const { batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: PH, poolWidth: PW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  for (let plane = 0; plane < N * C; plane++) { // (n, c)
    const base = plane * H * W; // input[n, c]
    let o = plane * OH * OW; // out[n, c, oy, ox]
    for (let oy = 0; oy < OH; oy++) {
      const y0 = Math.max(0, oy * sh - padTop);
      const y1 = Math.min(H, oy * sh - padTop + PH);
      for (let ox = 0; ox < OW; ox++, o++) {
        const x0 = Math.max(0, ox * sw - padLeft);
        const x1 = Math.min(W, ox * sw - padLeft + PW);
        let bestIndex = base + y0 * W + x0;
        let best = input[bestIndex];
        for (let y = y0; y < y1; y++) {
          for (let x = y === y0 ? x0 + 1 : x0, i = base + y * W + x; x < x1; x++, i++) {
            if (input[i] > best) { best = input[i]; bestIndex = i; }
          }
        }
        out[o] = best;
        argmax[o] = bestIndex;
      }
    }
  }
  return out;
}

/** Max pooling backward: gradInput [N, C, H, W] (overwritten) = scatter-add of gradOut by argmax. */
export function maxPool2dBackward(
  gradOut: Float64Array, argmax: Int32Array, gradInput: Float64Array, shape: Pool2dShape,
): Float64Array {
  const fn = "maxPool2dBackward";
  const g = pool2dGeometry(fn, shape);
  checkIo(fn, g, "gradInput", gradInput, "gradOut", gradOut);
  checkIndices(fn, "argmax", argmax, gradOut.length, dims(g.batch, g.channels, g.outHeight, g.outWidth));
  gradInput.fill(0);
  const size = gradInput.length;
  for (let o = 0; o < gradOut.length; o++) {
    const i = argmax[o];
    if (i < 0 || i >= size) throw new Error(`${fn}: argmax[${o}] = ${i} is outside gradInput (length ${size})`);
    gradInput[i] += gradOut[o];
  }
  return gradInput;
}

/** Average pooling: input [N, C, H, W] -> out [N, C, OH, OW]. */
export function avgPool2dForward(
  input: Float64Array, out: Float64Array, shape: Pool2dShape, options: AvgPoolOptions = {},
): Float64Array {
  const fn = "avgPool2dForward";
  const g = pool2dGeometry(fn, shape);
  checkIo(fn, g, "input", input, "out", out);
  const { batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: PH, poolWidth: PW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const includePad = options.countIncludePad === true;
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    let o = plane * OH * OW;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = Math.max(0, oy * sh - padTop);
      const y1 = Math.min(H, oy * sh - padTop + PH);
      for (let ox = 0; ox < OW; ox++, o++) {
        const x0 = Math.max(0, ox * sw - padLeft);
        const x1 = Math.min(W, ox * sw - padLeft + PW);
        let s = 0;
        for (let y = y0; y < y1; y++) {
          for (let i = base + y * W + x0, end = base + y * W + x1; i < end; i++) s += input[i];
        }
        out[o] = s / (includePad ? PH * PW : (y1 - y0) * (x1 - x0));
      }
    }
  }
  return out;
}

/** Average pooling backward: gradInput [N, C, H, W] (overwritten); each window shares its gradient equally. */
export function avgPool2dBackward(
  gradOut: Float64Array, gradInput: Float64Array, shape: Pool2dShape, options: AvgPoolOptions = {},
): Float64Array {
  const fn = "avgPool2dBackward";
  const g = pool2dGeometry(fn, shape);
  checkIo(fn, g, "gradInput", gradInput, "gradOut", gradOut);
  const { batch: N, channels: C, inHeight: H, inWidth: W, poolHeight: PH, poolWidth: PW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const includePad = options.countIncludePad === true;
  gradInput.fill(0);
  for (let plane = 0; plane < N * C; plane++) {
    const base = plane * H * W;
    let o = plane * OH * OW;
    for (let oy = 0; oy < OH; oy++) {
      const y0 = Math.max(0, oy * sh - padTop);
      const y1 = Math.min(H, oy * sh - padTop + PH);
      for (let ox = 0; ox < OW; ox++, o++) {
        const x0 = Math.max(0, ox * sw - padLeft);
        const x1 = Math.min(W, ox * sw - padLeft + PW);
        const share = gradOut[o] / (includePad ? PH * PW : (y1 - y0) * (x1 - x0));
        for (let y = y0; y < y1; y++) {
          for (let i = base + y * W + x0, end = base + y * W + x1; i < end; i++) gradInput[i] += share;
        }
      }
    }
  }
  return gradInput;
}
