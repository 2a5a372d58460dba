/**
 * What the spec runner needs from an engine. Compilation (decode + validate) is required; execution
 * (instantiate, invoke, read a global, the `spectest` host module) is an optional capability, so the
 * runner reports the commands that need it as "not yet run" until an engine provides it.
 *
 * An adapter converts between {@link SpecValue} (raw bits) and the engine's own values, and maps
 * the engine's errors to the spec's failure classes (spec interpreter README, "Scripts":
 * assert_malformed, assert_invalid, assert_unlinkable, assert_trap, assert_exhaustion).
 */
import type { SpecValue } from './values.js';

/** The spec failure class of an error thrown by an engine. */
export type ErrorClass = 'malformed' | 'invalid' | 'link' | 'trap' | 'exhaustion' | 'exception' | 'unknown';

/** Execution support, added when the engine can run code. */
export interface ExecutionCapability<M, I> {
  /**
   * Instantiates a compiled module. Imports are resolved by module name in `registry` (which
   * always holds `spectest`, see {@link spectest}); throws errors classified `link` or `trap`.
   */
  instantiate(module: M, registry: ReadonlyMap<string, I>): I;
  /**
   * Calls an exported function; throws errors classified `trap` or `exhaustion`. `resultTypes`
   * are the result types the script expects (`i32`, `v128`, ...), for adapters that cannot see
   * export types (the JS API); an engine that knows its types ignores them.
   */
  invoke(instance: I, field: string, args: readonly SpecValue[], resultTypes: readonly string[]): readonly SpecValue[];
  /** Reads an exported global; `type` as for `resultTypes`. */
  get(instance: I, field: string, type: string): SpecValue;
  /**
   * A fresh instance of the spec test host module `spectest` (spec interpreter `host/spectest.ml`):
   * functions print, print_i32, print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64;
   * globals global_i32 = 666, global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6;
   * table: 10..20 funcref; memory: 1..2 pages.
   */
  spectest(): I;
}

/** An engine under test. `M` is its compiled module, `I` its instance. */
export interface SpecEngine<M, I> {
  /** Label for reports, e.g. `detwasm` or `detwasm (gas on)`. */
  readonly name: string;
  /** Decodes and validates; throws errors classified `malformed` or `invalid`. */
  compile(bytes: Uint8Array): M;
  /** Maps an error thrown by this engine to its spec class. */
  classify(error: unknown): ErrorClass;
  /** Execution capability; absent while the engine can only compile. */
  readonly execution?: ExecutionCapability<M, I>;
  /** Deterministic profile: `nan:arithmetic` results must be the canonical NaN. */
  readonly strictNaN: boolean;
  /**
   * Whether the engine executes the code of this spec file (default: yes). When false, the
   * commands that call code (action, assert_return, assert_trap, assert_exhaustion) are reported
   * as "not yet run" with the reason, never as passed; modules are still compiled and instantiated.
   */
  readonly executes?: (fileName: string) => true | { readonly reason: string };
}

/** What an engine can do, as shown in reports. */
export interface Capabilities {
  readonly compile: true;
  readonly execute: boolean;
}

export function capabilitiesOf(engine: SpecEngine<unknown, unknown>): Capabilities {
  return { compile: true, execute: engine.execution !== undefined };
}

/** Message of any thrown value (never its stack). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
