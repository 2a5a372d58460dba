/**
 * The two implementations every JS API suite runs against (describe.each): V8's native
 * `WebAssembly` (the oracle: a test that passes there tests real JS API behaviour) and
 * `detwasm/js-api` (the source, so coverage counts). Typed as detwasm's namespace; V8's is cast.
 */
import * as DetwasmJsApi from '../../src/js-api/index.js';

export type Api = typeof DetwasmJsApi.WebAssembly;

const native = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;

/** `[name, namespace]` rows for describe.each. */
export const IMPLS: readonly (readonly [string, Api])[] = [
  ['V8', native],
  ['detwasm', DetwasmJsApi.WebAssembly],
];

/**
 * Where V8 11.3 (Node 20) differs from the JS API specification, the suites expect the spec on
 * detwasm and V8's behaviour on V8 (so a V8 upgrade that fixes it shows up):
 * - the value type name 'funcref' (only 'anyfunc') is refused (TypeError);
 * - DefaultValue(externref) of a Global is null (the spec: undefined);
 * - one global exported twice gives two Global objects (the spec's global object cache: one);
 * - `new Exception(tag, payload)` takes a payload of the wrong length (the spec: TypeError);
 * - `new Module(dataView)` is a TypeError (WebIDL's BufferSource includes DataView).
 */
export const V8_DEVIATIONS = {
  funcrefName: true, globalExternrefDefaultNull: true, globalIdentity: true, exceptionPayloadLength: true, dataViewSource: true,
} as const;

/** Any exported function, typed loosely. */
export type Fn = (...args: unknown[]) => any;

/** Float64 with exact bits (`hi`, `lo` uint32 words). */
export function f64FromBits(bits: bigint): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, bits, true);
  return v.getFloat64(0, true);
}
