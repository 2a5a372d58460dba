/**
 * Where the spec tests live: `../shared/spectest` beside the repository (never copied into it).
 * Computed from this file's URL so the runner works from any working directory and clone path.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFeatures, WASM_2_0 } from '../../src/index.js';
import type { FeatureName, Features } from '../../src/index.js';

/** Repository root (this file is `test/spec/paths.ts`). */
export const REPO_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/** Folder of the core wast2json files. */
export const SPEC_CORE_DIR: string = join(REPO_ROOT, '..', 'shared', 'spectest', 'core');

/** Folder of the proposal overlays (`proposals/<name>/`, see its README). */
export const SPEC_PROPOSALS_DIR: string = join(REPO_ROOT, '..', 'shared', 'spectest', 'proposals');

/** A spec file to run: its name (the JSON file name) and where it is. */
export interface SpecFileRef {
  readonly name: string;
  readonly path: string;
}

/**
 * The files of a proposal run as the overlay its README describes: the core files plus the
 * proposal folder's files, a folder file replacing the core file of the same name. `proposal` is a
 * folder below `proposals/` (e.g. `relaxed-simd`, `exception-handling/legacy`); folders it was
 * written on top of (SUITE_BASES) are overlaid first. Sorted by name; `filter` is a substring of
 * the name.
 */
export function overlayFiles(proposal: string, filter = ''): SpecFileRef[] {
  const byName = new Map<string, string>();
  for (const name of listSpecFiles(SPEC_CORE_DIR, filter)) byName.set(name, join(SPEC_CORE_DIR, name));
  for (const folder of [...(SUITE_BASES[proposal] ?? []), proposal]) {
    const dir = join(SPEC_PROPOSALS_DIR, folder);
    for (const name of listSpecFiles(dir, filter)) byName.set(name, join(dir, name));
  }
  return [...byName].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([name, path]) => ({ name, path }));
}

/**
 * Folders overlaid before a proposal's own: the memory64 folder is relative to the wasm-3.0
 * branch of 2024-10 (the README), whose core had multi-memory merged (its align.json, for one).
 */
export const SUITE_BASES: Readonly<Record<string, readonly string[]>> = {
  memory64: ['multi-memory'],
};

/**
 * Files of a proposal folder that need a feature detwasm does not have yet, and which one. The
 * spec test asserts that each still fails (so one that starts passing must leave this list) and
 * that every other file of the folder passes.
 */
export const PENDING_FILES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  memory64: {
    // Six of its modules are written (by wast2json) with a compact import encoding, an empty field
    // name then 0x7f and a vector of imports from one module: not a WebAssembly 3.0 encoding.
    'imports.json': 'the compact import section encoding (not part of 3.0)',
  },
};

/** True when the suite folder exists and holds JSON files. */
export function hasSpecSuite(dir: string = SPEC_CORE_DIR): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json'));
}

/** The JSON file names of the suite, sorted, optionally filtered by a substring of the name. */
export function listSpecFiles(dir: string = SPEC_CORE_DIR, filter = ''): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f.includes(filter))
    .sort();
}

/** True when running under CI (`CI=true`, or any non-empty value other than `false`/`0`). */
export function isCI(): boolean {
  const v = process.env['CI'];
  return v !== undefined && v !== '' && v !== 'false' && v !== '0';
}

/**
 * The features each suite tests: the core suite is WebAssembly 2.0, and a proposal folder is 2.0
 * plus that proposal (a folder's core files were written for 2.0 + the proposal alone: with
 * multi-memory also on, say, core align.json's memarg flags 0x40 would decode as a memory index).
 * Keys are the folders of `proposals/`; '' is the core suite.
 */
export const SUITE_FEATURES: Readonly<Record<string, readonly FeatureName[]>> = {
  '': [],
  'relaxed-simd': ['relaxed-simd'],
  'tail-call': ['tail-call'],
  'extended-const': ['extended-const'],
  'multi-memory': ['multi-memory'],
  // The folder is relative to the wasm-3.0 branch of 2024-10 (README), which had multi-memory,
  // tail calls, typed function references and exception handling merged.
  memory64: ['memory64', 'multi-memory', 'tail-call', 'function-references', 'exceptions'],
  // wast2json ran with --enable-exceptions --enable-tail-call (README).
  'exception-handling': ['exceptions', 'tail-call'],
  'exception-handling/legacy': ['exceptions', 'legacy-exceptions', 'tail-call'],
  // wast2json ran with --enable-function-references --enable-tail-call (README).
  'function-references': ['function-references', 'tail-call'],
  // wast2json ran with --enable-gc --enable-function-references --enable-tail-call (README).
  gc: ['gc', 'function-references', 'tail-call'],
};

/** The feature set of a suite ('' core, else a proposal folder), or null when not known. */
export function suiteFeatures(proposal: string): Features | null {
  const extra = SUITE_FEATURES[proposal];
  if (extra === undefined) return null;
  return resolveFeatures(Object.fromEntries(extra.map((n) => [n, true])), WASM_2_0);
}
