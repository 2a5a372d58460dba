/**
 * Tail calls (WebAssembly 3.0 `return_call`, `return_call_indirect`; feature 'tail-call'): a
 * wasm callee takes over the caller's frame, so mutual recursion through tail calls runs in
 * constant frame-stack depth; a host callee is called as by `call` and its results returned.
 * Covers arguments of every kind moving down (i64, f64, v128, externref), callees with more
 * parameters than the caller has (the value stack grows), traps of return_call_indirect, gas (a
 * tail call costs what a call costs), the feature switch, and validation of the result types.
 */
import { describe, expect, it } from 'vitest';
import { wat as watToBinary, WASM2_FEATURES } from '../helpers/wat.js';
import {
  compile, DEFAULT_GAS_SCHEDULE, instantiate, InvalidError, Trap, TrapCode, validate, WASM_2_0,
} from '../../src/index.js';
import type { Imports, InstantiateOptions } from '../../src/index.js';

const TAIL = { ...WASM2_FEATURES, tail_call: true };

function wat(text: string): Uint8Array {
  return watToBinary(text, TAIL, { debugNames: true });
}

function load(text: string, imports?: Imports, options?: InstantiateOptions) {
  return instantiate(compile(wat(text)), imports, options);
}

/** even / odd by mutual tail calls; `probe` (a host function) is tail-called at the end. */
const MUTUAL = `
  (import "env" "probe" (func $probe (param i64) (result i64)))
  (func $even (export "even") (param $n i64) (param $acc i64) (result i64)
    (if (i64.eqz (local.get $n)) (then (return_call $probe (local.get $acc))))
    (return_call $odd (i64.sub (local.get $n) (i64.const 1)) (i64.add (local.get $acc) (i64.const 2))))
  (func $odd (param $n i64) (param $acc i64) (result i64)
    (if (i64.eqz (local.get $n)) (then (return_call $probe (i64.sub (i64.const 0) (local.get $acc)))))
    (return_call $even (i64.sub (local.get $n) (i64.const 1)) (i64.sub (local.get $acc) (i64.const 1))))
`;

describe('return_call', () => {
  it('runs 10 million mutual tail calls in constant frame-stack depth', () => {
    let probeCalls = 0;
    // maxCallDepth 2: the entry frame and one more; a frame per call would trap at once.
    const inst = load(MUTUAL, { env: { probe: (acc: bigint) => { probeCalls++; return acc; } } }, { maxCallDepth: 2 });
    const even = inst.exports.even as (n: bigint, acc: bigint) => bigint;
    // 10M calls alternate even/odd: 5M times +2, 5M times -1, ending in even with n = 0.
    expect(even(10_000_000n, 0n)).toBe(5_000_000n);
    expect(even(3n, 0n)).toBe(-3n); // even(3,0) odd(2,2) even(1,1) odd(0,3) -> probe(-3)
    expect(probeCalls).toBe(2);
  });

  it('keeps exactly one wasm frame under the host callee (asserted from the trap stack)', () => {
    const inst = load(MUTUAL, { env: { probe: () => { throw new Error('probe saw the stack'); } } }, { maxCallDepth: 2 });
    const even = inst.exports.even as (n: bigint, acc: bigint) => bigint;
    let caught: unknown;
    try {
      even(1_000_001n, 0n);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(Trap);
    // Innermost first: the host function, then the frame that tail-called it (odd, after
    // 1,000,001 frame replacements), and nothing else: the entry frame was replaced too.
    expect((caught as Trap).wasmStack).toEqual(['env.probe', 'odd (func 2)']);
  });

  it('traps "call stack exhausted" for ordinary recursion at the same depth limit (the limit is real)', () => {
    const inst = load(`
      (func $f (export "f") (param $n i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
          (else (i32.add (i32.const 1) (call $f (i32.sub (local.get $n) (i32.const 1)))))))`, undefined, { maxCallDepth: 2 });
    expect(() => (inst.exports.f as (n: number) => number)(5)).toThrow(expect.objectContaining({ code: TrapCode.CALL_STACK_EXHAUSTED }));
  });

  it('moves arguments of every kind down to the frame base, and grows the value stack for more parameters', () => {
    // $wide takes 40 parameters (i64, f64, v128 and externref among them): each tail call from
    // a function with two parameters writes past the caller's frame.
    const params = Array.from({ length: 36 }, () => 'i32').join(' ');
    const args = Array.from({ length: 36 }, (_, i) => `(i32.add (local.get $n) (i32.const ${i}))`).join(' ');
    const inst = load(`
      (func $narrow (export "narrow") (param $n i32) (param $r externref) (result i32 i64 f64 v128 externref)
        (if (i32.eqz (local.get $n))
          (then (return (i32.const -1) (i64.const -1) (f64.const -1) (v128.const i32x4 -1 -1 -1 -1) (local.get $r))))
        (return_call $wide (local.get $n) (i64.extend_i32_u (local.get $n)) (f64.convert_i32_u (local.get $n))
          (i32x4.splat (local.get $n)) (local.get $r) ${args}))
      (func $wide (param $n i32) (param $x i64) (param $y f64) (param $v v128) (param $r externref) (param ${params})
        (result i32 i64 f64 v128 externref)
        (local $sum i32) (local $k i32)
        (local.set $sum (i32.add (local.get 5) (local.get 40)))
        (if (i32.gt_u (local.get $n) (i32.const 1))
          (then (return_call $narrow (i32.sub (local.get $n) (i32.const 1)) (local.get $r))))
        (return (local.get $sum) (i64.mul (local.get $x) (i64.const 3)) (f64.mul (local.get $y) (f64.const 0.5))
          (local.get $v) (local.get $r)))`);
    const ref = { token: 'kept' };
    const narrow = (n: number, r: unknown) => inst.invoke('narrow', [n, r]);
    // narrow(3) -> wide(3) -> narrow(2) -> wide(2) -> narrow(1) -> wide(1): returns from wide(1).
    const out = narrow(3, ref);
    expect(out[0]).toBe(1 + (1 + 35)); // local 5 = n + 0, local 40 = n + 35
    expect(out[1]).toBe(3n);
    expect(out[2]).toBe(0.5);
    expect(Array.from(out[3] as Uint8Array)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    expect(out[4]).toBe(ref);
    expect(narrow(0, null)).toEqual([-1, -1n, -1, new Uint8Array(16).fill(255), null]);
  });

  it('returns a host callee\'s results from the calling function (more results than arguments)', () => {
    const inst = load(`
      (import "env" "split" (func $split (param i32) (result i32 i32 i32)))
      (import "env" "id" (func $id (param i32) (result i32)))
      (func (export "f") (param i32) (result i32 i32 i32)
        (return_call $split (i32.mul (local.get 0) (i32.const 10))))
      (func (export "g") (param i32) (result i32)
        (i32.add (i32.const 1000) (call $h (local.get 0))))
      (func $h (param i32) (result i32)
        (drop (i32.const 7))
        (return_call $id (local.get 0)))`, {
      env: { split: (x: number) => [x + 1, x + 2, x + 3], id: (x: number) => x * 2 },
    });
    expect((inst.exports.f as (x: number) => number[])(4)).toEqual([41, 42, 43]);
    expect((inst.exports.g as (x: number) => number)(5)).toBe(1010);
  });

  it('tail-calls into another instance and back', () => {
    const lib = load(`(func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))`);
    const inst = load(`
      (import "lib" "twice" (func $twice (param i32) (result i32)))
      (func (export "f") (param i32) (result i32) (i32.add (i32.const 1) (call $g (local.get 0))))
      (func $g (param i32) (result i32) (return_call $twice (local.get 0)))`, { lib: { twice: lib.exports.twice! } });
    expect((inst.exports.f as (x: number) => number)(20)).toBe(41);
  });
});

describe('return_call_indirect', () => {
  const TABLE = `
    (type $t (func (param i32) (result i32)))
    (type $u (func (param i64) (result i32)))
    (table 4 funcref)
    (elem (i32.const 0) $down $wrong)
    (func $down (param $n i32) (result i32)
      (if (i32.eqz (local.get $n)) (then (return (i32.const 99))))
      (return_call_indirect (type $t) (i32.sub (local.get $n) (i32.const 1)) (i32.const 0)))
    (func $wrong (param i64) (result i32) (i32.const 0))
    (func (export "run") (param $n i32) (param $slot i32) (result i32)
      (return_call_indirect (type $t) (local.get $n) (local.get $slot)))`;

  it('loops through the table in constant depth', () => {
    const inst = load(TABLE, undefined, { maxCallDepth: 2 });
    expect((inst.exports.run as (n: number, s: number) => number)(1_000_000, 0)).toBe(99);
  });

  it('traps as call_indirect does: type mismatch, uninitialised and undefined elements', () => {
    const run = load(TABLE).exports.run as (n: number, s: number) => number;
    expect(() => run(1, 1)).toThrow(expect.objectContaining({ code: TrapCode.INDIRECT_CALL_TYPE_MISMATCH }));
    expect(() => run(1, 2)).toThrow(expect.objectContaining({ code: TrapCode.UNINITIALIZED_ELEMENT }));
    expect(() => run(1, 4)).toThrow(expect.objectContaining({ code: TrapCode.UNDEFINED_ELEMENT }));
    expect(() => run(1, -1)).toThrow(expect.objectContaining({ code: TrapCode.UNDEFINED_ELEMENT }));
  });
});

describe('gas of tail calls', () => {
  // The same countdown once with return_call and once with call + return: the same gas but for
  // the one extra instruction per level where instructions are charged.
  const countdown = (tailCall: boolean) => `
    (func $f (export "f") (param $n i32) (result i32)
      (if (i32.eqz (local.get $n)) (then (return (i32.const 7))))
      ${tailCall ? '(return_call $f' : '(return (call $f'} (i32.sub (local.get $n) (i32.const 1)))${tailCall ? '' : ')'})`;

  it('charges a tail call as a call (default and strict schedules)', () => {
    for (const gas of [DEFAULT_GAS_SCHEDULE, { ...DEFAULT_GAS_SCHEDULE, instruction: 1 }]) {
      const a = load(countdown(true), undefined, { gas }).invokeMetered('f', [100], { gasLimit: 1_000_000 });
      const b = load(countdown(false), undefined, { gas }).invokeMetered('f', [100], { gasLimit: 1_000_000 });
      expect(a.error).toBeNull();
      expect(b.error).toBeNull();
      expect(a.results).toEqual([7]);
      expect(b.results).toEqual([7]);
      expect(a.gasUsed + (gas.instruction === 1 ? 100 : 0)).toBe(b.gasUsed);
      expect(a.gasUsed).toBeGreaterThan(100 * gas.call);
    }
  });

  it('runs out of gas inside an endless tail-call loop (bounded)', () => {
    const inst = load(`(func $f (export "f") (return_call $f))`, undefined, { gas: DEFAULT_GAS_SCHEDULE });
    const out = inst.invokeMetered('f', [], { gasLimit: 100_000 });
    expect(out.error).toBeInstanceOf(Trap);
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(100_000);
  });
});

describe('validation', () => {
  it('rejects a tail call whose callee results differ from the caller\'s', () => {
    for (const text of [
      '(func $g (result i64) (i64.const 0)) (func (result i32) (return_call $g))',
      '(func $g (result i32 i32) (i32.const 0) (i32.const 0)) (func (result i32) (return_call $g))',
      '(func $g) (func (result i32) (return_call $g))',
      '(type $t (func (result i64))) (table 1 funcref) (func (result i32) (return_call_indirect (type $t) (i32.const 0)))',
    ]) {
      expect(() => compile(wat(text))).toThrow(InvalidError);
      expect(() => compile(wat(text))).toThrow('type mismatch');
    }
  });

  it('rejects missing arguments and an unknown function', () => {
    expect(() => compile(wat('(func $g (param i32)) (func (return_call $g))'))).toThrow('type mismatch');
    const bytes = watToBinary('(func $g) (func (return_call $g))', TAIL);
    // Point the call at function 5 (the last immediate byte before the body's end).
    const at = bytes.lastIndexOf(0x12);
    const bad = bytes.slice();
    bad[at + 1] = 5;
    expect(() => compile(bad)).toThrow('unknown function 5');
  });

  it('accepts code after a tail call as unreachable (stack-polymorphic)', () => {
    expect(() => validate(wat('(func $g (result i32) (i32.const 1)) (func (result i32) (return_call $g) (i64.const 0) (drop))'))).not.toThrow();
  });

  it('is refused with tail-call switched off, naming the feature', () => {
    const bytes = wat('(func $g) (func (return_call $g))');
    expect(() => compile(bytes, { features: WASM_2_0 })).toThrow("instruction return_call requires feature 'tail-call'");
    expect(() => compile(bytes, { features: { 'tail-call': false } })).toThrow(InvalidError);
    expect(compile(bytes, { features: { 'tail-call': true } })).toBeDefined();
  });
});
