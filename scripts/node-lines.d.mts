/** Types of scripts/node-lines.mjs (plain ESM, run by Node without a build), for its tests. */

export interface Pin {
  readonly line: number;
  readonly version: string;
  readonly status: string;
}

export interface VitestSummary {
  passed: number;
  failed: number;
  skipped: number;
  specGasOff: number;
  specGasOn: number;
  failures: string[];
  fileErrors: string[];
  files: string[];
}

export const REPO_DIR: string;
export const PINS_FILE: string;
export const DEFAULT_CACHE_DIR: string;
export const MATRIX_FILES: readonly string[];

export function parsePins(text: string): Pin[];
export function selectLines<P extends { readonly line: number }>(pins: readonly P[], wanted: string | undefined): P[];
export function packageName(platform: string, arch: string): string;
export function summarizeVitest(report: unknown): VitestSummary;
export function missingParts(summary: VitestSummary, expectedFiles: readonly string[], digest: string | null): string[];
export function compareDigests(runs: readonly { readonly name: string; readonly digest: string | null }[]): {
  ok: boolean;
  digest: string | null;
  groups: Map<string, string[]>;
  missing: string[];
};
export function ensureNode(
  pin: { readonly line: number; readonly version: string },
  options?: { cacheDir?: string; log?: (s: string) => void },
): { bin: string; version: string; v8: string };
export function nodeBinaries(wanted: string): { line: number; bin: string; version: string; v8?: string }[];
