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

// ---- Reference types (3.0 typed function references and GC) ---------------------------------
// A reference type is `(ref null? ht)`; its heap type `ht` is abstract (func, extern, exn, any,
// eq, i31, struct, array and the bottom types nofunc, noextern, noexn, none) or a concrete
// defined type. As a ValType number:
//   - an abstract heap type's byte (below 0x100) is the nullable type, as the shorthands funcref
//     (0x70), externref (0x6f), anyref (0x6e), ... already are;
//   - REF_NON_NULL | byte (0x100..0x1ff) is the non-nullable `(ref ht)`;
//   - REF_CONCRETE + 2 * id + (nullable ? 1 : 0) is `(ref null? $t)`, where `id` is the canonical
//     id of the defined type ({@link internRecGroup}): iso-recursively equal types in any module
//     have the same id, so equal numbers are equal types everywhere.
// A heap type as a number: an abstract byte, or HEAP_CONCRETE + id.

/** The abstract heap types (their binary encoding bytes). */
export const HEAP_FUNC = 0x70;
export const HEAP_EXTERN = 0x6f;
export const HEAP_EXN = 0x69;
export const HEAP_NOFUNC = 0x73;
export const HEAP_NOEXTERN = 0x72;
export const HEAP_NOEXN = 0x74;
/** GC's abstract heap types: the `any` hierarchy (any > eq > i31 / struct / array > none). */
export const HEAP_ANY = 0x6e;
export const HEAP_EQ = 0x6d;
export const HEAP_I31 = 0x6c;
export const HEAP_STRUCT = 0x6b;
export const HEAP_ARRAY = 0x6a;
export const HEAP_NONE = 0x71;
/** `anyref`, the nullable top of the any hierarchy (the family of GC values). */
export const ANYREF: ValType = 0x6e;
/** `(ref ht)` of an abstract heap type byte. */
export const REF_NON_NULL = 0x100;
/** First ValType of a concrete reference type. */
export const REF_CONCRETE = 0x800;
/** First heap type number of a concrete defined type. */
export const HEAP_CONCRETE = 0x10000;
/** ValType of a reference to a type index that does not exist (the validator reports it). */
export const UNKNOWN_TYPE_REF = 0x7ffffffe;

/** Packed storage types of struct fields and array elements (GC). */
export const PACKED_I8 = 0x78;
export const PACKED_I16 = 0x77;

/** True for an abstract heap type of GC (the any hierarchy and the bottom types GC brought). */
export function isGcHeapType(byte: number): boolean {
  return (byte >= HEAP_ARRAY && byte <= HEAP_ANY) || byte === HEAP_NONE;
}

/** True for an abstract heap type byte. */
export function isAbstractHeapType(byte: number): boolean {
  return byte === HEAP_FUNC || byte === HEAP_EXTERN || byte === HEAP_EXN || byte === HEAP_NOFUNC || byte === HEAP_NOEXTERN || byte === HEAP_NOEXN || isGcHeapType(byte);
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

/** The top heap type of heap type `h`'s hierarchy: HEAP_FUNC, HEAP_EXTERN, HEAP_EXN or HEAP_ANY. */
export function heapTop(h: number): number {
  if (h >= HEAP_CONCRETE) return typesById[h - HEAP_CONCRETE]?.kind === KIND_FUNC ? HEAP_FUNC : HEAP_ANY;
  if (h === HEAP_FUNC || h === HEAP_NOFUNC) return HEAP_FUNC;
  if (h === HEAP_EXN || h === HEAP_NOEXN) return HEAP_EXN;
  if (h === HEAP_EXTERN || h === HEAP_NOEXTERN) return HEAP_EXTERN;
  return HEAP_ANY;
}

/** The bottom heap type of heap type `h`'s hierarchy (none, nofunc, noextern, noexn). */
export function heapBottom(h: number): number {
  switch (heapTop(h)) {
    case HEAP_FUNC: return HEAP_NOFUNC;
    case HEAP_EXN: return HEAP_NOEXN;
    case HEAP_EXTERN: return HEAP_NOEXTERN;
    default: return HEAP_NONE;
  }
}

/**
 * The abstract type a reference's values belong to (FUNCREF, EXTERNREF, EXNREF or ANYREF: how
 * they are represented and cross to JS), or 0 for a non-reference type.
 */
export function refFamily(t: ValType): ValType {
  if (!isRefType(t)) return 0;
  return heapTop(heapTypeOf(t));
}

/** Heap-type subtyping (3.0 §3.3.x): the abstract hierarchies and declared subtypes. */
export function isHeapSubtype(a: number, b: number): boolean {
  if (a === b) return true;
  const top = heapTop(b);
  if (heapTop(a) !== top) return false;
  if (b === top) return true;
  if (a === heapBottom(a)) return true;
  if (b >= HEAP_CONCRETE) return a >= HEAP_CONCRETE && isSubTypeId(a - HEAP_CONCRETE, b - HEAP_CONCRETE);
  if (a >= HEAP_CONCRETE) {
    const kind = typesById[a - HEAP_CONCRETE]!.kind;
    return b === HEAP_EQ || (b === HEAP_STRUCT && kind === KIND_STRUCT) || (b === HEAP_ARRAY && kind === KIND_ARRAY);
  }
  return b === HEAP_EQ && (a === HEAP_I31 || a === HEAP_STRUCT || a === HEAP_ARRAY);
}

/** `a <: b` (3.0 §3.3.x matching): equal types, or references with a smaller heap type and no more nullability. */
export function isSubtype(a: ValType, b: ValType): boolean {
  if (a === b) return true;
  if (!isRefType(a) || !isRefType(b)) return false;
  if (isNullable(a) && !isNullable(b)) return false;
  return isHeapSubtype(heapTypeOf(a), heapTypeOf(b));
}

/** True when canonical type `sub` is `sup` or declares it as a (transitive) supertype. */
export function isSubTypeId(sub: number, sup: number): boolean {
  if (sub === sup) return true;
  const s = typesById[sup]!;
  return typesById[sub]!.supers[s.depth] === sup;
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
  [HEAP_ANY]: 'any', [HEAP_EQ]: 'eq', [HEAP_I31]: 'i31', [HEAP_STRUCT]: 'struct', [HEAP_ARRAY]: 'array', [HEAP_NONE]: 'none',
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

// ---- Canonical defined types (recursion groups) -----------------------------------------------
// Defined types are interned by recursion group (3.0 §3.5 iso-recursive equivalence): a group's
// key lists its types in order, each with its kind, finality, supertype and field / param /
// result types, where a reference to a type of the same group is written by its position in the
// group (`r<i>`) and any other by its canonical id (`c<id>`). Equal keys are the same group in
// any module, so equal ids are exactly the equivalent types, and call_indirect, casts and linking
// compare ids (and, with declared subtypes, walk `supers`). The registry lives as long as the
// process (types are small; a module's types are interned once, when it is decoded).

/** Composite type kinds. */
export const KIND_FUNC = 0;
export const KIND_STRUCT = 1;
export const KIND_ARRAY = 2;

/** A struct field or array element type: a value type or a packed type (PACKED_I8 / PACKED_I16). */
export interface FieldType {
  readonly type: number;
  readonly mutable: boolean;
}

/**
 * A defined type (a type-section entry, canonical): a function type (params / results) or a
 * struct / array type (fields; params and results empty), with its declared supertype.
 */
export interface DefType extends FuncType {
  readonly kind: number;
  /** Struct fields in order; an array's one element type; empty for a function type. */
  readonly fields: readonly FieldType[];
  /** Canonical id of the declared supertype, -1 for none. */
  readonly superId: number;
  readonly isFinal: boolean;
  /** Canonical id. */
  readonly id: number;
  /** Length of the supertype chain above this type (0: no supertype). */
  readonly depth: number;
  /** The supertype chain by depth, this type last: supers[d] is the ancestor at depth d. */
  readonly supers: readonly number[];
}

/** A type-section entry before interning: references into its own group use {@link REC_BASE} ids. */
export interface DraftType {
  readonly kind: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  readonly fields: readonly FieldType[];
  /** Canonical id of the supertype (REC_BASE + i for the group's i-th type), or -1. */
  readonly superId: number;
  readonly isFinal: boolean;
}

/**
 * Longest supertype chain below a type (the JS API's limit and wasmparser's): a deeper
 * declaration is invalid, which keeps each type's `supers` (and a cast's check) small.
 */
export const MAX_SUBTYPE_DEPTH = 63;

/** Canonical ids from REC_BASE up stand for the types of the group being read (REC_BASE + position). */
export const REC_BASE = 0x1f000000;

const groupsByKey = new Map<string, number>();
const typesById: DefType[] = [];
const idOfType = new WeakMap<FuncType, number>();

function keyPart(t: number): string {
  if (t < REF_CONCRETE || t === UNKNOWN_TYPE_REF) return String(t);
  const id = (t - REF_CONCRETE) >> 1;
  return `${id >= REC_BASE ? `r${id - REC_BASE}` : `c${id}`}${t & 1}`;
}

function draftKey(d: DraftType): string {
  let key = `${d.kind}${d.isFinal ? 'f' : ''}${d.superId < 0 ? '-' : d.superId >= REC_BASE ? `r${d.superId - REC_BASE}` : `c${d.superId}`}(`;
  for (const t of d.params) key += `${keyPart(t)},`;
  key += ':';
  for (const t of d.results) key += `${keyPart(t)},`;
  key += ':';
  for (const f of d.fields) key += `${keyPart(f.type)}${f.mutable ? 'm' : ''},`;
  return key;
}

/**
 * Interns a recursion group and returns its canonical types, in order. A supertype must come
 * before its subtype (the validator checks the module's indices); one that does not gives a type
 * with no chain (depth 0), which the validator then rejects.
 */
export function internRecGroup(drafts: readonly DraftType[]): DefType[] {
  const key = drafts.length === 1 ? draftKey(drafts[0]!) : drafts.map(draftKey).join(';');
  const known = groupsByKey.get(key);
  if (known !== undefined) return drafts.length === 1 ? [typesById[known]!] : typesById.slice(known, known + drafts.length);
  const base = typesById.length;
  if (base + drafts.length >= REC_BASE) throw new RangeError('too many distinct types in this process');
  const fix = (v: number): number => {
    if (v < REF_CONCRETE || v === UNKNOWN_TYPE_REF) return v;
    const id = (v - REF_CONCRETE) >> 1;
    return id >= REC_BASE ? REF_CONCRETE + 2 * (base + id - REC_BASE) + (v & 1) : v;
  };
  const out: DefType[] = [];
  drafts.forEach((d, i) => {
    const id = base + i;
    const superId = d.superId < 0 ? -1 : d.superId >= REC_BASE ? base + d.superId - REC_BASE : d.superId;
    // A supertype after its subtype, or a chain past MAX_SUBTYPE_DEPTH, gets no chain (depth 0
    // or MAX_SUBTYPE_DEPTH + 1): the validator rejects both, and nothing copies a long chain.
    const parent = superId >= 0 && superId < id ? typesById[superId]! : null;
    const tooDeep = parent !== null && parent.depth >= MAX_SUBTYPE_DEPTH;
    const supers = parent === null || tooDeep ? [id] : [...parent.supers, id];
    const t: DefType = Object.freeze({
      kind: d.kind,
      params: Object.freeze(d.params.map(fix)),
      results: Object.freeze(d.results.map(fix)),
      fields: Object.freeze(d.fields.map((f) => Object.freeze({ type: fix(f.type), mutable: f.mutable }))),
      superId,
      isFinal: d.isFinal,
      id,
      depth: tooDeep ? MAX_SUBTYPE_DEPTH + 1 : supers.length - 1,
      supers: Object.freeze(supers),
    });
    typesById.push(t);
    idOfType.set(t, id);
    out.push(t);
  });
  groupsByKey.set(key, base);
  return out;
}

/** The canonical id of a function type (a final function type of its own group, interned on first sight). */
export function funcTypeId(t: FuncType): number {
  const known = idOfType.get(t);
  if (known !== undefined) return known;
  const [d] = internRecGroup([{ kind: KIND_FUNC, params: t.params, results: t.results, fields: [], superId: -1, isFinal: true }]);
  idOfType.set(t, d!.id);
  return d!.id;
}

/** The defined type with canonical id `id`. */
export function typeById(id: number): DefType {
  return typesById[id]!;
}

/** The function type with canonical id `id`. */
export function funcTypeById(id: number): FuncType {
  return typesById[id]!;
}

/** Bytes a field or element of storage type `t` takes (packed i8 / i16: 1 / 2). */
export function storageBytes(t: number): number {
  switch (t) {
    case PACKED_I8: return 1;
    case PACKED_I16: return 2;
    case I32: case F32: return 4;
    case I64: case F64: return 8;
    case V128: return 16;
    default: return 0; // references: kept in the object's refs, not its data
  }
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
