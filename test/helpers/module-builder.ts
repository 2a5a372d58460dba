/**
 * A small binary-module builder for tests whose syntax the `wabt` package cannot parse (3.0 typed
 * function references: `(ref null $t)` types, call_ref, br_on_null, tables with initializers).
 * Sections are written from the spec's binary format (§5.5): types, imports, functions, tables,
 * globals, exports, elements (declarative and active with expressions), code. Instructions are
 * given as bytes; `op` names the ones the tests use.
 */
import { HEADER, name, section, SEC, sleb, uleb, vec } from './binary.js';

/** Value type bytes: numeric types, and typed references. */
export const T = {
  i32: [0x7f], i64: [0x7e], f64: [0x7c], funcref: [0x70], externref: [0x6f],
  /** `(ref null ht)`: ht a type index, or an abstract heap type byte given negative (-0x10 func, -0x11 extern). */
  refNull: (ht: number): number[] => [0x63, ...sleb(ht)],
  ref: (ht: number): number[] => [0x64, ...sleb(ht)],
} as const;

/** Abstract heap types as s33 values. */
export const HEAP = { func: -0x10, extern: -0x11 } as const;

/** Instruction bytes. */
export const op = {
  end: [0x0b], drop: [0x1a], return: [0x0f], unreachable: [0x00],
  block: (bt: readonly number[]): number[] => [0x02, ...bt],
  loop: (bt: readonly number[]): number[] => [0x03, ...bt],
  if: (bt: readonly number[]): number[] => [0x04, ...bt],
  else: [0x05],
  br: (l: number): number[] => [0x0c, ...uleb(l)],
  brIf: (l: number): number[] => [0x0d, ...uleb(l)],
  call: (f: number): number[] => [0x10, ...uleb(f)],
  callRef: (t: number): number[] => [0x14, ...uleb(t)],
  returnCall: (f: number): number[] => [0x12, ...uleb(f)],
  returnCallRef: (t: number): number[] => [0x15, ...uleb(t)],
  localGet: (x: number): number[] => [0x20, ...uleb(x)],
  localSet: (x: number): number[] => [0x21, ...uleb(x)],
  localTee: (x: number): number[] => [0x22, ...uleb(x)],
  tableGet: (x: number): number[] => [0x25, ...uleb(x)],
  tableSize: (x: number): number[] => [0xfc, 0x10, ...uleb(x)],
  tableGrow: (x: number): number[] => [0xfc, 0x0f, ...uleb(x)],
  i32: (v: number): number[] => [0x41, ...sleb(v)],
  i32Add: [0x6a], i32Sub: [0x6b], i32Mul: [0x6c], i32Eqz: [0x45], i32GeU: [0x4f],
  refNull: (ht: number): number[] => [0xd0, ...sleb(ht)],
  refFunc: (f: number): number[] => [0xd2, ...uleb(f)],
  refAsNonNull: [0xd4],
  brOnNull: (l: number): number[] => [0xd5, ...uleb(l)],
  brOnNonNull: (l: number): number[] => [0xd6, ...uleb(l)],
  /** Block type with no result. */
  void: [0x40],
} as const;

export interface FuncDef {
  readonly type: number;
  /** Declared locals: [count, value type bytes] runs. */
  readonly locals?: readonly (readonly [number, readonly number[]])[];
  readonly code: readonly (readonly number[])[];
  readonly export?: string;
}

export interface ModuleDef {
  /** Function types: [params, results], each a list of value types (bytes). */
  readonly types: readonly (readonly [readonly (readonly number[])[], readonly (readonly number[])[]])[];
  /** Function imports: module, name, type index (they come first in the function index space). */
  readonly importFuncs?: readonly (readonly [string, string, number])[];
  /** Table imports: module, name, element type bytes, minimum. */
  readonly importTables?: readonly (readonly [string, string, readonly number[], number])[];
  readonly funcs: readonly FuncDef[];
  /** Tables: element type, minimum, maximum (-1 none), initializer expression bytes (without end) or null. */
  readonly tables?: readonly (readonly [readonly number[], number, number, readonly number[] | null])[];
  /** Exported tables: name, index. */
  readonly exportTables?: readonly (readonly [string, number])[];
  /** Function indices declared for ref.func (one declarative segment). */
  readonly declare?: readonly number[];
  /** Active segments with expressions on a table: table, offset, element type bytes, function indices. */
  readonly activeElems?: readonly (readonly [number, number, readonly number[], readonly number[]])[];
}

const flat = (parts: readonly (readonly number[])[]): number[] => parts.flatMap((p) => [...p]);

/** The module's bytes. */
export function buildModule(def: ModuleDef): Uint8Array {
  const out: number[] = [...HEADER];
  const add = (id: number, content: readonly number[]): void => {
    out.push(...section(id, content));
  };
  add(SEC.type, vec(def.types.map(([p, r]) => [0x60, ...vec(p), ...vec(r)])));
  const imports = [
    ...(def.importFuncs ?? []).map(([m, n, t]) => [...name(m), ...name(n), 0x00, ...uleb(t)]),
    ...(def.importTables ?? []).map(([m, n, et, min]) => [...name(m), ...name(n), 0x01, ...et, 0x00, ...uleb(min)]),
  ];
  if (imports.length > 0) add(SEC.import, vec(imports));
  add(SEC.function, vec(def.funcs.map((f) => uleb(f.type))));
  if (def.tables !== undefined) {
    add(SEC.table, vec(def.tables.map(([et, min, max, init]) => {
      const limits = max < 0 ? [0x00, ...uleb(min)] : [0x01, ...uleb(min), ...uleb(max)];
      return init === null ? [...et, ...limits] : [0x40, 0x00, ...et, ...limits, ...init, 0x0b];
    })));
  }
  const base = def.importFuncs?.length ?? 0;
  const exports = [
    ...def.funcs.flatMap((f, i) => (f.export === undefined ? [] : [[...name(f.export), 0x00, ...uleb(base + i)]])),
    ...(def.exportTables ?? []).map(([n, x]) => [...name(n), 0x01, ...uleb(x)]),
  ];
  if (exports.length > 0) add(SEC.export, vec(exports));
  const elems: number[][] = [];
  for (const [table, offset, et, funcs] of def.activeElems ?? []) {
    elems.push([0x06, ...uleb(table), 0x41, ...sleb(offset), 0x0b, ...et, ...vec(funcs.map((f) => [0xd2, ...uleb(f), 0x0b]))]);
  }
  if (def.declare !== undefined) elems.push([0x03, 0x00, ...vec(def.declare.map((f) => uleb(f)))]);
  if (elems.length > 0) add(SEC.element, vec(elems));
  add(SEC.code, vec(def.funcs.map((f) => {
    const locals = vec((f.locals ?? []).map(([n, t]) => [...uleb(n), ...t]));
    const b = [...locals, ...flat(f.code), 0x0b];
    return [...uleb(b.length), ...b];
  })));
  return new Uint8Array(out);
}
