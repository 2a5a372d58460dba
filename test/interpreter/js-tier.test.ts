/**
 * The JS tier (InstantiateOptions `tier: 'js'`, src/interpreter/js-tier.ts): every function it
 * takes runs as a JavaScript function, and results, traps (code, message, wasmStack), memory,
 * globals and `gasUsed` must be the interpreter's exactly, out of gas at any point included.
 * Each case runs the same bytes on an instance of each tier (and on V8's `WebAssembly` where no
 * gas is involved) and compares everything after every call; every call is made at least twice.
 * `tookJs` checks that the tier really took the functions under test, so no case compares the
 * interpreter with itself. The property test prints its seed (replay with `FUZZ_SEED=<seed>`,
 * more runs with `FUZZ_RUNS=<n>`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, DEFAULT_GAS_SCHEDULE, Global, instantiate, STRICT_GAS_SCHEDULE, Trap, TRAP_MESSAGES, TrapCode } from '../../src/index.js';
import type { CallOutcome, GasSchedule, Imports, Instance, InstantiateOptions } from '../../src/index.js';
import { decodeModule } from '../../src/decoder/decode.js';
import { FREE_GAS_SCHEDULE } from '../../src/gas/schedule.js';
import { translateToJs } from '../../src/interpreter/js-tier.js';
import { funcInstOf } from '../../src/interpreter/values.js';
import { V8_WASM } from '../diff/v8-api.js';
import type { V8Global, V8Instance } from '../diff/v8-api.js';
import { thrown } from '../helpers/thrown.js';
import { wat, WASM2_FEATURES } from '../helpers/wat.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20250917);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 120);
const BIG = 1e12;
const FEATURES = { ...WASM2_FEATURES, tail_call: true, memory64: true, multi_memory: true };

// ---------------------------------------------------------------------------------------------
// Harness

/** What a call did: results, or the trap's code, message and wasm stack; and the gas used. */
type Outcome = { results: unknown[] | null; code: number | null; message: string | null; stack: readonly string[]; gasUsed: number };

function outcome(inst: Instance, name: string, args: readonly unknown[], gasLimit = BIG, pollInterval?: number): Outcome {
  const control = pollInterval === undefined ? { gasLimit } : { gasLimit, pollInterval, interrupt: new Int32Array(1) };
  return outcomeOf(inst.invokeMetered(name, args, control));
}

function outcomeOf(o: CallOutcome): Outcome {
  if (o.error === null) return { results: o.results, code: null, message: null, stack: [], gasUsed: o.gasUsed };
  const t = o.error as Trap;
  if (!(t instanceof Trap) || t.message !== TRAP_MESSAGES[t.code]) expect.unreachable(`not a Trap with its spec message: ${String(t)}`);
  return { results: null, code: t.code, message: t.message, stack: t.wasmStack, gasUsed: o.gasUsed };
}

/** An instance of each tier (each of its own compile), and V8's when `v8Imports` is given. */
type Sides = { interp: Instance; js: Instance; v8: V8Instance | null };

function sides(bytes: Uint8Array, options: InstantiateOptions = {}, imports: Imports = {}, v8Imports: Record<string, Record<string, unknown>> | null = {}): Sides {
  return {
    interp: instantiate(compile(bytes), imports, { ...options, tier: 'interpreter' }),
    js: instantiate(compile(bytes), imports, { ...options, tier: 'js' }),
    v8: v8Imports === null ? null : new V8_WASM.Instance(new V8_WASM.Module(bytes), v8Imports),
  };
}

const memoryOf = (exports: Record<string, unknown>): Uint8Array | null => {
  const m = exports['memory'] as { buffer: ArrayBuffer } | undefined;
  return m === undefined ? null : new Uint8Array(m.buffer);
};

/** -1 when equal, else the first differing byte (-2: different sizes). */
function memoryDiff(a: Uint8Array | null, b: Uint8Array | null): number {
  if (a === null || b === null) return a === b ? -1 : -2;
  if (a.length !== b.length) return -2;
  return Buffer.compare(a, b) === 0 ? -1 : a.findIndex((x, i) => x !== b[i]);
}

/** V8's trap messages, by our TrapCode. */
const V8_TRAPS: readonly [RegExp, number][] = [
  [/divide by zero|remainder by zero/, TrapCode.INTEGER_DIVIDE_BY_ZERO], [/unrepresentable|overflow/, TrapCode.INTEGER_OVERFLOW],
  [/out of bounds/, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS], [/unreachable/, TrapCode.UNREACHABLE],
];

function v8Outcome(inst: V8Instance, name: string, args: readonly unknown[]): { results: unknown[] | null; code: number | null } {
  try {
    const r = (inst.exports[name] as (...a: unknown[]) => unknown)(...args);
    return { results: r === undefined ? [] : [r], code: null };
  } catch (e) {
    if (!(e instanceof V8_WASM.RuntimeError)) throw e;
    const hit = V8_TRAPS.find(([re]) => re.test(e.message));
    return { results: null, code: hit === undefined ? -1 : hit[1] };
  }
}

function isSameList(a: readonly unknown[] | null, b: readonly unknown[] | null): boolean {
  return a === b || (a !== null && b !== null && a.length === b.length && a.every((x, i) => Object.is(x, b[i])));
}

const isSameOutcome = (a: Outcome, b: Outcome): boolean =>
  a.code === b.code && a.message === b.message && a.gasUsed === b.gasUsed && isSameList(a.results, b.results) && isSameList(a.stack, b.stack);

/** Calls `name(args)` on every side: equal outcomes, memories and global `g` (when exported). Returns the outcome. */
function check(s: Sides, name: string, args: readonly unknown[], gasLimit = BIG, pollInterval?: number): Outcome {
  const a = outcome(s.interp, name, args, gasLimit, pollInterval);
  const b = outcome(s.js, name, args, gasLimit, pollInterval);
  const what = (): string => `${name}(${args.join(', ')}) gas ${gasLimit}`;
  // (expect only on a difference: the tables make tens of thousands of calls.)
  if (!isSameOutcome(a, b)) expect(b, what()).toEqual(a);
  const diff = memoryDiff(memoryOf(s.js.exports), memoryOf(s.interp.exports));
  if (diff !== -1) expect(diff, `memory after ${what()}`).toBe(-1);
  const g = s.interp.exports['g'] === undefined ? undefined : s.interp.getGlobal('g');
  if (g !== undefined && s.js.getGlobal('g') !== g) expect(s.js.getGlobal('g'), what()).toBe(g);
  if (s.v8 !== null) {
    const v = v8Outcome(s.v8, name, args);
    if (v.code !== a.code || !isSameList(v.results, a.results)) expect(v, `V8: ${what()}`).toEqual({ results: a.results, code: a.code });
    const vd = memoryDiff(memoryOf(s.v8.exports), memoryOf(s.interp.exports));
    if (vd !== -1) expect(vd, `V8 memory after ${what()}`).toBe(-1);
    if (g !== undefined && (s.v8.exports['g'] as V8Global).value !== g) expect((s.v8.exports['g'] as V8Global).value, what()).toBe(g);
  }
  return a;
}

/** Whether exported function `name` of `inst` runs on the JS tier (set on its first call). */
const tookJs = (inst: Instance, name: string): boolean => funcInstOf(inst.exports[name])!.js !== null;

function expectTookJs(s: Sides, names: readonly string[], expected = true): void {
  expect(names.filter((n) => tookJs(s.js, n) !== expected)).toEqual([]);
  expect(names.filter((n) => tookJs(s.interp, n))).toEqual([]);
}

const exportNames = (text: string): string[] => [...text.matchAll(/\(export "([^"]+)"\) \(param/g)].map((x) => x[1]!);

// ---------------------------------------------------------------------------------------------
// 1. Differential: every supported op

const BIN = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr',
  'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const UN = ['clz', 'ctz', 'popcnt', 'eqz', 'extend8_s', 'extend16_s'];
const EDGES = [0, 1, -1, 2, -2, 7, 31, 32, 33, 63, 64, -31, -32, -33, 0x7fffffff, -0x80000000, 0x40000000, 0x12345678, -0x5432100f, 0xff, 0x80, 0x8000, 0xffff];
const LITERALS = [0, -1, 33, -0x80000000];
const LOADS = ['load8_s', 'load8_u', 'load16_s', 'load16_u', 'load'];
const STORES = ['store8', 'store16', 'store'];
const OFFSETS = [0, 1, 3, 65535, 4294967295];
const ADDRESSES = [0, 1, 2, 65532, 65533, 65534, 65535, 65536, -1, -2, -4, 0x7fffffff];

const NUMERIC_WAT = `
  ${BIN.map((o) => `(func (export "${o}") (param i32 i32) (result i32) (i32.${o} (local.get 0) (local.get 1)))`).join('\n')}
  ${BIN.flatMap((o) => LITERALS.map((k, j) => `
    (func (export "${o}_r${j}") (param i32) (result i32) (i32.${o} (local.get 0) (i32.const ${k})))
    (func (export "${o}_l${j}") (param i32) (result i32) (i32.${o} (i32.const ${k}) (local.get 0)))`)).join('\n')}
  ${UN.map((o) => `(func (export "${o}") (param i32) (result i32) (i32.${o} (local.get 0)))`).join('\n')}
  ${[...BIN, ...UN].map((o) => `(func (export "${o}_use") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.${o} (local.get 0) ${BIN.includes(o) ? '(local.get 1)' : ''}))
    (i32.or (i32.eq (i32.${o} (local.get 0) ${BIN.includes(o) ? '(local.get 1)' : ''}) (i32.const -1))
      (i32.or (i32.shl (i32.lt_s (local.get 2) (i32.const 0)) (i32.const 1)) (i32.shl (i32.rem_s (local.get 2) (i32.const 1000)) (i32.const 2)))))`).join('\n')}`;

const MEMORY_WAT = `
  (memory (export "memory") 1)
  (data (i32.const 0) "\\80\\ff\\7f\\01\\fe\\00\\81\\42")
  (data (i32.const 65528) "\\01\\82\\83\\f4\\85\\86\\87\\ff")
  ${LOADS.flatMap((o) => OFFSETS.map((k) => `(func (export "${o}@${k}") (param i32) (result i32) (i32.${o} offset=${k} (local.get 0)))`)).join('\n')}
  ${STORES.flatMap((o) => OFFSETS.map((k) => `(func (export "${o}@${k}") (param i32 i32) (i32.${o} offset=${k} (local.get 0) (local.get 1)))`)).join('\n')}
  (func (export "move") (param $a i32) (param $b i32) (result i32)
    (i32.store offset=2 (local.get $b) (i32.load16_s offset=1 (local.get $a)))
    (i32.load (local.get $b)))`;

/** Control, locals and globals: each (param i32) (result i32), safe for every argument. */
const CONTROL_WAT = `
  (global $g (export "g") (mut i32) (i32.const 7))
  (func (export "nested") (param $x i32) (result i32)
    (i32.add (i32.const 1000)
      (block $a (result i32)
        (i32.add (i32.const 100)
          (block $b (result i32)
            (i32.add (i32.const 10)
              (block $c (result i32)
                (drop (br_if $a (i32.const 1) (i32.eq (local.get $x) (i32.const 1))))
                (drop (br_if $b (i32.const 2) (i32.eq (local.get $x) (i32.const 2))))
                (drop (br_if $c (i32.const 3) (i32.eq (local.get $x) (i32.const 3))))
                (if (i32.eq (local.get $x) (i32.const 4)) (then (br $a (i32.const 44))))
                (i32.const 5))))))))
  (func (export "brtable") (param $x i32) (result i32)
    block $d (result i32) block $b2 (result i32) block $b1 (result i32) block $b0 (result i32)
            (i32.mul (local.get $x) (i32.const 7)) local.get $x br_table $b0 $b1 $b2 $b0 $d
          end i32.const 100 i32.add return
        end i32.const 200 i32.add br $d
      end i32.const 300 i32.add
    end i32.const 1 i32.add)
  (func (export "brtable_empty") (param $x i32) (result i32) (local $n i32)
    (block $out
      (loop $l
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_table $l $l $out $l (i32.and (i32.add (local.get $x) (local.get $n)) (i32.const 3)))))
    (local.get $n))
  (func (export "loopret") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $i)))
      (if (i32.gt_u (local.get $s) (i32.const 1000)) (then (return (i32.sub (i32.const 0) (local.get $s)))))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (local.get $s))
  (func (export "loopval") (param $n i32) (result i32)
    (local.set $n (i32.and (local.get $n) (i32.const 63)))
    (loop $l (result i32)
      (br_if $l (i32.gt_s (local.tee $n (i32.sub (local.get $n) (i32.const 1))) (i32.const 0)))
      (i32.mul (local.get $n) (i32.const 3))))
  (func (export "brfunc") (param $x i32) (result i32)
    (block (drop (br_if 1 (i32.const 77) (local.get $x))))
    (local.get $x) (br 0) (i32.const 1) (i32.add))
  (func (export "ifs") (param $x i32) (result i32)
    (if (i32.eq (local.get $x) (i32.const 7)) (then (local.set $x (i32.const 8))))
    (if (result i32) (i32.lt_s (local.get $x) (i32.const 0))
      (then (if (result i32) (i32.eqz (i32.and (local.get $x) (i32.const 1))) (then (i32.const -2)) (else (i32.const -1))))
      (else (if (result i32) (local.get $x)
        (then (br 1 (i32.add (local.get $x) (i32.const 10))))
        (else (i32.const 0))))))
  (func (export "selects") (param $x i32) (result i32)
    (i32.add
      (select (local.get $x) (i32.const 5) (i32.gt_s (local.get $x) (i32.const 3)))
      (select (result i32) (i32.const -9) (i32.mul (local.get $x) (i32.const 3)) (i32.and (local.get $x) (i32.const 2)))))
  (func (export "tee") (param $x i32) (result i32) (local $a i32) (local $b i32)
    ;; (a local's value on the stack, then the local written: the stack keeps the old value)
    (local.get $x) (local.set $x (local.tee $a (local.tee $b (i32.add (local.get $x) (i32.const 1))))) (local.get $x) (i32.sub)
    (i32.shl (local.get $a) (i32.const 3)) (i32.xor) (local.get $a) (local.tee $a (i32.const 5)) (i32.add) (i32.add)
    ;; swap a and b through the stack
    (local.set $b (i32.mul (local.get $b) (i32.const 3))) (local.get $a) (local.get $b) (local.set $a) (local.set $b)
    (i32.add (i32.sub (local.get $a) (local.get $b))))
  (func (export "glob") (param $x i32) (result i32)
    (global.get $g) (global.set $g (i32.add (global.get $g) (local.get $x))) (global.get $g) (i32.sub))
  (func (export "unreach") (param $x i32) (result i32) (if (i32.eq (local.get $x) (i32.const 3)) (then unreachable)) (local.get $x))
  (func (export "dead") (param $x i32) (result i32)
    (block $b
      (br_if $b (i32.and (local.get $x) (i32.const 1)))
      (return (i32.const 11))
      (i32.const 1) (drop) (drop (block (result i32) (i32.const 2))) (unreachable))
    (if (i32.and (local.get $x) (i32.const 2)) (then (loop $l (br 2 (i32.const 22)) (i32.add) (drop))))
    (block (br 0) (global.set $g (i32.const 99)) (loop (br 0)))
    (unreachable)
    (i32.const 33))
  (func (export "deadend") (param $x i32) (result i32)
    (if (local.get $x) (then (return (i32.const 1)))) (global.set $g (i32.add (global.get $g) (i32.const 1))) (i32.const 2))`;

const SMALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 44, 100];

describe('differential: every op the tier takes, vs the interpreter and V8', () => {
  it('i32 numeric ops on edge values (traps included)', () => {
    const s = sides(wat(NUMERIC_WAT));
    const names = exportNames(NUMERIC_WAT);
    for (let round = 0; round < 2; round++) {
      // (`_use`: the result read by the next ops, not just returned: an int32 in a JS variable or not)
      for (const o of [...BIN, ...BIN.map((b) => `${b}_use`)]) for (const x of EDGES) for (const y of EDGES) check(s, o, [x, y]);
      for (const o of UN) for (const x of EDGES) check(s, `${o}_use`, [x, 0]);
      for (const name of names.filter((n) => !BIN.includes(n) && !n.endsWith('_use'))) for (const x of EDGES) check(s, name, [x]);
    }
    expectTookJs(s, names);
    // Spot values, so that both tiers being wrong in the same way also fails.
    const r = (name: string, ...args: number[]) => outcome(s.js, name, args);
    expect(r('div_s', -0x80000000, -1).code).toBe(TrapCode.INTEGER_OVERFLOW);
    expect(r('div_u', 5, 0).code).toBe(TrapCode.INTEGER_DIVIDE_BY_ZERO);
    expect(r('rem_s', -0x80000000, -1).results).toEqual([0]);
    expect([r('shl', 1, 33), r('rotl', 0x80000001, -1), r('rotr', 1, 32), r('shr_s', -8, 65)].map((o) => o.results![0])).toEqual([2, -0x40000000, 1, -4]);
    expect([r('clz', 0), r('ctz', 0), r('popcnt', -1), r('extend8_s', 0x80), r('lt_u', -1, 0), r('ge_s', -1, 0)].map((o) => o.results![0]))
      .toEqual([32, 32, 32, -128, 0, 0]);
  });

  it('loads and stores of every width at offsets, out of bounds at the end of memory and past 2^32', () => {
    const s = sides(wat(MEMORY_WAT));
    const names = exportNames(MEMORY_WAT);
    for (let round = 0; round < 2; round++) {
      for (const o of LOADS) for (const k of OFFSETS) for (const a of ADDRESSES) check(s, `${o}@${k}`, [a - (k === 0 ? 0 : round)]);
      for (const o of STORES) for (const k of OFFSETS) for (const a of ADDRESSES) check(s, `${o}@${k}`, [a - round, (0x81828384 | 0) + round]);
      for (const a of ADDRESSES) check(s, 'move', [a, 65536 - 6 - round]);
    }
    expectTookJs(s, names);
    const r = (name: string, ...args: number[]) => outcome(s.js, name, args);
    expect([r('load8_u@0', 65535), r('load16_u@0', 65534), r('load@0', 65532), r('load8_s@1', 65534)].map((o) => o.code)).toEqual([null, null, null, null]);
    expect([r('load8_u@0', 65536), r('load16_u@0', 65535), r('load@0', 65533), r('load8_s@1', 65535), r('load@4294967295', 1)].map((o) => o.code))
      .toEqual(Array(5).fill(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS));
  });

  it('blocks, loops, ifs, br / br_if / br_table, select, local.tee, a mutable global, unreachable and dead code', () => {
    for (const gas of [undefined, STRICT_GAS_SCHEDULE]) {
      const s = sides(wat(CONTROL_WAT), gas === undefined ? {} : { gas });
      const names = exportNames(CONTROL_WAT);
      for (let round = 0; round < 2; round++) for (const name of names) for (const x of [...SMALL, ...EDGES]) check(s, name, [x]);
      expectTookJs(s, names);
      const r = (name: string, x: number) => outcome(s.js, name, [x]).results?.[0];
      expect([0, 1, 2, 3, 4, 9].map((x) => r('nested', x))).toEqual([1115, 1001, 1102, 1113, 1044, 1115]);
      expect([0, 1, 2, 3, 4, -1].map((x) => r('brtable', x))).toEqual([100, 208, 315, 121, 29, -6]);
      expect([r('brfunc', 0), r('brfunc', 5), r('loopret', 10), r('loopret', -1), r('glob', 5)]).toEqual([0, 77, 45, -1035, -5]);
      expect([r('dead', 0), r('dead', 1), r('dead', 2), r('dead', 3)]).toEqual([11, undefined, 11, 22]);
      expect(outcome(s.js, 'unreach', [3]).code).toBe(TrapCode.UNREACHABLE);
    }
  });

  it('a mutable global imported from a Global object: the JS tier reads and writes through to it', () => {
    const text = `(import "env" "g" (global $g (mut i32)))
      (func (export "bump") (param i32) (result i32) (global.set $g (i32.add (global.get $g) (local.get 0))) (global.get $g))
      (func (export "sign") (param i32) (result i32)
        (i32.or (i32.eq (global.get $g) (i32.const -1)) (i32.shl (i32.lt_s (global.get $g) (local.get 0)) (i32.const 1))))`;
    const values = (['interpreter', 'js'] as const).map((tier) => {
      const g = new Global({ value: 'i32', mutable: true }, 40);
      const inst = instantiate(compile(wat(text)), { env: { g } }, { tier });
      const seen = [1, 2, -50].map((x) => [inst.invoke('bump', [x])[0], g.value]);
      for (const v of [0xffffffff, 2 ** 31, -1, 5]) {
        g.value = v; // (the host's number, ToInt32 on the way in)
        seen.push([inst.invoke('sign', [0])[0], inst.invoke('sign', [0])[0]]);
      }
      expect(tookJs(inst, 'bump') && tookJs(inst, 'sign')).toBe(tier === 'js');
      return seen;
    });
    expect(values[1]).toEqual(values[0]);
    expect(values[0]).toEqual([[41, 41], [43, 43], [-7, -7], [3, 3], [2, 2], [3, 3], [0, 0]]);
  });

  it('i64 ops (the tier takes i64 too): edge values, literal shift counts, results read by the next ops', () => {
    const bin = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
    const cmp = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'ge_u', 'le_s'];
    const un = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'];
    const pair = (n: string, e: string): [string, string] => [n, e];
    const exprs = [...bin.map((o) => pair(o, `(i64.${o} (local.get 0) (local.get 1))`)), ...un.map((o) => pair(o, `(i64.${o} (local.get 0))`)),
      ...['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'].flatMap((o) => [0, 1, 31, 32, 33, 63, 64, -1].map((k) => pair(`${o}_k${k}`, `(i64.${o} (local.get 0) (i64.const ${k}))`))),
      pair('extend_u', '(i64.extend_i32_u (i32.wrap_i64 (local.get 0)))')];
    /** Each expression returned, and read by the next ops (`_use`): eq -1, lt_s 0 and rem_s 1000 of it. */
    const text = `(memory (export "memory") 1)
      ${exprs.map(([n, e]) => `(func (export "${n}") (param i64 i64) (result i64) ${e})
        (func (export "${n}_use") (param i64 i64) (result i32) (local i64) (local.set 2 ${e})
          (i32.or (i64.eq ${e} (i64.const -1)) (i32.or (i32.shl (i64.lt_s (local.get 2) (i64.const 0)) (i32.const 1))
            (i32.shl (i32.wrap_i64 (i64.rem_s (local.get 2) (i64.const 1000))) (i32.const 2)))))`).join('\n')}
      ${cmp.map((o) => `(func (export "${o}") (param i64 i64) (result i32) (i64.${o} (local.get 0) (local.get 1)))`).join('\n')}
      (func (export "mem") (param $a i32) (param $v i64) (result i64)
        (i64.store offset=1 (local.get $a) (local.get $v)) (i64.store16 (local.get $a) (i64.extend_i32_s (i32.wrap_i64 (local.get $v))))
        (i64.add (i64.load32_s offset=3 (local.get $a)) (i64.load8_u (local.get $a))))`;
    const s = sides(wat(text));
    const big = [0n, 1n, -1n, 63n, 64n, 65n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 32n, 0xffffffffn, 0x80000000n, -0x1234567890abcdefn];
    const names = [...exprs.flatMap(([n]) => [n, `${n}_use`]), ...cmp];
    const isBinary = (n: string): boolean => bin.includes(n.replace(/_use$/, '')) || cmp.includes(n);
    for (let round = 0; round < 2; round++) {
      for (const n of names) for (const x of big) for (const y of isBinary(n) ? big : [0n]) check(s, n, [x, y]);
      for (const a of [0, 65527, 65528, 65535, -1]) for (const v of big) check(s, 'mem', [a - round, v]);
    }
    expectTookJs(s, [...names, 'mem']);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Gas

const GAS_WAT = `
  (memory (export "memory") 1)
  (func (export "fill") (param $n i32) (result i32) (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.add (local.get $i) (i32.const 1000)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $i))
  (func (export "nested") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $s i32)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $j))))
        (i32.store8 offset=4096 (local.get $j) (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.le_u (local.get $j) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func (export "table") (param $n i32) (result i32) (local $k i32)
    (block $out
      (loop $l
        (local.set $k (i32.add (local.get $k) (i32.const 3)))
        (i32.store16 offset=8192 (local.get $n) (local.get $k))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br_table $l $out (i32.le_s (local.get $n) (i32.const 0)))))
    (i32.div_u (local.get $k) (local.get $n)))`;

const SCHEDULES: readonly [string, Partial<GasSchedule>][] = [
  ['default', DEFAULT_GAS_SCHEDULE], ['strict', STRICT_GAS_SCHEDULE], ['header', { ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' }],
  ['strict header', { ...STRICT_GAS_SCHEDULE, loopCharge: 'header' }],
  ['weighted', { ...STRICT_GAS_SCHEDULE, loop: 7, instructionCosts: { 'i32.store': 50, 'i32.div_u': 9, 'br_if': 0 } }],
];

const clearMemory = (s: Sides): void => [s.interp, s.js].forEach((i) => memoryOf(i.exports)!.fill(0));

describe('gas: equal between tiers under every schedule', () => {
  it.each(SCHEDULES)('%s: gasUsed of loop-heavy calls (also with small gas windows)', (_name, gas) => {
    const s = sides(wat(GAS_WAT), { gas }, {}, null);
    for (let round = 0; round < 2; round++) {
      for (const [name, n] of [['fill', 0], ['fill', 1], ['fill', 300], ['nested', 1], ['nested', 40], ['table', 1], ['table', 50], ['table', 0]] as const) {
        const o = check(s, name, [n]);
        expect(o.gasUsed).toBeGreaterThan(0);
        expect(check(s, name, [n], BIG, 7)).toEqual(o); // gas windows of 7 (cancellation polls): the cold path
      }
    }
    expectTookJs(s, ['fill', 'nested', 'table']);
  });

  it.each(SCHEDULES)('%s: every gas limit from 0 to the full cost: same outcome, gas and memory', (_name, gas) => {
    const s = sides(wat(GAS_WAT), { gas }, {}, null);
    for (const [name, n] of [['fill', 4], ['nested', 3], ['table', 3]] as const) {
      clearMemory(s);
      const full = check(s, name, [n]);
      expect(full.code).toBe(name === 'table' ? TrapCode.INTEGER_DIVIDE_BY_ZERO : null);
      const codes = new Set<number | null>();
      for (let limit = 0; limit <= full.gasUsed + 1; limit++) {
        clearMemory(s);
        const o = check(s, name, [n], limit);
        codes.add(o.code);
        if (limit < full.gasUsed) expect([o.code, o.gasUsed]).toEqual([TrapCode.OUT_OF_GAS, limit]);
      }
      expect(codes.size).toBe(2); // out of gas, then the full outcome
    }
    expectTookJs(s, ['fill', 'nested', 'table']);
  });

  it('stores made before running out of gas stay, the same on both tiers', () => {
    const s = sides(wat(GAS_WAT), { gas: STRICT_GAS_SCHEDULE }, {}, null);
    clearMemory(s);
    const full = check(s, 'fill', [10]).gasUsed;
    clearMemory(s);
    expect(check(s, 'fill', [10], Math.floor(full / 2)).code).toBe(TrapCode.OUT_OF_GAS);
    const words = new Int32Array(memoryOf(s.js.exports)!.buffer, 0, 10);
    expect(Array.from(words).filter((w) => w !== 0)).toEqual([1000, 1001, 1002, 1003, 1004]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Property: random programs

type Step = { pick: number; op: number; k: number; idx: number; off: number };

const i32Arb = fc.oneof(fc.constantFrom(0, 1, -1, 2, 3, 31, 32, 33, -32, -0x80000000, 0x7fffffff, 0xffff, 65536), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
const stepArb: fc.Arbitrary<Step> = fc.record({
  pick: fc.nat(99), op: fc.nat(1000), k: i32Arb, idx: fc.nat(3), off: fc.constantFrom(0, 0, 0, 1, 2, 3, 4, 8, 65535, 4294967295),
});

/**
 * The text of `steps` as stack-valid instructions leaving one i32 (locals 0..3): each step's
 * `pick` chooses an instruction among those its operand depth allows (addresses mostly masked
 * into the memory, so that not every load or store traps).
 */
function program(steps: readonly Step[]): string[] {
  const out: string[] = [];
  let depth = 0;
  const emit = (delta: number, ...ins: string[]): void => {
    out.push(...ins);
    depth += delta;
  };
  for (const { pick: p, op, k, idx, off } of steps) {
    if (p < 14) emit(1, `i32.const ${k}`);
    else if (p < 26 || depth === 0) emit(1, `local.get ${idx}`);
    else if (p < 32) emit(0, `local.tee ${idx}`);
    else if (p < 37) emit(-1, `local.set ${idx}`);
    else if (p < 45) emit(0, `i32.${UN[op % UN.length]}`);
    else if (p < 51) emit(0, ...(op % 5 === 0 ? [] : ['i32.const 65535', 'i32.and']), `i32.${LOADS[op % LOADS.length]} offset=${off}`);
    else if (p < 54) emit(1, 'global.get 0');
    else if (p < 56) emit(-1, 'global.set 0');
    else if (depth < 2) emit(1, `i32.const ${k}`);
    else if (p < 86) emit(-1, `i32.${BIN[op % BIN.length]}`);
    else if (p < 93) emit(-2, `local.set ${idx}`, 'i32.const 65535', 'i32.and', `local.get ${idx}`, `i32.${STORES[op % STORES.length]} offset=${off % 16}`);
    else if (depth < 3) emit(1, `i32.const ${k}`);
    else emit(-2, op % 2 === 0 ? 'select' : 'select (result i32)');
  }
  if (depth === 0) emit(1, 'local.get 0');
  while (depth > 1) emit(-1, 'i32.add');
  return out;
}

function programModule(steps: readonly Step[], loops: number): Uint8Array {
  const body = program(steps).join('\n');
  const func = loops === 0
    ? `(func (export "f") (param i32 i32) (result i32) (local i32 i32) ${body})`
    : `(func (export "f") (param i32 i32) (result i32) (local i32 i32 i32)
        (loop $l ${body} local.set 3
          (local.set 4 (i32.add (local.get 4) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get 4) (i32.const ${loops}))))
        (i32.xor (local.get 2) (local.get 3)))`;
  return wat(`(memory (export "memory") 1) (global $g (export "g") (mut i32) (i32.const 12345))
    (data (i32.const 0) "\\de\\ad\\be\\ef\\80\\7f") (data (i32.const 65530) "\\01\\02\\03\\04\\05\\86") ${func}`);
}

describe(`property: random i32 programs on both tiers and V8 (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
  it.each([['straight-line', 0], ['simple loop', 1]] as const)('%s', (_name, looped) => {
    let traps = 0;
    fc.assert(fc.property(fc.array(stepArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 5 }), i32Arb, i32Arb, fc.nat(3000),
      (steps, loops, x, y, limit) => {
        const bytes = programModule(steps, looped * loops);
        const free = sides(bytes);
        const metered = sides(bytes, { gas: STRICT_GAS_SCHEDULE }, {}, null);
        for (let round = 0; round < 2; round++) {
          if (check(free, 'f', [x, y]).code !== null) traps++;
          check(metered, 'f', [x, y]);
          check(metered, 'f', [y, x], limit);
        }
        expectTookJs(free, ['f']);
      }), { seed: SEED, numRuns: RUNS });
    console.log(`js tier, ${_name} programs, seed ${SEED}: ${RUNS} runs, ${traps} trapping calls`);
    expect(traps).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. Calls between the tiers

/** `$leaf` and `$divleaf` are JS-tier leaves, `$jsmid` a JS-tier caller; the externref local keeps the others interpreted. */
const CALLS_WAT = `(module
  (type $t (func (param i32) (result i32)))
  (memory (export "memory") 1 3)
  (table 4 funcref)
  (elem (i32.const 0) $leaf $divleaf)
  (func $leaf (export "leaf") (type $t) (i32.store (i32.const 8) (local.get 0)) (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 1)))
  (func $divleaf (export "divleaf") (type $t) (i32.store (i32.const 12) (local.get 0)) (i32.div_s (i32.const 1000) (local.get 0)))
  (func $peek (export "peek") (type $t) (i32.load (local.get 0)))
  (func $viaCall (export "viaCall") (param $x i32) (result i32) (local externref)
    (i32.add (call $leaf (local.get $x)) (call $divleaf (local.get $x))))
  (func $viaIndirect (export "viaIndirect") (param $x i32) (param $k i32) (result i32) (local externref)
    (call_indirect (type $t) (local.get $x) (local.get $k)))
  (func $mid (param $x i32) (result i32) (local externref) (call $divleaf (local.get $x)))
  (func $top (export "top") (param $x i32) (result i32) (local externref) (i32.add (i32.const 1) (call $mid (local.get $x))))
  (func $jsmid (export "jsmid") (param $x i32) (result i32) (i32.sub (call $divleaf (local.get $x)) (call $leaf (local.get $x))))
  (func $top2 (export "top2") (param $x i32) (result i32) (local externref) (call $jsmid (local.get $x)))
  (func $rec (export "rec") (param $n i32) (result i32) (local externref)
    (if (result i32) (i32.eqz (local.get $n))
      (then (call $leaf (i32.const 0)))
      (else (i32.add (call $jsmid (local.get $n)) (call $rec (i32.sub (local.get $n) (i32.const 1)))))))
  (func $tail (export "tail") (param $x i32) (result i32) (local externref) (return_call $leaf (i32.add (local.get $x) (i32.const 1))))
  (func $tailInd (export "tailInd") (param $x i32) (result i32) (local externref) (return_call_indirect (type $t) (local.get $x) (i32.const 1)))
  (func $growPeek (export "growPeek") (param $a i32) (result i32) (local externref)
    (drop (memory.grow (i32.const 1))) (i32.store (local.get $a) (i32.const 0x5eed)) (call $peek (local.get $a))))`;

const CALLS = wat(CALLS_WAT, FEATURES, { debugNames: true });
const CALL_CASES: readonly [string, number[]][] = [
  ['viaCall', [5]], ['viaCall', [0]], ['viaCall', [-1]], ['viaIndirect', [6, 0]], ['viaIndirect', [0, 1]], ['viaIndirect', [4, 1]],
  ['viaIndirect', [4, 2]], ['viaIndirect', [4, 9]], ['top', [4]], ['top', [0]], ['top2', [3]], ['top2', [0]], ['tail', [10]], ['tail', [-1]],
  ['tailInd', [8]], ['tailInd', [0]], ['growPeek', [65536 + 100]],
];

describe('calls between interpreted and JS-tier functions', () => {
  for (const [label, gas] of [['unmetered', undefined], ['default gas', DEFAULT_GAS_SCHEDULE], ['strict gas', STRICT_GAS_SCHEDULE]] as const) {
    it(`call, call_indirect, return_call, return_call_indirect, memory.grow before a JS-tier call (${label})`, () => {
      const s = sides(CALLS, { gas, maxMemoryPages: 3 }, {}, null);
      const got = [0, 1].map(() => CALL_CASES.map(([name, args]) => check(s, name, args)));
      expect(got[1]!.map((o) => o.code)).toEqual(got[0]!.map((o) => o.code));
      expect(got[0]!.map((o) => o.results?.[0] ?? o.code)).toEqual([
        16 + 200, TrapCode.INTEGER_DIVIDE_BY_ZERO, -2 - 1000, 19, TrapCode.INTEGER_DIVIDE_BY_ZERO, 250, TrapCode.UNINITIALIZED_ELEMENT,
        TrapCode.UNDEFINED_ELEMENT, 251, TrapCode.INTEGER_DIVIDE_BY_ZERO, 333 - 10, TrapCode.INTEGER_DIVIDE_BY_ZERO, 34, 1, 125,
        TrapCode.INTEGER_DIVIDE_BY_ZERO, 0x5eed,
      ]);
      expectTookJs(s, ['leaf', 'divleaf', 'peek', 'jsmid']);
      expectTookJs(s, ['viaCall', 'viaIndirect', 'top', 'top2', 'rec', 'tail', 'tailInd', 'growPeek'], false);
    });
  }

  it('a trap in a JS-tier leaf under interpreted and JS-tier callers: the same wasmStack', () => {
    const s = sides(CALLS, {}, {}, null);
    const stacks = [check(s, 'top', [0]), check(s, 'top2', [0]), check(s, 'viaIndirect', [0, 1])].map((o) => o.stack);
    expect(stacks).toEqual([
      ['divleaf (func 1)', 'mid (func 5)', 'top (func 6)'], ['divleaf (func 1)', 'jsmid (func 7)', 'top2 (func 8)'], ['divleaf (func 1)', 'viaIndirect (func 4)'],
    ]);
  });

  it.each([['unmetered', undefined], ['strict gas', STRICT_GAS_SCHEDULE]] as const)('call stack exhaustion at the same depth: a recursion through JS-tier callers and leaves (%s)', (_name, gas) => {
    const s = sides(CALLS, { gas, maxCallDepth: 50 }, {}, null);
    const codes = new Set<number | null>();
    for (let round = 0; round < 2; round++) {
      for (let n = 40; n <= 52; n++) {
        const o = check(s, 'rec', [n]);
        codes.add(o.code);
        let sum = 1; // rec(0): leaf(0); rec(k): jsmid(k) + rec(k - 1)
        for (let k = 1; k <= n; k++) sum += Math.trunc(1000 / k) - (3 * k + 1);
        if (o.code === null) expect(o.results).toEqual([sum]);
      }
    }
    expect([...codes].sort()).toEqual([TrapCode.CALL_STACK_EXHAUSTED, null].sort());
  });

  it('value-stack exhaustion (maxStackWords) at the same call, through JS-tier callers and leaves', () => {
    const modules = { interpreter: compile(CALLS), js: compile(CALLS) };
    const innermost = new Set<string>();
    for (let words = 8; words <= 160; words += 2) {
      const [a, b] = (['interpreter', 'js'] as const).map((tier) => {
        const inst = instantiate(modules[tier], {}, { tier, maxStackWords: words, gas: DEFAULT_GAS_SCHEDULE });
        return [outcome(inst, 'rec', [5]), outcome(inst, 'top2', [5])];
      });
      expect(b, `maxStackWords ${words}`).toEqual(a);
      for (const o of a!) innermost.add(`${o.code} ${o.stack[0]}`);
    }
    expect([...innermost].sort()).toEqual(['10 divleaf (func 1)', '10 jsmid (func 7)', '10 leaf (func 0)', '10 rec (func 9)', 'null undefined']);
  });

  it('gas profiles (profile: true) are the same on both tiers, JS-tier callees included', () => {
    const s = sides(CALLS, { gas: DEFAULT_GAS_SCHEDULE }, {}, null);
    for (const [name, args] of [['viaCall', [5]], ['top2', [3]], ['rec', [4]], ['leaf', [2]], ['top', [0]]] as const) {
      const [a, b] = [s.interp, s.js].map((i) => i.invokeMetered(name, args, { gasLimit: BIG, profile: true }));
      expect(b!.profile, name).toEqual(a!.profile);
      expect(a!.profile!.functions.length, name).toBeGreaterThan(0);
    }
  });

  it('cancellation polls fall at the same gas: an interrupt flag, and a deadline that passes after N polls', () => {
    // (The call cost is charged from the caller's gas window, whose end polls, as run() does.)
    const s = sides(CALLS, { gas: DEFAULT_GAS_SCHEDULE }, {}, null);
    for (const [name, args] of [['viaCall', [5]], ['top2', [3]], ['rec', [6]], ['leaf', [2]]] as const) {
      const flagged = [s.interp, s.js].map((i) => outcomeOf(i.invokeMetered(name, args, { gasLimit: BIG, pollInterval: 1, interrupt: new Int32Array([1]) })));
      expect(flagged[1], `${name}: interrupt flag`).toEqual(flagged[0]);
      // (A call of the leaf itself charges its entry outside any window: nothing polls.)
      expect(flagged[0]!.code, name).toBe(name === 'leaf' ? null : TrapCode.INTERRUPTED);
      for (const polls of [1, 2, 3, 5, 8]) {
        for (const pollInterval of [1, 7, 100, 250]) {
          const got = [s.interp, s.js].map((i) => {
            let n = 0;
            return outcomeOf(i.invokeMetered(name, args, { gasLimit: BIG, pollInterval, isPastDeadline: () => ++n > polls }));
          });
          expect(got[1], `${name}: deadline after ${polls} polls, pollInterval ${pollInterval}`).toEqual(got[0]);
        }
      }
    }
  });

  it.each(SCHEDULES.slice(0, 3))('%s: every gas limit through the calls', (_name, gas) => {
    const s = sides(CALLS, { gas }, {}, null);
    for (const [name, args] of [['viaCall', [5]], ['top2', [3]], ['viaIndirect', [6, 0]], ['tail', [2]]] as const) {
      const full = check(s, name, args).gasUsed;
      for (let limit = 0; limit <= full; limit++) expect(check(s, name, args, limit).code).toBe(limit < full ? TrapCode.OUT_OF_GAS : null);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// 5. What translateToJs takes

function translated(text: string, funcIdx = 0, calleeHeight = (_j: number): number => -1): boolean {
  return translateToJs(decodeModule(wat(text, FEATURES)), funcIdx, FREE_GAS_SCHEDULE, null, calleeHeight) !== null;
}

const nest = (depth: number): string => `(func (result i32) ${'(block (result i32) '.repeat(depth)}(i32.const 1)${')'.repeat(depth)})`;

describe('translateToJs', () => {
  it('takes every function of the differential modules above', () => {
    for (const text of [NUMERIC_WAT, MEMORY_WAT, CONTROL_WAT, GAS_WAT]) {
      const m = decodeModule(wat(text));
      const idx = Array.from({ length: m.codes.length }, (_, i) => i + m.importedFuncCount);
      expect(idx.filter((i) => translateToJs(m, i, FREE_GAS_SCHEDULE, null, () => -1) === null)).toEqual([]);
    }
  });

  it.each([
    { name: 'i32 leaf', text: '(func (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))', expected: true },
    { name: 'i64 local (taken: the tier handles i64)', text: '(func (result i32) (local i64) (i32.wrap_i64 (local.get 0)))', expected: true },
    { name: '64 nested blocks', text: nest(64), expected: true },
    { name: '65 nested blocks', text: nest(65), expected: false },
    { name: 'call of an import', text: '(import "m" "f" (func)) (func (call 0))', funcIdx: 1, expected: false },
    { name: 'call of a function the tier does not take', text: '(func (call 1)) (func (local externref))', expected: false },
    { name: 'call_indirect', text: '(table 1 funcref) (func (call_indirect (i32.const 0)))', expected: false },
    { name: 'f32 param', text: '(func (param f32))', expected: true },
    { name: 'f64 local', text: '(func (local f64))', expected: true },
    { name: 'f64 block result', text: '(func (result f64) (block (result f64) (f64.const 1)))', expected: true },
    { name: 'externref local', text: '(func (local externref))', expected: false },
    { name: 'v128 local', text: '(func (local v128))', expected: false },
    { name: 'two results', text: '(func (result i32 i32) (i32.const 1) (i32.const 2))', expected: false },
    { name: 'multi-value block', text: '(func (result i32) (block (result i32 i32) (i32.const 1) (i32.const 2)) (i32.add))', expected: false },
    { name: 'block with a parameter', text: '(func (result i32) (i32.const 1) (block (param i32) (result i32)))', expected: false },
    { name: 'memory64 load', text: '(memory i64 1) (func (result i32) (i32.load (i64.const 0)))', expected: false },
    { name: 'load of memory 1', text: '(memory 1) (memory $m 1) (func (result i32) (i32.load $m (i32.const 0)))', expected: false },
    { name: 'memory.size', text: '(memory 1) (func (result i32) (memory.size))', expected: false },
    { name: 'f32 global', text: '(global (mut f32) (f32.const 0)) (func (drop (global.get 0)))', expected: false },
  ])('$name: $expected', ({ text, funcIdx, expected }) => {
    expect(translated(text, funcIdx)).toBe(expected);
  });

  it('a call of a function the tier takes is taken too (calleeHeight >= 0), up to a height', () => {
    const text = '(func (result i32) (call 1)) (func (result i32) (i32.const 1))';
    expect([translated(text, 0, () => 0), translated(text, 0, () => 3), translated(text, 0, () => 4)]).toEqual([true, true, false]);
  });

  it('the 64-deep function runs the same on both tiers', () => {
    const s = sides(wat(`(func (export "f") (param i32) (result i32) ${'(block (result i32) '.repeat(63)}(br 40 (local.get 0))${')'.repeat(63)})`));
    for (const x of [1, 2]) check(s, 'f', [x]);
    expectTookJs(s, ['f']);
  });
});

// ---------------------------------------------------------------------------------------------
// 6, 7. Bad input; eval refused

describe('the tier option', () => {
  it('an unknown tier is a TypeError', () => {
    const m = compile(wat('(func)'));
    for (const tier of ['fast', '', 'JS', 1]) {
      const e = thrown(() => instantiate(m, {}, { tier: tier as never }));
      expect(e).toBeInstanceOf(TypeError);
      expect((e as TypeError).message).toBe("tier must be 'interpreter' or 'js'");
    }
  });

  it('where new Function is refused, tier js runs the interpreter with its results and gas', () => {
    const text = `${CONTROL_WAT} (memory (export "memory") 1) (func (export "st") (param i32) (result i32) (i32.store (local.get 0) (i32.const 9)) (i32.const 1))`;
    const bytes = wat(text);
    const calls: [string, number][] = [['loopret', 10], ['tee', 5], ['glob', 3], ['st', 65533], ['st', 8], ['unreach', 3]];
    /** Raw outcomes (no expect while Function is replaced), the memory, and whether any of the functions took the tier. */
    const run = (tier: 'interpreter' | 'js'): [CallOutcome[], Uint8Array, boolean] => {
      const inst = instantiate(compile(bytes), {}, { tier, gas: STRICT_GAS_SCHEDULE });
      const outs = [0, 1].flatMap(() => calls.map(([n, x]) => inst.invokeMetered(n, [x], { gasLimit: BIG })));
      return [outs, memoryOf(inst.exports)!.slice(), calls.some(([n]) => tookJs(inst, n))];
    };
    const real = globalThis.Function;
    let refusals = 0;
    const refuse = (): never => {
      refusals++;
      throw new EvalError('Code generation from strings disallowed for this context');
    };
    let refused: [CallOutcome[], Uint8Array, boolean];
    globalThis.Function = new Proxy(real, { construct: refuse, apply: refuse });
    try {
      refused = run('js');
    } finally {
      globalThis.Function = real;
    }
    const interpreted = run('interpreter');
    expect(refusals).toBeGreaterThan(0);
    expect(refused[2]).toBe(false);
    const outcomes = refused[0].map(outcomeOf);
    expect(outcomes).toEqual(interpreted[0].map(outcomeOf));
    expect(outcomes.map((o) => o.results?.[0] ?? o.code))
      .toEqual([0, 1].flatMap(() => [45, -25, -3, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, 1, TrapCode.UNREACHABLE]));
    expect(memoryDiff(refused[1], interpreted[1])).toBe(-1);
    expect(run('js')[2]).toBe(true); // and with new Function back, a fresh module takes the tier
  });
});
