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

/** Folder of the proposals' original `.wast` scripts (`wast/proposals/<name>/`), converted or not. */
export const SPEC_WAST_PROPOSALS_DIR: string = join(REPO_ROOT, '..', 'shared', 'spectest', 'wast', 'proposals');

/**
 * A spec file to run: its name and where it is. A wast2json file (`i32.json`), or a `.wast`
 * script that wast2json could not convert (`i31.wast`), converted at test time (wast.ts `loadSpec`).
 */
export interface SpecFileRef {
  readonly name: string;
  readonly path: string;
}

/** A file name without its `.json` / `.wast` extension: what a folder file overlays by. */
function stemOf(name: string): string {
  return name.replace(/\.(json|wast)$/, '');
}

/**
 * The files of one proposal folder: its wast2json files, plus the `.wast` scripts of
 * `wast/proposals/<folder>/` that have no JSON file (the README's "not converted" list: 21 of the
 * gc folder), which wast.ts converts at test time. Sorted by name; `filter` is a substring of it.
 */
export function folderFiles(folder: string, filter = ''): SpecFileRef[] {
  const dir = join(SPEC_PROPOSALS_DIR, folder);
  const reconvert = RECONVERTED[folder] ?? {};
  const json = existsSync(dir) ? listSpecFiles(dir).filter((name) => reconvert[name] === undefined) : [];
  const refs = json.map((name) => ({ name, path: join(dir, name) }));
  const wastDir = join(SPEC_WAST_PROPOSALS_DIR, folder);
  if (existsSync(wastDir)) {
    const converted = new Set(json.map(stemOf));
    for (const name of readdirSync(wastDir).filter((f) => f.endsWith('.wast')).sort()) {
      if (!converted.has(stemOf(name))) refs.push({ name, path: join(wastDir, name) });
    }
  }
  return refs.filter((r) => r.name.includes(filter)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The files of a proposal run as the overlay its README describes: the core files plus the
 * proposal folder's files ({@link folderFiles}: JSON, and scripts converted at test time), a folder
 * file replacing the core file of the same name (`gc/ref_null.wast` replaces `core/ref_null.json`).
 * `proposal` is a folder below `proposals/` (e.g. `relaxed-simd`, `exception-handling/legacy`);
 * folders it was written on top of (SUITE_BASES) are overlaid first. Sorted by name; `filter` is a
 * substring of the name.
 */
export function overlayFiles(proposal: string, filter = ''): SpecFileRef[] {
  const byStem = new Map<string, SpecFileRef>();
  for (const name of listSpecFiles(SPEC_CORE_DIR, filter)) byStem.set(stemOf(name), { name, path: join(SPEC_CORE_DIR, name) });
  for (const folder of [...(SUITE_BASES[proposal] ?? []), proposal]) {
    for (const ref of folderFiles(folder, filter)) byStem.set(stemOf(ref.name), ref);
  }
  return [...byStem.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Folders overlaid before a proposal's own: the memory64 folder is relative to the wasm-3.0
 * branch of 2024-10 (the README), whose core had multi-memory merged (its align.json, for one).
 */
export const SUITE_BASES: Readonly<Record<string, readonly string[]>> = {
  memory64: ['multi-memory'],
};

/**
 * JSON files of a proposal folder whose wast2json conversion is not the script: they run from
 * their `.wast` through wast.ts instead, and why.
 */
export const RECONVERTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  memory64: {
    // wabt 1.0.41 converted it with --enable-all, so wast2json wrote six of its modules in the
    // compact import encoding (an empty field name, 0x7f, a vector of one module's imports): a
    // later proposal's encoding, chosen by the converter, not by the script.
    'imports.json': 'wast2json wrote the compact import encoding (a converter flag, not the script)',
  },
};

/**
 * Files of a proposal folder that need a feature detwasm does not have yet, and which one. The
 * spec test asserts that each still fails (so one that starts passing must leave this list) and
 * that every other file of the folder passes.
 */
export const PENDING_FILES: Readonly<Record<string, Readonly<Record<string, string>>>> = {};

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
  // wast2json ran with --enable-gc --enable-function-references --enable-tail-call (README);
  // its 21 scripts wast2json could not convert run through wast.ts with the same features.
  gc: ['gc', 'function-references', 'tail-call'],
};

/** The feature set of a suite ('' core, else a proposal folder), or null when not known. */
export function suiteFeatures(proposal: string): Features | null {
  const extra = SUITE_FEATURES[proposal];
  if (extra === undefined) return null;
  return resolveFeatures(Object.fromEntries(extra.map((n) => [n, true])), WASM_2_0);
}
