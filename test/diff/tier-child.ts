/**
 * Child process of tiers.test.ts: computes the tier digest (tier-digest.ts) of a corpus of
 * generated modules and of spec files, on the built engine, and prints one JSON line
 * `{ digest, counts, ms, flags }`.
 *
 * tiers.test.ts transpiles this file and its imports to plain JS in a temporary folder whose
 * `src` is a link to `dist/`, so the child needs nothing but `node` (run with --jitless etc.).
 *
 * Usage: node [v8 flags] tier-child.js <corpus.json> <spec dir> [spec file ...]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../../src/index.js';
import { loadSpecFile } from '../spec/commands.js';
import { detwasmEngine } from '../spec/detwasm-engine.js';
import { runFile } from '../spec/runner.js';
import { moduleFromJson } from './run-generated.js';
import { Digest, digestGenerated, meteredSpecEngine, newCounts } from './tier-digest.js';

function main(): void {
  const [corpusPath, specDir, ...specFiles] = process.argv.slice(2);
  if (corpusPath === undefined || specDir === undefined) throw new Error('usage: tier-child.js <corpus.json> <spec dir> [file ...]');
  const started = performance.now();
  const d = new Digest();
  const counts = newCounts();
  const corpus = (JSON.parse(readFileSync(corpusPath, 'utf8')) as unknown[]).map(moduleFromJson);
  digestGenerated(api, corpus, d, counts);
  const engine = meteredSpecEngine(api, detwasmEngine({ gas: true }), d, counts);
  for (const name of specFiles) {
    const report = runFile(loadSpecFile(join(specDir, name)), engine);
    d.add(`${name}: ${report.passed} passed, ${report.failed} failed ${JSON.stringify(report.failures)}`);
    counts.specFiles++;
    counts.specCommands += report.passed + report.failed;
  }
  const out = { digest: d.hex(), counts, ms: Math.round(performance.now() - started), flags: process.execArgv };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main();
