// Values computed by notebooks/09-tfjs-comparison.ipynb (see test/e2e/notebooks.test.ts).
// The filter-gradient kernel the notebook registers for TensorFlow.js' wasm backend is
// checked against a plain-loop reference computed here from the same inputs; the
// accuracies the text states are checked against the probed values.
import { expect } from "vitest";

export const probe = `({
  gradientChecks: gradientChecks, x: Array.from(xGrad.data), w: Array.from(wGrad.data),
  ownGrid: ownGrid, tfGrid: tfGrid, gridEtas: gridEtas, gridLmbds: gridLmbds, ownBest: ownBest, tfBest: tfBest,
  ownMlp: ownMlp, tfMlp: tfMlp, ourCnn: ourCnn, tfCnn: tfCnn, cnnEpochs: cnnEpochs,
  parameters: [ourCnnModel.parameterCount(), tfCnnModel.countParams()], tensors: tf.memory().numTensors,
})`;

/**
 * d/dW of (1/2) sum z^2 for z = conv2d(x, W) (stride 1, 'valid' or 'same' with one zero pixel),
 * x [B, C, 6, 6], W [K, C, 3, 3] (nnlab layout, flat), returned in TensorFlow's layout [3, 3, C, K].
 */
function filterGradient(xf: number[], wf: number[], padding: "valid" | "same"): number[] {
  const B = 3, C = 2, H = 6, K = 4, F = 3, P = padding === "same" ? 1 : 0;
  const x = (b: number, c: number, r: number, s: number) => (r < 0 || s < 0 || r >= H || s >= H ? 0 : xf[((b * C + c) * H + r) * H + s]);
  const w = (k: number, c: number, p: number, q: number) => wf[((k * C + c) * F + p) * F + q];
  const O = H - F + 2 * P + 1;
  const z: number[][][][] = [];
  for (let b = 0; b < B; b++) {
    z.push([]);
    for (let k = 0; k < K; k++) {
      z[b].push([]);
      for (let i = 0; i < O; i++) {
        z[b][k].push([]);
        for (let j = 0; j < O; j++) {
          let s = 0;
          for (let c = 0; c < C; c++) for (let p = 0; p < F; p++) for (let q = 0; q < F; q++) s += w(k, c, p, q) * x(b, c, i + p - P, j + q - P);
          z[b][k][i].push(s);
        }
      }
    }
  }
  const out: number[] = [];
  for (let p = 0; p < F; p++) for (let q = 0; q < F; q++) for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) {
    let g = 0;
    for (let b = 0; b < B; b++) for (let i = 0; i < O; i++) for (let j = 0; j < O; j++) g += z[b][k][i][j] * x(b, c, i + p - P, j + q - P);
    out.push(g);
  }
  return out;
}

export function check(v: any): void {
  // 9.1: the registered kernel (float32) and nnlab's autodiff against the plain loop
  expect(v.gradientChecks.map((g: any) => g.padding)).toEqual(["valid", "same"]);
  for (const g of v.gradientChecks) {
    const ref = filterGradient(v.x, v.w, g.padding);
    expect(g.tf).toHaveLength(72);
    ref.forEach((r, i) => {
      expect(Math.abs(g.nnlab[i] - r)).toBeLessThan(1e-9 * Math.max(1, Math.abs(r)));
      expect(Math.abs(g.tf[i] - r)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r))); // float32
    });
    expect(g["largest relative gap"]).toBeLessThan(1e-4);
    expect(g["largest relative gap"]).toBeGreaterThan(0); // float32 against float64: not to rounding
  }
  // the grid and the runs the text describes
  expect(v.gridEtas).toEqual([1e-2, 1e-1, 1]);
  expect(v.gridLmbds).toEqual([1e-4, 1e-2]);
  const own = v.ownGrid.test, theirs = v.tfGrid.test;
  expect(own[0][0]).toBeCloseTo(340 / 360, 10);
  expect(own[0][1]).toBeCloseTo(340 / 360, 10);
  for (const row of [1, 2]) for (const a of own[row]) expect(Math.abs(a - 0.1)).toBeLessThan(0.01);
  expect(theirs[0][0]).toBeCloseTo(0.644, 3);
  expect(theirs[0][1]).toBeCloseTo(0.656, 3);
  for (const a of theirs[1]) expect(Math.abs(a - 0.94)).toBeLessThan(0.005);
  expect(theirs[2][0]).toBeCloseTo(0.981, 3);
  expect(theirs[2][1]).toBeCloseTo(0.294, 3);
  expect(v.ownBest).toEqual({ eta: 1e-2, lmbd: 1e-4 });
  expect(v.tfBest).toEqual({ eta: 1, lmbd: 1e-4 });
  expect(v.ownMlp.test).toBeCloseTo(344 / 360, 10);
  expect(v.tfMlp.test).toBeCloseTo(355 / 360, 10);
  expect(v.cnnEpochs).toBe(20);
  expect(v.ourCnn.test).toBeCloseTo(335 / 360, 10);
  expect(v.tfCnn.test).toBeCloseTo(345 / 360, 10);
  for (const run of [v.ownMlp, v.tfMlp, v.ourCnn, v.tfCnn]) expect(run.cpuSeconds).toBeGreaterThan(0);
  // the two CNNs are the same architecture
  expect(v.parameters).toEqual([5160, 5160]);
  // no TensorFlow.js tensors leak from the training loops (data, labels and the kept models only)
  expect(v.tensors).toBeLessThan(60);
}
