/**
 * Benchmark entry: runs every suite, or the ones named on the command line, against the built
 * package (dist/, so the measured code is exactly the shipped build), then prints a summary.
 *   npm run build && node bench/run.mjs                 # all suites (about 2-3 minutes)
 *   node bench/run.mjs execute call-overhead            # some suites
 * Results: bench/results/<suite>.json (see bench/lib.mjs for the fields).
 */
import { formatTable, formatTime } from './lib.mjs';

const SUITES = {
  'decode-validate': () => import('./suites/decode-validate.mjs'),
  instantiate: () => import('./suites/instantiate.mjs'),
  execute: () => import('./suites/execute.mjs'),
  'call-overhead': () => import('./suites/call-overhead.mjs'),
  vm: () => import('./suites/vm.mjs'),
  gas: () => import('./suites/gas.mjs'),
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in SUITES)) {
    console.error(`unknown suite ${JSON.stringify(name)}; known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }
}
const names = wanted.length > 0 ? wanted : Object.keys(SUITES);

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
