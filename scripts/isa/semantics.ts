/**
 * The semantic body of every scalar numeric instruction, load and store (spec §4.3 "Numerics",
 * §4.4.4 numeric instructions, §4.4.7 memory instructions), written once. scripts/gen.ts wraps each
 * body into every operand form the instruction has (instructions.ts `forms=`): the register form
 * (`d a b`), the constant form (`d a c`), compare-and-branch (`br_if_<cmp> a b target` and its
 * constant and loop-back-edge variants), folded addresses (`_c`, `_rr`) and constant stores (`_ck`),
 * so the code that runs for each form comes from the one body here.
 *
 * Names a body may use (the generator declares them):
 * - operands, read before anything is written (so a result may go to an operand's register):
 *   i32 `x`, `y` (int32); i64 `xl`, `xh`, `yl`, `yh` (int32 halves); f32 / f64 `x`, `y` (numbers),
 *   or, with `bits`, f32 `x`, `y` as int32 bits and f64 `xl`, `xh`, `yl`, `yh` as bit halves;
 * - `rd`: the result's word index, for bodies that write the result themselves (`stmts`);
 * - `i32`, `f32`, `f64` (frame views), `view`, `bytes` (memory), `a` (a load's or store's byte
 *   address, bounds already checked), `lo`, `hi`, `v` (a stored value's words / its register);
 * - `TRAP(name)` raises a trap of scripts/isa/traps.ts by name, `TRAP(t)` the code held in `t`;
 * - helpers of src/interpreter/numeric.ts (the generated file imports what the bodies call).
 *
 * Results: `cond` (a boolean: an i32 compare, 1 or 0), `expr` (an i32, or an f32 / f64 number
 * that is canonicalized if NaN, or with `exact` stored as it is because it cannot be NaN, or with
 * `bits` an f32's int32 bits), `lo` / `hi` (an i64's or, with `bits`, an f64's halves), or `stmts`
 * that write `i32[rd]` / `i32[rd + 1]` themselves.
 */

export interface ScalarSemantics {
  /** Statements before the result (trap checks, temporaries). */
  readonly pre?: string;
  /** i32 compare result (true / false becomes 1 / 0; also the compare-and-branch condition). */
  readonly cond?: string;
  /** The result: an i32, or an f32 / f64 number (or its bits with `bits`). */
  readonly expr?: string;
  /** An i64 result's (or, with `bits`, an f64 result's) low and high words. */
  readonly lo?: string;
  readonly hi?: string;
  /** Statements that write the result at `rd` themselves. */
  readonly stmts?: string;
  /** Float operands and results are raw bits (moves: abs, neg, copysign, reinterpret). */
  readonly bits?: boolean;
  /** A float result that cannot be NaN (conversions from integers): stored as it is. */
  readonly exact?: boolean;
  /** Helpers of numeric.ts this body calls (for the generated import list). */
  readonly uses?: readonly string[];
}

/** Canonical NaN writes of an arithmetic float result (spec §4.3.3: nans_N{}; STYLE.md). */
const I64_SHIFT = (fn: string): ScalarSemantics => ({ stmts: `${fn}(i32, rd, xl, xh, yl);`, uses: [fn] });
const I64_DIV = (fn: string): ScalarSemantics => ({
  pre: `const t = ${fn}(i32, rd, xl, xh, yl, yh);\nif (t !== 0) TRAP(t);`, stmts: '', uses: [fn],
});
const TRUNC_I32 = (check: string): ScalarSemantics => ({
  pre: `const t = ${check}(x);\nif (t !== 0) TRAP(t);`, expr: 'x | 0', uses: [check],
});
const TRUNC_I64 = (check: string): ScalarSemantics => ({
  pre: `const t = ${check}(x);\nif (t !== 0) TRAP(t);`, stmts: 'i64TruncTo(i32, rd, x);', uses: [check, 'i64TruncTo'],
});

export const SCALAR: Readonly<Record<string, ScalarSemantics>> = {
  // ---- i32 compares (spec §4.3.2: ieq, ilt_s, ...; `>>> 0` for the unsigned reading)
  'i32.eqz': { cond: 'x === 0' },
  'i32.eq': { cond: 'x === y' },
  'i32.ne': { cond: 'x !== y' },
  'i32.lt_s': { cond: 'x < y' },
  'i32.lt_u': { cond: 'x >>> 0 < y >>> 0' },
  'i32.gt_s': { cond: 'x > y' },
  'i32.gt_u': { cond: 'x >>> 0 > y >>> 0' },
  'i32.le_s': { cond: 'x <= y' },
  'i32.le_u': { cond: 'x >>> 0 <= y >>> 0' },
  'i32.ge_s': { cond: 'x >= y' },
  'i32.ge_u': { cond: 'x >>> 0 >= y >>> 0' },
  // ---- i64 compares on halves: the high words decide unless equal
  'i64.eqz': { cond: '(xl | xh) === 0' },
  'i64.eq': { cond: 'xl === yl && xh === yh' },
  'i64.ne': { cond: 'xl !== yl || xh !== yh' },
  'i64.lt_s': { cond: 'xh < yh || (xh === yh && xl >>> 0 < yl >>> 0)' },
  'i64.lt_u': { cond: 'xh >>> 0 < yh >>> 0 || (xh === yh && xl >>> 0 < yl >>> 0)' },
  'i64.gt_s': { cond: 'xh > yh || (xh === yh && xl >>> 0 > yl >>> 0)' },
  'i64.gt_u': { cond: 'xh >>> 0 > yh >>> 0 || (xh === yh && xl >>> 0 > yl >>> 0)' },
  'i64.le_s': { cond: 'xh < yh || (xh === yh && xl >>> 0 <= yl >>> 0)' },
  'i64.le_u': { cond: 'xh >>> 0 < yh >>> 0 || (xh === yh && xl >>> 0 <= yl >>> 0)' },
  'i64.ge_s': { cond: 'xh > yh || (xh === yh && xl >>> 0 >= yl >>> 0)' },
  'i64.ge_u': { cond: 'xh >>> 0 > yh >>> 0 || (xh === yh && xl >>> 0 >= yl >>> 0)' },
  // ---- float compares: the JS operators (false on NaN, `ne` true; -0 == +0)
  'f32.eq': { cond: 'x === y' },
  'f32.ne': { cond: 'x !== y' },
  'f32.lt': { cond: 'x < y' },
  'f32.gt': { cond: 'x > y' },
  'f32.le': { cond: 'x <= y' },
  'f32.ge': { cond: 'x >= y' },
  'f64.eq': { cond: 'x === y' },
  'f64.ne': { cond: 'x !== y' },
  'f64.lt': { cond: 'x < y' },
  'f64.gt': { cond: 'x > y' },
  'f64.le': { cond: 'x <= y' },
  'f64.ge': { cond: 'x >= y' },

  // ---- i32 arithmetic (JS masks shift counts by 31, as wasm takes them mod 32)
  'i32.clz': { expr: 'Math.clz32(x)' },
  'i32.ctz': { expr: 'i32Ctz(x)', uses: ['i32Ctz'] },
  'i32.popcnt': { expr: 'i32Popcnt(x)', uses: ['i32Popcnt'] },
  'i32.add': { expr: '(x + y) | 0' },
  'i32.sub': { expr: '(x - y) | 0' },
  'i32.mul': { expr: 'Math.imul(x, y)' },
  // The double quotient of two int32s is exact; `| 0` truncates toward zero.
  'i32.div_s': { pre: 'if (y === 0) TRAP(divideByZero);\nif (y === -1 && x === -2147483648) TRAP(integerOverflow);', expr: '(x / y) | 0' },
  'i32.div_u': { pre: 'if (y === 0) TRAP(divideByZero);', expr: '((x >>> 0) / (y >>> 0)) | 0' },
  // JS % is exact and takes the dividend's sign; -2^31 rem -1 is 0 (no trap).
  'i32.rem_s': { pre: 'if (y === 0) TRAP(divideByZero);', expr: '(x % y) | 0' },
  'i32.rem_u': { pre: 'if (y === 0) TRAP(divideByZero);', expr: '((x >>> 0) % (y >>> 0)) | 0' },
  'i32.and': { expr: 'x & y' },
  'i32.or': { expr: 'x | y' },
  'i32.xor': { expr: 'x ^ y' },
  'i32.shl': { expr: 'x << y' },
  'i32.shr_s': { expr: 'x >> y' },
  'i32.shr_u': { expr: 'x >>> y' },
  // (k = 0: JS masks 32 - 0 to 0, so both halves are x and the or is x.)
  'i32.rotl': { expr: '(x << y) | (x >>> (32 - y))' },
  'i32.rotr': { expr: '(x >>> y) | (x << (32 - y))' },

  // ---- i64 arithmetic on halves
  'i64.clz': { lo: 'xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl)', hi: '0' },
  'i64.ctz': { lo: 'xl !== 0 ? i32Ctz(xl) : 32 + i32Ctz(xh)', hi: '0', uses: ['i32Ctz'] },
  'i64.popcnt': { lo: 'i32Popcnt(xl) + i32Popcnt(xh)', hi: '0', uses: ['i32Popcnt'] },
  // The carry out of the low words is whether their unsigned sum passes 2^32 - 1.
  'i64.add': { stmts: 'const lo = (xl >>> 0) + (yl >>> 0);\ni32[rd + 1] = (xh + yh + (lo > 0xffffffff ? 1 : 0)) | 0;\ni32[rd] = lo | 0;' },
  'i64.sub': { stmts: 'const lo = (xl >>> 0) - (yl >>> 0);\ni32[rd + 1] = (xh - yh - (lo < 0 ? 1 : 0)) | 0;\ni32[rd] = lo | 0;' },
  'i64.mul': { stmts: 'i64Mul(i32, rd, xl, xh, yl, yh);', uses: ['i64Mul'] },
  'i64.div_s': I64_DIV('i64DivS'),
  'i64.div_u': I64_DIV('i64DivU'),
  'i64.rem_s': I64_DIV('i64RemS'),
  'i64.rem_u': I64_DIV('i64RemU'),
  'i64.and': { lo: 'xl & yl', hi: 'xh & yh' },
  'i64.or': { lo: 'xl | yl', hi: 'xh | yh' },
  'i64.xor': { lo: 'xl ^ yl', hi: 'xh ^ yh' },
  'i64.shl': I64_SHIFT('i64Shl'),
  'i64.shr_s': I64_SHIFT('i64ShrS'),
  'i64.shr_u': I64_SHIFT('i64ShrU'),
  'i64.rotl': I64_SHIFT('i64Rotl'),
  'i64.rotr': I64_SHIFT('i64Rotr'),

  // ---- f32: doubles exactly representable in binary32, every result rounded by Math.fround
  // (binary64 then binary32 rounding is innocuous for + - * / sqrt: numeric.ts header).
  'f32.abs': { bits: true, expr: 'x & 0x7fffffff' },
  'f32.neg': { bits: true, expr: 'x ^ -0x80000000' },
  'f32.ceil': { expr: 'Math.ceil(x)' },
  'f32.floor': { expr: 'Math.floor(x)' },
  'f32.trunc': { expr: 'Math.trunc(x)' },
  'f32.nearest': { expr: 'fNearest(x)', uses: ['fNearest'] },
  'f32.sqrt': { expr: 'Math.fround(Math.sqrt(x))' },
  'f32.add': { expr: 'Math.fround(x + y)' },
  'f32.sub': { expr: 'Math.fround(x - y)' },
  'f32.mul': { expr: 'Math.fround(x * y)' },
  'f32.div': { expr: 'Math.fround(x / y)' },
  // Math.min / max have the wasm rules (NaN if either is NaN, -0 < +0) and return an operand.
  'f32.min': { expr: 'Math.min(x, y)' },
  'f32.max': { expr: 'Math.max(x, y)' },
  'f32.copysign': { bits: true, expr: '(x & 0x7fffffff) | (y & -0x80000000)' },
  // ---- f64
  'f64.abs': { bits: true, lo: 'xl', hi: 'xh & 0x7fffffff' },
  'f64.neg': { bits: true, lo: 'xl', hi: 'xh ^ -0x80000000' },
  'f64.ceil': { expr: 'Math.ceil(x)' },
  'f64.floor': { expr: 'Math.floor(x)' },
  'f64.trunc': { expr: 'Math.trunc(x)' },
  'f64.nearest': { expr: 'fNearest(x)', uses: ['fNearest'] },
  'f64.sqrt': { expr: 'Math.sqrt(x)' },
  'f64.add': { expr: 'x + y' },
  'f64.sub': { expr: 'x - y' },
  'f64.mul': { expr: 'x * y' },
  'f64.div': { expr: 'x / y' },
  'f64.min': { expr: 'Math.min(x, y)' },
  'f64.max': { expr: 'Math.max(x, y)' },
  'f64.copysign': { bits: true, lo: 'xl', hi: '(xh & 0x7fffffff) | (yh & -0x80000000)' },

  // ---- conversions (spec §4.3.4)
  'i32.wrap_i64': { expr: 'xl' },
  'i32.trunc_f32_s': TRUNC_I32('checkI32TruncS'),
  'i32.trunc_f32_u': TRUNC_I32('checkI32TruncU'),
  'i32.trunc_f64_s': TRUNC_I32('checkI32TruncS'),
  'i32.trunc_f64_u': TRUNC_I32('checkI32TruncU'),
  'i64.extend_i32_s': { lo: 'x', hi: 'x >> 31' },
  'i64.extend_i32_u': { lo: 'x', hi: '0' },
  'i64.trunc_f32_s': TRUNC_I64('checkI64TruncS'),
  'i64.trunc_f32_u': TRUNC_I64('checkI64TruncU'),
  'i64.trunc_f64_s': TRUNC_I64('checkI64TruncS'),
  'i64.trunc_f64_u': TRUNC_I64('checkI64TruncU'),
  // Float32Array stores round a double to binary32 (to nearest, ties to even): one rounding.
  'f32.convert_i32_s': { exact: true, expr: 'x' },
  'f32.convert_i32_u': { exact: true, expr: 'x >>> 0' },
  'f32.convert_i64_s': { exact: true, expr: 'f32ConvertI64S(xl, xh)', uses: ['f32ConvertI64S'] },
  'f32.convert_i64_u': { exact: true, expr: 'f32ConvertI64U(xl, xh)', uses: ['f32ConvertI64U'] },
  'f32.demote_f64': { expr: 'Math.fround(x)' },
  'f64.convert_i32_s': { exact: true, expr: 'x' },
  'f64.convert_i32_u': { exact: true, expr: 'x >>> 0' },
  'f64.convert_i64_s': { exact: true, expr: 'f64ConvertI64S(xl, xh)', uses: ['f64ConvertI64S'] },
  'f64.convert_i64_u': { exact: true, expr: 'f64ConvertI64U(xl, xh)', uses: ['f64ConvertI64U'] },
  'f64.promote_f32': { expr: 'x' },
  'i32.reinterpret_f32': { bits: true, expr: 'x' },
  'i64.reinterpret_f64': { bits: true, lo: 'xl', hi: 'xh' },
  'f32.reinterpret_i32': { bits: true, expr: 'x' },
  'f64.reinterpret_i64': { bits: true, lo: 'xl', hi: 'xh' },
  // ---- sign extension
  'i32.extend8_s': { expr: '(x << 24) >> 24' },
  'i32.extend16_s': { expr: '(x << 16) >> 16' },
  'i64.extend8_s': { pre: 'const s = (xl << 24) >> 24;', lo: 's', hi: 's >> 31' },
  'i64.extend16_s': { pre: 'const s = (xl << 16) >> 16;', lo: 's', hi: 's >> 31' },
  'i64.extend32_s': { lo: 'xl', hi: 'xl >> 31' },
  // ---- saturating truncations
  'i32.trunc_sat_f32_s': { expr: 'i32TruncSatS(x)', uses: ['i32TruncSatS'] },
  'i32.trunc_sat_f32_u': { expr: 'i32TruncSatU(x)', uses: ['i32TruncSatU'] },
  'i32.trunc_sat_f64_s': { expr: 'i32TruncSatS(x)', uses: ['i32TruncSatS'] },
  'i32.trunc_sat_f64_u': { expr: 'i32TruncSatU(x)', uses: ['i32TruncSatU'] },
  'i64.trunc_sat_f32_s': { stmts: 'i64TruncSatS(i32, rd, x);', uses: ['i64TruncSatS'] },
  'i64.trunc_sat_f32_u': { stmts: 'i64TruncSatU(i32, rd, x);', uses: ['i64TruncSatU'] },
  'i64.trunc_sat_f64_s': { stmts: 'i64TruncSatS(i32, rd, x);', uses: ['i64TruncSatS'] },
  'i64.trunc_sat_f64_u': { stmts: 'i64TruncSatU(i32, rd, x);', uses: ['i64TruncSatU'] },
};

/**
 * Loads: the body writes the result at `rd` from the checked byte address `a` (little-endian
 * DataView reads). f64 moves as a double, which the next op reads (two int32 writes then a double
 * read stall store-to-load forwarding), bit for bit unless NaN: then as words.
 */
export const LOADS: Readonly<Record<string, string>> = {
  'i32.load': 'i32[rd] = view.getInt32(a, true);',
  'i64.load': 'i32[rd] = view.getInt32(a, true);\ni32[rd + 1] = view.getInt32(a + 4, true);',
  'f32.load': 'i32[rd] = view.getInt32(a, true);',
  'f64.load': 'const x = view.getFloat64(a, true);\nif (x === x) f64[rd >> 1] = x;\nelse {\n  i32[rd] = view.getInt32(a, true);\n  i32[rd + 1] = view.getInt32(a + 4, true);\n}',
  'i32.load8_s': 'i32[rd] = (bytes[a]! << 24) >> 24;',
  'i32.load8_u': 'i32[rd] = bytes[a]!;',
  'i32.load16_s': 'i32[rd] = view.getInt16(a, true);',
  'i32.load16_u': 'i32[rd] = view.getUint16(a, true);',
  'i64.load8_s': 'const s = (bytes[a]! << 24) >> 24;\ni32[rd] = s;\ni32[rd + 1] = s >> 31;',
  'i64.load8_u': 'i32[rd] = bytes[a]!;\ni32[rd + 1] = 0;',
  'i64.load16_s': 'const s = view.getInt16(a, true);\ni32[rd] = s;\ni32[rd + 1] = s >> 31;',
  'i64.load16_u': 'i32[rd] = view.getUint16(a, true);\ni32[rd + 1] = 0;',
  'i64.load32_s': 'const s = view.getInt32(a, true);\ni32[rd] = s;\ni32[rd + 1] = s >> 31;',
  'i64.load32_u': 'i32[rd] = view.getInt32(a, true);\ni32[rd + 1] = 0;',
};

/**
 * Stores: the body writes the value at the checked byte address `a`, from its words `lo` / `hi`
 * or (f64: as a double unless NaN) its register `v`. A store of a constant (`_ck`) runs the body
 * of the integer store of the same width with `lo` / `hi` taken from the immediates.
 */
export const STORES: Readonly<Record<string, string>> = {
  'i32.store': 'view.setInt32(a, lo, true);',
  'i64.store': 'view.setInt32(a, lo, true);\nview.setInt32(a + 4, hi, true);',
  'f32.store': 'view.setInt32(a, lo, true);',
  'f64.store': 'const x = f64[v >> 1]!;\nif (x === x) view.setFloat64(a, x, true);\nelse {\n  view.setInt32(a, i32[v]!, true);\n  view.setInt32(a + 4, i32[v + 1]!, true);\n}',
  'i32.store8': 'bytes[a] = lo;',
  'i32.store16': 'view.setInt16(a, lo, true);',
  'i64.store8': 'bytes[a] = lo;',
  'i64.store16': 'view.setInt16(a, lo, true);',
  'i64.store32': 'view.setInt32(a, lo, true);',
};

/**
 * Float loads and stores of the JS tier (src/interpreter/js-tier.ts), which keeps a float value as
 * its number `d` and, read only when `d` is NaN, its words `e` (f32: the bits; f64: the low word)
 * and `h` (f64: the high word): the bits LOADS and STORES move, a number read or written as it is
 * unless NaN (a DataView float access is exact for every other value), a NaN's payload as words.
 */
export const JS_FLOAT_LOADS: Readonly<Record<string, string>> = {
  'f32.load': 'd = view.getFloat32(a, true);\nif (d !== d) e = view.getInt32(a, true);',
  'f64.load': 'd = view.getFloat64(a, true);\nif (d !== d) {\n  e = view.getInt32(a, true);\n  h = view.getInt32(a + 4, true);\n}',
};
export const JS_FLOAT_STORES: Readonly<Record<string, string>> = {
  'f32.store': 'if (d === d) view.setFloat32(a, d, true);\nelse view.setInt32(a, e, true);',
  'f64.store': 'if (d === d) view.setFloat64(a, d, true);\nelse {\n  view.setInt32(a, e, true);\n  view.setInt32(a + 4, h, true);\n}',
};

/**
 * Sign moves on a float's number, for the JS tier: the bits body moves the words a NaN keeps,
 * and for every other value these give the same bits (negation and absolute value of a JS
 * number flip or clear the sign bit only, zeros and infinities included).
 */
export const JS_SIGN_MOVES: Readonly<Record<string, string>> = {
  'f32.abs': 'Math.abs(x)',
  'f32.neg': '-x',
  'f64.abs': 'Math.abs(x)',
  'f64.neg': '-x',
};

/** The store whose body a constant store (`_ck`) of each byte width runs. */
export const CONST_STORE_OF_WIDTH: Readonly<Record<number, string>> = {
  1: 'i32.store8',
  2: 'i32.store16',
  4: 'i32.store',
  8: 'i64.store',
};

/** The result halves of an i64 shift or rotate by one range of constant counts. */
export interface HalvesForm {
  readonly lo: string;
  readonly hi: string;
}

/**
 * i64 shifts and rotates by a constant count k (taken mod 64), as expressions of the operand's
 * halves `xl`, `xh`, for code that knows k when it is made (the JS tier, where the count is a
 * literal, and no helper call or scratch words are needed): `below` for 0 < k < 32 with `K` = k
 * and `R` = 32 - k; `at32` for k = 32; `above` for 32 < k < 64 with `J` = k - 32 and `Q` = 64 - k;
 * k = 0 leaves the value as it is. (JS masks shift counts by 31, so 32 needs its own form.)
 */
export const I64_SHIFT_BY_CONSTANT: Readonly<Record<string, { readonly below: HalvesForm; readonly at32: HalvesForm; readonly above: HalvesForm }>> = {
  'i64.shl': { below: { lo: 'xl << K', hi: '(xh << K) | (xl >>> R)' }, at32: { lo: '0', hi: 'xl' }, above: { lo: '0', hi: 'xl << J' } },
  'i64.shr_s': { below: { lo: '(xl >>> K) | (xh << R)', hi: 'xh >> K' }, at32: { lo: 'xh', hi: 'xh >> 31' }, above: { lo: 'xh >> J', hi: 'xh >> 31' } },
  'i64.shr_u': { below: { lo: '(xl >>> K) | (xh << R)', hi: 'xh >>> K' }, at32: { lo: 'xh', hi: '0' }, above: { lo: 'xh >>> J', hi: '0' } },
  // rotl by 32 + j is the halves swapped, then rotated by j; rotr likewise.
  'i64.rotl': {
    below: { lo: '(xl << K) | (xh >>> R)', hi: '(xh << K) | (xl >>> R)' }, at32: { lo: 'xh', hi: 'xl' },
    above: { lo: '(xh << J) | (xl >>> Q)', hi: '(xl << J) | (xh >>> Q)' },
  },
  'i64.rotr': {
    below: { lo: '(xl >>> K) | (xh << R)', hi: '(xh >>> K) | (xl << R)' }, at32: { lo: 'xh', hi: 'xl' },
    above: { lo: '(xh >>> J) | (xl << Q)', hi: '(xl >>> J) | (xh << Q)' },
  },
};

