/**
 * Comparison of a generated module's runs for the independent gas meter: the instrumented module
 * on V8 must behave exactly as the original on V8 (same instantiation outcome, results, traps,
 * memory, globals and tables after every call), and its count must equal detwasm's `gasUsed`,
 * call by call, for every call that no resource limit ended.
 */
import { firstValueDifference } from '../diff/run-generated.js';
import type { Divergence, EngineRun, Outcome } from '../diff/run-generated.js';
import type { GeneratedModule } from '../gen/module-gen.js';

/** detwasm's out-of-gas and call-stack-exhausted trap texts (test/diff/run-generated.ts). */
const DETWASM_LIMIT_TRAPS: readonly string[] = ['trap 11', 'trap 10'];

/** What {@link compareGas} found. */
export interface GasComparison {
  /** The first difference, or null. */
  readonly divergence: Divergence | null;
  /** Calls whose gas was compared (and agreed). */
  readonly compared: number;
}

function text(o: EngineRun['instantiate']): string {
  if (o.kind === 'exception') return `exception ${o.tag} [${o.payload.join(' ')}]`;
  return o.kind === 'ok' ? `returned [${o.values.join(' ')}]` : o.trap;
}

/** Whether two V8 outcomes are the same: the same trap, or results equal up to NaN payloads. */
function isSameOutcome(a: Outcome, b: Outcome, resultTypes: readonly number[]): boolean {
  if (a.kind !== 'ok' || b.kind !== 'ok') return a.kind === b.kind && text(a) === text(b);
  return a.values.length === b.values.length && firstValueDifference(a.values, b.values, resultTypes) < 0;
}

/**
 * Compares `metered` (the instrumented modules of `gm` on V8, gas counted by the meter) with
 * `plain` (the original modules on V8) and with `dw` (detwasm under the same schedule). Results
 * agree up to NaN payloads (V8's arithmetic NaNs may differ between the two compilations). A call
 * ended by a resource limit (detwasm out of gas or out of call stack, V8 out of native stack)
 * stops the comparison with a 'limit' divergence: what follows it may differ by design.
 */
export function compareGas(gm: GeneratedModule, plain: EngineRun, metered: EngineRun, dw: EngineRun): GasComparison {
  const resultTypesOf = new Map(gm.entries.map((e) => [e.name, e.results as readonly number[]]));
  if (text(plain.instantiate) !== text(metered.instantiate) || plain.state !== metered.state) {
    return {
      divergence: { step: -1, what: 'meter', detail: `the instrumented module instantiates differently: ${text(metered.instantiate)} vs ${text(plain.instantiate)}` },
      compared: 0,
    };
  }
  let compared = 0;
  for (let i = 0; i < plain.steps.length; i++) {
    const a = plain.steps[i]!;
    const m = metered.steps[i]!;
    const d = dw.steps[i];
    if (d === undefined) break; // detwasm failed to instantiate: the differential run reports that
    const isLimit = DETWASM_LIMIT_TRAPS.includes(d.outcome.kind === 'trap' ? d.outcome.trap : '') ||
      [a, m].some((s) => s.outcome.kind === 'trap' && s.outcome.trap === 'call stack exhausted');
    if (isLimit) {
      return { divergence: { step: i, what: 'limit', detail: `call ${i} (${a.entry}) ended at a resource limit` }, compared };
    }
    if (!isSameOutcome(a.outcome, m.outcome, resultTypesOf.get(a.entry) ?? []) || a.state !== m.state) {
      const detail = `call ${i} (${a.entry}): the instrumented module differs from the original on V8:\n` +
        `  original     ${JSON.stringify(a.outcome)} ${a.state}\n  instrumented ${JSON.stringify(m.outcome)} ${m.state}`;
      return { divergence: { step: i, what: 'meter', detail }, compared };
    }
    if (m.gasUsed !== d.gasUsed) {
      const detail = `call ${i} (${a.entry}): the meter counts ${m.gasUsed} gas, detwasm reports gasUsed ${d.gasUsed} ` +
        `(V8 ${a.outcome.kind === 'ok' ? 'returned' : a.outcome.kind === 'exception' ? 'threw an exception' : `trapped: ${a.outcome.trap}`})`;
      return { divergence: { step: i, what: 'gas', detail }, compared };
    }
    compared++;
  }
  return { divergence: null, compared };
}
