/**
 * A reference spec engine backed by the host's V8 `WebAssembly` (tests only; never used by src/).
 * It exists to test the runner's execution handlers (instantiate, register, invoke, get,
 * assert_return / assert_trap / assert_exhaustion / assert_unlinkable / assert_uninstantiable)
 * before detwasm can execute. Its limits are those of the JS API: v128 cannot cross the JS
 * boundary, NaN payloads may not survive a JS number, CompileError does not say whether a module
 * is malformed or invalid (classified 'invalid' here) and trap messages are V8's wording.
 */
import type { ErrorClass, ExecutionCapability, SpecEngine } from './engine.js';
import type { SpecValue } from './values.js';

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
    case 'funcref':
    case 'exnref': if (v.ref === null) return null; throw new TypeError(`non-null ${v.type} argument`);
    case 'externref': return v.ref;
  }
}

/**
 * JS result -> SpecValue. The JS API erases the result type, so it is taken from the value:
 * bigint -> i64, function -> funcref, null/undefined-free objects -> externref. Numbers are
 * ambiguous (i32, f32, f64, externref); `hint` (the expected type of that position) decides.
 */
function fromJs(x: unknown, hint: string): SpecValue {
  if (typeof x === 'bigint') return { type: 'i64', bits: BigInt.asUintN(64, x) };
  if (typeof x === 'function') return { type: 'funcref', ref: 'func' };
  if (hint === 'funcref' || hint === 'externref' || hint === 'exnref') {
    return { type: hint, ref: x === null ? null : typeof x === 'number' ? x : 'func' };
  }
  const n = Number(x);
  if (hint === 'f32') { f32[0] = n; return { type: 'f32', bits: f32Bits[0] as number }; }
  if (hint === 'f64') { f64[0] = n; return { type: 'f64', bits: f64Bits[0] as bigint }; }
  return { type: 'i32', bits: n >>> 0 };
}

class MissingImport extends Error {}

function spectest(): V8Instance {
  const nop = (): void => {};
  return {
    print: nop, print_i32: nop, print_i64: nop, print_f32: nop, print_f64: nop,
    print_i32_f32: nop, print_f64_f64: nop,
    global_i32: new WA.Global({ value: 'i32' }, 666),
    global_i64: new WA.Global({ value: 'i64' }, 666n),
    global_f32: new WA.Global({ value: 'f32' }, 666.6),
    global_f64: new WA.Global({ value: 'f64' }, 666.6),
    table: new WA.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new WA.Memory({ initial: 1, maximum: 2 }),
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
    spectest,
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
