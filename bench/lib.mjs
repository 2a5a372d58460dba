/**
 * Shared benchmark harness (STYLE.md "Benchmarks"): runs one suite of paired cases with benny,
 * each detwasm case next to its native `WebAssembly` (V8) twin, and reports time per op, the
 * detwasm/V8 ratio and the geometric mean of the ratios; writes bench/results/node<major>/<suite>.json
 * with the Node and V8 versions.
 *
 * A case's `setup()` runs once, outside the measured function, and returns the hot function;
 * the harness then warms it up (WARMUP_MS of calls) before benny samples it. benny evaluates
 * the setup function three times while preparing a case, so it is memoised here.
 *
 * Environment: BENCH_MAX_TIME (seconds of sampling per case, default 1), BENCH_MIN_SAMPLES
 * (default 5), BENCH_WARMUP_MS (default 100).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_DIR = path.dirname(BENCH_DIR);
export const WORKLOADS_DIR = path.join(BENCH_DIR, 'workloads');
/** Results of this Node line: bench/results/node<major>/ (lines measured in one run never overwrite each other). */
export const RESULTS_DIR = path.join(BENCH_DIR, 'results', `node${process.versions.node.split('.')[0]}`);

const MAX_TIME_S = Number(process.env.BENCH_MAX_TIME ?? 1);
const MIN_SAMPLES = Number(process.env.BENCH_MIN_SAMPLES ?? 5);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 100);

/**
 * Runs `node NODE_ARGS...` (this node) under `setarch -R valgrind --tool=callgrind` and returns
 * the instructions callgrind collected (its exit line "==pid== Collected : N") and the process's
 * stdout. `--smc-check=all-non-file`: V8 writes and patches machine code in its heap, which
 * valgrind's default (stack-only) check would run stale. For bench/call-cost.mjs and
 * bench/callgrind.mjs; `what` names the run in an error.
 */
export function callgrindCount(nodeArgs, what) {
  const r = spawnSync('setarch', [
    '-R', 'valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file',
    process.execPath, ...nodeArgs,
  ], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${what}: exit ${r.status}\n${r.stdout}\n${r.stderr.slice(-3000)}`);
  const m = /Collected\s*:\s*(\d+)/.exec(r.stderr);
  if (m === null) throw new Error(`${what}: no callgrind total in:\n${r.stderr.slice(-2000)}`);
  return { instructions: Number(m[1]), stdout: r.stdout };
}

/** Reads a committed workload module (bench/workloads/NAME). */
export function readWorkload(name) {
  return new Uint8Array(fs.readFileSync(path.join(WORKLOADS_DIR, name)));
}

/** Calls `hot` repeatedly for about `ms` milliseconds (at least 3 times). */
export function warmUp(hot, ms = WARMUP_MS) {
  const end = performance.now() + ms;
  let n = 0;
  while (n < 3 || performance.now() < end) {
    hot();
    n++;
  }
  return n;
}

/**
 * Returns `() => new WebAssembly.Module(...)` compiling a copy of `bytes` plus a custom section
 * "x" holding a u32 counter bumped before each compile, so that V8's native module cache (keyed
 * by the bytes) never hits: recompiling the same bytes took 0.3 ms instead of 9 ms on large.wasm.
 */
export function uncachedV8Compile(bytes) {
  const copy = new Uint8Array(bytes.length + 8);
  copy.set(bytes);
  copy.set([0x00, 6, 1, 0x78, 0, 0, 0, 0], bytes.length); // id 0, size 6, name "x", u32 payload
  const view = new DataView(copy.buffer);
  let counter = 0;
  return () => {
    view.setUint32(copy.length - 4, ++counter, true);
    return new WebAssembly.Module(copy);
  };
}

/** Throws (failing the run loudly) unless detwasm and V8 agree on a result. */
export function assertSame(what, detwasm, v8) {
  if (!Object.is(detwasm, v8)) {
    throw new Error(`${what}: detwasm returned ${String(detwasm)} (${typeof detwasm}), V8 returned ${String(v8)} (${typeof v8})`);
  }
}

/** Formats seconds per op in a readable unit. */
export function formatTime(seconds) {
  if (seconds >= 1) return `${seconds.toFixed(2)} s`;
  if (seconds >= 1e-3) return `${(seconds * 1e3).toFixed(2)} ms`;
  if (seconds >= 1e-6) return `${(seconds * 1e6).toFixed(2)} µs`;
  return `${(seconds * 1e9).toFixed(1)} ns`;
}

/** Median of numbers (the mean of the two middle ones for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Geometric mean of positive numbers. */
export function geometricMean(xs) {
  if (xs.length === 0) return NaN;
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/** Pads a table (array of string rows, first row = header) into aligned text. */
export function formatTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r, i) => {
    const line = r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
    return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line;
  }).join('\n');
}

/**
 * @typedef {object} BenchCase
 * @property {string} group     what is measured (pairs share a group), e.g. "fib(20)"
 * @property {'detwasm' | 'v8'} engine
 * @property {string} [variant] distinguishes several cases of one engine in a group
 * @property {() => () => unknown} setup  runs once; returns the function to time
 * @property {number} [bytes]   bytes processed per op (decode suites: MB/s)
 * @property {number} [callsPerOp] calls made per op (call-overhead: time per call)
 * @property {boolean} [baseline] the V8 case that ratios of its group are taken against
 */

/**
 * Runs one suite and writes bench/results/node<major>/<name>.json. Returns the suite report: every case
 * (seconds per op) and one ratio row per group (detwasm case / baseline V8 case).
 * @param {string} name
 * @param {BenchCase[]} cases
 * @param {{ note?: string, targets?: (report: object) => Record<string, string> }} [info]
 *   `targets(report)` returns the project targets of this suite with the measured figure.
 */
export async function runSuite(name, cases, info = {}) {
  const { default: b } = await import('benny'); // loaded here: profile.mjs imports this file too
  console.log(`\n== ${name} (${cases.length} cases; maxTime ${MAX_TIME_S} s, minSamples ${MIN_SAMPLES}) ==`);
  const caseName = (c) => `${c.group} | ${c.engine}${c.variant ? ` ${c.variant}` : ''}`;
  const adds = cases.map((c) => {
    let hot = null;
    const prepared = () => {
      if (hot === null) {
        hot = c.setup();
        warmUp(hot);
      }
      return hot;
    };
    return b.add(caseName(c), prepared, { minSamples: MIN_SAMPLES, maxTime: MAX_TIME_S });
  });
  const summary = await b.suite(
    name,
    ...adds,
    b.cycle((result) => {
      console.log(`  ${result.name}: ${formatTime(result.details.mean)}/op ±${result.margin.toFixed(1)}% (${result.samples} samples)`);
    }),
  );
  const byName = new Map(summary.results.map((r) => [r.name, r]));
  const caseRows = cases.map((c) => {
    const r = byName.get(caseName(c));
    if (r === undefined || !r.completed) throw new Error(`${name}: case ${caseName(c)} did not complete`);
    const row = {
      name: caseName(c),
      group: c.group,
      engine: c.engine,
      variant: c.variant ?? null,
      meanSeconds: r.details.mean,
      medianSeconds: r.details.median,
      minSeconds: r.details.min,
      rmePercent: r.margin,
      samples: r.samples,
    };
    if (c.bytes !== undefined) {
      row.bytes = c.bytes;
      row.megabytesPerSecond = c.bytes / r.details.mean / 1e6;
    }
    if (c.callsPerOp !== undefined) {
      row.callsPerOp = c.callsPerOp;
      row.secondsPerCall = r.details.mean / c.callsPerOp;
    }
    return row;
  });
  const groups = [...new Set(cases.map((c) => c.group))];
  const ratios = [];
  for (const g of groups) {
    const inGroup = cases.map((c, i) => [c, caseRows[i]]).filter(([c]) => c.group === g);
    const v8 = inGroup.find(([c]) => c.engine === 'v8' && c.baseline) ?? inGroup.find(([c]) => c.engine === 'v8');
    if (v8 === undefined) throw new Error(`${name}: group ${g} has no V8 twin`);
    for (const [c, row] of inGroup) {
      if (c.engine !== 'detwasm') continue;
      ratios.push({ group: g, detwasm: row.name, v8: v8[1].name, ratio: row.meanSeconds / v8[1].meanSeconds });
    }
  }
  const report = {
    suite: name,
    date: new Date().toISOString(),
    versions: { node: process.versions.node, v8: process.versions.v8 },
    machine: { platform: process.platform, arch: process.arch, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null },
    options: { maxTimeSeconds: MAX_TIME_S, minSamples: MIN_SAMPLES, warmUpMs: WARMUP_MS },
    note: info.note ?? null,
    targets: null,
    cases: caseRows,
    ratios,
    geometricMeanRatio: geometricMean(ratios.map((r) => r.ratio)),
  };
  if (info.targets) report.targets = info.targets(report);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${formatReport(report)}`);
  return report;
}

/** The human-readable table of one suite report. */
export function formatReport(report) {
  const rows = [['case', 'time/op', 'rate', 'ratio detwasm/V8']];
  const ratioOf = new Map(report.ratios.map((r) => [r.detwasm, r]));
  for (const c of report.cases) {
    let rate = '';
    if (c.megabytesPerSecond !== undefined) rate = `${c.megabytesPerSecond.toFixed(1)} MB/s`;
    else if (c.secondsPerCall !== undefined) rate = `${formatTime(c.secondsPerCall)}/call`;
    const r = ratioOf.get(c.name);
    rows.push([c.name, formatTime(c.meanSeconds), rate, r === undefined ? '' : `${r.ratio.toFixed(2)}×`]);
  }
  let text = `${report.suite} (Node ${report.versions.node}, V8 ${report.versions.v8})\n${formatTable(rows)}`;
  text += `\ngeometric mean of ratios: ${report.geometricMeanRatio.toFixed(2)}×`;
  if (report.targets) {
    for (const [k, v] of Object.entries(report.targets)) text += `\ntarget ${k}: ${v}`;
  }
  return text;
}
