/**
 * Behaviour tests of every trap kind the interpreter raises (spec §4.4 "Instructions": the
 * `trap` steps; §4.5.4 call stack exhaustion is the embedder's "resource exhaustion"): each case
 * runs real wasm code through the public API and asserts the error class, `code`, the exact spec
 * `message`, and, where it matters, that a trapping instruction wrote nothing. Also the `wasmStack`
 * of a trap (function names from the name section, innermost first) and the determinism of
 * "call stack exhausted" under `maxCallDepth` / `maxStackWords`.
 *
 * Modules are assembled with wabt (`write_debug_names` keeps the `$names` in a name section).
 */
import { describe, expect, it } from 'vitest';
import { wat as watToBinary, WASM2_FEATURES } from '../helpers/wat.js';
import {
  compile, DEFAULT_MAX_CALL_DEPTH, Global, instantiate, Memory, Table, Trap, TrapCode, TRAP_MESSAGES, WasmError,
} from '../../src/index.js';
import type { Imports, Instance, InstantiateOptions } from '../../src/index.js';

// ---------------------------------------------------------------------------------------------
// Helpers

/** Assembles WAT text to a binary module (with a name section unless `names` is false). */
function wat(text: string, names = true): Uint8Array {
  return watToBinary(text, WASM2_FEATURES, { debugNames: names });
}

function load(text: string, imports?: Imports, options?: InstantiateOptions): Instance {
  return instantiate(compile(wat(text)), imports, options);
}

/** Runs `fn`, which must throw a Trap; returns it after checking class, code and spec message. */
function expectTrap(fn: () => unknown, code: TrapCode, message: string): Trap {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a trap, got a normal return').toBeDefined();
  expect(caught).toBeInstanceOf(Trap);
  expect(caught).toBeInstanceOf(WasmError);
  const t = caught as Trap;
  expect(t.kind).toBe('trap');
  expect(t.name).toBe('Trap');
  expect(t.code).toBe(code);
  expect(t.message).toBe(message);
  expect(TRAP_MESSAGES[code]).toBe(message);
  return t;
}

const PAGE = 65536;

/** Index of the first byte where `a` and `b` differ, or -1 (a deep `toEqual` on 64 KiB is slow). */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

// ---------------------------------------------------------------------------------------------
// unreachable

describe('unreachable', () => {
  const inst = load(`(module
    (func (export "bare") unreachable)
    (func (export "in_block") (result i32) (block (result i32) (i32.const 1) (unreachable)))
    (func (export "after_call") (call $nop) (unreachable))
    (func $nop))`);
  it.each(['bare', 'in_block', 'after_call'])('%s', (name) => {
    expectTrap(() => inst.invoke(name), TrapCode.UNREACHABLE, 'unreachable');
  });
});

// ---------------------------------------------------------------------------------------------
// Integer division

describe('integer divide by zero / integer overflow', () => {
  const ops = ['div_s', 'div_u', 'rem_s', 'rem_u'];
  const inst = load(`(module
    ${ops.map((op) => `
    (func (export "i32.${op}") (param i32 i32) (result i32) (i32.${op} (local.get 0) (local.get 1)))
    (func (export "i64.${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`).join('')})`);

  const byZero: [string, unknown][] = [];
  for (const op of ops) {
    for (const a of [0, 1, -1, 0x7fffffff, -0x80000000]) byZero.push([`i32.${op}`, a]);
    for (const a of [0n, 1n, -1n, 0x7fffffffffffffffn, -0x8000000000000000n]) byZero.push([`i64.${op}`, a]);
  }
  it.each(byZero)('%s(%s, 0) traps', (name, a) => {
    const zero = name.startsWith('i64') ? 0n : 0;
    expectTrap(() => inst.invoke(name, [a, zero]), TrapCode.INTEGER_DIVIDE_BY_ZERO, 'integer divide by zero');
  });

  it.each([
    ['i32.div_s', -0x80000000, -1],
    ['i64.div_s', -0x8000000000000000n, -1n],
  ])('%s(MIN, -1) traps with integer overflow', (name, a, b) => {
    expectTrap(() => inst.invoke(name, [a, b]), TrapCode.INTEGER_OVERFLOW, 'integer overflow');
  });

  it.each([
    // rem_s MIN/-1 is 0, not a trap (spec §4.3.2 irem_s); the unsigned ops see 2^31 / 2^32-1.
    ['i32.rem_s', -0x80000000, -1, 0],
    ['i64.rem_s', -0x8000000000000000n, -1n, 0n],
    ['i32.div_u', -0x80000000, -1, 0],
    ['i32.rem_u', -0x80000000, -1, -0x80000000],
    ['i64.div_u', -0x8000000000000000n, -1n, 0n],
    ['i64.rem_u', -0x8000000000000000n, -1n, -0x8000000000000000n],
    ['i32.div_s', -0x7fffffff, -1, 0x7fffffff],
    ['i64.div_s', -0x7fffffffffffffffn, -1n, 0x7fffffffffffffffn],
  ])('%s(%s, %s) = %s without a trap', (name, a, b, expected) => {
    expect(inst.invoke(name, [a, b])).toEqual([expected]);
  });
});

// ---------------------------------------------------------------------------------------------
// Float -> integer truncation (boundaries in numbers.test.ts; here: each op, each trap kind)

describe('trapping truncation', () => {
  const ops = [
    ['i32.trunc_f32_s', 'i32', 'f32'], ['i32.trunc_f32_u', 'i32', 'f32'],
    ['i32.trunc_f64_s', 'i32', 'f64'], ['i32.trunc_f64_u', 'i32', 'f64'],
    ['i64.trunc_f32_s', 'i64', 'f32'], ['i64.trunc_f32_u', 'i64', 'f32'],
    ['i64.trunc_f64_s', 'i64', 'f64'], ['i64.trunc_f64_u', 'i64', 'f64'],
  ] as const;
  const inst = load(`(module ${ops.map(([op, r, p]) =>
    `(func (export "${op}") (param ${p}) (result ${r}) (${op} (local.get 0)))`).join('\n')})`);

  const overflow: [string, number][] = [];
  const invalid: [string, number][] = [];
  for (const [op] of ops) {
    overflow.push([op, Infinity], [op, -Infinity], [op, 1e30], [op, -1e30]);
    if (op.endsWith('_u')) overflow.push([op, -1]);
    invalid.push([op, NaN], [op, -NaN]);
  }
  it.each(overflow)('%s(%s) traps with integer overflow', (op, x) => {
    expectTrap(() => inst.invoke(op, [x]), TrapCode.INTEGER_OVERFLOW, 'integer overflow');
  });
  it.each(invalid)('%s(%s) traps with invalid conversion', (op, x) => {
    expectTrap(() => inst.invoke(op, [x]), TrapCode.INVALID_CONVERSION_TO_INTEGER, 'invalid conversion to integer');
  });
  it('NaN with a payload (bits) also traps with invalid conversion', () => {
    expectTrap(() => inst.invoke('i32.trunc_f32_s', [0x7fa00001], { floatBits: true }),
      TrapCode.INVALID_CONVERSION_TO_INTEGER, 'invalid conversion to integer');
    expectTrap(() => inst.invoke('i64.trunc_f64_u', [0xfff4000000000abcn], { floatBits: true }),
      TrapCode.INVALID_CONVERSION_TO_INTEGER, 'invalid conversion to integer');
  });
});

// ---------------------------------------------------------------------------------------------
// Memory accesses

describe('out of bounds memory access', () => {
  const loads = [
    ['i32.load', 'i32', 4], ['i64.load', 'i64', 8], ['f32.load', 'f32', 4], ['f64.load', 'f64', 8],
    ['i32.load8_s', 'i32', 1], ['i32.load8_u', 'i32', 1], ['i32.load16_s', 'i32', 2], ['i32.load16_u', 'i32', 2],
    ['i64.load8_s', 'i64', 1], ['i64.load8_u', 'i64', 1], ['i64.load16_s', 'i64', 2], ['i64.load16_u', 'i64', 2],
    ['i64.load32_s', 'i64', 4], ['i64.load32_u', 'i64', 4],
  ] as const;
  const stores = [
    ['i32.store', 'i32', 4], ['i64.store', 'i64', 8], ['f32.store', 'f32', 4], ['f64.store', 'f64', 8],
    ['i32.store8', 'i32', 1], ['i32.store16', 'i32', 2],
    ['i64.store8', 'i64', 1], ['i64.store16', 'i64', 2], ['i64.store32', 'i64', 4],
  ] as const;
  // Stores write a non-zero pattern, so a partial write past the check would be visible.
  const pattern: Record<string, string> = {
    i32: '(i32.const -1)', i64: '(i64.const -1)', f32: '(f32.const -nan:0x7fffff)', f64: '(f64.const -nan:0xfffffffffffff)',
  };
  const inst = load(`(module (memory (export "mem") 1)
    ${loads.map(([op, t]) => `
    (func (export "${op}") (param i32) (result ${t}) (${op} (local.get 0)))
    (func (export "${op} offset=1") (param i32) (result ${t}) (${op} offset=1 (local.get 0)))`).join('')}
    ${stores.map(([op, t]) => `
    (func (export "${op}") (param i32) (${op} (local.get 0) ${pattern[t]}))
    (func (export "${op} offset=1") (param i32) (${op} offset=1 (local.get 0) ${pattern[t]}))`).join('')}
    (func (export "i32.load offset=max") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
    (func (export "i32.load8_u offset=max") (param i32) (result i32) (i32.load8_u offset=4294967295 (local.get 0)))
    (func (export "i64.store offset=max") (param i32) (i64.store offset=4294967295 (local.get 0) (i64.const -1))))`);
  const mem = inst.exports['mem'] as Memory;
  const bytes = (): Uint8Array => new Uint8Array(mem.buffer);

  const edge: [string, number][] = [...loads, ...stores].map(([op, , size]) => [op, size]);
  it.each(edge)('%s: last valid address succeeds, one past traps', (op, size) => {
    bytes().fill(0);
    inst.invoke(op, [PAGE - size]);
    inst.invoke(`${op} offset=1`, [PAGE - size - 1]);
    const before = bytes().slice();
    for (const [name, addr] of [[op, PAGE - size + 1], [`${op} offset=1`, PAGE - size], [op, PAGE], [op, -1], [`${op} offset=1`, -1]] as const) {
      expectTrap(() => inst.invoke(name, [addr]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    }
    // A trapping store writes nothing, not even the bytes that were in bounds.
    expect(firstDiff(bytes(), before)).toBe(-1);
  });

  it('stores at the edge write exactly their bytes', () => {
    bytes().fill(0);
    inst.invoke('i64.store', [PAGE - 8]);
    expect([...bytes().subarray(PAGE - 9)]).toEqual([0, 255, 255, 255, 255, 255, 255, 255, 255]);
  });

  it.each([
    // The effective address is addr + offset as a 33-bit number: no wrap to a low address.
    ['i32.load offset=max', 0], ['i32.load offset=max', 1], ['i32.load offset=max', -1],
    ['i32.load8_u offset=max', 0], ['i32.load8_u offset=max', 1], ['i64.store offset=max', 1],
    ['i64.store offset=max', -0x10000],
  ])('%s at address %s traps (offset + address past 32 bits)', (name, addr) => {
    bytes().fill(0);
    expectTrap(() => inst.invoke(name, [addr]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expect(bytes().findIndex((b) => b !== 0)).toBe(-1);
  });

  it('a module without memory pages traps on every access', () => {
    const empty = load(`(module (memory 0)
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
      (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 0) (local.get 1))))`);
    expectTrap(() => empty.invoke('load', [0]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expectTrap(() => empty.invoke('fill', [0, 1]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expect(empty.invoke('fill', [0, 0])).toEqual([]);
  });
});

describe('bulk memory: out of bounds writes nothing', () => {
  const inst = load(`(module (memory (export "mem") 1)
    (data $hello "hello")
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init") (param i32 i32 i32) (memory.init $hello (local.get 0) (local.get 1) (local.get 2)))
    (func (export "drop") (data.drop $hello)))`);
  const mem = inst.exports['mem'] as Memory;
  const bytes = (): Uint8Array => new Uint8Array(mem.buffer);
  /** Marks the memory so that a write of any value is visible. */
  function mark(): Uint8Array {
    const b = bytes();
    for (let i = 0; i < b.length; i++) b[i] = (i * 7 + 3) & 0xff;
    return b.slice();
  }

  it.each([
    ['fill', PAGE - 5, 0xaa, 6],
    ['fill', PAGE, 0xaa, 1],
    ['fill', PAGE + 1, 0xaa, 0],
    ['fill', -1, 0xaa, 2],
    ['fill', 0, 0xaa, -1],
    ['fill', 1, 0xaa, PAGE],
    ['copy', PAGE - 5, 0, 6],
    ['copy', 0, PAGE - 5, 6],
    ['copy', PAGE + 1, 0, 0],
    ['copy', 0, PAGE + 1, 0],
    ['copy', 0, 1, -1],
    ['copy', 1, 0, PAGE],
    ['init', PAGE - 4, 0, 5],
    ['init', 0, 1, 5],
    ['init', 0, 6, 0],
    ['init', PAGE + 1, 0, 0],
    ['init', -1, 0, 1],
  ])('%s(%s, %s, %s) traps and writes nothing', (op, a, b, n) => {
    const before = mark();
    expectTrap(() => inst.invoke(op, [a, b, n]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expect(firstDiff(bytes(), before)).toBe(-1);
  });

  it.each([
    ['fill', PAGE - 5, 0xaa, 5],
    ['fill', PAGE, 0xaa, 0],
    ['copy', PAGE - 5, 0, 5],
    ['copy', PAGE, PAGE, 0],
    ['init', PAGE - 5, 0, 5],
    ['init', PAGE, 5, 0],
  ])('%s(%s, %s, %s) at the edge succeeds', (op, a, b, n) => {
    mark();
    expect(inst.invoke(op, [a, b, n])).toEqual([]);
  });

  it('memory.init after data.drop: n = 0 succeeds, n = 1 traps', () => {
    const fresh = load(`(module (memory 1) (data $d "abc")
      (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
      (func (export "drop") (data.drop $d)))`);
    expect(fresh.invoke('init', [0, 3, 0])).toEqual([]);
    fresh.invoke('drop');
    expect(fresh.invoke('init', [0, 0, 0])).toEqual([]);
    expectTrap(() => fresh.invoke('init', [0, 0, 1]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
  });
});

// ---------------------------------------------------------------------------------------------
// Tables

describe('out of bounds table access', () => {
  const inst = load(`(module
    (table $t (export "t") 4 funcref)
    (table $u 2 funcref)
    (elem $e func $f0 $f1 $f2)
    (elem (table $t) (i32.const 0) func $f0 $f1 $f2 $f0)
    (func $f0 (result i32) (i32.const 10))
    (func $f1 (result i32) (i32.const 11))
    (func $f2 (result i32) (i32.const 12))
    (func (export "get_is_null") (param i32) (result i32) (ref.is_null (table.get $t (local.get 0))))
    (func (export "set_null") (param i32) (table.set $t (local.get 0) (ref.null func)))
    (func (export "fill_null") (param i32 i32) (table.fill $t (local.get 0) (ref.null func) (local.get 1)))
    (func (export "copy") (param i32 i32 i32) (table.copy $t $t (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy_to_u") (param i32 i32 i32) (table.copy $u $t (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init") (param i32 i32 i32) (table.init $t $e (local.get 0) (local.get 1) (local.get 2)))
    (func (export "drop") (elem.drop $e)))`);
  const table = inst.exports['t'] as Table;
  const snapshot = (): unknown[] => Array.from({ length: table.length }, (_, i) => table.get(i));
  const OOB = 'out of bounds table access';

  it('table.get / table.set at the last index succeed', () => {
    expect(inst.invoke('get_is_null', [3])).toEqual([0]);
  });

  it.each([
    ['get_is_null', [4]], ['get_is_null', [-1]],
    ['set_null', [4]], ['set_null', [-1]],
    ['fill_null', [3, 2]], ['fill_null', [5, 0]], ['fill_null', [0, -1]],
    ['copy', [3, 0, 2]], ['copy', [0, 3, 2]], ['copy', [5, 0, 0]], ['copy', [0, 5, 0]],
    ['copy_to_u', [1, 0, 2]],
    ['init', [2, 0, 3]], ['init', [0, 1, 3]], ['init', [0, 4, 0]], ['init', [5, 0, 0]],
  ] as [string, number[]][])('%s(%s) traps and writes nothing', (op, args) => {
    const before = snapshot();
    expectTrap(() => inst.invoke(op, args), TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, OOB);
    expect(snapshot()).toEqual(before);
  });

  it.each([
    ['fill_null', [4, 0]], ['copy', [4, 4, 0]], ['copy', [1, 0, 3]], ['init', [1, 0, 3]], ['init', [4, 3, 0]],
  ] as [string, number[]][])('%s(%s) at the edge succeeds', (op, args) => {
    expect(inst.invoke(op, args)).toEqual([]);
  });

  it('table.init after elem.drop: n = 0 succeeds, n = 1 traps', () => {
    const fresh = load(`(module (table 2 funcref) (elem $e func $f) (func $f)
      (func (export "init") (param i32 i32 i32) (table.init $e (local.get 0) (local.get 1) (local.get 2)))
      (func (export "drop") (elem.drop $e)))`);
    expect(fresh.invoke('init', [0, 0, 1])).toEqual([]);
    fresh.invoke('drop');
    expect(fresh.invoke('init', [0, 0, 0])).toEqual([]);
    expectTrap(() => fresh.invoke('init', [0, 0, 1]), TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, OOB);
  });
});

describe('call_indirect', () => {
  const inst = load(`(module
    (type $ret_i32 (func (result i32)))
    (type $ret_i64 (func (result i64)))
    (import "host" "h" (func $h (param i32)))
    (table $t 4 funcref)
    (elem (i32.const 0) func $a $b $h)
    (func $a (result i32) (i32.const 42))
    (func $b (result i64) (i64.const 7))
    (func (export "call") (param i32) (result i32) (call_indirect (type $ret_i32) (local.get 0)))
    (func (export "call64") (param i32) (result i64) (call_indirect (type $ret_i64) (local.get 0))))`,
  { host: { h: (): void => {} } });

  it('calls a matching entry', () => {
    expect(inst.invoke('call', [0])).toEqual([42]);
    expect(inst.invoke('call64', [1])).toEqual([7n]);
  });
  it.each([
    [4, TrapCode.UNDEFINED_ELEMENT, 'undefined element'],
    [5, TrapCode.UNDEFINED_ELEMENT, 'undefined element'],
    [-1, TrapCode.UNDEFINED_ELEMENT, 'undefined element'],
    [3, TrapCode.UNINITIALIZED_ELEMENT, 'uninitialized element'],
    [1, TrapCode.INDIRECT_CALL_TYPE_MISMATCH, 'indirect call type mismatch'],
    [2, TrapCode.INDIRECT_CALL_TYPE_MISMATCH, 'indirect call type mismatch'], // host function of another type
  ] as [number, TrapCode, string][])('index %s traps: %s', (idx, code, message) => {
    expectTrap(() => inst.invoke('call', [idx]), code, message);
  });
  it('the type check is structural, across modules', () => {
    const other = load(`(module (type (func (param i32) (result i32)))
      (table (export "t") 2 funcref) (elem (i32.const 0) func $inc)
      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))`);
    const user = load(`(module (import "m" "t" (table 2 funcref))
      (type $same (func (param i32) (result i32)))
      (type $other (func (param i64) (result i32)))
      (func (export "same") (param i32) (result i32) (call_indirect (type $same) (i32.const 41) (local.get 0)))
      (func (export "other") (param i32) (result i32) (call_indirect (type $other) (i64.const 41) (local.get 0))))`,
    { m: { t: other.exports['t'] } });
    expect(user.invoke('same', [0])).toEqual([42]);
    expectTrap(() => user.invoke('other', [0]), TrapCode.INDIRECT_CALL_TYPE_MISMATCH, 'indirect call type mismatch');
    expectTrap(() => user.invoke('same', [1]), TrapCode.UNINITIALIZED_ELEMENT, 'uninitialized element');
  });
});

// ---------------------------------------------------------------------------------------------
// Call stack exhaustion

describe('call stack exhausted', () => {
  const EXHAUSTED = 'call stack exhausted';
  // $rec counts its activations in $n, then recurses forever. $many does the same with ten i64
  // locals besides its i32 param: 11 slots of 2 words = 22 value-stack words per frame.
  const module = compile(wat(`(module
    (global $n (export "n") (mut i32) (i32.const 0))
    (func $rec (export "rec") (global.set $n (i32.add (global.get $n) (i32.const 1))) (call $rec))
    (func $outer (export "outer") (call $rec))
    (func $many (export "many") (param i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (call $many (local.get 0)))
    (func $mutual_a (export "mutual") (global.set $n (i32.add (global.get $n) (i32.const 1))) (call $mutual_b))
    (func $mutual_b (global.set $n (i32.add (global.get $n) (i32.const 1))) (call $mutual_a)))`));

  /** Runs export `name` to exhaustion and returns how many activations it counted. */
  function depthOf(inst: Instance, name: string): number {
    (inst.exports['n'] as Global).value = 0;
    const t = expectTrap(() => inst.invoke(name, [0]), TrapCode.CALL_STACK_EXHAUSTED, EXHAUSTED);
    expect(t.wasmStack.length).toBeGreaterThan(0);
    return inst.getGlobal('n') as number;
  }

  // The entry frame counts toward the limit: $rec directly reaches exactly maxCallDepth
  // activations; through $outer, one fewer; mutual recursion counts each frame.
  it.each([1, 2, 3, 50, 100, 1000, 4096, undefined])('maxCallDepth %s: deterministic depth', (limit) => {
    const expected = limit ?? DEFAULT_MAX_CALL_DEPTH;
    const options = limit === undefined ? {} : { maxCallDepth: limit };
    for (let run = 0; run < 2; run++) {
      const inst = instantiate(module, {}, options);
      for (let again = 0; again < 2; again++) {
        expect(depthOf(inst, 'rec')).toBe(expected);
        expect(depthOf(inst, 'outer')).toBe(expected - 1);
        expect(depthOf(inst, 'mutual')).toBe(expected);
      }
    }
  });

  it('maxCallDepth 0 traps before any code runs', () => {
    const inst = instantiate(module, {}, { maxCallDepth: 0 });
    expect(depthOf(inst, 'rec')).toBe(0);
  });

  it('the instance is usable after exhaustion (stack unwound)', () => {
    const inst = instantiate(module, {}, { maxCallDepth: 10 });
    depthOf(inst, 'rec');
    // The next run starts from an empty stack: it sees the full limit again.
    expect(depthOf(inst, 'rec')).toBe(10);
    expect(depthOf(inst, 'outer')).toBe(9);
  });

  it('a frame with many locals hits maxStackWords at a deterministic depth', () => {
    const depths = [2000, 2000 + 22 * 10, 2000 + 22 * 100].map((words) => {
      const seen = [0, 1].map(() => depthOf(instantiate(module, {}, { maxStackWords: words }), 'many'));
      expect(seen[0]).toBe(seen[1]);
      return seen[0]!;
    });
    expect(depths[0]).toBeGreaterThan(0);
    expect(depths[0]).toBeLessThan(2000 / 22);
    // Each extra 22 words of stack buys exactly one more frame of $many.
    expect(depths[1]! - depths[0]!).toBe(10);
    expect(depths[2]! - depths[0]!).toBe(100);
    // With the default stack limit the frame limit is hit first.
    expect(depthOf(instantiate(module), 'many')).toBe(DEFAULT_MAX_CALL_DEPTH);
  });

  it('a single frame larger than maxStackWords traps at once', () => {
    const inst = instantiate(module, {}, { maxStackWords: 8 });
    expect(depthOf(inst, 'many')).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// wasmStack

describe('wasmStack', () => {
  const text = `(module
    (import "env" "callback" (func $callback))
    (memory 1)
    (func $leaf (export "leaf") (drop (i32.load (i32.const 65536))))
    (func $middle (call $leaf))
    (func $top (export "top") (call $middle))
    (func $via_host (export "via_host") (call $callback))
    (func $div (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0))))`;
  let named: Instance;
  const callbackImports = { env: { callback: (): void => { named.invoke('top'); } } };
  named = instantiate(compile(wat(text)), callbackImports);
  const anonymous = instantiate(compile(wat(text, false)), { env: { callback: (): void => {} } });

  it('names from the name section, innermost first (imports count in the index)', () => {
    const t = expectTrap(() => named.invoke('top'), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expect(t.wasmStack).toEqual(['leaf (func 1)', 'middle (func 2)', 'top (func 3)']);
  });
  it('the trapping function alone when it is the entry', () => {
    const t = expectTrap(() => named.invoke('leaf'), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expect(t.wasmStack).toEqual(['leaf (func 1)']);
    const d = expectTrap(() => named.invoke('div', [0]), TrapCode.INTEGER_DIVIDE_BY_ZERO, 'integer divide by zero');
    expect(d.wasmStack).toEqual(['div (func 5)']);
  });
  it('without a name section: function indices', () => {
    const t = expectTrap(() => anonymous.invoke('top'), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expect(t.wasmStack).toEqual(['func 1', 'func 2', 'func 3']);
  });
  it('a trap in a nested run (wasm -> host -> wasm) propagates unchanged', () => {
    const t = expectTrap(() => named.invoke('via_host'), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    expect(t.wasmStack.slice(0, 3)).toEqual(['leaf (func 1)', 'middle (func 2)', 'top (func 3)']);
    // The instance is still usable afterwards.
    expect(named.invoke('div', [1])).toEqual([1]);
  });
  it('is bounded for deep recursion', () => {
    const inst = load('(module (func $r (export "r") (call $r)))', {}, { maxCallDepth: 500 });
    const t = expectTrap(() => inst.invoke('r'), TrapCode.CALL_STACK_EXHAUSTED, 'call stack exhausted');
    expect(t.wasmStack.length).toBeGreaterThan(0);
    expect(t.wasmStack.length).toBeLessThanOrEqual(500);
    expect(t.wasmStack.every((s) => s === 'r (func 0)')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Imported objects used by traps (kept out of the way of the cases above)

describe('traps on imported memory and table', () => {
  it('bounds follow the imported memory as it grows from the host', () => {
    const memory = new Memory({ initial: 1, maximum: 3 });
    const inst = load(`(module (import "env" "mem" (memory 1))
      (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))`, { env: { mem: memory } });
    expectTrap(() => inst.invoke('load', [PAGE]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
    memory.grow(1);
    new Uint8Array(memory.buffer)[PAGE] = 9;
    expect(inst.invoke('load', [PAGE])).toEqual([9]);
    expectTrap(() => inst.invoke('load', [2 * PAGE]), TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 'out of bounds memory access');
  });
  it('call_indirect through a host-grown table: new slots are uninitialized', () => {
    const table = new Table({ element: 'anyfunc', initial: 1 });
    const inst = load(`(module (import "env" "t" (table 1 funcref))
      (func (export "call") (param i32) (call_indirect (local.get 0))))`, { env: { t: table } });
    expectTrap(() => inst.invoke('call', [1]), TrapCode.UNDEFINED_ELEMENT, 'undefined element');
    table.grow(2);
    expectTrap(() => inst.invoke('call', [1]), TrapCode.UNINITIALIZED_ELEMENT, 'uninitialized element');
    expectTrap(() => inst.invoke('call', [3]), TrapCode.UNDEFINED_ELEMENT, 'undefined element');
  });
  it('an immutable imported global still feeds a trapping computation', () => {
    const g = new Global({ value: 'i32' }, 0);
    const inst = load(`(module (import "env" "g" (global i32))
      (func (export "f") (result i32) (i32.div_s (i32.const 1) (global.get 0))))`, { env: { g } });
    expectTrap(() => inst.invoke('f'), TrapCode.INTEGER_DIVIDE_BY_ZERO, 'integer divide by zero');
  });
});
