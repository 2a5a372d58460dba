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
