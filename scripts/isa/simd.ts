/**
 * The semantic body of every SIMD instruction (spec §4.3 "Numerics" on lanes, §4.4.3 vector
 * instructions) and of every relaxed SIMD instruction with the one result the 3.0 deterministic
 * profile fixes (spec §4.3.4 "Relaxed operations": every relaxed(R) parameter is 0, the first
 * alternative), written once. scripts/gen.ts turns each into a case of src/interpreter/simd.ts.
 *
 * A body computes on a 64-byte scratch buffer: the v128 operands in order are A, B, C (bytes
 * 0, 16, 32) and the v128 result is R (byte 48), copied out after the body; working through the
 * scratch makes every op safe when its result register is also an operand's. Lane accessors, by
 * operand and lane type: `A8[k]` (i8), `Au8[k]` (u8), `A16`, `Au16`, `A32`, `Au32`, `Af32`, `Af64`,
 * and the same for B, C and R (the generator maps them onto views of the scratch, little-endian
 * lane order as on every host detwasm supports). Also available:
 * - scalar operands: an i32 or f32 (its bits) `x`; an i64 or f64 (its bit halves) `xl`, `xh`;
 * - `rd`, the result register, for bodies with a scalar result (they write `i32[rd]` themselves);
 * - `a` (the checked byte address), `view`, `bytes` in memory instructions (`bytes:` below gives
 *   the access width); `lane` (the lane immediate); `IMM[k]` (immediate word k after the lane or
 *   offset immediates: the 16 lane indexes of a shuffle);
 * - `rf32(k, x)` / `rf64(k, x)` write an arithmetic float result into lane k of R, the canonical
 *   NaN if x is a NaN; `copyAR()` copies A into R; `sat8s`, `sat8u`, `sat16s`, `sat16u` saturate;
 *   helpers of numeric.ts (named in `uses`).
 * Moves (bitwise ops, lane moves, abs / neg / copysign-like bit ops, pmin / pmax, loads, stores)
 * move bits as int32 words, so NaN payloads survive.
 */

export interface SimdSemantics {
  readonly body: string;
  /** Memory instructions: bytes accessed (the bounds check). */
  readonly bytes?: number;
  /** Helpers of numeric.ts the body calls. */
  readonly uses?: readonly string[];
}

const lanes = (n: number, stmt: string): string => `for (let k = 0; k < ${n}; k++) ${stmt}`;
const body = (b: string, uses?: readonly string[]): SimdSemantics => (uses === undefined ? { body: b } : { body: b, uses });

interface IntShape {
  readonly name: string;
  readonly n: number;
  /** Signed / unsigned lane accessor suffix. */
  readonly s: string;
  readonly u: string;
  readonly bits: number;
}
const I8: IntShape = { name: 'i8x16', n: 16, s: '8', u: 'u8', bits: 8 };
const I16: IntShape = { name: 'i16x8', n: 8, s: '16', u: 'u16', bits: 16 };
const I32: IntShape = { name: 'i32x4', n: 4, s: '32', u: 'u32', bits: 32 };

const out: Record<string, SimdSemantics> = {};
const def = (name: string, s: SimdSemantics): void => {
  if (out[name] !== undefined) throw new Error(`simd.ts: ${name} twice`);
  out[name] = s;
};

// ---- lane-wise integer ops of i8x16 / i16x8 / i32x4 (typed-array stores wrap mod 2^N)
for (const sh of [I8, I16, I32]) {
  const { name, n, s, u } = sh;
  const bin = (op: string, expr: string): void => def(`${name}.${op}`, body(lanes(n, `R${s}[k] = ${expr};`)));
  bin('add', `A${s}[k] + B${s}[k]`);
  bin('sub', `A${s}[k] - B${s}[k]`);
  bin('eq', `A${s}[k] === B${s}[k] ? -1 : 0`);
  bin('ne', `A${s}[k] !== B${s}[k] ? -1 : 0`);
  bin('lt_s', `A${s}[k] < B${s}[k] ? -1 : 0`);
  bin('lt_u', `A${u}[k] < B${u}[k] ? -1 : 0`);
  bin('gt_s', `A${s}[k] > B${s}[k] ? -1 : 0`);
  bin('gt_u', `A${u}[k] > B${u}[k] ? -1 : 0`);
  bin('le_s', `A${s}[k] <= B${s}[k] ? -1 : 0`);
  bin('le_u', `A${u}[k] <= B${u}[k] ? -1 : 0`);
  bin('ge_s', `A${s}[k] >= B${s}[k] ? -1 : 0`);
  bin('ge_u', `A${u}[k] >= B${u}[k] ? -1 : 0`);
  bin('min_s', `A${s}[k] < B${s}[k] ? A${s}[k] : B${s}[k]`);
  bin('min_u', `A${u}[k] < B${u}[k] ? A${u}[k] : B${u}[k]`);
  bin('max_s', `A${s}[k] > B${s}[k] ? A${s}[k] : B${s}[k]`);
  bin('max_u', `A${u}[k] > B${u}[k] ? A${u}[k] : B${u}[k]`);
  // Shift counts are taken mod the lane width (spec ishl_N: i2 mod N).
  const mask = sh.bits - 1;
  def(`${name}.shl`, body(lanes(n, `R${s}[k] = A${s}[k] << (x & ${mask});`)));
  def(`${name}.shr_s`, body(lanes(n, `R${s}[k] = A${s}[k] >> (x & ${mask});`)));
  def(`${name}.shr_u`, body(lanes(n, `R${s}[k] = A${u}[k] >>> (x & ${mask});`)));
  // -(-2^(N-1)) wraps to itself on the store, as iabs / ineg do.
  def(`${name}.abs`, body(lanes(n, `R${s}[k] = A${s}[k] < 0 ? -A${s}[k] : A${s}[k];`)));
  def(`${name}.neg`, body(lanes(n, `R${s}[k] = -A${s}[k];`)));
  def(`${name}.all_true`, body(`let t = 1;\n${lanes(n, `if (A${s}[k] === 0) t = 0;`)}\ni32[rd] = t;`));
  def(`${name}.bitmask`, body(`let t = 0;\n${lanes(n, `if (A${s}[k] < 0) t |= 1 << k;`)}\ni32[rd] = t;`));
  def(`${name}.splat`, body(lanes(n, `R${s}[k] = x;`)));
}
for (const sh of [I8, I16]) {
  const { name, n, s, u, bits } = sh;
  const bin = (op: string, expr: string): void => def(`${name}.${op}`, body(lanes(n, `R${s}[k] = ${expr};`)));
  bin('add_sat_s', `sat${bits}s(A${s}[k] + B${s}[k])`);
  bin('add_sat_u', `sat${bits}u(A${u}[k] + B${u}[k])`);
  bin('sub_sat_s', `sat${bits}s(A${s}[k] - B${s}[k])`);
  bin('sub_sat_u', `sat${bits}u(A${u}[k] - B${u}[k])`);
  bin('avgr_u', `(A${u}[k] + B${u}[k] + 1) >>> 1`);
}
def('i16x8.mul', body(lanes(8, 'R16[k] = Math.imul(A16[k], B16[k]);')));
def('i32x4.mul', body(lanes(4, 'R32[k] = Math.imul(A32[k], B32[k]);')));
def('i8x16.popcnt', body(lanes(16, 'R8[k] = i32Popcnt(Au8[k]);'), ['i32Popcnt']));
// (a * b + 2^14) >> 15, saturated: only -2^15 * -2^15 overflows (spec iq15mulrsat_s).
def('i16x8.q15mulr_sat_s', body(lanes(8, 'R16[k] = sat16s((A16[k] * B16[k] + 0x4000) >> 15);')));
def('i32x4.dot_i16x8_s', body(lanes(4, 'R32[k] = A16[2 * k] * B16[2 * k] + A16[2 * k + 1] * B16[2 * k + 1];')));

// ---- narrowing, widening, extended multiply, pairwise add
def('i8x16.narrow_i16x8_s', body(lanes(8, 'R8[k] = sat8s(A16[k]);\n') + lanes(8, 'R8[8 + k] = sat8s(B16[k]);')));
def('i8x16.narrow_i16x8_u', body(lanes(8, 'R8[k] = sat8u(A16[k]);\n') + lanes(8, 'R8[8 + k] = sat8u(B16[k]);')));
def('i16x8.narrow_i32x4_s', body(lanes(4, 'R16[k] = sat16s(A32[k]);\n') + lanes(4, 'R16[4 + k] = sat16s(B32[k]);')));
def('i16x8.narrow_i32x4_u', body(lanes(4, 'R16[k] = sat16u(A32[k]);\n') + lanes(4, 'R16[4 + k] = sat16u(B32[k]);')));
for (const [wide, narrow] of [[I16, I8], [I32, I16]] as const) {
  const m = wide.n;
  for (const [half, at] of [['low', ''], ['high', `${m} + `]] as const) {
    for (const sign of ['s', 'u'] as const) {
      const acc = sign === 's' ? narrow.s : narrow.u;
      const src = `${narrow.name}_${sign}`;
      def(`${wide.name}.extend_${half}_${src}`, body(lanes(m, `R${wide.s}[k] = A${acc}[${at}k];`)));
      def(`${wide.name}.extmul_${half}_${src}`, body(lanes(m, `R${wide.s}[k] = A${acc}[${at}k] * B${acc}[${at}k];`)));
    }
  }
  for (const sign of ['s', 'u'] as const) {
    const acc = sign === 's' ? narrow.s : narrow.u;
    def(`${wide.name}.extadd_pairwise_${narrow.name}_${sign}`,
      body(lanes(m, `R${wide.s}[k] = A${acc}[2 * k] + A${acc}[2 * k + 1];`)));
  }
}
for (const [half, at] of [['low', ''], ['high', '2 + ']] as const) {
  def(`i64x2.extend_${half}_i32x4_s`, body(lanes(2, `{\n  const v = A32[${at}k];\n  R32[2 * k] = v;\n  R32[2 * k + 1] = v >> 31;\n}`)));
  def(`i64x2.extend_${half}_i32x4_u`, body(lanes(2, `{\n  R32[2 * k] = A32[${at}k];\n  R32[2 * k + 1] = 0;\n}`)));
  def(`i64x2.extmul_${half}_i32x4_s`,
    body(lanes(2, `i64Mul(S32, 12 + 2 * k, A32[${at}k], A32[${at}k] >> 31, B32[${at}k], B32[${at}k] >> 31);`), ['i64Mul']));
  def(`i64x2.extmul_${half}_i32x4_u`, body(lanes(2, `i64Mul(S32, 12 + 2 * k, A32[${at}k], 0, B32[${at}k], 0);`), ['i64Mul']));
}

// ---- i64x2 on int32 halves (lane k: words 2k, 2k + 1)
const lo = (v: string): string => `${v}32[2 * k]`;
const hi = (v: string): string => `${v}32[2 * k + 1]`;
def('i64x2.add', body(lanes(2, `{\n  const t = (${lo('A')} >>> 0) + (${lo('B')} >>> 0);\n  ${hi('R')} = ${hi('A')} + ${hi('B')} + (t > 0xffffffff ? 1 : 0);\n  ${lo('R')} = t;\n}`)));
def('i64x2.sub', body(lanes(2, `{\n  const t = (${lo('A')} >>> 0) - (${lo('B')} >>> 0);\n  ${hi('R')} = ${hi('A')} - ${hi('B')} - (t < 0 ? 1 : 0);\n  ${lo('R')} = t;\n}`)));
def('i64x2.mul', body(lanes(2, `i64Mul(S32, 12 + 2 * k, ${lo('A')}, ${hi('A')}, ${lo('B')}, ${hi('B')});`), ['i64Mul']));
const NEG = `{\n  const l = ${lo('A')};\n  ${lo('R')} = -l;\n  ${hi('R')} = ~${hi('A')} + (l === 0 ? 1 : 0);\n}`;
def('i64x2.neg', body(lanes(2, NEG)));
def('i64x2.abs', body(lanes(2, `if (${hi('A')} < 0) ${NEG} else {\n  ${lo('R')} = ${lo('A')};\n  ${hi('R')} = ${hi('A')};\n}`)));
def('i64x2.shl', body(lanes(2, `i64Shl(S32, 12 + 2 * k, ${lo('A')}, ${hi('A')}, x);`), ['i64Shl']));
def('i64x2.shr_s', body(lanes(2, `i64ShrS(S32, 12 + 2 * k, ${lo('A')}, ${hi('A')}, x);`), ['i64ShrS']));
def('i64x2.shr_u', body(lanes(2, `i64ShrU(S32, 12 + 2 * k, ${lo('A')}, ${hi('A')}, x);`), ['i64ShrU']));
const i64Cmp = (op: string, cond: string): void =>
  def(`i64x2.${op}`, body(lanes(2, `{\n  const m = ${cond} ? -1 : 0;\n  ${lo('R')} = m;\n  ${hi('R')} = m;\n}`)));
const aH = hi('A');
const bH = hi('B');
const uLo = (v: string): string => `${lo(v)} >>> 0`;
i64Cmp('eq', `${lo('A')} === ${lo('B')} && ${aH} === ${bH}`);
i64Cmp('ne', `${lo('A')} !== ${lo('B')} || ${aH} !== ${bH}`);
i64Cmp('lt_s', `(${aH} < ${bH} || (${aH} === ${bH} && ${uLo('A')} < ${uLo('B')}))`);
i64Cmp('gt_s', `(${aH} > ${bH} || (${aH} === ${bH} && ${uLo('A')} > ${uLo('B')}))`);
i64Cmp('le_s', `(${aH} < ${bH} || (${aH} === ${bH} && ${uLo('A')} <= ${uLo('B')}))`);
i64Cmp('ge_s', `(${aH} > ${bH} || (${aH} === ${bH} && ${uLo('A')} >= ${uLo('B')}))`);
def('i64x2.all_true', body(`i32[rd] = (A32[0] | A32[1]) !== 0 && (A32[2] | A32[3]) !== 0 ? 1 : 0;`));
def('i64x2.bitmask', body(`i32[rd] = (A32[1] < 0 ? 1 : 0) | (A32[3] < 0 ? 2 : 0);`));
def('i64x2.splat', body(lanes(2, `{\n  R32[2 * k] = xl;\n  R32[2 * k + 1] = xh;\n}`)));

// ---- f32x4 / f64x2 (arithmetic results canonical-NaN; abs / neg / pmin / pmax move bits)
for (const [name, n, f] of [['f32x4', 4, 'f32'], ['f64x2', 2, 'f64']] as const) {
  const r = `r${f}`;
  const arith = (op: string, expr: string, uses?: string[]): void => def(`${name}.${op}`, body(lanes(n, `${r}(k, ${expr});`), uses));
  const round = (e: string): string => (f === 'f32' ? `Math.fround(${e})` : e);
  arith('add', round(`A${f}[k] + B${f}[k]`));
  arith('sub', round(`A${f}[k] - B${f}[k]`));
  arith('mul', round(`A${f}[k] * B${f}[k]`));
  arith('div', round(`A${f}[k] / B${f}[k]`));
  arith('sqrt', round(`Math.sqrt(A${f}[k])`));
  arith('min', `Math.min(A${f}[k], B${f}[k])`);
  arith('max', `Math.max(A${f}[k], B${f}[k])`);
  arith('ceil', `Math.ceil(A${f}[k])`);
  arith('floor', `Math.floor(A${f}[k])`);
  arith('trunc', `Math.trunc(A${f}[k])`);
  arith('nearest', `fNearest(A${f}[k])`, ['fNearest']);
  const cmp = (op: string, c: string): void => {
    const expr = `A${f}[k] ${c} B${f}[k] ? -1 : 0`;
    def(`${name}.${op}`, body(f === 'f32' ? lanes(4, `R32[k] = ${expr};`) : lanes(2, `{\n  const m = ${expr};\n  R32[2 * k] = m;\n  R32[2 * k + 1] = m;\n}`)));
  };
  cmp('eq', '===');
  cmp('ne', '!==');
  cmp('lt', '<');
  cmp('gt', '>');
  cmp('le', '<=');
  cmp('ge', '>=');
  // pmin(a, b) = b < a ? b : a and pmax(a, b) = a < b ? b : a return an operand's bits (spec fpmin).
  if (f === 'f32') {
    def('f32x4.abs', body(lanes(4, 'R32[k] = A32[k] & 0x7fffffff;')));
    def('f32x4.neg', body(lanes(4, 'R32[k] = A32[k] ^ -0x80000000;')));
    def('f32x4.pmin', body(lanes(4, 'R32[k] = Bf32[k] < Af32[k] ? B32[k] : A32[k];')));
    def('f32x4.pmax', body(lanes(4, 'R32[k] = Af32[k] < Bf32[k] ? B32[k] : A32[k];')));
    def('f32x4.splat', body(lanes(4, 'R32[k] = x;')));
  } else {
    def('f64x2.abs', body(lanes(2, '{\n  R32[2 * k] = A32[2 * k];\n  R32[2 * k + 1] = A32[2 * k + 1] & 0x7fffffff;\n}')));
    def('f64x2.neg', body(lanes(2, '{\n  R32[2 * k] = A32[2 * k];\n  R32[2 * k + 1] = A32[2 * k + 1] ^ -0x80000000;\n}')));
    const pick = (cond: string): string => lanes(2, `if (${cond}) {\n  R32[2 * k] = B32[2 * k];\n  R32[2 * k + 1] = B32[2 * k + 1];\n} else {\n  R32[2 * k] = A32[2 * k];\n  R32[2 * k + 1] = A32[2 * k + 1];\n}`);
    def('f64x2.pmin', body(pick('Bf64[k] < Af64[k]')));
    def('f64x2.pmax', body(pick('Af64[k] < Bf64[k]')));
    def('f64x2.splat', body(lanes(2, '{\n  R32[2 * k] = xl;\n  R32[2 * k + 1] = xh;\n}')));
  }
}

// ---- conversions
def('f32x4.demote_f64x2_zero', body('rf32(0, Math.fround(Af64[0]));\nrf32(1, Math.fround(Af64[1]));\nR32[2] = 0;\nR32[3] = 0;'));
def('f64x2.promote_low_f32x4', body('rf64(0, Af32[0]);\nrf64(1, Af32[1]);'));
// An int32 or uint32 is exact as a double; the Float32Array store rounds once (ties to even).
def('f32x4.convert_i32x4_s', body(lanes(4, 'Rf32[k] = A32[k];')));
def('f32x4.convert_i32x4_u', body(lanes(4, 'Rf32[k] = Au32[k];')));
def('f64x2.convert_low_i32x4_s', body(lanes(2, 'Rf64[k] = A32[k];')));
def('f64x2.convert_low_i32x4_u', body(lanes(2, 'Rf64[k] = Au32[k];')));
const TRUNC_SAT_F32_S = lanes(4, 'R32[k] = i32TruncSatS(Af32[k]);');
const TRUNC_SAT_F32_U = lanes(4, 'R32[k] = i32TruncSatU(Af32[k]);');
const TRUNC_SAT_F64_S = 'R32[0] = i32TruncSatS(Af64[0]);\nR32[1] = i32TruncSatS(Af64[1]);\nR32[2] = 0;\nR32[3] = 0;';
const TRUNC_SAT_F64_U = 'R32[0] = i32TruncSatU(Af64[0]);\nR32[1] = i32TruncSatU(Af64[1]);\nR32[2] = 0;\nR32[3] = 0;';
def('i32x4.trunc_sat_f32x4_s', body(TRUNC_SAT_F32_S, ['i32TruncSatS']));
def('i32x4.trunc_sat_f32x4_u', body(TRUNC_SAT_F32_U, ['i32TruncSatU']));
def('i32x4.trunc_sat_f64x2_s_zero', body(TRUNC_SAT_F64_S, ['i32TruncSatS']));
def('i32x4.trunc_sat_f64x2_u_zero', body(TRUNC_SAT_F64_U, ['i32TruncSatU']));

// ---- bitwise
def('v128.not', body(lanes(4, 'R32[k] = ~A32[k];')));
def('v128.and', body(lanes(4, 'R32[k] = A32[k] & B32[k];')));
def('v128.andnot', body(lanes(4, 'R32[k] = A32[k] & ~B32[k];')));
def('v128.or', body(lanes(4, 'R32[k] = A32[k] | B32[k];')));
def('v128.xor', body(lanes(4, 'R32[k] = A32[k] ^ B32[k];')));
const BITSELECT = lanes(4, 'R32[k] = (A32[k] & C32[k]) | (B32[k] & ~C32[k]);');
def('v128.bitselect', body(BITSELECT));
def('v128.any_true', body('i32[rd] = (A32[0] | A32[1] | A32[2] | A32[3]) !== 0 ? 1 : 0;'));

// ---- lane moves
const SWIZZLE = lanes(16, '{\n  const j = Bu8[k];\n  R8[k] = j < 16 ? A8[j] : 0;\n}');
def('i8x16.swizzle', body(SWIZZLE));
// The 16 lane indexes (< 32) select from A then B, which are adjacent in the scratch.
def('i8x16.shuffle', body(lanes(16, 'R8[k] = Au8[IMM[k]];')));
def('i8x16.extract_lane_s', body('i32[rd] = A8[lane];'));
def('i8x16.extract_lane_u', body('i32[rd] = Au8[lane];'));
def('i16x8.extract_lane_s', body('i32[rd] = A16[lane];'));
def('i16x8.extract_lane_u', body('i32[rd] = Au16[lane];'));
def('i32x4.extract_lane', body('i32[rd] = A32[lane];'));
def('f32x4.extract_lane', body('i32[rd] = A32[lane];'));
def('i64x2.extract_lane', body('i32[rd] = A32[2 * lane];\ni32[rd + 1] = A32[2 * lane + 1];'));
def('f64x2.extract_lane', body('i32[rd] = A32[2 * lane];\ni32[rd + 1] = A32[2 * lane + 1];'));
def('i8x16.replace_lane', body('copyAR();\nR8[lane] = x;'));
def('i16x8.replace_lane', body('copyAR();\nR16[lane] = x;'));
def('i32x4.replace_lane', body('copyAR();\nR32[lane] = x;'));
def('f32x4.replace_lane', body('copyAR();\nR32[lane] = x;'));
def('i64x2.replace_lane', body('copyAR();\nR32[2 * lane] = xl;\nR32[2 * lane + 1] = xh;'));
def('f64x2.replace_lane', body('copyAR();\nR32[2 * lane] = xl;\nR32[2 * lane + 1] = xh;'));

// ---- memory (little-endian DataView accesses; `a` is bounds-checked for `bytes`)
const mem = (bytes: number, b: string): SimdSemantics => ({ body: b, bytes });
def('v128.load', mem(16, lanes(4, 'R32[k] = view.getInt32(a + 4 * k, true);')));
def('v128.load8x8_s', mem(8, lanes(8, 'R16[k] = (bytes[a + k]! << 24) >> 24;')));
def('v128.load8x8_u', mem(8, lanes(8, 'R16[k] = bytes[a + k]!;')));
def('v128.load16x4_s', mem(8, lanes(4, 'R32[k] = view.getInt16(a + 2 * k, true);')));
def('v128.load16x4_u', mem(8, lanes(4, 'R32[k] = view.getUint16(a + 2 * k, true);')));
def('v128.load32x2_s', mem(8, lanes(2, '{\n  const v = view.getInt32(a + 4 * k, true);\n  R32[2 * k] = v;\n  R32[2 * k + 1] = v >> 31;\n}')));
def('v128.load32x2_u', mem(8, lanes(2, '{\n  R32[2 * k] = view.getInt32(a + 4 * k, true);\n  R32[2 * k + 1] = 0;\n}')));
def('v128.load8_splat', mem(1, `const v = bytes[a]!;\n${lanes(16, 'R8[k] = v;')}`));
def('v128.load16_splat', mem(2, `const v = view.getInt16(a, true);\n${lanes(8, 'R16[k] = v;')}`));
def('v128.load32_splat', mem(4, `const v = view.getInt32(a, true);\n${lanes(4, 'R32[k] = v;')}`));
def('v128.load64_splat', mem(8, `const l = view.getInt32(a, true);\nconst h = view.getInt32(a + 4, true);\n${lanes(2, '{\n  R32[2 * k] = l;\n  R32[2 * k + 1] = h;\n}')}`));
def('v128.load32_zero', mem(4, 'R32[0] = view.getInt32(a, true);\nR32[1] = 0;\nR32[2] = 0;\nR32[3] = 0;'));
def('v128.load64_zero', mem(8, 'R32[0] = view.getInt32(a, true);\nR32[1] = view.getInt32(a + 4, true);\nR32[2] = 0;\nR32[3] = 0;'));
def('v128.load8_lane', mem(1, 'copyAR();\nR8[lane] = bytes[a]!;'));
def('v128.load16_lane', mem(2, 'copyAR();\nR16[lane] = view.getInt16(a, true);'));
def('v128.load32_lane', mem(4, 'copyAR();\nR32[lane] = view.getInt32(a, true);'));
def('v128.load64_lane', mem(8, 'copyAR();\nR32[2 * lane] = view.getInt32(a, true);\nR32[2 * lane + 1] = view.getInt32(a + 4, true);'));
def('v128.store', mem(16, lanes(4, 'view.setInt32(a + 4 * k, A32[k], true);')));
def('v128.store8_lane', mem(1, 'bytes[a] = A8[lane];'));
def('v128.store16_lane', mem(2, 'view.setInt16(a, A16[lane], true);'));
def('v128.store32_lane', mem(4, 'view.setInt32(a, A32[lane], true);'));
def('v128.store64_lane', mem(8, 'view.setInt32(a, A32[2 * lane], true);\nview.setInt32(a + 4, A32[2 * lane + 1], true);'));

// ---- relaxed SIMD, deterministic profile: each op's first alternative (relaxed(R) with R = 0)
def('i8x16.relaxed_swizzle', body(SWIZZLE)); // = swizzle (out-of-range index → 0)
def('i32x4.relaxed_trunc_f32x4_s', body(TRUNC_SAT_F32_S, ['i32TruncSatS'])); // = trunc_sat
def('i32x4.relaxed_trunc_f32x4_u', body(TRUNC_SAT_F32_U, ['i32TruncSatU']));
def('i32x4.relaxed_trunc_f64x2_s_zero', body(TRUNC_SAT_F64_S, ['i32TruncSatS']));
def('i32x4.relaxed_trunc_f64x2_u_zero', body(TRUNC_SAT_F64_U, ['i32TruncSatU']));
// madd = fadd(fmul(a, b), c): unfused, two roundings; nmadd(a, b, c) = madd(-a, b, c).
def('f32x4.relaxed_madd', body(lanes(4, 'rf32(k, Math.fround(Math.fround(Af32[k] * Bf32[k]) + Cf32[k]));')));
def('f32x4.relaxed_nmadd', body(lanes(4, 'rf32(k, Math.fround(Math.fround(-Af32[k] * Bf32[k]) + Cf32[k]));')));
def('f64x2.relaxed_madd', body(lanes(2, 'rf64(k, Af64[k] * Bf64[k] + Cf64[k]);')));
def('f64x2.relaxed_nmadd', body(lanes(2, 'rf64(k, -Af64[k] * Bf64[k] + Cf64[k]);')));
for (const shape of ['i8x16', 'i16x8', 'i32x4', 'i64x2']) def(`${shape}.relaxed_laneselect`, body(BITSELECT)); // = bitselect
def('f32x4.relaxed_min', body(lanes(4, 'rf32(k, Math.min(Af32[k], Bf32[k]));'))); // = min
def('f32x4.relaxed_max', body(lanes(4, 'rf32(k, Math.max(Af32[k], Bf32[k]));')));
def('f64x2.relaxed_min', body(lanes(2, 'rf64(k, Math.min(Af64[k], Bf64[k]));')));
def('f64x2.relaxed_max', body(lanes(2, 'rf64(k, Math.max(Af64[k], Bf64[k]));')));
def('i16x8.relaxed_q15mulr_s', body(lanes(8, 'R16[k] = sat16s((A16[k] * B16[k] + 0x4000) >> 15);'))); // = q15mulr_sat_s
// Signed × signed products, pairs added mod 2^16 (then, for _add, pairs of those plus c).
def('i16x8.relaxed_dot_i8x16_i7x16_s', body(lanes(8, 'R16[k] = A8[2 * k] * B8[2 * k] + A8[2 * k + 1] * B8[2 * k + 1];')));
def('i32x4.relaxed_dot_i8x16_i7x16_add_s', body(lanes(4, `{
  const p = ((A8[4 * k] * B8[4 * k] + A8[4 * k + 1] * B8[4 * k + 1]) << 16) >> 16;
  const q = ((A8[4 * k + 2] * B8[4 * k + 2] + A8[4 * k + 3] * B8[4 * k + 3]) << 16) >> 16;
  R32[k] = p + q + C32[k];
}`)));

export const SIMD: Readonly<Record<string, SimdSemantics>> = out;
