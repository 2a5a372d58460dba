/**
 * Test generator: a fast binary-format writer (spec §5) for generated modules. Unlike
 * test/helpers/binary.ts (BigInt LEB128, spread arrays: fine for hand-written cases) this writes
 * into one growable byte buffer with number arithmetic, because the differential run encodes
 * thousands of modules. Only i64 constants go through BigInt.
 */

/** A growable byte buffer with the binary format's primitive encodings. */
export class ByteWriter {
  bytes: Uint8Array = new Uint8Array(256);
  length = 0;

  byte(b: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = b & 0xff;
  }

  /** Unsigned LEB128 of a u32 (minimal). */
  u32(v: number): void {
    let x = v >>> 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.byte(b);
    } while (x !== 0);
  }

  /** Signed LEB128 of an i32 (minimal). */
  s32(v: number): void {
    let x = v | 0;
    for (;;) {
      const b = x & 0x7f;
      x >>= 7;
      if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }

  /** Signed LEB128 of an i64 given as a bigint (any value; wrapped to 64 bits). */
  s64(v: bigint): void {
    let x = BigInt.asIntN(64, v);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      if ((x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0)) {
        this.byte(b);
        return;
      }
      this.byte(b | 0x80);
    }
  }

  /** A u32 little-endian (f32 bits). */
  fixed32(v: number): void {
    this.byte(v);
    this.byte(v >>> 8);
    this.byte(v >>> 16);
    this.byte(v >>> 24);
  }

  /** A u64 little-endian (f64 bits). */
  fixed64(v: bigint): void {
    const x = BigInt.asUintN(64, v);
    this.fixed32(Number(x & 0xffffffffn));
    this.fixed32(Number(x >> 32n));
  }

  /** Raw bytes. */
  append(src: Uint8Array | readonly number[]): void {
    for (let i = 0; i < src.length; i++) this.byte(src[i]!);
  }

  /** A name: length + UTF-8 (ASCII here). */
  name(s: string): void {
    this.u32(s.length);
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Appends section `id` with the contents written by `fill` (size prefixed). */
export function writeSection(out: ByteWriter, id: number, fill: (w: ByteWriter) => void): void {
  const body = new ByteWriter();
  fill(body);
  out.byte(id);
  out.u32(body.length);
  out.append(body.bytes.subarray(0, body.length));
}
