/**
 * The pure parts of `npm run test:browser` (scripts/test-browser.mjs, issue 14 item 6): the
 * comparison of a browser's results with Node's, the table, the paths the test server answers,
 * the page's Content-Security-Policy, the browser lookup and its message, the arguments, and the
 * oracle checks of the Node run. The browsers themselves run with `npm run test:browser` (CI runs
 * it after the Node-lines step); here one cheap case of scripts/browser/cases.mjs runs on dist/.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES, CONTRACT_STEPS, inputBytes, runCases } from '../scripts/browser/cases.mjs';
import type { CaseHost } from '../scripts/browser/cases.mjs';
import {
  allOk, BROWSERS, browserOutput, compareRuns, contentType, diffJson, findBrowser, formatTable, inlineScripts, oracleFailures, pagePolicy,
  parseArgs, REPO_DIR, servedFile,
} from '../scripts/test-browser.mjs';
import type { CaseRun } from '../scripts/test-browser.mjs';

const PAGE = readFileSync(join(REPO_DIR, 'scripts', 'browser', 'page.html'), 'utf8');

describe('diffJson', () => {
  it.each([
    ['equal nested values', { a: [1, 'x', null, { b: true }] }, { a: [1, 'x', null, { b: true }] }, null],
    ['a number', { gasUsed: 8987 }, { gasUsed: 8988 }, '$.gasUsed: expected 8987, got 8988'],
    ['-0 against 0', [0], [-0], '$[0]: expected 0, got -0'],
    ['a string in an array', { steps: [['a', { output: '5' }]] }, { steps: [['a', { output: '6' }]] }, '$.steps[0][1].output: expected "5", got "6"'],
    ['a shorter array', [1, 2], [1], '$: expected 2 items, got 1'],
    ['a missing key', { a: 1, b: 2 }, { a: 1 }, '$: missing key b'],
    ['an extra key', { a: 1 }, { a: 1, c: 3 }, '$: unexpected key c'],
    ['null for an object', { error: { kind: 'trap' } }, { error: null }, '$.error: expected {"kind":"trap"}, got null'],
    ['an array for an object', { a: {} }, { a: [] }, '$.a: expected an object, got []'],
    ['a string for a number', [1], ['1'], '$[0]: expected 1, got "1"'],
  ])('%s', (_name, expected, actual, want) => {
    expect(diffJson(expected, actual)).toBe(want);
  });

  it('NaN equals NaN (Object.is), and a long value is shortened', () => {
    expect(diffJson([Number.NaN], [Number.NaN])).toBeNull();
    const d = diffJson('a'.repeat(100), 'b');
    expect(d).toMatch(/^\$: expected "a{56}\.\.\., got "b"$/);
  });
});

describe('compareRuns and the table', () => {
  const reference: CaseRun[] = [
    { name: 'core: x', ms: 12, result: { gasUsed: 100, output: '5' } },
    { name: 'js-api: y', ms: 30, result: { digest: 'ab' } },
  ];

  it('is ok when every browser gives every result', () => {
    const rows = compareRuns(reference, [
      { name: 'chromium', cases: [{ name: 'core: x', ms: 9, result: { gasUsed: 100, output: '5' } }, { name: 'js-api: y', ms: 1, result: { digest: 'ab' } }] },
    ]);
    expect(allOk(rows)).toBe(true);
    expect(rows.map((r) => [r.name, r.reference.text, r.cells.map((c) => c.text)])).toEqual([
      ['core: x', '12 ms', ['same (9 ms)']],
      ['js-api: y', '30 ms', ['same (1 ms)']],
    ]);
  });

  it('fails on a difference, a case error, a missing case, an extra case and a browser without results', () => {
    const rows = compareRuns(reference, [
      { name: 'chromium', cases: [{ name: 'core: x', ms: 9, result: { gasUsed: 101, output: '5' } }, { name: 'extra', ms: 0, result: 1 }] },
      { name: 'firefox', cases: [{ name: 'core: x', ms: 9, error: 'TypeError: boom' }, { name: 'js-api: y', ms: 1, result: { digest: 'ab' } }] },
      { name: 'other', failure: 'no report within 120 s' },
    ]);
    expect(allOk(rows)).toBe(false);
    expect(rows.map((r) => [r.name, r.reference.ok, r.cells.map((c) => [c.ok, c.text])])).toEqual([
      ['core: x', true, [[false, 'DIFFERS $.gasUsed: expected 100, got 101'], [false, 'error: TypeError: boom'], [false, 'no result']]],
      ['js-api: y', true, [[false, 'missing'], [true, 'same (1 ms)'], [false, 'no result']]],
      ['extra', false, [[false, 'extra case'], [true, ''], [true, '']]],
    ]);
  });

  it('fails when Node itself failed a case, whatever the browser says', () => {
    const rows = compareRuns([{ name: 'core: x', ms: 1, error: 'Error: no such file' }], [{ name: 'firefox', cases: [{ name: 'core: x', ms: 1, result: 1 }] }]);
    expect(rows[0]!.reference).toEqual({ ok: false, text: 'error: Error: no such file' });
    expect(rows[0]!.cells).toEqual([{ ok: false, text: 'node failed' }]);
    expect(allOk(rows)).toBe(false);
  });

  it('prints a header, a rule and a row per case, long cells cut at 70 characters', () => {
    const rows = compareRuns(reference, [{ name: 'firefox', cases: [{ name: 'core: x', ms: 3, result: { gasUsed: 100, output: 'x'.repeat(200) } }] }]);
    const lines = formatTable(rows, ['firefox']).split('\n');
    expect(lines[0]).toMatch(/^case\s+\| node\s+\| firefox$/);
    expect(lines[1]).toMatch(/^-+-\|-+-\|-+$/);
    expect(lines[2]).toMatch(/^core: x\s+\| 12 ms\s+\| DIFFERS \$\.output: expected "5", got "x+\.\.\.$/);
    expect(lines[2]!.split(' | ')[2]!.length).toBe(70);
    expect(lines[3]).toMatch(/^js-api: y\s+\| 30 ms\s+\| missing$/);
    expect(lines).toHaveLength(4);
  });
});

describe('what the test server answers', () => {
  it.each([
    ['/dist/index.js', 'dist/index.js'],
    ['/dist/js-api/install.js', 'dist/js-api/install.js'],
    ['/examples/contracts/token/token.wasm', 'examples/contracts/token/token.wasm'],
    ['/scripts/browser/page.mjs', 'scripts/browser/page.mjs'],
    ['/node_modules/hash-wasm/dist/sha256.umd.min.js', 'node_modules/hash-wasm/dist/sha256.umd.min.js'],
    ['/node_modules/@chainsafe/as-sha256/lib/index.js', 'node_modules/@chainsafe/as-sha256/lib/index.js'],
    ['/node_modules/%40chainsafe/as-sha256/build/optimized.simd.wasm', 'node_modules/@chainsafe/as-sha256/build/optimized.simd.wasm'],
  ])('%s is the repository file %s', (url, file) => {
    expect(servedFile(url, '/repo')).toBe(join('/repo', file));
  });

  it.each([
    '/', '/package.json', '/scripts/test-browser.mjs', '/src/index.ts', '/node_modules/vitest/package.json', '/dist/../package.json',
    '/dist/%2e%2e/package.json', '/dist/./index.js', '/dist//index.js', '/dist\\..\\package.json', '/dist/%00', '/dist/%E0%A4%A',
    'dist/index.js', '/distx/index.js', '/scripts/browserx/a.js',
  ])('%s is refused', (url) => {
    expect(servedFile(url, '/repo')).toBeNull();
  });

  it.each([
    ['a.js', 'text/javascript; charset=utf-8'], ['a.mjs', 'text/javascript; charset=utf-8'], ['a.wasm', 'application/wasm'],
    ['a.html', 'text/html; charset=utf-8'], ['a.bin', 'application/octet-stream'],
  ])('%s is served as %s', (file, type) => {
    expect(contentType(file)).toBe(type);
  });
});

describe("the page's Content-Security-Policy", () => {
  it('allows the one inline script, the import map, by its hash, and not eval or wasm', () => {
    const inline = inlineScripts(PAGE);
    expect(inline).toHaveLength(1);
    const hash = createHash('sha256').update(inline[0]!).digest('base64');
    const policy = pagePolicy(PAGE);
    expect(policy).toBe(`default-src 'self'; script-src 'self' 'sha256-${hash}'; object-src 'none'; base-uri 'none'`);
    expect(policy).not.toMatch(/unsafe-eval|wasm-unsafe-eval|unsafe-inline/);
  });

  it("maps the package's three entry points to the files its exports name", () => {
    const map = JSON.parse(inlineScripts(PAGE)[0]!) as { imports: Record<string, string> };
    const pkg = JSON.parse(readFileSync(join(REPO_DIR, 'package.json'), 'utf8')) as { exports: Record<string, { default: string }> };
    expect(map.imports).toEqual(Object.fromEntries(Object.entries(pkg.exports).map(([k, v]) => [`detwasm${k.slice(1)}`, v.default.slice(1)])));
  });

  it("the README's import map is the page's, below node_modules/detwasm/", () => {
    const readme = readFileSync(join(REPO_DIR, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Browsers\n'));
    const m = /<script type="importmap">\n([\s\S]*?)<\/script>/.exec(section);
    expect(m).not.toBeNull();
    const readmeMap = (JSON.parse(m![1]!) as { imports: Record<string, string> }).imports;
    const pageMap = (JSON.parse(inlineScripts(PAGE)[0]!) as { imports: Record<string, string> }).imports;
    expect(readmeMap).toEqual(Object.fromEntries(Object.entries(pageMap).map(([k, v]) => [k, `/node_modules/detwasm${v}`])));
  });

  it('a page with no inline script gets no hash', () => {
    expect(pagePolicy('<script src="/a.js"></script>')).toBe(`default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'`);
  });
});

describe('finding a browser', () => {
  const files = (...paths: string[]) => (p: string) => paths.includes(p);

  it('takes the first binary found in PATH', () => {
    expect(findBrowser('chromium', { PATH: '/a:/usr/bin' }, files('/usr/bin/chromium-browser', '/usr/bin/chromium'))).toEqual({ bin: '/usr/bin/chromium' });
    expect(findBrowser('firefox', { PATH: '/opt/ff:/usr/bin' }, files('/opt/ff/firefox', '/usr/bin/firefox-esr'))).toEqual({ bin: '/opt/ff/firefox' });
  });

  it('says which binaries it looked for and how to install them', () => {
    const r = findBrowser('firefox', { PATH: '/usr/bin' }, files());
    expect(r.missing).toBe('Firefox not found: no `firefox-esr` or `firefox` in PATH; install it with `apt-get install -y firefox-esr` (Debian, as root), or set FIREFOX_BIN=/path/to/binary');
    expect(findBrowser('chromium', {}, files()).missing).toMatch(/^Chromium not found: no `chromium` or `chromium-browser` in PATH; install it with `apt-get install -y chromium`/);
  });

  it('honours the override variable, which must exist', () => {
    expect(findBrowser('chromium', { CHROMIUM_BIN: '/x/chrome', PATH: '/usr/bin' }, files('/x/chrome', '/usr/bin/chromium'))).toEqual({ bin: '/x/chrome' });
    expect(findBrowser('chromium', { CHROMIUM_BIN: '/x/none', PATH: '/usr/bin' }, files('/usr/bin/chromium')).missing).toMatch(/^Chromium: CHROMIUM_BIN=\/x\/none is not an executable file; install it/);
  });

  it('knows the two browsers of the issue', () => {
    expect(Object.keys(BROWSERS)).toEqual(['chromium', 'firefox']);
  });
});

describe('parseArgs', () => {
  it('defaults to both browsers and 120 s', () => {
    expect(parseArgs([])).toEqual({ browsers: ['chromium', 'firefox'], timeoutMs: 120_000 });
    expect(parseArgs(['--browsers', 'firefox,firefox', '--timeout', '30'])).toEqual({ browsers: ['firefox'], timeoutMs: 30_000 });
  });

  it.each([
    [['--browsers', 'safari'], /unknown browser safari/],
    [['--browsers', ','], /at least one/],
    [['--browsers'], /needs a value/],
    [['--timeout', '0'], /positive number/],
    [['--timeout', 'soon'], /positive number/],
    [['--fast'], /unknown argument --fast/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('oracleFailures: the Node run checked against V8 and node:crypto', () => {
  const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const d = inputBytes(40_000, 3);
  const good = (): CaseRun[] => [
    { name: 'js-api: @chainsafe/as-sha256 (SIMD)', result: { batch: [0, 1, 2, 3].map((k) => sha256(inputBytes(64, 10 + k))), stream10000: sha256(inputBytes(10_000, 5)) } },
    { name: 'core: hash-wasm sha256, metered', result: { default: { digest: sha256(inputBytes(40_000, 7)), gasUsed: 1 }, strict: { digest: sha256(inputBytes(40_000, 7)), gasUsed: 2 } } },
    {
      name: 'drop-in: no WebAssembly, install, glue',
      result: {
        deleted: 'undefined', isDetwasm: true, keptPresent: true, forced: true,
        hashWasm: { sha256: sha256(d), sha256Empty: sha256(enc('')), sha256Text: sha256(enc('abc')) },
        asSha256: { digest40000: sha256(d), digest64: sha256(d.subarray(0, 64)), digestAbc: sha256(enc('abc')) },
      },
    },
  ];

  it('passes right digests and equal V8 results', () => {
    expect(oracleFailures(good(), [{ name: 'js-api: @chainsafe/as-sha256 (SIMD)', result: good()[0]!.result }], sha256, inputBytes)).toEqual([]);
  });

  it('names a wrong digest, a V8 difference, a V8 error and a drop-in that did not switch', () => {
    const cases = good();
    (cases[1]!.result as { strict: { digest: string } }).strict.digest = '00';
    (cases[2]!.result as { isDetwasm: boolean }).isDetwasm = false;
    const failures = oracleFailures(cases, [
      { name: 'js-api: @chainsafe/as-sha256 (SIMD)', result: { batch: [], stream10000: '' } },
      { name: 'js-api: argon2-browser (SIMD)', error: 'RangeError: x' },
    ], sha256, inputBytes);
    expect(failures).toEqual([
      'js-api: @chainsafe/as-sha256 (SIMD): detwasm differs from V8: $.batch: expected 0 items, got 4',
      'js-api: argon2-browser (SIMD) on V8: RangeError: x',
      `hash-wasm sha256 metered (strict): "00", node:crypto gives "${sha256(inputBytes(40_000, 7)).slice(0, 56)}...`,
      "drop-in: the installed WebAssembly is detwasm's: false, expected true",
    ]);
  });
});

describe('the cases', () => {
  it('run the gas-golden sequence of calls and put the drop-in last (it deletes the global WebAssembly)', () => {
    expect(CONTRACT_STEPS).toHaveLength(30);
    expect(CASES.at(-1)!.kind).toBe('drop-in');
    expect(CASES.filter((c) => c.kind === 'js-api').length).toBeGreaterThanOrEqual(2);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('inputBytes gives distinct inputs for neighbouring seeds', () => {
    expect(Buffer.from(inputBytes(16, 10)).equals(Buffer.from(inputBytes(16, 11)))).toBe(false);
    expect(inputBytes(8, 0).some((b) => b !== 0)).toBe(true);
  });

  const fib = (c: { name: string }): boolean => c.name === 'core: examples/api/fib.wasm';
  const host = (bytes: (p: string) => Promise<Uint8Array>): CaseHost => ({
    WebAssembly: null, bytes, text: () => Promise.reject(new Error('unused')), script: () => Promise.reject(new Error('unused')),
    importModule: () => Promise.reject(new Error('unused')),
  });

  it('the fib case gives the README figures on dist/', async () => {
    const [run] = await runCases(host(async (p) => new Uint8Array(readFileSync(join(REPO_DIR, p)))), { only: fib });
    expect(run).toMatchObject({ name: 'core: examples/api/fib.wasm', kind: 'core', result: {
      fib20: 6765, trap: { code: 2, message: 'integer divide by zero', wasmStack: ['divide (func 1)'] },
      default: { results: [6765], gasUsed: 2189100, error: null }, outOfGas: { results: null, gasUsed: 1000000, error: 'out of gas' },
    } });
  });

  it('a case that throws is reported as its error, and the run goes on', async () => {
    const runs = await runCases(host(() => Promise.reject(new TypeError('GET /examples/api/fib.wasm: 404'))), { only: (c) => fib(c) || c.name === 'core: WASI hello-c' });
    expect(runs.map((r) => [r.name, 'error' in r ? r.error : 'result'])).toEqual([
      ['core: examples/api/fib.wasm', 'TypeError: GET /examples/api/fib.wasm: 404'],
      ['core: WASI hello-c', 'TypeError: GET /examples/api/fib.wasm: 404'],
    ]);
  });

  it("browserOutput drops a headless browser's D-Bus and GPU noise and keeps the last 20 lines", () => {
    const text = ['[1:2:ERROR:dbus/bus.cc:405] Failed to connect', '*** You are running in headless mode.', 'real problem', '', ...Array.from({ length: 25 }, (_, i) => `l${i}`)].join('\n');
    expect(browserOutput(text).split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `l${i + 5}`));
    expect(browserOutput('[GFX1-]: x\nSegmentation fault')).toBe('Segmentation fault');
  });
});
