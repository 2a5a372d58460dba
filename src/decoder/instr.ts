/**
 * Instruction reader (spec §5.4 "Instructions"): decodes one instruction at a time from a body or
 * constant expression into reusable fields, so that the decoder's syntax scan, the validator and
 * the translator walk bodies without allocating per instruction.
 *
 * It enforces everything the binary grammar says (known opcodes, immediates' LEB128 widths,
 * reserved zero bytes, value-type bytes) and throws {@link MalformedError}; typing is the
 * validator's job.
 */
import { MalformedError } from '../errors.js';
import {
  HEAP_CONCRETE, HEAP_EXN, HEAP_EXTERN, HEAP_FUNC, isAbstractHeapType, isGcHeapType, isValType, REC_BASE, refType,
  UNKNOWN_TYPE_REF,
} from '../types.js';
import { Imm, IMM_KINDS, IS_DEFINED, MAX_FB_SUBOP, MAX_FD_SUBOP, PREFIX_FB, PREFIX_FC, PREFIX_FD } from './opcodes.js';
import { Reader } from './reader.js';

/** Block type: no results (`a` of block/loop/if is `-BLOCK_EMPTY`). */
export const BLOCK_EMPTY = 0x40;

/** Value-type prefixes of typed references: `(ref null ht)` and `(ref ht)`. */
const REF_NULL_PREFIX = 0x63;
const REF_PREFIX = 0x64;

/** try_table catch clause kinds (their binary encoding). */
export const CATCH_TAG = 0;
export const CATCH_TAG_REF = 1;
export const CATCH_ALL = 2;
export const CATCH_ALL_REF = 3;

export class InstrReader extends Reader {
  /** Dense opcode (see opcodes.ts) of the last instruction read. */
  op = 0;
  /** Offset of the last instruction's first byte. */
  offset = 0;
  /**
   * First immediate. Meaning by kind: block type (>= 0 a type index, < 0 the negated type byte, so
   * `-BLOCK_EMPTY` = no result and `-0x7f` = i32); label / function / local / global / table / data /
   * element index; memarg alignment exponent; i32 value; low half of i64 / f64 bits; f32 bits;
   * ref.null type byte; br_table target count; select_t type count; v128 / shuffle byte offset;
   * lane index (lane ops).
   */
  a = 0;
  /**
   * Second immediate: memarg offset; high half of i64 / f64 bits; call_indirect / table.init
   * table index; table.copy source table; br_table default label; select_t first type.
   */
  b = 0;
  /** Third immediate: lane index of load_lane / store_lane; br_on_cast's target type. */
  c = 0;
  /**
   * Memory index of a memory instruction (memarg, memory.size / grow / fill / init; the
   * destination of memory.copy); 0 without multi-memory.
   */
  mem = 0;
  /** Source memory of memory.copy. */
  mem2 = 0;
  /** Multi-memory encodings are read (memarg flag 0x40, u32 memory indices); else 2.0's. */
  multiMemory = true;
  /** Memarg offsets are u64 (memory64); else u32. */
  memory64 = true;
  /** Typed references (`0x63` / `0x64` value types, heap types in ref.null) are read; else 2.0's. */
  functionReferences = true;
  /** GC encodings (the any-hierarchy heap types and shorthands, recursion groups, 0xFB ops) are read. */
  gc = true;
  /** Canonical id of each type index (types.ts internRecGroup), for concrete reference types. */
  typeIds: readonly number[] = [];
  /**
   * While a recursion group is read (type section): its first type index and the index past its
   * last (its types may refer to each other, as REC_BASE + position); else -1.
   */
  recGroupStart = -1;
  recGroupEnd = -1;
  /** The first reference to a type index that does not exist, and where (-1: none yet). */
  unknownTypeIdx = -1;
  unknownTypeAt = -1;
  /** br_table targets (first `a` entries valid). Reused; never shrinks. */
  targets: Int32Array = new Int32Array(16);
  /**
   * try_table catch clauses (first `b` entries valid), three words each: the kind
   * (CATCH_TAG / CATCH_TAG_REF / CATCH_ALL / CATCH_ALL_REF), the tag index (-1 for catch_all)
   * and the label index. Reused; never shrinks.
   */
  catches: Int32Array = new Int32Array(12);

  /** Reads one instruction. Throws MalformedError on bad encoding or end of input. */
  next(): void {
    const start = this.pos;
    this.offset = start;
    let op = this.readU8();
    if (op === 0xfc) {
      const sub = this.readU32();
      if (sub > 0xff || !IS_DEFINED[PREFIX_FC + sub]) this.fail('illegal opcode', start);
      op = PREFIX_FC + sub;
    } else if (op === 0xfd) {
      const sub = this.readU32();
      if (sub > MAX_FD_SUBOP || !IS_DEFINED[PREFIX_FD + sub]) this.fail('illegal opcode', start);
      op = PREFIX_FD + sub;
    } else if (op === 0xfb) {
      const sub = this.readU32();
      if (sub > MAX_FB_SUBOP || !IS_DEFINED[PREFIX_FB + sub]) this.fail('illegal opcode', start);
      op = PREFIX_FB + sub;
    } else if (!IS_DEFINED[op]) {
      this.fail('illegal opcode', start);
    }
    this.op = op;
    switch (IMM_KINDS[op]) {
      case Imm.NONE:
        return;
      case Imm.BLOCK:
        this.a = this.readBlockType();
        return;
      case Imm.LABEL:
      case Imm.FUNC:
      case Imm.LOCAL:
      case Imm.GLOBAL:
      case Imm.TABLE:
      case Imm.DATA:
      case Imm.ELEM:
        this.a = this.readU32();
        return;
      case Imm.BR_TABLE: {
        const count = this.readU32();
        // Each target takes at least one byte: reject impossible counts before allocating.
        if (count > this.end - this.pos) this.fail(this.endMessage());
        if (count >= this.targets.length) this.targets = new Int32Array(Math.max(count + 1, this.targets.length * 2));
        const t = this.targets;
        for (let i = 0; i < count; i++) t[i] = this.readU32();
        this.a = count;
        this.b = this.readU32();
        return;
      }
      case Imm.CALL_INDIRECT:
        this.a = this.readU32();
        this.b = this.readU32();
        return;
      case Imm.SELECT_T: {
        const count = this.readU32();
        if (count > this.end - this.pos) this.fail(this.endMessage());
        this.a = count;
        this.b = 0;
        for (let i = 0; i < count; i++) {
          const t = this.readValType();
          if (i === 0) this.b = t;
        }
        return;
      }
      case Imm.MEMARG:
        this.readMemarg();
        return;
      case Imm.MEMARG_LANE:
        this.readMemarg();
        this.c = this.readU8();
        return;
      case Imm.MEM:
      case Imm.MEMORY_FILL:
        this.mem = this.readMemIdx();
        return;
      case Imm.MEMORY_COPY:
        this.mem = this.readMemIdx();
        this.mem2 = this.readMemIdx();
        return;
      case Imm.MEMORY_INIT:
        this.a = this.readU32();
        this.mem = this.readMemIdx();
        return;
      case Imm.TABLE_INIT:
        this.a = this.readU32();
        this.b = this.readU32();
        return;
      case Imm.TABLE_COPY:
        this.a = this.readU32();
        this.b = this.readU32();
        return;
      case Imm.I32:
        this.a = this.readS32();
        return;
      case Imm.I64:
        this.readS64();
        this.a = this.lo;
        this.b = this.hi;
        return;
      case Imm.F32:
        this.a = this.readF32Bits();
        return;
      case Imm.F64:
        this.readF64Bits();
        this.a = this.lo;
        this.b = this.hi;
        return;
      case Imm.REFTYPE: {
        // ref.null: a heap type (3.0; in 2.0 the byte of funcref or externref). `a` is the nullable type.
        const at = this.pos;
        const t = this.readU8();
        if (this.functionReferences) {
          this.pos = at;
          const heap = this.readHeapType();
          this.a = heap < 0 ? UNKNOWN_TYPE_REF : refType(heap, true);
        } else {
          if (t !== HEAP_FUNC && t !== HEAP_EXTERN && t !== HEAP_EXN) this.fail('malformed reference type', at);
          this.a = t;
        }
        return;
      }
      case Imm.V128:
      case Imm.SHUFFLE:
        this.a = this.skip(16);
        return;
      case Imm.LANE:
        this.a = this.readU8();
        return;
      case Imm.TAG:
      case Imm.TYPE:
        this.a = this.readU32();
        return;
      case Imm.TRY_TABLE:
        this.a = this.readBlockType();
        this.readCatches();
        return;
      case Imm.TYPE_FIELD:
      case Imm.TYPE_COUNT:
      case Imm.TYPE_DATA:
      case Imm.TYPE_ELEM:
      case Imm.TYPE_TYPE:
        this.a = this.readU32();
        this.b = this.readU32();
        return;
      case Imm.HEAP:
        // ref.test / ref.cast: the target heap type (-1: an unknown type index).
        this.a = this.readHeapType();
        return;
      case Imm.BR_ON_CAST: {
        // br_on_cast(_fail) flags label ht1 ht2: `mem` = flags (bit 0 / 1: ht1 / ht2 nullable),
        // `a` = label, `b` / `c` = the source and target reference types.
        const at = this.pos;
        const flags = this.readU8();
        if (flags > 3) this.fail('malformed br_on_cast flags', at);
        this.mem = flags;
        this.a = this.readU32();
        const h1 = this.readHeapType();
        const h2 = this.readHeapType();
        this.b = h1 < 0 ? UNKNOWN_TYPE_REF : refType(h1, (flags & 1) !== 0);
        this.c = h2 < 0 ? UNKNOWN_TYPE_REF : refType(h2, (flags & 2) !== 0);
        return;
      }
      default:
        throw new MalformedError('illegal opcode', start);
    }
  }

  /** try_table's vector of catch clauses (3.0 §5.4.1) into {@link catches}; `b` = count. */
  private readCatches(): void {
    const count = this.readU32();
    // Each clause takes at least two bytes: reject impossible counts before allocating.
    if (count > this.end - this.pos) this.fail(this.endMessage());
    if (count * 3 > this.catches.length) this.catches = new Int32Array(Math.max(count * 3, this.catches.length * 2));
    const c = this.catches;
    for (let i = 0; i < count; i++) {
      const at = this.pos;
      const kind = this.readU8();
      if (kind > CATCH_ALL_REF) this.fail('malformed catch clause', at);
      c[i * 3] = kind;
      c[i * 3 + 1] = kind === CATCH_TAG || kind === CATCH_TAG_REF ? this.readU32() : -1;
      c[i * 3 + 2] = this.readU32();
    }
    this.b = count;
  }

  /** Block type (spec §5.4.1): 0x40, a value type, or an s33 type index. */
  readBlockType(): number {
    const at = this.pos;
    const b = this.readU8();
    if (b === BLOCK_EMPTY || isValType(b)) return -b;
    if (isAbstractHeapType(b) && this.gc) return -b; // GC's reference shorthands (anyref, ...)
    if ((b === REF_NULL_PREFIX || b === REF_PREFIX) && this.functionReferences) {
      this.pos = at;
      return -this.readValType();
    }
    this.pos = at;
    const idx = this.readS33();
    if (idx < 0) this.fail('malformed block type', at);
    return idx;
  }

  /**
   * A value type: a one-byte type, or (function references) `0x63 ht` / `0x64 ht`, a nullable /
   * non-nullable reference to heap type `ht`; anything else is malformed. A reference to a type
   * index that does not exist reads as UNKNOWN_TYPE_REF (and is recorded for the validator).
   */
  readValType(): number {
    const at = this.pos;
    const t = this.readU8();
    if (isValType(t)) return t;
    if (isAbstractHeapType(t)) {
      // The shorthands of the other abstract heap types (anyref, nullfuncref, ...) came with GC.
      if (!this.gc) this.fail(`malformed value type: ${isGcHeapType(t) ? 'a GC reference type' : 'a bottom reference type'} requires feature 'gc'`, at);
      return t;
    }
    if (t === REF_NULL_PREFIX || t === REF_PREFIX) {
      if (!this.functionReferences) this.fail("malformed value type: a typed reference requires feature 'function-references'", at);
      const heap = this.readHeapType();
      return heap < 0 ? UNKNOWN_TYPE_REF : refType(heap, t === REF_NULL_PREFIX);
    }
    return this.fail('malformed value type', at);
  }

  /**
   * A heap type (3.0 §5.3.x): an abstract heap type's byte, or an s33 type index (a concrete
   * function type, as HEAP_CONCRETE + its canonical id). -1 for an index with no type.
   */
  readHeapType(): number {
    const at = this.pos;
    const b = this.readU8();
    if (isAbstractHeapType(b)) {
      if (isGcHeapType(b) && !this.gc) this.fail("malformed heap type: a GC heap type requires feature 'gc'", at);
      return b;
    }
    this.pos = at;
    const idx = this.readS33();
    if (idx < 0) this.fail('malformed heap type', at);
    if (idx < this.typeIds.length) return HEAP_CONCRETE + this.typeIds[idx]!;
    if (idx >= this.recGroupStart && idx < this.recGroupEnd) return HEAP_CONCRETE + REC_BASE + (idx - this.recGroupStart);
    if (this.unknownTypeIdx < 0) {
      this.unknownTypeIdx = idx;
      this.unknownTypeAt = at;
    }
    return -1;
  }

  /** Sets which 3.0 binary encodings are read (decoder/decode.ts BinaryFeatures). */
  setFeatures(f: { readonly 'multi-memory': boolean; readonly memory64: boolean; readonly 'function-references': boolean; readonly gc: boolean }): void {
    this.multiMemory = f['multi-memory'];
    this.memory64 = f.memory64;
    this.functionReferences = f['function-references'];
    this.gc = f.gc;
  }

  /** A reader of a body of `module` (its type ids set; every 3.0 encoding on: it was decoded already). */
  static forBody(module: { readonly bytes: Uint8Array; readonly typeIds: readonly number[] }, start: number, end: number): InstrReader {
    const r = new InstrReader(module.bytes, start, end);
    r.typeIds = module.typeIds;
    return r;
  }

  /**
   * memarg (spec §5.4.6): flags then offset. In 2.0 the flags are the alignment exponent, and 32
   * and above are "malformed memop flags"; with multi-memory, flags 64-127 are an exponent
   * (flags - 64) followed by a memory index, and exponents 32-63 are left to the validator
   * ("alignment must not be larger than natural"). The offset is u32, or u64 with memory64 (a
   * number, see Reader.readU64).
   */
  private readMemarg(): void {
    const at = this.pos;
    const flags = this.readU32();
    if (this.multiMemory) {
      if (flags >= 128) this.fail('malformed memop flags', at);
      this.a = flags & 63;
      this.mem = flags & 64 ? this.readU32() : 0;
    } else {
      if (flags >= 64 && flags < 128) this.fail("malformed memop flags: a memory index requires feature 'multi-memory'", at);
      if (flags >= 32) this.fail('malformed memop flags', at);
      this.a = flags;
      this.mem = 0;
    }
    this.b = this.memory64 ? this.readU64() : this.readU32();
  }

  /**
   * A memory index: u32 with multi-memory; in 2.0 a single zero byte (else "zero byte expected",
   * naming the feature that would read it).
   */
  private readMemIdx(): number {
    if (this.multiMemory) return this.readU32();
    const at = this.pos;
    const b = this.readU8();
    if (b === 0) return 0;
    this.pos = at;
    const x = this.readU32();
    this.fail(`zero byte expected: ${x === 0 ? 'a multi-byte memory index' : `memory index ${x}`} requires feature 'multi-memory'`, at);
  }
}
