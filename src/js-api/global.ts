/**
 * `WebAssembly.Global` (JS API §"Globals"): wraps detwasm's Global, storing values as exact
 * bits (an f64 global set from a NaN number keeps the number's bits). `value` of an immutable
 * global cannot be set (TypeError); `v128` globals cannot be made or read from JS (TypeError).
 */
import { getGlobalValue, Global as EngineGlobal, globalInstOf, setGlobalValue } from '../interpreter/externs.js';
import type { GlobalInst } from '../interpreter/runtime.js';
import { EXTERNREF, F32, F64, FUNCREF, I32, I64 } from '../types.js';
import type { ValType } from '../types.js';
import { dictionary, GC_TYPE_NAMES, GC_TYPES } from './descriptors.js';
import type { GcTypeName } from './descriptors.js';
import { Pairing } from './identity.js';
import { globalType } from './type-reflection.js';
import type { GlobalType } from './type-reflection.js';
import { defaultValue, toJsValue, toWasmValue } from './values.js';


/** Global descriptor. */
export interface GlobalDescriptor {
  readonly value: 'i32' | 'i64' | 'f32' | 'f64' | 'anyfunc' | 'funcref' | 'externref' | GcTypeName;
  readonly mutable?: boolean;
}

const VALUE_TYPES: Readonly<Record<string, ValType>> = {
  i32: I32, i64: I64, f32: F32, f64: F64, anyfunc: FUNCREF, funcref: FUNCREF, externref: EXTERNREF, ...GC_TYPES,
};
const TYPE_NAMES: Readonly<Record<number, 'i32' | 'i64' | 'f32' | 'f64' | 'funcref' | 'externref' | GcTypeName>> = {
  [I32]: 'i32', [I64]: 'i64', [F32]: 'f32', [F64]: 'f64', [FUNCREF]: 'funcref', [EXTERNREF]: 'externref', ...GC_TYPE_NAMES,
};

/** A global variable. */
export class Global {
  constructor(descriptor: GlobalDescriptor | GlobalType, value?: unknown) {
    const d = dictionary(descriptor, 'descriptor');
    const mutable = Boolean(d['mutable']);
    const t = typeof d['value'] === 'string' ? VALUE_TYPES[d['value']] : undefined;
    if (t === undefined) throw new TypeError('value must be a value type: i32, i64, f32, f64, anyfunc, funcref, externref or a GC reference type (anyref, ...)');
    const bits = toWasmValue(t, value === undefined ? defaultValue(t) : value);
    const engine = new EngineGlobal({ value: TYPE_NAMES[t]!, mutable });
    setGlobalValue(globalInstOf(engine)!, bits, true);
    globals.bind(this, engine);
  }

  get value(): unknown {
    const g = inst(this);
    return toJsValue(g.valType, getGlobalValue(g, true));
  }

  set value(v: unknown) {
    const g = inst(this);
    if (!g.isMutable) throw new TypeError("can't set the value of an immutable global");
    setGlobalValue(g, toWasmValue(g.valType, v), true);
  }

  valueOf(): unknown {
    return this.value;
  }

  /** Type reflection: `{ mutable, value }` (what the constructor takes as its descriptor). */
  type(): GlobalType {
    const g = inst(this);
    return globalType(g.valType, g.isMutable);
  }
}
// JS API: each interface's prototype has its Symbol.toStringTag ('[object WebAssembly.Global]').
Object.defineProperty(Global.prototype, Symbol.toStringTag, { value: 'WebAssembly.Global', configurable: true });

const globals = new Pairing<Global, EngineGlobal>(Global.prototype, 'WebAssembly.Global');

function inst(g: Global): GlobalInst {
  return globalInstOf(globals.engineOf(g))!;
}

/** The JS API Global of a detwasm Global (created once). */
export function globalFromEngine(e: EngineGlobal): Global {
  return globals.wrap(e);
}

/** The detwasm Global behind a JS API Global (undefined for anything else). */
export function engineGlobalOf(v: unknown): EngineGlobal | undefined {
  return globals.find(v);
}

/** An immutable detwasm Global of type `t` holding `bits` (a Number or BigInt import, JS API "read the imports"). */
export function engineGlobalOfValue(t: ValType, bits: unknown): EngineGlobal {
  const engine = new EngineGlobal({ value: TYPE_NAMES[t] ?? 'i32', mutable: false });
  setGlobalValue(globalInstOf(engine)!, bits, true);
  return engine;
}
