/**
 * Where IR ops are dispatched beyond one case each in run(): superinstructions, and the cold ops
 * that live in a second dispatch function (docs/RATIONALE.md "Superinstructions").
 *
 * Superinstructions: pairs of adjacent IR ops that run as one dispatch. scripts/gen.ts makes a
 * fused op of each pair (the first op's body, a skip of the second op's word, the second op's
 * body) and lower.ts, once a function is translated, replaces the first op's word by the fused op
 * wherever the pair is adjacent. The second op's word stays where it was, so a branch to it runs
 * it alone, and no target moves (docs/RATIONALE.md "Superinstructions").
 *
 * The first op of a pair must fall through (no jump, no break, no return; a trap may throw); the
 * second may be anything. Names are the IR constants of src/interpreter/ir.ts. A pair's first op
 * may be a fused op of an earlier line: a chain of three (`FUSED_A_B` then `C` is the op
 * `FUSED_A_B_C`, which lower.ts puts where A, B and C are adjacent).
 *
 * Chosen from `node bench/opcount.mjs` pair counts, 2026-12-02: hash-wasm's sha256 and blake3
 * (i32 xor / rotl / add chains: the first 10 pairs below are 75% of sha256's pairs, 81% of
 * blake3's), keccak-256 (i64 xor / and / rotl: 80%), the hash kernel (i64 add / mul / rotl /
 * shl), sort, matmul and coremix (address arithmetic into loads, moves and loop branches) and
 * mandelbrot (f64 multiply-add chains). Each pair costs run() ~290-430 bytes of bytecode.
 */
export const FUSED_PAIRS: readonly (readonly [string, string])[] = [
  // sha256, blake3
  ['I32_ROTL_C', 'I32_XOR'],
  ['I32_XOR', 'I32_ADD'],
  ['I32_ADD', 'I32_ADD'],
  ['I32_ROTL_C', 'I32_ROTL_C'],
  ['I32_XOR', 'I32_ROTL_C'],
  ['I32_ADD', 'I32_ROTL_C'],
  ['I32_AND', 'I32_XOR'],
  ['I32_XOR', 'I32_AND'],
  ['I32_XOR', 'I32_SHR_U_C'],
  ['I32_SHR_U_C', 'I32_XOR'],
  ['I32_ROTL_C', 'I32_ADD'],
  ['I32_ADD', 'I32_XOR'],
  // keccak-256
  ['I64_XOR', 'I64_XOR'],
  ['I64_XOR', 'I64_ROTL_C'],
  ['I64_XOR_C', 'I64_AND'],
  ['I64_AND', 'I64_XOR'],
  ['I64_ROTL_C', 'I64_XOR'],
  // the hash kernel
  ['I64_ADD', 'I64_ROTL_C'],
  ['I64_MUL_C', 'I64_ADD'],
  ['I64_SHL_C', 'I64_XOR'],
  // sort, matmul, coremix
  ['I32_ADD_C', 'MOVE'],
  ['I32_ADD_C', 'I32_LOAD'],
  ['I32_ADD_C', 'I32_ADD_C'],
  ['I32_ADD_C', 'BR_IF_NE'],
  ['I32_ADD', 'I32_ADD_C'],
  // mandelbrot
  ['F64_MUL', 'F64_ADD'],
  ['F64_SUB', 'F64_ADD'],
  // second round (after the pairs above): sort's loads into compares, matmul's f64 loads
  ['I32_LOAD', 'BR_IF_LT_S'],
  ['I32_LOAD', 'BR_IF_GT_S'],
  ['I32_SHL_C', 'I32_ADD_C'],
  ['F64_LOAD_RR', 'F64_MUL'],
  ['F64_MUL', 'F64_LOAD'],
  // third round (room from run()'s single trap site), 2026-12-03: matmul's inner loop,
  // keccak-256's chi and rho/pi steps, register moves (matmul -5.8%, keccak-256 -3.4%, sort -1.1%,
  // coremix -1.0%, sha256 0; i32.store_c + i32.add_c and i32.load + i32.load, for sort and
  // coremix, then cost matmul +1.5% and were dropped)
  ['F64_LOAD', 'F64_LOAD'],
  ['F64_MUL_ADD', 'F64_ADD'],
  ['I64_XOR', 'MOVE'],
  ['I64_ROTL_C', 'I64_XOR_C'],
  ['MOVE', 'MOVE'],
  // chains of three (a fused pair, then one more op)
  ['FUSED_I32_ADD_I32_XOR', 'I32_ROTL_C'],
  ['FUSED_I32_ROTL_C_I32_ROTL_C', 'I32_XOR'],
  ['FUSED_I32_XOR_I32_ROTL_C', 'I32_XOR'],
  ['FUSED_I64_XOR_I64_XOR', 'I64_XOR'],
  ['FUSED_I32_ADD_I32_ADD', 'I32_XOR'],
  ['FUSED_I32_ADD_I32_ROTL_C', 'I32_ROTL_C'],
  // fourth round (room from the cold stack ops), 2026-12-03: matmul's inner loop, a row element
  // times a column element (f64.load_c, f64.load_rr, f64.mul)
  ['F64_LOAD_C', 'F64_LOAD_RR'],
  ['FUSED_F64_LOAD_C_F64_LOAD_RR', 'F64_MUL'],
  // keccak-256's chi step, a ^ (~b & c) into its lane: i64.xor_c (~b), i64.and, i64.xor, move
  ['FUSED_I64_XOR_C_I64_AND', 'I64_XOR'],
  ['FUSED_I64_XOR_C_I64_AND_I64_XOR', 'MOVE'],
  // blake3's G: add · add · xor · rotl_c
  ['FUSED_I32_ADD_I32_ADD_I32_XOR', 'I32_ROTL_C'],
  // metered loops, 2026-12-04: a counted loop's step and back-edge under a gas schedule (the
  // _LOOP branch forms), as I32_ADD_C + BR_IF_NE is unmetered (callgrind, default schedule:
  // sieve 23.0 M -> 16.2 M instructions per run, matmul -2.1%, coremix and hash 0), and sieve's
  // unmetered step and back-edge (21.5 M -> 15.4 M); room from br_on_cast, now a cold stack op.
  // I32_ADD_C + BR_IF_NE_C_LOOP (metered mandelbrot -1.7%) took run() as vitest loads it past
  // 61,440 bytes (docs/RATIONALE.md "Metered loops")
  ['I32_ADD_C', 'BR_IF_NE_LOOP'],
  ['I32_ADD', 'BR_IF_LT_S_LOOP'],
  ['I32_ADD', 'BR_IF_LT_S'],
];

/**
 * Cold ops: numeric instructions (register and constant forms) whose cases are not in run() but
 * in runCold() (run.ts), reached from run()'s default case by one call: f32 compares, unary ops,
 * min / max / copysign (f32 add, sub, mul and div stay in run()), conversions other than
 * f64.convert_i32_s/u, i64.extend_i32_s/u and i32.wrap_i64, reinterpretations, sign extensions,
 * clz / ctz / popcnt. None is above 0.1% of the dispatches of any bench workload but matmul's
 * f64.convert_i32_s (2.3%, kept in run()). A cold op costs ~130 more instructions than a case of
 * run() (callgrind, a loop of f32.neg: the call spills run()'s live state), so f32 arithmetic, at
 * +300 instructions per loop iteration of two ops when it was cold, went back. Moving these frees
 * the bytecode of the pairs above under the 60 KB that TurboFan optimizes. A cold op's body may
 * read only code, pc, fp and the i32 / f32 / f64 views. The rare stack-based IR ops (tables, bulk
 * memory, memory.grow, the memory64 / multi-memory forms, gas_wide, br_on_cast) are cold too,
 * marked `cold` in ir-ops.ts: they share one case of run() that passes sp and gas through the
 * machine.
 */
export const COLD_OP: RegExp =
  /^(f32\.(eq|ne|lt|gt|le|ge|abs|neg|ceil|floor|trunc|nearest|sqrt|min|max|copysign)$|(i32|i64)\.trunc|f32\.convert|f64\.convert_i64|f32\.demote|f64\.promote|[if](32|64)\.reinterpret|i32\.extend|i64\.extend(8|16|32)_s|(i32|i64)\.(clz|ctz|popcnt))/;
