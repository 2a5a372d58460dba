#!/usr/bin/env node
/**
 * Instructions per run of a workload, counted by valgrind's callgrind. For each workload, one
 * process runs it N times and one 3N times after the same warm-up (30 runs), both under
 * `setarch -R valgrind --tool=callgrind --smc-check=all-non-file node --predictable
 * --single-threaded` (bench/lib.mjs callgrindCount), and the figure is
 * (I(3N) - I(N)) / 2N: start-up, compilation and warm-up cancel when both processes tier alike.
 * Before `--smc-check=all-non-file` was passed here (2026-12-03), two counts of one build differed
 * by up to 25% (coremix 21.6 M and 26.9 M per run): valgrind ran stale translations of machine
 * code V8 had patched. With it, two counts run side by side agreed within 0.1% (coremix 26.087 M,
 * 26.096 M; docs/RATIONALE.md "Dispatch").
 *
 *   node bench/callgrind.mjs DIST [NAME...]     # DIST: a build's dist/ folder; NAME: see below
 *
 * NAME is an execute workload (bench/suites/execute.mjs), a hash-wasm subject (sha256, blake3,
 * keccak256: one hash of 32 KiB) or coremix (coremix(1)); default: sort, matmul, sha256, blake3,
 * keccak256, coremix. Environment: CG_N (default 5); CG_GAS=default|strict runs the workloads
 * metered under that gas schedule (the code a chain runs: _LOOP branch forms, GAS ops). fib and
 * calls do not repeat under callgrind (two counts of one build 30% apart): time them with
 * bench/ab.mjs instead. Needs valgrind.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { callgrindCount } from './lib.mjs';
import { SUBJECT_NAMES, meteredEngine, runnerFor } from './subjects.mjs';

const DEFAULT = ['sort', 'matmul', 'sha256', 'blake3', 'keccak256', 'coremix'];
const WARMUP_RUNS = 30;

/** The body of one counted process: `--child DIST NAME RUNS`. */
async function child(dist, name, runs) {
  const engine = await import(pathToFileURL(path.resolve(dist, 'index.js')).href);
  const once = runnerFor(name, meteredEngine(engine, process.env.CG_GAS, 'CG_GAS'));
  if (once === undefined) throw new Error(`unknown workload ${name}; known: ${SUBJECT_NAMES.join(', ')}`);
  for (let i = 0; i < WARMUP_RUNS; i++) once();
  for (let i = 0; i < runs; i++) once();
}

/** Instructions callgrind collected for one child process. */
function count(dist, name, runs) {
  const self = fileURLToPath(import.meta.url);
  return callgrindCount(['--predictable', '--single-threaded', self, '--child', dist, name, String(runs)], `callgrind of ${name}`).instructions;
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  await child(args[1], args[2], Number(args[3]));
} else {
  const [dist, ...names] = args;
  if (dist === undefined) {
    console.error('usage: node bench/callgrind.mjs DIST [NAME...]');
    process.exit(2);
  }
  const n = Number(process.env.CG_N ?? 5);
  console.log(`${path.resolve(dist)}: instructions per run, (I(${3 * n}) - I(${n})) / ${2 * n}`);
  for (const name of names.length > 0 ? names : DEFAULT) {
    const per = (count(dist, name, 3 * n) - count(dist, name, n)) / (2 * n);
    console.log(`${name.padEnd(10)} ${(per / 1e6).toFixed(3)} M`);
  }
}
