// The WebAssembly element-wise kernels (lib/src/kernels/vector.ts) against their references: exp
// against Math.exp, sigmoid against sigmoidNaive, + - * / against plain loops written here, bit
// for bit (Object.is, so -0 and NaN count too); and the tensor ops that use them against the same
// ops with the fast kernels switched off.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Random } from "../../lib/src/random";
import { expNaive, sigmoidNaive } from "../../lib/src/kernels/elementwise";
import { binaryKernel, expKernel, sigmoidKernel } from "../../lib/src/kernels/vector";
import { wasmAvailable } from "../../lib/src/kernels/matmul";
import { setBinaryKernel } from "../../lib/src/tensor/broadcast";
import { Tensor, add, div, exp, mul, randn, setUnaryKernels, sigmoid, softmax, sub } from "../../lib/src/index";

function expectSameBits(actual: Float64Array, expected: Float64Array, inputs: Float64Array, what: string): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`${what}: at ${i}, x = ${inputs[i]}: ${actual[i]} instead of ${expected[i]}`);
  }
}

/** The double with the given high and low 32-bit words. */
function fromWords(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high >>> 0);
  view.setUint32(4, low >>> 0);
  return view.getFloat64(0);
}

/** Inputs that reach every branch of fdlibm's exp, its thresholds on both sides, and random values of every magnitude. */
function expInputs(rng: Random, randomCount: number): Float64Array {
  const xs = [0, -0, 1, -1, 2, 0.5, NaN, Infinity, -Infinity, 709.78, 709.79, -745.13, -745.14, -708, -720, -740, 706.99, -706.99, 707, -707, 1e-300, -1e-300, 5e-324];
  // fdlibm's high-word thresholds: |x| = 0.5 ln2, 1.5 ln2, 2^-28, 709.78 (and the next doubles around them)
  for (const high of [0x3fd62e42, 0x3fd62e43, 0x3ff0a2b1, 0x3ff0a2b2, 0x3e2fffff, 0x3e300000, 0x40862e41, 0x40862e42]) {
    for (const low of [0, 1, 0xffffffff]) for (const sign of [0, 0x80000000]) xs.push(fromWords(high | sign, low));
  }
  for (let i = 0; i < randomCount; i++) {
    xs.push(rng.normal() * 20, (rng.uniform() - 0.5) * 1500, (rng.uniform() - 0.5) * 3, rng.normal() * 1e-8);
    xs.push(fromWords(Math.floor(rng.uniform() * 2 ** 32), Math.floor(rng.uniform() * 2 ** 32))); // any bit pattern
  }
  return Float64Array.from(xs);
}

describe.runIf(wasmAvailable())("exp and sigmoid kernels", () => {
  const rng = new Random(11);
  const xs = expInputs(rng, 40_000); // 200k values, an odd count

  it("expKernel gives Math.exp's bits (every branch, both sides of each threshold, any bit pattern)", () => {
    expect(xs.length % 2).toBe(1);
    expectSameBits(expKernel(xs, new Float64Array(xs.length)), Float64Array.from(xs, Math.exp), xs, "expKernel");
  });

  it("sigmoidKernel gives sigmoidNaive's bits, and in place", () => {
    const expected = sigmoidNaive(xs, new Float64Array(xs.length));
    expectSameBits(sigmoidKernel(xs, new Float64Array(xs.length)), expected, xs, "sigmoidKernel");
    const inPlace = xs.slice();
    expect(sigmoidKernel(inPlace, inPlace)).toBe(inPlace);
    expectSameBits(inPlace, expected, xs, "sigmoidKernel in place");
  });

  it("short arrays, odd lengths and arrays of only special values agree too", () => {
    for (const n of [0, 1, 2, 63, 64, 65, 257]) {
      const x = xs.subarray(0, n);
      expectSameBits(expKernel(x, new Float64Array(n)), expNaive(x, new Float64Array(n)), x, `expKernel n=${n}`);
    }
    const special = Float64Array.from({ length: 300 }, (_, i) => [NaN, 800, -800, Infinity][i % 4]);
    expectSameBits(expKernel(special, new Float64Array(300)), expNaive(special, new Float64Array(300)), special, "specials");
  });
});

type Kind = 0 | 1 | 2 | 3;
const OPS: ((x: number, y: number) => number)[] = [(x, y) => x + y, (x, y) => x - y, (x, y) => x * y, (x, y) => x / y];

/** out[r, j] = a[r·sa + j·ca] (op) b[r·sb + j·cb], as a plain loop. */
function binaryReference(kind: Kind, a: Float64Array, sa: number, ca: number, b: Float64Array, sb: number, cb: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) out[r * cols + j] = OPS[kind](a[r * sa + j * ca], b[r * sb + j * cb]);
  return out;
}

describe.runIf(wasmAvailable())("binaryKernel", () => {
  it("computes + - * / over rows x cols for every step pattern, odd rows and broadcast rows, as plain loops do", () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 41 }),
      fc.constantFrom([1, 1], [1, 0], [0, 1]), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 1e6 }),
      (kind, rows, cols, [ca, cb], aRows, bRows, seed) => {
        const rng = new Random(seed);
        // a row-broadcast operand has stride 0 between rows; a step-0 operand has one value per row
        const [sa, sb] = [aRows ? (ca ? cols : 1) : 0, bRows ? (cb ? cols : 1) : 0];
        const size = (s: number, c: number) => (s === 0 ? (c ? cols : 1) : rows * (c ? cols : 1));
        const a = Float64Array.from({ length: size(sa, ca) }, () => rng.normal());
        const b = Float64Array.from({ length: size(sb, cb) }, () => rng.normal() + 3);
        const out = new Float64Array(rows * cols);
        expect(binaryKernel(kind, a, sa, ca, b, sb, cb, out, rows, cols)).toBe(true);
        const expected = binaryReference(kind as Kind, a, sa, ca, b, sb, cb, rows, cols);
        for (let i = 0; i < out.length; i++) expect(Object.is(out[i], expected[i])).toBe(true);
      }), { numRuns: 300 });
  });

  it("declines calls of more than 2^22 values in and out (WebAssembly memory never shrinks), which the tensor ops then loop over", () => {
    const n = 2 ** 21 + 1;
    const [a, out] = [Float64Array.from({ length: n }, (_, i) => i), new Float64Array(n)];
    expect(binaryKernel(0, a, 0, 1, Float64Array.of(0.5), 0, 0, out, 1, n)).toBe(false);
    const sum = add(new Tensor(a, [n]), 0.5).data;
    expect([sum[0], sum[n - 1]]).toEqual([0.5, n - 0.5]);
  });

  it("may write its result over an operand", () => {
    const a = Float64Array.from({ length: 1001 }, (_, i) => i / 7);
    const b = Float64Array.from({ length: 1001 }, (_, i) => 1 - i);
    const expected = binaryReference(1, a, 0, 1, b, 0, 1, 1, 1001);
    expect(binaryKernel(1, a, 0, 1, b, 0, 1, a, 1, 1001)).toBe(true);
    expect(Array.from(a)).toEqual(Array.from(expected));
  });
});

describe("tensor ops on the fast kernels", () => {
  /** The op's result with the fast kernels, then with them switched off (the tensor module's own loops). */
  function bothWays(f: () => Tensor): [Float64Array, Float64Array] {
    const fast = f().data.slice();
    const binary = setBinaryKernel(null);
    const unary = setUnaryKernels({ exp: expNaive, sigmoid: sigmoidNaive });
    try {
      return [fast, f().data.slice()];
    } finally {
      setBinaryKernel(binary);
      setUnaryKernels(unary);
    }
  }

  it("+ - * / with broadcasting, exp, sigmoid and softmax give the same bits as the plain loops", () => {
    const rng = new Random(4);
    const cases: [number[], number[]][] = [[[100, 50], [1, 50]], [[100, 50], [100, 50]], [[], [100, 50]], [[100, 10], [100, 1]], [[3, 4, 31], [4, 1]], [[2, 3, 5, 7], [3, 1, 7]], [[513], [1]]];
    for (const [sa, sb] of cases) {
      const [a, b] = [randn(sa, rng), add(randn(sb, rng), 3)];
      for (const [name, op] of [["add", add], ["sub", sub], ["mul", mul], ["div", div]] as const) {
        const [fast, loops] = bothWays(() => op(a, b));
        expectSameBits(fast, loops, a.data, `${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`);
      }
    }
    const z = mul(randn([100, 50], rng), 40);
    for (const [name, f] of [["exp", () => exp(z)], ["sigmoid", () => sigmoid(z)], ["softmax", () => softmax(z, 1)]] as const) {
      const [fast, loops] = bothWays(f);
      expectSameBits(fast, loops, z.data, name);
    }
  });

  it("setUnaryKernels refuses a kernel that is not a function", () => {
    expect(() => setUnaryKernels({ exp: expNaive, sigmoid: 3 as never })).toThrow("setUnaryKernels: kernels.sigmoid must be a function");
  });
});
