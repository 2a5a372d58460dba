/**
 * `Instance` and `instantiate` (JS API §"Instances", "read the imports", "Exported Functions")
 * on V8 and detwasm: import object checks (TypeError / LinkError), ES module namespaces as import
 * objects, the frozen null-prototype `exports`, function identity, JS exceptions passing through
 * wasm frames, traps as RuntimeError, both `instantiate` overloads, the streaming forms.
 */
import { describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import * as fixture from './fixture-imports.js';
import { f64FromBits, IMPLS } from './impls.js';
import type { Fn } from './impls.js';

const IMPORTS = wat(`
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "limit" (global $limit i32))
  (func (export "run") (param i32) (result i32) local.get 0 global.get $limit call $add)
  (export "add" (func $add))
`);
const CALLS_BACK = wat(`
  (import "env" "cb" (func $cb (param i64 f64 externref) (result i32)))
  (func (export "call") (param i64 f64 externref) (result i32) local.get 0 local.get 1 local.get 2 call $cb)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "trap") unreachable)
  (table (export "table") 1 funcref) (elem (i32.const 0) 3)
`);
const GLOBAL_IMPORTS = wat(`
  (import "m" "i" (global i32)) (import "m" "l" (global i64)) (import "m" "f" (global f64))
  (func (export "sum") (result f64) global.get 0 f64.convert_i32_s global.get 1 f64.convert_i64_s f64.add global.get 2 f64.add)
`);
const START_TRAPS = wat('(func $s unreachable) (start $s)');

type Exports = Record<string, Fn>;

describe.each(IMPLS)('Instance: %s', (name, api) => {
  const imports = { env: { add: (a: number, b: number): number => a + b, limit: 10 } };

  it('links functions and number globals; exports are a frozen null-prototype object', () => {
    const inst = new api.Instance(new api.Module(IMPORTS), imports);
    const e = inst.exports as Exports;
    expect(e['run']!(5)).toBe(15);
    expect(Object.getPrototypeOf(inst.exports)).toBeNull();
    expect(Object.isFrozen(inst.exports)).toBe(true);
    expect(Object.keys(inst.exports)).toStrictEqual(['run', 'add']);
    expect(inst.exports).toBe(inst.exports);
    expect(() => { (inst.exports as Record<string, unknown>)['x'] = 1; }).toThrow(TypeError);
  });

  it('an ES module namespace object works as an import object entry', () => {
    const e = new api.Instance(new api.Module(IMPORTS), { env: fixture }).exports as Exports;
    expect(e['run']!(1)).toBe(43);
  });

  // The spec (and V8): a re-exported JS function is a new Exported Function, index-named, cached.
  it('an imported JS function re-exported is an exported function calling it; exported functions keep identity', () => {
    const e = new api.Instance(new api.Module(IMPORTS), imports).exports as Exports;
    expect(e['add']).not.toBe(imports.env.add);
    expect([e['add']!.name, e['add']!.length, e['add']!(2, 3)]).toStrictEqual(['0', 2, 5]);
    const t = new api.Table({ element: 'anyfunc', initial: 1 });
    t.set(0, e['add']);
    expect(t.get(0)).toBe(e['add']);
    expect(() => t.set(0, imports.env.add)).toThrow(TypeError);
    const c = new api.Instance(new api.Module(CALLS_BACK), { env: { cb: () => 0 } }).exports as Record<string, any>;
    expect(c['table'].get(0)).toBe(c['trap']);
    expect(c['table'].get(0)).toBe(c['table'].get(0));
    // An exported function imported by another instance is called as wasm (and stays itself).
    const e2 = new api.Instance(new api.Module(IMPORTS), { env: { add: e['add'], limit: 1 } }).exports as Exports;
    expect(e2['add']).toBe(e['add']);
    expect(e2['run']!(2)).toBe(3);
  });

  it('imports get ToJSValue arguments with this undefined; results go through ToWebAssemblyValue', () => {
    const seen: unknown[] = [];
    const o = {};
    const cb = function (this: unknown, ...args: unknown[]): unknown {
      seen.push(this, ...args);
      return '7';
    };
    const e = new api.Instance(new api.Module(CALLS_BACK), { env: { cb } }).exports as Exports;
    expect(e['call']!(-1n, 0.5, o)).toBe(7);
    expect(seen).toStrictEqual([undefined, -1n, 0.5, o]);
    expect(seen[3]).toBe(o);
  });

  it('a JS exception thrown by an import passes through the wasm frames unchanged', () => {
    const thrown = new Error('from JS');
    const e = new api.Instance(new api.Module(CALLS_BACK), { env: { cb: () => { throw thrown; } } }).exports as Exports;
    let caught: unknown;
    try {
      e['call']!(0n, 0, null);
    } catch (x) {
      caught = x;
    }
    expect(caught).toBe(thrown);
    const sym = Symbol('thrown');
    const e2 = new api.Instance(new api.Module(CALLS_BACK), { env: { cb: () => { throw sym; } } }).exports as Exports;
    expect(() => e2['call']!(0n, 0, null)).toThrow();
    try { e2['call']!(0n, 0, null); } catch (x) { expect(x).toBe(sym); }
  });

  it('f32 / f64 results of an import keep the bits the number holds (a NaN payload too)', () => {
    const bytes = wat(`(import "e" "d" (func $d (result f64))) (import "e" "f" (func $f (result f32)))
      (func (export "d") (result i64) call $d i64.reinterpret_f64)
      (func (export "f") (result i32) call $f i32.reinterpret_f32)`);
    const nan = f64FromBits(0x7ff4000000000abcn);
    const e = new api.Instance(new api.Module(bytes), { e: { d: () => nan, f: () => nan } }).exports as Exports;
    expect(e['d']!()).toBe(0x7ff4000000000abcn);
    expect(e['f']!()).toBe(0x7fe00000 | 0);
  });

  it('an import returning a BigInt for i32 is a TypeError in the caller', () => {
    const e = new api.Instance(new api.Module(CALLS_BACK), { env: { cb: () => 1n } }).exports as Exports;
    expect(() => e['call']!(0n, 0, null)).toThrow(TypeError);
  });

  it('traps are RuntimeErrors (the start function too)', () => {
    const e = new api.Instance(new api.Module(CALLS_BACK), { env: { cb: () => 0 } }).exports as Exports;
    for (const f of [() => e['div']!(1, 0), () => e['trap']!(), () => new api.Instance(new api.Module(START_TRAPS))]) {
      let err: unknown;
      try { f(); } catch (x) { err = x; }
      expect(err).toBeInstanceOf(api.RuntimeError);
      expect(err).toBeInstanceOf(Error);
    }
    // The messages are the implementation's (the JS API fixes none): detwasm gives the spec text.
    const message = ((): string => { try { e['div']!(1, 0); return ''; } catch (x) { return (x as Error).message; } })();
    expect(message).toBe(name === 'V8' ? 'divide by zero' : 'integer divide by zero');
  });

  it('global imports: Numbers / BigInts as the type needs; mismatches are LinkErrors', () => {
    const m = new api.Module(GLOBAL_IMPORTS);
    const e = new api.Instance(m, { m: { i: 1, l: 2n, f: 0.5 } }).exports as Exports;
    expect(e['sum']!()).toBe(3.5);
    expect(() => new api.Instance(m, { m: { i: 1, l: 2, f: 0.5 } })).toThrow(api.LinkError);
    expect(() => new api.Instance(m, { m: { i: 1n, l: 2n, f: 0.5 } })).toThrow(api.LinkError);
    expect(() => new api.Instance(m, { m: { i: '1', l: 2n, f: 0.5 } })).toThrow(api.LinkError);
    expect(() => new api.Instance(m, { m: { i: new api.Global({ value: 'i64' }), l: 2n, f: 0.5 } })).toThrow(api.LinkError);
    const g = new api.Global({ value: 'i32' }, 5);
    expect((new api.Instance(m, { m: { i: g, l: 0n, f: 0 } }).exports as Exports)['sum']!()).toBe(5);
  });

  it('bad import objects: TypeError for missing or non-object entries, LinkError for wrong values', () => {
    const m = new api.Module(IMPORTS);
    expect(() => new api.Instance(m)).toThrow(TypeError);
    expect(() => new api.Instance(m, {})).toThrow(TypeError);
    expect(() => new api.Instance(m, { env: 1 } as never)).toThrow(TypeError);
    expect(() => new api.Instance(m, 5 as never)).toThrow(TypeError);
    expect(() => new api.Instance(m, { env: { limit: 1 } })).toThrow(api.LinkError);
    expect(() => new api.Instance(m, { env: { add: {}, limit: 1 } })).toThrow(api.LinkError);
    expect(() => new api.Instance({} as never, imports)).toThrow(TypeError);
    const mem = wat('(import "e" "m" (memory 1)) (import "e" "t" (table 1 funcref))');
    expect(() => new api.Instance(new api.Module(mem), { e: { m: new ArrayBuffer(65536), t: new api.Table({ element: 'anyfunc', initial: 1 }) } })).toThrow(api.LinkError);
    expect(() => new api.Instance(new api.Module(mem), { e: { m: new api.Memory({ initial: 1 }), t: [] } })).toThrow(api.LinkError);
    expect(() => new api.Instance(new api.Module(mem), { e: { m: new api.Memory({ initial: 0 }), t: new api.Table({ element: 'anyfunc', initial: 1 }) } })).toThrow(api.LinkError);
    expect(new api.Instance(new api.Module(mem), { e: { m: new api.Memory({ initial: 1 }), t: new api.Table({ element: 'anyfunc', initial: 1 }) } })).toBeInstanceOf(api.Instance);
  });

  it('a wasm function of the wrong type is a LinkError', () => {
    const other = new api.Instance(new api.Module(wat('(func (export "f") (param f32))'))).exports as Exports;
    expect(() => new api.Instance(new api.Module(IMPORTS), { env: { add: other['f'], limit: 1 } })).toThrow(api.LinkError);
  });
});

describe.each(IMPLS)('instantiate / streaming: %s', (_name, api) => {
  const imports = { env: { add: (a: number, b: number): number => a * b, limit: 3 } };
  const response = (bytes: Uint8Array, type = 'application/wasm', status = 200): Response =>
    new Response(bytes, { status, headers: { 'Content-Type': type } });

  it('instantiate(bytes, imports) resolves to { module, instance }', async () => {
    const r = await api.instantiate(IMPORTS, imports);
    expect(Object.keys(r).sort()).toStrictEqual(['instance', 'module']);
    expect(r.module).toBeInstanceOf(api.Module);
    expect(r.instance).toBeInstanceOf(api.Instance);
    expect((r.instance.exports as Exports)['run']!(2)).toBe(6);
  });

  it('instantiate(module, imports) resolves to an Instance', async () => {
    const inst = await api.instantiate(new api.Module(IMPORTS), imports);
    expect(inst).toBeInstanceOf(api.Instance);
  });

  it('errors are rejections: CompileError, LinkError, RuntimeError, TypeError', async () => {
    await expect(api.instantiate(wat('(func (result i32))'))).rejects.toBeInstanceOf(api.CompileError);
    await expect(api.instantiate(IMPORTS, { env: { add: 1, limit: 1 } })).rejects.toBeInstanceOf(api.LinkError);
    await expect(api.instantiate(START_TRAPS)).rejects.toBeInstanceOf(api.RuntimeError);
    await expect(api.instantiate(IMPORTS)).rejects.toBeInstanceOf(TypeError);
    await expect(api.instantiate('nope' as never)).rejects.toBeInstanceOf(TypeError);
  });

  it('compileStreaming / instantiateStreaming take a Response or a promise of one', async () => {
    expect(await api.compileStreaming(response(IMPORTS))).toBeInstanceOf(api.Module);
    expect(await api.compileStreaming(Promise.resolve(response(IMPORTS)))).toBeInstanceOf(api.Module);
    const r = await api.instantiateStreaming(response(IMPORTS), imports);
    expect((r.instance.exports as Exports)['run']!(4)).toBe(12);
    expect(r.module).toBeInstanceOf(api.Module);
  });

  it('streaming rejects a non-Response, a wrong MIME type, a failed status and bad bytes', async () => {
    await expect(api.compileStreaming(IMPORTS as never)).rejects.toBeInstanceOf(TypeError);
    await expect(api.compileStreaming(response(IMPORTS, 'application/octet-stream'))).rejects.toBeInstanceOf(TypeError);
    await expect(api.compileStreaming(response(IMPORTS, 'application/wasm', 404))).rejects.toBeInstanceOf(TypeError);
    await expect(api.compileStreaming(response(new Uint8Array([1, 2, 3])))).rejects.toBeInstanceOf(api.CompileError);
    await expect(api.instantiateStreaming(response(IMPORTS))).rejects.toBeInstanceOf(TypeError);
    await expect(api.compileStreaming(Promise.reject(new RangeError('x')))).rejects.toBeInstanceOf(RangeError);
  });
});
