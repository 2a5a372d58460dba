/**
 * Superinstructions (scripts/isa/dispatch.ts, lower.ts fusePairs): adjacent IR ops of a listed
 * pair run as one fused op. Checked here: translated code keeps the second op's word after every
 * fused op (so branches to it still run it alone), a branch into the middle of a fused pair runs
 * the second op only, results of chains of fused ops equal V8's on random inputs, and code that
 * cannot be walked op by op is refused with an InternalError instead of being rewritten.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, DEFAULT_GAS_SCHEDULE, instantiate, InternalError, Trap, TrapCode } from '../../src/index.js';
import { decodedOf } from '../../src/compile.js';
import { fusePairs, irOpStarts, lowerFunction } from '../../src/interpreter/lower.js';
import * as ir from '../../src/interpreter/ir.js';
import { FUSED_PAIRS, IR_OP_WORDS } from '../../src/interpreter/op-tables.js';
import { wat } from '../helpers/wat.js';
import { V8_WASM } from '../diff/v8-api.js';

/** A sha256-like round: xor / add / rotl chains that are all listed pairs. */
const ROUND = wat(`
  (func (export "round") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (result i32)
    (local $t i32)
    (loop $l
      (local.set $t (i32.add (i32.xor (local.get $a) (local.get $b)) (local.get $c)))
      (local.set $a (i32.rotl (i32.rotl (local.get $t) (i32.const 7)) (i32.const 3)))
      (local.set $b (i32.xor (i32.rotl (local.get $b) (i32.const 13)) (local.get $a)))
      (local.set $c (i32.add (i32.add (local.get $c) (local.get $t)) (local.get $b)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.ne (local.get $n) (i32.const 0))))
    (i32.xor (local.get $a) (i32.xor (local.get $b) (local.get $c))))`);

/** Fused op → [first op (itself fused in a chain), second op]. */
const FUSED = new Map<number, [number, number]>();
for (let k = 0; k < FUSED_PAIRS.length; k += 3) FUSED.set(FUSED_PAIRS[k + 2]!, [FUSED_PAIRS[k]!, FUSED_PAIRS[k + 1]!]);

/** The op a fused op (or chain) starts with; an op that is not fused is its own head. */
function headOf(op: number): number {
  let h = op;
  for (let pair = FUSED.get(h); pair !== undefined; pair = FUSED.get(h)) h = pair[0];
  return h;
}

/** [position, op] of every op of translated code. */
function opsOf(code: Int32Array): [number, number][] {
  return irOpStarts(code).map((p) => [p, code[p]!]);
}

describe('superinstructions', () => {
  it('fuses listed pairs and keeps the second op word in place', () => {
    const code = lowerFunction(decodedOf(compile(ROUND)), 0).code;
    const ops = opsOf(code);
    let count = 0;
    for (let k = 0; k < ops.length; k++) {
      const pair = FUSED.get(ops[k]![1]);
      if (pair === undefined) continue;
      count++;
      // After the first op's immediates: the second op's word, itself or the start of the next fused pair.
      const second = code[ops[k]![0] + 1 + IR_OP_WORDS[pair[0]]!]!;
      expect(headOf(second), `at ${ops[k]![0]}: ${second}`).toBe(pair[1]);
      expect(IR_OP_WORDS[ops[k]![1]]).toBe(IR_OP_WORDS[pair[0]]! + 1 + IR_OP_WORDS[pair[1]]!);
    }
    expect(count).toBeGreaterThanOrEqual(4);
    expect(ops.some(([, op]) => op === ir.FUSED_I32_XOR_I32_ADD)).toBe(true);
  });

  it('computes what V8 computes, on random inputs', () => {
    const ours = instantiate(compile(ROUND)).exports as unknown as { round(a: number, b: number, c: number, n: number): number };
    const v8 = new V8_WASM.Instance(new V8_WASM.Module(ROUND)).exports as unknown as typeof ours;
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 50 }), (a, b, c, n) => {
        expect(ours.round(a, b, c, n)).toBe(v8.round(a, b, c, n));
      }), { seed: 20261202, numRuns: 300 });
  });

  it('runs the second op alone when a branch lands on it', () => {
    // The block's result a+b is followed by the loop's first op: a br back to the loop enters
    // between the two ops of a pair whose first op ran before the loop.
    const bytes = wat(`
      (func (export "f") (param $a i32) (param $b i32) (result i32) (local $x i32) (local $i i32)
        (local.set $x (i32.xor (local.get $a) (local.get $b)))
        (loop $l
          (local.set $x (i32.add (local.get $x) (local.get $b)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (i32.const 5))))
        (local.get $x))`);
    const code = lowerFunction(decodedOf(compile(bytes)), 0).code;
    const ops = opsOf(code);
    expect(ops[0]![1]).toBe(ir.FUSED_I32_XOR_I32_ADD);
    const ours = instantiate(compile(bytes)).exports as unknown as { f(a: number, b: number): number };
    const v8 = new V8_WASM.Instance(new V8_WASM.Module(bytes)).exports as unknown as typeof ours;
    for (const [a, b] of [[1, 2], [0x7fffffff, 1], [-5, 12345678]] as const) expect(ours.f(a, b)).toBe(v8.f(a, b));
    expect(ours.f(3, 4)).toBe(((3 ^ 4) + 5 * 4) | 0);
  });

  it('fuses chains of three (a fused pair and the op after it), which compute what V8 computes', () => {
    // blake3's add, xor, rotl and keccak-256's three i64 xors, each a listed chain; the loop's
    // first op is the third op of a chain begun before it, so the back branch lands inside it.
    const bytes = wat(`
      (func (export "f") (param $a i32) (param $b i32) (param $x i64) (param $y i64) (param $n i32) (result i64)
        (local $t i32) (local $z i64)
        (local.set $t (i32.xor (i32.add (local.get $a) (local.get $b)) (local.get $b)))
        (loop $l
          (local.set $t (i32.rotl (local.get $t) (i32.const 7)))
          (local.set $a (i32.rotl (i32.xor (i32.add (local.get $a) (local.get $t)) (local.get $b)) (i32.const 12)))
          (local.set $z (i64.extend_i32_u (local.get $a)))
          (local.set $x (i64.xor (i64.xor (i64.xor (local.get $x) (local.get $y)) (local.get $z)) (local.get $y)))
          (local.set $y (i64.add (local.get $y) (local.get $x)))
          (local.set $t (i32.xor (i32.add (local.get $t) (local.get $a)) (local.get $b)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br_if $l (i32.ne (local.get $n) (i32.const 0))))
        (i64.xor (local.get $x) (i64.extend_i32_u (i32.xor (local.get $a) (local.get $t)))))`);
    const code = lowerFunction(decodedOf(compile(bytes)), 0).code;
    const ops = opsOf(code).map(([, op]) => op);
    expect(ops[0]).toBe(ir.FUSED_I32_ADD_I32_XOR_I32_ROTL_C);
    expect(ops).toContain(ir.FUSED_I64_XOR_I64_XOR_I64_XOR);
    const chain = FUSED.get(ir.FUSED_I32_ADD_I32_XOR_I32_ROTL_C)!;
    expect(chain).toEqual([ir.FUSED_I32_ADD_I32_XOR, ir.I32_ROTL_C]);
    expect(IR_OP_WORDS[ir.FUSED_I32_ADD_I32_XOR_I32_ROTL_C]).toBe(IR_OP_WORDS[ir.I32_ADD]! + 1 + IR_OP_WORDS[ir.I32_XOR]! + 1 + IR_OP_WORDS[ir.I32_ROTL_C]!);
    const ours = instantiate(compile(bytes)).exports as unknown as { f(a: number, b: number, x: bigint, y: bigint, n: number): bigint };
    const v8 = new V8_WASM.Instance(new V8_WASM.Module(bytes)).exports as unknown as typeof ours;
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.integer({ min: 1, max: 40 }),
      (a, b, x, y, n) => {
        expect(ours.f(a, b, x, y, n)).toBe(v8.f(a, b, x, y, n));
      }), { seed: 20261203, numRuns: 200 });
  });

  it('fuses a metered loop\'s step and back-edge (the _LOOP branch forms): same results as V8, the same gas', () => {
    // Under the default schedule the back-edges are BR_IF_LT_S_LOOP / BR_IF_NE_LOOP, which charge
    // the loop cost (100) themselves; the step before each fuses with it.
    const bytes = wat(`
      (func (export "up") (param $n i32) (param $step i32) (result i32) (local $i i32) (local $s i32)
        (loop $l
          (local.set $s (i32.xor (i32.add (local.get $s) (local.get $i)) (i32.const 0x55)))
          (local.set $i (i32.add (local.get $i) (local.get $step)))
          (br_if $l (i32.lt_s (local.get $i) (local.get $n))))
        (local.get $s))
      (func (export "count") (param $n i32) (result i32) (local $i i32) (local $s i32)
        (loop $l
          (local.set $s (i32.xor (local.get $s) (i32.mul (local.get $i) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.ne (local.get $i) (local.get $n))))
        (local.get $s))`);
    const module = decodedOf(compile(bytes));
    expect(opsOf(lowerFunction(module, 0, DEFAULT_GAS_SCHEDULE).code).map(([, op]) => op)).toContain(ir.FUSED_I32_ADD_BR_IF_LT_S_LOOP);
    expect(opsOf(lowerFunction(module, 1, DEFAULT_GAS_SCHEDULE).code).map(([, op]) => op)).toContain(ir.FUSED_I32_ADD_C_BR_IF_NE_LOOP);
    const metered = instantiate(compile(bytes), {}, { gas: DEFAULT_GAS_SCHEDULE });
    const v8 = new V8_WASM.Instance(new V8_WASM.Module(bytes)).exports as unknown as { up(n: number, step: number): number; count(n: number): number };
    fc.assert(fc.property(fc.integer({ min: -50, max: 400 }), fc.integer({ min: 1, max: 9 }), (n, step) => {
      const out = metered.invokeMetered('up', [n, step], { gasLimit: 1_000_000 });
      expect(out.results).toEqual([v8.up(n, step)]);
      const passes = n <= step ? 1 : Math.ceil(n / step); // i = step, 2 step, ... until i >= n
      expect(out.gasUsed).toBe(100 + (passes - 1) * 100);
    }), { seed: 20261204, numRuns: 200 });
    for (const n of [1, 2, 77, 1000]) {
      const out = metered.invokeMetered('count', [n], { gasLimit: 1_000_000 });
      expect(out.results).toEqual([v8.count(n)]);
      expect(out.gasUsed).toBe(100 + (n - 1) * 100);
    }
    const out = metered.invokeMetered('count', [1000], { gasLimit: 100 + 10 * 100 + 99 });
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(100 + 10 * 100 + 99);
  });

  it('refuses code that does not walk to its end, and rewrites nothing', () => {
    const code = lowerFunction(decodedOf(compile(ROUND)), 0).code;
    const cut = code.slice(0, code.length - 1);
    const before = cut.slice();
    expect(() => fusePairs(cut)).toThrow(InternalError);
    expect(cut).toEqual(before);
    expect(() => fusePairs(Int32Array.of(0x7fff))).toThrow(/has no length/);
  });
});
