/**
 * The WebAssembly (f64x2) module of the element-wise kernels exp, sigmoid and + - * /, written with
 * the tiny assembler of ./assembler.ts. Each gives the same bits as its scalar reference (expNaive:
 * Math.exp, and sigmoidNaive in ../elementwise.ts; tensor/broadcast.ts' loops), two values per instruction.
 *
 * exp is V8's Math.exp: fdlibm's e_exp.c as V8 ships it (src/base/ieee754.cc, which adds
 * exp(1) = Math.E). With k = round(x / ln2) (0 when |x| <= ln2 / 2), hi = x - k·ln2_hi and
 * lo = k·ln2_lo (ln2 split in two so k·ln2_hi is exact), r = hi - lo:
 *   c = r - r²·(P1 + r²·(P2 + r²·(P3 + r²·(P4 + r²·P5))))
 *   exp(x) = 2^k · (1 - ((lo - r·c / (2 - c)) - hi))        (1 + x when |x| < 2^-28)
 * Every step is one IEEE add, subtract, multiply or divide, in fdlibm's order and without fused
 * multiply-adds, so each lane rounds exactly as the scalar code does (for k = 0 this is fdlibm's
 * 1 - (r·c / (c - 2) - r), the same bits). k (fdlibm's (int)(x·invln2 ± 0.5), truncated as a double)
 * + 1.5·2^52 holds k in its low bits, from which 2^k is built as exponent bits; fdlibm's other scalings
 * (k = 1024: y·2·2^1023; k < -1021: y·2^(k+1000)·2^-1000), overflow, underflow, NaN, tiny and exp(1)
 * results are selected lane by lane, so every input is done here. Pairs with |x| < 707 and x != 1
 * (nearly all) take a shorter path with only the tiny selection.
 *
 * sigmoid(x) = (x >= 0 ? 1 : e) / (1 + e) with e = exp(-|x|): sigmoidNaive's two branches,
 * 1 / (1 + exp(-x)) and exp(x) / (1 + exp(x)), in one formula.
 *
 * Both functions: (src, dst, bytes): dst[i] = f(src[i]) for the bytes / 8 values (an even count)
 * at byte offset src.
 *
 * add, sub, mul, div: (a, sa, ca, b, sb, cb, out, rows, cols): out[r, j] = a[r·sa + j·ca] (op)
 * b[r·sb + j·cb] for r < rows, j < cols (out row-major; sa, sb byte strides; ca, cb 0 or 1, not
 * both 0). Each row runs in pairs, so an odd row writes one value past its end (the next row's
 * first, rewritten next, or a spare value after out) and reads one past a and b (spare values too).
 */
import { Code, I32, V128, WasmFunction, assembleModule, op } from "./assembler";

/** The double whose high 32 bits are `word` and low bits zero: fdlibm's high-word tests as comparisons of |x|. */
const highWord = (word: number): number => new Float64Array(new BigUint64Array([BigInt(word) << 32n]).buffer)[0];

// Locals: the parameters, then i32 i, then the vectors, then the hoisted constants.
const SRC = 0, DST = 1, BYTES = 2, I = 3;
const X = 4, AX = 5, Z = 6, K = 7, T = 8, HI = 9, LO = 10, R = 11, TT = 12, C = 13, Y = 14, M = 15;
const CONSTANTS: Record<string, number> = {
  invLn2: 1.44269504088896338700e+00, half: 0.5, signBit: -0, zero: 0, one: 1, two: 2, e: Math.E,
  ln2Hi: 6.93147180369123816490e-01, ln2Lo: 1.90821492927058770002e-10, // 0x3FE62E42 FEE00000, 0x3DEA39EF 35793C76
  p1: 1.66666666666666019037e-01, p2: -2.77777777770155933842e-03, p3: 6.61375632143793436117e-05,
  p4: -1.65339022054652515390e-06, p5: 4.13813679705723846039e-08,
  reduce: highWord(0x3fd62e43), // |x| > 0.5 ln2 (hx > 0x3FD62E42): reduce by k != 0
  tiny: highWord(0x3e300000), // |x| < 2^-28: 1 + x
  magic: 1.5 * 2 ** 52, // k + magic holds the integer k in its low mantissa bits
  fast: 707, over: 7.09782712893383973096e+02, under: -7.45133219101941108420e+02, infinity: Infinity, // overflow, underflow
  kMin: -1021, k1024: 1024, two1023: 2 ** 1023, twoM1000: 2 ** -1000, // the scalings
};
const names = Object.keys(CONSTANTS);
const BIAS = M + 1 + names.length; // i64x2 1023, the exponent bias (BIAS + 1: 2023, for 2^(k+1000))
const c = (name: string): Code => op.get(M + 1 + names.indexOf(name));

/** 2^(k + bias - 1023) for k in the low bits of K's lanes (bits of k + magic), from its exponent bits (bias: a local holding 1023 or 2023). */
const pow2 = (bias: number): Code => op.i64x2Shl(op.i64x2Add(op.get(K), op.get(bias)), op.i32(52));

/** Code leaving exp(x) in Y, for x in local `x` with |x| in local `ax` (uses K..M); `special`: any x, else |x| < 707 and x != 1. */
function expLanes(x: number, ax: number, special: boolean): Code {
  const { get, set } = op;
  const { f64x2Add: plus, f64x2Sub: minus, f64x2Mul: times } = op;
  const tt = get(TT);
  const poly = plus(c("p1"), times(tt, plus(c("p2"), times(tt, plus(c("p3"), times(tt, plus(c("p4"), times(tt, c("p5")))))))));
  return [
    set(M, op.f64x2Ge(get(ax), c("reduce"))), // lanes that reduce (k != 0)
    set(T, op.bitselect(op.f64x2Trunc(plus(times(get(x), c("invLn2")), op.v128Or(op.v128And(get(x), c("signBit")), c("half")))),
      c("zero"), get(M))), // k = (int)(x·invln2 ± 0.5) (the sign of x), as a double
    set(K, plus(get(T), c("magic"))), // k in the low bits, two's complement, for 2^k
    set(HI, minus(get(x), times(get(T), c("ln2Hi")))),
    set(LO, times(get(T), c("ln2Lo"))),
    set(R, minus(get(HI), get(LO))),
    set(TT, times(get(R), get(R))),
    set(C, minus(get(R), times(tt, poly))),
    set(Y, minus(c("one"), minus(minus(get(LO), op.f64x2Div(times(get(R), get(C)), minus(c("two"), get(C)))), get(HI)))),
    special ? [
      set(Y, op.bitselect(times(times(get(Y), pow2(BIAS + 1)), c("twoM1000")), // · 2^k
        op.bitselect(times(times(get(Y), c("two")), c("two1023")), times(get(Y), pow2(BIAS)), op.f64x2Eq(get(T), c("k1024"))),
        op.f64x2Lt(get(T), c("kMin")))),
      set(Y, op.bitselect(c("infinity"), get(Y), op.f64x2Gt(get(x), c("over")))),
      set(Y, op.bitselect(c("zero"), get(Y), op.f64x2Lt(get(x), c("under")))),
      set(Y, op.bitselect(c("e"), get(Y), op.f64x2Eq(get(x), c("one")))),
    ] : set(Y, times(get(Y), pow2(BIAS))), // · 2^k, -1021 <= k <= 1020
    set(Y, op.bitselect(plus(c("one"), get(x)), get(Y), op.f64x2Lt(get(ax), c("tiny")))), // (softmax's exp(0) is common)
  ];
}

/** A function applying `lanes(special)` (code leaving f(X) in Y) to every pair. */
function vectorFunction(name: string, lanes: (special: boolean) => Code): WasmFunction {
  const { get, set, i32, add } = op;
  return {
    name, params: [I32, I32, I32], locals: [I32, ...new Array<typeof V128>(BIAS + 2 - X).fill(V128)],
    body: [
      names.map((n, j) => set(M + 1 + j, op.f64x2Splat(op.f64(CONSTANTS[n])))),
      set(BIAS, op.i64x2Const(1023)),
      set(BIAS + 1, op.i64x2Const(2023)),
      op.for(set(I, i32(0)), op.ltS(get(I), get(BYTES)), set(I, add(get(I), i32(16))), [
        set(X, op.v128Load(add(get(SRC), get(I)))),
        set(AX, op.f64x2Abs(get(X))),
        op.if(op.i64x2AllTrue(op.v128And(op.f64x2Lt(get(AX), c("fast")), op.f64x2Ne(get(X), c("one")))), lanes(false), lanes(true)),
        op.v128Store(add(get(DST), get(I)), get(Y)),
      ]),
    ],
  };
}

/** out = a (op) b over rows x cols, as described above (op: an f64x2 instruction). */
function binaryFunction(name: string, f64x2Op: (x: Code, y: Code) => Code): WasmFunction {
  const { get, set, i32, add, mul } = op;
  const [A, SA, CA, B, SB, CB, OUT, ROWS, COLS, RI, J, END] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const run = (x: Code, y: Code): Code => // one row: j over the row's bytes, two values at a time
    op.for(set(J, i32(0)), op.ltS(get(J), get(END)), set(J, add(get(J), i32(16))), op.v128Store(add(get(OUT), get(J)), f64x2Op(x, y)));
  const vector = (base: number): Code => op.v128Load(add(get(base), get(J)));
  const splat = (base: number): Code => op.v128Load64Splat(get(base));
  return {
    name, params: new Array<typeof I32>(9).fill(I32), locals: [I32, I32, I32],
    body: [
      set(END, mul(get(COLS), i32(8))),
      op.for(set(RI, i32(0)), op.ltS(get(RI), get(ROWS)), set(RI, add(get(RI), i32(1))), [
        op.if(op.and(get(CA), get(CB)), run(vector(A), vector(B)), op.if(get(CA), run(vector(A), splat(B)), run(splat(A), vector(B)))),
        set(A, add(get(A), get(SA))),
        set(B, add(get(B), get(SB))),
        set(OUT, add(get(OUT), get(END))),
      ]),
    ],
  };
}

export function buildVectorModule(): ArrayBuffer {
  const { get, set } = op;
  const exp = vectorFunction("exp", (special) => expLanes(X, AX, special));
  const sigmoid = vectorFunction("sigmoid", (special) => [
    set(Z, op.f64x2Sub(c("zero"), get(AX))), // -|x|
    expLanes(Z, AX, special), // e = exp(-|x|) in Y
    set(Y, op.f64x2Div(op.bitselect(c("one"), get(Y), op.f64x2Ge(get(X), c("zero"))), op.f64x2Add(c("one"), get(Y)))),
  ]);
  const binary = [binaryFunction("add", op.f64x2Add), binaryFunction("sub", op.f64x2Sub),
    binaryFunction("mul", op.f64x2Mul), binaryFunction("div", op.f64x2Div)];
  return assembleModule([exp, sigmoid, ...binary], 1);
}
