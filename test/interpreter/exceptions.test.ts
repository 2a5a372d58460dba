/**
 * Exception handling (WebAssembly 3.0 `throw`, `throw_ref`, `try_table` with every catch clause,
 * `exnref`; the legacy `try` / `catch` / `catch_all` / `delegate` / `rethrow` behind
 * 'legacy-exceptions'): payloads of every value kind arrive bit-exact; handlers are found through
 * many frames (the frame stack is walked, not the JS stack); an uncaught exception leaves `invoke`
 * as a WasmException with its tag and payload and leaves the machine usable; host functions throw
 * wasm exceptions (synchronously and by rejecting) that wasm catches; gas through a throw is the
 * gas of the equivalent branch; the legacy instructions are checked against V8, which runs them.
 */
import { describe, expect, it } from 'vitest';
import { wat as watToBinary, WASM2_FEATURES } from '../helpers/wat.js';
import {
  compile, createVM, defineHostFunction, DEFAULT_GAS_SCHEDULE, instantiate, LinkError, STRICT_GAS_SCHEDULE, Tag, Trap, TrapCode,
  WasmException,
} from '../../src/index.js';
import type { Imports, InstantiateOptions } from '../../src/index.js';
import { V8_WASM } from '../diff/v8-api.js';

const EXN = { ...WASM2_FEATURES, exceptions: true, tail_call: true };

function wat(text: string): Uint8Array {
  return watToBinary(text, EXN, { debugNames: true });
}

function load(text: string, imports?: Imports, options?: InstantiateOptions) {
  return instantiate(compile(wat(text)), imports, options);
}

describe('try_table', () => {
  const PAYLOADS = `
    (tag $t (export "t") (param i32 i64 f32 f64 v128 externref))
    (func $thrower (param i32 i64 f32 f64 v128 externref)
      (throw $t (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5)))
    (func (export "catch") (param i32 i64 f32 f64 v128 externref) (result i32 i64 f32 f64 v128 externref)
      (block $h (result i32 i64 f32 f64 v128 externref)
        (try_table (catch $t $h)
          (call $thrower (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4) (local.get 5)))
        (unreachable)))
  `;

  it('delivers a payload of every value kind, NaN bits and references exactly', () => {
    const inst = load(PAYLOADS);
    const v = new Uint8Array(16).map((_, i) => i * 17);
    const host = { any: 'host value' };
    // f32 / f64 as bit patterns (floatBits): a signalling NaN with a payload, and -0.
    const out = inst.invoke('catch', [-5, -(2n ** 63n), 0x7fa00001, 0x8000000000000000n, v, host], { floatBits: true });
    expect(out).toEqual([-5, -(2n ** 63n), 0x7fa00001, 0x8000000000000000n, v, host]);
    expect(out[5]).toBe(host);
  });

  it('tries the clauses in order: catch, catch_ref, catch_all, catch_all_ref', () => {
    const inst = load(`
      (tag $a (param i32)) (tag $b (param i32)) (tag $c)
      (func $throw (param i32)
        (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $a (i32.const 10))))
        (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $b (i32.const 20))))
        (throw $c))
      (func (export "f") (param i32) (result i32)
        (block $all (result exnref)
          (block $ref (result i32 exnref)
            (block $plain (result i32)
              (try_table (catch $a $plain) (catch_ref $b $ref) (catch_all_ref $all)
                (call $throw (local.get 0)))
              (unreachable))
            (return (i32.add (i32.const 100))))
          (drop)
          (return (i32.add (i32.const 200))))
        (drop)
        (i32.const 300))
      (func (export "g") (result i32)
        (block $h (try_table (catch_all $h) (throw $c)))
        (i32.const 7))
    `);
    expect(inst.invoke('f', [0])).toEqual([110]);
    expect(inst.invoke('f', [1])).toEqual([220]);
    expect(inst.invoke('f', [2])).toEqual([300]);
    expect(inst.invoke('g', [])).toEqual([7]);
  });

  it('rethrows with throw_ref: the same exception reaches the outer handler; null traps', () => {
    const inst = load(`
      (tag $e (param i32))
      (func (export "f") (param i32) (result i32)
        (block $outer (result i32)
          (try_table (catch $e $outer)
            (block $inner (result i32 exnref)
              (try_table (catch_ref $e $inner) (throw $e (local.get 0)))
              (unreachable))
            (throw_ref)) ;; drops the i32, rethrows the exnref
          (unreachable)))
      (func (export "null") (throw_ref (ref.null exn)))
    `);
    expect(inst.invoke('f', [41])).toEqual([41]);
    expect(() => inst.invoke('null', [])).toThrow(Trap);
    expect(() => inst.invoke('null', [])).toThrow('null exception reference');
  });

  it('a catch to a loop label runs the loop again', () => {
    const inst = load(`
      (tag $e (param i32))
      (func (export "f") (param $n i32) (result i32)
        (local $sum i32)
        (local.get $n)
        (loop $l (param i32)
          (local.set $n)
          (if (i32.eqz (local.get $n)) (then (return (local.get $sum))))
          (local.set $sum (i32.add (local.get $sum) (local.get $n)))
          (try_table (catch $e $l) (throw $e (i32.sub (local.get $n) (i32.const 1)))))
        (unreachable))
    `);
    expect(inst.invoke('f', [100])).toEqual([5050]);
  });

  it('finds a handler 10,000 frames up, and the next call starts clean', () => {
    const inst = load(`
      (tag $e (param i32))
      (func $down (param i32)
        (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 99))))
        (call $down (i32.sub (local.get 0) (i32.const 1))))
      (func (export "f") (param i32) (result i32)
        (block $h (result i32) (try_table (catch $e $h) (call $down (local.get 0))) (i32.const -1)))
    `, undefined, { maxCallDepth: 20_000 });
    expect(inst.invoke('f', [10_000])).toEqual([99]);
    expect(inst.invoke('f', [3])).toEqual([99]);
  });

  it('an exception thrown out of a tail-called function is caught by the caller of the frame it replaced', () => {
    const inst = load(`
      (tag $e (param i32))
      (func $t (throw $e (i32.const 5)))
      (func $mid (try_table (catch_all 0) (return_call $t)))
      (func (export "f") (result i32)
        (block $h (result i32) (try_table (catch $e $h) (call $mid)) (i32.const 0)))
    `);
    expect(inst.invoke('f', [])).toEqual([5]);
  });
});

describe('uncaught exceptions and the embedder', () => {
  const THROWS = `
    (tag $e (export "e") (param i32 i64))
    (func (export "boom") (param i32) (throw $e (local.get 0) (i64.const -1)))
    (func (export "ok") (result i32) (i32.const 1))
  `;

  it('leave invoke as a WasmException with the exported tag and the payload; the instance goes on', () => {
    const inst = load(THROWS);
    let caught: unknown;
    try {
      inst.invoke('boom', [7]);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(WasmException);
    const e = caught as WasmException;
    expect(e.kind).toBe('exception');
    expect(e.tag).toBe(inst.exports['e']);
    expect(e.is(inst.exports['e'] as Tag)).toBe(true);
    expect(e.payload).toEqual([7, -1n]);
    expect(e.getArg(inst.exports['e'] as Tag, 1)).toBe(-1n);
    expect(() => e.getArg(new Tag({ parameters: ['i32', 'i64'] }), 0)).toThrow(TypeError);
    expect(inst.invoke('ok', [])).toEqual([1]);
  });

  it('end a metered call with the exception as its error and the exact gas', () => {
    const inst = load(THROWS, undefined, { gas: STRICT_GAS_SCHEDULE });
    const out = inst.invokeMetered('boom', [1], { gasLimit: 10_000 });
    expect(out.results).toBeNull();
    expect(out.error).toBeInstanceOf(WasmException);
    // The call (100) and the body's run: local.get, i64.const, throw (strict: 1 each).
    expect(out.gasUsed).toBe(DEFAULT_GAS_SCHEDULE.call + 3);
    expect(inst.invokeMetered('ok', [], { gasLimit: 10_000 }).results).toEqual([1]);
  });

  it('a host function throws a wasm exception that wasm catches; its payload arrives', () => {
    const tag = new Tag({ parameters: ['i32', 'f64'] });
    const inst = load(`
      (import "env" "t" (tag $t (param i32 f64)))
      (import "env" "host" (func $host (param i32)))
      (func (export "f") (param i32) (result i32 f64)
        (block $h (result i32 f64) (try_table (catch $t $h) (call $host (local.get 0))) (unreachable)))
    `, { env: { t: tag, host: (x: number) => { throw new WasmException(tag, [x * 2, 0.5]); } } });
    expect(inst.invoke('f', [21])).toEqual([42, 0.5]);
  });

  it('an exception escaping a nested call through a host function is caught further out, the same exception', () => {
    let seen: unknown;
    const imports: Imports = {
      env: {
        // Calls back into wasm, which throws; the host lets it pass (after looking at it).
        host: (): void => {
          try {
            inner.invoke('boom', [3]);
          } catch (e) {
            seen = e;
            throw e;
          }
        },
      },
    };
    const inner = load(THROWS);
    const outer = load(`
      (import "m" "e" (tag $e (param i32 i64)))
      (import "env" "host" (func $host))
      (func (export "f") (result i32)
        (block $h (result i32 i64) (try_table (catch $e $h) (call $host)) (unreachable))
        (drop))
      (func (export "rethrow") (block $h (result exnref) (try_table (catch_all_ref $h) (call $host)) (unreachable)) (throw_ref))
    `, { ...imports, m: { e: inner.exports['e'] } });
    expect(outer.invoke('f', [])).toEqual([3]);
    expect(seen).toBeInstanceOf(WasmException);
    let again: unknown;
    try {
      outer.invoke('rethrow', []);
    } catch (e) {
      again = e;
    }
    // throw_ref of the caught exnref: the very exception that left the inner call.
    expect(again).toBe(seen);
  });

  it('an async host function that rejects with a WasmException raises it at its call', async () => {
    const tag = new Tag({ parameters: ['i32'] });
    const inst = load(`
      (import "env" "t" (tag $t (param i32)))
      (import "env" "host" (func $host))
      (func (export "f") (result i32)
        (block $h (result i32) (try_table (catch $t $h) (call $host)) (i32.const 0)))
    `, { env: { t: tag, host: async () => { throw new WasmException(tag, [9]); } } }, { gas: DEFAULT_GAS_SCHEDULE });
    const out = await inst.invokeMeteredAsync('f', [], { gasLimit: 10_000 });
    expect(out.error).toBeNull();
    expect(out.results).toEqual([9]);
  });

  it('tags match by identity: another tag of the same type is not caught', () => {
    const mine = new Tag({ parameters: ['i32'] });
    const other = new Tag({ parameters: ['i32'] });
    const inst = load(`
      (import "env" "t" (tag $t (param i32)))
      (import "env" "host" (func $host))
      (func (export "f") (result i32)
        (block $h (result i32) (try_table (catch $t $h) (call $host)) (i32.const 0)))
    `, { env: { t: mine, host: () => { throw new WasmException(other, [1]); } } });
    expect(() => inst.invoke('f', [])).toThrow(WasmException);
  });

  it('bad input: a wrong payload, a tag of another type, a non-tag import', () => {
    const tag = new Tag({ parameters: ['i32'] });
    expect(() => new WasmException(tag, [])).toThrow(TypeError);
    expect(() => new WasmException({} as Tag, [1])).toThrow(TypeError);
    expect(() => new Tag({ parameters: ['i33' as 'i32'] })).toThrow(TypeError);
    expect(() => new Tag(undefined as unknown as { parameters: [] })).toThrow(TypeError);
    const importing = compile(wat('(import "env" "t" (tag (param i64)))'));
    expect(() => instantiate(importing, { env: { t: tag } })).toThrow(LinkError);
    expect(() => instantiate(importing, { env: { t: 1 } })).toThrow(LinkError);
    expect(tag.parameters).toEqual(['i32']);
  });

  it('in the contract VM, an uncaught exception is a failed call, not a crash', () => {
    const code = wat(`
      (import "env" "output_write" (func (param i32 i32)))
      (memory (export "memory") 1)
      (tag $e)
      (func (export "m") (throw $e))
    `);
    const vm = createVM({});
    const r = vm.call({ contractId: 'c', code, method: 'm', gasLimit: 100_000, env: { get: () => null, set: () => {}, delete: () => {} } as never });
    expect(r.error?.kind).toBe('exception');
    expect(r.error?.isTxFailure).toBe(true);
    expect(r.gasUsed).toBeGreaterThan(0);
  });
});

describe('gas through throws', () => {
  // The same shape once with throw / catch and once with br: as many instructions of each class,
  // so the same gas under every schedule (the handler's target starts a run as a branch target does).
  const shape = (jump: string, open: string) => `
    (tag $e)
    (func (export "f") (param $n i32) (result i32)
      (local $i i32)
      (loop $l
        (block $h ${open} ${jump} (end))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
      (local.get $i))
  `;
  it.each([
    ['default', DEFAULT_GAS_SCHEDULE],
    ['strict', STRICT_GAS_SCHEDULE],
  ])('%s schedule: a caught throw costs what the branch costs', (_name, gas) => {
    const text = (jump: string, open: string) => shape(jump, open).replace('(end)', '');
    const thrown = load(text('(throw $e))', '(try_table (catch_all $h)'), undefined, { gas });
    const branched = load(text('(br $h))', '(block'), undefined, { gas });
    const a = thrown.invokeMetered('f', [1000], { gasLimit: 10_000_000 });
    const b = branched.invokeMetered('f', [1000], { gasLimit: 10_000_000 });
    expect(a.results).toEqual([1000]);
    expect(b.results).toEqual([1000]);
    expect(a.gasUsed).toBe(b.gasUsed);
  });

  it('runs out of gas in an endless throw / catch loop (bounded)', () => {
    const inst = load(`(tag $e) (func (export "f") (loop $l (try_table (catch_all $l) (throw $e))))`, undefined, { gas: DEFAULT_GAS_SCHEDULE });
    const out = inst.invokeMetered('f', [], { gasLimit: 1_000_000 });
    expect(out.error).toBeInstanceOf(Trap);
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(1_000_000);
  });
});

describe('legacy exception instructions (checked against V8)', () => {
  const LEGACY = `
    (tag $a (export "a") (param i32))
    (tag $b (export "b"))
    (func $throw (param i32)
      (if (i32.eq (local.get 0) (i32.const 0)) (then (throw $a (i32.const 5))))
      (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $b))))
    (func (export "catch") (param i32) (result i32)
      (try (result i32)
        (do (call $throw (local.get 0)) (i32.const 1))
        (catch $a (i32.add (i32.const 100)))
        (catch_all (i32.const 200))))
    (func (export "rethrow") (param i32) (result i32)
      (try (result i32)
        (do
          (try (result i32)
            (do (call $throw (local.get 0)) (i32.const 1))
            (catch $a (drop) (rethrow 0))
            (catch_all (try (do (throw $a (i32.const 9))) (catch_all (rethrow 1))) (i32.const 2))))
        (catch $a)
        (catch_all (i32.const 300))))
    (func (export "delegate") (param i32) (result i32)
      (try $outer (result i32)
        (do
          (block $blk
            (try (do (try (do (call $throw (local.get 0))) (delegate $outer)))
              (catch_all (return (i32.const 400)))))
          (i32.const 1))
        (catch $a (i32.add (i32.const 500)))
        (catch_all (i32.const 600))))
    (func (export "delegate_out") (param i32) (result i32)
      (try (result i32)
        (do (call $inner (local.get 0)) (i32.const 1))
        (catch_all (i32.const 700))))
    (func $inner (param i32)
      (try (do (call $throw (local.get 0))) (delegate 0)))
  `;

  it.each(['catch', 'rethrow', 'delegate', 'delegate_out'])('%s agrees with V8 for each thrower', async (name) => {
    const bytes = wat(LEGACY);
    const v8 = new V8_WASM.Instance(new V8_WASM.Module(bytes)).exports as Record<string, (x: number) => number>;
    const inst = load(LEGACY);
    for (const arg of [0, 1, 2]) {
      let want: unknown;
      try {
        want = v8[name]!(arg);
      } catch {
        want = 'exception';
      }
      let got: unknown;
      try {
        got = inst.invoke(name, [arg])[0];
      } catch (e) {
        expect(e).toBeInstanceOf(WasmException);
        got = 'exception';
      }
      expect(got, `${name}(${arg})`).toEqual(want);
    }
  });

  it('a host function defined with defineHostFunction can throw into a legacy catch', () => {
    const inst = load(`
      (import "env" "host" (func $host))
      (import "env" "t" (tag $t (param i32)))
      (func (export "f") (result i32)
        (try (result i32) (do (call $host) (i32.const 0)) (catch $t)))
    `, {
      env: {
        host: defineHostFunction('host', [], [], () => { throw new WasmException(tag, [77]); }),
        t: tag,
      },
    });
    expect(inst.invoke('f', [])).toEqual([77]);
  });
  const tag = new Tag({ parameters: ['i32'] });
});
