/**
 * Weighted instruction costs (GasSchedule.classCosts / instructionCosts; gas/schedule.ts): an
 * instruction costs its own entry, else its class's, else `instruction`, charged as one sum per
 * straight-line run; validation of the tables; the strict schedule as the all-ones case; and
 * figures computed by hand for small functions.
 */
import { describe, expect, it } from 'vitest';
import {
  compile, createVM, DEFAULT_GAS_SCHEDULE, GAS_CLASSES, INSTRUCTION_CLASSES, instantiate, instructionCost, STRICT_GAS_SCHEDULE,
} from '../../src/index.js';
import type { GasSchedule } from '../../src/index.js';
import { resolveGasSchedule, scheduleCodeKey } from '../../src/gas/schedule.js';
import { wat } from '../helpers/wat.js';

describe('instructionCost', () => {
  const s = resolveGasSchedule({ instruction: 3, classCosts: { division: 40, load: 5 }, instructionCosts: { 'i64.div_u': 90, 'i32.load8_u': 0 } });

  it.each([
    ['i32.add', 3], // no entry: `instruction`
    ['i32.div_s', 40], // its class
    ['i64.div_u', 90], // its own entry wins over the class
    ['i32.load', 5],
    ['i32.load8_u', 0], // an entry of 0 is a cost of 0
    ['br_if', 3],
  ])('%s costs %i', (name, cost) => {
    expect(instructionCost(s, name)).toBe(cost);
  });

  it('knows the class of every instruction, and every class has instructions', () => {
    expect(Object.keys(INSTRUCTION_CLASSES).length).toBe(504); // 172 of 1.0, 29 of 2.0 scalar proposals, 236 SIMD, 20 relaxed SIMD, 2 tail calls, 3 exceptions, 5 legacy exceptions, 5 function references, 32 GC
    for (const c of GAS_CLASSES) expect(Object.values(INSTRUCTION_CLASSES)).toContain(c);
    expect(INSTRUCTION_CLASSES['i32.div_u']).toBe('division');
    expect(INSTRUCTION_CLASSES['call_indirect']).toBe('callIndirect');
    expect(INSTRUCTION_CLASSES['f32x4.add']).toBe('simd');
    expect(INSTRUCTION_CLASSES['global.get']).toBe('variable');
    expect(INSTRUCTION_CLASSES['memory.grow']).toBe('memory');
  });
});

describe('schedule validation', () => {
  it.each([
    [{ classCosts: { arithmetic: 1 } }, "classCosts: unknown gas class 'arithmetic'"],
    [{ instructionCosts: { 'i32.plus': 1 } }, "instructionCosts: unknown instruction 'i32.plus'"],
    [{ instructionCosts: { 'i32.add': -1 } }, 'gas cost instructionCosts.i32.add must be an integer in [0, 2147483647]'],
    [{ classCosts: { load: 1.5 } }, 'gas cost classCosts.load must be an integer in [0, 2147483647]'],
    [{ classCosts: [1, 2] }, 'classCosts must be an object of costs'],
    [{ instructionCosts: null }, 'instructionCosts must be an object of costs'],
  ])('%j is a TypeError', (overrides, message) => {
    expect(() => resolveGasSchedule(overrides as never)).toThrow(new TypeError(message));
    expect(() => instantiate(compile(wat('(func)')), {}, { gas: overrides as never })).toThrow(message);
  });

  it('freezes the tables it keeps; the code key tells schedules with different weights apart', () => {
    const s = resolveGasSchedule({ classCosts: { load: 2 } });
    expect(Object.isFrozen(s.classCosts)).toBe(true);
    const keys = new Set([
      scheduleCodeKey(s), scheduleCodeKey(resolveGasSchedule({ classCosts: { load: 3 } })),
      scheduleCodeKey(resolveGasSchedule({ classCosts: { store: 2 } })), scheduleCodeKey(resolveGasSchedule({ instructionCosts: { 'i32.load': 2 } })),
      scheduleCodeKey(DEFAULT_GAS_SCHEDULE),
    ]);
    expect(keys.size).toBe(5);
    // the same weights in another key order are the same code
    expect(scheduleCodeKey(resolveGasSchedule({ classCosts: { load: 2, store: 1 } })))
      .toBe(scheduleCodeKey(resolveGasSchedule({ classCosts: { store: 1, load: 2 } })));
  });
});

describe('charging', () => {
  // One straight-line run of 7 instructions: local.get local.get i32.div_u local.get i32.load
  // i32.add end (the function's final end).
  const module = compile(wat(`(memory 1)
    (func (export "f") (param i32 i32) (result i32)
      (i32.add (i32.div_u (local.get 0) (local.get 1)) (i32.load (local.get 1))))
    (func (export "loop") (param i32) (result i32)
      (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))) (local.get 0))`));

  const run = (gas: Partial<GasSchedule>, name: string, args: unknown[]): number => {
    const o = instantiate(module, {}, { gas }).invokeMetered(name, args, { gasLimit: 1_000_000 });
    expect(o.error).toBeNull();
    return o.gasUsed;
  };

  it('charges each instruction its weight, once per run (by hand: 5 + 2 + 30 + 8 = 45 + the call)', () => {
    const gas = { call: 100, loop: 0, instruction: 1, classCosts: { division: 30, load: 8, variable: 0 }, instructionCosts: { end: 5, 'i32.add': 2 } };
    // local.get x3: 0; i32.div_u 30; i32.load 8; i32.add 2; end 5
    expect(run(gas, 'f', [10, 2])).toBe(100 + 30 + 8 + 2 + 5);
  });

  it('the strict schedule is the all-ones case: every class at 1 gives the same gas', () => {
    const ones = { ...DEFAULT_GAS_SCHEDULE, classCosts: Object.fromEntries(GAS_CLASSES.map((c) => [c, 1])) };
    for (const [name, args] of [['f', [7, 3]], ['loop', [50]]] as const) {
      expect(run(ones, name, [...args])).toBe(run(STRICT_GAS_SCHEDULE, name, [...args]));
    }
  });

  it('charges a loop body every iteration (loop cost 0, a cost on br_if)', () => {
    // per iteration: loop's run = local.get i32.const i32.sub local.tee br_if = 5 instructions
    const gas = { call: 0, loop: 0, instruction: 0, instructionCosts: { br_if: 7, 'i32.sub': 1 } };
    expect(run(gas, 'loop', [10])).toBe(10 * (7 + 1));
  });

  it('an instruction cost of 0 everywhere adds nothing to the default schedule', () => {
    expect(run({ ...DEFAULT_GAS_SCHEDULE, classCosts: { integer: 0 } }, 'loop', [10])).toBe(run(DEFAULT_GAS_SCHEDULE, 'loop', [10]));
  });
});

describe('the contract VM and weighted schedules', () => {
  it('accepts a schedule whose instructions pay for loops and calls (no loop or call event cost)', () => {
    expect(() => createVM({ gas: { call: 0, loop: 0, instruction: 1 } })).not.toThrow();
    expect(() => createVM({ gas: { call: 0, loop: 0, instruction: 0, instructionCosts: { br: 1, br_if: 1, br_table: 1, call: 5, call_indirect: 5, return_call: 5, return_call_indirect: 5 } } })).not.toThrow();
  });

  it.each([
    [{ loop: 0, instruction: 0, instructionCosts: { br: 1, br_if: 1 } }, /must charge loops/], // br_table free
    [{ call: 0, instruction: 0, instructionCosts: { call: 1 } }, /must charge calls/], // call_indirect free
    [{ call: 0, instruction: 0, instructionCosts: { call: 1, call_indirect: 1, return_call_indirect: 1 } }, /must charge calls/], // return_call free
    [{ loop: 0, instruction: 1, instructionCosts: { br_table: 0 } }, /must charge loops/],
  ])('refuses %j: a loop or a call could be free', (gas, message) => {
    expect(() => createVM({ gas })).toThrow(message);
  });
});
