/**
 * `npm run spectest [-- [--verbose] [--gas] [--tier=js] [--engine=v8] [--proposal NAME] [--features SPEC] [FILTER]]`: runs the
 * core spec suite and prints one line per file, then a final line `N passed, M failed` (parsed by
 * CI tooling; keep its format). FILTER is a substring of the JSON file name. `--proposal NAME` runs
 * the proposal folder `proposals/NAME` as an overlay (the core files plus the folder's files, a
 * folder file replacing the core file of the same name; the suite's README), under that suite's
 * features (paths.ts SUITE_FEATURES: 2.0 for the core suite, 2.0 plus the proposal for a folder);
 * `--features SPEC` (parseFeatures, e.g. `wasm2,-simd`; src/validator/features.ts) replaces them. A
 * folder's `.wast` scripts that have no JSON file (the gc folder's 21) run converted at test time
 * (wast.ts; paths.ts folderFiles). Exit code 1 when a
 * command failed or the suite is missing, 2 on bad arguments. `--verbose` also prints each failure
 * and each error-message mismatch; `--engine=v8` runs the host's V8 instead of detwasm (to check the
 * runner itself; V8 ignores the feature set, so no known one is needed).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { detwasmEngine } from './detwasm-engine.js';
import type { SpecEngine } from './engine.js';
import { parseFeatures } from '../../src/index.js';
import type { Features } from '../../src/index.js';
import { hasSpecSuite, listSpecFiles, overlayFiles, SPEC_CORE_DIR, SPEC_PROPOSALS_DIR, suiteFeatures } from './paths.js';
import type { SpecFileRef } from './paths.js';
import { formatIssue, formatReportLine, runFile, sum } from './runner.js';
import { v8Engine } from './v8-engine.js';
import { loadSpec } from './wast.js';

async function main(argv: readonly string[]): Promise<number> {
  let verbose = false;
  let engineName = 'detwasm';
  let gas = false;
  let tier: 'interpreter' | 'js' = 'interpreter';
  let featureSpec = '';
  const filters: string[] = [];
  let proposal = '';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--proposal') {
      proposal = argv[++i] ?? '';
      if (proposal === '') {
        process.stderr.write('spectest: --proposal needs a folder name (e.g. relaxed-simd)\n');
        return 2;
      }
      continue;
    }
    if (arg === '--features') {
      featureSpec = argv[++i] ?? '';
      continue;
    }
    if (arg === '-v' || arg === '--verbose') verbose = true;
    else if (arg === '--engine=v8') engineName = 'v8';
    else if (arg === '--engine=detwasm') engineName = 'detwasm';
    else if (arg === '--gas') gas = true;
    else if (arg === '--tier=js') tier = 'js';
    else if (arg.startsWith('-')) {
      process.stderr.write(`spectest: unknown option ${arg} (options: --verbose, --gas, --tier=js, --engine=detwasm|v8, --proposal NAME, --features SPEC)\n`);
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
  if (proposal !== '' && !existsSync(join(SPEC_PROPOSALS_DIR, proposal))) {
    process.stderr.write(`spectest: no proposal folder ${join(SPEC_PROPOSALS_DIR, proposal)}\n`);
    return 2;
  }
  let features: Features | null;
  try {
    features = featureSpec !== '' ? parseFeatures(featureSpec) : suiteFeatures(proposal);
  } catch (e) {
    process.stderr.write(`spectest: ${(e as Error).message}\n`);
    return 2;
  }
  if (features === null && engineName !== 'v8') {
    process.stderr.write(`spectest: no feature set is known for proposals/${proposal} (paths.ts SUITE_FEATURES); pass --features SPEC\n`);
    return 2;
  }
  const engine: SpecEngine<unknown, unknown> = engineName === 'v8'
    ? v8Engine() as SpecEngine<unknown, unknown>
    : detwasmEngine({ gas, tier, features: features ?? undefined }) as SpecEngine<unknown, unknown>;
  const files: SpecFileRef[] = proposal === ''
    ? listSpecFiles(SPEC_CORE_DIR, filters[0] ?? '').map((name) => ({ name, path: join(SPEC_CORE_DIR, name) }))
    : overlayFiles(proposal, filters[0] ?? '');
  if (files.length === 0) {
    process.stderr.write(`spectest: no spec file name contains "${filters[0] ?? ''}"\n`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let notRun = 0;
  for (const { path } of files) {
    const report = runFile(await loadSpec(path), engine);
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

process.exitCode = await main(process.argv.slice(2));
