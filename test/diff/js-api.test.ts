/**
 * Differential test of the JS boundary (WebAssembly JS API, "ToWebAssemblyValue" /
 * "ToJSValue"): exported functions, globals and tables of detwasm called with the same JS values
 * as V8's, results and error classes compared. The wasm-level differential (differential.test.ts)
 * passes values as exact bits through wrappers; this covers the conversions themselves.
 *
 * KNOWN_DEVIATIONS lists where detwasm differs from V8 on purpose or pending a decision; each is
 * asserted as it is, so a change shows up. Everything else must agree.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { V8_WASM } from './v8-api.js';

const BYTES = wat(`
  (func (export "i32") (param i32) (result i32) local.get 0)
  (func (export "i64") (param i64) (result i64) local.get 0)
  (func (export "f32") (param f32) (result f32) local.get 0)
  (func (export "f64") (param f64) (result f64) local.get 0)
  (func (export "f32_bits") (param f32) (result i32) local.get 0 i32.reinterpret_f32)
  (func (export "f64_bits") (param f64) (result i64) local.get 0 i64.reinterpret_f64)
  (func (export "multi") (param i32 f64) (result f64 i32 i64) local.get 1 local.get 0 i64.const -1)
  (func (export "none"))
  (func (export "extern_is_null") (param externref) (result i32) local.get 0 ref.is_null)
  (func (export "funcref_is_null") (param funcref) (result i32) local.get 0 ref.is_null)
  (table (export "table") 2 10 externref)
  (func (export "table_is_null") (param i32) (result i32) local.get 0 table.get 0 ref.is_null)
  (global (export "g_f32") (mut f32) (f32.const 0))
  (global (export "g_i32") (mut i32) (i32.const 0))
`);

type Exports = Record<string, unknown>;

const obj = { valueOf: (): number => 42 };
const sym = Symbol('s');

/** JS values to pass, with a printable name each. */
const VALUES: readonly (readonly [string, unknown])[] = [
  ['0', 0], ['-0', -0], ['1.5', 1.5], ['-1.5', -1.5], ['2^32+5', 2 ** 32 + 5], ['-2^31-1', -(2 ** 31) - 1], ['1e40', 1e40],
  ['-1e40', -1e40], ['NaN', NaN], ['Infinity', Infinity], ['f32 max+', 3.4028235677973366e38], ['1e-46', 1e-46],
  ['2^53+1', 2 ** 53 + 1], ['5n', 5n], ['-1n', -1n], ['2^64+3n', 2n ** 64n + 3n], ["'7'", '7'], ["'0x10'", '0x10'],
  ["' 12 '", ' 12 '], ["'abc'", 'abc'], ["''", ''], ['true', true], ['false', false], ['null', null],
  ['undefined', undefined], ['{valueOf: 42}', obj], ['symbol', sym], ['[]', []], ['[3]', [3]], ['{}', {}],
];

function show(x: unknown): string {
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (Array.isArray(x)) return `[${x.map(show).join(',')}]`;
  return typeof x === 'function' ? 'function' : String(x);
}

function outcome(f: () => unknown): string {
  try {
    return `ok ${show(f())}`;
  } catch (e) {
    return `throws ${(e as Error).constructor.name}`;
  }
}

/**
 * Where detwasm differs (test name -> detwasm's outcome). Each is reported to the lead:
 * - i64 from an integral Number: detwasm accepts it (documented extension in values.ts); the JS
 *   API's ToBigInt64 throws TypeError, as V8 does.
 * - i64 from an object: V8 applies ToPrimitive first ([] -> '' -> 0n); detwasm throws TypeError.
 * - funcref from `undefined`: the JS API throws TypeError (only null or an exported function);
 *   detwasm reads it as null.
 * - i32 / f32 global set from a BigInt: ToNumber throws TypeError (V8 does, and detwasm does for
 *   function arguments); detwasm's global setter uses Number() and stores 5.
 */
const KNOWN_DEVIATIONS: Readonly<Record<string, string>> = {
  'i64(0)': 'ok 0n', 'i64(-0)': 'ok 0n', 'i64(2^32+5)': 'ok 4294967301n', 'i64(-2^31-1)': 'ok -2147483649n',
  'i64(1e40)': 'ok 0n', 'i64(-1e40)': 'ok 0n', 'i64(f32 max+)': 'ok 0n', 'i64(2^53+1)': 'ok 9007199254740992n',
  'i64([])': 'throws TypeError', 'i64([3])': 'throws TypeError', 'i64({valueOf: 42})': 'throws TypeError',
  'i64({})': 'throws TypeError',
  'funcref_is_null(undefined)': 'ok 1',
  'g_f32 = 5n': 'ok 5', 'g_i32 = 5n': 'ok 5',
};

describe('JS API boundary: detwasm against V8', () => {
  const v8 = new V8_WASM.Instance(new V8_WASM.Module(BYTES)).exports as Exports;
  const dw = api.instantiate(api.compile(BYTES)).exports as Exports;

  const cases: { name: string; run: (e: Exports) => string }[] = [];
  for (const fn of ['i32', 'i64', 'f32', 'f64', 'f32_bits', 'f64_bits', 'funcref_is_null']) {
    for (const [label, v] of VALUES) cases.push({ name: `${fn}(${label})`, run: (e) => outcome(() => (e[fn] as (a: unknown) => unknown)(v)) });
  }
  for (const args of [[], [1], [1, 2, 3], [1, 2.5], ['2', '0.5']]) {
    cases.push({ name: `multi(${show(args)})`, run: (e) => outcome(() => (e['multi'] as (...a: unknown[]) => unknown)(...args)) });
  }
  cases.push({ name: 'none()', run: (e) => outcome(() => (e['none'] as () => unknown)()) });
  for (const [label, v] of [['42', 42], ["'x'", 'x'], ['null', null], ['obj', obj]] as const) {
    cases.push({ name: `extern_is_null(${label})`, run: (e) => outcome(() => (e['extern_is_null'] as (a: unknown) => unknown)(v)) });
  }
  for (const [g, label, v] of [['g_f32', '1.5', 1.5], ['g_f32', '1e40', 1e40], ['g_f32', 'NaN', NaN], ['g_f32', "'3'", '3'],
    ['g_f32', '5n', 5n], ['g_i32', '2^32+7', 2 ** 32 + 7], ['g_i32', "'9'", '9'], ['g_i32', '5n', 5n]] as const) {
    cases.push({
      name: `${g} = ${label}`,
      run: (e) => outcome(() => {
        const glob = e[g] as { value: unknown };
        glob.value = v;
        return glob.value;
      }),
    });
  }

  it.each(cases)('$name', ({ name, run }) => {
    const want = KNOWN_DEVIATIONS[name] ?? run(v8);
    expect(run(dw)).toBe(want);
  });

  // Regression (found by this test, fixed in 95841ac): `undefined` is a valid non-null externref
  // (JS API: ToWebAssemblyValue(undefined, externref) is a host reference, ToJSValue gives
  // undefined back, and DefaultValue(externref) is undefined); detwasm turned it into ref.null, so
  // wasm code saw `ref.is_null` = 1 where V8 and the spec give 0.
  it.each([
    { name: 'param: extern_is_null(undefined)', run: (e: Exports): string => outcome(() => (e['extern_is_null'] as (a: unknown) => unknown)(undefined)) },
    { name: 'param missing: extern_is_null()', run: (e: Exports): string => outcome(() => (e['extern_is_null'] as () => unknown)()) },
    {
      name: 'table.set(0, undefined); ref.is_null (table.get 0)',
      run: (e: Exports): string => outcome(() => {
        (e['table'] as { set(i: number, v: unknown): void }).set(0, undefined);
        return (e['table_is_null'] as (i: number) => unknown)(0);
      }),
    },
    {
      name: 'table.grow(1, undefined); table.get(2)',
      run: (e: Exports): string => outcome(() => {
        const t = e['table'] as { grow(n: number, v: unknown): number; get(i: number): unknown };
        t.grow(1, undefined);
        return [(e['table_is_null'] as (i: number) => unknown)(2), t.get(2)];
      }),
    },
  ])('externref undefined is not null: $name', ({ run }) => {
    const v8i = new V8_WASM.Instance(new V8_WASM.Module(BYTES)).exports as Exports;
    const dwi = api.instantiate(api.compile(BYTES)).exports as Exports;
    expect(run(dwi)).toBe(run(v8i));
  });
});
