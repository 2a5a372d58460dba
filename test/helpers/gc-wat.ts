/**
 * WAT with the GC text format (recursion groups, `sub`, struct / array types, packed fields,
 * the any hierarchy), which wabt cannot parse: encoded by wasm-tools' `wat` crate, the
 * `@bytecodealliance/jco-transpile` dev dependency's wasm-tools component. It only encodes (no
 * validation), so tests can build invalid modules too. Async: the component loads on first use.
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';

/** The binary of a module written in the WebAssembly text format (GC included). */
export async function gcWat(text: string): Promise<Uint8Array> {
  return parse(text);
}
