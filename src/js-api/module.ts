/**
 * `WebAssembly.Module` (JS API §"Modules"): compiles a BufferSource (an ArrayBuffer or a view,
 * copied at once) with detwasm's decoder and validator; a module that does not decode or validate
 * is a CompileError. The static `exports`, `imports` and `customSections` reflect it.
 */
import { compile, decodedOf, Module as EngineModule } from '../compile.js';
import type { ExternKind } from '../compile.js';
import type { Module as DecodedModule } from '../decoder/module.js';
import type { Features } from '../validator/features.js';
import { toJsApiError } from './errors.js';
import { exportTypeOf, importTypeOf } from './type-reflection.js';
import type { ExternType } from './type-reflection.js';

/** The features a JS API module may use: detwasm's defaults plus exception handling (tags). */
export const JS_API_FEATURES: Readonly<Partial<Features>> = Object.freeze({ exceptions: true, 'legacy-exceptions': true });

const engineOf = new WeakMap<Module, EngineModule>();
const bytesOf = new WeakMap<Module, Uint8Array>();

/** An import of a module (`Module.imports`); `type`: type reflection (type-reflection.ts). */
export interface ModuleImportDescriptor {
  module: string;
  name: string;
  kind: ExternKind;
  type: ExternType;
}

/** An export of a module (`Module.exports`); `type`: type reflection (type-reflection.ts). */
export interface ModuleExportDescriptor {
  name: string;
  kind: ExternKind;
  type: ExternType;
}

/** A compiled module. */
export class Module {
  /** Makes the type nominal (a Uint8Array is not a Module for `instantiate`'s overloads). */
  readonly #isModule: true = true;

  constructor(bytes: ArrayBuffer | ArrayBufferView) {
    const copy = copyBufferSource(bytes);
    let engine: EngineModule;
    try {
      engine = compile(copy, { features: JS_API_FEATURES });
    } catch (e) {
      throw toJsApiError(e);
    }
    engineOf.set(this, engine);
    bytesOf.set(this, copy);
    void this.#isModule;
  }

  static exports(module: Module): ModuleExportDescriptor[] {
    const e = engine(module);
    const decoded = decodedOf(e);
    return e.exports.map((x, i) => ({ name: x.name, kind: x.kind, type: exportTypeOf(decoded, decoded.exports[i]!.kind, decoded.exports[i]!.index) }));
  }

  static imports(module: Module): ModuleImportDescriptor[] {
    const e = engine(module);
    const decoded = decodedOf(e);
    return e.imports.map((x, i) => ({ module: x.module, name: x.name, kind: x.kind, type: importTypeOf(decoded, decoded.imports[i]!.desc) }));
  }

  /** The contents of every custom section called `sectionName`, in module order, each a fresh ArrayBuffer. */
  static customSections(module: Module, sectionName: string): ArrayBuffer[] {
    const e = engine(module);
    if (sectionName === undefined) throw new TypeError('customSections needs a section name');
    const name = String(sectionName);
    const bytes = bytesOf.get(module)!;
    return decodedOf(e).customSections.filter((s) => s.name === name).map((s) => bytes.slice(s.start, s.end).buffer);
  }
}
// JS API: each interface's prototype has its Symbol.toStringTag ('[object WebAssembly.Module]').
Object.defineProperty(Module.prototype, Symbol.toStringTag, { value: 'WebAssembly.Module', configurable: true });

/** A BufferSource's bytes, copied (TypeError for anything else). */
export function copyBufferSource(v: unknown): Uint8Array {
  if (v instanceof ArrayBuffer) return new Uint8Array(v).slice();
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  throw new TypeError('the first argument must be an ArrayBuffer or a typed array view');
}

function engine(module: unknown): EngineModule {
  const e = typeof module === 'object' && module !== null ? engineOf.get(module as Module) : undefined;
  if (e === undefined) throw new TypeError('not a WebAssembly.Module');
  return e;
}

/** The detwasm module and its decoded model behind a JS API Module (TypeError for anything else). */
export function engineModuleOf(module: unknown): { readonly engine: EngineModule; readonly decoded: DecodedModule } {
  const e = engine(module);
  return { engine: e, decoded: decodedOf(e) };
}
