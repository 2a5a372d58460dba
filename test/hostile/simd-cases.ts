/**
 * Test helper of the hostile suite: the SIMD hostile modules (spec §4.4.3 vector instructions,
 * §5.5.13 locals), shared by simd.test.ts (what runs without SIMD execution: decoding, validation,
 * instantiation, V8's results) and simd-execution.pending.ts (detwasm running them: enabled once
 * detwasm executes SIMD).
 *
 * API:
 *   - `V128_LOCALS`: the decode limit of locals per function (50,000), as v128 locals here.
 *   - `MANY_V128_LOCALS_FIELDS`: "many" [] -> [i32] with V128_LOCALS v128 locals (writes the first
 *     and the last, reads one in the middle: {@link MANY_V128_LOCALS_RESULT}); "manyRec" recursion
 *     with as many locals per frame, counting frames in the exported global "depth"; "reset".
 *   - `v128LocalsModule(count)`: a binary module of one function "f" [] -> [] with `count` v128
 *     locals, and the offset of its local count (for exact decode errors).
 *   - `SHUFFLE_LOOP_FIELDS`: "shuffleLoop" [iters] -> [i32] ($shuffleLoop): a loop of v128 loads,
 *     shuffles, swizzles, lane loads and stores, plain stores over 32 KiB of memory 0 (one page,
 *     declared by the caller), with a data segment; the iterations done so far are stored at
 *     address 0 after each one. `LOOP_MEMORY`: that memory, exported as "mem".
 *   - `runOnV8(bytes, name, args)`: the oracle: the export's result and the SHA-1 of the memory.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_DECODE_LIMITS } from '../../src/index.js';
import { V8_WASM } from '../diff/v8-api.js';
import type { V8Memory } from '../diff/v8-api.js';
import { ByteWriter, oneFunction, ulebLength } from './build.js';

export const V128_LOCALS: number = DEFAULT_DECODE_LIMITS.maxLocals;

const V128_TYPE = 0x7b;

/**
 * "many": local 0 := i32x4(1 2 3 4), the last := i32x4(10 20 30 40); returns lane 1 of their sum
 * (22) plus 1000 x the bitmask of (middle local == 0) (0xffff: locals start at zero).
 */
export const MANY_V128_LOCALS_FIELDS = `
  (global $depth (export "depth") (mut i32) (i32.const 0))
  (func $many (export "many") (result i32) (local ${'v128 '.repeat(V128_LOCALS)})
    (local.set 0 (v128.const i32x4 1 2 3 4))
    (local.set ${V128_LOCALS - 1} (v128.const i32x4 10 20 30 40))
    (i32.add
      (i32x4.extract_lane 1 (i32x4.add (local.get 0) (local.get ${V128_LOCALS - 1})))
      (i32.mul (i32.const 1000) (i8x16.bitmask (i8x16.eq (local.get ${V128_LOCALS >> 1}) (v128.const i64x2 0 0))))))
  (func $manyRec (export "manyRec") (local ${'v128 '.repeat(V128_LOCALS)})
    (global.set $depth (i32.add (global.get $depth) (i32.const 1)))
    (local.set ${V128_LOCALS - 1} (v128.const i32x4 1 1 1 1))
    (call $manyRec))
  (func (export "reset") (global.set $depth (i32.const 0)))`;

/** What "many" returns. */
export const MANY_V128_LOCALS_RESULT = 22 + 1000 * 0xffff;

/** One function "f" [] -> [] with `count` v128 locals (one group) and an empty body. */
export function v128LocalsModule(count: number): { readonly bytes: Uint8Array; readonly countOffset: number } {
  const bytes = oneFunction(new ByteWriter().uleb(1).uleb(count).u8(V128_TYPE).u8(0x0b).finish());
  // The body ends with the count, the type byte, `end`.
  return { bytes, countOffset: bytes.length - 1 - 1 - ulebLength(count) };
}

/** One page, exported as "mem": the memory of {@link SHUFFLE_LOOP_FIELDS} outside contracts. */
export const LOOP_MEMORY = '(memory (export "mem") 1)';

/**
 * "shuffleLoop": `iters` iterations over 16-byte steps of the first 32 KiB (p = 16 + (i*16 &
 * 0x7ff0)): v = shuffle(load p, load p+16); acc = i32x4.add(swizzle(acc, v), i16x8.mul(v, acc));
 * store p+32 := v ^ acc; acc := load64_lane 1 from p; store32_lane 3 of acc at p+8; the count at
 * address 0. Returns lane 0 ^ lane 3 of acc.
 */
export const SHUFFLE_LOOP_FIELDS = `
  (data (i32.const 16) "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/")
  (func $shuffleLoop (export "shuffleLoop") (param $iters i32) (result i32) (local $i i32) (local $p i32) (local $acc v128) (local $v v128)
    (local.set $acc (v128.const i32x4 0x01020304 0x05060708 0x090a0b0c 0x0d0e0f10))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $iters)))
        (local.set $p (i32.add (i32.const 16) (i32.and (i32.mul (local.get $i) (i32.const 16)) (i32.const 0x7ff0))))
        (local.set $v (i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7
          (v128.load (local.get $p)) (v128.load offset=16 (local.get $p))))
        (local.set $acc (i32x4.add (i8x16.swizzle (local.get $acc) (local.get $v)) (i16x8.mul (local.get $v) (local.get $acc))))
        (v128.store offset=32 (local.get $p) (v128.xor (local.get $v) (local.get $acc)))
        (local.set $acc (v128.load64_lane 1 (local.get $p) (local.get $acc)))
        (v128.store32_lane offset=8 3 (local.get $p) (local.get $acc))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (i32.store (i32.const 0) (local.get $i))
        (br $next)))
    (i32.xor (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))`;

/** SHA-1 of a memory's bytes. */
export function memoryHash(buffer: ArrayBuffer): string {
  return createHash('sha1').update(new Uint8Array(buffer)).digest('hex');
}

/** The oracle: `name(...args)` on a fresh V8 instance of `bytes`; its result and memory hash. */
export function runOnV8(bytes: Uint8Array, name: string, args: readonly number[]): { readonly result: unknown; readonly memory: string } {
  const instance = new V8_WASM.Instance(new V8_WASM.Module(bytes));
  const result = (instance.exports[name] as (...a: number[]) => unknown)(...args);
  const mem = instance.exports['mem'] as V8Memory | undefined;
  return { result, memory: mem === undefined ? '' : memoryHash(mem.buffer) };
}
