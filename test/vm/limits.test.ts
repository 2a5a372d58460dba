/**
 * Per-call limits of the contract VM (src/vm/options.ts, src/host/env.ts): each limit at its edge
 * (allowed) and one past it (limitExceeded, or the spec behaviour: memory.grow returns -1, deep
 * recursion traps "call stack exhausted").
 */
import { describe, expect, it } from 'vitest';
import { createVM, DEFAULT_CALL_LIMITS } from '../../src/index.js';
import type { CallLimits } from '../../src/index.js';
import { contract, text } from './helpers.js';

/** Methods parameterised by globals set through the args: each reads N (decimal) from the args. */
const LIMITS = contract(`
  (memory 1)
  (table 4 funcref)
  (global $n (mut i32) (i32.const 0))
  ;; N = the args as a decimal number.
  (func $arg (result i32)
    (local $len i32) (local $i i32) (local $v i32)
    (local.set $len (call $input_length))
    (call $input_read (i32.const 60000))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $v (i32.add (i32.mul (local.get $v) (i32.const 10))
          (i32.sub (i32.load8_u (i32.add (i32.const 60000) (local.get $i))) (i32.const 48))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $v))
  (func (export "output") (call $output_write (i32.const 0) (call $arg)))
  (func (export "logs")
    (local $k i32)
    (local.set $k (call $arg))
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $k)))
      (call $log (i32.const 0) (i32.const 10))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $l))))
  (func (export "log_bytes") (call $log (i32.const 0) (call $arg)))
  (func (export "events")
    (local $k i32)
    (local.set $k (call $arg))
    (block $d (loop $l
      (br_if $d (i32.eqz (local.get $k)))
      (call $emit_event (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 6))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $l))))
  (func (export "event_bytes") (call $emit_event (i32.const 0) (i32.const 0) (i32.const 0) (call $arg)))
  (func (export "key") (call $state_set (i32.const 0) (call $arg) (i32.const 0) (i32.const 1)))
  (func (export "get_key") (drop (call $state_get (i32.const 0) (call $arg) (i32.const 0) (i32.const 0))))
  (func (export "delete_key") (call $state_delete (i32.const 0) (call $arg)))
  (func (export "value") (call $state_set (i32.const 0) (i32.const 1) (i32.const 0) (call $arg)))
  (func (export "grow")
    ;; traps unless memory.grow answers -1
    (if (i32.ne (memory.grow (call $arg)) (i32.const -1)) (then unreachable)))
  (func (export "grow_ok")
    (if (i32.eq (memory.grow (call $arg)) (i32.const -1)) (then unreachable)))
  (func (export "table_grow")
    (if (i32.ne (table.grow (ref.null func) (call $arg)) (i32.const -1)) (then unreachable)))
  (func $deep (param $d i32)
    (if (local.get $d) (then (call $deep (i32.sub (local.get $d) (i32.const 1))))))
  (func (export "depth") (call $deep (call $arg)))
  (func $wide (param $d i32) (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (if (local.get $d) (then (call $wide (i32.sub (local.get $d) (i32.const 1))))))
  (func (export "stack") (call $wide (call $arg)))
`);

const SMALL: Partial<CallLimits> = {
  maxOutputBytes: 100, maxLogCount: 3, maxLogBytes: 25, maxEventCount: 2, maxEventBytes: 30,
  maxStateKeyBytes: 8, maxStateValueBytes: 16, maxMemoryPages: 3, maxTableElements: 6, maxCallDepth: 50,
  maxStackWords: 1000,
};
const vm = createVM({ limits: SMALL });

function run(method: string, n: number) {
  return vm.call({ contractId: 'limits', code: LIMITS, method, args: String(n), gasLimit: 10_000_000 });
}

describe('limits at the edge pass, one past fails', () => {
  it.each<{ method: string; ok: number; over: number; limit: keyof CallLimits; message: string }>([
    { method: 'output', ok: 100, over: 101, limit: 'maxOutputBytes', message: 'output of 101 bytes exceeds the limit of 100 bytes' },
    { method: 'logs', ok: 2, over: 3, limit: 'maxLogBytes', message: 'log text of 30 bytes exceeds the limit of 25 bytes' },
    { method: 'log_bytes', ok: 25, over: 26, limit: 'maxLogBytes', message: 'log text of 26 bytes exceeds the limit of 25 bytes' },
    { method: 'events', ok: 2, over: 3, limit: 'maxEventCount', message: 'event count of 3 events exceeds the limit of 2 events' },
    { method: 'event_bytes', ok: 30, over: 31, limit: 'maxEventBytes', message: 'event data of 31 bytes exceeds the limit of 30 bytes' },
    { method: 'key', ok: 8, over: 9, limit: 'maxStateKeyBytes', message: 'state key of 9 bytes exceeds the limit of 8 bytes' },
    { method: 'get_key', ok: 8, over: 9, limit: 'maxStateKeyBytes', message: 'state key of 9 bytes exceeds the limit of 8 bytes' },
    { method: 'delete_key', ok: 8, over: 9, limit: 'maxStateKeyBytes', message: 'state key of 9 bytes exceeds the limit of 8 bytes' },
    { method: 'value', ok: 16, over: 17, limit: 'maxStateValueBytes', message: 'state value of 17 bytes exceeds the limit of 16 bytes' },
  ])('$method: $ok ok, $over is limitExceeded ($limit)', ({ method, ok, over, limit, message }) => {
    expect(run(method, ok).error).toBeNull();
    const r = run(method, over);
    expect(r.error).toMatchObject({ kind: 'limitExceeded', limit, message, isTxFailure: true, isConsensus: true });
    expect(r.gasUsed).toBeGreaterThan(0);
  });

  it('log count', () => {
    const v = createVM({ limits: { maxLogCount: 3 } });
    const call = (n: number) => v.call({ contractId: 'limits', code: LIMITS, method: 'logs', args: String(n), gasLimit: 1e7 });
    expect(call(3).logs).toHaveLength(3);
    const r = call(4);
    expect(r.error).toMatchObject({ kind: 'limitExceeded', limit: 'maxLogCount', message: 'log count of 4 lines exceeds the limit of 3 lines' });
    expect(r.logs).toHaveLength(3); // the logs before the failure are kept
  });

  it('memory pages: memory.grow past the cap returns -1 (spec), within it succeeds', () => {
    expect(run('grow_ok', 2).error).toBeNull(); // 1 + 2 = 3 pages
    expect(run('grow', 3).error).toBeNull(); // 4 pages: -1
  });

  it('memory pages: an initial memory above the cap fails the call before it runs', () => {
    const code = contract('(memory 4) (func (export "m"))');
    const r = vm.call({ contractId: 'big', code, method: 'm', gasLimit: 1000 });
    expect(r.error).toMatchObject({ kind: 'limitExceeded', limit: 'maxMemoryPages', message: 'initial memory of 4 pages exceeds the limit of 3 pages' });
    expect(r.gasUsed).toBe(0);
  });

  it('table elements: table.grow past the cap returns -1; an initial table above it fails', () => {
    expect(run('table_grow', 3).error).toBeNull(); // 4 + 3 = 7 > 6: -1
    const code = contract('(table 7 funcref) (func (export "m"))');
    const r = vm.call({ contractId: 'bigt', code, method: 'm', gasLimit: 1000 });
    expect(r.error).toMatchObject({ kind: 'limitExceeded', limit: 'maxTableElements', message: 'initial table of 7 elements exceeds the limit of 6 elements' });
  });

  it('call depth: traps "call stack exhausted" past maxCallDepth frames', () => {
    // frames: the method + $deep(d), $deep(d - 1), ..., $deep(0) = d + 2 <= 50
    expect(run('depth', 48).error).toBeNull();
    const r = run('depth', 49);
    expect(r.error).toMatchObject({ kind: 'trap', trap: 'callStackExhausted', message: 'call stack exhausted' });
  });

  it('value stack: traps "call stack exhausted" past maxStackWords', () => {
    // each $wide frame holds 16 i64 locals + 1 param (34 words) and more: 45 frames do not fit in 1000 words
    expect(run('stack', 10).error).toBeNull();
    const r = run('stack', 45);
    expect(r.error).toMatchObject({ kind: 'trap', trap: 'callStackExhausted' });
  });

  it('defaults are documented values', () => {
    expect(DEFAULT_CALL_LIMITS).toEqual({
      maxMemoryPages: 256, maxTableElements: 65_536, maxCallDepth: 1000, maxStackWords: 1_048_576, maxGcHeapBytes: 16_777_216,
      maxOutputBytes: 65_536, maxLogCount: 256, maxLogBytes: 65_536, maxEventCount: 256, maxEventBytes: 65_536,
      maxStateKeyBytes: 1024, maxStateValueBytes: 1_048_576,
    });
    expect(text(createVM().call({ contractId: 'limits', code: LIMITS, method: 'output', args: '3', gasLimit: 1e6 }).output)).toBe('\0\0\0');
  });
});
