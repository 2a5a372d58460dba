/**
 * The two ways into an exported function (instance.ts): the fixed-arity path that the JS function
 * of an export with at most 4 parameters and at most one result takes (`callExport`: arguments as
 * parameters, no rest or results arrays), and the general path (`invokeFunction`, which
 * `Instance.invoke` and exports with more parameters or results take). The fast path must behave
 * exactly as the general one: a property test runs random signatures and random JS arguments
 * (numbers, bigints, strings, objects with valueOf, symbols, missing and extra arguments) through
 * both and compares results and errors (class and message); the cases below pin arities, i64
 * BigInt conversion, traps, re-entrancy and the stack-limit check that comes before conversion.
 * fast-check's seed is printed on failure (replay with `{ seed, path }`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, instantiate, Trap, TrapCode } from '../../src/index.js';
import type { Instance } from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { V8_WASM } from '../diff/v8-api.js';

const TYPES = ['i32', 'i64', 'f32', 'f64', 'externref'] as const;
type T = (typeof TYPES)[number];

/** The body of a function of `params` returning `result`: a parameter of that type, else a constant. */
function body(params: readonly T[], result: T | null, pick: number, traps: boolean): string {
  if (traps) return 'unreachable';
  if (result === null) return params.length > 0 ? `(drop (local.get ${pick % params.length}))` : 'nop';
  const same = params.map((p, i) => [p, i] as const).filter(([p]) => p === result);
  if (same.length > 0) return `(local.get ${same[(pick >> 2) % same.length]![1]})`;
  switch (result) {
    case 'i32': return '(i32.const -7)';
    case 'i64': return '(i64.const -9223372036854775808)';
    case 'f32': return '(f32.const -0)';
    case 'f64': return '(f64.const nan:0x4)';
    default: return '(ref.null extern)';
  }
}

const modules = new Map<string, { inst: Instance; v8: Record<string, unknown> }>();

/** A detwasm instance and a V8 one exporting "f" with the signature (cached by the module's text). */
function instancesOf(params: readonly T[], result: T | null, pick: number, traps: boolean): { inst: Instance; v8: Record<string, unknown> } {
  const text = `(module (func (export "f") ${params.map((p) => `(param ${p})`).join(' ')} ${result === null ? '' : `(result ${result})`}
    ${body(params, result, pick, traps)}))`;
  let pair = modules.get(text);
  if (pair === undefined) {
    const bytes = wat(text);
    pair = { inst: instantiate(compile(bytes)), v8: new V8_WASM.Instance(new V8_WASM.Module(bytes)).exports };
    modules.set(text, pair);
  }
  return pair;
}

function instanceOf(params: readonly T[], result: T | null, pick: number, traps: boolean): Instance {
  return instancesOf(params, result, pick, traps).inst;
}

type Outcome = { ok: unknown } | { error: string };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: run() };
  } catch (e) {
    if (e instanceof Trap) return { error: `Trap ${e.code} ${e.message} [${e.wasmStack.join(', ')}]` };
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

/** The result type: mostly a parameter's (so the argument's conversion shows in the result), else `chosen`. */
function resultOf(params: readonly T[], chosen: T | null, pick: number): T | null {
  return params.length > 0 && pick % 3 !== 0 ? params[(pick >> 2) % params.length]! : chosen;
}

function show(o: Outcome): string {
  return 'ok' in o ? `returned ${typeof o.ok === 'symbol' ? 'a symbol' : String(o.ok)}` : `threw ${o.error}`;
}

/** JS values of every kind an argument can be (a shared object keeps externref identity comparable). */
const shared = { valueOf: () => 41 };
const jsValue = fc.oneof(
  fc.integer(),
  fc.integer().map((i) => i / 4), // fractions: ToInt32 truncates
  fc.double(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.string({ maxLength: 4 }),
  fc.constantFrom<unknown>(
    undefined, null, true, false, NaN, -0, Infinity, -Infinity, 2 ** 31, 2 ** 32 + 5, 2 ** 53, 1.5, '12', '0x10', ' 7 ', '1e3', '-1',
    shared, {}, [3], Symbol('s'), 2n ** 63n, -(2n ** 63n) - 1n, 2n ** 64n + 3n,
  ),
);

describe('exported functions: the fixed-arity path behaves as the general path', () => {
  it('random signatures (<= 4 params, <= 1 result) and random arguments give the same results and errors', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TYPES), { maxLength: 4 }),
        fc.option(fc.constantFrom(...TYPES), { nil: null }),
        fc.nat(),
        fc.boolean(),
        fc.array(jsValue, { maxLength: 6 }),
        (params, chosen, pick, traps, args) => {
          const result = resultOf(params, chosen, pick);
          const inst = instanceOf(params, result, pick, traps && pick % 4 === 0);
          const fast = outcome(() => inst.exports['f'](...args));
          const general = outcome(() => {
            const r = inst.invoke('f', args);
            return r.length === 0 ? undefined : r[0];
          });
          if ('ok' in fast && 'ok' in general) expect(Object.is(fast.ok, general.ok), `${String(fast.ok)} vs ${String(general.ok)}`).toBe(true);
          else expect(fast).toEqual(general);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('random signatures and arguments give V8\'s results, and throw where V8 throws (the JS API conversions)', () => {
    // i64 arguments are BigInts here: detwasm also takes integral numbers, where V8 throws (README).
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TYPES), { maxLength: 4 }),
        fc.option(fc.constantFrom(...TYPES), { nil: null }),
        fc.nat(),
        fc.boolean(),
        fc.array(jsValue, { maxLength: 6 }),
        fc.array(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), { minLength: 4, maxLength: 4 }),
        (params, chosen, pick, traps, values, bigints) => {
          const result = resultOf(params, chosen, pick);
          const args = values.map((v, i) => (params[i] === 'i64' ? bigints[i] : v));
          const { inst, v8 } = instancesOf(params, result, pick, traps && pick % 4 === 0);
          const ours = outcome(() => inst.exports['f'](...args));
          const theirs = outcome(() => (v8['f'] as (...a: unknown[]) => unknown)(...args));
          expect('ok' in ours, `${show(ours)} vs V8 ${show(theirs)}`).toBe('ok' in theirs);
          if ('ok' in ours && 'ok' in theirs) expect(Object.is(ours.ok, theirs.ok), `${String(ours.ok)} vs V8 ${String(theirs.ok)}`).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it.each([0, 1, 2, 3, 4, 5])('a function of %i i32 params keeps its name, length and argument order', (n) => {
    const params = Array.from({ length: n }, () => '(param i32)').join(' ');
    // Sum of param k * 10^k: every argument in its place.
    const sum = Array.from({ length: n }, (_, k) => `(i32.mul (local.get ${k}) (i32.const ${10 ** k}))`).reduce((a, b) => `(i32.add ${a} ${b})`, '(i32.const 0)');
    const inst = instantiate(compile(wat(`(module (func (export "f") ${params} (result i32) ${sum}))`)));
    const f = inst.exports['f'] as (...a: unknown[]) => number;
    expect(f.length).toBe(n);
    expect(f.name).toBe('0');
    const args = [1, 2, 3, 4, 5].slice(0, n);
    const expected = args.reduce((s, a, k) => s + a * 10 ** k, 0);
    expect(f(...args)).toBe(expected);
    expect(f(...args, 9, 9)).toBe(expected); // extra arguments are ignored
    expect(f()).toBe(0); // missing ones are undefined: ToInt32(undefined) = 0
  });

  it('several results and five params take the general path (an array; every argument read)', () => {
    const inst = instantiate(compile(wat(`(module
      (func (export "two") (param i32 i64) (result i64 i32) (local.get 1) (local.get 0))
      (func (export "five") (param i32 i32 i32 i32 i32) (result i32) (local.get 4)))`)));
    expect(inst.exports['two'](3, 4n)).toEqual([4n, 3]);
    expect(inst.exports['five'](1, 2, 3, 4, 5)).toBe(5);
  });

  it('i64: BigInts wrap to 64 bits both ways, integral numbers are accepted, others are TypeErrors', () => {
    const inst = instantiate(compile(wat(`(module
      (func (export "id") (param i64) (result i64) (local.get 0))
      (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
      (func (export "bits") (param f64) (result f64) (local.get 0)))`)));
    const id = inst.exports['id'] as (v: unknown) => bigint;
    expect(id(0n)).toBe(0n);
    expect(id(-1n)).toBe(-1n);
    expect(id(2n ** 63n)).toBe(-(2n ** 63n));
    expect(id(2n ** 64n + 5n)).toBe(5n);
    expect(id(-(2n ** 64n) - 1n)).toBe(-1n);
    expect(id(0x1234_5678_9abc_def0n)).toBe(0x1234_5678_9abc_def0n);
    expect(id(-0x0000_0001_0000_0000n)).toBe(-0x0000_0001_0000_0000n);
    expect(id(3)).toBe(3n);
    expect(id(true)).toBe(1n);
    expect(id('-12')).toBe(-12n);
    expect(() => id(1.5)).toThrow(new TypeError('i64 values must be BigInts (or integral numbers)'));
    expect(() => id(undefined)).toThrow(TypeError);
    expect(inst.exports['add'](2n ** 63n - 1n, 1n)).toBe(-(2n ** 63n));
    // f64 bit patterns (floatBits): a NaN payload and a wrapped pattern come back exact.
    expect(inst.invoke('bits', [0xfff8_0000_0000_0001n], { floatBits: true })).toEqual([0xfff8_0000_0000_0001n]);
    expect(inst.invoke('bits', [2n ** 64n + 1n], { floatBits: true })).toEqual([1n]);
    expect(inst.invoke('bits', [-1n], { floatBits: true })).toEqual([2n ** 64n - 1n]);
  });

  it('a trap is a Trap with the wasm stack, and the next call runs normally', () => {
    const inst = instantiate(compile(wat(`(module
      (func $boom (export "boom") (param i32) (result i32) (if (local.get 0) (then unreachable)) (i32.const 1))
      (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))`, undefined, { debugNames: true })));
    const boom = inst.exports['boom'] as (v: number) => number;
    let trap: unknown;
    try {
      boom(1);
    } catch (e) {
      trap = e;
    }
    expect(trap).toBeInstanceOf(Trap);
    expect((trap as Trap).code).toBe(TrapCode.UNREACHABLE);
    expect((trap as Trap).message).toBe('unreachable');
    expect((trap as Trap).wasmStack).toEqual(['boom (func 0)']);
    expect(boom(0)).toBe(1);
    expect(() => inst.exports['div'](1, 0)).toThrow(new Trap(TrapCode.INTEGER_DIVIDE_BY_ZERO, ['func 1']));
    expect(inst.exports['div'](-7, 2)).toBe(-3);
  });

  it('an exception from an argument conversion propagates as is, before any wasm runs', () => {
    let calls = 0;
    const inst = instantiate(compile(wat(`(module (import "h" "f" (func $f)) (func (export "g") (param i32 i32) (result i32) call $f (local.get 1)))`)), {
      h: { f: () => { calls++; } },
    });
    const bad = { valueOf: () => { throw new RangeError('no number here'); } };
    expect(() => inst.exports['g'](1, bad)).toThrow(new RangeError('no number here'));
    expect(() => inst.exports['g'](Symbol('x'), 1)).toThrow(TypeError);
    expect(() => inst.exports['g'](1n, 1)).toThrow(new TypeError('cannot convert a BigInt to a number (use a number for i32/f32/f64)'));
    expect(calls).toBe(0);
    expect(inst.exports['g'](1, 2)).toBe(2);
    expect(calls).toBe(1);
  });

  it('re-entrancy: a host function calls exports (fast and general) during a call; a nested trap can be caught', () => {
    const log: string[] = [];
    let exports: Instance['exports'] = {};
    const inst = instantiate(compile(wat(`(module
      (import "h" "cb" (func $cb (param i32) (result i32)))
      (func (export "outer") (param i32) (result i32) (i32.add (call $cb (local.get 0)) (i32.const 1000)))
      (func (export "inner") (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))
      (func (export "trap") unreachable))`)), {
      h: {
        cb: (x: number) => {
          log.push(`cb ${x}`);
          try {
            exports['trap']();
          } catch (e) {
            log.push((e as Error).message);
          }
          // A conversion during the nested call: valueOf calls back into wasm a third level down.
          const viaValueOf = { valueOf: () => exports['inner'](2, 3) };
          return exports['inner'](x, viaValueOf) + inst.invoke('inner', [x, 1])[0];
        },
      },
    });
    exports = inst.exports;
    expect(exports['outer'](7)).toBe(7 * 6 + 7 + 1000);
    expect(log).toEqual(['cb 7', 'unreachable']);
    expect(exports['inner'](4, 5)).toBe(20); // the machine was given back
  });

  it('nested runs past the limit trap "call stack exhausted" on either path', () => {
    let depth = 0;
    let exports: Instance['exports'] = {};
    const inst = instantiate(compile(wat(`(module
      (import "h" "down" (func $down (param i32) (result i32)))
      (func (export "f") (param i32) (result i32) (call $down (local.get 0))))`)), {
      h: { down: (n: number) => (n === 0 ? 0 : (depth++, 1 + exports['f'](n - 1))) },
    });
    exports = inst.exports;
    expect(exports['f'](10)).toBe(10);
    const fast = outcome(() => exports['f'](100));
    const general = outcome(() => inst.invoke('f', [100])[0]);
    expect(fast).toEqual(general);
    expect(fast).toEqual({ error: `Trap ${TrapCode.CALL_STACK_EXHAUSTED} call stack exhausted [func 1]` });
    expect(exports['f'](3)).toBe(3);
    expect(depth).toBeGreaterThan(64);
  });

  it('a stack too small for the arguments traps before they are converted, on either path', () => {
    const inst = instantiate(compile(wat(`(module (func (export "f") (param i32) (result i32) (local.get 0)))`)), {}, { maxStackWords: 2 });
    let conversions = 0;
    const arg = { valueOf: () => ++conversions };
    const fast = outcome(() => inst.exports['f'](arg));
    const general = outcome(() => inst.invoke('f', [arg])[0]);
    expect(fast).toEqual({ error: `Trap ${TrapCode.CALL_STACK_EXHAUSTED} call stack exhausted []` });
    expect(general).toEqual(fast);
    expect(conversions).toBe(0);
  });
});
