/**
 * WebIDL conversions of the JS API's descriptor members and indices: `[EnforceRange] unsigned
 * long` (ToNumber, truncated; NaN, infinities and values outside [0, 2^32) are a TypeError) and
 * the dictionary argument check (a descriptor must be an object); the GC type names.
 */
import { HEAP_ANY, HEAP_ARRAY, HEAP_EQ, HEAP_I31, HEAP_NOEXTERN, HEAP_NOFUNC, HEAP_NONE, HEAP_STRUCT } from '../types.js';
import type { ValType } from '../types.js';

/** `[EnforceRange] unsigned long`. */
export function enforceU32(v: unknown, what: string): number {
  const n = +(v as number);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > 0xffffffff) throw new TypeError(`${what} must be in [0, 2^32)`);
  return t === 0 ? 0 : t;
}

/**
 * The JS API's AddressValue (memory64 / table64 JS API) of a memory or table with 64-bit
 * addresses: ToBigInt (a Number is a TypeError, as for an i64 value; a string or boolean
 * converts), then in [0, 2^64) or a TypeError. Returned as a number (detwasm's sizes and indices
 * are numbers): values past 2^53 read as Number.MAX_SAFE_INTEGER, beyond any size detwasm has, so
 * the caller's range checks refuse them as they refuse any size too large.
 */
export function enforceU64(v: unknown, what: string): number {
  if (typeof v === 'number') throw new TypeError(`${what} of a 64-bit memory or table must be a BigInt`);
  let n: bigint;
  try {
    n = BigInt(v as bigint);
  } catch {
    throw new TypeError(`${what} must be convertible to a BigInt`);
  }
  if (n < 0n || n > 0xffffffffffffffffn) throw new TypeError(`${what} must be in [0, 2^64)`);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** An AddressValue argument: `[EnforceRange] unsigned long` (32-bit addresses) or {@link enforceU64}. */
export function toAddress(v: unknown, is64: boolean, what: string): number {
  return is64 ? enforceU64(v, what) : enforceU32(v, what);
}

/** A size or index as the JS API gives it back: a BigInt for 64-bit addresses. */
export function fromAddress(n: number, is64: boolean): number | bigint {
  return is64 ? BigInt(n) : n;
}

/**
 * The initial size of a Memory or Table descriptor: `initial`, or `minimum` (type reflection,
 * js-types: a type from `type()` works as a descriptor); both, or neither, is a TypeError.
 */
export function initialOf(d: Record<string, unknown>, is64: boolean): number {
  const initial = d['initial'];
  const minimum = d['minimum'];
  if (initial !== undefined && minimum !== undefined) throw new TypeError("a descriptor takes 'initial' or 'minimum', not both");
  if (initial === undefined && minimum === undefined) throw new TypeError("the descriptor's initial size is required ('initial' or 'minimum')");
  return initial !== undefined ? toAddress(initial, is64, 'initial') : toAddress(minimum, is64, 'minimum');
}

/** The `maximum` of a Memory or Table descriptor, or undefined. */
export function maximumOf(d: Record<string, unknown>, is64: boolean): number | undefined {
  return d['maximum'] === undefined ? undefined : toAddress(d['maximum'], is64, 'maximum');
}

/**
 * The `address` of a Memory or Table descriptor (memory64 / table64; a type from `type()` has
 * one): absent or 'i32' (false), 'i64' (true: sizes and indices are BigInts), else a TypeError.
 * Read before the sizes, which it decides how to convert.
 */
export function isAddress64(d: Record<string, unknown>): boolean {
  const a = d['address'];
  if (a === undefined) return false;
  const name = String(a);
  if (name === 'i32') return false;
  if (name === 'i64') return true;
  throw new TypeError("address must be 'i32' or 'i64'");
}

/** A dictionary argument: undefined and null read as `{}`, other non-objects are a TypeError. */
export function dictionary(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' && typeof v !== 'function') throw new TypeError(`${what} must be an object`);
  return v as Record<string, unknown>;
}

/** The JS API's names of GC's abstract reference types. */
export type GcTypeName = 'anyref' | 'eqref' | 'i31ref' | 'structref' | 'arrayref' | 'nullref' | 'nullfuncref' | 'nullexternref';

/** GC's abstract reference types by their JS API names (Table elements, Global values). */
export const GC_TYPES: Readonly<Record<GcTypeName, ValType>> = {
  anyref: HEAP_ANY, eqref: HEAP_EQ, i31ref: HEAP_I31, structref: HEAP_STRUCT, arrayref: HEAP_ARRAY, nullref: HEAP_NONE, nullfuncref: HEAP_NOFUNC, nullexternref: HEAP_NOEXTERN,
};

/** The JS API name of each of GC's abstract reference types. */
export const GC_TYPE_NAMES: Readonly<Record<number, GcTypeName>> = {
  [HEAP_ANY]: 'anyref', [HEAP_EQ]: 'eqref', [HEAP_I31]: 'i31ref', [HEAP_STRUCT]: 'structref', [HEAP_ARRAY]: 'arrayref', [HEAP_NONE]: 'nullref', [HEAP_NOFUNC]: 'nullfuncref', [HEAP_NOEXTERN]: 'nullexternref',
};
