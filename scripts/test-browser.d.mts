/** Types of scripts/test-browser.mjs (plain ESM, run by Node without a build), for its tests. */

export interface CaseRun {
  readonly name: string;
  readonly kind?: string;
  readonly ms?: number;
  readonly result?: unknown;
  readonly error?: string;
}

export interface BrowserRun {
  readonly name: string;
  readonly cases?: readonly CaseRun[];
  readonly failure?: string;
}

export interface Cell {
  readonly ok: boolean;
  readonly text: string;
}

export interface Row {
  readonly name: string;
  readonly reference: Cell;
  readonly cells: readonly Cell[];
}

export const REPO_DIR: string;
export const BROWSERS: Readonly<Record<'chromium' | 'firefox', { readonly label: string; readonly binaries: readonly string[]; readonly env: string; readonly debian: string }>>;
export const SERVED_PREFIXES: readonly string[];

export function contentType(file: string): string;
export function servedFile(urlPath: string, repoDir?: string): string | null;
export function inlineScripts(html: string): string[];
export function pagePolicy(html: string): string;
export function findBrowser(name: 'chromium' | 'firefox', env?: Record<string, string | undefined>, isFile?: (path: string) => boolean): { bin: string; missing?: undefined } | { missing: string; bin?: undefined };
export function parseArgs(argv: readonly string[]): { browsers: string[]; timeoutMs: number };
export function diffJson(expected: unknown, actual: unknown, at?: string): string | null;
export function compareRuns(reference: readonly CaseRun[], runs: readonly BrowserRun[]): Row[];
export function formatTable(rows: readonly Row[], browserNames: readonly string[]): string;
export function browserOutput(text: string): string;
export function allOk(rows: readonly Row[]): boolean;
export function oracleFailures(
  cases: readonly CaseRun[], native: readonly CaseRun[], sha256: (bytes: Uint8Array) => string, input: (size: number, seed: number) => Uint8Array,
): string[];
