/**
 * The core spec suite through the independent gas meter (test/meter/spec-engine.ts): every module
 * of every file runs in detwasm (metered) and, instrumented, on V8; the runner checks V8's results
 * and traps against the scripts' assertions (so the instrumented modules compute what the spec
 * says), and every invocation's gas must be the same on both sides. Here under the 'custom'
 * schedule (every cost a distinct small number, per-instruction costs on); `npm run fuzz --
 * --spec` runs the suite under every meter schedule. With CI=true a missing suite fails.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from '../spec/commands.js';
import { expectedCounts } from '../spec/expected-outcomes.js';
import { hasSpecSuite, isCI, listSpecFiles, SPEC_CORE_DIR } from '../spec/paths.js';
import { formatIssue, runFile, sum } from '../spec/runner.js';
import { meteredSpecEngine, newSpecGasStats } from './spec-engine.js';
import { METER_SCHEDULES } from './schedules.js';

const SCHEDULE = 'custom';

describe(`spec suite (core) through the gas meter, schedule ${SCHEDULE}`, () => {
  if (!hasSpecSuite()) {
    it('is present (fails with CI=true)', () => {
      expect(isCI(), `spec suite not found at ${SPEC_CORE_DIR}`).toBe(false);
    });
    return;
  }
  const stats = newSpecGasStats();
  const files = listSpecFiles();
  it.each(files)('%s: every command passes on the instrumented modules, every invocation\'s gas agrees', (name) => {
    const file = loadSpecFile(join(SPEC_CORE_DIR, name));
    const report = runFile(file, meteredSpecEngine(METER_SCHEDULES[SCHEDULE], stats));
    const got = { failures: report.failures.map(formatIssue), passed: report.passed, skipped: sum(report.skipped), notRun: sum(report.notRun) };
    expect(got).toEqual({ failures: [], ...expectedCounts(file) });
  });
  it('compared the gas of the suite\'s invocations', () => {
    console.log(`gas meter, spec suite (${files.length} files, schedule ${SCHEDULE}): ${stats.compared} invocations agree; ` +
      `${stats.exhausted} exhausted the call stack (not compared)`);
    expect(stats.differences).toEqual([]);
    // 48,286 with the suite of ../shared/spectest when this was written: far fewer means invocations stopped running.
    expect(stats.compared).toBeGreaterThan(45_000);
    expect(stats.exhausted).toBeLessThan(50);
  });
});
