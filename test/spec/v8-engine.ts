/**
 * A reference spec engine backed by the host's V8 `WebAssembly` (tests only; never used by src/).
 * It exists to test the runner's execution handlers (instantiate, register, invoke, get,
 * assert_return / assert_trap / assert_exhaustion / assert_unlinkable / assert_uninstantiable)
 * before detwasm can execute. Its limits are those of the JS API: v128 cannot cross the JS
 * boundary, NaN payloads may not survive a JS number, CompileError does not say whether a module
 * is malformed or invalid (classified 'invalid' here) and trap messages are V8's wording. Host
 * values cross as host-refs.ts objects; GC values as the JS API gives them (Node 22+, where GC
 * is on by default): an i31 as a number, structs and arrays as opaque objects (refFromJs).
 */
import type { ErrorClass, ExecutionCapability, SpecEngine } from './engine.js';
import { hostRef, hostRefNumber } from './host-refs.js';
import { isRefTypeName } from './values.js';
import type { SpecRef, SpecValue } from './values.js';

/** The part of the JS API used here (the test tsconfig has no DOM lib). */
interface WasmGlobalObject {
  value: unknown;
}
interface WasmApi {
  Module: (new (bytes: Uint8Array) => object) & {
    imports(m: object): { module: string; name: string; kind: string }[];
    exports(m: object): { name: string; kind: string }[];
  };
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Global: new (d: { value: string; mutable?: boolean }, v?: unknown) => WasmGlobalObject;
  Table: new (d: { element: string; initial: number; maximum?: number }) => object;
  Memory: new (d: { initial: number; maximum?: number }) => object;
  CompileError: new (...args: never[]) => Error;
  LinkError: new (...args: never[]) => Error;
  RuntimeError: new (...args: never[]) => Error;
}

const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** An instance: its exports object (also what the registry hands to importers). */
type V8Instance = Record<string, unknown>;

/** A compiled V8 module. */
interface V8Module {
  readonly module: object;
}

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const f64Bits = new BigUint64Array(f64.buffer);

function toJs(v: SpecValue): unknown {
  switch (v.type) {
    case 'i32': return v.bits | 0;
    case 'i64': return BigInt.asIntN(64, v.bits);
    case 'f32': f32Bits[0] = v.bits; return f32[0];
    case 'f64': f64Bits[0] = v.bits; return f64[0];
    case 'v128': throw new TypeError('v128 cannot cross the JS API boundary');
    default:
      if (v.ref === null) return null;
      if (typeof v.ref === 'number') return hostRef(v.ref);
      throw new TypeError(`non-null ${v.type} argument`);
  }
}

/**
 * The GC kind of a JS value through wasm's own type tests: V8 gives structs and arrays to JS as
 * opaque objects (null prototype, no properties; nothing in JS tells them apart), so this module
 * internalizes the value and asks `ref.test`. Returns 0 (none of these), 1 i31, 2 struct, 3 array.
 *
 *   (module (func (export "kind") (param externref) (result i32) (local anyref)
 *     (local.set 1 (any.convert_extern (local.get 0)))
 *     (if (ref.test (ref i31) (local.get 1)) (then (return (i32.const 1))))
 *     (if (ref.test (ref struct) (local.get 1)) (then (return (i32.const 2))))
 *     (if (ref.test (ref array) (local.get 1)) (then (return (i32.const 3))))
 *     (i32.const 0)))
 *
 * (encoded by wasm-tools; wast.test.ts checks that these bytes are still what that text encodes to).
 */
export const GC_KIND_MODULE: Uint8Array = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x6f, 0x01, 0x7f, 0x03, 0x02,
  0x01, 0x00, 0x07, 0x08, 0x01, 0x04, 0x6b, 0x69, 0x6e, 0x64, 0x00, 0x00, 0x0a, 0x2f, 0x01, 0x2d, 0x01, 0x01,
  0x6e, 0x20, 0x00, 0xfb, 0x1a, 0x21, 0x01, 0x20, 0x01, 0xfb, 0x14, 0x6c, 0x04, 0x40, 0x41, 0x01, 0x0f, 0x0b,
  0x20, 0x01, 0xfb, 0x14, 0x6b, 0x04, 0x40, 0x41, 0x02, 0x0f, 0x0b, 0x20, 0x01, 0xfb, 0x14, 0x6a, 0x04, 0x40,
  0x41, 0x03, 0x0f, 0x0b, 0x41, 0x00, 0x0b,
]);

/** The `kind` export of GC_KIND_MODULE; null where this V8 has no GC (Node 20: its V8 11.3 rejects the module). */
let gcKind: ((x: unknown) => number) | null | undefined;
function gcKindOf(x: unknown): number | null {
  if (gcKind === undefined) {
    try {
      gcKind = new WA.Instance(new WA.Module(GC_KIND_MODULE), {}).exports['kind'] as (x: unknown) => number;
    } catch {
      gcKind = null;
    }
  }
  return gcKind === null ? null : gcKind(x);
}

/**
 * A reference result as the script sees it (the JS API's ToJSValue): null; a host value object
 * (host-refs.ts) back to its N; a number is an i31 (host values are never numbers here); a
 * function a funcref; any other object a struct or an array, told apart by GC_KIND_MODULE; where V8
 * has no GC, 'struct-or-array' (matched loosely, values.ts).
 */
export function refFromJs(x: unknown): SpecRef {
  if (x === null || x === undefined) return null;
  const host = hostRefNumber(x);
  if (host !== undefined) return host;
  if (typeof x === 'number') return { i31: x };
  if (typeof x === 'function') return 'func';
  switch (gcKindOf(x)) {
    case 2: return 'struct';
    case 3: return 'array';
    case null: return 'struct-or-array';
    default: throw new TypeError(`unrecognised reference result: ${typeof x}`);
  }
}

/**
 * JS result -> SpecValue. The JS API erases the result type, so it is taken from the value:
 * bigint -> i64, a reference hint -> refFromJs. Numbers are otherwise ambiguous (i32, f32, f64);
 * `hint` (the expected type of that position) decides.
 */
function fromJs(x: unknown, hint: string): SpecValue {
  if (typeof x === 'bigint') return { type: 'i64', bits: BigInt.asUintN(64, x) };
  if (isRefTypeName(hint)) return { type: hint === 'refnull' ? 'ref' : hint, ref: refFromJs(x) };
  if (typeof x === 'function') return { type: 'funcref', ref: 'func' };
  const n = Number(x);
  if (hint === 'f32') { f32[0] = n; return { type: 'f32', bits: f32Bits[0] as number }; }
  if (hint === 'f64') { f64[0] = n; return { type: 'f64', bits: f64Bits[0] as bigint }; }
  return { type: 'i32', bits: n >>> 0 };
}

class MissingImport extends Error {}

/** What the spectest module needs of a JS API namespace: V8's `WebAssembly` or detwasm/js-api's. */
export interface JsApiExterns {
  Global: new (d: { value: 'i32' | 'i64' | 'f32' | 'f64'; mutable: false }, v: unknown) => unknown;
  Table: new (d: { element: 'anyfunc'; initial: number; maximum: number }) => unknown;
  Memory: new (d: { initial: number; maximum: number }) => unknown;
}

/**
 * The spectest host module (engine.ts; spec interpreter `host/spectest.ml`) made with a JS API
 * namespace: the print functions (`nop` each, no output by default), immutable globals 666 / 666n
 * / 666.6 / 666.6, a funcref table 10..20 and a memory of 1..2 pages.
 */
export function jsApiSpectest(api: JsApiExterns, nop: () => void = () => {}): Record<string, unknown> {
  return {
    print: nop, print_i32: nop, print_i64: nop, print_f32: nop, print_f64: nop,
    print_i32_f32: nop, print_f64_f64: nop,
    global_i32: new api.Global({ value: 'i32', mutable: false }, 666),
    global_i64: new api.Global({ value: 'i64', mutable: false }, 666n),
    global_f32: new api.Global({ value: 'f32', mutable: false }, 666.6),
    global_f64: new api.Global({ value: 'f64', mutable: false }, 666.6),
    table: new api.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new api.Memory({ initial: 1, maximum: 2 }),
  };
}

/** V8 as a spec engine; JS numbers carry no Wasm type, so results are typed by the script's expectations. */
export function v8Engine(): SpecEngine<V8Module, V8Instance> {
  const execution: ExecutionCapability<V8Module, V8Instance> = {
    instantiate(m, registry) {
      const imports: Record<string, Record<string, unknown>> = {};
      for (const imp of WA.Module.imports(m.module)) {
        const provider = registry.get(imp.module);
        if (provider === undefined || !(imp.name in provider)) {
          throw new MissingImport(`unknown import ${imp.module}.${imp.name}`);
        }
        (imports[imp.module] ??= {})[imp.name] = provider[imp.name];
      }
      return new WA.Instance(m.module, imports).exports;
    },
    invoke(instance, field, args, types) {
      const fn = instance[field];
      if (typeof fn !== 'function') throw new MissingImport(`no exported function ${field}`);
      const r: unknown = fn(...args.map(toJs));
      if (types.length === 0) return [];
      const list: unknown[] = types.length === 1 ? [r] : (r as unknown[]);
      return list.map((x, i) => fromJs(x, types[i] ?? 'i32'));
    },
    get(instance, field, type) {
      const g = instance[field] as WasmGlobalObject;
      return fromJs(g.value, type);
    },
    spectest: () => jsApiSpectest(WA),
  };
  return {
    name: 'v8',
    compile: (bytes) => ({ module: new WA.Module(bytes) }),
    classify(error: unknown): ErrorClass {
      if (error instanceof WA.CompileError) return 'invalid';
      if (error instanceof WA.LinkError || error instanceof MissingImport) return 'link';
      if (error instanceof WA.RuntimeError) return 'trap';
      if (error instanceof RangeError) return 'exhaustion';
      return 'unknown';
    },
    execution,
    strictNaN: false,
  };
}
