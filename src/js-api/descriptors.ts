/**
 * WebIDL conversions of the JS API's descriptor members and indices: `[EnforceRange] unsigned
 * long` (ToNumber, truncated; NaN, infinities and values outside [0, 2^32) are a TypeError) and
 * the dictionary argument check (a descriptor must be an object).
 */

/** `[EnforceRange] unsigned long`. */
export function enforceU32(v: unknown, what: string): number {
  const n = +(v as number);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number`);
  const t = Math.trunc(n);
  if (t < 0 || t > 0xffffffff) throw new TypeError(`${what} must be in [0, 2^32)`);
  return t === 0 ? 0 : t;
}

/** A dictionary argument: undefined and null read as `{}`, other non-objects are a TypeError. */
export function dictionary(v: unknown, what: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' && typeof v !== 'function') throw new TypeError(`${what} must be an object`);
  return v as Record<string, unknown>;
}
