/**
 * The public Memory, Table and Global classes (shaped like the WebAssembly JS API's, spec "JS API"
 * §4): created from TypeScript with the JS API's descriptors and passed as imports, or obtained
 * from an instance's exports. Each wraps one runtime instance object; the same runtime object
 * always yields the same wrapper (identity is kept across exports and imports).
 */
import { EXTERNREF, F32, F64, I32, I64, isRefType, V128 } from '../types.js';
import type { ValType } from '../types.js';
import {
  DEFAULT_MAX_MEMORY_PAGES, DEFAULT_MAX_TABLE_ELEMENTS, GlobalInst, MemoryInst, SPEC_MAX_PAGES, TableInst,
} from './runtime.js';
import { f32Bits, f64BitsHi, f64BitsLo, readValue, toV128, v128Bytes, v128Word, writeValue } from './values.js';
import type { ValueSlots } from './values.js';
import { typeByName } from './tags.js';

import type { ValueTypeName } from './tags.js';
export type { ValueTypeName };

function checkU32(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new TypeError(`${what} must be an integer in [0, 2^32)`);
  }
  return v;
}

const memories = new WeakMap<MemoryInst, Memory>();
const tables = new WeakMap<TableInst, Table>();
const globals = new WeakMap<GlobalInst, Global>();
const memoryInsts = new WeakMap<Memory, MemoryInst>();
const tableInsts = new WeakMap<Table, TableInst>();
const globalInsts = new WeakMap<Global, GlobalInst>();

/** Descriptor of `new Memory(...)`: sizes in 64 KiB pages. */
export interface MemoryDescriptor {
  readonly initial: number;
  readonly maximum?: number;
  /** The address type (memory64): 'i64' for a memory that modules import as `(memory i64 ...)`. Default 'i32'. */
  readonly address?: 'i32' | 'i64';
}

/** The `address` of a descriptor: true for 'i64'; TypeError for anything else but 'i32' / undefined. */
function isAddress64(address: unknown): boolean {
  if (address === undefined || address === 'i32') return false;
  if (address === 'i64') return true;
  throw new TypeError("address must be 'i32' or 'i64'");
}

/** A linear memory. */
export class Memory {
  /**
   * @param descriptor initial and optional maximum size in pages (at most 65536).
   * @param options.maxPages cap on growth (default DEFAULT_MAX_MEMORY_PAGES = 16384 pages, 1 GiB).
   */
  constructor(descriptor: MemoryDescriptor, options?: { maxPages?: number }, inst?: MemoryInst) {
    if (inst === undefined) {
      const initial = checkU32(descriptor?.initial, 'initial');
      const maximum = descriptor.maximum === undefined ? -1 : checkU32(descriptor.maximum, 'maximum');
      if (initial > SPEC_MAX_PAGES || maximum > SPEC_MAX_PAGES) throw new RangeError('memory size must be at most 65536 pages');
      if (maximum >= 0 && maximum < initial) throw new RangeError('maximum must not be less than initial');
      const cap = options?.maxPages ?? DEFAULT_MAX_MEMORY_PAGES;
      if (initial > cap) throw new RangeError(`initial size exceeds the memory cap (${cap} pages)`);
      inst = new MemoryInst(initial, maximum, cap, null, isAddress64(descriptor.address));
    }
    memoryInsts.set(this, inst);
    memories.set(inst, this);
  }

  /**
   * The memory's bytes: an ArrayBuffer of exactly its size, shared with the module (writes show on
   * both sides). Replaced (not detached) when the memory grows: re-read after growth; the old one
   * keeps the old size and contents but no longer tracks the memory.
   */
  get buffer(): ArrayBuffer {
    return memoryInsts.get(this)!.exactBuffer();
  }

  /** Current size in pages. */
  get pages(): number {
    return memoryInsts.get(this)!.pages;
  }

  /** Grows by `delta` pages; returns the old size. Throws RangeError when it cannot grow. */
  grow(delta: number): number {
    const old = memoryInsts.get(this)!.grow(checkU32(delta, 'delta'));
    if (old < 0) throw new RangeError('memory cannot grow that much');
    return old;
  }
}

/** Descriptor of `new Table(...)`. */
export interface TableDescriptor {
  readonly element: ValueTypeName;
  readonly initial: number;
  readonly maximum?: number;
  /** The address type (table64): 'i64' for a table that modules import as `(table i64 ...)`. Default 'i32'. */
  readonly address?: 'i32' | 'i64';
}

/** A table of references. */
export class Table {
  constructor(descriptor: TableDescriptor, value?: unknown, inst?: TableInst) {
    if (inst === undefined) {
      const elemType = typeByName(descriptor?.element);
      if (!isRefType(elemType)) throw new TypeError('table element must be a reference type (funcref, externref, anyref, ...)');
      const initial = checkU32(descriptor.initial, 'initial');
      const maximum = descriptor.maximum === undefined ? -1 : checkU32(descriptor.maximum, 'maximum');
      if (maximum >= 0 && maximum < initial) throw new RangeError('maximum must not be less than initial');
      if (initial > DEFAULT_MAX_TABLE_ELEMENTS) throw new RangeError('table too large');
      const init = value === undefined && elemType !== EXTERNREF ? null : toRef(elemType, value);
      inst = new TableInst(elemType, initial, maximum, DEFAULT_MAX_TABLE_ELEMENTS, init, isAddress64(descriptor.address));
    }
    tableInsts.set(this, inst);
    tables.set(inst, this);
  }

  get length(): number {
    return tableInsts.get(this)!.elements.length;
  }

  get(index: number): unknown {
    const t = tableInsts.get(this)!;
    const i = checkU32(index, 'index');
    if (i >= t.elements.length) throw new RangeError('table index out of bounds');
    return fromRef(t.elemType, t.elements[i]);
  }

  set(index: number, value?: unknown): void {
    const t = tableInsts.get(this)!;
    const i = checkU32(index, 'index');
    if (i >= t.elements.length) throw new RangeError('table index out of bounds');
    t.elements[i] = toRef(t.elemType, value);
  }

  grow(delta: number, value?: unknown): number {
    const t = tableInsts.get(this)!;
    const old = t.grow(checkU32(delta, 'delta'), toRef(t.elemType, value));
    if (old < 0) throw new RangeError('table cannot grow that much');
    return old;
  }
}

/** Descriptor of `new Global(...)`. */
export interface GlobalDescriptor {
  readonly value: ValueTypeName;
  readonly mutable?: boolean;
}

/** A global variable. */
export class Global {
  constructor(descriptor: GlobalDescriptor, value?: unknown, inst?: GlobalInst) {
    if (inst === undefined) {
      inst = new GlobalInst(typeByName(descriptor?.value), descriptor.mutable === true);
      setGlobalValue(inst, value === undefined ? defaultValue(inst.valType) : value, false);
    }
    globalInsts.set(this, inst);
    globals.set(inst, this);
  }

  /** The value (i64 as bigint, v128 as a 16-byte Uint8Array; f32/f64 as number, NaN payloads not kept: see `bits`). */
  get value(): unknown {
    return getGlobalValue(globalInsts.get(this)!, false);
  }

  set value(v: unknown) {
    const g = globalInsts.get(this)!;
    if (!g.isMutable) throw new TypeError('global is immutable');
    setGlobalValue(g, v, false);
  }

  /** The value with floats as exact bit patterns (f32: number, uint32; f64: bigint, uint64). */
  get bits(): unknown {
    return getGlobalValue(globalInsts.get(this)!, true);
  }

  set bits(v: unknown) {
    const g = globalInsts.get(this)!;
    if (!g.isMutable) throw new TypeError('global is immutable');
    setGlobalValue(g, v, true);
  }

  valueOf(): unknown {
    return this.value;
  }
}

/** JS API DefaultValue: 0 / 0n, undefined (a non-null host value) for externref, null for the other references. */
function defaultValue(t: ValType): unknown {
  if (t === I64) return 0n;
  if (t === V128) return new Uint8Array(16);
  if (t === EXTERNREF) return undefined;
  if (isRefType(t)) return null;
  return 0;
}

/** JS API ToWebAssemblyValue for references: only null is ref.null for externref. */
/** One value slot for the reference conversions of tables and globals (values.ts does the work). */
const refSlot: ValueSlots = (() => {
  const buffer = new ArrayBuffer(16);
  return { i32: new Int32Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer), refs: [null] };
})();

/**
 * A JS value as the internal reference of type `t`: what an invoke argument of type `t` becomes
 * (a function for funcref and typed function references, the any hierarchy's conversion for GC
 * types), TypeError for a value `t` cannot hold.
 */
function toRef(t: ValType, v: unknown): unknown {
  if (t === EXTERNREF) return v;
  writeValue(refSlot, t, 0, v, false);
  const r = refSlot.refs[0];
  refSlot.refs[0] = null;
  return r;
}

/** The JS value of the internal reference `v` of type `t` (what an invoke result of type `t` gives). */
function fromRef(t: ValType, v: unknown): unknown {
  if (t === EXTERNREF) return v;
  refSlot.refs[0] = v;
  const r = readValue(refSlot, t, 0, false);
  refSlot.refs[0] = null;
  return r;
}

/** Reads a global as a JS value. */
export function getGlobalValue(g: GlobalInst, floatBits: boolean): unknown {
  switch (g.valType) {
    case I32: return g.lo;
    case I64: return (BigInt(g.hi) << 32n) | BigInt(g.lo >>> 0);
    case F32: {
      if (floatBits) return g.lo >>> 0;
      const i = new Int32Array(1);
      i[0] = g.lo;
      return new Float32Array(i.buffer)[0]!;
    }
    case F64: {
      if (floatBits) return (BigInt(g.hi >>> 0) << 32n) | BigInt(g.lo >>> 0);
      const i = new Int32Array([g.lo, g.hi]);
      return new Float64Array(i.buffer)[0]!;
    }
    case V128:
      return v128Bytes(g.lo, g.hi, g.w2, g.w3);
    default:
      return fromRef(g.valType, g.ref);
  }
}

/** Writes a JS value into a global (TypeError when the value does not fit the type). */
export function setGlobalValue(g: GlobalInst, v: unknown, floatBits: boolean): void {
  switch (g.valType) {
    case I32:
      g.lo = Number(v) | 0;
      return;
    case I64: {
      if (typeof v !== 'bigint') throw new TypeError('i64 global values must be BigInts');
      const b = BigInt.asIntN(64, v);
      g.lo = Number(BigInt.asIntN(32, b));
      g.hi = Number(BigInt.asIntN(32, b >> 32n));
      return;
    }
    case F32:
      g.lo = floatBits ? Number(v) | 0 : f32Bits(Number(v));
      return;
    case F64:
      if (floatBits) {
        if (typeof v !== 'bigint') throw new TypeError('f64 bit patterns must be BigInts');
        const b = BigInt.asUintN(64, v);
        g.lo = Number(BigInt.asIntN(32, b));
        g.hi = Number(BigInt.asIntN(32, b >> 32n));
      } else {
        g.lo = f64BitsLo(Number(v));
        g.hi = f64BitsHi(Number(v));
      }
      return;
    case V128: {
      const b = toV128(v);
      g.lo = v128Word(b, 0);
      g.hi = v128Word(b, 1);
      g.w2 = v128Word(b, 2);
      g.w3 = v128Word(b, 3);
      return;
    }
    default:
      g.ref = toRef(g.valType, v);
  }
}

/** Internal: the runtime object behind a public wrapper (undefined if `v` is not one). */
export function memoryInstOf(v: unknown): MemoryInst | undefined {
  return v instanceof Memory ? memoryInsts.get(v) : undefined;
}
export function tableInstOf(v: unknown): TableInst | undefined {
  return v instanceof Table ? tableInsts.get(v) : undefined;
}
export function globalInstOf(v: unknown): GlobalInst | undefined {
  return v instanceof Global ? globalInsts.get(v) : undefined;
}

/** Internal: the public wrapper of a runtime object (created once). */
export function memoryOf(m: MemoryInst): Memory {
  return memories.get(m) ?? new Memory({ initial: 0 }, undefined, m);
}
export function tableOf(t: TableInst): Table {
  return tables.get(t) ?? new Table({ element: 'funcref', initial: 0 }, undefined, t);
}
export function globalOf(g: GlobalInst): Global {
  return globals.get(g) ?? new Global({ value: 'i32' }, undefined, g);
}
