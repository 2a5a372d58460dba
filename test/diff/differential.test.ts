/**
 * Differential test (issue 5, item 2): random valid modules (test/gen) run in detwasm and in V8's
 * native WebAssembly on random arguments; results bit for bit (a NaN must meet a NaN), the same
 * trap or no trap, the same memory, globals and tables after every call. detwasm runs each module
 * under the strict, default and free gas schedules (three translations of the same code).
 *
 * Fixed fast-check seed, printed with the counts; replay or extend with `DIFF_SEED=<n>` and
 * `DIFF_RUNS=<n>`. A failure prints the shrunk module as WAT with its calls; `npm run fuzz` runs
 * longer with new seeds and writes what it finds to test/diff/regressions/.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { Choices } from '../gen/choices.js';
import { generatedModuleArb } from '../gen/arbitrary.js';
import { generateCase } from '../gen/module-gen.js';
import { checkModule, formatStats, newStats, returnedShare } from './check.js';
import { describeFinding } from './report.js';
import { breathe } from '../helpers/breathe.js';

const SEED = Number(process.env['DIFF_SEED'] ?? 20250917);
const RUNS = Number(process.env['DIFF_RUNS'] ?? 2500);
const SIMD_CASES = Number(process.env['DIFF_SIMD_CASES'] ?? 400);

describe(`differential: detwasm against V8 (fast-check seed ${SEED}, ${RUNS} modules)`, () => {
  it('agrees on results, traps, memory, globals and tables', async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(generatedModuleArb(), async (gm) => {
        await breathe();
        const f = checkModule(api, gm, stats, ['strict', 'default', 'free']);
        if (f !== null) throw new Error(describeFinding(gm, f, `fast-check seed ${SEED}`));
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.log(`differential (seed ${SEED}): ${formatStats(stats)}`);
    // The corpus must exercise both paths, or agreement proves little: most calls run to their
    // end (through the arithmetic, memory and calls they were generated for), and traps of many
    // kinds still happen.
    expect(stats.cases).toBe(RUNS);
    expect(stats.modules).toBeGreaterThan(RUNS);
    expect(returnedShare(stats)).toBeGreaterThanOrEqual(0.5);
    expect(returnedShare(stats)).toBeLessThanOrEqual(0.95);
    expect(Object.keys(stats.traps).length).toBeGreaterThanOrEqual(6);
    expect(stats.limitSkipped).toBeLessThanOrEqual(RUNS / 100);
  });

  it('agrees on modules from the seeded generator (the fuzz run\'s source)', async () => {
    const stats = newStats();
    for (let seed = 1; seed <= 200; seed++) {
      await breathe();
      const gm = generateCase(Choices.fromSeed(SEED + seed));
      const f = checkModule(api, gm, stats, ['strict']);
      if (f !== null) throw new Error(describeFinding(gm, f, `fuzz seed ${SEED + seed}`));
    }
    console.log(`differential (seeded stream from ${SEED + 1}): ${formatStats(stats)}`);
    expect(stats.cases).toBe(200);
  });

  it('agrees on modules with SIMD code (v128 results compared through memory and extracted lanes)', async () => {
    const stats = newStats();
    let simdCalls = 0;
    for (let seed = 1; seed <= SIMD_CASES; seed++) {
      await breathe();
      const gm = generateCase(Choices.fromSeed(SEED + 100_000 + seed), { simd: true });
      const f = checkModule(api, gm, stats, ['strict', 'free']);
      if (f !== null) throw new Error(describeFinding(gm, f, `fuzz seed ${SEED + 100_000 + seed} (simd)`));
      const withSimd = new Set(gm.entries.filter((e) => e.hasSimd === true).map((e) => e.name));
      simdCalls += gm.calls.filter((c) => withSimd.has(c.entry)).length;
    }
    console.log(`differential with SIMD (seeded stream from ${SEED + 100_001}): ${simdCalls} calls to functions with SIMD code; ${formatStats(stats)}`);
    expect(stats.cases).toBe(SIMD_CASES);
    expect(stats.limitSkipped).toBe(0);
    expect(stats.executions).toBe(2 * stats.calls);
    expect(simdCalls).toBeGreaterThan(stats.calls / 2);
  });
});
