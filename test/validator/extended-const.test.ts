/**
 * Extended constant expressions (WebAssembly 3.0, feature 'extended-const'): i32 / i64 `add`,
 * `sub` and `mul` in global initialisers and segment offsets, evaluated with wrap-around at
 * instantiation; typed as a stack by the validator; refused, naming the feature, when switched off;
 * linear in the expression's length (a long chain stays small numbers and quick).
 */
import { describe, expect, it } from 'vitest';
import { wat as watToBinary, WASM2_FEATURES } from '../helpers/wat.js';
import { compile, Global, instantiate, InvalidError, WASM_2_0 } from '../../src/index.js';

const EXT = { ...WASM2_FEATURES, extended_const: true };
const wat = (text: string): Uint8Array => watToBinary(text, EXT);

describe('extended constant expressions', () => {
  it('evaluates i32 and i64 add / sub / mul with wrap-around, over imported globals', () => {
    const inst = instantiate(compile(wat(`
      (import "env" "base" (global $base i32))
      (import "env" "big" (global $big i64))
      (global (export "a") i32 (i32.add (global.get $base) (i32.mul (i32.const 3) (i32.const 5))))
      (global (export "b") i32 (i32.mul (i32.const 0x10000) (i32.const 0x10001)))
      (global (export "c") i32 (i32.sub (i32.const 0) (i32.const 1)))
      (global (export "d") i64 (i64.mul (global.get $big) (i64.const 0x100000001)))
      (global (export "e") i64 (i64.sub (i64.const 0) (i64.add (global.get $big) (i64.const 1))))
      (global (export "f") i64 (i64.add (i64.const 0x7fffffffffffffff) (i64.const 1)))`)), {
      env: { base: new Global({ value: 'i32' }, 100), big: new Global({ value: 'i64' }, 0x123456789n) },
    });
    const value = (name: string) => (inst.exports[name] as Global).value;
    expect(value('a')).toBe(115);
    expect(value('b')).toBe(0x10000); // 0x1_0001_0000 wrapped to 32 bits
    expect(value('c')).toBe(-1);
    expect(value('d')).toBe(BigInt.asIntN(64, 0x123456789n * 0x100000001n));
    expect(value('e')).toBe(-0x12345678an);
    expect(value('f')).toBe(-0x8000000000000000n);
  });

  it('computes data and element segment offsets', () => {
    const inst = instantiate(compile(wat(`
      (import "env" "at" (global $at i32))
      (memory (export "mem") 1)
      (data (i32.add (global.get $at) (i32.mul (i32.const 4) (i32.const 2))) "xyz")
      (table (export "t") 10 funcref)
      (elem (i32.sub (global.get $at) (i32.const 95)) $f)
      (func $f (result i32) (i32.const 42))`)), { env: { at: new Global({ value: 'i32' }, 100) } });
    const mem = inst.exports.mem as { buffer: ArrayBuffer };
    expect(Array.from(new Uint8Array(mem.buffer, 107, 5))).toEqual([0, 0x78, 0x79, 0x7a, 0]);
    const table = inst.exports.t as { get(i: number): unknown };
    expect(table.get(4)).toBeNull();
    expect((table.get(5) as () => number)()).toBe(42);
  });

  it('traps at instantiation when a computed offset is out of bounds', () => {
    const bytes = wat('(memory 1) (data (i32.mul (i32.const 0x8000) (i32.const 2)) "x")');
    expect(() => instantiate(compile(bytes))).toThrow('out of bounds memory access');
  });

  it('types the expression as a stack', () => {
    for (const [text, message] of [
      ['(global i32 (i32.add (i32.const 1) (i64.const 2)))', 'type mismatch'],
      ['(global i64 (i32.add (i32.const 1) (i32.const 2)))', 'type mismatch'],
      ['(global i32 (i32.const 1) (i32.const 2) (i32.add) (i32.const 3))', 'type mismatch'],
      ['(global i32 (i32.const 1) (i32.add))', 'type mismatch'],
      ['(global i32 (i32.div_s (i32.const 1) (i32.const 1)))', 'constant expression required'],
      ['(global i32 (i32.add (i32.const 1) (global.get 0)))', 'unknown global'],
    ] as const) {
      expect(() => compile(wat(text)), text).toThrow(InvalidError);
      expect(() => compile(wat(text)), text).toThrow(message);
    }
  });

  it('is refused with extended-const switched off, naming the feature', () => {
    const bytes = wat('(global i32 (i32.add (i32.const 1) (i32.const 2)))');
    expect(() => compile(bytes, { features: WASM_2_0 })).toThrow("requires feature 'extended-const'");
    expect(() => compile(bytes, { features: { 'extended-const': false } })).toThrow(InvalidError);
    expect(() => compile(wat('(global i32 (i32.const 3))'), { features: WASM_2_0 })).not.toThrow();
  });

  it('evaluates a 100,000-instruction expression exactly and in linear time', () => {
    // x = 1; then 50,000 times: x = x * 3 (i64), each a const and a mul: 3^50000 mod 2^64.
    const n = 50_000;
    const parts: number[] = [0x42, 1];
    for (let i = 0; i < n; i++) parts.push(0x42, 3, 0x7e);
    parts.push(0x0b);
    const global = [0x7e, 0x00, ...parts];
    const section = [1, ...global]; // one global
    const exportSec = [1, 1, 0x67, 3, 0]; // export "g" global 0
    const bytes = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      6, ...uleb(section.length), ...section,
      7, ...uleb(exportSec.length), ...exportSec,
    ]);
    let expected = 1n;
    for (let i = 0; i < n; i++) expected = BigInt.asUintN(64, expected * 3n);
    const inst = instantiate(compile(bytes));
    expect((inst.exports.g as Global).value).toBe(BigInt.asIntN(64, expected));
  });
});

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}
