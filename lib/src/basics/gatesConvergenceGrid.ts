/**
 * The lectures' eta x lambda grid search, made robust to luck: at every grid
 * point train several networks that differ only in their seed, and report the
 * fraction that reach 100% training accuracy (one run per point, as in the
 * lecture, mixes the effect of the hyper-parameters with that of the seed).
 */
import { countConvergedSeeds, type CountConvergedSeedsOptions } from "./gatesConvergence";

/** Options of {@link convergenceGrid}. */
export interface ConvergenceGridOptions extends Omit<CountConvergedSeedsOptions, "eta" | "lmbd"> {
  /** Learning rates, the rows of the result. */
  etas: number[];
  /** L2 strengths, the columns of the result. */
  lmbds: number[];
}

/** What {@link convergenceGrid} returns: matrices [etas.length][lmbds.length]. */
export interface ConvergenceGrid {
  etas: number[];
  lmbds: number[];
  /** Fraction of the seeds that reached 100% accuracy. */
  fraction: number[][];
  /** Fraction of the seeds whose training diverged (NaN/Inf loss). */
  diverged: number[][];
  /** Seeds per grid point. */
  seeds: number;
  /** Wall-clock seconds. */
  seconds: number;
}

const FN = "convergenceGrid";

function checkValues(name: string, values: unknown): number[] {
  if (!Array.isArray(values) || values.length === 0) throw new Error(`${FN}: ${name} must be a non-empty array of numbers`);
  values.forEach((v, i) => {
    if (typeof v !== "number" || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${FN}: ${name}[${i}] must be a non-negative number, got ${String(v)}`);
  });
  return values as number[];
}

/** Runs {@link countConvergedSeeds} at every (eta, lmbd) pair; every point uses the same seeds. */
export function convergenceGrid(options: ConvergenceGridOptions): ConvergenceGrid {
  if (options === null || typeof options !== "object") throw new Error(`${FN}: options must be an object { etas, lmbds, inputs, targets, hiddenNeurons, ... }`);
  const etas = checkValues("etas", options.etas);
  const lmbds = checkValues("lmbds", options.lmbds);
  const start = performance.now();
  const fraction: number[][] = [];
  const diverged: number[][] = [];
  const seeds = options.seeds ?? 100;
  for (const eta of etas) {
    const row: number[] = [];
    const rowDiverged: number[] = [];
    for (const lmbd of lmbds) {
      const r = countConvergedSeeds({ ...options, eta, lmbd });
      row.push(r.fraction);
      rowDiverged.push(r.diverged / r.runs);
    }
    fraction.push(row);
    diverged.push(rowDiverged);
  }
  return { etas: etas.slice(), lmbds: lmbds.slice(), fraction, diverged, seeds, seconds: (performance.now() - start) / 1000 };
}
