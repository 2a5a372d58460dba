/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`) into the functions with the most self time.
 *   node bench/top-functions.mjs FILE.cpuprofile [count]
 *   node bench/top-functions.mjs DIR [count]        # the newest .cpuprofile in DIR
 * Self time of a node = the sum of the time deltas of the samples that hit it; nodes are merged
 * by function name and source position (the same function reached through different callers).
 * Then, from the per-line ticks (`positionTicks`) of the profile, the hottest lines of the top
 * LINE_FUNCTIONS functions, with their source text (lines of the built dist/ files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [target, countArg] = process.argv.slice(2);
if (target === undefined) {
  console.error('usage: node bench/top-functions.mjs FILE.cpuprofile|DIR [count]');
  process.exit(2);
}
const count = countArg === undefined ? 15 : Number(countArg);
const LINE_FUNCTIONS = 3;
const LINES_PER_FUNCTION = 12;

let file = target;
if (fs.statSync(target).isDirectory()) {
  const files = fs.readdirSync(target).filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(target, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (files.length === 0) {
    console.error(`no .cpuprofile in ${target}`);
    process.exit(1);
  }
  file = files[0];
}

const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodeById = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map(); // node id -> microseconds
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

function location(cf) {
  if (!cf.url) return '';
  let url = cf.url.startsWith('file://') ? fileURLToPath(cf.url) : cf.url;
  if (path.isAbsolute(url)) url = path.relative(REPO_DIR, url);
  return `${url}:${cf.lineNumber + 1}:${cf.columnNumber + 1}`;
}

const byFunction = new Map(); // key -> { name, where, url, us, lineTicks: Map<line, ticks> }
let totalUs = 0;
for (const [id, us] of selfUs) {
  const cf = nodeById.get(id).callFrame;
  const name = cf.functionName || '(anonymous)';
  const where = location(cf);
  const key = `${name}\u0000${where}`;
  const entry = byFunction.get(key) ?? { name, where, url: cf.url, us: 0, lineTicks: new Map() };
  entry.us += us;
  byFunction.set(key, entry);
  totalUs += us;
}
for (const n of profile.nodes) {
  if (!n.positionTicks) continue;
  const cf = n.callFrame;
  const entry = byFunction.get(`${cf.functionName || '(anonymous)'}\u0000${location(cf)}`);
  if (entry === undefined) continue;
  for (const { line, ticks } of n.positionTicks) entry.lineTicks.set(line, (entry.lineTicks.get(line) ?? 0) + ticks);
}

const top = [...byFunction.values()].sort((a, b) => b.us - a.us).slice(0, count);
console.log(`${path.relative(process.cwd(), file)}: ${(totalUs / 1000).toFixed(0)} ms sampled, top ${top.length} by self time`);
const rows = top.map((e) => [`${(e.us / 1000).toFixed(1)} ms`, `${((100 * e.us) / totalUs).toFixed(1)}%`, e.name, e.where]);
const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) {
  console.log(`${r[0].padStart(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`);
}

const sourceCache = new Map();
function sourceLine(url, line) {
  if (!url.startsWith('file://')) return '';
  if (!sourceCache.has(url)) {
    try {
      sourceCache.set(url, fs.readFileSync(fileURLToPath(url), 'utf8').split('\n'));
    } catch {
      sourceCache.set(url, []);
    }
  }
  return (sourceCache.get(url)[line - 1] ?? '').trim().slice(0, 100);
}
for (const e of top.slice(0, LINE_FUNCTIONS)) {
  if (e.lineTicks.size === 0) continue;
  const total = [...e.lineTicks.values()].reduce((s, t) => s + t, 0);
  console.log(`\nhottest lines of ${e.name} (${e.where}), ${total} ticks:`);
  const lines = [...e.lineTicks].sort((a, b) => b[1] - a[1]).slice(0, LINES_PER_FUNCTION);
  for (const [line, ticks] of lines) {
    console.log(`  ${`${((100 * ticks) / total).toFixed(1)}%`.padStart(6)}  line ${String(line).padStart(5)}  ${sourceLine(e.url, line)}`);
  }
}
