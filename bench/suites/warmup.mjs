/**
 * warmup suite (issue 12 item 3): how far the first calls of a fresh process are from the steady
 * ones. Each sample is a fresh child process (`node bench/suites/warmup.mjs --child MODE`) that
 * times its calls one by one, wall clock and process CPU time (CPU includes V8's background
 * compile threads, so during a TurboFan compile a call's CPU time exceeds its wall time):
 *   sha256        hash-wasm's sha256 module (bench/real-subjects.mjs), 16 x 16 KiB per call
 *                 (~9.5 M dispatches), a fresh instance per call, 12 calls;
 *   sha256-broad  the same after the all-ops module ran (bench/all-ops.mjs): run() has seen
 *                 every kind of case first, as in a long-lived node that ran many contracts;
 *   token         the example token contract through createVM: the first vm.call (init, the
 *                 module compiled and cached), the first transfer, then 300 transfers;
 *   sha256-js, token-js  the same on the JS tier (`tier: 'js'`).
 * Figures: first3 = the mean of calls 1-3, steady = the median of the last 6 calls (sha256) or of
 * transfers 101-300 (token); the ratio first3 / steady is the target's (at most 1.5).
 * Median over the samples (`BENCH_WARMUP_SAMPLES`, default 5), modes interleaved by rounds.
 * Writes results/node<major>/warmup.json and warmup.txt.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESULTS_DIR, REPO_DIR, formatTable, formatTime, median } from '../lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const MODES = ['sha256', 'sha256-broad', 'token', 'sha256-js', 'token-js'];
const HASH_CALLS = 12;
const HASH_BYTES = 16 * 16 * 1024;
const TRANSFERS = 300;
const GAS_LIMIT = 10_000_000;

/** Times `f` once: [wall ms, CPU ms]. */
function timed(f) {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const out = f();
  const w = performance.now() - w0;
  const c = process.cpuUsage(c0);
  return [w, (c.user + c.system) / 1e3, out];
}

async function child(mode) {
  const engine = await import('../../dist/index.js');
  const sample = { mode, wallMs: [], cpuMs: [] };
  const tier = mode.endsWith('-js') ? 'js' : 'interpreter';
  if (mode.startsWith('token')) {
    const vm = engine.createVM({ tier });
    const code = new Uint8Array(fs.readFileSync(path.join(REPO_DIR, 'examples', 'contracts', 'token', 'token.wasm')));
    const env = new engine.MemoryState();
    const request = (method, args) => ({ contractId: 'token', code, method, args, caller: 'alice', gasLimit: GAS_LIMIT, env });
    const check = (r) => {
      if (r.error !== null) throw new Error(`token: ${r.error.message}`);
      return r;
    };
    const init = request('init', '{"supply": 1000000000000000}');
    const transfer = request('transfer', '{"to": "bob", "amount": 1}');
    for (let k = 0; k <= TRANSFERS; k++) {
      const [w, c] = timed(() => check(vm.call(k === 0 ? init : transfer)));
      sample.wallMs.push(w);
      sample.cpuMs.push(c);
    }
    return sample;
  }
  const { HASH_SUBJECTS, extractHashWasm, hashInput, hashWith } = await import('../real-subjects.mjs');
  if (mode === 'sha256-broad') {
    const { runAllOps } = await import('../all-ops.mjs');
    const [w, c] = timed(() => runAllOps(engine));
    sample.allOpsMs = { wall: w, cpu: c };
  }
  const subject = HASH_SUBJECTS.find((s) => s.name === 'sha256');
  const module = engine.compile(extractHashWasm(subject.dist));
  const input = hashInput(HASH_BYTES);
  const digests = new Set();
  for (let k = 0; k < HASH_CALLS; k++) {
    const [w, c, digest] = timed(() => {
      const exports = engine.instantiate(module, undefined, { tier }).exports;
      return hashWith(subject, (n, a) => exports[n](...a), () => exports.memory.buffer, input);
    });
    digests.add(digest);
    sample.wallMs.push(w);
    sample.cpuMs.push(c);
  }
  if (digests.size !== 1) throw new Error(`sha256: calls disagree: ${[...digests].join(' ')}`);
  sample.digest = [...digests][0];
  return sample;
}

/** first3 / steady of one sample's series. */
function figures(mode, xs) {
  const first3 = (xs[0] + xs[1] + xs[2]) / 3;
  const steady = mode.startsWith('token') ? median(xs.slice(101)) : median(xs.slice(-6));
  return { first: xs[0], first3, steady, ratio: first3 / steady };
}

export async function run() {
  const samples = Number(process.env.BENCH_WARMUP_SAMPLES ?? 5);
  const bySample = Object.fromEntries(MODES.map((m) => [m, []]));
  for (let round = 0; round < samples; round++) {
    for (const mode of MODES) {
      const r = spawnSync(process.execPath, [SELF, '--child', mode], { encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0) throw new Error(`warmup child ${mode} failed (${r.status}):\n${r.stderr}`);
      bySample[mode].push(JSON.parse(r.stdout));
    }
  }
  const rows = [['mode', 'clock', 'call 1', 'calls 1-3 (mean)', 'steady', 'first3/steady', 'spread of ratio']];
  const report = { suite: 'warmup', node: process.versions.node, v8: process.versions.v8, samples, modes: {}, cases: [], ratios: [], targets: {} };
  for (const mode of MODES) {
    report.modes[mode] = { samples: bySample[mode] };
    for (const clock of ['wall', 'cpu']) {
      const per = bySample[mode].map((s) => figures(mode, clock === 'wall' ? s.wallMs : s.cpuMs));
      const f = {
        first: median(per.map((p) => p.first)), first3: median(per.map((p) => p.first3)),
        steady: median(per.map((p) => p.steady)), ratio: median(per.map((p) => p.ratio)),
        ratioMin: Math.min(...per.map((p) => p.ratio)), ratioMax: Math.max(...per.map((p) => p.ratio)),
      };
      report.modes[mode][clock] = f;
      rows.push([mode, clock, formatTime(f.first / 1e3), formatTime(f.first3 / 1e3), formatTime(f.steady / 1e3),
        `${f.ratio.toFixed(2)}×`, `${f.ratioMin.toFixed(2)}-${f.ratioMax.toFixed(2)}×`]);
    }
    if (mode === 'sha256-broad') {
      const a = median(bySample[mode].map((s) => s.allOpsMs.wall));
      report.modes[mode].allOpsWallMs = a;
      rows.push([mode, 'wall', `(all-ops run first: ${formatTime(a / 1e3)})`, '', '', '', '']);
    }
  }
  const text = `warmup (Node ${process.versions.node}, V8 ${process.versions.v8}; ${samples} fresh processes per mode, medians; ` +
    `token: call 1 = the first vm.call (init), calls 2-3 = the first transfers, steady = transfers 101-${TRANSFERS})\n${formatTable(rows)}\n`;
  console.log(text);
  report.targets['warm-up sha256 first 3 calls / steady (target <= 1.5)'] =
    `${report.modes.sha256.wall.ratio.toFixed(2)}× wall, ${report.modes.sha256.cpu.ratio.toFixed(2)}× CPU`;
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'warmup.json'), `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS_DIR, 'warmup.txt'), text);
  return report;
}

if (process.argv[2] === '--child') {
  process.stdout.write(JSON.stringify(await child(process.argv[3])));
}
