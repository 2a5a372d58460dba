/**
 * Typed function references (WebAssembly 3.0; feature 'function-references'): `(ref null? ht)`
 * types with subtyping, `call_ref` / `return_call_ref`, `ref.as_non_null`, `br_on_null`,
 * `br_on_non_null`, non-nullable locals and their initialization rule, tables with an
 * initializer, and type equivalence across modules (a function type is the same canonical type in
 * every module that declares it, whatever its index). Bad input: null where a non-nullable type is
 * expected (a trap in wasm, a TypeError from JS), a function of another type for `(ref $t)`.
 */
import { describe, expect, it } from 'vitest';
import { buildModule, HEAP, op, T } from '../helpers/module-builder.js';
import type { ModuleDef } from '../helpers/module-builder.js';
import {
  compile, DEFAULT_GAS_SCHEDULE, instantiate, InvalidError, Trap, TrapCode, validate,
} from '../../src/index.js';
import type { Features, Imports, InstantiateOptions } from '../../src/index.js';

function load(def: ModuleDef, imports?: Imports, options?: InstantiateOptions) {
  return instantiate(compile(buildModule(def)), imports, options);
}

function invalid(def: ModuleDef, features?: Partial<Features>): string {
  try {
    compile(buildModule(def), { features });
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidError);
    return (e as Error).message;
  }
  throw new Error('compiled');
}

const { i32 } = T;

/** $bin = [i32 i32] -> [i32] (type 0); add, sub in a (ref null $bin) table; call_ref; a return_call_ref countdown. */
const CALLS: ModuleDef = {
  types: [[[i32, i32], [i32]], [[i32, i32, i32], [i32]], [[], [i32]], [[i32], [i32]]],
  funcs: [
    { type: 0, code: [op.localGet(0), op.localGet(1), op.i32Add] },
    { type: 0, code: [op.localGet(0), op.localGet(1), op.i32Sub] },
    { type: 1, export: 'apply', code: [op.localGet(1), op.localGet(2), op.localGet(0), op.tableGet(0), op.callRef(0)] },
    { type: 2, export: 'null', code: [op.i32(1), op.i32(2), op.refNull(0), op.callRef(0)] },
    { // $count (n, acc): n = 0 ? acc : return_call_ref $count2 (n - 1, acc + 1)
      type: 0,
      code: [op.localGet(0), op.i32Eqz, op.if(i32), op.localGet(1), op.else,
        op.localGet(0), op.i32(1), op.i32Sub, op.localGet(1), op.i32(1), op.i32Add, op.refFunc(5), op.returnCallRef(0), op.end],
    },
    { type: 0, code: [op.localGet(0), op.localGet(1), op.returnCall(4)] },
    { type: 3, export: 'count', code: [op.localGet(0), op.i32(0), op.call(4)] },
  ],
  tables: [[T.refNull(0), 2, -1, null]],
  activeElems: [[0, 0, T.refNull(0), [0, 1]]],
  declare: [5],
};

describe('call_ref and return_call_ref', () => {
  it('call a typed reference; null traps "null function reference"', () => {
    const inst = load(CALLS);
    expect(inst.invoke('apply', [0, 7, 5])).toEqual([12]);
    expect(inst.invoke('apply', [1, 7, 5])).toEqual([2]);
    expect(() => inst.invoke('null', [])).toThrow(Trap);
    expect(() => inst.invoke('null', [])).toThrow('null function reference');
  });

  it('return_call_ref runs a million tail calls in constant frame depth', () => {
    const inst = load(CALLS, undefined, { maxCallDepth: 4 });
    expect(inst.invoke('count', [1_000_000])).toEqual([1_000_000]);
  });

  it('cost what call costs', () => {
    const gas = { ...DEFAULT_GAS_SCHEDULE, instruction: 1 };
    const k = { type: 0, code: [op.i32(1)] };
    const byRef = load({ types: [[[], [i32]]], funcs: [k, { type: 0, export: 'f', code: [op.refFunc(0), op.callRef(0)] }], declare: [0] }, undefined, { gas });
    const direct = load({ types: [[[], [i32]]], funcs: [k, { type: 0, export: 'f', code: [op.refFunc(0), op.drop, op.call(0)] }], declare: [0] }, undefined, { gas });
    const a = byRef.invokeMetered('f', [], { gasLimit: 10_000 });
    const b = direct.invokeMetered('f', [], { gasLimit: 10_000 });
    expect(a.results).toEqual([1]);
    expect(b.results).toEqual([1]);
    expect(a.gasUsed).toBe(b.gasUsed - 1); // (the direct version has one more instruction: drop)
  });
});

describe('null checks and branches on null', () => {
  const ext = T.externref;
  const BRANCHES: ModuleDef = {
    types: [[[ext], [i32]], [[ext], [ext]], [[i32], [i32]]],
    funcs: [
      { type: 0, export: 'on_null', code: [op.block(op.void), op.localGet(0), op.brOnNull(0), op.drop, op.i32(1), op.return, op.end, op.i32(0)] },
      { type: 1, export: 'on_non_null', code: [op.block(T.ref(HEAP.extern)), op.localGet(0), op.brOnNonNull(0), op.refNull(HEAP.extern), op.return, op.end, op.return] },
      { type: 1, export: 'as_non_null', code: [op.localGet(0), op.refAsNonNull] },
      { // count_nulls(n): a loop whose back-edge is br_on_null of a null
        type: 2, export: 'count_nulls', locals: [[1, i32]],
        code: [op.block(op.void), op.loop(op.void),
          op.localGet(1), op.i32(1), op.i32Add, op.localSet(1),
          op.localGet(1), op.localGet(0), op.i32GeU, op.brIf(1),
          op.refNull(HEAP.extern), op.brOnNull(0), op.drop, op.end, op.end, op.localGet(1)],
      },
    ],
  };

  it('br_on_null, br_on_non_null and ref.as_non_null follow the value', () => {
    const inst = load(BRANCHES);
    const host = { x: 1 };
    expect(inst.invoke('on_null', [null])).toEqual([0]);
    expect(inst.invoke('on_null', [host])).toEqual([1]);
    expect(inst.invoke('on_non_null', [host])[0]).toBe(host);
    expect(inst.invoke('on_non_null', [null])).toEqual([null]);
    expect(inst.invoke('as_non_null', [host])[0]).toBe(host);
    expect(() => inst.invoke('as_non_null', [null])).toThrow('null reference');
    expect(inst.invoke('count_nulls', [1000])).toEqual([1000]);
  });

  it('a br_on_null back-edge pays the loop cost as br does', () => {
    const gas = DEFAULT_GAS_SCHEDULE;
    const a = load(BRANCHES, undefined, { gas }).invokeMetered('count_nulls', [100], { gasLimit: 1e9 });
    expect(a.results).toEqual([100]);
    // The call, then 99 back-edges at the loop cost.
    expect(a.gasUsed).toBe(gas.call + 99 * gas.loop);
  });
});

describe('non-nullable locals and typed tables', () => {
  const refExt = T.ref(HEAP.extern);
  it('a non-defaultable local must be set before it is read, until the end of the block that set it', () => {
    expect(invalid({ types: [[[], []]], funcs: [{ type: 0, locals: [[1, refExt]], code: [op.localGet(0), op.drop] }] })).toBe('uninitialized local');
    expect(invalid({
      types: [[[refExt], []]],
      funcs: [{ type: 0, locals: [[1, refExt]], code: [op.block(op.void), op.localGet(0), op.localSet(1), op.end, op.localGet(1), op.drop] }],
    })).toBe('uninitialized local');
    const inst = load({
      types: [[[refExt], [refExt]]],
      funcs: [{ type: 0, export: 'f', locals: [[1, refExt]], code: [op.localGet(0), op.localSet(1), op.block(refExt), op.localGet(1), op.end] }],
    });
    const v = { y: 2 };
    expect(inst.invoke('f', [v])[0]).toBe(v);
  });

  it('a table of a non-nullable type needs an initializer, which fills it (and its growth)', () => {
    expect(invalid({ types: [[[], []]], funcs: [], tables: [[T.ref(0), 1, -1, null]] })).toBe('type mismatch');
    const inst = load({
      types: [[[], [i32]], [[i32], [i32]]],
      funcs: [
        { type: 0, code: [op.i32(1)] },
        { type: 1, export: 'call', code: [op.localGet(0), op.tableGet(0), op.callRef(0)] },
        { type: 0, export: 'grow', code: [op.refFunc(0), op.i32(2), op.tableGrow(0)] },
        { type: 0, export: 'size', code: [op.tableSize(0)] },
      ],
      tables: [[T.ref(0), 3, 10, op.refFunc(0)]],
      declare: [0],
    });
    expect(inst.invoke('call', [2])).toEqual([1]);
    expect(inst.invoke('grow', [])).toEqual([3]);
    expect(inst.invoke('call', [4])).toEqual([1]);
    expect(inst.invoke('size', [])).toEqual([5]);
  });

  it('subtyping: (ref $t) where funcref is expected, not the other way', () => {
    expect(() => validate(buildModule({
      types: [[[], []], [[], [T.funcref]]], funcs: [{ type: 0, code: [] }, { type: 1, code: [op.refFunc(0)] }], declare: [0],
    }))).not.toThrow();
    expect(invalid({ types: [[[], []], [[T.funcref], [T.refNull(0)]]], funcs: [{ type: 1, code: [op.localGet(0)] }] })).toBe('type mismatch');
    expect(invalid({ types: [[[T.externref], [refExt]]], funcs: [{ type: 0, code: [op.localGet(0)] }] })).toBe('type mismatch');
    expect(invalid({ types: [[[], []], [[], [T.ref(0)]]], funcs: [{ type: 1, code: [op.refNull(0)] }] })).toBe('type mismatch');
  });

  it('a reference to a type index that does not exist is an unknown type', () => {
    expect(invalid({ types: [[[T.ref(5)], []]], funcs: [] })).toBe('unknown type 5');
    // A type naming itself needs GC's recursion groups: with GC off it is an unknown type.
    expect(invalid({ types: [[[], [T.ref(0)]]], funcs: [] }, { gc: false })).toBe('unknown type 0');
    expect(() => compile(buildModule({ types: [[[], [T.ref(0)]]], funcs: [] }))).not.toThrow();
  });
});

describe('types across modules and the JS boundary', () => {
  it('a structurally equal type at another index is the same type: call_ref and call_indirect accept it', () => {
    const a = load({
      types: [[[T.f64], []], [[i32], [i32]]],
      funcs: [{ type: 1, export: 'dbl', code: [op.localGet(0), op.i32(2), op.i32Mul] }],
      tables: [[T.funcref, 1, -1, null]],
      exportTables: [['t', 0]],
      activeElems: [[0, 0, T.funcref, [0]]],
    });
    const b = load({
      types: [[[i32], [i32]]],
      importFuncs: [['a', 'dbl', 0]],
      importTables: [['a', 't', T.funcref, 1]],
      funcs: [
        { type: 0, export: 'by_ref', code: [op.localGet(0), op.refFunc(0), op.callRef(0)] },
        { type: 0, export: 'indirect', code: [op.localGet(0), op.i32(0), [0x11, 0x00, 0x00]] },
      ],
      declare: [0],
    }, { a: a.exports as Record<string, unknown> });
    expect(b.invoke('by_ref', [21])).toEqual([42]);
    expect(b.invoke('indirect', [4])).toEqual([8]);
  });

  it('from JS: null for a non-nullable parameter, or a function of another type, is a TypeError', () => {
    const inst = load({
      types: [[[i32], [i32]], [[], []], [[T.ref(0), i32], [i32]], [[T.ref(HEAP.extern)], [i32]]],
      funcs: [
        { type: 0, export: 'id', code: [op.localGet(0)] },
        { type: 1, export: 'nop', code: [] },
        { type: 2, export: 'call', code: [op.localGet(1), op.localGet(0), op.callRef(0)] },
        { type: 3, export: 'ext', code: [op.i32(1)] },
      ],
    });
    expect(inst.invoke('call', [inst.exports['id'], 9])).toEqual([9]);
    expect(() => inst.invoke('call', [null, 1])).toThrow(TypeError);
    expect(() => inst.invoke('call', [inst.exports['nop'], 1])).toThrow(TypeError);
    expect(() => inst.invoke('ext', [null])).toThrow(TypeError);
    expect(inst.invoke('ext', [{}])).toEqual([1]);
    // The instance still works after the refused calls.
    expect(inst.invoke('call', [inst.exports['id'], 3])).toEqual([3]);
  });

  it('a null call_ref trap carries the wasm stack', () => {
    const inst = load(CALLS);
    let caught: unknown;
    try {
      inst.invoke('null', []);
    } catch (e) {
      caught = e;
    }
    expect((caught as Trap).code).toBe(TrapCode.NULL_FUNCTION_REFERENCE);
    expect((caught as Trap).wasmStack.length).toBeGreaterThan(0);
  });
});
