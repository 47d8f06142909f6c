// Values computed by notebooks/05-cnn.ipynb (see test/e2e/notebooks.test.ts). The
// from-scratch convolution and pooling of the notebook are checked against a plain-loop
// reference written here, and against the engine's outputs printed in the notebook.
import { expect } from "vitest";

export const probe = `({
  x: xRandom, w: wRandom, b: bRandom,
  conv: convCases.map((c) => ({ P: c.P, S: c.S, ours: convolve(xRandom, wRandom, bRandom, c.S, c.P), engine: Array.from(conv2d(tensor([xRandom]), tensor(wRandom), { padding: c.padding, stride: c.S, bias: tensor(bRandom) }).data) })),
  convGaps: convAgreement.map((r) => r["max |ours - conv2d|"]),
  pool: poolCases.map((c) => ({ m: c.m, s: c.s, ours: maxPool(convMaps, c.m, c.s), engine: Array.from(maxPool2d(tensor([convMaps]), { poolSize: c.m, stride: c.s }).data) })),
  convMaps: convMaps, smallImage: smallImage, sobel: sobel, sobelMap: sobelMap,
  parameters: [kerasCnn.parameterCount(), tensorflowCnn.parameterCount()],
  results: cnnResults, wrong: wrong.length,
  kerasCurve: kerasHistory.epochs.map((e) => e.valAccuracy), tensorflowCurve: tensorflowHistory.epochs.map((e) => e.valAccuracy),
  kerasLoss: kerasHistory.epochs.map((e) => e.loss), tensorflowLoss: tensorflowHistory.epochs.map((e) => e.loss),
  grid: grid, gridEtas: gridEtas, gridLmbds: gridLmbds,
  gradChecks: [sameCheck.passed, strideCheck.passed, sameCheck.maxRelativeError, strideCheck.maxRelativeError],
})`;

type Volume = number[][][];

/** Plain-loop reference: one image [D][H][W], filters [K][D][F][F], zero padding P, stride S. */
function reference(x: Volume, w: number[][][][], b: number[], S: number, P: number): number[] {
  const D = x.length, H = x[0].length, W = x[0][0].length, K = w.length, F = w[0][0].length;
  const padded = (c: number, r: number, s: number) => (r < 0 || s < 0 || r >= H || s >= W ? 0 : x[c][r][s]);
  const out: number[] = [];
  for (let k = 0; k < K; k++) {
    for (let i = 0; i * S + F <= H + 2 * P; i++) {
      for (let j = 0; j * S + F <= W + 2 * P; j++) {
        let z = b[k];
        for (let c = 0; c < D; c++) for (let p = 0; p < F; p++) for (let q = 0; q < F; q++) z += w[k][c][p][q] * padded(c, i * S + p - P, j * S + q - P);
        out.push(z);
      }
    }
  }
  return out;
}

function referencePool(x: Volume, m: number, s: number): number[] {
  const out: number[] = [];
  for (const ch of x) {
    for (let i = 0; i * s + m <= ch.length; i++) {
      for (let j = 0; j * s + m <= ch[0].length; j++) {
        const window: number[] = [];
        for (let p = 0; p < m; p++) for (let q = 0; q < m; q++) window.push(ch[i * s + p][j * s + q]);
        out.push(Math.max(...window));
      }
    }
  }
  return out;
}

const expectClose = (a: number[], b: number[], tol: number) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol));
};

export function check(v: any): void {
  // 5.3: the loops, the engine and the test's reference agree to rounding, for every case.
  expect(v.conv.length).toBe(5);
  for (const c of v.conv) {
    const ref = reference(v.x, v.w, v.b, c.S, c.P);
    expectClose(c.ours.flat(2), ref, 1e-12);
    expectClose(c.engine, ref, 1e-12);
  }
  v.convGaps.forEach((g: number) => expect(g).toBeLessThan(1e-12));
  // the Sobel example: the text's top-left value -7, and the map against the reference
  expect(v.sobelMap[0][0]).toBe(-7);
  expectClose(v.sobelMap.flat(), reference([v.smallImage], [[v.sobel]], [0], 1, 0), 1e-12);
  // 5.5: max pooling, exactly
  for (const p of v.pool) {
    const ref = referencePool(v.convMaps, p.m, p.s);
    expect(p.ours.flat(2)).toEqual(ref);
    expect(p.engine).toEqual(ref);
  }
  // 5.7: parameter counts by the formula in the text
  expect(v.parameters).toEqual([10 * (9 + 1) + (3 * 3 * 10 * 50 + 50) + (50 * 10 + 10), 10 * (9 + 1) + (4 * 4 * 10 * 50 + 50) + (50 * 10 + 10)]);
  expect(v.parameters).toEqual([5160, 8660]);
  // the accuracies the text states
  const r = v.results;
  expect(r.kerasTest).toBeCloseTo(354 / 360, 10);
  expect(r.tensorflowTest).toBeCloseTo(354 / 360, 10);
  expect(v.wrong).toBe(6);
  expect(r.kerasTrain).toBeGreaterThan(0.99);
  expect(r.tensorflowTrain).toBeGreaterThan(0.99);
  // the training curves: 95% first reached after 23 and 37 epochs, then about 98%
  const firstAbove = (c: number[], level: number) => c.findIndex((a) => a >= level) + 1;
  expect(firstAbove(v.kerasCurve, 0.95)).toBe(23);
  expect(firstAbove(v.tensorflowCurve, 0.95)).toBe(37);
  for (const c of [v.kerasCurve, v.tensorflowCurve]) {
    const last = c.slice(-10).reduce((a: number, b: number) => a + b, 0) / 10;
    expect(Math.abs(last - 0.98)).toBeLessThan(0.01);
  }
  for (const loss of [v.kerasLoss, v.tensorflowLoss]) expect(loss[99]).toBeLessThan(loss[49]);
  // 5.8: the grid (rows eta 1e-2, 1e-1, 1; columns lmbd 1e-4, 1e-2, 1)
  expect(v.gridEtas).toEqual([1e-2, 1e-1, 1]);
  expect(v.gridLmbds).toEqual([1e-4, 1e-2, 1]);
  const t = v.grid.testAcc;
  expect(Math.max(...t[0])).toBeCloseTo(0.43, 2);
  expect(t[2][0]).toBeCloseTo(354 / 360, 10);
  for (const row of [0, 1]) expect(Math.abs(t[row][2] - 0.1)).toBeLessThan(0.01);
  expect(t[2][2]).toBe(0);
  // 5.10
  expect(v.gradChecks.slice(0, 2)).toEqual([true, true]);
  expect(Math.max(v.gradChecks[2], v.gradChecks[3])).toBeLessThan(1e-8);
}
