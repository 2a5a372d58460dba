/**
 * Garbage collection (WebAssembly 3.0): structs and arrays of every storage type (packed fields
 * sign- and zero-extended, float NaN bits kept), i31, casts and br_on_cast, the any / extern
 * conversions, GC values at the API (GcStruct / GcArray, i31 as a number, host values boxed
 * and unboxed, TypeErrors for values of the wrong type), allocation gas and the per-call
 * maxGcHeapBytes limit, and the feature switch. The spec suite's gc folder covers the rest.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compile, DEFAULT_GAS_SCHEDULE, DEFAULT_MAX_GC_HEAP_BYTES, GcArray, GcStruct, Global, InvalidError, instantiate, MalformedError, Table, Trap,
  TrapCode, validate, WASM_2_0, WASM_3_0,
} from '../../src/index.js';
import type { Instance, InstantiateOptions } from '../../src/index.js';
import { gcWat } from '../helpers/gc-wat.js';

const TYPES = `
  (type $pt (sub (struct (field $x (mut i32)) (field $y (mut i64)))))
  (type $pt3 (sub final $pt (struct (field (mut i32)) (field (mut i64)) (field f32))))
  (type $packed (struct (field (mut i8)) (field (mut i16)) (field f64)))
  (type $bytes (array (mut i8)))
  (type $refs (array (mut (ref null $pt))))
  (type $v (array (mut v128)))
  (rec (type $node (struct (field $next (ref null $node)) (field $val i32))))
`;

let gc: Instance;

async function load(body: string, options?: InstantiateOptions): Promise<Instance> {
  return instantiate(compile(await gcWat(`(module ${TYPES} ${body})`)), {}, options);
}

beforeAll(async () => {
  gc = await load(`
    (func (export "point") (param i32 i64) (result (ref $pt)) (struct.new $pt (local.get 0) (local.get 1)))
    (func (export "x") (param (ref null $pt)) (result i32) (struct.get $pt $x (local.get 0)))
    (func (export "y") (param (ref null $pt)) (result i64) (struct.get $pt $y (local.get 0)))
    (func (export "setx") (param (ref $pt) i32) (struct.set $pt $x (local.get 0) (local.get 1)))
    (func (export "point3") (result (ref $pt3)) (struct.new $pt3 (i32.const 1) (i64.const 2) (f32.const nan:0x200001)))
    (func (export "f3bits") (param (ref $pt3)) (result i32) (i32.reinterpret_f32 (struct.get $pt3 2 (local.get 0))))
    (func (export "packed") (param i32 i32) (result i32 i32 i32 i32)
      (local $p (ref $packed))
      (local.set $p (struct.new $packed (local.get 0) (local.get 1) (f64.const 0)))
      (struct.get_s $packed 0 (local.get $p)) (struct.get_u $packed 0 (local.get $p))
      (struct.get_s $packed 1 (local.get $p)) (struct.get_u $packed 1 (local.get $p)))
    (func (export "bytes") (param i32 i32) (result (ref $bytes)) (array.new $bytes (local.get 1) (local.get 0)))
    (func (export "byte_s") (param (ref $bytes) i32) (result i32) (array.get_s $bytes (local.get 0) (local.get 1)))
    (func (export "byte_u") (param (ref $bytes) i32) (result i32) (array.get_u $bytes (local.get 0) (local.get 1)))
    (func (export "len") (param (ref null array)) (result i32) (array.len (local.get 0)))
    (func (export "fill") (param (ref $bytes) i32 i32 i32) (array.fill $bytes (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
    (func (export "copy") (param (ref $bytes) i32 i32 i32) (array.copy $bytes $bytes (local.get 0) (local.get 1) (local.get 0) (local.get 2) (local.get 3)))
    (func (export "fixed") (result (ref $refs))
      (array.new_fixed $refs 3 (struct.new $pt (i32.const 7) (i64.const 8)) (ref.null $pt) (struct.new_default $pt)))
    (func (export "refat") (param (ref $refs) i32) (result (ref null $pt)) (array.get $refs (local.get 0) (local.get 1)))
    (func (export "vsplat") (param i32) (result i32)
      (local $a (ref $v))
      (local.set $a (array.new $v (i32x4.splat (local.get 0)) (i32.const 3)))
      (i32x4.extract_lane 3 (array.get $v (local.get $a) (i32.const 2))))
    (func (export "list") (param i32) (result i32)
      (local $l (ref null $node)) (local $sum i32)
      (block $done (loop $build
        (br_if $done (i32.eqz (local.get 0)))
        (local.set $l (struct.new $node (local.get $l) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $build)))
      (block $end (loop $walk
        (br_if $end (ref.is_null (local.get $l)))
        (local.set $sum (i32.add (local.get $sum) (struct.get $node $val (local.get $l))))
        (local.set $l (struct.get $node $next (local.get $l)))
        (br $walk)))
      (local.get $sum))
    (func (export "i31") (param i32) (result i32 i32 (ref i31))
      (i31.get_s (ref.i31 (local.get 0))) (i31.get_u (ref.i31 (local.get 0))) (ref.i31 (local.get 0)))
    (func (export "kind") (param anyref) (result i32)
      (if (ref.is_null (local.get 0)) (then (return (i32.const 0))))
      (if (ref.test i31ref (local.get 0)) (then (return (i32.const 1))))
      (if (ref.test (ref $pt3) (local.get 0)) (then (return (i32.const 4))))
      (if (ref.test (ref $pt) (local.get 0)) (then (return (i32.const 2))))
      (if (ref.test arrayref (local.get 0)) (then (return (i32.const 3))))
      (i32.const 5))
    (func (export "cast") (param anyref) (result (ref $pt)) (ref.cast (ref $pt) (local.get 0)))
    (func (export "brcast") (param anyref) (result i32)
      (drop (block $is (result (ref $pt)) (br_on_cast $is anyref (ref $pt) (local.get 0)) (drop) (return (i32.const 0))))
      (i32.const 1))
    (func (export "brcastfail") (param anyref) (result i32)
      (drop (block $not (result anyref) (br_on_cast_fail $not anyref (ref $pt) (local.get 0)) (drop) (return (i32.const 1))))
      (i32.const 0))
    (func (export "internalize") (param externref) (result anyref) (any.convert_extern (local.get 0)))
    (func (export "externalize") (param anyref) (result externref) (extern.convert_any (local.get 0)))
    (func (export "roundtrip") (param externref) (result externref) (extern.convert_any (any.convert_extern (local.get 0))))
    (func (export "eq") (param eqref eqref) (result i32) (ref.eq (local.get 0) (local.get 1)))
  `);
});

function trapOf(f: () => unknown): TrapCode {
  try {
    f();
  } catch (e) {
    if (e instanceof Trap) return e.code;
    throw e;
  }
  throw new Error('no trap');
}

describe('structs', () => {
  it('struct.new / get / set over i32 and i64 fields', () => {
    const [p] = gc.invoke('point', [-5, -(2n ** 40n)]);
    expect(p).toBeInstanceOf(GcStruct);
    expect(gc.invoke('x', [p])).toEqual([-5]);
    expect(gc.invoke('y', [p])).toEqual([-(2n ** 40n)]);
    gc.invoke('setx', [p, 77]);
    expect(gc.invoke('x', [p])).toEqual([77]);
  });

  it('a subtype is accepted where its supertype is expected; f32 NaN bits stay', () => {
    const [p3] = gc.invoke('point3');
    expect(gc.invoke('x', [p3])).toEqual([1]);
    expect(gc.invoke('f3bits', [p3])).toEqual([0x7fa00001]);
  });

  it('packed fields wrap on store and extend by sign or zero on load', () => {
    expect(gc.invoke('packed', [0x1ff, 0x18000])).toEqual([-1, 255, -32768, 32768]);
  });

  it('struct.get of null traps "null structure reference"', () => {
    expect(trapOf(() => gc.invoke('x', [null]))).toBe(TrapCode.NULL_STRUCTURE_REFERENCE);
  });

  it('a linked list of 10,000 structs (recursive type) sums right', () => {
    expect(gc.invoke('list', [10_000])).toEqual([50_005_000]);
  });
});

describe('arrays', () => {
  it('array.new / get_s / get_u / len / fill / copy (overlapping)', () => {
    const [a] = gc.invoke('bytes', [8, 0x81]);
    expect(a).toBeInstanceOf(GcArray);
    expect(gc.invoke('len', [a])).toEqual([8]);
    expect(gc.invoke('byte_s', [a, 7])).toEqual([-127]);
    expect(gc.invoke('byte_u', [a, 7])).toEqual([0x81]);
    gc.invoke('fill', [a, 2, 5, 3]);
    gc.invoke('copy', [a, 3, 1, 4]); // a[3..7) = old a[1..5): overlapping, copied as through a buffer
    const got = Array.from({ length: 8 }, (_, i) => gc.invoke('byte_u', [a, i])[0]);
    expect(got).toEqual([0x81, 0x81, 5, 0x81, 5, 5, 5, 0x81]);
  });

  it('out of bounds and null accesses trap', () => {
    const [a] = gc.invoke('bytes', [4, 1]);
    expect(trapOf(() => gc.invoke('byte_u', [a, 4]))).toBe(TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS);
    expect(trapOf(() => gc.invoke('fill', [a, 2, 0, 3]))).toBe(TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS);
    expect(trapOf(() => gc.invoke('copy', [a, 0xffffffff, 0, 2]))).toBe(TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS);
    expect(trapOf(() => gc.invoke('len', [null]))).toBe(TrapCode.NULL_ARRAY_REFERENCE);
  });

  it('array.new_fixed of references; v128 elements', () => {
    const [r] = gc.invoke('fixed');
    const [first] = gc.invoke('refat', [r, 0]);
    expect(gc.invoke('x', [first])).toEqual([7]);
    expect(gc.invoke('refat', [r, 1])).toEqual([null]);
    const [third] = gc.invoke('refat', [r, 2]);
    expect(gc.invoke('y', [third])).toEqual([0n]);
    expect(gc.invoke('vsplat', [-9])).toEqual([-9]);
  });
});

describe('i31, casts and conversions', () => {
  it('ref.i31 keeps the low 31 bits; get_s / get_u extend them; an i31 crosses to JS as a number', () => {
    expect(gc.invoke('i31', [0x7fffffff])).toEqual([-1, 0x7fffffff, -1]);
    expect(gc.invoke('i31', [0x40000000])).toEqual([-0x40000000, 0x40000000, -0x40000000]);
  });

  it('ref.test sees i31, structs by declared subtype, arrays, and host values', () => {
    const [p] = gc.invoke('point', [1, 2n]);
    const [p3] = gc.invoke('point3');
    const [a] = gc.invoke('bytes', [1, 0]);
    expect(gc.invoke('kind', [null])).toEqual([0]);
    expect(gc.invoke('kind', [12])).toEqual([1]); // a JS integer in range is an i31 (the JS API's rule)
    expect(gc.invoke('kind', [p])).toEqual([2]);
    expect(gc.invoke('kind', [p3])).toEqual([4]);
    expect(gc.invoke('kind', [a])).toEqual([3]);
    expect(gc.invoke('kind', [{ host: true }])).toEqual([5]);
    expect(gc.invoke('kind', [2 ** 31])).toEqual([5]); // out of the i31 range: a host value
  });

  it('ref.cast traps "cast failure"; br_on_cast and br_on_cast_fail branch on the test', () => {
    const [p] = gc.invoke('point', [1, 2n]);
    expect(gc.invoke('cast', [p])).toEqual([p]);
    expect(trapOf(() => gc.invoke('cast', [5]))).toBe(TrapCode.CAST_FAILURE);
    expect(trapOf(() => gc.invoke('cast', [null]))).toBe(TrapCode.CAST_FAILURE);
    expect(gc.invoke('brcast', [p])).toEqual([1]);
    expect(gc.invoke('brcast', [3])).toEqual([0]);
    expect(gc.invoke('brcastfail', [p])).toEqual([1]);
    expect(gc.invoke('brcastfail', [null])).toEqual([0]);
  });

  it('host values keep their identity through any.convert_extern and extern.convert_any', () => {
    const host = { id: 1 };
    expect(gc.invoke('roundtrip', [host])[0]).toBe(host);
    expect(gc.invoke('internalize', [host])[0]).toBe(host);
    const [p] = gc.invoke('point', [1, 2n]);
    expect(gc.invoke('externalize', [p])[0]).toBe(p);
    expect(gc.invoke('roundtrip', [7])).toEqual([7]);
    expect(gc.invoke('roundtrip', [undefined])).toEqual([undefined]);
  });

  it('ref.eq compares i31 by value and objects by identity', () => {
    const [p] = gc.invoke('point', [1, 2n]);
    const [q] = gc.invoke('point', [1, 2n]);
    expect(gc.invoke('eq', [p, p])).toEqual([1]);
    expect(gc.invoke('eq', [p, q])).toEqual([0]);
    expect(gc.invoke('eq', [5, 5])).toEqual([1]);
    expect(gc.invoke('eq', [null, null])).toEqual([1]);
  });

  it('a value of the wrong type is a TypeError at the API, and nothing runs', () => {
    const [a] = gc.invoke('bytes', [1, 0]);
    expect(() => gc.invoke('x', [a])).toThrow(TypeError);
    expect(() => gc.invoke('x', [{}])).toThrow(TypeError);
    expect(() => gc.invoke('setx', [null, 1])).toThrow(TypeError);
    expect(() => gc.invoke('eq', [{}, null])).toThrow(TypeError);
  });
});

describe('GC values in tables and globals', () => {
  it('an exported table of (ref null $pt) and a global of anyref read and write as invoke does', async () => {
    const inst = await load(`
      (table $t (export "t") 2 (ref null $pt))
      (global $g (export "g") (mut anyref) (ref.i31 (i32.const -3)))
      (func (export "fill") (table.set $t (i32.const 0) (struct.new $pt (i32.const 9) (i64.const 1))))
      (func (export "x0") (result i32) (struct.get $pt 0 (table.get $t (i32.const 0))))
      (func (export "gkind") (result i32) (ref.test (ref $pt) (global.get $g)))`);
    const t = inst.exports['t'] as Table;
    const g = inst.exports['g'] as Global;
    expect(g.value).toBe(-3); // an i31 reads as its number
    inst.invoke('fill');
    const p = t.get(0);
    expect(p).toBeInstanceOf(GcStruct);
    t.set(1, p);
    expect(t.get(1)).toBe(p);
    expect(() => t.set(1, 5)).toThrow(TypeError); // an i31 is not a $pt
    expect(() => t.set(1, {})).toThrow(TypeError);
    t.set(0, null);
    expect(trapOf(() => inst.invoke('x0'))).toBe(TrapCode.NULL_STRUCTURE_REFERENCE);
    g.value = p;
    expect(inst.invoke('gkind')).toEqual([1]);
    const host = { h: 1 };
    g.value = host;
    expect(g.value).toBe(host); // boxed inside, itself outside
    expect(inst.invoke('gkind')).toEqual([0]);
  });

  it('new Table / new Global take the JS API names of the GC types', async () => {
    const t = new Table({ element: 'anyref', initial: 2 });
    expect(t.get(0)).toBeNull();
    t.set(0, 7);
    expect(t.get(0)).toBe(7);
    const g = new Global({ value: 'eqref', mutable: true }, null);
    expect(() => { g.value = { not: 'eq' }; }).toThrow(TypeError);
    g.value = 11;
    expect(g.value).toBe(11);
    expect(() => new Table({ element: 'nullfuncref', initial: 1 }, (() => 0) as unknown)).toThrow(TypeError);
  });
});

describe('allocation gas and the heap limit', () => {
  const ALLOC = `
    (func (export "one") (result i32) (drop (struct.new $pt (i32.const 1) (i64.const 2))) (i32.const 0))
    (func (export "none") (result i32) (drop (i32.const 1)) (drop (i64.const 2)) (i32.const 0))
    (func (export "arr") (param i32) (result i32) (array.len (array.new_default $bytes (local.get 0))))
    (func (export "loop") (param i32)
      (loop $l (drop (struct.new_default $pt)) (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))`;

  it('charges gcObject per object and gcByte per field byte, before allocating', async () => {
    const inst = await load(ALLOC, { gas: DEFAULT_GAS_SCHEDULE });
    const one = inst.invokeMetered('one', [], { gasLimit: 1_000_000 });
    const none = inst.invokeMetered('none', [], { gasLimit: 1_000_000 });
    expect(one.error).toBeNull();
    // i32 + i64 fields: 12 bytes; default gcObject 100, gcByte 1.
    expect(one.gasUsed - none.gasUsed).toBe(100 + 12);
    const a = inst.invokeMetered('arr', [1000], { gasLimit: 1_000_000 });
    const b = inst.invokeMetered('arr', [0], { gasLimit: 1_000_000 });
    expect(a.results).toEqual([1000]);
    expect(a.gasUsed - b.gasUsed).toBe(1000);
    // Not enough gas for the array: out of gas, and the array is not made.
    const short = inst.invokeMetered('arr', [1_000_000], { gasLimit: 100_000 });
    expect(short.error).toBeInstanceOf(Trap);
    expect((short.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
  });

  it('traps "gc heap exhausted" past maxGcHeapBytes, counted per call from the program alone', async () => {
    const inst = await load(ALLOC, { maxGcHeapBytes: 45_000 });
    // Each $pt counts 12 bytes + a 32-byte header = 44: 1,000 fit (44,000), 1,100 do not.
    expect(inst.invoke('loop', [1000])).toEqual([]);
    expect(trapOf(() => inst.invoke('loop', [1100]))).toBe(TrapCode.GC_HEAP_EXHAUSTED);
    // The count starts again with every call.
    expect(inst.invoke('loop', [1000])).toEqual([]);
    expect(trapOf(() => inst.invoke('arr', [-1]))).toBe(TrapCode.GC_HEAP_EXHAUSTED);
  });

  it('the default limit is 64 MiB: a 4 GiB array traps at once, a 1,000,000-element one is fine', async () => {
    expect(DEFAULT_MAX_GC_HEAP_BYTES).toBe(64 * 1024 * 1024);
    const inst = await load(ALLOC);
    expect(trapOf(() => inst.invoke('arr', [-1]))).toBe(TrapCode.GC_HEAP_EXHAUSTED);
    expect(inst.invoke('arr', [1_000_000])).toEqual([1_000_000]);
  });

  it('rejects a bad maxGcHeapBytes', async () => {
    const m = compile(await gcWat('(module)'));
    expect(() => instantiate(m, {}, { maxGcHeapBytes: -1 })).toThrow(TypeError);
    expect(() => instantiate(m, {}, { maxGcHeapBytes: 1.5 })).toThrow(TypeError);
  });
});

describe('the gc feature switch', () => {
  it('WASM_3_0 accepts GC; WASM_2_0 and -gc reject it with the feature named', async () => {
    const bytes = await gcWat(`(module ${TYPES})`);
    expect(() => validate(bytes, { features: WASM_3_0 })).not.toThrow();
    expect(() => validate(bytes, { features: WASM_2_0 })).toThrow(/gc/);
    let err: unknown;
    try {
      compile(bytes, { features: { gc: false } });
    } catch (e) {
      err = e;
    }
    expect(err instanceof MalformedError || err instanceof InvalidError).toBe(true);
    expect(String((err as Error).message)).toMatch(/requires feature 'gc'/);
  });

  it('an instruction of GC in a module without GC types is refused by name', async () => {
    const bytes = await gcWat('(module (func (result i32) (i31.get_s (ref.i31 (i32.const 1)))))');
    expect(() => validate(bytes, { features: { gc: false } })).toThrow(/gc/);
    expect(() => validate(bytes)).not.toThrow();
  });
});
