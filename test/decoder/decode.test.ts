/**
 * Tests of decodeModule (src/decoder/decode.ts; spec §5.5 "Modules"): the decoded model of WAT
 * fixtures (types, imports of every kind and the index spaces, exports, start, all 8 element
 * segment forms, the 3 data segment forms, data count, the `name` section, custom sections, local
 * runs, constant expressions), then one table row per MalformedError path (class, message, offset),
 * the decoding limits of src/decoder/limits.ts, and deep nesting without JS recursion.
 *
 * wabt picks its own encodings, so element/data forms and every malformed shape are written byte
 * by byte with test/helpers/binary.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/decoder/decode.js';
import type { BinaryFeatures } from '../../src/decoder/decode.js';
import { DEFAULT_DECODE_LIMITS, resolveDecodeLimits } from '../../src/decoder/limits.js';
import type { DecodeLimits } from '../../src/decoder/limits.js';
import { SEGMENT_ACTIVE, SEGMENT_DECLARATIVE, SEGMENT_PASSIVE } from '../../src/decoder/module.js';
import type { Module } from '../../src/decoder/module.js';
import { Reader } from '../../src/decoder/reader.js';
import { InvalidError, MalformedError } from '../../src/errors.js';
import { compile, WASM_2_0 } from '../../src/index.js';
import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128 } from '../../src/types.js';
import {
  body, codeSection, functionSection, HEADER, moduleOf, name, SEC, section, sleb, typeSection, u32, uleb, vec,
} from '../helpers/binary.js';
import { wat } from '../helpers/wat.js';

// ---------------------------------------------------------------- byte-building shorthands

const END = 0x0b;
const NOP = 0x01;
const BLOCK = 0x02;
const I32_CONST = 0x41;
const EMPTY = 0x40;
/** `i32.const v` + `end`: a constant expression. */
const i32Expr = (v: number): number[] => [I32_CONST, ...sleb(v), END];
const refFuncExpr = (f: number): number[] => [0xd2, ...u32(f), END];
const refNullExpr = (t: number): number[] => [0xd0, t, END];

/** Type section with the single type `[] -> []`. */
const VOID_TYPE = typeSection([[[], []]]);

/** A module with one `[] -> []` function whose instructions are `code` (final `end` included). */
function oneFunc(code: readonly number[], locals: readonly (readonly [number, number])[] = []): Uint8Array {
  return moduleOf(VOID_TYPE, functionSection([0]), codeSection([body(locals, code)]));
}

/** Offset of the only occurrence of `pattern` in `bytes` (the `nth` one when given). */
function find(bytes: Uint8Array, pattern: readonly number[], nth = 0): number {
  let seen = 0;
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
    if (seen++ === nth) return i;
  }
  throw new Error(`pattern ${pattern.join(',')} not found`);
}

/**
 * The MalformedError thrown by decoding `bytes` with the binary format of 2.0 (the cases below
 * are 2.0's; what 3.0's multi-memory and memory64 change is tested after them).
 */
function malformedOf(bytes: Uint8Array, limits?: DecodeLimits, features: BinaryFeatures = WASM_2_0): MalformedError {
  try {
    decodeModule(bytes, limits, features);
  } catch (e) {
    if (e instanceof MalformedError) return e;
    throw e;
  }
  throw new Error('module decoded');
}

// ---------------------------------------------------------------- the decoded model

describe('decodeModule: decoded model', () => {
  it('header only: an empty module', () => {
    const m = decodeModule(moduleOf());
    expect(m.types).toEqual([]);
    expect(m.imports).toEqual([]);
    expect(m.funcTypeIdxs).toEqual([]);
    expect(m.codes).toEqual([]);
    expect(m.start).toBe(-1);
    expect(m.dataCount).toBe(-1);
    expect(m.customSections).toEqual([]);
    expect(m.names.moduleName).toBeNull();
    expect(m.names.funcNames.size).toBe(0);
  });

  it('types', () => {
    const m = decodeModule(wat(`
      (type (func))
      (type (func (param i32 i64) (result f32 f64)))
      (type (func (param v128 funcref externref) (result i32 i32 i32)))`));
    expect(m.types).toMatchObject([
      { params: [], results: [] },
      { params: [I32, I64], results: [F32, F64] },
      { params: [V128, FUNCREF, EXTERNREF], results: [I32, I32, I32] },
    ]);
    // Plain function types: final, no supertype, each its own recursion group.
    expect(m.types.map((t) => [t.kind, t.isFinal, t.superId, t.fields.length])).toEqual([[0, true, -1, 0], [0, true, -1, 0], [0, true, -1, 0]]);
    expect(m.typeSupers).toEqual([-1, -1, -1]);
    expect(m.recGroupStarts).toEqual([0, 1, 2]);
  });

  it('imports of every kind come first in their index spaces', () => {
    const bytes = wat(`
      (type $t (func (param i32)))
      (type $u (func (result i64)))
      (import "m" "f" (func (type $t)))
      (import "m" "t" (table 1 10 funcref))
      (import "m" "mem" (memory 1 2))
      (import "m" "g" (global (mut i64)))
      (import "" "\\e2\\82\\ac" (global f32))
      (import "m" "f2" (func (type $u)))
      (func (type $u) (i64.const 0))
      (table 3 externref)
      (global f64 (f64.const 1))`);
    const m = decodeModule(bytes);
    expect(m.imports.map((i) => [i.module, i.name, i.desc])).toEqual([
      ['m', 'f', { kind: 0, typeIdx: 0 }],
      ['m', 't', { kind: 1, type: { elemType: FUNCREF, limits: { min: 1, max: 10 } } }],
      ['m', 'mem', { kind: 2, type: { limits: { min: 1, max: 2 } } }],
      ['m', 'g', { kind: 3, type: { valType: I64, isMutable: true } }],
      ['', '\u20ac', { kind: 3, type: { valType: F32, isMutable: false } }],
      ['m', 'f2', { kind: 0, typeIdx: 1 }],
    ]);
    expect(m.imports[0]!.offset).toBe(find(bytes, [0x01, 0x6d, 0x01, 0x66]));
    expect([m.importedFuncCount, m.importedTableCount, m.importedMemoryCount, m.importedGlobalCount]).toEqual([2, 1, 1, 2]);
    expect(m.funcTypeIdxs).toEqual([0, 1, 1]);
    expect(m.tables).toEqual([
      { elemType: FUNCREF, limits: { min: 1, max: 10 } },
      { elemType: EXTERNREF, limits: { min: 3, max: null } },
    ]);
    expect(m.memories).toEqual([{ limits: { min: 1, max: 2 } }]);
    expect(m.globals).toEqual([
      { valType: I64, isMutable: true },
      { valType: F32, isMutable: false },
      { valType: F64, isMutable: false },
    ]);
    // Initializers exist for defined globals only (index = globalIdx - importedGlobalCount).
    expect(m.globalInits).toHaveLength(1);
    expect(m.globalInits[0]!.instrs).toMatchObject([{ op: 0x44, a: 0, b: 0x3ff00000 }]);
    expect(m.codes).toHaveLength(1);
  });

  it('exports and start', () => {
    const bytes = wat(`
      (import "m" "f" (func))
      (func $s)
      (table 1 funcref)
      (memory 0)
      (global (mut i32) (i32.const 0))
      (export "f" (func 0))
      (export "s" (func $s))
      (export "t" (table 0))
      (export "m" (memory 0))
      (export "g" (global 0))
      (start $s)`);
    const m = decodeModule(bytes);
    expect(m.exports.map((e) => [e.name, e.kind, e.index])).toEqual([
      ['f', 0, 0], ['s', 0, 1], ['t', 1, 0], ['m', 2, 0], ['g', 3, 0],
    ]);
    expect(m.exports[1]!.offset).toBe(find(bytes, [...name('s'), 0x00, 0x01]));
    expect(m.start).toBe(1);
    expect(m.startOffset).toBe(find(bytes, [SEC.start, 0x01, 0x01]) + 2);
  });

  it('all 8 element segment forms', () => {
    const forms = [
      [0x00, ...i32Expr(1), ...vec([[0], [1]])],
      [0x01, 0x00, ...vec([[1]])],
      [0x02, 0x00, ...i32Expr(2), 0x00, ...vec([[0]])],
      [0x03, 0x00, ...vec([[0], [1]])],
      [0x04, ...i32Expr(3), ...vec([refFuncExpr(1), refNullExpr(FUNCREF)])],
      [0x05, EXTERNREF, ...vec([refNullExpr(EXTERNREF)])],
      [0x06, 0x01, ...i32Expr(4), FUNCREF, ...vec([refFuncExpr(0)])],
      [0x07, FUNCREF, ...vec([refFuncExpr(1)])],
    ];
    const bytes = moduleOf(
      VOID_TYPE,
      functionSection([0, 0]),
      section(SEC.table, vec([[FUNCREF, 0x00, 10], [FUNCREF, 0x00, 10]])),
      section(SEC.element, vec(forms)),
      codeSection([body([], [END]), body([], [END])]),
    );
    const m = decodeModule(bytes);
    const segs = m.elements;
    // Function-index forms are (ref func) in 3.0 (a subtype of funcref); expression forms say their type.
    const REF_FUNC = 0x100 + FUNCREF;
    expect(segs.map((s) => [s.mode, s.tableIdx, s.elemType, s.count])).toEqual([
      [SEGMENT_ACTIVE, 0, REF_FUNC, 2],
      [SEGMENT_PASSIVE, 0, REF_FUNC, 1],
      [SEGMENT_ACTIVE, 0, REF_FUNC, 1],
      [SEGMENT_DECLARATIVE, 0, REF_FUNC, 2],
      [SEGMENT_ACTIVE, 0, FUNCREF, 2],
      [SEGMENT_PASSIVE, 0, EXTERNREF, 1],
      [SEGMENT_ACTIVE, 1, FUNCREF, 1],
      [SEGMENT_DECLARATIVE, 0, FUNCREF, 1],
    ]);
    expect(segs.map((s) => s.funcIdxs)).toEqual([[0, 1], [1], [0], [0, 1], null, null, null, null]);
    expect(segs.map((s) => s.exprs?.map((e) => e.instrs.map((i) => [i.op, i.a])) ?? null)).toEqual([
      null, null, null, null,
      [[[0xd2, 1]], [[0xd0, FUNCREF]]],
      [[[0xd0, EXTERNREF]]],
      [[[0xd2, 0]]],
      [[[0xd2, 1]]],
    ]);
    expect(segs.map((s) => s.offsetExpr?.instrs.map((i) => [i.op, i.a]) ?? null)).toEqual([
      [[I32_CONST, 1]], null, [[I32_CONST, 2]], null, [[I32_CONST, 3]], null, [[I32_CONST, 4]], null,
    ]);
    // Segment offsets point at the flags byte.
    expect(segs.map((s) => s.offset)).toEqual(forms.map((f) => find(bytes, f)));
    // The same module validates (the forms are well-typed).
    expect(() => compile(bytes)).not.toThrow();
  });

  it('all 3 data segment forms and the data count section', () => {
    const segs = [
      [0x00, ...i32Expr(0), ...name('ab')],
      [0x01, ...name('c')],
      [0x02, 0x00, ...i32Expr(8), ...name('def')],
    ];
    const bytes = moduleOf(
      section(SEC.memory, vec([[0x00, 0x01]])),
      section(SEC.dataCount, u32(3)),
      section(SEC.data, vec(segs)),
    );
    const m = decodeModule(bytes);
    expect(m.dataCount).toBe(3);
    expect(m.datas.map((d) => [d.mode, d.memIdx, d.offsetExpr?.instrs.map((i) => [i.op, i.a]) ?? null])).toEqual([
      [SEGMENT_ACTIVE, 0, [[I32_CONST, 0]]],
      [SEGMENT_PASSIVE, 0, null],
      [SEGMENT_ACTIVE, 0, [[I32_CONST, 8]]],
    ]);
    const text = m.datas.map((d) => new TextDecoder().decode(bytes.subarray(d.dataStart, d.dataEnd)));
    expect(text).toEqual(['ab', 'c', 'def']);
    expect(m.datas.map((d) => d.offset)).toEqual(segs.map((s) => find(bytes, s)));
    expect(() => compile(bytes)).not.toThrow();
  });

  it('name section: module and function names (imports first)', () => {
    const bytes = wat('(module $mod (import "m" "f" (func $imp)) (func $first) (func $second (local $x i32)))',
      undefined, { debugNames: true });
    const m = decodeModule(bytes);
    expect(m.names.moduleName).toBe('mod');
    expect([...m.names.funcNames]).toEqual([[0, 'imp'], [1, 'first'], [2, 'second']]);
    expect(m.customSections.map((c) => c.name)).toEqual(['name']);
  });

  it('a malformed name section is ignored (custom sections never make a module malformed)', () => {
    const bad = [0x01, 0x05, 0x01, 0x00, 0x02, 0xc0, 0x80]; // function names with an overlong UTF-8 name
    const m = decodeModule(moduleOf(section(SEC.custom, [...name('name'), ...bad])));
    expect(m.names.funcNames.size).toBe(0);
    expect(m.customSections).toHaveLength(1);
  });

  it('custom sections anywhere, with their content ranges', () => {
    const c1 = section(SEC.custom, [...name('first'), 1, 2, 3]);
    const c2 = section(SEC.custom, [...name(''), 9]);
    const c3 = section(SEC.custom, name('\u{1f600}'));
    const bytes = moduleOf(c1, VOID_TYPE, c2, functionSection([0]), codeSection([body([], [END])]), c3);
    const m = decodeModule(bytes);
    expect(m.customSections.map((c) => [c.name, [...bytes.subarray(c.start, c.end)]])).toEqual([
      ['first', [1, 2, 3]], ['', [9]], ['\u{1f600}', []],
    ]);
    expect(m.codes).toHaveLength(1);
  });

  it('local runs are kept as declared, with the body ranges', () => {
    const bytes = wat('(func (param i64) (local i32 i32 i64) (local f32) (local i32) (nop)) (func)');
    const m = decodeModule(bytes);
    const [f0, f1] = m.codes as [Module['codes'][0], Module['codes'][0]];
    expect([f0.localCounts, f0.localTypes, f0.localCount]).toEqual([[2, 1, 1, 1], [I32, I64, F32, I32], 5]);
    expect([f1.localCounts, f1.localTypes, f1.localCount]).toEqual([[], [], 0]);
    expect([...bytes.subarray(f0.codeStart, f0.codeEnd)]).toEqual([NOP, END]);
    expect([...bytes.subarray(f1.codeStart, f1.codeEnd)]).toEqual([END]);
    expect(bytes[f0.offset]).toBe(f0.codeEnd - f0.offset - 1); // size field: 1 byte, then the body
  });

  it('a local run of count 0 is kept (it declares nothing)', () => {
    const m = decodeModule(oneFunc([END], [[0, I32], [2, F64]]));
    expect([m.codes[0]!.localCounts, m.codes[0]!.localTypes, m.codes[0]!.localCount]).toEqual([[0, 2], [I32, F64], 2]);
  });

  it('constant expressions keep i64 and f32 immediates as bits', () => {
    const m = decodeModule(wat('(global i64 (i64.const -2)) (global f32 (f32.const -nan:0x1)) (global v128 (v128.const i64x2 1 2))'));
    expect(m.globalInits.map((g) => g.instrs.map((i) => [i.op, i.a]))).toEqual([
      [[0x42, -2]], [[0x43, 0xff800001 | 0]], [[0x20c, expect.any(Number)]],
    ]);
    expect(m.globalInits[0]!.instrs[0]!.b).toBe(-1);
  });

  it('accepts non-minimal LEB128 everywhere an integer is read', () => {
    // Section sizes, counts, type indices, limits, local counts and immediates, padded to 5 bytes.
    const p = (v: number): number[] => uleb(v, 5);
    const typeContent = [...p(1), 0x60, ...p(1), I32, ...p(0)];
    const funcContent = [...p(1), ...p(0)];
    const memContent = [...p(1), 0x01, ...p(1), ...p(2)];
    const code = [0x20, ...p(0), 0x1a, I32_CONST, ...sleb(-1, 5), 0x1a, END];
    const bodyContent = [...p(1), ...p(3), I64, ...code];
    const codeContent = [...p(1), ...p(bodyContent.length), ...bodyContent];
    const bytes = moduleOf(
      [SEC.type, ...p(typeContent.length), ...typeContent],
      [SEC.function, ...p(funcContent.length), ...funcContent],
      [SEC.memory, ...p(memContent.length), ...memContent],
      [SEC.code, ...p(codeContent.length), ...codeContent],
    );
    const m = decodeModule(bytes);
    expect(m.types).toMatchObject([{ params: [I32], results: [] }]);
    expect(m.memories).toEqual([{ limits: { min: 1, max: 2 } }]);
    expect(m.codes[0]!.localCount).toBe(3);
    expect(() => compile(bytes)).not.toThrow();
  });
});

// ---------------------------------------------------------------- malformed modules

interface MalformedCase {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly message: string;
  readonly offset: number;
  readonly limits?: Partial<DecodeLimits>;
}

/** A one-function module whose error is at instruction byte `k` of `code`. */
function codeCase(caseName: string, code: readonly number[], k: number, message: string): MalformedCase {
  const bytes = oneFunc(code);
  return { name: caseName, bytes, message, offset: bytes.length - code.length + k };
}

/** Offset just past the section header (id + size) of the section starting at `at`. */
function contentAt(bytes: Uint8Array, at: number): number {
  const r = new Reader(bytes, at + 1);
  r.readU32();
  return r.pos;
}

function malformedCases(): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const add = (c: MalformedCase): void => {
    cases.push(c);
  };
  const H = HEADER.length;

  // ---- header
  add({ name: 'empty input', bytes: new Uint8Array(0), message: 'unexpected end', offset: 0 });
  add({ name: 'truncated magic', bytes: Uint8Array.from([0x00, 0x61, 0x73]), message: 'unexpected end', offset: 0 });
  add({ name: 'wrong magic', bytes: Uint8Array.from([0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0]), message: 'magic header not detected', offset: 0 });
  add({ name: 'truncated version', bytes: Uint8Array.from(HEADER.slice(0, 6)), message: 'unexpected end', offset: 4 });
  add({ name: 'wrong version', bytes: Uint8Array.from([...HEADER.slice(0, 4), 2, 0, 0, 0]), message: 'unknown binary version', offset: 4 });
  add({ name: 'version 0x0d (the old pre-1.0 version)', bytes: Uint8Array.from([...HEADER.slice(0, 4), 0x0d, 0, 0, 0]), message: 'unknown binary version', offset: 4 });

  // ---- sections
  add({ name: 'section id 14', bytes: moduleOf([14, 0x00]), message: 'malformed section id', offset: H });
  add({ name: 'tag section after the global section', bytes: moduleOf(section(SEC.global, vec([])), section(SEC.tag, vec([]))), message: 'unexpected content after last section', offset: H + 3 });
  add({ name: 'tag attribute 1', bytes: moduleOf(section(SEC.type, vec([[0x60, 0x00, 0x00]])), section(SEC.tag, vec([[0x01, 0x00]]))), message: 'malformed tag attribute', offset: H + 9 });
  add({ name: 'section id 0x80 (not a LEB)', bytes: moduleOf([0x80, 0x00]), message: 'malformed section id', offset: H });
  add({ name: 'section size past the end', bytes: moduleOf([SEC.type, 0x05, 0x00]), message: 'length out of bounds', offset: H + 2 });
  add({ name: 'section size truncated', bytes: moduleOf([SEC.type, 0x80]), message: 'unexpected end', offset: H + 2 });
  add({
    name: 'function section before type section', bytes: moduleOf(functionSection([]), typeSection([])),
    message: 'unexpected content after last section', offset: H + 3,
  });
  add({
    name: 'duplicate type section', bytes: moduleOf(typeSection([]), typeSection([])),
    message: 'unexpected content after last section', offset: H + 3,
  });
  add({
    name: 'duplicate section behind a custom section', bytes: moduleOf(typeSection([]), section(SEC.custom, name('x')), typeSection([])),
    message: 'unexpected content after last section', offset: H + 3 + 4,
  });
  add({
    name: 'data count after code', bytes: moduleOf(codeSection([]), section(SEC.dataCount, [0])),
    message: 'unexpected content after last section', offset: H + 3,
  });
  add({
    name: 'data count after data', bytes: moduleOf(section(SEC.data, [0]), section(SEC.dataCount, [0])),
    message: 'unexpected content after last section', offset: H + 3,
  });
  add({
    name: 'code after data', bytes: moduleOf(section(SEC.data, [0]), codeSection([])),
    message: 'unexpected content after last section', offset: H + 3,
  });
  add({
    name: 'section content shorter than its size', bytes: moduleOf([SEC.type, 0x02, 0x00, 0x00]),
    message: 'section size mismatch', offset: H + 3,
  });
  add({
    name: 'start section content shorter than its size', bytes: moduleOf([SEC.start, 0x02, 0x00, 0x00]),
    message: 'section size mismatch', offset: H + 3,
  });
  add({
    name: 'section content longer than its size (read past the section)',
    bytes: moduleOf([SEC.type, 0x03, 0x01, 0x60, 0x00, 0x00], section(SEC.custom, name('x'))),
    message: 'unexpected end of section or function', offset: H + 5,
  });
  add({
    name: 'vector count larger than the section', bytes: moduleOf([SEC.type, 0x01, 0x05], section(SEC.custom, name('x'))),
    message: 'unexpected end of section or function', offset: H + 2,
  });
  add({
    name: 'vector count larger than the input (last section)', bytes: moduleOf([SEC.type, 0x01, 0x05]),
    message: 'unexpected end', offset: H + 2,
  });

  // ---- function / code / data count consistency
  {
    const bytes = moduleOf(VOID_TYPE, functionSection([0]));
    add({ name: 'function section without code section', bytes, message: 'function and code section have inconsistent lengths', offset: bytes.length });
  }
  {
    const bytes = moduleOf(VOID_TYPE, codeSection([body([], [END])]));
    add({ name: 'code section without function section', bytes, message: 'function and code section have inconsistent lengths', offset: bytes.length });
  }
  {
    const bytes = moduleOf(VOID_TYPE, functionSection([0, 0]), codeSection([body([], [END])]));
    add({ name: 'fewer bodies than functions', bytes, message: 'function and code section have inconsistent lengths', offset: bytes.length });
  }
  {
    const bytes = moduleOf(section(SEC.memory, vec([[0x00, 0x01]])), section(SEC.dataCount, [0x01]));
    add({ name: 'data count without data section', bytes, message: 'data count and data section have inconsistent lengths', offset: bytes.length });
  }
  {
    const bytes = moduleOf(section(SEC.memory, vec([[0x00, 0x01]])), section(SEC.dataCount, [0x02]), section(SEC.data, vec([[0x01, 0x00]])));
    const dataAt = contentAt(bytes, find(bytes, [SEC.data, 0x03]));
    add({ name: 'data count larger than data section', bytes, message: 'data count and data section have inconsistent lengths', offset: dataAt + 1 });
  }
  {
    const initCode = [I32_CONST, 0, I32_CONST, 0, I32_CONST, 0, 0xfc, 0x08, 0x00, 0x00, END];
    const bytes = moduleOf(
      VOID_TYPE, functionSection([0]), section(SEC.memory, vec([[0x00, 0x01]])),
      codeSection([body([], initCode)]), section(SEC.data, vec([[0x01, 0x00]])),
    );
    add({ name: 'memory.init without data count section', bytes, message: 'data count section required', offset: find(bytes, [0xfc, 0x08]) });
    const dropCode = [0xfc, 0x09, 0x00, END];
    const dropBytes = moduleOf(
      VOID_TYPE, functionSection([0]), section(SEC.memory, vec([[0x00, 0x01]])),
      codeSection([body([], dropCode)]), section(SEC.data, vec([[0x01, 0x00]])),
    );
    add({ name: 'data.drop without data count section', bytes: dropBytes, message: 'data count section required', offset: find(dropBytes, [0xfc, 0x09]) });
  }

  // ---- types, imports, exports, tables, memories, globals
  add({ name: 'function type form 0x61', bytes: moduleOf(section(SEC.type, [0x01, 0x61, 0x00, 0x00])), message: 'malformed functype', offset: H + 3 });
  add({
    name: 'function type form with a continuation bit', bytes: moduleOf(section(SEC.type, [0x01, 0xe0, 0x7f, 0x00, 0x00])),
    message: 'integer representation too long', offset: H + 3,
  });
  add({ name: 'param type 0x40', bytes: moduleOf(section(SEC.type, [0x01, 0x60, 0x01, 0x40, 0x00])), message: 'malformed value type', offset: H + 5 });
  add({ name: 'result type 0x00', bytes: moduleOf(section(SEC.type, [0x01, 0x60, 0x00, 0x01, 0x00])), message: 'malformed value type', offset: H + 6 });
  {
    const imp = [...name('m'), ...name('x')];
    const importOf = (desc: number[]): Uint8Array => moduleOf(section(SEC.import, vec([[...imp, ...desc]])));
    const descAt = H + 3 + imp.length;
    add({ name: 'import kind 5', bytes: importOf([0x05, 0x00]), message: 'malformed import kind', offset: descAt });
    add({ name: 'imported tag attribute 2', bytes: importOf([0x04, 0x02, 0x00]), message: 'malformed tag attribute', offset: descAt + 1 });
    add({ name: 'import kind 0x80', bytes: importOf([0x80, 0x00]), message: 'malformed import kind', offset: descAt });
    add({ name: 'imported table of i32', bytes: importOf([0x01, I32, 0x00, 0x00]), message: 'malformed reference type', offset: descAt + 1 });
    add({ name: 'imported global mutability 2', bytes: importOf([0x03, I32, 0x02]), message: 'malformed mutability', offset: descAt + 2 });
    add({ name: 'imported global mutability 0x81', bytes: importOf([0x03, I32, 0x81, 0x00]), message: 'malformed mutability', offset: descAt + 2 });
    add({ name: 'imported memory limits flag 2', bytes: importOf([0x02, 0x02, 0x00]), message: 'integer too large', offset: descAt + 1 });
    add({ name: 'imported memory limits flag 0x81', bytes: importOf([0x02, 0x81, 0x00, 0x00]), message: 'integer representation too long', offset: descAt + 1 });
    add({ name: 'import name with bad UTF-8', bytes: moduleOf(section(SEC.import, vec([[...name('m'), ...name([0xff]), 0x00, 0x00]]))), message: 'malformed UTF-8 encoding', offset: H + 3 + 2 + 1 });
  }
  add({ name: 'table of i32', bytes: moduleOf(section(SEC.table, vec([[I32, 0x00, 0x00]]))), message: 'malformed reference type', offset: H + 3 });
  add({ name: 'table limits flag 3', bytes: moduleOf(section(SEC.table, vec([[FUNCREF, 0x03, 0x00]]))), message: 'integer too large', offset: H + 4 });
  add({ name: 'memory limits flag 3 (shared, threads)', bytes: moduleOf(section(SEC.memory, vec([[0x03, 0x00, 0x00]]))), message: 'integer too large', offset: H + 3 });
  add({ name: 'memory limits flag 4 (memory64)', bytes: moduleOf(section(SEC.memory, vec([[0x04, 0x00]]))), message: "malformed limits flags: limits flag 4 requires feature 'memory64'", offset: H + 3 });
  add({
    name: 'global mutability 2', bytes: moduleOf(section(SEC.global, vec([[I32, 0x02, ...i32Expr(0)]]))),
    message: 'malformed mutability', offset: H + 4,
  });
  add({
    name: 'global of type 0x40', bytes: moduleOf(section(SEC.global, vec([[0x40, 0x00, ...i32Expr(0)]]))),
    message: 'malformed value type', offset: H + 3,
  });
  add({
    name: 'global initializer without end (runs into the next section)',
    bytes: moduleOf(section(SEC.global, vec([[I32, 0x00, I32_CONST, 0x00]])), section(SEC.custom, name('x'))),
    message: 'unexpected end of section or function', offset: H + 7,
  });
  add({
    name: 'global initializer with an illegal opcode', bytes: moduleOf(section(SEC.global, vec([[I32, 0x00, 0x27, END]]))),
    message: 'illegal opcode', offset: H + 5,
  });
  add({
    name: 'export kind 5', bytes: moduleOf(section(SEC.export, vec([[...name('e'), 0x05, 0x00]]))),
    message: 'malformed export kind', offset: H + 5,
  });

  // ---- element and data segments
  {
    const elemOf = (seg: number[]): Uint8Array => moduleOf(section(SEC.element, vec([seg])));
    add({ name: 'element segment flags 8', bytes: elemOf([0x08, 0x00]), message: 'malformed elements segment kind', offset: H + 3 });
    add({ name: 'element kind 1 (passive)', bytes: elemOf([0x01, 0x01, 0x00]), message: 'malformed element kind', offset: H + 4 });
    add({ name: 'element kind 0x70 (declarative, index form)', bytes: elemOf([0x03, 0x70, 0x00]), message: 'malformed element kind', offset: H + 4 });
    add({ name: 'element reference type i32 (passive, expression form)', bytes: elemOf([0x05, I32, 0x00]), message: 'malformed reference type', offset: H + 4 });
    add({ name: 'element reference type 0x00 (active, explicit table)', bytes: elemOf([0x06, 0x00, ...i32Expr(0), 0x00, 0x00]), message: 'malformed reference type', offset: H + 8 });
    const dataOf = (seg: number[]): Uint8Array => moduleOf(section(SEC.data, vec([seg])));
    add({ name: 'data segment flags 3', bytes: dataOf([0x03, 0x00]), message: 'malformed data segment kind', offset: H + 3 });
    add({ name: 'data length past the section', bytes: dataOf([0x01, 0x05, 0x61]), message: 'length out of bounds', offset: H + 5 });
  }

  // ---- function bodies
  add(codeCase('illegal opcode 0x27', [0x27, END], 0, 'illegal opcode'));
  add(codeCase('try_table catch kind 4', [0x1f, 0x40, 0x01, 0x04, 0x00, END, END], 3, 'malformed catch clause'));
  add(codeCase('catch outside a try', [0x07, 0x00, END], 0, 'END opcode expected'));
  add(codeCase('delegate closing a block', [0x02, 0x40, 0x18, 0x00, END], 2, 'END opcode expected'));
  add(codeCase('illegal opcode 0xd7', [NOP, 0xd7, END], 1, 'illegal opcode'));
  add(codeCase('illegal opcode 0xff', [0xff, END], 0, 'illegal opcode'));
  add(codeCase('illegal 0xfc sub-opcode 0x12', [0xfc, 0x12, END], 0, 'illegal opcode'));
  add(codeCase('illegal 0xfc sub-opcode 256', [0xfc, 0x80, 0x02, END], 0, 'illegal opcode'));
  add(codeCase('illegal 0xfd sub-opcode 0x114 (past relaxed SIMD)', [0xfd, 0x94, 0x02, END], 0, 'illegal opcode'));
  add(codeCase('illegal 0xfd sub-opcode 0x9a (a gap in SIMD)', [0xfd, 0x9a, 0x01, END], 0, 'illegal opcode'));
  add(codeCase('0xfc sub-opcode too long', [0xfc, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, END], 5, 'integer representation too long'));
  add(codeCase('memory.size reserved byte 1', [0x3f, 0x01, 0x1a, END], 1, "zero byte expected: memory index 1 requires feature 'multi-memory'"));
  add(codeCase('memory.grow reserved byte as padded LEB', [I32_CONST, 0, 0x40, 0x80, 0x00, 0x1a, END], 3, "zero byte expected: a multi-byte memory index requires feature 'multi-memory'"));
  add(codeCase('memory.copy second reserved byte', [0xfc, 0x0a, 0x00, 0x01, END], 3, "zero byte expected: memory index 1 requires feature 'multi-memory'"));
  add(codeCase('memory.fill reserved byte', [0xfc, 0x0b, 0x01, END], 2, "zero byte expected: memory index 1 requires feature 'multi-memory'"));
  add(codeCase('memory.init reserved byte', [0xfc, 0x08, 0x00, 0x01, END], 3, "zero byte expected: memory index 1 requires feature 'multi-memory'"));
  add(codeCase('i32.load alignment 2^32', [I32_CONST, 0, 0x28, 0x20, 0x00, 0x1a, END], 3, 'malformed memop flags'));
  add(codeCase('i64.store alignment with bit 6 (multi-memory flag)', [0x37, 0x40, 0x00, END], 1, "malformed memop flags: a memory index requires feature 'multi-memory'"));
  add(codeCase('v128.load8_lane alignment 2^32', [0xfd, 0x54, 0x20, 0x00, 0x00, END], 2, 'malformed memop flags'));
  add(codeCase('ref.null i32', [0xd0, I32, 0x1a, END], 1, 'malformed reference type'));
  add(codeCase('ref.null 0x40', [0xd0, 0x40, 0x1a, END], 1, 'malformed reference type'));
  add(codeCase('select_t with type 0x40', [0x1c, 0x01, 0x40, END], 2, 'malformed value type'));
  add(codeCase('block type 0x41 (negative s33, not a value type)', [BLOCK, 0x41, END, END], 1, 'malformed block type'));
  add(codeCase('block type index with a bad last byte', [BLOCK, 0x80, 0x80, 0x80, 0x80, 0x20, END, END], 5, 'integer too large'));
  add(codeCase('i32.const with 6 bytes', [I32_CONST, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, END], 5, 'integer representation too long'));
  add(codeCase('i64.const unused bits', [0x42, ...new Array<number>(9).fill(0x80), 0x02, 0x1a, END], 10, 'integer too large'));
  add(codeCase('else outside if', [0x05, END], 0, 'END opcode expected'));
  add(codeCase('else after else', [I32_CONST, 0, 0x04, EMPTY, 0x05, 0x05, END, END], 5, 'END opcode expected'));
  add(codeCase('else inside a block', [BLOCK, EMPTY, 0x05, END, END], 2, 'END opcode expected'));
  add(codeCase('bytes after the final end', [END, NOP], 1, 'section size mismatch'));
  {
    // A body that stops before its final `end`: the message depends on what follows (binary.wast).
    const twoBodies = moduleOf(VOID_TYPE, functionSection([0, 0]), codeSection([body([], [NOP]), body([], [END])]));
    add({ name: 'body without end, another body follows', bytes: twoBodies, message: 'END opcode expected', offset: twoBodies.length - 3 });
    const sectionFollows = moduleOf(VOID_TYPE, functionSection([0]), codeSection([body([], [NOP])]), section(SEC.custom, name('x')));
    add({ name: 'body without end, another section follows', bytes: sectionFollows, message: 'section size mismatch', offset: sectionFollows.length - 4 });
    const last = moduleOf(VOID_TYPE, functionSection([0]), codeSection([body([], [NOP])]));
    add({ name: 'body without end at the end of the input', bytes: last, message: 'unexpected end of section or function', offset: last.length });
    const open = [BLOCK, EMPTY, END];
    const openBlock = moduleOf(VOID_TYPE, functionSection([0]), codeSection([body([], open), body([], [END])]));
    add({ name: 'block closed but function not', bytes: openBlock, message: 'END opcode expected', offset: openBlock.length - 3 });
  }
  {
    const bytes = oneFunc([END], [[1, 0x40]]);
    add({ name: 'local of type 0x40', bytes, message: 'malformed value type', offset: bytes.length - 2 });
  }
  {
    // 2^32 - 1 locals in one run: over the default limit, rejected before anything is allocated.
    const bytes = oneFunc([END], [[0xffffffff, I32]]);
    add({
      name: 'a body declaring 2^32-1 locals', bytes, message: `too many locals (limit ${DEFAULT_DECODE_LIMITS.maxLocals})`,
      offset: bytes.length - 1 - 1 - 5,
    });
    // The spec's own bound (§5.5.13): the total must fit in u32, whatever the configured limit.
    const over = oneFunc([END], [[0xffffffff, I32], [1, I64]]);
    add({
      name: 'local runs summing past 2^32 - 1', bytes: over, message: 'too many locals', offset: over.length - 3,
      limits: { maxLocals: 2 ** 40 },
    });
  }
  return cases;
}

describe('decodeModule: the 3.0 encodings of multi-memory and memory64', () => {
  it('reads a memarg memory index (flag 0x40), memory indices of memory.size / grow / copy / fill / init, and i64 limits', () => {
    const two = [SEC.memory, 5, 2, 0x00, 0x01, 0x04, 0x02]; // memory 0 {min 1}, memory 1 i64 {min 2}
    const code = [I32_CONST, 0, 0x28, 0x42, 0x01, 0x07, 0x1a, 0x3f, 0x01, 0x1a, I32_CONST, 0, 0x40, 0x80, 0x00, 0x1a,
      I32_CONST, 0, I32_CONST, 0, I32_CONST, 0, 0xfc, 0x0a, 0x01, 0x00, END];
    const bytes = moduleOf(VOID_TYPE, functionSection([0]), two, codeSection([body([], code)]));
    const m = decodeModule(bytes);
    expect(m.memories.map((x) => x.limits)).toEqual([{ min: 1, max: null }, { min: 2, max: null, is64: true }]);
    // (decoding does not type-check: compile() would reject the i32 address of memory 1.)
    expect(() => decodeModule(bytes, undefined, WASM_2_0)).toThrow(MalformedError);
  });

  it.each([
    ['memarg flags 128 and above', [I32_CONST, 0, 0x28, 0x80, 0x01, 0x00, 0x1a, END], 'malformed memop flags'],
    ['limits flag 6 (shared i64)', null, 'malformed limits flags'],
  ] as const)('rejects %s', (_name, code, message) => {
    const bytes = code === null
      ? moduleOf(section(SEC.memory, vec([[0x06, 0x00]])))
      : oneFunc(code);
    expect(() => decodeModule(bytes)).toThrow(message);
  });

  it('reads memory64 limits and offsets as u64 (values past 2^53 stay past every cap)', () => {
    const r = new Reader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x80, 0x02]));
    expect(r.readU64()).toBeGreaterThanOrEqual(2 ** 53);
    expect(r.readU64()).toBe(256);
    expect(() => new Reader(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02])).readU64()).toThrow('integer too large');
  });
});

describe('decodeModule: malformed modules', () => {
  it.each(malformedCases())('$name', (c) => {
    const e = malformedOf(c.bytes, c.limits === undefined ? undefined : resolveDecodeLimits(c.limits));
    expect(e).toBeInstanceOf(MalformedError);
    expect(e.kind).toBe('malformed');
    expect(e.message).toBe(c.message);
    expect(e.offset).toBe(c.offset);
    // compile() reports the same error: decoding comes before validation.
    expect(() => compile(c.bytes, { ...(c.limits === undefined ? {} : { limits: c.limits }), features: WASM_2_0 })).toThrow(MalformedError);
  });

  it('rejects 2^32-1 locals after a bounded number of reads (no per-local work)', () => {
    const bytes = oneFunc([END], [[0xffffffff, I32]]);
    const original = Reader.prototype.readU8;
    let reads = 0;
    Reader.prototype.readU8 = function (this: Reader): number {
      reads++;
      return original.call(this);
    };
    try {
      const e = malformedOf(bytes);
      expect(e.message).toMatch(/^too many locals \(limit \d+\)$/);
    } finally {
      Reader.prototype.readU8 = original;
    }
    expect(reads).toBeLessThanOrEqual(bytes.length);
  });
});

// ---------------------------------------------------------------- decoding limits

interface LimitCase {
  readonly name: string;
  readonly limits: Partial<DecodeLimits>;
  /** Module at the limit (must decode). */
  readonly ok: Uint8Array;
  /** Module one past the limit. */
  readonly over: Uint8Array;
  readonly message: string;
  /** Offset of the error in `over`. */
  readonly offset: (over: Uint8Array) => number;
}

const H = HEADER.length;
const nopFunc = (nops: number): Uint8Array => oneFunc([...new Array<number>(nops).fill(NOP), END]);
const nested = (depth: number): number[] => [...new Array<number[]>(depth).fill([BLOCK, EMPTY]).flat(), ...new Array<number>(depth).fill(END), END];
const brTable = (n: number): number[] => [BLOCK, EMPTY, I32_CONST, 0, 0x0e, ...vec(new Array<number[]>(n).fill([0])), 0x00, END, END];
const funcs = (n: number): Uint8Array => moduleOf(VOID_TYPE, functionSection(new Array<number>(n).fill(0)), codeSection(new Array<number[]>(n).fill(body([], [END]))));
const types = (n: number): Uint8Array => typeModule(new Array<[number[], number[]]>(n).fill([[], []]));
const typeModule = (t: [number[], number[]][]): Uint8Array => moduleOf(typeSection(t));

const LIMIT_CASES: readonly LimitCase[] = [
  {
    name: 'maxModuleBytes', limits: { maxModuleBytes: 12 }, ok: moduleOf([SEC.custom, 0x02, 0x01, 0x61]),
    over: moduleOf([SEC.custom, 0x03, 0x01, 0x61, 0x00]), message: 'module too large (limit 12 bytes)', offset: () => 0,
  },
  { name: 'maxTypes', limits: { maxTypes: 2 }, ok: types(2), over: types(3), message: 'too many types (limit 2)', offset: () => H + 2 },
  {
    name: 'maxParams', limits: { maxParams: 2 }, ok: typeModule([[[I32, I32], []]]), over: typeModule([[[I32, I32, I32], []]]),
    message: 'too many params (limit 2)', offset: () => H + 4,
  },
  {
    name: 'maxResults', limits: { maxResults: 1 }, ok: typeModule([[[], [I32]]]), over: typeModule([[[], [I32, I64]]]),
    message: 'too many results (limit 1)', offset: () => H + 5,
  },
  {
    name: 'maxFunctions (function section)', limits: { maxFunctions: 2 }, ok: funcs(2), over: funcs(3),
    message: 'too many functions (limit 2)', offset: (b) => find(b, [SEC.function, 0x04]) + 2,
  },
  {
    name: 'maxFunctions (imports)', limits: { maxFunctions: 1 },
    ok: moduleOf(VOID_TYPE, section(SEC.import, vec([[...name('m'), ...name('a'), 0x00, 0x00]]))),
    over: moduleOf(VOID_TYPE, section(SEC.import, vec([[...name('m'), ...name('a'), 0x00, 0x00], [...name('m'), ...name('b'), 0x00, 0x00]]))),
    message: 'too many functions (limit 1)', offset: (b) => b.length,
  },
  {
    // The limit covers imported and defined functions together; the message names the configured
    // limit, not what is left of it after the imports.
    name: 'maxFunctions (imports + defined)', limits: { maxFunctions: 2 },
    ok: moduleOf(VOID_TYPE, section(SEC.import, vec([[...name('m'), ...name('a'), 0x00, 0x00]])), functionSection([0]), codeSection([body([], [END])])),
    over: moduleOf(VOID_TYPE, section(SEC.import, vec([[...name('m'), ...name('a'), 0x00, 0x00]])), functionSection([0, 0]), codeSection([body([], [END]), body([], [END])])),
    message: 'too many functions (limit 2)', offset: (b) => find(b, [SEC.function, 0x03]) + 2,
  },
  {
    name: 'maxImports', limits: { maxImports: 0 }, ok: moduleOf(section(SEC.import, [0x00])),
    over: moduleOf(section(SEC.import, vec([[...name('m'), ...name('a'), 0x02, 0x00, 0x00]]))),
    message: 'too many imports (limit 0)', offset: () => H + 2,
  },
  {
    name: 'maxExports', limits: { maxExports: 1 },
    ok: moduleOf(section(SEC.memory, vec([[0x00, 0x00]])), section(SEC.export, vec([[...name('a'), 0x02, 0x00]]))),
    over: moduleOf(section(SEC.memory, vec([[0x00, 0x00]])), section(SEC.export, vec([[...name('a'), 0x02, 0x00], [...name('b'), 0x02, 0x00]]))),
    message: 'too many exports (limit 1)', offset: (b) => find(b, [SEC.export]) + 2,
  },
  {
    name: 'maxGlobals', limits: { maxGlobals: 1 },
    ok: moduleOf(section(SEC.global, vec([[I32, 0x00, ...i32Expr(0)]]))),
    over: moduleOf(section(SEC.global, vec([[I32, 0x00, ...i32Expr(0)], [I32, 0x00, ...i32Expr(0)]]))),
    message: 'too many globals (limit 1)', offset: () => H + 2,
  },
  {
    name: 'maxGlobals (imports + defined)', limits: { maxGlobals: 2 },
    ok: moduleOf(section(SEC.import, vec([[...name('m'), ...name('g'), 0x03, I32, 0x00]])), section(SEC.global, vec([[I32, 0x00, ...i32Expr(0)]]))),
    over: moduleOf(section(SEC.import, vec([[...name('m'), ...name('g'), 0x03, I32, 0x00]])), section(SEC.global, vec([[I32, 0x00, ...i32Expr(0)], [I32, 0x00, ...i32Expr(0)]]))),
    message: 'too many globals (limit 2)', offset: (b) => find(b, [SEC.global]) + 2,
  },
  {
    name: 'maxTags (imports + defined)', limits: { maxTags: 2 },
    ok: moduleOf(section(SEC.type, vec([[0x60, 0x00, 0x00]])), section(SEC.import, vec([[...name('m'), ...name('t'), 0x04, 0x00, 0x00]])), section(SEC.tag, vec([[0x00, 0x00]]))),
    over: moduleOf(section(SEC.type, vec([[0x60, 0x00, 0x00]])), section(SEC.import, vec([[...name('m'), ...name('t'), 0x04, 0x00, 0x00]])), section(SEC.tag, vec([[0x00, 0x00], [0x00, 0x00]]))),
    message: 'too many tags (limit 2)', offset: (b) => find(b, [SEC.tag]) + 2,
  },
  {
    name: 'maxTables', limits: { maxTables: 1 },
    ok: moduleOf(section(SEC.table, vec([[FUNCREF, 0x00, 0x00]]))),
    over: moduleOf(section(SEC.table, vec([[FUNCREF, 0x00, 0x00], [FUNCREF, 0x00, 0x00]]))),
    message: 'too many tables (limit 1)', offset: () => H + 2,
  },
  {
    name: 'maxMemories', limits: { maxMemories: 1 },
    ok: moduleOf(section(SEC.memory, vec([[0x00, 0x00]]))),
    over: moduleOf(section(SEC.memory, vec([[0x00, 0x00], [0x00, 0x00]]))),
    message: 'too many memories (limit 1)', offset: () => H + 2,
  },
  {
    name: 'maxElementSegments', limits: { maxElementSegments: 1 },
    ok: moduleOf(section(SEC.element, vec([[0x01, 0x00, 0x00]]))),
    over: moduleOf(section(SEC.element, vec([[0x01, 0x00, 0x00], [0x01, 0x00, 0x00]]))),
    message: 'too many element segments (limit 1)', offset: () => H + 2,
  },
  {
    name: 'maxSegmentElements', limits: { maxSegmentElements: 2 },
    ok: moduleOf(section(SEC.element, vec([[0x01, 0x00, ...vec([[0], [0]])]]))),
    over: moduleOf(section(SEC.element, vec([[0x01, 0x00, ...vec([[0], [0], [0]])]]))),
    message: 'too many segment elements (limit 2)', offset: () => H + 5,
  },
  {
    name: 'maxDataSegments', limits: { maxDataSegments: 1 },
    ok: moduleOf(section(SEC.data, vec([[0x01, 0x00]]))),
    over: moduleOf(section(SEC.data, vec([[0x01, 0x00], [0x01, 0x00]]))),
    message: 'too many data segments (limit 1)', offset: () => H + 2,
  },
  {
    name: 'maxLocals (one run)', limits: { maxLocals: 3 }, ok: oneFunc([END], [[3, I32]]), over: oneFunc([END], [[4, I32]]),
    message: 'too many locals (limit 3)', offset: (b) => b.length - 3,
  },
  {
    name: 'maxLocals (sum of runs)', limits: { maxLocals: 3 }, ok: oneFunc([END], [[2, I32], [1, I64]]), over: oneFunc([END], [[2, I32], [2, I64]]),
    message: 'too many locals (limit 3)', offset: (b) => b.length - 3,
  },
  {
    name: 'maxLocals (number of runs)', limits: { maxLocals: 2 }, ok: oneFunc([END], [[1, I32], [1, I64]]),
    over: oneFunc([END], [[0, I32], [0, I64], [0, F32]]),
    message: 'too many locals (limit 2)', offset: (b) => b.length - 8,
  },
  {
    name: 'maxFunctionBytes', limits: { maxFunctionBytes: 4 }, ok: nopFunc(2), over: nopFunc(3),
    message: 'function body too large (limit 4 bytes)', offset: (b) => b.length - 6,
  },
  {
    name: 'maxBrTableTargets', limits: { maxBrTableTargets: 3 }, ok: oneFunc(brTable(3)), over: oneFunc(brTable(4)),
    message: 'too many br_table targets (limit 3)', offset: (b) => find(b, [0x0e, 0x04]),
  },
  {
    // The limit counts the function's own block: a limit of 4 allows 3 nested blocks.
    name: 'maxBlockDepth', limits: { maxBlockDepth: 4 }, ok: oneFunc(nested(3)), over: oneFunc(nested(4)),
    message: 'blocks nested too deeply (limit 4)', offset: (b) => find(b, [BLOCK, EMPTY], 3),
  },
];

describe('decodeModule: limits', () => {
  it.each(LIMIT_CASES)('$name', (c) => {
    const limits = resolveDecodeLimits(c.limits);
    expect(() => decodeModule(c.ok, limits)).not.toThrow();
    const e = malformedOf(c.over, limits);
    expect(e.message).toBe(c.message);
    expect(e.offset).toBe(c.offset(c.over));
    // The defaults accept the larger module.
    expect(() => decodeModule(c.over)).not.toThrow();
    // compile() takes the same limits as plain overrides.
    expect(() => compile(c.over, { limits: c.limits })).toThrow(c.message);
  });

  it('every limit has a row above', () => {
    const tested = new Set(LIMIT_CASES.flatMap((c) => Object.keys(c.limits)));
    expect([...tested].sort()).toEqual(Object.keys(DEFAULT_DECODE_LIMITS).sort());
  });

  it.each([
    { name: 'unknown key', overrides: { maxFoo: 1 }, message: 'unknown decode limit: maxFoo' },
    { name: 'negative', overrides: { maxTypes: -1 }, message: 'decode limit maxTypes must be a non-negative safe integer' },
    { name: 'fractional', overrides: { maxTypes: 1.5 }, message: 'decode limit maxTypes must be a non-negative safe integer' },
    { name: 'not a number', overrides: { maxTypes: '1' }, message: 'decode limit maxTypes must be a non-negative safe integer' },
    { name: 'unsafe integer', overrides: { maxLocals: 2 ** 53 }, message: 'decode limit maxLocals must be a non-negative safe integer' },
  ])('resolveDecodeLimits rejects $name', ({ overrides, message }) => {
    expect(() => resolveDecodeLimits(overrides as Partial<DecodeLimits>)).toThrow(TypeError);
    expect(() => resolveDecodeLimits(overrides as Partial<DecodeLimits>)).toThrow(message);
  });

  it('resolveDecodeLimits returns frozen defaults merged with overrides', () => {
    expect(resolveDecodeLimits()).toBe(DEFAULT_DECODE_LIMITS);
    const l = resolveDecodeLimits({ maxTypes: 7 });
    expect(Object.isFrozen(l)).toBe(true);
    expect({ ...l }).toEqual({ ...DEFAULT_DECODE_LIMITS, maxTypes: 7 });
  });
});

// ---------------------------------------------------------------- constant expressions

describe('constant expressions of any length are well-formed', () => {
  // Spec §5.4.9: a constant expression is an `expr` (any instruction sequence up to `end`); that it
  // must be one constant instruction of the right type is validation (§3.3.10): "type mismatch" /
  // "constant expression required", never malformed, however long it is.
  const rep = (n: number, x: readonly number[]): number[] => new Array<readonly number[]>(n).fill(x).flat();
  it.each([
    { name: '2 x i32.const', n: 2, instr: [I32_CONST, 0x00], message: 'type mismatch' },
    { name: '30 x i32.const', n: 30, instr: [I32_CONST, 0x00], message: 'type mismatch' },
    { name: '1000 x i32.const', n: 1000, instr: [I32_CONST, 0x00], message: 'type mismatch' },
    { name: '30 x nop', n: 30, instr: [NOP], message: 'constant expression required' },
  ])('global initializer of $name', ({ n, instr, message }) => {
    const bytes = moduleOf(section(SEC.global, vec([[I32, 0x00, ...rep(n, instr), END]])));
    const m = decodeModule(bytes);
    expect(m.globalInits[0]!.instrs).toHaveLength(n);
    expect(() => compile(bytes)).toThrow(InvalidError);
    expect(() => compile(bytes)).toThrow(message);
  });
});

// ---------------------------------------------------------------- deep nesting, no recursion

describe('deep nesting', () => {
  const DEPTH = 100_000;
  const deepLimits = { maxBlockDepth: DEPTH + 1 };

  it.each([
    { name: 'blocks', open: [BLOCK, EMPTY] },
    { name: 'loops', open: [0x03, EMPTY] },
    { name: 'ifs', open: [I32_CONST, 0x00, 0x04, EMPTY] },
  ])(`${DEPTH} nested $name decode and validate without JS recursion`, ({ open }) => {
    const code = [...new Array<number[]>(DEPTH).fill(open).flat(), ...new Array<number>(DEPTH + 1).fill(END)];
    const bytes = oneFunc(code);
    // Over the default limit: a clean MalformedError, not a RangeError.
    const e = malformedOf(bytes);
    expect(e.message).toBe(`blocks nested too deeply (limit ${DEFAULT_DECODE_LIMITS.maxBlockDepth})`);
    // With the limit raised, decoding and validation succeed.
    const m = compile(bytes, { limits: deepLimits });
    expect(m.functionCount).toBe(1);
  });

  it(`${DEPTH} nested blocks of the wrong type fail validation cleanly`, () => {
    // The innermost block must leave an i32; it leaves nothing.
    const code = [...new Array<number[]>(DEPTH).fill([BLOCK, I32]).flat(), ...new Array<number>(DEPTH + 1).fill(END)];
    expect(() => compile(oneFunc(code), { limits: deepLimits })).toThrow(InvalidError);
  });
});
