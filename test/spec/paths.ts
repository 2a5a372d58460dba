/**
 * Where the spec tests live: `../shared/spectest` beside the repository (never copied into it).
 * Computed from this file's URL so the runner works from any working directory and clone path.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is `test/spec/paths.ts`). */
export const REPO_ROOT: string = fileURLToPath(new URL('../../', import.meta.url));

/** Folder of the core wast2json files. */
export const SPEC_CORE_DIR: string = join(REPO_ROOT, '..', 'shared', 'spectest', 'core');

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
