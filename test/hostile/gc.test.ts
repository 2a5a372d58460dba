/**
 * Hostile modules against the GC resources (issue 13 item 10): an allocation loop that only the
 * heap limit (or gas) stops, a 1,000,000-element array, arrays of 2^32 - 1 elements, a subtype
 * chain 10,000 deep (rejected past the subtyping depth limit in linear time; a chain at the limit
 * casts in O(1)), a
 * recursion group of 100,000 types, and a struct of 10,000 fields. Each case names its limit,
 * asserts the exact outcome, bounds time and heap (measure.ts) and checks that the next call is
 * unaffected (probe.ts).
 *
 * Measured worst figures (Node 20 on the shared 2-core machine; the test prints its table each
 * run) are in the closing note of the GC slice and docs/RATIONALE.md ("GC").
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compile, DEFAULT_CALL_LIMITS, DEFAULT_GAS_SCHEDULE, DEFAULT_MAX_GC_HEAP_BYTES, instantiate, MAX_SUBTYPE_DEPTH, TrapCode, validate,
} from '../../src/index.js';
import type { Module } from '../../src/index.js';
import { gcWat } from '../helpers/gc-wat.js';
import { expectFailed, expectTrap, expectVMFailed } from './expect.js';
import { bounds } from './measure.js';
import { CONTRACT_HEAD, CONTRACT_PROBE, hostileSuite, PROBE_FIELDS } from './probe.js';

const suite = hostileSuite('GC resources');
const { table } = suite;

const FIELDS = `
  (type $pt (struct (field (mut i32)) (field (mut i64))))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut anyref)))
  (func (export "alloc") (param $n i32)
    (loop $l (drop (struct.new_default $pt)) (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "forever") (loop $l (drop (struct.new_default $pt)) (br $l)))
  (func (export "bytes") (param i32) (result i32) (array.len (array.new_default $bytes (local.get 0))))
  (func (export "refs") (param i32) (result i32) (array.len (array.new_default $refs (local.get 0))))
  (func (export "fillBig") (param i32) (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new_default $bytes (local.get 0)))
    (array.fill $bytes (local.get $a) (i32.const 0) (i32.const 7) (local.get 0))
    (array.get_u $bytes (local.get $a) (i32.sub (local.get 0) (i32.const 1))))
`;

let module: Module;

beforeAll(async () => {
  module = compile(await gcWat(`(module ${FIELDS} ${PROBE_FIELDS})`));
});

describe('allocation', () => {
  it(`an endless allocation loop traps "gc heap exhausted" at maxGcHeapBytes (${DEFAULT_MAX_GC_HEAP_BYTES / 1024 / 1024} MiB), every time`, async () => {
    const inst = instantiate(module);
    const recorded = suite.prober.record(inst);
    await table.run('allocation loop (unmetered)', `maxGcHeapBytes ${DEFAULT_MAX_GC_HEAP_BYTES}`, bounds(2500, 200, 16), 2, () =>
      expectTrap(() => inst.invoke('forever'), TrapCode.GC_HEAP_EXHAUSTED));
    suite.prober.expectInstance(inst, recorded);
  });

  it('metered, the loop runs out of gas at the limit (allocation is charged), every time', async () => {
    const inst = instantiate(module, {}, { gas: DEFAULT_GAS_SCHEDULE });
    const gasLimit = 10_000_000;
    await table.run('allocation loop (metered)', 'gas (out of gas)', bounds(2000, 200, 16), 3, () =>
      expectFailed(inst.invokeMetered('forever', [], { gasLimit }), TrapCode.OUT_OF_GAS, gasLimit));
  });

  it('through the VM: an endless allocation loop fails as trap gcHeapExhausted at the VM limit (16 MiB), every time', async () => {
    const code = await gcWat(`(module ${CONTRACT_HEAD} ${CONTRACT_PROBE} (type $p (struct (field i64)))
      (func (export "spin") (loop $l (drop (struct.new_default $p)) (br $l))))`);
    expect(DEFAULT_CALL_LIMITS.maxGcHeapBytes).toBe(16 * 1024 * 1024);
    const recorded = suite.vmProber.record('gc-spin', code);
    const results = await table.run('vm: allocation loop', `maxGcHeapBytes ${DEFAULT_CALL_LIMITS.maxGcHeapBytes}`, bounds(2000, 200, 16), 2,
      () => suite.vmProber.vm.call({ contractId: 'gc-spin', code, method: 'spin', gasLimit: 1e12 }));
    for (const r of results) expectVMFailed(r, 'trap', 'gcHeapExhausted');
    suite.vmProber.expectVM({ contractId: 'gc-spin', code, recorded });
  });

  it('a 1,000,000-element array (i8 and anyref) is made, filled and read', async () => {
    const inst = instantiate(module);
    const [n] = await table.run('array of 1,000,000 elements', `maxGcHeapBytes ${DEFAULT_MAX_GC_HEAP_BYTES}`, bounds(2000, 64, 16), 2, () =>
      inst.invoke('fillBig', [1_000_000]));
    expect(n).toEqual([7]);
    expect(inst.invoke('refs', [1_000_000])).toEqual([1_000_000]);
  });

  it('arrays of 2^32 - 1 elements trap at once, allocating nothing', async () => {
    const inst = instantiate(module);
    await table.run('array.new_default of 2^32 - 1 elements', `maxGcHeapBytes ${DEFAULT_MAX_GC_HEAP_BYTES}`, bounds(50, 8, 8), 3, () => {
      expectTrap(() => inst.invoke('bytes', [-1]), TrapCode.GC_HEAP_EXHAUSTED);
      expectTrap(() => inst.invoke('refs', [-1]), TrapCode.GC_HEAP_EXHAUSTED);
    });
  });
});

describe('type structure', () => {
  function chain(depth: number): string {
    const types = ['(type $t0 (sub (struct (field i32))))'];
    for (let i = 1; i < depth; i++) types.push(`(type $t${i} (sub $t${i - 1} (struct (field i32))))`);
    return `(module ${types.join('\n')}
      (func (export "cast") (param i32) (result i32)
        (local $x anyref)
        (local.set $x (struct.new $t${depth - 1} (local.get 0)))
        (struct.get $t0 0 (ref.cast (ref $t0) (local.get $x)))))`;
  }

  it(`a subtype chain 10,000 deep is rejected in linear time (depth past ${MAX_SUBTYPE_DEPTH}), copying no chain`, async () => {
    const bytes = await gcWat(chain(10_000));
    await table.run('subtype chain of 10,000', `subtyping depth ${MAX_SUBTYPE_DEPTH}`, bounds(3000, 64, 16), 2, () =>
      expect(() => validate(bytes)).toThrow(/subtyping depth/));
  });

  it(`a chain of the deepest allowed (${MAX_SUBTYPE_DEPTH + 1} types) validates; a cast to its root is O(1)`, async () => {
    const inst = instantiate(compile(await gcWat(chain(MAX_SUBTYPE_DEPTH + 1))));
    expect(inst.invoke('cast', [41])).toEqual([41]);
    await expect(gcWat(chain(MAX_SUBTYPE_DEPTH + 2)).then((b) => validate(b))).rejects.toThrow(/subtyping depth/);
  });

  it('a recursion group of 100,000 types decodes, validates and is interned once', async () => {
    const n = 100_000;
    const types: string[] = [];
    for (let i = 0; i < n; i++) types.push(`(type $r${i} (struct (field (ref null $r${(i + 1) % n}))))`);
    const bytes = await gcWat(`(module (rec ${types.join(' ')}))`);
    await table.run(`recursion group of ${n.toLocaleString('en-US')} types`, 'linear decode / validate', bounds(5000, 256, 64), 2, () =>
      validate(bytes));
  });

  it('a struct of 10,000 fields is allocated and read', async () => {
    const n = 10_000;
    const fields = Array.from({ length: n }, (_, i) => `(field ${i % 2 === 0 ? 'i64' : '(mut i8)'})`).join(' ');
    const bytes = await gcWat(`(module (type $s (struct ${fields}))
      (func (export "last") (result i32) (struct.get_u $s ${n - 1} (struct.new_default $s))))`);
    const inst = instantiate(compile(bytes));
    const [r] = await table.run(`struct of ${n.toLocaleString('en-US')} fields`, 'linear', bounds(2000, 64, 16), 2, () => inst.invoke('last'));
    expect(r).toEqual([0]);
  });
});
