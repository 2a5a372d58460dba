/**
 * The compiled-module cache (src/vm/cache.ts) through the VM and directly: hits, LRU eviction by
 * count and by bytes, and the rule that a module compiled from other bytes is never served (same
 * contract ID with new code, a forced key collision).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, createVM } from '../../src/index.js';
import { ModuleCache } from '../../src/vm/cache.js';
import { contract, text } from './helpers.js';

/** A contract whose method "who" outputs `name` (padding makes sizes differ when wanted). */
function named(name: string, padding = 0): Uint8Array {
  return contract(`
    (memory 1)
    (data (i32.const 0) "${name}")
    (data (i32.const 100) "${'.'.repeat(padding)}")
    (func (export "who") (call $output_write (i32.const 0) (i32.const ${name.length})))`);
}

const A = named('A');
const B = named('B');
const C = named('C');

describe('compiled-module cache', () => {
  it('compiles once per contract ID and code, then hits', () => {
    const vm = createVM();
    for (let i = 0; i < 3; i++) expect(text(vm.call({ contractId: 'a', code: A, method: 'who', gasLimit: 1e4 }).output)).toBe('A');
    expect(vm.cacheStats()).toEqual({ entries: 1, bytes: A.length, hits: 2, misses: 1, evictions: 0 });
  });

  it('never reuses a module for the same contract ID with other code', () => {
    const vm = createVM();
    expect(text(vm.call({ contractId: 'x', code: A, method: 'who', gasLimit: 1e4 }).output)).toBe('A');
    expect(text(vm.call({ contractId: 'x', code: B, method: 'who', gasLimit: 1e4 }).output)).toBe('B');
    expect(text(vm.call({ contractId: 'x', code: A, method: 'who', gasLimit: 1e4 }).output)).toBe('A');
    expect(vm.cacheStats()).toMatchObject({ entries: 2, hits: 1, misses: 2 });
  });

  it('keys by contract ID too: the same code under two IDs is two entries', () => {
    const vm = createVM();
    vm.call({ contractId: 'one', code: A, method: 'who', gasLimit: 1e4 });
    vm.call({ contractId: 'two', code: A, method: 'who', gasLimit: 1e4 });
    expect(vm.cacheStats()).toMatchObject({ entries: 2, misses: 2, hits: 0 });
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const vm = createVM({ cache: { maxEntries: 2 } });
    const call = (id: string, code: Uint8Array) => vm.call({ contractId: id, code, method: 'who', gasLimit: 1e4 });
    call('a', A);
    call('b', B);
    call('a', A); // hit: a becomes most recent
    call('c', C); // evicts b
    expect(vm.cacheStats()).toMatchObject({ entries: 2, hits: 1, misses: 3, evictions: 1 });
    call('a', A); // still cached
    expect(vm.cacheStats()).toMatchObject({ hits: 2, misses: 3 });
    call('b', B); // was evicted
    expect(vm.cacheStats()).toMatchObject({ hits: 2, misses: 4, evictions: 2 });
  });

  it('evicts by bytes of code', () => {
    const big = named('D', 200);
    const vm = createVM({ cache: { maxBytes: A.length + big.length - 1 } });
    vm.call({ contractId: 'a', code: A, method: 'who', gasLimit: 1e4 });
    vm.call({ contractId: 'b', code: B, method: 'who', gasLimit: 1e4 });
    expect(vm.cacheStats()).toMatchObject({ entries: 2, bytes: A.length + B.length, evictions: 0 });
    vm.call({ contractId: 'd', code: big, method: 'who', gasLimit: 1e4 }); // needs both slots' bytes
    expect(vm.cacheStats()).toMatchObject({ entries: 1, bytes: big.length, evictions: 2 });
  });

  it('does not cache a module larger than maxBytes, and maxEntries 0 disables the cache', () => {
    const tiny = createVM({ cache: { maxBytes: 10 } });
    expect(text(tiny.call({ contractId: 'a', code: A, method: 'who', gasLimit: 1e4 }).output)).toBe('A');
    expect(tiny.cacheStats()).toMatchObject({ entries: 0, bytes: 0 });
    const off = createVM({ cache: { maxEntries: 0 } });
    off.call({ contractId: 'a', code: A, method: 'who', gasLimit: 1e4 });
    off.call({ contractId: 'a', code: A, method: 'who', gasLimit: 1e4 });
    expect(off.cacheStats()).toMatchObject({ entries: 0, hits: 0, misses: 2 });
  });

  it('does not cache code that fails to compile', () => {
    const vm = createVM();
    const r = vm.call({ contractId: 'bad', code: new Uint8Array([0, 0x61, 0x73, 0x6d]), method: 'm', gasLimit: 1 });
    expect(r.error!.kind).toBe('invalidCode');
    expect(vm.cacheStats()).toMatchObject({ entries: 0, misses: 1 });
  });

  it('the caller mutating its code array after a call gets the new code, never the cached module', () => {
    const vm = createVM();
    const code = named('E');
    vm.call({ contractId: 'e', code, method: 'who', gasLimit: 1e4 });
    vm.call({ contractId: 'e', code, method: 'who', gasLimit: 1e4 });
    expect(vm.cacheStats()).toMatchObject({ hits: 1 });
    const i = code.indexOf(0x45); // 'E' in the data segment
    code[i] = 0x46; // 'F'
    expect(text(vm.call({ contractId: 'e', code, method: 'who', gasLimit: 1e4 }).output)).toBe('F');
  });

  it('clearCache empties it and resets the counters', () => {
    const vm = createVM();
    vm.call({ contractId: 'a', code: A, method: 'who', gasLimit: 1e4 });
    vm.clearCache();
    expect(vm.cacheStats()).toEqual({ entries: 0, bytes: 0, hits: 0, misses: 0, evictions: 0 });
  });
});

describe('ModuleCache', () => {
  it('compares the bytes on a hit: a key collision is a miss, never another module', () => {
    const cache = new ModuleCache({ maxEntries: 10, maxBytes: 1 << 20 });
    const key = 'same-key';
    cache.set(key, compile(A));
    expect(cache.get(key, B)).toBeUndefined(); // same key, other bytes (as if the hashes collided)
    expect(cache.get(key, A)).toBeDefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('replacing a key keeps the byte count exact', () => {
    const cache = new ModuleCache({ maxEntries: 10, maxBytes: 1 << 20 });
    cache.set('k', compile(A));
    cache.set('k', compile(named('longer-name')));
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: named('longer-name').length });
  });

  it('keys are contract ID + NUL + the compile options (features) + NUL + FNV-1a 64 hex of the code (of a fixed sample past 256 bytes)', () => {
    const cache = new ModuleCache({ maxEntries: 1, maxBytes: 1 });
    expect(cache.keyOf('id', new Uint8Array(0))).toBe('id\u0000\u0000cbf29ce484222325');
    const withFeatures = new ModuleCache({ maxEntries: 1, maxBytes: 1 }, 'floats,simd');
    expect(withFeatures.keyOf('id', new Uint8Array(0))).toBe('id\u0000floats,simd\u0000cbf29ce484222325');
    const small = new Uint8Array(256).fill(7);
    const smallOther = small.slice();
    smallOther[100] = 8;
    expect(cache.keyOf('id', small)).not.toBe(cache.keyOf('id', smallOther)); // every byte counts
    // Past 256 bytes: the length, the first and last 64 bytes and 128 sampled bytes count.
    const big = new Uint8Array(10_000).map((_, i) => i * 7);
    const at = (i: number, v: number): Uint8Array => { const b = big.slice(); b[i] = v; return b; };
    expect(cache.keyOf('id', at(3, 0xee))).not.toBe(cache.keyOf('id', big));
    expect(cache.keyOf('id', at(9_990, 0xee))).not.toBe(cache.keyOf('id', big));
    expect(cache.keyOf('id', big.subarray(0, 9_999))).not.toBe(cache.keyOf('id', big));
    expect(cache.keyOf('id', at(65, 0xee))).toBe(cache.keyOf('id', big)); // not sampled: same key
    expect(cache.keyOf('other', big)).not.toBe(cache.keyOf('id', big));
  });

  it('two codes with the same key (an unsampled byte differs) never share a module', () => {
    // `who` outputs memory[100 + k] for each k of a 400-byte data segment at 100: flipping any of
    // those bytes in the binary changes the output; find one whose flip keeps the key.
    const base = contract(`
      (memory 1)
      (data (i32.const 100) "${'.'.repeat(400)}")
      (func (export "who") (call $output_write (i32.const 100) (i32.const 400)))`);
    const cache = new ModuleCache({ maxEntries: 4, maxBytes: 1 << 20 });
    const dots = base.findIndex((_, i) => base.subarray(i, i + 400).every((x) => x === 0x2e));
    expect(dots).toBeGreaterThan(0);
    let other: Uint8Array | null = null;
    for (let i = dots; i < dots + 400 && other === null; i++) {
      const c = base.slice();
      c[i] = 0x78; // 'x'
      if (cache.keyOf('c', c) === cache.keyOf('c', base)) other = c;
    }
    expect(other).not.toBeNull();
    const vm = createVM();
    for (let i = 0; i < 2; i++) {
      expect(text(vm.call({ contractId: 'c', code: base, method: 'who', gasLimit: 1e4 }).output)).toBe('.'.repeat(400));
      expect(text(vm.call({ contractId: 'c', code: other!, method: 'who', gasLimit: 1e4 }).output)).toContain('x');
    }
    expect(vm.cacheStats()).toMatchObject({ hits: 0, misses: 4 });
  });

  it('compares the bytes of unaligned views too', () => {
    const cache = new ModuleCache({ maxEntries: 4, maxBytes: 1 << 20 });
    const key = cache.keyOf('a', A);
    cache.set(key, compile(A));
    const shifted = new Uint8Array(A.length + 3);
    shifted.set(A, 3);
    const view = shifted.subarray(3);
    expect(cache.keyOf('a', view)).toBe(key);
    expect(cache.get(key, view)).toBeDefined();
    const changed = view.slice();
    changed[changed.length - 2]! ^= 1;
    expect(cache.get(key, changed)).toBeUndefined();
  });
});

/** Where the one-byte name `byte` of a `named` contract is: its data segment ends `end, 1, byte`. */
function nameAt(code: Uint8Array, byte: number): number {
  for (let i = 2; i < code.length; i++) if (code[i] === byte && code[i - 1] === 1 && code[i - 2] === 0x0b) return i;
  throw new Error('name not found');
}

describe('the one-step cache hit (a request code object remembered with its entry)', () => {
  /**
   * A random sequence of calls, each with a contract ID, one of a few code objects (some mutated
   * in place between calls) and the cache bounds of the VM; run once reusing the code objects
   * (one-step hits) and once with a fresh copy of the bytes per call (every hit hashes): outputs,
   * counters and evictions must agree step by step.
   */
  it('gives the same outputs and cache counters as calls with fresh copies of the code (fast-check)', () => {
    const codes = [named('A'), named('B'), named('C', 40), named('D', 400)];
    const step = fc.record({
      id: fc.constantFrom('x', 'y', 'z'),
      code: fc.nat({ max: codes.length - 1 }),
      mutate: fc.boolean(),
      clear: fc.nat({ max: 19 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (steps, maxEntries) => {
        const objects = codes.map((c) => c.slice());
        const namePos = codes.map((c, k) => nameAt(c, 0x41 + k));
        const one = createVM({ cache: { maxEntries, maxBytes: 1 << 20 } });
        const copies = createVM({ cache: { maxEntries, maxBytes: 1 << 20 } });
        for (const s of steps) {
          const code = objects[s.code]!;
          // Mutating the name byte in place: the remembered entry no longer matches the bytes.
          if (s.mutate) code[namePos[s.code]!] ^= 0x20; // upper / lower case
          if (s.clear === 0) {
            one.clearCache();
            copies.clearCache();
          }
          const a = one.call({ contractId: s.id, code, method: 'who', gasLimit: 1e5 });
          const b = copies.call({ contractId: s.id, code: code.slice(), method: 'who', gasLimit: 1e5 });
          expect(text(a.output)).toBe(text(b.output));
          expect(a.gasUsed).toBe(b.gasUsed);
          expect(one.cacheStats()).toEqual(copies.cacheStats());
        }
      }),
      { numRuns: 60 },
    );
  });

  it('serves an ArrayBuffer request code too, and never a module of changed bytes', () => {
    const vm = createVM();
    const buffer = A.slice().buffer;
    for (let i = 0; i < 3; i++) expect(text(vm.call({ contractId: 'a', code: buffer, method: 'who', gasLimit: 1e4 }).output)).toBe('A');
    const view = new Uint8Array(buffer);
    view[nameAt(view, 0x41)] = 0x5a; // "A" -> "Z"
    expect(text(vm.call({ contractId: 'a', code: buffer, method: 'who', gasLimit: 1e4 }).output)).toBe('Z');
    expect(vm.cacheStats()).toEqual({ entries: 2, bytes: 2 * A.length, hits: 2, misses: 2, evictions: 0 });
  });
});
