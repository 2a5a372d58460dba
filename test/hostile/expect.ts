/**
 * Test helper of the hostile suite: assertions on outcomes (moved here from runtime.test.ts, shared
 * with simd-execution.pending.ts): a Trap thrown or returned with its code and spec message (and
 * exact gas), a failed VM result of a given kind, the i32 a VM call wrote as its output.
 */
import { expect } from 'vitest';
import { Trap, TRAP_MESSAGES } from '../../src/index.js';
import type { CallOutcome, CallResult, TrapCode } from '../../src/index.js';

/** Runs `fn`, which must throw a Trap with `code` and its spec message; returns the Trap. */
export function expectTrap(fn: () => unknown, code: TrapCode): Trap {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(Trap);
  const t = caught as Trap;
  expect(t.code).toBe(code);
  expect(t.message).toBe(TRAP_MESSAGES[code]);
  return t;
}

/** A metered outcome that failed with trap `code` after exactly `gasUsed` gas (when given). */
export function expectFailed(o: CallOutcome, code: TrapCode, gasUsed?: number): Trap {
  expect(o.results).toBeNull();
  expect(o.error).toBeInstanceOf(Trap);
  const t = o.error as Trap;
  expect(t.code).toBe(code);
  expect(t.message).toBe(TRAP_MESSAGES[code]);
  if (gasUsed !== undefined) expect(o.gasUsed).toBe(gasUsed);
  return t;
}

/** A VM result that failed with `kind` (and trap name, when given). */
export function expectVMFailed(r: CallResult, kind: string, trap: string | null = null): void {
  expect(r.error).not.toBeNull();
  expect(r.error!.kind).toBe(kind);
  expect(r.error!.trap).toBe(trap);
  expect(r.output.length).toBe(0);
  expect(r.writes.length).toBe(0);
}

/** The 4 output bytes of a VM call that succeeded, as an i32. */
export function outputI32(r: CallResult): number {
  expect(r.error).toBeNull();
  expect(r.output.length).toBe(4);
  return new DataView(r.output.buffer, r.output.byteOffset, 4).getInt32(0, true);
}
