/**
 * The gas meter's own instruction table (spec §5.4 "Instructions", Wasm 2.0 with SIMD §5.4.8,
 * plus relaxed SIMD from 3.0, which detwasm also executes): for every opcode its mnemonic and how
 * its immediates are laid out, written from the spec's binary-format tables, not from detwasm's
 * decoder, so the meter (test/meter/instrument.ts) reads modules independently of the engine it
 * checks. meter.test.ts compares the mnemonics with detwasm's instruction table only because
 * per-instruction costs are keyed by mnemonic (GasSchedule's weighted costs, in progress): both
 * sides must name an instruction the same way.
 *
 * Opcodes are numbered in one space: a single byte is itself, `0xFC n` is 0x100 + n, `0xFD n` is
 * 0x200 + n (relaxed SIMD's `0xFD 0x100..` lands on 0x300..), `0xFB n` (GC) is 0x400 + n.
 */

/** How the immediates after an opcode are encoded. */
export const Imm = {
  NONE: 0,
  /** blocktype: 0x40, a value type or an s33 type index. */
  BLOCK: 1,
  /** one u32 (label, function, local, global, table, data or element index; ref.null's type byte). */
  U32: 2,
  /** br_table: vec(labelidx) labelidx. */
  BR_TABLE: 3,
  /** two u32 (call_indirect typeidx tableidx, memory.init dataidx memidx, table.init/copy, memory.copy). */
  U32X2: 4,
  /** select t*: vec(valtype). */
  SELECT_T: 5,
  /** memarg: align u32, offset u32. */
  MEMARG: 6,
  /** i32.const: s32. */
  S32: 7,
  /** i64.const: s64. */
  S64: 8,
  /** f32.const: 4 bytes. */
  BYTES4: 9,
  /** f64.const: 8 bytes. */
  BYTES8: 10,
  /** v128.const, i8x16.shuffle: 16 bytes. */
  BYTES16: 11,
  /** a lane index byte. */
  LANE: 12,
  /** memarg then a lane index byte (v128.loadN_lane / storeN_lane). */
  MEMARG_LANE: 13,
  /** try_table: blocktype, then vec(catch): a kind byte (0 catch, 1 catch_ref: tagidx labelidx; 2 catch_all, 3 catch_all_ref: labelidx). */
  TRY_TABLE: 14,
  /** ref.test / ref.cast: a heap type (s33). */
  HEAP: 15,
  /** br_on_cast(_fail): a flags byte, a label u32, two heap types (s33). */
  BR_ON_CAST: 16,
} as const;

/** An immediate kind of {@link Imm}. */
export type ImmKind = (typeof Imm)[keyof typeof Imm];

/** Size of the opcode space. */
export const OPCODE_COUNT = 0x420;

/** Mnemonic of each opcode ('' where none exists). */
export const MNEMONIC: readonly string[] = new Array<string>(OPCODE_COUNT).fill('');

/** Immediate kind of each opcode. */
export const IMMEDIATES: Uint8Array = new Uint8Array(OPCODE_COUNT);

/** Names `names` (space separated; `-` for an unassigned opcode) from `first` on, all with immediates `imm`. */
function run(first: number, imm: ImmKind, names: string): void {
  const list = names.trim().split(/\s+/);
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '-') continue;
    (MNEMONIC as string[])[first + i] = list[i]!;
    IMMEDIATES[first + i] = imm;
  }
}

// Control (§5.4.1) and reference, parametric, variable and table instructions (§5.4.2-5.4.5).
run(0x00, Imm.NONE, 'unreachable nop');
run(0x02, Imm.BLOCK, 'block loop if');
run(0x05, Imm.NONE, 'else');
run(0x0b, Imm.NONE, 'end');
run(0x0c, Imm.U32, 'br br_if');
run(0x0e, Imm.BR_TABLE, 'br_table');
run(0x0f, Imm.NONE, 'return');
run(0x10, Imm.U32, 'call');
run(0x11, Imm.U32X2, 'call_indirect');
run(0x06, Imm.BLOCK, 'try'); // legacy exception handling
run(0x07, Imm.U32, 'catch');
run(0x08, Imm.U32, 'throw'); // exception handling (3.0)
run(0x09, Imm.U32, 'rethrow'); // legacy
run(0x0a, Imm.NONE, 'throw_ref');
run(0x18, Imm.U32, 'delegate'); // legacy
run(0x19, Imm.NONE, 'catch_all'); // legacy
run(0x1f, Imm.TRY_TABLE, 'try_table');
run(0x14, Imm.U32, 'call_ref return_call_ref'); // typed function references (3.0)
run(0xd4, Imm.NONE, 'ref.as_non_null');
run(0xd5, Imm.U32, 'br_on_null br_on_non_null');
run(0x12, Imm.U32, 'return_call'); // tail calls (3.0)
run(0x13, Imm.U32X2, 'return_call_indirect');
run(0x1a, Imm.NONE, 'drop select');
// The spec writes the typed form `select t*`; detwasm's table calls it select_t (costs key on it).
run(0x1c, Imm.SELECT_T, 'select_t');
run(0x20, Imm.U32, 'local.get local.set local.tee global.get global.set table.get table.set');
run(0xd0, Imm.U32, 'ref.null');
run(0xd1, Imm.NONE, 'ref.is_null');
run(0xd2, Imm.U32, 'ref.func');
run(0xd3, Imm.NONE, 'ref.eq'); // GC (3.0)

// 0xFB: GC (3.0 §5.4.x). The spec writes ref.test / ref.cast with a (ref null ht) immediate as
// one mnemonic; detwasm's table names the nullable opcodes ref.test_null / ref.cast_null.
run(0x400, Imm.U32, 'struct.new struct.new_default');
run(0x402, Imm.U32X2, 'struct.get struct.get_s struct.get_u struct.set');
run(0x406, Imm.U32, 'array.new array.new_default');
run(0x408, Imm.U32X2, 'array.new_fixed array.new_data array.new_elem');
run(0x40b, Imm.U32, 'array.get array.get_s array.get_u array.set');
run(0x40f, Imm.NONE, 'array.len');
run(0x410, Imm.U32, 'array.fill');
run(0x411, Imm.U32X2, 'array.copy array.init_data array.init_elem');
run(0x414, Imm.HEAP, 'ref.test ref.test_null ref.cast ref.cast_null');
run(0x418, Imm.BR_ON_CAST, 'br_on_cast br_on_cast_fail');
run(0x41a, Imm.NONE, 'any.convert_extern extern.convert_any ref.i31 i31.get_s i31.get_u');

// Memory instructions (§5.4.6).
run(0x28, Imm.MEMARG, `
  i32.load i64.load f32.load f64.load i32.load8_s i32.load8_u i32.load16_s i32.load16_u
  i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u
  i32.store i64.store f32.store f64.store i32.store8 i32.store16 i64.store8 i64.store16 i64.store32`);
run(0x3f, Imm.U32, 'memory.size memory.grow');

// Numeric instructions (§5.4.7).
run(0x41, Imm.S32, 'i32.const');
run(0x42, Imm.S64, 'i64.const');
run(0x43, Imm.BYTES4, 'f32.const');
run(0x44, Imm.BYTES8, 'f64.const');
run(0x45, Imm.NONE, `
  i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u
  i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u
  f32.eq f32.ne f32.lt f32.gt f32.le f32.ge
  f64.eq f64.ne f64.lt f64.gt f64.le f64.ge
  i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u
  i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr
  i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u
  i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr
  f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt
  f32.add f32.sub f32.mul f32.div f32.min f32.max f32.copysign
  f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt
  f64.add f64.sub f64.mul f64.div f64.min f64.max f64.copysign
  i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
  i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u
  f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64
  f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u f64.promote_f32
  i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32 f64.reinterpret_i64
  i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s`);

// 0xFC: saturating truncation, bulk memory, table instructions.
run(0x100, Imm.NONE, `
  i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
  i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u`);
run(0x108, Imm.U32X2, 'memory.init');
run(0x109, Imm.U32, 'data.drop');
run(0x10a, Imm.U32X2, 'memory.copy');
run(0x10b, Imm.U32, 'memory.fill');
run(0x10c, Imm.U32X2, 'table.init');
run(0x10d, Imm.U32, 'elem.drop');
run(0x10e, Imm.U32X2, 'table.copy');
run(0x10f, Imm.U32, 'table.grow table.size table.fill');

// 0xFD: SIMD (§5.4.8).
run(0x200, Imm.MEMARG, `
  v128.load v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u v128.load32x2_s
  v128.load32x2_u v128.load8_splat v128.load16_splat v128.load32_splat v128.load64_splat v128.store`);
run(0x20c, Imm.BYTES16, 'v128.const i8x16.shuffle');
run(0x20e, Imm.NONE, 'i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat');
run(0x215, Imm.LANE, `
  i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane
  i16x8.extract_lane_s i16x8.extract_lane_u i16x8.replace_lane
  i32x4.extract_lane i32x4.replace_lane i64x2.extract_lane i64x2.replace_lane
  f32x4.extract_lane f32x4.replace_lane f64x2.extract_lane f64x2.replace_lane`);
run(0x223, Imm.NONE, `
  i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u
  i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u
  i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u
  f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge
  f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge
  v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true`);
run(0x254, Imm.MEMARG_LANE, `
  v128.load8_lane v128.load16_lane v128.load32_lane v128.load64_lane
  v128.store8_lane v128.store16_lane v128.store32_lane v128.store64_lane`);
run(0x25c, Imm.MEMARG, 'v128.load32_zero v128.load64_zero');
run(0x25e, Imm.NONE, `
  f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
  i8x16.abs i8x16.neg i8x16.popcnt i8x16.all_true i8x16.bitmask i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u
  f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest
  i8x16.shl i8x16.shr_s i8x16.shr_u i8x16.add i8x16.add_sat_s i8x16.add_sat_u
  i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u f64x2.ceil f64x2.floor
  i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u f64x2.trunc i8x16.avgr_u
  i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u
  i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u
  i16x8.abs i16x8.neg i16x8.q15mulr_sat_s i16x8.all_true i16x8.bitmask i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u
  i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u
  i16x8.shl i16x8.shr_s i16x8.shr_u i16x8.add i16x8.add_sat_s i16x8.add_sat_u
  i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u f64x2.nearest i16x8.mul
  i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u - i16x8.avgr_u
  i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u
  i32x4.abs i32x4.neg - i32x4.all_true i32x4.bitmask - -
  i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u
  i32x4.shl i32x4.shr_s i32x4.shr_u i32x4.add - - i32x4.sub - - - i32x4.mul
  i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s -
  i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u
  i64x2.abs i64x2.neg - i64x2.all_true i64x2.bitmask - -
  i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u
  i64x2.shl i64x2.shr_s i64x2.shr_u i64x2.add - - i64x2.sub - - - i64x2.mul
  i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
  i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u
  f32x4.abs f32x4.neg - f32x4.sqrt f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax
  f64x2.abs f64x2.neg - f64x2.sqrt f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax
  i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u
  i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u`);

// 0xFD 0x100..: relaxed SIMD (Wasm 3.0 §5.4.8).
run(0x300, Imm.NONE, `
  i8x16.relaxed_swizzle i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u
  i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero
  f32x4.relaxed_madd f32x4.relaxed_nmadd f64x2.relaxed_madd f64x2.relaxed_nmadd
  i8x16.relaxed_laneselect i16x8.relaxed_laneselect i32x4.relaxed_laneselect i64x2.relaxed_laneselect
  f32x4.relaxed_min f32x4.relaxed_max f64x2.relaxed_min f64x2.relaxed_max
  i16x8.relaxed_q15mulr_s i16x8.relaxed_dot_i8x16_i7x16_s i32x4.relaxed_dot_i8x16_i7x16_add_s`);
