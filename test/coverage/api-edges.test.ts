/**
 * Paths coverage found unexercised in src/interpreter (instance.ts, lower.ts, externs.ts,
 * host-context.ts), most of them failure paths that must leave the engine clean: a call refused
 * for a bad argument, for an argument list larger than `maxStackWords`, or for a bad interrupt
 * flag releases its machine, and the next call gives the same results and gas as before. Also:
 * the strict gas schedule at the largest per-instruction cost (a straight-line run whose cost
 * overflows one int32 immediate is split, and the total is unchanged), globals of every value
 * type through the JS-API `Global`, and the u64 accessors of `HostContext`.
 */
import { describe, expect, it } from 'vitest';
import {
  compile, defineHostFunction, Global, instantiate, STRICT_GAS_SCHEDULE, Trap, TrapCode,
} from '../../src/index.js';
import type { CallOutcome, HostContext, Instance } from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { thrown } from '../helpers/thrown.js';

/** The MAX_EVENT_COST of src/gas/schedule.ts: the largest cost of one event (int32 immediate). */
const MAX_EVENT_COST = 0x7fffffff;

const SUM_WAT = `
  (func (export "sum") (param i64 i32) (result i64)
    (i64.add (local.get 0) (i64.extend_i32_s (local.get 1))))
  (func (export "many") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 7)))`;

async function rejected(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('a refused call leaves the engine clean', () => {
  const module = compile(wat(SUM_WAT));

  function baseline(inst: Instance): CallOutcome {
    return inst.invokeMetered('sum', [40n, 2], { gasLimit: 1000 });
  }

  it.each([
    { name: 'a fraction for an i64 parameter', args: [1.5, 2], message: 'i64 values must be BigInts (or integral numbers)' },
    { name: 'a BigInt for an i32 parameter', args: [1n, 2n], message: 'cannot convert a BigInt to a number (use a number for i32/f32/f64)' },
  ])('$name: TypeError from invoke, invokeMetered and invokeMeteredAsync; next call unaffected', async ({ args, message }) => {
    const inst = instantiate(module, {}, { gas: { call: 7 } });
    const before = baseline(inst);
    expect(before).toEqual({ results: [42n], gasUsed: 7, error: null });
    for (const e of [
      thrown(() => inst.invoke('sum', args)),
      thrown(() => inst.invokeMetered('sum', args, { gasLimit: 1000 })),
      await rejected(() => inst.invokeMeteredAsync('sum', args, { gasLimit: 1000 })),
    ]) {
      expect(e).toBeInstanceOf(TypeError);
      expect((e as TypeError).message).toBe(message);
    }
    expect(baseline(inst)).toEqual(before);
    expect(baseline(instantiate(module, {}, { gas: { call: 7 } }))).toEqual(before);
  });

  it('an interrupt that is not an Int32Array is a TypeError', async () => {
    const inst = instantiate(module);
    const bad = { gasLimit: 1000, interrupt: new Uint8Array(4) as unknown as Int32Array };
    for (const e of [thrown(() => inst.invokeMetered('sum', [1n, 1], bad)), await rejected(() => inst.invokeMeteredAsync('sum', [1n, 1], bad))]) {
      expect(e).toBeInstanceOf(TypeError);
      expect((e as TypeError).message).toBe('interrupt must be an Int32Array');
    }
    expect(inst.invokeMetered('sum', [1n, 1], { gasLimit: 1000 })).toEqual({ results: [2n], gasUsed: 0, error: null });
  });

  it('arguments past maxStackWords trap "call stack exhausted" before the call', () => {
    // 8 i32 parameters take 16 words (plus 4 of headroom): more than 16 words of stack.
    const inst = instantiate(module, {}, { maxStackWords: 16 });
    for (let i = 0; i < 2; i++) {
      const t = thrown(() => inst.invoke('many', [1, 2, 3, 4, 5, 6, 7, 8]));
      expect(t).toBeInstanceOf(Trap);
      expect((t as Trap).code).toBe(TrapCode.CALL_STACK_EXHAUSTED);
      expect((t as Trap).message).toBe('call stack exhausted');
    }
    // A call that fits, on the same instance and on a fresh one: unaffected.
    expect(inst.invoke('sum', [40n, 2])).toEqual([42n]);
    expect(instantiate(module).invoke('many', [1, 2, 3, 4, 5, 6, 7, 8])).toEqual([9]);
  });
});

describe('strict gas at the largest per-instruction cost', () => {
  // Three straight-line instructions before the function's end; each costs MAX_EVENT_COST, so no
  // two fit in one int32 immediate and the run is split into several GAS ops.
  const module = compile(wat('(func (export "f") (result i32) (i32.add (i32.const 1) (i32.const 2)))'));

  it('charges the same total as the per-instruction count says', () => {
    const unit = instantiate(module, {}, { gas: { ...STRICT_GAS_SCHEDULE, call: 0, instruction: 1 } });
    const units = unit.invokeMetered('f', [], { gasLimit: 1000 });
    expect(units.results).toEqual([3]);
    const huge = instantiate(module, {}, { gas: { ...STRICT_GAS_SCHEDULE, call: 0, instruction: MAX_EVENT_COST } });
    const limit = Number.MAX_SAFE_INTEGER;
    expect(huge.invokeMetered('f', [], { gasLimit: limit })).toEqual({ results: [3], gasUsed: units.gasUsed * MAX_EVENT_COST, error: null });
    // One unit short: out of gas, gasUsed = limit.
    const short = units.gasUsed * MAX_EVENT_COST - 1;
    const o = huge.invokeMetered('f', [], { gasLimit: short });
    expect((o.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(o.gasUsed).toBe(short);
  });
});

describe('Global objects of every value type', () => {
  // v128 values are 16-byte Uint8Arrays (lane bytes, little-endian).
  const V128 = new Uint8Array([0x44, 0x44, 0x44, 0x44, 0x33, 0x33, 0x33, 0x33, 0x22, 0x22, 0x22, 0x22, 0x11, 0x11, 0x11, 0x11]);

  it.each([
    { type: 'i64', initial: 0n, value: -(2n ** 63n), bits: -(2n ** 63n) },
    { type: 'f32', initial: 0, value: -1.5, bits: 0xbfc00000 },
    { type: 'f64', initial: 0, value: 2.5, bits: 0x4004000000000000n },
    { type: 'v128', initial: new Uint8Array(16), value: V128, bits: V128 },
    { type: 'externref', initial: undefined, value: 'anything', bits: 'anything' }, // JS API spec DefaultValue(externref) = undefined (V8 11.3: undefined for Table, null for Global)
    { type: 'funcref', initial: null, value: null, bits: null },
  ] as const)('$type: default, set, value and bits', ({ type, initial, value, bits }) => {
    const g = new Global({ value: type, mutable: true });
    expect(g.value).toEqual(initial);
    g.value = value;
    expect(g.value).toEqual(value);
    expect(g.bits).toEqual(bits);
    expect(new Global({ value: type }, value).value).toEqual(value);
  });

  it('a v128 global defined by a module reads back bit-exact', () => {
    const inst = instantiate(compile(wat('(global (export "g") v128 (v128.const i32x4 0x44444444 0x33333333 0x22222222 0x11111111))')));
    expect(inst.getGlobal('g')).toEqual(V128);
    expect((inst.exports['g'] as Global).value).toEqual(V128);
    // a copy each time: changing what was read changes nothing
    (inst.getGlobal('g') as Uint8Array).fill(0);
    expect(inst.getGlobal('g')).toEqual(V128);
  });

  it.each([
    ['a bigint', 1n], ['a 15-byte array', new Uint8Array(15)], ['an Int8Array', new Int8Array(16)], ['a number', 0],
  ])('a v128 global refuses %s with a TypeError', (_what, bad) => {
    const g = new Global({ value: 'v128', mutable: true });
    expect(() => {
      g.value = bad;
    }).toThrow(new TypeError('v128 values must be 16-byte Uint8Arrays (lane bytes, little-endian)'));
    expect(g.value).toEqual(new Uint8Array(16));
  });

  it('a funcref global holds an exported function', () => {
    const inst = instantiate(compile(wat('(func $f (export "f") (result i32) (i32.const 7)) (global (export "g") funcref (ref.func $f))')));
    const f = (inst.exports['g'] as Global).value as () => number;
    expect(f).toBe(inst.exports['f']);
    expect(f()).toBe(7);
  });
});

describe('HostContext u64 accessors', () => {
  it('writeU64 then readU64 round-trip little-endian; out of bounds traps', () => {
    const seen: bigint[] = [];
    const hostRw = defineHostFunction('rw', ['i32'], [], (ctx: HostContext, ptr: number) => {
      ctx.writeU64(ptr, -2n); // stored as 2^64 - 2
      seen.push(ctx.readU64(ptr));
    });
    const inst = instantiate(compile(wat(`
      (import "h" "rw" (func $rw (param i32)))
      (memory (export "mem") 1)
      (func (export "f") (param i32) (result i64) (call $rw (local.get 0)) (i64.load (local.get 0)))`)), { h: { rw: hostRw } });
    expect(inst.invoke('f', [8])).toEqual([-2n]);
    expect(seen).toEqual([2n ** 64n - 2n]);
    const t = thrown(() => inst.invoke('f', [65536 - 7]));
    // A Trap raised by the HostContext passes through the host function unchanged.
    expect(t).toBeInstanceOf(Trap);
    expect((t as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
  });
});
