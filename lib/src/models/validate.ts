/**
 * Input checks shared by the lectures' models (NeuralNetwork, Network).
 * Each throws an Error naming the function, the argument and what was wrong.
 */
import { Tensor } from "../tensor/tensor";

/** A [rows, columns] matrix given as a Tensor of rank 2 (or a nested number[][]). */
export type MatrixInput = Tensor | number[][];

/** Reads a rank-2 Tensor (or number[][]) and checks that all values are finite. */
export function readMatrix(fn: string, arg: string, x: unknown, expectedColumns?: number): { data: Float64Array; rows: number; columns: number } {
  let data: Float64Array;
  let rows: number;
  let columns: number;
  if (x instanceof Tensor) {
    if (x.rank !== 2) throw new Error(`${fn}: ${arg} must be a rank-2 tensor [n, d], got shape [${x.shape.join(",")}]`);
    data = x.data;
    rows = x.shape[0];
    columns = x.shape[1];
  } else if (Array.isArray(x) && (x.length === 0 || Array.isArray(x[0]))) {
    rows = x.length;
    columns = rows > 0 ? (x[0] as unknown[]).length : 0;
    data = new Float64Array(rows * columns);
    for (let i = 0; i < rows; i++) {
      const row = x[i] as unknown;
      if (!Array.isArray(row) || row.length !== columns) {
        throw new Error(`${fn}: ${arg} row ${i} has ${Array.isArray(row) ? row.length : "no"} values, expected ${columns}`);
      }
      for (let j = 0; j < columns; j++) data[i * columns + j] = Number(row[j]);
    }
  } else {
    throw new Error(`${fn}: ${arg} must be a Tensor of shape [n, d] (or number[][]), got ${x === null ? "null" : typeof x}`);
  }
  if (rows === 0) throw new Error(`${fn}: ${arg} has no rows`);
  if (expectedColumns !== undefined && columns !== expectedColumns) {
    throw new Error(`${fn}: ${arg} has ${columns} columns (features) but the network expects ${expectedColumns}`);
  }
  checkFinite(fn, arg, data, columns);
  return { data, rows, columns };
}

/** Throws if any value is NaN or infinite, naming row and column. */
export function checkFinite(fn: string, arg: string, data: Float64Array, columns: number): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const row = Math.floor(i / columns);
      throw new Error(`${fn}: ${arg} contains ${String(data[i])} at row ${row}, column ${i - row * columns}; clean or impute the data first`);
    }
  }
}

/**
 * Reads targets: a one-hot Tensor [n, C] (rows must sum to 1, entries in [0, 1])
 * or integer labels (Int32Array / number[]) in 0..C-1, returned as one-hot data.
 */
export function readTargets(fn: string, arg: string, y: unknown, rows: number, categories: number | undefined): { data: Float64Array; categories: number; labels: Int32Array } {
  if (y instanceof Tensor || (Array.isArray(y) && y.length > 0 && Array.isArray(y[0]))) {
    const m = readMatrix(fn, arg, y);
    if (m.rows !== rows) throw new Error(`${fn}: ${arg} has ${m.rows} rows but the inputs have ${rows}`);
    if (categories !== undefined && m.columns !== categories) {
      throw new Error(`${fn}: ${arg} has ${m.columns} columns but categories = ${categories}`);
    }
    const C = m.columns;
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      let best = 0;
      for (let c = 0; c < C; c++) {
        const v = m.data[i * C + c];
        if (v < 0 || v > 1) throw new Error(`${fn}: ${arg}[${i}, ${c}] = ${v} is not in [0, 1]; targets must be one-hot rows`);
        sum += v;
        if (v > m.data[i * C + best]) best = c;
      }
      if (C > 1 && Math.abs(sum - 1) > 1e-9) {
        throw new Error(`${fn}: ${arg} row ${i} sums to ${sum}, not 1; targets must be one-hot rows (use oneHot(labels, numClasses))`);
      }
      labels[i] = C > 1 ? best : m.data[i] >= 0.5 ? 1 : 0;
    }
    return { data: m.data, categories: C, labels };
  }
  if (y instanceof Int32Array || Array.isArray(y)) {
    const labels = Int32Array.from(y as ArrayLike<number>);
    if (labels.length !== rows) throw new Error(`${fn}: ${arg} has ${labels.length} labels but the inputs have ${rows} rows`);
    let max = 0;
    for (let i = 0; i < rows; i++) {
      const v = (y as ArrayLike<number>)[i];
      if (!Number.isInteger(v) || v < 0) throw new Error(`${fn}: ${arg}[${i}] = ${String(v)} is not a class index (a non-negative integer)`);
      if (v > max) max = v;
    }
    const C = categories ?? max + 1;
    if (max >= C) {
      const i = labels.findIndex((v) => v >= C);
      throw new Error(`${fn}: ${arg}[${i}] = ${labels[i]} is out of range for ${C} categories (0..${C - 1})`);
    }
    const data = new Float64Array(rows * C);
    for (let i = 0; i < rows; i++) data[i * C + labels[i]] = 1;
    return { data, categories: C, labels };
  }
  throw new Error(`${fn}: ${arg} must be a one-hot Tensor [n, C] or integer labels (Int32Array), got ${y === null ? "null" : typeof y}`);
}

/**
 * Rejects option names the function does not know (a misspelt `hidden` for `hiddenNeurons`
 * would otherwise silently train with the default), listing the known ones.
 */
export function checkKnownOptions(fn: string, arg: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new Error(`${fn}: unknown option ${arg}.${key}; known options: ${known.join(", ")}`);
    }
  }
}

/** A finite number >= 0 (learning rate, regularisation). */
export function checkNonNegative(fn: string, arg: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`${fn}: ${arg} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** An integer in [min, max]. */
export function checkInteger(fn: string, arg: string, value: unknown, min: number, max = Infinity, hint = ""): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new Error(`${fn}: ${arg} must be an integer ${range}, got ${String(value)}${hint}`);
  }
  return value;
}

/** The error thrown when training diverges (by default: the training loss stopped being finite). */
export function divergenceError(fn: string, loss: number, epoch: number, epochs: number, eta: number, what = `the training loss became ${String(loss)}`): Error {
  return new Error(
    `${fn}: ${what} at epoch ${epoch} of ${epochs} (eta = ${eta}): training diverged. ` +
    "Try a smaller learning rate eta, or scale the inputs (e.g. to [0, 1] or to zero mean and unit variance).",
  );
}

/**
 * The lectures' models diverge when, after an epoch, the mean training loss is
 * NaN or infinite, or has exploded while staying finite: loss > 1e10 * (firstLoss + 1),
 * firstLoss being the first epoch's loss (the "+ 1" keeps a tiny first loss from
 * flagging noise; costs that large only come from overflowing weights), or a
 * weight or bias is NaN or infinite. Throws `divergenceError` then.
 */
export function checkDivergence(
  fn: string, loss: number, firstLoss: number, parameters: readonly Tensor[], epoch: number, epochs: number, eta: number,
): void {
  if (!Number.isFinite(loss)) throw divergenceError(fn, loss, epoch, epochs, eta);
  if (loss > 1e10 * (Math.abs(firstLoss) + 1)) {
    throw divergenceError(fn, loss, epoch, epochs, eta, `the training loss exploded to ${loss.toExponential(3)} (first epoch ${firstLoss.toPrecision(4)})`);
  }
  for (let k = 0; k < parameters.length; k++) {
    const d = parameters[k].data;
    for (let i = 0; i < d.length; i++) {
      if (!Number.isFinite(d[i])) throw divergenceError(fn, loss, epoch, epochs, eta, `parameter ${k} became ${String(d[i])} (training loss ${String(loss)})`);
    }
  }
}
