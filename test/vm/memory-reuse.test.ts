/**
 * Memory reuse in the contract VM (src/interpreter/runtime.ts MemoryPool, instance.ts
 * releaseVMInstance, vm.ts): every call instantiates afresh, and the VM hands the finished call's
 * memory buffer, zeroed, to the next call. A reused memory must be indistinguishable from a new
 * one: no byte of an earlier call (of this contract or another) is visible, the size is the
 * module's initial size again, and a memory that grew is not reused at its grown size.
 */
import { describe, expect, it } from 'vitest';
import { createVM, instantiate, compile } from '../../src/index.js';
import { instantiateForVM, invokeMetered, releaseVMInstance, vmInstantiation } from '../../src/interpreter/instance.js';
import { MemoryInst, MemoryPool } from '../../src/interpreter/runtime.js';
import { decodedOf } from '../../src/compile.js';
import { wat } from '../helpers/wat.js';
import { contract } from './helpers.js';

const PAGE = 65536;

/**
 * `dirty` writes 0xab over the whole first page and one byte in a second page it grows;
 * `check` outputs [non-zero bytes in the memory as i32, memory.size as i32] (8 bytes), written
 * at the end of the last page, after scanning.
 */
const SCAN = `
  (func $scan (result i32) (local $p i32) (local $n i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $p) (i32.mul (memory.size) (i32.const ${PAGE}))))
        (if (i32.load8_u (local.get $p)) (then (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $l)))
    (local.get $n))
  (func (export "check") (local $at i32) (local $n i32)
    (local.set $n (call $scan))
    (local.set $at (i32.sub (i32.mul (memory.size) (i32.const ${PAGE})) (i32.const 8)))
    (i32.store (local.get $at) (local.get $n))
    (i32.store offset=4 (local.get $at) (memory.size))
    (call $output_write (local.get $at) (i32.const 8)))
  (func (export "dirty")
    (memory.fill (i32.const 0) (i32.const 0xab) (i32.const ${PAGE}))
    (drop (memory.grow (i32.const 1)))
    (i32.store8 (i32.const ${PAGE + 100}) (i32.const 7)))
`;
const A = contract(`(memory 1) ${SCAN}`);
const B = contract(`(memory 1) (data (i32.const 10) "B") ${SCAN}`);

function checkOf(output: Uint8Array): { nonZero: number; pages: number } {
  const v = new DataView(output.buffer, output.byteOffset, output.byteLength);
  return { nonZero: v.getInt32(0, true), pages: v.getInt32(4, true) };
}

describe('the contract VM reuses memory buffers invisibly', () => {
  it('a call after one that dirtied and grew memory sees a fresh initial memory', () => {
    const vm = createVM();
    const call = (code: Uint8Array, method: string) => vm.call({ contractId: code === A ? 'a' : 'b', code, method, gasLimit: 100_000_000 });
    expect(call(A, 'check').error).toBeNull();
    expect(checkOf(call(A, 'check').output)).toEqual({ nonZero: 0, pages: 1 });
    for (let i = 0; i < 3; i++) {
      expect(call(A, 'dirty').error).toBeNull();
      expect(checkOf(call(A, 'check').output)).toEqual({ nonZero: 0, pages: 1 });
    }
    // Another contract of the same memory size gets the pooled buffer: only its own data byte.
    expect(call(A, 'dirty').error).toBeNull();
    expect(checkOf(call(B, 'check').output)).toEqual({ nonZero: 1, pages: 1 });
    // A failing call's memory is reused too (and zeroed).
    const failing = contract(`(memory 1) (func (export "boom") (memory.fill (i32.const 0) (i32.const 1) (i32.const ${PAGE})) unreachable) ${SCAN}`);
    const r = vm.call({ contractId: 'f', code: failing, method: 'boom', gasLimit: 100_000_000 });
    expect(r.error?.kind).toBe('trap');
    expect(checkOf(vm.call({ contractId: 'f', code: failing, method: 'check', gasLimit: 100_000_000 }).output)).toEqual({ nonZero: 0, pages: 1 });
  });

  it('async calls reuse memory the same way', async () => {
    const vm = createVM();
    for (let i = 0; i < 2; i++) {
      expect((await vm.callAsync({ contractId: 'a', code: A, method: 'dirty', gasLimit: 100_000_000 })).error).toBeNull();
      const r = await vm.callAsync({ contractId: 'a', code: A, method: 'check', gasLimit: 100_000_000 });
      expect(checkOf(r.output)).toEqual({ nonZero: 0, pages: 1 });
    }
  });
});

describe('MemoryPool', () => {
  it('returns given buffers zeroed, by exact size, at most 4 per size', () => {
    const pool = new MemoryPool();
    expect(pool.take(PAGE)).toBeNull();
    const given: ArrayBuffer[] = [];
    for (let i = 0; i < 5; i++) {
      const b = new ArrayBuffer(PAGE);
      new Uint8Array(b).fill(0x5a);
      given.push(b);
      pool.give(b);
    }
    expect(pool.take(2 * PAGE)).toBeNull();
    const taken: ArrayBuffer[] = [];
    for (let b = pool.take(PAGE); b !== null; b = pool.take(PAGE)) taken.push(b);
    expect(taken.length).toBe(4);
    for (const b of taken) {
      expect(given).toContain(b);
      expect(new Uint8Array(b).every((x) => x === 0)).toBe(true);
    }
  });

  it('keeps nothing larger than 16 pages, and nothing empty', () => {
    const pool = new MemoryPool();
    pool.give(new ArrayBuffer(17 * PAGE));
    pool.give(new ArrayBuffer(0));
    expect(pool.take(17 * PAGE)).toBeNull();
    expect(pool.take(0)).toBeNull();
    pool.give(new ArrayBuffer(16 * PAGE));
    expect(pool.take(16 * PAGE)?.byteLength).toBe(16 * PAGE);
  });

  it('a released memory is empty: no pages, no growth, stale accesses trap', () => {
    const pool = new MemoryPool();
    const mem = new MemoryInst(1, 4, 100, pool);
    mem.bytes[0] = 9;
    mem.release(pool);
    expect(mem.pages).toBe(0);
    expect(mem.view.byteLength).toBe(0);
    expect(mem.storage.byteLength).toBe(0);
    expect(mem.grow(1)).toBe(-1);
    const again = new MemoryInst(1, -1, 100, pool);
    expect(again.bytes[0]).toBe(0);
    expect(again.view.byteLength).toBe(PAGE);
    expect(again.storage.byteLength).toBe(PAGE);
  });

  it('a grown memory goes back by its storage length (spare capacity included), zeroed whole', () => {
    const pool = new MemoryPool();
    const mem = new MemoryInst(2, -1, 100, pool);
    expect(mem.grow(1)).toBe(2); // 3 pages in a storage of 4
    const storage = mem.storage;
    expect(storage.byteLength).toBe(4 * PAGE);
    mem.bytes.fill(0x5a);
    mem.release(pool);
    expect(pool.take(3 * PAGE)).toBeNull(); // not by the size it had
    const again = new MemoryInst(4, -1, 100, pool);
    expect(again.storage).toBe(storage);
    expect(again.view.byteLength).toBe(4 * PAGE);
    expect(again.bytes.every((b) => b === 0)).toBe(true);
  });

  it('a VM instance makes no Instance, runs its method, and releases only its own memory, once', () => {
    const bytes = wat(`(module (memory (export "m") 1) (func (export "f") (result i32) (i32.store (i32.const 0) (i32.const 5)) (i32.load (i32.const 0))))`);
    const pool = new MemoryPool();
    const decoded = decodedOf(compile(bytes));
    const inst = instantiateForVM(decoded, {}, vmInstantiation({}, pool));
    expect(Object.keys(inst)).toEqual(['funcs', 'start', 'pooled']);
    expect(inst.start).toBeNull();
    const f = inst.funcs[decoded.exports[1]!.index]!;
    expect(invokeMetered(f, [], false, { gasLimit: 1000 }).results).toEqual([5]);
    const memory = inst.pooled!;
    expect(memory.pages).toBe(1);
    releaseVMInstance(inst, pool);
    expect(memory.pages).toBe(0); // a stale access traps: the instance never runs again
    expect(invokeMetered(f, [], false, { gasLimit: 1000 }).error?.message).toBe('out of bounds memory access');
    releaseVMInstance(inst, pool); // twice: no effect
    expect(pool.take(PAGE)).not.toBeNull();
    expect(pool.take(PAGE)).toBeNull();
    // An imported memory is not the instance's own: it is never given to the pool.
    const imported = instantiate(compile(bytes));
    const importing = wat(`(module (import "x" "m" (memory 1)) (func (export "f")))`);
    const vi = instantiateForVM(decodedOf(compile(importing)), { x: { m: imported.exports['m'] } }, vmInstantiation({}, pool));
    expect(vi.pooled).toBeNull();
    releaseVMInstance(vi, pool);
    expect((imported.exports['m'] as { buffer: ArrayBuffer }).buffer.byteLength).toBe(PAGE);
    expect(pool.take(PAGE)).toBeNull();
  });

  it('bad VM instantiation options are refused once, as instantiate refuses them', () => {
    expect(() => vmInstantiation({ maxCallDepth: -1 }, new MemoryPool())).toThrow(new TypeError('maxCallDepth must be a non-negative safe integer'));
    expect(() => instantiate(compile(wat('(module)')), {}, { maxCallDepth: -1 })).toThrow(new TypeError('maxCallDepth must be a non-negative safe integer'));
  });
});
