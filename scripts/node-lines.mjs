#!/usr/bin/env node
/**
 * Node-lines matrix (issue 9): runs the suites whose outcome depends on the JS engine under the
 * official Node binary of every pinned line (scripts/node-lines.json, the one place versions are
 * written), and requires one JIT-tier digest across all of them.
 *
 *   npm run test:node-lines                     # build, then every pinned line (CI runs this)
 *   node scripts/node-lines.mjs --lines 24,26   # some lines (dist/ must be built)
 *   node scripts/node-lines.mjs --fetch-only    # fetch and verify the binaries, print their paths
 *   node scripts/node-lines.mjs --no-self       # skip the machine's own node (digest entry)
 *   node scripts/node-lines.mjs --self-digest F # the own node's digest from an earlier run (.ci/run:
 *                                               # TIERS_DIGEST_FILE=F npm test), instead of running tiers
 *
 * Binaries: `npm pack node-linux-<arch>@<version>` (npm checks the tarball against the registry's
 * integrity) into the cache folder (.cache/node-lines/, gitignored; NODE_LINES_CACHE overrides),
 * `package/bin/node` extracted, and kept; a cached binary is reused only if `--version` prints the
 * pinned version. Under each line, vitest runs MATRIX_FILES (`<node> node_modules/vitest/vitest.mjs
 * run`), so the test processes, the tier children (process.execPath) and the bytecode probe of
 * ir-labels.test.ts all run that node. tiers.test.ts writes its digest to TIERS_DIGEST_FILE; the
 * machine's own node, whose full suite `npm test` runs, contributes a digest from tiers.test.ts
 * alone when its major is not pinned. Exit 1 on any failure, skip or digest mismatch, 2 on bad
 * arguments.
 *
 * Pure parts (pins, package names, vitest report, digest comparison) are exported and tested in
 * test/node-lines.test.ts; the rest runs only when this file is the entry point.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const PINS_FILE = path.join(REPO_DIR, 'scripts', 'node-lines.json');
export const DEFAULT_CACHE_DIR = path.join(REPO_DIR, '.cache', 'node-lines');

/** Test files run under every pinned line. */
export const MATRIX_FILES = Object.freeze([
  'test/spec/spec.test.ts',
  // Its V8 check of the converted gc scripts needs V8 with GC (Node 22+); the own node 20 skips it.
  'test/spec/wast.test.ts',
  'test/diff/tiers.test.ts',
  'test/diff/differential.test.ts',
  // GC against V8 needs V8 with the final GC (Node 22+); the own node 20 skips it.
  'test/diff/gc.test.ts',
  'test/hostile/',
  'test/ir-labels.test.ts',
]);

/** The spec test file; its tests named `... (gas on)` are the metered run. */
const SPEC_TEST = 'test/spec/spec.test.ts';
const GAS_ON_SUFFIX = ' (gas on)';

/**
 * Parses the pin file: `{ lines: [{ line, version, status? }] }`, versions exact `X.Y.Z` with
 * X = line, lines unique. Returns the pins sorted by line. Throws with the reason otherwise.
 * @param {string} text
 * @returns {{ line: number, version: string, status: string }[]}
 */
export function parsePins(text) {
  const data = JSON.parse(text);
  if (data === null || typeof data !== 'object' || !Array.isArray(data.lines) || data.lines.length === 0) {
    throw new Error('node-lines.json: expected { "lines": [ ... ] } with at least one entry');
  }
  const seen = new Set();
  const pins = data.lines.map((e, i) => {
    const where = `node-lines.json: lines[${i}]`;
    if (e === null || typeof e !== 'object') throw new Error(`${where}: not an object`);
    if (!Number.isInteger(e.line) || e.line < 1) throw new Error(`${where}: "line" must be a positive integer`);
    if (typeof e.version !== 'string' || !/^\d+\.\d+\.\d+$/.test(e.version)) {
      throw new Error(`${where}: "version" must be an exact X.Y.Z release, got ${JSON.stringify(e.version)}`);
    }
    if (Number(e.version.split('.')[0]) !== e.line) throw new Error(`${where}: version ${e.version} is not on line ${e.line}`);
    if (seen.has(e.line)) throw new Error(`${where}: line ${e.line} is pinned twice`);
    seen.add(e.line);
    return { line: e.line, version: e.version, status: typeof e.status === 'string' ? e.status : '' };
  });
  return pins.sort((a, b) => a.line - b.line);
}

/**
 * The pins named by `--lines` ("24,26"), in pin order; all of them for undefined.
 * @param {{ line: number }[]} pins
 * @param {string | undefined} wanted
 */
export function selectLines(pins, wanted) {
  if (wanted === undefined) return pins;
  const lines = wanted.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (lines.length === 0) throw new Error('--lines: no line given');
  for (const l of lines) {
    if (!pins.some((p) => String(p.line) === l)) throw new Error(`--lines: ${l} is not pinned (pinned: ${pins.map((p) => p.line).join(', ')})`);
  }
  return pins.filter((p) => lines.includes(String(p.line)));
}

/**
 * The npm package holding the official Node binary for a platform and CPU (`process.platform`,
 * `process.arch`). Only Linux is supported (the packages of other systems lay out differently).
 * @param {string} platform
 * @param {string} arch
 */
export function packageName(platform, arch) {
  if (platform !== 'linux') throw new Error(`no official Node package known for platform ${platform} (linux only)`);
  if (arch !== 'x64' && arch !== 'arm64') throw new Error(`no official Node package known for linux on ${arch} (x64, arm64)`);
  return `node-linux-${arch}`;
}

/**
 * What a vitest JSON report says: test counts, tests that failed (with the first line of their
 * message), files that failed without a test result (load errors), and the spec files passed with
 * gas off and with gas on.
 * @param {any} report  vitest `--reporter=json` output
 */
export function summarizeVitest(report) {
  const out = { passed: 0, failed: 0, skipped: 0, specGasOff: 0, specGasOn: 0, failures: [], fileErrors: [], files: [] };
  for (const file of report.testResults ?? []) {
    const rel = path.relative(REPO_DIR, file.name).split(path.sep).join('/');
    out.files.push(rel);
    const tests = file.assertionResults ?? [];
    if (tests.length === 0 && file.status !== 'passed') out.fileErrors.push(`${rel}: ${firstLine(file.message)}`);
    for (const t of tests) {
      if (t.status === 'passed') {
        out.passed++;
        if (rel === SPEC_TEST) {
          if (t.title.endsWith(GAS_ON_SUFFIX)) out.specGasOn++;
          else out.specGasOff++;
        }
      } else if (t.status === 'failed') {
        out.failed++;
        out.failures.push(`${rel} > ${t.fullName}: ${firstLine((t.failureMessages ?? [])[0])}`);
      } else {
        out.skipped++;
        out.failures.push(`${rel} > ${t.fullName}: ${t.status} (a skipped test fails the matrix)`);
      }
    }
  }
  return out;
}

function firstLine(s) {
  return String(s ?? '').split('\n')[0].slice(0, 300);
}

/**
 * Problems of one line's run besides its failed tests: a file of `expectedFiles` that ran no
 * test, an empty spec run, a missing digest.
 * @param {ReturnType<typeof summarizeVitest>} summary
 * @param {readonly string[]} expectedFiles  MATRIX_FILES entries (a folder ends with '/')
 * @param {string | null} digest
 */
export function missingParts(summary, expectedFiles, digest) {
  const problems = [];
  for (const f of expectedFiles) {
    const ran = f.endsWith('/') ? summary.files.some((x) => x.startsWith(f)) : summary.files.includes(f);
    if (!ran) problems.push(`${f}: no test file ran`);
  }
  if (expectedFiles.includes(SPEC_TEST) && (summary.specGasOff === 0 || summary.specGasOn === 0)) {
    problems.push(`spec suite: ${summary.specGasOff} files passed gas off, ${summary.specGasOn} gas on (is ../shared/spectest there?)`);
  }
  if (digest === null) problems.push('tiers.test.ts wrote no digest');
  return problems;
}

/**
 * Compares the tier digests of the runs: ok when every run has one and all are equal. `groups`
 * maps each digest seen to the runs that produced it (for the mismatch report).
 * @param {{ name: string, digest: string | null }[]} runs
 */
export function compareDigests(runs) {
  const groups = new Map();
  const missing = [];
  for (const r of runs) {
    if (r.digest === null || r.digest === '') {
      missing.push(r.name);
      continue;
    }
    if (!groups.has(r.digest)) groups.set(r.digest, []);
    groups.get(r.digest).push(r.name);
  }
  const ok = runs.length > 0 && missing.length === 0 && groups.size === 1;
  return { ok, digest: ok ? [...groups.keys()][0] : null, groups, missing };
}

/**
 * The official binary of `pin` in the cache (fetched with `npm pack` when absent), checked to
 * print the pinned version. Returns its path and V8 version.
 * @param {{ line: number, version: string }} pin
 * @param {{ cacheDir?: string, log?: (s: string) => void }} [options]
 */
export function ensureNode(pin, options = {}) {
  const cacheDir = options.cacheDir ?? process.env.NODE_LINES_CACHE ?? DEFAULT_CACHE_DIR;
  const log = options.log ?? ((s) => process.stderr.write(`${s}\n`));
  const pkg = packageName(process.platform, process.arch);
  const dir = path.join(cacheDir, `${pkg}-${pin.version}`);
  const bin = path.join(dir, 'bin', 'node');
  let probe = fs.existsSync(bin) ? probeNode(bin) : null;
  if (probe === null || probe.version !== pin.version) {
    if (probe !== null) log(`node-lines: cached ${bin} prints ${probe.version}, not ${pin.version}; fetching again`);
    fetchNode(`${pkg}@${pin.version}`, cacheDir, dir);
    probe = probeNode(bin);
    if (probe === null || probe.version !== pin.version) {
      throw new Error(`${bin} (from ${pkg}@${pin.version}) prints ${probe === null ? 'nothing' : probe.version}, not ${pin.version}`);
    }
    log(`node-lines: fetched ${pkg}@${pin.version} (V8 ${probe.v8}) into ${dir}`);
  }
  return { bin, version: probe.version, v8: probe.v8 };
}

/**
 * Binaries for a list of lines ("20,24,26", as bench/run.mjs and bench/v8-rules.mjs take it): a
 * line equal to this node's major is this node (process.execPath), any other must be pinned and
 * is fetched with {@link ensureNode}.
 * @param {string} wanted
 * @returns {{ line: number, bin: string, version: string }[]}
 */
export function nodeBinaries(wanted) {
  const selfLine = Number(process.versions.node.split('.')[0]);
  const lines = wanted.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (lines.length === 0) throw new Error('no Node line given');
  let pins = null;
  return lines.map((l) => {
    if (l === String(selfLine)) return { line: selfLine, bin: process.execPath, version: process.versions.node };
    pins ??= parsePins(fs.readFileSync(PINS_FILE, 'utf8'));
    const pin = selectLines(pins, l)[0];
    return { line: pin.line, ...ensureNode(pin) };
  });
}

/** `{ version, v8 }` as the binary reports them, or null when it does not run. */
function probeNode(bin) {
  const r = spawnSync(bin, ['-p', 'process.versions.node + " " + process.versions.v8'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const [version, v8] = r.stdout.trim().split(' ');
  return { version, v8 };
}

/** `npm pack SPEC` into a temporary folder, then `package/bin/node` into `dir` (replaced whole). */
function fetchNode(spec, cacheDir, dir) {
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheDir, 'tmp-'));
  try {
    const packed = spawnSync('npm', ['pack', spec, '--json', '--pack-destination', tmp], { cwd: tmp, encoding: 'utf8' });
    if (packed.status !== 0) throw new Error(`npm pack ${spec} failed (${packed.status}):\n${packed.stderr}`);
    const tgz = path.join(tmp, JSON.parse(packed.stdout)[0].filename);
    const unpacked = path.join(tmp, 'unpacked');
    fs.mkdirSync(unpacked);
    const tar = spawnSync('tar', ['-xzf', tgz, '-C', unpacked, '--strip-components=1', 'package/bin/node'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar could not extract package/bin/node from ${tgz}:\n${tar.stderr}`);
    // Replace the whole folder only once the binary is out, so no half-extracted binary stays.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(unpacked, dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Runs vitest on `files` under `bin`; resolves with its exit code, report and digest. */
function runVitest(bin, files, work, name) {
  const reportFile = path.join(work, `${name}.vitest.json`);
  const digestFile = path.join(work, `${name}.digest.json`);
  const logFile = path.join(work, `${name}.log`);
  const args = [path.join(REPO_DIR, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json',
    `--outputFile.json=${reportFile}`, ...files];
  const env = { ...process.env, TIERS_DIGEST_FILE: digestFile, NO_COLOR: '1', FORCE_COLOR: '0' };
  const log = fs.openSync(logFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: REPO_DIR, env, stdio: ['ignore', log, log] });
    child.on('error', reject);
    child.on('close', (code) => {
      fs.closeSync(log);
      const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : { testResults: [] };
      const digest = fs.existsSync(digestFile) ? JSON.parse(fs.readFileSync(digestFile, 'utf8')).digest : null;
      resolve({ code, report, digest, logFile });
    });
  });
}

/** The own node's entry from a digest file that tiers.test.ts wrote under this same node. */
function readSelfDigest(self, file) {
  const problems = [];
  let digest = null;
  if (!fs.existsSync(file)) {
    problems.push(`--self-digest ${file}: no such file (did tiers.test.ts run with TIERS_DIGEST_FILE set?)`);
  } else {
    const d = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (d.node !== process.versions.node) problems.push(`--self-digest ${file}: written by Node ${d.node}, not ${process.versions.node}`);
    else digest = d.digest;
  }
  for (const p of problems) console.log(`node-lines: ${self.name}: ${p}`);
  const empty = { passed: 0, failed: 0, skipped: 0, specGasOff: 0, specGasOn: 0, failures: [], fileErrors: [], files: [] };
  return { ...self, ...empty, name: self.name.replace('(self)', '(self, npm test)'), digest, seconds: null, problems, logFile: null };
}

function tail(file, lines) {
  return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

function parseArgs(argv) {
  const o = { lines: undefined, fetchOnly: false, self: true, selfDigest: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') o.lines = argv[++i];
    else if (a.startsWith('--lines=')) o.lines = a.slice('--lines='.length);
    else if (a === '--fetch-only') o.fetchOnly = true;
    else if (a === '--no-self') o.self = false;
    else if (a === '--self-digest') o.selfDigest = argv[++i];
    else throw new Error(`unknown argument ${a} (options: --lines 22,24  --fetch-only  --no-self  --self-digest FILE)`);
  }
  return o;
}

async function main(argv) {
  let opts;
  let pins;
  try {
    opts = parseArgs(argv);
    pins = selectLines(parsePins(fs.readFileSync(PINS_FILE, 'utf8')), opts.lines);
  } catch (e) {
    console.error(`node-lines: ${e.message}`);
    return 2;
  }
  const nodes = pins.map((p) => ({ ...p, ...ensureNode(p) }));
  if (opts.fetchOnly) {
    for (const n of nodes) console.log(`node ${n.line}: ${n.bin} (Node ${n.version}, V8 ${n.v8})`);
    return 0;
  }
  if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'index.js'))) {
    console.error('node-lines: dist/ is not built (npm run build; npm run test:node-lines builds first)');
    return 1;
  }
  const runs = nodes.map((n) => ({ name: `node ${n.line}`, bin: n.bin, version: n.version, v8: n.v8, files: MATRIX_FILES }));
  const selfMajor = Number(process.versions.node.split('.')[0]);
  const self = { name: `node ${selfMajor} (self)`, bin: process.execPath, version: process.versions.node, v8: process.versions.v8, files: ['test/diff/tiers.test.ts'] };
  let selfResult = null;
  if (opts.self && !pins.some((p) => p.line === selfMajor)) {
    if (opts.selfDigest === undefined) runs.push(self);
    else selfResult = readSelfDigest(self, opts.selfDigest);
  }
  const work = path.join(process.env.NODE_LINES_CACHE ?? DEFAULT_CACHE_DIR, 'runs');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const started = performance.now();
  const results = [];
  for (const run of runs) {
    console.log(`node-lines: ${run.name}: Node ${run.version}, V8 ${run.v8}: vitest run ${run.files.join(' ')}`);
    const t0 = performance.now();
    const r = await runVitest(run.bin, run.files, work, run.name.replace(/\W+/g, '-'));
    const seconds = (performance.now() - t0) / 1000;
    const s = summarizeVitest(r.report);
    const problems = [...s.fileErrors, ...s.failures, ...missingParts(s, run.files, r.digest)];
    if (r.code !== 0 && problems.length === 0) problems.push(`vitest exited with ${r.code}`);
    results.push({ ...run, ...s, digest: r.digest, seconds, problems, logFile: r.logFile });
    console.log(`node-lines: ${run.name}: ${problems.length === 0 ? 'pass' : 'FAIL'}, ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped in ${seconds.toFixed(0)} s`);
    if (problems.length > 0) {
      for (const p of problems) console.log(`  ${p}`);
      console.log(`--- last lines of ${r.logFile} ---\n${tail(r.logFile, 60)}\n---`);
    }
  }
  if (selfResult !== null) results.push(selfResult);
  const cmp = compareDigests(results);
  const total = (performance.now() - started) / 1000;
  console.log('\n== Node lines ==');
  const rows = [['line', 'node', 'v8', 'result', 'tests', 'spec files gas off / on', 'tier digest', 'time']];
  for (const r of results) {
    const spec = r.files.includes(SPEC_TEST) ? `${r.specGasOff} / ${r.specGasOn}` : '(npm test)';
    const tests = r.logFile === null ? '(npm test)' : `${r.passed} passed, ${r.failed} failed`;
    rows.push([r.name, r.version, r.v8, r.problems.length === 0 ? 'pass' : 'FAIL', tests, spec,
      r.digest === null ? '(none)' : r.digest.slice(0, 16), r.seconds === null ? '-' : `${r.seconds.toFixed(0)} s`]);
  }
  console.log(formatRows(rows));
  if (cmp.ok) {
    console.log(`tier digest: ${cmp.digest} on every line`);
  } else {
    console.log('tier digest MISMATCH:');
    for (const [d, names] of cmp.groups) console.log(`  ${d}: ${names.join(', ')}`);
    if (cmp.missing.length > 0) console.log(`  no digest: ${cmp.missing.join(', ')}`);
  }
  const failedRuns = results.filter((r) => r.problems.length > 0).length;
  console.log(`node-lines: ${results.length - failedRuns} lines passed, ${failedRuns} failed; ${total.toFixed(0)} s`);
  return failedRuns === 0 && cmp.ok ? 0 : 1;
}

function formatRows(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
