/**
 * Function identity at the JS API boundary (JS API §"Exported Functions": the exported function
 * cache): one JS function per wasm function instance, the same object every time an export, a
 * table slot or a funcref result is read; a JS function imported and re-exported is itself again.
 * The wrapper factory is installed by functions.ts (it needs the value conversions, which need
 * this file).
 */
import type { FuncInst } from '../interpreter/runtime.js';
import { funcInstOf } from '../interpreter/values.js';

type JsFunction = (...args: unknown[]) => unknown;

const exportedByInst = new WeakMap<FuncInst, JsFunction>();
const instByExported = new WeakMap<object, FuncInst>();
/** The user's JS function behind the host wrapper that stands for it inside detwasm. */
const originalOfHost = new WeakMap<object, JsFunction>();

let factory: (f: FuncInst) => JsFunction = () => {
  throw new TypeError('js-api function factory not installed');
};

/** Installs the exported-function factory (functions.ts, once at load). */
export function setExportedFunctionFactory(make: (f: FuncInst) => JsFunction): void {
  factory = make;
}

/** The JS API function for a function instance: cached wrapper, or the original imported JS function. */
export function exportedFunctionOf(f: FuncInst): JsFunction {
  if (f.host !== null) {
    const original = originalOfHost.get(f.host);
    if (original !== undefined) return original;
  }
  let js = exportedByInst.get(f);
  if (js === undefined) {
    js = factory(f);
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
export function fromEngineFunction(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const f = funcInstOf(v);
  return f === undefined ? v : exportedFunctionOf(f);
}

/** Records that detwasm host function `host` stands for the user's `original`. */
export function registerHostWrapper(host: JsFunction, original: JsFunction): void {
  originalOfHost.set(host, original);
}
