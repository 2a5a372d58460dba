/**
 * The binary-format decoder (spec §5 "Binary Format", WebAssembly 2.0): bytes -> {@link Module}.
 *
 * Decoding is strict: anything the binary grammar does not derive throws {@link MalformedError}
 * with its byte offset and the reference interpreter's wording where the spec suite checks it.
 * Function bodies are scanned with {@link InstrReader} (every opcode and immediate is checked, and
 * the block structure must close exactly at the body's end), but kept as byte ranges: the validator
 * and the translator read them again. Every count is checked against the remaining bytes and the
 * {@link DecodeLimits} before anything is allocated, and nothing here recurses.
 */
import { MalformedError } from '../errors.js';
import {
  EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, EXTERN_TAG, FUNCREF, HEAP_FUNC, internRecGroup, isRefType, KIND_ARRAY,
  KIND_FUNC, KIND_STRUCT, PACKED_I16, PACKED_I8, REC_BASE, REF_NON_NULL,
} from '../types.js';
import type { DefType, DraftType, FieldType, GlobalType, Limits, MemoryType, TableType, ValType } from '../types.js';
import { InstrReader } from './instr.js';
import { DEFAULT_DECODE_LIMITS } from './limits.js';
import type { DecodeLimits } from './limits.js';
import type {
  ConstExpr, ConstInstr, CustomSection, DataSegment, ElementSegment, Export, FunctionBody, Import,
  Module,
} from './module.js';
import { SEGMENT_ACTIVE, SEGMENT_DECLARATIVE, SEGMENT_PASSIVE } from './module.js';

const MAGIC = 0x6d736100; // "\0asm" little-endian
const VERSION = 1;

/** Section ids (spec §5.5.2). */
const SEC_CUSTOM = 0;
const SEC_TYPE = 1;
const SEC_IMPORT = 2;
const SEC_FUNCTION = 3;
const SEC_TABLE = 4;
const SEC_MEMORY = 5;
const SEC_GLOBAL = 6;
const SEC_EXPORT = 7;
const SEC_START = 8;
const SEC_ELEMENT = 9;
const SEC_CODE = 10;
const SEC_DATA = 11;
const SEC_DATA_COUNT = 12;
const SEC_TAG = 13;

/**
 * Position of each section id in the required order (data count sits between element and code,
 * the tag section between memory and global).
 */
const SECTION_RANK = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];

/** Opcodes the decoder itself must recognise while scanning (dense numbering, opcodes.ts). */
const OP_BLOCK = 0x02;
const OP_LOOP = 0x03;
const OP_IF = 0x04;
const OP_ELSE = 0x05;
const OP_END = 0x0b;
const OP_MEMORY_INIT = 0x108;
const OP_DATA_DROP = 0x109;
const OP_ARRAY_NEW_DATA = 0x409;
const OP_ARRAY_INIT_DATA = 0x412;

/** Frame kinds of the decoder's block-structure scan. */
const SCAN_BLOCK = 0;
const SCAN_IF = 1;
const SCAN_ELSE = 2;
/** A legacy `try` body, and its `catch` / `catch_all` handlers. */
const SCAN_TRY = 3;
const SCAN_CATCH = 4;
const SCAN_CATCH_ALL = 5;

const OP_TRY = 0x06;
const OP_CATCH = 0x07;
const OP_DELEGATE = 0x18;
const OP_CATCH_ALL = 0x19;
const OP_TRY_TABLE = 0x1f;

/** Decodes a binary module. Throws {@link MalformedError} for anything malformed. */
export function decodeModule(bytes: Uint8Array, limits: DecodeLimits = DEFAULT_DECODE_LIMITS, features: BinaryFeatures = ALL_BINARY): Module {
  return new Decoder(bytes, limits, features).decode();
}

/**
 * The features that change the binary format itself (WebAssembly 3.0): with `multi-memory` a
 * memarg may carry a memory index and memory instructions take u32 memory indices; with
 * `memory64`, limits flags 4 / 5 and u64 memarg offsets. Off, those bytes decode as in 2.0
 * (malformed).
 */
export interface BinaryFeatures {
  readonly 'multi-memory': boolean;
  readonly memory64: boolean;
  /** Typed reference value types (`0x63` / `0x64`), heap types in ref.null, table initializers. */
  readonly 'function-references': boolean;
  /** GC's encodings: recursion groups, subtypes, struct / array types, the any-hierarchy types, 0xFB ops. */
  readonly gc: boolean;
}

const ALL_BINARY: BinaryFeatures = { 'multi-memory': true, memory64: true, 'function-references': true, gc: true };

class Decoder {
  private readonly r: InstrReader;
  private readonly limits: DecodeLimits;
  private readonly bytes: Uint8Array;
  private readonly types: DefType[] = [];
  private readonly typeOffsets: number[] = [];
  private readonly typeSupers: number[] = [];
  private readonly recGroupStarts: number[] = [];
  private readonly imports: Import[] = [];
  private readonly funcTypeIdxs: number[] = [];
  private readonly tables: TableType[] = [];
  private readonly memories: MemoryType[] = [];
  private readonly globals: GlobalType[] = [];
  private readonly globalInits: ConstExpr[] = [];
  private readonly tags: number[] = [];
  /** Canonical id of each type index (the InstrReader's `typeIds`). */
  private readonly typeIds: number[] = [];
  /** Initializer expressions of defined tables, by table index (function references). */
  private readonly tableInits: (ConstExpr | null)[] = [];
  private readonly tagOffsets: number[] = [];
  private readonly exports: Export[] = [];
  private start = -1;
  private startOffset = -1;
  private readonly elements: ElementSegment[] = [];
  private dataCount = -1;
  private dataCountOffset = -1;
  /** Offset of the first memory.init / data.drop, or -1 (for "data count section required"). */
  private firstDataUse = -1;
  private readonly codes: FunctionBody[] = [];
  private readonly datas: DataSegment[] = [];
  private readonly customSections: CustomSection[] = [];
  private importedFuncCount = 0;
  private importedTableCount = 0;
  private importedMemoryCount = 0;
  private importedGlobalCount = 0;
  private importedTagCount = 0;
  private definedFuncCount = 0;
  private moduleName: string | null = null;
  private readonly funcNames = new Map<number, string>();
  /** Block-kind stack of the body scan; grows as needed. */
  private scanKinds = new Uint8Array(64);

  constructor(bytes: Uint8Array, limits: DecodeLimits, features: BinaryFeatures) {
    this.bytes = bytes;
    this.limits = limits;
    this.r = new InstrReader(bytes);
    this.r.setFeatures(features);
    this.r.typeIds = this.typeIds;
  }

  decode(): Module {
    const r = this.r;
    if (this.bytes.length > this.limits.maxModuleBytes) {
      r.fail(`module too large (limit ${this.limits.maxModuleBytes} bytes)`, 0);
    }
    // Truncated headers are "unexpected end"; wrong bytes are the header messages (binary.wast).
    if (r.readF32Bits() !== MAGIC) r.fail('magic header not detected', 0);
    if (r.readF32Bits() !== VERSION) r.fail('unknown binary version', 4);
    let lastRank = 0;
    while (!r.isAtEnd) {
      const idOffset = r.pos;
      const id = r.readU8();
      if (id > SEC_TAG) r.fail('malformed section id', idOffset);
      const size = r.readU32();
      const contentStart = r.skipLength(size);
      const contentEnd = contentStart + size;
      if (id !== SEC_CUSTOM) {
        const rank = SECTION_RANK[id]!;
        if (rank <= lastRank) r.fail('unexpected content after last section', idOffset);
        lastRank = rank;
      }
      r.pos = contentStart;
      r.end = contentEnd;
      this.section(id);
      if (r.pos !== contentEnd) r.fail('section size mismatch', r.pos);
      r.end = this.bytes.length;
    }
    if (this.definedFuncCount !== this.codes.length) {
      r.fail('function and code section have inconsistent lengths', r.pos);
    }
    if (this.dataCount >= 0 && this.dataCount !== this.datas.length) {
      r.fail('data count and data section have inconsistent lengths', r.pos);
    }
    // Spec §5.5.16: data indices in code need the data count section. Like the reference
    // interpreter, this is only malformed when there are data segments; with none, the index is
    // simply unknown, which the validator reports ("unknown data segment").
    if (this.firstDataUse >= 0 && this.datas.length > 0) {
      r.fail('data count section required', this.firstDataUse);
    }
    return {
      bytes: this.bytes,
      types: this.types,
      typeOffsets: this.typeOffsets,
      typeSupers: this.typeSupers,
      recGroupStarts: this.recGroupStarts,
      imports: this.imports,
      funcTypeIdxs: this.funcTypeIdxs,
      tables: this.tables,
      memories: this.memories,
      globals: this.globals,
      globalInits: this.globalInits,
      tags: this.tags,
      tagOffsets: this.tagOffsets,
      typeIds: this.typeIds,
      tableInits: this.tables.map((_, i) => this.tableInits[i] ?? null),
      unknownTypeIdx: r.unknownTypeIdx,
      unknownTypeAt: r.unknownTypeAt,
      exports: this.exports,
      start: this.start,
      startOffset: this.startOffset,
      elements: this.elements,
      dataCount: this.dataCount,
      dataCountOffset: this.dataCountOffset,
      codes: this.codes,
      datas: this.datas,
      importedFuncCount: this.importedFuncCount,
      importedTableCount: this.importedTableCount,
      importedMemoryCount: this.importedMemoryCount,
      importedGlobalCount: this.importedGlobalCount,
      importedTagCount: this.importedTagCount,
      customSections: this.customSections,
      names: { moduleName: this.moduleName, funcNames: this.funcNames },
    };
  }

  private section(id: number): void {
    switch (id) {
      case SEC_CUSTOM: return this.customSection();
      case SEC_TYPE: return this.typeSection();
      case SEC_IMPORT: return this.importSection();
      case SEC_FUNCTION: return this.functionSection();
      case SEC_TABLE: return this.tableSection();
      case SEC_MEMORY: return this.memorySection();
      case SEC_GLOBAL: return this.globalSection();
      case SEC_EXPORT: return this.exportSection();
      case SEC_START: return this.startSection();
      case SEC_ELEMENT: return this.elementSection();
      case SEC_CODE: return this.codeSection();
      case SEC_DATA: return this.dataSection();
      case SEC_DATA_COUNT: return this.dataCountSection();
      case SEC_TAG: return this.tagSection();
      default: return this.r.fail('malformed section id');
    }
  }

  /**
   * A vector count (spec §5.1.3), checked against a limit and against the bytes left (every entry
   * takes at least `minEntryBytes`), so no count can make us allocate or loop past the input.
   */
  private count(limit: number, what: string, already = 0): number {
    const r = this.r;
    const at = r.pos;
    const n = r.readU32();
    if (n > limit - already) r.fail(`too many ${what} (limit ${limit})`, at);
    if (n > r.remaining) r.fail(r.endMessage(), at);
    return n;
  }

  private customSection(): void {
    const r = this.r;
    const name = r.readName();
    const start = r.pos;
    const end = r.end;
    this.customSections.push({ name, start, end });
    if (name === 'name') this.nameSection(start, end);
    r.pos = end;
  }

  /**
   * The `name` section (appendix 7.4.1). Only the module and function names are read. A malformed
   * name section is ignored (the appendix: custom sections never make a module malformed).
   */
  private nameSection(start: number, end: number): void {
    const r = new InstrReader(this.bytes, start, end);
    const names = new Map<number, string>();
    let moduleName: string | null = null;
    try {
      while (!r.isAtEnd) {
        const sub = r.readU8();
        const size = r.readU32();
        const subStart = r.skipLength(size);
        const subEnd = subStart + size;
        r.pos = subStart;
        if (sub === 0) {
          moduleName = r.readName();
        } else if (sub === 1) {
          const n = r.readU32();
          if (n > subEnd - r.pos) return;
          for (let i = 0; i < n; i++) {
            const idx = r.readU32();
            names.set(idx, r.readName());
          }
        }
        r.pos = subEnd;
      }
    } catch (e) {
      if (e instanceof MalformedError) return;
      throw e;
    }
    this.moduleName = moduleName;
    for (const [k, v] of names) this.funcNames.set(k, v);
  }

  private valType(): ValType {
    return this.r.readValType();
  }

  private refType(): ValType {
    const r = this.r;
    const at = r.pos;
    const t = r.readU8();
    if (!isRefType(t) && t !== 0x63 && t !== 0x64) r.fail('malformed reference type', at);
    r.pos = at;
    return r.readValType();
  }

  /**
   * The type section (3.0 §5.5.4): recursion groups (`0x4e` vec(subtype), GC), each a subtype
   * (`0x50` / `0x4f` vec(typeidx) comptype: open / final with supertypes, GC) or a bare comptype
   * (final, no supertype): `0x60` func, `0x5f` struct, `0x5e` array (GC). A group's types may
   * refer to each other and to earlier types; the group is interned (types.ts internRecGroup), so
   * equivalent types of any module have one id.
   */
  private typeSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxTypes, 'types');
    for (let i = 0; i < n; i++) {
      const at = r.pos;
      let size = 1;
      if (r.peekU8() === 0x4e) {
        if (!r.gc) r.fail("malformed functype: a recursion group requires feature 'gc'", at);
        r.pos++;
        size = this.count(this.limits.maxTypes, 'types', this.types.length);
      } else if (this.types.length + 1 > this.limits.maxTypes) {
        r.fail(`too many types (limit ${this.limits.maxTypes})`, at);
      }
      const start = this.types.length;
      // Without GC a type cannot refer to itself (nor to later types): no group scope.
      r.recGroupStart = start;
      r.recGroupEnd = r.gc ? start + size : start;
      const drafts: DraftType[] = [];
      for (let j = 0; j < size; j++) {
        this.typeOffsets.push(r.pos);
        this.recGroupStarts.push(start);
        drafts.push(this.subType(start));
      }
      r.recGroupStart = -1;
      r.recGroupEnd = -1;
      for (const t of internRecGroup(drafts)) {
        this.types.push(t);
        this.typeIds.push(t.id);
      }
    }
  }

  /** One subtype of a recursion group starting at type index `start`. */
  private subType(start: number): DraftType {
    const r = this.r;
    const at = r.pos;
    let form = r.readU8();
    let isFinal = true;
    let superId = -1;
    let superIdx = -1;
    if (form === 0x50 || form === 0x4f) {
      if (!r.gc) r.fail("malformed functype: a subtype requires feature 'gc'", at);
      isFinal = form === 0x4f;
      const count = r.readU32();
      for (let k = 0; k < count; k++) {
        const idxAt = r.pos;
        const idx = r.readU32();
        if (k > 0) {
          superIdx = -3; // more than one supertype: the validator reports it
          continue;
        }
        superIdx = idx;
        if (idx < start) superId = this.typeIds[idx]!;
        else if (idx < r.recGroupEnd) superId = REC_BASE + (idx - start);
        else {
          superIdx = -2;
          if (r.unknownTypeIdx < 0) {
            r.unknownTypeIdx = idx;
            r.unknownTypeAt = idxAt;
          }
        }
      }
      if (superIdx === -3) superId = -1;
      form = r.readU8();
    }
    this.typeSupers.push(superIdx);
    // The form byte is read as a one-byte signed LEB128 by the reference interpreter.
    if (form & 0x80) r.fail('integer representation too long', at);
    if (form === 0x60) {
      const params = this.valTypes(this.limits.maxParams, 'params');
      const results = this.valTypes(this.limits.maxResults, 'results');
      return { kind: KIND_FUNC, params, results, fields: [], superId, isFinal };
    }
    if ((form === 0x5f || form === 0x5e) && r.gc) {
      const fields: FieldType[] = [];
      const count = form === 0x5f ? this.count(this.limits.maxParams * 10, 'fields') : 1;
      for (let k = 0; k < count; k++) fields.push(this.fieldType());
      return { kind: form === 0x5f ? KIND_STRUCT : KIND_ARRAY, params: [], results: [], fields, superId, isFinal };
    }
    return r.fail(form === 0x5f || form === 0x5e ? "malformed functype: a struct or array type requires feature 'gc'" : 'malformed functype', at);
  }

  /** A field type (GC): a storage type (a value type, or packed i8 / i16) and a mutability byte. */
  private fieldType(): FieldType {
    const r = this.r;
    const b = r.peekU8();
    let type: number;
    if (b === PACKED_I8 || b === PACKED_I16) {
      r.pos++;
      type = b;
    } else {
      type = this.valType();
    }
    const at = r.pos;
    const m = r.readU8();
    if (m > 1) r.fail('malformed mutability', at);
    return { type, mutable: m === 1 };
  }

  private valTypes(limit: number, what: string): ValType[] {
    const n = this.count(limit, what);
    const out: ValType[] = [];
    for (let i = 0; i < n; i++) out.push(this.valType());
    return out;
  }

  /**
   * Limits (spec §5.3.7): flag 0 (min) or 1 (min, max), and with memory64 also 4 / 5, the same
   * with the i64 address type (u64 values). Shared limits (threads) are not supported.
   */
  private limitsOf(): Limits {
    const r = this.r;
    const at = r.pos;
    const flag = r.readU8();
    // The flag is a one-bit varuint: a continuation bit is "too long", other values "too large".
    if (flag & 0x80) r.fail('integer representation too long', at);
    if (flag === 0) return { min: r.readU32(), max: null };
    if (flag === 1) {
      const min = r.readU32();
      return { min, max: r.readU32() };
    }
    if (flag === 4 || flag === 5) {
      if (!r.memory64) r.fail(`malformed limits flags: limits flag ${flag} requires feature 'memory64'`, at);
      const min = r.readU64();
      return { min, max: flag === 5 ? r.readU64() : null, is64: true };
    }
    return r.fail(r.memory64 ? 'malformed limits flags' : 'integer too large', at);
  }

  private tableType(): TableType {
    const elemType = this.refType();
    return { elemType, limits: this.limitsOf() };
  }

  private globalType(): GlobalType {
    const r = this.r;
    const valType = this.valType();
    const at = r.pos;
    const m = r.readU8();
    if (m > 1) r.fail('malformed mutability', at);
    return { valType, isMutable: m === 1 };
  }

  private importSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxImports, 'imports');
    for (let i = 0; i < n; i++) {
      const offset = r.pos;
      const module = r.readName();
      const name = r.readName();
      const kindAt = r.pos;
      const kind = r.readU8();
      switch (kind) {
        case EXTERN_FUNC: {
          const typeIdx = r.readU32();
          this.imports.push({ module, name, desc: { kind: 0, typeIdx }, offset });
          this.funcTypeIdxs.push(typeIdx);
          this.importedFuncCount++;
          break;
        }
        case EXTERN_TABLE: {
          const type = this.tableType();
          this.imports.push({ module, name, desc: { kind: 1, type }, offset });
          this.tables.push(type);
          this.importedTableCount++;
          break;
        }
        case EXTERN_MEMORY: {
          const type = { limits: this.limitsOf() };
          this.imports.push({ module, name, desc: { kind: 2, type }, offset });
          this.memories.push(type);
          this.importedMemoryCount++;
          break;
        }
        case EXTERN_GLOBAL: {
          const type = this.globalType();
          this.imports.push({ module, name, desc: { kind: 3, type }, offset });
          this.globals.push(type);
          this.importedGlobalCount++;
          break;
        }
        case EXTERN_TAG: {
          const typeIdx = this.tagType();
          this.imports.push({ module, name, desc: { kind: 4, typeIdx }, offset });
          this.tags.push(typeIdx);
          this.tagOffsets.push(offset);
          this.importedTagCount++;
          break;
        }
        default:
          r.fail('malformed import kind', kindAt);
      }
    }
    if (this.tags.length > this.limits.maxTags) r.fail(`too many tags (limit ${this.limits.maxTags})`);
    if (this.funcTypeIdxs.length > this.limits.maxFunctions) r.fail(`too many functions (limit ${this.limits.maxFunctions})`);
    if (this.globals.length > this.limits.maxGlobals) r.fail(`too many globals (limit ${this.limits.maxGlobals})`);
  }

  private functionSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxFunctions, 'functions', this.funcTypeIdxs.length);
    for (let i = 0; i < n; i++) this.funcTypeIdxs.push(r.readU32());
    this.definedFuncCount = n;
  }

  /**
   * The table section: table types, each optionally (function references: `0x40 0x00` first)
   * with an initializer expression for its elements.
   */
  private tableSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxTables, 'tables');
    for (let i = 0; i < n; i++) {
      const at = r.pos;
      if (r.bytes[at] === 0x40 && !r.functionReferences) r.fail("malformed reference type: a table initializer requires feature 'function-references'", at);
      if (r.bytes[at] === 0x40) {
        r.pos = at + 1;
        if (r.readU8() !== 0x00) r.fail('malformed table', at + 1);
        this.tables.push(this.tableType());
        this.tableInits[this.tables.length - 1] = this.constExpr();
      } else {
        this.tables.push(this.tableType());
      }
    }
  }

  private memorySection(): void {
    const n = this.count(this.limits.maxMemories, 'memories');
    for (let i = 0; i < n; i++) this.memories.push({ limits: this.limitsOf() });
  }

  private globalSection(): void {
    const n = this.count(this.limits.maxGlobals, 'globals', this.globals.length);
    for (let i = 0; i < n; i++) {
      this.globals.push(this.globalType());
      this.globalInits.push(this.constExpr());
    }
  }

  /** A tag type (spec §5.5.10 of 3.0): attribute 0 (exception), then a type index. */
  private tagType(): number {
    const r = this.r;
    const at = r.pos;
    if (r.readU8() !== 0) r.fail('malformed tag attribute', at);
    return r.readU32();
  }

  /** The tag section (id 13, exception handling): a vector of tag types. */
  private tagSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxTags, 'tags', this.tags.length);
    for (let i = 0; i < n; i++) {
      this.tagOffsets.push(r.pos);
      this.tags.push(this.tagType());
    }
  }

  private exportSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxExports, 'exports');
    for (let i = 0; i < n; i++) {
      const offset = r.pos;
      const name = r.readName();
      const kindAt = r.pos;
      const kind = r.readU8();
      if (kind > EXTERN_TAG) r.fail('malformed export kind', kindAt);
      const index = r.readU32();
      this.exports.push({ name, kind, index, offset });
    }
  }

  private startSection(): void {
    this.startOffset = this.r.pos;
    this.start = this.r.readU32();
  }

  private elementSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxElementSegments, 'element segments');
    for (let i = 0; i < n; i++) {
      const offset = r.pos;
      const flags = r.readU32();
      if (flags > 7) r.fail('malformed elements segment kind', offset);
      // Bit 0: passive or declarative (else active); bit 1: explicit table index (active) or
      // declarative (non-active); bit 2: element expressions instead of function indices.
      const isNonActive = (flags & 1) !== 0;
      const hasExplicit = (flags & 2) !== 0;
      const usesExprs = (flags & 4) !== 0;
      const mode = !isNonActive ? SEGMENT_ACTIVE : hasExplicit ? SEGMENT_DECLARATIVE : SEGMENT_PASSIVE;
      const tableIdx = !isNonActive && hasExplicit ? r.readU32() : 0;
      const offsetExpr = !isNonActive ? this.constExpr() : null;
      // Function indices are `(ref func)` (3.0); expressions without a type are funcref.
      let elemType: ValType = usesExprs ? FUNCREF : REF_NON_NULL + HEAP_FUNC;
      if (isNonActive || hasExplicit) {
        if (usesExprs) {
          elemType = this.refType();
        } else {
          const at = r.pos;
          if (r.readU8() !== 0x00) r.fail('malformed element kind', at);
        }
      }
      const count = this.count(this.limits.maxSegmentElements, 'segment elements');
      let funcIdxs: number[] | null = null;
      let exprs: ConstExpr[] | null = null;
      if (usesExprs) {
        exprs = [];
        for (let k = 0; k < count; k++) exprs.push(this.constExpr());
      } else {
        funcIdxs = [];
        for (let k = 0; k < count; k++) funcIdxs.push(r.readU32());
      }
      this.elements.push({ mode, flags, tableIdx, offsetExpr, elemType, funcIdxs, exprs, count, offset });
    }
  }

  private dataCountSection(): void {
    this.dataCountOffset = this.r.pos;
    this.dataCount = this.r.readU32();
  }

  private codeSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxFunctions, 'function bodies');
    for (let i = 0; i < n; i++) {
      const offset = r.pos;
      const size = r.readU32();
      if (size > this.limits.maxFunctionBytes) {
        r.fail(`function body too large (limit ${this.limits.maxFunctionBytes} bytes)`, offset);
      }
      const bodyStart = r.skipLength(size);
      const bodyEnd = bodyStart + size;
      const sectionEnd = r.end;
      r.pos = bodyStart;
      r.end = bodyEnd;
      this.codes.push(this.functionBody(offset, bodyEnd, sectionEnd));
      r.end = sectionEnd;
    }
  }

  private functionBody(offset: number, bodyEnd: number, sectionEnd: number): FunctionBody {
    const r = this.r;
    const groups = this.count(this.limits.maxLocals, 'locals');
    const localCounts: number[] = [];
    const localTypes: ValType[] = [];
    let total = 0;
    for (let i = 0; i < groups; i++) {
      const at = r.pos;
      const c = r.readU32();
      total += c;
      // Spec §5.5.13: the total must fit in u32; beyond that it is malformed ("too many locals").
      // Our own limit is checked at the same point, before anything is allocated for the locals.
      if (total > 0xffffffff) r.fail('too many locals', at);
      if (total > this.limits.maxLocals) r.fail(`too many locals (limit ${this.limits.maxLocals})`, at);
      localCounts.push(c);
      localTypes.push(this.valType());
    }
    const codeStart = r.pos;
    this.scanBody(bodyEnd, sectionEnd);
    return { localCounts, localTypes, localCount: total, codeStart, codeEnd: bodyEnd, offset };
  }

  /**
   * Checks the body's instruction syntax: every instruction decodes, `else` only inside `if`, and
   * the `end` closing the function is the body's last byte.
   */
  private scanBody(bodyEnd: number, sectionEnd: number): void {
    const r = this.r;
    let depth = 1;
    let kinds = this.scanKinds;
    kinds[0] = SCAN_BLOCK;
    const maxDepth = this.limits.maxBlockDepth;
    const maxTargets = this.limits.maxBrTableTargets;
    while (true) {
      if (r.pos >= bodyEnd) this.missingEnd(bodyEnd, sectionEnd);
      r.next();
      switch (r.op) {
        case OP_BLOCK:
        case OP_LOOP:
        case OP_IF:
        case OP_TRY_TABLE:
        case OP_TRY:
          if (depth >= maxDepth) r.fail(`blocks nested too deeply (limit ${maxDepth})`, r.offset);
          if (depth >= kinds.length) {
            const grown = new Uint8Array(kinds.length * 2);
            grown.set(kinds);
            kinds = this.scanKinds = grown;
          }
          kinds[depth++] = r.op === OP_IF ? SCAN_IF : r.op === OP_TRY ? SCAN_TRY : SCAN_BLOCK;
          break;
        case OP_CATCH:
        case OP_CATCH_ALL: {
          const k = kinds[depth - 1];
          if ((k !== SCAN_TRY && k !== SCAN_CATCH) || depth === 1) r.fail('END opcode expected', r.offset);
          kinds[depth - 1] = r.op === OP_CATCH ? SCAN_CATCH : SCAN_CATCH_ALL;
          break;
        }
        case OP_DELEGATE:
          // Ends a try that has no handlers, like `end`.
          if (kinds[depth - 1] !== SCAN_TRY || depth === 1) r.fail('END opcode expected', r.offset);
          depth--;
          break;
        case OP_ELSE:
          if (kinds[depth - 1] !== SCAN_IF || depth === 1) r.fail('END opcode expected', r.offset);
          kinds[depth - 1] = SCAN_ELSE;
          break;
        case OP_END:
          depth--;
          if (depth === 0) {
            if (r.pos !== bodyEnd) r.fail('section size mismatch', r.pos);
            return;
          }
          break;
        case 0x0e: // br_table
          if (r.a > maxTargets) r.fail(`too many br_table targets (limit ${maxTargets})`, r.offset);
          break;
        case OP_MEMORY_INIT:
        case OP_DATA_DROP:
        case OP_ARRAY_NEW_DATA:
        case OP_ARRAY_INIT_DATA:
          if (this.dataCount < 0 && this.firstDataUse < 0) this.firstDataUse = r.offset;
          break;
        default:
          break;
      }
    }
  }

  /**
   * A body whose bytes ran out before its final `end`. The reference interpreter reads on past the
   * body, so its message depends on what follows; the suite checks all three (binary.wast).
   */
  private missingEnd(bodyEnd: number, sectionEnd: number): never {
    if (bodyEnd < sectionEnd) return this.r.fail('END opcode expected', bodyEnd);
    if (sectionEnd < this.bytes.length) return this.r.fail('section size mismatch', bodyEnd);
    return this.r.fail('unexpected end of section or function', bodyEnd);
  }

  /**
   * A constant expression up to and including its `end` (spec §5.4.9). Any instruction decodes
   * here; whether it is constant is the validator's question ("constant expression required").
   */
  private constExpr(): ConstExpr {
    const r = this.r;
    const offset = r.pos;
    const instrs: ConstInstr[] = [];
    let depth = 0;
    while (true) {
      r.next();
      const op = r.op;
      if (op === OP_END) {
        if (depth === 0) return { instrs, offset };
        depth--;
      } else if (op === OP_BLOCK || op === OP_LOOP || op === OP_IF) {
        depth++;
      }
      // Each instruction takes at least one byte, so the list is bounded by the input.
      instrs.push({ op, a: r.a, b: r.b, offset: r.offset });
    }
  }

  private dataSection(): void {
    const r = this.r;
    const n = this.count(this.limits.maxDataSegments, 'data segments');
    if (this.dataCount >= 0 && n !== this.dataCount) {
      r.fail('data count and data section have inconsistent lengths', r.pos);
    }
    for (let i = 0; i < n; i++) {
      const offset = r.pos;
      const flags = r.readU32();
      let mode = SEGMENT_ACTIVE;
      let memIdx = 0;
      let offsetExpr: ConstExpr | null = null;
      if (flags === 0) {
        offsetExpr = this.constExpr();
      } else if (flags === 1) {
        mode = SEGMENT_PASSIVE;
      } else if (flags === 2) {
        memIdx = r.readU32();
        offsetExpr = this.constExpr();
      } else {
        r.fail('malformed data segment kind', offset);
      }
      const len = r.readU32();
      const dataStart = r.skipLength(len);
      this.datas.push({ mode, flags, memIdx, offsetExpr, dataStart, dataEnd: dataStart + len, offset });
    }
  }
}
