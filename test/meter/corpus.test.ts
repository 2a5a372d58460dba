/**
 * The random-module corpus (test/gen) through the independent gas meter, fixed seeds: each case (a
 * module, or a linked pair) runs in detwasm and, instrumented by the meter, on V8 under every meter
 * schedule; the instrumented modules must behave exactly as the originals on V8, and every call's
 * count must equal detwasm's gasUsed (test/diff/check.ts with meter schedules). Default-size,
 * large and SIMD cases. Replay or extend with `METER_SEED=<n>`, `METER_CASES=<n>`; `npm run fuzz`
 * runs the same check on every case it generates.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { checkModule, formatStats, gasComparedTotal, newStats } from '../diff/check.js';
import type { DiffStats } from '../diff/check.js';
import { describeFinding } from '../diff/report.js';
import { Choices } from '../gen/choices.js';
import { generateCase } from '../gen/module-gen.js';
import type { GenOptions } from '../gen/module-gen.js';
import { ALL_METER_SCHEDULES } from './schedules.js';
import { breathe } from '../helpers/breathe.js';

const SEED = Number(process.env['METER_SEED'] ?? 20260111);
const CASES = Number(process.env['METER_CASES'] ?? 180);

/** The large modules of the fuzz run (test/diff/fuzz-cli.ts LARGE). */
const LARGE: GenOptions = { maxFuncs: 6, maxInstrs: 400, fuel: 1000, maxNesting: 8 };

const GROUPS: readonly { readonly name: string; readonly options: GenOptions; readonly count: number; readonly seed: number }[] = [
  { name: 'default-size', options: {}, count: CASES, seed: SEED },
  { name: 'large', options: LARGE, count: Math.ceil(CASES / 8), seed: SEED + 100_000 },
  { name: 'SIMD', options: { simd: true }, count: Math.ceil(CASES / 3), seed: SEED + 200_000 },
];

describe(`gas meter: the generated corpus (seed ${SEED})`, () => {
  it.each(GROUPS)('$name cases: every call\'s gas agrees under every schedule', async ({ name, options, count, seed }) => {
    const stats: DiffStats = newStats();
    for (let i = 1; i <= count; i++) {
      await breathe();
      const gm = generateCase(Choices.fromSeed(seed + i), options);
      const f = checkModule(api, gm, stats, [], false, ALL_METER_SCHEDULES);
      if (f !== null) throw new Error(describeFinding(gm, f, `meter seed ${seed + i} (${name})`));
    }
    console.log(`gas meter, ${name} corpus (seeds ${seed + 1}..${seed + count}): ${formatStats(stats)}`);
    expect(stats.cases).toBe(count);
    // Every schedule compared the same calls, nearly all of them (some end at V8's stack limit).
    for (const s of ALL_METER_SCHEDULES) expect(stats.gasCompared[s]).toBe(stats.gasCompared.default);
    expect(gasComparedTotal(stats)).toBeGreaterThanOrEqual(0.95 * stats.calls * ALL_METER_SCHEDULES.length);
    expect(stats.limitSkipped).toBeLessThanOrEqual(ALL_METER_SCHEDULES.length * Math.ceil(count / 50));
  });
});
