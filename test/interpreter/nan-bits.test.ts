/**
 * NaN bit patterns (spec §4.3.3 "Floating-Point Operations", §4.4 "Instructions"): every
 * instruction that only moves a float — reinterpret, load, store, abs, neg, copysign, select,
 * local.get/set/tee, global.get/set, block results, calls and returns — keeps its exact bits,
 * signaling NaNs and payloads included; every arithmetic instruction whose result is a NaN
 * (add, sub, mul, div, sqrt, min, max, ceil, floor, trunc, nearest, promote, demote) produces
 * exactly the canonical NaN (0x7fc00000, 0x7ff8000000000000) with a positive sign, whatever
 * NaN went in. The spec allows any arithmetic NaN there; detwasm fixes one (STYLE.md
 * "Determinism rules").
 *
 * Floats cross the JS boundary as bits: `invoke(..., { floatBits: true })` (f32: uint32 number,
 * f64: uint64 bigint) and `Global.bits`.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { compile, Global, instantiate } from '../../src/index.js';
import type { Memory } from '../../src/index.js';

// ---------------------------------------------------------------------------------------------
// Helpers

const CANON32 = 0x7fc00000;
const CANON64 = 0x7ff8000000000000n;

/** f32 NaNs: signaling and quiet, both signs, with payloads, at the payload extremes. */
const NANS32 = [0x7fa00001, 0xffc12345, 0x7f800001, 0xff800001, 0x7fc00000, 0xffc00000, 0x7fffffff, 0xffffffff, 0x7fbfffff];
/** f64 NaNs, including payload bits only in the low word and only in the high word. */
const NANS64 = [
  0x7ff0000000000001n, 0xfff4000000000abcn, 0x7ff8000000000000n, 0xfff8000000000000n, 0x7fffffffffffffffn,
  0xffffffffffffffffn, 0x7ff4000000000000n, 0x7ff0000080000000n, 0x7ff7ffffffffffffn,
];
/** Non-NaN patterns that must move unchanged too (signed zero, subnormal, infinity). */
const OTHER32 = [0x80000000, 0x00000001, 0xff800000, 0x3f800000];
const OTHER64 = [0x8000000000000000n, 0x0000000000000001n, 0xfff0000000000000n, 0x3ff0000000000000n];

const hex = (v: number | bigint): string => `0x${v.toString(16)}`;
const u32 = (v: unknown): number => (v as number) >>> 0;
const u64 = (v: unknown): bigint => BigInt.asUintN(64, v as bigint);

const SIGN32 = 0x80000000;
const SIGN64 = 0x8000000000000000n;

const inst = instantiate(compile(wat(`(module
  (memory (export "mem") 1)
  (type $t32 (func (param f32) (result f32)))
  (type $t64 (func (param f64) (result f64)))
  (table 2 funcref)
  (elem (i32.const 0) func $inner32 $inner64)
  (global $g32 (export "g32") (mut f32) (f32.const 0))
  (global $g64 (export "g64") (mut f64) (f64.const 0))
  (global $c32 (export "c32") f32 (f32.const nan:0x200001))
  (global $c64 (export "c64") f64 (f64.const -nan:0x4000000000abc))

  (func (export "id32") (param f32) (result f32) (local.get 0))
  (func (export "id64") (param f64) (result f64) (local.get 0))
  (func (export "f32.reinterpret_i32") (param i32) (result f32) (f32.reinterpret_i32 (local.get 0)))
  (func (export "i32.reinterpret_f32") (param f32) (result i32) (i32.reinterpret_f32 (local.get 0)))
  (func (export "f64.reinterpret_i64") (param i64) (result f64) (f64.reinterpret_i64 (local.get 0)))
  (func (export "i64.reinterpret_f64") (param f64) (result i64) (i64.reinterpret_f64 (local.get 0)))
  (func (export "rt32") (param i32) (result i32) (i32.reinterpret_f32 (f32.reinterpret_i32 (local.get 0))))
  (func (export "rt64") (param i64) (result i64) (i64.reinterpret_f64 (f64.reinterpret_i64 (local.get 0))))

  (func (export "f32.store") (param f32) (f32.store (i32.const 8) (local.get 0)))
  (func (export "f32.load") (result f32) (f32.load (i32.const 8)))
  (func (export "f64.store") (param f64) (f64.store (i32.const 16) (local.get 0)))
  (func (export "f64.load") (result f64) (f64.load (i32.const 16)))
  (func (export "i32.store/f32.load") (param i32) (result f32) (i32.store (i32.const 32) (local.get 0)) (f32.load (i32.const 32)))
  (func (export "f32.store/i32.load") (param f32) (result i32) (f32.store (i32.const 36) (local.get 0)) (i32.load (i32.const 36)))
  (func (export "i64.store/f64.load") (param i64) (result f64) (i64.store (i32.const 40) (local.get 0)) (f64.load (i32.const 40)))
  (func (export "f64.store/i64.load") (param f64) (result i64) (f64.store (i32.const 48) (local.get 0)) (i64.load (i32.const 48)))
  ;; load -> store between two unaligned addresses, read back as an integer.
  (func (export "move32") (param i32) (result i32)
    (i32.store offset=1 (i32.const 64) (local.get 0))
    (f32.store offset=3 (i32.const 64) (f32.load offset=1 (i32.const 64)))
    (i32.load offset=3 (i32.const 64)))
  (func (export "move64") (param i64) (result i64)
    (i64.store offset=1 (i32.const 80) (local.get 0))
    (f64.store offset=5 (i32.const 96) (f64.load offset=1 (i32.const 80)))
    (i64.load offset=5 (i32.const 96)))

  (func (export "f32.abs") (param f32) (result f32) (f32.abs (local.get 0)))
  (func (export "f32.neg") (param f32) (result f32) (f32.neg (local.get 0)))
  (func (export "f32.copysign") (param f32 f32) (result f32) (f32.copysign (local.get 0) (local.get 1)))
  (func (export "f64.abs") (param f64) (result f64) (f64.abs (local.get 0)))
  (func (export "f64.neg") (param f64) (result f64) (f64.neg (local.get 0)))
  (func (export "f64.copysign") (param f64 f64) (result f64) (f64.copysign (local.get 0) (local.get 1)))

  (func (export "select32") (param f32 f32 i32) (result f32) (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select32t") (param f32 f32 i32) (result f32) (select (result f32) (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select64") (param f64 f64 i32) (result f64) (select (local.get 0) (local.get 1) (local.get 2)))
  (func (export "select64t") (param f64 f64 i32) (result f64) (select (result f64) (local.get 0) (local.get 1) (local.get 2)))

  (func (export "locals32") (param f32) (result f32) (local f32 f32)
    (local.set 1 (local.get 0)) (local.tee 2 (local.get 1)))
  (func (export "locals64") (param f64) (result f64) (local f64 f64)
    (local.set 1 (local.get 0)) (local.tee 2 (local.get 1)))
  (func (export "set_g32") (param f32) (global.set $g32 (local.get 0)))
  (func (export "get_g32") (result f32) (global.get $g32))
  (func (export "set_g64") (param f64) (global.set $g64 (local.get 0)))
  (func (export "get_g64") (result f64) (global.get $g64))
  (func (export "get_c32") (result f32) (global.get $c32))
  (func (export "get_c64") (result f64) (global.get $c64))
  (func (export "const32") (result f32) (f32.const -nan:0x412345))
  (func (export "const64") (result f64) (f64.const nan:0x1))

  (func $inner32 (param f32) (result f32) (local.get 0))
  (func $inner64 (param f64) (result f64) (local.get 0))
  (func (export "call32") (param f32) (result f32) (call $inner32 (local.get 0)))
  (func (export "call64") (param f64) (result f64) (call $inner64 (local.get 0)))
  (func (export "call_indirect32") (param f32) (result f32) (call_indirect (type $t32) (local.get 0) (i32.const 0)))
  (func (export "call_indirect64") (param f64) (result f64) (call_indirect (type $t64) (local.get 0) (i32.const 1)))
  (func (export "br32") (param f32) (result f32) (block (result f32) (br 0 (local.get 0))))
  (func (export "br_if64") (param f64) (result f64) (block (result f64) (br_if 0 (local.get 0) (i32.const 1)) (drop) (f64.const 0)))
  (func (export "if32") (param f32 i32) (result f32) (if (result f32) (local.get 1) (then (local.get 0)) (else (f32.const 0))))
  (func (export "return64") (param f64) (result f64) (return (local.get 0)))
  (func (export "swap") (param f32 f64) (result f64 f32) (local.get 1) (local.get 0))

  ;; A hot loop, so that the dispatch loop is optimised by V8 while moving NaNs (a JS number
  ;; read from a Float32Array can lose its payload in one tier and not the other).
  (func (export "hot32") (param i32 i32) (result i32) (local f32)
    (local.set 2 (f32.reinterpret_i32 (local.get 0)))
    (loop $l
      (f32.store (i32.const 128) (local.get 2))
      (local.set 2 (f32.neg (f32.neg (select (f32.load (i32.const 128)) (local.get 2) (local.get 1)))))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (i32.reinterpret_f32 (local.get 2)))
  (func (export "hot64") (param i64 i32) (result i64) (local f64)
    (local.set 2 (f64.reinterpret_i64 (local.get 0)))
    (loop $l
      (f64.store (i32.const 136) (local.get 2))
      (local.set 2 (f64.neg (f64.neg (select (f64.load (i32.const 136)) (local.get 2) (local.get 1)))))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (i64.reinterpret_f64 (local.get 2)))

  ${['f32', 'f64'].map((t) => `
  ${['add', 'sub', 'mul', 'div', 'min', 'max'].map((op) =>
    `(func (export "${t}.${op}") (param ${t} ${t}) (result ${t}) (${t}.${op} (local.get 0) (local.get 1)))`).join('\n  ')}
  ${['sqrt', 'ceil', 'floor', 'trunc', 'nearest'].map((op) =>
    `(func (export "${t}.${op}") (param ${t}) (result ${t}) (${t}.${op} (local.get 0)))`).join('\n  ')}`).join('')}
  (func (export "f64.promote_f32") (param f32) (result f64) (f64.promote_f32 (local.get 0)))
  (func (export "f32.demote_f64") (param f64) (result f32) (f32.demote_f64 (local.get 0))))`)));

const mem = inst.exports['mem'] as Memory;
const view = (): DataView => new DataView(mem.buffer);

/** Calls export `name` with float arguments and results as bits. */
function call(name: string, ...args: unknown[]): unknown[] {
  return inst.invoke(name, args, { floatBits: true });
}

const ALL32 = [...NANS32, ...OTHER32];
const ALL64 = [...NANS64, ...OTHER64];

// ---------------------------------------------------------------------------------------------
// Moves keep the bits

describe('moves keep every bit (f32)', () => {
  it.each(ALL32.map((b) => [hex(b), b]))('%s', (_, bits) => {
    expect(u32(call('id32', bits)[0])).toBe(bits);
    expect(u32(call('f32.reinterpret_i32', bits | 0)[0])).toBe(bits);
    expect(u32(call('i32.reinterpret_f32', bits)[0])).toBe(bits);
    expect(u32(call('rt32', bits | 0)[0])).toBe(bits);
    call('f32.store', bits);
    expect(view().getUint32(8, true)).toBe(bits);
    expect(u32(call('f32.load')[0])).toBe(bits);
    expect(u32(call('i32.store/f32.load', bits | 0)[0])).toBe(bits);
    expect(u32(call('f32.store/i32.load', bits)[0])).toBe(bits);
    expect(u32(call('move32', bits | 0)[0])).toBe(bits);
    expect(u32(call('select32', bits, 0, 1)[0])).toBe(bits);
    expect(u32(call('select32', 0, bits, 0)[0])).toBe(bits);
    expect(u32(call('select32t', bits, 0, 1)[0])).toBe(bits);
    expect(u32(call('select32t', 0, bits, 0)[0])).toBe(bits);
    expect(u32(call('locals32', bits)[0])).toBe(bits);
    call('set_g32', bits);
    expect(u32(call('get_g32')[0])).toBe(bits);
    expect((inst.exports['g32'] as Global).bits).toBe(bits);
    expect(inst.getGlobal('g32', { floatBits: true })).toBe(bits);
    expect(u32(call('call32', bits)[0])).toBe(bits);
    expect(u32(call('call_indirect32', bits)[0])).toBe(bits);
    expect(u32(call('br32', bits)[0])).toBe(bits);
    expect(u32(call('if32', bits, 1)[0])).toBe(bits);
    const [r64, r32] = call('swap', bits, NANS64[1]);
    expect(u32(r32)).toBe(bits);
    expect(u64(r64)).toBe(NANS64[1]);
  });
});

describe('moves keep every bit (f64)', () => {
  it.each(ALL64.map((b) => [hex(b), b]))('%s', (_, bits) => {
    const signed = BigInt.asIntN(64, bits);
    expect(u64(call('id64', bits)[0])).toBe(bits);
    expect(u64(call('f64.reinterpret_i64', signed)[0])).toBe(bits);
    expect(u64(call('i64.reinterpret_f64', bits)[0])).toBe(bits);
    expect(u64(call('rt64', signed)[0])).toBe(bits);
    call('f64.store', bits);
    expect(view().getBigUint64(16, true)).toBe(bits);
    expect(u64(call('f64.load')[0])).toBe(bits);
    expect(u64(call('i64.store/f64.load', signed)[0])).toBe(bits);
    expect(u64(call('f64.store/i64.load', bits)[0])).toBe(bits);
    expect(u64(call('move64', signed)[0])).toBe(bits);
    expect(u64(call('select64', bits, 0n, 1)[0])).toBe(bits);
    expect(u64(call('select64', 0n, bits, 0)[0])).toBe(bits);
    expect(u64(call('select64t', bits, 0n, 1)[0])).toBe(bits);
    expect(u64(call('select64t', 0n, bits, 0)[0])).toBe(bits);
    expect(u64(call('locals64', bits)[0])).toBe(bits);
    call('set_g64', bits);
    expect(u64(call('get_g64')[0])).toBe(bits);
    expect((inst.exports['g64'] as Global).bits).toBe(bits);
    expect(inst.getGlobal('g64', { floatBits: true })).toBe(bits);
    expect(u64(call('call64', bits)[0])).toBe(bits);
    expect(u64(call('call_indirect64', bits)[0])).toBe(bits);
    expect(u64(call('br_if64', bits)[0])).toBe(bits);
    expect(u64(call('return64', bits)[0])).toBe(bits);
    const [r64, r32] = call('swap', NANS32[0], bits);
    expect(u64(r64)).toBe(bits);
    expect(u32(r32)).toBe(NANS32[0]);
  });
});

describe('abs / neg / copysign change the sign bit only', () => {
  it.each(ALL32.map((b) => [hex(b), b]))('f32 %s', (_, bits) => {
    expect(u32(call('f32.abs', bits)[0])).toBe((bits & ~SIGN32) >>> 0);
    expect(u32(call('f32.neg', bits)[0])).toBe((bits ^ SIGN32) >>> 0);
    expect(u32(call('f32.copysign', bits, 0x3f800000)[0])).toBe((bits & ~SIGN32) >>> 0);
    expect(u32(call('f32.copysign', bits, 0xbf800000)[0])).toBe((bits | SIGN32) >>> 0);
    // The sign comes from a NaN operand's sign bit as well.
    expect(u32(call('f32.copysign', 0x3f800000, bits)[0])).toBe(((bits & SIGN32) | 0x3f800000) >>> 0);
  });
  it.each(ALL64.map((b) => [hex(b), b]))('f64 %s', (_, bits) => {
    expect(u64(call('f64.abs', bits)[0])).toBe(bits & ~SIGN64);
    expect(u64(call('f64.neg', bits)[0])).toBe(bits ^ SIGN64);
    expect(u64(call('f64.copysign', bits, 0x3ff0000000000000n)[0])).toBe(bits & ~SIGN64);
    expect(u64(call('f64.copysign', bits, 0xbff0000000000000n)[0])).toBe(bits | SIGN64);
    expect(u64(call('f64.copysign', 0x3ff0000000000000n, bits)[0])).toBe((bits & SIGN64) | 0x3ff0000000000000n);
  });
});

describe('constants and global initialisers keep their bits', () => {
  it('f32.const / f64.const', () => {
    expect(u32(call('const32')[0])).toBe(0xffc12345);
    expect(u64(call('const64')[0])).toBe(0x7ff0000000000001n);
  });
  it('immutable globals', () => {
    expect(u32(call('get_c32')[0])).toBe(0x7fa00001);
    expect(u64(call('get_c64')[0])).toBe(0xfff4000000000abcn);
    expect((inst.exports['c32'] as Global).bits).toBe(0x7fa00001);
    expect((inst.exports['c64'] as Global).bits).toBe(0xfff4000000000abcn);
  });
  it('a global.get initialiser copies an imported immutable global exactly', () => {
    const user = instantiate(compile(wat(`(module
      (import "m" "c32" (global $c32 f32))
      (import "m" "c64" (global $c64 f64))
      (global (export "copy32") f32 (global.get $c32))
      (global (export "copy64") f64 (global.get $c64)))`)), { m: { c32: inst.exports['c32'], c64: inst.exports['c64'] } });
    expect((user.exports['copy32'] as Global).bits).toBe(0x7fa00001);
    expect((user.exports['copy64'] as Global).bits).toBe(0xfff4000000000abcn);
  });
});

describe('globals set from the host keep their bits', () => {
  it.each(NANS32.map((b) => [hex(b), b]))('exported f32 global .bits = %s', (_, bits) => {
    (inst.exports['g32'] as Global).bits = bits;
    expect(u32(call('get_g32')[0])).toBe(bits);
  });
  it.each(NANS64.map((b) => [hex(b), b]))('exported f64 global .bits = %s', (_, bits) => {
    (inst.exports['g64'] as Global).bits = bits;
    expect(u64(call('get_g64')[0])).toBe(bits);
  });
  it('imported globals, mutable and immutable', () => {
    const m32 = new Global({ value: 'f32', mutable: true });
    m32.bits = 0xff800001;
    const m64 = new Global({ value: 'f64', mutable: true });
    m64.bits = 0x7ff0000080000000n;
    const user = instantiate(compile(wat(`(module
      (import "env" "m32" (global $m32 (mut f32)))
      (import "env" "m64" (global $m64 (mut f64)))
      (func (export "get32") (result f32) (global.get $m32))
      (func (export "get64") (result f64) (global.get $m64))
      (func (export "set32") (param f32) (global.set $m32 (local.get 0))))`)), { env: { m32, m64 } });
    expect(u32(user.invoke('get32', [], { floatBits: true })[0])).toBe(0xff800001);
    expect(u64(user.invoke('get64', [], { floatBits: true })[0])).toBe(0x7ff0000080000000n);
    user.invoke('set32', [0x7fa00001], { floatBits: true });
    expect(m32.bits).toBe(0x7fa00001);
  });
});

describe('a hot loop keeps the bits once the dispatch loop is optimised', () => {
  // 20 calls of 5000 iterations: enough for V8 to optimise run() part-way through.
  it.each(NANS32.map((b) => [hex(b), b]))('f32 %s', (_, bits) => {
    for (let k = 0; k < 20; k++) expect(u32(call('hot32', bits | 0, 5000)[0])).toBe(bits);
  });
  it.each(NANS64.map((b) => [hex(b), b]))('f64 %s', (_, bits) => {
    for (let k = 0; k < 20; k++) expect(u64(call('hot64', BigInt.asIntN(64, bits), 5000)[0])).toBe(bits);
  });
});

// ---------------------------------------------------------------------------------------------
// Arithmetic produces the canonical NaN

describe('arithmetic NaN results are canonical (f32)', () => {
  const binary = ['add', 'sub', 'mul', 'div', 'min', 'max'];
  const unary = ['sqrt', 'ceil', 'floor', 'trunc', 'nearest'];
  it.each(NANS32.map((b) => [hex(b), b]))('input %s', (_, nan) => {
    for (const op of binary) {
      expect(u32(call(`f32.${op}`, nan, 0x3f800000)[0]), `${op}(nan, 1)`).toBe(CANON32);
      expect(u32(call(`f32.${op}`, 0x3f800000, nan)[0]), `${op}(1, nan)`).toBe(CANON32);
      expect(u32(call(`f32.${op}`, nan, nan)[0]), `${op}(nan, nan)`).toBe(CANON32);
      expect(u32(call(`f32.${op}`, nan, 0xffc12345)[0]), `${op}(nan, -nan)`).toBe(CANON32);
    }
    for (const op of unary) expect(u32(call(`f32.${op}`, nan)[0]), op).toBe(CANON32);
    expect(u32(call('f32.demote_f64', 0xfff4000000000abcn)[0]), 'demote').toBe(CANON32);
    expect(u64(call('f64.promote_f32', nan)[0]), 'promote').toBe(CANON64);
  });
  it.each([
    ['f32.sub', 0x7f800000, 0x7f800000], // inf - inf
    ['f32.add', 0x7f800000, 0xff800000], // inf + -inf
    ['f32.mul', 0x00000000, 0x7f800000], // 0 * inf
    ['f32.div', 0x00000000, 0x80000000], // 0 / -0
    ['f32.div', 0xff800000, 0x7f800000], // -inf / inf
  ])('%s(%s, %s) creates the canonical NaN', (op, a, b) => {
    expect(u32(call(op, a, b)[0])).toBe(CANON32);
  });
  it('sqrt of a negative number', () => {
    expect(u32(call('f32.sqrt', 0xbf800000)[0])).toBe(CANON32);
    expect(u32(call('f32.sqrt', 0xff800000)[0])).toBe(CANON32);
  });
});

describe('arithmetic NaN results are canonical (f64)', () => {
  const binary = ['add', 'sub', 'mul', 'div', 'min', 'max'];
  const unary = ['sqrt', 'ceil', 'floor', 'trunc', 'nearest'];
  const one = 0x3ff0000000000000n;
  it.each(NANS64.map((b) => [hex(b), b]))('input %s', (_, nan) => {
    for (const op of binary) {
      expect(u64(call(`f64.${op}`, nan, one)[0]), `${op}(nan, 1)`).toBe(CANON64);
      expect(u64(call(`f64.${op}`, one, nan)[0]), `${op}(1, nan)`).toBe(CANON64);
      expect(u64(call(`f64.${op}`, nan, nan)[0]), `${op}(nan, nan)`).toBe(CANON64);
      expect(u64(call(`f64.${op}`, nan, 0xfff4000000000abcn)[0]), `${op}(nan, -nan)`).toBe(CANON64);
    }
    for (const op of unary) expect(u64(call(`f64.${op}`, nan)[0]), op).toBe(CANON64);
    expect(u32(call('f32.demote_f64', nan)[0]), 'demote').toBe(CANON32);
    expect(u64(call('f64.promote_f32', 0xffc12345)[0]), 'promote').toBe(CANON64);
  });
  it.each([
    ['f64.sub', 0x7ff0000000000000n, 0x7ff0000000000000n],
    ['f64.add', 0x7ff0000000000000n, 0xfff0000000000000n],
    ['f64.mul', 0x8000000000000000n, 0xfff0000000000000n],
    ['f64.div', 0x0000000000000000n, 0x0000000000000000n],
    ['f64.div', 0x7ff0000000000000n, 0xfff0000000000000n],
  ])('%s(%s, %s) creates the canonical NaN', (op, a, b) => {
    expect(u64(call(op, a, b)[0])).toBe(CANON64);
  });
  it('sqrt of a negative number', () => {
    expect(u64(call('f64.sqrt', 0xbff0000000000000n)[0])).toBe(CANON64);
    expect(u64(call('f64.sqrt', 0xfff0000000000000n)[0])).toBe(CANON64);
  });
});

describe('float values without floatBits', () => {
  it('a NaN passed as a JS number arrives as the canonical NaN', () => {
    expect(u32(inst.invoke('i32.reinterpret_f32', [NaN])[0])).toBe(CANON32);
    expect(u64(inst.invoke('i64.reinterpret_f64', [NaN])[0])).toBe(CANON64);
    expect(u64(inst.invoke('i64.reinterpret_f64', [-NaN])[0])).toBe(CANON64);
  });
  it('a NaN result read as a number is NaN; the global keeps its bits', () => {
    expect(inst.invoke('f32.reinterpret_i32', [0x7fa00001])[0]).toBeNaN();
    (inst.exports['g32'] as Global).bits = 0x7fa00001;
    expect((inst.exports['g32'] as Global).value).toBeNaN();
    expect((inst.exports['g32'] as Global).bits).toBe(0x7fa00001);
  });
});
