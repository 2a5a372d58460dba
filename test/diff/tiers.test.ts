/**
 * Determinism across JIT tiers (issue 5, item 3): the differential corpus (fixed seed) and the
 * core spec suite, run with gas on, give one digest of all results, trap codes and `gasUsed`
 * (tier-digest.ts) under `node`, `node --jitless`, `node --no-opt` and `node --max-opt=1`.
 *
 * The children run the built engine (dist/; `npm test` builds first) through tier-child.ts,
 * transpiled here with TypeScript's transpileModule into a temporary folder (test/gen, test/diff
 * and test/spec, with `src` linked to dist/), so they need plain `node` only. Every spec file
 * runs (SIMD files included); measured on the 2-core
 * CI machine: ~4 s per child, ~7 s under --jitless at first; 2026-12-04, with the corpus on both
 * execution tiers and the JS tier taking floats, 36-45 s per child and 84 s under --jitless. With TIERS_DIGEST_FILE set, the agreed digest
 * and counts are written there as JSON, for scripts/node-lines.mjs to compare across Node lines.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { Choices } from '../gen/choices.js';
import { generateCase } from '../gen/module-gen.js';
import { hasSpecSuite, isCI, listSpecFiles, REPO_ROOT, SPEC_CORE_DIR } from '../spec/paths.js';
import { moduleToJson } from './run-generated.js';

const SEED = Number(process.env['TIERS_SEED'] ?? 20250917);
const CORPUS_MODULES = Number(process.env['TIERS_MODULES'] ?? 1000);

/** V8 flag sets: the default tiering, interpreter only, no optimizing compiler, baseline only. */
const MODES: readonly (readonly string[])[] = [[], ['--jitless'], ['--no-opt'], ['--max-opt=1']];

const DIST_INDEX = join(REPO_ROOT, 'dist', 'index.js');

/** Transpiles the non-test TypeScript of test/gen, test/diff, test/spec to JS under `out`. */
function transpileHarness(out: string): void {
  for (const dir of ['gen', 'diff', 'spec']) {
    const from = join(REPO_ROOT, 'test', dir);
    const to = join(out, 'test', dir);
    mkdirSync(to, { recursive: true });
    for (const f of readdirSync(from)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
      const js = ts.transpileModule(readFileSync(join(from, f), 'utf8'), {
        compilerOptions: {
          module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, sourceMap: false,
        },
        fileName: f,
      }).outputText;
      writeFileSync(join(to, f.replace(/\.ts$/, '.js')), js);
    }
  }
  // `../../src/index.js` in the transpiled files resolves to the built engine; packages resolve
  // from the repository's node_modules.
  symlinkSync(join(REPO_ROOT, 'dist'), join(out, 'src'), 'dir');
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(out, 'node_modules'), 'dir');
}

interface ChildResult {
  readonly digest: string;
  readonly counts: Record<string, number>;
  readonly ms: number;
  readonly flags: readonly string[];
}

function runChild(flags: readonly string[], args: readonly string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => { stdout += b.toString(); });
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`node ${flags.join(' ')} exited with ${code}:\n${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult);
      } catch (e) {
        reject(new Error(`node ${flags.join(' ')} printed no result: ${stdout}\n${stderr}`, { cause: e }));
      }
    });
  });
}

/** Runs the children two at a time (the CI machine has 2 cores), in MODES order. */
async function runModes(args: readonly string[]): Promise<ChildResult[]> {
  const results: ChildResult[] = new Array<ChildResult>(MODES.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < MODES.length) {
      const i = next++;
      results[i] = await runChild(MODES[i]!, args);
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

describe(`JIT tiers (corpus seed ${SEED}, ${CORPUS_MODULES} modules, gas on)`, () => {
  const work = mkdtempSync(join(tmpdir(), 'detwasm-tiers-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const haveSuite = hasSpecSuite();
  if (!haveSuite && !isCI()) console.warn(`tier test without spec files: no spec suite at ${SPEC_CORE_DIR}`);

  it('node, --jitless, --no-opt and --max-opt=1 give one digest of results, traps and gasUsed', async () => {
    expect(existsSync(DIST_INDEX), `${DIST_INDEX} missing: run \`npm run build\` (npm test does)`).toBe(true);
    if (isCI()) expect(haveSuite, `spec suite missing at ${SPEC_CORE_DIR} (CI=true)`).toBe(true);
    transpileHarness(work);
    const corpus = [];
    // Every fourth case has SIMD code: v128 lanes (NaN payloads in lane moves, canonical NaNs from
    // lane arithmetic) must come out the same on every tier too.
    for (let i = 0; i < CORPUS_MODULES; i++) corpus.push(moduleToJson(generateCase(Choices.fromSeed(SEED + i), { simd: i % 4 === 3, intOnly: i % 4 === 1 })));
    const corpusPath = join(work, 'corpus.json');
    writeFileSync(corpusPath, JSON.stringify(corpus));
    const specFiles = haveSuite ? listSpecFiles() : [];
    const child = join(work, 'test', 'diff', 'tier-child.js');
    const results = await runModes([child, corpusPath, SPEC_CORE_DIR, ...specFiles]);
    for (let i = 0; i < MODES.length; i++) {
      const r = results[i]!;
      console.log(`node ${MODES[i]!.join(' ') || '(default)'}: ${r.digest} in ${r.ms} ms ${JSON.stringify(r.counts)}`);
    }
    const first = results[0]!;
    expect(first.counts['cases']).toBe(CORPUS_MODULES);
    expect(first.counts['calls']).toBeGreaterThan(CORPUS_MODULES);
    if (haveSuite) {
      expect(first.counts['specFiles']).toBe(specFiles.length);
      expect(first.counts['specInvokes']).toBeGreaterThan(10_000);
    }
    for (const r of results) expect({ flags: r.flags, digest: r.digest, counts: r.counts }).toEqual({ flags: r.flags, digest: first.digest, counts: first.counts });
    // scripts/node-lines.mjs compares this digest across Node lines (issue 9).
    const digestFile = process.env['TIERS_DIGEST_FILE'];
    if (digestFile !== undefined && digestFile !== '') {
      writeFileSync(digestFile, JSON.stringify({ digest: first.digest, counts: first.counts, node: process.versions.node }));
    }
  }, 300_000); // (four children on two cores: ~140 s on the CI machine since the JS tier takes floats)
});
