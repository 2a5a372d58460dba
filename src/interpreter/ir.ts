/**
 * The internal code (IR) that the translator (lower.ts) produces and the dispatch loop (run.ts)
 * executes: one Int32Array per function, each instruction an opcode word followed by its
 * immediates. Branch targets are absolute offsets into that array; branches that must move
 * results carry the target height and the number of words to keep, so nothing searches for labels
 * at run time.
 *
 * Value-stack layout (run.ts): one ArrayBuffer of 64-bit slots viewed as Int32Array words; a slot
 * is two words (an i32 or f32 in the low word, an i64 as lo/hi, an f64 as one Float64 element).
 * A v128 takes two slots (four words), so SIMD needs no new layout. Heights, local offsets and
 * arities in the IR are all in words. References live in a parallel JS array indexed by slot.
 *
 * Numbering: numeric instructions (0x45-0xc4) and memory accesses (0x28-0x3e) keep their wasm
 * opcode, so the table below only names the ops that differ from wasm. run.ts uses numeric
 * literal case labels (a V8 jump table needs literals; see STYLE.md) and a test checks each of
 * them against this file.
 */

/** trap "unreachable". */
export const UNREACHABLE = 0x00;
/** JUMP target: pc = target. */
export const JUMP = 0x02;
/** IF_FALSE target: pop i32; if zero pc = target. */
export const IF_FALSE = 0x04;
/** BR_ADJUST target height arity: keep the top `arity` words at fp+height, then jump. */
export const BR_ADJUST = 0x05;
/** BR_IF target: pop i32; if non-zero jump. */
export const BR_IF = 0x06;
/** BR_IF_ADJUST target height arity: pop i32; if non-zero adjust as BR_ADJUST and jump. */
export const BR_IF_ADJUST = 0x07;
/** BR_TABLE count arity (target height) x (count + 1): pop i32 index; the last entry is the default. */
export const BR_TABLE = 0x08;
/** RETURN arity: move the top `arity` words to fp and return to the caller. */
export const RETURN = 0x09;
/** CALL funcIdx. */
export const CALL = 0x0a;
/** CALL_INDIRECT typeId tableIdx: pop i32 element index. */
export const CALL_INDIRECT = 0x0b;
/** DROP n: sp -= n words. */
export const DROP = 0x0c;
/** SELECT: [a b c:i32] -> [c ? a : b], one slot values. */
export const SELECT = 0x0e;
/** SELECT_V128: same with two-slot values. */
export const SELECT_V128 = 0x0f;
/** SELECT_REF: same with references. */
export const SELECT_REF = 0x10;
/** LOCAL_GET off / LOCAL_SET off / LOCAL_TEE off: one-slot numeric local at fp+off. */
export const LOCAL_GET = 0x11;
export const LOCAL_SET = 0x12;
export const LOCAL_TEE = 0x13;
/** Reference-typed locals. */
export const LOCAL_GET_REF = 0x14;
export const LOCAL_SET_REF = 0x15;
export const LOCAL_TEE_REF = 0x16;
/** v128 locals (two slots). */
export const LOCAL_GET_V128 = 0x17;
export const LOCAL_SET_V128 = 0x18;
export const LOCAL_TEE_V128 = 0x19;
/** GLOBAL_GET idx / GLOBAL_SET idx (numeric), and the reference-typed forms. */
export const GLOBAL_GET = 0x1a;
export const GLOBAL_SET = 0x1b;
export const GLOBAL_GET_REF = 0x1c;
export const GLOBAL_SET_REF = 0x1d;
/** TABLE_GET tableIdx / TABLE_SET tableIdx. */
export const TABLE_GET = 0x1e;
export const TABLE_SET = 0x1f;
/** CONST32 bits: push an i32 or the bits of an f32. */
export const CONST32 = 0x20;
/** CONST64 lo hi: push an i64 or the bits of an f64. */
export const CONST64 = 0x21;
/** REF_NULL: push null. REF_FUNC funcIdx: push the function. REF_IS_NULL: [ref] -> [i32]. */
export const REF_NULL = 0x22;
export const REF_FUNC = 0x23;
export const REF_IS_NULL = 0x24;
/** MEMORY_SIZE / MEMORY_GROW (memory 0). */
export const MEMORY_SIZE = 0x25;
export const MEMORY_GROW = 0x26;
/** GAS cost: charge `cost`; out of gas traps. At function entry and loop headers (see lower.ts). */
export const GAS = 0x27;
/** GLOBAL_GET_V128 / GLOBAL_SET_V128 idx. */
export const GLOBAL_GET_V128 = 0x40;
export const GLOBAL_SET_V128 = 0x41;
/** CONST128 w0 w1 w2 w3. */
export const CONST128 = 0x42;
/** Saturating truncations: 0xc5 + (n) for 0xFC n, n = 0..7. */
export const TRUNC_SAT_BASE = 0xc5;
/** Bulk memory and table ops (immediates as in wasm). */
export const MEMORY_INIT = 0xcd;
export const DATA_DROP = 0xce;
export const MEMORY_COPY = 0xcf;
export const MEMORY_FILL = 0xd0;
export const TABLE_INIT = 0xd1;
export const ELEM_DROP = 0xd2;
export const TABLE_COPY = 0xd3;
export const TABLE_GROW = 0xd4;
export const TABLE_SIZE = 0xd5;
export const TABLE_FILL = 0xd6;
/** SIMD (not executed yet): SIMD op wasmSubOp ... traps as unsupported. */
export const SIMD = 0xd7;

/**
 * Fused i32 binary ops whose second operand is a local (`_L off`) or a constant (`_C value`):
 * `local.get x; i32.add` and `i32.const c; i32.add` become one dispatch (the pair is a third of
 * all dispatches in the bench workloads). Only fused inside a straight-line run, never across a
 * label, so no branch can land between the two.
 */
export const I32_ADD_L = 0xd8;
export const I32_SUB_L = 0xd9;
export const I32_MUL_L = 0xda;
export const I32_AND_L = 0xdb;
export const I32_OR_L = 0xdc;
export const I32_XOR_L = 0xdd;
export const I32_SHL_L = 0xde;
export const I32_SHR_S_L = 0xdf;
export const I32_SHR_U_L = 0xe0;
export const I32_EQ_L = 0xe1;
export const I32_NE_L = 0xe2;
export const I32_LT_S_L = 0xe3;
export const I32_LT_U_L = 0xe4;
export const I32_GT_S_L = 0xe5;
export const I32_GT_U_L = 0xe6;
export const I32_LE_S_L = 0xe7;
export const I32_LE_U_L = 0xe8;
export const I32_GE_S_L = 0xe9;
export const I32_GE_U_L = 0xea;
export const I32_ADD_C = 0xeb;
export const I32_SUB_C = 0xec;
export const I32_MUL_C = 0xed;
export const I32_AND_C = 0xee;
export const I32_OR_C = 0xef;
export const I32_XOR_C = 0xf0;
export const I32_SHL_C = 0xf1;
export const I32_SHR_S_C = 0xf2;
export const I32_SHR_U_C = 0xf3;
export const I32_EQ_C = 0xf4;
export const I32_NE_C = 0xf5;
export const I32_LT_S_C = 0xf6;
export const I32_LT_U_C = 0xf7;
export const I32_GT_S_C = 0xf8;
export const I32_GT_U_C = 0xf9;
export const I32_LE_S_C = 0xfa;
export const I32_LE_U_C = 0xfb;
export const I32_GE_S_C = 0xfc;
export const I32_GE_U_C = 0xfd;
/** Wasm opcodes of the fusable binary ops, in the order of the _L / _C constants. */
export const FUSABLE_I32_BINOPS: readonly number[] = [0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f];
/** First _L and _C op numbers. */
export const I32_BINOP_L_BASE = 0xd8;
export const I32_BINOP_C_BASE = 0xeb;
/** LOCAL_GET2 a b: push two one-slot locals. */
export const LOCAL_GET2 = 0xfe;
/** I32_ADD_LC off c: push local + c (address and counter arithmetic). */
export const I32_ADD_LC = 0xff;

/**
 * More fused ops (each pair below was one of the most executed pairs in the bench workloads):
 * moves between locals, `local.get x; i32.const c; i32.add; local.set/tee y`, loads whose address
 * is a local, and a compare (or eqz) followed by br_if.
 */
/** LOCAL_COPY from to: local.get from; local.set to (one-slot locals). */
export const LOCAL_COPY = 0x100;
/** I32_ADD_LC_SET x c y: local y = local x + c. */
export const I32_ADD_LC_SET = 0x101;
/** I32_ADD_LC_TEE x c y: local y = local x + c, and push it. */
export const I32_ADD_LC_TEE = 0x102;
/** i32.load_l x offset: i32.load from the address in local x. */
export const I32_LOAD_L = 0x103;
/** i64.load_l x offset: i64.load from the address in local x. */
export const I64_LOAD_L = 0x104;
/** f64.load_l x offset: f64.load from the address in local x. */
export const F64_LOAD_L = 0x105;
/** BR_IF_EQZ target: pop i32; jump if zero (i32.eqz; br_if). */
export const BR_IF_EQZ = 0x106;
/** BR_IF_<cmp> target: pop b, a; jump if a <cmp> b (compare; br_if). */
export const BR_IF_EQ = 0x107;
export const BR_IF_NE = 0x108;
export const BR_IF_LT_S = 0x109;
export const BR_IF_LT_U = 0x10a;
export const BR_IF_GT_S = 0x10b;
export const BR_IF_GT_U = 0x10c;
export const BR_IF_LE_S = 0x10d;
export const BR_IF_LE_U = 0x10e;
export const BR_IF_GE_S = 0x10f;
export const BR_IF_GE_U = 0x110;
/** BR_IF_<cmp>_L off target: pop a; jump if a <cmp> local (compare_l; br_if). */
export const BR_IF_EQ_L = 0x111;
export const BR_IF_NE_L = 0x112;
export const BR_IF_LT_S_L = 0x113;
export const BR_IF_LT_U_L = 0x114;
export const BR_IF_GT_S_L = 0x115;
export const BR_IF_GT_U_L = 0x116;
export const BR_IF_LE_S_L = 0x117;
export const BR_IF_LE_U_L = 0x118;
export const BR_IF_GE_S_L = 0x119;
export const BR_IF_GE_U_L = 0x11a;
/** Wasm opcodes of the compares that fuse with br_if, in the order of BR_IF_<cmp>. */
export const FUSABLE_COMPARES: readonly number[] = [0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f];
export const BR_IF_CMP_BASE = 0x107;
export const BR_IF_CMP_L_BASE = 0x111;

/**
 * Loads whose address is `local + constant` (`local.get x; i32.const c; i32.add; <load> off`):
 * the effective address is ((local + c) mod 2^32) + off, exactly as the three instructions compute
 * it. And f64 add / sub / mul whose second operand is a local.
 */
export const I32_LOAD_LC = 0x11b;
export const I32_LOAD8_U_LC = 0x11c;
export const I64_LOAD_LC = 0x11d;
export const F64_LOAD_LC = 0x11e;
export const F64_ADD_L = 0x11f;
export const F64_SUB_L = 0x120;
export const F64_MUL_L = 0x121;
/** Wasm load opcodes with a _LC form, and their op numbers. */
export const LC_LOADS: readonly (readonly [number, number])[] = [[0x28, 0x11b], [0x2d, 0x11c], [0x29, 0x11d], [0x2b, 0x11e]];
/** Wasm f64 binary opcodes with an _L form, and their op numbers. */
export const F64_L_OPS: readonly (readonly [number, number])[] = [[0xa0, 0x11f], [0xa1, 0x120], [0xa2, 0x121]];

/**
 * `local.get x; i32.const c; <binop>` as one op (`_LC x c`, pushes the result; add is
 * I32_ADD_LC above), and `i32.const c; <compare>; br_if` as BR_IF_<cmp>_C c target.
 */
export const I32_SUB_LC = 0x122;
export const I32_MUL_LC = 0x123;
export const I32_AND_LC = 0x124;
export const I32_OR_LC = 0x125;
export const I32_XOR_LC = 0x126;
export const I32_SHL_LC = 0x127;
export const I32_SHR_S_LC = 0x128;
export const I32_SHR_U_LC = 0x129;
export const I32_EQ_LC = 0x12a;
export const I32_NE_LC = 0x12b;
export const I32_LT_S_LC = 0x12c;
export const I32_LT_U_LC = 0x12d;
export const I32_GT_S_LC = 0x12e;
export const I32_GT_U_LC = 0x12f;
export const I32_LE_S_LC = 0x130;
export const I32_LE_U_LC = 0x131;
export const I32_GE_S_LC = 0x132;
export const I32_GE_U_LC = 0x133;
export const BR_IF_EQ_C = 0x134;
export const BR_IF_NE_C = 0x135;
export const BR_IF_LT_S_C = 0x136;
export const BR_IF_LT_U_C = 0x137;
export const BR_IF_GT_S_C = 0x138;
export const BR_IF_GT_U_C = 0x139;
export const BR_IF_LE_S_C = 0x13a;
export const BR_IF_LE_U_C = 0x13b;
export const BR_IF_GE_S_C = 0x13c;
export const BR_IF_GE_U_C = 0x13d;
export const BR_IF_CMP_C_BASE = 0x134;
/** The _LC op of each fusable binop (same order as FUSABLE_I32_BINOPS; add is I32_ADD_LC). */
export const I32_BINOP_LC_OPS: readonly number[] = [I32_ADD_LC, 0x122, 0x123, 0x124, 0x125, 0x126, 0x127, 0x128, 0x129, 0x12a, 0x12b, 0x12c, 0x12d, 0x12e, 0x12f, 0x130, 0x131, 0x132, 0x133];
/** I32_ADD_LL a b: push local a + local b (`local.get a; local.get b; i32.add`). */
export const I32_ADD_LL = 0x13e;
