/**
 * A long training history reduced to at most `maxPoints` evenly spaced
 * samples (always keeping the first and the last), with their iteration
 * numbers as x: plotting 20000 costs would put megabytes of JSON into the
 * notebook for no visible difference.
 *
 *     show(lineChart({ series: [{ name: "cost", ...thinCurve(fit.cost) }] }));
 */
export function thinCurve(values: ArrayLike<number>, maxPoints = 400): { x: number[]; y: number[] } {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new Error(`thinCurve: maxPoints must be an integer >= 2, got ${String(maxPoints)}`);
  const n = values.length;
  const x: number[] = [];
  const y: number[] = [];
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) {
      x.push(i);
      y.push(values[i]);
    }
    return { x, y };
  }
  let last = -1;
  for (let k = 0; k < maxPoints; k++) {
    const i = Math.round((k * (n - 1)) / (maxPoints - 1));
    if (i === last) continue;
    x.push(i);
    y.push(values[i]);
    last = i;
  }
  return { x, y };
}
