/**
 * SIMD as the API and the engine's rules see it (the spec suite covers the instructions
 * themselves): v128 values at the API boundary (16-byte Uint8Arrays, lane bytes little-endian;
 * the JS-API-shaped functions refuse them with a TypeError), the relaxed SIMD results the
 * deterministic profile fixes, NaN bits through lane moves against canonical NaNs from lane
 * arithmetic, results written over an operand's register, and gas (one instruction each).
 */
import { describe, expect, it } from 'vitest';
import {
  compile, defineHostFunction, Global, instantiate, STRICT_GAS_SCHEDULE, Trap, TrapCode,
} from '../../src/index.js';
import { wat, WASM2_FEATURES } from '../helpers/wat.js';

/** A v128 from four i32 lanes. */
function i32x4(a: number, b: number, c: number, d: number): Uint8Array {
  return new Uint8Array(new Int32Array([a, b, c, d]).buffer);
}
function f32x4Bits(...bits: number[]): Uint8Array {
  return new Uint8Array(new Uint32Array(bits).buffer);
}
function lanes32(v: unknown): number[] {
  return [...new Int32Array((v as Uint8Array).slice().buffer)];
}
function lanesU32(v: unknown): number[] {
  return [...new Uint32Array((v as Uint8Array).slice().buffer)];
}
function lanes16(v: unknown): number[] {
  return [...new Int16Array((v as Uint8Array).slice().buffer)];
}
function lanesF64(v: unknown): number[] {
  return [...new Float64Array((v as Uint8Array).slice().buffer)];
}

describe('v128 at the API boundary', () => {
  const inst = instantiate(compile(wat(`
    (func (export "add") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
    (func (export "lane") (param i32 v128) (result i32) (i32x4.extract_lane 1 (local.get 1)))
    (global (export "g") (mut v128) (v128.const i32x4 1 2 3 4))`)));

  it('invoke, invokeMetered and invokeMeteredAsync take and return 16-byte Uint8Arrays', async () => {
    const a = i32x4(1, 2, 3, 0x7fffffff);
    const b = i32x4(10, 20, 30, 1);
    const want = [11, 22, 33, -0x80000000];
    expect(lanes32(inst.invoke('add', [a, b])[0])).toEqual(want);
    const metered = inst.invokeMetered('add', [a, b], { gasLimit: 1000 });
    expect(metered.error).toBeNull();
    expect(lanes32(metered.results![0])).toEqual(want);
    const async = await inst.invokeMeteredAsync('add', [a, b], { gasLimit: 1000 });
    expect(lanes32(async.results![0])).toEqual(want);
    expect(inst.invoke('add', [a, b])[0]).toBeInstanceOf(Uint8Array);
    expect([...a]).toEqual([...i32x4(1, 2, 3, 0x7fffffff)]); // the arguments are not changed
  });

  it.each([
    ['a bigint', 5n], ['a number', 5], ['a 15-byte Uint8Array', new Uint8Array(15)], ['an Int32Array', new Int32Array(4)],
    ['undefined', undefined],
  ])('%s for a v128 parameter is a TypeError naming the parameter', (_what, bad) => {
    expect(() => inst.invoke('lane', [0, bad])).toThrow(new TypeError('parameter 1 is a v128: pass a 16-byte Uint8Array (lane bytes, little-endian)'));
    expect(() => inst.invokeMetered('lane', [0, bad], { gasLimit: 1000 })).toThrow(TypeError);
    expect(inst.invoke('lane', [0, i32x4(5, 6, 7, 8)])).toEqual([6]); // and the next call is fine
  });

  it('the exported JS functions refuse v128 (JS API: a TypeError for a v128 parameter or result)', () => {
    const add = inst.exports['add'] as (...args: unknown[]) => unknown;
    expect(() => add(i32x4(1, 2, 3, 4), i32x4(1, 2, 3, 4))).toThrow(TypeError);
    expect(() => (inst.exports['lane'] as (...args: unknown[]) => unknown)(0, i32x4(1, 2, 3, 4))).toThrow(TypeError);
  });

  it('getGlobal and Global.value read a v128 as a fresh Uint8Array; Global.value takes one', () => {
    expect(lanes32(inst.getGlobal('g'))).toEqual([1, 2, 3, 4]);
    const g = inst.exports['g'] as Global;
    g.value = i32x4(-1, 0, 1, 2);
    expect(lanes32(inst.getGlobal('g'))).toEqual([-1, 0, 1, 2]);
    (g.value as Uint8Array).fill(9); // a copy
    expect(lanes32(g.value)).toEqual([-1, 0, 1, 2]);
    expect(() => {
      g.value = 1n;
    }).toThrow(TypeError);
  });

  it('a typed host function (defineHostFunction) takes and returns v128 as Uint8Arrays', () => {
    const seen: number[][] = [];
    const swap = defineHostFunction('swap', ['v128'], ['v128'], (_ctx, v) => {
      seen.push(lanes32(v));
      const l = lanes32(v);
      return i32x4(l[3]!, l[2]!, l[1]!, l[0]!);
    });
    const host = instantiate(compile(wat(`
      (import "env" "swap" (func $swap (param v128) (result v128)))
      (func (export "f") (result i32) (i32x4.extract_lane 0 (call $swap (v128.const i32x4 1 2 3 4))))`)), { env: { swap } });
    expect(host.invoke('f')).toEqual([4]);
    expect(seen).toEqual([[1, 2, 3, 4]]);
  });

  it('a typed host function returning something else for a v128 result is a host trap', () => {
    const bad = defineHostFunction('bad', [], ['v128'], () => 7n);
    const host = instantiate(compile(wat(`
      (import "env" "bad" (func $bad (result v128)))
      (func (export "f") (drop (call $bad)))`)), { env: { bad } });
    const e = (() => {
      try {
        host.invoke('f');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(Trap);
    expect((e as Trap).code).toBe(TrapCode.HOST);
    expect((e as Trap).cause).toBeInstanceOf(TypeError);
  });

  it('a plain JS function imported with a v128 in its type traps when called (JS API TypeError), never runs', () => {
    let called = false;
    const host = instantiate(compile(wat(`
      (import "env" "js" (func $js (param v128)))
      (func (export "f") (call $js (v128.const i64x2 0 0)))`)), { env: { js: () => { called = true; } } });
    expect(() => host.invoke('f')).toThrow(Trap);
    expect(called).toBe(false);
  });
});

describe('relaxed SIMD: the deterministic profile (every relaxed(R) parameter 0: the first alternative)', () => {
  const inst = instantiate(compile(wat(`
    (func (export "madd32") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
    (func (export "nmadd64") (param v128 v128 v128) (result v128) (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
    (func (export "madd64") (param v128 v128 v128) (result v128) (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
    (func (export "laneselect") (param v128 v128 v128) (result v128) (i32x4.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
    (func (export "min") (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1)))
    (func (export "trunc") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_u (local.get 0)))
    (func (export "swizzle") (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
    (func (export "q15") (param v128 v128) (result v128) (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
    (func (export "dot") (param v128 v128) (result v128) (i16x8.relaxed_dot_i8x16_i7x16_s (local.get 0) (local.get 1)))`,
  { ...WASM2_FEATURES, relaxed_simd: true })));

  it('relaxed_madd rounds twice (unfused): 1 + 2^-52 squared minus 1 is 2^-51, not 2^-51 + 2^-104', () => {
    const x = 1 + 2 ** -52;
    const f64 = (a: number, b: number): Uint8Array => new Uint8Array(new Float64Array([a, b]).buffer);
    expect(lanesF64(inst.invoke('madd64', [f64(x, 0), f64(x, 0), f64(-1, 0)])[0])).toEqual([2 ** -51, 0]);
    // nmadd(a, b, c) = madd(-a, b, c)
    expect(lanesF64(inst.invoke('nmadd64', [f64(x, 2), f64(x, 3), f64(1, 1)])[0])).toEqual([-(2 ** -51), -5]);
  });

  it('f32 relaxed_madd rounds the product to f32 first', () => {
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: the f32 product drops the 2^-24 (a tie, to even), fused keeps it.
    const a = Math.fround(1 + 2 ** -12);
    const r = inst.invoke('madd32', [new Uint8Array(new Float32Array([a, 0, 0, 0]).buffer),
      new Uint8Array(new Float32Array([a, 0, 0, 0]).buffer), new Uint8Array(new Float32Array([-1, 0, 0, 0]).buffer)])[0];
    expect(new Float32Array((r as Uint8Array).slice().buffer)[0]).toBe(2 ** -11);
  });

  it('relaxed_laneselect is bitselect, bit by bit (a mask that mixes set and cleared bits)', () => {
    const r = inst.invoke('laneselect', [i32x4(-1, -1, 0, 0x12345678), i32x4(0, 0, -1, 0), i32x4(0x0f0f0f0f, 0x80000000 | 0, 0x7fffffff, -1)]);
    expect(lanes32(r[0])).toEqual([0x0f0f0f0f, 0x80000000 | 0, -0x80000000, 0x12345678]);
  });

  it('relaxed_min is fmin: a NaN operand gives the canonical NaN, -0 < +0', () => {
    const r = inst.invoke('min', [f32x4Bits(0x7f800001, 0x00000000, 0x3f800000, 0xffc00001), f32x4Bits(0x3f800000, 0x80000000, 0x7fa00000, 0x3f800000)]);
    expect(lanesU32(r[0])).toEqual([0x7fc00000, 0x80000000, 0x7fc00000, 0x7fc00000]);
  });

  it('relaxed_trunc is trunc_sat: NaN 0, out of range saturated', () => {
    const r = inst.invoke('trunc', [new Uint8Array(new Float32Array([NaN, -1, 5e9, 3.9]).buffer)]);
    expect(lanesU32(r[0])).toEqual([0, 0, 0xffffffff, 3]);
  });

  it('relaxed_swizzle is swizzle: any index of 16 or more gives 0', () => {
    const a = new Uint8Array(16).map((_, k) => 100 + k);
    const idx = new Uint8Array([0, 15, 16, 17, 31, 32, 127, 128, 200, 255, 1, 2, 3, 4, 5, 6]);
    expect([...(inst.invoke('swizzle', [a, idx])[0] as Uint8Array)]).toEqual([100, 115, 0, 0, 0, 0, 0, 0, 0, 0, 101, 102, 103, 104, 105, 106]);
  });

  it('relaxed_q15mulr_s saturates -1 * -1 to 0x7fff', () => {
    const m = new Uint8Array(new Int16Array([-32768, -32768, 16384, 0, 0, 0, 0, 0]).buffer);
    const n = new Uint8Array(new Int16Array([-32768, 32767, 16384, 0, 0, 0, 0, 0]).buffer);
    expect(lanes16(inst.invoke('q15', [m, n])[0]).slice(0, 3)).toEqual([32767, -32767, 8192]);
  });

  it('relaxed_dot multiplies signed by signed (-128 * -127, twice: 32512)', () => {
    const a = new Uint8Array(16);
    const b = new Uint8Array(16);
    a.set([128, 128]);
    b.set([129, 129]); // -127 as i8
    expect(lanes16(inst.invoke('dot', [a, b])[0])[0]).toBe(32512);
  });
});

describe('NaN bits through SIMD', () => {
  const inst = instantiate(compile(wat(`
    (memory 1)
    (global $g (mut v128) (v128.const i64x2 0 0))
    (func (export "moves") (param v128) (result v128) (local v128)
      (local.set 1 (i8x16.shuffle 4 5 6 7 0 1 2 3 12 13 14 15 8 9 10 11 (local.get 0) (local.get 0)))
      (global.set $g (local.get 1))
      (v128.store (i32.const 16) (global.get $g))
      (f32x4.replace_lane 3 (v128.load (i32.const 16)) (f32x4.extract_lane 0 (local.get 0))))
    (func (export "abs_neg") (param v128) (result v128) (f32x4.neg (f32x4.abs (local.get 0))))
    (func (export "arith") (param v128) (result v128) (f32x4.add (local.get 0) (local.get 0)))
    (func (export "pmin64") (param v128 v128) (result v128) (f64x2.pmin (local.get 0) (local.get 1)))`)));

  const PAYLOADS = [0x7f800001, 0xffa00005, 0x7fc12345, 0xff812345];

  it('shuffle, locals, globals, loads, stores and lane moves keep every NaN payload', () => {
    expect(lanesU32(inst.invoke('moves', [f32x4Bits(...PAYLOADS)])[0])).toEqual([0xffa00005, 0x7f800001, 0xff812345, 0x7f800001]);
  });

  it('abs and neg move bits (a signalling NaN stays signalling); arithmetic gives the canonical NaN', () => {
    expect(lanesU32(inst.invoke('abs_neg', [f32x4Bits(...PAYLOADS)])[0])).toEqual([0xff800001, 0xffa00005, 0xffc12345, 0xff812345]);
    expect(lanesU32(inst.invoke('arith', [f32x4Bits(...PAYLOADS)])[0])).toEqual([0x7fc00000, 0x7fc00000, 0x7fc00000, 0x7fc00000]);
  });

  it('pmin returns an operand bit for bit (a NaN first operand comes back as it was)', () => {
    const nan = new Uint8Array(new BigUint64Array([0x7ff0000000000001n, 0x4000000000000000n]).buffer);
    const other = new Uint8Array(new Float64Array([1, 1]).buffer);
    expect([...new BigUint64Array((inst.invoke('pmin64', [nan, other])[0] as Uint8Array).slice().buffer)])
      .toEqual([0x7ff0000000000001n, 0x3ff0000000000000n]);
  });
});

describe('a SIMD result written over an operand register', () => {
  it('lane-crossing ops read every operand before writing (result redirected into an operand local)', () => {
    const inst = instantiate(compile(wat(`
      (func (export "f") (param v128 v128) (result v128)
        (local.set 0 (i8x16.shuffle 31 30 29 28 27 26 25 24 7 6 5 4 3 2 1 0 (local.get 0) (local.get 1)))
        (local.set 1 (i8x16.swizzle (local.get 1) (local.get 0)))
        (local.set 0 (i16x8.narrow_i32x4_s (local.get 0) (local.get 0)))
        (local.get 0))`)));
    const a = new Uint8Array(16).map((_, k) => k);
    const b = new Uint8Array(16).map((_, k) => 16 + k);
    // shuffle: [31..24 from b, 7..0 from a]; narrow of that with itself
    const shuffled = new Uint8Array([31, 30, 29, 28, 27, 26, 25, 24, 7, 6, 5, 4, 3, 2, 1, 0]);
    const words = new Int32Array(shuffled.buffer);
    const narrow = [...words, ...words].map((w) => Math.max(-32768, Math.min(32767, w)));
    expect(lanes16(instantiateOnce(inst, a, b))).toEqual(narrow);
  });
});

function instantiateOnce(inst: ReturnType<typeof instantiate>, a: Uint8Array, b: Uint8Array): unknown {
  return inst.invoke('f', [a, b])[0];
}

describe('gas: a SIMD instruction costs what any instruction costs', () => {
  it('under the strict schedule each v128 instruction adds exactly one', () => {
    const module = compile(wat(`
      (func (export "two") (result i32) (i32x4.extract_lane 0 (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 1 1 1 1))))
      (func (export "three") (result i32) (i32x4.extract_lane 0 (i32x4.mul (i32x4.add (v128.const i32x4 1 2 3 4) (v128.const i32x4 1 1 1 1)) (v128.const i32x4 3 3 3 3))))`));
    const inst = instantiate(module, {}, { gas: STRICT_GAS_SCHEDULE });
    const two = inst.invokeMetered('two', [], { gasLimit: 10_000 });
    const three = inst.invokeMetered('three', [], { gasLimit: 10_000 });
    expect(two.results).toEqual([2]);
    expect(three.results).toEqual([6]);
    // "three" has two instructions more (one v128.const, one i32x4.mul).
    expect(three.gasUsed - two.gasUsed).toBe(2 * STRICT_GAS_SCHEDULE.instruction);
  });
});
