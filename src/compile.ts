/**
 * compile / validate: bytes -> a decoded and validated {@link Module} (spec §5 + §3), the
 * "deploy" step of the life cycle. A compiled module is immutable and can be instantiated any
 * number of times.
 */
import { decodeModule } from './decoder/decode.js';
import { resolveDecodeLimits } from './decoder/limits.js';
import type { DecodeLimits } from './decoder/limits.js';
import type { Module as DecodedModule } from './decoder/module.js';
import { validateModule } from './validator/validate.js';
import { resolveFeatures } from './validator/features.js';
import type { Features } from './validator/features.js';

// The feature sets' API, for the layers above compile (the VM) that do not reach the validator.
export { featuresKey, resolveFeatures } from './validator/features.js';
export type { Features } from './validator/features.js';
import {
  EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, EXTERN_TAG, funcTypeToString, valTypeName,
} from './types.js';
import type { GlobalType, Limits, TableType } from './types.js';

/** Options of {@link compile} and {@link validate}. */
export interface CompileOptions {
  /** Overrides of the decoding limits (defaults in `DEFAULT_DECODE_LIMITS`). */
  readonly limits?: Partial<DecodeLimits>;
  /**
   * The features modules may use (default `DEFAULT_FEATURES`: WebAssembly 2.0 and relaxed SIMD):
   * a preset (`WASM_1_0`, `WASM_2_0`), `parseFeatures('wasm2,-floats')`, or switches over the
   * default (`{ floats: false }`). A module using a disabled feature is an InvalidError naming it.
   */
  readonly features?: Partial<Features>;
}

/** Kind of an import or export, as in the WebAssembly JS API. */
export type ExternKind = 'function' | 'table' | 'memory' | 'global' | 'tag';

/** An import of a module, e.g. `{ module: 'env', name: 'log', kind: 'function', type: '[i32] -> []' }`. */
export interface ImportDescriptor {
  readonly module: string;
  readonly name: string;
  readonly kind: ExternKind;
  /** The imported type in text-format words. */
  readonly type: string;
}

/** An export of a module. */
export interface ExportDescriptor {
  readonly name: string;
  readonly kind: ExternKind;
  readonly type: string;
}

const KIND_NAMES: readonly ExternKind[] = ['function', 'table', 'memory', 'global', 'tag'];

const decodedModules = new WeakMap<Module, DecodedModule>();

/** A decoded and validated module. Create with {@link compile}. */
export class Module {
  /** Imports in declaration order. */
  readonly imports: readonly ImportDescriptor[];
  /** Exports in declaration order. */
  readonly exports: readonly ExportDescriptor[];
  /** Functions in the function index space (imported + defined). */
  readonly functionCount: number;
  /** Imported functions (they come first in the index space). */
  readonly importedFunctionCount: number;
  /** Tables, memories and globals, imports included. */
  readonly tableCount: number;
  readonly memoryCount: number;
  readonly globalCount: number;
  /** Module name from the `name` section, or null. */
  readonly name: string | null;

  /** Internal: use {@link compile}. */
  constructor(decoded: DecodedModule) {
    decodedModules.set(this, decoded);
    this.imports = Object.freeze(decoded.imports.map((imp): ImportDescriptor => {
      const d = imp.desc;
      let type: string;
      switch (d.kind) {
        case 0: type = funcTypeToString(decoded.types[d.typeIdx]!); break;
        case 1: type = tableTypeToString(d.type); break;
        case 2: type = limitsToString(d.type.limits); break;
        case 3: type = globalTypeToString(d.type); break;
        default: type = funcTypeToString(decoded.types[d.typeIdx]!); break;
      }
      return Object.freeze({ module: imp.module, name: imp.name, kind: KIND_NAMES[d.kind]!, type });
    }));
    this.exports = Object.freeze(decoded.exports.map((exp): ExportDescriptor => {
      let type: string;
      switch (exp.kind) {
        case EXTERN_FUNC: type = funcTypeToString(decoded.types[decoded.funcTypeIdxs[exp.index]!]!); break;
        case EXTERN_TABLE: type = tableTypeToString(decoded.tables[exp.index]!); break;
        case EXTERN_MEMORY: type = limitsToString(decoded.memories[exp.index]!.limits); break;
        case EXTERN_GLOBAL: type = globalTypeToString(decoded.globals[exp.index]!); break;
        case EXTERN_TAG: type = funcTypeToString(decoded.types[decoded.tags[exp.index]!]!); break;
        default: type = '';
      }
      return Object.freeze({ name: exp.name, kind: KIND_NAMES[exp.kind]!, type });
    }));
    this.functionCount = decoded.funcTypeIdxs.length;
    this.importedFunctionCount = decoded.importedFuncCount;
    this.tableCount = decoded.tables.length;
    this.memoryCount = decoded.memories.length;
    this.globalCount = decoded.globals.length;
    this.name = decoded.names.moduleName;
    Object.freeze(this);
  }
}

/** Internal: the decoded model behind a compiled module (for instantiation). */
export function decodedOf(module: Module): DecodedModule {
  const d = decodedModules.get(module);
  if (d === undefined) throw new TypeError('not a module created by compile()');
  return d;
}

function limitsToString(l: Limits): string {
  return l.max === null ? `${l.min}` : `${l.min} ${l.max}`;
}

function tableTypeToString(t: TableType): string {
  return `${limitsToString(t.limits)} ${valTypeName(t.elemType)}`;
}

function globalTypeToString(g: GlobalType): string {
  return g.isMutable ? `(mut ${valTypeName(g.valType)})` : valTypeName(g.valType);
}

/** Accepts a Uint8Array (Buffer included) or an ArrayBuffer; copies, so later mutation is harmless. */
function toBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes.slice();
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes.slice(0));
  throw new TypeError('module bytes must be a Uint8Array or an ArrayBuffer');
}

/**
 * Decodes and validates a binary module. Throws MalformedError (not a well-formed binary) or
 * InvalidError (does not validate); a TypeError only for a wrong argument type or bad options.
 */
export function compile(bytes: Uint8Array | ArrayBuffer, options?: CompileOptions): Module {
  const limits = resolveDecodeLimits(options?.limits);
  const features = resolveFeatures(options?.features);
  const decoded = decodeModule(toBytes(bytes), limits, features);
  validateModule(decoded, features);
  return new Module(decoded);
}

/** Like {@link compile} but returns nothing: throws MalformedError / InvalidError, else returns. */
export function validate(bytes: Uint8Array | ArrayBuffer, options?: CompileOptions): void {
  compile(bytes, options);
}


