/**
 * The state file of `detwasm call --state FILE.json` (docs/ABI.md, "State file"): a JSON object of
 * key → value. Each key and value is text: UTF-8 as it is, or `hex:` followed by lower-case hex
 * digits for bytes that are not valid UTF-8 (or whose text starts with `hex:`). Written with keys in
 * byte order, two-space indented, so the same state always gives the same file.
 */
import { MemoryState } from '../host/memory-state.js';
import { bytesToHex } from '../host/env.js';

const HEX_PREFIX = 'hex:';
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Bytes of one state-file string (TypeError for bad hex). */
export function decodeStateText(text: string): Uint8Array {
  if (!text.startsWith(HEX_PREFIX)) return encoder.encode(text);
  const digits = text.slice(HEX_PREFIX.length);
  if (digits.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(digits)) throw new TypeError(`bad hex in state file: ${JSON.stringify(text)}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The state-file string of `bytes`: UTF-8 text when it round-trips, else `hex:...`. */
export function encodeStateText(bytes: Uint8Array): string {
  let text: string | null;
  try {
    text = strictDecoder.decode(bytes);
  } catch {
    text = null;
  }
  if (text === null || text.startsWith(HEX_PREFIX)) return HEX_PREFIX + bytesToHex(bytes);
  return text;
}

/** A MemoryState from the parsed JSON of a state file (TypeError when it is not an object of strings). */
export function stateFromJson(json: unknown): MemoryState {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new TypeError('state file must hold a JSON object');
  const entries: [Uint8Array, Uint8Array][] = [];
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new TypeError(`state value of ${JSON.stringify(k)} must be a string`);
    entries.push([decodeStateText(k), decodeStateText(v)]);
  }
  return new MemoryState(entries);
}

/** The state-file text of a MemoryState (keys in byte order, trailing newline). */
export function stateToJson(state: MemoryState): string {
  // Written by hand: JSON.stringify of an object would put integer-like keys first.
  const lines = state.entries().map(([k, v]) => `  ${JSON.stringify(encodeStateText(k))}: ${JSON.stringify(encodeStateText(v))}`);
  return lines.length === 0 ? '{}\n' : `{\n${lines.join(',\n')}\n}\n`;
}
