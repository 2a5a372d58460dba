/**
 * `Tag` and `Exception` (JS API, exception handling) on V8 and detwasm: constructors and their
 * TypeErrors, `is` / `getArg`, a wasm `throw` caught in JS, a JS-made Exception thrown by an
 * import and caught by wasm (legacy try / catch, which V8 11.3 runs), tag identity.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { IMPLS } from './impls.js';
import type { Fn } from './impls.js';

const FEATURES = { exceptions: true };
const THROWER = wat(`
  (import "env" "tag" (tag $imported (param i32)))
  (import "env" "cb" (func $cb))
  (tag $t (export "t") (param i32 i64))
  (export "imported" (tag $imported))
  (func (export "throw") (param i32) local.get 0 i64.const -5 throw $t)
  (func (export "rethrow_from_js")
    try
      call $cb
    catch_all
      rethrow 0
    end)
  (func (export "catch_from_js") (result i32)
    try (result i32)
      call $cb
      i32.const -1
    catch $imported
    end)
`, FEATURES);

function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    return e;
  }
}

describe.each(IMPLS)('Tag and Exception: %s', (name, api) => {
  it('Tag needs { parameters: value types }', () => {
    expect(new api.Tag({ parameters: ['i32', 'f64'] })).toBeInstanceOf(api.Tag);
    expect(new api.Tag({ parameters: [] })).toBeInstanceOf(api.Tag);
    expect(() => new api.Tag({} as never)).toThrow(TypeError);
    expect(() => new api.Tag({ parameters: ['x'] } as never)).toThrow(TypeError);
    expect(() => new api.Tag(undefined as never)).toThrow(TypeError);
  });

  it('Exception: is, getArg with conversions; TypeError / RangeError', () => {
    const tag = new api.Tag({ parameters: ['i32', 'f64', 'i64'] });
    const other = new api.Tag({ parameters: ['i32', 'f64', 'i64'] });
    const e = new api.Exception(tag, [2 ** 32 + 1, '0.5', 3n]);
    expect(e.is(tag)).toBe(true);
    expect(e.is(other)).toBe(false);
    expect([e.getArg(tag, 0), e.getArg(tag, 1), e.getArg(tag, 2)]).toStrictEqual([1, 0.5, 3n]);
    expect(() => e.getArg(other, 0)).toThrow(TypeError);
    expect(() => e.getArg(tag, 3)).toThrow(RangeError);
    // A payload of the wrong length: TypeError (V8 11.3 takes it, V8_DEVIATIONS).
    if (name === 'V8') expect(() => new api.Exception(tag, [1, 2])).not.toThrow();
    else expect(() => new api.Exception(tag, [1, 2])).toThrow(TypeError);
    expect(() => new api.Exception(tag, [1, 2, 3])).toThrow(TypeError); // i64 from a Number (ToBigInt64)
    expect(() => new api.Exception({} as never, [])).toThrow(TypeError);
    expect(() => new api.Exception(tag, 5 as never)).toThrow(TypeError);
  });

  it('a wasm throw reaches JS as an Exception with the exported tag and payload', () => {
    const tag = new api.Tag({ parameters: ['i32'] });
    const x = new api.Instance(new api.Module(THROWER), { env: { tag, cb: () => {} } }).exports as Record<string, any>;
    const e = outcome(() => x['throw'](9)) as InstanceType<typeof api.Exception>;
    expect(e).toBeInstanceOf(api.Exception);
    expect(e).not.toBeInstanceOf(api.RuntimeError);
    expect(e.is(x['t'])).toBe(true);
    expect(e.is(tag)).toBe(false);
    expect([e.getArg(x['t'], 0), e.getArg(x['t'], 1)]).toStrictEqual([9, -5n]);
    expect(x['t']).toBeInstanceOf(api.Tag);
    expect(x['imported']).toBe(tag);
  });

  it('an Exception thrown by an import is caught by wasm with its tag', () => {
    const tag = new api.Tag({ parameters: ['i32'] });
    const x = new api.Instance(new api.Module(THROWER), {
      env: { tag, cb: () => { throw new api.Exception(tag, [41]); } },
    }).exports as Record<string, Fn>;
    expect(x['catch_from_js']!()).toBe(41);
    const other = new api.Tag({ parameters: ['i32'] });
    const y = new api.Instance(new api.Module(THROWER), {
      env: { tag, cb: () => { throw new api.Exception(other, [1]); } },
    }).exports as Record<string, Fn>;
    const e = outcome(() => y['catch_from_js']!()) as InstanceType<typeof api.Exception>;
    expect(e).toBeInstanceOf(api.Exception);
    expect(e.is(other)).toBe(true);
  });

  it('an Exception is not an Error: a plain object with Exception.prototype', () => {
    const tag = new api.Tag({ parameters: ['i32'] });
    const e = new api.Exception(tag, [0]);
    expect(e instanceof Error).toBe(false);
    expect(Object.getPrototypeOf(api.Exception.prototype)).toBe(Object.prototype);
    expect(Object.prototype.toString.call(e)).not.toBe('[object Error]');
    expect(typeof (new api.Exception(tag, [0], { traceStack: true }) as { stack?: unknown }).stack).toBe('string');
    const x = new api.Instance(new api.Module(THROWER), { env: { tag, cb: () => {} } }).exports as Record<string, Fn>;
    const thrown = outcome(() => x['throw']!(1));
    expect(thrown).toBeInstanceOf(api.Exception);
    expect(thrown instanceof Error).toBe(false);
    expect(Object.getPrototypeOf(thrown)).toBe(api.Exception.prototype);
    // getArg / is on something else: TypeError; getArg's index is WebIDL unsigned long.
    expect(() => api.Exception.prototype.is.call({}, tag)).toThrow(TypeError);
    expect(() => (thrown as InstanceType<typeof api.Exception>).getArg(x['t'] as never, '0' as never)).not.toThrow();
    expect((thrown as InstanceType<typeof api.Exception>).getArg(x['t'] as never, '0' as never)).toBe(1);
    expect(() => (thrown as InstanceType<typeof api.Exception>).getArg(x['t'] as never, -1)).toThrow(TypeError);
  });

  it('an exception keeps its identity through JS and wasm frames both ways', () => {
    const tag = new api.Tag({ parameters: ['i32'] });
    // Made in JS, thrown by an import, rethrown by wasm: the same object reaches JS.
    const made = new api.Exception(tag, [3]);
    const a = new api.Instance(new api.Module(THROWER), { env: { tag, cb: () => { throw made; } } }).exports as Record<string, Fn>;
    expect(outcome(() => a['rethrow_from_js']!())).toBe(made);
    // Thrown by wasm, seen by an import (through a nested export call) and let go, rethrown by
    // the outer wasm frame: the object the import saw is the one the caller gets.
    let seen: unknown;
    const b: Record<string, Fn> = new api.Instance(new api.Module(THROWER), {
      env: { tag, cb: () => { try { b['throw']!(7); } catch (e) { seen = e; throw e; } } },
    }).exports as Record<string, Fn>;
    const got = outcome(() => b['rethrow_from_js']!());
    expect(seen).toBeInstanceOf(api.Exception);
    expect(got).toBe(seen);
    // A plain JS error through the same wasm catch_all / rethrow: unchanged too.
    const err = new RangeError('mine');
    const c = new api.Instance(new api.Module(THROWER), { env: { tag, cb: () => { throw err; } } }).exports as Record<string, Fn>;
    expect(outcome(() => c['rethrow_from_js']!())).toBe(err);
  });

  it('a tag import must be a Tag (LinkError)', () => {
    expect(() => new api.Instance(new api.Module(THROWER), { env: { tag: {}, cb: () => {} } })).toThrow(api.LinkError);
  });
});
