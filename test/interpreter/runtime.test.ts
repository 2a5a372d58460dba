/**
 * MemoryInst (src/interpreter/runtime.ts): growth in linear total work. The storage doubles when
 * a grow does not fit (capped at maxPages), the views cover exactly the memory's size, the spare
 * capacity is out of bounds for every kind of access, new pages are zero, and the JS API's
 * `buffer` is exactly the memory's size and shares its bytes. Work is counted (storages
 * allocated, bytes copied), never timed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compile, defineHostFunction, instantiate, Memory, Trap, TrapCode } from '../../src/index.js';
import { markFloatBitsHost, MemoryInst } from '../../src/interpreter/runtime.js';
import { wat } from '../helpers/wat.js';

const PAGE = 65536;

/** Grows `mem` by one page `times` times; counts the storages it allocated and the bytes they took over. */
function growByOnes(mem: MemoryInst, times: number): { allocations: number; copiedBytes: number } {
  let allocations = 0;
  let copiedBytes = 0;
  for (let i = 0; i < times; i++) {
    const before = mem.storage;
    const size = mem.view.byteLength;
    expect(mem.grow(1)).toBe(size / PAGE);
    if (mem.storage !== before) {
      allocations++;
      copiedBytes += size;
    }
  }
  return { allocations, copiedBytes };
}

describe('MemoryInst.grow: linear total work', () => {
  it.each([16, 256, 1000])('one page at a time to %i pages: under 2N pages copied, log2(N)+1 storages', (cap) => {
    const mem = new MemoryInst(1, -1, cap);
    const { allocations, copiedBytes } = growByOnes(mem, cap - 1);
    expect(mem.pages).toBe(cap);
    expect(mem.view.byteLength).toBe(cap * PAGE);
    expect(copiedBytes).toBeLessThan(2 * cap * PAGE);
    expect(allocations).toBeLessThanOrEqual(Math.ceil(Math.log2(cap)) + 1);
    expect(mem.storage.byteLength).toBe(cap * PAGE); // the capacity never passes maxPages
    expect(mem.grow(1)).toBe(-1);
  });

  it('capacity: twice the old size, at least the new size, at most maxPages (the declared maximum or the cap)', () => {
    const cases: readonly { initial: number; declaredMax: number; cap: number; delta: number; capacityPages: number }[] = [
      { initial: 1, declaredMax: -1, cap: 100, delta: 1, capacityPages: 2 },
      { initial: 3, declaredMax: -1, cap: 100, delta: 1, capacityPages: 6 },
      { initial: 3, declaredMax: -1, cap: 100, delta: 10, capacityPages: 13 },
      { initial: 3, declaredMax: 5, cap: 100, delta: 1, capacityPages: 5 },
      { initial: 60, declaredMax: -1, cap: 100, delta: 1, capacityPages: 100 },
      { initial: 0, declaredMax: -1, cap: 100, delta: 1, capacityPages: 1 },
    ];
    for (const c of cases) {
      const mem = new MemoryInst(c.initial, c.declaredMax, c.cap);
      expect(mem.storage.byteLength).toBe(c.initial * PAGE); // no spare capacity before the first grow
      expect(mem.grow(c.delta)).toBe(c.initial);
      expect(mem.storage.byteLength, JSON.stringify(c)).toBe(c.capacityPages * PAGE);
      expect(mem.bytes.length).toBe((c.initial + c.delta) * PAGE);
      expect(mem.view.byteLength).toBe((c.initial + c.delta) * PAGE);
    }
  });

  it('keeps the contents and zeroes the new pages, in place and when it reallocates', () => {
    const mem = new MemoryInst(1, -1, 64);
    for (let pages = 1; pages < 64; pages++) {
      // Every page so far holds its index; the page grown next must read zero.
      mem.bytes[(pages - 1) * PAGE] = pages;
      mem.bytes[pages * PAGE - 1] = pages;
      mem.grow(1);
      for (let p = 1; p <= pages; p++) {
        expect(mem.bytes[(p - 1) * PAGE]).toBe(p);
        expect(mem.bytes[p * PAGE - 1]).toBe(p);
      }
      expect(mem.bytes.subarray(pages * PAGE).every((b) => b === 0)).toBe(true);
    }
  });

  it('a failed grow changes nothing', () => {
    const mem = new MemoryInst(2, 4, 100);
    mem.bytes[5] = 1;
    const storage = mem.storage;
    expect(mem.grow(3)).toBe(-1);
    expect(mem.grow(0xffffffff)).toBe(-1);
    expect(mem.storage).toBe(storage);
    expect(mem.pages).toBe(2);
    expect(mem.view.byteLength).toBe(2 * PAGE);
    expect(mem.grow(0)).toBe(2);
    expect(mem.bytes[5]).toBe(1);
  });
});

describe('MemoryInst.grow when the host cannot allocate', () => {
  const RealArrayBuffer = globalThis.ArrayBuffer;
  afterEach(() => {
    globalThis.ArrayBuffer = RealArrayBuffer;
  });

  /** Makes `new ArrayBuffer(n)` throw as V8 does when it cannot allocate, for n above `maxBytes`. */
  function failAbove(maxBytes: number): void {
    globalThis.ArrayBuffer = class extends RealArrayBuffer {
      constructor(byteLength: number) {
        if (byteLength > maxBytes) throw new RangeError('Array buffer allocation failed');
        super(byteLength);
      }
    } as ArrayBufferConstructor;
  }

  it('the spare capacity failing only costs the capacity: the grow succeeds at the exact size', () => {
    const mem = new MemoryInst(4, -1, 100);
    mem.bytes[7] = 7;
    failAbove(5 * PAGE); // 8 pages (doubling) fail, 5 pages (exact) can be allocated
    expect(mem.grow(1)).toBe(4);
    globalThis.ArrayBuffer = RealArrayBuffer;
    expect(mem.storage.byteLength).toBe(5 * PAGE);
    expect(mem.pages).toBe(5);
    expect(mem.bytes[7]).toBe(7);
  });

  it('the exact size failing is -1 and leaves the memory as it was (docs/RATIONALE.md: the cap must rule this out)', () => {
    const mem = new MemoryInst(4, -1, 100);
    mem.bytes[7] = 7;
    failAbove(4 * PAGE);
    expect(mem.grow(1)).toBe(-1);
    globalThis.ArrayBuffer = RealArrayBuffer;
    expect(mem.pages).toBe(4);
    expect(mem.view.byteLength).toBe(4 * PAGE);
    expect(mem.bytes[7]).toBe(7);
  });
});

describe('the JS API buffer: exactly the memory size, sharing its bytes', () => {
  it('trims spare capacity once, then stays the same object until the next grow', () => {
    const mem = new MemoryInst(2, -1, 100);
    mem.grow(1); // 3 pages in a storage of 4
    expect(mem.storage.byteLength).toBe(4 * PAGE);
    mem.bytes[3 * PAGE - 1] = 9;
    const buffer = mem.exactBuffer();
    expect(buffer.byteLength).toBe(3 * PAGE);
    expect(mem.storage).toBe(buffer);
    expect(mem.exactBuffer()).toBe(buffer);
    expect(new Uint8Array(buffer)[3 * PAGE - 1]).toBe(9);
    new Uint8Array(buffer)[0] = 8;
    expect(mem.bytes[0]).toBe(8);
    mem.bytes[1] = 7;
    expect(new Uint8Array(buffer)[1]).toBe(7);
    // The next grow reallocates (doubling again); the old buffer keeps the old size and contents.
    expect(mem.grow(1)).toBe(3);
    expect(mem.storage.byteLength).toBe(6 * PAGE);
    expect(buffer.byteLength).toBe(3 * PAGE);
    mem.bytes[2] = 6;
    expect(new Uint8Array(buffer)[2]).toBe(0);
    expect(mem.exactBuffer().byteLength).toBe(4 * PAGE);
    expect(new Uint8Array(mem.exactBuffer())[3 * PAGE - 1]).toBe(9);
  });

  it('Memory.buffer from JS: exact size after every grow, writes visible to the module both ways', () => {
    const memory = new Memory({ initial: 1, maximum: 10 });
    const inst = instantiate(compile(wat(`(module (import "env" "mem" (memory 1 10))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
      (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))`)), { env: { mem: memory } });
    for (let pages = 1; pages < 10; pages++) {
      expect(memory.buffer.byteLength).toBe(pages * PAGE);
      new Uint8Array(memory.buffer)[pages * PAGE - 1] = pages;
      expect(inst.invoke('load', [pages * PAGE - 1])).toEqual([pages]);
      expect(inst.invoke('grow', [1])).toEqual([pages]);
      inst.invoke('store', [pages * PAGE, 100 + pages]);
      expect(new Uint8Array(memory.buffer)[pages * PAGE]).toBe(100 + pages);
    }
    expect(memory.buffer.byteLength).toBe(10 * PAGE);
  });

  it('a host function reading Memory.buffer mid-call (the storage is trimmed under the running code)', () => {
    let memory: Memory | null = null;
    const inst = instantiate(compile(wat(`(module (import "env" "peek" (func $peek (param i32) (result i32)))
      (memory (export "mem") 1)
      (func (export "run") (result i32)
        (drop (memory.grow (i32.const 2)))      ;; 3 pages in a storage of 3 (at least the new size)
        (drop (memory.grow (i32.const 1)))      ;; 4 pages in a storage of 6
        (i32.store (i32.const 0x3fffc) (i32.const 0x01020304))
        (drop (call $peek (i32.const 0x3fffc))) ;; trims the storage to 4 pages
        (i32.store (i32.const 4) (i32.const 5)) ;; a store after the host call lands in the trimmed storage
        (i32.add (call $peek (i32.const 4)) (i32.load (i32.const 0x3fffc)))))`)), {
      env: { peek: (at: number) => new DataView(memory!.buffer).getInt32(at, true) },
    });
    memory = inst.exports['mem'] as Memory;
    expect(inst.invoke('run')).toEqual([5 + 0x01020304]);
    expect(memory.buffer.byteLength).toBe(4 * PAGE);
    expect(new DataView(memory.buffer).getInt32(4, true)).toBe(5);
  });
});

describe('the spare capacity is out of bounds for every access', () => {
  // 3 pages in a storage of 4 (memory 2, then grow 1): the fourth page exists in the storage only.
  const module = compile(wat(`(module
    (import "env" "touch" (func $touch (param i32 i32)))
    (memory 2) (data $d "xy")
    (func (export "grow") (result i32) (memory.grow (i32.const 1)))
    (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
    (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "store") (param i32) (i32.store (local.get 0) (i32.const -1)))
    (func (export "v128") (param i32) (v128.store (local.get 0) (v128.load (local.get 0))))
    (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 1) (local.get 1)))
    (func (export "copy") (param i32 i32) (memory.copy (local.get 0) (i32.const 0) (local.get 1)))
    (func (export "init") (param i32) (memory.init $d (local.get 0) (i32.const 0) (i32.const 2)))
    (func (export "touch") (param i32 i32) (call $touch (local.get 0) (local.get 1))))`));
  const touch = defineHostFunction('touch', ['i32', 'i32'], [], (ctx, ptr, len) => {
    ctx.write(ptr, new Uint8Array(len).fill(2));
  });
  const size = 3 * PAGE;
  /** Arguments that reach one byte past the memory (`past`), and the same access ending at its last byte (`last`). */
  const cases: readonly { name: string; past: number[]; last: number[] }[] = [
    { name: 'load', past: [size - 3], last: [size - 4] },
    { name: 'load8', past: [size], last: [size - 1] },
    { name: 'store', past: [size - 3], last: [size - 4] },
    { name: 'v128', past: [size - 15], last: [size - 16] },
    { name: 'fill', past: [size - 1, 2], last: [size - 2, 2] },
    { name: 'copy', past: [size - 1, 2], last: [size - 2, 2] },
    { name: 'init', past: [size - 1], last: [size - 2] },
    { name: 'touch', past: [size - 1, 2], last: [size - 2, 2] },
  ];

  it.each(cases)('$name one byte past the memory traps; ending at its last byte works', ({ name, past, last }) => {
    const inst = instantiate(module, { env: { touch } });
    expect(inst.invoke('grow')).toEqual([2]);
    let caught: unknown = null;
    try {
      inst.invoke(name, past);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Trap);
    expect((caught as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(() => inst.invoke(name, last)).not.toThrow();
    // The next grow uses the spare page: it reads zero, whatever was tried above.
    expect(inst.invoke('grow')).toEqual([3]);
    for (let a = size; a < size + PAGE; a += 4) {
      if (inst.invoke('load', [a])[0] !== 0) throw new Error(`non-zero at ${a}`);
    }
  });
});

describe('MemoryInst.adoptStorage (the JS API layer detaches the old buffer on grow(0))', () => {
  it('moves the memory onto an ArrayBuffer of exactly its size; the bytes and views follow', () => {
    const mem = new MemoryInst(1, -1, 4);
    mem.bytes[5] = 42;
    const next = new ArrayBuffer(65536);
    new Uint8Array(next).set(mem.bytes);
    mem.adoptStorage(next);
    expect(mem.exactBuffer()).toBe(next);
    expect(mem.view.getUint8(5)).toBe(42);
    mem.bytes[6] = 7;
    expect(new Uint8Array(next)[6]).toBe(7);
    expect(mem.pages).toBe(1);
  });

  it.each([0, 65535, 131072])('refuses storage of %i bytes for a 1-page memory (RangeError)', (size) => {
    const mem = new MemoryInst(1, -1, 4);
    expect(() => mem.adoptStorage(new ArrayBuffer(size))).toThrow(RangeError);
    expect(mem.pages).toBe(1);
  });
});

describe('markFloatBitsHost (the JS API layer\'s imports take and return floats as bits)', () => {
  const bytes = wat(`(import "e" "h" (func $h (param f32 f64) (result f64)))
    (func (export "run") (param i32 i64) (result i64) local.get 0 f32.reinterpret_i32 local.get 1 f64.reinterpret_i64 call $h i64.reinterpret_f64)`);

  it('a marked host function gets f32 as uint32 and f64 as uint64 bits and returns bits', () => {
    const seen: unknown[] = [];
    const h = (a: unknown, b: unknown): unknown => {
      seen.push(a, b);
      return 0x7ff4000000000abcn;
    };
    markFloatBitsHost(h);
    const inst = instantiate(compile(bytes), { e: { h } });
    expect(inst.invoke('run', [0x7fa00001, 0x7ff0000000000001n])).toStrictEqual([0x7ff4000000000abcn]);
    expect(seen).toStrictEqual([0x7fa00001, 0x7ff0000000000001n]);
  });

  it('an unmarked one gets numbers and its NaN result is canonical', () => {
    const inst = instantiate(compile(bytes), { e: { h: (a: unknown): unknown => (Number.isNaN(a) ? NaN : 0) } });
    expect(inst.invoke('run', [0x7fa00001, 0n])).toStrictEqual([0x7ff8000000000000n]);
  });
});
