/**
 * The contract VM (src/vm/vm.ts): life cycle, every error kind, state commit rules, the start
 * function, cancellation (interrupt flag, deadline), async/sync equality, options and request
 * validation.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  createVM, DEFAULT_CALL_LIMITS, defineHostFunction, hostModule, InvalidError, LinkError, MalformedError, MemoryState,
  typedHostFunction,
} from '../../src/index.js';
import type { CallRequest, CallResult, HostEnv, VM } from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { asyncEnv, bytes, contract, stateText, text } from './helpers.js';

/** A contract with one method per outcome. Memory: 0 "ok", 16 key "k", 32 value "v1", 48 "log". */
const KINDS = contract(`
  (memory 1)
  (data (i32.const 0) "ok")
  (data (i32.const 16) "k")
  (data (i32.const 32) "v1")
  (data (i32.const 48) "log")
  (global $g (mut i32) (i32.const 0))
  (func (export "ok") (call $output_write (i32.const 0) (i32.const 2)))
  (func (export "spin") (loop $l (br $l)))
  (func $rec (export "recurse") (call $rec))
  (func (export "unreachable") unreachable)
  (func (export "div0") (drop (i32.div_s (i32.const 1) (global.get $g))))
  (func (export "oob_pointer") (call $output_write (i32.const 65530) (i32.const 100)))
  (func (export "huge_output") (call $output_write (i32.const 0) (i32.const -1)))
  (func (export "fill4g") (memory.fill (i32.const 0) (i32.const 0) (i32.const -1)))
  (func (export "write_log_trap")
    (call $state_set (i32.const 16) (i32.const 1) (i32.const 32) (i32.const 2))
    (call $log (i32.const 48) (i32.const 3))
    (call $emit_event (i32.const 48) (i32.const 3) (i32.const 0) (i32.const 0))
    (call $output_write (i32.const 0) (i32.const 2))
    unreachable)
  (func (export "write_log")
    (call $state_set (i32.const 16) (i32.const 1) (i32.const 32) (i32.const 2))
    (call $log (i32.const 48) (i32.const 3)))
  (func (export "read")
    (local $n i32)
    (local.set $n (call $state_get (i32.const 16) (i32.const 1) (i32.const 1024) (i32.const 64)))
    (if (i32.ge_s (local.get $n) (i32.const 0))
      (then (call $output_write (i32.const 1024) (local.get $n)))))
  (func (export "write_read")
    (call $state_set (i32.const 16) (i32.const 1) (i32.const 32) (i32.const 2))
    (drop (call $state_get (i32.const 16) (i32.const 1) (i32.const 1024) (i32.const 64)))
    (call $output_write (i32.const 1024) (i32.const 2)))
  (func (export "delete") (call $state_delete (i32.const 16) (i32.const 1)))
  (func (export "bump_global")
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.store8 (i32.const 2000) (i32.add (i32.const 48) (global.get $g)))
    (call $output_write (i32.const 2000) (i32.const 1)))
  (func (export "with_param") (param i32))
  (func (export "with_result") (result i32) (i32.const 0))
  (export "mem" (memory 0))
`);

const vm = createVM();

function call(v: VM, request: Partial<CallRequest>): CallResult {
  return v.call({ contractId: 'kinds', code: KINDS, method: 'ok', gasLimit: 1_000_000, ...request });
}

describe('a successful call', () => {
  it('returns output, gas, and no error', () => {
    const r = call(vm, {});
    expect(r.error).toBeNull();
    expect(text(r.output)).toBe('ok');
    expect(r.gasUsed).toBe(100 + 100 + 2); // entry, host call, 2 bytes copied
    expect(r.logs).toEqual([]);
    expect(r.events).toEqual([]);
    expect(r.writes).toEqual([]);
    expect(Object.isFrozen(r)).toBe(true);
  });

  it('runs each call on a fresh instance (globals and memory start over)', () => {
    expect(text(call(vm, { method: 'bump_global' }).output)).toBe('1');
    expect(text(call(vm, { method: 'bump_global' }).output)).toBe('1');
  });

  it('accepts the code as an ArrayBuffer', () => {
    const buffer = KINDS.buffer.slice(KINDS.byteOffset, KINDS.byteOffset + KINDS.byteLength);
    expect(text(call(vm, { code: buffer as ArrayBuffer }).output)).toBe('ok');
  });
});

describe('error kinds', () => {
  it.each<{ method: string; gasLimit?: number; kind: string; message: string | RegExp; trap?: string | null; limit?: string | null; gasUsed?: number }>([
    { method: 'spin', gasLimit: 12_345, kind: 'outOfGas', message: 'out of gas', gasUsed: 12_345 },
    { method: 'recurse', gasLimit: 50_000, kind: 'outOfGas', message: 'out of gas', gasUsed: 50_000 },
    { method: 'recurse', gasLimit: 10_000_000, kind: 'trap', message: 'call stack exhausted', trap: 'callStackExhausted', gasUsed: 100_000 },
    { method: 'fill4g', gasLimit: 1_000_000_000, kind: 'outOfGas', message: 'out of gas', gasUsed: 1_000_000_000 },
    { method: 'unreachable', kind: 'trap', message: 'unreachable', trap: 'unreachable', gasUsed: 100 },
    { method: 'div0', kind: 'trap', message: 'integer divide by zero', trap: 'divideByZero', gasUsed: 100 },
    { method: 'oob_pointer', kind: 'trap', message: 'out of bounds memory access', trap: 'memoryOutOfBounds', gasUsed: 300 },
    { method: 'huge_output', kind: 'limitExceeded', message: 'output of 4294967295 bytes exceeds the limit of 65536 bytes', limit: 'maxOutputBytes', gasUsed: 200 },
    { method: 'missing', kind: 'methodNotExported', message: 'no exported function named "missing"', gasUsed: 0 },
    { method: 'mem', kind: 'methodNotExported', message: 'no exported function named "mem"', gasUsed: 0 },
    { method: 'with_param', kind: 'methodNotExported', message: 'exported function "with_param" has type [i32] -> []; a method has type [] -> []', gasUsed: 0 },
    { method: 'with_result', kind: 'methodNotExported', message: 'exported function "with_result" has type [] -> [i32]; a method has type [] -> []', gasUsed: 0 },
  ])('$method (gas $gasLimit): $kind', ({ method, gasLimit, kind, message, trap = null, limit = null, gasUsed }) => {
    const r = call(vm, { method, gasLimit: gasLimit ?? 1_000_000 });
    expect(r.error).not.toBeNull();
    expect(r.error!.kind).toBe(kind);
    if (typeof message === 'string') expect(r.error!.message).toBe(message);
    else expect(r.error!.message).toMatch(message);
    expect(r.error!.trap).toBe(trap);
    expect(r.error!.limit).toBe(limit);
    expect(r.error!.isTxFailure).toBe(true);
    expect(r.error!.isConsensus).toBe(true);
    expect(r.gasUsed).toBe(gasUsed);
    expect(r.output.length).toBe(0);
  });

  it('memory.fill of 4 GiB is refused by gas before any work', () => {
    // 1 gas per byte is charged before the fill: with 10^9 gas the 2^32 - 1 bytes are never
    // touched, and with enough gas the bounds check fails before any byte is written.
    const rich = call(vm, { method: 'fill4g', gasLimit: 5_000_000_000 });
    expect(rich.error!.kind).toBe('trap');
    expect(rich.error!.trap).toBe('memoryOutOfBounds');
    expect(rich.gasUsed).toBe(100 + 0xffffffff);
  });

  it.each<{ name: string; code: Uint8Array; message: RegExp }>([
    { name: 'malformed', code: new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), message: /^malformed: unknown binary version at offset 0x4$/ },
    { name: 'invalid', code: wat('(func (export "m") (drop (i32.const 0) (i64.const 0)))'), message: /^invalid: type mismatch.* in func 0 at offset 0x[0-9a-f]+$/ },
    { name: 'unknown env import', code: wat('(import "env" "nope" (func)) (func (export "m"))'), message: /^link: unknown import: env\.nope/ },
    { name: 'wrong import type', code: wat('(import "env" "log" (func (param i32))) (func (export "m"))'), message: /^link: incompatible import type: env\.log/ },
    { name: 'unknown module', code: wat('(import "wasi_snapshot_preview1" "fd_write" (func)) (func (export "m"))'), message: /^link: unknown import: wasi_snapshot_preview1\.fd_write/ },
  ])('invalidCode: $name', ({ code, message }) => {
    const r = vm.call({ contractId: 'bad', code, method: 'm', gasLimit: 1000 });
    expect(r.error!.kind).toBe('invalidCode');
    expect(r.error!.message).toMatch(message);
    expect(r.error!.isTxFailure).toBe(true);
    expect(r.gasUsed).toBe(0);
  });

  it('trap: a data segment out of bounds fails instantiation (no gas used)', () => {
    const code = wat('(memory 1) (data (i32.const 65535) "ab") (func (export "m"))');
    const r = vm.call({ contractId: 'seg', code, method: 'm', gasLimit: 1000 });
    expect(r.error).toMatchObject({ kind: 'trap', trap: 'memoryOutOfBounds', message: 'out of bounds memory access' });
    expect(r.gasUsed).toBe(0);
  });

  it('hostFailure: a host function that throws, with the cause message', () => {
    const boom = hostModule('ext', {
      boom: typedHostFunction([], [], () => {
        throw new RangeError('no such account');
      }),
    });
    const v = createVM({ hostModules: { ext: boom } });
    const code = wat('(import "ext" "boom" (func $b)) (func (export "m") (call $b))');
    const r = v.call({ contractId: 'h', code, method: 'm', gasLimit: 1000 });
    expect(r.error).toMatchObject({ kind: 'hostFailure', message: 'ext.boom failed: no such account', isTxFailure: true, isConsensus: true });
    expect(r.error!.wasmStack[0]).toBe('ext.boom');
    expect(r.gasUsed).toBe(200);
  });

  it('hostFailure: the HostEnv throws', () => {
    const env: HostEnv = { get: () => { throw new Error('disk on fire'); }, set: () => {}, delete: () => {} };
    const r = call(vm, { method: 'read', env });
    expect(r.error).toMatchObject({ kind: 'hostFailure', message: 'env.state_get failed: disk on fire' });
    expect(r.gasUsed).toBe(100 + 100 + 1000 + 1);
  });

  it('hostFailure: the HostEnv returns something that is not bytes', () => {
    const env = { get: () => 'text', set: () => {}, delete: () => {} } as unknown as HostEnv;
    const r = call(vm, { method: 'read', env });
    expect(r.error).toMatchObject({ kind: 'hostFailure', message: 'env.state_get failed: HostEnv.get must return a Uint8Array or null' });
  });

  it('interrupted: a flag set before the call stops it before any work', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    flag[0] = 1;
    const r = call(vm, { method: 'spin', interrupt: flag });
    expect(r.error).toMatchObject({ kind: 'interrupted', isTxFailure: false, isConsensus: false, trap: null });
    expect(r.gasUsed).toBe(0);
  });
});

describe('state: writes buffered, committed only on success', () => {
  it('commits on success, in key order, and reports the writes', () => {
    const env = new MemoryState([['a', 'old']]);
    const r = call(vm, { method: 'write_log', env });
    expect(r.error).toBeNull();
    expect(r.logs).toEqual(['log']);
    expect(r.writes.map((w) => [text(w.key), w.value === null ? null : text(w.value)])).toEqual([['k', 'v1']]);
    expect(stateText(env.entries())).toEqual([['a', 'old'], ['k', 'v1']]);
  });

  it('discards writes, output and events on failure, keeps the logs', () => {
    const env = new MemoryState();
    const r = call(vm, { method: 'write_log_trap', env });
    expect(r.error!.kind).toBe('trap');
    expect(r.logs).toEqual(['log']);
    expect(r.events).toEqual([]);
    expect(r.output.length).toBe(0);
    expect(r.writes).toEqual([]);
    expect(env.size).toBe(0);
  });

  it('discards writes when the call runs out of gas after writing', () => {
    const env = new MemoryState();
    const r = call(vm, { method: 'write_log', env, gasLimit: 5_300 });
    expect(r.error!.kind).toBe('outOfGas');
    expect(r.gasUsed).toBe(5_300);
    expect(env.size).toBe(0);
  });

  it('reads its own writes (read-your-writes) without asking the HostEnv', () => {
    const calls: string[] = [];
    const inner = new MemoryState();
    const env: HostEnv = {
      get: (k) => { calls.push('get'); return inner.get(k); },
      set: (k, v) => { calls.push('set'); inner.set(k, v); },
      delete: (k) => { calls.push('delete'); inner.delete(k); },
    };
    const r = call(vm, { method: 'write_read', env });
    expect(text(r.output)).toBe('v1');
    expect(calls).toEqual(['set']);
  });

  it('deletes on commit', () => {
    const env = new MemoryState([['k', 'v']]);
    const r = call(vm, { method: 'delete', env });
    expect(r.writes).toEqual([{ key: bytes('k'), value: null }]);
    expect(env.size).toBe(0);
  });

  it('gives each call a fresh MemoryState when env is omitted', () => {
    expect(call(vm, { method: 'write_log' }).error).toBeNull();
    expect(call(vm, { method: 'read' }).output.length).toBe(0);
  });
});

describe('the wasm start function', () => {
  const START = contract(`
    (memory 1)
    (global $n (mut i32) (i32.const 0))
    (func $init (global.set $n (i32.const 7)))
    (start $init)
    (func (export "m")
      (i32.store8 (i32.const 0) (i32.add (i32.const 48) (global.get $n)))
      (call $output_write (i32.const 0) (i32.const 1)))`);
  const SPIN_START = contract(`(func $s (loop $l (br $l))) (start $s) (func (export "m"))`);

  it('runs before the method and its gas counts (one budget)', () => {
    const r = vm.call({ contractId: 's', code: START, method: 'm', gasLimit: 1000 });
    expect(text(r.output)).toBe('7');
    expect(r.gasUsed).toBe(100 + 100 + 100 + 1); // start entry, method entry, host call, 1 byte
  });

  it('is metered: a start function that loops runs out of gas', () => {
    const r = vm.call({ contractId: 's2', code: SPIN_START, method: 'm', gasLimit: 5000 });
    expect(r.error!.kind).toBe('outOfGas');
    expect(r.gasUsed).toBe(5000);
  });

  it('out of gas in the method after the start function: gasUsed is the limit', () => {
    const r = vm.call({ contractId: 's', code: START, method: 'm', gasLimit: 250 });
    expect(r.error!.kind).toBe('outOfGas');
    expect(r.gasUsed).toBe(250);
  });
});

describe('cancellation (node-local)', () => {
  const LOOPER = wat(`
    (import "ctl" "stop" (func $stop))
    (import "env" "state_set" (func $set (param i32 i32 i32 i32)))
    (memory 1)
    (func (export "m")
      (call $set (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 1))
      (call $stop)
      (loop $l (br $l)))`);

  it('an interrupt flag set while running stops the call at the next poll', () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const v = createVM({ hostModules: { ctl: { stop: defineHostFunction('stop', [], [], () => { Atomics.store(flag, 0, 1); }) } } });
    const env = new MemoryState();
    const r = v.call({ contractId: 'l', code: LOOPER, method: 'm', gasLimit: 1e12, interrupt: flag, env });
    expect(r.error).toMatchObject({ kind: 'interrupted', isConsensus: false, isTxFailure: false });
    expect(r.gasUsed).toBeGreaterThan(0);
    expect(r.gasUsed).toBeLessThan(5420 + 2 * 10_000); // within two poll intervals of the flag
    expect(env.size).toBe(0); // not committed
  });

  it('a worker thread stops a runaway synchronous call through a SharedArrayBuffer flag', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const v = createVM({ hostModules: { ctl: { stop: defineHostFunction('stop', [], [], () => {}) } } });
    const worker = new Worker(
      "const { workerData } = require('node:worker_threads'); Atomics.store(new Int32Array(workerData), 0, 1);",
      { eval: true, workerData: flag.buffer },
    );
    try {
      // Spins until the worker sets the flag (the limit is only a backstop: ~1 minute of looping).
      const r = v.call({ contractId: 'l', code: LOOPER, method: 'm', gasLimit: 1e12, interrupt: flag });
      expect(r.error).toMatchObject({ kind: 'interrupted', isConsensus: false });
      expect(r.gasUsed).toBeLessThan(1e12);
    } finally {
      await worker.terminate();
    }
  });

  it('an async host function can set the flag before the run resumes', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const v = createVM({
      hostModules: {
        ctl: {
          stop: defineHostFunction('stop', [], [], () => new Promise<void>((resolve) => setTimeout(() => {
            Atomics.store(flag, 0, 1);
            resolve();
          }, 0))),
        },
      },
    });
    const r = await v.callAsync({ contractId: 'l', code: LOOPER, method: 'm', gasLimit: 1e12, interrupt: flag });
    expect(r.error!.kind).toBe('interrupted');
    expect(r.gasUsed).toBeLessThan(5420 + 2 * 10_000);
  });

  it('a deadline on the VM clock stops the call', () => {
    let clock = 1000;
    const v = createVM({
      now: () => clock,
      pollIntervalGas: 1000,
      hostModules: { ctl: { stop: defineHostFunction('stop', [], [], () => { clock += 50; }) } },
    });
    const r = v.call({ contractId: 'l', code: LOOPER, method: 'm', gasLimit: 1e12, deadlineMs: 40 });
    expect(r.error!.kind).toBe('interrupted');
    expect(r.gasUsed).toBeLessThan(5420 + 2 * 1000);
  });

  it('a deadline that does not pass changes nothing', () => {
    const v = createVM({ now: () => 0 });
    const r = call(v, { deadlineMs: 10 });
    expect(r.error).toBeNull();
    expect(r.gasUsed).toBe(202);
  });
});

describe('async calls', () => {
  const TOKEN_LIKE = contract(`
    (memory 1)
    (data (i32.const 0) "a")
    (data (i32.const 8) "b")
    (func (export "m")
      (local $n i32)
      (local.set $n (call $state_get (i32.const 0) (i32.const 1) (i32.const 100) (i32.const 10)))
      (call $state_set (i32.const 8) (i32.const 1) (i32.const 100) (local.get $n))
      (local.set $n (call $state_get (i32.const 8) (i32.const 1) (i32.const 200) (i32.const 10)))
      (call $output_write (i32.const 200) (local.get $n))
      (call $state_delete (i32.const 0) (i32.const 1)))`);

  it('give the same results and gas as sync calls (async HostEnv)', async () => {
    const syncState = new MemoryState([['a', 'hello']]);
    const asyncState = new MemoryState([['a', 'hello']]);
    const request = { contractId: 't', code: TOKEN_LIKE, method: 'm', gasLimit: 100_000 };
    const s = vm.call({ ...request, env: syncState });
    const wrapped = asyncEnv(asyncState);
    const a = await vm.callAsync({ ...request, env: wrapped });
    expect(a).toEqual(s);
    expect(text(a.output)).toBe('hello');
    expect(stateText(asyncState.entries())).toEqual(stateText(syncState.entries()));
    expect(wrapped.calls).toEqual(['get a', 'delete a', 'set b']); // commits in key order
  });

  it('out of gas inside an async host continuation reports the limit', async () => {
    const env = asyncEnv(new MemoryState([['a', 'x'.repeat(5000)]]));
    // Before the Promise: entry 100 + host call 100 + read 1000 + 1 key byte = 1201; after it
    // settles, 5000 value bytes: past the 3000 limit.
    const r2 = await vm.callAsync({ contractId: 't', code: TOKEN_LIKE, method: 'm', gasLimit: 3000, env });
    expect(r2.error!.kind).toBe('outOfGas');
    expect(r2.gasUsed).toBe(3000);
    expect(env.calls).toEqual(['get a']);
  });

  it('a rejected HostEnv Promise is a hostFailure', async () => {
    const env: HostEnv = { get: () => Promise.reject(new Error('timeout')), set: () => {}, delete: () => {} };
    const r = await vm.callAsync({ contractId: 't', code: TOKEN_LIKE, method: 'm', gasLimit: 100_000, env });
    expect(r.error).toMatchObject({ kind: 'hostFailure', message: 'env.state_get failed: timeout' });
  });

  it('a sync call with a HostEnv that answers with a Promise is misuse (TypeError)', () => {
    const env = asyncEnv(new MemoryState());
    expect(() => vm.call({ contractId: 't', code: TOKEN_LIKE, method: 'm', gasLimit: 100_000, env }))
      .toThrow(new TypeError('HostEnv.get returned a Promise in a synchronous call (use callAsync)'));
  });

  it('a sync call whose HostEnv.set answers with a Promise is misuse (TypeError)', () => {
    const inner = new MemoryState([['a', 'v']]);
    const env: HostEnv = { get: (k) => inner.get(k), set: async () => {}, delete: () => {} };
    expect(() => vm.call({ contractId: 't', code: TOKEN_LIKE, method: 'm', gasLimit: 100_000, env }))
      .toThrow(new TypeError('HostEnv.set/delete returned a Promise in a synchronous call (use callAsync)'));
  });

  it('interleaved async calls keep their own state and gas', async () => {
    const s1 = new MemoryState([['a', 'one']]);
    const s2 = new MemoryState([['a', 'second']]);
    const request = { contractId: 't', code: TOKEN_LIKE, method: 'm', gasLimit: 100_000 };
    const [r1, r2] = await Promise.all([vm.callAsync({ ...request, env: asyncEnv(s1) }), vm.callAsync({ ...request, env: asyncEnv(s2) })]);
    expect(text(r1.output)).toBe('one');
    expect(text(r2.output)).toBe('second');
    // 3 more value bytes: read from a (+3), written to b (+3 * 10), read from b (+3), output (+3).
    expect(r2.gasUsed - r1.gasUsed).toBe(3 + 30 + 3 + 3);
  });
});

describe('validate (deploy)', () => {
  it('accepts a contract whose imports all exist with their types', () => {
    expect(() => vm.validate(KINDS)).not.toThrow();
  });

  it.each<{ name: string; code: Uint8Array; error: unknown; message: RegExp }>([
    { name: 'malformed', code: new Uint8Array([1, 2, 3]), error: MalformedError, message: /magic header not detected|unexpected end/ },
    { name: 'invalid', code: wat('(func (result i32))'), error: InvalidError, message: /type mismatch/ },
    { name: 'unknown import', code: wat('(import "env" "nope" (func))'), error: LinkError, message: /^unknown import: env\.nope \(expected function \[\] -> \[\], got nothing\)$/ },
    { name: 'wrong type', code: wat('(import "env" "log" (func))'), error: LinkError, message: /^incompatible import type: env\.log \(expected function \[\] -> \[\], got function \[i32 i32\] -> \[\]\)$/ },
    { name: 'imported memory', code: wat('(import "env" "memory" (memory 1))'), error: LinkError, message: /^unknown import: env\.memory \(expected memory 1, got nothing\)$/ },
  ])('rejects $name', ({ code, error, message }) => {
    let thrown: unknown;
    try {
      vm.validate(code);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(error as new () => Error);
    expect((thrown as Error).message).toMatch(message);
  });

  it('checks imports of custom host modules', () => {
    const v = createVM({ hostModules: { ext: hostModule('ext', { f: typedHostFunction(['i32'], ['i64'], () => 0n) }) } });
    expect(() => v.validate(wat('(import "ext" "f" (func (param i32) (result i64)))'))).not.toThrow();
    expect(() => v.validate(wat('(import "ext" "f" (func (param i64) (result i64)))'))).toThrow(LinkError);
    expect(() => v.validate(wat('(import "ext" "g" (func))'))).toThrow(LinkError);
  });
});

describe('options and requests', () => {
  it('resolves and freezes options with documented defaults', () => {
    const v = createVM();
    expect(Object.isFrozen(v.options)).toBe(true);
    expect(Object.isFrozen(v.options.limits)).toBe(true);
    expect(v.options.limits).toEqual(DEFAULT_CALL_LIMITS);
    expect(v.options.gas).toMatchObject({ call: 100, loop: 100, loopCharge: 'backedge', instruction: 0 });
    expect(v.options.cache).toEqual({ maxEntries: 256, maxBytes: 32 * 1024 * 1024 });
    expect(v.options.pollIntervalGas).toBe(10_000);
    expect(v.options.tier).toBe('interpreter');
    const w = createVM({ limits: { maxOutputBytes: 10 }, gas: { instruction: 1 } });
    expect(w.options.limits.maxOutputBytes).toBe(10);
    expect(w.options.limits.maxLogCount).toBe(DEFAULT_CALL_LIMITS.maxLogCount);
    expect(w.options.gas.instruction).toBe(1);
  });

  it.each<{ options: unknown; message: string }>([
    { options: 5, message: 'VM options must be an object' },
    { options: { foo: 1 }, message: 'unknown VM option: foo' },
    { options: { gas: { call: -1 } }, message: 'gas cost call must be an integer in [0, 2147483647]' },
    { options: { gas: { nope: 1 } }, message: 'unknown gas schedule key: nope' },
    { options: { limits: { maxMemoryPages: 1.5 } }, message: 'limits.maxMemoryPages must be an integer in [0, 4294967295]' },
    { options: { limits: { maxFoo: 1 } }, message: 'unknown limits key: maxFoo' },
    { options: { cache: { maxEntries: -1 } }, message: 'cache.maxEntries must be an integer in [0, 4294967295]' },
    { options: { hostCosts: { stateWrite: 'x' } }, message: 'host cost stateWrite must be an integer in [0, 2147483647]' },
    { options: { hostCosts: { nope: 1 } }, message: 'unknown host cost: nope' },
    { options: { hostModules: { env: {} } }, message: "hostModules may not define 'env' (the VM's own module)" },
    { options: { hostModules: { x: { f: () => 1 } } }, message: 'hostModules.x.f must be made with defineHostFunction or hostModule' },
    { options: { now: 5 }, message: 'now must be a function returning milliseconds' },
    { options: { pollIntervalGas: 0 }, message: 'pollIntervalGas must be a positive safe integer' },
    { options: { tier: 'fast' }, message: "tier must be 'interpreter' or 'js'" },
  ])('createVM($options) throws TypeError', ({ options, message }) => {
    expect(() => createVM(options as never)).toThrow(new TypeError(message));
  });

  it('rejects bad decoding limits at creation', () => {
    expect(() => createVM({ decodeLimits: { maxFunctions: -1 } as never })).toThrow(TypeError);
  });

  it.each<{ request: Record<string, unknown>; message: string }>([
    { request: { contractId: 1 }, message: 'contractId must be a string' },
    { request: { method: null }, message: 'method must be a string' },
    { request: { code: 'abc' }, message: 'code must be a Uint8Array or an ArrayBuffer' },
    { request: { gasLimit: -1 }, message: 'gas limit must be a non-negative safe integer' },
    { request: { gasLimit: 2 ** 53 }, message: 'gas limit must be a non-negative safe integer' },
    { request: { args: {} }, message: 'args must be a string or a Uint8Array' },
    { request: { env: {} }, message: 'env must have get, set and delete methods' },
    { request: { caller: 5 }, message: 'caller must be a string' },
    { request: { blockHeight: 1.5 }, message: 'blockHeight must be a safe integer or a bigint' },
    { request: { blockTime: 2n ** 63n }, message: 'blockTime must fit in an i64' },
    { request: { deadlineMs: -1 }, message: 'deadlineMs must be a finite non-negative number' },
    { request: { deadlineMs: Infinity }, message: 'deadlineMs must be a finite non-negative number' },
    { request: { interrupt: new Int32Array(0) }, message: 'interrupt must be an Int32Array of at least one element' },
    { request: { interrupt: new Uint8Array(4) }, message: 'interrupt must be an Int32Array of at least one element' },
  ])('call with $request throws TypeError', async ({ request, message }) => {
    const full = { contractId: 'k', code: KINDS, method: 'ok', gasLimit: 1000, ...request } as unknown as CallRequest;
    expect(() => vm.call(full)).toThrow(new TypeError(message));
    await expect(vm.callAsync(full)).rejects.toThrow(new TypeError(message));
  });
});

describe('env bindings reused across calls (vm.ts EnvSlot, env.ts EnvBinding)', () => {
  /** Reads key "k", outputs "<caller>:<value or ->", writes "k" = caller, logs the caller. */
  const ECHO = contract(`
    (memory 1)
    (data (i32.const 0) "k")
    (func (export "echo") (local $n i32) (local $v i32)
      (local.set $n (call $caller (i32.const 100) (i32.const 50)))
      (i32.store8 (i32.add (i32.const 100) (local.get $n)) (i32.const 58))
      (local.set $v (call $state_get (i32.const 0) (i32.const 1) (i32.add (i32.const 101) (local.get $n)) (i32.const 50)))
      (if (i32.lt_s (local.get $v) (i32.const 0))
        (then (i32.store8 (i32.add (i32.const 101) (local.get $n)) (i32.const 45)) (local.set $v (i32.const 1))))
      (call $output_write (i32.const 100) (i32.add (i32.add (local.get $n) (i32.const 1)) (local.get $v)))
      (call $state_set (i32.const 0) (i32.const 1) (i32.const 100) (local.get $n))
      (call $log (i32.const 100) (local.get $n)))`);

  it('calls in flight at once each see their own session (caller, state, output, logs, writes)', async () => {
    const vm = createVM();
    const states = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'].map((name, i) => ({
      name, state: new MemoryState(i % 2 === 0 ? [['k', `was-${name}`]] : []),
    }));
    const results = await Promise.all(states.map(({ name, state }) =>
      vm.callAsync({ contractId: 'echo', code: ECHO, method: 'echo', caller: name, gasLimit: 1e6, env: asyncEnv(state) })));
    results.forEach((r, i) => {
      const { name } = states[i]!;
      expect(r.error).toBeNull();
      expect(text(r.output)).toBe(`${name}:${i % 2 === 0 ? `was-${name}` : '-'}`);
      expect(r.logs).toEqual([name]);
      expect(r.writes.map((w) => [text(w.key), text(w.value!)])).toEqual([['k', name]]);
      expect(text(states[i]!.state.get(bytes('k'))!)).toBe(name);
    });
    // And synchronously afterwards, on the reused bindings: the same answers as a fresh VM's.
    for (const { name, state } of states) {
      const again = vm.call({ contractId: 'echo', code: ECHO, method: 'echo', caller: name, gasLimit: 1e6, env: state });
      const fresh = createVM().call({ contractId: 'echo', code: ECHO, method: 'echo', caller: name, gasLimit: 1e6, env: new MemoryState([['k', name]]) });
      expect(text(again.output)).toBe(`${name}:${name}`);
      expect({ ...again, output: text(again.output) }).toEqual({ ...fresh, output: text(fresh.output) });
    }
  });

  it('a call without env sees an empty state and keeps nothing: as a fresh MemoryState', () => {
    const vm = createVM();
    for (const caller of ['a', 'b']) {
      const r = vm.call({ contractId: 'echo', code: ECHO, method: 'echo', caller, gasLimit: 1e6 });
      expect(text(r.output)).toBe(`${caller}:-`);
      expect(r.writes.map((w) => text(w.key))).toEqual(['k']);
      const own = vm.call({ contractId: 'echo', code: ECHO, method: 'echo', caller, gasLimit: 1e6, env: new MemoryState() });
      expect(own).toEqual({ ...r, output: own.output });
      expect(text(own.output)).toBe(text(r.output));
    }
  });

  it('a failed instantiation gives its binding back: later calls run normally', () => {
    const vm = createVM({ limits: { maxTableElements: 5 } });
    const big = contract('(table 10 funcref) (func (export "m"))');
    for (let i = 0; i < 20; i++) expect(vm.call({ contractId: 't', code: big, method: 'm', gasLimit: 1e4 }).error?.kind).toBe('limitExceeded');
    const trapsInInit = contract('(memory 1) (data (i32.const 70000) "x") (func (export "m"))');
    for (let i = 0; i < 20; i++) expect(vm.call({ contractId: 'd', code: trapsInInit, method: 'm', gasLimit: 1e4 }).error?.trap).toBe('memoryOutOfBounds');
    expect(text(vm.call({ contractId: 'echo', code: ECHO, method: 'echo', caller: 'z', gasLimit: 1e6 }).output)).toBe('z:-');
  });
});
