/**
 * Numeric literals of the WebAssembly text format (spec §6.3.1 integers, §6.3.2 floating-point),
 * as wast2json writes them: the bit pattern as an unsigned decimal string. Floats are rounded to
 * nearest, ties to even, from the exact value of the literal (BigInt rational arithmetic, so a
 * decimal literal is rounded once, never through a double first).
 */

/** Removes the `_` digit separators (the spec allows one between two digits). */
function digitsOf(text: string): string {
  if (/^_|_$|__|[^0-9a-fA-F]_|_[^0-9a-fA-F]/.test(text)) throw new Error(`bad digit separator in ${text}`);
  return text.replace(/_/g, '');
}

/**
 * An integer literal of `width` bits as its unsigned bit pattern: decimal or `0x` hex, optional
 * sign, value in [-2^(width-1), 2^width). Throws on anything else.
 */
export function intBits(text: string, width: 8 | 16 | 32 | 64): bigint {
  const m = /^([+-]?)(0x[0-9a-fA-F_]+|[0-9_]+)$/.exec(text);
  if (m === null) throw new Error(`bad i${width} literal ${text}`);
  const digits = m[2]!;
  const isHex = digits.startsWith('0x');
  const clean = digitsOf(isHex ? digits.slice(2) : digits);
  const magnitude = BigInt(isHex ? '0x' + clean : clean);
  const value = m[1] === '-' ? -magnitude : magnitude;
  const limit = 1n << BigInt(width);
  if (value < -(limit >> 1n) || value >= limit) throw new Error(`i${width} literal out of range: ${text}`);
  return BigInt.asUintN(width, value);
}

interface FloatFormat {
  /** Explicit mantissa bits. */
  readonly mantissaBits: number;
  readonly exponentBits: number;
}

const F32: FloatFormat = { mantissaBits: 23, exponentBits: 8 };
const F64: FloatFormat = { mantissaBits: 52, exponentBits: 11 };

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/**
 * The bits of num/den (> 0) rounded to the format, or null when it rounds to infinity (the spec
 * makes such a literal malformed, "constant out of range").
 */
function roundRational(num: bigint, den: bigint, f: FloatFormat): bigint | null {
  const bias = (1 << (f.exponentBits - 1)) - 1;
  const eMin = 1 - bias;
  // e = floor(log2(num/den)).
  let e = bitLength(num) - bitLength(den);
  if (e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den) e--;
  const q = Math.max(e, eMin) - f.mantissaBits; // exponent of the last mantissa bit
  let n = num;
  let d = den;
  if (q >= 0) d <<= BigInt(q);
  else n <<= BigInt(-q);
  let m = n / d;
  const twiceRem = 2n * (n % d);
  if (twiceRem > d || (twiceRem === d && (m & 1n) === 1n)) m++;
  const implicit = 1n << BigInt(f.mantissaBits);
  if (e < eMin) return m; // subnormal (m === implicit is the smallest normal: exponent field 1)
  if (m === implicit << 1n) {
    m = implicit;
    e++;
  }
  if (e > bias) return null;
  return (BigInt(e + bias) << BigInt(f.mantissaBits)) | (m - implicit);
}

/** The exponent of a float literal (absent: 0). */
function exponentOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const magnitude = Number(digitsOf(text.replace(/^[+-]/, '')));
  return text.startsWith('-') ? -magnitude : magnitude;
}

/**
 * A float literal of `width` bits as its bit pattern: decimal or hex (`0x1.8p3`), `inf`,
 * `nan`, `nan:0x...` (a payload), each with an optional sign; and, when `isPattern`, the result
 * patterns `nan:canonical` / `nan:arithmetic`, returned as they are.
 */
export function floatBits(text: string, width: 32 | 64, isPattern = false): bigint | 'nan:canonical' | 'nan:arithmetic' {
  if (isPattern && (text === 'nan:canonical' || text === 'nan:arithmetic')) return text;
  const f = width === 32 ? F32 : F64;
  const sign = text.startsWith('-') ? 1n << BigInt(width - 1) : 0n;
  const body = text.replace(/^[+-]/, '');
  const expAll = ((1n << BigInt(f.exponentBits)) - 1n) << BigInt(f.mantissaBits);
  const fracMask = (1n << BigInt(f.mantissaBits)) - 1n;
  if (body === 'inf') return sign | expAll;
  if (body === 'nan') return sign | expAll | (1n << BigInt(f.mantissaBits - 1));
  if (body.startsWith('nan:0x')) {
    const payload = BigInt('0x' + digitsOf(body.slice(6)));
    if (payload === 0n || payload > fracMask) throw new Error(`bad NaN payload in ${text}`);
    return sign | expAll | payload;
  }
  let num: bigint;
  let den = 1n;
  const hex = /^0x([0-9a-fA-F_]*)(?:\.([0-9a-fA-F_]*))?(?:[pP]([+-]?[0-9_]+))?$/.exec(body);
  const dec = /^([0-9_]+)(?:\.([0-9_]*))?(?:[eE]([+-]?[0-9_]+))?$/.exec(body);
  if (hex !== null && (hex[1] !== '' || (hex[2] ?? '') !== '')) {
    const intPart = digitsOf(hex[1] ?? '');
    const fracPart = hex[2] === undefined || hex[2] === '' ? '' : digitsOf(hex[2]);
    num = BigInt('0x' + (intPart + fracPart || '0'));
    const exp = exponentOf(hex[3]) - 4 * fracPart.length;
    if (exp >= 0) num <<= BigInt(exp);
    else den = 1n << BigInt(-exp);
  } else if (dec !== null) {
    const intPart = digitsOf(dec[1]!);
    const fracPart = dec[2] === undefined || dec[2] === '' ? '' : digitsOf(dec[2]);
    num = BigInt(intPart + fracPart);
    const exp = exponentOf(dec[3]) - fracPart.length;
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den = 10n ** BigInt(-exp);
  } else {
    throw new Error(`bad f${width} literal ${text}`);
  }
  if (num === 0n) return sign;
  const bits = roundRational(num, den, f);
  if (bits === null) throw new Error(`f${width} constant out of range: ${text}`);
  return sign | bits;
}
