/**
 * Micro-benchmarks of the V8-specific hot-loop rules of STYLE.md ("The hot loop"), re-measured per
 * Node line (issue 9). Each figure comes from a fresh child process under the line's binary (the
 * pinned ones of scripts/node-lines.json, or this node) and one tier setting:
 *   default      full tiering (Ignition → Sparkplug → Maglev on V8 ≥ 12 where enabled → TurboFan)
 *   maglev       --max-opt=2 (no TurboFan; on V8 11 Maglev is off, so this is Sparkplug)
 *   sparkplug    --max-opt=1 (baseline compiler, unoptimized)
 *   ignition     --max-opt=0 (interpreter only, unoptimized)
 *
 * Cases (ns per operation, loop included; median of 7 timed rounds after a warm-up):
 *   switch-literal / switch-const  a 128-op dispatch loop, `switch` on numeric literal labels vs on
 *                  `const` labels imported from another module (same code otherwise)
 *   handlers       the same 128 ops as a table of handler functions (`H[op](acc)`)
 *   add-bigint / add-halves        i64.add: `BigInt.asIntN(64, a + b)` on BigInt64Array slots vs
 *                  two int32 halves on an Int32Array
 *   shl-bigint / shl-halves        i64.shl with a variable count
 *   wrap-bigint / wrap-halves      i32.wrap_i64: `Number(BigInt.asIntN(32, x))` vs the low half
 * Probes (no timing): run()'s bytecode length (dist/interpreter/run.js, as test/ir-labels.test.ts
 * measures it), the default of --max-optimized-bytecode-size, which tiers --trace-opt reports
 * compiling run() to while an execute workload runs, and the same for generated functions just
 * below and above the size limit.
 *
 *   npm run build && node bench/v8-rules.mjs                    # this node only
 *   node bench/v8-rules.mjs --node 20,24,26                     # 20 = this node when it is 20
 *   node bench/v8-rules.mjs --node 24 --only switch,bigint      # groups: switch, bigint, probes
 * Writes bench/results/node<major>/v8-rules.json per line (every figure, with versions and machine;
 * an `--only` run replaces its own figures and keeps the rest).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_DIR = path.dirname(BENCH_DIR);
const SELF = fileURLToPath(import.meta.url);

const MODES = {
  default: [],
  maglev: ['--max-opt=2'],
  sparkplug: ['--max-opt=1'],
  ignition: ['--max-opt=0'],
};

const GROUPS = {
  switch: { cases: ['switch-literal', 'switch-const', 'handlers'], modes: ['default', 'maglev', 'sparkplug', 'ignition'] },
  bigint: { cases: ['add-bigint', 'add-halves', 'shl-bigint', 'shl-halves', 'wrap-bigint', 'wrap-halves'], modes: ['default', 'sparkplug', 'ignition'] },
};

const OPS = 128;

/** A small seeded generator (LCG), so every line runs the same programs. */
function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/** Source of the dispatch module: `label(i)` writes case i's label; `handlers` uses a function table. */
function dispatchSource(kind) {
  const next = lcg(7);
  const bodies = [];
  for (let i = 0; i < OPS; i++) bodies.push(`((acc ^ ${next() & 0xffff}) + ${i}) | 0`);
  const loop = (step) => `export function run(code, n) {
  let acc = 1;
  let pc = 0;
  const mask = code.length - 1;
  for (let i = 0; i < n; i++) {
${step}
    pc = (pc + 1) & mask;
  }
  return acc;
}\n`;
  if (kind === 'handlers') {
    return `const H = [\n${bodies.map((b) => `  (acc) => ${b},`).join('\n')}\n];\n${loop('    acc = H[code[pc]](acc);')}`;
  }
  const label = kind === 'const' ? (i) => `OP_${i}` : (i) => String(i);
  const cases = bodies.map((b, i) => `      case ${label(i)}: acc = ${b}; break;`).join('\n');
  const imports = kind === 'const' ? `import { ${bodies.map((_, i) => `OP_${i}`).join(', ')} } from './ops.mjs';\n` : '';
  return `${imports}${loop(`    switch (code[pc]) {\n${cases}\n    }`)}`;
}

/**
 * The i64 cases: `fn(n)` runs n operations reading two of 64 random values (never written, so
 * nothing drains to zero) and writing a result slot. The halves forms are the interpreter's: the
 * i64.add of run.ts, numeric.ts's i64ShlBy (imported from dist/, called as run() calls it), the
 * low word for wrap.
 */
const I64_SOURCE = `
import { i64ShlBy } from '${pathToFileURL(path.join(REPO_DIR, 'dist', 'interpreter', 'numeric.js')).href}';
const srcBig = new BigInt64Array(64);
const srcHalves = new Int32Array(128);
const dstBig = new BigInt64Array(64);
const dstHalves = new Int32Array(128);
const out = new Int32Array(64);
let seed = 12345;
for (let i = 0; i < 128; i++) { seed = (Math.imul(seed, 1664525) + 1013904223) | 0; srcHalves[i] = seed; }
for (let i = 0; i < 64; i++) srcBig[i] = (BigInt(srcHalves[2 * i + 1]) << 32n) | BigInt(srcHalves[2 * i] >>> 0);

export function addBigint(n) {
  for (let i = 0; i < n; i++) dstBig[i & 63] = BigInt.asIntN(64, srcBig[(i * 5) & 63] + srcBig[(i * 7) & 63]);
  return Number(dstBig[0] & 0xffn);
}
export function addHalves(n) {
  for (let i = 0; i < n; i++) {
    const a = ((i * 5) & 63) << 1, b = ((i * 7) & 63) << 1, d = (i & 63) << 1;
    const lo = (srcHalves[a] >>> 0) + (srcHalves[b] >>> 0);
    dstHalves[d + 1] = (srcHalves[a + 1] + srcHalves[b + 1] + (lo > 0xffffffff ? 1 : 0)) | 0;
    dstHalves[d] = lo | 0;
  }
  return dstHalves[0] & 0xff;
}
export function shlBigint(n) {
  for (let i = 0; i < n; i++) dstBig[i & 63] = BigInt.asIntN(64, srcBig[(i * 5) & 63] << (srcBig[(i * 7) & 63] & 63n));
  return Number(dstBig[0] & 0xffn);
}
export function shlHalves(n) {
  for (let i = 0; i < n; i++) {
    const a = ((i * 5) & 63) << 1;
    i64ShlBy(dstHalves, (i & 63) << 1, srcHalves[a], srcHalves[a + 1], srcHalves[((i * 7) & 63) << 1]);
  }
  return dstHalves[0] & 0xff;
}
export function wrapBigint(n) {
  for (let i = 0; i < n; i++) out[i & 63] = Number(BigInt.asIntN(32, srcBig[(i * 7) & 63]));
  return out[0] & 0xff;
}
export function wrapHalves(n) {
  for (let i = 0; i < n; i++) out[i & 63] = srcHalves[((i * 7) & 63) << 1];
  return out[0] & 0xff;
}
`;

const I64_EXPORTS = {
  'add-bigint': 'addBigint', 'add-halves': 'addHalves', 'shl-bigint': 'shlBigint',
  'shl-halves': 'shlHalves', 'wrap-bigint': 'wrapBigint', 'wrap-halves': 'wrapHalves',
};

/** Writes the generated modules into a fresh temporary folder; returns it. */
function writeModules() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detwasm-v8-rules-'));
  fs.writeFileSync(path.join(dir, 'ops.mjs'), Array.from({ length: OPS }, (_, i) => `export const OP_${i} = ${i};`).join('\n'));
  fs.writeFileSync(path.join(dir, 'switch-literal.mjs'), dispatchSource('literal'));
  fs.writeFileSync(path.join(dir, 'switch-const.mjs'), dispatchSource('const'));
  fs.writeFileSync(path.join(dir, 'handlers.mjs'), dispatchSource('handlers'));
  fs.writeFileSync(path.join(dir, 'i64.mjs'), I64_SOURCE);
  return dir;
}

/** Child: times one case in this process; prints `{ nsPerOp }`. */
async function child(caseName, dir) {
  let fn;
  if (caseName in I64_EXPORTS) {
    fn = (await import(pathToFileURL(path.join(dir, 'i64.mjs')).href))[I64_EXPORTS[caseName]];
  } else {
    const { run } = await import(pathToFileURL(path.join(dir, `${caseName}.mjs`)).href);
    const next = lcg(99);
    const code = new Uint8Array(4096);
    for (let i = 0; i < code.length; i++) code[i] = next() % OPS;
    fn = (n) => run(code, n);
  }
  // Calibrate to ~100 ms rounds, warm up ~500 ms (tier-up happens here), then 7 timed rounds.
  let n = 1000;
  for (;;) {
    const t0 = performance.now();
    fn(n);
    if (performance.now() - t0 > 20) break;
    n *= 2;
  }
  n *= 5;
  const warmEnd = performance.now() + 500;
  while (performance.now() < warmEnd) fn(n);
  const rounds = [];
  let sink = 0;
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    sink ^= fn(n);
    rounds.push(((performance.now() - t0) * 1e6) / n);
  }
  rounds.sort((a, b) => a - b);
  process.stdout.write(`${JSON.stringify({ nsPerOp: rounds[3], min: rounds[0], max: rounds[6], sink })}\n`);
}

function runChild(bin, flags, args) {
  const r = spawnSync(bin, [...flags, ...args], { cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${bin} ${[...flags, ...args].join(' ')} exited with ${r.status} ${r.error ?? ''}:\n${r.stderr ?? ''}`);
  return r.stdout;
}

/** The tiny module of test/ir-labels.test.ts, run through dist/ so run() is compiled and printed. */
const DIST = pathToFileURL(path.join(REPO_DIR, 'dist', 'index.js')).href;
const TINY_RUN = `
import { compile, instantiate } from '${DIST}';
const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,5,1,1,102,0,0,10,6,1,4,0,65,1,11]);
instantiate(compile(bytes)).exports.f();`;

/** An execute workload (collatz) run for ~1.5 s through dist/, to watch run() tier up. */
const HOT_RUN = `
import { readFileSync } from 'node:fs';
import { compile, instantiate } from '${DIST}';
const f = instantiate(compile(new Uint8Array(readFileSync('bench/workloads/execute.wasm')))).exports.collatz;
const end = performance.now() + 1500;
while (performance.now() < end) f(1000);`;

/** Writes `source` to a module file of the temporary folder (a big one is too long for `-e`). */
let scriptCount = 0;
function scriptFile(dir, source) {
  const file = path.join(dir, `script-${scriptCount++}.mjs`);
  fs.writeFileSync(file, source);
  return file;
}

/** Largest "Bytecode length" printed for functions named `filter`. */
function bytecodeLength(bin, filter, script, dir) {
  const out = runChild(bin, ['--print-bytecode', `--print-bytecode-filter=${filter}`, scriptFile(dir, script)], []);
  const lengths = [...out.matchAll(/Bytecode length: (\d+)/g)].map((m) => Number(m[1]));
  return lengths.length === 0 ? null : Math.max(...lengths);
}

/**
 * What --trace-opt / --trace-deopt report for functions named `name`: the tiers compiles finished
 * for (e.g. ['MAGLEV (OSR)', 'TURBOFAN_JS']) and how many deoptimizations happened.
 */
function tracedTiers(bin, name, script, dir) {
  const out = runChild(bin, ['--trace-opt', '--trace-deopt', scriptFile(dir, script)], []);
  const tiers = new Set();
  let deopts = 0;
  for (const line of out.split('\n')) {
    if (!line.includes(`<JSFunction ${name} `)) continue;
    if (/^\[bailout|deoptimizing/.test(line)) deopts++;
    if (!/^\[completed compiling/.test(line)) continue;
    const target = /target ([A-Z_]+)/.exec(line)?.[1] ?? 'unknown';
    tiers.add(/ OSR/.test(line) ? `${target} (OSR)` : target);
  }
  return { tiers: [...tiers].sort(), deopts };
}

/** A function `big` of about `statements` statements in a loop, called often with short loops. */
function bigFunctionScript(statements) {
  const next = lcg(3);
  const body = Array.from({ length: statements }, (_, i) => `    a = ((a ^ ${next() & 0xffff}) + ${i}) | 0;`).join('\n');
  return `function big(x, n) {\n  let a = x | 0;\n  for (let i = 0; i < n; i++) {\n${body}\n  }\n  return a;\n}
let s = 0;
const end = performance.now() + 3000;
for (let k = 0; performance.now() < end; k++) s ^= big(k, 1);
if (s === 0.5) console.log(s);`;
}

function maxOptimizedBytecodeSize(bin) {
  const out = runChild(bin, ['--v8-options'], []);
  const m = /--max-optimized-bytecode-size[^\n]*\n\s*type: int\s+default: (?:--max-optimized-bytecode-size=)?(\d+)/.exec(out);
  return m === null ? null : Number(m[1]);
}

function maglevDefault(bin) {
  const out = runChild(bin, ['--v8-options'], []);
  const m = /\n\s*--maglev \([^\n]*\n\s*type: bool\s+default: (--no-maglev|--maglev)/.exec(out);
  return m === null ? null : m[1] === '--maglev';
}

/** Probes of one binary: run() bytecode, the size flag, tiers of run() and of `big` below / above it. */
function probes(bin, dir) {
  const limit = maxOptimizedBytecodeSize(bin);
  const result = {
    runBytecodeLength: bytecodeLength(bin, 'run', TINY_RUN, dir),
    maxOptimizedBytecodeSize: limit,
    maglevFlagDefault: maglevDefault(bin),
    run: tracedTiers(bin, 'run', HOT_RUN, dir),
    bigFunctions: [],
  };
  if (limit !== null) {
    const once = (script) => script.replace(/const end[^\n]*\n[^\n]*\n/, 'big(1, 1);\n');
    // Aim just below and above the limit: bytes per statement grow with the function (wide
    // operands once the constant pool passes 256 entries), so rescale until within 1.5%.
    for (const target of [0.95, 1.05]) {
      let statements = 1000;
      let length = bytecodeLength(bin, 'big', once(bigFunctionScript(statements)), dir);
      for (let i = 0; i < 4 && Math.abs(length / (limit * target) - 1) > 0.015; i++) {
        statements = Math.round((statements * limit * target) / length);
        length = bytecodeLength(bin, 'big', once(bigFunctionScript(statements)), dir);
      }
      result.bigFunctions.push({ bytecodeLength: length, ...tracedTiers(bin, 'big', bigFunctionScript(statements), dir) });
    }
  }
  return result;
}

/** The binaries to measure: this node, or `--node 20,24,26` (scripts/node-lines.mjs). */
async function binaries(spec) {
  if (spec === undefined) return [{ line: Number(process.versions.node.split('.')[0]), bin: process.execPath, version: process.versions.node }];
  const { nodeBinaries } = await import('../scripts/node-lines.mjs');
  return nodeBinaries(spec);
}

async function main(argv) {
  if (argv[0] === '--child') return child(argv[1], argv[2]);
  let nodeSpec;
  let only = ['switch', 'bigint', 'probes'];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--node') nodeSpec = argv[++i];
    else if (argv[i] === '--only') only = argv[++i].split(',');
    else throw new Error(`unknown argument ${argv[i]} (options: --node 20,24,26  --only switch,bigint,probes)`);
  }
  if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'index.js'))) throw new Error('dist/ is not built: npm run build');
  const dir = writeModules();
  const lines = [];
  try {
    for (const b of await binaries(nodeSpec)) {
      const v8 = runChild(b.bin, ['-p', 'process.versions.v8'], []).trim();
      const entry = { node: b.version, v8, cases: {}, probes: null };
      console.log(`\n== Node ${b.version} (V8 ${v8}) ==`);
      for (const g of only.filter((x) => x in GROUPS)) {
        for (const c of GROUPS[g].cases) {
          entry.cases[c] = {};
          for (const m of GROUPS[g].modes) {
            const r = JSON.parse(runChild(b.bin, MODES[m], [SELF, '--child', c, dir]));
            entry.cases[c][m] = r;
            console.log(`  ${c.padEnd(15)} ${m.padEnd(10)} ${r.nsPerOp.toFixed(2).padStart(8)} ns/op  (min ${r.min.toFixed(2)}, max ${r.max.toFixed(2)})`);
          }
        }
      }
      if (only.includes('probes')) {
        entry.probes = probes(b.bin, dir);
        console.log(`  probes: ${JSON.stringify(entry.probes)}`);
      }
      lines.push(entry);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const machine = { platform: process.platform, arch: process.arch, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? null };
  for (const entry of lines) {
    const file = path.join(BENCH_DIR, 'results', `node${entry.node.split('.')[0]}`, 'v8-rules.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // An `--only` run replaces its own figures and keeps the others of the same Node release.
    const old = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
    const kept = old !== null && old.node === entry.node ? old : { cases: {}, probes: null };
    const merged = { ...entry, cases: { ...kept.cases, ...entry.cases }, probes: entry.probes ?? kept.probes };
    fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, modes: MODES, ...merged }, null, 2)}\n`);
    console.log(`wrote ${path.relative(REPO_DIR, file)}`);
  }
  return undefined;
}

await main(process.argv.slice(2));
