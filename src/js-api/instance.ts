/**
 * `WebAssembly.Instance` (JS API §"Instances"): reads the imports as the JS API says (an import
 * object is required when the module has imports; each module's entry must be an object; a
 * function import must be callable, a memory / table / tag import a JS API Memory / Table / Tag,
 * a global import a Global or, for an immutable one, a Number (i32, f32, f64) or BigInt (i64);
 * anything else is a LinkError), links with detwasm (whose type and limit checks are LinkErrors
 * too), and exposes `exports`: a frozen null-prototype object whose functions, memories, tables
 * and globals keep their identity.
 */
import { Global as EngineGlobal, memoryInstOf, Memory as EngineMemory, Table as EngineTable } from '../interpreter/externs.js';
import { instantiateModule } from '../interpreter/instance.js';
import type { MemoryInst } from '../interpreter/runtime.js';
import { Tag } from '../interpreter/tags.js';
import { jsFunctionOf } from '../interpreter/values.js';
import { EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, EXTERN_TAG, I64, V128 } from '../types.js';
import { LinkError, toJsApiError } from './errors.js';
import { hostWrapperOf } from './functions.js';
import { engineGlobalOf, engineGlobalOfValue, globalFromEngine } from './global.js';
import { fromEngineFunction, funcInstOfExported } from './identity.js';
import { engineMemoryOf, memoryFromEngine, syncMemory } from './memory.js';
import { engineModuleOf } from './module.js';
import type { Module } from './module.js';
import { engineTableOf, tableFromEngine } from './table.js';
import { toWasmValue } from './values.js';

/**
 * `Instance.exports`: every name is `any` (as in JavaScript: `instance.exports.add(1, 2)` and
 * `instance.exports.memory.buffer` type-check); state the module's shape for checked types.
 */
export type Exports = { readonly [name: string]: any };

const exportsOf = new WeakMap<Instance, Exports>();

/** An instantiated module. */
export class Instance {
  constructor(module: Module, importObject?: object) {
    const { decoded } = engineModuleOf(module);
    if (decoded.imports.length > 0 && importObject === undefined) throw new TypeError('the module has imports: an import object is needed');
    if (importObject !== undefined && (typeof importObject !== 'object' && typeof importObject !== 'function' || importObject === null)) {
      throw new TypeError('the import object must be an object');
    }
    const imports: Record<string, Record<string, unknown>> = Object.create(null) as Record<string, Record<string, unknown>>;
    const importedMemories: EngineMemory[] = [];
    const jsVisibleMemories: MemoryInst[] = []; // imported and exported: the ones JS may hold a buffer of
    for (const imp of decoded.imports) {
      const o = (importObject as Record<string, unknown>)[imp.module];
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null) {
        throw new TypeError(`import object field '${imp.module}' is not an object`);
      }
      const v = (o as Record<string, unknown>)[imp.name];
      // The spec's wording first (assert_unlinkable: "unknown import" when the import object has
      // no such value, "incompatible import type" for a value of the wrong kind), then the import.
      const what = `${v === undefined ? 'unknown import' : 'incompatible import type'}: import '${imp.module}' '${imp.name}'`;
      let value: unknown;
      const d = imp.desc;
      switch (d.kind) {
        case EXTERN_FUNC: {
          if (typeof v !== 'function') throw new LinkError(`${what}: function import requires a callable`);
          const f = funcInstOfExported(v);
          value = f !== undefined ? jsFunctionOf(f) : hostWrapperOf(v as (...a: unknown[]) => unknown, decoded.types[d.typeIdx]!, jsVisibleMemories);
          break;
        }
        case EXTERN_GLOBAL: {
          const g = engineGlobalOf(v);
          const t = d.type.valType;
          if (g !== undefined) value = g;
          else if ((typeof v === 'number' && t !== I64 && t !== V128) || (typeof v === 'bigint' && t === I64)) {
            if (d.type.isMutable) throw new LinkError(`${what}: imported mutable global must be a WebAssembly.Global object`);
            value = engineGlobalOfValue(t, toWasmValue(t, v));
          } else {
            throw new LinkError(`${what}: global import must be a number, a BigInt (i64) or a WebAssembly.Global object`);
          }
          break;
        }
        case EXTERN_MEMORY: {
          const m = engineMemoryOf(v);
          if (m === undefined) throw new LinkError(`${what}: memory import must be a WebAssembly.Memory object`);
          importedMemories.push(m);
          jsVisibleMemories.push(memoryInstOf(m)!);
          value = m;
          break;
        }
        case EXTERN_TABLE: {
          const t = engineTableOf(v);
          if (t === undefined) throw new LinkError(`${what}: table import requires a WebAssembly.Table`);
          value = t;
          break;
        }
        case EXTERN_TAG:
          if (!(v instanceof Tag)) throw new LinkError(`${what}: tag import requires a WebAssembly.Tag`);
          value = v;
          break;
        default:
          throw new LinkError(`${what}: unsupported import kind`);
      }
      (imports[imp.module] ??= Object.create(null) as Record<string, unknown>)[imp.name] = value;
    }
    let engineExports: Readonly<Record<string, unknown>>;
    try {
      engineExports = instantiateModule(decoded, imports).exports;
    } catch (e) {
      throw toJsApiError(e);
    } finally {
      for (const m of importedMemories) syncMemory(memoryInstOf(m)!);
    }
    const exports: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const exp of decoded.exports) {
      const v = engineExports[exp.name];
      if (v instanceof EngineMemory) jsVisibleMemories.push(memoryInstOf(v)!);
      exports[exp.name] = typeof v === 'function' ? fromEngineFunction(v, exp.index) : fromEngineExport(v);
    }
    exportsOf.set(this, Object.freeze(exports));
  }

  /** The exports: a frozen object with a null prototype. */
  get exports(): Exports {
    const e = exportsOf.get(this);
    if (e === undefined) throw new TypeError('not a WebAssembly.Instance');
    return e;
  }
}
// JS API: each interface's prototype has its Symbol.toStringTag ('[object WebAssembly.Instance]').
Object.defineProperty(Instance.prototype, Symbol.toStringTag, { value: 'WebAssembly.Instance', configurable: true });

function fromEngineExport(v: unknown): unknown {
  if (v instanceof EngineMemory) return memoryFromEngine(v);
  if (v instanceof EngineTable) return tableFromEngine(v);
  if (v instanceof EngineGlobal) return globalFromEngine(v);
  return v; // a Tag
}
