#!/usr/bin/env node
/**
 * `npm run test:browser` (issue 14 item 6): detwasm's dist/, unbundled ES modules, in headless
 * Chromium and headless Firefox, with the results and gas that Node gives.
 *
 *   npm run test:browser                          # build, then Chromium and Firefox (CI runs this)
 *   node scripts/test-browser.mjs --browsers firefox --timeout 60   # dist/ must be built
 *
 * 1. Runs every case of scripts/browser/cases.mjs in this process, on dist/ (`detwasm` resolved by
 *    the package's self-reference); the js-api cases also on Node's own WebAssembly (V8), which
 *    must give the same results; some digests are also checked against node:crypto.
 * 2. Serves the repository's dist/, examples/, scripts/browser/ and the few package files the
 *    cases read, from http://127.0.0.1:<free port>/ (nothing else: any other path is a 404). The
 *    page (scripts/browser/page.html) loads dist/ through an import map; it is served with a
 *    Content-Security-Policy that allows that import map by its hash and not 'wasm-unsafe-eval',
 *    so the browser's own WebAssembly is switched off there (the page checks it is refused).
 * 3. Starts each browser headless on a fresh profile in a temporary folder (Chromium:
 *    `--headless --no-sandbox --user-data-dir`; Firefox: `--headless --no-remote --new-instance
 *    --profile`), in a process group of its own; the page POSTs its results (or any uncaught
 *    error) to /report; the browser's process group is then killed and its profile removed.
 * 4. Compares each case's result with Node's (a deep equality of the JSON; ms are not compared)
 *    and prints one row per case and browser.
 *
 * Exit 1 on any difference, a case that throws, an error on the page, a browser that does not
 * report within --timeout seconds (default 120), or a browser that is not installed (the message
 * names the binaries looked for and how to install them; CHROMIUM_BIN / FIREFOX_BIN override the
 * lookup); exit 2 on bad arguments. No webdriver, no dependency: node:http and child processes.
 *
 * The pure parts (comparison, table, served paths, the CSP hash, the binary lookup, the oracle
 * checks) are exported and tested in test/test-browser.test.ts; the rest runs only when this file
 * is the entry point.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The browsers: the binaries looked for in PATH (first found wins), the variable that overrides, the Debian package. */
export const BROWSERS = Object.freeze({
  chromium: Object.freeze({ label: 'Chromium', binaries: Object.freeze(['chromium', 'chromium-browser']), env: 'CHROMIUM_BIN', debian: 'chromium' }),
  firefox: Object.freeze({ label: 'Firefox', binaries: Object.freeze(['firefox-esr', 'firefox']), env: 'FIREFOX_BIN', debian: 'firefox-esr' }),
});

/** URL path prefixes the server answers (files below the repository root); anything else is a 404. */
export const SERVED_PREFIXES = Object.freeze([
  'dist/',
  'examples/',
  'scripts/browser/',
  'node_modules/hash-wasm/dist/',
  'node_modules/@chainsafe/as-sha256/lib/',
  'node_modules/@chainsafe/as-sha256/build/',
  'node_modules/argon2-browser/dist/',
]);

const CONTENT_TYPES = Object.freeze({
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.wat': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
});

/** The Content-Type of a served file by its extension (application/octet-stream otherwise). */
export function contentType(file) {
  return CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/**
 * The file of the repository a request path names, or null (404): only below SERVED_PREFIXES,
 * no `..`, `.` or empty segments, no backslashes or NULs, no percent-encoding tricks.
 * @param {string} urlPath the path of the request URL, query removed ('/dist/index.js')
 */
export function servedFile(urlPath, repoDir = REPO_DIR) {
  let p;
  try {
    p = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (!p.startsWith('/') || p.includes('\\') || p.includes('\0')) return null;
  const rel = p.slice(1);
  if (rel.split('/').some((s) => s === '..' || s === '.' || s === '')) return null;
  if (!SERVED_PREFIXES.some((prefix) => rel.startsWith(prefix))) return null;
  return path.join(repoDir, ...rel.split('/'));
}

/** The inline scripts of a page (`<script ...>text</script>` without src), as CSP hashes them. */
export function inlineScripts(html) {
  return [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

/**
 * The page's Content-Security-Policy: scripts from the server and the page's inline scripts (its
 * import map) by hash; no 'unsafe-eval', no 'wasm-unsafe-eval', so the browser refuses to compile
 * WebAssembly itself.
 */
export function pagePolicy(html) {
  const hashes = inlineScripts(html).map((s) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`);
  return [`default-src 'self'`, `script-src 'self' ${hashes.join(' ')}`.trimEnd(), `object-src 'none'`, `base-uri 'none'`].join('; ');
}

/**
 * The path of a browser's binary: the override variable if set (it must exist), else the first
 * of its binaries found in `pathVar`. Returns `{ bin }` or `{ missing: message }`.
 */
export function findBrowser(name, env = process.env, isFile = isExecutable) {
  const b = BROWSERS[name];
  const install = `install it with \`apt-get install -y ${b.debian}\` (Debian, as root), or set ${b.env}=/path/to/binary`;
  const override = env[b.env];
  if (override !== undefined && override !== '') {
    return isFile(override) ? { bin: override } : { missing: `${b.label}: ${b.env}=${override} is not an executable file; ${install}` };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const bin of b.binaries) {
      const full = path.join(dir, bin);
      if (isFile(full)) return { bin: full };
    }
  }
  return { missing: `${b.label} not found: no ${b.binaries.map((x) => `\`${x}\``).join(' or ')} in PATH; ${install}` };
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Parses `--browsers a,b` and `--timeout S`. Throws with the reason. */
export function parseArgs(argv) {
  const options = { browsers: Object.keys(BROWSERS), timeoutMs: 120_000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--browsers') {
      const names = value().split(',').filter((s) => s !== '');
      for (const n of names) if (!(n in BROWSERS)) throw new Error(`unknown browser ${n} (known: ${Object.keys(BROWSERS).join(', ')})`);
      if (names.length === 0) throw new Error('--browsers needs at least one name');
      options.browsers = [...new Set(names)];
    } else if (a === '--timeout') {
      const s = Number(value());
      if (!Number.isFinite(s) || s <= 0) throw new Error('--timeout needs a positive number of seconds');
      options.timeoutMs = s * 1000;
    } else {
      throw new Error(`unknown argument ${a}`);
    }
  }
  return options;
}

const show = (v) => {
  const s = Object.is(v, -0) ? '-0' : JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/**
 * The first difference between two JSON values, as `path: expected X, got Y`, or null when they
 * are equal (arrays by position, objects by key set, numbers with Object.is so -0 and NaN count).
 */
export function diffJson(expected, actual, at = '$') {
  if (typeof expected === 'number' && typeof actual === 'number') return Object.is(expected, actual) ? null : `${at}: expected ${show(expected)}, got ${show(actual)}`;
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') {
    return expected === actual ? null : `${at}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return `${at}: expected ${Array.isArray(expected) ? 'an array' : 'an object'}, got ${show(actual)}`;
  if (Array.isArray(expected)) {
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) {
      const d = diffJson(expected[i], actual[i], `${at}[${i}]`);
      if (d !== null) return d;
    }
    return expected.length === actual.length ? null : `${at}: expected ${expected.length} items, got ${actual.length}`;
  }
  const keys = Object.keys(expected);
  for (const k of Object.keys(actual)) if (!Object.hasOwn(expected, k)) return `${at}: unexpected key ${k}`;
  for (const k of keys) {
    if (!Object.hasOwn(actual, k)) return `${at}: missing key ${k}`;
    const d = diffJson(expected[k], actual[k], `${at}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

/**
 * One row per case of the reference run: `{ name, cells: [{ ok, text }] }`, a cell per browser,
 * `ok` when the browser's result equals the reference. `reference` cases are `{ name, ms,
 * result | error }`; a browser's run is `{ name, cases }` or `{ name, failure }` (no results).
 */
export function compareRuns(reference, runs) {
  const rows = reference.map((c) => ({
    name: c.name,
    reference: c.error !== undefined ? { ok: false, text: `error: ${c.error}` } : { ok: true, text: `${c.ms} ms` },
    cells: runs.map((run) => {
      if (run.failure !== undefined) return { ok: false, text: 'no result' };
      const got = run.cases.find((x) => x.name === c.name);
      if (got === undefined) return { ok: false, text: 'missing' };
      if (got.error !== undefined) return { ok: false, text: `error: ${got.error}` };
      if (c.error !== undefined) return { ok: false, text: 'node failed' };
      const d = diffJson(c.result, got.result);
      return d === null ? { ok: true, text: `same (${got.ms} ms)` } : { ok: false, text: `DIFFERS ${d}` };
    }),
  }));
  for (const run of runs) {
    if (run.failure !== undefined) continue;
    for (const x of run.cases) {
      if (!reference.some((c) => c.name === x.name)) rows.push({ name: x.name, reference: { ok: false, text: 'not run' }, cells: runs.map((r) => ({ ok: r !== run, text: r === run ? 'extra case' : '' })) });
    }
  }
  return rows;
}

/** The rows as a text table: case, node, one column per browser; a trailing `ok` flag. */
export function formatTable(rows, browserNames) {
  const header = ['case', 'node', ...browserNames];
  const body = rows.map((r) => [r.name, r.reference.text, ...r.cells.map((c) => c.text)]);
  const widths = header.map((h, i) => Math.min(70, Math.max(h.length, ...body.map((b) => b[i].length))));
  const line = (cells) => cells.map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 3)}...` : c.padEnd(widths[i]))).join(' | ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

/**
 * The end of a browser's stdout + stderr worth showing: without the lines a headless browser
 * prints on a machine without a desktop session (D-Bus, zygote, GPU), at most 20 lines.
 */
export function browserOutput(text) {
  const noise = /ERROR:dbus\/|zygote_communication|\[GFX1-\]|You are running in headless mode/;
  return text.split('\n').filter((l) => l.trim() !== '' && !noise.test(l)).slice(-20).join('\n');
}

/** Whether every cell and the reference of every row is ok. */
export function allOk(rows) {
  return rows.every((r) => r.reference.ok && r.cells.every((c) => c.ok));
}

/**
 * Independent checks of the Node run, as failure messages: Node's own WebAssembly (V8) must give
 * the js-api cases' results (`native`, the same cases run on it), and the sha256 digests must be
 * node:crypto's. `sha256(bytes) => hex`, `input(size, seed)` as cases.mjs makes inputs.
 */
export function oracleFailures(cases, native, sha256, input) {
  const failures = [];
  const byName = (name) => cases.find((c) => c.name === name)?.result;
  for (const n of native) {
    const ours = cases.find((c) => c.name === n.name);
    if (n.error !== undefined) failures.push(`${n.name} on V8: ${n.error}`);
    else if (ours === undefined || ours.error !== undefined) failures.push(`${n.name}: no detwasm result to compare with V8's`);
    else {
      const d = diffJson(n.result, ours.result);
      if (d !== null) failures.push(`${n.name}: detwasm differs from V8: ${d}`);
    }
  }
  const expect = (what, got, want, source = 'node:crypto gives') => {
    if (got !== want) failures.push(`${what}: ${show(got)}, ${source} ${show(want)}`);
  };
  const enc = (s) => new TextEncoder().encode(s);
  const as = byName('js-api: @chainsafe/as-sha256 (SIMD)');
  if (as !== undefined) {
    [0, 1, 2, 3].forEach((k) => expect(`as-sha256 batch[${k}]`, as.batch[k], sha256(input(64, 10 + k))));
    expect('as-sha256 stream', as.stream10000, sha256(input(10_000, 5)));
  }
  const metered = byName('core: hash-wasm sha256, metered');
  if (metered !== undefined) for (const s of ['default', 'strict']) expect(`hash-wasm sha256 metered (${s})`, metered[s].digest, sha256(input(40_000, 7)));
  const dropIn = byName('drop-in: no WebAssembly, install, glue');
  if (dropIn !== undefined) {
    expect('drop-in: typeof WebAssembly once deleted', dropIn.deleted, 'undefined', 'expected');
    expect('drop-in: the installed WebAssembly is detwasm\'s', dropIn.isDetwasm, true, 'expected');
    expect('drop-in: install leaves a present WebAssembly alone', dropIn.keptPresent, true, 'expected');
    expect('drop-in: installWebAssembly({ force: true }) replaces it', dropIn.forced, true, 'expected');
    expect('drop-in hash-wasm sha256', dropIn.hashWasm.sha256, sha256(input(40_000, 3)));
    expect('drop-in hash-wasm sha256("")', dropIn.hashWasm.sha256Empty, sha256(enc('')));
    expect('drop-in hash-wasm sha256("abc")', dropIn.hashWasm.sha256Text, sha256(enc('abc')));
    expect('drop-in as-sha256 digest', dropIn.asSha256.digest40000, sha256(input(40_000, 3)));
    expect('drop-in as-sha256 digest64', dropIn.asSha256.digest64, sha256(input(40_000, 3).subarray(0, 64)));
    expect('drop-in as-sha256 digest("abc")', dropIn.asSha256.digestAbc, sha256(enc('abc')));
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// the impure rest: Node run, server, browsers

/** Runs the cases in this process: the js-api ones on V8 first, then all on detwasm (the drop-in last: it deletes the global). */
async function nodeRun() {
  const { runCases, inputBytes } = await import('./browser/cases.mjs');
  const jsApi = await import('detwasm/js-api');
  const read = (p) => fs.readFileSync(path.join(REPO_DIR, ...p.split('/')));
  const host = (WebAssembly) => ({
    WebAssembly,
    bytes: async (p) => new Uint8Array(read(p)),
    text: async (p) => read(p).toString('utf8'),
    // A classic script in the global scope, as a <script src> runs it.
    script: async (p) => {
      (0, eval)(read(p).toString('utf8'));
    },
    importModule: (specifier) => import(specifier.startsWith('node_modules/') ? pathToFileURL(path.join(REPO_DIR, specifier)).href : specifier),
  });
  const now = () => performance.now();
  const native = await runCases(host(globalThis.WebAssembly), { only: (c) => c.kind === 'js-api', now });
  const cases = await runCases(host(jsApi.WebAssembly), { now });
  const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
  return { cases, failures: oracleFailures(cases, native, sha256, inputBytes) };
}

/** The test server; `waitFor(browser)` resolves with the page's report (results or an error). */
function startServer() {
  const pageHtml = fs.readFileSync(path.join(REPO_DIR, 'scripts', 'browser', 'page.html'), 'utf8');
  const policy = pagePolicy(pageHtml);
  const waiting = new Map();
  const early = new Map();
  const deliver = (browser, report) => {
    const w = waiting.get(browser);
    if (w !== undefined) {
      waiting.delete(browser);
      w(report);
    } else if (!early.has(browser)) early.set(browser, report);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'cache-control': 'no-store' };
    if (req.method === 'POST' && url.pathname === '/report') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        let body;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = { message: 'unparsable report' };
        }
        deliver(url.searchParams.get('browser') ?? 'unknown', { kind: url.searchParams.get('kind'), body });
        res.writeHead(204, headers).end();
      });
      return;
    }
    if (req.method !== 'GET') return void res.writeHead(405, headers).end();
    if (url.pathname === '/') {
      return void res.writeHead(200, { ...headers, 'content-type': contentType('page.html'), 'content-security-policy': policy }).end(pageHtml);
    }
    const file = servedFile(url.pathname);
    if (file === null || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404, headers).end();
    res.writeHead(200, { ...headers, 'content-type': contentType(file) }).end(fs.readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: server.address().port,
        waitFor: (browser) => (early.has(browser) ? Promise.resolve(early.get(browser)) : new Promise((r) => waiting.set(browser, r))),
        close: () => new Promise((r) => server.close(() => r())),
      });
    });
  });
}

/** A browser's version line (`--version`), or its failure. */
function browserVersion(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return (r.stdout ?? '').trim().split('\n').pop() || `(--version failed: ${r.error?.message ?? r.stderr?.trim() ?? r.status})`;
}

/** The command line of a browser on `url` with its profile in `profileDir`. */
function browserArgs(name, url, profileDir) {
  if (name === 'chromium') {
    return ['--headless', '--no-sandbox', `--user-data-dir=${profileDir}`, '--no-first-run', '--no-default-browser-check', '--disable-gpu',
      '--disable-dev-shm-usage', '--disable-extensions', '--disable-background-networking', '--disable-component-update', url];
  }
  // Firefox: prefs that keep a fresh profile from opening other pages or phoning home.
  fs.writeFileSync(path.join(profileDir, 'user.js'), [
    'user_pref("browser.shell.checkDefaultBrowser", false);',
    'user_pref("browser.startup.homepage_override.mstone", "ignore");',
    'user_pref("datareporting.policy.dataSubmissionEnabled", false);',
    'user_pref("toolkit.telemetry.reportingpolicy.firstRun", false);',
    'user_pref("app.update.enabled", false);',
    'user_pref("browser.aboutwelcome.enabled", false);',
    'user_pref("network.captive-portal-service.enabled", false);',
  ].join('\n'));
  return ['--headless', '--no-remote', '--new-instance', '--profile', profileDir, url];
}

/** Runs one browser on the page; resolves `{ name, cases, userAgent, native, totalMs }` or `{ name, failure }`. */
async function runBrowser(name, bin, server, timeoutMs) {
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), `detwasm-${name}-`));
  const url = `http://127.0.0.1:${server.port}/?browser=${name}`;
  const child = spawn(bin, browserArgs(name, url, profileDir), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawnError = new Promise((resolve) => child.once('error', (e) => resolve(e)));
  let timer;
  const outcome = await Promise.race([
    server.waitFor(name).then((report) => ({ report })),
    exited.then((e) => ({ failure: `exited (${e.signal ?? `code ${e.code}`}) before the page reported` })),
    spawnError.then((e) => ({ failure: `could not start ${bin}: ${e.message}` })),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve({ failure: `no report within ${timeoutMs / 1000} s` }), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  // The browser's whole process group (it was started detached, as a group leader).
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    kill('SIGTERM');
    const gone = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    if (!gone) kill('SIGKILL');
  }
  fs.rmSync(profileDir, { recursive: true, force: true, maxRetries: 3 });
  if (outcome.failure !== undefined) return { name, failure: outcome.failure, output };
  const { kind, body } = outcome.report;
  if (kind !== 'results') return { name, failure: `page error: ${body?.message ?? JSON.stringify(body)}${body?.where ? ` at ${body.where}` : ''}`, output };
  return { name, ...body };
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    console.error(`test-browser: ${e.message}\nusage: node scripts/test-browser.mjs [--browsers chromium,firefox] [--timeout SECONDS]`);
    return 2;
  }
  const found = options.browsers.map((name) => ({ name, ...findBrowser(name) }));
  const missing = found.filter((b) => b.missing !== undefined);
  if (missing.length > 0) {
    for (const b of missing) console.error(`test-browser: ${b.missing}`);
    return 1;
  }
  if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'index.js'))) {
    console.error('test-browser: dist/ is not built; run `npm run build` (npm run test:browser does)');
    return 1;
  }
  const started = performance.now();
  const node = await nodeRun();
  console.log(`node ${process.version}: ${node.cases.length} cases in ${Math.round(performance.now() - started)} ms`);
  const server = await startServer();
  const runs = [];
  try {
    for (const b of found) {
      const version = browserVersion(b.bin);
      const t = performance.now();
      const run = await runBrowser(b.name, b.bin, server, options.timeoutMs);
      runs.push(run);
      const took = Math.round(performance.now() - t);
      if (run.failure !== undefined) {
        console.log(`${b.name}: ${version} (${b.bin}): FAILED after ${took} ms: ${run.failure}`);
        const output = browserOutput(run.output);
        if (output !== '') console.log(`  last output of ${b.name}:\n${output.replace(/^/gm, '    ')}`);
      } else {
        console.log(`${b.name}: ${version}, ${run.userAgent}: cases in ${run.totalMs} ms, ${took} ms with start-up; page's own WebAssembly: ${run.native}`);
      }
    }
  } finally {
    await server.close();
  }
  const rows = compareRuns(node.cases, runs);
  console.log(`\n${formatTable(rows, runs.map((r) => r.name))}\n`);
  const failures = [...node.failures];
  for (const run of runs) {
    if (run.failure !== undefined) failures.push(`${run.name}: ${run.failure}`);
    else if (!run.native.startsWith('refused')) failures.push(`${run.name}: the page's own WebAssembly was not switched off by its CSP (${run.native})`);
  }
  if (!allOk(rows)) failures.push('results differ (table above)');
  if (failures.length > 0) {
    for (const f of failures) console.error(`test-browser: FAIL ${f}`);
    return 1;
  }
  console.log(`test-browser: ok, ${rows.length} cases, the same results and gas in ${runs.map((r) => r.name).join(' and ')} as in Node (${Math.round(performance.now() - started)} ms)`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
