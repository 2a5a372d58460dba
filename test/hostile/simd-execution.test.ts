/**
 * Hostile SIMD code run by detwasm (simd-cases.ts; spec §4.4.3, §5.5.13): a call with 50,000 v128
 * locals (the decode limit) and recursion with as many per frame until maxStackWords, a loop of
 * v128 loads, shuffles, swizzles, lane loads and stores over 32 KiB, unmetered (the result and the
 * memory V8 computes) and metered (out of gas mid-loop, the memory V8 computes after the
 * iterations done), and both through the contract VM. Each case asserts the exact outcome,
 * bounds its time and heap (measure.ts) and checks that the next call is unaffected.
 *
 * Bounds: ~5x the worst time and 3x-5x the worst heap measured on the 2-core CI machine (Node 20,
 * 2026-12-02: locals call 25 ms / 7 MB, recursion 485 ms / 45 MB, VM recursion 69 ms / 16 MB,
 * the 200,000-iteration loop 1.36 s (VM 1.56 s) / < 1 MB, out of gas mid-loop 206 ms), as
 * measure.ts says: hang and leak detectors, not benchmarks.
 */
import { describe, expect, it } from 'vitest';
import { compile, DEFAULT_CALL_LIMITS, DEFAULT_GAS_SCHEDULE, DEFAULT_MAX_STACK_WORDS, instantiate, TrapCode } from '../../src/index.js';
import type { Instance, Memory } from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { expectFailed, expectTrap, expectVMFailed, outputI32 } from './expect.js';
import { bounds } from './measure.js';
import { CONTRACT_HEAD, CONTRACT_PROBE, hostileSuite, PROBE_FIELDS } from './probe.js';
import {
  LOOP_MEMORY, MANY_V128_LOCALS_FIELDS, MANY_V128_LOCALS_RESULT, memoryHash, runOnV8, SHUFFLE_LOOP_FIELDS, V128_LOCALS,
} from './simd-cases.js';

const suite = hostileSuite('SIMD execution');
const { table } = suite;

/** A v128 local takes 16 bytes: at least 4 words of the value stack. */
const V128_WORDS = 4;
const LOCALS = V128_LOCALS.toLocaleString('en-US');

function contract(fields: string): Uint8Array {
  return wat(`${CONTRACT_HEAD} ${CONTRACT_PROBE} ${fields}`);
}

describe(`${LOCALS} v128 locals in a frame (maxLocals; maxStackWords)`, () => {
  const module = compile(wat(`${MANY_V128_LOCALS_FIELDS} ${PROBE_FIELDS}`));

  /** Runs manyRec to exhaustion and returns the depth it reached. */
  function depthOf(inst: Instance): number {
    inst.invoke('reset');
    expectTrap(() => inst.invoke('manyRec'), TrapCode.CALL_STACK_EXHAUSTED);
    return inst.getGlobal('depth') as number;
  }

  it('a call returns what V8 returns (locals start at zero), metered or not', async () => {
    const inst = instantiate(module, {}, { gas: DEFAULT_GAS_SCHEDULE });
    const recorded = suite.prober.record(inst);
    await table.run(`${LOCALS} v128 locals: call`, 'none', bounds(250, 32, 16), 3, () => {
      expect(inst.invoke('many')).toEqual([MANY_V128_LOCALS_RESULT]);
      expect(inst.invokeMetered('many', [], { gasLimit: 1_000_000 }))
        .toEqual({ results: [MANY_V128_LOCALS_RESULT], gasUsed: DEFAULT_GAS_SCHEDULE.call, error: null });
    });
    suite.prober.expectInstance(inst, recorded);
  });

  it(`recursion with ${LOCALS} v128 locals per frame stops at maxStackWords, at the same depth every time`, async () => {
    const inst = instantiate(module);
    const recorded = suite.prober.record(inst);
    const depths = await table.run(`recursion, ${LOCALS} v128 locals per frame`, `maxStackWords ${DEFAULT_MAX_STACK_WORDS} (Trap)`,
      bounds(2500, 192, 96), 3, () => depthOf(inst));
    const depth = depths[0]!;
    expect(depths).toEqual(Array(3).fill(depth));
    expect(depth).toBeGreaterThan(0);
    expect(depth).toBeLessThanOrEqual(DEFAULT_MAX_STACK_WORDS / (V128_WORDS * V128_LOCALS));
    expect(depthOf(instantiate(module))).toBe(depth);
    suite.prober.expectInstance(inst, recorded);
  });

  it('through the VM: the call writes its result; the recursion stops with callStackExhausted, same gas every time', async () => {
    const code = contract(`${MANY_V128_LOCALS_FIELDS}
      (func (export "runMany") (i32.store (i32.const 0) (call $many)) (call $out (i32.const 0) (i32.const 4)))`);
    const recorded = suite.vmProber.record('v128-locals', code);
    const calls = await table.run(`vm: ${LOCALS} v128 locals`, 'none', bounds(250, 32, 16), 2,
      () => suite.vmProber.vm.call({ contractId: 'v128-locals', code, method: 'runMany', gasLimit: 1_000_000 }));
    for (const r of calls) expect(outputI32(r)).toBe(MANY_V128_LOCALS_RESULT);
    const recs = await table.run(`vm: recursion, ${LOCALS} v128 locals per frame`,
      `maxStackWords ${DEFAULT_CALL_LIMITS.maxStackWords} (trap)`, bounds(600, 64, 32), 2,
      () => suite.vmProber.vm.call({ contractId: 'v128-locals', code, method: 'manyRec', gasLimit: 1_000_000 }));
    for (const r of recs) {
      expectVMFailed(r, 'trap', 'callStackExhausted');
      expect(r.gasUsed).toBe(recs[0]!.gasUsed);
    }
    suite.vmProber.expectVM({ contractId: 'v128-locals', code, recorded });
  });
});

describe('a loop of v128 loads, shuffles and stores over memory (gas: loop)', () => {
  const bytes = wat(`${LOOP_MEMORY} ${SHUFFLE_LOOP_FIELDS} ${PROBE_FIELDS}`);
  const module = compile(bytes);
  const ITERS = 200_000;

  function memoryOf(inst: Instance): ArrayBuffer {
    return (inst.exports['mem'] as Memory).buffer;
  }

  it(`unmetered, ${ITERS.toLocaleString('en-US')} iterations: the result and the memory V8 computes`, async () => {
    const v8 = runOnV8(bytes, 'shuffleLoop', [ITERS]);
    await table.run(`v128 loop, ${ITERS.toLocaleString('en-US')} iterations`, 'none (runs to its end)', bounds(7000, 16, 8), 2, () => {
      const inst = instantiate(module);
      const recorded = suite.prober.record(inst);
      expect(inst.invoke('shuffleLoop', [ITERS])).toEqual([v8.result]);
      expect(memoryHash(memoryOf(inst))).toBe(v8.memory);
      suite.prober.expectInstance(inst, recorded);
    });
  });

  it('metered: out of gas mid-loop (gasUsed = limit); the memory is what V8 computes for the iterations done', async () => {
    const gasLimit = 1_000_000;
    await table.run('v128 loop, metered', 'gas (out of gas)', bounds(1100, 16, 8), 3, () => {
      const inst = instantiate(module, {}, { gas: DEFAULT_GAS_SCHEDULE });
      const recorded = suite.prober.record(inst);
      expectFailed(inst.invokeMetered('shuffleLoop', [ITERS], { gasLimit }), TrapCode.OUT_OF_GAS, gasLimit);
      // The loop stores its count at address 0; the call and each back-edge are charged.
      const done = new DataView(memoryOf(inst)).getInt32(0, true);
      expect(Math.abs(done - (gasLimit - DEFAULT_GAS_SCHEDULE.call) / DEFAULT_GAS_SCHEDULE.loop)).toBeLessThanOrEqual(1);
      expect(memoryHash(memoryOf(inst))).toBe(runOnV8(bytes, 'shuffleLoop', [done]).memory);
      suite.prober.expectInstance(inst, recorded);
    });
  });

  it('through the VM: the result V8 computes, or outOfGas with gasUsed = limit', async () => {
    const code = contract(`${SHUFFLE_LOOP_FIELDS}
      (func (export "loop") (local $r i32)
        (local.set $r (call $shuffleLoop (i32.const ${ITERS})))
        (i32.store (i32.const 0) (local.get $r))
        (call $out (i32.const 0) (i32.const 4)))`);
    const recorded = suite.vmProber.record('v128-loop', code);
    const expected = runOnV8(wat(`${LOOP_MEMORY} ${SHUFFLE_LOOP_FIELDS}`), 'shuffleLoop', [ITERS]).result;
    const full = await table.run('vm: v128 loop', 'none (runs to its end)', bounds(8000, 16, 8), 2,
      () => suite.vmProber.vm.call({ contractId: 'v128-loop', code, method: 'loop', gasLimit: 1_000_000_000 }));
    for (const r of full) expect(outputI32(r)).toBe(expected);
    const oog = await table.run('vm: v128 loop, out of gas', 'gas (outOfGas)', bounds(1200, 16, 8), 2,
      () => suite.vmProber.vm.call({ contractId: 'v128-loop', code, method: 'loop', gasLimit: 1_000_000 }));
    for (const r of oog) {
      expectVMFailed(r, 'outOfGas');
      expect(r.gasUsed).toBe(1_000_000);
    }
    suite.vmProber.expectVM({ contractId: 'v128-loop', code, recorded });
  });
});
