/**
 * The JS tier's i64 shifts and rotates by a literal count (scripts/isa/semantics.ts
 * I64_SHIFT_BY_CONSTANT: halves as expressions, one form per range of counts), and its int32
 * results: every count of every shift and rotate, against the interpreter and V8, on values whose
 * halves exercise the bits that cross between them. The spec suite's shift tests take their
 * counts as parameters, so they reach the helper path instead.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { compile, instantiate } from '../../src/index.js';
import { callHeights, translateToJs } from '../../src/interpreter/js-tier.js';
import { decodeModule } from '../../src/decoder/decode.js';
import { FREE_GAS_SCHEDULE } from '../../src/gas/schedule.js';
import { V8_WASM } from '../diff/v8-api.js';

const OPS = ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'] as const;
/** Counts: every one of 0-63, and some that wrap (64, 65, 95, 127, -1, -32, -33). */
const COUNTS = [...Array.from({ length: 64 }, (_, k) => k), 64, 65, 95, 127, -1, -32, -33];
const VALUES = [0n, 1n, -1n, 0x8000_0000n, 0x1_0000_0000n, -0x8000_0000_0000_0000n, 0x0123_4567_89ab_cdefn, -0x0123_4567_89ab_cdefn, 0x7fff_ffff_ffff_ffffn, 0xffff_ffffn];

const name = (op: string, k: number): string => `${op}_${k < 0 ? `m${-k}` : k}`;
const BYTES = wat(`(module
  ${OPS.flatMap((op) => COUNTS.map((k) => `(func (export "${name(op, k)}") (param i64) (result i64) (i64.${op} (local.get 0) (i64.const ${k})))`)).join('\n  ')}
  (func (export "shr_u_eq") (param i32 i32) (result i32) (i32.eq (i32.shr_u (local.get 0) (local.get 1)) (i32.const -1)))
  (func (export "shr_u_lt") (param i32) (result i32) (i32.lt_s (i32.shr_u (local.get 0) (i32.const 0)) (i32.const 0)))
  (func (export "popcnt_eq") (param i64) (result i32) (i64.eq (i64.popcnt (local.get 0)) (i64.const 64)))
)`);

describe('JS tier: i64 shifts and rotates by a literal count', () => {
  const v8 = new V8_WASM.Instance(new V8_WASM.Module(BYTES)).exports as Record<string, (...a: unknown[]) => unknown>;
  const module = compile(BYTES);
  const interpreted = instantiate(module).exports as Record<string, (...a: unknown[]) => unknown>;
  const onJs = instantiate(module, {}, { tier: 'js' }).exports as Record<string, (...a: unknown[]) => unknown>;

  it('the JS tier takes every one of these functions', () => {
    const m = decodeModule(BYTES);
    const heights = callHeights(m);
    let taken = 0;
    for (let i = 0; i < m.funcTypeIdxs.length; i++) if (translateToJs(m, i, FREE_GAS_SCHEDULE, null, (j) => heights[j]!) !== null) taken++;
    expect(taken).toBe(m.funcTypeIdxs.length);
  });

  it.each(OPS)('i64.%s by every count equals the interpreter and V8', (op) => {
    for (const k of COUNTS) {
      const f = name(op, k);
      for (const x of VALUES) {
        const expected = v8[f]!(x);
        // (twice: a function's first call may run before its JS function is attached)
        expect([interpreted[f]!(x), onJs[f]!(x), onJs[f]!(x)], `${f}(${x})`).toEqual([expected, expected, expected]);
      }
    }
  });

  it('results are int32 before the next op reads them (i32.shr_u by 0 is -1, not 2^32 - 1)', () => {
    for (const exports of [v8, interpreted, onJs]) {
      expect([exports['shr_u_eq']!(-1, 0), exports['shr_u_eq']!(-1, 0), exports['shr_u_eq']!(-2, 0), exports['shr_u_eq']!(-1, 32)]).toEqual([1, 1, 0, 1]);
      expect([exports['shr_u_lt']!(-1), exports['shr_u_lt']!(1)]).toEqual([1, 0]);
      expect([exports['popcnt_eq']!(-1n), exports['popcnt_eq']!(5n)]).toEqual([1, 0]);
    }
  });
});
