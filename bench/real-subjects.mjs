/**
 * The subjects of the `real` bench suite (bench/suites/real.mjs) and of test/bench-real.test.ts:
 * real compiled code, not kernels written for a benchmark (STYLE.md "Benchmarks").
 *   - hash-wasm's modules (the npm package, a pinned dev dependency): each of its dist/NAME.umd.min.js
 *     embeds its wasm as base64 (`{name:"sha256",data:"AGFzbQ..."}`); the bytes are extracted at
 *     bench time, never committed, and driven as hash-wasm's own glue drives them
 *     (lib/WASMInterface.ts): Hash_Init(param); per chunk of at most 16 KiB written at
 *     Hash_GetBuffer(), Hash_Update(length); Hash_Final(padding); the digest is then at
 *     Hash_GetBuffer().
 *   - workloads/coremix.wasm: a CoreMark-like C mix (list, matrix, state machine, CRC16/32, f64).
 * Every subject runs through a `call(name, args) => number` of its engine, so the same driver
 * serves V8, detwasm unmetered and detwasm metered.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { readWorkload } from './lib.mjs';

const require = createRequire(import.meta.url);

/** hash-wasm's chunk size (MAX_HEAP in lib/WASMInterface.ts): its I/O buffer holds 16 KiB. */
export const HASH_CHUNK_BYTES = 16 * 1024;

/**
 * hash-wasm modules: dist file, Hash_Init parameter, Hash_Final parameter, digest bytes.
 * keccak.umd.min.js embeds the module named "sha3"; keccak-256 is Init(256), Final(0x01)
 * (lib/keccak.ts), sha3 would be Final(0x06). blake3: Init(0) unkeyed, Final(32 bytes out).
 */
export const HASH_SUBJECTS = [
  { name: 'sha256', dist: 'sha256.umd.min.js', init: 256, final: 0, digestBytes: 32 },
  { name: 'blake3', dist: 'blake3.umd.min.js', init: 0, final: 32, digestBytes: 32 },
  { name: 'keccak256', dist: 'keccak.umd.min.js', init: 256, final: 0x01, digestBytes: 32 },
];

/** The version of the installed hash-wasm package. */
export function hashWasmVersion() {
  return JSON.parse(fs.readFileSync(require.resolve('hash-wasm/package.json'), 'utf8')).version;
}

/** Extracts the wasm bytes embedded in one hash-wasm dist file. */
export function extractHashWasm(dist) {
  const file = path.join(path.dirname(require.resolve('hash-wasm/package.json')), 'dist', dist);
  const js = fs.readFileSync(file, 'utf8');
  const m = /data:"([A-Za-z0-9+/=]+)"/.exec(js);
  if (m === null) throw new Error(`no embedded wasm in ${file}`);
  const bytes = new Uint8Array(Buffer.from(m[1], 'base64'));
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error(`${file}: not a wasm module`);
  return bytes;
}

/** `size` bytes of deterministic input (xorshift32), the same in every process. */
export function hashInput(size) {
  const out = new Uint8Array(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Hashes `input` with one instance: `call(export, args)` calls an export, `memory()` returns the
 * instance's memory buffer (read afresh: an engine may replace it). Returns the digest in hex.
 */
export function hashWith(subject, call, memory, input) {
  const bufferOffset = call('Hash_GetBuffer', []);
  call('Hash_Init', [subject.init]);
  for (let read = 0; read < input.length; read += HASH_CHUNK_BYTES) {
    const chunk = input.subarray(read, read + HASH_CHUNK_BYTES);
    new Uint8Array(memory(), bufferOffset, chunk.length).set(chunk);
    call('Hash_Update', [chunk.length]);
  }
  call('Hash_Final', [subject.final]);
  return Buffer.from(new Uint8Array(memory(), bufferOffset, subject.digestBytes)).toString('hex');
}

/** The CoreMark-like C program: export `coremix(iterations)` → u32 checksum. */
export const COREMIX = { name: 'coremix', file: 'coremix.wasm' };

export function coremixBytes() {
  return readWorkload(COREMIX.file);
}
