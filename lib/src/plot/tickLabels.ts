/**
 * Tick labels for axes whose values are powers of ten (learning rates eta,
 * regularisation strengths lambda): "10<sup>−5</sup>" or "1e-5".
 */

/** How heatmap axis values are written: "power" (10<sup>−5</sup>), "exponent" (1e-5) or "plain" (0.00001). */
export type TickFormat = "power" | "exponent" | "plain";

const MINUS = "\u2212";

/** Splits v into mantissa and exponent with 1 <= |mantissa| < 10; the mantissa is rounded to 3 significant digits. */
function decompose(v: number): { mantissa: number; exponent: number } {
  let exponent = Math.floor(Math.log10(Math.abs(v)));
  let mantissa = Number((v / 10 ** exponent).toPrecision(3));
  if (Math.abs(mantissa) >= 10) {
    // rounding pushed 9.999 up to 10
    exponent += 1;
    mantissa = Number((mantissa / 10).toPrecision(3));
  }
  return { mantissa, exponent };
}

/**
 * The label of one axis value.
 *
 * - "power": 1e-5 -> "10<sup>−5</sup>", 3e-4 -> "3×10<sup>−4</sup>", 1 -> "10<sup>0</sup>" (Plotly renders <sup>)
 * - "exponent": 1e-5 -> "1e-5", 2.5e3 -> "2.5e3"
 * - "plain": String(v) with at most 6 significant digits
 */
export function tickLabel(v: number, format: TickFormat): string {
  if (format === "plain" || v === 0 || !Number.isFinite(v)) return String(Number(v.toPrecision(6)));
  const { mantissa, exponent } = decompose(v);
  if (format === "exponent") return `${mantissa}e${exponent}`;
  const power = `10<sup>${exponent < 0 ? MINUS + String(-exponent) : String(exponent)}</sup>`;
  if (mantissa === 1) return power;
  if (mantissa === -1) return MINUS + power;
  return `${mantissa < 0 ? MINUS + String(-mantissa) : String(mantissa)}\u00d7${power}`;
}
