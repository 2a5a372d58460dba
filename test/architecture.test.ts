/**
 * Architecture rules of src/ (STYLE.md, "Layout and import direction" and "Determinism rules"):
 * every import arrow between layers must be listed in {@link ALLOWED}; nothing imports index.ts or
 * cli.ts; no import cycles; only cli.ts touches the host (node: modules, process, console, ...);
 * no clock, randomness or host WebAssembly anywhere in src/. Imports are read with the TypeScript
 * parser (`ts.preProcessFile`), identifiers from the AST, so comments and strings never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(REPO_ROOT, 'src');

/** Layers; a file belongs to the first layer whose pattern matches its path relative to src/. */
const LAYERS: readonly { readonly layer: string; readonly test: (path: string) => boolean }[] = [
  { layer: 'index', test: (p) => p === 'index.ts' },
  { layer: 'cli', test: (p) => p === 'cli.ts' },
  { layer: 'compile', test: (p) => p === 'compile.ts' },
  { layer: 'errors', test: (p) => p === 'errors.ts' },
  { layer: 'types', test: (p) => p === 'types.ts' },
  { layer: 'decoder', test: (p) => p.startsWith('decoder/') },
  { layer: 'validator', test: (p) => p.startsWith('validator/') },
  { layer: 'interpreter', test: (p) => p.startsWith('interpreter/') },
  { layer: 'gas', test: (p) => p.startsWith('gas/') },
  { layer: 'host/abi', test: (p) => p === 'host/abi.ts' },
  { layer: 'host/linker', test: (p) => p === 'host/linker.ts' },
  { layer: 'host/wasi', test: (p) => p.startsWith('host/wasi/') },
  // The other host files: the contract `env` module, MemoryState, the host-module builder.
  { layer: 'host', test: (p) => p.startsWith('host/') },
  { layer: 'vm', test: (p) => p.startsWith('vm/') },
  { layer: 'js-api', test: (p) => p.startsWith('js-api/') },
];

/** May-import table (STYLE.md); a layer may always import files of its own layer. `*` = any layer. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  index: ['*'],
  cli: ['*'],
  compile: ['decoder', 'validator', 'errors', 'types'],
  errors: [],
  types: [],
  decoder: ['errors', 'types'],
  validator: ['decoder', 'errors', 'types'],
  interpreter: ['decoder', 'validator', 'gas', 'host/abi', 'errors', 'types'],
  gas: ['errors'],
  'host/abi': ['errors', 'types'],
  'host/linker': ['host/abi'],
  // gas: the type of the gas profile a run returns (gas/profile.ts).
  'host/wasi': ['host/abi', 'errors', 'gas'],
  host: ['host/abi', 'errors', 'types', 'gas'],
  // The contract VM composes compile + interpreter + host + gas; only index.ts and cli.ts import it.
  vm: ['compile', 'interpreter', 'host', 'host/abi', 'host/linker', 'host/wasi', 'gas', 'errors', 'types'],
  // The W3C JS API over detwasm (`detwasm/js-api`, an entry point of its own); decoder and
  // validator for types only (the decoded module, Features). Nothing in src/ imports it.
  'js-api': ['compile', 'interpreter', 'decoder', 'validator', 'errors', 'types'],
};

/** Layers nobody may import (entry points). */
const NOT_IMPORTABLE: readonly string[] = ['index', 'cli'];

/** Layers allowed to import bare specifiers (node: built-ins); src/ has no runtime dependencies. */
const HOST_LAYERS: readonly string[] = ['cli'];

function layerOf(srcRelative: string): string | undefined {
  return LAYERS.find((l) => l.test(srcRelative))?.layer;
}

/** Why the arrow `from -> to` (paths relative to src/, or a bare specifier) is not allowed, or null. */
function checkArrow(from: string, to: string): string | null {
  const fromLayer = layerOf(from);
  if (fromLayer === undefined) return `${from} belongs to no layer of STYLE.md (add it to the layout table)`;
  if (!to.endsWith('.ts')) {
    return HOST_LAYERS.includes(fromLayer) ? null : `${from} imports '${to}' (only ${HOST_LAYERS.join(', ')} may import host modules)`;
  }
  const toLayer = layerOf(to);
  if (toLayer === undefined) return `${to} belongs to no layer of STYLE.md`;
  if (NOT_IMPORTABLE.includes(toLayer)) return `${from} imports ${to} (nothing imports ${toLayer})`;
  if (toLayer === fromLayer) return null;
  const allowed = ALLOWED[fromLayer] ?? [];
  if (allowed.includes('*') || allowed.includes(toLayer)) return null;
  return `${from} (${fromLayer}) imports ${to} (${toLayer}); ${fromLayer} may import ${allowed.join(', ') || 'nothing'}`;
}

/** Import/export-from/dynamic-import specifiers of a source text (comments and strings ignored). */
function importSpecifiers(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Resolves a specifier of `from` (relative to src/) to a path relative to src/, or returns it bare. */
function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const abs = resolve(SRC, dirname(from), specifier.replace(/\.js$/, '.ts'));
  return relative(SRC, abs).split(sep).join('/');
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(abs));
    else if (entry.name.endsWith('.ts')) out.push(relative(SRC, abs).split(sep).join('/'));
  }
  return out.sort();
}

const SOURCES = listSources(SRC);
const GRAPH = new Map<string, string[]>(
  SOURCES.map((f) => [f, importSpecifiers(readFileSync(join(SRC, f), 'utf8')).map((s) => resolveSpecifier(f, s))]),
);

/** Identifiers forbidden in all of src/: clocks, randomness, host Wasm, locale-dependent APIs. */
const FORBIDDEN_EVERYWHERE: readonly string[] = [
  'Date', 'performance', 'WebAssembly', 'Intl', 'toLocaleString', 'localeCompare',
];
/** Host globals: only cli.ts may use them. */
const FORBIDDEN_OUTSIDE_HOST: readonly string[] = [
  'process', 'Buffer', 'require', 'console', 'globalThis', 'setTimeout', 'setInterval', 'setImmediate',
  'queueMicrotask', 'fetch', 'structuredClone',
];

/**
 * Files allowed one otherwise forbidden identifier, each with the reason. vm/clock.ts is the single
 * wall clock of src/: it reads globalThis.performance.now() to stop calls past their deadline (a
 * node-local 'interrupted' outcome); it never reaches results or gas.
 */
const EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  'vm/clock.ts': ['performance', 'globalThis'],
  // The JS API names its namespace `WebAssembly` (an export name, never the host's object).
  'js-api/index.ts': ['WebAssembly'],
  // detwasm/js-api/install: the one writer of globalThis.WebAssembly (installs detwasm's namespace).
  'js-api/install.ts': ['WebAssembly', 'globalThis'],
  // The JS API detaches a Memory's old ArrayBuffer on growth: structuredClone's transfer is the
  // only way on Node 20 (no ArrayBuffer.prototype.transfer); it moves the store, never reaches wasm.
  'js-api/memory.ts': ['structuredClone'],
};

/** Forbidden uses in a source text: `name@line` for identifiers, plus `Math.random`. */
function forbiddenUses(text: string, names: readonly string[]): string[] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true);
  const hits: string[] = [];
  const at = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && names.includes(node.text)) hits.push(`${node.text}@${at(node)}`);
    if (ts.isPropertyAccessExpression(node) && node.expression.getText(sf) === 'Math' && node.name.text === 'random') {
      hits.push(`Math.random@${at(node)}`);
    }
    if (
      ts.isElementAccessExpression(node) &&
      node.expression.getText(sf) === 'Math' &&
      ts.isStringLiteralLike(node.argumentExpression) &&
      node.argumentExpression.text === 'random'
    ) {
      hits.push(`Math.random@${at(node)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

describe('import direction (STYLE.md layout table)', () => {
  it('finds the source files', () => {
    expect(SOURCES).toContain('errors.ts');
    expect(SOURCES).toContain('decoder/decode.ts');
  });

  it.each(SOURCES)('%s imports only what its layer may import', (file) => {
    const problems = (GRAPH.get(file) ?? []).map((to) => checkArrow(file, to)).filter((p) => p !== null);
    expect(problems).toEqual([]);
  });

  it('has no import cycles', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      stack.push(file);
      for (const to of GRAPH.get(file) ?? []) if (GRAPH.has(to)) visit(to);
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of SOURCES) visit(file);
    expect(cycles).toEqual([]);
  });

  it.each<{ from: string; to: string; problem: RegExp | null }>([
    { from: 'decoder/decode.ts', to: 'errors.ts', problem: null },
    { from: 'decoder/decode.ts', to: 'decoder/reader.ts', problem: null },
    { from: 'decoder/decode.ts', to: 'validator/validate.ts', problem: /decoder may import errors, types$/ },
    { from: 'validator/validate.ts', to: 'decoder/module.ts', problem: null },
    { from: 'validator/validate.ts', to: 'interpreter/run.ts', problem: /validator may import/ },
    { from: 'interpreter/run.ts', to: 'gas/meter.ts', problem: null },
    { from: 'interpreter/run.ts', to: 'host/abi.ts', problem: null },
    { from: 'interpreter/run.ts', to: 'host/linker.ts', problem: /interpreter may import/ },
    { from: 'gas/meter.ts', to: 'interpreter/run.ts', problem: /gas may import errors$/ },
    { from: 'host/abi.ts', to: 'interpreter/run.ts', problem: /host\/abi may import errors, types$/ },
    { from: 'host/linker.ts', to: 'host/abi.ts', problem: null },
    { from: 'host/wasi/fd.ts', to: 'host/abi.ts', problem: null },
    { from: 'host/wasi/wasi.ts', to: 'gas/profile.ts', problem: null },
    { from: 'gas/profile.ts', to: 'interpreter/profiler.ts', problem: /gas may import errors$/ },
    { from: 'interpreter/profiler.ts', to: 'gas/profile.ts', problem: null },
    { from: 'errors.ts', to: 'types.ts', problem: /errors may import nothing$/ },
    { from: 'types.ts', to: 'errors.ts', problem: /types may import nothing$/ },
    { from: 'compile.ts', to: 'validator/validate.ts', problem: null },
    { from: 'compile.ts', to: 'interpreter/run.ts', problem: /compile may import/ },
    { from: 'index.ts', to: 'interpreter/run.ts', problem: null },
    { from: 'cli.ts', to: 'compile.ts', problem: null },
    { from: 'cli.ts', to: 'node:fs/promises', problem: null },
    { from: 'cli.ts', to: 'index.ts', problem: /nothing imports index/ },
    { from: 'compile.ts', to: 'index.ts', problem: /nothing imports index/ },
    { from: 'index.ts', to: 'cli.ts', problem: /nothing imports cli/ },
    { from: 'decoder/decode.ts', to: 'node:fs', problem: /only cli may import host modules/ },
    { from: 'misc/util.ts', to: 'errors.ts', problem: /belongs to no layer/ },
    { from: 'vm/vm.ts', to: 'compile.ts', problem: null },
    { from: 'vm/vm.ts', to: 'interpreter/instance.ts', problem: null },
    { from: 'vm/vm.ts', to: 'host/env.ts', problem: null },
    { from: 'vm/vm.ts', to: 'host/wasi/wasi.ts', problem: null },
    { from: 'vm/vm.ts', to: 'decoder/decode.ts', problem: /vm may import/ },
    { from: 'vm/vm.ts', to: 'node:fs', problem: /only cli may import host modules/ },
    { from: 'index.ts', to: 'vm/vm.ts', problem: null },
    { from: 'cli.ts', to: 'vm/vm.ts', problem: null },
    { from: 'interpreter/run.ts', to: 'vm/vm.ts', problem: /interpreter may import/ },
    { from: 'host/env.ts', to: 'vm/vm.ts', problem: /host may import/ },
    { from: 'host/wasi/fd.ts', to: 'vm/vm.ts', problem: /host\/wasi may import/ },
    { from: 'compile.ts', to: 'vm/vm.ts', problem: /compile may import/ },
    { from: 'host/env.ts', to: 'host/abi.ts', problem: null },
    { from: 'host/env.ts', to: 'gas/schedule.ts', problem: null },
    { from: 'host/env.ts', to: 'interpreter/run.ts', problem: /host may import/ },
  ])('checkArrow $from -> $to', ({ from, to, problem }) => {
    const got = checkArrow(from, to);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toMatch(problem);
  });

  it('reads imports, re-exports and dynamic imports, not comments or strings', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "const d = await import('./d.js');",
      "// import { e } from './e.js';",
      "const s = \"import { f } from './f.js'\";",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js']);
  });
});

describe('the contract VM layer', () => {
  it('is imported only by index.ts and cli.ts', () => {
    const importers = [...GRAPH].filter(([from, tos]) => layerOf(from) !== 'vm' && tos.some((to) => to.startsWith('vm/')));
    expect(importers.map(([from]) => from).filter((f) => f !== 'index.ts' && f !== 'cli.ts')).toEqual([]);
    expect(Object.entries(ALLOWED).filter(([, to]) => to.includes('vm')).map(([from]) => from)).toEqual([]);
  });

  it('has the only exception to the forbidden identifiers outside js-api: its clock', () => {
    expect(Object.entries(EXCEPTIONS).filter(([f]) => !f.startsWith('js-api/'))).toEqual([['vm/clock.ts', ['performance', 'globalThis']]]);
    expect(SOURCES).toContain('vm/clock.ts');
  });
});

describe('the JS API layer (detwasm/js-api)', () => {
  it('is imported by nothing outside it', () => {
    const importers = [...GRAPH].filter(([from, tos]) => layerOf(from) !== 'js-api' && tos.some((to) => to.startsWith('js-api/')));
    expect(importers.map(([from]) => from)).toEqual([]);
    expect(Object.entries(ALLOWED).filter(([, to]) => to.includes('js-api') || to.includes('*')).map(([from]) => from)).toEqual(['index', 'cli']);
  });

  it('has its exceptions only in the files that need them', () => {
    expect(Object.keys(EXCEPTIONS).filter((f) => f.startsWith('js-api/')).sort()).toEqual(['js-api/index.ts', 'js-api/install.ts', 'js-api/memory.ts']);
    for (const f of Object.keys(EXCEPTIONS)) expect(SOURCES).toContain(f);
  });

  it.each([
    { from: 'js-api/instance.ts', to: 'interpreter/instance.ts', problem: null },
    { from: 'js-api/module.ts', to: 'compile.ts', problem: null },
    { from: 'js-api/instance.ts', to: 'vm/vm.ts', problem: /js-api may import/ },
    { from: 'js-api/index.ts', to: 'index.ts', problem: /nothing imports index/ },
    { from: 'interpreter/instance.ts', to: 'js-api/instance.ts', problem: /interpreter may import/ },
  ])('checkArrow $from -> $to', ({ from, to, problem }) => {
    const got = checkArrow(from, to);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toMatch(problem);
  });
});

describe('determinism: forbidden identifiers in src/', () => {
  it.each(SOURCES)('%s uses no clock, randomness, host Wasm or (outside cli.ts) host globals', (file) => {
    const all = layerOf(file) === 'cli' ? FORBIDDEN_EVERYWHERE : [...FORBIDDEN_EVERYWHERE, ...FORBIDDEN_OUTSIDE_HOST];
    const names = all.filter((n) => !(EXCEPTIONS[file] ?? []).includes(n));
    expect(forbiddenUses(readFileSync(join(SRC, file), 'utf8'), names)).toEqual([]);
  });

  it('detects uses in code but not in comments or strings', () => {
    const text = [
      '// Date, Math.random(), WebAssembly in a comment',
      "const a = 'Date performance WebAssembly';",
      'const t = Date.now();',
      'const r = Math.random();',
      "const q = Math['random']();",
      'const p = performance.now();',
      'const w = new WebAssembly.Module(bytes);',
      '/* process.exit() */ process.exit(1);',
    ].join('\n');
    expect(forbiddenUses(text, [...FORBIDDEN_EVERYWHERE, ...FORBIDDEN_OUTSIDE_HOST])).toEqual([
      'Date@3',
      'Math.random@4',
      'Math.random@5',
      'performance@6',
      'WebAssembly@7',
      'process@8',
    ]);
  });
});
