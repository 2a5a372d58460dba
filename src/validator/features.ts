/**
 * Feature profiles: which features of the standard a module may use (spec: the proposals merged
 * into WebAssembly 2.0, relaxed SIMD from 3.0, and `floats`, which a chain may switch off). A
 * feature set is one frozen object of switches; the validator consults it, so a module that uses a
 * disabled feature is rejected when it is compiled (an InvalidError naming the feature and the
 * byte offset), never when it runs. The checks are one pass over what the module declares plus
 * one table lookup per instruction in the function validator: the work stays linear.
 *
 * Which instruction belongs to which feature comes from the instruction table
 * (scripts/isa/instructions.ts, generated into opcodes.ts `OPCODE_FEATURES` / `IS_FLOAT_OP`).
 */
import { InvalidError } from '../errors.js';
import type { Module } from '../decoder/module.js';
import { IS_DEFINED, IS_FLOAT_OP, OPCODE_FEATURES, OPCODE_SPACE } from '../decoder/opcodes.js';
import {
  ANYREF, EXNREF, EXTERN_GLOBAL, EXTERN_TAG, EXTERNREF, F32, F64, FUNCREF, HEAP_NOEXN, HEAP_NOEXTERN, HEAP_NOFUNC, heapTypeOf, isGcHeapType,
  isRefType, KIND_FUNC, refFamily, V128, valTypeName,
} from '../types.js';
import type { ValType } from '../types.js';

/** A switch for each feature (true: modules may use it). */
export interface Features {
  /** Import and export of mutable globals. */
  readonly 'mutable-globals': boolean;
  /** `i32.extend8_s` and the other sign-extension instructions. */
  readonly 'sign-extension': boolean;
  /** `i32.trunc_sat_f32_s` and the other non-trapping float-to-int conversions. */
  readonly 'saturating-float-to-int': boolean;
  /** Functions with more than one result; blocks with parameters or more than one result. */
  readonly 'multi-value': boolean;
  /** memory.copy / fill / init, data.drop, table.copy / init, elem.drop, passive segments, the data count section. */
  readonly 'bulk-memory': boolean;
  /** funcref / externref values, several tables, table.get / set / size / grow / fill, ref.*, typed select. */
  readonly 'reference-types': boolean;
  /** The v128 type and the SIMD instructions. */
  readonly simd: boolean;
  /** The relaxed SIMD instructions (results of the deterministic profile). */
  readonly 'relaxed-simd': boolean;
  /** The f32 and f64 types and every instruction on them (off: integer-only code). */
  readonly floats: boolean;
  /** `return_call` and `return_call_indirect` (3.0): calls that replace the caller's frame. */
  readonly 'tail-call': boolean;
  /** `i32/i64.add`, `sub` and `mul` in constant expressions (3.0). */
  readonly 'extended-const': boolean;
  /** More than one memory; a memory index on memory instructions, data segments and exports (3.0). */
  readonly 'multi-memory': boolean;
  /** Memories (and tables) with the i64 address type (3.0 memory64 / table64). */
  readonly memory64: boolean;
  /** Exception handling (3.0): tags, `throw`, `throw_ref`, `try_table` and the `exnref` type. */
  readonly exceptions: boolean;
  /**
   * The legacy exception instructions `try` / `catch` / `catch_all` / `delegate` / `rethrow`
   * (the pre-3.0 design that Emscripten still emits; not part of the 3.0 standard).
   */
  readonly 'legacy-exceptions': boolean;
  /**
   * Typed function references (3.0): `(ref null? ht)` value types, non-nullable locals, call_ref,
   * return_call_ref (with tail-call), ref.as_non_null, br_on_null, br_on_non_null, tables with an
   * initializer.
   */
  readonly 'function-references': boolean;
  /**
   * Garbage collection (3.0): struct and array types, recursion groups and declared subtypes,
   * the any / eq / i31 / struct / array / none heap types, casts, i31, the struct and array
   * instructions, any.convert_extern / extern.convert_any. Needs function-references.
   */
  readonly gc: boolean;
}

/** A feature's name: a key of {@link Features}. */
export type FeatureName = keyof Features;

/** The feature names, in a fixed order (CLI specs, error messages, cache keys). */
export const FEATURE_NAMES: readonly FeatureName[] = Object.freeze([
  'mutable-globals', 'sign-extension', 'saturating-float-to-int', 'multi-value', 'bulk-memory',
  'reference-types', 'simd', 'relaxed-simd', 'floats', 'tail-call', 'extended-const', 'multi-memory', 'memory64',
  'exceptions', 'legacy-exceptions', 'function-references', 'gc',
] as const);

function preset(on: readonly FeatureName[]): Features {
  const f: Record<string, boolean> = {};
  for (const name of FEATURE_NAMES) f[name] = on.includes(name);
  return Object.freeze(f) as unknown as Features;
}

/** WebAssembly 1.0 (the MVP): floats and nothing else. */
export const WASM_1_0: Features = preset(['floats']);

/** WebAssembly 2.0: the MVP and every proposal merged into 2.0 (SIMD included). */
export const WASM_2_0: Features = preset([
  'mutable-globals', 'sign-extension', 'saturating-float-to-int', 'multi-value', 'bulk-memory',
  'reference-types', 'simd', 'floats',
]);

/**
 * WebAssembly 3.0 (with its deterministic profile: relaxed SIMD gives the fixed results): 2.0 and
 * tail calls, extended constant expressions, multiple memories, memory64 / table64, exception
 * handling, typed function references and GC. The legacy exception instructions are not 3.0.
 */
export const WASM_3_0: Features = Object.freeze({
  ...WASM_2_0, 'relaxed-simd': true, 'tail-call': true, 'extended-const': true, 'multi-memory': true, memory64: true,
  exceptions: true, 'legacy-exceptions': false, 'function-references': true, gc: true,
});

/**
 * What compile / validate / createVM accept when no features are given: WebAssembly 3.0 and the
 * legacy exception instructions (which Emscripten still emits).
 */
export const DEFAULT_FEATURES: Features = Object.freeze({ ...WASM_3_0, 'legacy-exceptions': true });

/** Every feature (the translator's validator: the module was validated already). */
export const ALL_FEATURES: Features = preset(FEATURE_NAMES);

const refusedOf = new WeakMap<Features, Uint8Array | null>();

/**
 * Per dense opcode, 1 where `f` refuses the instruction (its feature or, for a float
 * instruction, `floats` is disabled); null when every feature is enabled. Computed once per
 * feature set object.
 */
export function refusedOpcodes(f: Features): Uint8Array | null {
  const known = refusedOf.get(f);
  if (known !== undefined) return known;
  let table: Uint8Array | null = null;
  if (FEATURE_NAMES.some((n) => !f[n])) {
    table = new Uint8Array(OPCODE_SPACE);
    for (let op = 0; op < OPCODE_SPACE; op++) {
      if (IS_DEFINED[op] === 0) continue;
      const needed = OPCODE_FEATURES[op] as FeatureName | '';
      if ((needed !== '' && !f[needed]) || (IS_FLOAT_OP[op] === 1 && !f.floats)) table[op] = 1;
    }
  }
  refusedOf.set(f, table);
  return table;
}

/** Presets by their spec name (parseFeatures, the CLI's `--features`, the spec runner's). */
const PRESETS: Readonly<Record<string, Features>> = { wasm1: WASM_1_0, wasm2: WASM_2_0, wasm3: WASM_3_0, default: DEFAULT_FEATURES };

/** The preset names parseFeatures accepts, in a fixed order. */
export const FEATURE_PRESET_NAMES: readonly string[] = Object.freeze(Object.keys(PRESETS));

/** What a feature spec may say (the tail of parseFeatures' messages). */
function specHelp(): string {
  return `presets: ${FEATURE_PRESET_NAMES.join(', ')}; then ,+name / ,-name with a feature name: ${FEATURE_NAMES.join(', ')}`;
}

/**
 * A frozen feature set: `base` (default DEFAULT_FEATURES) with the switches of `overrides`.
 * Throws TypeError for an unknown feature name or a switch that is not a boolean.
 */
export function resolveFeatures(overrides?: Partial<Features>, base: Features = DEFAULT_FEATURES): Features {
  if (overrides === undefined) return base;
  if (overrides === null || typeof overrides !== 'object') throw new TypeError('features must be an object of boolean switches');
  if (isFeatures(overrides)) return overrides;
  const out: Record<string, boolean> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(FEATURE_NAMES as readonly string[]).includes(key)) throw new TypeError(`unknown feature '${key}' (features: ${FEATURE_NAMES.join(', ')})`);
    if (typeof value !== 'boolean') throw new TypeError(`feature '${key}' must be true or false`);
    out[key] = value;
  }
  return Object.freeze(out) as unknown as Features;
}

/** A frozen object with exactly the feature keys: taken as it is. */
function isFeatures(v: object): v is Features {
  if (!Object.isFrozen(v)) return false;
  const keys = Object.keys(v);
  return keys.length === FEATURE_NAMES.length && FEATURE_NAMES.every((n) => typeof (v as Record<string, unknown>)[n] === 'boolean');
}

/**
 * A feature set from a spec such as `wasm2,-floats,+relaxed-simd`: a preset (`wasm1`, `wasm2`,
 * `default`) followed by `,+name` / `,-name` items, applied in order. Throws TypeError naming
 * what it does not understand and listing the valid presets and feature names (one line: the
 * CLI prints it as it is).
 */
export function parseFeatures(spec: string): Features {
  const items = spec.split(',').map((s) => s.trim());
  const first = items[0] ?? '';
  const base = PRESETS[first];
  if (base === undefined || !Object.hasOwn(PRESETS, first)) throw new TypeError(`features must start with a preset, got '${first}' (${specHelp()})`);
  const out: Record<string, boolean> = { ...base };
  for (const item of items.slice(1)) {
    const sign = item[0];
    const name = item.slice(1);
    if ((sign !== '+' && sign !== '-') || !(FEATURE_NAMES as readonly string[]).includes(name)) {
      throw new TypeError(`bad features item '${item}' (${specHelp()})`);
    }
    out[name] = sign === '+';
  }
  return Object.freeze(out) as unknown as Features;
}

/** A short stable text of a feature set: the enabled names, in FEATURE_NAMES order (cache keys). */
export function featuresKey(f: Features): string {
  return FEATURE_NAMES.filter((n) => f[n]).join(',');
}

/** The InvalidError of a disabled feature. */
export function featureError(what: string, feature: FeatureName, offset: number, funcIdx = -1): InvalidError {
  return new InvalidError(`${what} requires feature '${feature}'`, offset, funcIdx);
}

/** The feature a value type needs where a value can be ('' for i32 / i64). */
export function valTypeFeature(t: ValType): FeatureName | '' {
  if (t === F32 || t === F64) return 'floats';
  if (t === V128) return 'simd';
  if (t === FUNCREF || t === EXTERNREF) return 'reference-types';
  if (t === EXNREF) return 'exceptions';
  if (isRefType(t)) return refFamily(t) === ANYREF || isGcHeapType(heapTypeOf(t)) || isBottomShorthand(t) ? 'gc' : 'function-references';
  return '';
}

/** Throws unless value type `t` is enabled (a typed reference also needs its family's feature). */
export function checkValType(f: Features, t: ValType, offset: number, funcIdx = -1): void {
  const needed = valTypeFeature(t);
  if (needed !== '' && !f[needed]) throw featureError(`type ${valTypeName(t)}`, needed, offset, funcIdx);
  if (needed === 'function-references') checkValType(f, refFamily(t) === EXNREF ? EXNREF : refFamily(t) === EXTERNREF ? EXTERNREF : FUNCREF, offset, funcIdx);
  if (needed === 'gc' && !f['function-references']) throw featureError(`type ${valTypeName(t)}`, 'function-references', offset, funcIdx);
}

/** nullfuncref / nullexternref / nullexnref: shorthands GC brought. */
function isBottomShorthand(t: ValType): boolean {
  return t === HEAP_NOFUNC || t === HEAP_NOEXTERN || t === HEAP_NOEXN;
}

/**
 * The checks of what a module declares (its bodies are checked by the function validator, one
 * instruction at a time): types, imports, tables, globals, exports, segments, data count.
 */
export function checkModuleFeatures(module: Module, f: Features): void {
  if (module.tags.length > 0 && !f.exceptions) throw featureError('a tag', 'exceptions', module.tagOffsets[0] ?? 0);
  module.types.forEach((t, i) => {
    const at = module.typeOffsets[i] ?? 0;
    // (A recursion group of several types has a member after its first: recGroupStarts[i] !== i.)
    if (!f.gc && (t.kind !== KIND_FUNC || module.typeSupers[i] !== -1 || !t.isFinal || module.recGroupStarts[i] !== i)) {
      throw featureError(t.kind === KIND_FUNC ? 'a subtype or recursion group' : 'a struct or array type', 'gc', at);
    }
    for (const fld of t.fields) if (fld.type !== 0x78 && fld.type !== 0x77) checkValType(f, fld.type, at);
    for (const v of t.params) checkValType(f, v, at);
    for (const v of t.results) checkValType(f, v, at);
    if (t.results.length > 1 && !f['multi-value']) throw featureError('a function type with several results', 'multi-value', at);
  });
  for (const imp of module.imports) {
    const d = imp.desc;
    if (d.kind === 1) checkValType(f, d.type.elemType, imp.offset);
    if (d.kind === 1 && d.type.elemType === EXTERNREF && !f['reference-types']) throw featureError('a table of externref', 'reference-types', imp.offset);
    if (d.kind === 3) {
      checkValType(f, d.type.valType, imp.offset);
      if (d.type.isMutable && !f['mutable-globals']) throw featureError('an imported mutable global', 'mutable-globals', imp.offset);
    }
  }
  if (module.tables.length > 1 && !f['reference-types']) throw featureError('more than one table', 'reference-types', 0);
  for (let t = module.importedTableCount; t < module.tables.length; t++) {
    if (module.tables[t]!.elemType === EXTERNREF && !f['reference-types']) throw featureError('a table of externref', 'reference-types', 0);
  }
  for (let g = module.importedGlobalCount; g < module.globals.length; g++) {
    checkValType(f, module.globals[g]!.valType, module.globalInits[g - module.importedGlobalCount]?.offset ?? 0);
  }
  for (const e of module.exports) {
    if (e.kind === EXTERN_TAG && !f.exceptions) throw featureError('a tag export', 'exceptions', e.offset);
    if (e.kind === EXTERN_GLOBAL && module.globals[e.index]?.isMutable === true && !f['mutable-globals']) {
      throw featureError('an exported mutable global', 'mutable-globals', e.offset);
    }
  }
  for (const seg of module.elements) {
    // Encodings 1-7 (passive, declarative, explicit table, expressions) came with bulk memory;
    // declarative segments, externref elements and tables other than 0 with reference types.
    if (seg.flags !== 0 && !f['bulk-memory']) throw featureError(`element segment encoding ${seg.flags}`, 'bulk-memory', seg.offset);
    if ((seg.flags === 3 || seg.flags === 7 || seg.elemType === EXTERNREF || seg.tableIdx !== 0) && !f['reference-types']) {
      throw featureError(`element segment encoding ${seg.flags}`, 'reference-types', seg.offset);
    }
  }
  for (const seg of module.datas) {
    if (seg.flags !== 0 && !f['bulk-memory']) throw featureError(`data segment encoding ${seg.flags}`, 'bulk-memory', seg.offset);
  }
  if (module.dataCount >= 0 && !f['bulk-memory']) throw featureError('the data count section', 'bulk-memory', module.dataCountOffset);
  for (let i = 0; i < module.codes.length; i++) {
    const body = module.codes[i]!;
    for (const t of body.localTypes) checkValType(f, t, body.offset, module.importedFuncCount + i);
  }
}
