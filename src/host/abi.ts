/**
 * The host-function ABI: how the embedder's functions see the calling instance. A plain JS
 * function can always be imported (JS API style: wasm values in, a value out). A
 * {@link HostFunction} made with {@link defineHostFunction} declares its wasm type and also
 * receives a {@link HostContext}: bounds-checked access to the caller's memory (an out-of-bounds
 * pointer is a trap, never a host crash) and gas charging.
 *
 * A host function may return a Promise; only `vm.callAsync` (or `invokeAsync`) can wait for it, a
 * synchronous call fails with a host trap.
 */
import { Trap, TrapCode } from '../errors.js';
import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128 } from '../types.js';
import type { FuncType, ValType } from '../types.js';

/** What a host function sees of the call that invoked it. */
export interface HostContext {
  /** Size of the caller's memory 0 in bytes (0 without a memory). */
  readonly memorySize: number;
  /** Copies `length` bytes at `ptr` out of memory. Traps when out of bounds. */
  read(ptr: number, length: number): Uint8Array;
  /** Writes `bytes` at `ptr`. Traps when out of bounds. */
  write(ptr: number, bytes: Uint8Array): void;
  /** Little-endian u32 at `ptr`. Traps when out of bounds. */
  readU32(ptr: number): number;
  writeU32(ptr: number, value: number): void;
  /** Little-endian u64 at `ptr` (as bigint). Traps when out of bounds. */
  readU64(ptr: number): bigint;
  writeU64(ptr: number, value: bigint): void;
  /** UTF-8 text at `ptr` (invalid sequences become U+FFFD). Traps when out of bounds. */
  readString(ptr: number, length: number): string;
  /** Charges `amount` gas (a non-negative safe integer); traps "out of gas" when it runs out. */
  chargeGas(amount: number): void;
  /** Gas left in this call (Number.MAX_SAFE_INTEGER when unmetered). */
  readonly gasLeft: number;
}

/** Value type names accepted by {@link defineHostFunction}. */
/** Value types of a typed host function; a v128 arrives and returns as a 16-byte Uint8Array. */
export type HostValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

const TYPES: Record<HostValueType, ValType> = {
  i32: I32, i64: I64, f32: F32, f64: F64, v128: V128, funcref: FUNCREF, externref: EXTERNREF,
};

/** A typed host function: import it under any name; linking checks its type exactly. */
export interface HostFunction {
  readonly kind: 'host-function';
  readonly type: FuncType;
  readonly name: string;
  /** Called with the context, then the wasm arguments (i64 as bigint). */
  readonly fn: (ctx: HostContext, ...args: never[]) => unknown;
}

/**
 * Declares a host function with a wasm signature, e.g.
 * `defineHostFunction('log', ['i32', 'i32'], [], (ctx, ptr, len) => console.log(ctx.readString(ptr, len)))`.
 * Throws TypeError for an unknown type name.
 */
export function defineHostFunction(
  name: string,
  params: readonly HostValueType[],
  results: readonly HostValueType[],
  fn: (ctx: HostContext, ...args: never[]) => unknown,
): HostFunction {
  const map = (t: HostValueType): ValType => {
    const v = TYPES[t];
    if (v === undefined) throw new TypeError(`unknown host value type: ${String(t)}`);
    return v;
  };
  if (typeof fn !== 'function') throw new TypeError('host function implementation must be a function');
  return Object.freeze({
    kind: 'host-function' as const,
    type: Object.freeze({ params: Object.freeze(params.map(map)), results: Object.freeze(results.map(map)) }),
    name,
    fn,
  });
}

/** True for values made by {@link defineHostFunction}. */
export function isHostFunction(v: unknown): v is HostFunction {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'host-function';
}

/** Throws the trap an out-of-bounds host memory access is. */
export function memoryTrap(): never {
  throw new Trap(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, []);
}
