/**
 * Runtime objects of the store (spec §4.2 "Runtime Structure"): function, table, memory and
 * global instances, and the per-instance state the dispatch loop reads. Each class sets every
 * field in its constructor with its final type, so V8 keeps one hidden class per kind (fields
 * started as `undefined` measured 4x slower, STYLE.md).
 *
 * Memory is little-endian on every host: all multi-byte accesses go through DataView with
 * `littleEndian = true`.
 */
import { funcTypeId, isRefType, PAGE_SIZE } from '../types.js';
import type { FuncType, ValType } from '../types.js';
import type { Module } from '../decoder/module.js';
import { FREE_GAS_SCHEDULE } from '../gas/schedule.js';
import type { GasSchedule } from '../gas/schedule.js';

/** Largest page count the spec allows for a 32-bit memory. */
export const SPEC_MAX_PAGES = 65536;
/** Default cap on memory size (pages) when the embedder sets none: 16384 pages = 1 GiB. */
export const DEFAULT_MAX_MEMORY_PAGES = 16384;
/** Default cap on table size (elements) when the embedder sets none. */
export const DEFAULT_MAX_TABLE_ELEMENTS = 10_000_000;

/**
 * Canonical id of a function type (types.ts funcTypeId): equal ids iff equivalent types, in any
 * module (call_indirect, call_ref and linking compare them).
 */
export function typeIdOf(t: FuncType): number {
  return funcTypeId(t);
}

/** Words (int32) a value of type `t` takes on the value stack: 4 for v128, else 2. */
export function wordsOf(t: ValType): number {
  return t === 0x7b ? 4 : 2;
}

/**
 * Zeroed memory buffers kept for reuse (the contract VM instantiates afresh for every call, and
 * allocating a new ArrayBuffer each time cost more than the call itself: the allocation plus the
 * GC work that external buffers trigger). Only buffers of at most {@link POOLED_MAX_BYTES}, and
 * {@link POOLED_PER_SIZE} of each size. A buffer comes back zeroed, so a reused memory is
 * indistinguishable from a new one.
 */
export class MemoryPool {
  private readonly free = new Map<number, ArrayBuffer[]>();

  /** A zeroed buffer of `byteLength` bytes from the pool, or null. */
  take(byteLength: number): ArrayBuffer | null {
    return this.free.get(byteLength)?.pop() ?? null;
  }

  /** Zeroes `buffer` and keeps it, unless it is too large or that size is full. */
  give(buffer: ArrayBuffer): void {
    const n = buffer.byteLength;
    if (n === 0 || n > POOLED_MAX_BYTES) return;
    let list = this.free.get(n);
    if (list === undefined) {
      list = [];
      this.free.set(n, list);
    }
    if (list.length >= POOLED_PER_SIZE) return;
    new Uint8Array(buffer).fill(0);
    list.push(buffer);
  }
}

/** Storage and views of every released memory (MemoryInst.release): empty. */
const RELEASED_STORAGE = new ArrayBuffer(0);
const RELEASED_BYTES = new Uint8Array(RELEASED_STORAGE);
const RELEASED_VIEW = new DataView(RELEASED_STORAGE);

/** Largest buffer a {@link MemoryPool} keeps (16 pages): zeroing a large one costs more than allocating it. */
const POOLED_MAX_BYTES = 16 * PAGE_SIZE;
/** Buffers a {@link MemoryPool} keeps per size. */
const POOLED_PER_SIZE = 4;

/**
 * A linear memory (spec §4.2.8).
 *
 * Growth is linear in the final size: the bytes live in `storage`, an ArrayBuffer whose length is
 * the capacity, at least the memory's size; `bytes` and `view` cover exactly the memory's size,
 * and `view.byteLength` is that size, the bound every access is checked against. A grow that fits
 * in the capacity only makes new views (the bytes past the size were never written, so the new
 * pages are zero); one that does not allocates a new storage of twice the old size (at most
 * `maxPages`, at least the new size) and copies, so growing one page at a time to N pages copies
 * under 2N pages in all (docs/RATIONALE.md "Memory").
 * Resizable ArrayBuffers were measured and rejected: DataView access over one is 10-40x slower
 * in optimized code on every Node line (V8 11.3 to 14.6), typed arrays 2-4x.
 *
 * The JS API's `buffer` must be exactly the memory's size and share its bytes, so
 * {@link MemoryInst.exactBuffer} first trims the storage to the size when it has spare capacity
 * (one copy; the next grow past it allocates again).
 */
export class MemoryInst {
  /** The backing store; its length is the capacity (at least the size); bytes past the size are zero. */
  storage: ArrayBuffer;
  /** The memory's bytes: the first `pages` x 65536 bytes of `storage`. */
  bytes: Uint8Array;
  /**
   * The same bytes for multi-byte accesses (always little-endian). Its `byteLength` is the
   * memory's size in bytes, which every bounds check reads: on Node 24 the dispatch loop ran sort
   * and matmul 14-21% slower with the size in a number field of this object instead (in-process
   * A/B, docs/RATIONALE.md "Memory").
   */
  view: DataView;
  /** Current size in pages. */
  pages: number;
  /** Largest size `grow` may reach: the declared maximum capped by the embedder's limit. */
  maxPages: number;
  /** Declared maximum (for import matching), or -1. */
  declaredMax: number;
  /**
   * The address type is i64 (memory64). Such a memory is bounded like any other: by its maximum,
   * the embedder's page cap and SPEC_MAX_PAGES (4 GiB), so an address with a non-zero high word
   * is always out of bounds.
   */
  readonly is64: boolean;
  /**
   * Successful memory.grow calls so far, by 0 pages included: the JS API detaches a handed-out
   * buffer after any of them (js-api/memory.ts), also when the storage stayed the same.
   */
  growCount: number;

  constructor(initialPages: number, declaredMax: number, capPages: number, pool: MemoryPool | null = null, is64 = false) {
    const byteLength = initialPages * PAGE_SIZE;
    this.storage = pool?.take(byteLength) ?? new ArrayBuffer(byteLength);
    this.bytes = new Uint8Array(this.storage, 0, byteLength);
    this.view = new DataView(this.storage, 0, byteLength);
    this.pages = initialPages;
    this.declaredMax = declaredMax;
    this.maxPages = Math.min(declaredMax < 0 ? SPEC_MAX_PAGES : declaredMax, capPages, SPEC_MAX_PAGES);
    this.is64 = is64;
    this.growCount = 0;
  }

  /**
   * Gives the storage to `pool` and leaves this memory empty (0 pages, no growth): for an instance
   * nobody will run again. Any stale access is then out of bounds, never another call's data.
   */
  release(pool: MemoryPool): void {
    const storage = this.storage;
    // The shared empty storage and views (a new ArrayBuffer cost ~300 ns on Node 20): a released
    // memory never grows (maxPages 0) and is never exported, so nothing replaces or hands them out.
    this.storage = RELEASED_STORAGE;
    this.bytes = RELEASED_BYTES;
    this.view = RELEASED_VIEW;
    this.pages = 0;
    this.maxPages = 0;
    pool.give(storage);
  }

  /** memory.grow: returns the old size in pages, or -1 (spec §4.4.7). Never throws. */
  grow(deltaPages: number): number {
    const old = this.pages;
    if (deltaPages === 0) {
      this.growCount++;
      return old;
    }
    const next = old + deltaPages;
    if (next > this.maxPages) return -1;
    const nextBytes = next * PAGE_SIZE;
    let storage = this.storage;
    if (nextBytes > storage.byteLength) {
      const wanted = Math.max(next, Math.min(2 * old, this.maxPages)) * PAGE_SIZE;
      const grown = allocate(wanted) ?? (wanted > nextBytes ? allocate(nextBytes) : null);
      // The host could not allocate the new size within the configured cap. Reported as failure
      // (-1); the cap must be chosen so this cannot happen on a consensus node
      // (docs/RATIONALE.md). A failed allocation of the spare capacity alone changes nothing.
      if (grown === null) return -1;
      new Uint8Array(grown).set(this.bytes);
      storage = grown;
    }
    this.setStorage(storage, next);
    this.growCount++;
    return old;
  }

  /**
   * Moves the memory onto `storage`, which must hold exactly its bytes (the JS API layer passes
   * the ArrayBuffer that a transfer of {@link exactBuffer} returned, so `grow(0)` from JS detaches
   * the old buffer as the JS API says, without a copy). RangeError when the size differs.
   */
  adoptStorage(storage: ArrayBuffer): void {
    if (storage.byteLength !== this.pages * PAGE_SIZE) throw new RangeError('adopted storage must be exactly the memory size');
    this.setStorage(storage, this.pages);
  }

  /**
   * The JS API's `buffer`: an ArrayBuffer of exactly the memory's size that shares its bytes.
   * When the storage has spare capacity it is replaced by a trimmed copy first (views are
   * refreshed; the dispatch loop re-reads them after every host call). Throws RangeError if the
   * host cannot allocate that copy.
   */
  exactBuffer(): ArrayBuffer {
    if (this.storage.byteLength !== this.view.byteLength) {
      const exact = new ArrayBuffer(this.view.byteLength);
      new Uint8Array(exact).set(this.bytes);
      this.setStorage(exact, this.pages);
    }
    return this.storage;
  }

  private setStorage(storage: ArrayBuffer, pages: number): void {
    const byteLength = pages * PAGE_SIZE;
    this.storage = storage;
    this.bytes = new Uint8Array(storage, 0, byteLength);
    this.view = new DataView(storage, 0, byteLength);
    this.pages = pages;
  }
}

/** A new zeroed ArrayBuffer, or null when the host cannot allocate it. */
function allocate(byteLength: number): ArrayBuffer | null {
  try {
    return new ArrayBuffer(byteLength);
  } catch {
    return null;
  }
}

/** A table (spec §4.2.7). Elements are FuncInst (funcref), any host value (externref) or null. */
export class TableInst {
  elements: unknown[];
  readonly elemType: ValType;
  /** Largest size `grow` may reach. */
  maxSize: number;
  /** Declared maximum (for import matching), or -1. */
  declaredMax: number;
  /**
   * The address type is i64 (table64). Every table has fewer than 2^32 elements (maxSize), so an
   * index with a non-zero high word is out of bounds.
   */
  readonly is64: boolean;

  constructor(elemType: ValType, initial: number, declaredMax: number, capElements: number, init: unknown = null, is64 = false) {
    this.elemType = elemType;
    this.elements = new Array<unknown>(initial).fill(init);
    this.declaredMax = declaredMax;
    this.maxSize = Math.min(declaredMax < 0 ? 0xffffffff : declaredMax, capElements, 0xffffffff);
    this.is64 = is64;
  }

  /** table.grow: returns the old size, or -1. */
  grow(delta: number, init: unknown): number {
    const old = this.elements.length;
    if (delta === 0) return old;
    if (old + delta > this.maxSize) return -1;
    for (let i = 0; i < delta; i++) this.elements.push(init);
    return old;
  }
}

/** A global (spec §4.2.9). Numbers are kept as raw words so NaN bits survive; refs in `ref`. */
export class GlobalInst {
  readonly valType: ValType;
  readonly isMutable: boolean;
  /** Low word (i32, f32 bits, low half of i64 / f64 / first word of v128). */
  lo: number;
  /** High word. */
  hi: number;
  /** Words 2 and 3 of a v128. */
  w2: number;
  w3: number;
  /** Reference value (funcref / externref), null otherwise. */
  ref: unknown;

  constructor(valType: ValType, isMutable: boolean) {
    this.valType = valType;
    this.isMutable = isMutable;
    this.lo = 0;
    this.hi = 0;
    this.w2 = 0;
    this.w3 = 0;
    this.ref = null;
  }
}

/**
 * A tag instance (3.0 exception handling): the identity that `catch` clauses match on. A tag
 * imported into several instances is the same object everywhere; every `(tag)` definition of an
 * instance makes a new one.
 */
export class TagInst {
  /** The tag's type: its params are the payload, it has no results. */
  readonly type: FuncType;
  /** Words of the payload on the value stack. */
  readonly paramWords: number;
  /** True when a payload value is a reference (so the payload keeps a refs array). */
  readonly hasRefs: boolean;
  /** Name for messages (`module.name` of an export or import, else `tag N`). */
  name: string;

  constructor(type: FuncType, name: string) {
    this.type = type;
    let pw = 0;
    let hasRefs = false;
    for (const t of type.params) {
      pw += wordsOf(t);
      if (isRefType(t)) hasRefs = true;
    }
    this.paramWords = pw;
    this.hasRefs = hasRefs;
    this.name = name;
  }
}

/**
 * An exception (3.0 §4.2: an exception instance): the tag it was thrown with and a copy of its
 * payload's value-stack words (references by word offset / 2 in `refs`). An `exnref` holds one.
 */
export class ExnInst {
  readonly tag: TagInst;
  readonly words: Int32Array;
  readonly refs: unknown[] | null;

  constructor(tag: TagInst, words: Int32Array, refs: unknown[] | null) {
    this.tag = tag;
    this.words = words;
    this.refs = refs;
  }
}

/** A host function as the embedder supplies it: JS values in, JS value(s) out. */
export type HostFunc = (...args: unknown[]) => unknown;

/** Host functions that take and return floats as exact bits (see {@link markFloatBitsHost}). */
const floatBitsHosts = new WeakSet<HostFunc>();

/**
 * Marks `fn` as a host function that takes f32 / f64 arguments and returns f32 / f64 results as
 * bit patterns (f32: uint32 number, f64: uint64 bigint), as `invoke` does with `floatBits`: the
 * JS API layer's imports, so a NaN result keeps its bits (JS API ToWebAssemblyValue). Read when
 * a FuncInst is made for `fn`.
 */
export function markFloatBitsHost(fn: HostFunc): void {
  floatBitsHosts.add(fn);
}

/** A function instance (spec §4.2.6): a wasm function of some instance, or a host function. */
export class FuncInst {
  readonly type: FuncType;
  /** Canonical type id ({@link typeIdOf}). */
  readonly typeId: number;
  /** Owning instance (null for host functions). */
  readonly instance: InstanceState | null;
  /** Index in the owning module's function space (imports first), or -1 for host functions. */
  readonly funcIdx: number;
  /** Translated code, created on first call. */
  code: Int32Array | null;
  /** The JS tier's function (js-tier.ts), set with `code` when the instance runs that tier and it takes the body; else null. */
  js: JsFunction | null;
  /** Exception handlers of the translated code (lower.ts, exceptions.ts), or null when it has none. */
  handlers: Int32Array | null;
  /** Words of params, of params + declared locals, and of results. */
  readonly paramWords: number;
  localWords: number;
  readonly resultWords: number;
  /** Largest operand-stack height of the body in words (set by the translator). */
  maxStackWords: number;
  /** Gas charged on every call of this function (its schedule's call cost; set by the translator). */
  entryGas: number;
  /** The host implementation (host functions only). */
  readonly host: HostFunc | null;
  /** True when `host` takes a HostContext first (functions made with defineHostFunction). */
  readonly isContextual: boolean;
  /** True when a parameter or result is a v128 (the JS API refuses to pass those to JS functions). */
  readonly hasV128: boolean;
  /** True when `host` takes and returns floats as bit patterns ({@link markFloatBitsHost}). */
  readonly hostFloatBits: boolean;
  /** Name for stack traces. */
  readonly name: string;
  /** The JS function that represents this function outside (created lazily, kept for identity). */
  jsFunction: ((...args: unknown[]) => unknown) | null;

  constructor(type: FuncType, instance: InstanceState | null, funcIdx: number, host: HostFunc | null, name: string, isContextual = false) {
    this.type = type;
    this.typeId = typeIdOf(type);
    this.instance = instance;
    this.funcIdx = funcIdx;
    this.code = null;
    this.js = null;
    this.handlers = null;
    let pw = 0;
    for (const t of type.params) pw += wordsOf(t);
    let rw = 0;
    for (const t of type.results) rw += wordsOf(t);
    this.paramWords = pw;
    this.localWords = pw;
    this.resultWords = rw;
    this.maxStackWords = 0;
    this.entryGas = 0;
    this.host = host;
    this.isContextual = isContextual;
    this.hasV128 = type.params.includes(0x7b) || type.results.includes(0x7b);
    this.hostFloatBits = host !== null && floatBitsHosts.has(host);
    this.name = name;
    this.jsFunction = null;
  }
}

/** Element segment instance: its references, or null once dropped. */
export type ElemInst = unknown[] | null;

/** The state of one module instance that the dispatch loop and the bulk helpers read. */
export class InstanceState {
  readonly module: Module;
  readonly funcs: FuncInst[];
  readonly tables: TableInst[];
  /** Memory 0, or an empty placeholder memory when the module has none. */
  memory: MemoryInst;
  /** Every memory, imports first (memory 0 is `memory`; multi-memory). */
  readonly memories: MemoryInst[];
  readonly globals: GlobalInst[];
  /** Tags, imports first (exception handling). */
  readonly tags: TagInst[];
  /** Element segments (null entries are dropped). */
  readonly elems: ElemInst[];
  /** Data segments: dropped flags (1 = dropped); contents are ranges of module.bytes. */
  readonly droppedData: Uint8Array;
  /** Call limits and gas schedule of this instance (set by instantiate). */
  runtime: InstanceRuntime;
  /**
   * Translated bodies of the module for this instance's schedule, by defined function index
   * (shared by every instance of the module with the same schedule; filled lazily by lower.ts).
   */
  code: (LoweredFunction | undefined)[];

  constructor(module: Module, memory: MemoryInst) {
    this.module = module;
    this.funcs = [];
    this.tables = [];
    this.memory = memory;
    this.memories = [];
    this.globals = [];
    this.tags = [];
    this.elems = [];
    // (A module without data segments shares one empty array: nothing writes to it.)
    this.droppedData = module.datas.length === 0 ? NO_DATA : new Uint8Array(module.datas.length);
    this.runtime = DEFAULT_RUNTIME;
    this.code = [];
  }
}

/** InstanceState.droppedData of modules without data segments (`new Uint8Array(0)` took ~400 ns on Node 20). */
const NO_DATA = new Uint8Array([]);

/** Per-instance options the machine of a call is configured from. */
export interface InstanceRuntime {
  readonly maxCallDepth: number;
  readonly maxStackWords: number;
  /** Limit on the GC heap bytes one call allocates (gc-exec.ts). */
  readonly maxGcHeapBytes: number;
  readonly schedule: GasSchedule;
  /** Execution tier of the instance's functions (InstantiateOptions `tier`). */
  readonly tier: Tier;
}

/**
 * How an instance's functions run: 'interpreter' (internal code, run.ts), or 'js': the functions
 * the JS tier takes (js-tier.ts) as JavaScript functions, the others interpreted. Results, traps
 * and gas are the same.
 */
export type Tier = 'interpreter' | 'js';

/** Placeholder until instantiate sets the real runtime (never used for a run). */
const DEFAULT_RUNTIME: InstanceRuntime = Object.freeze({ maxCallDepth: 0, maxStackWords: 0, maxGcHeapBytes: 0, schedule: FREE_GAS_SCHEDULE, tier: 'interpreter' });

/**
 * A function of the JS tier (js-tier.ts): runs the body with its arguments at `i32[fp]`,
 * `i32[fp + 2]`, ... (the interpreter's frame layout) and writes its result (if any) at
 * `i32[fp]`. `m.depth` counts its frame; the call cost is paid. Returns 0, or the TrapCode of a
 * trap (then `m.trapFunc` names the callee it was raised in, or is null for this function);
 * `m.gas` is the exact gas left either way. `globals` and `funcs` are its instance's. (`m` is
 * the Machine: typed `unknown` here, as this file does not import machine.ts, which imports it.)
 */
export type JsFunction = (
  m: unknown, i32: Int32Array, fp: number, view: DataView, bytes: Uint8Array, memSize: number,
  globals: readonly GlobalInst[], funcs: readonly FuncInst[],
) => number;

/** Result of translating one body (lower.ts). */
export interface LoweredFunction {
  readonly code: Int32Array;
  /** Words of params + declared locals. */
  readonly localWords: number;
  /** Largest operand-stack height in words. */
  readonly maxStackWords: number;
  /** Gas charged on every entry (the schedule's call cost), by the caller's call path. */
  readonly entryGas: number;
  /** Exception handlers (exceptions.ts has the layout), or null when the body has none. */
  readonly handlers: Int32Array | null;
}
