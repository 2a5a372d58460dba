/**
 * gas suite: what metering costs, and how fair the gas schedules are (issue 4, "Gas" and
 * "Bench"). Each workload of the execute suite (bench/suites/execute.mjs, same modules, exports
 * and arguments) runs under detwasm three ways:
 *   off      instantiate() without a schedule (unmetered code), the exported function called
 *   default  DEFAULT_GAS_SCHEDULE: calls and loop back-edges (+ bulk bytes, pages), invokeMetered
 *   strict   STRICT_GAS_SCHEDULE: the default + 1 gas per instruction, invokeMetered
 * with a gas limit no workload reaches. It reports the slowdown of each schedule against off
 * (target: under 15% for the default schedule) and the gas burnt per µs of run time under each
 * schedule; the spread of gas/µs between workloads (max/min) shows how fair a schedule is: with
 * a perfectly fair one every workload would buy the same CPU time per gas unit.
 *
 * Not benny: a slowdown of a few percent is below the drift of a shared machine between one
 * case and the next, so the three ways of a workload are timed interleaved, in rounds (each
 * round times a batch of each way, in rotating order), and the slowdown is the median over
 * rounds of the ratio metered/off of the same round. Time per call = median over rounds.
 * Results must agree across the three ways, and gas must be the same on every run.
 *
 * Environment: BENCH_MAX_TIME (seconds of sampling per way and workload, default 1: about 30 s
 * for the suite plus warm-up), BENCH_WARMUP_MS (default 100, per way).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GAS_SCHEDULE, STRICT_GAS_SCHEDULE, compile, instantiate } from '../../dist/index.js';
import { RESULTS_DIR, assertSame, formatTable, formatTime, median, readWorkload, warmUp } from '../lib.mjs';
import { WORKLOADS, detwasmWorkload } from './execute.mjs';

const MAX_TIME_S = Number(process.env.BENCH_MAX_TIME ?? 1);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 100);
const MIN_ROUNDS = 5;
/** Wall time of one timed batch of one way (several calls when a call is shorter). */
const BATCH_MS = 20;
/** A gas limit no workload comes near (a safe integer after any charge). */
const GAS_LIMIT = 2 ** 50;
const TARGET_SLOWDOWN_PERCENT = 15;

const SCHEDULES = [
  { name: 'default', schedule: DEFAULT_GAS_SCHEDULE },
  { name: 'strict', schedule: STRICT_GAS_SCHEDULE },
];

/** The metered way of a workload: `hot()` returns the result; `gasUsed()` the last call's gas. */
function meteredWorkload(w, schedule) {
  const instance = instantiate(compile(readWorkload(w.file)), undefined, { gas: schedule });
  const control = { gasLimit: GAS_LIMIT };
  const args = [w.arg];
  let gasUsed = -1;
  return {
    hot: () => {
      const outcome = instance.invokeMetered(w.name, args, control);
      if (outcome.error !== null) throw outcome.error;
      gasUsed = outcome.gasUsed;
      return outcome.results[0];
    },
    gasUsed: () => gasUsed,
  };
}

/** Seconds per call of each way of one workload, timed in interleaved rounds. */
function timeInterleaved(ways) {
  // Calls per batch, from the slowest way's warm-up speed.
  let slowest = 0;
  for (const way of ways) {
    const t0 = performance.now();
    const n = warmUp(way.hot, WARMUP_MS);
    slowest = Math.max(slowest, (performance.now() - t0) / n);
  }
  const calls = Math.max(1, Math.round(BATCH_MS / slowest));
  const perCall = ways.map(() => []);
  const end = performance.now() + MAX_TIME_S * 1000 * ways.length;
  for (let round = 0; round < MIN_ROUNDS || performance.now() < end; round++) {
    for (let k = 0; k < ways.length; k++) {
      const i = (round + k) % ways.length; // rotate so no way always runs first
      const hot = ways[i].hot;
      const t0 = performance.now();
      for (let c = 0; c < calls; c++) hot();
      perCall[i].push((performance.now() - t0) / 1000 / calls);
    }
  }
  return { calls, perCall };
}

function percent(x) {
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
}

export async function run() {
  console.log(`\n== gas (${WORKLOADS.length} workloads x off/default/strict, interleaved; ${MAX_TIME_S} s per way) ==`);
  const rows = [];
  for (const w of WORKLOADS) {
    const group = `${w.name}(${w.arg})`;
    const off = { name: 'off', hot: detwasmWorkload(w) };
    const metered = SCHEDULES.map((s) => ({ name: s.name, ...meteredWorkload(w, s.schedule) }));
    const ways = [off, ...metered];
    const expected = off.hot();
    for (const way of metered) {
      assertSame(`${group} ${way.name}`, way.hot(), expected);
      const gas = way.gasUsed();
      assertSame(`${group} ${way.name} again`, way.hot(), expected);
      assertSame(`${group} ${way.name} gas on a second run`, way.gasUsed(), gas);
    }
    const { calls, perCall } = timeInterleaved(ways);
    const offTimes = perCall[0];
    for (let i = 0; i < ways.length; i++) {
      const times = perCall[i];
      const row = {
        name: `${group} | detwasm gas ${ways[i].name}`,
        group,
        engine: 'detwasm',
        variant: `gas ${ways[i].name}`,
        schedule: ways[i].name,
        meanSeconds: times.reduce((s, t) => s + t, 0) / times.length,
        medianSeconds: median(times),
        minSeconds: Math.min(...times),
        rounds: times.length,
        callsPerRound: calls,
        slowdownPercent: null,
        gasUsed: null,
        gasPerMicrosecond: null,
      };
      if (i > 0) {
        row.slowdownPercent = (median(times.map((t, r) => t / offTimes[r])) - 1) * 100;
        row.gasUsed = ways[i].gasUsed();
        row.gasPerMicrosecond = row.gasUsed / (row.medianSeconds * 1e6);
      }
      rows.push(row);
    }
    const line = rows.slice(-ways.length).map((r) => `${r.schedule} ${formatTime(r.medianSeconds)}`
      + (r.slowdownPercent === null ? '' : ` (${percent(r.slowdownPercent)}, ${r.gasPerMicrosecond.toFixed(1)} gas/µs)`));
    console.log(`  ${group}: ${line.join(', ')}; ${rows.at(-1).rounds} rounds of ${calls} call(s)`);
  }

  const spread = {};
  const slowdown = {};
  for (const { name } of SCHEDULES) {
    const of = rows.filter((r) => r.schedule === name);
    const rates = of.map((r) => r.gasPerMicrosecond);
    const lo = of[rates.indexOf(Math.min(...rates))];
    const hi = of[rates.indexOf(Math.max(...rates))];
    spread[name] = {
      minGasPerMicrosecond: lo.gasPerMicrosecond, minWorkload: lo.group,
      maxGasPerMicrosecond: hi.gasPerMicrosecond, maxWorkload: hi.group,
      maxOverMin: hi.gasPerMicrosecond / lo.gasPerMicrosecond,
    };
    const slows = of.map((r) => r.slowdownPercent);
    slowdown[name] = { maxPercent: Math.max(...slows), maxWorkload: of[slows.indexOf(Math.max(...slows))].group, medianPercent: median(slows) };
  }
  const d = slowdown.default;
  const targets = {
    [`default schedule slowdown < ${TARGET_SLOWDOWN_PERCENT}% on every workload`]:
      `max ${percent(d.maxPercent)} (${d.maxWorkload}), median ${percent(d.medianPercent)} (${d.maxPercent < TARGET_SLOWDOWN_PERCENT ? 'met' : 'NOT met'})`,
    'strict schedule slowdown': `max ${percent(slowdown.strict.maxPercent)} (${slowdown.strict.maxWorkload}), median ${percent(slowdown.strict.medianPercent)}`,
  };
  for (const { name } of SCHEDULES) {
    const s = spread[name];
    targets[`${name} gas/µs spread (fairness)`] = `min ${s.minGasPerMicrosecond.toFixed(1)} (${s.minWorkload}), `
      + `max ${s.maxGasPerMicrosecond.toFixed(1)} (${s.maxWorkload}), max/min ${s.maxOverMin.toFixed(1)}×`;
  }

  const report = {
    suite: 'gas',
    date: new Date().toISOString(),
    versions: { node: process.versions.node, v8: process.versions.v8 },
    machine: { platform: process.platform, arch: process.arch, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null },
    options: { maxTimeSecondsPerWay: MAX_TIME_S, warmUpMs: WARMUP_MS, batchMs: BATCH_MS, minRounds: MIN_ROUNDS, gasLimit: GAS_LIMIT },
    note: 'detwasm only (no V8 twin): each workload of the execute suite with gas off (no schedule), '
      + 'DEFAULT_GAS_SCHEDULE and STRICT_GAS_SCHEDULE, timed interleaved in rounds; slowdownPercent = median over '
      + 'rounds of (metered time / off time of the same round) - 1; gasPerMicrosecond = gasUsed / median time',
    targets,
    cases: rows,
    ratios: [],
    geometricMeanRatio: null,
    slowdown,
    spread,
  };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'gas.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${formatGasReport(report)}`);
  return report;
}

/** The human-readable table of the gas report. */
export function formatGasReport(report) {
  const table = [['workload', 'off', 'default', 'slowdown', 'gas', 'gas/µs', 'strict', 'slowdown', 'gas', 'gas/µs']];
  for (const group of [...new Set(report.cases.map((c) => c.group))]) {
    const by = Object.fromEntries(report.cases.filter((c) => c.group === group).map((c) => [c.schedule, c]));
    const cells = [group, formatTime(by.off.medianSeconds)];
    for (const { name } of SCHEDULES) {
      const c = by[name];
      cells.push(formatTime(c.medianSeconds), percent(c.slowdownPercent), c.gasUsed.toLocaleString('en-US'), c.gasPerMicrosecond.toFixed(1));
    }
    table.push(cells);
  }
  let text = `gas (Node ${report.versions.node}, V8 ${report.versions.v8}; median time per call)\n${formatTable(table)}`;
  for (const [k, v] of Object.entries(report.targets)) text += `\ntarget ${k}: ${v}`;
  return text;
}
