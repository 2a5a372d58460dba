/**
 * Differential test (issue 5, item 2): random valid modules (test/gen) run in detwasm and in V8's
 * native WebAssembly on random arguments; results bit for bit (a NaN must meet a NaN), the same
 * trap or no trap, the same memory, globals and tables after every call. detwasm runs each module
 * under the strict, default and free gas schedules (three translations of the same code).
 *
 * WebAssembly 3.0 (issue 13 item 10): one `it` per feature group V8 runs (test/diff/v8-features.ts):
 * tail calls; legacy exceptions with tail calls; extended-const with memory64 (on Node 20 in a
 * child node with V8's flags); try_table / throw_ref where V8 has it (Node 22+). Uncaught
 * exceptions are compared as outcomes: that one was thrown, and its tag and payload when the tag is
 * exported; the summary gives the calls that caught one.
 *
 * Fixed fast-check seed, printed with the counts; replay or extend with `DIFF_SEED=<n>` and
 * `DIFF_RUNS=<n>`. A failure prints the shrunk module as WAT with its calls; `npm run fuzz` runs
 * longer with new seeds and writes what it finds to test/diff/regressions/.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { Choices } from '../gen/choices.js';
import { generatedModuleArb } from '../gen/arbitrary.js';
import { generateCase } from '../gen/module-gen.js';
import type { GenOptions } from '../gen/module-gen.js';
import { REPO_ROOT } from '../spec/paths.js';
import { checkModule, formatStats, newStats, returnedShare } from './check.js';
import { runOnDetwasm } from './run-generated.js';
import { decodeModule } from '../../src/decoder/decode.js';
import { FREE_GAS_SCHEDULE } from '../../src/gas/schedule.js';
import { callHeights, translateToJs } from '../../src/interpreter/js-tier.js';
import type { DiffStats } from './check.js';
import type { FeatureJob } from './feature-child.js';
import { V8_FLAGS, V8_SUPPORTS } from './v8-features.js';
import { describeFinding } from './report.js';
import { breathe } from '../helpers/breathe.js';

const SEED = Number(process.env['DIFF_SEED'] ?? 20250917);
const RUNS = Number(process.env['DIFF_RUNS'] ?? 2500);
const SIMD_CASES = Number(process.env['DIFF_SIMD_CASES'] ?? 400);
/** Cases run on the JS tier (js-tier.ts; generated with `intOnly`), against V8 and against the interpreter's gas. */
const JS_TIER_CASES = Number(process.env['DIFF_JS_TIER_CASES'] ?? 400);

/** How many of a module's defined functions the JS tier takes (under the free schedule). */
function jsTierShare(bytes: Uint8Array): { functions: number; taken: number } {
  const m = decodeModule(bytes);
  const heights = callHeights(m);
  const memo = new Map<number, number>();
  const height = (j: number): number => {
    if (heights[j]! < 0) return -1;
    if (!memo.has(j)) memo.set(j, translateToJs(m, j, FREE_GAS_SCHEDULE, null, height)?.height ?? -1);
    return memo.get(j)!;
  };
  let taken = 0;
  for (let i = m.importedFuncCount; i < m.funcTypeIdxs.length; i++) if (height(i) >= 0) taken++;
  return { functions: m.funcTypeIdxs.length - m.importedFuncCount, taken };
}

/** Cases per 3.0 feature group (tail calls; legacy exceptions with tail calls; extended-const). */
const FEATURE_CASES = Number(process.env['DIFF_FEATURE_CASES'] ?? 200);

/**
 * Runs `job` in a child `node <flags>` (vite-node): for a feature this node's V8 runs only behind
 * a flag (V8 11.3: extended-const). Resolves to the child's stats and first finding.
 */
function runFlaggedChild(flags: readonly string[], job: FeatureJob): Promise<{ stats: DiffStats; finding: string | null; version: string }> {
  const vite = join(REPO_ROOT, 'node_modules', 'vite-node', 'vite-node.mjs');
  const child = spawn(process.execPath, [...flags, vite, join(REPO_ROOT, 'test', 'diff', 'feature-child.ts'), JSON.stringify(job)], {
    cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`feature child exited ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(line) as { stats: DiffStats; finding: string | null; version: string });
    });
  });
}

/** Checks FEATURE_CASES seeded cases with `options` in this process; returns the stats. */
async function checkSeeded(firstSeed: number, options: GenOptions, schedules: readonly ('strict' | 'default' | 'free')[]): Promise<DiffStats> {
  const stats = newStats();
  for (let i = 0; i < FEATURE_CASES; i++) {
    await breathe();
    const gm = generateCase(Choices.fromSeed(firstSeed + i), options);
    const f = checkModule(api, gm, stats, schedules);
    if (f !== null) throw new Error(describeFinding(gm, f, `fuzz seed ${firstSeed + i} (${JSON.stringify(options)})`));
  }
  return stats;
}

/** What every feature group's corpus must show: most calls return, none cut short, all compared. */
function expectHealthy(stats: DiffStats, schedules: number): void {
  expect(stats.cases).toBe(FEATURE_CASES);
  expect(returnedShare(stats)).toBeGreaterThanOrEqual(0.6);
  expect(stats.limitSkipped).toBe(0);
  expect(stats.executions).toBe(schedules * stats.calls);
}

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

  it('the JS tier agrees with V8 and charges the interpreter\'s gas, call by call (integer-only modules, which it takes)', async () => {
    const stats = newStats();
    let functions = 0;
    let taken = 0;
    for (let seed = 1; seed <= JS_TIER_CASES; seed++) {
      await breathe();
      const gm = generateCase(Choices.fromSeed(SEED + 400_000 + seed), { intOnly: true });
      const f = checkModule(api, gm, stats, ['strict-js', 'default-js', 'free-js']);
      if (f !== null) throw new Error(describeFinding(gm, f, `fuzz seed ${SEED + 400_000 + seed} (JS tier)`));
      for (const schedule of ['strict', 'default'] as const) {
        const interpreted = runOnDetwasm(api, gm, schedule).steps.map((st) => [st.entry, st.gasUsed]);
        const onJs = runOnDetwasm(api, gm, `${schedule}-js`).steps.map((st) => [st.entry, st.gasUsed]);
        expect(onJs, `fuzz seed ${SEED + 400_000 + seed}, ${schedule} schedule: gas per call`).toEqual(interpreted);
      }
      const counts = jsTierShare(gm.bytes);
      functions += counts.functions;
      taken += counts.taken;
    }
    console.log(`differential, JS tier (seeded stream from ${SEED + 400_001}): ${taken} of ${functions} functions on the JS tier; ${formatStats(stats)}`);
    expect(stats.cases).toBe(JS_TIER_CASES);
    expect(stats.limitSkipped).toBe(0);
    expect(stats.executions).toBe(3 * stats.calls);
    expect(taken).toBeGreaterThan(functions / 2);
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

  // WebAssembly 3.0 features V8 runs (test/diff/v8-features.ts): tail calls and legacy exceptions
  // on every Node line; extended-const and memory64 from Node 22 on, on Node 20 in a child with
  // V8's flags.
  it('agrees on tail calls (return_call, return_call_indirect)', async () => {
    const stats = await checkSeeded(SEED + 200_000, { tailCalls: true }, ['strict', 'default']);
    console.log(`differential, tail calls (seeded stream from ${SEED + 200_000}): ${formatStats(stats)}`);
    expectHealthy(stats, 2);
  });

  it('agrees on legacy exceptions and tail calls (uncaught exceptions: the fact, and tag and payload when exported)', async () => {
    const stats = await checkSeeded(SEED + 300_000, { exceptions: true, tailCalls: true }, ['strict', 'free']);
    console.log(`differential, legacy exceptions + tail calls (seeded stream from ${SEED + 300_000}): ${formatStats(stats)}`);
    expectHealthy(stats, 2);
    expect(stats.exceptions).toBeGreaterThan(stats.calls / 100);
    expect(stats.exceptionsWithTag).toBeGreaterThan(stats.exceptions / 4);
    expect(stats.catching).toBeGreaterThan(stats.calls / 20);
  });

  // try_table / throw_ref / exnref: V8 12.4 (Node 22) and later; V8 11.3 (Node 20) has no flag for it.
  it.skipIf(!V8_SUPPORTS.exceptions)(`agrees on try_table, catch_ref / catch_all_ref and throw_ref (no legacy instructions: V8 14 refuses the mix), with tail calls${
    V8_SUPPORTS.exceptions ? '' : ' (skipped: this V8 has no try_table)'}`, async () => {
    const stats = await checkSeeded(SEED + 500_000, { exceptions: true, tryTable: true, tailCalls: true }, ['strict', 'free']);
    console.log(`differential, try_table + tail calls (seeded stream from ${SEED + 500_000}): ${formatStats(stats)}`);
    expectHealthy(stats, 2);
    expect(stats.catching).toBeGreaterThan(stats.calls / 20);
  });

  // extended-const and memory64: V8 11.3 (Node 20) runs them behind flags, in a child process.
  const FLAGGED = ['extended-const', 'memory64'] as const;
  const missing = FLAGGED.filter((f) => !V8_SUPPORTS[f]);
  it(`agrees on extended constant expressions and memory64 (${missing.length === 0 ? 'in process' : `child with ${missing.map((f) => V8_FLAGS[f]).join(' ')}`})`, async () => {
    const options: GenOptions = { extendedConst: true, memory64: true, exceptions: true };
    const firstSeed = SEED + 400_000;
    let stats: DiffStats;
    if (missing.length === 0) {
      stats = await checkSeeded(firstSeed, options, ['strict']);
    } else {
      const flags = missing.map((f) => V8_FLAGS[f]!);
      const r = await runFlaggedChild(flags, { firstSeed, cases: FEATURE_CASES, options, schedules: ['strict'] });
      if (r.finding !== null) throw new Error(r.finding);
      stats = r.stats;
    }
    console.log(`differential, extended-const + memory64 + legacy exceptions (seeded stream from ${firstSeed}): ${formatStats(stats)}`);
    expectHealthy(stats, 1);
    expect(stats.traps['memory access out of bounds']).toBeGreaterThan(0);
  }, 120_000);
});
