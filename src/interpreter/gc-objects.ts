/**
 * Heap objects of 3.0 garbage collection (struct and array instances) as they cross the API, and
 * host values inside the `any` hierarchy.
 *
 * At the API (invoke arguments and results, globals, tables; the JS API does the same): an `i31`
 * is a JS number (its signed value), a struct or array is a {@link GcStruct} / {@link GcArray}
 * (opaque: its fields are read by wasm code only), and a host value that wasm code converted into
 * the `any` hierarchy (`any.convert_extern`) comes back as that value. A JS value passed where an
 * anyref is expected is converted the JS API's way: null stays null, an integer in the i31 range
 * becomes an i31, a GcStruct / GcArray stays itself, and anything else becomes a host reference.
 *
 * Objects are plain JS objects, collected by the JS engine; nothing observable depends on when.
 */

/** A struct or array instance: its canonical type id (the RTT of casts), and its contents. */
export abstract class GcObject {
  /** Canonical id of the object's defined type (types.ts), compared by ref.test / ref.cast. */
  readonly typeId: number;
  /** An array's numeric elements, little-endian (null for a struct and an array of references). */
  readonly data: DataView | null;
  /** A struct's fields (a word or a reference per slot), or an array's reference elements; else null. */
  readonly refs: unknown[] | null;

  constructor(typeId: number, data: DataView | null, refs: unknown[] | null) {
    this.typeId = typeId;
    this.data = data;
    this.refs = refs;
  }
}

/** A struct instance (3.0 `struct.new`). */
export class GcStruct extends GcObject {}

/** An array instance (3.0 `array.new`): `length` elements. */
export class GcArray extends GcObject {
  readonly length: number;

  constructor(typeId: number, data: DataView | null, refs: unknown[] | null, length: number) {
    super(typeId, data, refs);
    this.length = length;
  }
}

/**
 * A host value inside the `any` hierarchy that is not an i31 (`any.convert_extern` of an
 * externref that is not null, an i31-range integer or a GC object). `extern.convert_any` unwraps it.
 */
export class HostAnyRef {
  readonly value: unknown;

  constructor(value: unknown) {
    this.value = value;
  }
}

/** True for a JS value that is an i31 when it enters the any hierarchy: an integer in [-2^30, 2^30). */
export function isI31Value(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -0x40000000 && v < 0x40000000;
}

/** `any.convert_extern` (and a JS value passed as an anyref): the internal anyref of a host value. */
export function internalize(v: unknown): unknown {
  if (isI31Value(v)) return v | 0; // -0 is the i31 0
  if (v === null || v instanceof GcObject) return v;
  return new HostAnyRef(v);
}

/** `extern.convert_any` (and an anyref result): the host value of an internal anyref. */
export function externalize(v: unknown): unknown {
  return v instanceof HostAnyRef ? v.value : v;
}
