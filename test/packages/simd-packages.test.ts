/**
 * Real npm packages' SIMD builds on detwasm, with outputs equal to V8's (issue 10, item 6): the
 * packages' own .wasm, driven through their exports the way their glue drives them, on detwasm and
 * on V8's native WebAssembly side by side with the same inputs.
 *
 * - @chainsafe/as-sha256 1.2.0 (AssemblyScript): `build/optimized.simd.wasm`, 4-way SHA-256 with
 *   v128 (`batchHash4UintArray64s`, 821 SIMD instructions), also checked against node:crypto;
 * - argon2-browser 1.18.0 (Emscripten, C): `dist/argon2-simd.wasm`, Argon2 with SSE-style v128
 *   block mixing (232 SIMD instructions); its two imports (memcpy_big, resize_heap) as its glue
 *   defines them;
 * - fast-base64 0.1.8 (hand-written text format): the SIMD base64 decoder and encoder embedded in
 *   `dist/wasm.js` (extracted from it here, at test time).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, instantiate, Memory } from '../../src/index.js';
import { V8_WASM } from '../diff/v8-api.js';
import { bytesOf } from '../js-api/packages/workloads.mjs';

/** A dev dependency's folder (some packages' export maps do not expose their files). */
const packageDir = (name: string): string => fileURLToPath(new URL(`../../node_modules/${name}/`, import.meta.url));

/** What a driver needs of an instance: its exports (JS API shapes) and its memory's buffer now. */
interface Loaded {
  readonly exports: Record<string, unknown>;
  readonly buffer: () => ArrayBuffer;
}

interface Engine {
  readonly name: string;
  load(bytes: Uint8Array, imports: Record<string, Record<string, unknown>>, memory?: () => ArrayBuffer): Loaded;
  memory(initialPages: number): { readonly memory: unknown; readonly buffer: () => ArrayBuffer };
}

const detwasm: Engine = {
  name: 'detwasm',
  load(bytes, imports, memory) {
    const inst = instantiate(compile(bytes), imports);
    const exported = Object.values(inst.exports).find((v) => v instanceof Memory) as Memory | undefined;
    return { exports: inst.exports as Record<string, unknown>, buffer: memory ?? (() => exported!.buffer) };
  },
  memory(initialPages) {
    const m = new Memory({ initial: initialPages });
    return { memory: m, buffer: () => m.buffer };
  },
};

const v8: Engine = {
  name: 'V8',
  load(bytes, imports, memory) {
    const inst = new V8_WASM.Instance(new V8_WASM.Module(bytes), imports);
    const exported = Object.values(inst.exports).find((v) => v instanceof V8_WASM.Memory) as { buffer: ArrayBuffer } | undefined;
    return { exports: inst.exports, buffer: memory ?? (() => exported!.buffer) };
  },
  memory(initialPages) {
    const m = new V8_WASM.Memory({ initial: initialPages });
    return { memory: m, buffer: () => m.buffer };
  },
};


/** The module's SIMD instructions: 0xFD-prefixed opcodes found by a scan of its code (a lower bound). */
function hasSimd(bytes: Uint8Array): boolean {
  return detwasmSimdCount(bytes) > 0;
}
function detwasmSimdCount(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xfd && bytes[i + 1]! <= 0x7f) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------

const SHA_WASM = readFileSync(join(packageDir('@chainsafe/as-sha256'), 'build', 'optimized.simd.wasm'));

function sha256x4(engine: Engine, inputs: readonly Uint8Array[]): Uint8Array[] {
  const abort = (): never => {
    throw new Error('as-sha256 abort');
  };
  const { exports, buffer } = engine.load(SHA_WASM, { env: { abort } });
  const value = (name: string): number => (exports[name] as { value: number }).value;
  const input = value('input');
  const output = value('output');
  const mem = new Uint8Array(buffer());
  inputs.forEach((data, k) => mem.set(data, input + 64 * k));
  (exports['batchHash4UintArray64s'] as (out: number) => void)(output);
  const after = new Uint8Array(buffer());
  return [0, 1, 2, 3].map((k) => after.slice(output + 32 * k, output + 32 * k + 32));
}

describe('@chainsafe/as-sha256 SIMD build (AssemblyScript)', () => {
  it('is a SIMD module', () => {
    expect(hasSimd(SHA_WASM)).toBe(true);
    expect(V8_WASM.validate(SHA_WASM)).toBe(true);
  });

  it.each([1, 2, 3, 4, 5])('batchHash4UintArray64s of four 64-byte inputs (seed %i): detwasm = V8 = node:crypto', (seed) => {
    const inputs = [0, 1, 2, 3].map((k) => bytesOf(64, seed * 10 + k));
    const ours = sha256x4(detwasm, inputs);
    expect(ours).toEqual(sha256x4(v8, inputs));
    expect(ours.map((h) => Buffer.from(h).toString('hex'))).toEqual(inputs.map((d) => createHash('sha256').update(d).digest('hex')));
  });
});

// ---------------------------------------------------------------------------------------------

const ARGON2_WASM = readFileSync(join(packageDir('argon2-browser'), 'dist', 'argon2-simd.wasm'));

/** Argon2 of (password, salt) through argon2_hash; returns the raw hash and the encoded string. */
function argon2(engine: Engine, password: Uint8Array, salt: Uint8Array, type: number): { hash: Uint8Array; encoded: string } {
  let grow: ((pages: number) => number) | null = null;
  let buffer: () => ArrayBuffer = () => new ArrayBuffer(0);
  // The two imports as argon2-browser's glue (dist/argon2.js) defines them.
  const imports = {
    a: {
      a: (dest: number, src: number, num: number) => {
        new Uint8Array(buffer()).copyWithin(dest, src, src + num);
      },
      b: (requested: number) => {
        const need = requested >>> 0;
        const have = buffer().byteLength;
        if (need <= have) return 1;
        try {
          grow!(Math.ceil((need - have) / 65536));
          return 1;
        } catch {
          return 0;
        }
      },
    },
  };
  const loaded = engine.load(ARGON2_WASM, imports);
  const memory = loaded.exports['c'] as { buffer: ArrayBuffer; grow(pages: number): number };
  buffer = () => memory.buffer;
  grow = (pages) => memory.grow(pages);
  const fn = (name: string) => loaded.exports[name] as (...args: number[]) => number;
  fn('d')(); // __wasm_call_ctors
  const malloc = fn('f');
  const put = (data: Uint8Array): number => {
    const at = malloc(data.length + 1);
    new Uint8Array(buffer()).set(data, at);
    return at;
  };
  const pwd = put(password);
  const saltAt = put(salt);
  const hashLen = 32;
  const hash = malloc(hashLen);
  const encodedLen = 128;
  const encoded = malloc(encodedLen);
  // argon2_hash(t_cost, m_cost KiB, parallelism, pwd, pwdlen, salt, saltlen, hash, hashlen, encoded, encodedlen, type, version)
  const rc = fn('e')(2, 256, 1, pwd, password.length, saltAt, salt.length, hash, hashLen, encoded, encodedLen, type, 0x13);
  if (rc !== 0) throw new Error(`argon2_hash returned ${rc}`);
  const mem = new Uint8Array(buffer());
  const end = mem.indexOf(0, encoded);
  return { hash: mem.slice(hash, hash + hashLen), encoded: new TextDecoder().decode(mem.slice(encoded, end)) };
}

describe('argon2-browser SIMD build (Emscripten)', () => {
  it('is a SIMD module', () => {
    expect(detwasmSimdCount(ARGON2_WASM)).toBeGreaterThan(100);
  });

  it.each([
    ['argon2d', 0], ['argon2i', 1], ['argon2id', 2],
  ])('%s (t=2, m=256 KiB): detwasm gives V8\'s hash and encoded string', (_name, type) => {
    const password = new TextEncoder().encode('correct horse battery staple');
    const salt = bytesOf(16, 99 + type);
    const ours = argon2(detwasm, password, salt, type);
    expect(ours).toEqual(argon2(v8, password, salt, type));
    expect(ours.encoded).toMatch(/^\$argon2(d|i|id)\$v=19\$m=256,t=2,p=1\$/);
  });
});

// ---------------------------------------------------------------------------------------------

/** The SIMD base64 module of fast-base64, as its dist/wasm.js embeds it (base64 text). */
const BASE64_WASM = (() => {
  const js = readFileSync(join(packageDir('fast-base64'), 'dist', 'wasm.js'), 'utf8');
  const m = /var base64_simd_default = "([A-Za-z0-9+/=]+)"/.exec(js);
  if (m === null) throw new Error('fast-base64: the embedded SIMD module was not found in dist/wasm.js');
  return new Uint8Array(Buffer.from(m[1]!, 'base64'));
})();

/** fast-base64's toBase64 and toBytes, as its glue calls the module. */
function base64Roundtrip(engine: Engine, data: Uint8Array): { text: string; back: Uint8Array } {
  const m = data.length;
  const k = m % 3;
  const n = Math.floor(m / 3) * 4 + (k && k + 1);
  const M = m + 2;
  const N = Math.ceil(m / 3) * 4;
  const mem = engine.memory(Math.ceil((N + M + 32) / 65536));
  const { exports, buffer } = engine.load(BASE64_WASM, { imports: { memory: mem.memory } }, mem.buffer);
  const at = 16;
  const view = new Uint8Array(buffer());
  view.set(data, at);
  view[at + m] = 0;
  view[at + m + 1] = 0;
  (exports['bytes2base64'] as (a: number, b: number, c: number) => void)(at, at + m, at + M);
  let text = new TextDecoder().decode(new Uint8Array(buffer()).slice(at + M, at + M + n));
  if (k === 1) text += '==';
  if (k === 2) text += '=';
  // and back: base642bytes decodes in place
  const clean = text.replace(/=/g, '');
  const enc = new TextEncoder().encode(clean);
  new Uint8Array(buffer()).fill(0);
  new Uint8Array(buffer()).set(enc, at);
  (exports['base642bytes'] as (a: number, b: number) => void)(at, at + enc.length);
  const rem = enc.length % 4;
  const outLen = (enc.length >> 2) * 3 + (rem && rem - 1);
  return { text, back: new Uint8Array(buffer()).slice(at, at + outLen) };
}

describe('fast-base64 SIMD module (text format)', () => {
  it('is a SIMD module', () => {
    expect(detwasmSimdCount(BASE64_WASM)).toBeGreaterThan(20);
  });

  it.each([48, 1000, 4096 * 3, 65_535])('encodes and decodes %i bytes: detwasm = V8 = Buffer', (size) => {
    const data = bytesOf(size, size);
    const ours = base64Roundtrip(detwasm, data);
    expect(ours).toEqual(base64Roundtrip(v8, data));
    // The SIMD loops handle whole 12- and 16-byte blocks; compare the part they wrote.
    const whole = Math.floor(size / 12) * 12;
    expect(ours.text.slice(0, (whole / 3) * 4)).toBe(Buffer.from(data).toString('base64').slice(0, (whole / 3) * 4));
  });
});
