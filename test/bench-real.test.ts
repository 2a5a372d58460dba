/**
 * The subjects of the `real` bench suite (bench/suites/real.mjs) give the same outputs on detwasm
 * as on V8, so the bench's subjects are checked in CI while the bench itself stays out of
 * `npm test` (no timed tests): hash-wasm's embedded sha256, blake3 and keccak-256 modules,
 * extracted from the pinned npm package and driven by bench/real-subjects.mjs, and the
 * CoreMark-like C program bench/workloads/coremix.wasm. Small inputs: not timed, a few ms each.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_GAS_SCHEDULE, compile, instantiate } from '../src/index.js';
import {
  COREMIX, HASH_CHUNK_BYTES, HASH_SUBJECTS, coremixBytes, extractHashWasm, hashInput, hashWasmVersion, hashWith,
} from '../bench/real-subjects.mjs';
import { V8_WASM, type V8Memory } from './diff/v8-api.js';

type Call = (name: string, args: number[]) => number;

/** V8's exports of `bytes` as a call and a memory getter. */
function v8Engine(bytes: Uint8Array): { call: Call; memory: () => ArrayBufferLike } {
  const exports = new V8_WASM.Instance(new V8_WASM.Module(bytes)).exports;
  return {
    call: (name, args) => (exports[name] as (...a: number[]) => number)(...args),
    memory: () => (exports.memory as V8Memory).buffer,
  };
}

function detwasmEngine(bytes: Uint8Array): { call: Call; memory: () => ArrayBufferLike } {
  const exports = instantiate(compile(bytes)).exports;
  return { call: (name, args) => exports[name](...args), memory: () => exports.memory.buffer };
}

/** detwasm metered with the default schedule; `gas()` is the gas used since the last `reset`. */
function meteredEngine(bytes: Uint8Array): { call: Call; memory: () => ArrayBufferLike; gas: () => number; reset: () => void } {
  const instance = instantiate(compile(bytes), undefined, { gas: DEFAULT_GAS_SCHEDULE });
  let gas = 0;
  return {
    call: (name, args) => {
      const outcome = instance.invokeMetered(name, args, { gasLimit: 2 ** 40 });
      if (outcome.error !== null) throw outcome.error;
      gas += outcome.gasUsed;
      return outcome.results![0] as number;
    },
    memory: () => instance.exports.memory.buffer,
    gas: () => gas,
    reset: () => { gas = 0; },
  };
}

// 2.5 chunks: full chunks and a short last one, as hash-wasm's own update loop makes them.
const input = hashInput(HASH_CHUNK_BYTES * 2 + 5000);

describe('hash-wasm subjects', () => {
  it('come from the pinned hash-wasm', () => {
    expect(hashWasmVersion()).toBe('4.13.0');
  });

  it.each(HASH_SUBJECTS.map((s) => [s.name, s] as const))('%s: detwasm (unmetered and metered) = V8', (_, subject) => {
    const bytes = extractHashWasm(subject.dist);
    const v8 = v8Engine(bytes);
    const expected = hashWith(subject, v8.call, v8.memory, input);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    const d = detwasmEngine(bytes);
    expect(hashWith(subject, d.call, d.memory, input)).toBe(expected);
    const m = meteredEngine(bytes);
    expect(hashWith(subject, m.call, m.memory, input)).toBe(expected);
    const gas = m.gas();
    expect(gas).toBeGreaterThan(0);
    m.reset();
    expect(hashWith(subject, m.call, m.memory, input)).toBe(expected); // a second hash on the same instance
    expect(m.gas()).toBe(gas);
  });

  it('sha256 through the driver is SHA-256 (FIPS 180-4), as node:crypto computes it', () => {
    const subject = HASH_SUBJECTS.find((s) => s.name === 'sha256')!;
    const d = detwasmEngine(extractHashWasm(subject.dist));
    expect(hashWith(subject, d.call, d.memory, input)).toBe(createHash('sha256').update(input).digest('hex'));
    expect(hashWith(subject, d.call, d.memory, new Uint8Array(0))).toBe(createHash('sha256').digest('hex'));
  });

  it('extraction fails loudly on a file with no embedded module', () => {
    expect(() => extractHashWasm('index.esm.js')).toThrow(/no embedded wasm|not a wasm module/);
  });
});

describe('coremix (CoreMark-like C program)', () => {
  it.each([1, 3])('coremix(%i): detwasm (unmetered and metered) = V8', (iterations) => {
    const bytes = coremixBytes();
    const expected = v8Engine(bytes).call(COREMIX.name, [iterations]);
    expect(detwasmEngine(bytes).call(COREMIX.name, [iterations])).toBe(expected);
    const m = meteredEngine(bytes);
    expect(m.call(COREMIX.name, [iterations])).toBe(expected);
    expect(m.gas()).toBeGreaterThan(0);
  });
});
