/**
 * Function identity at the JS API boundary (JS API §"Exported Functions": the exported function
 * cache): one JS function per wasm function instance, the same object every time an export, a
 * table slot or a funcref result is read. A JS function imported and re-exported is NOT itself
 * again: the spec's "read the imports" makes it a host function and exporting that creates a new
 * Exported Function (name = its index), as V8 does. The wrapper factory is installed by functions.ts (it needs the value conversions, which need
 * this file).
 */
import type { FuncInst } from '../interpreter/runtime.js';
import { funcInstOf } from '../interpreter/values.js';

type JsFunction = (...args: unknown[]) => unknown;

const exportedByInst = new WeakMap<FuncInst, JsFunction>();
const instByExported = new WeakMap<object, FuncInst>();

let factory: (f: FuncInst, funcIdx: number) => JsFunction = () => {
  throw new TypeError('js-api function factory not installed');
};

/** Installs the exported-function factory (functions.ts, once at load). */
export function setExportedFunctionFactory(make: (f: FuncInst, funcIdx: number) => JsFunction): void {
  factory = make;
}

/**
 * The JS API function for a function instance (created once). Its `name` is the function index:
 * `funcIdx` where the exporting module gives it (a host function has none of its own).
 */
export function exportedFunctionOf(f: FuncInst, funcIdx: number = f.funcIdx): JsFunction {
  let js = exportedByInst.get(f);
  if (js === undefined) {
    js = factory(f, funcIdx);
    exportedByInst.set(f, js);
    instByExported.set(js, f);
  }
  return js;
}

/** The function instance behind a JS API exported function (undefined for anything else). */
export function funcInstOfExported(v: unknown): FuncInst | undefined {
  return typeof v === 'function' ? instByExported.get(v) : undefined;
}

/** The JS API function for a detwasm JS function (a table slot, an export, a funcref result). */
export function fromEngineFunction(v: unknown, funcIdx?: number): unknown {
  if (v === null || v === undefined) return null;
  const f = funcInstOf(v);
  return f === undefined ? v : exportedFunctionOf(f, funcIdx);
}

/**
 * The two-way pairing of a JS API interface's objects (Memory, Table, Global) with the detwasm
 * objects they wrap: one wrapper per detwasm object, created once, found from either side.
 */
export class Pairing<W extends object, E extends object> {
  private readonly engines = new WeakMap<object, E>();
  private readonly wrappers = new WeakMap<E, W>();
  private readonly prototype: W;
  private readonly name: string;
  private readonly onBind: (w: W, e: E) => void;

  /** `prototype`: the interface's; `name` for the TypeError of a foreign `this`; `onBind` sees every new pair. */
  constructor(prototype: W, name: string, onBind: (w: W, e: E) => void = () => {}) {
    this.prototype = prototype;
    this.name = name;
    this.onBind = onBind;
  }

  /** Pairs wrapper `w` (a new one) with detwasm object `e`. */
  bind(w: W, e: E): void {
    this.engines.set(w, e);
    this.wrappers.set(e, w);
    this.onBind(w, e);
  }

  /** The detwasm object of `w`; TypeError when `w` is not an object of the interface. */
  engineOf(w: W): E {
    const e = this.engines.get(w);
    if (e === undefined) throw new TypeError(`not a ${this.name}`);
    return e;
  }

  /** The detwasm object behind `v` (undefined for anything else). */
  find(v: unknown): E | undefined {
    return typeof v === 'object' && v !== null ? this.engines.get(v) : undefined;
  }

  /** The wrapper of `e` (created once, from the interface's prototype, without running its constructor). */
  wrap(e: E): W {
    let w = this.wrappers.get(e);
    if (w === undefined) {
      w = Object.create(this.prototype) as W;
      this.bind(w, e);
    }
    return w;
  }
}
