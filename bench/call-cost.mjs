#!/usr/bin/env node
/**
 * Instructions per call, counted by callgrind (issue 12 item 4, call overhead): wall-clock
 * timings of a ~100 ns call on the shared 2-core machine drift by more than the changes being
 * measured, instruction counts of a deterministic process do not. For each case the script runs
 * itself twice under
 *   setarch -R valgrind --tool=callgrind --callgrind-out-file=/dev/null --smc-check=all-non-file \
 *     node --predictable bench/call-cost.mjs --inner CASE CALLS
 * with CALLS = N and 3N (after the same fixed warm-up), and reports (I(3N) - I(N)) / 2N: the
 * instructions of one call, with start-up, compilation and warm-up cancelled out (GC work the
 * calls cause is in the figure, amortised). `setarch -R` (no address randomisation) and
 * `--predictable` (single-threaded V8, fixed hash seeds) make a run repeat its count; one run's
 * figure repeats within about 0.1% (A/A).
 *
 *   npm run build && node bench/call-cost.mjs                    # every case, N = 20000
 *   node bench/call-cost.mjs noop add vm-noop                     # some cases
 *   node bench/call-cost.mjs --dist /tmp/old-dist --n 5000 add    # another build (A/B), other N
 *   node bench/call-cost.mjs --inner add 1000                     # one plain run (no valgrind)
 *
 * Cases: `noop`, `add`, `add64`, `addf` (exported functions of bench/workloads/call.wat, called
 * from JS as in the call-overhead suite), `invoke` (`instance.invoke('add', [a, b])`),
 * `vm-noop` (a cached `vm.call` of a no-op method, the vm suite's noop case) and `vm-counter`
 * (`counter.get` through `vm.call`), `jsapi-noop`, `jsapi-add`, `jsapi-add64`, `jsapi-addf`
 * (the same exports through `detwasm/js-api`: `new WebAssembly.Instance(new WebAssembly.Module(...))`
 * of dist/js-api/index.js) and `v8-add` (V8's own export, for scale). valgrind runs node about 50x
 * slower: the whole default set takes a few minutes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { callgrindCount } from './lib.mjs';

const SELF = fileURLToPath(import.meta.url);
const BENCH_DIR = path.dirname(SELF);
const REPO_DIR = path.dirname(BENCH_DIR);
/** Calls made before counting starts (the same in both runs of a pair), so V8 has optimised the path. */
const WARMUP_CALLS = 30_000;
const DEFAULT_N = 20_000;

/** `(module (func (export "noop")))` (the vm suite's NOOP_WASM). */
const NOOP_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
  0x07, 0x08, 0x01, 0x04, 0x6e, 0x6f, 0x6f, 0x70, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
]);

/**
 * Each case: `(api, jsApi) => (calls) => checksum`, making `calls` calls (`jsApi`, detwasm/js-api's
 * `WebAssembly` namespace, is loaded for the `jsapi-` cases only).
 */
const CASES = {
  noop: (api) => {
    const f = exportsOf(api).noop;
    return (n) => { for (let i = 0; i < n; i++) f(); return n; };
  },
  add: (api) => {
    const f = exportsOf(api).add;
    return (n) => { let s = 0; for (let i = 0; i < n; i++) s = f(s, i); return s; };
  },
  add64: (api) => {
    const f = exportsOf(api).add64;
    return (n) => { let s = 0n; for (let i = 0; i < n; i++) s = f(s, 3n); return Number(s & 0xffffn); };
  },
  addf: (api) => {
    const f = exportsOf(api).addf;
    return (n) => { let s = 0; for (let i = 0; i < n; i++) s = f(s, 0.5); return s; };
  },
  invoke: (api) => {
    const inst = api.instantiate(api.compile(readCall()));
    return (n) => { let s = 0; for (let i = 0; i < n; i++) s = inst.invoke('add', [s, i])[0]; return s; };
  },
  'vm-noop': (api) => {
    const vm = api.createVM();
    const request = { contractId: 'noop', code: NOOP_WASM, method: 'noop', gasLimit: 10_000_000 };
    return (n) => { let g = 0; for (let i = 0; i < n; i++) g += vm.call(request).gasUsed; return g; };
  },
  'vm-counter': (api) => {
    const vm = api.createVM();
    const code = new Uint8Array(fs.readFileSync(path.join(REPO_DIR, 'examples', 'contracts', 'counter', 'counter.wasm')));
    const request = { contractId: 'counter', code, method: 'get', gasLimit: 10_000_000, env: new api.MemoryState([['count', '41']]) };
    return (n) => {
      let g = 0;
      for (let i = 0; i < n; i++) {
        const r = vm.call(request);
        if (r.error !== null) throw new Error(r.error.message);
        g += r.gasUsed;
      }
      return g;
    };
  },
  'jsapi-noop': (api, jsApi) => {
    const f = jsApiExportsOf(jsApi).noop;
    return (n) => { for (let i = 0; i < n; i++) f(); return n; };
  },
  'jsapi-add': (api, jsApi) => {
    const f = jsApiExportsOf(jsApi).add;
    return (n) => { let s = 0; for (let i = 0; i < n; i++) s = f(s, i); return s; };
  },
  'jsapi-add64': (api, jsApi) => {
    const f = jsApiExportsOf(jsApi).add64;
    return (n) => { let s = 0n; for (let i = 0; i < n; i++) s = f(s, 3n); return Number(s & 0xffffn); };
  },
  'jsapi-addf': (api, jsApi) => {
    const f = jsApiExportsOf(jsApi).addf;
    return (n) => { let s = 0; for (let i = 0; i < n; i++) s = f(s, 0.5); return s; };
  },
  'v8-add': () => {
    const f = new WebAssembly.Instance(new WebAssembly.Module(readCall())).exports.add;
    return (n) => { let s = 0; for (let i = 0; i < n; i++) s = f(s, i); return s; };
  },
};

function readCall() {
  return new Uint8Array(fs.readFileSync(path.join(BENCH_DIR, 'workloads', 'call.wasm')));
}

function exportsOf(api) {
  return api.instantiate(api.compile(readCall())).exports;
}

function jsApiExportsOf(jsApi) {
  return new jsApi.Instance(new jsApi.Module(readCall())).exports;
}

function countRun(dist, name, calls) {
  const r = callgrindCount(['--predictable', SELF, '--dist', dist, '--inner', name, String(calls)], `${name} ${calls}`);
  return { instructions: r.instructions, checksum: r.stdout.trim() };
}

const args = process.argv.slice(2);
let dist = path.join(REPO_DIR, 'dist');
let n = DEFAULT_N;
let inner = null;
const names = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--dist') dist = path.resolve(args[++i]);
  else if (args[i] === '--n') n = Number(args[++i]);
  else if (args[i] === '--inner') inner = { name: args[++i], calls: Number(args[++i]) };
  else names.push(args[i]);
}

if (inner !== null) {
  const api = await import(pathToFileURL(path.join(dist, 'index.js')).href);
  const make = CASES[inner.name];
  if (make === undefined) throw new Error(`unknown case ${inner.name}`);
  const jsApi = inner.name.startsWith('jsapi-')
    ? (await import(pathToFileURL(path.join(dist, 'js-api', 'index.js')).href)).WebAssembly
    : null;
  const hot = make(api, jsApi);
  // The warm-up runs in slices, as a benchmark loop would, so the loop itself gets optimised too.
  for (let done = 0; done < WARMUP_CALLS; done += 1000) hot(1000);
  console.log(String(hot(inner.calls)));
  process.exit(0);
}

const wanted = names.length > 0 ? names : Object.keys(CASES);
for (const name of wanted) {
  if (!(name in CASES)) {
    console.error(`unknown case ${JSON.stringify(name)}; known: ${Object.keys(CASES).join(', ')}`);
    process.exit(2);
  }
}
if (!Number.isSafeInteger(n) || n <= 0) throw new Error('--n must be a positive integer');
console.log(`callgrind instructions per call (N = ${n} vs 3N, warm-up ${WARMUP_CALLS} calls; dist ${path.relative(process.cwd(), dist) || '.'}; Node ${process.versions.node})`);
const rows = [];
for (const name of wanted) {
  const one = countRun(dist, name, n);
  const three = countRun(dist, name, 3 * n);
  const perCall = (three.instructions - one.instructions) / (2 * n);
  rows.push({ case: name, perCall: Math.round(perCall), total1: one.instructions, total3: three.instructions });
  console.log(`${name.padEnd(12)} ${String(Math.round(perCall)).padStart(8)} instructions/call`);
}
if (process.env.CALL_COST_JSON) fs.writeFileSync(process.env.CALL_COST_JSON, `${JSON.stringify(rows, null, 2)}\n`);
