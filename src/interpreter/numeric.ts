/**
 * Pure numeric operations of WebAssembly 2.0, non-SIMD (spec §4.3 "Numerics": §4.3.2 integer
 * operations, §4.3.3 floating-point operations, §4.3.4 conversions), on plain int32 / float
 * numbers. No function here allocates, throws or reads global state it does not own.
 *
 * ## i64 as two int32 halves
 * The interpreter's value stack is one ArrayBuffer seen as Int32Array / Float32Array /
 * Float64Array; a 64-bit slot k holds an i64 as `lo = i32[2k]`, `hi = i32[2k+1]` (little-endian,
 * as on every host Node runs on). i64 ops here take that Int32Array and int32 element indices:
 * `op(v, dst, a, b)` reads the operands at `a`/`a+1` and `b`/`b+1` and writes the result halves at
 * `dst`/`dst+1`; operands are read into locals first, so `dst` may equal `a` or `b`. Never BigInt:
 * every BigInt result is a heap allocation, and STYLE.md records BigInt shifts at ~23 ns, a BigInt
 * `i32.wrap_i64` at ~15 ns and any BigInt op in unoptimized code at 50–110 ns, against a few ns
 * for the int32 sequences below. BigInt is the test oracle only.
 *
 * ## Traps
 * Trapping ops never throw. i64 ops and i64 truncations return 0 or a {@link TrapCode}; for the
 * i32 ones a separate `check*` function returns 0 or the code and the value function (valid only
 * when the check passed) returns the int32 result. The caller raises the trap (cold path).
 *
 * ## NaN rule (determinism)
 * Float-returning functions may return any JS NaN. A JS NaN written into a Float32Array /
 * Float64Array gets engine-dependent bits, so the caller must write every arithmetic result with
 * {@link writeF32} / {@link writeF64} (or an equivalent inline `x !== x` test), which store the
 * canonical NaN ({@link CANONICAL_NAN_F32_BITS}, {@link CANONICAL_NAN_F64_HI}:
 * {@link CANONICAL_NAN_F64_LO}). Ops that only move bits (load, store, reinterpret, abs, neg,
 * copysign, select, locals, globals) are done by the interpreter on raw int32 bits, never here.
 *
 * ## f32 arithmetic
 * f32 values are held as doubles that are exactly representable in binary32, and every f32
 * result goes through `Math.fround`. Computing +, −, ×, ÷ or √ in binary64 and then rounding to
 * binary32 gives the correctly rounded binary32 result: double rounding is innocuous when the
 * wider precision p' = 53 satisfies p' ≥ 2p + 2 = 50 for p = 24 (S. Figueroa, "When is double
 * rounding innocuous?", SIGNUM 1995). `Math.sqrt` is "implementation-approximated" in ECMA-262; V8
 * emits the correctly rounded hardware instruction, and the spec float tests check it in CI.
 *
 * ## Left to the interpreter (trivial, inline them)
 * i32: add/sub (`(a + b) | 0`), mul (`Math.imul`), and/or/xor, shl/shr_s/shr_u (JS masks the
 * count by 31 like Wasm), clz (`Math.clz32`), eqz and compares (`>>> 0` for unsigned),
 * extend8_s (`(x << 24) >> 24`), extend16_s. i64: and/or/xor per half, eqz (`(lo | hi) === 0`),
 * eq/ne. `i32.wrap_i64` is `lo`. f32/f64 compares are the JS operators (false on NaN; `ne` true).
 * f64 add/sub/mul/div are the JS operators, `f64.sqrt` is `Math.sqrt`, `f64.convert_i32_s` is the
 * value itself, `f64.promote_f32` is the value itself (NaN → canonical on write).
 */
import { TrapCode } from '../errors.js';

// ---------------------------------------------------------------------------------------------
// NaN canonicalization

/** Bits of the f32 canonical NaN (sign 0, quiet bit only). */
export const CANONICAL_NAN_F32_BITS = 0x7fc00000;
/** High 32 bits of the f64 canonical NaN. */
export const CANONICAL_NAN_F64_HI = 0x7ff80000;
/** Low 32 bits of the f64 canonical NaN. */
export const CANONICAL_NAN_F64_LO = 0;

/**
 * Writes the f32 `x` at int32 element index `idx` (slot k → 2k) of the stack, as the canonical
 * NaN bits if `x` is any NaN. `view32` and `f32` view the same buffer.
 */
export function writeF32(view32: Int32Array, f32: Float32Array, idx: number, x: number): void {
  if (x !== x) view32[idx] = CANONICAL_NAN_F32_BITS;
  else f32[idx] = x;
}

/**
 * Writes the f64 `x` at int32 element index `idx` (even; slot k → 2k, i.e. `f64[idx >> 1]`), as
 * the canonical NaN bits if `x` is any NaN. `view32` and `f64` view the same buffer.
 */
export function writeF64(view32: Int32Array, f64: Float64Array, idx: number, x: number): void {
  if (x !== x) {
    view32[idx] = CANONICAL_NAN_F64_LO;
    view32[idx + 1] = CANONICAL_NAN_F64_HI;
  } else {
    f64[idx >> 1] = x;
  }
}

// ---------------------------------------------------------------------------------------------
// i32 (spec §4.3.2): only the ops where JS is subtle

/**
 * Trap check of `i32.div_s`: INTEGER_DIVIDE_BY_ZERO if `b` is 0, INTEGER_OVERFLOW for
 * -2^31 / -1, else 0. `i32.div_u`, `i32.rem_s` and `i32.rem_u` trap only when `b === 0`
 * (INTEGER_DIVIDE_BY_ZERO); `i32.rem_s(-2^31, -1)` is 0.
 */
export function checkI32DivS(a: number, b: number): TrapCode | 0 {
  if (b === 0) return TrapCode.INTEGER_DIVIDE_BY_ZERO;
  if (a === -0x80000000 && b === -1) return TrapCode.INTEGER_OVERFLOW;
  return 0;
}

/** `i32.div_s` for operands that passed {@link checkI32DivS}. The double quotient is exact. */
export function i32DivS(a: number, b: number): number {
  return (a / b) | 0;
}

/** `i32.div_u` for `b !== 0`. `| 0` truncates and gives the int32 bits of the unsigned result. */
export function i32DivU(a: number, b: number): number {
  return ((a >>> 0) / (b >>> 0)) | 0;
}

/** `i32.rem_s` for `b !== 0`. JS `%` is exact and takes the dividend's sign; -0 becomes 0. */
export function i32RemS(a: number, b: number): number {
  return (a % b) | 0;
}

/** `i32.rem_u` for `b !== 0`. */
export function i32RemU(a: number, b: number): number {
  return ((a >>> 0) % (b >>> 0)) | 0;
}

/** `i32.rotl`: rotate left by `k mod 32`. */
export function i32Rotl(a: number, k: number): number {
  return (a << k) | (a >>> (32 - k)); // JS masks both counts by 31; k = 0 gives a | a
}

/** `i32.rotr`: rotate right by `k mod 32`. */
export function i32Rotr(a: number, k: number): number {
  return (a >>> k) | (a << (32 - k));
}

/** `i32.ctz`: trailing zero bits, 32 for 0. */
export function i32Ctz(a: number): number {
  return a === 0 ? 32 : 31 - Math.clz32(a & -a);
}

/** `i32.popcnt`: number of one bits (SWAR). */
export function i32Popcnt(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  a = (a + (a >>> 4)) & 0x0f0f0f0f;
  return Math.imul(a, 0x01010101) >>> 24;
}

// ---------------------------------------------------------------------------------------------
// i64 (spec §4.3.2) on halves: v[x] = lo, v[x + 1] = hi

/** `i64.add` (reference; the interpreter inlines it). */
export function i64Add(v: Int32Array, dst: number, a: number, b: number): void {
  const aLo = v[a]!;
  const bLo = v[b]!;
  const hi = v[a + 1]! + v[b + 1]!;
  const lo = (aLo + bLo) | 0;
  v[dst] = lo;
  v[dst + 1] = (hi + ((lo >>> 0) < (aLo >>> 0) ? 1 : 0)) | 0;
}

/** `i64.sub` (reference; the interpreter inlines it). */
export function i64Sub(v: Int32Array, dst: number, a: number, b: number): void {
  const aLo = v[a]!;
  const bLo = v[b]!;
  const hi = v[a + 1]! - v[b + 1]!;
  v[dst] = (aLo - bLo) | 0;
  v[dst + 1] = (hi - ((aLo >>> 0) < (bLo >>> 0) ? 1 : 0)) | 0;
}

const TWO32 = 4294967296;

/**
 * `i64.mul`: the low 64 bits of the product. The low word is `Math.imul` of the low halves; the
 * cross products only reach the high word, mod 2^32, so `Math.imul` gives them too. The high word
 * of the unsigned 32×32 product P = A·B comes from the double product p = fl(A·B): |p − P| <
 * 2^11 (P < 2^64), and subtracting the exact low word adds < 2^11 more error, so
 * (p − lo) / 2^32 lies within 2^-20 of the integer high word and `floor(· + 0.5)` is exact.
 * Measured 4.0 ns against 5.0 ns for a 16-bit-limb version (Node 20.20).
 */
export function i64Mul(v: Int32Array, dst: number, a: number, b: number): void {
  i64MulBy(v, dst, v[a]!, v[a + 1]!, v[b]!, v[b + 1]!);
}

/** `i64.mul` of values given as halves (the constant form: ir.ts I64_MUL_C). */
export function i64MulBy(v: Int32Array, dst: number, aLo: number, aHi: number, bLo: number, bHi: number): void {
  const lo = Math.imul(aLo, bLo);
  const hi = Math.floor(((aLo >>> 0) * (bLo >>> 0) - (lo >>> 0)) / TWO32 + 0.5);
  v[dst] = lo;
  v[dst + 1] = (hi + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) | 0;
}

/** Writes an integer `x`, |x| ≤ 2^53, as i64 halves. `| 0` is ToInt32, i.e. mod 2^32. */
function writeSmallI64(v: Int32Array, dst: number, x: number): void {
  v[dst] = x | 0;
  v[dst + 1] = Math.floor(x / TWO32) | 0;
}

/** Whether the i64 with high half `hi` is in [-2^53, 2^53) (exact as a double). */
function fitsDouble(hi: number): boolean {
  return hi >> 21 === hi >> 31;
}

// Results of udivmod64 (module scratch instead of a returned tuple: no allocation).
let quoLo = 0;
let quoHi = 0;
let remLo = 0;
let remHi = 0;

/**
 * Unsigned 64-bit division n / d (d ≠ 0) into quoLo/quoHi, remLo/remHi.
 *
 * Exactness of the double paths: for integers 0 ≤ n ≤ 2^53 and d ≥ 1, `Math.floor(n / d)` is
 * the integer quotient q. If n/d is not an integer it lies at least 1/d below q + 1, while the
 * rounding error of the division is below (n/d)·2^-53 ≤ 1/d; and `n - q * d` is exact as
 * q·d ≤ n. The 32-bit-divisor path divides digit by digit (one 32-bit and two 16-bit digits),
 * each partial dividend < 2^48. Only a divisor ≥ 2^32 with a dividend ≥ 2^53 takes the
 * shift-subtract loop, at most 32 rounds (the quotient is < 2^32).
 */
function udivmod64(nLo: number, nHi: number, dLo: number, dHi: number): void {
  if (nHi >>> 21 === 0) {
    const n = nHi * TWO32 + (nLo >>> 0);
    if (dHi >>> 21 !== 0) {
      // d ≥ 2^53 > n
      quoLo = 0;
      quoHi = 0;
      remLo = nLo;
      remHi = nHi;
      return;
    }
    const d = dHi * TWO32 + (dLo >>> 0);
    const q = Math.floor(n / d);
    const r = n - q * d;
    quoLo = q | 0;
    quoHi = (q / TWO32) | 0;
    remLo = r | 0;
    remHi = (r / TWO32) | 0;
    return;
  }
  if (dHi === 0) {
    const d = dLo >>> 0;
    const nh = nHi >>> 0;
    const q2 = Math.floor(nh / d);
    let r = nh - q2 * d;
    let t = r * 65536 + (nLo >>> 16);
    const q1 = Math.floor(t / d);
    r = t - q1 * d;
    t = r * 65536 + (nLo & 0xffff);
    const q0 = Math.floor(t / d);
    r = t - q0 * d;
    quoLo = (q1 << 16) | q0;
    quoHi = q2 | 0;
    remLo = r | 0;
    remHi = 0;
    return;
  }
  // d ≥ 2^32, n ≥ 2^53: binary long division over the bits where the quotient can be non-zero.
  const shift = Math.clz32(dHi) - Math.clz32(nHi); // both high halves are non-zero
  if (shift < 0) {
    quoLo = 0;
    quoHi = 0;
    remLo = nLo;
    remHi = nHi;
    return;
  }
  // D = d << shift (no overflow: shift ≤ clz(d))
  let sLo = shift === 0 ? dLo : dLo << shift;
  let sHi = shift === 0 ? dHi : (dHi << shift) | (dLo >>> (32 - shift));
  let rLo = nLo;
  let rHi = nHi;
  let q = 0;
  for (let i = shift; i >= 0; i--) {
    q <<= 1;
    const rh = rHi >>> 0;
    const sh = sHi >>> 0;
    if (rh > sh || (rh === sh && rLo >>> 0 >= sLo >>> 0)) {
      rHi = (rHi - sHi - ((rLo >>> 0) < (sLo >>> 0) ? 1 : 0)) | 0;
      rLo = (rLo - sLo) | 0;
      q |= 1;
    }
    sLo = (sLo >>> 1) | (sHi << 31);
    sHi = sHi >>> 1;
  }
  quoLo = q;
  quoHi = 0;
  remLo = rLo;
  remHi = rHi;
}

/**
 * `i64.div_s`: quotient truncated toward zero. Returns INTEGER_DIVIDE_BY_ZERO,
 * INTEGER_OVERFLOW (-2^63 / -1) or 0.
 */
export function i64DivS(v: Int32Array, dst: number, a: number, b: number): TrapCode | 0 {
  const nLo = v[a]!;
  const nHi = v[a + 1]!;
  const dLo = v[b]!;
  const dHi = v[b + 1]!;
  if ((dLo | dHi) === 0) return TrapCode.INTEGER_DIVIDE_BY_ZERO;
  if (fitsDouble(nHi) && fitsDouble(dHi)) {
    // Exact: see udivmod64 (the argument is symmetric in the signs).
    writeSmallI64(v, dst, Math.trunc((nHi * TWO32 + (nLo >>> 0)) / (dHi * TWO32 + (dLo >>> 0))));
    return 0;
  }
  if (nLo === 0 && nHi === -0x80000000 && (dLo & dHi) === -1) return TrapCode.INTEGER_OVERFLOW;
  udivmodMagnitudes(nLo, nHi, dLo, dHi);
  writeNegatedIf(v, dst, quoLo, quoHi, (nHi < 0) !== (dHi < 0));
  return 0;
}

/** {@link udivmod64} of |n| and |d| (two's complement; |-2^63| is 2^63 as an unsigned value). */
function udivmodMagnitudes(nLo: number, nHi: number, dLo: number, dHi: number): void {
  const nNeg = nHi < 0;
  const dNeg = dHi < 0;
  udivmod64(
    nNeg ? -nLo | 0 : nLo,
    nNeg ? (~nHi + (nLo === 0 ? 1 : 0)) | 0 : nHi,
    dNeg ? -dLo | 0 : dLo,
    dNeg ? (~dHi + (dLo === 0 ? 1 : 0)) | 0 : dHi,
  );
}

/** Writes the i64 lo/hi, or its two's complement negation when `negate`. */
function writeNegatedIf(v: Int32Array, dst: number, lo: number, hi: number, negate: boolean): void {
  if (negate) {
    v[dst] = -lo | 0;
    v[dst + 1] = (~hi + (lo === 0 ? 1 : 0)) | 0;
  } else {
    v[dst] = lo;
    v[dst + 1] = hi;
  }
}

/** `i64.div_u`. Returns INTEGER_DIVIDE_BY_ZERO or 0. */
export function i64DivU(v: Int32Array, dst: number, a: number, b: number): TrapCode | 0 {
  const dLo = v[b]!;
  const dHi = v[b + 1]!;
  if ((dLo | dHi) === 0) return TrapCode.INTEGER_DIVIDE_BY_ZERO;
  udivmod64(v[a]!, v[a + 1]!, dLo, dHi);
  v[dst] = quoLo;
  v[dst + 1] = quoHi;
  return 0;
}

/**
 * `i64.rem_s`: remainder with the dividend's sign. Returns INTEGER_DIVIDE_BY_ZERO or 0;
 * -2^63 rem -1 is 0 (no trap).
 */
export function i64RemS(v: Int32Array, dst: number, a: number, b: number): TrapCode | 0 {
  const nLo = v[a]!;
  const nHi = v[a + 1]!;
  const dLo = v[b]!;
  const dHi = v[b + 1]!;
  if ((dLo | dHi) === 0) return TrapCode.INTEGER_DIVIDE_BY_ZERO;
  if (fitsDouble(nHi) && fitsDouble(dHi)) {
    // JS % is exact on doubles and takes the dividend's sign (a -0 result is written as 0).
    writeSmallI64(v, dst, (nHi * TWO32 + (nLo >>> 0)) % (dHi * TWO32 + (dLo >>> 0)));
    return 0;
  }
  udivmodMagnitudes(nLo, nHi, dLo, dHi);
  writeNegatedIf(v, dst, remLo, remHi, nHi < 0);
  return 0;
}

/** `i64.rem_u`. Returns INTEGER_DIVIDE_BY_ZERO or 0. */
export function i64RemU(v: Int32Array, dst: number, a: number, b: number): TrapCode | 0 {
  const dLo = v[b]!;
  const dHi = v[b + 1]!;
  if ((dLo | dHi) === 0) return TrapCode.INTEGER_DIVIDE_BY_ZERO;
  udivmod64(v[a]!, v[a + 1]!, dLo, dHi);
  v[dst] = remLo;
  v[dst + 1] = remHi;
  return 0;
}

// Shifts: the count is the low half of operand b, mod 64. For 0 ≤ k < 32 the bits crossing
// halves are `(x >>> 1) >>> (31 - k)` / `(x << 1) << (31 - k)`: right for k = 0, where the
// naive `x >>> (32 - k)` would shift by 0 (JS masks counts by 31).

/** `i64.shl`. */
export function i64Shl(v: Int32Array, dst: number, a: number, b: number): void {
  i64ShlBy(v, dst, v[a]!, v[a + 1]!, v[b]!);
}

/** `i64.shl` of a value given as halves by count `count` (mod 64). */
export function i64ShlBy(v: Int32Array, dst: number, lo: number, hi: number, count: number): void {
  const k = count & 63;
  if (k < 32) {
    v[dst + 1] = (hi << k) | ((lo >>> 1) >>> (31 - k));
    v[dst] = lo << k;
  } else {
    v[dst + 1] = lo << (k - 32);
    v[dst] = 0;
  }
}

/** `i64.shr_s`. */
export function i64ShrS(v: Int32Array, dst: number, a: number, b: number): void {
  i64ShrSBy(v, dst, v[a]!, v[a + 1]!, v[b]!);
}

/** `i64.shr_s` of a value given as halves by count `count` (mod 64). */
export function i64ShrSBy(v: Int32Array, dst: number, lo: number, hi: number, count: number): void {
  const k = count & 63;
  if (k < 32) {
    v[dst] = (lo >>> k) | ((hi << 1) << (31 - k));
    v[dst + 1] = hi >> k;
  } else {
    v[dst] = hi >> (k - 32);
    v[dst + 1] = hi >> 31;
  }
}

/** `i64.shr_u`. */
export function i64ShrU(v: Int32Array, dst: number, a: number, b: number): void {
  i64ShrUBy(v, dst, v[a]!, v[a + 1]!, v[b]!);
}

/** `i64.shr_u` of a value given as halves by count `count` (mod 64). */
export function i64ShrUBy(v: Int32Array, dst: number, lo: number, hi: number, count: number): void {
  const k = count & 63;
  if (k < 32) {
    v[dst] = (lo >>> k) | ((hi << 1) << (31 - k));
    v[dst + 1] = (hi >>> k) | 0;
  } else {
    v[dst] = (hi >>> (k - 32)) | 0;
    v[dst + 1] = 0;
  }
}

/** `i64.rotl`. */
export function i64Rotl(v: Int32Array, dst: number, a: number, b: number): void {
  i64RotlBy(v, dst, v[a]!, v[a + 1]!, v[b]!);
}

/** `i64.rotl` of a value given as halves by count `count` (mod 64). */
export function i64RotlBy(v: Int32Array, dst: number, xLo: number, xHi: number, count: number): void {
  let lo = xLo;
  let hi = xHi;
  let k = count & 63;
  if (k >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    k -= 32;
  }
  v[dst] = (lo << k) | ((hi >>> 1) >>> (31 - k));
  v[dst + 1] = (hi << k) | ((lo >>> 1) >>> (31 - k));
}

/** `i64.rotr`. */
export function i64Rotr(v: Int32Array, dst: number, a: number, b: number): void {
  i64RotrBy(v, dst, v[a]!, v[a + 1]!, v[b]!);
}

/** `i64.rotr` of a value given as halves by count `count` (mod 64). */
export function i64RotrBy(v: Int32Array, dst: number, xLo: number, xHi: number, count: number): void {
  let lo = xLo;
  let hi = xHi;
  let k = count & 63;
  if (k >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    k -= 32;
  }
  v[dst] = (lo >>> k) | ((hi << 1) << (31 - k));
  v[dst + 1] = (hi >>> k) | ((lo << 1) << (31 - k));
}

/** `i64.clz`: result is the i64 count (hi = 0). */
export function i64Clz(v: Int32Array, dst: number, a: number): void {
  const hi = v[a + 1]!;
  v[dst] = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(v[a]!);
  v[dst + 1] = 0;
}

/** `i64.ctz`: result is the i64 count (hi = 0). */
export function i64Ctz(v: Int32Array, dst: number, a: number): void {
  const lo = v[a]!;
  v[dst] = lo !== 0 ? i32Ctz(lo) : 32 + i32Ctz(v[a + 1]!);
  v[dst + 1] = 0;
}

/** `i64.popcnt`: result is the i64 count (hi = 0). */
export function i64Popcnt(v: Int32Array, dst: number, a: number): void {
  const n = i32Popcnt(v[a]!) + i32Popcnt(v[a + 1]!);
  v[dst] = n;
  v[dst + 1] = 0;
}

/** `i64.extend8_s`. */
export function i64Extend8S(v: Int32Array, dst: number, a: number): void {
  const lo = (v[a]! << 24) >> 24;
  v[dst] = lo;
  v[dst + 1] = lo >> 31;
}

/** `i64.extend16_s`. */
export function i64Extend16S(v: Int32Array, dst: number, a: number): void {
  const lo = (v[a]! << 16) >> 16;
  v[dst] = lo;
  v[dst + 1] = lo >> 31;
}

/** `i64.extend32_s`. */
export function i64Extend32S(v: Int32Array, dst: number, a: number): void {
  const lo = v[a]!;
  v[dst] = lo;
  v[dst + 1] = lo >> 31;
}

/** `i64.extend_i32_s` of the int32 `x`. */
export function i64ExtendI32S(v: Int32Array, dst: number, x: number): void {
  v[dst] = x;
  v[dst + 1] = x >> 31;
}

/** `i64.extend_i32_u` of the int32 `x`. */
export function i64ExtendI32U(v: Int32Array, dst: number, x: number): void {
  v[dst] = x;
  v[dst + 1] = 0;
}

// i64 compares as pure functions of the halves: 1 or 0.

/** `i64.eq`. */
export function i64Eq(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return lo1 === lo2 && hi1 === hi2 ? 1 : 0;
}

/** `i64.ne`. */
export function i64Ne(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return lo1 !== lo2 || hi1 !== hi2 ? 1 : 0;
}

/** `i64.lt_s`. */
export function i64LtS(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 < hi2 || (hi1 === hi2 && lo1 >>> 0 < lo2 >>> 0) ? 1 : 0;
}

/** `i64.lt_u`. */
export function i64LtU(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 >>> 0 < hi2 >>> 0 || (hi1 === hi2 && lo1 >>> 0 < lo2 >>> 0) ? 1 : 0;
}

/** `i64.gt_s`. */
export function i64GtS(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 > hi2 || (hi1 === hi2 && lo1 >>> 0 > lo2 >>> 0) ? 1 : 0;
}

/** `i64.gt_u`. */
export function i64GtU(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 >>> 0 > hi2 >>> 0 || (hi1 === hi2 && lo1 >>> 0 > lo2 >>> 0) ? 1 : 0;
}

/** `i64.le_s`. */
export function i64LeS(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 < hi2 || (hi1 === hi2 && lo1 >>> 0 <= lo2 >>> 0) ? 1 : 0;
}

/** `i64.le_u`. */
export function i64LeU(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 >>> 0 < hi2 >>> 0 || (hi1 === hi2 && lo1 >>> 0 <= lo2 >>> 0) ? 1 : 0;
}

/** `i64.ge_s`. */
export function i64GeS(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 > hi2 || (hi1 === hi2 && lo1 >>> 0 >= lo2 >>> 0) ? 1 : 0;
}

/** `i64.ge_u`. */
export function i64GeU(lo1: number, hi1: number, lo2: number, hi2: number): number {
  return hi1 >>> 0 > hi2 >>> 0 || (hi1 === hi2 && lo1 >>> 0 >= lo2 >>> 0) ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Floats (spec §4.3.3). Arguments are f32-exact doubles for f32 ops. Any NaN result is
// canonicalized by the caller's write (writeF32 / writeF64).

/** `f32.add`. */
export function f32Add(a: number, b: number): number {
  return Math.fround(a + b);
}

/** `f32.sub`. */
export function f32Sub(a: number, b: number): number {
  return Math.fround(a - b);
}

/** `f32.mul`. */
export function f32Mul(a: number, b: number): number {
  return Math.fround(a * b);
}

/** `f32.div`. */
export function f32Div(a: number, b: number): number {
  return Math.fround(a / b);
}

/** `f32.sqrt`: exact by the double-rounding argument in the header. */
export function f32Sqrt(a: number): number {
  return Math.fround(Math.sqrt(a));
}

/** `f64.sqrt`. */
export function f64Sqrt(a: number): number {
  return Math.sqrt(a);
}

/**
 * `f32.min` / `f64.min`: `Math.min` already has the Wasm rules (NaN if either operand is NaN,
 * -0 < +0) and returns one of its operands, so it stays f32-exact.
 */
export function f32Min(a: number, b: number): number {
  return Math.min(a, b);
}

/** `f32.max` (see {@link f32Min}). */
export function f32Max(a: number, b: number): number {
  return Math.max(a, b);
}

/** `f64.min` (see {@link f32Min}). */
export function f64Min(a: number, b: number): number {
  return Math.min(a, b);
}

/** `f64.max` (see {@link f32Min}). */
export function f64Max(a: number, b: number): number {
  return Math.max(a, b);
}

const TWO52 = 4503599627370496;

/**
 * `f64.nearest`: round to integer, ties to even, sign kept (-0.5 → -0). Every double with
 * |x| ≥ 2^52 is already an integer; below that, `(|x| + 2^52) - 2^52` rounds to an integer in
 * the current (nearest-even) mode because the ulp in [2^52, 2^53) is 1. Not `Math.round`, which
 * rounds ties up.
 */
export function f64Nearest(x: number): number {
  const m = Math.abs(x);
  if (!(m < TWO52) || m === 0) return x; // NaN, ±∞, large integers, ±0
  const r = m + TWO52 - TWO52;
  return x < 0 ? -r : r;
}

/** `f32.nearest`: {@link f64Nearest} on the exact double; the integer result is f32-exact. */
export function f32Nearest(x: number): number {
  return Math.fround(f64Nearest(x));
}

/** `f32.trunc`. */
export function f32Trunc(x: number): number {
  return Math.fround(Math.trunc(x));
}

/** `f32.ceil`. */
export function f32Ceil(x: number): number {
  return Math.fround(Math.ceil(x));
}

/** `f32.floor`. */
export function f32Floor(x: number): number {
  return Math.fround(Math.floor(x));
}

/** `f64.trunc`. */
export function f64Trunc(x: number): number {
  return Math.trunc(x);
}

/** `f64.ceil`. */
export function f64Ceil(x: number): number {
  return Math.ceil(x);
}

/** `f64.floor`. */
export function f64Floor(x: number): number {
  return Math.floor(x);
}

// ---------------------------------------------------------------------------------------------
// Conversions (spec §4.3.4)

/** `f32.demote_f64` (round to nearest even; NaN canonicalized on write). */
export function f32DemoteF64(x: number): number {
  return Math.fround(x);
}

/** `f64.promote_f32`: exact; NaN canonicalized on write. */
export function f64PromoteF32(x: number): number {
  return x;
}

/** `f32.convert_i32_s`. */
export function f32ConvertI32S(x: number): number {
  return Math.fround(x);
}

/** `f32.convert_i32_u` (the unsigned value is exact in a double; one rounding). */
export function f32ConvertI32U(x: number): number {
  return Math.fround(x >>> 0);
}

/** `f64.convert_i32_u`. */
export function f64ConvertI32U(x: number): number {
  return x >>> 0;
}

/**
 * `f64.convert_i64_s` from halves: `hi * 2^32` is exact, so the sum is the only rounding.
 */
export function f64ConvertI64S(lo: number, hi: number): number {
  return hi * TWO32 + (lo >>> 0);
}

/** `f64.convert_i64_u` from halves (one rounding, as {@link f64ConvertI64S}). */
export function f64ConvertI64U(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

/**
 * `f32.convert_i64_u` from halves, correctly rounded. Going through an f64 would round twice
 * (0x0020000020000001 → 2^53 + 2^29 in f64, a tie in f32 → 2^53; correct is 2^53 + 2^30). For
 * n ≥ 2^53 the f32 rounding only looks at bits ≥ 29 and whether any lower bit is set, so bits
 * 0..10 are folded into a sticky bit 11: the result has at most 53 significant bits (11..63),
 * is exact as a double, and rounds to the same f32 as n.
 */
export function f32ConvertI64U(lo: number, hi: number): number {
  if (hi >>> 21 !== 0 && (lo & 0x7ff) !== 0) lo = (lo & ~0x7ff) | 0x800;
  return Math.fround((hi >>> 0) * TWO32 + (lo >>> 0));
}

/**
 * `f32.convert_i64_s` from halves: the magnitude through {@link f32ConvertI64U} (round to
 * nearest even is symmetric); |-2^63| = 2^63 is fine as an unsigned magnitude.
 */
export function f32ConvertI64S(lo: number, hi: number): number {
  if (hi >= 0) return f32ConvertI64U(lo, hi);
  return -f32ConvertI64U(-lo | 0, (~hi + (lo === 0 ? 1 : 0)) | 0);
}

// Trapping truncations. A check returns 0 when trunc(x) is representable, else
// INVALID_CONVERSION_TO_INTEGER for NaN and INTEGER_OVERFLOW otherwise (±∞ included). Promoting
// f32 to f64 is exact, so each check serves the f32 and the f64 source alike. The bounds are
// exact doubles: e.g. the i32 signed range is -2^31 - 1 < x < 2^31, since trunc(-2^31 - 0.5) is
// -2^31.

/** Trap check of `i32.trunc_f32_s` and `i32.trunc_f64_s`. */
export function checkI32TruncS(x: number): TrapCode | 0 {
  if (x > -2147483649 && x < 2147483648) return 0;
  return x !== x ? TrapCode.INVALID_CONVERSION_TO_INTEGER : TrapCode.INTEGER_OVERFLOW;
}

/** Trap check of `i32.trunc_f32_u` and `i32.trunc_f64_u`. */
export function checkI32TruncU(x: number): TrapCode | 0 {
  if (x > -1 && x < 4294967296) return 0;
  return x !== x ? TrapCode.INVALID_CONVERSION_TO_INTEGER : TrapCode.INTEGER_OVERFLOW;
}

/** Trap check of `i64.trunc_f32_s` and `i64.trunc_f64_s` (-2^63 is the lowest valid double). */
export function checkI64TruncS(x: number): TrapCode | 0 {
  if (x >= -9223372036854775808 && x < 9223372036854775808) return 0;
  return x !== x ? TrapCode.INVALID_CONVERSION_TO_INTEGER : TrapCode.INTEGER_OVERFLOW;
}

/** Trap check of `i64.trunc_f32_u` and `i64.trunc_f64_u`. */
export function checkI64TruncU(x: number): TrapCode | 0 {
  if (x > -1 && x < 18446744073709551616) return 0;
  return x !== x ? TrapCode.INVALID_CONVERSION_TO_INTEGER : TrapCode.INTEGER_OVERFLOW;
}

/** `i32.trunc_f64_s` for an `x` that passed {@link checkI32TruncS} (ToInt32 truncates). */
export function i32TruncF64S(x: number): number {
  return x | 0;
}

/** `i32.trunc_f64_u` for an `x` that passed {@link checkI32TruncU}: the int32 bits. */
export function i32TruncF64U(x: number): number {
  return x | 0;
}

/** `i32.trunc_f32_s` for an `x` that passed {@link checkI32TruncS}. */
export function i32TruncF32S(x: number): number {
  return x | 0;
}

/** `i32.trunc_f32_u` for an `x` that passed {@link checkI32TruncU}. */
export function i32TruncF32U(x: number): number {
  return x | 0;
}

/**
 * Writes trunc(x), |x| < 2^64, as i64 halves: ToInt32 (`| 0`) is exactly trunc mod 2^32, and
 * `t / 2^32` is exact, so its floor is the (two's complement) high word.
 */
function writeTruncI64(v: Int32Array, dst: number, x: number): void {
  const t = Math.trunc(x);
  v[dst] = t | 0;
  v[dst + 1] = Math.floor(t / TWO32) | 0;
}

/** `i64.trunc_f64_s`: writes the halves and returns 0, or returns the trap code (no write). */
export function i64TruncF64S(v: Int32Array, dst: number, x: number): TrapCode | 0 {
  const t = checkI64TruncS(x);
  if (t === 0) writeTruncI64(v, dst, x);
  return t;
}

/** `i64.trunc_f64_u`: writes the halves and returns 0, or returns the trap code (no write). */
export function i64TruncF64U(v: Int32Array, dst: number, x: number): TrapCode | 0 {
  const t = checkI64TruncU(x);
  if (t === 0) writeTruncI64(v, dst, x);
  return t;
}

/** `i64.trunc_f32_s` (same as the f64 source: promotion is exact). */
export function i64TruncF32S(v: Int32Array, dst: number, x: number): TrapCode | 0 {
  return i64TruncF64S(v, dst, x);
}

/** `i64.trunc_f32_u` (same as the f64 source: promotion is exact). */
export function i64TruncF32U(v: Int32Array, dst: number, x: number): TrapCode | 0 {
  return i64TruncF64U(v, dst, x);
}

// Saturating truncations (spec §4.3.4 trunc_sat): NaN → 0, out of range → the nearest bound.

/** `i32.trunc_sat_f64_s` (also `i32.trunc_sat_f32_s`). */
export function i32TruncSatF64S(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  return x !== x ? 0 : x < 0 ? -0x80000000 : 0x7fffffff;
}

/** `i32.trunc_sat_f64_u` (also `i32.trunc_sat_f32_u`): result as int32 bits. */
export function i32TruncSatF64U(x: number): number {
  if (x > -1 && x < 4294967296) return x | 0;
  return x > 0 ? -1 : 0;
}

/** `i32.trunc_sat_f32_s`. */
export function i32TruncSatF32S(x: number): number {
  return i32TruncSatF64S(x);
}

/** `i32.trunc_sat_f32_u`. */
export function i32TruncSatF32U(x: number): number {
  return i32TruncSatF64U(x);
}

/** `i64.trunc_sat_f64_s` (also `i64.trunc_sat_f32_s`): writes the halves. */
export function i64TruncSatF64S(v: Int32Array, dst: number, x: number): void {
  if (x >= -9223372036854775808 && x < 9223372036854775808) {
    writeTruncI64(v, dst, x);
  } else if (x !== x) {
    v[dst] = 0;
    v[dst + 1] = 0;
  } else if (x < 0) {
    v[dst] = 0;
    v[dst + 1] = -0x80000000;
  } else {
    v[dst] = -1;
    v[dst + 1] = 0x7fffffff;
  }
}

/** `i64.trunc_sat_f64_u` (also `i64.trunc_sat_f32_u`): writes the halves. */
export function i64TruncSatF64U(v: Int32Array, dst: number, x: number): void {
  if (x > -1 && x < 18446744073709551616) {
    writeTruncI64(v, dst, x);
  } else {
    const bits = x > 0 ? -1 : 0; // NaN and -∞ → 0
    v[dst] = bits;
    v[dst + 1] = bits;
  }
}

/** `i64.trunc_sat_f32_s`. */
export function i64TruncSatF32S(v: Int32Array, dst: number, x: number): void {
  i64TruncSatF64S(v, dst, x);
}

/** `i64.trunc_sat_f32_u`. */
export function i64TruncSatF32U(v: Int32Array, dst: number, x: number): void {
  i64TruncSatF64U(v, dst, x);
}
