/**
 * i64 representation benchmark: the int32-halves ops of src/interpreter/numeric.ts against the
 * same op on BigInt64Array slots (`BigInt.asIntN(64, a op b)`), on the value-stack layout the
 * interpreter uses (slot k = i32[2k], i32[2k+1]). Operand sets: small (|x| < 2^17, the common
 * case, double fast paths), big (full 64-bit). Run: `npx vite-node bench/i64.bench.ts`.
 * BigInt only pays off in optimized code; see STYLE.md for the unoptimized-code numbers.
 */
import b from 'benny';
import * as N from '../src/interpreter/numeric.js';

const SLOTS = 256;
const MASK = 127; // operand pairs: slots (2j, 2j + 1) for j ≤ MASK
const v = new Int32Array(SLOTS * 2 + 256);
const v64 = new BigInt64Array(v.buffer);
const OUT = SLOTS; // result slots SLOTS .. SLOTS + 63

const SETS: Record<string, (k: number) => bigint> = {
  small: (k) => BigInt(((k * 7919) % 100000) - 50000) || 3n,
  big: (k) => BigInt.asIntN(64, BigInt(k + 1) * 0x9e3779b97f4a7c15n),
};

function fill(set: string): void {
  const gen = SETS[set]!;
  for (let k = 0; k < SLOTS; k++) v64[k] = gen(k);
}

/** An op reading its operand halves from `v` at word indexes a, b (as the dispatch loop does). */
type Halves = (v: Int32Array, dst: number, a: number, b: number) => unknown;
const halves2 = (fn: (v: Int32Array, dst: number, al: number, ah: number, bl: number, bh: number) => unknown): Halves =>
  (w, dst, a, b) => fn(w, dst, w[a]!, w[a + 1]!, w[b]!, w[b + 1]!);
type Big = (a: bigint, b: bigint) => bigint;

function pair(set: string, name: string, halves: Halves, big: Big): ReturnType<typeof b.add>[] {
  return [
    b.add(`${set} ${name} halves`, () => {
      fill(set);
      return () => {
        for (let i = 0; i < 1024; i++) {
          const s = (i & MASK) << 2;
          halves(v, (OUT + (i & 63)) << 1, s, s + 2);
        }
      };
    }),
    b.add(`${set} ${name} BigInt64Array`, () => {
      fill(set);
      return () => {
        for (let i = 0; i < 1024; i++) {
          const s = (i & MASK) << 1;
          v64[OUT + (i & 63)] = big(v64[s]!, v64[s + 1]!);
        }
      };
    }),
  ];
}

const u = (x: bigint): bigint => BigInt.asUintN(64, x);
const cases = [];
for (const set of Object.keys(SETS)) {
  cases.push(
    ...pair(set, 'i64.mul', halves2(N.i64Mul), (x, y) => BigInt.asIntN(64, x * y)),
    ...pair(set, 'i64.div_s', halves2(N.i64DivS), (x, y) => BigInt.asIntN(64, x / y)),
    ...pair(set, 'i64.rem_u', halves2(N.i64RemU), (x, y) => BigInt.asIntN(64, u(x) % u(y))),
    ...pair(set, 'i64.shl', (w, dst, a, b2) => N.i64Shl(w, dst, w[a]!, w[a + 1]!, w[b2]!), (x, y) => BigInt.asIntN(64, x << (y & 63n))),
  );
}

await b.suite(
  'i64 halves vs BigInt (1024 ops per sample)',
  ...cases,
  b.cycle(),
  b.complete(),
  b.save({ file: 'i64', folder: 'bench/results', format: 'json', details: false }),
);
