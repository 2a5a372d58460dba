/**
 * `WebAssembly.Table` (JS API §"Tables"): wraps detwasm's Table, with the JS API's conversions
 * for its elements (a funcref slot takes null or an exported wasm function and reads back the
 * same function object; an externref slot keeps any value) and `[EnforceRange]` indices.
 */
import { Table as EngineTable, tableInstOf } from '../interpreter/externs.js';
import { EXTERNREF, FUNCREF } from '../types.js';
import type { ValType } from '../types.js';
import { dictionary, enforceU32 } from './descriptors.js';
import { fromEngineFunction } from './identity.js';
import { defaultValue, toWasmValue } from './values.js';

const byEngine = new WeakMap<EngineTable, Table>();
const engineOf = new WeakMap<Table, EngineTable>();
const elemTypeOf = new WeakMap<Table, ValType>();

/** Table descriptor (`anyfunc` is the old name of `funcref`). */
export interface TableDescriptor {
  readonly element: 'anyfunc' | 'funcref' | 'externref';
  readonly initial: number;
  readonly maximum?: number;
}

const ELEMENT_TYPES: Readonly<Record<string, ValType>> = { anyfunc: FUNCREF, funcref: FUNCREF, externref: EXTERNREF };

/** A table of references. */
export class Table {
  constructor(descriptor: TableDescriptor, value?: unknown) {
    const d = dictionary(descriptor, 'descriptor');
    const elemType = typeof d['element'] === 'string' ? ELEMENT_TYPES[d['element']] : undefined;
    if (elemType === undefined) throw new TypeError("element must be 'anyfunc', 'funcref' or 'externref'");
    if (d['initial'] === undefined) throw new TypeError("the descriptor's initial size is required");
    const initial = enforceU32(d['initial'], 'initial');
    const maximum = d['maximum'] === undefined ? undefined : enforceU32(d['maximum'], 'maximum');
    if (maximum !== undefined && maximum < initial) throw new RangeError('maximum must be at least initial');
    const ref = toWasmValue(elemType, arguments.length < 2 ? defaultValue(elemType) : value);
    const element = elemType === FUNCREF ? 'funcref' : 'externref';
    const engine = new EngineTable(maximum === undefined ? { element, initial } : { element, initial, maximum }, ref);
    // detwasm's Table reads an `undefined` initial value as "none given" (null); externref keeps it.
    if (ref === undefined) for (let i = 0; i < initial; i++) engine.set(i, undefined);
    bind(this, engine, elemType);
  }

  get length(): number {
    return engine(this).length;
  }

  get(index: number): unknown {
    const v = engine(this).get(enforceU32(index, 'index'));
    return elemTypeOf.get(this) === FUNCREF ? fromEngineFunction(v) : v;
  }

  set(index: number, value?: unknown): void {
    const t = engine(this);
    const i = enforceU32(index, 'index');
    const elemType = elemTypeOf.get(this)!;
    t.set(i, toWasmValue(elemType, arguments.length < 2 ? defaultValue(elemType) : value));
  }

  grow(delta: number, value?: unknown): number {
    const t = engine(this);
    const d = enforceU32(delta, 'delta');
    const elemType = elemTypeOf.get(this)!;
    return t.grow(d, toWasmValue(elemType, arguments.length < 2 ? defaultValue(elemType) : value));
  }
}
// JS API: each interface's prototype has its Symbol.toStringTag ('[object WebAssembly.Table]').
Object.defineProperty(Table.prototype, Symbol.toStringTag, { value: 'WebAssembly.Table', configurable: true });

function engine(t: Table): EngineTable {
  const e = engineOf.get(t);
  if (e === undefined) throw new TypeError('not a WebAssembly.Table');
  return e;
}

function bind(t: Table, e: EngineTable, elemType: ValType): void {
  engineOf.set(t, e);
  byEngine.set(e, t);
  elemTypeOf.set(t, elemType);
}

/** The JS API Table of a detwasm Table (created once). */
export function tableFromEngine(e: EngineTable): Table {
  let t = byEngine.get(e);
  if (t === undefined) {
    t = Object.create(Table.prototype) as Table;
    bind(t, e, tableInstOf(e)!.elemType);
  }
  return t;
}

/** The detwasm Table behind a JS API Table (undefined for anything else). */
export function engineTableOf(v: unknown): EngineTable | undefined {
  return typeof v === 'object' && v !== null ? engineOf.get(v as Table) : undefined;
}
