/**
 * A bounded cursor over module bytes: bytes, LEB128 integers, raw float bits and UTF-8 names
 * (spec §5.2 "Values"). Every read checks `end`, so a truncated input throws
 * {@link MalformedError} ("unexpected end") instead of reading past its section.
 *
 * LEB128 rules (spec §5.2.2): an N-bit integer uses at most ceil(N/7) bytes ("integer
 * representation too long" otherwise), and the unused bits of the last byte must be zero for
 * unsigned and a sign extension for signed integers ("integer too large" otherwise).
 * 64-bit integers are returned as two int32 halves (`lo`, `hi` fields), never as BigInt.
 */
import { MalformedError } from '../errors.js';

export class Reader {
  readonly bytes: Uint8Array;
  /** Current offset in `bytes`. */
  pos: number;
  /** Exclusive bound of the region being read (a section, a body, the whole module). */
  end: number;
  /** Low 32 bits of the last {@link readS64} / {@link readF64Bits}. */
  lo = 0;
  /** High 32 bits of the last {@link readS64} / {@link readF64Bits}. */
  hi = 0;

  constructor(bytes: Uint8Array, pos = 0, end: number = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  /** Throws MalformedError at the current offset (or `offset`). */
  fail(message: string, offset: number = this.pos): never {
    throw new MalformedError(message, offset);
  }

  get isAtEnd(): boolean {
    return this.pos >= this.end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  readU8(): number {
    if (this.pos >= this.end) this.fail(this.endMessage());
    return this.bytes[this.pos++]!;
  }

  /** The next byte, not consumed. */
  peekU8(): number {
    if (this.pos >= this.end) this.fail(this.endMessage());
    return this.bytes[this.pos]!;
  }

  /** Message for running past `end`: the spec's, which distinguishes section ends from file end. */
  endMessage(): string {
    return this.end < this.bytes.length ? 'unexpected end of section or function' : 'unexpected end';
  }

  /** Unsigned LEB128, at most 32 bits. Result is a non-negative number in [0, 2^32). */
  readU32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.readU8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', this.pos - 1);
        if (b & 0x70) this.fail('integer too large', this.pos - 1);
        return result + b * 0x10000000;
      }
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
    /* c8 ignore next */
    return this.fail('integer representation too long');
  }

  /**
   * Unsigned LEB128, at most 64 bits (memory64 limits and offsets), as a number: exact below
   * 2^53, and at least 2^53 for every larger value (every such value is past any page or byte cap).
   */
  readU64(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.readU8();
      if (i === 9) {
        if (b & 0x80) this.fail('integer representation too long', this.pos - 1);
        if (b & 0x7e) this.fail('integer too large', this.pos - 1);
        return result + (b & 1) * mul;
      }
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) return result;
      mul *= 128;
    }
    /* c8 ignore next */
    return this.fail('integer representation too long');
  }

  /** Signed LEB128, at most 32 bits. Result is an int32. */
  readS32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.readU8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', this.pos - 1);
        // Bits 4..6 of the fifth byte are unused; they must repeat bit 3 (bit 31 of the value).
        const unused = b & 0x70;
        if (unused !== ((b & 0x08) ? 0x70 : 0)) this.fail('integer too large', this.pos - 1);
        return result | (b << 28);
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        return shift < 32 && (b & 0x40) ? result | (-1 << shift) : result;
      }
    }
    /* c8 ignore next */
    return this.fail('integer representation too long');
  }

  /**
   * Signed LEB128 of 33 bits (block types, spec §5.4.1). Returns a number in [-2^32, 2^32).
   */
  readS33(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.readU8();
      if (i === 4) {
        if (b & 0x80) this.fail('integer representation too long', this.pos - 1);
        // Bits 5..6 of the fifth byte are unused; they must repeat bit 4 (bit 32 of the value).
        const unused = b & 0x60;
        if (unused !== ((b & 0x10) ? 0x60 : 0)) this.fail('integer too large', this.pos - 1);
        result += (b & 0x1f) * mul;
        return (b & 0x10) ? result - 0x200000000 : result;
      }
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) return (b & 0x40) ? result - mul : result;
    }
    /* c8 ignore next */
    return this.fail('integer representation too long');
  }

  /** Signed LEB128 of 64 bits; the value is left in `lo`/`hi` (two int32 halves). */
  readS64(): void {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      const b = this.readU8();
      const v = b & 0x7f;
      if (i === 9) {
        if (b & 0x80) this.fail('integer representation too long', this.pos - 1);
        // Only bit 0 of the tenth byte is used (bit 63); bits 1..6 must repeat it.
        if (v !== 0 && v !== 0x7f) this.fail('integer too large', this.pos - 1);
        hi |= v << 31;
        this.lo = lo;
        this.hi = hi;
        return;
      }
      if (shift < 28) {
        lo |= v << shift;
      } else if (shift === 28) {
        lo |= v << 28; // low 4 bits land in lo; the rest go to hi
        hi |= v >>> 4;
      } else {
        hi |= v << (shift - 32);
      }
      shift += 7;
      if (!(b & 0x80)) {
        if (b & 0x40) {
          // sign-extend from bit `shift`
          if (shift < 32) {
            lo |= -1 << shift;
            hi = -1;
          } else if (shift < 64) {
            hi |= -1 << (shift - 32);
          }
        }
        this.lo = lo;
        this.hi = hi;
        return;
      }
    }
    /* c8 ignore next */
    this.fail('integer representation too long');
  }

  /** Raw bits of an f32 (4 bytes little-endian) as an int32. */
  readF32Bits(): number {
    if (this.end - this.pos < 4) this.fail(this.endMessage());
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }

  /** Raw bits of an f64 (8 bytes little-endian) into `lo`/`hi`. */
  readF64Bits(): void {
    if (this.end - this.pos < 8) this.fail(this.endMessage());
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 8;
    this.lo = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
    this.hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
  }

  /** Skips `n` bytes, checking the bound. Returns the start offset. */
  skip(n: number): number {
    if (n > this.end - this.pos) this.fail(this.endMessage());
    const start = this.pos;
    this.pos += n;
    return start;
  }

  /**
   * Skips a length-prefixed run of `n` bytes (names, data, section and body sizes). A length past
   * the end is "length out of bounds" (the reference interpreter's wording), not "unexpected end".
   */
  skipLength(n: number): number {
    if (n > this.end - this.pos) this.fail('length out of bounds');
    const start = this.pos;
    this.pos += n;
    return start;
  }

  /** A `name` (spec §5.2.4): u32 length + UTF-8 bytes, validated. */
  readName(): string {
    const len = this.readU32();
    const start = this.skipLength(len);
    return decodeUtf8(this.bytes, start, start + len);
  }
}

/**
 * Strict UTF-8 decoding (spec §5.2.4: the bytes must be a valid UTF-8 encoding of Unicode scalar
 * values: no overlongs, no surrogates, nothing above U+10FFFF). Throws "malformed UTF-8 encoding".
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const b0 = bytes[i]!;
    let cp: number;
    let need: number;
    let min: number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    } else if ((b0 & 0xe0) === 0xc0) {
      cp = b0 & 0x1f; need = 1; min = 0x80;
    } else if ((b0 & 0xf0) === 0xe0) {
      cp = b0 & 0x0f; need = 2; min = 0x800;
    } else if ((b0 & 0xf8) === 0xf0) {
      cp = b0 & 0x07; need = 3; min = 0x10000;
    } else {
      throw new MalformedError('malformed UTF-8 encoding', i);
    }
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k]!;
      if (i + k >= end || (b & 0xc0) !== 0x80) throw new MalformedError('malformed UTF-8 encoding', i);
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      throw new MalformedError('malformed UTF-8 encoding', i);
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}
