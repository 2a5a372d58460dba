/**
 * Test helper: WebAssembly text -> binary with wabt's wat2wasm (the `wabt` npm package, a wasm
 * build of wabt). wabt is loaded once, at import time (top-level await), so {@link wat} is
 * synchronous and usable inside `it.each` tables.
 *
 * wabt does not validate here: invalid modules are written as asked (useful for validator tests).
 * It picks its own encodings (minimal LEB128, the shortest element-segment form, ...); shapes it
 * cannot write are built byte by byte with `test/helpers/binary.ts`.
 *
 * API:
 *   - `wat(text, features?, options?)`: the binary module of `text` (a whole `(module ...)` or
 *     just its fields). Throws Error with wabt's message when the text does not parse.
 *   - `WASM2_FEATURES`: the feature set of WebAssembly 2.0 (the default of `wat`).
 */
import wabtInit from 'wabt';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;

/** wabt's feature flags (the third argument of `parseWat`). */
export type WatFeatures = NonNullable<Parameters<Wabt['parseWat']>[2]>;

/** Options of {@link wat}. */
export interface WatOptions {
  /** Write the `name` custom section (module, function and local names). Default false. */
  readonly debugNames?: boolean;
}

/** Every proposal merged into WebAssembly 2.0; nothing later. */
export const WASM2_FEATURES: Readonly<WatFeatures> = Object.freeze({
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  simd: true,
  multi_value: true,
  bulk_memory: true,
  reference_types: true,
});

const wabt: Wabt = await wabtInit();

/** Assembles `text` (wrapped in `(module ...)` unless it already is one) into a binary module. */
export function wat(text: string, features: WatFeatures = WASM2_FEATURES, options: WatOptions = {}): Uint8Array {
  const source = /^\s*\(module\b/.test(text) ? text : `(module ${text})`;
  const m = wabt.parseWat('test.wat', source, features);
  try {
    m.resolveNames();
    // Copy: the buffer returned by wabt is a view into its own heap.
    return new Uint8Array(m.toBinary({ write_debug_names: options.debugNames === true }).buffer);
  } finally {
    m.destroy();
  }
}
