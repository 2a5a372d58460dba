/**
 * `npm run spectest [-- [--verbose] [--engine=v8] [FILTER]]`: runs the core spec suite and prints
 * one line per file, then a final line `N passed, M failed` (parsed by CI tooling; keep its format).
 * FILTER is a substring of the JSON file name. Exit code 1 when a command failed or the suite is
 * missing, 2 on bad arguments. `--verbose` also prints each failure and each error-message mismatch;
 * `--engine=v8` runs the host's V8 instead of detwasm (to check the runner itself).
 */
import { join } from 'node:path';
import { loadSpecFile } from './commands.js';
import { detwasmEngine } from './detwasm-engine.js';
import type { SpecEngine } from './engine.js';
import { hasSpecSuite, listSpecFiles, SPEC_CORE_DIR } from './paths.js';
import { formatIssue, formatReportLine, runFile, sum } from './runner.js';
import { v8Engine } from './v8-engine.js';

function main(argv: readonly string[]): number {
  let verbose = false;
  let engine: SpecEngine<unknown, unknown> = detwasmEngine();
  const filters: string[] = [];
  for (const arg of argv) {
    if (arg === '--') continue;
    if (arg === '-v' || arg === '--verbose') verbose = true;
    else if (arg === '--engine=v8') engine = v8Engine() as SpecEngine<unknown, unknown>;
    else if (arg === '--engine=detwasm') engine = detwasmEngine();
    else if (arg === '--gas') engine = detwasmEngine({ gas: true });
    else if (arg.startsWith('-')) {
      process.stderr.write(`spectest: unknown option ${arg} (options: --verbose, --gas, --engine=detwasm|v8)\n`);
      return 2;
    } else filters.push(arg);
  }
  if (filters.length > 1) {
    process.stderr.write('spectest: at most one FILTER (a substring of the JSON file name)\n');
    return 2;
  }
  if (!hasSpecSuite()) {
    process.stderr.write(`spectest: spec suite not found at ${SPEC_CORE_DIR} (expected ../shared/spectest beside the repo)\n`);
    return 1;
  }
  const files = listSpecFiles(SPEC_CORE_DIR, filters[0] ?? '');
  if (files.length === 0) {
    process.stderr.write(`spectest: no spec file name contains "${filters[0] ?? ''}"\n`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let notRun = 0;
  for (const name of files) {
    const report = runFile(loadSpecFile(join(SPEC_CORE_DIR, name)), engine);
    passed += report.passed;
    failed += report.failed;
    skipped += sum(report.skipped);
    notRun += sum(report.notRun);
    process.stdout.write(formatReportLine(report) + '\n');
    if (verbose) {
      for (const f of report.failures) process.stdout.write(`  FAIL ${formatIssue(f)}\n`);
      for (const m of report.mismatches) process.stdout.write(`  message ${formatIssue(m)}\n`);
    }
  }
  process.stdout.write(`${files.length} files (${engine.name}): ${skipped} skipped, ${notRun} not yet run\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
