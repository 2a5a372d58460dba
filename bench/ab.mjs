#!/usr/bin/env node
/**
 * In-process A/B of two builds of detwasm on the execute workloads (bench/suites/execute.mjs; by
 * default all of them) or on the real subjects named (sha256, blake3, keccak256 on 32 KiB,
 * coremix(1); bench/subjects.mjs): both builds' `index.js` are loaded into one process, every
 * workload runs under each, and the
 * two are timed in interleaved rounds (each round one batch of A and one of B, the order
 * alternating), so drift of a shared machine hits both alike. Prints per workload the median over
 * rounds of the ratio B / A of the same round, with its quartiles, and the ratio of the two
 * fastest batches (what a batch takes when nothing else ran; the steadier figure when other jobs
 * share the machine); below 1 means B is faster.
 * Whole-process A/B timings on the 2-core CI machine varied by ±25% between identical runs and
 * favoured the second command of a pair (docs/RATIONALE.md, SIMD placement); this does not.
 *
 *   node bench/ab.mjs A_DIST B_DIST [NAME...]   # e.g. a copy of dist/ from before a change, and dist/
 *
 * A batch is timed in CPU time of the process (`process.cpuUsage()`, user + system), not wall
 * time: on a machine shared with other jobs a batch's wall time includes the time the process
 * waited for a core, which swamped differences of 10% at a load average of 10 (A/A quartiles
 * 0.3-3x), while its CPU time does not. AB_CLOCK=wall times wall time instead.
 *
 * Results must agree between the builds (a mismatch fails the run). Environment: AB_ROUNDS
 * (default 15), AB_BATCH_MS (time of one batch, default 40), AB_CLOCK (cpu or wall, default cpu),
 * BENCH_WARMUP_MS (default 100).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertSame, warmUp } from './lib.mjs';
import { WORKLOADS } from './suites/execute.mjs';
import { SUBJECT_NAMES, runnerFor } from './subjects.mjs';

const ROUNDS = Number(process.env.AB_ROUNDS ?? 15);
const BATCH_MS = Number(process.env.AB_BATCH_MS ?? 40);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 100);
const CLOCK = process.env.AB_CLOCK ?? 'cpu';

/** Milliseconds on the chosen clock. */
function now() {
  if (CLOCK === 'wall') return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
}

async function load(dir) {
  return import(pathToFileURL(path.resolve(dir, 'index.js')).href);
}

const [dirA, dirB, ...names] = process.argv.slice(2);
if (dirA === undefined || dirB === undefined) {
  console.error('usage: node bench/ab.mjs A_DIST B_DIST [WORKLOAD...]');
  process.exit(2);
}
const builds = [await load(dirA), await load(dirB)];
const workloads = names.length === 0 ? WORKLOADS.map((w) => w.name) : names;
for (const n of workloads) {
  if (!SUBJECT_NAMES.includes(n)) {
    console.error(`unknown workload ${n}; known: ${SUBJECT_NAMES.join(', ')}`);
    process.exit(2);
  }
}

if (CLOCK !== 'cpu' && CLOCK !== 'wall') {
  console.error('AB_CLOCK must be cpu or wall');
  process.exit(2);
}
console.log(`A = ${dirA}\nB = ${dirB}\nNode ${process.versions.node} (V8 ${process.versions.v8}); ${ROUNDS} rounds, batches of ~${BATCH_MS} ms of ${CLOCK} time`);
console.log('| workload | A per call | B per call | B / A median (quartiles) | B / A fastest |\n|---|---|---|---|---|');
for (const name of workloads) {
  const hot = builds.map((b) => runnerFor(name, b));
  assertSame(`${name} B vs A`, hot[1](), hot[0]());
  let slowest = 0;
  for (const h of hot) {
    const t0 = performance.now();
    const n = warmUp(h, WARMUP_MS);
    slowest = Math.max(slowest, (performance.now() - t0) / n);
  }
  const calls = Math.max(1, Math.round(BATCH_MS / slowest));
  const perCall = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < 2; k++) {
      const i = (round + k) % 2;
      const h = hot[i];
      const t0 = now();
      for (let c = 0; c < calls; c++) h();
      perCall[i].push((now() - t0) / calls);
    }
  }
  const ratios = perCall[1].map((b, r) => b / perCall[0][r]);
  const ms = (xs) => `${quantile(xs, 0.5).toFixed(3)} ms`;
  const fastest = Math.min(...perCall[1]) / Math.min(...perCall[0]);
  console.log(`| ${name} | ${ms(perCall[0])} | ${ms(perCall[1])} | ${quantile(ratios, 0.5).toFixed(3)} (${quantile(ratios, 0.25).toFixed(3)}-${quantile(ratios, 0.75).toFixed(3)}) | ${fastest.toFixed(3)} |`);
}
