/**
 * The WebAssembly (128-bit SIMD, f64x2) matrix-product module, written with
 * the tiny assembler of ./assembler.ts.
 *
 * Algorithm (GotoBLAS style, one core):
 *
 *   for pc in k by KC:                       // k-block: A sliver and B panel fit in L1/L2
 *     for jc in n by NC:                     // n-block
 *       packB: B[pc:pc+kc, jc:jc+nc] -> panels of [kc, NR], zero-padded
 *       for i in m by MR:
 *         packA: A[i:i+MR, pc:pc+kc] -> sliver [kc, MR], zero-padded   (stays in L1)
 *         for jp in nc by NR:                // B panel [kc, NR] streamed from L2
 *           micro: C[i:i+MR, jc+jp:+NR] (+)= sliver · panel
 *
 * The micro-kernel keeps the MR x NR tile of C in MR·NR/2 f64x2 registers
 * (register blocking): per step p it loads NR/2 vectors of the B panel, and for
 * each of the MR rows broadcasts one A value and does NR/2 multiply-adds.
 * Packing reads A and B with element strides, so transA/transB cost only the
 * packing (O(mk + kn) against the O(mkn) product). Edge tiles (rows < MR or
 * columns < NR) are computed into a scratch tile and copied.
 *
 * Addresses are byte offsets into the module's exported memory.
 */
import { Code, I32, V128, WasmFunction, assembleModule, op } from "./assembler";

/** Tile and block sizes (measured on the bench machine; see tools/bench). */
export interface GemmShape {
  /** Rows of the register tile. */
  mr: number;
  /** f64x2 vectors per tile row (tile columns NR = 2·nv). */
  nv: number;
  /** k-block (depth of a packed B panel). */
  kc: number;
  /** n-block (columns packed at once, a multiple of NR). */
  nc: number;
}

// Measured (CPU time, Zen 5 under V8 11.3): 2x8 tiles 26-29 GFLOP/s at n = 128..1024; 4x4 22-23;
// 4x6, 6x4, 3x8, 2x10, 2x12, 3x6, 8x2: 11-16 (spills); unrolling p by 2 or 4 is slower; kc, nc +-10%.
export const defaultGemmShape: GemmShape = { mr: 2, nv: 4, kc: 256, nc: 512 };

/** Function indices in the module (order of `functions` below). */
const MICRO = 0;
const PACK_A = 1;
const PACK_B = 2;
const EDGE = 3;

export function buildGemmModule(shape: GemmShape = defaultGemmShape): ArrayBuffer {
  const { mr: MR, nv: NV, kc: KC, nc: NC } = shape;
  const NR = 2 * NV;
  const { get, set, i32, add, sub, mul } = op;

  // micro(ap, bp, kc, cp, ldc, accumulate): all byte addresses/strides.
  // C tile [MR, NR] at cp with row stride ldc; packed A sliver [kc, MR] at ap;
  // packed B panel [kc, NR] at bp.
  const micro = ((): WasmFunction => {
    const [ap, bp, kc, cp, ldc, accumulate] = [0, 1, 2, 3, 4, 5];
    let next = 6;
    const locals: (typeof I32 | typeof V128)[] = [];
    const acc: number[][] = []; // acc[i][j]: f64x2 of C[i, 2j:2j+2], zero-initialised by wasm
    for (let i = 0; i < MR; i++) { acc.push([]); for (let j = 0; j < NV; j++) { acc[i].push(next++); locals.push(V128); } }
    const bv: number[] = [];
    for (let j = 0; j < NV; j++) { bv.push(next++); locals.push(V128); }
    const av = next++; locals.push(V128);
    const cRow = next++; locals.push(I32);

    const body: Code[] = [];
    const step: Code[] = [];
    for (let j = 0; j < NV; j++) step.push(set(bv[j], op.v128Load(get(bp), 16 * j))); // b[p, 2j:2j+2]
    for (let i = 0; i < MR; i++) {
      step.push(set(av, op.v128Load64Splat(get(ap), 8 * i))); // a[i, p] in both lanes
      for (let j = 0; j < NV; j++) {
        step.push(set(acc[i][j], op.f64x2Add(get(acc[i][j]), op.f64x2Mul(get(av), get(bv[j])))));
      }
    }
    step.push(set(ap, add(get(ap), i32(8 * MR))));
    step.push(set(bp, add(get(bp), i32(8 * NR))));
    step.push(set(kc, sub(get(kc), i32(1))));
    body.push(op.doWhile(step, get(kc))); // kc >= 1 is guaranteed by the caller

    const storeAll = (accumulateIntoC: boolean): Code[] => {
      const code: Code[] = [set(cRow, get(cp))];
      for (let i = 0; i < MR; i++) {
        for (let j = 0; j < NV; j++) {
          const value = accumulateIntoC ? op.f64x2Add(op.v128Load(get(cRow), 16 * j), get(acc[i][j])) : get(acc[i][j]);
          code.push(op.v128Store(get(cRow), value, 16 * j));
        }
        if (i + 1 < MR) code.push(set(cRow, add(get(cRow), get(ldc))));
      }
      return code;
    };
    body.push(op.if(get(accumulate), storeAll(true), storeAll(false)));
    return { name: "micro", params: [I32, I32, I32, I32, I32, I32], locals, body };
  })();

  // packA(a, rsA, csA, kc, rows, apack): A(i, p) at a + i·rsA + p·csA (bytes),
  // i < rows, p < kc -> sliver [kc][MR] at apack, rows >= `rows` zero-padded.
  const packA = ((): WasmFunction => {
    const [a, rsA, csA, kc, rows, apack] = [0, 1, 2, 3, 4, 5];
    const [p, ii, dst, src] = [6, 7, 8, 9];
    const body = op.for(set(p, i32(0)), op.ltS(get(p), get(kc)), set(p, add(get(p), i32(1))), [
      set(src, add(get(a), mul(get(p), get(csA)))), // &A(0, p)
      op.for(set(ii, i32(0)), op.ltS(get(ii), i32(MR)), set(ii, add(get(ii), i32(1))), [
        op.if(op.ltS(get(ii), get(rows)),
          op.f64Store(get(dst), op.f64Load(get(src))),
          op.f64Store(get(dst), op.f64(0))), // zero padding of a short sliver
        set(src, add(get(src), get(rsA))),
        set(dst, add(get(dst), i32(8))),
      ]),
    ]);
    return {
      name: "packA", params: [I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32],
      body: [set(dst, get(apack)), body],
    };
  })();

  // packB(b, rsB, csB, kc, nc, bpack): B(p, j) at b + p·rsB + j·csB (bytes),
  // p < kc, j < nc -> panels [ceil(nc/NR)][kc][NR] at bpack, zero-padded.
  // Full panels of a row-contiguous B (csB = 8) are copied with f64x2 moves.
  const packB = ((): WasmFunction => {
    const [b, rsB, csB, kc, nc, bpack] = [0, 1, 2, 3, 4, 5];
    const [jp, p, jj, dst, src, colSrc, j] = [6, 7, 8, 9, 10, 11, 12];
    const vectorCopy: Code[] = [];
    for (let v = 0; v < NV; v++) vectorCopy.push(op.v128Store(get(dst), op.v128Load(get(src), 16 * v), 16 * v));
    const body = op.for(set(jp, i32(0)), op.ltS(get(jp), get(nc)), set(jp, add(get(jp), i32(NR))), [
      set(colSrc, add(get(b), mul(get(jp), get(csB)))), // &B(0, jp)
      op.if(op.and(op.eqz(sub(get(csB), i32(8))), op.leS(add(get(jp), i32(NR)), get(nc))),
        // contiguous full panel: row p of the panel is B(p, jp:jp+NR)
        op.for(set(p, i32(0)), op.ltS(get(p), get(kc)), set(p, add(get(p), i32(1))), [
          set(src, add(get(colSrc), mul(get(p), get(rsB)))),
          vectorCopy,
          set(dst, add(get(dst), i32(8 * NR))),
        ]),
        op.for(set(p, i32(0)), op.ltS(get(p), get(kc)), set(p, add(get(p), i32(1))), [
          set(src, add(get(colSrc), mul(get(p), get(rsB)))), // &B(p, jp)
          op.for(set(jj, i32(0)), op.ltS(get(jj), i32(NR)), set(jj, add(get(jj), i32(1))), [
            set(j, add(get(jp), get(jj))),
            op.if(op.ltS(get(j), get(nc)),
              op.f64Store(get(dst), op.f64Load(get(src))),
              op.f64Store(get(dst), op.f64(0))), // zero padding of the last panel
            set(src, add(get(src), get(csB))),
            set(dst, add(get(dst), i32(8))),
          ]),
        ])),
    ]);
    return {
      name: "packB", params: [I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32, I32],
      body: [set(dst, get(bpack)), body],
    };
  })();

  // edge(tile, cp, ldc, rows, cols, accumulate): C[rows, cols] (+)= tile[rows, NR].
  const edge = ((): WasmFunction => {
    const [tile, cp, ldc, rows, cols, accumulate] = [0, 1, 2, 3, 4, 5];
    const [ii, jj, c, t] = [6, 7, 8, 9];
    const body = op.for(set(ii, i32(0)), op.ltS(get(ii), get(rows)), set(ii, add(get(ii), i32(1))), [
      set(c, add(get(cp), mul(get(ii), get(ldc)))),
      set(t, add(get(tile), mul(get(ii), i32(8 * NR)))),
      op.for(set(jj, i32(0)), op.ltS(get(jj), get(cols)), set(jj, add(get(jj), i32(1))), [
        op.if(get(accumulate),
          op.f64Store(get(c), op.f64Add(op.f64Load(get(c)), op.f64Load(get(t)))),
          op.f64Store(get(c), op.f64Load(get(t)))),
        set(c, add(get(c), i32(8))),
        set(t, add(get(t), i32(8))),
      ]),
    ]);
    return { name: "edge", params: [I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32], body };
  })();

  // gemm(a, b, c, m, k, n, rsA, csA, rsB, csB, accumulate, apack, bpack, tile):
  // C[m, n] (+)= A·B with A(i, p) at a + (i·rsA + p·csA)·8, B(p, j) at b + (p·rsB + j·csB)·8,
  // C row-major at c. Requires m, k, n >= 1.
  const gemm = ((): WasmFunction => {
    const [a, b, c, m, k, n, rsA, csA, rsB, csB, accumulate, apack, bpack, tile] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const [pc, kc, jc, nc, i, jp, acc, rows, cols, cptr, bp, ldc, rsA8, csA8] =
      [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27];
    const body: Code[] = [
      set(ldc, mul(get(n), i32(8))),
      set(rsA8, mul(get(rsA), i32(8))),
      set(csA8, mul(get(csA), i32(8))),
      op.for(set(pc, i32(0)), op.ltS(get(pc), get(k)), set(pc, add(get(pc), i32(KC))), [
        set(kc, op.min(i32(KC), sub(get(k), get(pc)))),
        set(acc, op.or(get(accumulate), op.gtS(get(pc), i32(0)))),
        op.for(set(jc, i32(0)), op.ltS(get(jc), get(n)), set(jc, add(get(jc), i32(NC))), [
          set(nc, op.min(i32(NC), sub(get(n), get(jc)))),
          op.call(PACK_B,
            add(get(b), mul(add(mul(get(pc), get(rsB)), mul(get(jc), get(csB))), i32(8))),
            mul(get(rsB), i32(8)), mul(get(csB), i32(8)), get(kc), get(nc), get(bpack)),
          op.for(set(i, i32(0)), op.ltS(get(i), get(m)), set(i, add(get(i), i32(MR))), [
            set(rows, op.min(i32(MR), sub(get(m), get(i)))),
            op.call(PACK_A, add(get(a), mul(add(mul(get(i), get(rsA)), mul(get(pc), get(csA))), i32(8))),
              get(rsA8), get(csA8), get(kc), get(rows), get(apack)), // A[i:i+MR, pc:pc+kc] -> [kc][MR]
            op.for(set(jp, i32(0)), op.ltS(get(jp), get(nc)), set(jp, add(get(jp), i32(NR))), [
              set(cols, op.min(i32(NR), sub(get(nc), get(jp)))),
              set(cptr, add(get(c), mul(add(mul(get(i), get(n)), add(get(jc), get(jp))), i32(8)))),
              set(bp, add(get(bpack), mul(mul(get(jp), get(kc)), i32(8)))),
              op.if(op.and(op.eqz(sub(get(rows), i32(MR))), op.eqz(sub(get(cols), i32(NR)))),
                op.call(MICRO, get(apack), get(bp), get(kc), get(cptr), get(ldc), get(acc)),
                [
                  op.call(MICRO, get(apack), get(bp), get(kc), get(tile), i32(8 * NR), i32(0)),
                  op.call(EDGE, get(tile), get(cptr), get(ldc), get(rows), get(cols), get(acc)),
                ]),
            ]),
          ]),
        ]),
      ]),
    ];
    return {
      name: "gemm",
      params: new Array(14).fill(I32),
      locals: new Array(14).fill(I32),
      body,
    };
  })();

  return assembleModule([micro, packA, packB, edge, gemm], 1);
}
