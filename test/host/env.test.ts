/**
 * The `env` host module (src/host/env.ts, docs/ABI.md) through real contracts: what each function
 * reads and writes, its exact extra gas (DEFAULT_HOST_COSTS, and overrides), bounds checks (an
 * out-of-bounds pointer or length is the "out of bounds memory access" trap), and AssemblyScript's
 * abort. Gas figures: entry 100 + 100 per host call + the host cost named in each row.
 */
import { describe, expect, it } from 'vitest';
import { createVM, DEFAULT_HOST_COSTS, ENV_FUNCTION_TYPES, MemoryState } from '../../src/index.js';
import type { CallRequest, CallResult } from '../../src/index.js';
import { bytes, contract, text } from '../vm/helpers.js';

/**
 * Memory: 0 "hello" | 16 "key" | 32 "value" | 64 AS string "boom" (length 8 at 60) | 96 AS string
 * "a.ts" (length 8 at 92) | 128 invalid UTF-8 | 200.. scratch | 1000 i64 out.
 */
const ENV = contract(`
  (memory 1)
  (data (i32.const 0) "hello")
  (data (i32.const 16) "key")
  (data (i32.const 32) "value")
  (data (i32.const 60) "\\08\\00\\00\\00b\\00o\\00o\\00m\\00")
  (data (i32.const 92) "\\08\\00\\00\\00a\\00.\\00t\\00s\\00")
  (data (i32.const 128) "\\ff\\fe")
  (data (i32.const 140) "\\03\\00\\00\\00x\\00y\\00")
  (func $echo (param $n i32) (call $output_write (i32.const 200) (local.get $n)))
  (func (export "args") (call $input_read (i32.const 200)) (call $echo (call $input_length)))
  (func (export "args_oob") (call $input_read (i32.const 65534)))
  (func (export "output_twice")
    (call $output_write (i32.const 0) (i32.const 5))
    (call $output_write (i32.const 16) (i32.const 3)))
  (func (export "output_oob") (call $output_write (i32.const 65535) (i32.const 2)))
  (func (export "set") (call $state_set (i32.const 16) (i32.const 3) (i32.const 32) (i32.const 5)))
  (func (export "set_oob") (call $state_set (i32.const 16) (i32.const 3) (i32.const 65534) (i32.const 5)))
  (func (export "get_full") (call $echo (call $state_get (i32.const 16) (i32.const 3) (i32.const 200) (i32.const 100))))
  (func (export "get_prefix")
    ;; cap 2: copies "va", returns 5; output the returned length as one digit and the 2 bytes
    (i32.store8 (i32.const 202) (i32.add (i32.const 48) (call $state_get (i32.const 16) (i32.const 3) (i32.const 200) (i32.const 2))))
    (call $echo (i32.const 3)))
  (func (export "get_missing")
    (i32.store8 (i32.const 200) (i32.add (i32.const 48) (i32.add (i32.const 1) (call $state_get (i32.const 0) (i32.const 5) (i32.const 200) (i32.const 0)))))
    (call $echo (i32.const 1)))
  (func (export "get_oob") (drop (call $state_get (i32.const 16) (i32.const 3) (i32.const 65534) (i32.const 100))))
  (func (export "delete") (call $state_delete (i32.const 16) (i32.const 3)))
  (func (export "caller") (call $echo (call $caller (i32.const 200) (i32.const 100))))
  (func (export "caller_len") (call $echo (call $caller (i32.const 200) (i32.const 0))))
  (func (export "contract_id") (call $echo (call $contract_id (i32.const 200) (i32.const 3))))
  (func (export "block")
    (i64.store (i32.const 200) (call $block_height))
    (i64.store (i32.const 208) (call $block_time))
    (call $echo (i32.const 16)))
  (func (export "event") (call $emit_event (i32.const 0) (i32.const 5) (i32.const 32) (i32.const 5)))
  (func (export "event_oob") (call $emit_event (i32.const 0) (i32.const 5) (i32.const 65535) (i32.const 5)))
  (func (export "log") (call $log (i32.const 0) (i32.const 5)) (call $log (i32.const 128) (i32.const 2)))
  (func (export "log_oob") (call $log (i32.const -1) (i32.const 1)))
  (func (export "abort") (call $abort (i32.const 64) (i32.const 96) (i32.const 12) (i32.const 34)))
  (func (export "abort_no_file") (call $abort (i32.const 64) (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "abort_null") (call $abort (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "abort_odd") (call $abort (i32.const 144) (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "abort_oob") (call $abort (i32.const 2) (i32.const 0) (i32.const 0) (i32.const 0)))
  (func (export "abort_returns") (call $abort (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)) (call $echo (i32.const 0)))
`);

const vm = createVM();

function run(method: string, extra: Partial<CallRequest> = {}): CallResult {
  return vm.call({ contractId: 'env-test', code: ENV, method, gasLimit: 1_000_000, ...extra });
}

const OOB = { kind: 'trap', trap: 'memoryOutOfBounds', message: 'out of bounds memory access' };

describe('env functions', () => {
  it('ENV_FUNCTION_TYPES lists the ABI', () => {
    expect(Object.keys(ENV_FUNCTION_TYPES).sort()).toEqual([
      'abort', 'block_height', 'block_time', 'caller', 'contract_id', 'emit_event', 'input_length', 'input_read',
      'log', 'output_write', 'state_delete', 'state_get', 'state_set',
    ]);
  });

  it('input_length + input_read copy the args (1 gas per byte), output_write returns them', () => {
    const r = run('args', { args: '{"a":1}' });
    expect(text(r.output)).toBe('{"a":1}');
    // entry + $echo call + input_read (100 + 7) + input_length 100 + output_write (100 + 7)
    expect(r.gasUsed).toBe(100 + 100 + 107 + 100 + 107);
    expect(text(run('args', { args: bytes('\u00e9') }).output)).toBe('\u00e9');
    expect(run('args').output.length).toBe(0);
  });

  it('output_write replaces the output', () => {
    expect(text(run('output_twice').output)).toBe('key');
  });

  it('state_set buffers a write: 5000 + 10 per byte of key and value', () => {
    const state = new MemoryState();
    const r = run('set', { env: state });
    expect(r.gasUsed).toBe(100 + 100 + 5000 + 8 * 10);
    expect(state.get(bytes('key'))).toEqual(bytes('value'));
  });

  it('state_get copies up to the cap and returns the full length: 1000 + 1 per byte of key and value', () => {
    const state = new MemoryState([['key', 'value']]);
    const full = run('get_full', { env: state });
    expect(text(full.output)).toBe('value');
    // entry + $echo + state_get (100 + 1000 + 3 + 5) + output_write (100 + 5)
    expect(full.gasUsed).toBe(100 + 100 + 1108 + 105);
    expect(text(run('get_prefix', { env: state }).output)).toBe('va5');
    expect(text(run('get_missing', { env: state }).output)).toBe('0'); // -1 + 1
  });

  it('state_delete: 5000 + 10 per key byte', () => {
    const state = new MemoryState([['key', 'value']]);
    expect(run('delete', { env: state }).gasUsed).toBe(100 + 100 + 5000 + 30);
    expect(state.size).toBe(0);
  });

  it('caller and contract_id: copy up to the cap, return the full length (1 gas per byte copied)', () => {
    const r = run('caller', { caller: 'alice' });
    expect(text(r.output)).toBe('alice');
    expect(r.gasUsed).toBe(100 + 100 + 105 + 105);
    expect(run('caller').output.length).toBe(0);
    expect(text(run('caller_len', { caller: 'alice' }).output)).toBe('\0\0\0\0\0'); // nothing copied, length 5
    // cap 3 of "env-test": 3 bytes copied, the full length 8 returned (the echo shows 8 bytes)
    expect(text(run('contract_id').output)).toBe('env\0\0\0\0\0');
  });

  it('block_height and block_time are i64 (default 0)', () => {
    const r = run('block', { blockHeight: 123n, blockTime: -2n });
    const view = new DataView(r.output.buffer, r.output.byteOffset);
    expect(view.getBigInt64(0, true)).toBe(123n);
    expect(view.getBigInt64(8, true)).toBe(-2n);
    const d = run('block');
    expect(Array.from(d.output)).toEqual(new Array(16).fill(0));
    const big = run('block', { blockHeight: 2n ** 63n - 1n, blockTime: 1_700_000_000_000 });
    const v2 = new DataView(big.output.buffer, big.output.byteOffset);
    expect(v2.getBigInt64(0, true)).toBe(2n ** 63n - 1n);
    expect(v2.getBigInt64(8, true)).toBe(1_700_000_000_000n);
  });

  it('emit_event: 1000 + 1 per byte of name and data', () => {
    const r = run('event');
    expect(r.events).toEqual([{ name: 'hello', data: bytes('value') }]);
    expect(r.gasUsed).toBe(100 + 100 + 1000 + 10);
  });

  it('log: 100 + 1 per byte; invalid UTF-8 becomes U+FFFD', () => {
    const r = run('log');
    expect(r.logs).toEqual(['hello', '\ufffd\ufffd']);
    expect(r.gasUsed).toBe(100 + (100 + 100 + 5) + (100 + 100 + 2));
  });

  it.each([
    { method: 'abort', message: 'abort: boom at a.ts:12:34', gas: 100 + 100 + 8 + 8 },
    { method: 'abort_no_file', message: 'abort: boom', gas: 100 + 100 + 8 },
    { method: 'abort_null', message: 'abort: ', gas: 100 + 100 },
    { method: 'abort_odd', message: 'abort: x', gas: 100 + 100 + 2 },
    { method: 'abort_returns', message: 'abort: ', gas: 100 + 100 },
  ])('$method ends the call as a trap with the AssemblyScript message', ({ method, message, gas }) => {
    const r = run(method);
    expect(r.error).toMatchObject({ kind: 'trap', trap: 'abort', message, isTxFailure: true });
    expect(r.gasUsed).toBe(gas);
  });
});

describe('bounds: an out-of-bounds pointer traps, the host never crashes', () => {
  it.each(['args_oob', 'output_oob', 'set_oob', 'get_oob', 'event_oob', 'log_oob', 'abort_oob'])('%s', (method) => {
    const r = run(method, { args: 'xyz', env: new MemoryState([['key', 'value']]) });
    expect(r.error).toMatchObject(OOB);
  });

  it('a huge length runs out of gas before anything is copied', () => {
    const code = contract('(memory 1) (func (export "m") (call $log (i32.const 0) (i32.const 60000)))');
    const v = createVM({ limits: { maxLogBytes: 1 << 30 } });
    const r = v.call({ contractId: 'x', code, method: 'm', gasLimit: 10_000 });
    expect(r.error!.kind).toBe('outOfGas');
    expect(r.logs).toEqual([]);
  });
});

describe('host costs are configurable', () => {
  it('changes the charges exactly', () => {
    const v = createVM({ hostCosts: { stateWrite: 7, stateWriteByte: 0, copyByte: 0 } });
    expect(v.options.hostCosts).toEqual({ ...DEFAULT_HOST_COSTS, stateWrite: 7, stateWriteByte: 0, copyByte: 0 });
    expect(v.call({ contractId: 'e', code: ENV, method: 'set', gasLimit: 1e6 }).gasUsed).toBe(100 + 100 + 7);
    expect(v.call({ contractId: 'e', code: ENV, method: 'args', args: 'abc', gasLimit: 1e6 }).gasUsed).toBe(100 + 100 + 100 + 100 + 100);
  });

  it('defaults are the documented values', () => {
    expect(DEFAULT_HOST_COSTS).toEqual({
      copyByte: 1, stateRead: 1000, stateReadByte: 1, stateWrite: 5000, stateWriteByte: 10, event: 1000, eventByte: 1, log: 100, logByte: 1,
    });
  });
});
