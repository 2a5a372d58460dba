/**
 * Multiple memories and 64-bit memories and tables (WebAssembly 3.0 multi-memory, memory64 /
 * table64), through the public API: every load and store kind on a second memory and on an i64
 * memory (scalar and SIMD, against the same access on memory 0), data segments, memory.size /
 * grow / fill / copy / init per memory (copies between memories), exports and imports of several
 * memories, out-of-bounds traps that write nothing (addresses and offsets past 2^32, lengths with
 * a high word), gas per byte on every memory, and table64 (get / set / size / grow / fill / copy /
 * init, call_indirect with an i64 index).
 */
import { describe, expect, it } from 'vitest';
import { wat as watToBinary, WASM2_FEATURES } from '../helpers/wat.js';
import {
  compile, DEFAULT_GAS_SCHEDULE, instantiate, LinkError, Memory, Table, Trap, TrapCode,
} from '../../src/index.js';
import type { Imports, Instance, InstantiateOptions } from '../../src/index.js';

const FEATURES = { ...WASM2_FEATURES, multi_memory: true, memory64: true, tail_call: true };

function load(text: string, imports?: Imports, options?: InstantiateOptions): Instance {
  return instantiate(compile(watToBinary(text, FEATURES)), imports, options);
}

function trapCode(fn: () => unknown): TrapCode {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    return (e as Trap).code;
  }
  throw new Error('expected a trap');
}

/** Every scalar load and store kind, on memory `$m` with address type `at` (i32 / i64). */
function accessors(at: 'i32' | 'i64'): string {
  const kinds: [string, string][] = [
    ['i32.load', 'i32'], ['i64.load', 'i64'], ['f32.load', 'f32'], ['f64.load', 'f64'],
    ['i32.load8_s', 'i32'], ['i32.load8_u', 'i32'], ['i32.load16_s', 'i32'], ['i32.load16_u', 'i32'],
    ['i64.load8_s', 'i64'], ['i64.load8_u', 'i64'], ['i64.load16_s', 'i64'], ['i64.load16_u', 'i64'],
    ['i64.load32_s', 'i64'], ['i64.load32_u', 'i64'],
  ];
  const stores: [string, string][] = [
    ['i32.store', 'i32'], ['i64.store', 'i64'], ['f32.store', 'f32'], ['f64.store', 'f64'],
    ['i32.store8', 'i32'], ['i32.store16', 'i32'], ['i64.store8', 'i64'], ['i64.store16', 'i64'], ['i64.store32', 'i64'],
  ];
  return [
    ...kinds.map(([op, t]) => `(func (export "${op}") (param $a ${at}) (result ${t}) (${op} $m offset=3 (local.get $a)))`),
    ...stores.map(([op, t]) => `(func (export "${op}") (param $a ${at}) (param $v ${t}) (${op} $m offset=3 (local.get $a) (local.get $v)))`),
    `(func (export "v128") (param $a ${at}) (result i64)
       (v128.store $m offset=16 (local.get $a) (i64x2.add (v128.load $m (local.get $a)) (v128.load8x8_u $m offset=8 (local.get $a))))
       (v128.store32_lane $m 1 (local.get $a) (v128.load32_splat $m offset=4 (local.get $a)))
       (i64x2.extract_lane 1 (v128.load64_lane $m offset=16 0 (local.get $a) (v128.load32_zero $m (local.get $a)))))`,
  ].join('\n');
}

/** The same accessors on memory 0 (i32), on memory 1 (i32, memory 0 a decoy), on an i64 memory 0. */
const LAYOUTS = {
  'memory 0': `(memory $m 1) ${accessors('i32')}`,
  'memory 1 (multi-memory)': `(memory $decoy 1) (memory $m 1) ${accessors('i32')}`,
  'an i64 memory (memory64)': `(memory $m i64 1) ${accessors('i64')}`,
  'an i64 memory 2 of 3': `(memory 1) (memory i64 1) (memory $m i64 1) ${accessors('i64')}`,
};

describe('loads and stores on every kind of memory agree with memory 0', () => {
  // A script of stores then loads, run on each layout; results must equal memory 0's.
  const script = (inst: Instance, addr: (n: number) => number | bigint): unknown[] => {
    const x = inst.exports as Record<string, (...a: unknown[]) => unknown>;
    const out: unknown[] = [];
    x['i64.store']!(addr(0), -0x0123456789abcdefn);
    x['i32.store']!(addr(8), -2);
    x['f32.store']!(addr(12), 1.5);
    x['f64.store']!(addr(16), -2.25);
    x['i32.store8']!(addr(24), 0x1ff);
    x['i32.store16']!(addr(25), 0x18001);
    x['i64.store8']!(addr(27), 0x80n);
    x['i64.store16']!(addr(28), -1n);
    x['i64.store32']!(addr(30), 0x1_8000_0001n);
    for (const op of ['i32.load', 'i64.load', 'f32.load', 'f64.load', 'i32.load8_s', 'i32.load8_u', 'i32.load16_s', 'i32.load16_u',
      'i64.load8_s', 'i64.load8_u', 'i64.load16_s', 'i64.load16_u', 'i64.load32_s', 'i64.load32_u']) {
      for (const at of [0, 5, 9, 13, 21, 24, 25, 27, 28, 30]) out.push(op, at, x[op]!(addr(at)));
    }
    out.push('v128', x['v128']!(addr(40)), x['i64.load']!(addr(53)), x['i64.load']!(addr(61)));
    return out;
  };

  const reference = script(load(LAYOUTS['memory 0']), (n) => n);
  it.each(Object.entries(LAYOUTS).slice(1))('%s', (_name, text) => {
    const is64 = text.includes('$m i64');
    expect(script(load(text), (n) => (is64 ? BigInt(n) : n))).toEqual(reference);
  });

  it('memory 0 of the multi-memory layout is untouched by accesses to memory 1', () => {
    const inst = load(`${LAYOUTS['memory 1 (multi-memory)']} (export "decoy" (memory $decoy)) (export "mem" (memory $m))`);
    (inst.exports['i64.store'] as (a: number, v: bigint) => void)(0, -1n);
    expect(new Uint8Array((inst.exports.decoy as Memory).buffer).every((b) => b === 0)).toBe(true);
    expect(Array.from(new Uint8Array((inst.exports.mem as Memory).buffer, 3, 8))).toEqual(new Array(8).fill(255));
  });
});

describe('bounds', () => {
  const inst = load(`
    (memory $a 1) (memory $b i64 1 3)
    (func (export "store_b") (param $p i64) (param $v i32) (i32.store8 $b (local.get $p) (local.get $v)))
    (func (export "load_b") (param $p i64) (result i32) (i32.load $b (local.get $p)))
    (func (export "load_b_far") (param $p i64) (result i32) (i32.load $b offset=0x100000000 (local.get $p)))
    (func (export "size_b") (result i64) (memory.size $b))
    (func (export "grow_b") (param $n i64) (result i64) (memory.grow $b (local.get $n)))
    (func (export "fill_b") (param $d i64) (param $n i64) (memory.fill $b (local.get $d) (i32.const 7) (local.get $n)))
    (export "b" (memory $b))`);
  const x = inst.exports as Record<string, (...a: unknown[]) => unknown>;

  it('traps past the end, with a high address word, and with an offset past 2^32, writing nothing', () => {
    expect(x.load_b!(65532n)).toBe(0);
    expect(trapCode(() => x.load_b!(65533n))).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(trapCode(() => x.load_b!(0x1_0000_0000n))).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(trapCode(() => x.load_b!(-1n))).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(trapCode(() => x.load_b_far!(0n))).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(trapCode(() => x.store_b!(0x1_0000_0000n, 1))).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(trapCode(() => x.fill_b!(0n, 0x1_0000_0000n))).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(trapCode(() => x.fill_b!(65535n, 2n))).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(new Uint8Array((inst.exports.b as Memory).buffer).every((b) => b === 0)).toBe(true);
  });

  it('memory.size and memory.grow are i64 on an i64 memory; failure is i64 -1', () => {
    expect(x.size_b!()).toBe(1n);
    expect(x.grow_b!(1n)).toBe(1n);
    expect(x.grow_b!(2n)).toBe(-1n); // past the maximum 3
    expect(x.grow_b!(0x1_0000_0001n)).toBe(-1n);
    expect(x.size_b!()).toBe(2n);
    x.fill_b!(65536n, 65536n);
    expect(x.load_b!(0x1fffcn)).toBe(0x07070707);
  });
});

describe('bulk memory across memories', () => {
  const inst = load(`
    (memory $a 1) (memory $b 1) (memory $c i64 1)
    (data $d "hello, world") (data $bs "BBBB") (data $cs "CCCC")
    (func $start (memory.init $b $bs (i32.const 100) (i32.const 0) (i32.const 4))
      (memory.init $c $cs (i64.const 200) (i32.const 0) (i32.const 4)))
    (start $start)
    (func (export "init_c") (param i64 i32 i32) (memory.init $c $d (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy_ab") (param i32 i32 i32) (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy_ca") (param i64 i32 i32) (memory.copy $c $a (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy_cc") (param i64 i64 i64) (memory.copy $c $c (local.get 0) (local.get 1) (local.get 2)))
    (func (export "fill_b") (param i32 i32 i32) (memory.fill $b (local.get 0) (local.get 1) (local.get 2)))
    (func (export "sizes") (result i32 i32 i64) (memory.size $a) (memory.size $b) (memory.size $c))
    (func (export "grow_b") (param i32) (result i32) (memory.grow $b (local.get 0)))
    (export "a" (memory $a)) (export "b" (memory $b)) (export "c" (memory $c))`, undefined, { gas: DEFAULT_GAS_SCHEDULE });
  const x = inst.exports as Record<string, (...a: unknown[]) => unknown>;
  const bytes = (name: string, at: number, n: number) => Array.from(new Uint8Array((inst.exports[name] as Memory).buffer, at, n));
  const text = (name: string, at: number, n: number) => String.fromCharCode(...bytes(name, at, n));

  // (Active data segments of other memories are the spec suite's, multi-memory data.wast: wabt
  // 1.0.39 writes data flag 2 without its memory index.)
  it('initialises each memory from data segments', () => {
    expect(text('b', 100, 4)).toBe('BBBB');
    expect(text('c', 200, 4)).toBe('CCCC');
    expect(bytes('a', 100, 4)).toEqual([0, 0, 0, 0]);
  });

  it('copies between memories and within an i64 memory (overlapping), fills and inits', () => {
    x.init_c!(10n, 7, 5); // "world" to c[10]
    expect(text('c', 10, 5)).toBe('world');
    x.copy_ab!(0, 100, 4); // b[100..] to a[0..]
    expect(text('a', 0, 4)).toBe('BBBB');
    x.copy_ca!(20n, 0, 4); // a[0..] to c[20..]
    expect(text('c', 20, 4)).toBe('BBBB');
    x.copy_cc!(11n, 10n, 5n); // overlapping, as through a buffer
    expect(text('c', 10, 6)).toBe('wworld');
    x.fill_b!(1, 0x41, 3);
    expect(text('b', 0, 4)).toBe('\0AAA');
  });

  it('charges per byte on every memory; a failed copy writes nothing', () => {
    const before = inst.invokeMetered('copy_ab', [0, 0, 1000], { gasLimit: 1_000_000 });
    const after = inst.invokeMetered('copy_ab', [0, 0, 2000], { gasLimit: 1_000_000 });
    expect(after.gasUsed - before.gasUsed).toBe(1000 * DEFAULT_GAS_SCHEDULE.memoryByte);
    const fail = inst.invokeMetered('copy_ca', [65535n, 0, 2], { gasLimit: 1_000_000 });
    expect((fail.error as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
  });

  it('grows one memory only, and sizes report each', () => {
    expect(x.grow_b!(2)).toBe(1);
    expect(x.sizes!()).toEqual([1, 3, 1n]);
  });
});

describe('imports and exports of several memories', () => {
  it('imports two memories and an i64 one; the address type must match', () => {
    const m0 = new Memory({ initial: 1 });
    const m1 = new Memory({ initial: 2 });
    const m64 = new Memory({ initial: 1, address: 'i64' });
    const text = `
      (import "env" "m0" (memory 1)) (import "env" "m1" (memory $one 1)) (import "env" "m64" (memory $w i64 1))
      (func (export "f") (i32.store $one (i32.const 8) (i32.const 5)) (i64.store $w (i64.const 16) (i64.const 6)))`;
    const inst = load(text, { env: { m0, m1, m64 } });
    (inst.exports.f as () => void)();
    expect(new DataView(m1.buffer).getInt32(8, true)).toBe(5);
    expect(new DataView(m64.buffer).getBigInt64(16, true)).toBe(6n);
    expect(new Uint8Array(m0.buffer).every((b) => b === 0)).toBe(true);
    expect(() => load(text, { env: { m0, m1, m64: m1 } })).toThrow(LinkError);
    expect(() => load(text, { env: { m0: m64, m1, m64 } })).toThrow('incompatible import type');
  });

  it('the same memory imported twice is one memory: growing one index is seen through the other', () => {
    const shared = new Memory({ initial: 1, maximum: 4 });
    const inst = load(`
      (import "env" "a" (memory 1 4)) (import "env" "b" (memory $b 1 4))
      (func (export "grow_b") (result i32) (memory.grow $b (i32.const 1)))
      (func (export "poke0") (i32.store (i32.const 70000) (i32.const 9)))
      (func (export "peek_b") (result i32) (i32.load $b (i32.const 70000)))`, { env: { a: shared, b: shared } });
    const x = inst.exports as Record<string, () => number>;
    expect(x.grow_b!()).toBe(1);
    x.poke0!(); // memory 0 sees the growth made through memory 1
    expect(x.peek_b!()).toBe(9);
  });
});

describe('table64', () => {
  const inst = load(`
    (type $t (func (result i32)))
    (table $t64 i64 4 8 funcref)
    (elem (table $t64) (i64.const 1) func $f $g)
    (elem $e func $g)
    (func $f (result i32) (i32.const 11))
    (func $g (result i32) (i32.const 22))
    (func (export "call") (param i64) (result i32) (call_indirect $t64 (type $t) (local.get 0)))
    (func (export "tail") (param i64) (result i32) (return_call_indirect $t64 (type $t) (local.get 0)))
    (func (export "size") (result i64) (table.size $t64))
    (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
    (func (export "isnull") (param i64) (result i32) (ref.is_null (table.get $t64 (local.get 0))))
    (func (export "set") (param i64) (table.set $t64 (local.get 0) (ref.func $f)))
    (func (export "fill") (param i64 i64) (table.fill $t64 (local.get 0) (ref.func $g) (local.get 1)))
    (func (export "copy") (param i64 i64 i64) (table.copy $t64 $t64 (local.get 0) (local.get 1) (local.get 2)))
    (func (export "init") (param i64 i32 i32) (table.init $t64 $e (local.get 0) (local.get 1) (local.get 2)))`);
  const x = inst.exports as Record<string, (...a: unknown[]) => unknown>;

  it('calls through i64 indices; a high word is an undefined element', () => {
    expect(x.call!(1n)).toBe(11);
    expect(x.tail!(2n)).toBe(22);
    expect(trapCode(() => x.call!(0n))).toBe(TrapCode.UNINITIALIZED_ELEMENT);
    expect(trapCode(() => x.call!(0x1_0000_0001n))).toBe(TrapCode.UNDEFINED_ELEMENT);
    expect(trapCode(() => x.tail!(-1n))).toBe(TrapCode.UNDEFINED_ELEMENT);
  });

  it('get / set / size / grow / fill / copy / init with i64 operands', () => {
    expect(x.size!()).toBe(4n);
    expect(x.grow!(2n)).toBe(4n);
    expect(x.grow!(3n)).toBe(-1n);
    expect(x.grow!(0x1_0000_0000n)).toBe(-1n);
    expect(x.size!()).toBe(6n);
    expect(x.isnull!(5n)).toBe(1);
    x.set!(5n);
    expect(x.call!(5n)).toBe(11);
    x.fill!(3n, 2n);
    expect(x.call!(4n)).toBe(22);
    x.copy!(0n, 1n, 2n);
    expect([x.call!(0n), x.call!(1n)]).toEqual([11, 22]);
    x.init!(5n, 0, 1);
    expect(x.call!(5n)).toBe(22);
    expect(trapCode(() => x.isnull!(0x1_0000_0000n))).toBe(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS);
    expect(trapCode(() => x.set!(6n))).toBe(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS);
    expect(trapCode(() => x.fill!(0n, 0x1_0000_0000n))).toBe(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS);
    expect(trapCode(() => x.copy!(0n, 0n, 7n))).toBe(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS);
    expect(trapCode(() => x.init!(0x1_0000_0000n, 0, 0))).toBe(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS);
  });

  it('imports a table64 only as a table64', () => {
    const text = '(import "env" "t" (table i64 1 funcref))';
    expect(() => load(text, { env: { t: new Table({ element: 'funcref', initial: 1, address: 'i64' }) } })).not.toThrow();
    expect(() => load(text, { env: { t: new Table({ element: 'funcref', initial: 1 }) } })).toThrow('incompatible import type');
  });
});

describe('memory caps', () => {
  it('an i64 memory declared far past the cap instantiates and grows only to the cap', () => {
    const inst = load(`(memory i64 1 0x1000000000000)
      (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))`, undefined, { maxMemoryPages: 4 });
    const grow = inst.exports.grow as (n: bigint) => bigint;
    expect(grow(3n)).toBe(1n);
    expect(grow(1n)).toBe(-1n);
    expect(() => load('(memory i64 5)', undefined, { maxMemoryPages: 4 })).toThrow(Trap);
  });
});
