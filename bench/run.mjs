/**
 * Benchmark entry: runs every suite, or the ones named on the command line, against the built
 * package (dist/, so the measured code is exactly the shipped build), then prints a summary.
 *   npm run build && node bench/run.mjs                 # all suites (about 2-3 minutes)
 *   node bench/run.mjs execute call-overhead            # some suites
 *   node bench/run.mjs real                             # real compiled code vs TurboFan and Liftoff (~5 minutes)
 *   node bench/run.mjs js-api                           # detwasm/js-api vs V8: calls and real npm packages (~4 minutes)
 *   node bench/run.mjs --node 20,24,26 execute          # each suite under each Node line, one after another
 * Results: bench/results/node<major>/<suite>.json (see bench/lib.mjs for the fields).
 *
 * `--node LIST` re-runs this script under the binary of each line (this node for its own major,
 * the pinned official binary of scripts/node-lines.json otherwise, fetched on first use), so
 * every line's ratios are against that line's own V8, then prints the geometric means side by side.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, formatTime } from './lib.mjs';

const SUITES = {
  'decode-validate': () => import('./suites/decode-validate.mjs'),
  instantiate: () => import('./suites/instantiate.mjs'),
  execute: () => import('./suites/execute.mjs'),
  'call-overhead': () => import('./suites/call-overhead.mjs'),
  vm: () => import('./suites/vm.mjs'),
  gas: () => import('./suites/gas.mjs'),
  real: () => import('./suites/real.mjs'),
  warmup: () => import('./suites/warmup.mjs'),
  'js-api': () => import('./suites/js-api.mjs'),
};

const args = process.argv.slice(2);
let nodeLines = null;
const wanted = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--node') nodeLines = args[++i] ?? '';
  else if (args[i].startsWith('--node=')) nodeLines = args[i].slice('--node='.length);
  else wanted.push(args[i]);
}
for (const name of wanted) {
  if (!(name in SUITES)) {
    console.error(`unknown suite ${JSON.stringify(name)}; known: ${Object.keys(SUITES).join(', ')} (option: --node 20,24,26)`);
    process.exit(2);
  }
}
const names = wanted.length > 0 ? wanted : Object.keys(SUITES);

if (nodeLines !== null) {
  const { nodeBinaries } = await import('../scripts/node-lines.mjs');
  const self = fileURLToPath(import.meta.url);
  const resultsDir = path.join(path.dirname(self), 'results');
  const rows = [['suite', ...names.map(() => '')]];
  const lines = nodeBinaries(nodeLines);
  for (const n of lines) {
    console.log(`\n######## Node ${n.version} (${n.bin}) ########`);
    const r = spawnSync(n.bin, [self, ...names], { stdio: 'inherit' });
    if (r.status !== 0) {
      console.error(`bench under Node ${n.version} exited with ${r.status}`);
      process.exit(1);
    }
  }
  // Geometric means per suite and line, from the JSON files the runs just wrote.
  rows[0] = ['suite', ...lines.map((n) => `Node ${n.version}`)];
  for (const name of names) {
    rows.push([name, ...lines.map((n) => {
      const report = JSON.parse(fs.readFileSync(path.join(resultsDir, `node${n.line}`, `${name}.json`), 'utf8'));
      return typeof report.geometricMeanRatio === 'number' ? `${report.geometricMeanRatio.toFixed(2)}×` : '-';
    })]);
  }
  console.log('\n== geometric mean of detwasm/V8 ratios per line (each against its own V8) ==');
  console.log(formatTable(rows));
  process.exit(0);
}

const started = performance.now();
const reports = [];
for (const name of names) {
  const suite = await SUITES[name]();
  reports.push(await suite.run());
}

const rows = [['suite', 'group', 'detwasm', 'V8', 'rate (detwasm)', 'ratio']];
for (const r of reports) {
  for (const ratio of r.ratios) {
    const d = r.cases.find((c) => c.name === ratio.detwasm);
    const v = r.cases.find((c) => c.name === ratio.v8);
    let rate = '';
    if (d.megabytesPerSecond !== undefined) rate = `${d.megabytesPerSecond.toFixed(1)} MB/s`;
    else if (d.secondsPerCall !== undefined) rate = `${formatTime(d.secondsPerCall)}/call`;
    const label = d.variant ? `${ratio.group} [${d.variant}]` : ratio.group;
    rows.push([r.suite, label, formatTime(d.meanSeconds), formatTime(v.meanSeconds), rate, `${ratio.ratio.toFixed(2)}×`]);
  }
  // The gas suite has no V8 twins (no ratios): its figures are in its targets below.
  if (r.ratios.length > 0) rows.push([r.suite, 'geometric mean', '', '', '', `${r.geometricMeanRatio.toFixed(2)}×`]);
}
console.log(`\n== summary (Node ${process.versions.node}, V8 ${process.versions.v8}; ${((performance.now() - started) / 1000).toFixed(0)} s) ==`);
console.log(formatTable(rows));
for (const r of reports) {
  for (const [k, v] of Object.entries(r.targets ?? {})) console.log(`target ${k}: ${v}`);
}
