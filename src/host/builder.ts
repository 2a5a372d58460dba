/**
 * A builder for custom host modules with typed signatures: `hostModule(name, { fn: typedHostFunction(
 * params, results, impl) })`. The implementation's argument and result types follow from the wasm
 * signature (i32 / f32 / f64 as number, i64 as bigint, references as unknown), so a mismatch is a
 * compile-time error; linking still checks the wasm type exactly (spec §4.5.2 "Import matching").
 */
import { defineHostFunction } from './abi.js';
import type { HostContext, HostFunction, HostValueType } from './abi.js';

/** The JS type of a wasm value of type `T` as a host function sees it. */
export type HostJsValue<T> = T extends 'i64' ? bigint : T extends 'i32' | 'f32' | 'f64' ? number : unknown;

/** JS argument list of a parameter list. */
export type HostArgs<P extends readonly HostValueType[]> = { -readonly [K in keyof P]: HostJsValue<P[K]> };

/** What a host function returns for a result list: nothing, one value, or a tuple. */
export type HostResult<R extends readonly HostValueType[]> =
  R extends readonly [] ? void : R extends readonly [infer A] ? HostJsValue<A> : HostArgs<R>;

/** A typed host function before it is named by {@link hostModule}. */
export interface HostFunctionSpec<P extends readonly HostValueType[], R extends readonly HostValueType[]> {
  readonly params: P;
  readonly results: R;
  /** The implementation (may return a Promise: only async calls can wait for it). */
  fn(ctx: HostContext, ...args: HostArgs<P>): HostResult<R> | PromiseLike<HostResult<R>>;
}

/** Any {@link HostFunctionSpec}. */
export type AnyHostFunctionSpec = HostFunctionSpec<readonly HostValueType[], readonly HostValueType[]>;

/** A host module: import field name → host function. Frozen. */
export type HostModule = Readonly<Record<string, HostFunction>>;

/**
 * A typed host function spec, e.g. `typedHostFunction(['i32', 'i32'], ['i32'], (ctx, a, b) => a + b)`
 * (`a` and `b` are numbers, the result must be a number).
 */
export function typedHostFunction<const P extends readonly HostValueType[], const R extends readonly HostValueType[]>(
  params: P,
  results: R,
  fn: (ctx: HostContext, ...args: HostArgs<P>) => HostResult<R> | PromiseLike<HostResult<R>>,
): HostFunctionSpec<P, R> {
  return Object.freeze({ params, results, fn });
}

/**
 * Builds a host module from typed specs; each function is named `module.field` in wasm stacks.
 * Throws TypeError for an unknown value type or a spec without an implementation.
 */
export function hostModule(name: string, specs: Readonly<Record<string, AnyHostFunctionSpec>>): HostModule {
  if (typeof name !== 'string') throw new TypeError('host module name must be a string');
  if (specs === null || typeof specs !== 'object') throw new TypeError('host module specs must be an object');
  const out: Record<string, HostFunction> = Object.create(null) as Record<string, HostFunction>;
  for (const field of Object.keys(specs).sort()) {
    const spec = specs[field]!;
    if (spec === null || typeof spec !== 'object' || !Array.isArray(spec.params) || !Array.isArray(spec.results)) {
      throw new TypeError(`host function ${name}.${field} needs params and results lists`);
    }
    out[field] = defineHostFunction(`${name}.${field}`, spec.params, spec.results, spec.fn as (ctx: HostContext, ...args: never[]) => unknown);
  }
  return Object.freeze(out);
}
