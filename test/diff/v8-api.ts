/**
 * The slice of V8's native `WebAssembly` JS API the differential harness uses (the oracle; tests
 * only), typed here because the project compiles against lib ES2022 without the DOM typings.
 * `V8_WASM` is undefined under `node --jitless` (no WebAssembly there); only the V8 side of the
 * harness touches it.
 */

export interface V8Global {
  value: unknown;
}

export interface V8Table {
  readonly length: number;
  get(index: number): unknown;
}

export interface V8Memory {
  readonly buffer: ArrayBuffer;
}

export interface V8Instance {
  readonly exports: Record<string, unknown>;
}

/** The constructors of the JS API. */
export interface V8WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: Record<string, Record<string, unknown>>) => V8Instance;
  Global: new (descriptor: { value: string; mutable?: boolean }, value?: unknown) => V8Global;
  Memory: new (descriptor: { initial: number; maximum?: number }) => V8Memory;
  RuntimeError: new (...args: unknown[]) => Error;
  CompileError: new (...args: unknown[]) => Error;
  LinkError: new (...args: unknown[]) => Error;
  /** A wasm exception seen from JS (exception handling): its tag test and payload reader. */
  Exception: new (...args: unknown[]) => Error & { is(tag: unknown): boolean; getArg(tag: unknown, index: number): unknown };
  validate(bytes: Uint8Array): boolean;
}

/** `globalThis.WebAssembly` (undefined under --jitless). */
export const V8_WASM: V8WasmApi = (globalThis as unknown as { WebAssembly: V8WasmApi }).WebAssembly;
