/**
 * The README and docs/ as a newcomer finds them (issue 11 item 7): the first API example runs as
 * written (against dist/; `npm run build` first) and type-checks under `strict`, on a module that
 * is committed and shipped; every `examples/` and `docs/` path the README and docs name is in the
 * package (`npm pack --dry-run`); the figures the docs quote (memory.grow gas per page, the WASI
 * stream caps of the API and the CLI) are the ones in the source.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_WASI_MAX_OUTPUT_BYTES } from '../src/cli.js';
import { DEFAULT_GAS_SCHEDULE, DEFAULT_WASI_MAX_OUTPUT_BYTES } from '../src/index.js';
import { wat } from './helpers/wat.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const ABI = readFileSync(join(REPO_ROOT, 'docs/ABI.md'), 'utf8');

const dir = mkdtempSync(join(tmpdir(), 'detwasm-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first ```ts block after `heading`. */
function firstTsBlock(markdown: string, heading: string): string {
  const from = markdown.indexOf(`\n${heading}\n`);
  expect(from, `README has no ${heading}`).toBeGreaterThan(0);
  const m = /```ts\n([\s\S]*?)```/.exec(markdown.slice(from));
  expect(m).not.toBeNull();
  return m![1]!;
}

/** Text with runs of white space (line breaks included) as one space. */
function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** `65536` as the docs write it: `65,536`. */
function figure(n: number): string {
  return n.toLocaleString('en-US');
}

const API_EXAMPLE = firstTsBlock(README, '## API');
const DIST_INDEX = pathToFileURL(join(REPO_ROOT, 'dist', 'index.js')).href;

describe("the README's first API example", () => {
  it('uses a module that is committed (examples/api/fib.wasm, no imports), rebuilt from its .wat', () => {
    expect(API_EXAMPLE).toContain("readFileSync('examples/api/fib.wasm')");
    // As scripts/build-api-example.sh builds it: wabt with the name section.
    const source = readFileSync(join(REPO_ROOT, 'examples/api/fib.wat'), 'utf8').replace(/^;;.*\n/gm, '');
    const rebuilt = wat(source, undefined, { debugNames: true });
    expect(Buffer.from(rebuilt).equals(readFileSync(join(REPO_ROOT, 'examples/api/fib.wasm'))), 'run scripts/build-api-example.sh').toBe(true);
  });

  it('runs as written, its metered line included, with the results its comments give', () => {
    const check = `
console.log(JSON.stringify({ fib: instance.exports.fib(20), invoke: instance.invoke('fib', [20]), results, gasUsed, error: error === null ? null : String(error) }));
const low = metered.invokeMetered('fib', [20], { gasLimit: 1_000_000 });
console.log(JSON.stringify({ results: low.results, gasUsed: low.gasUsed, error: low.error?.message }));
console.log(JSON.stringify({ table: table.split('\\n')[0], folded: folded.slice(0, 19), svg: svg.includes('<svg') && svg.trimEnd().endsWith('</svg>') }));
`;
    const js = ts.transpileModule(API_EXAMPLE + check, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const file = join(dir, 'api-example.mjs');
    writeFileSync(file, js.replace(/from 'detwasm'/g, `from ${JSON.stringify(DIST_INDEX)}`));
    const r = spawnSync(process.execPath, [file], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe("2 integer divide by zero [ 'divide (func 1)' ]");
    expect(JSON.parse(lines[1]!)).toEqual({ fib: 6765, invoke: [6765], results: [6765], gasUsed: 2189100, error: null });
    expect(JSON.parse(lines[2]!)).toEqual({ results: null, gasUsed: 1000000, error: 'out of gas' });
    expect(JSON.parse(lines[3]!)).toEqual({ table: 'gas used: 2189100 (1 function, 21891 calls)', folded: 'fib 100\nfib;fib 200', svg: true });
    expect(API_EXAMPLE).toContain("'fib 100\\nfib;fib 200\\n...'");
    expect(API_EXAMPLE).toContain('gasUsed 2189100');
    expect(API_EXAMPLE).toContain("[ 'divide (func 1)' ]");
  });

  it('type-checks under strict against the shipped declarations', () => {
    const file = join(dir, 'api-example.ts');
    writeFileSync(file, `export {};\n${API_EXAMPLE.replace(/from 'detwasm'/g, `from ${JSON.stringify(join(REPO_ROOT, 'dist', 'index.js'))}`)}`);
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022, types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')], skipLibCheck: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});

describe('the package ships what the README and docs name', () => {
  const packed: readonly string[] = (() => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  })();

  /** Every `examples/...` / `docs/...` path written in `text` (code spans, links, commands). */
  function namedPaths(text: string): string[] {
    const paths = new Set<string>();
    for (const m of text.matchAll(/(?<![\w/.-])((?:examples|docs)\/[\w./-]*[\w])/g)) paths.add(m[1]!);
    return [...paths].sort();
  }

  it.each([
    ['README.md', README],
    ['docs/ABI.md', ABI],
  ])('every examples/ and docs/ path in %s exists and is packed', (_, text) => {
    const paths = namedPaths(text);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      expect(existsSync(join(REPO_ROOT, p)), `${p} does not exist`).toBe(true);
      expect(packed.some((f) => f === p || f.startsWith(`${p.replace(/\/$/, '')}/`)), `${p} is not in the package`).toBe(true);
    }
  });

  it('ships the examples and docs but no build junk, and stays small', () => {
    for (const p of ['examples/api/fib.wasm', 'examples/contracts/counter/counter.wasm', 'docs/ABI.md', 'docs/RATIONALE.md', 'bin/detwasm.js', 'dist/cli.js']) {
      expect(packed).toContain(p);
    }
    expect(packed.filter((p) => /(^|\/)(node_modules|test|bench|scripts|\.cache|coverage)\//.test(p))).toEqual([]);
    expect(packed.length).toBeLessThan(400);
  });

  it('declares wabt an optional peer dependency (the CLI loads it only for the text format)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(pkg['peerDependencies']).toEqual({ wabt: expect.stringMatching(/^\^1\./) });
    expect(pkg['peerDependenciesMeta']).toEqual({ wabt: { optional: true } });
    expect(pkg['dependencies']).toBeUndefined();
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, Record<string, unknown>> };
    expect(lock.packages['']!['peerDependencies']).toEqual(pkg['peerDependencies']);
  });
});

describe('figures the docs quote are the source', () => {
  it('memory.grow gas per page (DEFAULT_GAS_SCHEDULE.memoryGrowPage) in docs/ABI.md and README', () => {
    const perPage = figure(DEFAULT_GAS_SCHEDULE.memoryGrowPage);
    expect(perPage).toBe('65,536');
    expect(flat(ABI)).toContain(`${perPage} per page of \`memory.grow\``);
    expect(flat(README)).toContain(`\`memory.grow\` ${perPage} per requested page`);
    expect(flat(README)).toContain(`${perPage} per page of \`memory.grow\``);
    expect(flat(ABI)).not.toMatch(/1,?000 (gas )?per page/);
  });

  it('the WASI stream caps: the API default and the CLI', () => {
    expect(DEFAULT_WASI_MAX_OUTPUT_BYTES).toBe(64 * 1024);
    expect(CLI_WASI_MAX_OUTPUT_BYTES).toBe(16 * 1024 * 1024);
    expect(flat(README)).toContain('bounded buffers (64 KiB per stream by default;');
    expect(flat(README)).toContain('The CLI keeps the first 16 MiB of each stream (`CLI_WASI_MAX_OUTPUT_BYTES`), more than `createWasi`\'s default of 64 KiB');
  });

  it('the CLI section documents --features, --version, .wat and NaN printing', () => {
    const cli = flat(README.slice(README.indexOf('\n## CLI\n'), README.indexOf('\n## Layout\n')));
    for (const phrase of ['--features SPEC', 'detwasm --version', '`npm i wabt`', 'wat2wasm x.wat -o x.wasm', '`f64:-nan:0xfff8000000000000`', '`--gas N` meters the call']) {
      expect(cli).toContain(phrase);
    }
  });
});
