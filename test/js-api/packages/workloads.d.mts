// Types of test/js-api/packages/workloads.mjs, for test/js-api/packages.test.ts (tsc reads no .mjs).
export interface PackageWorkload {
  readonly glue: string;
  load(): Promise<unknown>;
  run(api: unknown, scale: number): Promise<unknown>;
  bad(api: unknown): Promise<unknown>;
}
export const PACKAGES: Readonly<Record<string, PackageWorkload>>;
export function packageVersion(name: string): string;
export function bytesOf(n: number, seed: number): Uint8Array;
export function textOf(n: number, seed: number): Uint8Array;
export function errorOf(e: unknown): unknown;
export function outcome(f: () => unknown): Promise<unknown>;
