/**
 * Helpers of the contract VM tests: contracts written as WAT fields with the `env` imports they
 * use declared up front, text decoding of results, and an async wrapper of a HostEnv.
 */
import { wat } from '../helpers/wat.js';
import type { HostEnv } from '../../src/index.js';

/** Every `env` import of docs/ABI.md, as WAT fields named $<name>. */
export const ENV_IMPORTS = `
  (import "env" "input_length" (func $input_length (result i32)))
  (import "env" "input_read" (func $input_read (param i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (import "env" "state_get" (func $state_get (param i32 i32 i32 i32) (result i32)))
  (import "env" "state_set" (func $state_set (param i32 i32 i32 i32)))
  (import "env" "state_delete" (func $state_delete (param i32 i32)))
  (import "env" "caller" (func $caller (param i32 i32) (result i32)))
  (import "env" "contract_id" (func $contract_id (param i32 i32) (result i32)))
  (import "env" "block_height" (func $block_height (result i64)))
  (import "env" "block_time" (func $block_time (result i64)))
  (import "env" "emit_event" (func $emit_event (param i32 i32 i32 i32)))
  (import "env" "log" (func $log (param i32 i32)))
  (import "env" "abort" (func $abort (param i32 i32 i32 i32)))`;

/** A contract module: all `env` imports, then `fields`. */
export function contract(fields: string): Uint8Array {
  return wat(`(module ${ENV_IMPORTS}\n${fields})`);
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** UTF-8 text of bytes. */
export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** UTF-8 bytes of text. */
export function bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** A HostEnv whose methods answer through Promises that settle on a later macrotask. */
export function asyncEnv(inner: HostEnv): HostEnv & { readonly calls: string[] } {
  const calls: string[] = [];
  const later = <T>(f: () => T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(f()), 0));
  return {
    calls,
    get: (k) => { calls.push(`get ${text(k)}`); return later(() => inner.get(k) as Uint8Array | null); },
    set: (k, v) => { calls.push(`set ${text(k)}`); return later(() => { void inner.set(k, v); }); },
    delete: (k) => { calls.push(`delete ${text(k)}`); return later(() => { void inner.delete(k); }); },
  };
}

/** Entries of a state as text pairs (sorted by key bytes, as MemoryState lists them). */
export function stateText(entries: [Uint8Array, Uint8Array][]): [string, string][] {
  return entries.map(([k, v]) => [text(k), text(v)]);
}
