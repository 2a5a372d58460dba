/**
 * The default wall clock of call deadlines: `globalThis.performance.now()` in milliseconds. This is
 * the one clock in src/ (an explicit exception in test/architecture.test.ts): it only decides when
 * to stop a call ('interrupted', a node-local outcome) and never reaches results or gas.
 */

interface PerformanceLike {
  now(): number;
}

/** Milliseconds from an arbitrary origin (monotonic where the host provides performance.now). */
export function defaultNow(): number {
  const perf = (globalThis as { performance?: PerformanceLike }).performance;
  if (perf === undefined || typeof perf.now !== 'function') {
    throw new TypeError('no performance.now() on this host: pass a clock as createVM({ now })');
  }
  return perf.now();
}
