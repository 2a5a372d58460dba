/**
 * Test generator: the typed instruction tables of WebAssembly 2.0 (without SIMD, see
 * simd-ops.ts) that the module generator draws from, written out from the spec (§5.4
 * "Instructions", opcode bytes; §3.3 typing) independently of src/decoder/opcodes.ts, so a mistake
 * there cannot hide in the oracle.
 *
 * Value types are binary type bytes: i32 0x7f, i64 0x7e, f32 0x7d, f64 0x7c, v128 0x7b, funcref
 * 0x70, externref 0x6f. Opcodes above 0xff are prefixed: 0x100 + n stands for `0xFC n`, 0x200 + n
 * for `0xFD n` (SIMD).
 */

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;

/** A value type byte of the generated subset. */
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128 | typeof FUNCREF | typeof EXTERNREF;

export const NUM_TYPES: readonly ValType[] = [I32, I64, F32, F64];
export const REF_TYPES: readonly ValType[] = [FUNCREF, EXTERNREF];

export function isRef(t: ValType): boolean {
  return t === FUNCREF || t === EXTERNREF;
}

export function typeName(t: ValType): string {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case FUNCREF: return 'funcref';
    default: return 'externref';
  }
}

/** A numeric instruction: opcode (0x100 + n for 0xFC n), operand types, result type. */
export interface NumOp {
  readonly op: number;
  readonly name: string;
  readonly params: readonly ValType[];
  readonly result: ValType;
}

function ops(names: string, first: number, params: readonly ValType[], result: ValType, prefix = ''): NumOp[] {
  return names.split(' ').map((n, i) => ({ op: first + i, name: prefix + n, params, result }));
}

/** Every numeric instruction (0x45..0xc4 and 0xFC 0..7). */
export const NUM_OPS: readonly NumOp[] = [
  ...ops('eqz', 0x45, [I32], I32, 'i32.'),
  ...ops('eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 0x46, [I32, I32], I32, 'i32.'),
  ...ops('eqz', 0x50, [I64], I32, 'i64.'),
  ...ops('eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 0x51, [I64, I64], I32, 'i64.'),
  ...ops('eq ne lt gt le ge', 0x5b, [F32, F32], I32, 'f32.'),
  ...ops('eq ne lt gt le ge', 0x61, [F64, F64], I32, 'f64.'),
  ...ops('clz ctz popcnt', 0x67, [I32], I32, 'i32.'),
  ...ops('add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr', 0x6a, [I32, I32], I32, 'i32.'),
  ...ops('clz ctz popcnt', 0x79, [I64], I64, 'i64.'),
  ...ops('add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr', 0x7c, [I64, I64], I64, 'i64.'),
  ...ops('abs neg ceil floor trunc nearest sqrt', 0x8b, [F32], F32, 'f32.'),
  ...ops('add sub mul div min max copysign', 0x92, [F32, F32], F32, 'f32.'),
  ...ops('abs neg ceil floor trunc nearest sqrt', 0x99, [F64], F64, 'f64.'),
  ...ops('add sub mul div min max copysign', 0xa0, [F64, F64], F64, 'f64.'),
  { op: 0xa7, name: 'i32.wrap_i64', params: [I64], result: I32 },
  ...ops('trunc_f32_s trunc_f32_u', 0xa8, [F32], I32, 'i32.'),
  ...ops('trunc_f64_s trunc_f64_u', 0xaa, [F64], I32, 'i32.'),
  ...ops('extend_i32_s extend_i32_u', 0xac, [I32], I64, 'i64.'),
  ...ops('trunc_f32_s trunc_f32_u', 0xae, [F32], I64, 'i64.'),
  ...ops('trunc_f64_s trunc_f64_u', 0xb0, [F64], I64, 'i64.'),
  ...ops('convert_i32_s convert_i32_u', 0xb2, [I32], F32, 'f32.'),
  ...ops('convert_i64_s convert_i64_u', 0xb4, [I64], F32, 'f32.'),
  { op: 0xb6, name: 'f32.demote_f64', params: [F64], result: F32 },
  ...ops('convert_i32_s convert_i32_u', 0xb7, [I32], F64, 'f64.'),
  ...ops('convert_i64_s convert_i64_u', 0xb9, [I64], F64, 'f64.'),
  { op: 0xbb, name: 'f64.promote_f32', params: [F32], result: F64 },
  { op: 0xbc, name: 'i32.reinterpret_f32', params: [F32], result: I32 },
  { op: 0xbd, name: 'i64.reinterpret_f64', params: [F64], result: I64 },
  { op: 0xbe, name: 'f32.reinterpret_i32', params: [I32], result: F32 },
  { op: 0xbf, name: 'f64.reinterpret_i64', params: [I64], result: F64 },
  ...ops('extend8_s extend16_s', 0xc0, [I32], I32, 'i32.'),
  ...ops('extend8_s extend16_s extend32_s', 0xc2, [I64], I64, 'i64.'),
  ...ops('trunc_sat_f32_s trunc_sat_f32_u', 0x100, [F32], I32, 'i32.'),
  ...ops('trunc_sat_f64_s trunc_sat_f64_u', 0x102, [F64], I32, 'i32.'),
  ...ops('trunc_sat_f32_s trunc_sat_f32_u', 0x104, [F32], I64, 'i64.'),
  ...ops('trunc_sat_f64_s trunc_sat_f64_u', 0x106, [F64], I64, 'i64.'),
];

/**
 * Ops whose result exposes the bits of a float operand to integer code: their float operand must
 * be NaN-canonicalised first (see module-gen.ts, "NaN"). copysign reads its second operand's sign.
 */
export const FLOAT_BITS_ESCAPE: ReadonlySet<number> = new Set([0xbc, 0xbd, 0x98, 0xa6]);

/**
 * The operands a trapping truncation accepts (spec §4.3.3 `trunc`: it traps on NaN and where the
 * truncated value is out of the result's range): exactly the x with `lo < x < hi`, both bounds
 * exclusive and exact in the operand type (the first float below the smallest valid operand, and
 * 2^N). A guarded truncation tests the operand against them (module-gen.ts, guardTruncation).
 */
export interface TruncRange {
  readonly lo: number;
  readonly hi: number;
}

export const TRUNC_RANGES: ReadonlyMap<number, TruncRange> = new Map([
  [0xa8, { lo: -(2 ** 31 + 2 ** 8), hi: 2 ** 31 }], // i32.trunc_f32_s: the f32 below -2^31
  [0xa9, { lo: -1, hi: 2 ** 32 }], // i32.trunc_f32_u
  [0xaa, { lo: -(2 ** 31 + 1), hi: 2 ** 31 }], // i32.trunc_f64_s: -2^31 - 0.5 truncates to -2^31
  [0xab, { lo: -1, hi: 2 ** 32 }], // i32.trunc_f64_u
  [0xae, { lo: -(2 ** 63 + 2 ** 40), hi: 2 ** 63 }], // i64.trunc_f32_s: the f32 below -2^63
  [0xaf, { lo: -1, hi: 2 ** 64 }], // i64.trunc_f32_u
  [0xb0, { lo: -(2 ** 63 + 2 ** 11), hi: 2 ** 63 }], // i64.trunc_f64_s: the f64 below -2^63
  [0xb1, { lo: -1, hi: 2 ** 64 }], // i64.trunc_f64_u
]);

/** Numeric ops by result type (for expressions) and by (first) operand type. */
export const OPS_BY_RESULT: ReadonlyMap<ValType, readonly NumOp[]> = groupBy((o) => o.result);

function groupBy(key: (o: NumOp) => ValType): Map<ValType, NumOp[]> {
  const m = new Map<ValType, NumOp[]>();
  for (const o of NUM_OPS) {
    const k = key(o);
    let list = m.get(k);
    if (list === undefined) m.set(k, (list = []));
    list.push(o);
  }
  return m;
}

/** A load: opcode, result type, access width in bytes (natural alignment = log2 of it). */
export interface MemOp {
  readonly op: number;
  readonly name: string;
  readonly type: ValType;
  readonly bytes: number;
}

export const LOADS: readonly MemOp[] = [
  { op: 0x28, name: 'i32.load', type: I32, bytes: 4 },
  { op: 0x29, name: 'i64.load', type: I64, bytes: 8 },
  { op: 0x2a, name: 'f32.load', type: F32, bytes: 4 },
  { op: 0x2b, name: 'f64.load', type: F64, bytes: 8 },
  { op: 0x2c, name: 'i32.load8_s', type: I32, bytes: 1 },
  { op: 0x2d, name: 'i32.load8_u', type: I32, bytes: 1 },
  { op: 0x2e, name: 'i32.load16_s', type: I32, bytes: 2 },
  { op: 0x2f, name: 'i32.load16_u', type: I32, bytes: 2 },
  { op: 0x30, name: 'i64.load8_s', type: I64, bytes: 1 },
  { op: 0x31, name: 'i64.load8_u', type: I64, bytes: 1 },
  { op: 0x32, name: 'i64.load16_s', type: I64, bytes: 2 },
  { op: 0x33, name: 'i64.load16_u', type: I64, bytes: 2 },
  { op: 0x34, name: 'i64.load32_s', type: I64, bytes: 4 },
  { op: 0x35, name: 'i64.load32_u', type: I64, bytes: 4 },
];

export const STORES: readonly MemOp[] = [
  { op: 0x36, name: 'i32.store', type: I32, bytes: 4 },
  { op: 0x37, name: 'i64.store', type: I64, bytes: 8 },
  { op: 0x38, name: 'f32.store', type: F32, bytes: 4 },
  { op: 0x39, name: 'f64.store', type: F64, bytes: 8 },
  { op: 0x3a, name: 'i32.store8', type: I32, bytes: 1 },
  { op: 0x3b, name: 'i32.store16', type: I32, bytes: 2 },
  { op: 0x3c, name: 'i64.store8', type: I64, bytes: 1 },
  { op: 0x3d, name: 'i64.store16', type: I64, bytes: 2 },
  { op: 0x3e, name: 'i64.store32', type: I64, bytes: 4 },
];

/** Interesting i32 values (edges of signed/unsigned ranges, shift counts, page edges). */
export const I32_EDGES: readonly number[] = [
  0, 1, -1, 2, -2, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
  0x10000, 0x10001, 0x1fffc, 0x7fffffff, -0x80000000, -0x7fffffff, 0x40000000, -65536, 65532, 65535,
];

/** Interesting i64 values. */
export const I64_EDGES: readonly bigint[] = [
  0n, 1n, -1n, 2n, 63n, 64n, 65n, 0x7fn, 0x80n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  -0x80000000n, -0x80000001n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x0123456789abcdefn, -0x100000000n,
  // Conversions to float: ties after a first rounding to f64 (i64 -> f64 -> f32 double rounding
  // goes wrong on these), and the round-half-even ties of i64 -> f64 just above 2^53.
  0x4000004000000001n, -0x4000004000000001n, -0x7fffff7fffffffffn, 0x20000000000001n, 0x20000000000003n,
  -0x20000000000001n, 0x7ffffffffffffdffn, 0x0000010000010001n,
];

/** Interesting f32 bit patterns: zeros, ones, ties, infinities, NaNs (quiet, signaling, payloads),
 * subnormals, and the truncation edges around ±2^31, 2^32, ±2^63, 2^64. */
export const F32_EDGES: readonly number[] = [
  0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000, 0xc0200000,
  0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fa00000, 0x7f800001, 0xff812345, 0x7fffffff,
  0x00000001, 0x007fffff, 0x00800000, 0x80000001, 0x7f7fffff, 0xff7fffff, 0x4f000000, 0xcf000000, 0x4effffff,
  0xcf000001, 0x4f800000, 0x4f7fffff, 0x5f000000, 0xdf000000, 0x5effffff, 0xdf000001, 0x5f800000, 0x5f7fffff,
  0xbf7fffff, 0x3effffff, 0x4b000001, 0x4b800000, 0x40490fdb,
];

/** Interesting f64 bit patterns (same families as {@link F32_EDGES}). */
export const F64_EDGES: readonly bigint[] = [
  0x0000000000000000n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, 0x3fe0000000000000n,
  0xbfe0000000000000n, 0x3ff8000000000000n, 0x4004000000000000n, 0xc004000000000000n, 0x7ff0000000000000n,
  0xfff0000000000000n, 0x7ff8000000000000n, 0xfff8000000000000n, 0x7ff4000000000000n, 0x7ff0000000000001n,
  0xfff8000000012345n, 0x0000000000000001n, 0x000fffffffffffffn, 0x0010000000000000n, 0x7fefffffffffffffn,
  0xffefffffffffffffn, 0x41dfffffffc00000n, 0x41e0000000000000n, 0xc1e0000000000000n, 0xc1e0000000200000n,
  0xc1dfffffffc00000n, 0x41efffffffe00000n, 0x41f0000000000000n, 0x43e0000000000000n, 0xc3e0000000000000n,
  0x43dfffffffffffffn, 0xc3e0000000000001n, 0x43f0000000000000n, 0x43efffffffffffffn, 0xbfefffffffffffffn,
  0x3fdfffffffffffffn, 0x4330000000000001n, 0x4340000000000000n, 0x400921fb54442d18n, 0x36a0000000000000n,
];
