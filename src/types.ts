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

/** True for the binary encoding of a value type (2.0's, and exnref). */
export function isValType(byte: number): boolean {
  return (byte >= 0x7b && byte <= 0x7f) || byte === FUNCREF || byte === EXTERNREF || byte === EXNREF;
}

/** True for funcref, externref and exnref. */
export function isRefType(t: ValType): boolean {
  return t === FUNCREF || t === EXTERNREF || t === EXNREF;
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
    default: return `<type 0x${t.toString(16)}>`;
  }
}

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
