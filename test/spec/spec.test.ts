/**
 * The official core spec suite (../shared/spectest/core, Wasm 2.0 incl. SIMD) through the generic
 * runner: one test per JSON file, run twice (gas off, gas on), failing with the list of failed
 * commands. Commands the engine cannot run yet count as "not yet run", never as passed; per file
 * the numbers of skipped and not-run commands must be exactly those of expected-outcomes.ts, and
 * every JSON file of the suite must have run. With CI=true a missing suite fails; otherwise the
 * suite is skipped with a message. A proposal folder's `.wast` scripts without a JSON file run
 * converted at test time (wast.ts; paths.ts folderFiles).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, InvalidError, MalformedError, resolveFeatures } from '../../src/index.js';
import { loadSpecFile, readModuleFile } from './commands.js';
import type { SpecFile } from './commands.js';
import { detwasmEngine } from './detwasm-engine.js';
import type { SpecEngine } from './engine.js';
import { expectedCounts } from './expected-outcomes.js';
import {
  folderFiles, hasSpecSuite, isCI, listSpecFiles, overlayFiles, PENDING_FILES, SPEC_CORE_DIR, SPEC_PROPOSALS_DIR, SUITE_BASES,
  SUITE_FEATURES, suiteFeatures,
} from './paths.js';
import type { SpecFileRef } from './paths.js';
import { formatIssue, runFile, sum } from './runner.js';
import { loadSpec } from './wast.js';

const MISSING = `spec suite not found at ${SPEC_CORE_DIR} (expected ../shared/spectest beside the repository)`;

/** Runs one file and asserts no failures and exactly the expected passed / skipped / not-run counts. */
function checkFile<M, I>(name: string, engine: SpecEngine<M, I>, dir = SPEC_CORE_DIR): void {
  checkLoaded(name, loadSpecFile(join(dir, name)), engine);
}

/** A proposal folder's file (JSON, or a script converted at test time), checked as checkFile does. */
async function checkRef<M, I>(ref: SpecFileRef, engine: SpecEngine<M, I>): Promise<void> {
  checkLoaded(ref.name, await loadSpec(ref.path), engine);
}

function checkLoaded<M, I>(name: string, file: SpecFile, engine: SpecEngine<M, I>): void {
  const report = runFile(file, engine);
  const got = {
    failures: report.failures.map(formatIssue),
    passed: report.passed,
    skipped: sum(report.skipped),
    notRun: sum(report.notRun),
  };
  const notRun = Object.entries(report.notRun).map(([k, n]) => `${k} ${n}`).join(', ');
  expect(got, `${name} (${engine.name}): ${report.failed} failed; not yet run: ${notRun || 'none'}`)
    .toEqual({ failures: [], ...expectedCounts(file) });
}

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
  const files = listSpecFiles();
  const ran: string[] = [];
  const ranGasOn: string[] = [];
  const features = suiteFeatures('')!;
  const engine = detwasmEngine({ features });
  it.each(files)('%s', (name) => {
    ran.push(name);
    checkFile(name, engine);
  });
  // STYLE.md: the suite runs twice, gas off and gas on (metered code, a limit no test reaches),
  // so metering can never change a result.
  const metered = detwasmEngine({ gas: true, features });
  it.each(files)('%s (gas on)', (name) => {
    ranGasOn.push(name);
    checkFile(name, metered);
  });
  // The JS tier (js-tier.ts) must give the interpreter's results: the suite again on it, gas off
  // and gas on (the strict schedule charges every straight-line run, which the tier mirrors).
  const ranJs: string[] = [];
  const onJsTier = [detwasmEngine({ features, tier: 'js' }), detwasmEngine({ gas: true, features, tier: 'js' })];
  it.each(files)('%s (JS tier, gas off and on)', (name) => {
    ranJs.push(name);
    for (const e of onJsTier) checkFile(name, e);
  });
  it('ran every JSON file of the suite, gas off and gas on', () => {
    // Listed again here, not through listSpecFiles(), so that a file dropped there is noticed.
    const onDisk = readdirSync(SPEC_CORE_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(onDisk.length).toBeGreaterThan(0);
    expect(ran.length, 'files run, gas off').toBe(onDisk.length);
    expect(ranGasOn.length, 'files run, gas on').toBe(onDisk.length);
    expect([...ranJs].sort(), 'files run on the JS tier').toEqual(onDisk);
    expect([...ran].sort()).toEqual(onDisk);
    expect([...ranGasOn].sort()).toEqual(onDisk);
  });
});

/**
 * Proposal folders, run as the overlay their README describes: the core files (run above) plus
 * the folder's files, a folder file replacing the core file of the same name; so here only the
 * folder's own files, gas off and gas on.
 */
describe.each(Object.keys(SUITE_FEATURES).filter((p) => p !== ''))('spec suite (proposal %s, overlaid on core)', (proposal) => {
  const dir = join(SPEC_PROPOSALS_DIR, proposal);
  if (!hasSpecSuite(dir)) {
    it('is present', () => {
      if (isCI()) throw new Error(`proposal folder not found at ${dir}`);
      expect(hasSpecSuite(SPEC_CORE_DIR), 'the core suite is there but this proposal is not').toBe(false);
    });
    return;
  }
  const pending = PENDING_FILES[proposal] ?? {};
  const refs = folderFiles(proposal).filter((r) => !(r.name in pending));
  it('overlays the core suite: its files replace core files of the same name, the rest of core stays', () => {
    const overlay = overlayFiles(proposal);
    const stem = (name: string): string => name.replace(/\.(json|wast)$/, '');
    for (const { name, path } of folderFiles(proposal)) expect(overlay.find((f) => f.name === name)?.path).toBe(path);
    const bases = (SUITE_BASES[proposal] ?? []).flatMap((b) => folderFiles(b).map((r) => r.name));
    const names = [...listSpecFiles(), ...bases, ...folderFiles(proposal).map((r) => r.name)];
    expect(overlay.length).toBe(new Set(names.map(stem)).size);
  });
  const features = suiteFeatures(proposal)!;
  const named = refs.map((ref) => [ref.name, ref] as const);
  it.each(named)('%s', (_name, ref) => checkRef(ref, detwasmEngine({ features })));
  it.each(named)('%s (gas on)', (_name, ref) => checkRef(ref, detwasmEngine({ gas: true, features })));
  it.each(named)('%s (JS tier, gas on)', (_name, ref) => checkRef(ref, detwasmEngine({ gas: true, features, tier: 'js' })));
  if (Object.keys(pending).length > 0) {
    it.each(Object.entries(pending))('%s still fails: it needs %s (PENDING_FILES)', async (name) => {
      const report = runFile(await loadSpec(join(dir, name)), detwasmEngine({ features }));
      expect(report.failed, `${name} passes now: remove it from PENDING_FILES`).toBeGreaterThan(0);
    });
  }
});

/**
 * A proposal's features switched off: every module of the folder that compiles with the folder's
 * features either does not need them (and compiles without) or is rejected with an error that
 * names one of them; some are rejected (the folder does test its feature).
 */
describe.each(Object.entries(SUITE_FEATURES).filter(([p]) => p !== ''))('spec suite (proposal %s) with %s off', (proposal, names) => {
  const dir = join(SPEC_PROPOSALS_DIR, proposal);
  if (!hasSpecSuite(dir)) return; // reported by the suite above
  const on = suiteFeatures(proposal)!;
  const off = resolveFeatures(Object.fromEntries(names.map((n) => [n, false])), on);
  it('rejects exactly by the feature-naming error', async () => {
    let rejected = 0;
    let accepted = 0;
    for (const { name, path } of folderFiles(proposal).filter((r) => !(r.name in (PENDING_FILES[proposal] ?? {})))) {
      const file = await loadSpec(path);
      for (const c of file.commands) {
        if (c.type !== 'module' || !('filename' in c) || !String(c.filename).endsWith('.wasm')) continue;
        const bytes = readModuleFile(file, String(c.filename));
        compile(bytes, { features: on }); // a module command: valid with the folder's features
        try {
          compile(bytes, { features: off });
          accepted++;
        } catch (e) {
          const where = `${name} ${String(c.filename)}`;
          expect(e instanceof InvalidError || e instanceof MalformedError, where).toBe(true);
          expect(names.some((n) => (e as Error).message.includes(`requires feature '${n}'`)), `${where}: ${(e as Error).message}`).toBe(true);
          rejected++;
        }
      }
    }
    expect(rejected, `modules rejected without ${names.join(', ')} (${accepted} accepted)`).toBeGreaterThan(0);
  });
});
