/**
 * Numeric edge cases through real wasm code (spec §4.3 "Numerics", §4.4.1 numeric instructions):
 * i64 division by -1 and 0, shift and rotate counts taken modulo the width, clz/ctz/popcnt on 0
 * and all-ones, extend/wrap, every float→int conversion (trapping and saturating) at its range
 * boundaries, f32 rounding, `nearest` ties-to-even, min/max on signed zeros and NaN.
 *
 * Each case names its expected result explicitly; the same module also runs on V8's native
 * `WebAssembly` as an oracle (tests only), which must agree with the expectation. Float results
 * are compared with `Object.is` (so -0 ≠ +0); where the result is NaN ours must be exactly the
 * canonical NaN (read with `{ floatBits: true }`).
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { compile, instantiate, Trap, TrapCode } from '../../src/index.js';

// ---------------------------------------------------------------------------------------------
// Helpers

type Val = number | bigint;
/** A result: a value, or the trap it must raise. */
type Outcome = Val | 'divide by zero' | 'overflow' | 'invalid';
const TRAP_OF: Record<string, TrapCode> = {
  'divide by zero': TrapCode.INTEGER_DIVIDE_BY_ZERO,
  overflow: TrapCode.INTEGER_OVERFLOW,
  invalid: TrapCode.INVALID_CONVERSION_TO_INTEGER,
};

/** Parameter and result types of every instruction under test, in text-format words. */
const SIGS: Record<string, [params: string[], result: string]> = {};
function sig(ops: string[], params: string[], result: string): void {
  for (const op of ops) SIGS[op] = [params, result];
}
for (const t of ['i32', 'i64']) {
  sig(['div_s', 'div_u', 'rem_s', 'rem_u', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr', 'mul'].map((o) => `${t}.${o}`), [t, t], t);
  sig(['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s'].map((o) => `${t}.${o}`), [t], t);
}
sig(['i64.extend32_s'], ['i64'], 'i64');
sig(['i64.extend_i32_s', 'i64.extend_i32_u'], ['i32'], 'i64');
sig(['i32.wrap_i64'], ['i64'], 'i32');
for (const r of ['i32', 'i64']) {
  for (const f of ['f32', 'f64']) {
    for (const s of ['s', 'u']) {
      sig([`${r}.trunc_${f}_${s}`, `${r}.trunc_sat_${f}_${s}`], [f], r);
    }
  }
}
for (const f of ['f32', 'f64']) {
  sig(['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'].map((o) => `${f}.${o}`), [f, f], f);
  sig(['sqrt', 'nearest', 'ceil', 'floor', 'trunc', 'abs', 'neg'].map((o) => `${f}.${o}`), [f], f);
}
sig(['f32.demote_f64'], ['f64'], 'f32');
sig(['f64.promote_f32'], ['f32'], 'f64');

const bytes = wat(`(module ${Object.entries(SIGS).map(([op, [params, result]]) =>
  `(func (export "${op}") ${params.map((p) => `(param ${p})`).join(' ')} (result ${result}) (${op} ${params.map((_, i) => `(local.get ${i})`).join(' ')}))`).join('\n')})`);
const ours = instantiate(compile(bytes));

// The JS API, typed locally (lib ES2022 and @types/node 20 do not declare it).
interface WebAssemblyApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, unknown> } }>;
  RuntimeError: new () => Error;
}
const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
const v8 = (await WA.instantiate(bytes)).instance.exports as Record<string, (...args: Val[]) => Val>;

const scratch = new DataView(new ArrayBuffer(8));
/** Our result bits: re-invoked with floatBits after converting the arguments to bits. */
function oursBits(op: string, args: Val[]): Val {
  const [params] = SIGS[op]!;
  const bitArgs = args.map((a, i) => {
    if (params[i] === 'f32') {
      scratch.setFloat32(0, a as number, true);
      return scratch.getUint32(0, true);
    }
    if (params[i] === 'f64') {
      scratch.setFloat64(0, a as number, true);
      return scratch.getBigUint64(0, true);
    }
    return a;
  });
  return ours.invoke(op, bitArgs, { floatBits: true })[0] as Val;
}

function fmt(v: unknown): string {
  return typeof v === 'bigint' ? `${v}n` : Object.is(v, -0) ? '-0' : String(v);
}

/** Asserts ours and V8 both produce `expected` for `op(args)`. */
function check(op: string, args: Val[], expected: Outcome): void {
  const where = `${op}(${args.map(fmt).join(', ')})`;
  // V8 oracle.
  let theirs: Val | 'trap';
  try {
    theirs = v8[op]!(...args);
  } catch (e) {
    if (!(e instanceof WA.RuntimeError)) throw e;
    theirs = 'trap';
  }
  // Ours.
  let got: Val | Trap;
  try {
    got = ours.invoke(op, args)[0] as Val;
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    got = e;
  }
  if (typeof expected === 'string') {
    expect(theirs, `${where}: V8 should trap`).toBe('trap');
    expect(got, `${where}: should trap`).toBeInstanceOf(Trap);
    expect((got as Trap).code, where).toBe(TRAP_OF[expected]);
    return;
  }
  expect(got, `${where}: unexpected trap`).not.toBeInstanceOf(Trap);
  expect(Object.is(theirs, expected), `${where}: V8 gave ${fmt(theirs)}, table says ${fmt(expected)}`).toBe(true);
  expect(Object.is(got, expected), `${where}: got ${fmt(got)}, expected ${fmt(expected)}`).toBe(true);
  if (typeof expected === 'number' && Number.isNaN(expected)) {
    const result = SIGS[op]![1];
    expect(oursBits(op, args), `${where}: NaN must be canonical`).toBe(result === 'f32' ? 0x7fc00000 : 0x7ff8000000000000n);
  }
}

type Row = [op: string, args: Val[], expected: Outcome];
function table(name: string, rows: Row[]): void {
  describe(name, () => {
    it.each(rows.map((r): [string, Row] => [`${r[0]}(${r[1].map(fmt).join(', ')}) = ${fmt(r[2])}`, r]))('%s', (_, [op, args, expected]) => {
      check(op, args, expected);
    });
  });
}

const I32_MIN = -0x80000000;
const I32_MAX = 0x7fffffff;
const I64_MIN = -0x8000000000000000n;
const I64_MAX = 0x7fffffffffffffffn;
/** A 64-bit pattern as the signed value the JS API returns for an i64. */
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const f = Math.fround;

// ---------------------------------------------------------------------------------------------
// Integer division

table('integer division by -1 and 0', [
  ['i64.div_s', [I64_MIN, -1n], 'overflow'],
  ['i64.div_s', [I64_MAX, -1n], -I64_MAX],
  ['i64.div_s', [-1n, -1n], 1n],
  ['i64.div_s', [0n, -1n], 0n],
  ['i64.div_s', [0x100000000n, -1n], -0x100000000n],
  ['i64.rem_s', [I64_MIN, -1n], 0n],
  ['i64.rem_s', [I64_MAX, -1n], 0n],
  ['i64.rem_s', [-7n, -1n], 0n],
  ['i64.div_u', [I64_MIN, -1n], 0n],
  ['i64.div_u', [-1n, -1n], 1n],
  ['i64.div_u', [-2n, -1n], 0n],
  ['i64.rem_u', [I64_MIN, -1n], I64_MIN],
  ['i64.rem_u', [-1n, -1n], 0n],
  ['i64.rem_u', [-2n, -1n], -2n],
  ['i64.div_s', [I64_MIN, 0n], 'divide by zero'],
  ['i64.div_u', [-1n, 0n], 'divide by zero'],
  ['i64.rem_s', [I64_MIN, 0n], 'divide by zero'],
  ['i64.rem_u', [0n, 0n], 'divide by zero'],
  // Results that cross the 32-bit halves, and signs of the remainder (follows the dividend).
  ['i64.div_s', [-0x123456789abcdefn, 0x10000n], -0x123456789abn],
  ['i64.rem_s', [-7n, 2n], -1n],
  ['i64.rem_s', [7n, -2n], 1n],
  ['i64.div_s', [-7n, 2n], -3n],
  ['i64.div_u', [-1n, 0x100000000n], 0xffffffffn],
  ['i64.rem_u', [-1n, 0x100000000n], 0xffffffffn],
  ['i64.div_u', [I64_MIN, 3n], 0x2aaaaaaaaaaaaaaan],
  ['i64.rem_u', [I64_MIN, 3n], 2n],
  ['i32.div_s', [I32_MIN, -1], 'overflow'],
  ['i32.div_s', [I32_MAX, -1], -I32_MAX],
  ['i32.rem_s', [I32_MIN, -1], 0],
  ['i32.div_u', [I32_MIN, -1], 0],
  ['i32.div_u', [-1, -1], 1],
  ['i32.rem_u', [-2, -1], -2],
  ['i32.div_s', [-7, 2], -3],
  ['i32.rem_s', [-7, 2], -1],
  ['i32.div_u', [-1, 2], I32_MAX],
  ['i32.div_s', [1, 0], 'divide by zero'],
  ['i32.rem_u', [1, 0], 'divide by zero'],
  ['i64.mul', [I64_MIN, -1n], I64_MIN],
  ['i64.mul', [0x100000001n, 0x100000001n], 0x200000001n],
  ['i64.mul', [-1n, -1n], 1n],
  ['i64.mul', [0x123456789n, 0x987654321n], s64(0x123456789n * 0x987654321n)],
  ['i32.mul', [0x10001, 0x10001], 0x20001],
  ['i32.mul', [I32_MIN, -1], I32_MIN],
]);

// ---------------------------------------------------------------------------------------------
// Shifts and rotates: the count is taken modulo the width (spec §4.3.2 ishl: k mod N)

table('shifts and rotates', [
  ['i32.shl', [1, 0], 1],
  ['i32.shl', [1, 31], I32_MIN],
  ['i32.shl', [1, 32], 1],
  ['i32.shl', [1, 33], 2],
  ['i32.shl', [1, -1], I32_MIN],
  ['i32.shl', [1, I32_MIN], 1],
  ['i32.shl', [3, 0x7fffffff], I32_MIN],
  ['i32.shr_s', [I32_MIN, 31], -1],
  ['i32.shr_s', [I32_MIN, 63], -1],
  ['i32.shr_s', [I32_MIN, 32], I32_MIN],
  ['i32.shr_s', [I32_MIN, -1], -1],
  ['i32.shr_u', [I32_MIN, 31], 1],
  ['i32.shr_u', [I32_MIN, 63], 1],
  ['i32.shr_u', [-1, 32], -1],
  ['i32.shr_u', [-1, -31], I32_MAX],
  ['i32.rotl', [0x80000001 | 0, 1], 3],
  ['i32.rotl', [0x12345678, 32], 0x12345678],
  ['i32.rotl', [0x12345678, 36], 0x23456781],
  ['i32.rotl', [1, -1], I32_MIN],
  ['i32.rotr', [1, 1], I32_MIN],
  ['i32.rotr', [1, -1], 2],
  ['i32.rotr', [0x12345678, 4], 0x81234567 | 0],
  ['i32.rotr', [0x12345678, 0], 0x12345678],
  ['i64.shl', [1n, 0n], 1n],
  ['i64.shl', [1n, 31n], 0x80000000n],
  ['i64.shl', [1n, 32n], 0x100000000n],
  ['i64.shl', [1n, 63n], I64_MIN],
  ['i64.shl', [1n, 64n], 1n],
  ['i64.shl', [1n, 65n], 2n],
  ['i64.shl', [1n, 128n], 1n],
  ['i64.shl', [1n, -1n], I64_MIN],
  ['i64.shl', [1n, -64n], 1n],
  ['i64.shl', [1n, I64_MIN], 1n],
  ['i64.shl', [0xffffffffn, 16n], 0xffffffff0000n],
  ['i64.shr_s', [I64_MIN, 63n], -1n],
  ['i64.shr_s', [I64_MIN, 127n], -1n],
  ['i64.shr_s', [I64_MIN, 64n], I64_MIN],
  ['i64.shr_s', [I64_MIN, 32n], s64(0xffffffff80000000n)],
  ['i64.shr_s', [I64_MIN, -1n], -1n],
  ['i64.shr_s', [0x7fffffff00000000n, 33n], 0x3fffffffn],
  ['i64.shr_u', [I64_MIN, 63n], 1n],
  ['i64.shr_u', [I64_MIN, 127n], 1n],
  ['i64.shr_u', [-1n, 64n], -1n],
  ['i64.shr_u', [-1n, 32n], 0xffffffffn],
  ['i64.shr_u', [s64(0xffffffff00000000n), 16n], 0xffffffff0000n],
  ['i64.shr_u', [-1n, -1n], 1n],
  ['i64.rotl', [s64(0x8000000000000001n), 1n], 3n],
  ['i64.rotl', [0x0123456789abcdefn, 64n], 0x0123456789abcdefn],
  ['i64.rotl', [0x0123456789abcdefn, 4n], 0x123456789abcdef0n],
  ['i64.rotl', [0x0123456789abcdefn, 32n], s64(0x89abcdef01234567n)],
  ['i64.rotl', [0x0123456789abcdefn, 36n], s64(0x9abcdef012345678n)],
  ['i64.rotl', [1n, -1n], I64_MIN],
  ['i64.rotr', [1n, 1n], I64_MIN],
  ['i64.rotr', [1n, -1n], 2n],
  ['i64.rotr', [0x0123456789abcdefn, 4n], s64(0xf0123456789abcden)],
  ['i64.rotr', [0x0123456789abcdefn, 68n], s64(0xf0123456789abcden)],
  ['i64.rotr', [0x0123456789abcdefn, 28n], s64(0x9abcdef012345678n)],
]);

// ---------------------------------------------------------------------------------------------
// Bit counts, extend, wrap

table('clz / ctz / popcnt', [
  ['i32.clz', [0], 32], ['i32.ctz', [0], 32], ['i32.popcnt', [0], 0],
  ['i32.clz', [-1], 0], ['i32.ctz', [-1], 0], ['i32.popcnt', [-1], 32],
  ['i32.clz', [1], 31], ['i32.ctz', [I32_MIN], 31], ['i32.popcnt', [I32_MIN], 1],
  ['i32.clz', [0x00010000], 15], ['i32.ctz', [0x00010000], 16], ['i32.popcnt', [0x55555555], 16],
  ['i64.clz', [0n], 64n], ['i64.ctz', [0n], 64n], ['i64.popcnt', [0n], 0n],
  ['i64.clz', [-1n], 0n], ['i64.ctz', [-1n], 0n], ['i64.popcnt', [-1n], 64n],
  ['i64.clz', [1n], 63n], ['i64.ctz', [I64_MIN], 63n], ['i64.popcnt', [I64_MIN], 1n],
  ['i64.clz', [0x100000000n], 31n], ['i64.ctz', [0x100000000n], 32n],
  ['i64.clz', [0xffffffffn], 32n], ['i64.ctz', [0x80000000n], 31n],
  ['i64.popcnt', [0x5555555555555555n], 32n], ['i64.popcnt', [0xffffffffn], 32n],
]);

table('extend / wrap', [
  ['i64.extend_i32_s', [-1], -1n], ['i64.extend_i32_s', [I32_MIN], -0x80000000n], ['i64.extend_i32_s', [I32_MAX], 0x7fffffffn],
  ['i64.extend_i32_u', [-1], 0xffffffffn], ['i64.extend_i32_u', [I32_MIN], 0x80000000n], ['i64.extend_i32_u', [0], 0n],
  ['i32.wrap_i64', [-1n], -1], ['i32.wrap_i64', [0x180000000n], I32_MIN], ['i32.wrap_i64', [0x100000000n], 0],
  ['i32.wrap_i64', [I64_MIN], 0], ['i32.wrap_i64', [I64_MAX], -1], ['i32.wrap_i64', [0x7fffffffn], I32_MAX],
  ['i32.extend8_s', [0x80], -128], ['i32.extend8_s', [0x7f], 127], ['i32.extend8_s', [0x1ff], -1], ['i32.extend8_s', [0x100], 0],
  ['i32.extend16_s', [0x8000], -32768], ['i32.extend16_s', [0x7fff], 32767], ['i32.extend16_s', [-0x10000], 0],
  ['i64.extend8_s', [0x80n], -128n], ['i64.extend8_s', [s64(0xffffffffffffff7fn)], 127n],
  ['i64.extend16_s', [0x8000n], -32768n], ['i64.extend16_s', [0x12347fffn], 32767n],
  ['i64.extend32_s', [0x80000000n], -0x80000000n], ['i64.extend32_s', [s64(0xffffffff7fffffffn)], 0x7fffffffn],
  ['i64.extend32_s', [0x100000000n], 0n],
]);

// ---------------------------------------------------------------------------------------------
// Float -> integer conversions

/** Integer range of each target: [min, max] as BigInt, and the JS shape of a result. */
const RANGES = {
  i32_s: [-(2n ** 31n), 2n ** 31n - 1n],
  i32_u: [0n, 2n ** 32n - 1n],
  i64_s: [-(2n ** 63n), 2n ** 63n - 1n],
  i64_u: [0n, 2n ** 64n - 1n],
} as const;

/** Spec result of `<r>.trunc[_sat]_<f>_<s>(x)`: truncate toward zero; out of range traps or clamps. */
function truncExpected(r: 'i32' | 'i64', s: 's' | 'u', sat: boolean, x: number): Outcome {
  const [lo, hi] = RANGES[`${r}_${s}`];
  let v: bigint;
  if (Number.isNaN(x)) {
    if (!sat) return 'invalid';
    v = 0n;
  } else if (x === Infinity || (Number.isFinite(x) && BigInt(Math.trunc(x)) > hi)) {
    if (!sat) return 'overflow';
    v = hi;
  } else if (x === -Infinity || BigInt(Math.trunc(x)) < lo) {
    if (!sat) return 'overflow';
    v = lo;
  } else {
    v = BigInt(Math.trunc(x));
  }
  return r === 'i32' ? Number(BigInt.asIntN(32, v)) : BigInt.asIntN(64, v);
}

// f64 inputs: each range boundary, just inside and just outside.
const F64_INPUTS = [
  0, -0, 0.99, -0.99, 1.5, -1.5, 2147483647, 2147483647.5, 2147483648, -2147483648, -2147483648.9, -2147483649,
  4294967295, 4294967295.9, 4294967296, 2 ** 63, -(2 ** 63), 9223372036854774784, -9223372036854774784, 2 ** 64,
  18446744073709549568, 1e300, -1e300, NaN, Infinity, -Infinity, 5e-324, -5e-324,
];
// f32 inputs: all f32-exact (checked below): the largest f32 under each bound and the bound itself.
const F32_INPUTS = [
  0, -0, f(0.99), f(-0.99), 1.5, -1.5, 2147483520, 2147483648, -2147483648, -2147483904, 4294967040, 4294967296,
  2 ** 63, -(2 ** 63), 9223371487098961920, -9223373136366403584, 18446742974197923840, 2 ** 64,
  3.4028234663852886e38, -3.4028234663852886e38, NaN, Infinity, -Infinity, 1.401298464324817e-45,
];

describe('float-to-int inputs are exact', () => {
  it('every F32 input is an f32 value', () => {
    for (const x of F32_INPUTS) expect(Object.is(f(x), x) || Number.isNaN(x)).toBe(true);
  });
});

const truncRows: Row[] = [];
for (const r of ['i32', 'i64'] as const) {
  for (const fl of ['f32', 'f64'] as const) {
    for (const s of ['s', 'u'] as const) {
      for (const sat of [false, true]) {
        const op = `${r}.trunc${sat ? '_sat' : ''}_${fl}_${s}`;
        for (const x of fl === 'f32' ? F32_INPUTS : F64_INPUTS) truncRows.push([op, [x], truncExpected(r, s, sat, x)]);
      }
    }
  }
}
table('float-to-int: every op at every boundary', truncRows);

// The same boundaries with their expected results written out (anchors for truncExpected).
table('float-to-int: written-out anchors', [
  ['i32.trunc_f64_s', [2147483647.5], 2147483647],
  ['i32.trunc_f64_s', [2147483648.0], 'overflow'],
  ['i32.trunc_f64_s', [-2147483648.9], I32_MIN],
  ['i32.trunc_f64_s', [-2147483649.0], 'overflow'],
  ['i32.trunc_f64_s', [-0.99], 0],
  ['i32.trunc_f64_s', [NaN], 'invalid'],
  ['i32.trunc_f64_u', [4294967295.9], -1],
  ['i32.trunc_f64_u', [4294967296.0], 'overflow'],
  ['i32.trunc_f64_u', [-0.99], 0],
  ['i32.trunc_f64_u', [-1], 'overflow'],
  ['i32.trunc_f64_u', [-0], 0],
  ['i32.trunc_f32_s', [2147483648], 'overflow'],
  ['i32.trunc_f32_s', [2147483520], 2147483520],
  ['i32.trunc_f32_s', [-2147483904], 'overflow'],
  ['i32.trunc_f32_u', [4294967040], -256],
  ['i64.trunc_f64_s', [2 ** 63], 'overflow'],
  ['i64.trunc_f64_s', [-(2 ** 63)], I64_MIN],
  ['i64.trunc_f64_s', [9223372036854774784], 9223372036854774784n],
  ['i64.trunc_f64_u', [2 ** 63], I64_MIN],
  ['i64.trunc_f64_u', [2 ** 64], 'overflow'],
  ['i64.trunc_f64_u', [18446744073709549568], -2048n],
  ['i64.trunc_f64_u', [-0.99], 0n],
  ['i64.trunc_f32_s', [-9223373136366403584], 'overflow'],
  ['i64.trunc_f32_u', [18446742974197923840], s64(18446742974197923840n)],
  ['i32.trunc_sat_f64_s', [2147483648], I32_MAX],
  ['i32.trunc_sat_f64_s', [-2147483649], I32_MIN],
  ['i32.trunc_sat_f64_s', [NaN], 0],
  ['i32.trunc_sat_f64_s', [-Infinity], I32_MIN],
  ['i32.trunc_sat_f64_u', [4294967296], -1],
  ['i32.trunc_sat_f64_u', [-1], 0],
  ['i32.trunc_sat_f64_u', [-Infinity], 0],
  ['i32.trunc_sat_f32_u', [Infinity], -1],
  ['i64.trunc_sat_f64_s', [2 ** 63], I64_MAX],
  ['i64.trunc_sat_f64_s', [-Infinity], I64_MIN],
  ['i64.trunc_sat_f64_u', [2 ** 64], -1n],
  ['i64.trunc_sat_f64_u', [NaN], 0n],
  ['i64.trunc_sat_f32_s', [Infinity], I64_MAX],
  ['i64.trunc_sat_f32_u', [-(2 ** 63)], 0n],
]);

// ---------------------------------------------------------------------------------------------
// f32 arithmetic rounds every result to f32 (ties to even)

const TWO_M23 = 2 ** -23;
const TWO_M24 = 2 ** -24;
const MIN_SUB32 = 1.401298464324817e-45; // 2^-149
const MAX_F32 = 3.4028234663852886e38;
table('f32 arithmetic rounding', [
  ['f32.add', [f(0.1), f(0.2)], f(f(0.1) + f(0.2))],
  ['f32.add', [f(0.1), f(0.2)], 0.30000001192092896],
  ['f32.add', [1, TWO_M23], 1 + TWO_M23],
  ['f32.add', [1, TWO_M24], 1], // tie: 1 is even
  ['f32.add', [1 + TWO_M23, TWO_M24], 1 + 2 * TWO_M23], // tie: rounds up to even
  ['f32.add', [16777216, 1], 16777216],
  ['f32.add', [16777216, 3], 16777220],
  ['f32.sub', [1, 2 ** -25], 1],
  ['f32.sub', [1, TWO_M24], 1 - TWO_M24],
  ['f32.mul', [1 + TWO_M23, 1 + TWO_M23], f((1 + TWO_M23) * (1 + TWO_M23))],
  ['f32.mul', [1 + TWO_M23, 1 + TWO_M23], 1 + 2 * TWO_M23],
  ['f32.mul', [MAX_F32, 2], Infinity],
  ['f32.mul', [-MAX_F32, 2], -Infinity],
  ['f32.mul', [MIN_SUB32, 0.5], 0], // tie between 0 and 2^-149: 0 is even
  ['f32.mul', [3 * MIN_SUB32, 0.5], 2 * MIN_SUB32], // 1.5 ulp: ties to 2 ulp
  ['f32.mul', [-MIN_SUB32, 0.5], -0],
  ['f32.div', [1, 3], f(1 / 3)],
  ['f32.div', [2, 3], 0.6666666865348816],
  ['f32.div', [1.1754943508222875e-38, 2], 5.877471754111438e-39],
  ['f32.div', [1, 0], Infinity],
  ['f32.div', [-1, 0], -Infinity],
  ['f32.div', [1, -0], -Infinity],
  ['f32.div', [0, 0], NaN],
  ['f32.sqrt', [2], f(Math.sqrt(2))],
  ['f32.sqrt', [2], 1.4142135381698608],
  ['f32.sqrt', [-0], -0],
  ['f32.sqrt', [-1], NaN],
  ['f32.demote_f64', [0.1], f(0.1)],
  ['f32.demote_f64', [1 + 2 ** -24], 1], // exactly halfway: to even
  ['f32.demote_f64', [1 + 2 ** -24 + 2 ** -52], 1 + TWO_M23], // just above halfway
  ['f32.demote_f64', [3.4028235677973366e38], Infinity], // above MAX_F32 + half an ulp
  ['f32.demote_f64', [3.4028235677973362e38], MAX_F32],
  ['f32.demote_f64', [1e-50], 0],
  ['f32.demote_f64', [-1e-50], -0],
  ['f64.promote_f32', [f(0.1)], 0.10000000149011612],
  ['f64.promote_f32', [-0], -0],
  ['f64.add', [0.1, 0.2], 0.30000000000000004],
  ['f64.add', [1, 2 ** -53], 1],
  ['f64.mul', [5e-324, 0.5], 0],
  ['f64.div', [0, 0], NaN],
  ['f64.sub', [Infinity, Infinity], NaN],
  ['f64.mul', [0, Infinity], NaN],
]);

// ---------------------------------------------------------------------------------------------
// Rounding to integral values

table('nearest: ties to even', [
  ...(['f32', 'f64'] as const).flatMap((t): Row[] => [
    [`${t}.nearest`, [0.5], 0],
    [`${t}.nearest`, [1.5], 2],
    [`${t}.nearest`, [2.5], 2],
    [`${t}.nearest`, [3.5], 4],
    [`${t}.nearest`, [-0.5], -0],
    [`${t}.nearest`, [-1.5], -2],
    [`${t}.nearest`, [-2.5], -2],
    [`${t}.nearest`, [0.75], 1],
    [`${t}.nearest`, [-0.25], -0],
    [`${t}.nearest`, [0], 0],
    [`${t}.nearest`, [-0], -0],
    [`${t}.nearest`, [Infinity], Infinity],
    [`${t}.nearest`, [-Infinity], -Infinity],
    [`${t}.nearest`, [NaN], NaN],
    [`${t}.nearest`, [8388607.5], 8388608],
    [`${t}.nearest`, [-8388607.5], -8388608],
    [`${t}.nearest`, [8388609], 8388609],
  ]),
  ['f64.nearest', [4503599627370495.5], 4503599627370496],
  ['f64.nearest', [-4503599627370495.5], -4503599627370496],
  ['f64.nearest', [4503599627370497], 4503599627370497],
  ['f64.nearest', [0.49999999999999994], 0],
  ['f64.nearest', [-0.49999999999999994], -0],
  ['f32.nearest', [f(0.49999997)], 0],
  ['f32.nearest', [16777215], 16777215],
  ['f64.ceil', [-0.5], -0],
  ['f64.ceil', [0.5], 1],
  ['f64.floor', [-0.5], -1],
  ['f64.floor', [-0], -0],
  ['f64.trunc', [-0.5], -0],
  ['f64.trunc', [4503599627370495.5], 4503599627370495],
  ['f32.ceil', [-0.5], -0],
  ['f32.floor', [0.5], 0],
  ['f32.trunc', [-0.99], -0],
  ['f32.ceil', [8388607.5], 8388608],
  ['f32.floor', [-8388607.5], -8388608],
]);

// ---------------------------------------------------------------------------------------------
// min / max: -0 < +0, and NaN wins (as the canonical NaN)

table('min / max with signed zeros and NaN', (['f32', 'f64'] as const).flatMap((t): Row[] => [
  [`${t}.min`, [-0, 0], -0],
  [`${t}.min`, [0, -0], -0],
  [`${t}.max`, [-0, 0], 0],
  [`${t}.max`, [0, -0], 0],
  [`${t}.min`, [-0, -0], -0],
  [`${t}.max`, [-0, -0], -0],
  [`${t}.min`, [NaN, 1], NaN],
  [`${t}.min`, [1, NaN], NaN],
  [`${t}.max`, [NaN, 1], NaN],
  [`${t}.max`, [-Infinity, NaN], NaN],
  [`${t}.min`, [-Infinity, NaN], NaN],
  [`${t}.max`, [NaN, NaN], NaN],
  [`${t}.min`, [-Infinity, Infinity], -Infinity],
  [`${t}.max`, [-Infinity, Infinity], Infinity],
  [`${t}.min`, [1, 2], 1],
  [`${t}.max`, [-1, -2], -1],
]));

table('abs / neg / copysign on zeros and infinities', (['f32', 'f64'] as const).flatMap((t): Row[] => [
  [`${t}.abs`, [-0], 0],
  [`${t}.neg`, [0], -0],
  [`${t}.neg`, [-Infinity], Infinity],
  [`${t}.copysign`, [1, -0], -1],
  [`${t}.copysign`, [-1, 0], 1],
  [`${t}.copysign`, [0, -Infinity], -0],
  [`${t}.copysign`, [Infinity, -1], -Infinity],
]));
