/**
 * The JS API's exported-function wrapper (src/js-api/functions.ts): a function of at most 4
 * parameters, at most one result and no v128 is a fixed-arity arrow that converts each argument
 * itself and calls the core's fixed-arity path (a NaN argument: the exact-bits path), every other
 * function the general wrapper (a rest array, invokeFunction with floatBits). The observable
 * behaviour must be the JS API's either way:
 * - every arity 0..4 and every parameter type (i32, i64, f32, f64, externref, funcref) with random
 *   JS arguments gives V8's result or throws V8's error class (V8's WebAssembly is the oracle);
 * - the fixed-arity wrapper and the general one (the same function with extra parameters, so
 *   five) agree bit for bit, NaN payloads included (detwasm only: V8 13.6 quiets a NaN argument);
 * - conversions in order, each once, stopping at the first that throws; a BigInt for a Number and
 *   a Number for a BigInt are TypeErrors;
 * - NaN bits both ways for f32 and f64, read back through wasm functions that reinterpret them;
 * - traps are RuntimeErrors, a JS exception of an import passes through as itself, a memory grown
 *   inside the call shows in `buffer` after it, calls nested in an import work;
 * - `name` is the function index, `length` the parameter count, the prototype WebAssembly.Function's.
 * fast-check's seed is printed on failure (replay with `{ seed, path }`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown as thrownBy } from '../helpers/thrown.js';
import { wat } from '../helpers/wat.js';
import { f64FromBits, IMPLS } from './impls.js';
import type { Api, Fn } from './impls.js';

const TYPES = ['i32', 'i64', 'f32', 'f64', 'externref', 'funcref'] as const;
type T = (typeof TYPES)[number];

const DETWASM = IMPLS.find(([name]) => name === 'detwasm')![1];
const V8 = IMPLS.find(([name]) => name === 'V8')![1];

/** A constant of type `t` (a result when no parameter has the result's type). */
function constantOf(t: T): string {
  switch (t) {
    case 'i32': return '(i32.const -7)';
    case 'i64': return '(i64.const -9223372036854775808)';
    case 'f32': return '(f32.const -0)';
    case 'f64': return '(f64.const 0.25)';
    case 'externref': return '(ref.null extern)';
    default: return '(ref.func $target)';
  }
}

/**
 * The module exporting "f" (params → result: parameter `pick` when it has the result's type, else
 * a constant; `unreachable` when `traps`), "g" (the same with i32 parameters added up to five: the
 * general wrapper) and "target" (a function for funcref arguments).
 */
function moduleText(params: readonly T[], result: T | null, pick: number, traps: boolean): string {
  let body: string;
  if (traps) body = 'unreachable';
  else if (result === null) body = params.length > 0 ? `(drop (local.get ${pick % params.length}))` : 'nop';
  else {
    const same = params.flatMap((p, i) => (p === result ? [i] : []));
    body = same.length > 0 ? `(local.get ${same[pick % same.length]!})` : constantOf(result);
  }
  const sig = (ps: readonly string[]): string => `${ps.map((p) => `(param ${p})`).join(' ')} ${result === null ? '' : `(result ${result})`}`;
  const padded = [...params, ...Array.from({ length: 5 - params.length }, () => 'i32')];
  return `(module
    (func $target (export "target") (result i32) (i32.const 42))
    (elem declare func $target)
    (func (export "f") ${sig(params)} ${body})
    (func (export "g") ${sig(padded)} ${body}))`;
}

const bytesCache = new Map<string, Uint8Array>();
const instanceCache = new Map<string, Record<string, Fn>>();

function exportsFor(api: Api, text: string): Record<string, Fn> {
  const key = `${api === V8 ? 'V8' : 'detwasm'} ${text}`;
  let e = instanceCache.get(key);
  if (e === undefined) {
    let bytes = bytesCache.get(text);
    if (bytes === undefined) {
      bytes = wat(text);
      bytesCache.set(text, bytes);
    }
    e = new api.Instance(new api.Module(bytes)).exports as Record<string, Fn>;
    instanceCache.set(key, e);
  }
  return e;
}

/**
 * An argument as data, made into a JS value only at the call (never held in an array as a
 * number: V8 quiets a NaN stored into an all-number array): a plain value, a NaN from f64 bits,
 * or the instance's own `target` function.
 */
type Arg = { readonly value: unknown } | { readonly nanBits: bigint } | { readonly target: true };

function valueOf(a: Arg, e: Record<string, Fn>): unknown {
  if ('value' in a) return a.value;
  if ('nanBits' in a) return f64FromBits(a.nanBits);
  return e['target'];
}

/** Calls `fn` with the arguments made from `args` (then `extra` zeros), without an array of them. */
function callWith(fn: Fn, args: readonly Arg[], e: Record<string, Fn>, extra = 0): unknown {
  const v = (i: number): unknown => (i < args.length ? valueOf(args[i]!, e) : 0);
  switch (args.length + extra) {
    case 0: return fn();
    case 1: return fn(v(0));
    case 2: return fn(v(0), v(1));
    case 3: return fn(v(0), v(1), v(2));
    case 4: return fn(v(0), v(1), v(2), v(3));
    case 5: return fn(v(0), v(1), v(2), v(3), v(4));
    default: return fn(v(0), v(1), v(2), v(3), v(4), v(5));
  }
}

const scratch = new DataView(new ArrayBuffer(8));

/** A result as comparable data: a number as its f64 bits, a function as 'target' / 'other'. */
function shown(r: unknown, e: Record<string, Fn>): unknown {
  if (typeof r === 'number') {
    scratch.setFloat64(0, r, true);
    return `number ${scratch.getBigUint64(0, true).toString(16)}`;
  }
  if (typeof r === 'function') return r === e['target'] ? 'target' : 'other function';
  return r;
}

type Outcome = { readonly ok: unknown } | { readonly error: string };

function outcome(run: () => unknown, e: Record<string, Fn>): Outcome {
  try {
    return { ok: shown(run(), e) };
  } catch (err) {
    return { error: (err as Error).name };
  }
}

function same(a: Outcome, b: Outcome): boolean {
  if ('ok' in a && 'ok' in b) return Object.is(a.ok, b.ok);
  return 'error' in a && 'error' in b && a.error === b.error;
}

function show(o: Outcome): string {
  return 'ok' in o ? `returned ${typeof o.ok === 'symbol' ? 'a symbol' : String(o.ok)}` : `threw ${o.error}`;
}

const sharedObject = { valueOf: (): number => 41 };
const bigObject = { valueOf: (): bigint => 5n };

/** Any JS value (plain data: the same object reaches both engines, so externref identity compares). */
const anyValue: fc.Arbitrary<Arg> = fc.oneof(
  fc.integer().map((value) => ({ value })),
  fc.double().map((value) => ({ value })),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((value) => ({ value })),
  fc.string({ maxLength: 4 }).map((value) => ({ value })),
  fc.constantFrom<unknown>(
    undefined, null, true, false, NaN, -0, Infinity, -Infinity, 2 ** 31, 2 ** 32 + 5, 1.5, '12', '0x10', ' 7 ', '1e3', 'abc',
    sharedObject, bigObject, {}, [3], Symbol.for('s'), 2n ** 63n, 2n ** 64n + 3n,
  ).map((value) => ({ value })),
  fc.constant<Arg>({ target: true }),
);

/** A value of the parameter's own type (so that most calls convert and run). */
function typedValue(t: T): fc.Arbitrary<Arg> {
  switch (t) {
    case 'i32': return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((value) => ({ value }));
    case 'i64': return fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map((value) => ({ value }));
    case 'f32': case 'f64': return fc.double().map((value) => ({ value }));
    case 'externref': return anyValue;
    default: return fc.oneof(fc.constant<Arg>({ target: true }), fc.constant<Arg>({ value: null }));
  }
}

/** A signature, its result, a pick, whether it traps, and arguments (typed mostly, sometimes any, sometimes too few or too many). */
const callCase = fc
  .record({
    params: fc.array(fc.constantFrom(...TYPES), { maxLength: 4 }),
    result: fc.option(fc.constantFrom(...TYPES), { nil: null }),
    pick: fc.nat(),
    traps: fc.integer({ min: 0, max: 15 }).map((k) => k === 0),
    argCount: fc.integer({ min: -1, max: 1 }),
  })
  .chain((c) => fc.record({
    c: fc.constant(c),
    args: fc.tuple(...c.params.map((t) => fc.oneof({ weight: 4, arbitrary: typedValue(t) }, { weight: 1, arbitrary: anyValue }))),
    extraArg: anyValue,
  }))
  .map(({ c, args, extraArg }) => {
    // The result is mostly a parameter's type, so the argument's conversion shows in the result.
    const result = c.params.length > 0 && c.pick % 3 !== 0 ? c.params[(c.pick >> 2) % c.params.length]! : c.result;
    const given: Arg[] = c.argCount < 0 ? args.slice(0, -1) : c.argCount > 0 ? [...args, extraArg] : [...args];
    return { params: c.params, result, pick: c.pick, traps: c.traps, args: given };
  });

describe('js-api exported functions: the fixed-arity wrapper', () => {
  it('random signatures (0..4 params of i32/i64/f32/f64/externref/funcref, <= 1 result) and random arguments: V8\'s results and error classes', () => {
    fc.assert(
      fc.property(callCase, ({ params, result, pick, traps, args }) => {
        const text = moduleText(params, result, pick, traps);
        const ours = exportsFor(DETWASM, text);
        const theirs = exportsFor(V8, text);
        const a = outcome(() => callWith(ours['f']!, args, ours), ours);
        const b = outcome(() => callWith(theirs['f']!, args, theirs), theirs);
        expect(same(a, b), `${text}\n(${params.join(' ')}): detwasm ${show(a)}, V8 ${show(b)}`).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it.each([0, 1, 2, 3, 4])('arity %i, every parameter type: each argument in its place, as V8 converts it', (n) => {
    const samples: Record<T, readonly Arg[]> = {
      i32: [{ value: 7 }, { value: -1.9 }, { value: 2 ** 32 + 5 }, { value: '12' }, { value: undefined }, { value: sharedObject }, { value: 5n }],
      i64: [{ value: 5n }, { value: 2n ** 63n }, { value: true }, { value: '0x10' }, { value: 1 }, { value: bigObject }, { value: undefined }],
      f32: [{ value: 1.1 }, { value: 1e40 }, { value: '2.5' }, { value: -0 }, { value: sharedObject }, { value: 5n }, { value: NaN }],
      f64: [{ value: 0.1 }, { value: -0 }, { value: '2.5' }, { value: undefined }, { value: sharedObject }, { value: 5n }, { value: NaN }],
      externref: [{ value: sharedObject }, { value: undefined }, { value: null }, { value: 5n }, { value: 'x' }, { value: NaN }],
      funcref: [{ target: true }, { value: null }, { value: undefined }, { value: (): number => 1 }, { value: {} }],
    };
    for (const t of TYPES) {
      const params = Array.from({ length: n }, () => t);
      for (let k = 0; k < Math.max(n, 1); k++) {
        const text = moduleText(params, t, k, false);
        const ours = exportsFor(DETWASM, text);
        const theirs = exportsFor(V8, text);
        for (const s of samples[t]) {
          // Argument k is the sample, the others the first (valid) sample of the type.
          const args = params.map((_, i) => (i === k ? s : samples[t][0]!));
          const a = outcome(() => callWith(ours['f']!, args, ours), ours);
          const b = outcome(() => callWith(theirs['f']!, args, theirs), theirs);
          expect(same(a, b), `${t} x${n}, argument ${k} = ${JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}: detwasm ${show(a)}, V8 ${show(b)}`).toBe(true);
        }
      }
    }
  });

  it('the fixed-arity wrapper and the general one (the same function with five parameters) agree bit for bit, NaN payloads included', () => {
    const nanBits = fc.bigInt({ min: 1n, max: (1n << 52n) - 1n }).chain((m) => fc.boolean().map((neg) => (neg ? 0xfff0000000000000n : 0x7ff0000000000000n) | m));
    // NaNs for float parameters only: an externref NaN is a host value, and the general wrapper's
    // argument array quiets a signalling one (the fixed-arity wrapper passes it on as it is).
    const withNaNs = callCase.chain((c) => fc.tuple(...c.args.map((a, i) => (c.params[i] === 'f32' || c.params[i] === 'f64'
      ? fc.oneof(fc.constant(a), nanBits.map((b): Arg => ({ nanBits: b })))
      : fc.constant(a))))
      .map((args) => ({ ...c, args })));
    fc.assert(
      fc.property(withNaNs, ({ params, result, pick, traps, args }) => {
        const text = moduleText(params, result, pick, traps);
        const e = exportsFor(DETWASM, text);
        // Exactly params.length arguments for "g" to pad: cut or fill with undefined.
        const exact: Arg[] = params.map((_, i) => args[i] ?? { value: undefined });
        const fast = outcome(() => callWith(e['f']!, exact, e), e);
        const general = outcome(() => callWith(e['g']!, exact, e, 5 - params.length), e);
        expect(same(fast, general), `${text}: fixed arity ${show(fast)}, general ${show(general)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

const BITS = wat(`
  (func (export "f64_bits") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
  (func (export "f32_bits") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "f64_bits2") (param i32 f64) (result i64) (i64.reinterpret_f64 (local.get 1)))
  (func (export "f32_bits4") (param i32 i64 f64 f32) (result i32) (i32.reinterpret_f32 (local.get 3)))
  (func (export "f64_of") (param i64) (result f64) (f64.reinterpret_i64 (local.get 0)))
  (func (export "f32_of") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "f64_id") (param f64) (result f64) (local.get 0))
`);

function f64Bits(x: number): bigint {
  scratch.setFloat64(0, x, true);
  return scratch.getBigUint64(0, true);
}

/** The f32 the JS API makes of an f64 NaN: sign and top 22 payload bits, quiet bit set (as the hardware conversion). */
function f32OfNaN(bits: bigint): number {
  const hi = Number(bits >> 32n);
  const lo = Number(bits & 0xffffffffn);
  return ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29)) | 0;
}

const f64NaN = fc.bigInt({ min: 1n, max: (1n << 52n) - 1n }).chain((m) => fc.boolean().map((neg) => (neg ? 0xfff0000000000000n : 0x7ff0000000000000n) | m));
const f32NaN = fc.integer({ min: 1, max: (1 << 23) - 1 }).chain((m) => fc.boolean().map((neg) => ((neg ? 0xff800000 : 0x7f800000) | m) | 0));

describe('js-api exported functions: NaN bits (detwasm keeps a NaN argument\'s bits, README "Conversions")', () => {
  const e = new DETWASM.Instance(new DETWASM.Module(BITS)).exports as Record<string, Fn>;
  const v8 = new V8.Instance(new V8.Module(BITS)).exports as Record<string, Fn>;

  it('an f64 NaN argument reaches wasm with its bits (signalling ones too), at any position', () => {
    fc.assert(fc.property(f64NaN, (bits) => {
      expect(e['f64_bits']!(f64FromBits(bits))).toBe(BigInt.asIntN(64, bits));
      expect(e['f64_bits2']!(1, f64FromBits(bits))).toBe(BigInt.asIntN(64, bits));
    }), { numRuns: 300 });
  });

  it('an f32 NaN argument (from an f64 NaN) keeps sign and top payload bits, quieted', () => {
    fc.assert(fc.property(f64NaN, (bits) => {
      expect(e['f32_bits']!(f64FromBits(bits))).toBe(f32OfNaN(bits));
      expect(e['f32_bits4']!(0, 0n, 1.5, f64FromBits(bits))).toBe(f32OfNaN(bits));
    }), { numRuns: 300 });
  });

  it('NaN results keep their bits, as V8\'s: f64 exactly, f32 widened (quiet bit set)', () => {
    fc.assert(fc.property(f64NaN, f32NaN, (b64, b32) => {
      const ours64 = f64Bits(e['f64_of']!(BigInt.asIntN(64, b64)));
      expect(ours64).toBe(b64);
      expect(ours64).toBe(f64Bits(v8['f64_of']!(BigInt.asIntN(64, b64))));
      const ours32 = f64Bits(e['f32_of']!(b32));
      expect(ours32).toBe(f64Bits(v8['f32_of']!(b32)));
      expect(ours32).toBe((BigInt(b32 >>> 0) & 0x80000000n) << 32n | 0x7ff8000000000000n | (BigInt(b32 & 0x7fffff) << 29n));
    }), { numRuns: 300 });
  });

  it('an f64 NaN goes in and out with its bits; ordinary numbers as they are', () => {
    fc.assert(fc.property(f64NaN, fc.double({ noNaN: true }), (bits, x) => {
      expect(f64Bits(e['f64_id']!(f64FromBits(bits)))).toBe(bits);
      expect(Object.is(e['f64_id']!(x), x)).toBe(true);
    }), { numRuns: 300 });
  });
});

const BEHAVIOUR = wat(`
  (import "env" "boom" (func $boom))
  (import "env" "again" (func $again (param f64) (result i64)))
  (memory (export "mem") 1)
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "unreachable4") (param i32 i64 f32 f64) unreachable)
  (func (export "call_boom") (param i32) (result i32) (call $boom) (local.get 0))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "grow_general") (param i32 i32 i32 i32 i32) (result i32) (memory.grow (local.get 0)))
  (func (export "nested") (param f64) (result i64) (call $again (local.get 0)))
  (func (export "f64_bits") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
  (func (export "sum4") (param i32 i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 10)))
             (i32.add (i32.mul (local.get 2) (i32.const 100)) (i32.mul (local.get 3) (i32.const 1000)))))
  (func (export "five") (param i32 i32 i32 i32 i32) (result i32) (local.get 4))
  (func (export "two") (param i32) (result i32 i32) (local.get 0) (local.get 0))
  (func (export "v128") (param i32) (result v128) (v128.const i64x2 0 0))
  (func (export "noop"))
`);

describe.each(IMPLS)('js-api exported functions: behaviour through the wrapper: %s', (name, api) => {
  const thrown = new Error('from the import');
  let e: Record<string, Fn> = {};
  const imports = {
    env: {
      boom: (): void => { throw thrown; },
      // A call nested in a running one: back into an export, with the argument as given.
      again: (x: number): bigint => e['f64_bits']!(x) as bigint,
    },
  };
  e = new api.Instance(new api.Module(BEHAVIOUR), imports).exports as Record<string, Fn>;

  it('a trap is a RuntimeError (fixed arity, each arity\'s path), the next call runs', () => {
    const err = thrownBy(() => e['div']!(1, 0));
    expect(err).toBeInstanceOf(api.RuntimeError);
    expect(thrownBy(() => e['unreachable4']!(1, 2n, 3, 4))).toBeInstanceOf(api.RuntimeError);
    expect(e['div']!(7, 2)).toBe(3);
    if (name === 'detwasm') expect((err as Error).message).toBe('integer divide by zero');
  });

  it('a JS exception thrown by an import passes through as itself', () => {
    expect(thrownBy(() => e['call_boom']!(1))).toBe(thrown);
  });

  it('a memory grown inside the call: the old buffer is detached after it, the new one has the new size', () => {
    const mem = e['mem'] as unknown as { buffer: ArrayBuffer };
    const before = mem.buffer;
    const pages = before.byteLength / 65536;
    expect(e['grow']!(1)).toBe(pages);
    expect(before.byteLength).toBe(0);
    expect(mem.buffer.byteLength).toBe((pages + 1) * 65536);
    const again = mem.buffer;
    expect(e['grow_general']!(1, 0, 0, 0, 0)).toBe(pages + 1);
    expect(again.byteLength).toBe(0);
    expect(mem.buffer.byteLength).toBe((pages + 2) * 65536);
    // A grow that fails leaves the buffer as it was.
    const kept = mem.buffer;
    expect(e['grow']!(70000)).toBe(-1);
    expect(kept.byteLength).toBe((pages + 2) * 65536);
  });

  it('a call nested in an import (back into an export) runs, with the argument converted as at the top', () => {
    expect(e['nested']!(1.5)).toBe(f64Bits(1.5));
    expect(e['nested']!({ valueOf: () => -0 })).toBe(BigInt.asIntN(64, f64Bits(-0)));
    expect(e['nested']!(NaN)).toBe(0x7ff8000000000000n);
  });

  it('arguments are converted in order, each once, up to the first that throws; missing ones are undefined, extra ones ignored', () => {
    const log: string[] = [];
    const arg = (label: string, v: unknown): object => ({ valueOf: () => { log.push(label); if (v instanceof Error) throw v; return v; } });
    expect(e['sum4']!(arg('a', 1), arg('b', 2), arg('c', 3), arg('d', 4), arg('e', 5))).toBe(4321);
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    log.length = 0;
    const stop = new Error('stop');
    expect(thrownBy(() => e['sum4']!(arg('a', 1), arg('b', stop), arg('c', 3), arg('d', 4)))).toBe(stop);
    expect(log).toEqual(['a', 'b']);
    log.length = 0;
    expect(thrownBy(() => e['sum4']!(arg('a', 1), arg('b', 5n), arg('c', 3)))).toBeInstanceOf(TypeError);
    expect(log).toEqual(['a', 'b']);
    expect(e['sum4']!(1, 2)).toBe(21);
    expect(e['sum4']!()).toBe(0);
  });

  it('a BigInt where a Number is expected, and a Number where a BigInt is, are TypeErrors', () => {
    expect(thrownBy(() => e['div']!(1n, 1))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => e['div']!(1, { valueOf: () => 2n }))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => e['unreachable4']!(1, 2, 3, 4))).toBeInstanceOf(TypeError); // a Number for i64, before the trap
    expect(thrownBy(() => e['unreachable4']!(1, 2n, 3n, 4))).toBeInstanceOf(TypeError);
    expect(thrownBy(() => e['f64_bits']!(3n))).toBeInstanceOf(TypeError);
  });

  it('the general path still serves five parameters, several results, and refuses v128 with a TypeError', () => {
    expect(e['five']!(1, 2, 3, 4, 5)).toBe(5);
    expect(e['two']!(9)).toEqual([9, 9]);
    expect(thrownBy(() => e['v128']!(1))).toBeInstanceOf(TypeError);
  });

  it('name is the function index, length the parameter count; not constructors', () => {
    const cases: readonly (readonly [string, number])[] = [['noop', 0], ['grow', 1], ['div', 2], ['sum4', 4], ['five', 5], ['two', 1], ['unreachable4', 4]];
    for (const [fn, length] of cases) {
      expect(e[fn]!.length).toBe(length);
      expect(typeof e[fn]!.name).toBe('string');
      expect(e[fn]!.name).toMatch(/^\d+$/);
      expect(() => new (e[fn] as unknown as new () => object)()).toThrow(TypeError);
    }
    // Function indices count the two imports first.
    expect(e['div']!.name).toBe('2');
    expect(e['noop']!.name).toBe('13');
    // V8 (without its type-reflection flag) has no WebAssembly.Function; its exports are plain functions.
    const proto = name === 'detwasm' ? (api as unknown as { Function: { prototype: object } }).Function.prototype : Function.prototype;
    for (const [fn] of cases) expect(Object.getPrototypeOf(e[fn])).toBe(proto);
  });
});

describe('js-api exported functions: WebAssembly.Function', () => {
  it('a JS function made an exported function takes the fixed-arity path too (name kept, length the parameter count)', () => {
    const Ctor = (DETWASM as unknown as { Function: new (type: object, fn: (...a: any[]) => unknown) => Fn }).Function;
    const add = new Ctor({ parameters: ['i32', 'f64'], results: ['f64'] }, function plus(a: number, b: number): number { return a + b; });
    expect(add.name).toBe('plus');
    expect(add.length).toBe(2);
    expect(add(2.9, '0.5')).toBe(2.5);
    expect(add(1, NaN)).toBeNaN();
    expect(() => add(1n, 1)).toThrow(TypeError);
    const thrown = new Error('inside');
    const bad = new Ctor({ parameters: [], results: [] }, () => { throw thrown; });
    expect(() => bad()).toThrow(thrown);
  });
});
