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
 * The initial size of a Memory or Table descriptor: `initial`, or `minimum` (type reflection,
 * js-types: a type from `type()` works as a descriptor); both, or neither, is a TypeError.
 */
export function initialOf(d: Record<string, unknown>): number {
  const initial = d['initial'];
  const minimum = d['minimum'];
  if (initial !== undefined && minimum !== undefined) throw new TypeError("a descriptor takes 'initial' or 'minimum', not both");
  if (initial === undefined && minimum === undefined) throw new TypeError("the descriptor's initial size is required ('initial' or 'minimum')");
  return initial !== undefined ? enforceU32(initial, 'initial') : enforceU32(minimum, 'minimum');
}

/**
 * The `address` of a Memory or Table descriptor (a type from `type()` has one): 'i32' or absent.
 * 'i64' (memory64 / table64 descriptors, BigInt sizes) is not supported yet: a TypeError, never
 * an i32 memory in its place.
 */
export function checkAddress(d: Record<string, unknown>): void {
  const a = d['address'];
  if (a === undefined || a === 'i32') return;
  if (a === 'i64') throw new TypeError("address 'i64' (memory64 / table64) is not supported by detwasm/js-api yet");
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
