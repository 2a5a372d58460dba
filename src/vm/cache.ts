/**
 * The compiled-module cache of a VM: least-recently-used, bounded by entry count and by bytes of
 * code. Keyed by contract ID (like the original chain) plus an FNV-1a 64 hash of a fixed-size
 * sample of the code (the whole code up to 256 bytes; else its length, first and last 64 bytes
 * and 128 bytes evenly spaced between: hashing all of a contract's bytes on every call was the
 * largest single cost of a small call), and a hit compares all the bytes, so a module compiled
 * from other bytes (an upgraded contract, a key collision) is never served. The cache only saves
 * work: no result or gas depends on its state.
 */
import { decodedOf } from '../compile.js';
import type { Module } from '../compile.js';
import { fnv1a64Hex } from './hash.js';

/** Bounds of the cache (defaults in {@link DEFAULT_CACHE_OPTIONS}). */
export interface CacheOptions {
  /** Most modules kept (0 disables the cache). */
  readonly maxEntries: number;
  /** Most bytes of code kept (the compiled form is proportional to the code size). */
  readonly maxBytes: number;
}

/** 256 modules, 32 MiB of code. */
export const DEFAULT_CACHE_OPTIONS: CacheOptions = Object.freeze({ maxEntries: 256, maxBytes: 32 * 1024 * 1024 });

/** Counters of a cache (since the VM was created or the cache cleared). */
export interface CacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
}

/** A cached module; its own copy of the code (kept by compile) is what a hit compares against. */
interface Entry {
  readonly key: string;
  readonly code: Uint8Array;
  readonly module: Module;
  /** False once the entry left the cache (evicted, replaced, cleared). */
  isLive: boolean;
}

/** What {@link ModuleCache.find} remembers of a request's code object: its contract and entry. */
interface Sighting {
  readonly contractId: string;
  readonly entry: Entry;
}

/**
 * Bytes below which {@link sameBytes} compares byte by byte: making its two Int32Array views cost
 * more than comparing a small contract's bytes.
 */
const WORD_COMPARE_MIN_BYTES = 512;

/** Whether a and b hold the same bytes (four at a time when both are long and 4-byte aligned). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (n !== b.length) return false;
  let i = 0;
  if (n >= WORD_COMPARE_MIN_BYTES && a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const words = n >>> 2;
    const wa = new Int32Array(a.buffer, a.byteOffset, words);
    const wb = new Int32Array(b.buffer, b.byteOffset, words);
    for (let w = 0; w < words; w++) if (wa[w] !== wb[w]) return false;
    i = words * 4;
  }
  for (; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Bytes of code hashed into a cache key at most (see the file comment). */
const KEY_SAMPLE_BYTES = 256;

/** What of `code` goes into its cache key: all of it up to KEY_SAMPLE_BYTES, else a fixed sample. */
function keySample(code: Uint8Array): Uint8Array {
  const n = code.length;
  if (n <= KEY_SAMPLE_BYTES) return code;
  const s = new Uint8Array(KEY_SAMPLE_BYTES + 4);
  s.set(code.subarray(0, 64), 0);
  s.set(code.subarray(n - 64), 64);
  const span = n - 128;
  for (let k = 0; k < 128; k++) s[128 + k] = code[64 + Math.floor((k * span) / 128)]!;
  s[256] = n & 0xff;
  s[257] = (n >>> 8) & 0xff;
  s[258] = (n >>> 16) & 0xff;
  s[259] = n >>> 24;
  return s;
}

/** An LRU of compiled modules (a Map keeps recency order: re-inserting moves a key to the end). */
export class ModuleCache {
  readonly options: CacheOptions;
  /** What else a compiled module depends on: the feature set it was validated against. */
  private readonly compileKey: string;
  private readonly entries: Map<string, Entry>;
  /** The most recently used entry (the Map's last), or null. */
  private newest: Entry | null;
  /**
   * The entry each code object (a request's Uint8Array or ArrayBuffer) was last found in, with its
   * contract ID: the next call with the same object finds it in one step (see {@link find}).
   */
  private sightings: WeakMap<object, Sighting>;
  private bytes: number;
  private hits: number;
  private misses: number;
  private evictions: number;

  constructor(options: CacheOptions, compileKey = '') {
    this.options = options;
    this.compileKey = compileKey;
    this.entries = new Map();
    this.newest = null;
    this.sightings = new WeakMap();
    this.bytes = 0;
    this.hits = 0;
    this.misses = 0;
    this.evictions = 0;
  }

  /** The cache key of `code` under `contractId` (and the compile options, `compileKey`). */
  keyOf(contractId: string, code: Uint8Array): string {
    return `${contractId}\u0000${this.compileKey}\u0000${fnv1a64Hex(keySample(code))}`;
  }

  /** The module compiled from exactly `code` under `key`, or undefined (counts a hit or miss). */
  get(key: string, code: Uint8Array): Module | undefined {
    const e = this.entries.get(key);
    if (e === undefined || !sameBytes(e.code, code)) {
      this.misses++;
      return undefined;
    }
    this.hit(e);
    return e.module;
  }

  /**
   * `get(keyOf(contractId, code), code)` for the code of a request, whose object `source` (the
   * request's Uint8Array or ArrayBuffer; `code` is its bytes) is remembered with the entry it was
   * found in: a call with the same object and contract ID whose entry is still cached compares
   * the bytes (the caller may have changed them) and is the same hit, without hashing the code,
   * building the key or looking it up (a cached `vm.call` spent ~15% of its time there). Counts
   * and recency are those of {@link get}.
   */
  find(contractId: string, source: object, code: Uint8Array): Module | undefined {
    const seen = this.sightings.get(source);
    if (seen !== undefined && seen.contractId === contractId && seen.entry.isLive && sameBytes(seen.entry.code, code)) {
      this.hit(seen.entry);
      return seen.entry.module;
    }
    const key = this.keyOf(contractId, code);
    const module = this.get(key, code);
    if (module !== undefined) this.sightings.set(source, { contractId, entry: this.entries.get(key)! });
    return module;
  }

  /** Counts a hit of `e` and makes it the most recent entry. */
  private hit(e: Entry): void {
    this.hits++;
    if (this.newest === e) return; // already last in the Map's order
    this.entries.delete(e.key);
    this.entries.set(e.key, e);
    this.newest = e;
  }

  /** Stores `module` (compiled from its code) under `key`, evicting least recently used entries. */
  set(key: string, module: Module): void {
    const code = decodedOf(module).bytes;
    const { maxEntries, maxBytes } = this.options;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.bytes -= old.code.length;
      old.isLive = false;
      if (this.newest === old) this.newest = null;
    }
    if (maxEntries === 0 || code.length > maxBytes) return;
    while (this.entries.size >= maxEntries || this.bytes + code.length > maxBytes) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      const e = this.entries.get(oldest.value)!;
      this.entries.delete(oldest.value);
      this.bytes -= e.code.length;
      e.isLive = false;
      if (this.newest === e) this.newest = null;
      this.evictions++;
    }
    const entry: Entry = { key, code, module, isLive: true };
    this.entries.set(key, entry);
    this.newest = entry;
    this.bytes += code.length;
  }

  /** Whether `key` is cached (no effect on recency or counters). */
  has(key: string): boolean {
    return this.entries.has(key);
  }

  clear(): void {
    for (const e of this.entries.values()) e.isLive = false;
    this.entries.clear();
    this.newest = null;
    this.sightings = new WeakMap();
    this.bytes = 0;
    this.hits = 0;
    this.misses = 0;
    this.evictions = 0;
  }

  stats(): CacheStats {
    return Object.freeze({
      entries: this.entries.size, bytes: this.bytes, hits: this.hits, misses: this.misses, evictions: this.evictions,
    });
  }
}
