/**
 * The numeric helpers that the instruction bodies call (spec §4.3 "Numerics": §4.3.2 integer
 * operations, §4.3.3 floating-point operations, §4.3.4 conversions), on plain int32 / float
 * numbers. The bodies themselves are written once in scripts/isa/semantics.ts and generated into
 * the dispatch loop (run.ts); the one-line ones live there, the ones that need a few lines live
 * here. Nothing here allocates, throws or reads global state it does not own, and every export is
 * called by generated code (tests run it through the interpreter, test/interpreter/numeric.test.ts).
 *
 * ## i64 as two int32 halves
 * The interpreter's value stack is one ArrayBuffer seen as Int32Array / Float32Array /
 * Float64Array; a 64-bit slot k holds an i64 as `lo = i32[2k]`, `hi = i32[2k+1]` (little-endian,
 * as on every host Node runs on). i64 helpers take operands as halves (`xl`, `xh`, ...) and write
 * their result halves into `v[dst]` / `v[dst + 1]`. Never BigInt: every BigInt result is a heap
 * allocation, and STYLE.md records BigInt shifts at ~23 ns, a BigInt `i32.wrap_i64` at ~15 ns and
 * any BigInt op in unoptimized code at 50–110 ns, against a few ns for the int32 sequences below.
 * BigInt is the test oracle only.
 *
 * ## Traps
 * Helpers never throw. i64 divisions return 0 or a {@link TrapCode}; for the trapping
 * truncations a separate `check*` function returns 0 or the code, and the caller raises the trap
 * (cold path) before computing the value.
 *
 * ## NaN rule (determinism)
 * Float-returning helpers may return any JS NaN. A JS NaN written into a Float32Array /
 * Float64Array gets engine-dependent bits, so every arithmetic result is written with an
 * `x !== x` test that stores the canonical NaN ({@link CANONICAL_NAN_F32_BITS},
 * {@link CANONICAL_NAN_F64_HI}:0). Ops that only move bits (load, store, reinterpret, abs, neg,
 * copysign, select, locals, globals) work on raw int32 bits.
 *
 * ## f32 arithmetic
 * f32 values are held as doubles that are exactly representable in binary32, and every f32
 * result goes through `Math.fround`. Computing +, −, ×, ÷ or √ in binary64 and then rounding to
 * binary32 gives the correctly rounded binary32 result: double rounding is innocuous when the
 * wider precision p' = 53 satisfies p' ≥ 2p + 2 = 50 for p = 24 (S. Figueroa, "When is double
 * rounding innocuous?", SIGNUM 1995). `Math.sqrt` is "implementation-approximated" in ECMA-262; V8
 * emits the correctly rounded hardware instruction, and the spec float tests check it in CI.
 */
import { TrapCode } from '../errors.js';

/** Bits of the f32 canonical NaN (sign 0, quiet bit only). */
export const CANONICAL_NAN_F32_BITS = 0x7fc00000;
/** High 32 bits of the f64 canonical NaN (the low word is 0). */
export const CANONICAL_NAN_F64_HI = 0x7ff80000;

// ---------------------------------------------------------------------------------------------
// i32 (spec §4.3.2): only the ops where JS is subtle

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
// i64 (spec §4.3.2) on halves

const TWO32 = 4294967296;

/**
 * `i64.mul`: the low 64 bits of the product. The low word is `Math.imul` of the low halves; the
 * cross products only reach the high word, mod 2^32, so `Math.imul` gives them too. The high word
 * of the unsigned 32×32 product P = A·B comes from the double product p = fl(A·B): |p − P| <
 * 2^11 (P < 2^64), and subtracting the exact low word adds < 2^11 more error, so
 * (p − lo) / 2^32 lies within 2^-20 of the integer high word and `floor(· + 0.5)` is exact.
 * Measured 4.0 ns against 5.0 ns for a 16-bit-limb version (Node 20.20).
 */
export function i64Mul(v: Int32Array, dst: number, aLo: number, aHi: number, bLo: number, bHi: number): void {
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
export function i64DivS(v: Int32Array, dst: number, nLo: number, nHi: number, dLo: number, dHi: number): TrapCode | 0 {
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
export function i64DivU(v: Int32Array, dst: number, nLo: number, nHi: number, dLo: number, dHi: number): TrapCode | 0 {
  if ((dLo | dHi) === 0) return TrapCode.INTEGER_DIVIDE_BY_ZERO;
  udivmod64(nLo, nHi, dLo, dHi);
  v[dst] = quoLo;
  v[dst + 1] = quoHi;
  return 0;
}

/**
 * `i64.rem_s`: remainder with the dividend's sign. Returns INTEGER_DIVIDE_BY_ZERO or 0;
 * -2^63 rem -1 is 0 (no trap).
 */
export function i64RemS(v: Int32Array, dst: number, nLo: number, nHi: number, dLo: number, dHi: number): TrapCode | 0 {
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
export function i64RemU(v: Int32Array, dst: number, nLo: number, nHi: number, dLo: number, dHi: number): TrapCode | 0 {
  if ((dLo | dHi) === 0) return TrapCode.INTEGER_DIVIDE_BY_ZERO;
  udivmod64(nLo, nHi, dLo, dHi);
  v[dst] = remLo;
  v[dst + 1] = remHi;
  return 0;
}

// Shifts of a value given as halves by `count` (mod 64). For 0 ≤ k < 32 the bits crossing halves
// are `(x >>> 1) >>> (31 - k)` / `(x << 1) << (31 - k)`: right for k = 0, where the naive
// `x >>> (32 - k)` would shift by 0 (JS masks counts by 31).

/** `i64.shl`. */
export function i64Shl(v: Int32Array, dst: number, lo: number, hi: number, count: number): void {
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
export function i64ShrS(v: Int32Array, dst: number, lo: number, hi: number, count: number): void {
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
export function i64ShrU(v: Int32Array, dst: number, lo: number, hi: number, count: number): void {
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
export function i64Rotl(v: Int32Array, dst: number, xLo: number, xHi: number, count: number): void {
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
export function i64Rotr(v: Int32Array, dst: number, xLo: number, xHi: number, count: number): void {
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

// ---------------------------------------------------------------------------------------------
// Floats (spec §4.3.3)

const TWO52 = 4503599627370496;

/**
 * `f32.nearest` / `f64.nearest`: round to integer, ties to even, sign kept (-0.5 → -0). Every
 * double with |x| ≥ 2^52 is already an integer; below that, `(|x| + 2^52) - 2^52` rounds to an
 * integer in the current (nearest-even) mode because the ulp in [2^52, 2^53) is 1. Not
 * `Math.round`, which rounds ties up. For an f32 argument the integer result is f32-exact (an f32
 * with |x| ≥ 2^23 is an integer already).
 */
export function fNearest(x: number): number {
  const m = Math.abs(x);
  if (!(m < TWO52) || m === 0) return x; // NaN, ±∞, large integers, ±0
  const r = m + TWO52 - TWO52;
  return x < 0 ? -r : r;
}

// ---------------------------------------------------------------------------------------------
// Conversions (spec §4.3.4)

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

/**
 * Writes trunc(x), |x| < 2^64 (a value that passed {@link checkI64TruncS} or
 * {@link checkI64TruncU}), as i64 halves: ToInt32 (`| 0`) is exactly trunc mod 2^32, and
 * `t / 2^32` is exact, so its floor is the (two's complement) high word.
 */
export function i64TruncTo(v: Int32Array, dst: number, x: number): void {
  const t = Math.trunc(x);
  v[dst] = t | 0;
  v[dst + 1] = Math.floor(t / TWO32) | 0;
}

// Saturating truncations (spec §4.3.4 trunc_sat): NaN → 0, out of range → the nearest bound. An
// f32 source is the same (promotion is exact).

/** `i32.trunc_sat_f32_s` / `i32.trunc_sat_f64_s`. */
export function i32TruncSatS(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  return x !== x ? 0 : x < 0 ? -0x80000000 : 0x7fffffff;
}

/** `i32.trunc_sat_f32_u` / `i32.trunc_sat_f64_u`: result as int32 bits. */
export function i32TruncSatU(x: number): number {
  if (x > -1 && x < 4294967296) return x | 0;
  return x > 0 ? -1 : 0;
}

/** `i64.trunc_sat_f32_s` / `i64.trunc_sat_f64_s`: writes the halves. */
export function i64TruncSatS(v: Int32Array, dst: number, x: number): void {
  if (x >= -9223372036854775808 && x < 9223372036854775808) {
    i64TruncTo(v, dst, x);
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

/** `i64.trunc_sat_f32_u` / `i64.trunc_sat_f64_u`: writes the halves. */
export function i64TruncSatU(v: Int32Array, dst: number, x: number): void {
  if (x > -1 && x < 18446744073709551616) {
    i64TruncTo(v, dst, x);
  } else {
    const bits = x > 0 ? -1 : 0; // NaN and -∞ → 0
    v[dst] = bits;
    v[dst + 1] = bits;
  }
}
