import { expect } from "vitest";
export const probe = `({ gradientChecks: gradientChecks, x: Array.from(xGrad.data), w: Array.from(wGrad.data), ownGrid: ownGrid, tfGrid: tfGrid, ownBest: ownBest, tfBest: tfBest, ownMlp: ownMlp, tfMlp: tfMlp, ourCnn: ourCnn, tfCnn: tfCnn, tensors: tf.memory().numTensors })`;
export function check(v: any): void {
  expect(v).toBeDefined();
}
