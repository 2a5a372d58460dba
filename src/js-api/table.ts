/**
 * `WebAssembly.Table` (JS API §"Tables"): wraps detwasm's Table, with the JS API's conversions
 * for its elements (a funcref slot takes null or an exported wasm function and reads back the
 * same function object; an externref slot keeps any value) and `[EnforceRange]` indices.
 */
import { Table as EngineTable, tableInstOf } from '../interpreter/externs.js';
import { EXTERNREF, FUNCREF } from '../types.js';
import type { ValType } from '../types.js';
import { dictionary, fromAddress, GC_TYPE_NAMES, GC_TYPES, initialOf, isAddress64, maximumOf, toAddress } from './descriptors.js';
import type { GcTypeName } from './descriptors.js';
import { fromEngineFunction, Pairing } from './identity.js';
import { tableType } from './type-reflection.js';
import type { TableType } from './type-reflection.js';
import { defaultValue, toWasmValue } from './values.js';


/**
 * Table descriptor (`anyfunc` is the old name of `funcref`). The initial size is `initial`, or
 * `minimum` (type reflection: a {@link TableType} from `type()` is a descriptor too), not both;
 * `address: 'i64'` (table64) takes sizes and indices as BigInts and gives `length` and `grow`'s
 * result as BigInts.
 */
export type TableDescriptor = { readonly element: 'anyfunc' | 'funcref' | 'externref' | GcTypeName } & (
  | ({ readonly maximum?: number; readonly address?: 'i32' } & (
    | { readonly initial: number; readonly minimum?: undefined }
    | { readonly minimum: number; readonly initial?: undefined }))
  | ({ readonly maximum?: bigint; readonly address: 'i64' } & (
    | { readonly initial: bigint; readonly minimum?: undefined }
    | { readonly minimum: bigint; readonly initial?: undefined })));

const ELEMENT_TYPES: Readonly<Record<string, ValType>> = { anyfunc: FUNCREF, funcref: FUNCREF, externref: EXTERNREF, ...GC_TYPES };

/** A table of references. */
export class Table {
  constructor(descriptor: TableDescriptor | TableType, value?: unknown) {
    const d = dictionary(descriptor, 'descriptor');
    const elemType = typeof d['element'] === 'string' ? ELEMENT_TYPES[d['element']] : undefined;
    if (elemType === undefined) throw new TypeError("element must be 'anyfunc', 'funcref', 'externref' or a GC reference type ('anyref', ...)");
    const is64 = isAddress64(d);
    const initial = initialOf(d, is64);
    const maximum = maximumOf(d, is64);
    if (maximum !== undefined && maximum < initial) throw new RangeError('maximum must be at least initial');
    const ref = toWasmValue(elemType, arguments.length < 2 ? defaultValue(elemType) : value);
    const element = elemType === FUNCREF ? 'funcref' : elemType === EXTERNREF ? 'externref' : GC_TYPE_NAMES[elemType]!;
    if (initial > 0xffffffff || (maximum !== undefined && maximum > 0xffffffff)) throw new RangeError('table too large');
    const address = is64 ? 'i64' : 'i32';
    const engine = new EngineTable(maximum === undefined ? { element, initial, address } : { element, initial, maximum, address }, ref);
    // detwasm's Table reads an `undefined` initial value as "none given" (null); externref keeps it.
    if (ref === undefined) for (let i = 0; i < initial; i++) engine.set(i, undefined);
    tables.bind(this, engine);
  }

  /** The number of elements (a BigInt for table64). */
  get length(): number | bigint {
    const t = tables.engineOf(this);
    return fromAddress(t.length, tableInstOf(t)!.is64);
  }

  get(index: number | bigint): unknown {
    const t = tables.engineOf(this);
    const v = t.get(indexOf(t, index));
    return elemTypeOf(t) === FUNCREF ? fromEngineFunction(v) : v;
  }

  set(index: number | bigint, value?: unknown): void {
    const t = tables.engineOf(this);
    const i = indexOf(t, index);
    const elemType = elemTypeOf(t);
    t.set(i, toWasmValue(elemType, arguments.length < 2 ? defaultValue(elemType) : value));
  }

  /** Grows by `delta` elements; returns the old length (a BigInt for table64); RangeError when it cannot. */
  grow(delta: number, value?: unknown): number;
  grow(delta: bigint, value?: unknown): bigint;
  grow(delta: number | bigint, value?: unknown): number | bigint {
    const t = tables.engineOf(this);
    const is64 = tableInstOf(t)!.is64;
    const d = toAddress(delta, is64, 'delta');
    if (d > 0xffffffff) throw new RangeError('table cannot grow that much');
    const elemType = elemTypeOf(t);
    return fromAddress(t.grow(d, toWasmValue(elemType, arguments.length < 2 ? defaultValue(elemType) : value)), is64);
  }

  /** Type reflection: `{ element, minimum, maximum? }`, the current length as `minimum`. */
  type(): TableType {
    const t = tableInstOf(tables.engineOf(this))!;
    return tableType(t.elemType, t.elements.length, t.declaredMax, t.is64);
  }
}
// JS API: each interface's prototype has its Symbol.toStringTag ('[object WebAssembly.Table]').
Object.defineProperty(Table.prototype, Symbol.toStringTag, { value: 'WebAssembly.Table', configurable: true });

const tables = new Pairing<Table, EngineTable>(Table.prototype, 'WebAssembly.Table');

/** An index argument of table `t`; an index past its length is a RangeError (as detwasm's Table has it). */
function indexOf(t: EngineTable, index: unknown): number {
  const i = toAddress(index, tableInstOf(t)!.is64, 'index');
  if (i >= t.length) throw new RangeError('table index out of bounds');
  return i;
}

/** The element type of a detwasm Table. */
function elemTypeOf(t: EngineTable): ValType {
  return tableInstOf(t)!.elemType;
}

/** The JS API Table of a detwasm Table (created once). */
export function tableFromEngine(e: EngineTable): Table {
  return tables.wrap(e);
}

/** The detwasm Table behind a JS API Table (undefined for anything else). */
export function engineTableOf(v: unknown): EngineTable | undefined {
  return tables.find(v);
}
