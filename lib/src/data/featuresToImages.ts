import { Tensor } from "../tensor/tensor";
import { checkOptions } from "../tensor/options";

export interface FeaturesToImagesOptions {
  height: number;
  width: number;
  /** If given, the result is NCHW [n, channels, height, width]; otherwise [n, height, width]. */
  channels?: number;
}

/**
 * Turns feature rows back into images: [n, h*w] -> [n, h, w], or with
 * `channels` [n, c*h*w] -> [n, c, h, w] (NCHW, the layout Conv2D expects).
 * The inverse of `imagesToFeatures`. Returns a copy.
 */
export function featuresToImages(features: Tensor, options: FeaturesToImagesOptions): Tensor {
  const name = "featuresToImages";
  checkOptions(options, name, "options", ["height", "width", "channels"]);
  if (!(features instanceof Tensor) || features.rank !== 2) {
    const shape = features instanceof Tensor ? `[${features.shape.join(", ")}]` : String(features);
    throw new Error(`${name}: features must be a Tensor [n, d], got ${shape}`);
  }
  const { height, width, channels } = options ?? ({} as FeaturesToImagesOptions);
  for (const [key, value] of [["height", height], ["width", width], ["channels", channels ?? 1]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: options.${key} must be a positive integer, got ${String(value)}`);
  }
  const c = channels ?? 1;
  const [n, d] = features.shape;
  if (d !== c * height * width) {
    const what = channels === undefined ? `height*width = ${height}*${width}` : `channels*height*width = ${c}*${height}*${width}`;
    throw new Error(`${name}: features have ${d} columns but ${what} = ${c * height * width}`);
  }
  const shape = channels === undefined ? [n, height, width] : [n, c, height, width];
  return new Tensor(features.data.slice(), shape);
}
