/**
 * Module validation (spec §3.4 "Modules", WebAssembly 2.0): checks a decoded {@link Module}
 * against the validation rules and throws {@link InvalidError} on the first violation.
 *
 * Order: imports, function types, tables, memories, globals, exports, start, element segments,
 * data segments, then every function body (func-validator.ts). Messages are the reference
 * interpreter's (the spec tests compare prefixes, so "unknown global 1" matches "unknown global").
 */
import { InvalidError } from '../errors.js';
import type { Module } from '../decoder/module.js';
import { SEGMENT_ACTIVE } from '../decoder/module.js';
import { EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, EXTERN_TAG, isDefaultable, isSubtype, KIND_FUNC, MAX_SUBTYPE_DEPTH } from '../types.js';
import type { DefType, Limits } from '../types.js';
import { validateConstExpr } from './const-expr.js';
import { checkModuleFeatures, DEFAULT_FEATURES, featureError, refusedOpcodes } from './features.js';
import type { Features } from './features.js';
import { addrTypeOf, declaredFuncRefs, FuncValidator, isStorageSubtype, validateFunction } from './func-validator.js';

export {
  CTRL_BLOCK, CTRL_ELSE, CTRL_FUNCTION, CTRL_IF, CTRL_LOOP, declaredFuncRefs, FuncValidator,
  UNKNOWN_TYPE, validateFunction,
} from './func-validator.js';
export { validateConstExpr } from './const-expr.js';

/** Largest memory size in 2.0, in 64 KiB pages (spec §3.2.4: 2^16 pages = 4 GiB). */
export const MAX_MEMORY_PAGES = 65536;

/** The largest page count of a memory with the i64 address type (2^64 bytes). */
const MAX_MEMORY64_PAGES = 2 ** 48;

/**
 * Validates a whole module with `features` enabled (default DEFAULT_FEATURES). Throws
 * {@link InvalidError} on the first violation; a use of a disabled feature is an InvalidError
 * naming it (features.ts).
 */
export function validateModule(module: Module, features: Features = DEFAULT_FEATURES): void {
  const types = module.types;
  const funcCount = module.funcTypeIdxs.length;
  if (refusedOpcodes(features) !== null) checkModuleFeatures(module, features);
  // A value or heap type that names a type index with no type (the decoder noted the first).
  if (module.unknownTypeIdx >= 0) throw new InvalidError(`unknown type ${module.unknownTypeIdx}`, module.unknownTypeAt);
  checkTypeSection(module);

  // Imports (§3.4.7): function type indices; table and memory limits.
  for (const imp of module.imports) {
    const d = imp.desc;
    if (d.kind === 0) {
      if (d.typeIdx >= types.length) throw new InvalidError(`unknown type ${d.typeIdx}`, imp.offset);
      if (types[d.typeIdx]!.kind !== KIND_FUNC) throw new InvalidError('type mismatch: not a function type', imp.offset);
    } else if (d.kind === 1) {
      checkTableLimits(d.type.limits, imp.offset);
    } else if (d.kind === 2) {
      checkMemoryLimits(d.type.limits, imp.offset);
    }
  }

  // Tags (3.0 §3.4.x): a function type with no results, imports included.
  for (let t = 0; t < module.tags.length; t++) {
    const typeIdx = module.tags[t]!;
    const at = module.tagOffsets[t] ?? 0;
    if (typeIdx >= types.length) throw new InvalidError(`unknown type ${typeIdx}`, at);
    if (types[typeIdx]!.kind !== KIND_FUNC) throw new InvalidError('type mismatch: not a function type', at);
    if (types[typeIdx]!.results.length !== 0) throw new InvalidError('non-empty tag result type', at);
  }

  // Functions (§3.4.1): type indices of the defined functions.
  for (let f = module.importedFuncCount; f < funcCount; f++) {
    const typeIdx = module.funcTypeIdxs[f]!;
    if (typeIdx >= types.length) {
      const body = module.codes[f - module.importedFuncCount];
      throw new InvalidError(`unknown type ${typeIdx}`, body !== undefined ? body.offset : 0, f);
    }
    if (types[typeIdx]!.kind !== KIND_FUNC) throw new InvalidError('type mismatch: not a function type', module.codes[f - module.importedFuncCount]?.offset ?? 0, f);
  }

  // Tables (§3.4.2) and memories (§3.4.3); at most one memory without multi-memory (2.0 §3.4.10).
  // A table of a non-nullable type needs an initializer (function references); it is constant.
  for (let t = module.importedTableCount; t < module.tables.length; t++) {
    const table = module.tables[t]!;
    checkTableLimits(table.limits, 0);
    const init = module.tableInits[t] ?? null;
    if (init !== null) validateConstExpr(module, init, table.elemType, features, module.importedGlobalCount);
    else if (!isDefaultable(table.elemType)) throw new InvalidError('type mismatch', 0);
  }
  for (let m = module.importedMemoryCount; m < module.memories.length; m++) {
    checkMemoryLimits(module.memories[m]!.limits, 0);
  }
  if (module.memories.length > 1 && !features['multi-memory']) throw featureError('multiple memories', 'multi-memory', 0);

  // Globals (§3.4.4): initializers are constant, of the global's type, in the context of the
  // imported globals only.
  for (let i = 0; i < module.globalInits.length; i++) {
    const g = module.globals[module.importedGlobalCount + i]!;
    validateConstExpr(module, module.globalInits[i]!, g.valType, features, module.importedGlobalCount + i);
  }

  // Exports (§3.4.8, §3.4.10): indices exist; names are unique.
  const names = new Set<string>();
  for (const e of module.exports) {
    switch (e.kind) {
      case EXTERN_FUNC:
        if (e.index >= funcCount) throw new InvalidError(`unknown function ${e.index}`, e.offset);
        break;
      case EXTERN_TABLE:
        if (e.index >= module.tables.length) throw new InvalidError(`unknown table ${e.index}`, e.offset);
        break;
      case EXTERN_MEMORY:
        if (e.index >= module.memories.length) throw new InvalidError(`unknown memory ${e.index}`, e.offset);
        break;
      case EXTERN_GLOBAL:
        if (e.index >= module.globals.length) throw new InvalidError(`unknown global ${e.index}`, e.offset);
        break;
      case EXTERN_TAG:
        if (e.index >= module.tags.length) throw new InvalidError(`unknown tag ${e.index}`, e.offset);
        break;
      default:
        break;
    }
    if (names.has(e.name)) throw new InvalidError('duplicate export name', e.offset);
    names.add(e.name);
  }

  // Start function (§3.4.9): exists and has type [] -> [].
  if (module.start >= 0) {
    const s = module.start;
    if (s >= funcCount) throw new InvalidError(`unknown function ${s}`, module.startOffset);
    const t = types[module.funcTypeIdxs[s]!]!;
    if (t.params.length !== 0 || t.results.length !== 0) {
      throw new InvalidError('start function', module.startOffset);
    }
  }

  // Element segments (§3.4.5).
  for (const seg of module.elements) {
    if (seg.mode === SEGMENT_ACTIVE) {
      const table = module.tables[seg.tableIdx];
      if (table === undefined) throw new InvalidError(`unknown table ${seg.tableIdx}`, seg.offset);
      validateConstExpr(module, seg.offsetExpr!, addrTypeOf(table.limits), features, module.globals.length);
      if (!isSubtype(seg.elemType, table.elemType)) throw new InvalidError('type mismatch', seg.offset);
    }
    if (seg.funcIdxs !== null) {
      for (const x of seg.funcIdxs) {
        if (x >= funcCount) throw new InvalidError(`unknown function ${x}`, seg.offset);
      }
    }
    if (seg.exprs !== null) {
      for (const e of seg.exprs) validateConstExpr(module, e, seg.elemType, features, module.globals.length);
    }
  }

  // Data segments (§3.4.6).
  for (const seg of module.datas) {
    if (seg.mode === SEGMENT_ACTIVE) {
      const mem = module.memories[seg.memIdx];
      if (mem === undefined) throw new InvalidError(`unknown memory ${seg.memIdx}`, seg.offset);
      validateConstExpr(module, seg.offsetExpr!, addrTypeOf(mem.limits), features, module.globals.length);
    }
  }

  // Function bodies (§3.4.1), one reusable validator for all of them.
  const validator = new FuncValidator(module, declaredFuncRefs(module), features);
  for (let f = module.importedFuncCount; f < funcCount; f++) validateFunction(module, f, validator);
}

/**
 * The type section (3.0 §3.5.x, GC): a declared supertype comes before its subtype (an earlier
 * index), is not final, is of the same kind, and the subtype's fields / params / results match it.
 */
function checkTypeSection(module: Module): void {
  const types = module.types;
  for (let i = 0; i < types.length; i++) {
    const sup = module.typeSupers[i]!;
    if (sup === -1) continue;
    const at = module.typeOffsets[i] ?? 0;
    if (sup === -3) throw new InvalidError('sub type: at most one supertype', at);
    if (sup < 0 || sup >= i) throw new InvalidError(`unknown type ${sup < 0 ? '' : sup}`.trimEnd(), at);
    const sub = types[i]!;
    const parent = types[sup]!;
    if (parent.isFinal || !matchesSuper(sub, parent)) throw new InvalidError(`sub type ${i} does not match super type ${sup}`, at);
    if (sub.depth > MAX_SUBTYPE_DEPTH) throw new InvalidError(`sub type ${i}: subtyping depth past ${MAX_SUBTYPE_DEPTH}`, at);
  }
}

/** Structural subtyping of a declared subtype against its supertype (3.0 §3.5.x "Defined types"). */
function matchesSuper(sub: DefType, sup: DefType): boolean {
  if (sub.kind !== sup.kind) return false;
  if (sub.kind === KIND_FUNC) {
    if (sub.params.length !== sup.params.length || sub.results.length !== sup.results.length) return false;
    for (let k = 0; k < sub.params.length; k++) if (!isSubtype(sup.params[k]!, sub.params[k]!)) return false;
    for (let k = 0; k < sub.results.length; k++) if (!isSubtype(sub.results[k]!, sup.results[k]!)) return false;
    return true;
  }
  if (sub.fields.length < sup.fields.length) return false;
  for (let k = 0; k < sup.fields.length; k++) {
    const a = sub.fields[k]!;
    const b = sup.fields[k]!;
    if (a.mutable !== b.mutable) return false;
    if (a.mutable ? a.type !== b.type : !isStorageSubtype(a.type, b.type)) return false;
  }
  return true;
}

/** Table limits (§3.2.2): the range is all of u32, so only min <= max is checked. */
function checkTableLimits(limits: Limits, offset: number): void {
  if (limits.max !== null && limits.min > limits.max) {
    throw new InvalidError('size minimum must not be greater than maximum', offset);
  }
}

/**
 * Memory limits (§3.2.4): at most 65536 pages (2^48 with the i64 address type), then min <= max
 * (the reference's order).
 */
function checkMemoryLimits(limits: Limits, offset: number): void {
  const cap = limits.is64 === true ? MAX_MEMORY64_PAGES : MAX_MEMORY_PAGES;
  if (limits.min > cap || (limits.max !== null && limits.max > cap)) {
    throw new InvalidError(limits.is64 === true ? 'memory size must be at most 2^48 pages' : 'memory size must be at most 65536 pages (4GiB)', offset);
  }
  if (limits.max !== null && limits.min > limits.max) {
    throw new InvalidError('size minimum must not be greater than maximum', offset);
  }
}
