/**
 * Type reflection (JS API type-reflection proposal, WebAssembly/js-types): `type()` of Memory,
 * Table, Global and Tag, the `type` of `Module.imports` / `Module.exports` entries, and `minimum`
 * as the alternative to `initial` in descriptors (so a type is a descriptor). The same suite runs on
 * detwasm/js-api and on V8 with --experimental-wasm-type-reflection: V8 reads that flag when it
 * makes a realm's `WebAssembly`, so the flag is set at run time and V8's namespace taken from a new
 * `vm` context (Node 20's V8 11.3). Where this V8 has no type reflection, its rows are skipped.
 * detwasm-only: the i64 address type (memory64 / table64), GC type names, a type the JS API cannot
 * name.
 */
import { setFlagsFromString } from 'node:v8';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { WebAssembly as detwasmApi } from '../../src/js-api/index.js';
import { gcWat } from '../helpers/gc-wat.js';
import { WASM2_FEATURES, wat } from '../helpers/wat.js';
import type { Api } from './impls.js';

setFlagsFromString('--experimental-wasm-type-reflection');
const v8Realm = createContext({});
const v8Api = runInContext('WebAssembly', v8Realm) as Api;
const v8HasTypeReflection = typeof (v8Api.Memory.prototype as { type?: unknown }).type === 'function';
if (!v8HasTypeReflection) console.warn(`V8 ${process.versions.v8} has no type reflection: the V8 rows are skipped`);

/**
 * Where V8 differs: a tag import / export has no `type` (V8 11.3 and 13.6); memory and table types
 * have no `address` (V8 11.3, which predates the member; 13.6 writes 'i32' / 'i64').
 */
const v8HasAddress = v8HasTypeReflection && 'address' in (new v8Api.Memory({ initial: 0 }) as unknown as { type(): object }).type();

/** `[name, namespace, the TypeError of its realm]`. */
const IMPLS: readonly (readonly [string, Api, ErrorConstructor])[] = [
  ...(v8HasTypeReflection ? [['V8', v8Api, runInContext('TypeError', v8Realm) as ErrorConstructor] as const] : []),
  ['detwasm', detwasmApi, TypeError],
];

/**
 * Plain data of a value from either realm (arrays and objects rebuilt here), for toStrictEqual;
 * with `addAddress`, a memory or table type without `address` gets 'i32' (V8 11.3's only one).
 */
function plain(v: unknown, addAddress = false): unknown {
  if (Array.isArray(v)) return Array.from(v as unknown[], (x) => plain(x, addAddress));
  if (typeof v !== 'object' || v === null) return v;
  const o: Record<string, unknown> = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, addAddress)]));
  if (addAddress && 'minimum' in o && !('address' in o)) o['address'] = 'i32';
  return o;
}

const MODULE = wat(`
  (import "m" "f" (func (param i32 i64) (result f32)))
  (import "m" "mem" (memory 1 5))
  (import "m" "tab" (table 2 externref))
  (import "m" "g" (global (mut f64)))
  (import "m" "t" (tag (param i32)))
  (func (export "e") (param funcref) (result externref v128) ref.null extern v128.const i32x4 0 0 0 0)
  (export "mem" (memory 0))
  (table (export "t2") 0 10 funcref)
  (global (export "g2") i32 (i32.const 1))
  (tag (export "tag2") (param f64 i64))
`, { ...WASM2_FEATURES, exceptions: true });

describe.each(IMPLS)('type reflection: %s', (name, api, TypeError) => {
  type Typed = { type(): unknown };
  const addAddress = name === 'V8' && !v8HasAddress;
  const typeOf = (x: unknown): unknown => plain((x as Typed).type(), addAddress);

  it('Memory: { minimum, maximum?, shared }, the current size as minimum', () => {
    const m = new api.Memory({ initial: 1, maximum: 3 });
    expect(typeOf(m)).toStrictEqual({ minimum: 1, maximum: 3, shared: false, address: 'i32' });
    m.grow(2);
    expect(typeOf(m)).toStrictEqual({ minimum: 3, maximum: 3, shared: false, address: 'i32' });
    expect(typeOf(new api.Memory({ initial: 0 }))).toStrictEqual({ minimum: 0, shared: false, address: 'i32' });
    expect(Object.keys(typeOf(m) as object)).toStrictEqual(['minimum', 'maximum', 'shared', 'address']);
  });

  it('Table: { element, minimum, maximum? }; anyfunc reads back as funcref', () => {
    const t = new api.Table({ element: 'anyfunc', initial: 1, maximum: 4 });
    expect(typeOf(t)).toStrictEqual({ element: 'funcref', minimum: 1, maximum: 4, address: 'i32' });
    const x = new api.Table({ element: 'externref', initial: 2 });
    x.grow(3);
    expect(typeOf(x)).toStrictEqual({ element: 'externref', minimum: 5, address: 'i32' });
  });

  it('Global: { mutable, value } for every value type JS can make', () => {
    expect(typeOf(new api.Global({ value: 'i32', mutable: true }, 5))).toStrictEqual({ mutable: true, value: 'i32' });
    expect(typeOf(new api.Global({ value: 'i64' }, 5n))).toStrictEqual({ mutable: false, value: 'i64' });
    expect(typeOf(new api.Global({ value: 'f32' }))).toStrictEqual({ mutable: false, value: 'f32' });
    expect(typeOf(new api.Global({ value: 'f64', mutable: true }))).toStrictEqual({ mutable: true, value: 'f64' });
    expect(typeOf(new api.Global({ value: 'anyfunc' }))).toStrictEqual({ mutable: false, value: 'funcref' });
    expect(typeOf(new api.Global({ value: 'externref' }))).toStrictEqual({ mutable: false, value: 'externref' });
  });

  it('Tag: { parameters }', () => {
    expect(typeOf(new api.Tag({ parameters: ['i32', 'f64', 'externref'] }))).toStrictEqual({ parameters: ['i32', 'f64', 'externref'] });
    expect(typeOf(new api.Tag({ parameters: [] }))).toStrictEqual({ parameters: [] });
  });

  it('a type is a descriptor: minimum for initial, round trips, both or neither a TypeError', () => {
    const m = new api.Memory({ minimum: 2, maximum: 5 } as never);
    expect(typeOf(new api.Memory(m.type() as never))).toStrictEqual({ minimum: 2, maximum: 5, shared: false, address: 'i32' });
    const t = new api.Table({ element: 'externref', minimum: 3, address: 'i32' } as never);
    expect(t.length).toBe(3);
    expect(typeOf(new api.Table(t.type() as never))).toStrictEqual({ element: 'externref', minimum: 3, address: 'i32' });
    const g = new api.Global({ value: 'i64', mutable: true }, 7n);
    const g2 = new api.Global(g.type() as never, 8n);
    expect([g2.value, typeOf(g2)]).toStrictEqual([8n, { mutable: true, value: 'i64' }]);
    expect(() => new api.Memory({ initial: 1, minimum: 1 } as never)).toThrow(TypeError);
    expect(() => new api.Table({ element: 'anyfunc', initial: 1, minimum: 1 } as never)).toThrow(TypeError);
    expect(() => new api.Memory({ maximum: 1 } as never)).toThrow(TypeError);
    expect(() => new api.Table({ element: 'anyfunc' } as never)).toThrow(TypeError);
    expect(() => new api.Memory({ minimum: -1 } as never)).toThrow(TypeError);
  });

  it('each call gives a fresh object; type() of another object is a TypeError', () => {
    const m = new api.Memory({ initial: 1 });
    const a = m.type() as { minimum: number };
    a.minimum = 9;
    expect(typeOf(m)).toStrictEqual({ minimum: 1, shared: false, address: 'i32' });
    for (const [cls, what] of [[api.Memory, 'Memory'], [api.Table, 'Table'], [api.Global, 'Global'], [api.Tag, 'Tag']] as const) {
      const type = (cls.prototype as unknown as Typed).type;
      expect(() => type.call({}), what).toThrow(TypeError);
    }
  });

  it('Module.imports and Module.exports carry each entry\'s type', () => {
    const m = new api.Module(MODULE);
    const imports = plain(api.Module.imports(m), addAddress) as { type?: unknown; kind: string }[];
    const exports = plain(api.Module.exports(m), addAddress) as { type?: unknown; kind: string }[];
    if (name === 'V8') {
      // V8: no type for tags; the rest as the proposal says.
      expect(imports[4]).toStrictEqual({ module: 'm', name: 't', kind: 'tag' });
      expect(exports[4]).toStrictEqual({ name: 'tag2', kind: 'tag' });
      imports[4] = { ...imports[4]!, type: { parameters: ['i32'] } };
      exports[4] = { ...exports[4]!, type: { parameters: ['f64', 'i64'] } };
    }
    expect(imports).toStrictEqual([
      { module: 'm', name: 'f', kind: 'function', type: { parameters: ['i32', 'i64'], results: ['f32'] } },
      { module: 'm', name: 'mem', kind: 'memory', type: { minimum: 1, maximum: 5, shared: false, address: 'i32' } },
      { module: 'm', name: 'tab', kind: 'table', type: { element: 'externref', minimum: 2, address: 'i32' } },
      { module: 'm', name: 'g', kind: 'global', type: { mutable: true, value: 'f64' } },
      { module: 'm', name: 't', kind: 'tag', type: { parameters: ['i32'] } },
    ]);
    expect(exports).toStrictEqual([
      { name: 'e', kind: 'function', type: { parameters: ['funcref'], results: ['externref', 'v128'] } },
      { name: 'mem', kind: 'memory', type: { minimum: 1, maximum: 5, shared: false, address: 'i32' } },
      { name: 't2', kind: 'table', type: { element: 'funcref', minimum: 0, maximum: 10, address: 'i32' } },
      { name: 'g2', kind: 'global', type: { mutable: false, value: 'i32' } },
      { name: 'tag2', kind: 'tag', type: { parameters: ['f64', 'i64'] } },
    ]);
  });

  it('the types of an instance\'s exports match the module\'s, and a mock import object built from the imports\' types links', () => {
    const m = new api.Module(MODULE);
    const mock: Record<string, Record<string, unknown>> = {};
    for (const imp of api.Module.imports(m)) {
      const t = (imp as unknown as { type?: never }).type; // V8 11.3: none for a tag
      const value = imp.kind === 'function' ? (): number => 0
        : imp.kind === 'memory' ? new api.Memory(t!)
          : imp.kind === 'table' ? new api.Table(t!)
            : imp.kind === 'global' ? new api.Global(t!, 0)
              : new api.Tag(t ?? { parameters: ['i32'] });
      (mock[imp.module] ??= {})[imp.name] = value;
    }
    const x = new api.Instance(m, mock).exports as Record<string, unknown>;
    expect(typeOf(x['mem'])).toStrictEqual({ minimum: 1, maximum: 5, shared: false, address: 'i32' });
    expect(typeOf(x['t2'])).toStrictEqual({ element: 'funcref', minimum: 0, maximum: 10, address: 'i32' });
    expect(typeOf(x['g2'])).toStrictEqual({ mutable: false, value: 'i32' });
    expect(typeOf(x['tag2'])).toStrictEqual({ parameters: ['f64', 'i64'] });
  });
});

const CALLS_TABLE = wat(`
  (type $ii (func (param i32) (result i32)))
  (type $multi (func (param i64 f32) (result f64 i32)))
  (table (export "tab") 2 funcref)
  (func (export "call") (param i32 i32) (result i32) local.get 1 local.get 0 call_indirect (type $ii))
  (func (export "multi") (param i32 i64 f32) (result f64 i32) local.get 1 local.get 2 local.get 0 call_indirect (type $multi))
  (func (export "id") (param i32) (result i32) local.get 0)
`);

describe.each(IMPLS)('WebAssembly.Function: %s', (name, api, TypeError) => {
  type Fn = ((...args: unknown[]) => any) & { type?: () => unknown };
  const Wf = (api as unknown as { Function: (new (type: unknown, fn: unknown) => Fn) & { type?: (f: unknown) => unknown } }).Function;
  // V8 11.3: a static WebAssembly.Function.type(f); the proposal and V8 13.6: f.type().
  const fnType = (f: Fn): unknown => plain(typeof f.type === 'function' ? f.type() : Wf.type!(f));

  it('exported functions are WebAssembly.Function objects with their type', () => {
    const x = new api.Instance(new api.Module(CALLS_TABLE)).exports as Record<string, Fn>;
    expect(x['call']).toBeInstanceOf(Wf);
    expect(Object.getPrototypeOf(Wf.prototype)).toBe(Object.getPrototypeOf(x['call']!.call));
    expect(fnType(x['call']!)).toStrictEqual({ parameters: ['i32', 'i32'], results: ['i32'] });
    expect(fnType(x['multi']!)).toStrictEqual({ parameters: ['i32', 'i64', 'f32'], results: ['f64', 'i32'] });
    expect(x['id']!(5)).toBe(5);
  });

  it('new WebAssembly.Function(type, fn) goes into a table and is called from wasm with the conversions', () => {
    const x = new api.Instance(new api.Module(CALLS_TABLE)).exports as Record<string, any>;
    const seen: unknown[] = [];
    const inc = new Wf({ parameters: ['i32'], results: ['i32'] }, function increment(v: number): number { seen.push(v); return v + 1.9; });
    const multi = new Wf({ parameters: ['i64', 'f32'], results: ['f64', 'i32'] }, (a: bigint, b: number) => [Number(a) + b, '7']);
    expect(inc).toBeInstanceOf(Wf);
    expect(typeof inc).toBe('function');
    expect(inc.name).toBe('increment');
    expect(fnType(inc)).toStrictEqual({ parameters: ['i32'], results: ['i32'] });
    expect(inc(2.5)).toBe(3); // ToInt32 of the argument and of the result
    x['tab'].set(0, inc);
    x['tab'].set(1, multi);
    expect(x['tab'].get(0)).toBe(inc);
    expect(x['call'](0, 41)).toBe(42);
    expect(plain(x['multi'](1, 5n, 0.5))).toStrictEqual([5.5, 7]);
    expect(seen).toStrictEqual([2, 41]);
    // call_indirect checks the type: inc is (i32) -> i32, not the multi type.
    expect(() => x['multi'](0, 1n, 1)).toThrow(api.RuntimeError);
    // A JS exception thrown by it passes through the wasm frames.
    const boom = new RangeError('boom');
    x['tab'].set(0, new Wf({ parameters: ['i32'], results: ['i32'] }, () => { throw boom; }));
    expect(() => x['call'](0, 1)).toThrow(boom);
  });

  it('refuses what is not a function type or not callable, and a call without new', () => {
    expect(() => new Wf({ parameters: ['i32'] }, () => 0)).toThrow(TypeError);
    expect(() => new Wf({ parameters: ['x'], results: [] }, () => 0)).toThrow(TypeError);
    expect(() => new Wf({ parameters: [], results: [] }, 5)).toThrow(TypeError);
    expect(() => new Wf(undefined, () => 0)).toThrow(TypeError);
    expect(() => (Wf as unknown as (t: unknown, f: unknown) => unknown)({ parameters: [], results: [] }, () => 0)).toThrow(TypeError);
    if (name === 'detwasm') expect(() => Wf.prototype.type!.call(() => 0)).toThrow(TypeError);
  });
});

describe('WebAssembly.Function: detwasm only', () => {
  it('length is the parameter count (V8 says 0); a v128 signature is made but cannot be called from JS', () => {
    const f = new detwasmApi.Function({ parameters: ['i32', 'f64'], results: [] }, () => {});
    expect(f.length).toBe(2);
    const v = new detwasmApi.Function({ parameters: ['v128'], results: [] }, () => {});
    expect(() => v(1)).toThrow(TypeError);
  });
});

describe('type reflection: detwasm only (features Node 20\'s V8 does not have)', () => {
  const api = detwasmApi;
  it('memory64 / table64: address \'i64\', sizes as BigInts', async () => {
    const m = new api.Module(await gcWat('(module (import "e" "m" (memory i64 0)) (memory (export "m") i64 1 3) (table (export "t") i64 2 funcref))'));
    expect(api.Module.exports(m).map((e) => e.type)).toStrictEqual([
      { minimum: 1n, maximum: 3n, shared: false, address: 'i64' },
      { element: 'funcref', minimum: 2n, address: 'i64' },
    ]);
    expect(api.Module.imports(m)[0]!.type).toStrictEqual({ minimum: 0n, shared: false, address: 'i64' });
  });

  it('GC and function-reference types: the JS API\'s names, else the text format\'s words', async () => {
    const m = new api.Module(await gcWat(`(module
      (type $s (struct))
      (global (export "a") anyref (ref.null any))
      (table (export "t") 1 eqref)
      (func (export "f") (param (ref null $s) (ref func) i31ref) (result nullref) ref.null none)
      (tag (export "x") (param structref arrayref nullfuncref nullexternref)))
    `));
    expect(api.Module.exports(m).map((e) => e.type)).toStrictEqual([
      { mutable: false, value: 'anyref' },
      { element: 'eqref', minimum: 1, address: 'i32' },
      { parameters: ['(ref null 0)', '(ref func)', 'i31ref'], results: ['nullref'] },
      { parameters: ['structref', 'arrayref', 'nullfuncref', 'nullexternref'] },
    ]);
    const x = new api.Instance(m).exports as Record<string, { type(): unknown }>;
    expect(x['a']!.type()).toStrictEqual({ mutable: false, value: 'anyref' });
    expect(x['x']!.type()).toStrictEqual({ parameters: ['structref', 'arrayref', 'nullfuncref', 'nullexternref'] });
    expect(new api.Global({ value: 'eqref' }).type()).toStrictEqual({ mutable: false, value: 'eqref' });
  });

  it('a memory\'s type() follows a grow from wasm', () => {
    const x = new api.Instance(new api.Module(wat('(memory (export "m") 1) (func (export "g") (result i32) i32.const 2 memory.grow)'))).exports as Record<string, any>;
    expect(x['g']()).toBe(1);
    expect(x['m'].type()).toStrictEqual({ minimum: 3, shared: false, address: 'i32' });
  });
});
