/**
 * Hostile modules against the front end (decode + validate, spec §5 and §3): inputs built to
 * exhaust the decoder, validator or translator. Each case names the limit that stops it
 * (`DecodeLimits`, src/decoder/limits.ts), asserts the exact error (class, message, byte offset),
 * bounds the time and heap it may take (test/hostile/measure.ts), and checks that the next call
 * is unaffected, through `instantiate` + `invokeMetered` and through the contract VM.
 *
 * Measured worst figures (Node 20; the test prints its own table each run):
 *   100,000 nested blocks: rejected in ~10 ms; with the limit raised, compile + run ~95 ms.
 *   br_table of 1,000,000 targets: rejected in ~20 ms; with the limit raised ~135 ms.
 *   2^32-1 locals: rejected in < 5 ms, nothing allocated.
 *   1,000,000 functions: compile ~0.45 s and ~170 MB heap, instantiate ~0.3-0.45 s and ~150 MB
 *   (linear: 10x the functions, ~4x to 10x the time), so the default limit stays the JS-API one;
 *   a VM call instantiates afresh, so each call of such a contract costs ~0.3 s and ~150 MB.
 *   1,000,000 types: compile ~0.16 s and ~120 MB heap.
 *   50,000 v128 locals: compile + instantiate ~1 ms; 50,001 rejected at once.
 */
import { describe, expect, it } from 'vitest';
import { compile, createVM, DEFAULT_DECODE_LIMITS, DEFAULT_GAS_SCHEDULE, instantiate, MalformedError } from '../../src/index.js';
import type { CompileOptions, DecodeLimits } from '../../src/index.js';
import { V8_WASM } from '../diff/v8-api.js';
import { ByteWriter, exportFuncContent, functionsContent, moduleBytes, oneFunction, SECTION, typesContent, ulebLength } from './build.js';
import { bounds, FLOORS } from './measure.js';
import { hostileSuite } from './probe.js';
import { V128_LOCALS, v128LocalsModule } from './simd-cases.js';

const suite = hostileSuite('front end (decode, validate, translate)');
const { table } = suite;

/** `count` functions of type [] -> [] with empty bodies; the last one exported as `f`. */
function manyFunctions(count: number): Uint8Array {
  const code = new ByteWriter(count * 3 + 8).uleb(count).repeat([0x02, 0x00, 0x0b], count).finish();
  return moduleBytes([
    [SECTION.type, typesContent([[[], []]])],
    [SECTION.function, functionsContent(count)],
    [SECTION.export, exportFuncContent('f', count - 1)],
    [SECTION.code, code],
  ]);
}

/** A type section of `count` types [] -> []. */
function manyTypes(count: number): Uint8Array {
  return moduleBytes([[SECTION.type, new ByteWriter(count * 3 + 8).uleb(count).repeat([0x60, 0x00, 0x00], count).finish()]]);
}

/** Compiles `bytes`, which must fail with MalformedError `message` at `offset`. */
function expectMalformed(bytes: Uint8Array, message: string, offset: number, options?: CompileOptions): MalformedError {
  let caught: unknown;
  try {
    compile(bytes, options);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(MalformedError);
  const e = caught as MalformedError;
  expect(e.kind).toBe('malformed');
  expect(e.message).toBe(message);
  expect(e.offset).toBe(offset);
  return e;
}

/**
 * The VM rejects `code` (method `f`) as invalidCode without running anything, and the next calls
 * are unaffected.
 */
function expectVMRejects(code: Uint8Array, message: string): void {
  const r = suite.vmProber.vm.call({ contractId: 'hostile', code, method: 'f', gasLimit: 1_000_000 });
  expect(r.error).not.toBeNull();
  expect(r.error!.kind).toBe('invalidCode');
  expect(r.error!.message).toBe(message);
  expect(r.error!.isConsensus).toBe(true);
  expect(r.gasUsed).toBe(0);
  expect(r.output.length).toBe(0);
  suite.vmProber.expectVM();
}

// ---------------------------------------------------------------------------------------------

describe('100,000 nested blocks (maxBlockDepth, default 65,536)', () => {
  const N = 100_000;
  // body: no locals, N x `block` (0x02 0x40), N x `end`, the function's `end`.
  const bytes = oneFunction(new ByteWriter(3 * N + 8).uleb(0).repeat([0x02, 0x40], N).repeat([0x0b], N).u8(0x0b).finish());
  // The block that would open depth 65,537 (the function body is depth 1): block number 65,536.
  const failingOffset = bytes.length - 1 - N - 2 * (N - (DEFAULT_DECODE_LIMITS.maxBlockDepth - 1));
  const message = `blocks nested too deeply (limit ${DEFAULT_DECODE_LIMITS.maxBlockDepth})`;

  it('is rejected by maxBlockDepth with MalformedError, before validation', async () => {
    await table.run('100,000 nested blocks', 'maxBlockDepth 65,536 (MalformedError)', bounds(150, 0, 0), 3, () =>
      expectMalformed(bytes, message, failingOffset));
    suite.prober.expectFresh();
    expectVMRejects(bytes, `malformed: ${message} at offset 0x${failingOffset.toString(16)}`);
  });

  it('with the limit raised, compiles and runs without recursion', async () => {
    // Node's default JS stack holds ~11,000 frames of a small function: 100,000 levels can only
    // be decoded, validated, translated and run by loops over explicit stacks.
    const limits: Partial<DecodeLimits> = { maxBlockDepth: N + 1 };
    await table.run('100,000 nested blocks, limit raised', 'none (compiles, runs)', bounds(1000, 100, 32), 3, () => {
      const inst = instantiate(compile(bytes, { limits }), {}, { gas: DEFAULT_GAS_SCHEDULE });
      expect(inst.invokeMetered('f', [], { gasLimit: 1000 })).toEqual({ results: [], gasUsed: DEFAULT_GAS_SCHEDULE.call, error: null });
    });
    suite.prober.expectFresh();
    const vm = createVM({ decodeLimits: limits });
    for (let i = 0; i < 2; i++) {
      const r = vm.call({ contractId: 'deep', code: bytes, method: 'f', gasLimit: 1000 });
      expect(r.error).toBeNull();
      expect(r.gasUsed).toBe(DEFAULT_GAS_SCHEDULE.call);
    }
  });
});

describe("a body that churns the translator's deferred operands", () => {
  // One deferred `local.get 0` stays on the stack while 400,000 `local.get 1; drop` pairs come
  // and go and 200,000 `i32.const 0; local.set 2` follow: each local.set looks for deferred
  // copies of local 2, so without compaction of the translator's list (lower.ts) this took
  // 400,000 x 200,000 steps.
  const bytes = oneFunction(new ByteWriter(2_000_000).uleb(1).uleb(3).u8(0x7f)
    .u8(0x20, 0x00).repeat([0x20, 0x01, 0x1a], 400_000).repeat([0x41, 0x00, 0x21, 0x02], 200_000)
    .u8(0x1a, 0x0b).finish());

  it('compiles, translates and runs in time linear in its size', async () => {
    // Worst of 2 runs measured alone: 1.2 s on Node 20, 0.76-0.89 s on Node 22-26; 1.9 s on Node 22
    // under the load of the Node-lines matrix (which failed the former 1.5 s bound). The quadratic
    // list this guards against takes minutes.
    await table.run('deferred-operand churn, 2.0 MB body', 'none (linear)', bounds(6000, 128, 32), 2, () => {
      const inst = instantiate(compile(bytes), {}, { gas: DEFAULT_GAS_SCHEDULE });
      expect(inst.invokeMetered('f', [], { gasLimit: 1000 })).toEqual({ results: [], gasUsed: DEFAULT_GAS_SCHEDULE.call, error: null });
    });
    suite.prober.expectFresh();
  });
});

describe('a br_table with 1,000,000 targets (maxBrTableTargets, default 65,520)', () => {
  const T = 1_000_000;
  // block; i32.const 0; br_table [T x 0] 0; end; end
  const bytes = oneFunction(new ByteWriter(T + 16).uleb(0).u8(0x02, 0x40, 0x41, 0x00, 0x0e).uleb(T).repeat([0x00], T).u8(0x00, 0x0b, 0x0b).finish());
  const brTableOffset = bytes.length - 2 - 1 - T - ulebLength(T) - 1; // end end, default, targets, count, br_table
  const message = `too many br_table targets (limit ${DEFAULT_DECODE_LIMITS.maxBrTableTargets})`;

  it('is rejected by maxBrTableTargets before the targets are read', async () => {
    expect(bytes[brTableOffset]).toBe(0x0e);
    await table.run('br_table, 1,000,000 targets', 'maxBrTableTargets 65,520 (MalformedError)', bounds(150, 0, 32), 3, () =>
      expectMalformed(bytes, message, brTableOffset));
    suite.prober.expectFresh();
    expectVMRejects(bytes, `malformed: ${message} at offset 0x${brTableOffset.toString(16)}`);
  });

  it('with the limit raised, compiles and runs in time linear in its size', async () => {
    await table.run('br_table, 1,000,000 targets, limit raised', 'none (compiles, runs)', bounds(2000, 160, 128), 2, () => {
      const inst = instantiate(compile(bytes, { limits: { maxBrTableTargets: T } }));
      expect(inst.invoke('f')).toEqual([]);
    });
    suite.prober.expectFresh();
  });
});

describe('a function declaring 2^32-1 locals (maxLocals, default 50,000)', () => {
  const bytes = oneFunction(new ByteWriter().uleb(1).uleb(0xffffffff).u8(0x7f).u8(0x0b).finish());
  const countOffset = bytes.length - 1 - 1 - 5; // end, i32, u32 count (5 bytes)

  it('is rejected at once, before anything is allocated for the locals', async () => {
    const message = `too many locals (limit ${DEFAULT_DECODE_LIMITS.maxLocals})`;
    await table.run('2^32-1 locals', 'maxLocals 50,000 (MalformedError)', FLOORS, 5, () =>
      expectMalformed(bytes, message, countOffset));
    suite.prober.expectFresh();
    expectVMRejects(bytes, `malformed: ${message} at offset 0x${countOffset.toString(16)}`);
  });

  it('local groups summing past 2^32 are malformed (spec §5.5.13) whatever the limit', async () => {
    const two = oneFunction(new ByteWriter().uleb(2).uleb(0xffffffff).u8(0x7f).uleb(1).u8(0x7f).u8(0x0b).finish());
    await table.run('local groups summing past 2^32', 'u32 total (MalformedError)', FLOORS, 5, () =>
      expectMalformed(two, 'too many locals', two.length - 1 - 1 - 1, { limits: { maxLocals: Number.MAX_SAFE_INTEGER } }));
    suite.prober.expectFresh();
  });
});

describe(`${V128_LOCALS.toLocaleString('en-US')} v128 locals (maxLocals, 16 bytes each)`, () => {
  it('at the limit: decode, validate and instantiate in bounds (V8 accepts it too)', async () => {
    const { bytes } = v128LocalsModule(V128_LOCALS);
    expect(V8_WASM.validate(bytes)).toBe(true);
    await table.run(`${V128_LOCALS.toLocaleString('en-US')} v128 locals: compile + instantiate`, 'none (at the limit)', FLOORS, 5, () => {
      const module = compile(bytes);
      expect(module.exports.map((e) => e.name)).toEqual(['f']);
      instantiate(module);
    });
    suite.prober.expectFresh();
    suite.vmProber.vm.validate(bytes);
  });

  it('one more is rejected by maxLocals at its count, before anything is allocated (V8 rejects it too)', async () => {
    const { bytes, countOffset } = v128LocalsModule(V128_LOCALS + 1);
    expect(V8_WASM.validate(bytes)).toBe(false);
    const message = `too many locals (limit ${DEFAULT_DECODE_LIMITS.maxLocals})`;
    await table.run(`${(V128_LOCALS + 1).toLocaleString('en-US')} v128 locals`, 'maxLocals 50,000 (MalformedError)', FLOORS, 5, () =>
      expectMalformed(bytes, message, countOffset));
    suite.prober.expectFresh();
    expectVMRejects(bytes, `malformed: ${message} at offset 0x${countOffset.toString(16)}`);
  });
});

describe('1,000,000 functions and 1,000,000 types (maxFunctions, maxTypes, default 1,000,000)', () => {
  const M = DEFAULT_DECODE_LIMITS.maxFunctions;

  it('a million functions compile, instantiate and run (linear; at the limit)', async () => {
    const bytes = manyFunctions(M);
    const [module] = await table.run('1,000,000 functions: compile', 'none (linear)', bounds(3500, 512, 32), 2, () => compile(bytes));
    expect(module!.functionCount).toBe(M);
    await table.run('1,000,000 functions: instantiate + call', 'none (linear)', bounds(3500, 512, 0), 2, () => {
      const inst = instantiate(module!, {}, { gas: DEFAULT_GAS_SCHEDULE });
      expect(inst.invokeMetered('f', [], { gasLimit: 1000 })).toEqual({ results: [], gasUsed: DEFAULT_GAS_SCHEDULE.call, error: null });
      return undefined;
    });
    suite.prober.expectFresh();
    // Through the VM, every call instantiates afresh: the cost per call is linear in the function
    // count even when the compiled module is cached (see the report).
    const vmCall = (): void => {
      const r = suite.vmProber.vm.call({ contractId: 'many-functions', code: bytes, method: 'f', gasLimit: 1000 });
      expect(r.error).toBeNull();
      expect(r.gasUsed).toBe(DEFAULT_GAS_SCHEDULE.call);
    };
    await table.run('1,000,000 functions: vm.call, first (compiles)', 'none (linear)', bounds(5000, 1024, 32), 1, vmCall);
    await table.run('1,000,000 functions: vm.call, cached', 'none (linear per call)', bounds(3500, 512, 32), 2, vmCall);
    suite.vmProber.expectVM();
  });

  it('one function more is rejected by maxFunctions before any body is read', async () => {
    const bytes = manyFunctions(M + 1);
    const content = functionsContent(M + 1);
    // header, type section, the function section's id and size: then its count.
    const countOffset = 8 + 2 + typesContent([[[], []]]).length + 1 + ulebLength(content.length);
    await table.run('1,000,001 functions', 'maxFunctions 1,000,000 (MalformedError)', bounds(0, 0, 32), 3, () =>
      expectMalformed(bytes, `too many functions (limit ${M})`, countOffset));
    suite.prober.expectFresh();
  });

  it('a million types compile and instantiate (linear; at the limit)', async () => {
    const bytes = manyTypes(DEFAULT_DECODE_LIMITS.maxTypes);
    const [module] = await table.run('1,000,000 types: compile', 'none (linear)', bounds(1500, 384, 32), 2, () => compile(bytes));
    await table.run('1,000,000 types: instantiate', 'none (linear)', bounds(600, 0, 32), 2, () => {
      instantiate(module!);
    });
    suite.prober.expectFresh();
  });

  it('one type more is rejected by maxTypes before any type is read', async () => {
    const n = DEFAULT_DECODE_LIMITS.maxTypes + 1;
    const bytes = manyTypes(n);
    const countOffset = 8 + 1 + ulebLength(ulebLength(n) + 3 * n); // header, id, section size
    await table.run('1,000,001 types', 'maxTypes 1,000,000 (MalformedError)', bounds(0, 0, 32), 3, () =>
      expectMalformed(bytes, `too many types (limit ${DEFAULT_DECODE_LIMITS.maxTypes})`, countOffset));
    suite.prober.expectFresh();
  });

  it('a count past the bytes left is rejected before anything is allocated for it', async () => {
    // A function section claiming 999,999 entries in 3 bytes (a vector count is checked against
    // the bytes left, so a lying count costs nothing).
    const head = moduleBytes([[SECTION.type, typesContent([[[], []]])]]);
    const lying = new ByteWriter().bytes(head).u8(SECTION.function, 0x06).uleb(999_999).u8(0, 0, 0).finish();
    await table.run('vector count past the section end', 'bytes left (MalformedError)', FLOORS, 5, () =>
      expectMalformed(lying, 'unexpected end', head.length + 2));
    suite.prober.expectFresh();
  });
});
