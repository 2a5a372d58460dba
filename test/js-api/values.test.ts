/**
 * ToWebAssemblyValue / ToJSValue (JS API §"JS API value conversions") through exported
 * functions: i32 ToInt32, i64 ToBigInt64 (a Number is a TypeError), f32 rounding, f64 and f32
 * NaN bits kept as the number holds them, externref identity, funcref only null or an exported
 * function, v128 a TypeError. The same table runs on V8 and on detwasm.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { f64FromBits, IMPLS } from './impls.js';
import type { Api, Fn } from './impls.js';

const BYTES = wat(`
  (func (export "i32") (param i32) (result i32) local.get 0)
  (func (export "i64") (param i64) (result i64) local.get 0)
  (func (export "f32") (param f32) (result f32) local.get 0)
  (func (export "f64") (param f64) (result f64) local.get 0)
  (func (export "f32_bits") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
  (func (export "f64_bits") (param f64) (result i64) local.get 0 i64.reinterpret_f64)
  (func (export "ext") (param externref) (result externref) local.get 0)
  (func (export "ext_is_null") (param externref) (result i32) local.get 0 ref.is_null)
  (func (export "fref") (param funcref) (result funcref) local.get 0)
  (func (export "multi") (param i32 i64) (result i64 i32 f64) local.get 1 local.get 0 f64.const 0.5)
  (func (export "none") (param i32))
  (func (export "v128_param") (param v128))
  (func (export "v128_result") (result v128) v128.const i32x4 0 0 0 0)
`);

function exportsOf(api: Api): Record<string, Fn> {
  return new api.Instance(new api.Module(BYTES)).exports as Record<string, Fn>;
}

const obj = { valueOf: (): number => 7 };

/** [function, argument, expected result or the error class name]. */
const CASES: readonly (readonly [string, string, unknown, unknown])[] = [
  ['i32', '2^32+5', 2 ** 32 + 5, 5],
  ['i32', '-1.9', -1.9, -1],
  ['i32', 'NaN', NaN, 0],
  ['i32', "'12'", '12', 12],
  ['i32', 'undefined', undefined, 0],
  ['i32', '{valueOf:7}', obj, 7],
  ['i32', '5n', 5n, 'TypeError'],
  ['i32', 'symbol', Symbol('s'), 'TypeError'],
  ['i64', '5n', 5n, 5n],
  ['i64', '2^64+3n', 2n ** 64n + 3n, 3n],
  ['i64', '2^63n', 2n ** 63n, -(2n ** 63n)],
  ['i64', 'true', true, 1n],
  ['i64', "'0x10'", '0x10', 16n],
  ['i64', '1 (a Number)', 1, 'TypeError'],
  ['i64', 'undefined', undefined, 'TypeError'],
  ['i64', 'null', null, 'TypeError'],
  ['i64', "'abc'", 'abc', 'SyntaxError'],
  ['f32', '1.1', 1.1, Math.fround(1.1)],
  ['f32', '1e40', 1e40, Infinity],
  ['f32', "'2.5'", '2.5', 2.5],
  ['f32', '5n', 5n, 'TypeError'],
  ['f64', '-0', -0, -0],
  ['f64', '0.1', 0.1, 0.1],
  ['f64_bits', 'NaN', NaN, 0x7ff8000000000000n],
  ['f64_bits', 'NaN 0x7ff4000000000001', f64FromBits(0x7ff4000000000001n), 0x7ff4000000000001n],
  ['f64_bits', 'NaN 0xfff0000000000123', f64FromBits(0xfff0000000000123n), BigInt.asIntN(64, 0xfff0000000000123n)],
  ['f32_bits', 'NaN 0x7ff4000020000000', f64FromBits(0x7ff4000020000000n), 0x7fe00001 | 0],
  ['f32_bits', '-NaN 0xfff8000000000000', f64FromBits(0xfff8000000000000n), 0xffc00000 | 0],
  ['f32_bits', '1.5', 1.5, 0x3fc00000],
  ['fref', 'null', null, null],
  ['fref', 'undefined', undefined, 'TypeError'],
  ['fref', 'a JS function', (): number => 1, 'TypeError'],
  ['fref', '{}', {}, 'TypeError'],
  ['ext', "'x'", 'x', 'x'],
  ['ext', 'undefined', undefined, undefined],
  ['ext', '5n', 5n, 5n],
  ['ext_is_null', 'undefined', undefined, 0],
  ['ext_is_null', 'null', null, 1],
  ['v128_param', '0', 0, 'TypeError'],
];

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return (e as Error).name;
  }
}

describe.each(IMPLS)('value conversions: %s', (_name, api) => {
  const e = exportsOf(api);

  it.each(CASES)('%s(%s)', (fn, _label, arg, expected) => {
    expect(outcome(() => e[fn]!(arg))).toStrictEqual(expected);
  });

  it('f32 and f64 results of NaN are NaN numbers', () => {
    expect(e['f64']!(NaN)).toBeNaN();
    expect(e['f32']!(NaN)).toBeNaN();
  });

  it('externref keeps identity (objects, functions, symbols)', () => {
    const o = {};
    const s = Symbol('x');
    expect(e['ext']!(o)).toBe(o);
    expect(e['ext']!(s)).toBe(s);
    expect(e['ext']!(exportsOf)).toBe(exportsOf);
  });

  it('funcref takes exported functions (any instance) and gives the same object back', () => {
    expect(e['fref']!(e['i32'])).toBe(e['i32']);
    const other = exportsOf(api);
    expect(e['fref']!(other['f64'])).toBe(other['f64']);
  });

  it('several results are an array; none is undefined; missing arguments are undefined', () => {
    expect(e['multi']!(3, 4n)).toStrictEqual([4n, 3, 0.5]);
    expect(e['none']!(1)).toBeUndefined();
    expect(outcome(() => e['multi']!(3))).toBe('TypeError'); // undefined -> ToBigInt64
    expect(e['i32']!()).toBe(0);
    expect(e['i32']!(1, 2, 3)).toBe(1);
  });

  it('a v128 parameter or result is a TypeError when called', () => {
    expect(() => e['v128_param']!(0)).toThrow(TypeError);
    expect(() => e['v128_result']!()).toThrow(TypeError);
  });

  it('exported functions: name is the function index, length the parameter count, not constructors', () => {
    expect(e['i32']!.name).toBe('0');
    expect(e['multi']!.name).toBe('9');
    expect(e['multi']!.length).toBe(2);
    expect(e['none']!.length).toBe(1);
    expect(typeof e['i32']).toBe('function');
    expect(() => new (e['i32'] as unknown as new () => object)()).toThrow(TypeError);
  });
});
