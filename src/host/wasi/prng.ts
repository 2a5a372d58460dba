/**
 * The deterministic byte stream behind WASI `random_get` (preview1 `random_get`): xoshiro128**
 * (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018) seeded from the
 * host's seed bytes. Same seed → same bytes on every machine: only 32-bit integer operations
 * (`Math.imul`, shifts, xor), whose results ECMA-262 fixes exactly.
 *
 * Seeding (so that another implementation can reproduce the stream):
 *  - the seed is a byte string S of length L (0 allowed); it is padded with zero bytes to a
 *    multiple of 4 and read as little-endian u32 words w[0..n-1];
 *  - `mix32` is Wellons' "lowbias32" integer hash: x ^= x >>> 16; x *= 0x7feb352d;
 *    x ^= x >>> 15; x *= 0x846ca68b; x ^= x >>> 16 (all mod 2^32);
 *  - for k = 0..3, with C = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a] (the first SHA-256
 *    IV words, constants with nothing up the sleeve): h = mix32(C[k] ^ L); for each word:
 *    h = mix32((h ^ w[i]) + C[k]); the state word s[k] = h;
 *  - an all-zero state (which xoshiro cannot leave) becomes s[0] = 1.
 *
 * Output: each xoshiro128** step gives one u32, emitted as 4 little-endian bytes; the byte stream
 * is continuous across calls (a call that takes 3 bytes leaves the 4th for the next call), so the
 * bytes a program receives depend only on the seed and the total count it asked for before.
 *
 * Not cryptographically secure, by design of the use: consensus code needs every node to produce
 * the same bytes. Unpredictability, when a contract needs it, must come from the seed (e.g. a
 * block hash the host chooses).
 */

const SEED_CONSTANTS: readonly number[] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a];

/** Wellons' lowbias32 integer hash (a bijection on u32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The four xoshiro128** state words derived from `seed` (see the file comment). */
export function seedState(seed: Uint8Array): [number, number, number, number] {
  const length = seed.length;
  const wordCount = (length + 3) >>> 2;
  const state: [number, number, number, number] = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    const c = SEED_CONSTANTS[k]!;
    let h = mix32((c ^ length) >>> 0);
    for (let i = 0; i < wordCount; i++) {
      const o = i * 4;
      const w = ((seed[o] ?? 0) | ((seed[o + 1] ?? 0) << 8) | ((seed[o + 2] ?? 0) << 16) | ((seed[o + 3] ?? 0) << 24)) >>> 0;
      h = mix32(((h ^ w) + c) >>> 0);
    }
    state[k] = h;
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return state;
}

/** A deterministic byte stream: xoshiro128** over the seeded state. */
export class DeterministicRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** The current output word and how many of its bytes (low first) are still unused. */
  private word: number;
  private wordBytesLeft: number;

  /** Seeds the stream from `seed` (see the file comment), or from raw state words (tests). */
  constructor(seed: Uint8Array | readonly [number, number, number, number]) {
    const [a, b, c, d] = seed instanceof Uint8Array ? seedState(seed) : seed;
    if ((a | b | c | d) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    this.s3 = d;
    this.word = 0;
    this.wordBytesLeft = 0;
  }

  /** Next u32 of xoshiro128** (one step). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Fills `out` with the next `out.length` bytes of the stream. */
  fill(out: Uint8Array): void {
    for (let i = 0; i < out.length; i++) {
      if (this.wordBytesLeft === 0) {
        this.word = this.nextU32();
        this.wordBytesLeft = 4;
      }
      out[i] = this.word & 0xff;
      this.word >>>= 8;
      this.wordBytesLeft--;
    }
  }
}
