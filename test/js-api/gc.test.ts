/**
 * GC values through the JS API (ToJSValue / ToWebAssemblyValue of the any hierarchy): an i31
 * is a Number, a struct an opaque object that comes back as itself, a JS integer in the i31
 * range passed as anyref is an i31 and any other value a host reference, a value that is not of
 * the parameter's type a TypeError; the GC type names in `new Global` / `new Table`. The same
 * table runs on V8 where it has the final GC (Node 22+; Node 20's V8 does not, and its row is
 * skipped with that reason) and on detwasm.
 */
import { describe, expect, it } from 'vitest';
import { gcWat } from '../helpers/gc-wat.js';
import { IMPLS } from './impls.js';
import type { Api, Fn } from './impls.js';

const BYTES = await gcWat(`(module
  (type $pt (struct (field i32)))
  (func (export "i31") (param i32) (result i31ref) (ref.i31 (local.get 0)))
  (func (export "pt") (param i32) (result (ref $pt)) (struct.new $pt (local.get 0)))
  (func (export "x") (param (ref null $pt)) (result i32) (struct.get $pt 0 (local.get 0)))
  (func (export "kind") (param anyref) (result i32)
    (if (ref.is_null (local.get 0)) (then (return (i32.const 0))))
    (if (ref.test i31ref (local.get 0)) (then (return (i32.const 1))))
    (if (ref.test (ref $pt) (local.get 0)) (then (return (i32.const 2))))
    (i32.const 3))
  (func (export "id") (param anyref) (result anyref) (local.get 0))
  (func (export "eq") (param eqref) (result i32) (ref.is_null (local.get 0))))`);

const native = IMPLS[0]![1];
const V8_HAS_GC = native !== undefined && native.validate(BYTES);

describe.each(IMPLS)('GC values through the JS API (%s)', (name, api: Api) => {
  const skip = name === 'V8' && !V8_HAS_GC;
  const exportsOf = (): Record<string, Fn> => new api.Instance(new api.Module(BYTES)).exports as Record<string, Fn>;

  it.skipIf(skip)(`i31 is a Number; a struct is an opaque object that comes back as itself${skip ? ' (skipped: this V8 has no final GC)' : ''}`, () => {
    const e = exportsOf();
    expect(e['i31']!(-5)).toBe(-5);
    expect(e['i31']!(0x7fffffff)).toBe(-1);
    const p = e['pt']!(42);
    expect(typeof p).toBe('object');
    expect(e['x']!(p)).toBe(42);
    expect(e['id']!(p)).toBe(p);
  });

  it.skipIf(skip)(`a JS value passed as anyref: an i31-range integer is an i31, anything else a host reference${skip ? ' (skipped: this V8 has no final GC)' : ''}`, () => {
    const e = exportsOf();
    expect(e['kind']!(null)).toBe(0);
    expect(e['kind']!(7)).toBe(1);
    expect(e['kind']!(2 ** 30)).toBe(3);
    expect(e['kind']!(1.5)).toBe(3);
    expect(e['kind']!(e['pt']!(1))).toBe(2);
    const host = { h: 1 };
    expect(e['kind']!(host)).toBe(3);
    expect(e['id']!(host)).toBe(host);
    expect(e['id']!('str')).toBe('str');
  });

  it.skipIf(skip)(`a value not of the parameter's type is a TypeError${skip ? ' (skipped: this V8 has no final GC)' : ''}`, () => {
    const e = exportsOf();
    expect(() => e['x']!({})).toThrow(TypeError);
    expect(() => e['x']!(5)).toThrow(TypeError);
    expect(() => e['eq']!({})).toThrow(TypeError);
    expect(e['eq']!(3)).toBe(0);
  });

  it.skipIf(skip)(`new Global / new Table take the GC type names${skip ? ' (skipped: this V8 has no final GC)' : ''}`, () => {
    const g = new api.Global({ value: 'anyref' as never, mutable: true });
    expect(g.value).toBeNull();
    g.value = 12;
    expect(g.value).toBe(12);
    const t = new api.Table({ element: 'anyref' as never, initial: 1 });
    expect(t.get(0)).toBeNull();
    const host = { h: 2 };
    t.set(0, host);
    expect(t.get(0)).toBe(host);
  });
});
