/**
 * `Memory`, `Table` and `Global` (JS API §"Memories", "Tables", "Globals") on V8 and detwasm:
 * descriptors ([EnforceRange] sizes, TypeError / RangeError), buffer detachment on growth from
 * JS and from wasm, table element conversions and identity, global mutability and type checks.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { f64FromBits, IMPLS, V8_DEVIATIONS } from './impls.js';
import type { Fn } from './impls.js';

const GROWER = wat(`
  (import "env" "mem" (memory 1 10))
  (import "env" "peek" (func $peek))
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "grow_and_peek") (param i32) local.get 0 memory.grow drop call $peek)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u)
`);

void V8_DEVIATIONS;

describe.each(IMPLS)('Memory: %s', (_name, api) => {
  it('descriptor: initial (truncated), maximum; TypeError / RangeError', () => {
    expect(new api.Memory({ initial: 1.7 }).buffer.byteLength).toBe(65536);
    expect(new api.Memory({ initial: 0, maximum: 2 }).buffer.byteLength).toBe(0);
    expect(() => new api.Memory({} as never)).toThrow(TypeError);
    expect(() => new api.Memory(1 as never)).toThrow(TypeError);
    expect(() => new api.Memory({ initial: -1 })).toThrow(TypeError);
    expect(() => new api.Memory({ initial: NaN })).toThrow(TypeError);
    expect(() => new api.Memory({ initial: 2 ** 32 })).toThrow(TypeError);
    expect(() => new api.Memory({ initial: 2, maximum: 1 })).toThrow(RangeError);
    expect(() => new api.Memory({ initial: 65537 })).toThrow(RangeError);
  });

  it('buffer is the same ArrayBuffer until a grow from JS, which detaches it (grow(0) too)', () => {
    const m = new api.Memory({ initial: 1, maximum: 3 });
    const b = m.buffer;
    expect(m.buffer).toBe(b);
    new Uint8Array(b)[3] = 9;
    expect(m.grow(1)).toBe(1);
    expect(b.byteLength).toBe(0);
    const b2 = m.buffer;
    expect(b2.byteLength).toBe(131072);
    expect(new Uint8Array(b2)[3]).toBe(9);
    expect(m.grow(0)).toBe(2);
    expect(b2.byteLength).toBe(0);
    expect(new Uint8Array(m.buffer)[3]).toBe(9);
  });

  it('grow past the maximum is a RangeError and changes nothing; bad deltas are TypeErrors', () => {
    const m = new api.Memory({ initial: 1, maximum: 2 });
    const b = m.buffer;
    expect(() => m.grow(2)).toThrow(RangeError);
    expect(m.buffer).toBe(b);
    expect(b.byteLength).toBe(65536);
    expect(() => m.grow(-1)).toThrow(TypeError);
    expect(() => m.grow(undefined as never)).toThrow(TypeError);
  });

  it('memory.grow in wasm detaches the old buffer, seen after the call and inside an import', () => {
    const m = new api.Memory({ initial: 1, maximum: 10 });
    const seen: number[] = [];
    let before: ArrayBuffer = m.buffer;
    const peek = (): void => {
      seen.push(before.byteLength, m.buffer.byteLength);
    };
    const e = new api.Instance(new api.Module(GROWER), { env: { mem: m, peek } }).exports as Record<string, Fn>;
    const b = m.buffer;
    expect(e['grow']!(1)).toBe(1);
    expect(b.byteLength).toBe(0);
    expect(m.buffer.byteLength).toBe(2 * 65536);
    before = m.buffer;
    e['grow_and_peek']!(1);
    expect(seen).toStrictEqual([0, 3 * 65536]);
    new Uint8Array(m.buffer)[70000] = 5;
    expect(e['load']!(70000)).toBe(5);
    expect(e['grow']!(100)).toBe(-1);
  });

  it('memory.grow 0 in wasm detaches the buffer too, and the bytes stay', () => {
    const m = new api.Memory({ initial: 1, maximum: 10 });
    const e = new api.Instance(new api.Module(GROWER), { env: { mem: m, peek: () => {} } }).exports as Record<string, Fn>;
    const b = m.buffer;
    new Uint8Array(b)[9] = 42;
    expect(e['grow']!(0)).toBe(1);
    expect(b.byteLength).toBe(0);
    const after = m.buffer;
    expect(after.byteLength).toBe(65536);
    expect(new Uint8Array(after)[9]).toBe(42);
    expect(e['load']!(9)).toBe(42);
    expect(m.buffer).toBe(after);
    // A failed grow is no grow: the buffer stays.
    expect(e['grow']!(100)).toBe(-1);
    expect(m.buffer).toBe(after);
    expect(after.byteLength).toBe(65536);
  });

  it('an exported memory is the same Memory object every time', () => {
    const bytes = wat('(memory (export "a") 1) (export "b" (memory 0))');
    const x = new api.Instance(new api.Module(bytes)).exports as Record<string, unknown>;
    expect(x['a']).toBeInstanceOf(api.Memory);
    expect(x['a']).toBe(x['b']);
  });
});

describe.each(IMPLS)('Table: %s', (name, api) => {
  const fns = new api.Instance(new api.Module(wat(`
    (func (export "f") (result i32) i32.const 1)
    (table (export "t") 2 funcref) (elem (i32.const 1) 0)
  `))).exports as Record<string, unknown>;

  it('descriptor: element anyfunc | funcref | externref; TypeError / RangeError', () => {
    for (const element of ['anyfunc', 'externref'] as const) expect(new api.Table({ element, initial: 2 }).length).toBe(2);
    if (name === 'V8') expect(() => new api.Table({ element: 'funcref', initial: 1 })).toThrow(TypeError); // V8_DEVIATIONS
    else expect(new api.Table({ element: 'funcref', initial: 1 }).get(0)).toBeNull();
    expect(() => new api.Table({ element: 'i32' as never, initial: 1 })).toThrow(TypeError);
    expect(() => new api.Table({ initial: 1 } as never)).toThrow(TypeError);
    expect(() => new api.Table({ element: 'funcref' } as never)).toThrow(TypeError);
    expect(() => new api.Table({ element: 'anyfunc', initial: 2, maximum: 1 })).toThrow(RangeError);
  });

  it('funcref: null default, exported functions with identity, TypeError otherwise', () => {
    const t = new api.Table({ element: 'anyfunc', initial: 2 });
    expect(t.get(0)).toBeNull();
    t.set(0, fns['f']);
    expect(t.get(0)).toBe(fns['f']);
    expect(() => t.set(1, () => 1)).toThrow(TypeError);
    expect(() => t.set(1, undefined)).toThrow(TypeError);
    t.set(0);
    expect(t.get(0)).toBeNull();
    const exported = fns['t'] as InstanceType<typeof api.Table>;
    expect(exported.get(1)).toBe(fns['f']);
    expect(fns['t']).toBeInstanceOf(api.Table);
  });

  it('externref: default undefined, any value kept', () => {
    const o = {};
    const t = new api.Table({ element: 'externref', initial: 1 });
    expect(t.get(0)).toBeUndefined();
    t.set(0, o);
    expect(t.get(0)).toBe(o);
    const filled = new api.Table({ element: 'externref', initial: 2 }, 'x');
    expect([filled.get(0), filled.get(1)]).toStrictEqual(['x', 'x']);
    filled.set(0, null);
    expect(filled.get(0)).toBeNull();
  });

  it('grow returns the old length; past the maximum a RangeError; indices out of range are RangeErrors', () => {
    const t = new api.Table({ element: 'externref', initial: 1, maximum: 3 });
    expect(t.grow(2, 'y')).toBe(1);
    expect(t.length).toBe(3);
    expect(t.get(2)).toBe('y');
    expect(() => t.grow(1)).toThrow(RangeError);
    expect(() => t.get(3)).toThrow(RangeError);
    expect(() => t.set(3, null)).toThrow(RangeError);
    expect(() => t.get(-1)).toThrow(TypeError);
  });
});

describe.each(IMPLS)('Global: %s', (name, api) => {
  it.each([
    ['i32', 2 ** 32 + 3, 3],
    ['i64', 2n ** 63n, -(2n ** 63n)],
    ['f32', 1.1, Math.fround(1.1)],
    ['f64', 0.1, 0.1],
    ['externref', 'x', 'x'],
    ['anyfunc', null, null],
  ] as const)('value %s: %s -> %s; valueOf', (value, v, want) => {
    const g = new api.Global({ value, mutable: true }, v);
    expect(g.value).toStrictEqual(want);
    expect(g.valueOf()).toStrictEqual(want);
  });

  it.each([['i32', 0], ['i64', 0n], ['f32', 0], ['f64', 0], ['anyfunc', null]] as const)(
    'default value of %s is %s', (value, want) => {
      expect(new api.Global({ value }).value).toStrictEqual(want);
    },
  );

  it('default value of externref is undefined (V8 11.3: null, V8_DEVIATIONS)', () => {
    expect(new api.Global({ value: 'externref' }).value).toStrictEqual(name === 'V8' ? null : undefined);
    expect(new api.Global({ value: 'externref' }, undefined).value).toBeUndefined();
  });

  it("'funcref' names the funcref type (V8 11.3 refuses it, V8_DEVIATIONS)", () => {
    if (name === 'V8') expect(() => new api.Global({ value: 'funcref' })).toThrow(TypeError);
    else expect(new api.Global({ value: 'funcref' }).value).toBeNull();
  });

  it('type checks: i64 from a Number, i32 from a BigInt, funcref from a JS function, v128 are TypeErrors', () => {
    expect(() => new api.Global({ value: 'i64' }, 1)).toThrow(TypeError);
    expect(() => new api.Global({ value: 'i32' }, 1n)).toThrow(TypeError);
    expect(() => new api.Global({ value: 'funcref' }, () => 1)).toThrow(TypeError);
    expect(() => new api.Global({ value: 'v128' as never })).toThrow(TypeError);
    expect(() => new api.Global({ value: 'x' as never })).toThrow(TypeError);
    expect(() => new api.Global({} as never)).toThrow(TypeError);
  });

  it('an immutable global cannot be set (TypeError); a mutable one can, with conversion', () => {
    const g = new api.Global({ value: 'i32' }, 5);
    expect(() => { g.value = 6; }).toThrow(TypeError);
    expect(g.value).toBe(5);
    const m = new api.Global({ value: 'i32', mutable: 1 as never }, 5);
    m.value = '7';
    expect(m.value).toBe(7);
    expect(() => { m.value = 1n; }).toThrow(TypeError);
    const i = new api.Global({ value: 'i64', mutable: true });
    expect(() => { i.value = 1; }).toThrow(TypeError);
  });

  it('an f64 global keeps the NaN bits of the number (read back by wasm)', () => {
    const g = new api.Global({ value: 'f64', mutable: true }, f64FromBits(0x7ff4000000000abcn));
    const e = new api.Instance(new api.Module(wat(`
      (import "m" "g" (global (mut f64)))
      (func (export "bits") (result i64) global.get 0 i64.reinterpret_f64)
    `)), { m: { g } }).exports as Record<string, Fn>;
    expect(e['bits']!()).toBe(0x7ff4000000000abcn);
  });

  it('an exported global is the same Global; a wasm write shows in JS', () => {
    const x = new api.Instance(new api.Module(wat(`
      (global (export "g") (mut i32) (i32.const 4)) (export "h" (global 0))
      (func (export "set") (param i32) local.get 0 global.set 0)
    `))).exports as Record<string, any>;
    if (name === 'V8') expect(x['g']).not.toBe(x['h']); // V8_DEVIATIONS
    else expect(x['g']).toBe(x['h']);
    expect(x['g']).toBeInstanceOf(api.Global);
    x['set'](9);
    expect(x['g'].value).toBe(9);
  });
});

describe.each(IMPLS)('Symbol.toStringTag: %s', (_name, api) => {
  it('each interface object says [object WebAssembly.X]', () => {
    const module = new api.Module(wat(''));
    const objects: readonly (readonly [string, object])[] = [
      ['Module', module], ['Instance', new api.Instance(module)], ['Memory', new api.Memory({ initial: 0 })],
      ['Table', new api.Table({ element: 'anyfunc', initial: 0 })], ['Global', new api.Global({ value: 'i32' })],
    ];
    for (const [name, o] of objects) expect(Object.prototype.toString.call(o)).toBe(`[object WebAssembly.${name}]`);
    expect(Object.prototype.toString.call(api)).toBe('[object WebAssembly]');
  });
});
