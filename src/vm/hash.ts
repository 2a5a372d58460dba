/**
 * FNV-1a 64-bit (Fowler–Noll–Vo, draft-eastlake-fnv; offset basis 0xcbf29ce484222325, prime
 * 0x100000001b3) over bytes, computed with two unsigned 32-bit halves: never BigInt. Used to key
 * the compiled-module cache (not a cryptographic hash: a cache hit also compares the bytes).
 */

/** FNV-1a 64 of `bytes` as 16 lower-case hex digits. */
export function fnv1a64Hex(bytes: Uint8Array): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < bytes.length; i++) {
    lo = (lo ^ bytes[i]!) >>> 0;
    // h * 0x100000001b3 mod 2^64 = h * 0x1b3 + (h << 40): lo * 0x1b3 < 2^41 is exact in a double;
    // the << 40 term moves lo's low 24 bits into the high half.
    const low = lo * 0x1b3;
    const carry = Math.floor(low / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
