/**
 * The translator's register form (lower.ts: deferred `local.get`/constants, results redirected
 * into locals, compare-and-branch, address folding) against V8 as the oracle on small realistic
 * functions: each puts a foldable pattern next to instructions that must NOT fold with it (tee,
 * loads, other ops' results, labels), with and without the strict gas schedule (its GAS ops split
 * runs). test/coverage/fused-ops.test.ts covers every form of every op on edge values.
 * Regression: wasi-libc's word-at-a-time strlen loop (`i32.add` after a fused `local.get; i32.const;
 * i32.add` was once fused as if it followed a constant).
 */
import { describe, expect, it } from 'vitest';
import { compile, instantiate, STRICT_GAS_SCHEDULE } from '../../src/index.js';
import { wat } from '../helpers/wat.js';

const SOURCE = `
  (memory (export "mem") 1)
  (data (i32.const 0) "hello, world\\00\\00\\00\\00abcdefgh")
  (func (export "strlen") (param $s i32) (result i32) (local $p i32) (local $w i32)
    (local.set $p (local.get $s))
    (block $done
      (loop $l
        (br_if $done
          (i32.and
            (i32.and
              (i32.xor (local.tee $w (i32.load (local.get $p))) (i32.const -1))
              (i32.add (local.get $w) (i32.const -16843009)))
            (i32.const -2139062144)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $l)))
    (loop $b
      (if (i32.load8_u (local.get $p))
        (then (local.set $p (i32.add (local.get $p) (i32.const 1))) (br $b))))
    (i32.sub (local.get $p) (local.get $s)))
  (func (export "mix") (param $a i32) (param $b i32) (result i32) (local $t i32)
    (local.set $t (i32.mul (i32.add (local.get $a) (i32.const 7)) (i32.sub (local.get $b) (local.get $a))))
    (local.set $t (i32.xor (i32.shr_u (local.get $t) (i32.const 3)) (i32.shl (local.get $a) (local.get $b))))
    (local.set $a (local.get $b))
    (local.set $b (i32.add (local.get $b) (i32.const 100)))
    (i32.add (i32.add (local.get $t) (i32.lt_s (local.get $a) (local.get $b)))
             (i32.ge_u (i32.and (local.get $t) (i32.const 255)) (local.get $a))))
  (func (export "loops") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $out
      (loop $l
        (br_if $out (i32.ge_s (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.rem_u (local.get $i) (i32.const 7))))
        (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 1000)))))
    (if (i32.eqz (local.get $s)) (then (local.set $s (i32.const -1))))
    (block $x (br_if $x (i32.lt_u (local.get $s) (i32.const 10))) (local.set $s (i32.add (local.get $s) (local.get $s))))
    (local.get $s))
  (func (export "addr") (param $i i32) (result f64) (local $p i32)
    (f64.store (i32.const 64) (f64.const 1.5))
    (f64.store (i32.const 72) (f64.const -2.25))
    (local.set $p (i32.mul (local.get $i) (i32.const 8)))
    (f64.add (f64.mul (f64.load offset=64 (local.get $p)) (f64.load (i32.add (local.get $p) (i32.const 72))))
             (f64.convert_i32_s (i32.load8_u (i32.add (local.get $p) (i32.const 1))))))
  (func (export "edges") (param $a i32) (result i32)
    (i32.add (i32.lt_u (local.get $a) (i32.const -1)) (i32.shr_s (local.get $a) (i32.const 33))))
`;

const bytes = wat(SOURCE);
const WA = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: Record<string, (...a: number[]) => number> } } }).WebAssembly;

const CASES: readonly { name: string; args: number[] }[] = [
  { name: 'strlen', args: [0] }, { name: 'strlen', args: [1] }, { name: 'strlen', args: [3] }, { name: 'strlen', args: [17] },
  ...[[0, 0], [1, 2], [-5, 9], [2147483647, -1], [123456, 31], [-1, 40]].map((args) => ({ name: 'mix', args })),
  ...[0, 1, 5, 999, 1000, 2500].map((n) => ({ name: 'loops', args: [n] })),
  { name: 'addr', args: [0] }, { name: 'addr', args: [1] },
  ...[0, -1, -2, 1, 2147483647].map((a) => ({ name: 'edges', args: [a] })),
];

describe.each([
  { label: 'unmetered', options: {} },
  { label: 'strict gas (runs split by GAS ops)', options: { gas: STRICT_GAS_SCHEDULE } },
])('fused patterns agree with V8 ($label)', ({ options }) => {
  const ours = instantiate(compile(bytes), {}, options);
  const v8 = new WA.Instance(new WA.Module(bytes), {}).exports;
  it.each(CASES)('$name($args)', ({ name, args }) => {
    const [got] = ours.invoke(name, args);
    expect(Object.is(got, v8[name]!(...args)), `${name}(${args.join(', ')}): got ${String(got)}, V8 ${v8[name]!(...args)}`).toBe(true);
  });
});
