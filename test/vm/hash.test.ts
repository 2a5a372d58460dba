/**
 * FNV-1a 64 with 32-bit halves (src/vm/hash.ts) against the published test vectors and a BigInt
 * oracle on random bytes (fast-check; the seed is printed on failure and replayable).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64Hex } from '../../src/vm/hash.js';

function oracle(bytes: Uint8Array): string {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64Hex', () => {
  it.each([
    { input: '', hash: 'cbf29ce484222325' },
    { input: 'a', hash: 'af63dc4c8601ec8c' },
    { input: 'foobar', hash: '85944171f73967e8' },
  ])('FNV-1a 64 of "$input" is $hash', ({ input, hash }) => {
    expect(fnv1a64Hex(new TextEncoder().encode(input))).toBe(hash);
  });

  it('matches a BigInt oracle on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => fnv1a64Hex(bytes) === oracle(bytes)), { numRuns: 500 });
  });

  it('matches the oracle on bytes that stress the carries', () => {
    for (const fill of [0x00, 0xff, 0x80, 0x7f]) {
      const bytes = new Uint8Array(1000).fill(fill);
      expect(fnv1a64Hex(bytes)).toBe(oracle(bytes));
    }
  });
});
