/**
 * The host-module builder (src/host/builder.ts): typed specs become named HostFunctions that a
 * contract imports through VMOptions.hostModules; linking checks the wasm types exactly.
 */
import { describe, expect, it } from 'vitest';
import { createVM, hostModule, typedHostFunction } from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { text } from '../vm/helpers.js';

describe('hostModule / typedHostFunction', () => {
  const math = hostModule('math', {
    add: typedHostFunction(['i32', 'i32'], ['i32'], (_ctx, a, b) => a + b),
    wide: typedHostFunction(['i64'], ['i64'], (_ctx, x) => x * 3n),
    pair: typedHostFunction([], ['i32', 'i64'], () => [7, 8n] as [number, bigint]),
    gas: typedHostFunction([], ['i32'], (ctx) => {
      ctx.chargeGas(42);
      return ctx.gasLeft > 0 ? 1 : 0;
    }),
    later: typedHostFunction(['i32'], ['i32'], async (_ctx, x) => x + 1),
  });

  it('names functions module.field and freezes the module', () => {
    expect(Object.isFrozen(math)).toBe(true);
    expect(math['add']!.name).toBe('math.add');
    expect(math['add']!.kind).toBe('host-function');
    expect(Object.keys(math)).toEqual(['add', 'gas', 'later', 'pair', 'wide']);
  });

  const CODE = wat(`
    (import "math" "add" (func $add (param i32 i32) (result i32)))
    (import "math" "wide" (func $wide (param i64) (result i64)))
    (import "math" "pair" (func $pair (result i32 i64)))
    (import "math" "gas" (func $gas (result i32)))
    (import "math" "later" (func $later (param i32) (result i32)))
    (import "env" "output_write" (func $out (param i32 i32)))
    (memory 1)
    (func (export "m")
      (local $p i64) (local $q i32)
      (i32.store (i32.const 0) (call $add (i32.const 40) (i32.const 2)))
      (i64.store (i32.const 4) (call $wide (i64.const 5)))
      (call $pair) (local.set $p) (local.set $q)
      (i32.store (i32.const 12) (local.get $q))
      (i64.store (i32.const 16) (local.get $p))
      (i32.store (i32.const 24) (call $gas))
      (call $out (i32.const 0) (i32.const 28)))
    (func (export "async") (i32.store (i32.const 0) (call $later (i32.const 41))) (call $out (i32.const 0) (i32.const 4)))`);

  it('runs in a VM with the exact types and the extra gas', () => {
    const vm = createVM({ hostModules: { math } });
    const r = vm.call({ contractId: 'm', code: CODE, method: 'm', gasLimit: 1e6 });
    expect(r.error).toBeNull();
    const view = new DataView(r.output.buffer, r.output.byteOffset);
    expect(view.getInt32(0, true)).toBe(42);
    expect(view.getBigInt64(4, true)).toBe(15n);
    expect(view.getInt32(12, true)).toBe(7);
    expect(view.getBigInt64(16, true)).toBe(8n);
    expect(view.getInt32(24, true)).toBe(1);
    expect(r.gasUsed).toBe(100 + 5 * 100 + 42 + 28); // entry, 5 host calls, chargeGas(42), 28 bytes out
  });

  it('an async host function works in callAsync and is a hostFailure in call', async () => {
    const vm = createVM({ hostModules: { math } });
    const a = await vm.callAsync({ contractId: 'm', code: CODE, method: 'async', gasLimit: 1e6 });
    expect(new DataView(a.output.buffer, a.output.byteOffset).getInt32(0, true)).toBe(42);
    const s = vm.call({ contractId: 'm', code: CODE, method: 'async', gasLimit: 1e6 });
    expect(s.error).toMatchObject({ kind: 'hostFailure', message: 'math.later failed: host function returned a Promise in a synchronous call (use callAsync)' });
    expect(text(s.output)).toBe('');
  });

  it.each<{ specs: unknown; message: string }>([
    { specs: null, message: 'host module specs must be an object' },
    { specs: { f: { params: ['i32'], fn: () => 0 } }, message: 'host function m.f needs params and results lists' },
    { specs: { f: { params: ['u8'], results: [], fn: () => 0 } }, message: 'unknown host value type: u8' },
    { specs: { f: { params: [], results: [], fn: 5 } }, message: 'host function implementation must be a function' },
  ])('rejects bad specs: $message', ({ specs, message }) => {
    expect(() => hostModule('m', specs as never)).toThrow(new TypeError(message));
  });
});
