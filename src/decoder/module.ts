/**
 * The decoded module (spec §2.5 "Modules"): plain readonly data produced by the decoder and read by
 * the validator, the translator and the instantiator.
 *
 * Index spaces (spec §2.5.1): functions, tables, memories and globals each count imports first,
 * then the module's own definitions, in order. Function bodies are kept as byte ranges of `bytes`
 * (the validator and the translator read them with {@link InstrReader}); constant expressions are
 * kept as decoded instruction lists.
 */
import type { DefType, GlobalType, MemoryType, TableType, ValType } from '../types.js';

/** One instruction of a constant expression; immediates as in InstrReader (`a`, `b`). */
export interface ConstInstr {
  /** Dense opcode (opcodes.ts). */
  readonly op: number;
  readonly a: number;
  readonly b: number;
  /** Byte offset of the instruction. */
  readonly offset: number;
}

/** A constant expression (spec §3.3.10), without its final `end`. */
export interface ConstExpr {
  readonly instrs: readonly ConstInstr[];
  /** Byte offset of the expression's first byte. */
  readonly offset: number;
}

export interface ImportFunc { readonly kind: 0; readonly typeIdx: number }
export interface ImportTable { readonly kind: 1; readonly type: TableType }
export interface ImportMemory { readonly kind: 2; readonly type: MemoryType }
export interface ImportGlobal { readonly kind: 3; readonly type: GlobalType }
/** A tag import (exception handling): the tag's type is a function type with no results. */
export interface ImportTag { readonly kind: 4; readonly typeIdx: number }
export type ImportDesc = ImportFunc | ImportTable | ImportMemory | ImportGlobal | ImportTag;

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
  /** Byte offset of the import entry. */
  readonly offset: number;
}

export interface Export {
  readonly name: string;
  /** EXTERN_FUNC / EXTERN_TABLE / EXTERN_MEMORY / EXTERN_GLOBAL / EXTERN_TAG (types.ts). */
  readonly kind: number;
  /** Index into the kind's index space (imports first). */
  readonly index: number;
  readonly offset: number;
}

/** Segment modes (element and data). */
export const SEGMENT_ACTIVE = 0;
export const SEGMENT_PASSIVE = 1;
export const SEGMENT_DECLARATIVE = 2;

export interface ElementSegment {
  /** SEGMENT_ACTIVE / SEGMENT_PASSIVE / SEGMENT_DECLARATIVE. */
  readonly mode: number;
  /** The segment's binary encoding, 0-7 (spec §5.5.12; 0 is the only one of WebAssembly 1.0). */
  readonly flags: number;
  /** Table index (active only; 0 otherwise). */
  readonly tableIdx: number;
  /** Offset expression (active only). */
  readonly offsetExpr: ConstExpr | null;
  /** FUNCREF or EXTERNREF. */
  readonly elemType: ValType;
  /** Function indices (forms with `vec(funcidx)`), or null when `exprs` is used. */
  readonly funcIdxs: readonly number[] | null;
  /** Element expressions (forms with `vec(expr)`), or null when `funcIdxs` is used. */
  readonly exprs: readonly ConstExpr[] | null;
  /** Number of elements. */
  readonly count: number;
  readonly offset: number;
}

export interface DataSegment {
  /** SEGMENT_ACTIVE / SEGMENT_PASSIVE. */
  readonly mode: number;
  /** The segment's binary encoding, 0-2 (spec §5.5.14; 0 is the only one of WebAssembly 1.0). */
  readonly flags: number;
  /** Memory index (active only; 0 otherwise). */
  readonly memIdx: number;
  readonly offsetExpr: ConstExpr | null;
  /** Byte range of the segment's contents in `Module.bytes`. */
  readonly dataStart: number;
  readonly dataEnd: number;
  readonly offset: number;
}

export interface FunctionBody {
  /** Local declarations as runs: `localCounts[i]` locals of type `localTypes[i]` (params excluded). */
  readonly localCounts: readonly number[];
  readonly localTypes: readonly ValType[];
  /** Total declared locals (params excluded). */
  readonly localCount: number;
  /** Byte range of the instructions, including the final `end`. */
  readonly codeStart: number;
  readonly codeEnd: number;
  /** Byte offset of the body's size field. */
  readonly offset: number;
}

export interface CustomSection {
  readonly name: string;
  /** Byte range of the contents after the name. */
  readonly start: number;
  readonly end: number;
}

/** Names from the `name` custom section (appendix 7.4); never changes behaviour. */
export interface NameSection {
  readonly moduleName: string | null;
  /** Function names by function index (imports first). */
  readonly funcNames: ReadonlyMap<number, string>;
}

export interface Module {
  /** The module bytes (not copied; callers must not mutate them). */
  readonly bytes: Uint8Array;
  /** The defined types by type index (canonical: interned by recursion group, types.ts). */
  readonly types: readonly DefType[];
  /** Byte offset of each type's entry in the type section (for error reports). */
  readonly typeOffsets: readonly number[];
  /**
   * Per type index, the type index of its declared supertype (GC `sub`), -1 for none, or -2 for
   * an index past the types defined so far (the validator reports them).
   */
  readonly typeSupers: readonly number[];
  /** Per type index, the first type index of its recursion group. */
  readonly recGroupStarts: readonly number[];
  readonly imports: readonly Import[];
  /** Type index of every function, imports first. */
  readonly funcTypeIdxs: readonly number[];
  /** Table types, imports first. */
  readonly tables: readonly TableType[];
  /** Memory types, imports first. */
  readonly memories: readonly MemoryType[];
  /** Global types, imports first. */
  readonly globals: readonly GlobalType[];
  /** Canonical id of each type (types.ts internRecGroup), by type index. */
  readonly typeIds: readonly number[];
  /** Initializer expression of each table (function references), imports first; null: the default (null). */
  readonly tableInits: readonly (ConstExpr | null)[];
  /**
   * The first reference (in a value or heap type) to a type index that does not exist, and its
   * byte offset; -1 when none. The validator reports it ("unknown type").
   */
  readonly unknownTypeIdx: number;
  readonly unknownTypeAt: number;
  /** Type index of every tag (exception handling), imports first. */
  readonly tags: readonly number[];
  /** Byte offset of each tag's entry (import or tag section), for error reports. */
  readonly tagOffsets: readonly number[];
  /** Initializers of the defined globals (index = globalIdx - importedGlobalCount). */
  readonly globalInits: readonly ConstExpr[];
  readonly exports: readonly Export[];
  /** Start function index, or -1. */
  readonly start: number;
  readonly elements: readonly ElementSegment[];
  /** Value of the data count section, or -1 when absent. */
  readonly dataCount: number;
  /** Byte offset of the data count section's contents, or -1 when absent. */
  readonly dataCountOffset: number;
  /** Bodies of the defined functions (index = funcIdx - importedFuncCount). */
  readonly codes: readonly FunctionBody[];
  readonly datas: readonly DataSegment[];
  readonly importedFuncCount: number;
  readonly importedTableCount: number;
  readonly importedMemoryCount: number;
  readonly importedGlobalCount: number;
  readonly importedTagCount: number;
  readonly customSections: readonly CustomSection[];
  readonly names: NameSection;
  /** Byte offsets of the sections (for error reports), by section id; -1 when absent. */
  readonly startOffset: number;
}
