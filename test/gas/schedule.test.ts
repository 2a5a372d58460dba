/**
 * Resolving gas schedules (src/gas/schedule.ts resolveGasSchedule): validation of overrides, and
 * the memo of frozen override objects (every contract call instantiates with the VM's frozen
 * schedule), which must never serve a result for another base or for an object that can change.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAS_SCHEDULE, FREE_GAS_SCHEDULE, resolveGasSchedule, STRICT_GAS_SCHEDULE } from '../../src/gas/schedule.js';

describe('resolveGasSchedule', () => {
  it('returns the base for no overrides and a frozen merged copy otherwise', () => {
    expect(resolveGasSchedule(undefined, FREE_GAS_SCHEDULE)).toBe(FREE_GAS_SCHEDULE);
    const s = resolveGasSchedule({ call: 7 });
    expect(s).toEqual({ ...DEFAULT_GAS_SCHEDULE, call: 7 });
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('rejects bad overrides with a TypeError naming the problem', () => {
    expect(() => resolveGasSchedule(null as never)).toThrow(new TypeError('gas schedule must be an object'));
    expect(() => resolveGasSchedule({ nope: 1 } as never)).toThrow(new TypeError('unknown gas schedule key: nope'));
    expect(() => resolveGasSchedule({ call: -1 })).toThrow(/gas cost call must be an integer/);
    expect(() => resolveGasSchedule({ loopCharge: 'sometimes' as never })).toThrow(/loopCharge must be/);
    // A frozen bad object is rejected every time (nothing is remembered for it).
    const bad = Object.freeze({ loop: 1.5 });
    expect(() => resolveGasSchedule(bad)).toThrow(/gas cost loop/);
    expect(() => resolveGasSchedule(bad)).toThrow(/gas cost loop/);
  });

  it('remembers frozen overrides per base, never mutable ones', () => {
    const frozen = Object.freeze({ call: 3 });
    const a = resolveGasSchedule(frozen, FREE_GAS_SCHEDULE);
    expect(resolveGasSchedule(frozen, FREE_GAS_SCHEDULE)).toBe(a);
    const b = resolveGasSchedule(frozen, STRICT_GAS_SCHEDULE);
    expect(b).not.toBe(a);
    expect(b).toEqual({ ...STRICT_GAS_SCHEDULE, call: 3 });
    expect(a).toEqual({ ...FREE_GAS_SCHEDULE, call: 3 });
    const mutable: { call: number } = { call: 5 };
    expect(resolveGasSchedule(mutable).call).toBe(5);
    mutable.call = 6;
    expect(resolveGasSchedule(mutable).call).toBe(6);
  });
});
