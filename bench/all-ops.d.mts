// Types of bench/all-ops.mjs, for test/bench-all-ops.test.ts (tsc reads no .mjs).
export interface AllOpsEngine {
  compile(bytes: Uint8Array): unknown;
  instantiate(module: unknown, imports: unknown, options: unknown): unknown;
  DEFAULT_GAS_SCHEDULE: object;
  STRICT_GAS_SCHEDULE: object;
}
export const ALL_OPS_ARGS: readonly (readonly unknown[])[];
export function allOpsBytes(): Uint8Array;
export function runAllOps(engine: AllOpsEngine): unknown[][];
