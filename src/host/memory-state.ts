/**
 * MemoryState: an in-memory {@link HostEnv} (contract state as a byte-key → byte-value map), the
 * default state of a call when the embedder supplies none, and what the CLI's `--state` file is
 * loaded into. Listing is in byte order of the keys, never in Map insertion order.
 */
import type { HostEnv } from './env.js';
import { bytesToHex, compareBytes } from './env.js';

const encoder = new TextEncoder();

function toKeyBytes(v: Uint8Array | string, what: string): Uint8Array {
  if (typeof v === 'string') return encoder.encode(v);
  if (v instanceof Uint8Array) return v.slice();
  throw new TypeError(`state ${what} must be a Uint8Array or a string`);
}

/** A synchronous in-memory contract state. Keys and values are copied in and out. */
export class MemoryState implements HostEnv {
  private readonly entriesByHex: Map<string, { readonly key: Uint8Array; value: Uint8Array }>;

  /** Starts with `entries` (keys and values as bytes or UTF-8 strings). */
  constructor(entries: Iterable<readonly [Uint8Array | string, Uint8Array | string]> = []) {
    this.entriesByHex = new Map();
    for (const [k, v] of entries) this.set(toKeyBytes(k, 'key'), toKeyBytes(v, 'value'));
  }

  /** Number of keys. */
  get size(): number {
    return this.entriesByHex.size;
  }

  get(key: Uint8Array): Uint8Array | null {
    const e = this.entriesByHex.get(bytesToHex(toKeyBytes(key, 'key')));
    return e === undefined ? null : e.value.slice();
  }

  set(key: Uint8Array, value: Uint8Array): void {
    const k = toKeyBytes(key, 'key');
    this.entriesByHex.set(bytesToHex(k), { key: k, value: toKeyBytes(value, 'value') });
  }

  delete(key: Uint8Array): void {
    this.entriesByHex.delete(bytesToHex(toKeyBytes(key, 'key')));
  }

  /** All entries as copies, sorted by key bytes. */
  entries(): [Uint8Array, Uint8Array][] {
    const list: [Uint8Array, Uint8Array][] = [];
    for (const e of this.entriesByHex.values()) list.push([e.key.slice(), e.value.slice()]);
    return list.sort((a, b) => compareBytes(a[0], b[0]));
  }
}
