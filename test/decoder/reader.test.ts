/**
 * Tests of the bounded byte cursor (src/decoder/reader.ts; spec §5.2 "Values"): LEB128 integers of
 * 32, 33 and 64 bits at every boundary (byte count, unused bits of the last byte, sign extension,
 * truncation inside and at the end of the input), raw float bits, strict UTF-8 names (§5.2.4) and
 * length checks. A fast-check property compares the reader with a BigInt LEB128 encoder
 * (test/helpers/binary.ts) on random values, minimal and padded encodings included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedError } from '../../src/errors.js';
import { decodeUtf8, Reader } from '../../src/decoder/reader.js';
import { sleb, uleb } from '../helpers/binary.js';

type IntKind = 'u32' | 's32' | 's33' | 's64';

/** Reads one integer of `kind`; s64 is reassembled from the lo/hi halves as a signed BigInt. */
function readInt(r: Reader, kind: IntKind): bigint {
  switch (kind) {
    case 'u32': return BigInt(r.readU32());
    case 's32': return BigInt(r.readS32());
    case 's33': return BigInt(r.readS33());
    case 's64':
      r.readS64();
      return BigInt.asIntN(64, (BigInt(r.hi) << 32n) | BigInt(r.lo >>> 0));
  }
}

/** The MalformedError thrown by `f` (fails the test when `f` returns or throws something else). */
function malformed(f: () => unknown): MalformedError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedError);
    return e as MalformedError;
  }
  throw new Error('expected a MalformedError, nothing was thrown');
}

interface IntCase {
  readonly name: string;
  readonly kind: IntKind;
  readonly bytes: readonly number[];
  /** Exclusive end given to the Reader (default: all bytes). */
  readonly end?: number;
  readonly value?: bigint;
  /** Bytes consumed (default: all). */
  readonly consumed?: number;
  readonly error?: string;
  readonly errorOffset?: number;
}

const F = [0xff, 0xff, 0xff, 0xff];
const Z = [0x80, 0x80, 0x80, 0x80];
const TOO_LONG = 'integer representation too long';
const TOO_LARGE = 'integer too large';

const INT_CASES: readonly IntCase[] = [
  // ---- u32
  { name: 'u32 0', kind: 'u32', bytes: [0x00], value: 0n },
  { name: 'u32 127 (largest 1-byte)', kind: 'u32', bytes: [0x7f], value: 127n },
  { name: 'u32 128', kind: 'u32', bytes: [0x80, 0x01], value: 128n },
  { name: 'u32 2^28 - 1 (largest 4-byte)', kind: 'u32', bytes: [0xff, 0xff, 0xff, 0x7f], value: 2n ** 28n - 1n },
  { name: 'u32 2^28', kind: 'u32', bytes: [...Z, 0x01], value: 2n ** 28n },
  { name: 'u32 2^31', kind: 'u32', bytes: [...Z, 0x08], value: 2n ** 31n },
  { name: 'u32 max', kind: 'u32', bytes: [...F, 0x0f], value: 2n ** 32n - 1n },
  { name: 'u32 0 padded to 5 bytes', kind: 'u32', bytes: [...Z, 0x00], value: 0n },
  { name: 'u32 1 padded to 2 bytes', kind: 'u32', bytes: [0x81, 0x00], value: 1n },
  { name: 'u32 stops at the first byte without continuation', kind: 'u32', bytes: [0x05, 0xff], value: 5n, consumed: 1 },
  { name: 'u32 bit 32 set', kind: 'u32', bytes: [...F, 0x1f], error: TOO_LARGE, errorOffset: 4 },
  { name: 'u32 bit 34 set only', kind: 'u32', bytes: [...Z, 0x40], error: TOO_LARGE, errorOffset: 4 },
  { name: 'u32 all unused bits set', kind: 'u32', bytes: [...Z, 0x70], error: TOO_LARGE, errorOffset: 4 },
  { name: 'u32 6 bytes', kind: 'u32', bytes: [...Z, 0x80, 0x00], error: TOO_LONG, errorOffset: 4 },
  { name: 'u32 5th byte continues', kind: 'u32', bytes: [...Z, 0x80], error: TOO_LONG, errorOffset: 4 },
  { name: 'u32 empty input', kind: 'u32', bytes: [], error: 'unexpected end', errorOffset: 0 },
  { name: 'u32 truncated at file end', kind: 'u32', bytes: [0x80, 0x80], error: 'unexpected end', errorOffset: 2 },
  {
    name: 'u32 truncated at section end', kind: 'u32', bytes: [0x80, 0x80, 0x00], end: 2,
    error: 'unexpected end of section or function', errorOffset: 2,
  },
  // ---- s32
  { name: 's32 0', kind: 's32', bytes: [0x00], value: 0n },
  { name: 's32 63 (largest positive 1-byte)', kind: 's32', bytes: [0x3f], value: 63n },
  { name: 's32 -64 (smallest 1-byte)', kind: 's32', bytes: [0x40], value: -64n },
  { name: 's32 -1', kind: 's32', bytes: [0x7f], value: -1n },
  { name: 's32 64 needs 2 bytes', kind: 's32', bytes: [0xc0, 0x00], value: 64n },
  { name: 's32 -65', kind: 's32', bytes: [0xbf, 0x7f], value: -65n },
  { name: 's32 sign extension from bit 28', kind: 's32', bytes: [0x80, 0x80, 0x80, 0x40], value: -(2n ** 27n) },
  { name: 's32 max', kind: 's32', bytes: [...F, 0x07], value: 2n ** 31n - 1n },
  { name: 's32 min', kind: 's32', bytes: [...Z, 0x78], value: -(2n ** 31n) },
  { name: 's32 -1 padded to 5 bytes', kind: 's32', bytes: [...F, 0x7f], value: -1n },
  { name: 's32 0 padded to 5 bytes', kind: 's32', bytes: [...Z, 0x00], value: 0n },
  { name: 's32 -1 padded to 2 bytes', kind: 's32', bytes: [0xff, 0x7f], value: -1n },
  { name: 's32 2^32-1 as unsigned bits', kind: 's32', bytes: [...F, 0x0f], error: TOO_LARGE, errorOffset: 4 },
  { name: 's32 2^31 (bit 31 without sign bits)', kind: 's32', bytes: [...Z, 0x08], error: TOO_LARGE, errorOffset: 4 },
  { name: 's32 sign bits without bit 31', kind: 's32', bytes: [...Z, 0x70], error: TOO_LARGE, errorOffset: 4 },
  { name: 's32 one unused bit differs', kind: 's32', bytes: [...F, 0x5f], error: TOO_LARGE, errorOffset: 4 },
  { name: 's32 6 bytes', kind: 's32', bytes: [...F, 0xff, 0x7f], error: TOO_LONG, errorOffset: 4 },
  { name: 's32 truncated', kind: 's32', bytes: [0xff], error: 'unexpected end', errorOffset: 1 },
  {
    name: 's32 truncated at section end', kind: 's32', bytes: [0xff, 0x7f], end: 1,
    error: 'unexpected end of section or function', errorOffset: 1,
  },
  // ---- s33 (block types)
  { name: 's33 0', kind: 's33', bytes: [0x00], value: 0n },
  { name: 's33 -64 (0x40, the empty block type byte)', kind: 's33', bytes: [0x40], value: -64n },
  { name: 's33 -1 (0x7f, the i32 byte)', kind: 's33', bytes: [0x7f], value: -1n },
  { name: 's33 sign extension from bit 28', kind: 's33', bytes: [0x80, 0x80, 0x80, 0x40], value: -(2n ** 27n) },
  { name: 's33 2^32 - 1 (max)', kind: 's33', bytes: [...F, 0x0f], value: 2n ** 32n - 1n },
  { name: 's33 2^31', kind: 's33', bytes: [...Z, 0x08], value: 2n ** 31n },
  { name: 's33 -2^32 (min)', kind: 's33', bytes: [...Z, 0x70], value: -(2n ** 32n) },
  { name: 's33 -1 padded to 5 bytes', kind: 's33', bytes: [...F, 0x7f], value: -1n },
  { name: 's33 bit 32 without sign bits', kind: 's33', bytes: [...F, 0x1f], error: TOO_LARGE, errorOffset: 4 },
  { name: 's33 sign bits without bit 32', kind: 's33', bytes: [...Z, 0x60], error: TOO_LARGE, errorOffset: 4 },
  { name: 's33 one sign bit', kind: 's33', bytes: [...Z, 0x40], error: TOO_LARGE, errorOffset: 4 },
  { name: 's33 6 bytes', kind: 's33', bytes: [...Z, 0x80, 0x00], error: TOO_LONG, errorOffset: 4 },
  { name: 's33 truncated', kind: 's33', bytes: [0x80, 0x80, 0x80, 0x80], error: 'unexpected end', errorOffset: 4 },
  // ---- s64
  { name: 's64 0', kind: 's64', bytes: [0x00], value: 0n },
  { name: 's64 -1', kind: 's64', bytes: [0x7f], value: -1n },
  { name: 's64 -64', kind: 's64', bytes: [0x40], value: -64n },
  { name: 's64 sign extension from bit 28 (into hi)', kind: 's64', bytes: [0x80, 0x80, 0x80, 0x40], value: -(2n ** 27n) },
  { name: 's64 sign extension from bit 35', kind: 's64', bytes: [...Z, 0x40], value: -(2n ** 34n) },
  { name: 's64 byte 5 splits across lo and hi', kind: 's64', bytes: [...Z, 0xff, 0x00], value: 0x7fn << 28n },
  { name: 's64 2^31 (lo sign bit, positive)', kind: 's64', bytes: [...Z, 0x08], value: 2n ** 31n },
  { name: 's64 2^32 - 1', kind: 's64', bytes: [...F, 0x0f], value: 2n ** 32n - 1n },
  { name: 's64 -2^32', kind: 's64', bytes: [...Z, 0x70], value: -(2n ** 32n) },
  { name: 's64 sign extension from bit 63', kind: 's64', bytes: [...Z, ...Z, 0x40], value: -(2n ** 62n) },
  { name: 's64 max', kind: 's64', bytes: [...F, ...F, 0xff, 0x00], value: 2n ** 63n - 1n },
  { name: 's64 min', kind: 's64', bytes: [...Z, ...Z, 0x80, 0x7f], value: -(2n ** 63n) },
  { name: 's64 -1 padded to 10 bytes', kind: 's64', bytes: [...F, ...F, 0xff, 0x7f], value: -1n },
  { name: 's64 0 padded to 10 bytes', kind: 's64', bytes: [...Z, ...Z, 0x80, 0x00], value: 0n },
  { name: 's64 2^64-1 as unsigned bits', kind: 's64', bytes: [...F, ...F, 0xff, 0x01], error: TOO_LARGE, errorOffset: 9 },
  { name: 's64 bit 64 set', kind: 's64', bytes: [...Z, ...Z, 0x80, 0x02], error: TOO_LARGE, errorOffset: 9 },
  { name: 's64 sign bits without bit 63', kind: 's64', bytes: [...Z, ...Z, 0x80, 0x7e], error: TOO_LARGE, errorOffset: 9 },
  { name: 's64 11 bytes', kind: 's64', bytes: [...Z, ...Z, 0x80, 0x80, 0x00], error: TOO_LONG, errorOffset: 9 },
  { name: 's64 truncated', kind: 's64', bytes: [...F, ...F, 0xff], error: 'unexpected end', errorOffset: 9 },
  {
    name: 's64 truncated at section end', kind: 's64', bytes: [...F, ...F, 0xff, 0x00], end: 9,
    error: 'unexpected end of section or function', errorOffset: 9,
  },
];

describe('Reader LEB128', () => {
  it.each(INT_CASES)('$name', (c) => {
    const bytes = Uint8Array.from(c.bytes);
    const r = new Reader(bytes, 0, c.end ?? bytes.length);
    if (c.error !== undefined) {
      const e = malformed(() => readInt(r, c.kind));
      expect(e.message).toBe(c.error);
      expect(e.offset).toBe(c.errorOffset);
      return;
    }
    expect(readInt(r, c.kind)).toBe(c.value);
    expect(r.pos).toBe(c.consumed ?? bytes.length);
  });

  it('reports offsets relative to the whole buffer when reading from the middle', () => {
    const bytes = Uint8Array.from([0xaa, 0xbb, ...F, 0x1f]);
    const r = new Reader(bytes, 2);
    const e = malformed(() => r.readU32());
    expect(e.message).toBe(TOO_LARGE);
    expect(e.offset).toBe(6);
  });

  it('s64 keeps the previous lo/hi untouched on error', () => {
    const r = new Reader(Uint8Array.from([0x7f, ...F, ...F, 0xff, 0x01]));
    r.readS64();
    expect([r.lo, r.hi]).toEqual([-1, -1]);
    malformed(() => r.readS64());
    expect([r.lo, r.hi]).toEqual([-1, -1]);
  });
});

describe('Reader bytes, floats and lengths', () => {
  it('readU8 distinguishes the end of the input from the end of a section', () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    const all = new Reader(bytes);
    expect([all.readU8(), all.readU8(), all.readU8()]).toEqual([1, 2, 3]);
    expect(all.isAtEnd).toBe(true);
    let e = malformed(() => all.readU8());
    expect([e.message, e.offset]).toEqual(['unexpected end', 3]);
    const part = new Reader(bytes, 1, 2);
    expect(part.remaining).toBe(1);
    expect(part.readU8()).toBe(2);
    e = malformed(() => part.readU8());
    expect([e.message, e.offset]).toEqual(['unexpected end of section or function', 2]);
  });

  it.each([
    { name: '+0', bytes: [0, 0, 0, 0], bits: 0 },
    { name: '1.0', bytes: [0x00, 0x00, 0x80, 0x3f], bits: 0x3f800000 },
    { name: 'canonical NaN', bytes: [0x00, 0x00, 0xc0, 0x7f], bits: 0x7fc00000 },
    { name: 'signalling NaN with payload 1', bytes: [0x01, 0x00, 0x80, 0x7f], bits: 0x7f800001 },
    { name: 'negative NaN (sign bit -> negative int32)', bytes: [0x01, 0x00, 0x80, 0xff], bits: 0xff800001 | 0 },
  ])('readF32Bits $name', ({ bytes, bits }) => {
    const r = new Reader(Uint8Array.from(bytes));
    expect(r.readF32Bits()).toBe(bits);
    expect(r.pos).toBe(4);
  });

  it.each([
    { name: '+0', bytes: [0, 0, 0, 0, 0, 0, 0, 0], lo: 0, hi: 0 },
    { name: '1.0', bytes: [0, 0, 0, 0, 0, 0, 0xf0, 0x3f], lo: 0, hi: 0x3ff00000 },
    { name: 'canonical NaN', bytes: [0, 0, 0, 0, 0, 0, 0xf8, 0x7f], lo: 0, hi: 0x7ff80000 },
    { name: 'signalling NaN, payload in lo', bytes: [0x01, 0, 0, 0x80, 0, 0, 0xf0, 0x7f], lo: 0x80000001 | 0, hi: 0x7ff00000 },
    { name: '-0', bytes: [0, 0, 0, 0, 0, 0, 0, 0x80], lo: 0, hi: 0x80000000 | 0 },
  ])('readF64Bits $name', ({ bytes, lo, hi }) => {
    const r = new Reader(Uint8Array.from(bytes));
    r.readF64Bits();
    expect([r.lo, r.hi, r.pos]).toEqual([lo, hi, 8]);
  });

  it.each([
    { name: 'f32 at file end', read: (r: Reader) => r.readF32Bits(), size: 3, end: 3, message: 'unexpected end' },
    { name: 'f32 at section end', read: (r: Reader) => r.readF32Bits(), size: 4, end: 3, message: 'unexpected end of section or function' },
    { name: 'f64 at file end', read: (r: Reader) => r.readF64Bits(), size: 7, end: 7, message: 'unexpected end' },
    { name: 'f64 at section end', read: (r: Reader) => r.readF64Bits(), size: 8, end: 7, message: 'unexpected end of section or function' },
  ])('truncated $name', ({ read, size, end, message }) => {
    const r = new Reader(new Uint8Array(size + 1), 1, end + 1);
    const e = malformed(() => read(r));
    // Fails before consuming anything: the offset is where the value starts.
    expect([e.message, e.offset, r.pos]).toEqual([message, 1, 1]);
  });

  it('skip and skipLength check the bound with different messages', () => {
    const bytes = new Uint8Array(10);
    const r = new Reader(bytes, 2, 6);
    expect(r.skipLength(4)).toBe(2);
    expect(r.pos).toBe(6);
    r.pos = 2;
    let e = malformed(() => r.skipLength(5));
    expect([e.message, e.offset, r.pos]).toEqual(['length out of bounds', 2, 2]);
    e = malformed(() => r.skipLength(0xffffffff));
    expect(e.message).toBe('length out of bounds');
    e = malformed(() => r.skip(5));
    expect([e.message, e.offset]).toEqual(['unexpected end of section or function', 2]);
    expect(r.skip(3)).toBe(2);
    const whole = new Reader(bytes);
    e = malformed(() => whole.skip(11));
    expect(e.message).toBe('unexpected end');
  });
});

interface NameCase {
  readonly name: string;
  /** The name's content bytes (the length prefix is added). */
  readonly bytes: readonly number[];
  readonly value?: string;
  /** Offset of the bad sequence within the content. */
  readonly errorAt?: number;
}

const NAME_CASES: readonly NameCase[] = [
  { name: 'empty', bytes: [], value: '' },
  { name: 'ASCII', bytes: [0x61, 0x62, 0x63], value: 'abc' },
  { name: 'NUL is a valid scalar value', bytes: [0x00], value: '\0' },
  { name: '2-byte U+00E9', bytes: [0xc3, 0xa9], value: '\u00e9' },
  { name: 'smallest 2-byte U+0080', bytes: [0xc2, 0x80], value: '\u0080' },
  { name: 'largest 2-byte U+07FF', bytes: [0xdf, 0xbf], value: '\u07ff' },
  { name: '3-byte U+20AC', bytes: [0xe2, 0x82, 0xac], value: '\u20ac' },
  { name: 'smallest 3-byte U+0800', bytes: [0xe0, 0xa0, 0x80], value: '\u0800' },
  { name: 'last before surrogates U+D7FF', bytes: [0xed, 0x9f, 0xbf], value: '\ud7ff' },
  { name: 'first after surrogates U+E000', bytes: [0xee, 0x80, 0x80], value: '\ue000' },
  { name: 'U+FFFF', bytes: [0xef, 0xbf, 0xbf], value: '\uffff' },
  { name: '4-byte U+10348', bytes: [0xf0, 0x90, 0x8d, 0x88], value: '\u{10348}' },
  { name: 'smallest 4-byte U+10000', bytes: [0xf0, 0x90, 0x80, 0x80], value: '\u{10000}' },
  { name: 'largest scalar U+10FFFF', bytes: [0xf4, 0x8f, 0xbf, 0xbf], value: '\u{10ffff}' },
  { name: 'mixed', bytes: [0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0x7a], value: 'a\u00e9\u{1f600}z' },
  // overlong encodings
  { name: 'overlong NUL (C0 80)', bytes: [0xc0, 0x80], errorAt: 0 },
  { name: 'overlong U+007F (C1 BF)', bytes: [0xc1, 0xbf], errorAt: 0 },
  { name: 'overlong 3-byte U+0000', bytes: [0xe0, 0x80, 0x80], errorAt: 0 },
  { name: 'overlong 3-byte U+07FF', bytes: [0xe0, 0x9f, 0xbf], errorAt: 0 },
  { name: 'overlong 4-byte U+0000', bytes: [0xf0, 0x80, 0x80, 0x80], errorAt: 0 },
  { name: 'overlong 4-byte U+FFFF', bytes: [0xf0, 0x8f, 0xbf, 0xbf], errorAt: 0 },
  { name: 'overlong after valid text', bytes: [0x61, 0x62, 0xc0, 0xaf], errorAt: 2 },
  // surrogates
  { name: 'high surrogate U+D800', bytes: [0xed, 0xa0, 0x80], errorAt: 0 },
  { name: 'low surrogate U+DFFF', bytes: [0xed, 0xbf, 0xbf], errorAt: 0 },
  { name: 'CESU-8 surrogate pair', bytes: [0xed, 0xa0, 0xbd, 0xed, 0xb2, 0xa9], errorAt: 0 },
  // above U+10FFFF
  { name: 'U+110000', bytes: [0xf4, 0x90, 0x80, 0x80], errorAt: 0 },
  { name: 'F5 lead byte', bytes: [0xf5, 0x80, 0x80, 0x80], errorAt: 0 },
  { name: 'F7 BF BF BF (U+1FFFFF)', bytes: [0xf7, 0xbf, 0xbf, 0xbf], errorAt: 0 },
  { name: '5-byte form', bytes: [0xf8, 0x88, 0x80, 0x80, 0x80], errorAt: 0 },
  { name: '6-byte form', bytes: [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80], errorAt: 0 },
  { name: 'FE', bytes: [0xfe], errorAt: 0 },
  { name: 'FF', bytes: [0xff], errorAt: 0 },
  // broken sequences
  { name: 'lone continuation byte', bytes: [0x80], errorAt: 0 },
  { name: 'continuation after ASCII', bytes: [0x41, 0xbf], errorAt: 1 },
  { name: '2-byte lead then ASCII', bytes: [0xc3, 0x41], errorAt: 0 },
  { name: '3-byte lead, bad second byte', bytes: [0xe2, 0x28, 0xa1], errorAt: 0 },
  { name: '3-byte lead, bad third byte', bytes: [0xe2, 0x82, 0x28], errorAt: 0 },
  { name: '4-byte lead, bad fourth byte', bytes: [0xf0, 0x90, 0x8d, 0xc3], errorAt: 0 },
  { name: 'truncated 2-byte', bytes: [0xc3], errorAt: 0 },
  { name: 'truncated 3-byte', bytes: [0x61, 0xe2, 0x82], errorAt: 1 },
  { name: 'truncated 4-byte', bytes: [0xf0, 0x90, 0x8d], errorAt: 0 },
];

describe('Reader.readName (strict UTF-8)', () => {
  it.each(NAME_CASES)('$name', (c) => {
    const prefix = uleb(c.bytes.length);
    // A trailing 0xbf makes sure a truncated sequence is not completed from bytes past the name.
    const bytes = Uint8Array.from([...prefix, ...c.bytes, 0xbf, 0xbf, 0xbf]);
    const r = new Reader(bytes);
    if (c.value !== undefined) {
      expect(r.readName()).toBe(c.value);
      expect(r.pos).toBe(prefix.length + c.bytes.length);
      return;
    }
    const e = malformed(() => r.readName());
    expect(e.message).toBe('malformed UTF-8 encoding');
    expect(e.offset).toBe(prefix.length + c.errorAt!);
  });

  it('agrees with TextDecoder (fatal) on every 1-, 2- and 3-byte sequence of interesting bytes', () => {
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
      0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xf8, 0xff];
    const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    let checked = 0;
    const check = (seq: number[]): void => {
      const bytes = Uint8Array.from(seq);
      let expected: string | null;
      try {
        expected = td.decode(bytes);
      } catch {
        expected = null;
      }
      let actual: string | null;
      try {
        actual = decodeUtf8(bytes, 0, bytes.length);
      } catch (e) {
        expect(e).toBeInstanceOf(MalformedError);
        actual = null;
      }
      expect(actual, seq.map((b) => b.toString(16)).join(' ')).toBe(expected);
      checked++;
    };
    for (const a of interesting) {
      check([a]);
      for (const b of interesting) {
        check([a, b]);
        for (const c of interesting) check([a, b, c]);
      }
    }
    expect(checked).toBe(26 + 26 ** 2 + 26 ** 3);
  });

  it.each([
    { name: 'length past the end of the input', bytes: [0x05, 0x61, 0x62], end: 3, message: 'length out of bounds', offset: 1 },
    { name: 'length past the end of the section', bytes: [0x03, 0x61, 0x62, 0x63], end: 3, message: 'length out of bounds', offset: 1 },
    { name: 'huge length', bytes: [...F, 0x0f, 0x61], end: 6, message: 'length out of bounds', offset: 5 },
    { name: 'truncated length', bytes: [0x80], end: 1, message: 'unexpected end', offset: 1 },
    { name: 'over-long length', bytes: [...Z, 0x80, 0x00], end: 6, message: TOO_LONG, offset: 4 },
  ])('$name', ({ bytes, end, message, offset }) => {
    const r = new Reader(Uint8Array.from(bytes), 0, end);
    const e = malformed(() => r.readName());
    expect([e.message, e.offset]).toEqual([message, offset]);
  });
});

// ---- property: the reader inverts a BigInt LEB128 encoder, minimal and padded encodings alike.

const SEED = 0x1eb128;
const RUNS = 3000;

interface Width {
  readonly kind: IntKind;
  readonly bits: number;
  readonly signed: boolean;
  /** Most bytes of an encoding: ceil(bits / 7). */
  readonly maxBytes: number;
}

const WIDTHS: readonly Width[] = [
  { kind: 'u32', bits: 32, signed: false, maxBytes: 5 },
  { kind: 's32', bits: 32, signed: true, maxBytes: 5 },
  { kind: 's33', bits: 33, signed: true, maxBytes: 5 },
  { kind: 's64', bits: 64, signed: true, maxBytes: 10 },
];

function range(w: Width): [bigint, bigint] {
  const b = BigInt(w.bits);
  return w.signed ? [-(2n ** (b - 1n)), 2n ** (b - 1n) - 1n] : [0n, 2n ** b - 1n];
}

function encode(w: Width, v: bigint, width?: number): number[] {
  return w.signed ? sleb(v, width) : uleb(v, width);
}

/** Values biased towards the edges (powers of two +-1) as well as uniform ones. */
function valueArb(w: Width): fc.Arbitrary<bigint> {
  const [min, max] = range(w);
  const edge = fc.tuple(fc.integer({ min: 0, max: w.bits }), fc.integer({ min: -1, max: 1 }), fc.boolean())
    .map(([k, d, neg]) => {
      const v = (neg && w.signed ? -(2n ** BigInt(k)) : 2n ** BigInt(k)) + BigInt(d);
      return v < min ? min : v > max ? max : v;
    });
  return fc.oneof(fc.bigInt({ min, max }), edge);
}

describe.each(WIDTHS)(`LEB128 $kind against a BigInt encoder (fast-check seed ${SEED})`, (w) => {
  it(`${w.kind}: every value in range, every width from minimal to ${w.maxBytes} bytes`, () => {
    const arb = valueArb(w).chain((v) => {
      const minimal = encode(w, v).length;
      return fc.tuple(fc.constant(v), fc.integer({ min: minimal, max: w.maxBytes }), fc.nat({ max: 3 }));
    });
    fc.assert(fc.property(arb, ([v, width, prefixLen]) => {
      // Random bytes before and after: the reader must start at `pos` and stop after the value.
      const enc = encode(w, v, width);
      const bytes = Uint8Array.from([...new Array<number>(prefixLen).fill(0xff), ...enc, 0x80, 0xff]);
      const r = new Reader(bytes, prefixLen);
      expect(readInt(r, w.kind)).toBe(v);
      expect(r.pos).toBe(prefixLen + width);
    }), { seed: SEED, numRuns: RUNS });
  });

  it(`${w.kind}: values out of range in ${w.maxBytes} bytes are "integer too large"`, () => {
    const [min, max] = range(w);
    // Everything representable in maxBytes groups but outside the type's range.
    const room = BigInt(7 * w.maxBytes);
    const outside = w.signed
      ? fc.oneof(fc.bigInt({ min: max + 1n, max: 2n ** (room - 1n) - 1n }), fc.bigInt({ min: -(2n ** (room - 1n)), max: min - 1n }))
      : fc.bigInt({ min: max + 1n, max: 2n ** room - 1n });
    fc.assert(fc.property(outside, (v) => {
      const r = new Reader(Uint8Array.from(encode(w, v, w.maxBytes)));
      const e = malformed(() => readInt(r, w.kind));
      expect([e.message, e.offset]).toEqual([TOO_LARGE, w.maxBytes - 1]);
    }), { seed: SEED, numRuns: RUNS / 3 });
  });

  it(`${w.kind}: encodings longer than ${w.maxBytes} bytes are "integer representation too long"`, () => {
    const [min, max] = range(w);
    const arb = fc.tuple(fc.bigInt({ min, max }), fc.integer({ min: w.maxBytes + 1, max: w.maxBytes + 4 }));
    fc.assert(fc.property(arb, ([v, width]) => {
      const r = new Reader(Uint8Array.from(encode(w, v, width)));
      const e = malformed(() => readInt(r, w.kind));
      expect([e.message, e.offset]).toEqual([TOO_LONG, w.maxBytes - 1]);
    }), { seed: SEED, numRuns: RUNS / 3 });
  });

  it(`${w.kind}: every proper prefix of an encoding is "unexpected end"`, () => {
    const [min, max] = range(w);
    const arb = fc.bigInt({ min, max }).chain((v) => {
      const enc = encode(w, v, undefined);
      return fc.tuple(fc.constant(enc), fc.integer({ min: 0, max: enc.length - 1 }), fc.boolean());
    });
    fc.assert(fc.property(arb, ([enc, cut, inSection]) => {
      // inSection: the bytes go on, but the reader's `end` stops at the cut.
      const bytes = Uint8Array.from(inSection ? enc : enc.slice(0, cut));
      const r = new Reader(bytes, 0, cut);
      const e = malformed(() => readInt(r, w.kind));
      const message = inSection && cut < enc.length ? 'unexpected end of section or function' : 'unexpected end';
      expect([e.message, e.offset]).toEqual([message, cut]);
    }), { seed: SEED, numRuns: RUNS / 3 });
  });
});
