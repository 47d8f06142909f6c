/**
 * The WebAssembly (128-bit SIMD, f64x2) matrix-product module, written with
 * the tiny assembler of ./assembler.ts.
 *
 * gemm: C[m, n] (+)= A·B, A(i, p) and B(p, j) read through element strides (so
 * transA/transB are only strides). Each element of C is a sum over p in
 * increasing order, one multiply then one add per term (no fused multiply-add),
 * in k-blocks of KC terms: the first block's sum is stored (or added to C when
 * accumulating) and every later block's sum is added to C. For k <= KC that is
 * exactly the naive kernel's order.
 *
 *   for pc in k by KC:                    // k-block
 *     for jc in n by NC:                  // n-block
 *       [pack: B[pc:pc+kc, jc:jc+nc] -> panels [kc, NR]]
 *       for i in m by MR:
 *         [pack: A[i:i+MR, pc:pc+kc] -> sliver [kc, MR]]
 *         for jp in nc by NR:
 *           tile: C[i:i+MR, jc+jp:+NR] (+)= A[i:i+MR, block] · B[block, jc+jp:+NR]
 *
 * Packing (GotoBLAS style: the sliver stays in L1, the panels stream from L2)
 * pays off for large products only; small ones run the tiles on the operands
 * in place. A tile keeps its rows x cols block of C in f64x2 registers: per
 * step p it loads cols/2 vectors of B's row p, and for each row broadcasts one
 * A value and does cols/2 multiply-adds. The edges use narrower or shorter
 * variants of the tile (an odd last column is a half vector, lane 0). When B's
 * columns are not contiguous (transB, in place), each vector is loaded lane by lane.
 *
 * Addresses are byte offsets into the module's exported memory.
 */
import { Code, F64, I32, V128, ValType, WasmFunction, assembleModule, op } from "./assembler";

/** Tile and block sizes (measured on the bench machine; see tools/bench). */
export interface GemmShape {
  /** Rows of the register tile. */
  mr: number;
  /** f64x2 vectors per tile row (tile columns NR = 2·nv). */
  nv: number;
  /** k-block (terms summed before adding to C; depth of a packed B panel). */
  kc: number;
  /** n-block (columns packed at once, a multiple of NR). */
  nc: number;
}

// Measured (CPU time, Zen 5 under V8 11.3): 2x8 tiles 26-29 GFLOP/s at n = 128..1024; 4x4 22-23;
// 4x6, 6x4, 3x8, 2x10, 2x12, 3x6, 8x2: 11-16 (spills); unrolling p by 2 or 4 is slower; kc, nc +-10%.
// kc is part of the results' rounding (see above): changing it changes the bits of products with k > kc.
export const defaultGemmShape: GemmShape = { mr: 2, nv: 4, kc: 256, nc: 512 };

export function buildGemmModule(shape: GemmShape = defaultGemmShape): ArrayBuffer {
  const { mr: MR, nv: NV, kc: KC, nc: NC } = shape;
  const NR = 2 * NV;
  const { get, set, tee, i32, add, sub, mul } = op;
  const functions: WasmFunction[] = [];

  // tiles(a, b, c, kc, rsA, csA, rsB, csB, ldc, accumulate, count, panel), byte addresses and strides:
  // `count` tiles side by side, tile t: C[rows, cols] at c + t·8·NR (row stride ldc) = (or += when
  // accumulate) the sum over p < kc of A(:, p)·B(p, :), with A(i, p) at a + i·rsA + p·csA and
  // B(p, j) at b + t·panel + p·rsB + j·csB, with csB = 8 (B's rows contiguous) unless `strided`.
  // Functions [TILES + ((rows - 1)·2 + strided)·NR + cols - 1].
  const tiles = (rows: number, cols: number, strided: number): WasmFunction => {
    const [a, b, c, kc, rsA, csA, rsB, csB, ldc, accumulate, count, panel] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const locals: ValType[] = [];
    const local = (t: ValType): number => locals.push(t) + 11; // indices after the 12 parameters
    const nv = Math.ceil(cols / 2);
    const half = (v: number): boolean => cols % 2 === 1 && v === nv - 1; // the odd last column
    const acc = Array.from({ length: rows }, () => Array.from({ length: nv }, () => local(V128))); // C[i, 2v:2v+2]
    const bv = Array.from({ length: nv }, () => local(V128));
    const av = local(V128);
    const [ap, bp, p, col] = [local(I32), local(I32), local(I32), local(I32)];
    const row = (base: number, stride: number, i: number): Code => // base + i·stride
      (i === 0 ? get(base) : add(get(base), i === 1 ? get(stride) : mul(get(stride), i32(i))));
    const step: Code[] = [];
    for (let v = 0; v < nv; v++) { // bv[v] = B(p, 2v:2v+2)
      if (!strided) step.push(set(bv[v], half(v) ? op.v128Load64Splat(get(bp), 16 * v) : op.v128Load(get(bp), 16 * v)));
      else {
        step.push(set(bv[v], op.v128Load64Splat(v === 0 ? tee(col, get(bp)) : tee(col, add(get(col), get(csB))))));
        if (!half(v)) step.push(set(bv[v], op.v128Load64Lane(tee(col, add(get(col), get(csB))), get(bv[v]), 1)));
      }
    }
    for (let i = 0; i < rows; i++) {
      step.push(set(av, op.v128Load64Splat(row(ap, rsA, i)))); // A(i, p) in both lanes
      for (let v = 0; v < nv; v++) step.push(set(acc[i][v], op.f64x2Add(get(acc[i][v]), op.f64x2Mul(get(av), get(bv[v])))));
    }
    step.push(set(ap, add(get(ap), get(csA))), set(bp, add(get(bp), get(rsB))), set(p, sub(get(p), i32(1))));
    const store = (sum: boolean): Code[] => { // C = acc, or C = C + acc
      const code: Code[] = [];
      for (let i = 0; i < rows; i++) {
        for (let v = 0; v < nv; v++) {
          if (half(v)) {
            const x = op.f64x2ExtractLane(get(acc[i][v]), 0);
            code.push(op.f64Store(row(c, ldc, i), sum ? op.f64Add(op.f64Load(row(c, ldc, i), 16 * v), x) : x, 16 * v));
          } else {
            code.push(op.v128Store(row(c, ldc, i), sum ? op.f64x2Add(op.v128Load(row(c, ldc, i), 16 * v), get(acc[i][v])) : get(acc[i][v]), 16 * v));
          }
        }
      }
      return code;
    };
    const tile = [
      set(ap, get(a)), set(bp, get(b)), set(p, get(kc)), // kc >= 1 (the caller's)
      acc.flat().map((x) => set(x, op.f64x2Splat(op.f64(0)))),
      op.doWhile(step, get(p)),
      op.if(get(accumulate), store(true), store(false)),
      set(b, add(get(b), get(panel))), set(c, add(get(c), i32(8 * NR))), set(count, sub(get(count), i32(1))),
    ];
    return { name: `tiles${rows}x${cols}${strided ? "s" : ""}`, params: new Array(12).fill(I32), locals, body: op.doWhile(tile, get(count)) };
  };
  const TILES = functions.length;
  for (let rows = 1; rows <= MR; rows++) for (let strided = 0; strided < 2; strided++) for (let cols = 1; cols <= NR; cols++) functions.push(tiles(rows, cols, strided));

  // packA(a, rsA, csA, kc, rows, apack): A(i, p) at a + i·rsA + p·csA (bytes), i < rows, p < kc
  // -> sliver [kc][MR] at apack (rows past `rows` are left as they are: the short tiles skip them).
  const packA = ((): WasmFunction => {
    const [a, rsA, csA, kc, rows, dst] = [0, 1, 2, 3, 4, 5];
    const [p, ii, src] = [6, 7, 8];
    const body = op.for(set(p, i32(0)), op.ltS(get(p), get(kc)), set(p, add(get(p), i32(1))), [
      set(src, add(get(a), mul(get(p), get(csA)))), // &A(0, p)
      op.for(set(ii, i32(0)), op.ltS(get(ii), get(rows)), set(ii, add(get(ii), i32(1))), [
        op.f64Store(add(get(dst), mul(get(ii), i32(8))), op.f64Load(get(src))),
        set(src, add(get(src), get(rsA))),
      ]),
      set(dst, add(get(dst), i32(8 * MR))),
    ]);
    return { name: "packA", params: new Array(6).fill(I32), locals: [I32, I32, I32], body };
  })();

  // packB(b, rsB, csB, kc, nc, bpack): B(p, j) at b + p·rsB + j·csB (bytes), p < kc, j < nc
  // -> panels [ceil(nc/NR)][kc][NR] at bpack (the last one's columns past nc are left as they are).
  // Full panels of a row-contiguous B (csB = 8) are copied with f64x2 moves.
  const packB = ((): WasmFunction => {
    const [b, rsB, csB, kc, nc, dst] = [0, 1, 2, 3, 4, 5];
    const [jp, p, jj, src, colSrc, width] = [6, 7, 8, 9, 10, 11];
    const vectorCopy: Code[] = [];
    for (let v = 0; v < NV; v++) vectorCopy.push(op.v128Store(get(dst), op.v128Load(get(src), 16 * v), 16 * v));
    const rows = (inner: Code): Code => op.for(set(p, i32(0)), op.ltS(get(p), get(kc)), set(p, add(get(p), i32(1))), [
      set(src, add(get(colSrc), mul(get(p), get(rsB)))), // &B(p, jp)
      inner,
      set(dst, add(get(dst), i32(8 * NR))),
    ]);
    const body = op.for(set(jp, i32(0)), op.ltS(get(jp), get(nc)), set(jp, add(get(jp), i32(NR))), [
      set(colSrc, add(get(b), mul(get(jp), get(csB)))), // &B(0, jp)
      set(width, op.min(i32(NR), sub(get(nc), get(jp)))),
      op.if(op.and(op.eq(get(csB), i32(8)), op.eq(get(width), i32(NR))),
        rows(vectorCopy), // contiguous full panel: row p of the panel is B(p, jp:jp+NR)
        rows(op.for(set(jj, i32(0)), op.ltS(get(jj), get(width)), set(jj, add(get(jj), i32(1))), [
          op.f64Store(add(get(dst), mul(get(jj), i32(8))), op.f64Load(get(src))),
          set(src, add(get(src), get(csB))),
        ]))),
    ]);
    return { name: "packB", params: new Array(6).fill(I32), locals: new Array(6).fill(I32), body };
  })();
  const PACK_A = functions.push(packA) - 1;
  const PACK_B = functions.push(packB) - 1;

  // gemm(a, b, c, m, k, n, rsA, csA, rsB, csB, accumulate, pack, apack, bpack): C[m, n] (+)= A·B
  // with A(i, p) at a + (i·rsA + p·csA)·8, B(p, j) at b + (p·rsB + j·csB)·8, C row-major at c.
  // pack bit 0: the tiles read A's slivers packed at apack; bit 1: B's panels packed at bpack. Requires m, k, n >= 1.
  const gemm = ((): WasmFunction => {
    const [a, b, c, m, k, n, rsA, csA, rsB, csB, accumulate, pack, apack, bpack] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const [pc, kc, jc, nc, i, full, acc, rows, cols, ap, bp, cp, ldc, strided, panel, aRs, aCs, bRs, bCs, packsA, packsB] =
      Array.from({ length: 21 }, (_, x) => 14 + x);
    // `count` tiles of `cols` columns (1..NR) at B column panel bCol and C position cTile
    const callTiles = (cols: Code, count: Code, bCol: Code, cTile: Code): Code => op.callIndirect(TILES,
      add(i32(TILES - 1), add(mul(add(mul(sub(get(rows), i32(1)), i32(2)), get(strided)), i32(NR)), cols)),
      get(ap), bCol, cTile, get(kc), get(aRs), get(aCs), get(bRs), get(bCs), get(ldc), get(acc), count, get(panel));
    const byte = (x: number): Code => set(x, mul(get(x), i32(8)));
    const body: Code[] = [
      byte(rsA), byte(csA), byte(rsB), byte(csB),
      set(ldc, mul(get(n), i32(8))),
      set(packsA, op.and(get(pack), i32(1))),
      set(packsB, op.and(get(pack), i32(2))),
      set(strided, op.and(op.eqz(get(packsB)), op.eqz(op.eq(get(csB), i32(8))))),
      set(aRs, op.select(i32(8), get(rsA), get(packsA))), // the tiles' strides: packed or in place
      set(aCs, op.select(i32(8 * MR), get(csA), get(packsA))),
      set(bRs, op.select(i32(8 * NR), get(rsB), get(packsB))),
      set(bCs, op.select(i32(8), get(csB), get(packsB))),
      op.for(set(pc, i32(0)), op.ltS(get(pc), get(k)), set(pc, add(get(pc), i32(KC))), [
        set(kc, op.min(i32(KC), sub(get(k), get(pc)))),
        set(acc, op.or(get(accumulate), op.gtS(get(pc), i32(0)))),
        set(panel, op.select(mul(get(kc), i32(8 * NR)), mul(get(csB), i32(NR)), get(packsB))), // bytes from one NR-column panel to the next
        op.for(set(jc, i32(0)), op.ltS(get(jc), get(n)), set(jc, add(get(jc), i32(NC))), [
          set(nc, op.min(i32(NC), sub(get(n), get(jc)))),
          set(full, op.divU(get(nc), i32(NR))), // full-width tiles; then one of `cols` columns
          set(cols, sub(get(nc), mul(get(full), i32(NR)))),
          set(bp, add(get(b), add(mul(get(pc), get(rsB)), mul(get(jc), get(csB))))), // &B(pc, jc)
          op.if(get(packsB), [op.call(PACK_B, get(bp), get(rsB), get(csB), get(kc), get(nc), get(bpack)), set(bp, get(bpack))]),
          op.for(set(i, i32(0)), op.ltS(get(i), get(m)), set(i, add(get(i), i32(MR))), [
            set(rows, op.min(i32(MR), sub(get(m), get(i)))),
            set(ap, add(get(a), add(mul(get(i), get(rsA)), mul(get(pc), get(csA))))), // &A(i, pc)
            op.if(get(packsA), [op.call(PACK_A, get(ap), get(rsA), get(csA), get(kc), get(rows), get(apack)), set(ap, get(apack))]),
            set(cp, add(get(c), add(mul(get(i), get(ldc)), mul(get(jc), i32(8))))), // &C(i, jc)
            op.if(get(full), callTiles(i32(NR), get(full), get(bp), get(cp))),
            op.if(get(cols), callTiles(get(cols), i32(1), add(get(bp), mul(get(full), get(panel))), add(get(cp), mul(get(full), i32(8 * NR))))),
          ]),
        ]),
      ]),
    ];
    return { name: "gemm", params: new Array(14).fill(I32), locals: new Array(21).fill(I32), body };
  })();
  functions.push(gemm);

  // Element-wise passes of the conv2d primitive between [F, N*P] (channel-major) and [N, F, P] (NCHW).
  // biasRelu: y[n, f, :] = x[f, n*P : (n+1)*P] + bias[f], then max(., 0) when relu != 0.
  const biasRelu = ((): WasmFunction => {
    const [x, y, bias, images, F, P, relu] = [0, 1, 2, 3, 4, 5, 6];
    const [n, f, end, xp, bv, zero, v, s] = [7, 8, 9, 10, 11, 12, 13, 14];
    const vectorStep = [
      set(v, op.f64x2Add(op.v128Load(get(xp)), get(bv))),
      op.if(get(relu), set(v, op.f64x2Max(get(v), get(zero)))),
      op.v128Store(get(y), get(v)),
      set(xp, add(get(xp), i32(16))),
    ];
    const body = [
      set(zero, op.f64x2Splat(op.f64(0))),
      op.for(set(n, i32(0)), op.ltS(get(n), get(images)), set(n, add(get(n), i32(1))),
        op.for(set(f, i32(0)), op.ltS(get(f), get(F)), set(f, add(get(f), i32(1))), [
          set(bv, op.v128Load64Splat(add(get(bias), mul(get(f), i32(8))))),
          set(xp, add(get(x), mul(add(mul(get(f), get(images)), get(n)), mul(get(P), i32(8))))), // &x[f, n*P]
          set(end, add(get(y), mul(get(P), i32(8)))),
          op.for([], op.leS(add(get(y), i32(16)), get(end)), set(y, add(get(y), i32(16))), vectorStep),
          op.if(op.ltS(get(y), get(end)), [ // odd P: the last value
            set(s, op.f64Add(op.f64Load(get(xp)), op.f64x2ExtractLane(get(bv), 0))),
            op.if(get(relu), set(s, op.f64Max(get(s), op.f64(0)))),
            op.f64Store(get(y), get(s)),
            set(y, add(get(y), i32(8))),
          ]),
        ])),
    ];
    return { name: "biasRelu", params: [I32, I32, I32, I32, I32, I32, I32], locals: [I32, I32, I32, I32, V128, V128, V128, F64], body };
  })();

  // maskSum: d[f, n*P : (n+1)*P] = g[n, f, :] * (a[n, f, :] > 0) (or a copy of g when mask = 0),
  // i.e. d is written channel-major [F, N*P]; db[f] += sum over p (two lanes: even and odd p, the odd-P tail joins the even lane).
  const maskSum = ((): WasmFunction => {
    const [g, a, d, db, images, F, P, mask] = [0, 1, 2, 3, 4, 5, 6, 7];
    const [n, f, end, dbp, zero, one, v, sum, s0, s1, t, dp] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
    const vectorStep = [
      set(v, op.v128Load(get(g))),
      op.if(get(mask), set(v, op.f64x2Mul(get(v), op.v128And(op.f64x2Gt(op.v128Load(get(a)), get(zero)), get(one))))),
      op.v128Store(get(dp), get(v)),
      set(sum, op.f64x2Add(get(sum), get(v))),
      set(a, add(get(a), i32(16))),
      set(dp, add(get(dp), i32(16))),
    ];
    const body = [
      set(zero, op.f64x2Splat(op.f64(0))),
      set(one, op.f64x2Splat(op.f64(1))),
      op.for(set(n, i32(0)), op.ltS(get(n), get(images)), set(n, add(get(n), i32(1))),
        op.for(set(f, i32(0)), op.ltS(get(f), get(F)), set(f, add(get(f), i32(1))), [
          set(sum, get(zero)),
          set(dp, add(get(d), mul(add(mul(get(f), get(images)), get(n)), mul(get(P), i32(8))))), // &d[f, n*P]
          set(end, add(get(g), mul(get(P), i32(8)))),
          op.for([], op.leS(add(get(g), i32(16)), get(end)), set(g, add(get(g), i32(16))), vectorStep),
          set(s0, op.f64x2ExtractLane(get(sum), 0)),
          set(s1, op.f64x2ExtractLane(get(sum), 1)),
          op.if(op.ltS(get(g), get(end)), [ // odd P: the last value joins the even lane
            set(t, op.f64Load(get(g))),
            op.if(get(mask), set(t, op.f64Mul(get(t), op.f64ConvertI32U(op.f64Gt(op.f64Load(get(a)), op.f64(0)))))),
            op.f64Store(get(dp), get(t)),
            set(s0, op.f64Add(get(s0), get(t))),
            set(g, add(get(g), i32(8))),
            set(a, add(get(a), i32(8))),
          ]),
          set(dbp, add(get(db), mul(get(f), i32(8)))),
          op.f64Store(get(dbp), op.f64Add(op.f64Load(get(dbp)), op.f64Add(get(s0), get(s1)))),
        ])),
    ];
    return {
      name: "maskSum", params: [I32, I32, I32, I32, I32, I32, I32, I32],
      locals: [I32, I32, I32, I32, V128, V128, V128, V128, F64, F64, F64, I32], body,
    };
  })();

  // gemmNT: C [m, n] (+)= A [m, k] · B [n, k]ᵀ with rows of A and B contiguous along k
  // (both operands stream along the long k; for skinny products like the filter
  // gradient [10, 3600]·[3600, 9], where packing and NR-wide tiles waste most of the work).
  // Tiles of TM rows of A by TN rows of B keep TM·TN dot products in f64x2 registers
  // (even and odd p in the two lanes), summed at the end; odd k adds the last term.
  const dotTile = (TM: number, TN: number): WasmFunction => {
    const [ap, bp, cp, k, lda, ldb, ldc, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7];
    let next = 8;
    const locals: (typeof I32 | typeof F64 | typeof V128)[] = [];
    const local = (t: typeof I32 | typeof F64 | typeof V128): number => { locals.push(t); return next++; };
    const p = local(I32);
    const kEven = local(I32);
    const aRow: number[] = [];
    const bRow: number[] = [];
    for (let i = 0; i < TM; i++) aRow.push(local(I32));
    for (let j = 0; j < TN; j++) bRow.push(local(I32));
    const acc: number[][] = [];
    for (let i = 0; i < TM; i++) { acc.push([]); for (let j = 0; j < TN; j++) acc[i].push(local(V128)); }
    const bv: number[] = [];
    for (let j = 0; j < TN; j++) bv.push(local(V128));
    const av = local(V128);
    const sc = local(F64);
    const cAddr = local(I32);
    const body: Code[] = [];
    for (let i = 0; i < TM; i++) body.push(set(aRow[i], add(get(ap), mul(get(lda), i32(8 * i)))));
    for (let j = 0; j < TN; j++) body.push(set(bRow[j], add(get(bp), mul(get(ldb), i32(8 * j)))));
    body.push(set(kEven, mul(op.and(get(k), i32(-2)), i32(8))));
    const step: Code[] = [];
    for (let j = 0; j < TN; j++) step.push(set(bv[j], op.v128Load(add(get(bRow[j]), get(p)))));
    for (let i = 0; i < TM; i++) {
      step.push(set(av, op.v128Load(add(get(aRow[i]), get(p)))));
      for (let j = 0; j < TN; j++) step.push(set(acc[i][j], op.f64x2Add(get(acc[i][j]), op.f64x2Mul(get(av), get(bv[j])))));
    }
    body.push(op.for(set(p, i32(0)), op.ltS(get(p), get(kEven)), set(p, add(get(p), i32(16))), step));
    for (let i = 0; i < TM; i++) {
      for (let j = 0; j < TN; j++) {
        body.push(set(sc, op.f64Add(op.f64x2ExtractLane(get(acc[i][j]), 0), op.f64x2ExtractLane(get(acc[i][j]), 1))));
        body.push(op.if(op.ltS(get(kEven), mul(get(k), i32(8))), // odd k: the last term
          set(sc, op.f64Add(get(sc), op.f64Mul(op.f64Load(add(get(aRow[i]), get(kEven))), op.f64Load(add(get(bRow[j]), get(kEven))))))));
        body.push(set(cAddr, add(get(cp), add(mul(get(ldc), i32(8 * i)), i32(8 * j)))));
        body.push(op.if(get(accumulate), set(sc, op.f64Add(op.f64Load(get(cAddr)), get(sc)))));
        body.push(op.f64Store(get(cAddr), get(sc)));
      }
    }
    return { name: `dot${TM}x${TN}`, params: new Array(8).fill(I32), locals, body };
  };
  const FIRST_TILE = functions.length + 2; // index of the first dot tile (after biasRelu and maskSum)

  const gemmNT = ((): WasmFunction => {
    const [a, b, c, m, k, n, lda, ldb, ldc, accumulate] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const [i, j] = [10, 11];
    const callTile = (t: number): Code => op.call(FIRST_TILE + t,
      add(get(a), mul(mul(get(i), get(lda)), i32(8))), add(get(b), mul(mul(get(j), get(ldb)), i32(8))),
      add(get(c), mul(add(mul(get(i), get(ldc)), get(j)), i32(8))), get(k), get(lda), get(ldb), get(ldc), get(accumulate));
    const rowBlock = (rows: number): Code => [
      op.for(set(j, i32(0)), op.leS(add(get(j), i32(4)), get(n)), set(j, add(get(j), i32(4))), callTile(rows === 2 ? 0 : 2)),
      op.for([], op.ltS(get(j), get(n)), set(j, add(get(j), i32(1))), callTile(rows === 2 ? 1 : 3)),
    ];
    const body = [
      op.for(set(i, i32(0)), op.leS(add(get(i), i32(2)), get(m)), set(i, add(get(i), i32(2))), rowBlock(2)),
      op.if(op.ltS(get(i), get(m)), rowBlock(1)),
    ];
    return { name: "gemmNT", params: new Array(10).fill(I32), locals: [I32, I32], body };
  })();

  // im2col: input [N, C, H, W] -> cols [C*KH*KW, N*OH*OW], written in order (row (c, ky, kx),
  // then image n, output row oy, column ox); cells in the padding are zeros.
  const im2col = ((): WasmFunction => {
    const [src, dst, N, C, H, W, KH, KW, OH, OW, sh, sw, padTop, padLeft] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
    const [c, ky, kx, n, oy, ox, y, oxLo, oxHi, rowSrc, sw8] = [14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
    const zero = (from: Code, to: Code): Code => op.for(set(ox, from), op.ltS(get(ox), to), set(ox, add(get(ox), i32(1))), [
      op.f64Store(get(dst), op.f64(0)),
      set(dst, add(get(dst), i32(8))),
    ]);
    // input column of output column ox: ox*sw - padLeft + kx
    const column = (v: Code): Code => add(sub(mul(v, get(sw)), get(padLeft)), get(kx));
    const rows = op.for(set(oy, i32(0)), op.ltS(get(oy), get(OH)), set(oy, add(get(oy), i32(1))), [
      set(y, add(sub(mul(get(oy), get(sh)), get(padTop)), get(ky))),
      op.if(op.and(op.geS(get(y), i32(0)), op.ltS(get(y), get(H))),
        [
          zero(i32(0), get(oxLo)),
          // &input[n, c, y, column(oxLo)]
          set(rowSrc, add(get(src), mul(add(mul(add(mul(add(mul(get(n), get(C)), get(c)), get(H)), get(y)), get(W)), column(get(oxLo))), i32(8)))),
          op.for(set(ox, get(oxLo)), op.ltS(get(ox), get(oxHi)), set(ox, add(get(ox), i32(1))), [
            op.f64Store(get(dst), op.f64Load(get(rowSrc))),
            set(dst, add(get(dst), i32(8))),
            set(rowSrc, add(get(rowSrc), get(sw8))),
          ]),
          zero(get(oxHi), get(OW)),
        ],
        zero(i32(0), get(OW))),
    ]);
    const loop = (v: number, end: number, inner: Code): Code => op.for(set(v, i32(0)), op.ltS(get(v), get(end)), set(v, add(get(v), i32(1))), inner);
    const columnRange = [ // [oxLo, oxHi): the output columns whose input column is inside the image
      op.for(set(oxLo, i32(0)), op.and(op.ltS(get(oxLo), get(OW)), op.ltS(column(get(oxLo)), i32(0))), set(oxLo, add(get(oxLo), i32(1))), []),
      op.for(set(oxHi, get(oxLo)), op.and(op.ltS(get(oxHi), get(OW)), op.ltS(column(get(oxHi)), get(W))), set(oxHi, add(get(oxHi), i32(1))), []),
    ];
    const body = [
      set(sw8, mul(get(sw), i32(8))),
      loop(c, C, loop(ky, KH, loop(kx, KW, [columnRange, loop(n, N, rows)]))),
    ];
    return { name: "im2col", params: new Array(14).fill(I32), locals: new Array(11).fill(I32), body };
  })();

  functions.push(biasRelu, maskSum, dotTile(2, 4), dotTile(2, 1), dotTile(1, 4), dotTile(1, 1), gemmNT, im2col);
  return assembleModule(functions, 1);
}
