/**
 * Feature profiles (validator/features.ts): a module that uses a disabled feature is rejected by
 * compile / validate / createVM with an InvalidError naming the feature and the byte offset of
 * what needs it; with the feature enabled the same module compiles. One table row per feature and
 * per way a module can use it; presets, the spec string parser and its errors; and a property over
 * the core spec suite: with features off, every valid module either still validates or is refused
 * with a feature error, never another error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compile, createVM, DEFAULT_FEATURES, FEATURE_NAMES, InvalidError, MalformedError, parseFeatures, resolveFeatures, validate, WASM_1_0, WASM_2_0, WASM_3_0,
} from '../../src/index.js';
import type { FeatureName, Features } from '../../src/index.js';
import { hasSpecSuite, SPEC_CORE_DIR } from '../spec/paths.js';
import { wat, WASM2_FEATURES } from '../helpers/wat.js';
import { buildModule, HEAP, op, T } from '../helpers/module-builder.js';
import type { ModuleDef } from '../helpers/module-builder.js';

const ALL_WABT = { ...WASM2_FEATURES, relaxed_simd: true, tail_call: true, extended_const: true, multi_memory: true, memory64: true, exceptions: true };

/**
 * The InvalidError compile throws, or null when it compiles. (The 3.0 encodings that 2.0 cannot
 * read, a memarg's memory index or i64 limits, are MalformedErrors naming the feature instead.)
 */
function rejection(bytes: Uint8Array, features: Partial<Features>): InvalidError | MalformedError | null {
  try {
    compile(bytes, { features });
    return null;
  } catch (e) {
    if (e instanceof InvalidError || e instanceof MalformedError) return e;
    throw e;
  }
}

const off = (name: FeatureName): Features => resolveFeatures({ [name]: false });

interface Row {
  readonly feature: FeatureName;
  readonly what: string;
  readonly fields: string;
  /** The message's start (the thing that needs the feature). */
  readonly needs: string;
}

const ROWS: readonly Row[] = [
  { feature: 'mutable-globals', what: 'an imported mutable global', fields: '(import "m" "g" (global (mut i32)))', needs: 'an imported mutable global' },
  { feature: 'mutable-globals', what: 'an exported mutable global', fields: '(global (export "g") (mut i32) (i32.const 0))', needs: 'an exported mutable global' },
  { feature: 'sign-extension', what: 'i32.extend8_s', fields: '(func (param i32) (result i32) (i32.extend8_s (local.get 0)))', needs: 'instruction i32.extend8_s' },
  { feature: 'sign-extension', what: 'i64.extend32_s', fields: '(func (param i64) (result i64) (i64.extend32_s (local.get 0)))', needs: 'instruction i64.extend32_s' },
  { feature: 'saturating-float-to-int', what: 'i32.trunc_sat_f32_s', fields: '(func (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))', needs: 'instruction i32.trunc_sat_f32_s' },
  { feature: 'multi-value', what: 'a function with two results', fields: '(func (result i32 i32) (i32.const 1) (i32.const 2))', needs: 'a function type with several results' },
  { feature: 'multi-value', what: 'a block with a parameter', fields: '(func (result i32) (i32.const 1) (block (param i32) (result i32)))', needs: 'a block type index' },
  { feature: 'bulk-memory', what: 'memory.fill', fields: '(memory 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))', needs: 'instruction memory.fill' },
  { feature: 'bulk-memory', what: 'a passive data segment', fields: '(memory 1) (data "x")', needs: 'data segment encoding 1' },
  { feature: 'bulk-memory', what: 'a passive element segment', fields: '(table 1 funcref) (func $f) (elem func $f)', needs: 'element segment encoding 1' },
  { feature: 'bulk-memory', what: 'the data count section', fields: '(memory 1) (data "x") (func (data.drop 0))', needs: '' },
  { feature: 'reference-types', what: 'an externref parameter', fields: '(func (param externref))', needs: 'type externref' },
  { feature: 'reference-types', what: 'table.get', fields: '(table 1 funcref) (func (drop (table.get 0 (i32.const 0))))', needs: 'instruction table.get' },
  { feature: 'reference-types', what: 'two tables', fields: '(table 1 funcref) (table 1 funcref)', needs: 'more than one table' },
  { feature: 'reference-types', what: 'ref.null in a body', fields: '(func (result i32) (ref.is_null (ref.null func)))', needs: 'instruction ref.null' },
  { feature: 'reference-types', what: 'a typed select', fields: '(func (result i32) (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))', needs: 'instruction select_t' },
  { feature: 'reference-types', what: 'call_indirect through table 1', fields: '(type $t (func)) (table 1 funcref) (table 1 funcref) (func (call_indirect 1 (type $t) (i32.const 0)))', needs: '' },
  { feature: 'simd', what: 'a v128 local', fields: '(func (local v128))', needs: 'type v128' },
  { feature: 'simd', what: 'i32x4.add', fields: '(func (param i32) (result i32) (i32x4.extract_lane 0 (i32x4.splat (local.get 0))))', needs: 'instruction i32x4.splat' },
  { feature: 'simd', what: 'a v128 global', fields: '(global v128 (v128.const i64x2 0 0))', needs: 'type v128' },
  { feature: 'relaxed-simd', what: 'f32x4.relaxed_madd', fields: '(func (param v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 0) (local.get 0)))', needs: 'instruction f32x4.relaxed_madd' },
  { feature: 'floats', what: 'an f32 parameter', fields: '(func (param f32))', needs: 'type f32' },
  { feature: 'floats', what: 'an f64 local', fields: '(func (local f64))', needs: 'type f64' },
  { feature: 'floats', what: 'an f64 global initialised by f64.const', fields: '(global f64 (f64.const 1.5))', needs: 'type f64' },
  { feature: 'floats', what: 'f32.const in a body', fields: '(func (result i32) (i32.reinterpret_f32 (f32.const 1)))', needs: 'instruction f32.const' },
  { feature: 'floats', what: 'f64.load', fields: '(memory 1) (func (result i64) (i64.reinterpret_f64 (f64.load (i32.const 0))))', needs: 'instruction f64.load' },
  // (unreachable code: the conversion is the first float instruction the validator meets)
  { feature: 'floats', what: 'i32.trunc_f32_s (a conversion)', fields: '(func (result i32) (unreachable) (i32.trunc_f32_s))', needs: 'instruction i32.trunc_f32_s' },
  { feature: 'floats', what: 'i32x4.trunc_sat_f32x4_s (float lanes to integers)', fields: '(func (result v128) (unreachable) (i32x4.trunc_sat_f32x4_s))', needs: 'instruction i32x4.trunc_sat_f32x4_s' },
  { feature: 'floats', what: 'f32x4.add (float lanes)', fields: '(func (param v128) (result v128) (f32x4.add (local.get 0) (local.get 0)))', needs: 'instruction f32x4.add' },
  { feature: 'floats', what: 'a block of f32', fields: '(func (drop (block (result f32) (unreachable))))', needs: 'type f32' },
  { feature: 'floats', what: 'an imported f32 global', fields: '(import "m" "g" (global f32))', needs: 'type f32' },
  { feature: 'tail-call', what: 'return_call', fields: '(func $f (return_call $f))', needs: 'instruction return_call' },
  { feature: 'tail-call', what: 'return_call_indirect', fields: '(type $t (func)) (table 1 funcref) (func (return_call_indirect (type $t) (i32.const 0)))', needs: 'instruction return_call_indirect' },
  { feature: 'extended-const', what: 'i32.add in a global initialiser', fields: '(global i32 (i32.add (i32.const 1) (i32.const 2)))', needs: 'instruction i32.add in a constant expression' },
  { feature: 'extended-const', what: 'i64.mul in an i64 global', fields: '(global i64 (i64.mul (i64.const 1) (i64.const 2)))', needs: 'instruction i64.mul in a constant expression' },
  { feature: 'extended-const', what: 'i32.mul in a data offset', fields: '(memory 1) (data (i32.mul (i32.const 1) (i32.const 2)) "")', needs: 'instruction i32.mul in a constant expression' },
  { feature: 'multi-memory', what: 'two memories', fields: '(memory 1) (memory 1)', needs: 'multiple memories' },
  { feature: 'multi-memory', what: 'a load from memory 1 (malformed without the feature)', fields: '(memory 1) (memory $m 1) (func (drop (i32.load $m (i32.const 0))))', needs: '' },
  { feature: 'multi-memory', what: 'memory.size of memory 1 (malformed without the feature)', fields: '(memory 1) (memory $m 1) (func (drop (memory.size $m)))', needs: '' },
  { feature: 'memory64', what: 'a memory with i64 addresses (malformed without the feature)', fields: '(memory i64 1)', needs: 'malformed limits flags: limits flag 4' },
  { feature: 'memory64', what: 'a table with i64 indices (malformed without the feature)', fields: '(table i64 1 funcref)', needs: '' },
  { feature: 'exceptions', what: 'a tag', fields: '(tag $e (param i32))', needs: 'a tag' },
  { feature: 'exceptions', what: 'an imported tag', fields: '(import "m" "t" (tag))', needs: 'a tag' },
  { feature: 'exceptions', what: 'an exnref parameter', fields: '(func (param exnref))', needs: 'type exnref' },
  { feature: 'exceptions', what: 'try_table', fields: '(func (block $h (try_table (catch_all $h))))', needs: 'instruction try_table' },
  { feature: 'exceptions', what: 'ref.null exn', fields: '(func (result i32) (ref.is_null (ref.null exn)))', needs: 'type exnref' },
  { feature: 'legacy-exceptions', what: 'try / catch_all', fields: '(func (try (do) (catch_all)))', needs: 'instruction try' },
  { feature: 'legacy-exceptions', what: 'try / delegate', fields: '(func (block (try (do) (delegate 0))))', needs: 'instruction try' },
  { feature: 'extended-const', what: 'i32.sub in an element offset', fields: '(table 1 funcref) (func $f) (elem (i32.sub (i32.const 1) (i32.const 1)) $f)', needs: 'instruction i32.sub in a constant expression' },
];

/** Rows whose modules the wabt package cannot write (typed function references), built as bytes. */
const refExt = T.ref(HEAP.extern);
const BINARY_ROWS: readonly (Omit<Row, 'fields'> & { readonly module: ModuleDef })[] = [
  { feature: 'function-references', what: 'a (ref extern) parameter (malformed without the feature)', module: { types: [[[refExt], []]], funcs: [] }, needs: "malformed value type: a typed reference" },
  { feature: 'function-references', what: 'call_ref', module: { types: [[[], []]], funcs: [{ type: 0, code: [op.unreachable, op.callRef(0)] }] }, needs: 'instruction call_ref' },
  { feature: 'function-references', what: 'ref.as_non_null', module: { types: [[[T.externref], [T.externref]]], funcs: [{ type: 0, code: [op.localGet(0), op.refAsNonNull] }] }, needs: 'instruction ref.as_non_null' },
  { feature: 'function-references', what: 'br_on_null', module: { types: [[[T.externref], []]], funcs: [{ type: 0, code: [op.localGet(0), op.brOnNull(0), op.drop] }] }, needs: 'instruction br_on_null' },
  { feature: 'function-references', what: 'a table initializer (malformed without the feature)', module: { types: [[[], []]], funcs: [], tables: [[T.funcref, 1, -1, op.refNull(HEAP.func)]] }, needs: 'malformed reference type: a table initializer' },
  { feature: 'gc', what: 'an anyref parameter (malformed without the feature)', module: { types: [[[[0x6e]], []]], funcs: [] }, needs: 'malformed value type: a GC reference type' },
  { feature: 'gc', what: 'ref.i31', module: { types: [[[], []]], funcs: [{ type: 0, code: [op.i32(1), [0xfb, 0x1c], op.drop] }] }, needs: 'instruction ref.i31' },
];

describe('each feature switched off rejects what needs it, with the feature named', () => {
  it.each([
    ...ROWS.map((r) => ({ ...r, bytes: () => wat(r.fields, ALL_WABT) })),
    ...BINARY_ROWS.map((r) => ({ ...r, bytes: () => buildModule(r.module) })),
  ])("$feature: $what", ({ feature, bytes: build, needs }) => {
    const bytes = build();
    expect(rejection(bytes, DEFAULT_FEATURES), 'compiles with the default features').toBeNull();
    const e = rejection(bytes, off(feature));
    expect(e, 'rejected with the feature off').not.toBeNull();
    expect(e!.message).toMatch(new RegExp(`requires feature '${feature}'$`));
    if (needs !== '') expect(e!.message).toBe(`${needs} requires feature '${feature}'`);
    expect(e!.offset).toBeGreaterThanOrEqual(0);
    expect(e!.offset).toBeLessThan(bytes.length);
    // validate() says the same, and the other features being off changes nothing else
    expect(() => validate(bytes, { features: off(feature) })).toThrow(e!.message);
  });

  it('points at the instruction that needs the feature', () => {
    const bytes = wat('(func (param i32) (result i32) (i32.add (local.get 0) (i32.extend8_s (local.get 0))))');
    const e = rejection(bytes, off('sign-extension')) as InvalidError;
    expect(bytes[e.offset]).toBe(0xc0); // i32.extend8_s
    expect(e.funcIdx).toBe(0);
  });

  it('every feature has a row', () => {
    expect(new Set([...ROWS, ...BINARY_ROWS].map((r) => r.feature))).toEqual(new Set(FEATURE_NAMES));
  });
});

describe('presets and specs', () => {
  it('WASM_1_0 is floats only; WASM_2_0 everything but the 3.0 features; the default adds them', () => {
    expect(FEATURE_NAMES.filter((n) => WASM_1_0[n])).toEqual(['floats']);
    expect(FEATURE_NAMES.filter((n) => !WASM_2_0[n])).toEqual(['relaxed-simd', 'tail-call', 'extended-const', 'multi-memory', 'memory64', 'exceptions', 'legacy-exceptions', 'function-references', 'gc']);
    // WebAssembly 3.0 is everything but the legacy exception instructions; the default adds them.
    expect(FEATURE_NAMES.filter((n) => !WASM_3_0[n])).toEqual(['legacy-exceptions']);
    expect(FEATURE_NAMES.filter((n) => !DEFAULT_FEATURES[n])).toEqual([]);
    expect(parseFeatures('wasm3')).toEqual(WASM_3_0);
    for (const f of [WASM_1_0, WASM_2_0, WASM_3_0, DEFAULT_FEATURES]) expect(Object.isFrozen(f)).toBe(true);
  });

  it('an MVP module compiles under WASM_1_0; a 2.0 one does not', () => {
    const mvp = wat('(memory 1) (func (export "f") (param i32 f64) (result f64) (f64.add (f64.convert_i32_s (local.get 0)) (local.get 1)))');
    expect(rejection(mvp, WASM_1_0)).toBeNull();
    expect(rejection(wat('(func (param i32) (result i32) (i32.extend16_s (local.get 0)))'), WASM_1_0)?.message)
      .toBe("instruction i32.extend16_s requires feature 'sign-extension'");
  });

  it.each([
    ['wasm2', WASM_2_0],
    ['wasm1', WASM_1_0],
    ['default', DEFAULT_FEATURES],
    ['wasm2,-floats', { ...WASM_2_0, floats: false }],
    ['wasm1,+sign-extension,+multi-value', { ...WASM_1_0, 'sign-extension': true, 'multi-value': true }],
    ['default, -simd , +simd, -relaxed-simd', { ...DEFAULT_FEATURES, 'relaxed-simd': false }],
  ])('parseFeatures(%j)', (spec, want) => {
    const f = parseFeatures(spec);
    expect({ ...f }).toEqual({ ...want });
    expect(Object.isFrozen(f)).toBe(true);
  });

  it.each([
    ['', /start with a preset/],
    ['wasm4', /^features must start with a preset, got 'wasm4' \(presets: wasm1, wasm2, wasm3, default; then ,\+name \/ ,-name with a feature name: mutable-globals, .*, memory64, exceptions, legacy-exceptions, function-references, gc\)$/],
    ['toString', /got 'toString'/],
    ['wasm2,floats', /bad features item 'floats'/],
    ['wasm2,-float', /bad features item '-float'/],
    ['-floats', /start with a preset/],
  ])('parseFeatures(%j) is a TypeError', (spec, message) => {
    expect(() => parseFeatures(spec)).toThrow(TypeError);
    expect(() => parseFeatures(spec)).toThrow(message);
  });

  it.each([
    [{ fast: true }, /unknown feature 'fast'/],
    [{ floats: 0 }, /feature 'floats' must be true or false/],
    [null, /features must be an object/],
  ])('resolveFeatures(%j) is a TypeError', (overrides, message) => {
    expect(() => resolveFeatures(overrides as never)).toThrow(message);
    expect(() => compile(wat('(func)'), { features: overrides as never })).toThrow(message);
  });
});

describe('the contract VM', () => {
  const floaty = wat('(import "env" "output_write" (func (param i32 i32))) (memory 1) (func (export "m") (drop (f32.const 1)))');

  it('refuses code that needs a disabled feature: vm.validate throws, vm.call is invalidCode', () => {
    const vm = createVM({ features: parseFeatures('wasm2,-floats') });
    expect(() => vm.validate(floaty)).toThrow("instruction f32.const requires feature 'floats'");
    const r = vm.call({ contractId: 'c', code: floaty, method: 'm', gasLimit: 100_000 });
    expect(r.error?.kind).toBe('invalidCode');
    expect(r.error?.message).toMatch(/requires feature 'floats'/);
    expect(r.gasUsed).toBe(0);
  });

  it('compiles the same code under another VM\'s features (the cache keys on the feature set)', () => {
    const strict = createVM({ features: { floats: false } });
    const loose = createVM();
    expect(strict.call({ contractId: 'c', code: floaty, method: 'm', gasLimit: 100_000 }).error?.kind).toBe('invalidCode');
    expect(loose.call({ contractId: 'c', code: floaty, method: 'm', gasLimit: 100_000 }).error).toBeNull();
    expect(() => createVM({ features: { floaty: true } as never })).toThrow(/unknown feature 'floaty'/);
  });
});

describe('the core spec suite under fewer features', () => {
  const modules = hasSpecSuite()
    ? readdirSync(SPEC_CORE_DIR).filter((f) => f.endsWith('.wasm')).map((f) => readFileSync(join(SPEC_CORE_DIR, f)))
    : [];
  it.each([['wasm1'], ['wasm2,-floats'], ['wasm2,-simd,-relaxed-simd'], ['wasm2,-reference-types,-bulk-memory']])(
    'with %s every valid module validates or is refused for a feature, never for anything else',
    (spec) => {
      const features = parseFeatures(spec);
      let valid = 0;
      let refused = 0;
      for (const bytes of modules) {
        try {
          compile(bytes);
        } catch {
          continue; // invalid or malformed on purpose
        }
        valid++;
        const e = rejection(bytes, features);
        if (e === null) continue;
        expect(e.message).toMatch(/ requires feature '[a-z-]+'$/);
        refused++;
      }
      if (hasSpecSuite()) {
        expect(valid).toBeGreaterThan(1000);
        expect(refused).toBeGreaterThan(0);
        expect(refused).toBeLessThan(valid);
      }
    },
  );
});
