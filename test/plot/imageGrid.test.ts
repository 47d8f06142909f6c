import { describe, expect, it } from "vitest";
import { Tensor } from "../../lib/src/tensor/tensor";
import { imageGrid, wrapLabel } from "../../lib/src/plot/imageGrid";

type Trace = Record<string, any>;

/** Reads back the tile of image k from the tiled z matrix using the annotation position as the anchor. */
function tileOf(fig: ReturnType<typeof imageGrid>, k: number, h: number, w: number): number[][] {
  const ann = fig.layout.annotations![k];
  const left = (ann.x as number) - (w - 1) / 2;
  const top = (ann.y as number) + 0.5;
  const z = (fig.data[0] as Trace).z as (number | null)[][];
  return Array.from({ length: h }, (_, i) => z[top + i].slice(left, left + w) as number[]);
}

describe("imageGrid", () => {
  // 5 images of 2x3 with distinct pixels: image k, pixel (i, j) = 100k + 10i + j
  const n = 5, h = 2, w = 3;
  const data = new Float64Array(n * h * w);
  for (let k = 0; k < n; k++) for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) data[k * h * w + i * w + j] = 100 * k + 10 * i + j;

  it("tiles every image into one heatmap with its label above it, in row-major grid order", () => {
    const labels = ["true 3 / predicted 8", "a", "b", "c", "d"];
    const fig = imageGrid({ images: new Tensor(data, [n, 1, h, w]), labels, columns: 2 });
    expect(fig.data).toHaveLength(1);
    expect((fig.data[0] as Trace).type).toBe("heatmap");
    const anns = fig.layout.annotations!;
    expect(anns.map((a) => String(a.text).replace(/<br>/g, " "))).toEqual(labels);
    for (let k = 0; k < n; k++) {
      const expected = Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => 100 * k + 10 * i + j));
      expect(tileOf(fig, k, h, w)).toEqual(expected);
    }
    // grid positions: image 2 starts the second row, image 1 is right of image 0
    expect(anns[1].x).toBeGreaterThan(anns[0].x as number);
    expect(anns[2].x).toBe(anns[0].x);
    expect(anns[2].y).toBeGreaterThan(anns[0].y as number);
    // rows reversed so images are upright; square pixels
    const yr = fig.layout.yaxis!.range as number[];
    expect(yr[0]).toBeGreaterThan(yr[1]);
    expect(fig.layout.yaxis!.scaleanchor).toBe("x");
    // gaps are null (transparent), not zero
    const z = (fig.data[0] as Trace).z as (number | null)[][];
    expect(z[0][0]).toBeNull();
  });

  it("normalizes each image to [0, 1] for filters and feature maps", () => {
    const fig = imageGrid({ images: new Tensor(data, [n, h, w]), normalize: "each" });
    const z = (fig.data[0] as Trace).z as (number | null)[][];
    const values = z.flat().filter((v): v is number => v !== null);
    expect(Math.min(...values)).toBe(0);
    expect(Math.max(...values)).toBe(1);
    // pixel (0,1) of any image: (1 - 0) / (12 - 0)
    expect(values).toContain(Number((1 / 12).toPrecision(4)));
    expect((fig.data[0] as Trace).zmax).toBe(1);
  });

  it("accepts flat images with imageShape and numeric labels", () => {
    const flat = [Array.from({ length: 4 }, (_, i) => i), [9, 8, 7, 6]];
    const fig = imageGrid({ images: flat, imageShape: [2, 2], labels: new Float64Array([3, 8]) });
    expect(fig.layout.annotations!.map((a) => a.text)).toEqual(["3", "8"]);
    expect(tileOf(fig, 1, 2, 2)).toEqual([[9, 8], [7, 6]]);
  });

  it("rejects bad shapes with clear messages", () => {
    expect(() => imageGrid({ images: new Tensor(new Float64Array(24), [2, 3, 2, 2]) })).toThrow(/imageGrid: images has shape \[2,3,2,2\] with 3 channels/);
    expect(() => imageGrid({ images: new Tensor(new Float64Array(8), [2, 4]) })).toThrow(/pass imageShape/);
    expect(() => imageGrid({ images: [[1, 2, 3]], imageShape: [2, 2] })).toThrow(/imageGrid: images\[0\] has 3 pixels but imageShape \[2,2\] needs 4/);
    expect(() => imageGrid({ images: new Tensor(data, [n, h, w]), labels: ["x"] })).toThrow(/labels has 1 entries for 5 images/);
  });

  it("keeps 100 MNIST-sized images in one trace (cheap to render) with every tile in place", () => {
    // no wall-clock assertion (it would flake on a loaded machine): the cost that matters is one
    // heatmap trace instead of 100, and its size is checked here
    const big = new Float64Array(100 * 28 * 28).map((_, i) => (i % 255) / 255);
    const fig = imageGrid({ images: new Tensor(big, [100, 1, 28, 28]), labels: Array.from({ length: 100 }, (_, i) => String(i % 10)) });
    expect(fig.data).toHaveLength(1);
    expect(fig.layout.annotations).toHaveLength(100);
    // pixels are rounded to 4 significant digits in the figure (see imageGrid's round4)
    for (const k of [0, 37, 99]) {
      const expected = Array.from({ length: 28 }, (_, i) => Array.from({ length: 28 }, (_, j) => Number(((((k * 784 + i * 28 + j) % 255) / 255)).toPrecision(4)) || 0));
      expect(tileOf(fig, k, 28, 28)).toEqual(expected);
    }
  });
});

describe("wrapLabel", () => {
  it("wraps at word boundaries within the width, keeping long words whole", () => {
    expect(wrapLabel("true 3 / predicted 8", 13)).toBe("true 3 /<br>predicted 8");
    expect(wrapLabel("true 3 / predicted 8", 40)).toBe("true 3 / predicted 8");
    expect(wrapLabel("supercalifragilistic x", 5)).toBe("supercalifragilistic<br>x");
    expect(wrapLabel("", 5)).toBe("");
  });
});
