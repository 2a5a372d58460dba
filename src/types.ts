/**
 * Core types of the WebAssembly 2.0 abstract syntax (spec §2.3 "Types"), shared by every layer.
 * Value types are numbered by their binary encoding byte (spec §5.3.1–5.3.3), so the decoder needs
 * no mapping table and a type fits in one small integer.
 */

/** A value type: one of the constants below (its binary encoding byte). */
export type ValType = number;

export const I32: ValType = 0x7f;
export const I64: ValType = 0x7e;
export const F32: ValType = 0x7d;
export const F64: ValType = 0x7c;
export const V128: ValType = 0x7b;
export const FUNCREF: ValType = 0x70;
export const EXTERNREF: ValType = 0x6f;
/** `exnref` (3.0 exception handling): a caught exception, or null. */
export const EXNREF: ValType = 0x69;

/** True for the binary encoding of a one-byte value type (2.0's, and exnref). */
export function isValType(byte: number): boolean {
  return (byte >= 0x7b && byte <= 0x7f) || byte === FUNCREF || byte === EXTERNREF || byte === EXNREF;
}

// ---- Reference types (3.0 typed function references) -----------------------------------------
// A reference type is `(ref null? ht)`; its heap type `ht` is abstract (func, extern, exn, and the
// bottom types nofunc, noextern, noexn) or a concrete function type. As a ValType number:
//   - an abstract heap type's byte (below 0x100) is the nullable type, as the shorthands funcref
//     (0x70), externref (0x6f) and exnref (0x69) already are;
//   - REF_NON_NULL | byte (0x100..0x1ff) is the non-nullable `(ref ht)`;
//   - REF_CONCRETE + 2 * id + (nullable ? 1 : 0) is `(ref null? $t)`, where `id` is the canonical
//     id of the function type ({@link funcTypeId}): structurally equal types in any module have the
//     same id, so equal numbers are equal types everywhere.
// A heap type as a number: an abstract byte, or HEAP_CONCRETE + id.

/** The abstract heap types (their binary encoding bytes). */
export const HEAP_FUNC = 0x70;
export const HEAP_EXTERN = 0x6f;
export const HEAP_EXN = 0x69;
export const HEAP_NOFUNC = 0x73;
export const HEAP_NOEXTERN = 0x72;
export const HEAP_NOEXN = 0x74;
/** `(ref ht)` of an abstract heap type byte. */
export const REF_NON_NULL = 0x100;
/** First ValType of a concrete reference type. */
export const REF_CONCRETE = 0x800;
/** First heap type number of a concrete function type. */
export const HEAP_CONCRETE = 0x10000;
/** ValType of a reference to a type index that does not exist (the validator reports it). */
export const UNKNOWN_TYPE_REF = 0x7ffffffe;

/** True for an abstract heap type byte. */
export function isAbstractHeapType(byte: number): boolean {
  return byte === HEAP_FUNC || byte === HEAP_EXTERN || byte === HEAP_EXN || byte === HEAP_NOFUNC || byte === HEAP_NOEXTERN || byte === HEAP_NOEXN;
}

/** True for every reference type (funcref, externref, exnref and the typed ones). */
export function isRefType(t: ValType): boolean {
  return t >= REF_CONCRETE ? t !== UNKNOWN_TYPE_REF : t >= REF_NON_NULL ? isAbstractHeapType(t - REF_NON_NULL) : isAbstractHeapType(t);
}

/** `(ref null? ht)` for heap type `heap`. */
export function refType(heap: number, nullable: boolean): ValType {
  if (heap >= HEAP_CONCRETE) return REF_CONCRETE + 2 * (heap - HEAP_CONCRETE) + (nullable ? 1 : 0);
  return nullable ? heap : REF_NON_NULL + heap;
}

/** The heap type of reference type `t`. */
export function heapTypeOf(t: ValType): number {
  if (t >= REF_CONCRETE) return HEAP_CONCRETE + ((t - REF_CONCRETE) >> 1);
  return t >= REF_NON_NULL ? t - REF_NON_NULL : t;
}

/** True when reference type `t` includes null. */
export function isNullable(t: ValType): boolean {
  return t >= REF_CONCRETE ? (t & 1) === 1 : t < REF_NON_NULL;
}

/** True when a local of type `t` has a default value (every type but the non-nullable references). */
export function isDefaultable(t: ValType): boolean {
  return !isRefType(t) || isNullable(t);
}

/**
 * The abstract type a reference's values belong to (FUNCREF, EXTERNREF or EXNREF: how they are
 * represented and cross to JS), or 0 for a non-reference type.
 */
export function refFamily(t: ValType): ValType {
  if (!isRefType(t)) return 0;
  const h = heapTypeOf(t);
  if (h >= HEAP_CONCRETE || h === HEAP_FUNC || h === HEAP_NOFUNC) return FUNCREF;
  if (h === HEAP_EXN || h === HEAP_NOEXN) return EXNREF;
  return EXTERNREF;
}

/** Heap-type subtyping (3.0 §3.3.x, without GC's declared subtypes): bottom types below each family. */
function isHeapSubtype(a: number, b: number): boolean {
  if (a === b) return true;
  if (a >= HEAP_CONCRETE) return b === HEAP_FUNC;
  if (a === HEAP_NOFUNC) return b === HEAP_FUNC || b >= HEAP_CONCRETE;
  if (a === HEAP_NOEXTERN) return b === HEAP_EXTERN;
  if (a === HEAP_NOEXN) return b === HEAP_EXN;
  return false;
}

/** `a <: b` (3.0 §3.3.x matching): equal types, or references with a smaller heap type and no more nullability. */
export function isSubtype(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (!isRefType(a) || !isRefType(b)) return false;
  if (isNullable(a) && !isNullable(b)) return false;
  return isHeapSubtype(heapTypeOf(a), heapTypeOf(b));
}

/** Text-format name of a value type (`i32`, `funcref`, ...). */
export function valTypeName(t: ValType): string {
  switch (t) {
    case I32: return 'i32';
    case I64: return 'i64';
    case F32: return 'f32';
    case F64: return 'f64';
    case V128: return 'v128';
    case FUNCREF: return 'funcref';
    case EXTERNREF: return 'externref';
    case EXNREF: return 'exnref';
    default: {
      if (!isRefType(t)) return `<type 0x${t.toString(16)}>`;
      const h = heapTypeOf(t);
      const heap = h >= HEAP_CONCRETE ? `${h - HEAP_CONCRETE}` : HEAP_NAMES[h] ?? '?';
      return isNullable(t) ? `(ref null ${heap})` : `(ref ${heap})`;
    }
  }
}

const HEAP_NAMES: Readonly<Record<number, string>> = {
  [HEAP_FUNC]: 'func', [HEAP_EXTERN]: 'extern', [HEAP_EXN]: 'exn', [HEAP_NOFUNC]: 'nofunc', [HEAP_NOEXTERN]: 'noextern', [HEAP_NOEXN]: 'noexn',
};

/** A function type `[params] -> [results]`. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/** Limits of a memory (in 64 KiB pages) or table (in elements); `max` is null when absent. */
export interface Limits {
  readonly min: number;
  readonly max: number | null;
  /**
   * The address type is i64 (memory64 / table64, limits flag 0x04): addresses, sizes and
   * limits are i64 values. Absent or false: i32.
   */
  readonly is64?: boolean;
}

export interface TableType {
  /** FUNCREF or EXTERNREF. */
  readonly elemType: ValType;
  readonly limits: Limits;
}

export interface MemoryType {
  /** Limits in 64 KiB pages. */
  readonly limits: Limits;
}

export interface GlobalType {
  readonly valType: ValType;
  readonly isMutable: boolean;
}

/** External kinds (binary encoding of import/export descriptors, spec §5.5.5). */
export const EXTERN_FUNC = 0;
export const EXTERN_TABLE = 1;
export const EXTERN_MEMORY = 2;
export const EXTERN_GLOBAL = 3;
/** A tag (3.0 exception handling). */
export const EXTERN_TAG = 4;

/** Names of the external kinds, indexed by kind. */
export const EXTERN_KIND_NAMES: readonly string[] = ['func', 'table', 'memory', 'global', 'tag'];

/** Bytes in one linear-memory page (spec §4.2.8). */
export const PAGE_SIZE = 65536;

// ---- Canonical function types ---------------------------------------------------------------
// Function types are interned: a type's key is its params and results, with each concrete
// reference written as the canonical id it refers to, and a reference to the type itself (3.0: a
// type may refer to itself, its own recursion group) as `s`. Equal keys are the same type in any
// module, so {@link funcTypeId} gives equal ids exactly to equivalent types (the iso-recursive
// equivalence of singleton recursion groups), and call_indirect / linking compare ids.

const idsByKey = new Map<string, number>();
const typesById: FuncType[] = [];
const idOfType = new WeakMap<FuncType, number>();

function keyPart(t: ValType, selfId: number): string {
  if (t < REF_CONCRETE) return String(t);
  const id = (t - REF_CONCRETE) >> 1;
  return `${id === selfId ? 's' : `c${id}`}${t & 1}`;
}

function keyOf(t: FuncType, selfId: number): string {
  return `${t.params.map((v) => keyPart(v, selfId)).join(',')}:${t.results.map((v) => keyPart(v, selfId)).join(',')}`;
}

/** The canonical id of a function type (interned on first sight). */
export function funcTypeId(t: FuncType): number {
  const known = idOfType.get(t);
  if (known !== undefined) return known;
  const key = keyOf(t, -1);
  let id = idsByKey.get(key);
  if (id === undefined) {
    id = typesById.length;
    idsByKey.set(key, id);
    typesById.push(t);
  }
  idOfType.set(t, id);
  return id;
}

/**
 * The canonical function type of a type-section entry whose value types may refer to its own
 * index: `params` / `results` hold concrete references to canonical ids, and to itself as
 * {@link SELF_REF} (`REF_CONCRETE + 2 * SELF_REF_ID + nullable`). Returns the interned type.
 */
export function internFuncType(params: readonly ValType[], results: readonly ValType[]): FuncType {
  const draft: FuncType = { params, results };
  const key = keyOf(draft, SELF_REF_ID);
  const known = idsByKey.get(key);
  if (known !== undefined) return typesById[known]!;
  const id = typesById.length;
  const fix = (v: ValType): ValType => (v >= REF_CONCRETE && v !== UNKNOWN_TYPE_REF && (v - REF_CONCRETE) >> 1 === SELF_REF_ID ? REF_CONCRETE + 2 * id + (v & 1) : v);
  const t: FuncType = Object.freeze({ params: Object.freeze(params.map(fix)), results: Object.freeze(results.map(fix)) });
  idsByKey.set(key, id);
  typesById.push(t);
  idOfType.set(t, id);
  return t;
}

/** The placeholder id a type-section entry uses for a reference to itself. */
export const SELF_REF_ID = 0x1fffffff;

/** The function type with canonical id `id`. */
export function funcTypeById(id: number): FuncType {
  return typesById[id]!;
}

/** Structural equality of function types (2.0 has no subtyping between function types). */
export function funcTypeEquals(a: FuncType, b: FuncType): boolean {
  if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false;
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false;
  for (let i = 0; i < a.results.length; i++) if (a.results[i] !== b.results[i]) return false;
  return true;
}

/** Text-format rendering of a function type, e.g. `[i32 i64] -> [f32]`. */
export function funcTypeToString(t: FuncType): string {
  return `[${t.params.map(valTypeName).join(' ')}] -> [${t.results.map(valTypeName).join(' ')}]`;
}
