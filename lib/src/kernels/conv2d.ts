/**
 * Fast convolution kernels (NCHW) by im2col + the SIMD matrix product.
 *
 * With R = C*KH*KW patch rows and P = OH*OW output positions, a chunk of nb
 * images is unrolled into columns cols [R, nb*P] (im2col: column (n, oy, ox)
 * holds the input patch under the filter at that position, zeros in padding).
 * Then, with the filter seen as a matrix Wf [F, R]:
 *   forward:        Y  [F, nb*P] = Wf · cols
 *   grad filter:    dWf [F, R]  += dY · colsᵀ
 *   grad input:     dcols [R, nb*P] = Wfᵀ · dY, then col2im scatters-adds it back
 * where Y/dY [F, nb*P] is out/gradOut [nb, F, P] with the first two axes swapped.
 * Batches are processed in chunks so that cols stays below ~8 MB.
 * Same contracts as the naive twins in ./conv2d-naive.ts.
 */
import { Conv2dGeometry, Conv2dShape, checkBuffer, conv2dGeometry, dims } from "./geometry";
import { matmulKernel } from "./matmul";

/** Largest cols buffer (in doubles) before the batch is split into chunks. */
const COLS_LIMIT = 1 << 20;

// Reusable scratch buffers (kernels are synchronous; each worker has its own module state).
const scratchBuffers: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
function scratch(slot: number, size: number): Float64Array {
  if (scratchBuffers[slot].length < size) scratchBuffers[slot] = new Float64Array(Math.max(size, 2 * scratchBuffers[slot].length));
  return scratchBuffers[slot].subarray(0, size);
}

function chunkSize(g: Conv2dGeometry): number {
  const R = g.inChannels * g.kernelHeight * g.kernelWidth;
  const P = g.outHeight * g.outWidth;
  return Math.max(1, Math.min(g.batch, Math.floor(COLS_LIMIT / (R * P))));
}

/** Valid output range [lo, hi) along one axis for kernel tap `t`: 0 <= o*stride - pad + t < size. */
function validRange(size: number, out: number, stride: number, pad: number, t: number): [number, number] {
  const lo = Math.max(0, Math.ceil((pad - t) / stride));
  const hi = Math.min(out, Math.floor((size - 1 + pad - t) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/** im2col: images n0..n0+nb-1 of input [N, C, H, W] -> cols [C*KH*KW, nb*OH*OW]. */
function im2col(input: Float64Array, cols: Float64Array, g: Conv2dGeometry, n0: number, nb: number): void {
  const { inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const P = OH * OW;
  const rowLength = nb * P;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < KH; ky++) {
      const [oyLo, oyHi] = validRange(H, OH, sh, padTop, ky);
      for (let kx = 0; kx < KW; kx++) {
        const [oxLo, oxHi] = validRange(W, OW, sw, padLeft, kx);
        const row = ((c * KH + ky) * KW + kx) * rowLength; // cols row (c, ky, kx)
        for (let n = 0; n < nb; n++) {
          const colBase = row + n * P;
          const imageBase = ((n0 + n) * C + c) * H * W; // input[n0+n, c]
          for (let oy = 0; oy < OH; oy++) {
            const dst = colBase + oy * OW; // cols[row, n, oy, :]
            if (oy < oyLo || oy >= oyHi) { cols.fill(0, dst, dst + OW); continue; }
            const src = imageBase + (oy * sh - padTop + ky) * W - padLeft + kx; // + ox*sw
            for (let ox = 0; ox < oxLo; ox++) cols[dst + ox] = 0;
            for (let ox = oxLo; ox < oxHi; ox++) cols[dst + ox] = input[src + ox * sw];
            for (let ox = oxHi; ox < OW; ox++) cols[dst + ox] = 0;
          }
        }
      }
    }
  }
}

/** col2im: scatter-add dcols [C*KH*KW, nb*OH*OW] into images n0..n0+nb-1 of gradInput [N, C, H, W]. */
function col2im(dcols: Float64Array, gradInput: Float64Array, g: Conv2dGeometry, n0: number, nb: number): void {
  const { inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const P = OH * OW;
  const rowLength = nb * P;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < KH; ky++) {
      const [oyLo, oyHi] = validRange(H, OH, sh, padTop, ky);
      for (let kx = 0; kx < KW; kx++) {
        const [oxLo, oxHi] = validRange(W, OW, sw, padLeft, kx);
        const row = ((c * KH + ky) * KW + kx) * rowLength;
        for (let n = 0; n < nb; n++) {
          const colBase = row + n * P;
          const imageBase = ((n0 + n) * C + c) * H * W;
          for (let oy = oyLo; oy < oyHi; oy++) {
            const srcRow = colBase + oy * OW; // dcols[row, n, oy, :]
            const dst = imageBase + (oy * sh - padTop + ky) * W - padLeft + kx; // gradInput[n0+n, c, iy, ox*sw + ...]
            for (let ox = oxLo; ox < oxHi; ox++) gradInput[dst + ox * sw] += dcols[srcRow + ox];
          }
        }
      }
    }
  }
}

/** [nb, F, P] block of x (images n0..) -> y [F, nb*P]. */
function gatherByChannel(x: Float64Array, y: Float64Array, F: number, P: number, n0: number, nb: number): void {
  for (let n = 0; n < nb; n++) {
    for (let f = 0; f < F; f++) {
      const src = ((n0 + n) * F + f) * P; // x[n0+n, f, :]
      y.set(x.subarray(src, src + P), f * nb * P + n * P); // y[f, n, :]
    }
  }
}

/** Forward: input [N, C, H, W], filter [F, C, KH, KW], bias [F] or null -> out [N, F, OH, OW] (overwritten). */
export function conv2dForward(
  input: Float64Array, filter: Float64Array, bias: Float64Array | null, out: Float64Array, shape: Conv2dShape,
): Float64Array {
  const fn = "conv2dForward";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW } = g;
  const P = g.outHeight * g.outWidth;
  checkBuffer(fn, "input", input, N * C * H * W, dims(N, C, H, W));
  checkBuffer(fn, "filter", filter, F * C * KH * KW, dims(F, C, KH, KW));
  if (bias !== null) checkBuffer(fn, "bias", bias, F, dims(F));
  checkBuffer(fn, "out", out, N * F * P, dims(N, F, g.outHeight, g.outWidth));
  const R = C * KH * KW;
  const chunk = chunkSize(g);
  for (let n0 = 0; n0 < N; n0 += chunk) {
    const nb = Math.min(chunk, N - n0);
    const cols = scratch(0, R * nb * P);
    im2col(input, cols, g, n0, nb); // cols: [R, nb*P]
    const y = scratch(1, F * nb * P);
    matmulKernel(filter, cols, y, F, R, nb * P); // y: [F, nb*P] = [F, R]·[R, nb*P]
    for (let n = 0; n < nb; n++) {
      for (let f = 0; f < F; f++) {
        const dst = ((n0 + n) * F + f) * P; // out[n0+n, f, :]
        const src = f * nb * P + n * P; // y[f, n, :]
        const b = bias === null ? 0 : bias[f];
        for (let q = 0; q < P; q++) out[dst + q] = y[src + q] + b;
      }
    }
  }
  return out;
}

/** Gradient w.r.t. the input: gradOut [N, F, OH, OW], filter [F, C, KH, KW] -> gradInput [N, C, H, W] (overwritten). */
export function conv2dBackwardInput(
  gradOut: Float64Array, filter: Float64Array, gradInput: Float64Array, shape: Conv2dShape,
): Float64Array {
  const fn = "conv2dBackwardInput";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW } = g;
  const P = g.outHeight * g.outWidth;
  checkBuffer(fn, "gradOut", gradOut, N * F * P, dims(N, F, g.outHeight, g.outWidth));
  checkBuffer(fn, "filter", filter, F * C * KH * KW, dims(F, C, KH, KW));
  checkBuffer(fn, "gradInput", gradInput, N * C * H * W, dims(N, C, H, W));
  const R = C * KH * KW;
  const chunk = chunkSize(g);
  gradInput.fill(0);
  for (let n0 = 0; n0 < N; n0 += chunk) {
    const nb = Math.min(chunk, N - n0);
    const dy = scratch(1, F * nb * P);
    gatherByChannel(gradOut, dy, F, P, n0, nb); // dy: [F, nb*P]
    const dcols = scratch(0, R * nb * P);
    matmulKernel(filter, dy, dcols, R, F, nb * P, { transA: true }); // dcols: [R, nb*P] = [F, R]ᵀ·[F, nb*P]
    col2im(dcols, gradInput, g, n0, nb);
  }
  return gradInput;
}

/** Gradient w.r.t. the filter: input [N, C, H, W], gradOut [N, F, OH, OW] -> gradFilter [F, C, KH, KW] (overwritten). */
export function conv2dBackwardFilter(
  input: Float64Array, gradOut: Float64Array, gradFilter: Float64Array, shape: Conv2dShape,
): Float64Array {
  const fn = "conv2dBackwardFilter";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, outChannels: F, kernelHeight: KH, kernelWidth: KW } = g;
  const P = g.outHeight * g.outWidth;
  checkBuffer(fn, "input", input, N * C * H * W, dims(N, C, H, W));
  checkBuffer(fn, "gradOut", gradOut, N * F * P, dims(N, F, g.outHeight, g.outWidth));
  checkBuffer(fn, "gradFilter", gradFilter, F * C * KH * KW, dims(F, C, KH, KW));
  const R = C * KH * KW;
  const chunk = chunkSize(g);
  for (let n0 = 0; n0 < N; n0 += chunk) {
    const nb = Math.min(chunk, N - n0);
    const cols = scratch(0, R * nb * P);
    im2col(input, cols, g, n0, nb); // cols: [R, nb*P]
    const dy = scratch(1, F * nb * P);
    gatherByChannel(gradOut, dy, F, P, n0, nb); // dy: [F, nb*P]
    // gradFilter [F, R] (+)= dy [F, nb*P] · colsᵀ (cols stored [R, nb*P])
    matmulKernel(dy, cols, gradFilter, F, nb * P, R, { transB: true, accumulate: n0 > 0 });
  }
  return gradFilter;
}

/** Gradient w.r.t. the bias: gradOut [N, F, OH, OW] -> gradBias [F] (overwritten). */
export function conv2dBackwardBias(gradOut: Float64Array, gradBias: Float64Array, shape: Conv2dShape): Float64Array {
  const fn = "conv2dBackwardBias";
  const g = conv2dGeometry(fn, shape);
  const { batch: N, outChannels: F } = g;
  const P = g.outHeight * g.outWidth;
  checkBuffer(fn, "gradOut", gradOut, N * F * P, dims(N, F, g.outHeight, g.outWidth));
  checkBuffer(fn, "gradBias", gradBias, F, dims(F));
  gradBias.fill(0);
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const base = (n * F + f) * P; // gradOut[n, f, :]
      let s = 0;
      for (let q = 0; q < P; q++) s += gradOut[base + q];
      gradBias[f] += s;
    }
  }
  return gradBias;
}
