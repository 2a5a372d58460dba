/**
 * Fixes from the hostile-input review: schedules that would let loops run for free are refused,
 * an abandoned Promise (a host or HostEnv answering a synchronous call asynchronously) can never
 * surface later as an unhandled rejection, and arguments that do not fit the value stack come
 * back as an outcome rather than a throw.
 */
import { describe, expect, it } from 'vitest';
import {
  compile, createVM, DEFAULT_GAS_SCHEDULE, defineHostFunction, instantiate, Trap, TrapCode,
} from '../../src/index.js';
import type { HostEnv } from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { contract } from './helpers.js';

describe('createVM refuses schedules that leave work unmetered', () => {
  it.each([
    { gas: { loop: 0 } },
    { gas: { loop: 0, instruction: 0 } },
    { gas: { call: 0 } },
  ])('$gas', ({ gas }) => {
    expect(() => createVM({ gas })).toThrow(TypeError);
  });
  it.each([
    { gas: { loop: 0, instruction: 1 } },
    { gas: { call: 0, instruction: 1 } },
    { gas: { loopCharge: 'header' as const } },
  ])('accepts $gas', ({ gas }) => {
    expect(() => createVM({ gas })).not.toThrow();
  });
});

describe('abandoned Promises never become unhandled rejections', () => {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown): void => { seen.push(reason); };

  it('a host function rejecting after a synchronous call failed', async () => {
    process.on('unhandledRejection', onRejection);
    try {
      const inst = instantiate(compile(wat('(import "env" "h" (func $h)) (func (export "f") (call $h))')), {
        env: { h: defineHostFunction('h', [], [], () => Promise.reject(new Error('late'))) },
      }, { gas: DEFAULT_GAS_SCHEDULE });
      const out = inst.invokeMetered('f', [], { gasLimit: 10_000 });
      expect((out.error as Trap).code).toBe(TrapCode.HOST);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a HostEnv rejecting in vm.call (synchronous) is API misuse, and nothing leaks', async () => {
    process.on('unhandledRejection', onRejection);
    try {
      const env: HostEnv = {
        get: () => Promise.reject(new Error('db down')),
        set: () => Promise.reject(new Error('db down')),
        delete: () => Promise.reject(new Error('db down')),
      };
      const code = contract(`(memory 1) (func (export "read") (drop (call $state_get (i32.const 0) (i32.const 1) (i32.const 0) (i32.const 0))))`);
      const vm = createVM();
      expect(() => vm.call({ contractId: 'c', code, method: 'read', gasLimit: 1_000_000, env })).toThrow(TypeError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(seen).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('invokeMetered never throws a trap', () => {
  it('arguments that do not fit maxStackWords are a "call stack exhausted" outcome', () => {
    const inst = instantiate(compile(wat('(func (export "f") (param i64 i64 i64) (result i64) (local.get 0))')), {}, {
      maxStackWords: 2, gas: DEFAULT_GAS_SCHEDULE,
    });
    const out = inst.invokeMetered('f', [1n, 2n, 3n], { gasLimit: 1000 });
    expect(out.results).toBeNull();
    expect((out.error as Trap).code).toBe(TrapCode.CALL_STACK_EXHAUSTED);
    expect(out.gasUsed).toBe(0);
  });
});
