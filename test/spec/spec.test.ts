/**
 * The official core spec suite (../shared/spectest/core, Wasm 2.0 incl. SIMD) through the generic
 * runner: one test per JSON file, failing with the list of failed commands. Commands the engine
 * cannot run yet count as "not yet run", never as passed. With CI=true a missing suite fails;
 * otherwise the suite is skipped with a message.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpecFile } from './commands.js';
import { detwasmEngine } from './detwasm-engine.js';
import { hasSpecSuite, isCI, listSpecFiles, SPEC_CORE_DIR } from './paths.js';
import { formatIssue, runFile } from './runner.js';

const MISSING = `spec suite not found at ${SPEC_CORE_DIR} (expected ../shared/spectest beside the repository)`;

describe('spec suite (core)', () => {
  if (!hasSpecSuite()) {
    if (isCI()) {
      it('is present (CI=true)', () => {
        throw new Error(MISSING);
      });
    } else {
      // Outside CI a checkout without ../shared still runs the rest of the tests; say so loudly.
      console.warn(`${MISSING}; the spec tests are not run (with CI=true this fails)`);
      it('is absent, so the spec tests are not run (CI=true makes this a failure)', () => {
        expect(hasSpecSuite()).toBe(false);
        expect(isCI()).toBe(false);
      });
    }
    return;
  }
  const engine = detwasmEngine();
  it.each(listSpecFiles())('%s', (name) => {
    const report = runFile(loadSpecFile(join(SPEC_CORE_DIR, name)), engine);
    const failures = report.failures.map(formatIssue);
    expect(failures, `${report.failed} failed commands in ${name}`).toEqual([]);
  });
  // STYLE.md: the suite runs twice, gas off and gas on (metered code, a limit no test reaches),
  // so metering can never change a result.
  const metered = detwasmEngine({ gas: true });
  it.each(listSpecFiles().filter((n) => !n.startsWith('simd_')))('%s (gas on)', (name) => {
    const report = runFile(loadSpecFile(join(SPEC_CORE_DIR, name)), metered);
    const failures = report.failures.map(formatIssue);
    expect(failures, `${report.failed} failed commands in ${name} (gas on)`).toEqual([]);
  });
});
