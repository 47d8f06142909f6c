/** Helpers shared by the basics trainers (not exported from the package). */

/** Throws unless `values` is a non-empty list of finite numbers. */
export function checkFinite(fn: string, name: string, values: ArrayLike<number>): void {
  if (values.length === 0) throw new Error(`${fn}: ${name} is empty`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(`${fn}: ${name}[${i}] is ${String(values[i])}, expected a finite number`);
    }
  }
}

export function checkSameLength(fn: string, a: string, av: ArrayLike<number>, b: string, bv: ArrayLike<number>): void {
  if (av.length !== bv.length) {
    throw new Error(`${fn}: ${a} has ${av.length} values but ${b} has ${bv.length}`);
  }
}

export function checkPositive(fn: string, name: string, value: number): void {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${fn}: ${name} must be a positive number, got ${String(value)}`);
}

export function checkIterations(fn: string, iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new Error(`${fn}: iterations must be a non-negative integer, got ${String(iterations)}`);
  }
}

/**
 * A run counts as diverged when the cost is no longer finite or has grown by
 * more than 1e8 over its starting value (gradient descent on these costs only
 * grows like that when each step overshoots the minimum by more than it gains).
 */
export function isDiverging(cost: number, initialCost: number): boolean {
  return !Number.isFinite(cost) || cost > 1e8 * Math.max(initialCost, 1e-12) + 1e8;
}

export function divergenceMessage(fn: string, iteration: number, cost: number, learningRate: number, limit?: number): string {
  const where = `${fn}: gradient descent diverged at iteration ${iteration} (cost ${cost.toExponential(2)})`;
  const why = limit !== undefined
    ? `; learning rate ${learningRate} is above the stability limit 2/lambda_max = ${limit.toPrecision(3)}`
    : `; learning rate ${learningRate} is too large`;
  return `${where}${why}. Use a smaller learning rate${limit !== undefined ? ` (below ${limit.toPrecision(3)})` : " (try 10x smaller)"}.`;
}

/**
 * Validates a truth table for a perceptron: `inputs` a non-empty array of rows
 * of equal length d with finite values, `targets` one 0/1 value per row.
 * Returns n (rows) and d (inputs per row).
 */
export function checkTruthTable(fn: string, inputs: unknown, targets: unknown): { n: number; d: number } {
  if (!Array.isArray(inputs) || inputs.length === 0 || !Array.isArray(inputs[0])) {
    throw new Error(`${fn}: inputs must be a non-empty array of rows [[x1, x2, ...], ...]`);
  }
  const n = inputs.length;
  const d = (inputs[0] as unknown[]).length;
  inputs.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== d) throw new Error(`${fn}: inputs row ${i} has ${Array.isArray(row) ? row.length : "no"} values, expected ${d}`);
    checkFinite(fn, `inputs[${i}]`, row as number[]);
  });
  if (!Array.isArray(targets) || targets.length !== n) {
    throw new Error(`${fn}: targets must have one value per row of inputs (${n}), got ${Array.isArray(targets) ? targets.length : typeof targets}`);
  }
  targets.forEach((t, i) => {
    if (t !== 0 && t !== 1) throw new Error(`${fn}: targets[${i}] is ${String(t)}, expected 0 or 1`);
  });
  return { n, d };
}
