/**
 * Test helper of the hostile suite: a byte writer for binary modules too large for the
 * `number[]`-spreading helpers of test/helpers/binary.ts (a million functions, a million
 * `br_table` targets, 100,000 nested blocks). Spec §5 (binary format): LEB128 integers, sections
 * as id + u32 size + content, vectors as u32 count + items.
 *
 * API:
 *   - `ByteWriter`: a growable byte buffer (`u8`, `uleb`, `sleb`, `bytes`, `repeat`, `finish`).
 *   - `moduleBytes(sections)`: header + each `[id, content]` section, sizes computed.
 *   - `ulebLength(n)`: bytes of the LEB128 of `n` (to compute error offsets).
 *   - `typesContent`, `functionsContent`, `exportFuncContent`, `codeContent`: section contents.
 *   - `oneFunction(body)`: a module of one exported function `f` [] -> [] with that body.
 * The hostile shapes themselves (nested blocks, huge br_tables, ...) are built in the tests.
 */

/** A growable byte buffer (doubles its capacity; `finish` returns a trimmed copy). */
export class ByteWriter {
  private buf: Uint8Array;
  private len: number;

  constructor(capacity = 1024) {
    this.buf = new Uint8Array(Math.max(16, capacity));
    this.len = 0;
  }

  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  u8(...values: number[]): this {
    this.reserve(values.length);
    for (const v of values) this.buf[this.len++] = v & 0xff;
    return this;
  }

  /** Unsigned LEB128 of a non-negative safe integer (minimal encoding). */
  uleb(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`uleb of ${value}`);
    let v = value;
    this.reserve(8);
    do {
      const low = v % 128;
      v = Math.floor(v / 128);
      this.buf[this.len++] = v !== 0 ? low | 0x80 : low;
    } while (v !== 0);
    return this;
  }

  /** Signed LEB128 of an int32 (minimal encoding). */
  sleb(value: number): this {
    let v = value | 0;
    this.reserve(5);
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      const isDone = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
      this.buf[this.len++] = isDone ? byte : byte | 0x80;
      if (isDone) return this;
    }
  }

  bytes(data: ArrayLike<number>): this {
    this.reserve(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  /** `count` copies of `pattern`. */
  repeat(pattern: readonly number[], count: number): this {
    this.reserve(pattern.length * count);
    for (let i = 0; i < count; i++) {
      for (const b of pattern) this.buf[this.len++] = b;
    }
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/** Bytes of the minimal unsigned LEB128 of `value`. */
export function ulebLength(value: number): number {
  let n = 1;
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) n++;
  return n;
}

/** Section ids (spec §5.5.2). */
export const SECTION = {
  type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7, start: 8,
  element: 9, code: 10, data: 11,
} as const;

/** `\0asm` version 1 followed by the sections, each `[id, content]`. */
export function moduleBytes(sections: readonly (readonly [number, Uint8Array])[]): Uint8Array {
  let total = 8;
  for (const [, content] of sections) total += content.length + 6;
  const w = new ByteWriter(total);
  w.u8(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);
  for (const [id, content] of sections) w.u8(id).uleb(content.length).bytes(content);
  return w.finish();
}

/** Content of a type section with the given `[params, results]` types (value-type bytes). */
export function typesContent(types: readonly (readonly [readonly number[], readonly number[]])[]): Uint8Array {
  const w = new ByteWriter();
  w.uleb(types.length);
  for (const [params, results] of types) {
    w.u8(0x60).uleb(params.length).bytes(params).uleb(results.length).bytes(results);
  }
  return w.finish();
}

/** Content of a function section: `count` functions, all of type `typeIdx`. */
export function functionsContent(count: number, typeIdx = 0): Uint8Array {
  const w = new ByteWriter(count + 8);
  w.uleb(count);
  for (let i = 0; i < count; i++) w.uleb(typeIdx);
  return w.finish();
}

/** Content of an export section exporting function `funcIdx` as `name`. */
export function exportFuncContent(name: string, funcIdx: number): Uint8Array {
  const utf8 = new TextEncoder().encode(name);
  return new ByteWriter().uleb(1).uleb(utf8.length).bytes(utf8).u8(0x00).uleb(funcIdx).finish();
}

/** Content of a code section of already-encoded bodies (each: locals + code, without size). */
export function codeContent(bodies: readonly Uint8Array[]): Uint8Array {
  let total = 8;
  for (const b of bodies) total += b.length + 5;
  const w = new ByteWriter(total);
  w.uleb(bodies.length);
  for (const b of bodies) w.uleb(b.length).bytes(b);
  return w.finish();
}

/** A module of one function `f` of type [] -> [] with the given body (locals + code). */
export function oneFunction(body: Uint8Array): Uint8Array {
  return moduleBytes([
    [SECTION.type, typesContent([[[], []]])],
    [SECTION.function, functionsContent(1)],
    [SECTION.export, exportFuncContent('f', 0)],
    [SECTION.code, codeContent([body])],
  ]);
}
