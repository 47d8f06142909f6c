import { describe, expect, it } from "vitest";
import { featuresToImages } from "../../lib/src/data/featuresToImages";
import { imagesToFeatures } from "../../lib/src/data/imagesToFeatures";
import { loadDigits } from "../../lib/src/data/loadDigits";
import { Tensor } from "../../lib/src/tensor/tensor";

describe("imagesToFeatures / featuresToImages", () => {
  it("flattens [n, h, w] row by row: pixel (r, c) becomes feature r*w + c", () => {
    // image 0 = [[1, 2, 3], [4, 5, 6]], image 1 = [[7, 8, 9], [10, 11, 12]]
    const images = new Tensor(Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), [2, 2, 3]);
    const f = imagesToFeatures(images);
    expect(f.shape).toEqual([2, 6]);
    expect(f.data[1 * 6 + 1 * 3 + 2]).toBe(12); // image 1, row 1, column 2
    expect(f.data).not.toBe(images.data);
  });

  it("round-trips the digits and produces NCHW with channels", () => {
    const digits = loadDigits();
    const images = featuresToImages(digits.features, { height: 8, width: 8 });
    expect(images.shape).toEqual([1797, 8, 8]);
    expect(images.data).toEqual(digits.images!.data);
    expect(imagesToFeatures(images).data).toEqual(digits.features.data);
    const nchw = featuresToImages(digits.features, { height: 8, width: 8, channels: 1 });
    expect(nchw.shape).toEqual([1797, 1, 8, 8]);
    expect(imagesToFeatures(nchw).shape).toEqual([1797, 64]);
  });

  it("names the argument when shapes do not fit", () => {
    const f = new Tensor(new Float64Array(2 * 64), [2, 64]);
    expect(() => featuresToImages(f, { height: 8, width: 7 })).toThrow("featuresToImages: features have 64 columns but height*width = 8*7 = 56");
    expect(() => featuresToImages(f, { height: 4, width: 4, channels: 3 })).toThrow(/channels\*height\*width = 3\*4\*4 = 48/);
    expect(() => featuresToImages(f, { height: 0, width: 8 })).toThrow(/options.height must be a positive integer/);
    expect(() => imagesToFeatures(f)).toThrow(/imagesToFeatures: images must be a Tensor \[n, height, width\] or \[n, channels, height, width\], got \[2, 64\]/);
  });
});
