/**
 * Type reflection (the JS API type-reflection proposal, WebAssembly/js-types, as V8 ships it
 * behind --experimental-wasm-type-reflection): wasm types as plain JS objects. A value type is its
 * JS API name (FromValueType: 'i32' ... 'v128', 'funcref', 'externref', 'exnref', GC's 'anyref'
 * ...); a function type `{ parameters, results }`; a memory type `{ minimum, maximum?, shared }`
 * (pages); a table type `{ element, minimum, maximum? }` (elements); a global type `{ mutable,
 * value }`; a tag type `{ parameters }`. Memory and table types end with their address type,
 * `address: 'i32'` or `'i64'` (the JS API's memory64 member, as V8 13 writes it; V8 11.3 predates
 * it); an i64 one (memory64 / table64) gives its sizes as BigInts (the JS API's U64ToAddressValue).
 * A reference type the JS API has no name for (a concrete or non-nullable one, function references
 * / GC) is written as in the text format, `(ref null 3)`, a string no constructor accepts; N is the
 * module's type index in `Module.imports` / `Module.exports`, and detwasm's process-wide type id
 * in `type()` of a Table or Global (which belongs to no one module).
 * Every call makes fresh objects (changing one changes nothing).
 */
import type { ImportDesc, Module as DecodedModule } from '../decoder/module.js';
import { valueTypeNameOf } from '../interpreter/tags.js';
import { fromAddress } from './descriptors.js';
import {
  EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, EXTERN_TAG, HEAP_CONCRETE, heapTypeOf, isNullable, isRefType,
} from '../types.js';
import type {
  FuncType as EngineFuncType, MemoryType as EngineMemoryType, TableType as EngineTableType, ValType,
} from '../types.js';

/** A function type (`WebAssembly.Module.exports(m)[i].type` of a function). */
export interface FunctionType {
  parameters: string[];
  results: string[];
}

/** The address type of a memory or table (memory64 / table64: 'i64'). */
export type AddressType = 'i32' | 'i64';

/** A memory type: sizes in 64 KiB pages (BigInts when `address` is 'i64'). */
export interface MemoryType {
  minimum: number | bigint;
  maximum?: number | bigint;
  shared: boolean;
  address: AddressType;
}

/** A table type: sizes in elements (BigInts when `address` is 'i64'). */
export interface TableType {
  element: string;
  minimum: number | bigint;
  maximum?: number | bigint;
  address: AddressType;
}

/** A global type (what `new WebAssembly.Global(type, value)` takes). */
export interface GlobalType {
  mutable: boolean;
  value: string;
}

/** A tag type (what `new WebAssembly.Tag(type)` takes). */
export interface TagType {
  parameters: string[];
}

/** The type of an import or export. */
export type ExternType = FunctionType | MemoryType | TableType | GlobalType | TagType;

/** FromValueType: the JS API name of a value type (the text format's words where it has none). */
export const valueTypeName: (t: ValType) => string = valueTypeNameOf;

type Namer = (t: ValType) => string;

/** valueTypeName, a concrete type written with its type index in `decoded` (its first equivalent one). */
function moduleNamer(decoded: DecodedModule): Namer {
  return (t) => {
    if (!isRefType(t)) return valueTypeName(t);
    const h = heapTypeOf(t);
    if (h < HEAP_CONCRETE) return valueTypeName(t);
    const idx = decoded.typeIds.indexOf(h - HEAP_CONCRETE);
    return isNullable(t) ? `(ref null ${idx})` : `(ref ${idx})`;
  };
}

/** `{ parameters, results }` of a function (or, with no results, a tag) type. */
export function functionType(t: EngineFuncType, name: Namer = valueTypeName): FunctionType {
  return { parameters: t.params.map(name), results: t.results.map(name) };
}

/** A memory type of `minimum` pages, `maximum` (-1 or null: none); keys in V8's order. */
export function memoryType(minimum: number, maximum: number | null, is64: boolean): MemoryType {
  const address = is64 ? 'i64' : 'i32';
  return maximum !== null && maximum >= 0
    ? { minimum: fromAddress(minimum, is64), maximum: fromAddress(maximum, is64), shared: false, address }
    : { minimum: fromAddress(minimum, is64), shared: false, address };
}

/** A table type of element type `element`, `minimum` elements, `maximum` (-1 or null: none). */
export function tableType(element: ValType, minimum: number, maximum: number | null, is64: boolean, name: Namer = valueTypeName): TableType {
  const address = is64 ? 'i64' : 'i32';
  return maximum !== null && maximum >= 0
    ? { element: name(element), minimum: fromAddress(minimum, is64), maximum: fromAddress(maximum, is64), address }
    : { element: name(element), minimum: fromAddress(minimum, is64), address };
}

/** A global type. */
export function globalType(value: ValType, mutable: boolean, name: Namer = valueTypeName): GlobalType {
  return { mutable, value: name(value) };
}

/** A tag type (a tag's function type has no results). */
export function tagType(t: EngineFuncType, name: Namer = valueTypeName): TagType {
  return { parameters: t.params.map(name) };
}

function tableTypeOf(t: EngineTableType, name: Namer): TableType {
  return tableType(t.elemType, t.limits.min, t.limits.max, t.limits.is64 === true, name);
}

function memoryTypeOf(t: EngineMemoryType): MemoryType {
  return memoryType(t.limits.min, t.limits.max, t.limits.is64 === true);
}

/** The type of an import. */
export function importTypeOf(decoded: DecodedModule, d: ImportDesc): ExternType {
  const name = moduleNamer(decoded);
  switch (d.kind) {
    case EXTERN_FUNC: return functionType(decoded.types[d.typeIdx]!, name);
    case EXTERN_TABLE: return tableTypeOf(d.type, name);
    case EXTERN_MEMORY: return memoryTypeOf(d.type);
    case EXTERN_GLOBAL: return globalType(d.type.valType, d.type.isMutable, name);
    default: return tagType(decoded.types[d.typeIdx]!, name);
  }
}

/** The type of an export of `kind` and `index` (in the module's index space, imports first). */
export function exportTypeOf(decoded: DecodedModule, kind: number, index: number): ExternType {
  const name = moduleNamer(decoded);
  switch (kind) {
    case EXTERN_FUNC: return functionType(decoded.types[decoded.funcTypeIdxs[index]!]!, name);
    case EXTERN_TABLE: return tableTypeOf(decoded.tables[index]!, name);
    case EXTERN_MEMORY: return memoryTypeOf(decoded.memories[index]!);
    case EXTERN_GLOBAL: {
      const g = decoded.globals[index]!;
      return globalType(g.valType, g.isMutable, name);
    }
    case EXTERN_TAG: return tagType(decoded.types[decoded.tags[index]!]!, name);
    default: throw new TypeError(`unknown extern kind ${kind}`);
  }
}
