import { Tensor } from "../tensor/tensor";

/**
 * Flattens each image into one feature row: [n, h, w] -> [n, h*w] and
 * [n, c, h, w] -> [n, c*h*w] (row-major, so pixel (r, col) of a single-channel
 * image becomes feature r*w + col). Returns a copy.
 */
export function imagesToFeatures(images: Tensor): Tensor {
  if (!(images instanceof Tensor) || images.rank < 3 || images.rank > 4) {
    const shape = images instanceof Tensor ? `[${images.shape.join(", ")}]` : String(images);
    throw new Error(`imagesToFeatures: images must be a Tensor [n, height, width] or [n, channels, height, width], got ${shape}`);
  }
  const n = images.shape[0];
  const d = images.shape.slice(1).reduce((a, b) => a * b, 1);
  return new Tensor(images.data.slice(), [n, d]);
}
