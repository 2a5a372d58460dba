/**
 * memory64 / table64 through the JS API: a descriptor with `address: 'i64'` takes its sizes as
 * BigInts (ToBigInt: a Number is a TypeError, a string converts; outside [0, 2^64) a TypeError),
 * `grow` of such a memory and `length` / `grow` / `get` / `set` of such a table take and give
 * BigInts, a 64-bit memory or table made in JS links to a module's `(memory i64 ...)` import
 * (and not to a 32-bit one), and `type()` gives the address and BigInt sizes. Runs on V8 where
 * it has memory64 (Node 24+; Node 20's V8 does not, and its rows are skipped with that reason)
 * and on detwasm.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { IMPLS } from './impls.js';
import type { Api, Fn } from './impls.js';

const FEATURES = { memory64: true, reference_types: true, bulk_memory: true };
const USER = wat(`(module
  (import "env" "mem" (memory i64 1))
  (import "env" "tab" (table i64 1 funcref))
  (func $f (export "f") (result i32) i32.const 7)
  (func (export "size") (result i64) memory.size)
  (func (export "grow") (param i64) (result i64) local.get 0 memory.grow)
  (func (export "store") (param i64 i32) local.get 0 local.get 1 i32.store)
  (func (export "load") (param i64) (result i32) local.get 0 i32.load)
  (func (export "tsize") (result i64) table.size)
  (func (export "put") (param i64) local.get 0 ref.func $f table.set)
  (elem declare func $f))`, FEATURES);
const USER32 = wat(`(module (import "env" "mem" (memory 1)))`, FEATURES);

const native = IMPLS[0]![1];
const V8_HAS_MEMORY64 = native !== undefined && native.validate(USER);

describe.each(IMPLS)('memory64 / table64 through the JS API (%s)', (name, api: Api) => {
  const skip = name === 'V8' && !V8_HAS_MEMORY64;
  const why = skip ? ' (skipped: this V8 has no memory64)' : '';
  const Memory = api.Memory as unknown as new (d: unknown) => { buffer: ArrayBuffer; grow(d: unknown): unknown; type?(): unknown };
  const Table = api.Table as unknown as new (d: unknown, v?: unknown) => { length: unknown; get(i: unknown): unknown; set(i: unknown, v?: unknown): void; grow(d: unknown, v?: unknown): unknown };

  it.skipIf(skip)(`a 64-bit Memory: BigInt sizes, grow takes and returns a BigInt${why}`, () => {
    const m = new Memory({ address: 'i64', initial: 1n, maximum: 4n });
    expect(m.buffer.byteLength).toBe(65536);
    const before = m.buffer;
    expect(m.grow(1n)).toBe(1n);
    expect(before.byteLength).toBe(0);
    expect(m.buffer.byteLength).toBe(2 * 65536);
    expect(m.grow('0')).toBe(2n);
    expect(() => m.grow(1)).toThrow(TypeError);
    expect(() => m.grow(-1n)).toThrow(TypeError);
    expect(() => m.grow(2n ** 64n)).toThrow(TypeError);
    expect(() => m.grow(3n)).toThrow(RangeError);
    expect(() => m.grow(2n ** 40n)).toThrow(RangeError);
    expect(m.buffer.byteLength).toBe(2 * 65536);
    // A 32-bit memory keeps Numbers: a BigInt there is a TypeError.
    const m32 = new Memory({ initial: 1 });
    expect(m32.grow(0)).toBe(1);
    expect(() => m32.grow(0n)).toThrow(TypeError);
  });

  it.skipIf(skip)(`64-bit descriptors: Numbers, negative or huge sizes and bad addresses are refused${why}`, () => {
    expect(() => new Memory({ address: 'i64', initial: 1 })).toThrow(TypeError);
    expect(() => new Memory({ address: 'i64', initial: 1n, maximum: 2 })).toThrow(TypeError);
    expect(() => new Memory({ address: 'i64', initial: -1n })).toThrow(TypeError);
    expect(() => new Memory({ address: 'i64', initial: 2n ** 64n })).toThrow(TypeError);
    expect(() => new Memory({ address: 'i64', initial: 2n, maximum: 1n })).toThrow(RangeError);
    expect(() => new Memory({ address: 'i128', initial: 1n })).toThrow(TypeError);
    expect(() => new Memory({ initial: 1n })).toThrow(TypeError);
    expect(() => new Table({ address: 'i64', element: 'anyfunc', initial: 1 })).toThrow(TypeError);
    expect(() => new Table({ address: 'i64', element: 'anyfunc', initial: 2n, maximum: 1n })).toThrow(RangeError);
    expect(new Memory({ address: 'i64', initial: '1' }).buffer.byteLength).toBe(65536);
  });

  it.skipIf(skip)(`a 64-bit Table: length, get, set and grow with BigInts${why}`, () => {
    const t = new Table({ address: 'i64', element: 'externref', initial: 2n }, 'x');
    expect(t.length).toBe(2n);
    expect(t.get(1n)).toBe('x');
    t.set(0n, 'y');
    expect(t.get(0n)).toBe('y');
    expect(t.grow(3n, 'z')).toBe(2n);
    expect(t.length).toBe(5n);
    expect(t.get(4n)).toBe('z');
    expect(() => t.get(1)).toThrow(TypeError);
    expect(() => t.get(5n)).toThrow(RangeError);
    expect(() => t.get(2n ** 63n)).toThrow(RangeError);
    expect(() => t.set(-1n, 'w')).toThrow(TypeError);
    const t32 = new Table({ element: 'externref', initial: 1 });
    expect(t32.length).toBe(1);
    expect(() => t32.get(0n)).toThrow(TypeError);
  });

  it.skipIf(skip)(`JS-made 64-bit memory and table link to a module's i64 imports, and wasm sees JS's growth${why}`, () => {
    const mem = new Memory({ address: 'i64', initial: 1n, maximum: 8n });
    const tab = new Table({ address: 'i64', element: 'anyfunc', initial: 1n });
    const x = new api.Instance(new api.Module(USER), { env: { mem, tab } }).exports as Record<string, Fn>;
    expect(x['size']!()).toBe(1n);
    expect(mem.grow(2n)).toBe(1n);
    expect(x['size']!()).toBe(3n);
    expect(x['grow']!(1n)).toBe(3n);
    expect(mem.buffer.byteLength).toBe(4 * 65536);
    x['store']!(65536n * 3n + 8n, 0x01020304);
    expect(new DataView(mem.buffer).getInt32(65536 * 3 + 8, true)).toBe(0x01020304);
    expect(() => x['load']!(65536n * 4n)).toThrow(api.RuntimeError);
    x['put']!(0n);
    expect((tab.get(0n) as Fn)()).toBe(7);
    expect(x['tsize']!()).toBe(1n);
    expect(tab.grow(1n)).toBe(1n);
    expect(x['tsize']!()).toBe(2n);
    // A 64-bit memory does not satisfy a 32-bit import, nor the reverse.
    expect(() => new api.Instance(new api.Module(USER32), { env: { mem } })).toThrow(api.LinkError);
    expect(() => new api.Instance(new api.Module(USER), { env: { mem: new Memory({ initial: 1 }), tab } })).toThrow(api.LinkError);
  });
});
