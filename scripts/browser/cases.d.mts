/** Types of scripts/browser/cases.mjs (plain ESM, served to the test page and run by Node), for its tests. */

export interface CaseHost {
  readonly WebAssembly: unknown;
  bytes(path: string): Promise<Uint8Array>;
  text(path: string): Promise<string>;
  script(path: string): Promise<void>;
  importModule(specifier: string): Promise<Record<string, unknown>>;
}

export interface Case {
  readonly name: string;
  readonly kind: 'core' | 'js-api' | 'drop-in';
  run(host: CaseHost): Promise<unknown>;
}

export const CONTRACT_STEPS: readonly (readonly [string, string, string, string])[];
export const CASES: readonly Case[];
export function hex(bytes: Uint8Array): string;
export function inputBytes(size: number, seed: number): Uint8Array;
export function runCases(
  host: CaseHost, options?: { readonly only?: ((c: Case) => boolean) | null; readonly now?: () => number },
): Promise<({ name: string; kind: string; ms: number; result: unknown } | { name: string; kind: string; ms: number; error: string })[]>;
