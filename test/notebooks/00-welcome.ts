// Values computed by notebooks/00-welcome.ipynb (see test/e2e/notebooks.test.ts).
import { expect } from "vitest";

export const probe = `({ same: same, first: draws[0], right: check("probe", 0.1 + 0.2, 0.3), wrong: check("probe", [1, 2], [1, 3]) })`;

export function check(v: { same: boolean; first: number; right: boolean; wrong: boolean }): void {
  expect(v.same).toBe(true);
  expect(Number.isFinite(v.first)).toBe(true);
  expect(v.right).toBe(true);
  expect(v.wrong).toBe(false);
}
