/**
 * js-api suite (issue 14 item 5): `detwasm/js-api` (dist/js-api/, the W3C JS API over detwasm)
 * against V8's native WebAssembly, in one run:
 *   - calls (benny, in this process, workloads/js-api.wat): JS -> an exported no-op `i32 -> i32`
 *     (`id`), and wasm -> JS: a loop in wasm calling an imported JS function (`callImport(1000)`
 *     calling `inc`), each per call, detwasm/js-api vs V8; the `id` group also has detwasm's core
 *     API (`instantiate(compile(bytes)).exports.id`) as a second detwasm line;
 *   - packages (child processes, not benny): each real npm package of
 *     test/js-api/packages/workloads.mjs runs its own glue on its fixed workload, once in a child
 *     `node` with V8's WebAssembly and once in a child `node --import detwasm-preload.mjs`
 *     (detwasm/js-api installed as globalThis.WebAssembly before the package loads); each child
 *     warms up (at least BENCH_JSAPI_BATCH_MS of CPU time and two runs), then times
 *     BENCH_JSAPI_ROUNDS batches of about that much CPU time; time per run = median of the batches
 *     (CPU time of the child, `process.cpuUsage()`, as the real suite: the machine is shared).
 *     The two children's outputs are checked equal first. Also reported, one sample each: the
 *     package's load (CPU ms; wasm compiled and instantiated there when the glue does it at load)
 *     and its first run (lazy compile / instantiate included).
 * Ratios = detwasm / V8; geometric means of the call ratios and of the package ratios apart, and
 * of all (the run.mjs summary's figure). Writes results/node<major>/js-api.json and js-api.txt.
 *
 * Environment: BENCH_MAX_TIME / BENCH_MIN_SAMPLES / BENCH_WARMUP_MS (benny cases, bench/lib.mjs),
 * BENCH_JSAPI_ROUNDS (5), BENCH_JSAPI_BATCH_MS (300), BENCH_JSAPI_SCALE (input size multiplier
 * of the package workloads, 1 = the test's inputs), BENCH_JSAPI_ONLY (comma-separated package names).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, instantiate } from '../../dist/index.js';
import { WebAssembly as DetwasmApi } from '../../dist/js-api/index.js';
import { PACKAGES } from '../../test/js-api/packages/workloads.mjs';
import { REPO_DIR, RESULTS_DIR, assertSame, formatReport, formatTable, formatTime, geometricMean, median, readWorkload, runSuite } from '../lib.mjs';

const CALLS = 1000;
const ROUNDS = Number(process.env.BENCH_JSAPI_ROUNDS ?? 5);
const BATCH_MS = Number(process.env.BENCH_JSAPI_BATCH_MS ?? 300);
const SCALE = Number(process.env.BENCH_JSAPI_SCALE ?? 1);
const ONLY = process.env.BENCH_JSAPI_ONLY ? process.env.BENCH_JSAPI_ONLY.split(',') : null;
const DRIVER = path.join(REPO_DIR, 'test/js-api/packages/run-package.mjs');
const PRELOAD = path.join(REPO_DIR, 'test/js-api/packages/detwasm-preload.mjs');

/** The call cases: the same module through V8's namespace, detwasm's and detwasm's core API. */
function callCases() {
  const bytes = readWorkload('js-api.wasm');
  const inc = (x) => (x + 1) | 0;
  const v = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { inc } }).exports;
  const d = new DetwasmApi.Instance(new DetwasmApi.Module(bytes), { env: { inc } }).exports;
  const core = instantiate(compile(bytes), { env: { inc } }).exports;
  for (const x of [0, 41, -1, 0x7fffffff]) {
    assertSame(`id(${x})`, d.id(x), v.id(x));
    assertSame(`core id(${x})`, core.id(x), v.id(x));
  }
  assertSame('callImport(1000)', d.callImport(CALLS), v.callImport(CALLS));
  assertSame('callImport(1000) = 1000', v.callImport(CALLS), CALLS);
  const idLoop = (f) => () => { let s = 0; for (let i = 0; i < CALLS; i++) s = f(i); return s; };
  return [
    { group: 'JS -> export id(i32) -> i32', engine: 'detwasm', variant: 'js-api', callsPerOp: CALLS, setup: () => idLoop(d.id) },
    { group: 'JS -> export id(i32) -> i32', engine: 'detwasm', variant: 'core API', callsPerOp: CALLS, setup: () => idLoop(core.id) },
    { group: 'JS -> export id(i32) -> i32', engine: 'v8', callsPerOp: CALLS, setup: () => idLoop(v.id) },
    { group: 'wasm -> JS import inc(i32) -> i32', engine: 'detwasm', variant: 'js-api', callsPerOp: CALLS, setup: () => () => d.callImport(CALLS) },
    { group: 'wasm -> JS import inc(i32) -> i32', engine: 'v8', callsPerOp: CALLS, setup: () => () => v.callImport(CALLS) },
  ];
}

/** One package in a child process: V8's WebAssembly, or detwasm/js-api through the preload. */
function timePackage(name, engine) {
  const args = [...(engine === 'detwasm' ? ['--import', PRELOAD] : []), DRIVER, name, '--scale', String(SCALE), '--bench', String(BATCH_MS), '--rounds', String(ROUNDS)];
  const r = spawnSync(process.execPath, args, { cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${name} (${engine}): child exited with ${r.status}`);
  const row = JSON.parse(r.stdout.trim().split('\n').at(-1));
  if (row.engine !== engine) throw new Error(`${name}: the ${engine} child ran on ${row.engine}`);
  return row;
}

export async function run() {
  const started = performance.now();
  const report = await runSuite('js-api', callCases(), { note: `calls: each op makes ${CALLS} calls; packages: child processes, median CPU time per run` });

  const names = Object.keys(PACKAGES).filter((n) => ONLY === null || ONLY.includes(n));
  console.log(`\n== js-api packages (${names.length}; scale ${SCALE}, ${ROUNDS} rounds of ~${BATCH_MS} ms CPU per child) ==`);
  const packages = [];
  for (const name of names) {
    const v8 = timePackage(name, 'v8');
    const dw = timePackage(name, 'detwasm');
    const expected = JSON.stringify(v8.output);
    if (JSON.stringify(dw.output) !== expected) throw new Error(`${name}: detwasm's output differs from V8's:\n${JSON.stringify(dw.output)}\n${expected}`);
    const row = {
      name, version: v8.version, glue: PACKAGES[name].glue,
      detwasmMs: median(dw.perCallMs), v8Ms: median(v8.perCallMs),
      loadMs: { detwasm: dw.loadMs, v8: v8.loadMs }, firstMs: { detwasm: dw.firstMs, v8: v8.firstMs },
      samplesMs: { detwasm: dw.perCallMs, v8: v8.perCallMs }, callsPerBatch: { detwasm: dw.callsPerBatch, v8: v8.callsPerBatch },
      detwasmInstances: dw.witness.instances,
    };
    row.ratio = row.detwasmMs / row.v8Ms;
    packages.push(row);
    console.log(`  ${name}: detwasm ${formatTime(row.detwasmMs / 1e3)}, V8 ${formatTime(row.v8Ms / 1e3)} per run (${row.ratio.toFixed(1)}×); load ${row.loadMs.detwasm.toFixed(0)} / ${row.loadMs.v8.toFixed(0)} ms, first run ${row.firstMs.detwasm.toFixed(0)} / ${row.firstMs.v8.toFixed(0)} ms`);
  }

  for (const r of packages) {
    report.cases.push(
      { name: `${r.name} | detwasm`, group: r.name, engine: 'detwasm', variant: 'js-api', meanSeconds: r.detwasmMs / 1e3, medianSeconds: r.detwasmMs / 1e3, samples: r.samplesMs.detwasm.length },
      { name: `${r.name} | v8`, group: r.name, engine: 'v8', variant: null, meanSeconds: r.v8Ms / 1e3, medianSeconds: r.v8Ms / 1e3, samples: r.samplesMs.v8.length },
    );
    report.ratios.push({ group: r.name, detwasm: `${r.name} | detwasm`, v8: `${r.name} | v8`, ratio: r.ratio });
  }
  const callRatios = report.ratios.filter((r) => !names.includes(r.group)).map((r) => r.ratio);
  report.packages = packages;
  report.options = { ...report.options, packageRounds: ROUNDS, packageBatchMs: BATCH_MS, packageScale: SCALE, clock: 'benny wall time (calls); process.cpuUsage of each child (packages)' };
  report.geometricMeans = { calls: geometricMean(callRatios), packages: geometricMean(packages.map((r) => r.ratio)) };
  report.geometricMeanRatio = geometricMean(report.ratios.map((r) => r.ratio));
  report.seconds = (performance.now() - started) / 1000;
  // The machine is shared: the load at the end of the run says how far to trust the figures.
  report.machine = { ...report.machine, loadAverage: os.loadavg() };

  const table = [['package', 'version', 'detwasm/run', 'V8/run', 'ratio', 'load detwasm', 'load V8', 'first run detwasm', 'first run V8']];
  for (const r of packages) {
    table.push([r.name, r.version, formatTime(r.detwasmMs / 1e3), formatTime(r.v8Ms / 1e3), `${r.ratio.toFixed(1)}×`,
      formatTime(r.loadMs.detwasm / 1e3), formatTime(r.loadMs.v8 / 1e3), formatTime(r.firstMs.detwasm / 1e3), formatTime(r.firstMs.v8 / 1e3)]);
  }
  const text = `${formatReport({ ...report, cases: report.cases.filter((c) => !names.includes(c.group)), ratios: report.ratios.filter((r) => !names.includes(r.group)), geometricMeanRatio: report.geometricMeans.calls })}\n\n`
    + `packages (median CPU time per run of ${ROUNDS} batches; load and first run: CPU time, one sample)\n${formatTable(table)}\n`
    + `geometric mean of package ratios: ${report.geometricMeans.packages.toFixed(1)}×; of all ratios: ${report.geometricMeanRatio.toFixed(2)}×\n`
    + `load average at the end (1, 5, 15 min): ${report.machine.loadAverage.map((x) => x.toFixed(2)).join(', ')} on ${report.machine.cpus} CPUs`;
  console.log(`\n${text}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'js-api.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'js-api.txt'), `${text}\n`);
  return report;
}
