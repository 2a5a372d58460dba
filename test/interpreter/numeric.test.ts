/**
 * Tests of src/interpreter/numeric.ts (spec §4.3 "Numerics").
 *
 * Oracles: BigInt for the i64 ops, and V8's native `WebAssembly` for every op: a module built
 * with wabt exports one function per instruction, floats passed and returned as their bits
 * (`f32.reinterpret_i32` / `i32.reinterpret_f32`, f64 through i64 = BigInt) so NaN payloads
 * survive. Results must be bit-equal, except that where V8 returns a NaN ours must be exactly
 * the canonical NaN. Traps: V8 throws a RuntimeError exactly when ours returns a trap code, and
 * V8's message (its own wording) maps to our code. fast-check runs use one printed seed;
 * replay with `FC_SEED=<seed> npx vitest run test/interpreter/numeric.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import wabtInit from 'wabt';
import { TRAP_MESSAGES, TrapCode } from '../../src/errors.js';
import * as N from '../../src/interpreter/numeric.js';

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
/** Our f32 result as stored bits (through writeF32, as the interpreter will). */
function oursF32Bits(x: number): number {
  N.writeF32(sI32, sF32, 0, x);
  return sI32[0]!;
}
/** Our f64 result as stored bits (through writeF64). */
function oursF64Bits(x: number): bigint {
  N.writeF64(sI32, sF64, 0, x);
  return sI64[0]!;
}
function lo(x: bigint): number {
  return Number(BigInt.asIntN(32, x));
}
function hi(x: bigint): number {
  return Number(BigInt.asIntN(32, x >> 32n));
}
function join(l: number, h: number): bigint {
  return BigInt.asIntN(64, (BigInt(h) << 32n) | BigInt(l >>> 0));
}
const isNaNF32Bits = (b: number): boolean => (b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0;
const isNaNF64Bits = (b: bigint): boolean =>
  (b & 0x7ff0000000000000n) === 0x7ff0000000000000n && (b & 0xfffffffffffffn) !== 0n;
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
  /** Ours, on bit patterns. */
  ours: (args: Bits[]) => Outcome;
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

// Adapters: our function shapes on bit-pattern arguments.
const I = (a: Bits): number => a as number;
const L = (a: Bits): bigint => a as bigint;
const F32 = (a: Bits): number => f32FromBits(a as number);
const F64 = (a: Bits): number => f64FromBits(a as bigint);
const asF32 = (x: number): Outcome => ({ bits: oursF32Bits(x) });
const asF64 = (x: number): Outcome => ({ bits: oursF64Bits(x) });
const asI32 = (x: number): Outcome => ({ bits: x });

type I64Bin = (v: Int32Array, dst: number, a: number, b: number) => number | void;
type I64Un = (v: Int32Array, dst: number, a: number) => void;
function i64Bin(fn: I64Bin) {
  return (args: Bits[]): Outcome => {
    const v = new Int32Array(6).fill(0x5a5a5a5a);
    const a = L(args[0]!);
    const b = L(args[1]!);
    v[0] = lo(a);
    v[1] = hi(a);
    v[2] = lo(b);
    v[3] = hi(b);
    const code = fn(v, 4, 0, 2) ?? 0;
    return code !== 0 ? { trap: code } : { bits: join(v[4]!, v[5]!) };
  };
}
function i64Un(fn: I64Un) {
  return (args: Bits[]): Outcome => {
    const v = new Int32Array(4).fill(0x5a5a5a5a);
    const a = L(args[0]!);
    v[0] = lo(a);
    v[1] = hi(a);
    fn(v, 2, 0);
    return { bits: join(v[2]!, v[3]!) };
  };
}
function i64Cmp(fn: (l1: number, h1: number, l2: number, h2: number) => number) {
  return (args: Bits[]): Outcome => {
    const a = L(args[0]!);
    const b = L(args[1]!);
    return { bits: fn(lo(a), hi(a), lo(b), hi(b)) };
  };
}
function i32Check(check: (a: number, b: number) => number, fn: (a: number, b: number) => number) {
  return (args: Bits[]): Outcome => {
    const code = check(I(args[0]!), I(args[1]!));
    return code !== 0 ? { trap: code } : { bits: fn(I(args[0]!), I(args[1]!)) };
  };
}
const checkZero = (_a: number, b: number): number => (b === 0 ? DIV0 : 0);
function trunc32(check: (x: number) => number, fn: (x: number) => number, src: T) {
  return (args: Bits[]): Outcome => {
    const x = src === 'f32' ? F32(args[0]!) : F64(args[0]!);
    const code = check(x);
    return code !== 0 ? { trap: code } : { bits: fn(x) };
  };
}
function trunc64(fn: (v: Int32Array, dst: number, x: number) => number | void, src: T) {
  return (args: Bits[]): Outcome => {
    const x = src === 'f32' ? F32(args[0]!) : F64(args[0]!);
    const v = new Int32Array(2).fill(0x5a5a5a5a);
    const code = fn(v, 0, x) ?? 0;
    return code !== 0 ? { trap: code } : { bits: join(v[0]!, v[1]!) };
  };
}

const CASES: OpCase[] = [
  // i32 (the ones numeric.ts provides)
  { name: 'i32.div_s', params: ['i32', 'i32'], result: 'i32', ours: i32Check(N.checkI32DivS, N.i32DivS) },
  { name: 'i32.div_u', params: ['i32', 'i32'], result: 'i32', ours: i32Check(checkZero, N.i32DivU) },
  { name: 'i32.rem_s', params: ['i32', 'i32'], result: 'i32', ours: i32Check(checkZero, N.i32RemS) },
  { name: 'i32.rem_u', params: ['i32', 'i32'], result: 'i32', ours: i32Check(checkZero, N.i32RemU) },
  { name: 'i32.rotl', params: ['i32', 'i32'], result: 'i32', ours: (a) => asI32(N.i32Rotl(I(a[0]!), I(a[1]!))) },
  { name: 'i32.rotr', params: ['i32', 'i32'], result: 'i32', ours: (a) => asI32(N.i32Rotr(I(a[0]!), I(a[1]!))) },
  { name: 'i32.ctz', params: ['i32'], result: 'i32', ours: (a) => asI32(N.i32Ctz(I(a[0]!))) },
  { name: 'i32.popcnt', params: ['i32'], result: 'i32', ours: (a) => asI32(N.i32Popcnt(I(a[0]!))) },
  // i64
  { name: 'i64.add', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64Add) },
  { name: 'i64.sub', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64Sub) },
  { name: 'i64.mul', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64Mul) },
  { name: 'i64.div_s', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64DivS) },
  { name: 'i64.div_u', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64DivU) },
  { name: 'i64.rem_s', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64RemS) },
  { name: 'i64.rem_u', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64RemU) },
  { name: 'i64.shl', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64Shl) },
  { name: 'i64.shr_s', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64ShrS) },
  { name: 'i64.shr_u', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64ShrU) },
  { name: 'i64.rotl', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64Rotl) },
  { name: 'i64.rotr', params: ['i64', 'i64'], result: 'i64', ours: i64Bin(N.i64Rotr) },
  { name: 'i64.clz', params: ['i64'], result: 'i64', ours: i64Un(N.i64Clz) },
  { name: 'i64.ctz', params: ['i64'], result: 'i64', ours: i64Un(N.i64Ctz) },
  { name: 'i64.popcnt', params: ['i64'], result: 'i64', ours: i64Un(N.i64Popcnt) },
  { name: 'i64.extend8_s', params: ['i64'], result: 'i64', ours: i64Un(N.i64Extend8S) },
  { name: 'i64.extend16_s', params: ['i64'], result: 'i64', ours: i64Un(N.i64Extend16S) },
  { name: 'i64.extend32_s', params: ['i64'], result: 'i64', ours: i64Un(N.i64Extend32S) },
  { name: 'i64.eq', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64Eq) },
  { name: 'i64.ne', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64Ne) },
  { name: 'i64.lt_s', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64LtS) },
  { name: 'i64.lt_u', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64LtU) },
  { name: 'i64.gt_s', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64GtS) },
  { name: 'i64.gt_u', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64GtU) },
  { name: 'i64.le_s', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64LeS) },
  { name: 'i64.le_u', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64LeU) },
  { name: 'i64.ge_s', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64GeS) },
  { name: 'i64.ge_u', params: ['i64', 'i64'], result: 'i32', ours: i64Cmp(N.i64GeU) },
  {
    name: 'i64.extend_i32_s',
    params: ['i32'],
    result: 'i64',
    ours: (a) => i64Un((v, d, s) => N.i64ExtendI32S(v, d, v[s]!))([BigInt(I(a[0]!))]),
  },
  {
    name: 'i64.extend_i32_u',
    params: ['i32'],
    result: 'i64',
    ours: (a) => i64Un((v, d, s) => N.i64ExtendI32U(v, d, v[s]!))([BigInt(I(a[0]!))]),
  },
  // f32
  { name: 'f32.add', params: ['f32', 'f32'], result: 'f32', ours: (a) => asF32(N.f32Add(F32(a[0]!), F32(a[1]!))) },
  { name: 'f32.sub', params: ['f32', 'f32'], result: 'f32', ours: (a) => asF32(N.f32Sub(F32(a[0]!), F32(a[1]!))) },
  { name: 'f32.mul', params: ['f32', 'f32'], result: 'f32', ours: (a) => asF32(N.f32Mul(F32(a[0]!), F32(a[1]!))) },
  { name: 'f32.div', params: ['f32', 'f32'], result: 'f32', ours: (a) => asF32(N.f32Div(F32(a[0]!), F32(a[1]!))) },
  { name: 'f32.min', params: ['f32', 'f32'], result: 'f32', ours: (a) => asF32(N.f32Min(F32(a[0]!), F32(a[1]!))) },
  { name: 'f32.max', params: ['f32', 'f32'], result: 'f32', ours: (a) => asF32(N.f32Max(F32(a[0]!), F32(a[1]!))) },
  { name: 'f32.sqrt', params: ['f32'], result: 'f32', ours: (a) => asF32(N.f32Sqrt(F32(a[0]!))) },
  { name: 'f32.nearest', params: ['f32'], result: 'f32', ours: (a) => asF32(N.f32Nearest(F32(a[0]!))) },
  { name: 'f32.trunc', params: ['f32'], result: 'f32', ours: (a) => asF32(N.f32Trunc(F32(a[0]!))) },
  { name: 'f32.ceil', params: ['f32'], result: 'f32', ours: (a) => asF32(N.f32Ceil(F32(a[0]!))) },
  { name: 'f32.floor', params: ['f32'], result: 'f32', ours: (a) => asF32(N.f32Floor(F32(a[0]!))) },
  // f64
  { name: 'f64.min', params: ['f64', 'f64'], result: 'f64', ours: (a) => asF64(N.f64Min(F64(a[0]!), F64(a[1]!))) },
  { name: 'f64.max', params: ['f64', 'f64'], result: 'f64', ours: (a) => asF64(N.f64Max(F64(a[0]!), F64(a[1]!))) },
  { name: 'f64.sqrt', params: ['f64'], result: 'f64', ours: (a) => asF64(N.f64Sqrt(F64(a[0]!))) },
  { name: 'f64.nearest', params: ['f64'], result: 'f64', ours: (a) => asF64(N.f64Nearest(F64(a[0]!))) },
  { name: 'f64.trunc', params: ['f64'], result: 'f64', ours: (a) => asF64(N.f64Trunc(F64(a[0]!))) },
  { name: 'f64.ceil', params: ['f64'], result: 'f64', ours: (a) => asF64(N.f64Ceil(F64(a[0]!))) },
  { name: 'f64.floor', params: ['f64'], result: 'f64', ours: (a) => asF64(N.f64Floor(F64(a[0]!))) },
  // conversions
  { name: 'f32.demote_f64', params: ['f64'], result: 'f32', ours: (a) => asF32(N.f32DemoteF64(F64(a[0]!))) },
  { name: 'f64.promote_f32', params: ['f32'], result: 'f64', ours: (a) => asF64(N.f64PromoteF32(F32(a[0]!))) },
  { name: 'f32.convert_i32_s', params: ['i32'], result: 'f32', ours: (a) => asF32(N.f32ConvertI32S(I(a[0]!))) },
  { name: 'f32.convert_i32_u', params: ['i32'], result: 'f32', ours: (a) => asF32(N.f32ConvertI32U(I(a[0]!))) },
  { name: 'f64.convert_i32_u', params: ['i32'], result: 'f64', ours: (a) => asF64(N.f64ConvertI32U(I(a[0]!))) },
  {
    name: 'f32.convert_i64_s',
    params: ['i64'],
    result: 'f32',
    ours: (a) => asF32(N.f32ConvertI64S(lo(L(a[0]!)), hi(L(a[0]!)))),
  },
  {
    name: 'f32.convert_i64_u',
    params: ['i64'],
    result: 'f32',
    ours: (a) => asF32(N.f32ConvertI64U(lo(L(a[0]!)), hi(L(a[0]!)))),
  },
  {
    name: 'f64.convert_i64_s',
    params: ['i64'],
    result: 'f64',
    ours: (a) => asF64(N.f64ConvertI64S(lo(L(a[0]!)), hi(L(a[0]!)))),
  },
  {
    name: 'f64.convert_i64_u',
    params: ['i64'],
    result: 'f64',
    ours: (a) => asF64(N.f64ConvertI64U(lo(L(a[0]!)), hi(L(a[0]!)))),
  },
  { name: 'i32.trunc_f32_s', params: ['f32'], result: 'i32', ours: trunc32(N.checkI32TruncS, N.i32TruncF32S, 'f32') },
  { name: 'i32.trunc_f32_u', params: ['f32'], result: 'i32', ours: trunc32(N.checkI32TruncU, N.i32TruncF32U, 'f32') },
  { name: 'i32.trunc_f64_s', params: ['f64'], result: 'i32', ours: trunc32(N.checkI32TruncS, N.i32TruncF64S, 'f64') },
  { name: 'i32.trunc_f64_u', params: ['f64'], result: 'i32', ours: trunc32(N.checkI32TruncU, N.i32TruncF64U, 'f64') },
  { name: 'i64.trunc_f32_s', params: ['f32'], result: 'i64', ours: trunc64(N.i64TruncF32S, 'f32') },
  { name: 'i64.trunc_f32_u', params: ['f32'], result: 'i64', ours: trunc64(N.i64TruncF32U, 'f32') },
  { name: 'i64.trunc_f64_s', params: ['f64'], result: 'i64', ours: trunc64(N.i64TruncF64S, 'f64') },
  { name: 'i64.trunc_f64_u', params: ['f64'], result: 'i64', ours: trunc64(N.i64TruncF64U, 'f64') },
  { name: 'i32.trunc_sat_f32_s', params: ['f32'], result: 'i32', ours: (a) => asI32(N.i32TruncSatF32S(F32(a[0]!))) },
  { name: 'i32.trunc_sat_f32_u', params: ['f32'], result: 'i32', ours: (a) => asI32(N.i32TruncSatF32U(F32(a[0]!))) },
  { name: 'i32.trunc_sat_f64_s', params: ['f64'], result: 'i32', ours: (a) => asI32(N.i32TruncSatF64S(F64(a[0]!))) },
  { name: 'i32.trunc_sat_f64_u', params: ['f64'], result: 'i32', ours: (a) => asI32(N.i32TruncSatF64U(F64(a[0]!))) },
  { name: 'i64.trunc_sat_f32_s', params: ['f32'], result: 'i64', ours: trunc64(N.i64TruncSatF32S, 'f32') },
  { name: 'i64.trunc_sat_f32_u', params: ['f32'], result: 'i64', ours: trunc64(N.i64TruncSatF32U, 'f32') },
  { name: 'i64.trunc_sat_f64_s', params: ['f64'], result: 'i64', ours: trunc64(N.i64TruncSatF64S, 'f64') },
  { name: 'i64.trunc_sat_f64_u', params: ['f64'], result: 'i64', ours: trunc64(N.i64TruncSatF64U, 'f64') },
];
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

function v8(name: string, args: Bits[]): { bits: Bits } | { message: string } {
  try {
    return { bits: oracle[name]!(...args) };
  } catch (e) {
    if (!(e instanceof WA.RuntimeError)) throw e;
    return { message: e.message };
  }
}

/** Asserts ours agrees with V8 on one input (see the file comment for the rules). */
function agree(c: OpCase, args: Bits[]): void {
  const theirs = v8(c.name, args);
  const ours = c.ours(args);
  const where = `${c.name}(${args.map((a) => `0x${(typeof a === 'bigint' ? BigInt.asUintN(64, a) : a >>> 0).toString(16)}`).join(', ')})`;
  if ('message' in theirs) {
    expect('trap' in ours, `${where}: V8 trapped "${theirs.message}", ours did not`).toBe(true);
    const code = (ours as { trap: number }).trap;
    expect(v8TrapCodes(theirs.message), `${where}: trap code`).toContain(code);
    if (c.name.includes('trunc')) {
      const x = c.params[0] === 'f32' ? F32(args[0]!) : F64(args[0]!);
      expect(code, `${where}: NaN ⇔ invalid conversion`).toBe(x !== x ? INV : OVF);
    }
    return;
  }
  expect('bits' in ours, `${where}: ours trapped, V8 returned`).toBe(true);
  const got = (ours as { bits: Bits }).bits;
  if (c.result === 'f32' && isNaNF32Bits(theirs.bits as number)) {
    expect(got, `${where}: canonical NaN`).toBe(N.CANONICAL_NAN_F32_BITS);
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
// i64 vs BigInt, including dst aliasing an operand

type Ref = (a: bigint, b: bigint) => bigint | { trap: number };
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const I64_REF: [string, I64Bin, Ref][] = [
  ['i64.add', N.i64Add, (a, b) => s64(a + b)],
  ['i64.sub', N.i64Sub, (a, b) => s64(a - b)],
  ['i64.mul', N.i64Mul, (a, b) => s64(a * b)],
  ['i64.div_s', N.i64DivS, (a, b) => (b === 0n ? { trap: DIV0 } : a === MIN64 && b === -1n ? { trap: OVF } : a / b)],
  ['i64.div_u', N.i64DivU, (a, b) => (b === 0n ? { trap: DIV0 } : s64(u64(a) / u64(b)))],
  ['i64.rem_s', N.i64RemS, (a, b) => (b === 0n ? { trap: DIV0 } : s64(a % b))],
  ['i64.rem_u', N.i64RemU, (a, b) => (b === 0n ? { trap: DIV0 } : s64(u64(a) % u64(b)))],
  ['i64.shl', N.i64Shl, (a, b) => s64(a << (b & 63n))],
  ['i64.shr_s', N.i64ShrS, (a, b) => a >> (b & 63n)],
  ['i64.shr_u', N.i64ShrU, (a, b) => s64(u64(a) >> (b & 63n))],
  ['i64.rotl', N.i64Rotl, (a, b) => s64((u64(a) << (b & 63n)) | (u64(a) >> (64n - (b & 63n))))],
  ['i64.rotr', N.i64Rotr, (a, b) => s64((u64(a) >> (b & 63n)) | (u64(a) << (64n - (b & 63n))))],
];

function checkI64(fn: I64Bin, ref: Ref, a: bigint, b: bigint): void {
  const want = ref(a, b);
  const where = `(${a}, ${b})`;
  // layouts: [dst, a, b] = separate, dst = a, dst = b, a = b = dst (only if a === b)
  const layouts: [number, number, number][] = [[4, 0, 2], [0, 0, 2], [2, 0, 2]];
  for (const [d, ia, ib] of layouts) {
    const v = new Int32Array(6).fill(0x5a5a5a5a);
    v[ia] = lo(a);
    v[ia + 1] = hi(a);
    v[ib] = lo(b);
    v[ib + 1] = hi(b);
    const code = fn(v, d, ia, ib) ?? 0;
    if (typeof want === 'bigint') {
      expect(code, `${where} layout ${d},${ia},${ib}`).toBe(0);
      expect(join(v[d]!, v[d + 1]!), `${where} layout ${d},${ia},${ib}`).toBe(want);
    } else {
      expect(code, where).toBe(want.trap);
    }
  }
  if (a === b && typeof want === 'bigint') {
    const v = new Int32Array([lo(a), hi(a)]);
    fn(v, 0, 0, 0);
    expect(join(v[0]!, v[1]!), `${where} all aliased`).toBe(want);
  }
}

describe('i64 ops vs BigInt', () => {
  it.each(I64_REF)('%s: every pair of special values', (_n, fn, ref) => {
    for (const a of I64_SPECIALS) for (const b of I64_SPECIALS) checkI64(fn, ref, a, b);
    for (const a of I64_SPECIALS) checkI64(fn, ref, a, a);
  });

  it.each(I64_REF)('%s: random operands', (_n, fn, ref) => {
    fc.assert(
      fc.property(i64Arb, i64Arb, (a, b) => {
        checkI64(fn, ref, a, b);
      }),
      FC,
    );
  });

  it('unsigned division with a ≥ 2^32 divisor and a ≥ 2^53 dividend (the shift-subtract path)', () => {
    const big = fc.bigInt({ min: 1n << 53n, max: (1n << 64n) - 1n });
    const div = fc.integer({ min: 33, max: 64 }).chain((e) => fc.bigInt({ min: 1n << 32n, max: (1n << BigInt(e)) - 1n }));
    fc.assert(
      fc.property(big, div, (n, d) => {
        for (const [fn, ref] of [
          [N.i64DivU, (x: bigint, y: bigint) => s64(u64(x) / u64(y))],
          [N.i64RemU, (x: bigint, y: bigint) => s64(u64(x) % u64(y))],
          [N.i64DivS, (x: bigint, y: bigint) => (x === MIN64 && y === -1n ? { trap: OVF } : x / y)],
          [N.i64RemS, (x: bigint, y: bigint) => s64(x % y)],
        ] as [I64Bin, Ref][]) {
          checkI64(fn, ref, s64(n), s64(d));
          checkI64(fn, ref, s64(-n), s64(d));
          checkI64(fn, ref, s64(n), s64(-d));
        }
      }),
      FC,
    );
  });

  const UNARY: [string, I64Un, (a: bigint) => bigint][] = [
    ['i64.clz', N.i64Clz, (a) => (a === 0n ? 64n : 64n - BigInt(u64(a).toString(2).length))],
    ['i64.ctz', N.i64Ctz, (a) => (a === 0n ? 64n : BigInt(u64(a).toString(2).length - u64(a).toString(2).lastIndexOf('1') - 1))],
    ['i64.popcnt', N.i64Popcnt, (a) => BigInt([...u64(a).toString(2)].filter((c) => c === '1').length)],
    ['i64.extend8_s', N.i64Extend8S, (a) => BigInt.asIntN(8, a)],
    ['i64.extend16_s', N.i64Extend16S, (a) => BigInt.asIntN(16, a)],
    ['i64.extend32_s', N.i64Extend32S, (a) => BigInt.asIntN(32, a)],
  ];
  it.each(UNARY)('%s: specials and random operands, in place and not', (_n, fn, ref) => {
    const check = (a: bigint): void => {
      const v = new Int32Array([lo(a), hi(a), 0x5a5a5a5a, 0x5a5a5a5a]);
      fn(v, 2, 0);
      expect(join(v[2]!, v[3]!), `${a}`).toBe(ref(a));
      fn(v, 0, 0);
      expect(join(v[0]!, v[1]!), `${a} in place`).toBe(ref(a));
    };
    I64_SPECIALS.forEach(check);
    fc.assert(fc.property(i64Arb, check), FC);
  });

  const CMP: [string, (l1: number, h1: number, l2: number, h2: number) => number, (a: bigint, b: bigint) => boolean][] = [
    ['i64.eq', N.i64Eq, (a, b) => a === b],
    ['i64.ne', N.i64Ne, (a, b) => a !== b],
    ['i64.lt_s', N.i64LtS, (a, b) => a < b],
    ['i64.lt_u', N.i64LtU, (a, b) => u64(a) < u64(b)],
    ['i64.gt_s', N.i64GtS, (a, b) => a > b],
    ['i64.gt_u', N.i64GtU, (a, b) => u64(a) > u64(b)],
    ['i64.le_s', N.i64LeS, (a, b) => a <= b],
    ['i64.le_u', N.i64LeU, (a, b) => u64(a) <= u64(b)],
    ['i64.ge_s', N.i64GeS, (a, b) => a >= b],
    ['i64.ge_u', N.i64GeU, (a, b) => u64(a) >= u64(b)],
  ];
  it.each(CMP)('%s: specials and random operands', (_n, fn, ref) => {
    const check = (a: bigint, b: bigint): void => {
      expect(fn(lo(a), hi(a), lo(b), hi(b)), `(${a}, ${b})`).toBe(ref(a, b) ? 1 : 0);
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
const I64_FN: Record<string, I64Bin> = Object.fromEntries(I64_REF.map(([n, fn]) => [n, fn]));

describe('edge tables', () => {
  it.each(I64_EDGES)('$op($a, $b)', ({ op, a, b, expected }) => {
    const v = new Int32Array([lo(a), hi(a), lo(b), hi(b), 0, 0]);
    const code = I64_FN[op]!(v, 4, 0, 2) ?? 0;
    if (typeof expected === 'bigint') {
      expect(code).toBe(0);
      expect(join(v[4]!, v[5]!)).toBe(expected);
    } else {
      expect(code).toBe(expected.trap);
      expect(TRAP_MESSAGES[code]).toBe(expected.trap === DIV0 ? 'integer divide by zero' : 'integer overflow');
    }
    agree(BY_NAME.get(op)!, [a, b]); // and V8 agrees with the table
  });

  it.each([
    { a: 7, b: 0, expected: DIV0 },
    { a: 0, b: 0, expected: DIV0 },
    { a: -0x80000000, b: -1, expected: OVF },
    { a: -0x80000000, b: 1, expected: 0 },
    { a: 0x7fffffff, b: -1, expected: 0 },
  ])('checkI32DivS($a, $b) = $expected', ({ a, b, expected }) => {
    expect(N.checkI32DivS(a, b)).toBe(expected);
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
    expect(c.ours(args)).toEqual({ bits: expected });
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
    const ours = c.ours([arg]);
    if (typeof expected === 'bigint') {
      expect(ours).toEqual({ bits: c.result === 'i32' ? Number(expected) : expected });
    } else {
      expect(ours).toEqual(expected);
      expect(TRAP_MESSAGES[expected.trap]).toBe(
        expected.trap === INV ? 'invalid conversion to integer' : 'integer overflow',
      );
    }
    agree(c, [arg]);
    // the saturating twin: the same value, or the clamp
    const sat = BY_NAME.get(op.replace('trunc_', 'trunc_sat_'))!;
    const satOurs = sat.ours([arg]);
    if (typeof expected === 'bigint') expect(satOurs).toEqual(ours);
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
    const ours = c.ours([a]);
    expect(ours).toEqual({ bits: c.result === 'f32' ? f32Bits(expected) : f64Bits(expected) });
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
      expected !== expected ? (t === 'f32' ? N.CANONICAL_NAN_F32_BITS : CANON_F64) : bits(expected);
    expect(c.ours(args)).toEqual({ bits: want });
    agree(c, args);
  });
});

// ---------------------------------------------------------------------------------------------
// NaN writing helpers

describe('writeF32 / writeF64', () => {
  const buf = new ArrayBuffer(16);
  const i32 = new Int32Array(buf);
  const f32 = new Float32Array(buf);
  const f64 = new Float64Array(buf);
  const i64 = new BigInt64Array(buf);

  it('exports the canonical NaN bits', () => {
    expect(N.CANONICAL_NAN_F32_BITS).toBe(0x7fc00000);
    expect(N.CANONICAL_NAN_F64_HI).toBe(0x7ff80000);
    expect(N.CANONICAL_NAN_F64_LO).toBe(0);
  });

  it.each([
    ['NaN', NaN],
    ['-NaN from bits', f32FromBits(0xffc00001 | 0)],
    ['signaling NaN from bits', f32FromBits(0x7f800001)],
    ['0/0', 0 / 0],
  ])('writes %s as the canonical NaN', (_n, x) => {
    i32.fill(-1);
    N.writeF32(i32, f32, 1, x);
    expect(i32[1]).toBe(0x7fc00000);
    expect([i32[0], i32[2], i32[3]]).toEqual([-1, -1, -1]);
    i32.fill(-1);
    N.writeF64(i32, f64, 2, x);
    expect(i64[1]).toBe(CANON_F64);
    expect(i64[0]).toBe(-1n);
  });

  it.each([0, -0, 1.5, -Infinity, 1.401298464324817e-45, 3.4028234663852886e38])('writes %d unchanged', (x) => {
    i32.fill(-1);
    N.writeF32(i32, f32, 3, x);
    expect(Object.is(f32[3], x)).toBe(true);
    N.writeF64(i32, f64, 0, x);
    expect(Object.is(f64[0], x)).toBe(true);
    expect(i32[2]).toBe(-1); // slot 1 untouched
  });
});

// ---------------------------------------------------------------------------------------------
// f32 results are f32-exact (a missing Math.fround would be hidden by the Float32Array store)

describe('f32 results are exact binary32 values', () => {
  const F32_RESULT = CASES.filter((c) => c.result === 'f32');
  it('checks every f32-result op', () => {
    expect(F32_RESULT.length).toBeGreaterThan(15);
  });
  const fns: [string, (...x: number[]) => number, T[]][] = [
    ['f32.add', N.f32Add, ['f32', 'f32']],
    ['f32.sub', N.f32Sub, ['f32', 'f32']],
    ['f32.mul', N.f32Mul, ['f32', 'f32']],
    ['f32.div', N.f32Div, ['f32', 'f32']],
    ['f32.sqrt', N.f32Sqrt, ['f32']],
    ['f32.nearest', N.f32Nearest, ['f32']],
    ['f32.demote_f64', N.f32DemoteF64, ['f64']],
    ['f32.convert_i32_u', N.f32ConvertI32U, ['i32']],
    ['f32.convert_i64_u', (l, h) => N.f32ConvertI64U(l!, h!), ['i32', 'i32']],
    ['f32.convert_i64_s', (l, h) => N.f32ConvertI64S(l!, h!), ['i32', 'i32']],
  ];
  it.each(fns)('%s', (_n, fn, params) => {
    const arbs = params.map((t) =>
      t === 'f32' ? f32Arb.map(f32FromBits) : t === 'f64' ? f64Arb.map(f64FromBits) : i32Arb,
    );
    fc.assert(
      fc.property(fc.tuple(...arbs), (args) => {
        const r = fn(...args);
        expect(r !== r || Math.fround(r) === r).toBe(true);
      }),
      FC,
    );
  });
});
