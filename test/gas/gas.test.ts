/**
 * Gas metering through real wasm code (src/gas/schedule.ts, baked into the IR by lower.ts and
 * charged by run.ts / bulk.ts / values.ts). Every figure below is derived by hand from the
 * schedule's rules in the comment beside it, so a change to the rules or to what counts as a
 * wasm-level event shows up here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compile, DEFAULT_GAS_SCHEDULE, defineHostFunction, instantiate, STRICT_GAS_SCHEDULE, Trap, TrapCode,
} from '../../src/index.js';
import type { GasSchedule, HostContext, Imports } from '../../src/index.js';
import { wat, WASM2_FEATURES } from '../helpers/wat.js';

const MODULE = wat(`
  (import "env" "host" (func $host (param i32) (result i32)))
  (memory (export "memory") 1)
  (func $nop)
  (func (export "empty"))
  (func (export "two_calls") (call $nop) (call $nop))
  (func (export "countdown") (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n))))
  (func (export "forever") (loop $l (br $l)))
  (func $rec (export "recurse") (call $rec))
  (func (export "fill") (param $n i32) (memory.fill (i32.const 0) (i32.const 7) (local.get $n)))
  (func (export "copy") (param $n i32) (memory.copy (i32.const 0) (i32.const 0) (local.get $n)))
  (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n)))
  (func (export "fills") (param $n i32) (param $k i32)
    (loop $l
      (memory.fill (i32.const 0) (i32.const 1) (local.get $n))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $l (local.get $k))))
  (func (export "call_host") (param i32) (result i32) (call $host (local.get 0)))
`);

function setup(gas: Partial<GasSchedule>, host: (ctx: HostContext, ...args: never[]) => unknown = (_ctx: unknown, x: number) => x + 1) {
  const imports: Imports = { env: { host: defineHostFunction('host', ['i32'], ['i32'], host) } };
  return instantiate(compile(MODULE), imports, { gas, maxMemoryPages: 100 });
}

describe('default schedule (call 100, loop 100 per back-edge)', () => {
  const inst = setup(DEFAULT_GAS_SCHEDULE);
  it.each([
    { name: 'empty', args: [], gas: 100 }, // the entry call
    { name: 'two_calls', args: [], gas: 300 }, // entry + 2 calls
    { name: 'countdown', args: [10], gas: 100 + 9 * 100 }, // 9 taken back-edges
    { name: 'countdown', args: [1], gas: 100 }, // br_if not taken: no back-edge
    { name: 'fill', args: [1000], gas: 100 + 1000 }, // 1 per byte
    { name: 'fill', args: [0], gas: 100 },
    { name: 'copy', args: [65536], gas: 100 + 65536 },
    { name: 'grow', args: [2], gas: 100 + 2 * DEFAULT_GAS_SCHEDULE.memoryGrowPage },
    { name: 'call_host', args: [5], gas: 200 }, // entry + host call
  ])('$name($args) uses $gas', ({ name, args, gas }) => {
    const out = inst.invokeMetered(name, args, { gasLimit: 1_000_000 });
    expect(out.error).toBeNull();
    expect(out.gasUsed).toBe(gas);
  });

  it('charges memory.fill before the bounds check: an out-of-bounds fill still pays', () => {
    const out = setup(DEFAULT_GAS_SCHEDULE).invokeMetered('fill', [70_000], { gasLimit: 1_000_000 });
    expect(out.error).toBeInstanceOf(Trap);
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(out.gasUsed).toBe(100 + 70_000);
  });

  it('charges memory.grow per requested page, success or not', () => {
    const out = inst.invokeMetered('grow', [1000], { gasLimit: 100_000_000 });
    expect(out.results).toEqual([-1]); // past maxMemoryPages: fails
    expect(out.gasUsed).toBe(100 + 1000 * DEFAULT_GAS_SCHEDULE.memoryGrowPage);
  });
});

/**
 * Every kind of branch back to a loop pays the loop cost once, entering a loop by falling into it
 * pays nothing. The _LOOP branch forms charge it themselves; the others (br_table, a br or br_if
 * that moves values, a catch clause) land on the loop's charging stub after the function's code.
 */
const BACK_EDGES = wat(`
  (tag $t)
  (func (export "by_table") (param $n i32)
    (block $done (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_table $done $l (local.get $n)))))
  (func (export "by_br_if_moving") (param $n i32) (result i32)
    (local.get $n)
    (loop $l (param i32) (result i32)
      (local.set $n (i32.sub (i32.const 1)))
      (i32.const 99)
      (local.get $n)
      (br_if $l (local.get $n))
      (drop)))
  (func (export "by_br_moving") (param $n i32) (result i32)
    (local.get $n)
    (loop $l (param i32) (result i32)
      (local.set $n (i32.sub (i32.const 1)))
      (if (local.get $n) (then (i32.const 5) (local.get $n) (br $l)))
      (i32.const 7)))
  (func (export "by_catch") (param $n i32)
    (loop $l
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (if (local.get $n) (then (try_table (catch_all $l) (throw $t))))))
  (func (export "nested") (param $n i32) (result i32) (local $k i32) (local $s i32)
    (loop $outer
      (local.set $k (i32.const 3))
      (block $x (loop $inner
        (local.set $s (i32.add (local.get $s) (local.get $k)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br_table $inner $x (i32.eqz (local.get $k)))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $outer (local.get $n)))
    (local.get $s))
`, { ...WASM2_FEATURES, exceptions: true });

describe('loop back-edges of every kind, default schedule (loop 100 per back-edge, entry free)', () => {
  const inst = instantiate(compile(BACK_EDGES), {}, { gas: DEFAULT_GAS_SCHEDULE });
  it.each([
    { name: 'by_table', n: 5, result: undefined, gas: 100 + 4 * 100 }, // 5 passes, 4 branches back
    { name: 'by_table', n: 1, result: undefined, gas: 100 },
    { name: 'by_br_if_moving', n: 6, result: 99, gas: 100 + 5 * 100 },
    { name: 'by_br_moving', n: 4, result: 7, gas: 100 + 3 * 100 },
    { name: 'by_catch', n: 5, result: undefined, gas: 100 + 4 * 100 },
    { name: 'by_catch', n: 1, result: undefined, gas: 100 },
  ])('$name($n) uses $gas', ({ name, n, result, gas }) => {
    const out = inst.invokeMetered(name, [n], { gasLimit: 1_000_000 });
    expect(out.error).toBeNull();
    expect(out.results?.[0]).toBe(result);
    expect(out.gasUsed).toBe(gas);
  });

  it('nested loops: the inner one is entered afresh by each outer pass and charges only its back-edges', () => {
    // 4 outer passes x (inner: 3 passes, 2 br_table branches back) + 3 outer back-edges
    const out = inst.invokeMetered('nested', [4], { gasLimit: 1_000_000 });
    expect(out.results).toEqual([4 * (3 + 2 + 1)]);
    expect(out.gasUsed).toBe(100 + 4 * 2 * 100 + 3 * 100);
  });

  it('a back-edge through a stub stops at the limit like any other: out of gas after the paid passes', () => {
    const out = inst.invokeMetered('by_table', [1000], { gasLimit: 100 + 3 * 100 + 50 });
    expect(out.error).toBeInstanceOf(Trap);
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(100 + 3 * 100 + 50);
  });

  it('loopCharge header pays on entry too, through the same branches', () => {
    const header = instantiate(compile(BACK_EDGES), {}, { gas: { ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' } });
    expect(header.invokeMetered('by_table', [5], { gasLimit: 1_000_000 }).gasUsed).toBe(100 + 5 * 100);
    expect(header.invokeMetered('by_catch', [5], { gasLimit: 1_000_000 }).gasUsed).toBe(100 + 5 * 100);
  });
});

describe('loopCharge: header (on entry and on every back-edge)', () => {
  const inst = setup({ ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' });
  it.each([
    { n: 10, gas: 100 + 10 * 100 },
    { n: 1, gas: 100 + 100 },
  ])('countdown($n) uses $gas', ({ n, gas }) => {
    expect(inst.invokeMetered('countdown', [n], { gasLimit: 1_000_000 }).gasUsed).toBe(gas);
  });
});

describe('strict schedule (1 per instruction, charged per straight-line run)', () => {
  it.each([
    // body `end`: one run of 1 instruction, merged with the entry charge
    { name: 'empty', args: [], loopCharge: 'backedge', gas: 100 + 1 },
    // entry run [call call end]: 3; two callees run [end]: 1 each; 3 calls
    { name: 'two_calls', args: [], loopCharge: 'backedge', gas: 300 + 3 + 2 },
    // entry run [loop]: 1; body run [local.get i32.const i32.sub local.set local.get br_if]: 6 x 10;
    // after br_if [end]: 1; after the loop [end]: 1; 9 back-edges x 100
    { name: 'countdown', args: [10], loopCharge: 'backedge', gas: 100 + 1 + 60 + 1 + 1 + 900 },
    // the same with the loop cost on each of the 10 header entries
    { name: 'countdown', args: [10], loopCharge: 'header', gas: 100 + 1 + 60 + 1 + 1 + 1000 },
  ] as const)('$name($args) [$loopCharge] uses $gas', ({ name, args, loopCharge, gas }) => {
    const inst = setup({ ...STRICT_GAS_SCHEDULE, loopCharge });
    const out = inst.invokeMetered(name, [...args], { gasLimit: 1_000_000 });
    expect(out.error).toBeNull();
    expect(out.gasUsed).toBe(gas);
  });
});

describe('out of gas', () => {
  const inst = setup(DEFAULT_GAS_SCHEDULE);
  it.each([
    { name: 'forever', args: [], limit: 12_345 },
    { name: 'recurse', args: [], limit: 50_000 },
    { name: 'countdown', args: [1_000_000], limit: 99_999 },
    { name: 'empty', args: [], limit: 99 },
    { name: 'empty', args: [], limit: 0 },
  ])('$name stops with OUT_OF_GAS and gasUsed == limit ($limit)', ({ name, args, limit }) => {
    const out = inst.invokeMetered(name, args, { gasLimit: limit });
    expect(out.results).toBeNull();
    expect(out.error).toBeInstanceOf(Trap);
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.error!.message).toBe('out of gas');
    expect(out.gasUsed).toBe(limit);
  });

  it('refuses a 4 GiB memory.fill by gas before doing any work', () => {
    const out = inst.invokeMetered('fill', [0xffffffff], { gasLimit: 1_000_000 });
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(1_000_000);
    const memory = inst.exports.memory as { buffer: ArrayBuffer };
    expect(new Uint8Array(memory.buffer)[0]).toBe(0); // nothing was written
  });

  it('is exactly at the boundary: limit == cost succeeds, limit == cost - 1 runs out', () => {
    expect(inst.invokeMetered('countdown', [10], { gasLimit: 1000 }).error).toBeNull();
    const out = inst.invokeMetered('countdown', [10], { gasLimit: 999 });
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(999);
  });

  // memory.fill is a cold op (runCold): it charges the machine's gas, and run() takes its count
  // back; with a small poll interval each fill crosses the loop counter's window, which must
  // change neither the gas nor where it runs out.
  it('charges cold ops exactly across fuel windows: the same gas and the same stop at any poll interval', () => {
    const flag = new Int32Array(1);
    fc.assert(fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5000 }),
      fc.integer({ min: -200, max: 200 }), (n, k, poll, slack) => {
        const cost = 100 + k * n + (k - 1) * 100; // entry, k fills of n bytes, k - 1 back-edges
        const limit = Math.max(0, cost + slack);
        const plain = inst.invokeMetered('fills', [n, k], { gasLimit: limit });
        const polled = inst.invokeMetered('fills', [n, k], { gasLimit: limit, interrupt: flag, pollInterval: poll });
        expect(polled.gasUsed).toBe(plain.gasUsed);
        expect(plain.gasUsed).toBe(Math.min(cost, limit));
        expect(plain.error === null).toBe(limit >= cost);
        if (limit < cost) expect((polled.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
        else expect(polled.error).toBeNull();
      }), { numRuns: 300 });
  });

  it('leaves the instance usable', () => {
    inst.invokeMetered('forever', [], { gasLimit: 1000 });
    expect(inst.invokeMetered('two_calls', [], { gasLimit: 1000 })).toEqual({ results: [], gasUsed: 300, error: null });
  });
});

describe('host functions', () => {
  it('can charge extra gas through the context', () => {
    const inst = setup(DEFAULT_GAS_SCHEDULE, (ctx: { chargeGas(n: number): void }, x: number) => {
      ctx.chargeGas(50);
      return x * 2;
    });
    expect(inst.invokeMetered('call_host', [21], { gasLimit: 10_000 })).toEqual({ results: [42], gasUsed: 250, error: null });
    const out = inst.invokeMetered('call_host', [21], { gasLimit: 240 });
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(240);
  });

  it('gives the same results and gas when the host answers asynchronously', async () => {
    const sync = setup(DEFAULT_GAS_SCHEDULE, (_ctx: unknown, x: number) => x + 1);
    const async = setup(DEFAULT_GAS_SCHEDULE, async (_ctx: unknown, x: number) => x + 1);
    const a = sync.invokeMetered('call_host', [1], { gasLimit: 10_000 });
    const b = await async.invokeMeteredAsync('call_host', [1], { gasLimit: 10_000 });
    expect(b).toEqual(a);
    // A Promise in a synchronous call is a host failure, not a hang.
    const c = async.invokeMetered('call_host', [1], { gasLimit: 10_000 });
    expect((c.error as Trap).code).toBe(TrapCode.HOST);
  });

  it('a rejected async host call is a host trap with its cause', async () => {
    const inst = setup(DEFAULT_GAS_SCHEDULE, async () => {
      throw new Error('db down');
    });
    const out = await inst.invokeMeteredAsync('call_host', [1], { gasLimit: 10_000 });
    expect((out.error as Trap).code).toBe(TrapCode.HOST);
    expect(((out.error as Trap).cause as Error).message).toBe('db down');
    expect(out.gasUsed).toBe(200);
  });
});

describe('cancellation', () => {
  it('an interrupt flag set during the call stops it at the next poll', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const inst = instantiate(compile(wat(`
      (import "env" "arm" (func $arm))
      (func (export "spin") (call $arm) (loop $l (br $l)))`)), {
      env: { arm: defineHostFunction('arm', [], [], () => { Atomics.store(flag, 0, 1); }) },
    }, { gas: DEFAULT_GAS_SCHEDULE });
    const out = inst.invokeMetered('spin', [], { gasLimit: 1e12, interrupt: flag, pollInterval: 1000 });
    expect((out.error as Trap).code).toBe(TrapCode.INTERRUPTED);
    expect(out.gasUsed).toBeLessThan(10_000);
  });
});

describe('limits and options', () => {
  const inst = setup(DEFAULT_GAS_SCHEDULE);
  it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 2, NaN, '100'])('rejects gasLimit %s with TypeError', (gasLimit) => {
    expect(() => inst.invokeMetered('empty', [], { gasLimit: gasLimit as number })).toThrow(TypeError);
  });
  it('rejects an unknown or negative schedule entry', () => {
    expect(() => setup({ call: -1 })).toThrow(TypeError);
    expect(() => setup({ bogus: 1 } as Partial<GasSchedule>)).toThrow(TypeError);
    expect(() => setup({ loopCharge: 'sometimes' as 'header' })).toThrow(TypeError);
  });
  it('an unmetered instance uses no gas', () => {
    const free = instantiate(compile(MODULE), { env: { host: defineHostFunction('h', ['i32'], ['i32'], (_c, x: number) => x) } });
    expect(free.invokeMetered('countdown', [100], { gasLimit: 0 })).toEqual({ results: [], gasUsed: 0, error: null });
  });
  it('gas is deterministic: the same call twice uses the same gas', () => {
    const a = inst.invokeMetered('countdown', [777], { gasLimit: 1e9 });
    const b = inst.invokeMetered('countdown', [777], { gasLimit: 1e9 });
    expect(a.gasUsed).toBe(b.gasUsed);
    expect(a.gasUsed).toBe(100 + 776 * 100);
  });
});
