/**
 * Behaviour tests of the public embedding API (src/index.ts; shaped after the WebAssembly JS API,
 * spec "JS API" §4, and spec §4.5.4 "Instantiation"): export shapes, Memory / Table / Global
 * from TypeScript and from exports (identity, growth, mutability), host functions (argument and
 * result conversion, multi-value, failures as Trap HOST, re-entrancy), LinkError for each kind of
 * mismatch, the start function, segment initialisation order and its partial effects, the
 * `maxMemoryPages` option, and that no trap ever escapes as a JS RangeError / TypeError.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { thrown } from '../helpers/thrown.js';
import {
  compile, Global, hostFunction, instantiate, LinkError, Memory, Table, Trap, TrapCode, WasmError,
} from '../../src/index.js';
import type { Imports, Instance, InstantiateOptions } from '../../src/index.js';

// ---------------------------------------------------------------------------------------------
// Helpers

function load(text: string, imports?: Imports, options?: InstantiateOptions): Instance {
  return instantiate(compile(wat(text)), imports, options);
}

type Fn = (...args: unknown[]) => unknown;
const fn = (inst: Instance, name: string): Fn => inst.exports[name] as Fn;

/** Runs `f`, which must throw; returns what it threw. */
function expectTrap(f: () => unknown, code: TrapCode, message: string): Trap {
  const e = thrown(f);
  expect(e).toBeInstanceOf(Trap);
  const t = e as Trap;
  expect(t.code).toBe(code);
  expect(t.message).toBe(message);
  return t;
}

const PAGE = 65536;
const I32 = 0x7f;
const I64 = 0x7e;

// ---------------------------------------------------------------------------------------------
// Export shapes

describe('exports', () => {
  const inst = load(`(module
    (func (export "none"))
    (func (export "one") (result i32) (i32.const 7))
    (func (export "one64") (result i64) (i64.const -1))
    (func (export "many") (result i32 i64 f32 f64) (i32.const 1) (i64.const 0x100000000) (f32.const 1.5) (f64.const -0.25))
    (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
    (func $shared (export "a") (export "b") (param i32) (result i32) (local.get 0))
    (memory (export "mem") 1)
    (table (export "tab") 1 funcref)
    (global (export "g") i32 (i32.const 3)))`);

  it.each([
    ['none', [], undefined, []],
    ['one', [], 7, [7]],
    ['one64', [], -1n, [-1n]],
    ['many', [], [1, 0x100000000n, 1.5, -0.25], [1, 0x100000000n, 1.5, -0.25]],
    ['add64', [0x7fffffffffffffffn, 1n], -0x8000000000000000n, [-0x8000000000000000n]],
  ] as [string, unknown[], unknown, unknown[]][])('%s: function shape and invoke shape', (name, args, asFunction, asInvoke) => {
    expect(fn(inst, name)(...args)).toEqual(asFunction);
    expect(inst.invoke(name, args)).toEqual(asInvoke);
  });

  it('the exports object is frozen and has each kind', () => {
    expect(Object.isFrozen(inst.exports)).toBe(true);
    expect(typeof inst.exports['one']).toBe('function');
    expect(inst.exports['mem']).toBeInstanceOf(Memory);
    expect(inst.exports['tab']).toBeInstanceOf(Table);
    expect(inst.exports['g']).toBeInstanceOf(Global);
    expect((inst.exports['g'] as Global).value).toBe(3);
    expect(inst.getGlobal('g')).toBe(3);
  });

  it('one function exported twice is one JS function; wrappers are stable', () => {
    expect(inst.exports['a']).toBe(inst.exports['b']);
    expect(fn(inst, 'a').length).toBe(1);
    const tab = inst.exports['tab'] as Table;
    tab.set(0, inst.exports['a']);
    expect(tab.get(0)).toBe(inst.exports['a']);
  });

  it('invoke / getGlobal of a missing name throw TypeError', () => {
    expect(thrown(() => inst.invoke('nope'))).toBeInstanceOf(TypeError);
    expect(thrown(() => inst.invoke('mem'))).toBeInstanceOf(TypeError);
    expect(thrown(() => inst.getGlobal('one'))).toBeInstanceOf(TypeError);
  });

  it('a compiled module instantiates many times into independent instances', () => {
    const module = compile(wat(`(module (global $n (mut i32) (i32.const 0))
      (func (export "inc") (result i32) (global.set $n (i32.add (global.get $n) (i32.const 1))) (global.get $n)))`));
    const a = instantiate(module);
    const b = instantiate(module);
    expect(a.invoke('inc')).toEqual([1]);
    expect(a.invoke('inc')).toEqual([2]);
    expect(b.invoke('inc')).toEqual([1]);
    expect(a.exports['inc']).not.toBe(b.exports['inc']);
  });
});

// ---------------------------------------------------------------------------------------------
// Memory

describe('Memory', () => {
  const text = `(module (import "env" "mem" (memory 1 3)) (export "mem" (memory 0))
    (func (export "size") (result i32) (memory.size))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))`;

  it('imported: same object re-exported; host and module see each other grow and write', () => {
    const memory = new Memory({ initial: 1, maximum: 3 });
    const inst = load(text, { env: { mem: memory } });
    expect(inst.exports['mem']).toBe(memory);
    expect(memory.pages).toBe(1);
    expect(memory.buffer.byteLength).toBe(PAGE);

    new Uint8Array(memory.buffer)[10] = 42;
    expect(inst.invoke('load', [10])).toEqual([42]);

    expect(memory.grow(1)).toBe(1);
    expect(inst.invoke('size')).toEqual([2]);
    expect(memory.buffer.byteLength).toBe(2 * PAGE);
    expect(new Uint8Array(memory.buffer)[10]).toBe(42); // contents kept
    inst.invoke('store', [PAGE + 5, 9]);
    expect(new Uint8Array(memory.buffer)[PAGE + 5]).toBe(9);

    expect(inst.invoke('grow', [1])).toEqual([2]);
    expect(memory.pages).toBe(3);
    expect(memory.buffer.byteLength).toBe(3 * PAGE);
    expect(inst.invoke('grow', [1])).toEqual([-1]);
    expect(thrown(() => memory.grow(1))).toBeInstanceOf(RangeError);
    expect(memory.pages).toBe(3);
    expect(memory.grow(0)).toBe(3);
  });

  it('exported: the wrapper is stable and shared with importers', () => {
    const owner = load(`(module (memory (export "mem") 1 2)
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))`);
    const mem = owner.exports['mem'] as Memory;
    const user = load(text.replace('(memory 1 3)', '(memory 1 2)'), { env: { mem } });
    expect(user.exports['mem']).toBe(mem);
    user.invoke('store', [3, 77]);
    expect(owner.invoke('load', [3])).toEqual([77]);
    expect(user.invoke('grow', [1])).toEqual([1]);
    expect(mem.pages).toBe(2);
    expect(thrown(() => mem.grow(1))).toBeInstanceOf(RangeError);
  });

  it.each([
    [{ initial: 2, maximum: 1 }, RangeError],
    [{ initial: 65537 }, RangeError],
    [{ initial: 1, maximum: 65537 }, RangeError],
    [{ initial: -1 }, TypeError],
    [{ initial: 1.5 }, TypeError],
  ])('new Memory(%o) throws', (descriptor, cls) => {
    expect(thrown(() => new Memory(descriptor))).toBeInstanceOf(cls);
  });

  it('maxMemoryPages caps memory.grow (returns -1 past it)', () => {
    const inst = load(`(module (memory (export "mem") 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`, {}, { maxMemoryPages: 3 });
    expect(inst.invoke('grow', [3])).toEqual([-1]);
    expect(inst.invoke('grow', [2])).toEqual([1]);
    expect(inst.invoke('grow', [1])).toEqual([-1]);
    expect(inst.invoke('grow', [0])).toEqual([3]);
    expect(inst.invoke('grow', [-1])).toEqual([-1]);
    expect((inst.exports['mem'] as Memory).pages).toBe(3);
  });

  it('the default cap lets memory.grow fail with -1 for a huge request (no throw)', () => {
    const inst = load(`(module (memory 0)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`);
    expect(inst.invoke('grow', [65536])).toEqual([-1]);
    expect(inst.invoke('grow', [0x7fffffff])).toEqual([-1]);
  });
});

// ---------------------------------------------------------------------------------------------
// Global

describe('Global', () => {
  it('imported mutable globals are shared both ways', () => {
    const gi = new Global({ value: 'i32', mutable: true }, 5);
    const gl = new Global({ value: 'i64', mutable: true }, 3n);
    const inst = load(`(module
      (import "env" "gi" (global $gi (mut i32))) (import "env" "gl" (global $gl (mut i64)))
      (export "gi" (global $gi))
      (func (export "get") (result i32 i64) (global.get $gi) (global.get $gl))
      (func (export "set") (param i32 i64) (global.set $gi (local.get 0)) (global.set $gl (local.get 1))))`,
    { env: { gi, gl } });
    expect(inst.exports['gi']).toBe(gi);
    expect(inst.invoke('get')).toEqual([5, 3n]);
    inst.invoke('set', [-7, -0x8000000000000000n]);
    expect(gi.value).toBe(-7);
    expect(gl.value).toBe(-0x8000000000000000n);
    gi.value = 11;
    gl.value = 12n;
    expect(inst.invoke('get')).toEqual([11, 12n]);
  });

  it('immutable globals reject writes with TypeError', () => {
    const g = new Global({ value: 'f64' }, 1.5);
    expect(g.value).toBe(1.5);
    expect(thrown(() => { g.value = 2; })).toBeInstanceOf(TypeError);
    expect(thrown(() => { g.bits = 0n; })).toBeInstanceOf(TypeError);
    expect(g.value).toBe(1.5);
    const inst = load('(module (global (export "c") i32 (i32.const 9)) (global (export "m") (mut i32) (i32.const 1)))');
    const c = inst.exports['c'] as Global;
    expect(thrown(() => { c.value = 1; })).toBeInstanceOf(TypeError);
    expect(c.value).toBe(9);
    const m = inst.exports['m'] as Global;
    m.value = 2;
    expect(inst.getGlobal('m')).toBe(2);
    expect(inst.exports['m']).toBe(m);
  });

  it('value conversions: i64 needs a BigInt, f32 rounds, defaults are zero', () => {
    expect(thrown(() => new Global({ value: 'i64' }, 1))).toBeInstanceOf(TypeError);
    expect(new Global({ value: 'f32' }, 0.1).value).toBe(Math.fround(0.1));
    expect(new Global({ value: 'i32' }).value).toBe(0);
    expect(new Global({ value: 'i64' }).value).toBe(0n);
    expect(new Global({ value: 'i32' }, 2 ** 32 + 5).value).toBe(5);
    expect(thrown(() => new Global({ value: 'i33' as 'i32' }))).toBeInstanceOf(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Table

describe('Table', () => {
  const owner = load(`(module
    (table $t (export "tab") 2 4 funcref)
    (elem (i32.const 0) func $ten)
    (func $ten (export "ten") (result i32) (i32.const 10))
    (func (export "twenty") (result i32) (i32.const 20))
    (func (export "other") (param i32) (result i32) (local.get 0))
    (func (export "size") (result i32) (table.size $t))
    (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))`);
  const tab = owner.exports['tab'] as Table;

  it('get returns the exported function itself; set / grow with exported functions', () => {
    expect(tab.length).toBe(2);
    expect(tab.get(0)).toBe(owner.exports['ten']);
    expect(tab.get(1)).toBe(null);
    tab.set(1, owner.exports['twenty']);
    expect(owner.invoke('call', [1])).toEqual([20]);
    expect(tab.grow(2, owner.exports['ten'])).toBe(2);
    expect(owner.invoke('size')).toEqual([4]);
    expect(tab.get(3)).toBe(owner.exports['ten']);
    expect(owner.invoke('call', [3])).toEqual([10]);
    expect(thrown(() => tab.grow(1))).toBeInstanceOf(RangeError);
    tab.set(3, null);
    expectTrap(() => owner.invoke('call', [3]), TrapCode.UNINITIALIZED_ELEMENT, 'uninitialized element');
    tab.set(3, owner.exports['other']);
    expectTrap(() => owner.invoke('call', [3]), TrapCode.INDIRECT_CALL_TYPE_MISMATCH, 'indirect call type mismatch');
  });

  it('rejects plain JS functions and out-of-range indices', () => {
    expect(thrown(() => tab.set(0, () => 1))).toBeInstanceOf(TypeError);
    expect(thrown(() => tab.get(99))).toBeInstanceOf(RangeError);
    expect(thrown(() => tab.set(99, null))).toBeInstanceOf(RangeError);
    expect(tab.get(0)).toBe(owner.exports['ten']);
  });

  it('a Table from TypeScript, imported and filled by an element segment', () => {
    const t = new Table({ element: 'anyfunc', initial: 3 });
    const inst = load(`(module (import "env" "t" (table 3 funcref)) (export "t" (table 0))
      (elem (i32.const 1) func $f) (func $f (export "f") (result i32) (i32.const 5)))`, { env: { t } });
    expect(inst.exports['t']).toBe(t);
    expect(t.get(1)).toBe(inst.exports['f']);
    expect((t.get(1) as Fn)()).toBe(5);
    expect(t.get(0)).toBe(null);
  });

  it('a host function made with hostFunction() can sit in a table', () => {
    const h = hostFunction({ params: [I32], results: [I32] }, (x) => (x as number) * 2);
    const t = new Table({ element: 'funcref', initial: 1 }, h);
    const inst = load(`(module (import "env" "t" (table 1 funcref))
      (func (export "call") (param i32) (result i32) (call_indirect (param i32) (result i32) (local.get 0) (i32.const 0))))`,
    { env: { t } });
    expect(inst.invoke('call', [21])).toEqual([42]);
    expect(t.get(0)).toBe(h);
  });
});

// ---------------------------------------------------------------------------------------------
// Host functions

describe('host functions', () => {
  it('arguments and results are converted', () => {
    const seen: unknown[][] = [];
    const inst = load(`(module
      (import "env" "log" (func $log (param i32 i64 f32 f64)))
      (import "env" "i32" (func $i32 (result i32)))
      (import "env" "i64" (func $i64 (result i64)))
      (import "env" "f32" (func $f32 (result f32)))
      (func (export "run") (result i32 i64 f32)
        (call $log (i32.const -1) (i64.const 0x8000000000000000) (f32.const 0.1) (f64.const -0))
        (call $i32) (call $i64) (call $f32)))`, {
      env: {
        log: (...args: unknown[]) => { seen.push(args); },
        i32: () => 2 ** 32 + 5, // ToInt32
        i64: () => -(2n ** 63n) - 1n, // wraps to 2^63 - 1
        f32: () => 0.1, // rounded to f32
      },
    });
    expect(inst.invoke('run')).toEqual([5, 0x7fffffffffffffffn, Math.fround(0.1)]);
    expect(seen).toEqual([[-1, -0x8000000000000000n, Math.fround(0.1), -0]]);
    expect(Object.is(seen[0]![3], -0)).toBe(true);
  });

  it('multi-value results from an iterable', () => {
    const inst = load(`(module
      (import "env" "pair" (func $pair (param i32) (result i32 i64)))
      (import "env" "gen" (func $gen (result f64 i32)))
      (func (export "run") (result i32 i64 f64 i32) (call $pair (i32.const 4)) (call $gen)))`, {
      env: {
        pair: (x: unknown) => [(x as number) + 1, BigInt(x as number) * 10n],
        *gen(): Generator<number> { yield 2.5; yield 3; },
      },
    });
    expect(inst.invoke('run')).toEqual([5, 40n, 2.5, 3]);
  });

  it.each([
    ['throws an Error', (): unknown => { throw new Error('boom'); }, Error],
    ['throws a string', (): unknown => { throw 'boom'; }, 'string'],
    ['returns too few values', (): unknown => [1], TypeError],
    ['returns a non-iterable', (): unknown => 1, TypeError],
    ['returns a number for i64', (): unknown => [1, 1.5], TypeError],
  ] as [string, Fn, unknown][])('a host function that %s traps with HOST; the instance stays usable', (_, impl, causeKind) => {
    const inst = load(`(module
      (import "env" "h" (func $h (result i32 i64)))
      (global $n (mut i32) (i32.const 0))
      (func (export "call_h") (global.set $n (i32.const 1)) (call $h) (drop) (drop))
      (func (export "n") (result i32) (global.get $n))
      (func (export "ok") (result i32) (i32.const 123)))`, { env: { h: impl } });
    const t = expectTrap(() => inst.invoke('call_h'), TrapCode.HOST, 'host function failed');
    expect(t).toBeInstanceOf(WasmError);
    if (causeKind === 'string') expect(t.cause).toBe('boom');
    else expect(t.cause).toBeInstanceOf(causeKind as typeof Error);
    if (causeKind === Error) expect((t.cause as Error).message).toBe('boom');
    // Effects before the call stay; the instance works afterwards.
    expect(inst.invoke('n')).toEqual([1]);
    expect(inst.invoke('ok')).toEqual([123]);
    expect(fn(inst, 'ok')()).toBe(123);
    // And fails the same way again.
    expectTrap(() => inst.invoke('call_h'), TrapCode.HOST, 'host function failed');
  });

  it('a host function called directly through its export also traps with HOST', () => {
    const err = new Error('direct');
    const inst = load('(module (import "env" "h" (func $h)) (export "h" (func $h)))', { env: { h: () => { throw err; } } });
    const t = expectTrap(() => inst.invoke('h'), TrapCode.HOST, 'host function failed');
    expect(t.cause).toBe(err);
  });

  it('the wasm stack of a HOST trap names the host function and its wasm callers', () => {
    const inst = instantiate(compile(wat(`(module
      (import "env" "h" (func $h))
      (func $inner (call $h))
      (func $outer (export "outer") (call $inner)))`, undefined, { debugNames: true })), { env: { h: () => { throw new Error('x'); } } });
    const t = expectTrap(() => inst.invoke('outer'), TrapCode.HOST, 'host function failed');
    expect(t.wasmStack[0]).toContain('env.h');
    expect(t.wasmStack.slice(1)).toEqual(['inner (func 1)', 'outer (func 2)']);
  });

  describe('re-entrancy (host calls back into wasm)', () => {
    // down(n) = n + cb(n - 1), where cb calls down again: n nested runs.
    let inst: Instance;
    let failAt = -1;
    const imports = {
      env: {
        cb: (n: unknown): unknown => {
          if (n === failAt) throw new Error('stop');
          return fn(inst, 'down')(n);
        },
      },
    };
    inst = load(`(module (import "env" "cb" (func $cb (param i32) (result i32)))
      (memory (export "mem") 1)
      (func (export "down") (param i32) (result i32)
        (i32.store (i32.shl (i32.and (local.get 0) (i32.const 0x3fff)) (i32.const 2)) (local.get 0))
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (i32.add (local.get 0) (call $cb (i32.sub (local.get 0) (i32.const 1)))))))
      (func (export "ok") (result i32) (i32.const 1)))`, imports);

    it('nested runs compute the right result', () => {
      expect(inst.invoke('down', [10])).toEqual([55]);
      expect(inst.invoke('down', [50])).toEqual([1275]); // within MAX_NESTED_RUNS (64)
      expect(new Int32Array((inst.exports['mem'] as Memory).buffer, 0, 11)).toEqual(Int32Array.from({ length: 11 }, (_, i) => i));
    });

    it('a failure deep inside unwinds every level as one HOST trap', () => {
      failAt = 3;
      const t = expectTrap(() => inst.invoke('down', [20]), TrapCode.HOST, 'host function failed');
      expect((t.cause as Error).message).toBe('stop');
      failAt = -1;
      expect(inst.invoke('down', [10])).toEqual([55]);
    });

    it('unbounded host recursion is a Trap (call stack exhausted), not a JS RangeError', () => {
      const t = expectTrap(() => inst.invoke('down', [100_000]), TrapCode.CALL_STACK_EXHAUSTED, 'call stack exhausted');
      expect(t).toBeInstanceOf(WasmError);
      expect(inst.invoke('ok')).toEqual([1]);
      expect(inst.invoke('down', [10])).toEqual([55]);
    });
  });
});

describe('state across host calls', () => {
  it('a host function that catches a trap from a nested call lets the outer run continue', () => {
    let inst: Instance;
    const imports = {
      env: {
        tryDiv: (a: unknown, b: unknown): unknown => {
          try {
            return fn(inst, 'div')(a, b);
          } catch (e) {
            if (e instanceof Trap) return -e.code;
            throw e;
          }
        },
      },
    };
    inst = load(`(module (import "env" "tryDiv" (func $tryDiv (param i32 i32) (result i32)))
      (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
      (func $mid (param i32 i32) (result i32) (local i64)
        (local.set 2 (i64.const 0x123456789))
        (i32.add
          (i32.add (call $tryDiv (local.get 0) (local.get 1)) (call $tryDiv (local.get 0) (i32.const 0)))
          (i32.wrap_i64 (i64.sub (local.get 2) (i64.const 0x123456780)))))
      (func (export "run") (param i32 i32) (result i32) (i32.add (i32.const 1000) (call $mid (local.get 0) (local.get 1)))))`, imports);
    // 1000 + (84 / 2) + (-code of "integer divide by zero") + 9
    expect(inst.invoke('run', [84, 2])).toEqual([1000 + 42 - TrapCode.INTEGER_DIVIDE_BY_ZERO + 9]);
    expect(inst.invoke('run', [-0x80000000, -1])).toEqual([1000 - TrapCode.INTEGER_OVERFLOW - TrapCode.INTEGER_DIVIDE_BY_ZERO + 9]);
  });

  it('a nested run that grows the value and frame stacks leaves the outer frames intact', () => {
    let inst: Instance;
    const imports = { env: { deep: (n: unknown): unknown => fn(inst, 'count')(n, 0n) } };
    // count(n, acc): recursion n deep with 64 i64 locals per frame (forces the stacks to grow).
    inst = load(`(module (import "env" "deep" (func $deep (param i32) (result i64)))
      (func $count (export "count") (param i32 i64) (result i64) (local ${'i64 '.repeat(64)})
        (if (result i64) (i32.eqz (local.get 0))
          (then (local.get 1))
          (else (call $count (i32.sub (local.get 0) (i32.const 1)) (i64.add (local.get 1) (i64.const 3))))))
      (func $level (param i32 i64) (result i64) (local f64)
        (local.set 2 (f64.const 0.5))
        (if (result i64) (i32.eqz (local.get 0))
          (then (i64.add (local.get 1) (call $deep (i32.const 3000))))
          (else (i64.add (i64.trunc_f64_s (f64.mul (local.get 2) (f64.const 2)))
            (call $level (i32.sub (local.get 0) (i32.const 1)) (local.get 1))))))
      (func (export "run") (result i64) (call $level (i32.const 5) (i64.const 1000000))))`, imports);
    // 5 levels add 1 each, the bottom adds 1000000 + 3 * 3000.
    expect(inst.invoke('run')).toEqual([1009005n]);
    expect(inst.invoke('run')).toEqual([1009005n]);
  });

  it('memory grown by the host during a call is visible to the calling code', () => {
    const memory = new Memory({ initial: 1, maximum: 4 });
    const inst = load(`(module (import "env" "mem" (memory 1)) (import "env" "grow" (func $grow))
      (func (export "run") (result i32)
        (call $grow)
        (i32.store (i32.const 65536) (i32.const 0x11223344))
        (i32.load (i32.const 65536))))`, { env: { mem: memory, grow: () => { memory.grow(1); } } });
    expect(inst.invoke('run')).toEqual([0x11223344]);
    expect(memory.pages).toBe(2);
  });

  it('memory grown by a nested wasm call is visible to the outer run', () => {
    let inst: Instance;
    const imports = { env: { grow: (): unknown => fn(inst, 'grow')() } };
    inst = load(`(module (import "env" "grow" (func $hostGrow (result i32))) (memory 1)
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
      (func (export "run") (result i32 i32)
        (call $hostGrow)
        (i32.store8 (i32.const 65536) (i32.const 7))
        (i32.load8_u (i32.const 65536))))`, imports);
    expect(inst.invoke('run')).toEqual([1, 7]);
  });

  it('a re-exported imported function is the same JS function', () => {
    const a = load('(module (func (export "f") (result i32) (i32.const 1)))');
    const b = load('(module (import "a" "f" (func $f (result i32))) (export "g" (func $f)))', { a: a.exports });
    expect(b.exports['g']).toBe(a.exports['f']);
    expect(b.invoke('g')).toEqual([1]);
  });
});

// ---------------------------------------------------------------------------------------------
// Linking

describe('LinkError', () => {
  const exporter = load(`(module
    (func (export "f_i32") (param i32))
    (func (export "f_none"))
    (global (export "g_const") i32 (i32.const 1))
    (global (export "g_mut") (mut i32) (i32.const 1))
    (memory (export "mem") 1 2)
    (table (export "tab") 2 funcref))`);
  const e = exporter.exports;

  it.each([
    ['missing module', '(import "nope" "x" (func))', {}, 'nope', 'x'],
    ['missing field', '(import "env" "x" (func))', { env: {} }, 'env', 'x'],
    ['function of the wrong type', '(import "env" "f" (func (param i64)))', { env: { f: e['f_i32'] } }, 'env', 'f'],
    ['function with results missing', '(import "env" "f" (func (param i32) (result i32)))', { env: { f: e['f_i32'] } }, 'env', 'f'],
    ['hostFunction of the wrong type', '(import "env" "f" (func (param i32)))', { env: { f: hostFunction({ params: [I64], results: [] }, () => {}) } }, 'env', 'f'],
    ['non-function for a function', '(import "env" "f" (func))', { env: { f: 1 } }, 'env', 'f'],
    ['mutable global for an immutable import', '(import "env" "g" (global i32))', { env: { g: e['g_mut'] } }, 'env', 'g'],
    ['immutable global for a mutable import', '(import "env" "g" (global (mut i32)))', { env: { g: e['g_const'] } }, 'env', 'g'],
    ['number for a mutable global', '(import "env" "g" (global (mut i32)))', { env: { g: 1 } }, 'env', 'g'],
    ['global of the wrong type', '(import "env" "g" (global i64))', { env: { g: e['g_const'] } }, 'env', 'g'],
    ['TS global of the wrong type', '(import "env" "g" (global (mut f32)))', { env: { g: new Global({ value: 'f64', mutable: true }) } }, 'env', 'g'],
    ['memory too small', '(import "env" "m" (memory 2))', { env: { m: e['mem'] } }, 'env', 'm'],
    ['memory maximum too large', '(import "env" "m" (memory 1 1))', { env: { m: e['mem'] } }, 'env', 'm'],
    ['memory without a maximum', '(import "env" "m" (memory 1 5))', { env: { m: new Memory({ initial: 1 }) } }, 'env', 'm'],
    ['table for a memory', '(import "env" "m" (memory 1))', { env: { m: e['tab'] } }, 'env', 'm'],
    ['table too small', '(import "env" "t" (table 3 funcref))', { env: { t: e['tab'] } }, 'env', 't'],
    ['table of the wrong element type', '(import "env" "t" (table 1 externref))', { env: { t: e['tab'] } }, 'env', 't'],
    ['table without a maximum', '(import "env" "t" (table 1 4 funcref))', { env: { t: e['tab'] } }, 'env', 't'],
  ] as [string, string, Imports, string, string][])('%s', (_, importText, imports, module, field) => {
    const m = compile(wat(`(module ${importText})`));
    const err = thrown(() => instantiate(m, imports));
    expect(err).toBeInstanceOf(LinkError);
    expect(err).toBeInstanceOf(WasmError);
    const l = err as LinkError;
    expect(l.kind).toBe('link');
    expect(l.module).toBe(module);
    expect(l.field).toBe(field);
    expect(l.message).toContain(`${module}.${field}`);
  });

  it.each([
    ['function', '(import "env" "f" (func (param i32)))', { env: { f: e['f_i32'] } }],
    ['host function', '(import "env" "f" (func (param i32)))', { env: { f: () => {} } }],
    ['number for an immutable global', '(import "env" "g" (global i32))', { env: { g: 5 } }],
    ['memory with room to spare', '(import "env" "m" (memory 1 3))', { env: { m: e['mem'] } }],
    ['memory without a declared maximum', '(import "env" "m" (memory 0))', { env: { m: e['mem'] } }],
    ['table', '(import "env" "t" (table 1 funcref))', { env: { t: e['tab'] } }],
  ] as [string, string, Imports][])('matches: %s', (_, importText, imports) => {
    expect(instantiate(compile(wat(`(module ${importText})`)), imports)).toBeDefined();
  });

  it('the first failing import is reported, in declaration order', () => {
    const err = thrown(() => load('(module (import "a" "x" (func)) (import "b" "y" (func)))', {})) as LinkError;
    expect(err).toBeInstanceOf(LinkError);
    expect([err.module, err.field]).toEqual(['a', 'x']);
  });
});

// ---------------------------------------------------------------------------------------------
// Start function and segment initialisation

describe('instantiation', () => {
  it('the start function runs at instantiation, after segments', () => {
    const calls: unknown[] = [];
    const inst = load(`(module (import "env" "log" (func $log (param i32)))
      (memory 1) (data (i32.const 0) "\\2a")
      (global $g (export "g") (mut i32) (i32.const 0))
      (func $start (global.set $g (i32.load8_u (i32.const 0))) (call $log (global.get $g)))
      (start $start))`, { env: { log: (x: unknown) => { calls.push(x); } } });
    expect(calls).toEqual([42]);
    expect(inst.getGlobal('g')).toBe(42);
  });

  it('a trap in the start function surfaces from instantiate', () => {
    const memory = new Memory({ initial: 1 });
    const err = thrown(() => load(`(module (import "env" "mem" (memory 1))
      (func $start (i32.store8 (i32.const 0) (i32.const 1)) (unreachable)) (start $start))`, { env: { mem: memory } }));
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe(TrapCode.UNREACHABLE);
    expect((err as Trap).message).toBe('unreachable');
    // Its writes to an imported memory stay.
    expect(new Uint8Array(memory.buffer)[0]).toBe(1);
  });

  it('runStart: false skips the start function', () => {
    const inst = load('(module (global (export "g") (mut i32) (i32.const 0)) (func $s (global.set 0 (i32.const 1))) (start $s))', {}, { runStart: false });
    expect(inst.getGlobal('g')).toBe(0);
  });

  it('a failing data segment leaves earlier data writes in an imported memory', () => {
    const memory = new Memory({ initial: 1 });
    const err = thrown(() => load(`(module (import "env" "mem" (memory 1))
      (data (i32.const 0) "abc")
      (data (i32.const 65534) "xyz")
      (data (i32.const 10) "late"))`, { env: { mem: memory } }));
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect((err as Trap).message).toBe('out of bounds memory access');
    const bytes = new Uint8Array(memory.buffer);
    expect(String.fromCharCode(...bytes.subarray(0, 3))).toBe('abc');
    expect([...bytes.subarray(65534)]).toEqual([0, 0]); // the failing segment wrote nothing
    expect([...bytes.subarray(10, 14)]).toEqual([0, 0, 0, 0]); // later segments did not run
  });

  it('a failing element segment leaves earlier writes; data segments do not run (2.0 order)', () => {
    const table = new Table({ element: 'anyfunc', initial: 2 });
    const memory = new Memory({ initial: 1 });
    const err = thrown(() => load(`(module (import "env" "t" (table 2 funcref)) (import "env" "mem" (memory 1))
      (func $f (export "f"))
      (elem (i32.const 0) func $f)
      (elem (i32.const 1) func $f $f)
      (data (i32.const 0) "data"))`, { env: { t: table, mem: memory } }));
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS);
    expect((err as Trap).message).toBe('out of bounds table access');
    expect(typeof table.get(0)).toBe('function');
    expect(table.get(1)).toBe(null);
    expect(new Uint8Array(memory.buffer)[0]).toBe(0);
    // The function placed by the failed instantiation is still callable.
    expect((table.get(0) as Fn)()).toBe(undefined);
  });

  it('options are validated', () => {
    const m = compile(wat('(module)'));
    for (const options of [{ maxCallDepth: -1 }, { maxMemoryPages: 1.5 }, { maxStackWords: NaN }]) {
      expect(thrown(() => instantiate(m, {}, options))).toBeInstanceOf(TypeError);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Traps never escape as JS engine errors

describe('traps are always Trap', () => {
  it.each([
    ['deep recursion', '(func $r (export "run") (call $r))'],
    ['deep recursion with large frames', `(func $r (export "run") (local ${'i64 '.repeat(1000)}) (call $r))`],
    ['deep recursion with arguments', '(func $r (export "run") (param i64 f64) (call $r (local.get 0) (local.get 1)))'],
    ['deep recursion through call_indirect', '(table 1 funcref) (elem (i32.const 0) $r) (func $r (export "run") (call_indirect (i32.const 0)))'],
  ])('%s with default limits', (_, body) => {
    const inst = load(`(module ${body})`);
    const args = body.includes('param i64') ? [1n, 1.5] : [];
    for (let k = 0; k < 2; k++) {
      const err = thrown(() => inst.invoke('run', args));
      expect(err).toBeInstanceOf(Trap);
      expect(err).not.toBeInstanceOf(RangeError);
      expect((err as Trap).code).toBe(TrapCode.CALL_STACK_EXHAUSTED);
      expect((err as Trap).message).toBe('call stack exhausted');
    }
  });

  it('the same through the function-shaped export', () => {
    const inst = load('(module (func $r (export "run") (call $r)))');
    const err = thrown(() => fn(inst, 'run')());
    expect(err).toBeInstanceOf(Trap);
    expect((err as Trap).code).toBe(TrapCode.CALL_STACK_EXHAUSTED);
  });
});
