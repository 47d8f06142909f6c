/**
 * im2col and the channel-major relayout for the convolution primitive (which keeps the unrolled input
 * for the filter gradient). cols [C*KH*KW, N*OH*OW]: column (n, oy, ox) holds the input patch under the
 * filter there (zeros in the padding), row (c, ky, kx).
 */
import type { Conv2dGeometry } from "../../kernels/geometry";

/** input [N, C, H, W] -> cols [C*KH*KW, N*OH*OW] (overwritten). */
export function im2col(input: Float64Array, cols: Float64Array, g: Conv2dGeometry): void {
  const { batch: N, inChannels: C, inHeight: H, inWidth: W, kernelHeight: KH, kernelWidth: KW } = g;
  const { outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  const P = OH * OW;
  const rowLength = N * P;
  for (let c = 0; c < C; c++) {
    for (let ky = 0; ky < KH; ky++) {
      for (let kx = 0; kx < KW; kx++) {
        const row = ((c * KH + ky) * KW + kx) * rowLength; // cols row (c, ky, kx)
        // output columns whose input cell is inside the image: 0 <= ox*sw - padLeft + kx < W
        const oxLo = Math.max(0, Math.ceil((padLeft - kx) / sw));
        const oxHi = Math.max(oxLo, Math.min(OW, Math.floor((W - 1 + padLeft - kx) / sw) + 1));
        for (let n = 0; n < N; n++) {
          const image = (n * C + c) * H * W; // input[n, c]
          let dst = row + n * P;
          for (let oy = 0; oy < OH; oy++, dst += OW) { // cols[row, n, oy, :]
            const y = oy * sh - padTop + ky;
            if (y < 0 || y >= H) {
              cols.fill(0, dst, dst + OW);
              continue;
            }
            const src = image + y * W - padLeft + kx; // + ox*sw
            for (let ox = 0; ox < oxLo; ox++) cols[dst + ox] = 0;
            if (sw === 1) for (let ox = oxLo; ox < oxHi; ox++) cols[dst + ox] = input[src + ox];
            else for (let ox = oxLo; ox < oxHi; ox++) cols[dst + ox] = input[src + ox * sw];
            for (let ox = oxHi; ox < OW; ox++) cols[dst + ox] = 0;
          }
        }
      }
    }
  }
}

/** x [N, F, P] -> y [F, N*P] (y[f, n*P + p] = x[n, f, p]). */
export function toChannelMajor(x: Float64Array, y: Float64Array, N: number, F: number, P: number): void {
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const src = (n * F + f) * P; // x[n, f, :]
      const dst = f * N * P + n * P; // y[f, n, :]
      for (let p = 0; p < P; p++) y[dst + p] = x[src + p];
    }
  }
}

/** y [F, N*P] (+ bias[f], then max(., 0) with relu) -> out [N, F, P]. */
export function fromChannelMajor(
  y: Float64Array, out: Float64Array, bias: Float64Array | null, N: number, F: number, P: number, relu = false,
): void {
  for (let n = 0; n < N; n++) {
    for (let f = 0; f < F; f++) {
      const dst = (n * F + f) * P; // out[n, f, :]
      const src = f * N * P + n * P; // y[f, n, :]
      const b = bias === null ? 0 : bias[f];
      if (relu) {
        for (let p = 0; p < P; p++) {
          const v = y[src + p] + b;
          out[dst + p] = v * +(v > 0) + 0; // branch-free ReLU (+ 0: no -0)
        }
      } else {
        for (let p = 0; p < P; p++) out[dst + p] = y[src + p] + b;
      }
    }
  }
}
