/**
 * real suite (issue 12 item 1, "a bench that tells the truth"): real compiled code beside the
 * kernels, each under detwasm (the interpreter and the JS tier, each unmetered and metered with
 * DEFAULT_GAS_SCHEDULE), V8's optimizing
 * tier TurboFan and V8's baseline tier Liftoff, in the same run, with full inputs:
 *   - hash-wasm's sha256, blake3 and keccak-256 modules (extracted from the pinned npm package at
 *     bench time, bench/real-subjects.mjs), each hashing 16 MiB per call;
 *   - workloads/coremix.wasm, a CoreMark-like C mix (list, matrix, state machine, CRC, f64);
 *   - the execute suite's kernels (bench/suites/execute.mjs, same modules and arguments).
 * Per workload it prints time per call of each way and the ratios detwasm/TurboFan,
 * metered/TurboFan, JS tier/TurboFan (unmetered, metered) and Liftoff/TurboFan, and their
 * geometric means (all, real code only, kernels only); writes results/node<major>/real.json and
 * real.txt (the printed table). The JS tier's gas per call must equal the interpreter's.
 *
 * Every way's result (digest, checksum) is checked equal to TurboFan's before timing. Each
 * workload is measured in a fresh child process per way (each with TurboFan beside it), so no
 * workload's JIT state (run()'s deoptimisations) leaks into the
 * next one's figures, and run() is compiled for one kind of code, as an embedder runs it.
 * TurboFan: compiled with --no-liftoff set at run time (as the execute suite, not on V8 >= 14)
 * and warmed up. Liftoff: a child process `node --liftoff-only` runs the same subjects with V8
 * only, so its code never tiers up. Not `--liftoff --no-wasm-tier-up`: on V8 11.3 dynamic tiering
 * still tiered coremix up (29 ms, then 12, then 9.4 ms per call; --liftoff-only stayed at 12.9).
 *
 * Timing is CPU time of the process (`process.cpuUsage()`, user + system, as bench/ab.mjs), not
 * wall time: the 2-core machine is shared, and wall time counts the time spent waiting for a
 * core. The ways of a workload are timed interleaved in rounds (one batch of each per round, order
 * rotating); time per call = median over rounds. A hash call of 16 MiB takes seconds on detwasm,
 * so its batches are single calls and the rounds few.
 *
 * Environment: BENCH_REAL_ROUNDS (default 3), BENCH_REAL_MIB (hash input per call, default 16),
 * BENCH_REAL_BATCH_MS (CPU time of a batch for the fast workloads, default 100),
 * BENCH_WARMUP_MS (default 100), BENCH_REAL_ONLY (comma-separated workload names).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { DEFAULT_GAS_SCHEDULE, compile, instantiate } from '../../dist/index.js';
import { RESULTS_DIR, formatTable, formatTime, geometricMean, median, readWorkload } from '../lib.mjs';
import { COREMIX, HASH_SUBJECTS, extractHashWasm, hashInput, hashWasmVersion, hashWith } from '../real-subjects.mjs';
import { WORKLOADS } from './execute.mjs';

const ROUNDS = Number(process.env.BENCH_REAL_ROUNDS ?? 3);
const HASH_MIB = Number(process.env.BENCH_REAL_MIB ?? 16);
const BATCH_MS = Number(process.env.BENCH_REAL_BATCH_MS ?? 100);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 100);
const ONLY = process.env.BENCH_REAL_ONLY ? process.env.BENCH_REAL_ONLY.split(',') : null;
/** coremix iterations per call: ~12 ms on TurboFan, about a second on detwasm. */
const COREMIX_ITERATIONS = 200;
const GAS_LIMIT = 2 ** 50;
const TOGGLE_LIFTOFF = Number(process.versions.v8.split('.')[0]) < 14; // see execute.mjs
const CHILD_FLAG = '--real-liftoff-child';
const WORKLOAD_CHILD_FLAG = '--real-workload-child';

/** CPU milliseconds of this process. */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Every workload: name, what, kind (real | kernel), bytes, and `run(call, memory)` → result. */
function subjects() {
  const input = hashInput(HASH_MIB * 1024 * 1024);
  const list = [
    ...HASH_SUBJECTS.map((s) => ({
      key: s.name, name: `${s.name}(${HASH_MIB} MiB)`, kind: 'real', bytes: extractHashWasm(s.dist),
      what: `hash-wasm ${s.name}, ${HASH_MIB} MiB per call in 16 KiB Hash_Update chunks`,
      run: (call, memory) => hashWith(s, call, memory, input),
    })),
    {
      key: 'coremix', name: `coremix(${COREMIX_ITERATIONS})`, kind: 'real', bytes: readWorkload(COREMIX.file),
      what: 'CoreMark-like C mix: linked list, i32 matrix, state machine, CRC16/32, f64',
      run: (call) => call('coremix', [COREMIX_ITERATIONS]) >>> 0,
    },
    ...WORKLOADS.map((w) => ({
      key: w.name, name: `${w.name}(${w.arg})`, kind: 'kernel', bytes: readWorkload(w.file), what: w.what,
      run: (call) => call(w.name, [w.arg]),
    })),
  ];
  return ONLY === null ? list : list.filter((s) => ONLY.includes(s.key));
}

/** V8 way of a subject: `() => result`. With `turbofan`, compiled and first run under --no-liftoff. */
function v8Way(s, turbofan) {
  const toggle = turbofan && TOGGLE_LIFTOFF;
  if (toggle) v8.setFlagsFromString('--no-liftoff');
  try {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(s.bytes)).exports;
    const hot = () => s.run((n, a) => exports[n](...a), () => exports.memory.buffer);
    const first = hot(); // lazy compilation happens here, while --no-liftoff is set
    return { hot, first };
  } finally {
    if (toggle) v8.setFlagsFromString('--liftoff');
  }
}

function detwasmWay(s, tier) {
  const exports = instantiate(compile(s.bytes), undefined, { tier }).exports;
  return { hot: () => s.run((n, a) => exports[n](...a), () => exports.memory.buffer) };
}

function meteredWay(s, tier) {
  const instance = instantiate(compile(s.bytes), undefined, { gas: DEFAULT_GAS_SCHEDULE, tier });
  const control = { gasLimit: GAS_LIMIT };
  let gas = 0;
  const call = (n, a) => {
    const o = instance.invokeMetered(n, a, control);
    if (o.error !== null) throw o.error;
    gas += o.gasUsed;
    return o.results[0];
  };
  const memory = () => instance.exports.memory.buffer;
  return {
    hot: () => { gas = 0; return s.run(call, memory); },
    gasPerCall: () => gas,
  };
}

/**
 * Times the ways of one subject interleaved; returns CPU ms per call of each way, per round.
 * Each way's batch is sized from its own warm-up to about BATCH_MS of CPU time, so a fast way is
 * not timed over a few hundred microseconds (the CPU clock's granularity).
 */
function timeWays(ways) {
  const calls = ways.map((way) => {
    const t0 = cpuMs();
    let n = 0;
    while (n < 1 || cpuMs() - t0 < WARMUP_MS) { way.hot(); n++; }
    return Math.max(1, Math.round(BATCH_MS / ((cpuMs() - t0) / n)));
  });
  const perCall = ways.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < ways.length; k++) {
      const i = (round + k) % ways.length;
      const t0 = cpuMs();
      for (let c = 0; c < calls[i]; c++) ways[i].hot();
      perCall[i].push((cpuMs() - t0) / calls[i]);
    }
  }
  return perCall;
}

/**
 * The ways detwasm runs a workload: the interpreter unmetered ('plain') and metered, and the JS
 * tier (InstantiateOptions `tier: 'js'`) unmetered and metered.
 */
const WAYS = ['plain', 'metered', 'js', 'js-metered'];
const isMetered = (way) => way === 'metered' || way === 'js-metered';

/**
 * Measures one subject in this process: detwasm one `way` (WAYS), and TurboFan, results checked
 * first.
 */
function measure(s, way) {
  const turbofan = v8Way(s, true);
  const expected = String(turbofan.first);
  const tier = way.startsWith('js') ? 'js' : 'interpreter';
  const ours = isMetered(way) ? meteredWay(s, tier) : detwasmWay(s, tier);
  for (const [w, label] of [[ours, `detwasm ${way}`], [turbofan, 'TurboFan again']]) {
    const got = String(w.hot());
    if (got !== expected) throw new Error(`${s.name}: ${label} gave ${got}, TurboFan ${expected}`);
  }
  const [d, t] = timeWays([ours, turbofan]);
  return { name: s.name, kind: s.kind, what: s.what, result: expected, gasPerCall: isMetered(way) ? ours.gasPerCall() : null, ms: d, turbofanMs: t };
}

/**
 * One workload, one way, in a fresh child process. Unmetered and metered run in processes of
 * their own: in one process run() is compiled for both kinds of code (the _LOOP branch forms, GAS
 * ops), which neither a chain nor an unmetered embedder runs; on an AMD EPYC machine (2026-12-04)
 * that shared process made metered collatz 56× TurboFan where it is 33× alone.
 */
function measureInChild(s, way) {
  // A fresh process per workload: run() deoptimised after the hash-wasm modules ran in the same
  // process, and hash(2) then took 62.8 ms instead of 1.4 ms (results/node20/real-one-process.txt).
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), WORKLOAD_CHILD_FLAG, way], {
    encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_REAL_ONLY: s.key },
  });
  if (r.status !== 0) throw new Error(`${s.name} (${way}): child exited with ${r.status}`);
  return JSON.parse(r.stdout);
}

/** In the Liftoff child: time V8 (no tier-up) on every subject; JSON on stdout. */
function liftoffChild() {
  const out = {};
  for (const s of subjects()) {
    const way = v8Way(s, false);
    const [ms] = timeWays([way]);
    out[s.name] = { result: String(way.first), perCallMs: ms };
  }
  process.stdout.write(JSON.stringify({ v8: process.versions.v8, execArgv: process.execArgv, subjects: out }));
}

function ratio(x) { return `${x.toFixed(2)}×`; }

export async function run() {
  const started = performance.now();
  const list = subjects();
  console.log(`\n== real (${list.length} workloads; ${ROUNDS} rounds, CPU time; hash input ${HASH_MIB} MiB) ==`);
  const rows = [];
  for (const s of list) {
    const [plain, metered, js, jsMetered] = WAYS.map((way) => measureInChild(s, way));
    for (const [o, way] of [[metered, 'metered'], [js, 'js'], [jsMetered, 'js-metered']]) {
      if (o.result !== plain.result) throw new Error(`${s.name}: ${way} gave ${o.result}, unmetered ${plain.result}`);
    }
    // The JS tier charges what the interpreter charges.
    if (jsMetered.gasPerCall !== metered.gasPerCall) throw new Error(`${s.name}: the JS tier used ${jsMetered.gasPerCall} gas, the interpreter ${metered.gasPerCall}`);
    // TurboFan ran in every child: its figure is the median of all their rounds.
    const turbofan = [plain, metered, js, jsMetered].flatMap((o) => o.turbofanMs);
    const row = {
      name: s.name, kind: s.kind, what: s.what, result: plain.result, gasPerCall: metered.gasPerCall,
      detwasmMs: median(plain.ms), meteredMs: median(metered.ms), jsMs: median(js.ms), jsMeteredMs: median(jsMetered.ms), turbofanMs: median(turbofan),
      samplesMs: { detwasm: plain.ms, metered: metered.ms, js: js.ms, jsMetered: jsMetered.ms, turbofan },
    };
    rows.push(row);
    console.log(`  ${s.name}: detwasm ${formatTime(row.detwasmMs / 1e3)}, metered ${formatTime(row.meteredMs / 1e3)}, JS tier ${formatTime(row.jsMs / 1e3)}, `
      + `JS tier metered ${formatTime(row.jsMeteredMs / 1e3)}, TurboFan ${formatTime(row.turbofanMs / 1e3)} (result ${row.result})`);
  }

  console.log('  Liftoff child (node --liftoff-only) ...');
  const child = spawnSync(process.execPath, ['--liftoff-only', fileURLToPath(import.meta.url), CHILD_FLAG], {
    encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'], env: process.env,
  });
  if (child.status !== 0) throw new Error(`Liftoff child exited with ${child.status}`);
  const lift = JSON.parse(child.stdout);
  for (const row of rows) {
    const l = lift.subjects[row.name];
    if (l.result !== row.result) throw new Error(`${row.name}: Liftoff gave ${l.result}, TurboFan ${row.result}`);
    row.liftoffMs = median(l.perCallMs);
    row.samplesMs.liftoff = l.perCallMs;
    row.ratios = {
      detwasm: row.detwasmMs / row.turbofanMs,
      metered: row.meteredMs / row.turbofanMs,
      js: row.jsMs / row.turbofanMs,
      jsMetered: row.jsMeteredMs / row.turbofanMs,
      liftoff: row.liftoffMs / row.turbofanMs,
    };
  }

  const table = [['workload', 'detwasm', 'metered', 'JS tier', 'JS metered', 'TurboFan', 'Liftoff', 'detwasm/TF', 'metered/TF', 'JS/TF',
    'JS metered/TF', 'Liftoff/TF', 'gas/call']];
  for (const r of rows) {
    table.push([r.name, formatTime(r.detwasmMs / 1e3), formatTime(r.meteredMs / 1e3), formatTime(r.jsMs / 1e3), formatTime(r.jsMeteredMs / 1e3),
      formatTime(r.turbofanMs / 1e3), formatTime(r.liftoffMs / 1e3), ratio(r.ratios.detwasm), ratio(r.ratios.metered), ratio(r.ratios.js),
      ratio(r.ratios.jsMetered), ratio(r.ratios.liftoff), String(r.gasPerCall)]);
  }
  const geomeans = {};
  for (const [label, pick] of [['all', () => true], ['real code', (r) => r.kind === 'real'], ['kernels', (r) => r.kind === 'kernel']]) {
    const sel = rows.filter(pick);
    if (sel.length === 0) continue;
    const g = {
      detwasm: geometricMean(sel.map((r) => r.ratios.detwasm)),
      metered: geometricMean(sel.map((r) => r.ratios.metered)),
      js: geometricMean(sel.map((r) => r.ratios.js)),
      jsMetered: geometricMean(sel.map((r) => r.ratios.jsMetered)),
      liftoff: geometricMean(sel.map((r) => r.ratios.liftoff)),
    };
    geomeans[label] = g;
    table.push([`geomean (${label})`, '', '', '', '', '', '', ratio(g.detwasm), ratio(g.metered), ratio(g.js), ratio(g.jsMetered), ratio(g.liftoff), '']);
  }
  const text = `real (Node ${process.versions.node}, V8 ${process.versions.v8}, hash-wasm ${hashWasmVersion()}; `
    + `median of ${ROUNDS} rounds of CPU time per call; TF = TurboFan)\n${formatTable(table)}`;
  console.log(`\n${text}`);

  const report = {
    suite: 'real',
    date: new Date().toISOString(),
    versions: { node: process.versions.node, v8: process.versions.v8, hashWasm: hashWasmVersion() },
    machine: { platform: process.platform, arch: process.arch, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null, loadAverage: os.loadavg() },
    options: { rounds: ROUNDS, hashMiB: HASH_MIB, batchMs: BATCH_MS, warmUpMs: WARMUP_MS, clock: 'process.cpuUsage (user + system)', gas: 'DEFAULT_GAS_SCHEDULE' },
    note: 'ratios = median CPU time per call / TurboFan median CPU time per call; Liftoff measured in a child process run with --liftoff-only',
    workloads: rows,
    geometricMeans: geomeans,
    seconds: (performance.now() - started) / 1000,
    // For bench/run.mjs's summary table: one case per way and one ratio row per detwasm way.
    cases: rows.flatMap((r) => [
      { name: `${r.name} | detwasm`, meanSeconds: r.detwasmMs / 1e3, variant: null },
      { name: `${r.name} | detwasm metered`, meanSeconds: r.meteredMs / 1e3, variant: 'metered' },
      { name: `${r.name} | detwasm JS tier`, meanSeconds: r.jsMs / 1e3, variant: 'JS tier' },
      { name: `${r.name} | detwasm JS tier metered`, meanSeconds: r.jsMeteredMs / 1e3, variant: 'JS tier metered' },
      { name: `${r.name} | v8 Liftoff`, meanSeconds: r.liftoffMs / 1e3, variant: 'V8 Liftoff' },
      { name: `${r.name} | v8 TurboFan`, meanSeconds: r.turbofanMs / 1e3, variant: null },
    ]),
    ratios: rows.flatMap((r) => [
      { group: r.name, detwasm: `${r.name} | detwasm`, v8: `${r.name} | v8 TurboFan`, ratio: r.ratios.detwasm },
      { group: r.name, detwasm: `${r.name} | detwasm metered`, v8: `${r.name} | v8 TurboFan`, ratio: r.ratios.metered },
      { group: r.name, detwasm: `${r.name} | detwasm JS tier`, v8: `${r.name} | v8 TurboFan`, ratio: r.ratios.js },
      { group: r.name, detwasm: `${r.name} | detwasm JS tier metered`, v8: `${r.name} | v8 TurboFan`, ratio: r.ratios.jsMetered },
      { group: r.name, detwasm: `${r.name} | v8 Liftoff`, v8: `${r.name} | v8 TurboFan`, ratio: r.ratios.liftoff },
    ]),
    geometricMeanRatio: geomeans.all?.detwasm ?? NaN,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'real.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'real.txt'), `${text}\n`);
  return report;
}

if (process.argv.includes(CHILD_FLAG)) liftoffChild();
if (process.argv.includes(WORKLOAD_CHILD_FLAG)) {
  const [s] = subjects();
  const way = process.argv[process.argv.indexOf(WORKLOAD_CHILD_FLAG) + 1];
  if (!WAYS.includes(way)) throw new Error(`${WORKLOAD_CHILD_FLAG} takes ${WAYS.join(', ')}, not ${way}`);
  process.stdout.write(JSON.stringify(measure(s, way)));
}
