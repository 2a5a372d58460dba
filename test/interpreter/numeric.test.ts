/**
 * The numeric instructions as they execute (spec §4.3 "Numerics"): every scalar numeric
 * instruction runs through detwasm's interpreter, i.e. the dispatch cases generated from the
 * instruction table (scripts/isa/semantics.ts) and the helpers of src/interpreter/numeric.ts they
 * call, never a copy of them.
 *
 * Oracles: V8's native `WebAssembly` for every op, and BigInt for the i64 ops. One module built
 * with wabt exports a function per instruction, floats passed and returned as their bits
 * (`f32.reinterpret_i32` / `i32.reinterpret_f32`, f64 through i64 = BigInt) so NaN payloads
 * survive; detwasm and V8 instantiate the same bytes. Results must be bit-equal, except that where
 * an arithmetic op of V8 returns a NaN ours must be exactly the canonical NaN (the moves abs, neg,
 * copysign and reinterpret keep every bit, as V8 does). Traps: V8 throws a RuntimeError exactly
 * when ours throws a Trap, and V8's message (its own wording) maps to our code. A second module
 * runs the i64 ops with their result written over an operand (the translator then makes the
 * result register one of the operand registers), checked against BigInt. fast-check runs use one
 * printed seed; replay with `FC_SEED=<seed> npx vitest run test/interpreter/numeric.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import wabtInit from 'wabt';
import { Trap, TRAP_MESSAGES, TrapCode } from '../../src/errors.js';
import { compile, instantiate } from '../../src/index.js';
import { Imm, IMM_KINDS, MNEMONICS, OPCODE_SPACE, SIGNATURES } from '../../src/decoder/opcodes.js';

const SEED = Number(process.env['FC_SEED'] ?? 0x5eed_2024);
const RUNS = 4000;
console.log(`numeric.test.ts: fast-check seed ${SEED} (replay: FC_SEED=${SEED})`);
const FC = { seed: SEED, numRuns: RUNS };

// ---------------------------------------------------------------------------------------------
// Bit helpers

const scratch = new ArrayBuffer(8);
const sI32 = new Int32Array(scratch);
const sF32 = new Float32Array(scratch);
const sF64 = new Float64Array(scratch);
const sI64 = new BigInt64Array(scratch);

function f32FromBits(bits: number): number {
  sI32[0] = bits;
  return sF32[0]!;
}
function f32Bits(x: number): number {
  sF32[0] = x;
  return sI32[0]!;
}
function f64FromBits(bits: bigint): number {
  sI64[0] = bits;
  return sF64[0]!;
}
function f64Bits(x: number): bigint {
  sF64[0] = x;
  return sI64[0]!;
}
const isNaNF32Bits = (b: number): boolean => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
const isNaNF64Bits = (b: bigint): boolean =>
  (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
const CANON_F32 = 0x7fc00000;
const CANON_F64 = 0x7ff8000000000000n;

const MIN64 = -(2n ** 63n);
const MAX64 = 2n ** 63n - 1n;
const DIV0 = TrapCode.INTEGER_DIVIDE_BY_ZERO;
const OVF = TrapCode.INTEGER_OVERFLOW;
const INV = TrapCode.INVALID_CONVERSION_TO_INTEGER;

// ---------------------------------------------------------------------------------------------
// The V8 oracle module

type T = 'i32' | 'i64' | 'f32' | 'f64';
/** Bits of a value: a number for i32/f32, a bigint for i64/f64. */
type Bits = number | bigint;
type Outcome = { trap: number } | { bits: Bits };

interface OpCase {
  /** Mnemonic, also the export name. */
  name: string;
  params: T[];
  result: T;
}

function watFunc(c: OpCase): string {
  const args = c.params
    .map((t, i) =>
      t === 'f32'
        ? `(f32.reinterpret_i32 (local.get ${i}))`
        : t === 'f64'
          ? `(f64.reinterpret_i64 (local.get ${i}))`
          : `(local.get ${i})`,
    )
    .join(' ');
  const wire = (t: T): string => (t === 'f32' ? 'i32' : t === 'f64' ? 'i64' : t);
  let body = `(${c.name} ${args})`;
  if (c.result === 'f32') body = `(i32.reinterpret_f32 ${body})`;
  if (c.result === 'f64') body = `(i64.reinterpret_f64 ${body})`;
  const params = c.params.map(wire).join(' ');
  return `(func (export "${c.name}") (param ${params}) (result ${wire(c.result)}) ${body})`;
}

/** V8 RuntimeError wording → the trap codes it may stand for. */
function v8TrapCodes(message: string): number[] {
  switch (message) {
    case 'divide by zero':
    case 'remainder by zero':
      return [DIV0];
    case 'divide result unrepresentable':
      return [OVF];
    case 'float unrepresentable in integer range':
      return [INV, OVF];
    default:
      throw new Error(`unmapped V8 trap message: ${message}`);
  }
}

const F32 = (a: Bits): number => f32FromBits(a as number);
const F64 = (a: Bits): number => f64FromBits(a as bigint);
const TYPE_OF: Record<string, T> = { i: 'i32', I: 'i64', f: 'f32', F: 'f64' };

/** Every scalar numeric instruction (a fixed signature over i32 / i64 / f32 / f64, no immediate). */
const CASES: OpCase[] = [];
for (let op = 0; op < OPCODE_SPACE; op++) {
  const sig = SIGNATURES[op]!;
  if (IMM_KINDS[op] !== Imm.NONE || !/^[iIfF]{1,2}:[iIfF]$/.test(sig)) continue;
  const [p, r] = sig.split(':') as [string, string];
  CASES.push({ name: MNEMONICS[op]!, params: [...p].map((c) => TYPE_OF[c]!), result: TYPE_OF[r]! });
}
const BY_NAME = new Map(CASES.map((c) => [c.name, c]));

const wabt = await wabtInit();
const watText = `(module\n${CASES.map(watFunc).join('\n')}\n)`;
const watModule = wabt.parseWat('numeric-oracle.wat', watText);
const { buffer: oracleBytes } = watModule.toBinary({});
watModule.destroy();
// The JS API, typed locally (lib ES2022 and @types/node 20 do not declare it).
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new () => Error;
}
const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
const oracle = (await WA.instantiate(oracleBytes)).instance.exports as Record<string, (...args: Bits[]) => Bits>;
const detwasm = instantiate(compile(oracleBytes));

/** Runs export `name` on detwasm: its result bits, or the code of the trap it raised. */
function run(inst: typeof detwasm, name: string, args: Bits[]): Outcome {
  try {
    return { bits: inst.invoke(name, args)[0] as Bits };
  } catch (e) {
    if (e instanceof Trap) return { trap: e.code };
    throw e;
  }
}

/** Ours: the interpreter running instruction `c` on bit-pattern arguments. */
function ours(c: OpCase, args: Bits[]): Outcome {
  return run(detwasm, c.name, args);
}

function v8(name: string, args: Bits[]): { bits: Bits } | { message: string } {
  try {
    return { bits: oracle[name]!(...args) };
  } catch (e) {
    if (!(e instanceof WA.RuntimeError)) throw e;
    return { message: e.message };
  }
}

/** Ops that move float bits (spec: not arithmetic, so a NaN keeps its payload): exact bits. */
const MOVES = /\.(abs|neg|copysign|reinterpret_i32|reinterpret_i64)$/;

/** Asserts ours agrees with V8 on one input (see the file comment for the rules). */
function agree(c: OpCase, args: Bits[]): void {
  const theirs = v8(c.name, args);
  const mine = ours(c, args);
  const where = `${c.name}(${args.map((a) => `0x${(typeof a === 'bigint' ? BigInt.asUintN(64, a) : a >>> 0).toString(16)}`).join(', ')})`;
  if ('message' in theirs) {
    expect('trap' in mine, `${where}: V8 trapped "${theirs.message}", ours did not`).toBe(true);
    const code = (mine as { trap: number }).trap;
    expect(v8TrapCodes(theirs.message), `${where}: trap code`).toContain(code);
    if (c.name.includes('trunc')) {
      const x = c.params[0] === 'f32' ? F32(args[0]!) : F64(args[0]!);
      expect(code, `${where}: NaN ⇔ invalid conversion`).toBe(x !== x ? INV : OVF);
    }
    return;
  }
  expect('bits' in mine, `${where}: ours trapped, V8 returned`).toBe(true);
  const got = (mine as { bits: Bits }).bits;
  if (MOVES.test(c.name)) {
    expect(got, `${where}: a move keeps the bits`).toBe(theirs.bits);
  } else if (c.result === 'f32' && isNaNF32Bits(theirs.bits as number)) {
    expect(got, `${where}: canonical NaN`).toBe(CANON_F32);
  } else if (c.result === 'f64' && isNaNF64Bits(theirs.bits as bigint)) {
    expect(got, `${where}: canonical NaN`).toBe(CANON_F64);
  } else {
    expect(got, where).toBe(theirs.bits);
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries (random bit patterns, biased towards the interesting regions)

const I32_SPECIALS = [0, 1, -1, 2, -2, 31, 32, 33, 0x7fffffff, -0x80000000, 0x80000001 | 0, 0xffff, 0x10000];
const i32Arb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  fc.integer({ min: 0, max: 31 }).chain((e) => fc.integer({ min: -(2 ** e), max: 2 ** e })),
  fc.constantFrom(...I32_SPECIALS),
);

const I64_SPECIALS: bigint[] = [
  0n, 1n, -1n, 2n, -2n, 3n, -3n, 7n, -7n, 10n, 63n, 64n, 65n, 127n, 128n,
  MIN64, MAX64, MIN64 + 1n, MAX64 - 1n,
  2n ** 31n, -(2n ** 31n), 2n ** 31n - 1n, 2n ** 32n, 2n ** 32n - 1n, 2n ** 32n + 1n, -(2n ** 32n),
  2n ** 52n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n), -(2n ** 53n) - 1n, -(2n ** 53n) + 1n,
  2n ** 24n + 1n, 2n ** 63n - 2n ** 10n, 0x0020000020000001n, 0x7fffffff00000000n, 0xffffffffn,
  0x123456789abcdef0n, BigInt.asIntN(64, 0xfedcba9876543210n), 2n ** 62n, -(2n ** 62n),
];
const i64Arb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: MIN64, max: MAX64 }),
  // random magnitude: uniform bit length, then uniform value of that length
  fc.integer({ min: 0, max: 63 }).chain((e) => fc.bigInt({ min: -(1n << BigInt(e)), max: 1n << BigInt(e) })),
  fc.constantFrom(...I64_SPECIALS),
  // powers of two ± a little, either sign
  fc
    .tuple(fc.integer({ min: 0, max: 63 }), fc.integer({ min: -3, max: 3 }), fc.boolean())
    .map(([e, d, neg]) => BigInt.asIntN(64, (neg ? -1n : 1n) * ((1n << BigInt(e)) + BigInt(d)))),
  // rounding ties for f32 (24-bit) / f64 (53-bit) at every scale, ± a sticky bit
  fc
    .constantFrom(24, 53)
    .chain((p) =>
      fc.tuple(
        fc.constant(p),
        fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }),
        fc.integer({ min: 1, max: 63 - p }), // the value stays below 2^63
        fc.constantFrom(-1n, 0n, 1n),
        fc.boolean(),
      ),
    )
    .map(([p, m, s, d, neg]) => {
      const mant = (1n << BigInt(p - 1)) | (m & ((1n << BigInt(p - 1)) - 1n)); // p significant bits
      const x = ((mant << BigInt(s)) | (1n << BigInt(s - 1))) + d; // tie below the kept bits
      return BigInt.asIntN(64, neg ? -x : x);
    }),
);

// f32 boundary values, as f32 bits; neighbours are reached by ± a few ulps on the bits.
const F32_EDGES = [
  0, 0.5, 1, 1.5, 2.5, -0.5, -1, 2 ** 23, 2 ** 24, 2 ** 31, -(2 ** 31), 2 ** 32, 2 ** 63, -(2 ** 63), 2 ** 64,
  3.4028234663852886e38, 1.1754943508222875e-38, 1.401298464324817e-45,
].map(f32Bits);
const F32_SPECIAL_BITS = [
  0, 0x80000000 | 0, 0x7f800000, 0xff800000 | 0, 0x7fc00000, 0xffc00000 | 0, 0x7fa00000, 0x7f800001,
  0xffffffff | 0, 0x7fffffff, 0x00000001, 0x80000001 | 0, 0x7f7fffff, 0xff7fffff | 0, 0x3f800000, 0xbf800000 | 0,
];
const f32Arb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -0x80000000, max: 0x7fffffff }),
  fc.constantFrom(...F32_SPECIAL_BITS),
  fc.float().map(f32Bits),
  // small integers and halves (nearest/trunc/ceil/floor ties), up to 2^25
  fc.integer({ min: -(2 ** 26), max: 2 ** 26 }).map((k) => f32Bits(k / 2)),
  fc
    .tuple(fc.constantFrom(...F32_EDGES), fc.integer({ min: -3, max: 3 }), fc.boolean())
    .map(([b, d, neg]) => ((b + d) ^ (neg ? 0x80000000 : 0)) | 0),
);

const F64_EDGES = [
  0, 0.5, 1, 1.5, 2.5, 2 ** 23, 2 ** 24, 2 ** 31, 2 ** 31 + 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52, 2 ** 53, 2 ** 63, 2 ** 64,
  Number.MAX_VALUE, 2.2250738585072014e-308, 5e-324, 3.4028234663852886e38, 1.1754943508222875e-38,
  1.401298464324817e-45, 0.7006492321624085e-45,
].map(f64Bits);
const F64_SPECIAL_BITS: bigint[] = [
  0n, -(2n ** 63n), 0x7ff0000000000000n, BigInt.asIntN(64, 0xfff0000000000000n), CANON_F64,
  BigInt.asIntN(64, 0xfff8000000000000n), 0x7ff4000000000000n, 0x7ff0000000000001n, -1n, MAX64, 1n,
];
const f64Arb: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: MIN64, max: MAX64 }),
  fc.constantFrom(...F64_SPECIAL_BITS),
  fc.double().map(f64Bits),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((k) => f64Bits(k / 2)),
  // f32-exact values, for demote/promote round trips
  fc.float().map((x) => f64Bits(x)),
  fc
    .tuple(fc.constantFrom(...F64_EDGES), fc.integer({ min: -3, max: 3 }), fc.boolean())
    .map(([b, d, neg]) => BigInt.asIntN(64, (b + BigInt(d)) ^ (neg ? MIN64 : 0n))),
);

const ARB: Record<T, fc.Arbitrary<Bits>> = { i32: i32Arb, i64: i64Arb, f32: f32Arb, f64: f64Arb };
const SPECIALS: Record<T, Bits[]> = {
  i32: I32_SPECIALS,
  i64: I64_SPECIALS,
  f32: [...F32_SPECIAL_BITS, ...F32_EDGES],
  f64: [...F64_SPECIAL_BITS, ...F64_EDGES],
};

// ---------------------------------------------------------------------------------------------
// Differential tests against V8

describe('numeric ops vs V8 WebAssembly', () => {
  it('the oracle module exports every case', () => {
    expect(Object.keys(oracle).sort()).toEqual(CASES.map((c) => c.name).sort());
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: every pair of special values', (_n, c) => {
    const lists = c.params.map((t) => SPECIALS[t]);
    if (lists.length === 1) for (const a of lists[0]!) agree(c, [a]);
    else for (const a of lists[0]!) for (const b of lists[1]!) agree(c, [a, b]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: random bit patterns', (_n, c) => {
    const arb = fc.tuple(...c.params.map((t) => ARB[t]));
    fc.assert(
      fc.property(arb, (args) => {
        agree(c, args);
      }),
      FC,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// i64 vs BigInt, with the result written over an operand

type Ref = (a: bigint, b: bigint) => bigint | { trap: number };
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const I64_REF: [string, Ref][] = [
  ['i64.add', (a, b) => s64(a + b)],
  ['i64.sub', (a, b) => s64(a - b)],
  ['i64.mul', (a, b) => s64(a * b)],
  ['i64.div_s', (a, b) => (b === 0n ? { trap: DIV0 } : a === MIN64 && b === -1n ? { trap: OVF } : a / b)],
  ['i64.div_u', (a, b) => (b === 0n ? { trap: DIV0 } : s64(u64(a) / u64(b)))],
  ['i64.rem_s', (a, b) => (b === 0n ? { trap: DIV0 } : s64(a % b))],
  ['i64.rem_u', (a, b) => (b === 0n ? { trap: DIV0 } : s64(u64(a) % u64(b)))],
  ['i64.shl', (a, b) => s64(a << (b & 63n))],
  ['i64.shr_s', (a, b) => a >> (b & 63n)],
  ['i64.shr_u', (a, b) => s64(u64(a) >> (b & 63n))],
  ['i64.rotl', (a, b) => s64((u64(a) << (b & 63n)) | (u64(a) >> (64n - (b & 63n))))],
  ['i64.rotr', (a, b) => s64((u64(a) >> (b & 63n)) | (u64(a) << (64n - (b & 63n))))],
];
const I64_UNARY: [string, (a: bigint) => bigint][] = [
  ['i64.clz', (a) => (a === 0n ? 64n : 64n - BigInt(u64(a).toString(2).length))],
  ['i64.ctz', (a) => (a === 0n ? 64n : BigInt(u64(a).toString(2).length - u64(a).toString(2).lastIndexOf('1') - 1))],
  ['i64.popcnt', (a) => BigInt([...u64(a).toString(2)].filter((c) => c === '1').length)],
  ['i64.extend8_s', (a) => BigInt.asIntN(8, a)],
  ['i64.extend16_s', (a) => BigInt.asIntN(16, a)],
  ['i64.extend32_s', (a) => BigInt.asIntN(32, a)],
];

/**
 * Each i64 op four ways: `NAME` (the result in a fresh register), `NAME/a` and `NAME/b` (the
 * result written over operand a / b: `local.set` of the result redirects it into that local, which
 * is also an operand register), and `NAME/aa` (both operands and the result one register).
 */
const aliasWat = [
  ...I64_REF.map(([n]) => `(func (export "${n}") (param i64 i64) (result i64) (${n} (local.get 0) (local.get 1)))
  (func (export "${n}/a") (param i64 i64) (result i64) (local.set 0 (${n} (local.get 0) (local.get 1))) (local.get 0))
  (func (export "${n}/b") (param i64 i64) (result i64) (local.set 1 (${n} (local.get 0) (local.get 1))) (local.get 1))
  (func (export "${n}/aa") (param i64) (result i64) (local.set 0 (${n} (local.get 0) (local.get 0))) (local.get 0))`),
  ...I64_UNARY.map(([n]) => `(func (export "${n}") (param i64) (result i64) (${n} (local.get 0)))
  (func (export "${n}/a") (param i64) (result i64) (local.set 0 (${n} (local.get 0))) (local.get 0))`),
].join('\n');
const aliasModule = wabt.parseWat('i64-alias.wat', `(module ${aliasWat})`);
const aliased = instantiate(compile(aliasModule.toBinary({}).buffer));
aliasModule.destroy();

function checkI64(name: string, ref: Ref, a: bigint, b: bigint): void {
  const want = ref(a, b);
  const expected: Outcome = typeof want === 'bigint' ? { bits: want } : want;
  const where = `${name}(${a}, ${b})`;
  expect(run(aliased, name, [a, b]), where).toEqual(expected);
  expect(run(aliased, `${name}/a`, [a, b]), `${where}, result over a`).toEqual(expected);
  expect(run(aliased, `${name}/b`, [a, b]), `${where}, result over b`).toEqual(expected);
  if (a === b) expect(run(aliased, `${name}/aa`, [a]), `${where}, all one register`).toEqual(expected);
}

describe('i64 ops vs BigInt', () => {
  it.each(I64_REF)('%s: every pair of special values', (name, ref) => {
    for (const a of I64_SPECIALS) for (const b of I64_SPECIALS) checkI64(name, ref, a, b);
    for (const a of I64_SPECIALS) checkI64(name, ref, a, a);
  });

  it.each(I64_REF)('%s: random operands', (name, ref) => {
    fc.assert(
      fc.property(i64Arb, i64Arb, (a, b) => {
        checkI64(name, ref, a, b);
      }),
      FC,
    );
  });

  it('unsigned division with a ≥ 2^32 divisor and a ≥ 2^53 dividend (the shift-subtract path)', () => {
    const big = fc.bigInt({ min: 1n << 53n, max: (1n << 64n) - 1n });
    const div = fc.integer({ min: 33, max: 64 }).chain((e) => fc.bigInt({ min: 1n << 32n, max: (1n << BigInt(e)) - 1n }));
    const refs = new Map(I64_REF);
    fc.assert(
      fc.property(big, div, (n, d) => {
        for (const name of ['i64.div_u', 'i64.rem_u', 'i64.div_s', 'i64.rem_s']) {
          const ref = refs.get(name)!;
          checkI64(name, ref, s64(n), s64(d));
          checkI64(name, ref, s64(-n), s64(d));
          checkI64(name, ref, s64(n), s64(-d));
        }
      }),
      FC,
    );
  });

  it.each(I64_UNARY)('%s: specials and random operands, in place and not', (name, ref) => {
    const check = (a: bigint): void => {
      expect(run(aliased, name, [a]), `${name}(${a})`).toEqual({ bits: ref(a) });
      expect(run(aliased, `${name}/a`, [a]), `${name}(${a}) in place`).toEqual({ bits: ref(a) });
    };
    I64_SPECIALS.forEach(check);
    fc.assert(fc.property(i64Arb, check), FC);
  });

  const CMP: [string, (a: bigint, b: bigint) => boolean][] = [
    ['i64.eq', (a, b) => a === b],
    ['i64.ne', (a, b) => a !== b],
    ['i64.lt_s', (a, b) => a < b],
    ['i64.lt_u', (a, b) => u64(a) < u64(b)],
    ['i64.gt_s', (a, b) => a > b],
    ['i64.gt_u', (a, b) => u64(a) > u64(b)],
    ['i64.le_s', (a, b) => a <= b],
    ['i64.le_u', (a, b) => u64(a) <= u64(b)],
    ['i64.ge_s', (a, b) => a >= b],
    ['i64.ge_u', (a, b) => u64(a) >= u64(b)],
  ];
  it.each(CMP)('%s: specials and random operands', (name, ref) => {
    const c = BY_NAME.get(name)!;
    const check = (a: bigint, b: bigint): void => {
      expect(ours(c, [a, b]), `(${a}, ${b})`).toEqual({ bits: ref(a, b) ? 1 : 0 });
    };
    for (const a of I64_SPECIALS) for (const b of I64_SPECIALS) check(a, b);
    fc.assert(fc.property(i64Arb, i64Arb, check), FC);
  });
});

// ---------------------------------------------------------------------------------------------
// Edge tables with the expected values written out

type Expect = bigint | { trap: number };
const I64_EDGES: { op: string; a: bigint; b: bigint; expected: Expect }[] = [
  { op: 'i64.div_s', a: MIN64, b: -1n, expected: { trap: OVF } },
  { op: 'i64.div_s', a: MIN64, b: 1n, expected: MIN64 },
  { op: 'i64.div_s', a: MIN64, b: 2n, expected: -(2n ** 62n) },
  { op: 'i64.div_s', a: 7n, b: -2n, expected: -3n },
  { op: 'i64.div_s', a: -7n, b: 2n, expected: -3n },
  { op: 'i64.div_s', a: 1n, b: 0n, expected: { trap: DIV0 } },
  { op: 'i64.div_s', a: 0n, b: 0n, expected: { trap: DIV0 } },
  { op: 'i64.div_u', a: 1n, b: 0n, expected: { trap: DIV0 } },
  { op: 'i64.div_u', a: MIN64, b: -1n, expected: 0n },
  { op: 'i64.div_u', a: -1n, b: 2n, expected: MAX64 },
  { op: 'i64.div_u', a: -1n, b: 10n, expected: 1844674407370955161n },
  { op: 'i64.rem_s', a: MIN64, b: -1n, expected: 0n },
  { op: 'i64.rem_s', a: -7n, b: 2n, expected: -1n },
  { op: 'i64.rem_s', a: 7n, b: -2n, expected: 1n },
  { op: 'i64.rem_s', a: 1n, b: 0n, expected: { trap: DIV0 } },
  { op: 'i64.rem_u', a: -1n, b: 10n, expected: 5n },
  { op: 'i64.rem_u', a: MIN64, b: -1n, expected: MIN64 },
  { op: 'i64.rem_u', a: 1n, b: 0n, expected: { trap: DIV0 } },
  { op: 'i64.mul', a: MAX64, b: MAX64, expected: 1n },
  { op: 'i64.mul', a: MIN64, b: -1n, expected: MIN64 },
  { op: 'i64.mul', a: 0x100000001n, b: 0x100000001n, expected: 0x200000001n },
  { op: 'i64.shl', a: 1n, b: 0n, expected: 1n },
  { op: 'i64.shl', a: 1n, b: 63n, expected: MIN64 },
  { op: 'i64.shl', a: 1n, b: 64n, expected: 1n },
  { op: 'i64.shl', a: 1n, b: 65n, expected: 2n },
  { op: 'i64.shl', a: 1n, b: -1n, expected: MIN64 },
  { op: 'i64.shl', a: 0xffffffffn, b: 32n, expected: -(2n ** 32n) },
  { op: 'i64.shr_s', a: MIN64, b: 63n, expected: -1n },
  { op: 'i64.shr_s', a: MIN64, b: 64n, expected: MIN64 },
  { op: 'i64.shr_s', a: MIN64, b: -1n, expected: -1n },
  { op: 'i64.shr_s', a: MIN64, b: 32n, expected: -(2n ** 31n) },
  { op: 'i64.shr_u', a: MIN64, b: 63n, expected: 1n },
  { op: 'i64.shr_u', a: -1n, b: 32n, expected: 0xffffffffn },
  { op: 'i64.shr_u', a: -1n, b: 65n, expected: MAX64 },
  { op: 'i64.rotl', a: MIN64, b: 1n, expected: 1n },
  { op: 'i64.rotl', a: 0x0123456789abcdefn, b: 32n, expected: BigInt.asIntN(64, 0x89abcdef01234567n) },
  { op: 'i64.rotl', a: 0x0123456789abcdefn, b: 64n, expected: 0x0123456789abcdefn },
  { op: 'i64.rotr', a: 1n, b: 1n, expected: MIN64 },
  { op: 'i64.rotr', a: 0x0123456789abcdefn, b: -4n, expected: 0x123456789abcdef0n },
  { op: 'i64.add', a: MAX64, b: 1n, expected: MIN64 },
  { op: 'i64.add', a: 0xffffffffn, b: 1n, expected: 0x100000000n },
  { op: 'i64.sub', a: MIN64, b: 1n, expected: MAX64 },
  { op: 'i64.sub', a: 0x100000000n, b: 1n, expected: 0xffffffffn },
];

describe('edge tables', () => {
  it.each(I64_EDGES)('$op($a, $b)', ({ op, a, b, expected }) => {
    const got = ours(BY_NAME.get(op)!, [a, b]);
    if (typeof expected === 'bigint') {
      expect(got).toEqual({ bits: expected });
    } else {
      expect(got).toEqual(expected);
      expect(TRAP_MESSAGES[expected.trap]).toBe(expected.trap === DIV0 ? 'integer divide by zero' : 'integer overflow');
    }
    agree(BY_NAME.get(op)!, [a, b]); // and V8 agrees with the table
  });

  it.each([
    { a: 7, b: 0, expected: DIV0 },
    { a: 0, b: 0, expected: DIV0 },
    { a: -0x80000000, b: -1, expected: OVF },
    { a: -0x80000000, b: 1, expected: 0 },
    { a: 0x7fffffff, b: -1, expected: 0 },
  ])('i32.div_s($a, $b) traps with code $expected (0: no trap)', ({ a, b, expected }) => {
    const got = ours(BY_NAME.get('i32.div_s')!, [a, b]);
    if (expected === 0) expect(got).toEqual({ bits: (a / b) | 0 });
    else expect(got).toEqual({ trap: expected });
  });

  it.each([
    { op: 'i32.rem_s', a: -0x80000000, b: -1, expected: 0 },
    { op: 'i32.rem_s', a: -7, b: 2, expected: -1 },
    { op: 'i32.div_s', a: -7, b: 2, expected: -3 },
    { op: 'i32.div_u', a: -1, b: 2, expected: 0x7fffffff },
    { op: 'i32.div_u', a: -1, b: 1, expected: -1 },
    { op: 'i32.rem_u', a: -1, b: 10, expected: 5 },
    { op: 'i32.rotl', a: 0x80000001 | 0, b: 0, expected: 0x80000001 | 0 },
    { op: 'i32.rotl', a: 0x80000001 | 0, b: 1, expected: 3 },
    { op: 'i32.rotr', a: 3, b: 33, expected: 0x80000001 | 0 },
    { op: 'i32.ctz', a: 0, b: 0, expected: 32 },
    { op: 'i32.ctz', a: -0x80000000, b: 0, expected: 31 },
    { op: 'i32.popcnt', a: -1, b: 0, expected: 32 },
  ])('$op($a, $b) = $expected', ({ op, a, b, expected }) => {
    const c = BY_NAME.get(op)!;
    const args = c.params.length === 1 ? [a] : [a, b];
    expect(ours(c, args)).toEqual({ bits: expected });
    agree(c, args);
  });

  // Truncations: [op, input, expected] with inputs as JS numbers (f32 ones are f32-exact).
  const TRUNC: [string, number, Expect][] = [
    ['i32.trunc_f64_s', -2147483648.0, -2147483648n],
    ['i32.trunc_f64_s', -2147483648.9, -2147483648n],
    ['i32.trunc_f64_s', -2147483649.0, { trap: OVF }],
    ['i32.trunc_f64_s', 2147483647.0, 2147483647n],
    ['i32.trunc_f64_s', 2147483647.9, 2147483647n],
    ['i32.trunc_f64_s', 2147483648.0, { trap: OVF }],
    ['i32.trunc_f64_s', -0.9999, 0n],
    ['i32.trunc_f64_s', -0, 0n],
    ['i32.trunc_f64_s', NaN, { trap: INV }],
    ['i32.trunc_f64_s', Infinity, { trap: OVF }],
    ['i32.trunc_f64_s', -Infinity, { trap: OVF }],
    ['i32.trunc_f64_u', -0.9999, 0n],
    ['i32.trunc_f64_u', -1.0, { trap: OVF }],
    ['i32.trunc_f64_u', 2147483648.0, -2147483648n],
    ['i32.trunc_f64_u', 4294967295.0, -1n],
    ['i32.trunc_f64_u', 4294967295.9, -1n],
    ['i32.trunc_f64_u', 4294967296.0, { trap: OVF }],
    ['i32.trunc_f64_u', NaN, { trap: INV }],
    ['i32.trunc_f32_s', -2147483648.0, -2147483648n],
    ['i32.trunc_f32_s', -2147483904.0, { trap: OVF }],
    ['i32.trunc_f32_s', 2147483520.0, 2147483520n],
    ['i32.trunc_f32_s', 2147483648.0, { trap: OVF }],
    ['i32.trunc_f32_s', -1.5, -1n],
    ['i32.trunc_f32_s', NaN, { trap: INV }],
    ['i32.trunc_f32_u', 4294967040.0, -256n],
    ['i32.trunc_f32_u', 4294967296.0, { trap: OVF }],
    ['i32.trunc_f32_u', Math.fround(-0.9999), 0n],
    ['i32.trunc_f32_u', -1.0, { trap: OVF }],
    ['i32.trunc_f32_u', -Infinity, { trap: OVF }],
    ['i64.trunc_f64_s', -9223372036854775808, MIN64],
    ['i64.trunc_f64_s', -9223372036854777856, { trap: OVF }],
    ['i64.trunc_f64_s', 9223372036854775807, { trap: OVF }], // = 2^63 as an f64
    ['i64.trunc_f64_s', 9223372036854774784, 9223372036854774784n],
    ['i64.trunc_f64_s', -4294967296.5, -4294967296n],
    ['i64.trunc_f64_s', -0.9999, 0n],
    ['i64.trunc_f64_s', NaN, { trap: INV }],
    ['i64.trunc_f64_s', -Infinity, { trap: OVF }],
    ['i64.trunc_f64_u', 18446744073709549568, -2048n],
    ['i64.trunc_f64_u', 18446744073709551616, { trap: OVF }],
    ['i64.trunc_f64_u', 9223372036854775808, MIN64],
    ['i64.trunc_f64_u', -0.9999, 0n],
    ['i64.trunc_f64_u', -1.0, { trap: OVF }],
    ['i64.trunc_f64_u', NaN, { trap: INV }],
    ['i64.trunc_f32_s', -9223372036854775808, MIN64],
    ['i64.trunc_f32_s', 9223372036854775808, { trap: OVF }],
    ['i64.trunc_f32_s', 9223371487098961920, 9223371487098961920n],
    ['i64.trunc_f32_s', -9223373136366403584, { trap: OVF }],
    ['i64.trunc_f32_u', 18446742974197923840, -1099511627776n],
    ['i64.trunc_f32_u', 18446744073709551616, { trap: OVF }],
    ['i64.trunc_f32_u', NaN, { trap: INV }],
  ];
  it.each(TRUNC)('%s(%d)', (op, x, expected) => {
    const c = BY_NAME.get(op)!;
    const arg: Bits = c.params[0] === 'f32' ? f32Bits(x) : f64Bits(x);
    if (c.params[0] === 'f32') expect(Math.fround(x)).toBe(x);
    const mine = ours(c, [arg]);
    if (typeof expected === 'bigint') {
      expect(mine).toEqual({ bits: c.result === 'i32' ? Number(expected) : expected });
    } else {
      expect(mine).toEqual(expected);
      expect(TRAP_MESSAGES[expected.trap]).toBe(
        expected.trap === INV ? 'invalid conversion to integer' : 'integer overflow',
      );
    }
    agree(c, [arg]);
    // the saturating twin: the same value, or the clamp
    const sat = BY_NAME.get(op.replace('trunc_', 'trunc_sat_'))!;
    const satOurs = ours(sat, [arg]);
    if (typeof expected === 'bigint') expect(satOurs).toEqual(mine);
    else {
      const signed = op.endsWith('_s');
      const is32 = op.startsWith('i32');
      const clamp = x !== x ? 0n : x < 0 ? (signed ? (is32 ? -(2n ** 31n) : MIN64) : 0n) : signed ? (is32 ? 2n ** 31n - 1n : MAX64) : -1n;
      expect(satOurs).toEqual({ bits: is32 ? Number(clamp) : clamp });
    }
    agree(sat, [arg]);
  });

  // i64 → float: the double-rounding traps.
  const CONVERT: [string, bigint, number][] = [
    ['f32.convert_i64_u', 0x0020000020000001n, 9007200328482816], // 2^53 + 2^30, not 2^53
    ['f32.convert_i64_s', 0x0020000020000001n, 9007200328482816],
    ['f32.convert_i64_s', -0x0020000020000001n, -9007200328482816],
    ['f32.convert_i64_u', 0x0020000020000000n, 9007199254740992], // exact tie → even
    ['f32.convert_i64_u', 16777217n, 16777216], // 2^24 + 1: tie → even
    ['f32.convert_i64_u', 16777219n, 16777220], // 2^24 + 3: tie → even (up)
    ['f32.convert_i64_s', -16777217n, -16777216],
    ['f32.convert_i64_u', 0x7fffff4000000001n, 9223371487098961920], // above the tie → up
    ['f32.convert_i64_u', 0x7fffff4000000000n, 9223371487098961920 - 2 ** 39], // tie → even (down)
    ['f32.convert_i64_u', -1n, 18446744073709551616],
    ['f32.convert_i64_s', MIN64, -9223372036854775808],
    ['f32.convert_i64_s', MAX64, 9223372036854775808],
    ['f64.convert_i64_u', 9007199254740993n, 9007199254740992], // 2^53 + 1: tie → even
    ['f64.convert_i64_u', 9007199254740995n, 9007199254740996],
    ['f64.convert_i64_s', -9007199254740993n, -9007199254740992],
    ['f64.convert_i64_u', -1n, 18446744073709551616],
    ['f64.convert_i64_u', 0xfffffffffffffc00n, 18446744073709551616], // tie → even (up)
    ['f64.convert_i64_u', 0xfffffffffffffbffn, 18446744073709549568],
    ['f64.convert_i64_s', MIN64, -9223372036854775808],
    ['f64.convert_i64_s', -1n, -1],
  ];
  it.each(CONVERT)('%s(%d)', (op, a, expected) => {
    const c = BY_NAME.get(op)!;
    expect(ours(c, [a])).toEqual({ bits: c.result === 'f32' ? f32Bits(expected) : f64Bits(expected) });
    agree(c, [a]);
  });

  it.each([
    ['f64', 'min', -0, 0, -0],
    ['f64', 'min', 0, -0, -0],
    ['f64', 'max', -0, 0, 0],
    ['f64', 'max', 0, -0, 0],
    ['f64', 'min', NaN, 1, NaN],
    ['f64', 'max', 1, NaN, NaN],
    ['f64', 'min', -Infinity, NaN, NaN],
    ['f32', 'min', -0, 0, -0],
    ['f32', 'max', -0, 0, 0],
    ['f32', 'max', NaN, Infinity, NaN],
    ['f64', 'nearest', 0.5, 0, 0],
    ['f64', 'nearest', 1.5, 0, 2],
    ['f64', 'nearest', 2.5, 0, 2],
    ['f64', 'nearest', -0.5, 0, -0],
    ['f64', 'nearest', -1.5, 0, -2],
    ['f64', 'nearest', -2.5, 0, -2],
    ['f64', 'nearest', 0.49999999999999994, 0, 0],
    ['f64', 'nearest', 4503599627370495.5, 0, 4503599627370496],
    ['f64', 'nearest', 4503599627370497, 0, 4503599627370497],
    ['f64', 'nearest', -0, 0, -0],
    ['f64', 'nearest', -Infinity, 0, -Infinity],
    ['f64', 'nearest', NaN, 0, NaN],
    ['f32', 'nearest', 8388607.5, 0, 8388608],
    ['f32', 'nearest', 8388606.5, 0, 8388606],
    ['f32', 'nearest', 8388609, 0, 8388609],
    ['f32', 'nearest', -0.5, 0, -0],
    ['f32', 'ceil', -0.5, 0, -0],
    ['f32', 'floor', -0, 0, -0],
    ['f32', 'trunc', -0.9, 0, -0],
    ['f64', 'ceil', -0.5, 0, -0],
    ['f64', 'floor', 0.5, 0, 0],
    ['f64', 'trunc', -1.5, 0, -1],
    ['f32', 'sqrt', -0, 0, -0],
    ['f32', 'sqrt', -1, 0, NaN],
    ['f64', 'sqrt', -Infinity, 0, NaN],
  ] as const)('%s.%s(%d, %d) = %d', (t, op, a, b, expected) => {
    const c = BY_NAME.get(`${t}.${op}`)!;
    const bits = (x: number): Bits => (t === 'f32' ? f32Bits(Math.fround(x)) : f64Bits(x));
    const args = c.params.length === 1 ? [bits(a)] : [bits(a), bits(b)];
    const want: Bits =
      expected !== expected ? (t === 'f32' ? CANON_F32 : CANON_F64) : bits(expected);
    expect(ours(c, args)).toEqual({ bits: want });
    agree(c, args);
  });
});
