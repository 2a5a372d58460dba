/**
 * Differential test of the fused IR ops (src/interpreter/ir.ts "Fused ...", lowered by
 * src/interpreter/lower.ts, run by src/interpreter/run.ts) against V8's `WebAssembly` (tests
 * only). Coverage showed several fused forms that no other test reached (compare + br_if with
 * stack operands, with a local, with a constant; `i32.xor` of a local and a constant): a wrong
 * fused op is a silent divergence from the spec, so every form of every fusable op runs here on
 * edge values, with gas off, with the default schedule and with the strict (per-instruction)
 * schedule, which places GAS ops between instructions and so changes what fuses.
 *
 * Forms, by the WAT shape that produces them (`$a`, `$b` globals hold the arguments, so
 * `global.get` is an operand that never fuses):
 *   i32 binops (add ... ge_u): gg (unfused), gl (_L), ll, gc (_C), lc (_LC); add also as
 *   local.set / local.tee of `local + c` (I32_ADD_LC_SET / _TEE); a local-to-local move (LOCAL_COPY).
 *   compare + br_if: gg (BR_IF_<cmp>), gl (_L), ll, gc (_C), lc; eqz + br_if (BR_IF_EQZ).
 *   loads: address in a local (_L) and local + constant (_LC), in and out of bounds.
 *   f64 add / sub / mul with a local second operand (F64_*_L).
 */
import { describe, expect, it } from 'vitest';
import { compile, DEFAULT_GAS_SCHEDULE, instantiate, STRICT_GAS_SCHEDULE, Trap, TrapCode } from '../../src/index.js';
import type { GasSchedule, Instance } from '../../src/index.js';
import { wat } from '../helpers/wat.js';

interface V8Api {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, (...args: unknown[]) => unknown> };
  RuntimeError: new (...args: never[]) => Error;
}
const WA = (globalThis as unknown as { WebAssembly: V8Api }).WebAssembly;

const EDGES: readonly number[] = [0, 1, -1, 2, 5, 31, 32, 33, 0x7fffffff, -0x80000000, 0x12345678, -100];
const CONSTS: readonly number[] = [0, 1, -1, 7, 31, 32, 0x7fffffff, -0x80000000];
const BINOPS: readonly string[] = [
  'add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u',
  'eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u',
];
const COMPARES: readonly string[] = BINOPS.slice(9);

/** One exported function: name, WAT text, and the argument lists to run it on. */
interface Case {
  readonly name: string;
  readonly text: string;
  readonly args: readonly (readonly unknown[])[];
}

const I32_PAIRS: readonly (readonly number[])[] = EDGES.flatMap((x) => EDGES.map((y) => [x, y]));
const HEAD = '(param $x i32) (param $y i32) (result i32) (global.set $a (local.get $x)) (global.set $b (local.get $y))';

/** The two-operand shapes of each form; `k` is the constant of the c forms. */
function operands(form: string, k: number): string {
  switch (form) {
    case 'gg': return '(global.get $a) (global.get $b)';
    case 'gl': return '(global.get $a) (local.get $y)';
    case 'll': return '(local.get $x) (local.get $y)';
    case 'gc': return `(global.get $a) (i32.const ${k})`;
    default: return `(local.get $x) (i32.const ${k})`; // lc
  }
}

function formsOf(): { form: string; k: number }[] {
  const out: { form: string; k: number }[] = [];
  for (const form of ['gg', 'gl', 'll']) out.push({ form, k: 0 });
  for (const form of ['gc', 'lc']) for (const k of CONSTS) out.push({ form, k });
  return out;
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  const fn = (name: string, body: string, args: readonly (readonly unknown[])[], sig = HEAD): void => {
    cases.push({ name, text: `(func (export "${name}") ${sig} ${body})`, args });
  };
  for (const op of BINOPS) {
    for (const { form, k } of formsOf()) fn(`${op}_${form}_${k}`, `(i32.${op} ${operands(form, k)})`, I32_PAIRS);
  }
  for (const k of CONSTS) {
    fn(`add_lc_set_${k}`, `(local.set $y (i32.add (local.get $x) (i32.const ${k}))) (local.get $y)`, I32_PAIRS);
    fn(`add_lc_tee_${k}`, `(i32.xor (local.tee $y (i32.add (local.get $x) (i32.const ${k}))) (global.get $b))`, I32_PAIRS);
  }
  fn('local_copy', '(local.set $y (local.get $x)) (i32.sub (local.get $y) (global.get $b))', I32_PAIRS);
  const taken = (cond: string): string => `(block $t (br_if $t ${cond}) (return (i32.const 0))) (i32.const 1)`;
  for (const op of COMPARES) {
    for (const { form, k } of formsOf()) fn(`br_${op}_${form}_${k}`, taken(`(i32.${op} ${operands(form, k)})`), I32_PAIRS);
  }
  fn('br_eqz_g', taken('(i32.eqz (global.get $a))'), I32_PAIRS);
  fn('br_eqz_l', taken('(i32.eqz (local.get $x))'), I32_PAIRS);
  // Loads: an address local (param $x) plus an offset, or local + constant, near the 1-page end.
  const addrs = [0, 1, 8, 65528, 65529, 65532, 65535, 65536, -1, -8, 0x7fffffff].map((x) => [x]);
  const loadSig = (result: string): string => `(param $x i32) (result ${result})`;
  for (const [load, result] of [['i32.load', 'i32'], ['i32.load8_u', 'i32'], ['i64.load', 'i64'], ['f64.load', 'f64']] as const) {
    for (const off of [0, 4, 65535]) {
      fn(`${load}_l_${off}`, `(${load} offset=${off} (local.get $x))`, addrs, loadSig(result));
      for (const c of [0, 8, -8, 65528]) {
        fn(`${load}_lc_${off}_${c}`, `(${load} offset=${off} (i32.add (local.get $x) (i32.const ${c})))`, addrs, loadSig(result));
      }
    }
  }
  const F64S = [0, -0, 1.5, -2.25, 1e308, -1e308, Number.MIN_VALUE, Infinity, -Infinity, NaN];
  const f64Pairs = F64S.flatMap((x) => F64S.map((y) => [x, y]));
  for (const op of ['add', 'sub', 'mul']) {
    fn(`f64.${op}_l`, `(f64.${op} (f64.neg (f64.neg (local.get 0))) (local.get 1))`, f64Pairs, '(param f64 f64) (result f64)');
    fn(`f64.${op}_ll`, `(f64.${op} (local.get 0) (local.get 1))`, f64Pairs, '(param f64 f64) (result f64)');
  }
  return cases;
}

/** Memory contents: bytes 0..63 repeating (never a NaN or infinity in an f64 read). */
const DATA = Array.from({ length: 256 }, (_, i) => `\\${((i * 7) & 0x3f).toString(16).padStart(2, '0')}`).join('');

const CASES = buildCases();
const MODULE_TEXT = `(module
  (global $a (mut i32) (i32.const 0)) (global $b (mut i32) (i32.const 0))
  (memory 1)
  (data (i32.const 0) "${DATA}") (data (i32.const 65280) "${DATA}")
  ${CASES.map((c) => c.text).join('\n  ')})`;
const BYTES = wat(MODULE_TEXT);

type Outcome = { value: unknown } | { trap: 'memory' };

function v8Outcome(f: (...args: unknown[]) => unknown, args: readonly unknown[]): Outcome {
  try {
    return { value: f(...args) };
  } catch (e) {
    expect(e).toBeInstanceOf(WA.RuntimeError);
    expect((e as Error).message).toBe('memory access out of bounds');
    return { trap: 'memory' };
  }
}

function detwasmOutcome(inst: Instance, name: string, args: readonly unknown[]): Outcome {
  try {
    return { value: inst.invoke(name, args)[0] };
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    expect((e as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    return { trap: 'memory' };
  }
}

describe('fused IR ops agree with V8 on every form and edge value', () => {
  const v8 = new WA.Instance(new WA.Module(BYTES), {}).exports;
  const module = compile(BYTES);
  const schedules: readonly [string, Partial<GasSchedule> | undefined][] = [
    ['gas off', undefined], ['default gas', DEFAULT_GAS_SCHEDULE], ['strict gas', STRICT_GAS_SCHEDULE],
  ];

  it.each(schedules)('%s', (_label, gas) => {
    const inst = instantiate(module, {}, gas === undefined ? {} : { gas });
    let compared = 0;
    for (const c of CASES) {
      for (const args of c.args) {
        const expected = v8Outcome(v8[c.name]!, args);
        const actual = detwasmOutcome(inst, c.name, args);
        if (!Object.is((actual as { value?: unknown }).value, (expected as { value?: unknown }).value) ||
            ('trap' in actual) !== ('trap' in expected)) {
          expect({ name: c.name, args, actual }).toEqual({ name: c.name, args, actual: expected });
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(50_000);
  });
});
