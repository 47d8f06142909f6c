import { Tensor } from "../tensor/tensor";

/**
 * Views a tensor [n, ...] as n rows of d = size / n feature columns, checking
 * that it is a Tensor of rank >= 2 and, if `expectedShape` is given, that its
 * trailing dimensions match those of the data the scaler was fitted on.
 */
export function featureColumns(x: unknown, caller: string, expectedShape?: readonly number[]): { n: number; d: number } {
  if (!(x instanceof Tensor)) throw new Error(`${caller}: features must be a Tensor [n, d], got ${String(x)}`);
  if (x.rank < 2) {
    throw new Error(`${caller}: features must have shape [n, d] (samples x features), got [${x.shape.join(", ")}]; reshape a single column to [n, 1]`);
  }
  if (expectedShape !== undefined) {
    const same = x.rank === expectedShape.length && x.shape.every((s, i) => i === 0 || s === expectedShape[i]);
    if (!same) {
      throw new Error(`${caller}: features of shape [${x.shape.join(", ")}] do not match the fitted shape [n, ${expectedShape.slice(1).join(", ")}]`);
    }
  }
  const n = x.shape[0];
  return { n, d: n === 0 ? x.shape.slice(1).reduce((a, b) => a * b, 1) : x.size / n };
}

/** Throws if `x` holds a NaN or an infinity (fitting on them would poison every later value). */
export function assertFinite(x: Tensor, caller: string, d: number): void {
  for (let i = 0; i < x.size; i++) {
    if (!Number.isFinite(x.data[i])) {
      throw new Error(`${caller}: features[${Math.floor(i / d)}, ${i % d}] is ${x.data[i]}; remove or impute non-finite values before fitting`);
    }
  }
}
