/**
 * One differential check: a generated module through V8 (the oracle) and through detwasm under
 * one or more gas schedules, compared with test/diff/run-generated.ts, with running statistics.
 * Shared by the fixed-seed test (differential.test.ts), the regression replays
 * (regressions.test.ts) and the long fuzz run (fuzz-cli.ts).
 */
import type { GeneratedModule } from '../gen/module-gen.js';
import { compareGas } from '../meter/compare.js';
import { METER_SCHEDULES } from '../meter/schedules.js';
import type { MeterScheduleName } from '../meter/schedules.js';
import { costsOf, Meter } from '../meter/v8-meter.js';
import { compareRuns, runOnDetwasm, runOnV8 } from './run-generated.js';
import type { DetwasmApi, Divergence, RunName } from './run-generated.js';

/** Counts over a run of checks. */
export interface DiffStats {
  /** Test cases: single modules and linked pairs. */
  cases: number;
  /** Modules (a linked pair has two). */
  modules: number;
  /** Calls compared (V8 against one detwasm run), summed over schedules. */
  executions: number;
  /** Modules whose instantiation failed (the same way in both). */
  instantiationTraps: number;
  /**
   * Calls made (V8's run, counted once: each is compared under every schedule, see
   * `executions`), of which `completed` returned normally and the others trapped (`traps`).
   */
  calls: number;
  /** Calls that returned normally. */
  completed: number;
  /** Calls that trapped, by V8 message. */
  readonly traps: Record<string, number>;
  /** Calls that ended with an uncaught wasm exception (neither returned nor trapped). */
  exceptions: number;
  /** Of those, the ones whose tag is exported (so tag and payload were compared, not only the fact). */
  exceptionsWithTag: number;
  /**
   * Calls during which a catch clause ran (GenOptions.exceptions: the exported `caught` counters,
   * in V8's state after the call, grew), whatever the call then did.
   */
  catching: number;
  /**
   * Runs not compared past a resource limit: detwasm out of gas (never expected, see GAS_LIMIT)
   * or V8 out of native stack (deep recursion with large frames).
   */
  limitSkipped: number;
  /** Calls whose gas the independent meter (test/meter) compared with detwasm's, by schedule. */
  readonly gasCompared: Partial<Record<MeterScheduleName, number>>;
}

export function newStats(): DiffStats {
  return {
    cases: 0, modules: 0, executions: 0, instantiationTraps: 0, calls: 0, completed: 0, traps: {}, exceptions: 0, exceptionsWithTag: 0, catching: 0, limitSkipped: 0,
    gasCompared: {},
  };
}

/** Calls whose gas the meter compared, over all schedules. */
export function gasComparedTotal(s: DiffStats): number {
  let n = 0;
  for (const v of Object.values(s.gasCompared)) n += v;
  return n;
}

/** A divergence and the schedule it showed under. */
export interface Finding extends Divergence {
  readonly schedule: RunName | MeterScheduleName;
}

/**
 * Runs `gm` in V8 and in detwasm under each of `schedules`, and under each of `meterSchedules`
 * the independent gas meter (test/meter: the instrumented modules on V8 must behave as the
 * originals and count detwasm's gasUsed exactly); returns the first divergence (a 'limit' one (an
 * engine resource limit) counts in `stats.limitSkipped` and is not returned unless
 * `limitIsFailure`).
 */
export function checkModule(
  api: DetwasmApi, gm: GeneratedModule, stats: DiffStats, schedules: readonly RunName[] = ['strict'],
  limitIsFailure = false, meterSchedules: readonly MeterScheduleName[] = [],
): Finding | null {
  const v8 = runOnV8(gm);
  stats.cases++;
  stats.modules += gm.provider === null ? 1 : 2;
  if (v8.instantiate.kind !== 'ok') stats.instantiationTraps++;
  let caught = caughtCount(v8.state);
  for (const s of v8.steps) {
    stats.calls++;
    const now = caughtCount(s.state);
    if (now > caught) stats.catching++;
    caught = now;
    if (s.outcome.kind === 'ok') stats.completed++;
    else if (s.outcome.kind === 'exception') {
      stats.exceptions++;
      if (s.outcome.tag !== '?') stats.exceptionsWithTag++;
    } else stats.traps[s.outcome.trap] = (stats.traps[s.outcome.trap] ?? 0) + 1;
  }
  for (const schedule of schedules) {
    const dw = runOnDetwasm(api, gm, schedule);
    const d = compareRuns(gm, v8, dw);
    if (d !== null && d.what === 'limit' && !limitIsFailure) {
      stats.limitSkipped++;
      stats.executions += Math.max(0, d.step);
      continue;
    }
    if (d !== null) return { ...d, schedule };
    stats.executions += v8.steps.length;
  }
  for (const name of meterSchedules) {
    const schedule = METER_SCHEDULES[name];
    const { divergence, compared } = compareGas(gm, v8, runOnV8(gm, new Meter(costsOf(schedule))), runOnDetwasm(api, gm, schedule));
    stats.gasCompared[name] = (stats.gasCompared[name] ?? 0) + compared;
    if (divergence !== null && divergence.what === 'limit' && !limitIsFailure) {
      stats.limitSkipped++;
      continue;
    }
    if (divergence !== null) return { ...divergence, schedule: name };
  }
  return null;
}

/** The sum of the `caught` globals in a state snapshot (run-generated.ts: `caught=<hex>`). */
function caughtCount(state: string): number {
  let n = 0;
  for (const m of state.matchAll(/\bcaught=([0-9a-f]+)/g)) n += parseInt(m[1]!, 16);
  return n;
}

/** Share of the calls that returned normally (0 when there were none). */
export function returnedShare(s: DiffStats): number {
  return s.calls === 0 ? 0 : s.completed / s.calls;
}

function percent(n: number, of: number): string {
  return `${((100 * n) / Math.max(1, of)).toFixed(1)}%`;
}

/**
 * One line of statistics: counts, then how the calls ended: the share that returned normally and
 * the share that trapped, by trap kind (V8's message), each a share of all calls.
 */
export function formatStats(s: DiffStats): string {
  const trapped = s.calls - s.completed - s.exceptions;
  const traps = Object.entries(s.traps).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n} (${percent(n, s.calls)})`).join(', ');
  return `${s.cases} cases (${s.modules} modules), ${s.calls} calls, ${s.executions} executions compared; ` +
    `returned normally ${s.completed} (${percent(s.completed, s.calls)}), trapped ${trapped} (${percent(trapped, s.calls)}: ${traps}); ` +
    (s.catching === 0 ? '' : `caught an exception (then any outcome) ${s.catching} (${percent(s.catching, s.calls)}); `) +
    (s.exceptions === 0 ? '' : `threw an uncaught exception ${s.exceptions} (${percent(s.exceptions, s.calls)}; ${s.exceptionsWithTag} with an exported tag: payload compared); `) +
    `${s.instantiationTraps} instantiations trapped; ${s.limitSkipped} runs cut by a resource limit` +
    (gasComparedTotal(s) === 0 ? '' : `; gas metered and equal: ${gasComparedTotal(s)} calls (${
      Object.entries(s.gasCompared).map(([k, n]) => `${k} ${n}`).join(', ')})`);
}
