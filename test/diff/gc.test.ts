/**
 * GC and typed function references against V8 (the differential oracle; V8 runs the final GC from 11.9, so Node 22, 24 and 26
 * in the Node-lines matrix; Node 20's V8 11.3 has only a pre-standard encoding, and there this
 * file's one test is skipped with that reason). Fixed GC kernels, each exercising one group of
 * instructions, run on random inputs from fast-check (seeded, printed) under both engines; every
 * result and every trap-or-not must agree, and detwasm's trap must be the spec's trap for what
 * V8 reports. The kernels return only i32 / i64, so NaN bits are compared as bits.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, instantiate, Trap, TRAP_MESSAGES } from '../../src/index.js';
import type { Instance } from '../../src/index.js';
import { gcWat } from '../helpers/gc-wat.js';
import { V8_WASM } from './v8-api.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

const KERNELS = `(module
  (type $node (struct (field $next (ref null $node)) (field $val i32)))
  (type $packed (struct (field (mut i8)) (field (mut i16)) (field (mut f32)) (field (mut f64)) (field (mut i64))))
  (type $bytes (array (mut i8)))
  (type $words (array (mut i32)))
  (type $base (sub (struct (field i32))))
  (type $mid (sub $base (struct (field i32) (field i64))))
  (type $leaf (sub final $mid (struct (field i32) (field i64) (field f32))))
  (type $anys (array (mut anyref)))
  (data $d "\\00\\01\\02\\03\\04\\05\\06\\07\\08\\09\\0a\\0b\\0c\\0d\\0e\\0f")

  (func (export "list") (param $n i32) (param $mul i32) (result i32)
    (local $l (ref null $node)) (local $sum i32)
    (local.set $n (i32.and (local.get $n) (i32.const 1023)))
    (block $done (loop $build
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $l (struct.new $node (local.get $l) (i32.mul (local.get $n) (local.get $mul))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $build)))
    (block $end (loop $walk
      (br_if $end (ref.is_null (local.get $l)))
      (local.set $sum (i32.xor (i32.rotl (local.get $sum) (i32.const 5)) (struct.get $node $val (local.get $l))))
      (local.set $l (struct.get $node $next (local.get $l)))
      (br $walk)))
    (local.get $sum))

  (func (export "packed") (param $a i32) (param $b i32) (param $f i32) (param $d i64) (result i64)
    (local $p (ref $packed))
    (local.set $p (struct.new $packed (local.get $a) (local.get $b) (f32.reinterpret_i32 (local.get $f))
      (f64.reinterpret_i64 (local.get $d)) (local.get $d)))
    (i64.xor
      (i64.xor (i64.extend_i32_u (struct.get_s $packed 0 (local.get $p))) (i64.shl (i64.extend_i32_u (struct.get_u $packed 1 (local.get $p))) (i64.const 32)))
      (i64.xor (i64.extend_i32_u (i32.reinterpret_f32 (struct.get $packed 2 (local.get $p))))
        (i64.xor (i64.reinterpret_f64 (struct.get $packed 3 (local.get $p))) (i64.rotl (struct.get $packed 4 (local.get $p)) (i64.const 7))))))

  (func (export "copyfill") (param $len i32) (param $d i32) (param $s i32) (param $n i32) (param $v i32) (result i32)
    (local $a (ref $words)) (local $i i32) (local $h i32)
    (local.set $a (array.new $words (i32.const 7) (i32.and (local.get $len) (i32.const 255))))
    (loop $init
      (if (i32.lt_u (local.get $i) (array.len (local.get $a))) (then
        (array.set $words (local.get $a) (local.get $i) (i32.mul (local.get $i) (i32.const 2654435761)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $init))))
    (array.fill $words (local.get $a) (i32.and (local.get $v) (i32.const 63)) (local.get $v) (i32.and (local.get $n) (i32.const 31)))
    (array.copy $words $words (local.get $a) (local.get $d) (local.get $a) (local.get $s) (local.get $n))
    (local.set $i (i32.const 0))
    (loop $hash
      (if (i32.lt_u (local.get $i) (array.len (local.get $a))) (then
        (local.set $h (i32.add (i32.rotl (local.get $h) (i32.const 3)) (array.get $words (local.get $a) (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $hash))))
    (local.get $h))

  (func (export "bytes") (param $s i32) (param $n i32) (param $at i32) (result i32)
    (local $a (ref $bytes))
    (local.set $a (array.new_data $bytes $d (local.get $s) (local.get $n)))
    (array.init_data $bytes $d (local.get $a) (i32.const 0) (i32.const 3) (i32.and (local.get $n) (i32.const 3)))
    (i32.add (i32.mul (array.get_s $bytes (local.get $a) (local.get $at)) (i32.const 256)) (array.get_u $bytes (local.get $a) (local.get $at))))

  (func (export "i31") (param $x i32) (result i32)
    (local $r (ref i31))
    (local.set $r (ref.i31 (local.get $x)))
    (i32.xor (i31.get_s (local.get $r)) (i32.rotl (i31.get_u (local.get $r)) (i32.const 11))))

  (func $pick (param $k i32) (param $x i32) (result anyref)
    (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 (i32.rem_u (local.get $k) (i32.const 6))))
      (return (ref.null any)))
      (return (ref.i31 (local.get $x))))
      (return (struct.new $base (local.get $x))))
      (return (struct.new $mid (local.get $x) (i64.const 1))))
      (return (struct.new $leaf (local.get $x) (i64.const 2) (f32.const 3))))
    (array.new_fixed $anys 1 (ref.i31 (local.get $x))))

  (func (export "casts") (param $k i32) (param $x i32) (result i32)
    (local $v anyref) (local $r i32)
    (local.set $v (call $pick (local.get $k) (local.get $x)))
    (local.set $r (i32.or
      (i32.or (ref.test i31ref (local.get $v)) (i32.shl (ref.test (ref $base) (local.get $v)) (i32.const 1)))
      (i32.or (i32.shl (ref.test (ref null $mid) (local.get $v)) (i32.const 2)) (i32.shl (ref.test (ref $leaf) (local.get $v)) (i32.const 3)))))
    (local.set $r (i32.or (local.get $r) (i32.shl (ref.test eqref (local.get $v)) (i32.const 4))))
    (local.set $r (i32.or (local.get $r) (i32.shl (ref.test arrayref (local.get $v)) (i32.const 5))))
    (drop (block $miss (result anyref)
      (local.set $r (i32.add (local.get $r) (i32.mul (i32.const 64)
        (struct.get $base 0 (br_on_cast_fail $miss anyref (ref $base) (local.get $v))))))
      (ref.null any)))
    (i32.add (local.get $r) (struct.get $mid 0 (ref.cast (ref $mid) (local.get $v)))))

  (type $bin (func (param i32 i32) (result i32)))
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func $rot (type $bin) (i32.rotl (local.get 0) (local.get 1)))
  (elem declare func $add $sub $rot)
  (func $choose (param $k i32) (result (ref null $bin))
    (block $b3 (block $b2 (block $b1 (block $b0 (br_table $b0 $b1 $b2 $b3 (i32.rem_u (local.get $k) (i32.const 4))))
      (return (ref.func $add))) (return (ref.func $sub))) (return (ref.func $rot)))
    (ref.null $bin))
  (func $tail (param $k i32) (param $a i32) (param $b i32) (result i32)
    (return_call_ref $bin (local.get $a) (local.get $b) (ref.as_non_null (call $choose (local.get $k)))))
  (func (export "funcrefs") (param $k i32) (param $a i32) (param $b i32) (result i32)
    (local $f (ref null $bin))
    (local.set $f (call $choose (local.get $k)))
    (block $null
      (return (i32.xor
        (call_ref $bin (local.get $a) (local.get $b) (br_on_null $null (local.get $f)))
        (i32.mul (i32.const 3) (call $tail (i32.add (local.get $k) (i32.const 1)) (local.get $b) (local.get $a))))))
    (drop (block $some (result (ref $bin)) (br_on_non_null $some (local.get $f)) (return (i32.const -7))))
    (i32.const 99))

  (func (export "eq") (param $k i32) (param $j i32) (param $x i32) (result i32)
    (local $a anyref)
    (local.set $a (call $pick (local.get $k) (local.get $x)))
    (ref.eq (ref.cast eqref (local.get $a))
      (ref.cast eqref (if (result anyref) (i32.and (local.get $j) (i32.const 1)) (then (local.get $a)) (else (call $pick (local.get $j) (local.get $x)))))))
)`;

const BYTES = await gcWat(KERNELS);

/** V8 runs the final GC encoding when it validates the kernels (V8 11.3 does not). */
const HAS_GC = V8_WASM !== undefined && V8_WASM.validate(BYTES);

type Outcome = { readonly value: unknown } | { readonly trap: string };

function runV8(f: (...a: unknown[]) => unknown, args: readonly unknown[]): Outcome {
  try {
    return { value: f(...args) };
  } catch (e) {
    if (e instanceof V8_WASM.RuntimeError) return { trap: String((e as Error).message) };
    throw e;
  }
}

function runDetwasm(inst: Instance, name: string, args: readonly unknown[]): Outcome {
  try {
    return { value: inst.invoke(name, args)[0] };
  } catch (e) {
    if (e instanceof Trap) return { trap: TRAP_MESSAGES[e.code] ?? e.message };
    throw e;
  }
}

/** V8's message for each spec trap (V8 words them its own way). */
const V8_WORDING: Readonly<Record<string, RegExp>> = {
  'out of bounds array access': /array (element access|index) out of bounds|out of bounds/,
  // array.new_data of 2^32 - 1 elements: V8 refuses the length (an implementation limit) before
  // it looks at the segment, the spec's check is the segment's bounds; both trap.
  'out of bounds memory access': /data segment|out of bounds|requested new array is too large/,
  'cast failure': /illegal cast/,
  'null structure reference': /dereferencing a null pointer/,
  'null array reference': /dereferencing a null pointer/,
  'null reference': /dereferencing a null pointer|null/,
};

let detwasm: Instance;
let v8: Record<string, unknown>;

describe(`GC against V8 (fast-check seed ${SEED}, ${RUNS} runs per kernel)`, () => {
  beforeAll(() => {
    detwasm = instantiate(compile(BYTES));
    if (HAS_GC) v8 = new V8_WASM.Instance(new V8_WASM.Module(BYTES)).exports;
  });

  const i32 = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
  const small = fc.integer({ min: -4, max: 300 });
  const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
  const CASES: readonly (readonly [string, fc.Arbitrary<unknown[]>])[] = [
    ['list', fc.tuple(fc.integer({ min: 0, max: 2000 }), i32)],
    ['packed', fc.tuple(i32, i32, i32, i64)],
    // Mostly in bounds, now and then anything (both must trap alike).
    ['copyfill', fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 64, max: 255 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 40 }), i32) },
      { weight: 1, arbitrary: fc.tuple(small, small, small, fc.integer({ min: -2, max: 40 }), i32) })],
    ['bytes', fc.oneof(
      { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 4, max: 8 }), fc.integer({ min: 0, max: 3 })) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -1, max: 18 }), fc.integer({ min: -1, max: 18 }), fc.integer({ min: -1, max: 18 })) })],
    ['i31', fc.tuple(i32)],
    ['casts', fc.tuple(fc.nat(11), i32)],
    ['eq', fc.tuple(fc.nat(11), fc.nat(11), fc.integer({ min: -(2 ** 30), max: 2 ** 30 - 1 }))],
    // Typed function references: call_ref, return_call_ref, ref.as_non_null (traps on null), br_on_null / br_on_non_null.
    ['funcrefs', fc.tuple(fc.nat(11), i32, i32)],
  ];

  it.skipIf(!HAS_GC).each(CASES)(`%s: results and traps agree${HAS_GC ? '' : ' (skipped: this V8 has no final GC; the Node 22/24/26 matrix runs it)'}`, (name, args) => {
    const f = v8[name] as (...a: unknown[]) => unknown;
    let traps = 0;
    fc.assert(fc.property(args, (a) => {
      const want = runV8(f, a);
      const got = runDetwasm(detwasm, name, a);
      if ('trap' in want) {
        traps++;
        expect('trap' in got, `${name}(${a.join(', ')}): V8 traps ${want.trap}, detwasm gives ${JSON.stringify((got as { value: unknown }).value)}`).toBe(true);
        const spec = (got as { trap: string }).trap;
        const wording = V8_WORDING[spec];
        if (wording !== undefined) expect(want.trap, `${name}(${a.join(', ')}): detwasm ${spec}`).toMatch(wording);
      } else {
        expect(got).toEqual(want);
      }
    }), { seed: SEED, numRuns: RUNS });
    console.log(`GC differential ${name}: ${RUNS} runs, ${traps} traps on both`);
  });
});
