/**
 * The code a module's functions are translated to is shared by its instances with the same gas
 * schedule (lower.ts codeListOf): a function is translated on its first call, and an instance
 * made after that gets the translated code when it is instantiated (lower.ts attachCode).
 * Each case checks results and gas figures of later instances against an instance of the same
 * bytes compiled separately (a Module of its own, so nothing is shared with it), with imported
 * functions in front so a wrong function index would call the wrong body.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { compile, DEFAULT_GAS_SCHEDULE, defineHostFunction, instantiate, STRICT_GAS_SCHEDULE } from '../../src/index.js';
import type { GasSchedule, Imports, Instance, Module } from '../../src/index.js';

const BYTES = wat(`(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (import "env" "neg" (func $neg (param i32) (result i32)))
  (memory 1)
  (func $sum (param $n i32) (result i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (local.get $n)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (local.get $s))
  (func $store (param $a i32) (param $v i32) (result i32)
    (i32.store (local.get $a) (local.get $v))
    (i32.load (local.get $a)))
  (func $rare (param $x i32) (result i32) (i32.mul (local.get $x) (i32.const 1000)))
  (func (export "sum") (param i32) (result i32) (call $sum (local.get 0)))
  (func (export "mix") (param $x i32) (result i32)
    (i32.add (call $twice (call $sum (local.get $x))) (call $store (i32.const 64) (call $neg (local.get $x)))))
  (func (export "rare") (param i32) (result i32) (call $rare (local.get 0))))`);

const IMPORTS: Imports = {
  env: {
    twice: defineHostFunction('twice', ['i32'], ['i32'], (_ctx: unknown, x: number) => x * 2),
    neg: defineHostFunction('neg', ['i32'], ['i32'], (_ctx: unknown, x: number) => -x),
  },
};

type Call = readonly [name: string, arg: number];
const CALLS: readonly Call[] = [['sum', 10], ['mix', 7], ['rare', 3], ['sum', 1]];

function make(module: Module, gas?: Partial<GasSchedule>): Instance {
  return instantiate(module, IMPORTS, gas === undefined ? {} : { gas });
}

/** [value, gasUsed] of each call, on `inst`. */
function figures(inst: Instance, calls: readonly Call[] = CALLS): [unknown, number][] {
  return calls.map(([name, arg]) => {
    const out = inst.invokeMetered(name, [arg], { gasLimit: 1_000_000 });
    expect(out.error).toBeNull();
    return [out.results![0], out.gasUsed];
  });
}

/** The same figures from bytes compiled on their own: nothing translated before. */
function alone(gas?: Partial<GasSchedule>): [unknown, number][] {
  return figures(make(compile(BYTES), gas));
}

describe('instances share translated code, each under its own schedule', () => {
  it('a fresh instance after the first one ran gets the same results and gas', () => {
    const module = compile(BYTES);
    const first = figures(make(module, DEFAULT_GAS_SCHEDULE));
    expect(first).toEqual(alone(DEFAULT_GAS_SCHEDULE));
    expect(first.map((f) => f[0])).toEqual([55, 2 * 28 - 7, 3000, 1]);
    for (let k = 0; k < 3; k++) expect(figures(make(module, DEFAULT_GAS_SCHEDULE))).toEqual(first);
  });

  it('an instance under another schedule does not take code translated for the first one', () => {
    const module = compile(BYTES);
    const byDefault = figures(make(module, DEFAULT_GAS_SCHEDULE));
    const strict = figures(make(module, STRICT_GAS_SCHEDULE));
    expect(strict).toEqual(alone(STRICT_GAS_SCHEDULE));
    expect(strict.map((f) => f[1])).not.toEqual(byDefault.map((f) => f[1]));
    const free = make(module);
    expect(CALLS.map(([name, arg]) => free.exports[name]!(arg))).toEqual(byDefault.map((f) => f[0]));
    expect(figures(make(module, DEFAULT_GAS_SCHEDULE))).toEqual(byDefault);
  });

  it('only what ran is shared: a function first called in a later instance is translated then', () => {
    const module = compile(BYTES);
    figures(make(module, DEFAULT_GAS_SCHEDULE), [['sum', 4]]);
    const later = make(module, DEFAULT_GAS_SCHEDULE);
    expect(figures(later)).toEqual(alone(DEFAULT_GAS_SCHEDULE));
  });

  it('an instance made before the first call translated anything still runs the shared code', () => {
    const module = compile(BYTES);
    const early = make(module, DEFAULT_GAS_SCHEDULE);
    const runsFirst = make(module, DEFAULT_GAS_SCHEDULE);
    const expected = alone(DEFAULT_GAS_SCHEDULE);
    expect(figures(runsFirst)).toEqual(expected);
    expect(figures(early)).toEqual(expected);
  });

  it('a trap in a later instance reports the same as in the first', () => {
    const module = compile(wat(`(module (memory 1)
      (func $load (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "load") (param i32) (result i32) (call $load (local.get 0))))`));
    const a = make(module, DEFAULT_GAS_SCHEDULE);
    expect(a.exports.load!(8)).toBe(0);
    const b = make(module, DEFAULT_GAS_SCHEDULE);
    const outA = a.invokeMetered('load', [70_000], { gasLimit: 1000 });
    const outB = b.invokeMetered('load', [70_000], { gasLimit: 1000 });
    expect(outB.error?.message).toBe(outA.error?.message);
    expect(outB.error?.message).toMatch(/out of bounds/);
    expect(outB.gasUsed).toBe(outA.gasUsed);
  });
});
