/**
 * Functions at the JS API boundary (JS API §"Exported Functions" and "create a host function"):
 * an exported wasm function is an arrow function (not a constructor) with `name` = its function
 * index as a string and `length` = its parameter count; its arguments go through
 * ToWebAssemblyValue (exact float bits), its results through ToJSValue (none: undefined, one:
 * the value, several: an array); a trap is a RuntimeError, a JS exception thrown by an import
 * passes through the wasm frames unchanged. An imported JS function is called with ToJSValue of
 * the arguments and `this` undefined; its result goes through ToWebAssemblyValue (several
 * results: any iterable of exactly that many values).
 *
 * `WebAssembly.Function` (type reflection, WebAssembly/js-types): every exported function is an
 * instance of it (its prototype chain: WebAssembly.Function.prototype, Function.prototype);
 * `new WebAssembly.Function({ parameters, results }, fn)` makes a JS function into an exported
 * function of that type (a host function: it can go into a funcref table and be call_indirect'ed);
 * `f.type()` is its `{ parameters, results }`.
 */
import { invokeFunction } from '../interpreter/instance.js';
import { FuncInst, markFloatBitsHost } from '../interpreter/runtime.js';
import type { MemoryInst } from '../interpreter/runtime.js';
import { typeByName } from '../interpreter/tags.js';
import type { FuncType } from '../types.js';
import { F32, F64, FUNCREF, refFamily, REF_NON_NULL } from '../types.js';
import type { ValType } from '../types.js';
import { toJsApiError } from './errors.js';
import { toEngineException } from './exception.js';
import { dictionary } from './descriptors.js';
import { exportedFunctionOf, fromEngineFunction, funcInstOfExported, setExportedFunctionFactory } from './identity.js';
import { syncMemory } from './memory.js';
import { functionType } from './type-reflection.js';
import type { FunctionType } from './type-reflection.js';
import { toJsValue, toWasmValue } from './values.js';

type JsFunction = (...args: unknown[]) => unknown;

setExportedFunctionFactory((f: FuncInst, funcIdx: number): JsFunction => {
  const { params, results } = f.type;
  const fn = (...args: unknown[]): unknown => {
    if (f.hasV128) throw new TypeError('a function with a v128 parameter or result cannot be called from JS');
    const wasmArgs = params.map((t, i) => toWasmValue(t, args[i]));
    let out: unknown[];
    try {
      out = invokeFunction(f, wasmArgs, true);
    } catch (e) {
      throw toJsApiError(e);
    } finally {
      if (f.instance !== null) syncMemory(f.instance.memory);
    }
    if (results.length === 0) return undefined;
    if (results.length === 1) return toJsValue(results[0]!, out[0]);
    return results.map((t, i) => toJsValue(t, out[i]));
  };
  Object.defineProperty(fn, 'name', { value: String(funcIdx) });
  Object.defineProperty(fn, 'length', { value: params.length });
  Object.setPrototypeOf(fn, WasmFunction.prototype);
  return fn;
});

/** An exported function's call signature (what `new WebAssembly.Function(...)` returns). */
export interface WasmFunction {
  (...args: any[]): any;
}

/**
 * `WebAssembly.Function`: the class of exported functions; `new WebAssembly.Function(type, fn)`
 * is an exported function that calls `fn` (TypeError for a type that is not `{ parameters,
 * results }` of value type names, or an `fn` that is not callable). Its `name` is `fn`'s (as V8
 * has it), its `length` the parameter count.
 */
export class WasmFunction {
  constructor(type: FunctionType, fn: (...args: any[]) => unknown) {
    const d = dictionary(type, 'the function type');
    const ft = { params: typeList(d['parameters'], 'parameters'), results: typeList(d['results'], 'results') };
    if (typeof fn !== 'function') throw new TypeError('the second argument must be a function');
    const name = typeof fn.name === 'string' ? fn.name : '';
    const js = exportedFunctionOf(new FuncInst(ft, null, -1, hostWrapperOf(fn as JsFunction, ft, []), name === '' ? 'js function' : name));
    Object.defineProperty(js, 'name', { value: name });
    return js as WasmFunction;
  }

  /** Type reflection: `{ parameters, results }`. */
  type(): FunctionType {
    const f = funcInstOfExported(this);
    if (f === undefined) throw new TypeError('not a WebAssembly.Function');
    return functionType(f.type);
  }
}
// A subclass of Function without `extends Function` (whose super() would compile source text).
Object.setPrototypeOf(WasmFunction.prototype, Function.prototype);
Object.setPrototypeOf(WasmFunction, Function);

/** A function type's `parameters` / `results`: an iterable of value type names. */
function typeList(v: unknown, what: string): ValType[] {
  if (v === null || v === undefined || typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function' || typeof v === 'string') {
    throw new TypeError(`the function type's ${what} must be a sequence of value type names`);
  }
  return Array.from(v as Iterable<unknown>, typeByName);
}

/**
 * The detwasm host function that stands for JS function `original` imported with `type`
 * (marked to take and return floats as exact bits, so a NaN result keeps its bits).
 * `memories` (the importing instance's imported and exported memories, filled in as they are
 * known) are synced before each call.
 */
export function hostWrapperOf(original: JsFunction, type: FuncType, memories: readonly MemoryInst[]): JsFunction {
  const { params, results } = type;
  const host = (...args: unknown[]): unknown => {
    // A memory.grow before this call detached the buffer JS holds: show it before JS runs.
    for (const m of memories) syncMemory(m);
    const jsArgs = args.map((a, i) => toJsArg(params[i]!, a));
    let ret: unknown;
    try {
      ret = Reflect.apply(original, undefined, jsArgs);
    } catch (e) {
      // A WebAssembly.Exception enters wasm as the detwasm exception it stands for.
      throw toEngineException(e);
    }
    if (results.length === 0) return undefined;
    if (results.length === 1) return toWasmValue(results[0]!, ret);
    if (ret === null || ret === undefined || typeof (ret as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new TypeError(`an imported function must return an iterable of ${results.length} values`);
    }
    const list = Array.from(ret as Iterable<unknown>);
    if (list.length !== results.length) throw new TypeError(`an imported function returned ${list.length} values, expected ${results.length}`);
    return results.map((t, i) => toWasmValue(t, list[i]));
  };
  markFloatBitsHost(host);
  return host;
}

/** ToJSValue of an argument detwasm read with floatBits (markFloatBitsHost). */
function toJsArg(t: ValType, a: unknown): unknown {
  if (t === F32 || t === F64) return toJsValue(t, a);
  return isFuncRef(t) ? fromEngineFunction(a) : a;
}

function isFuncRef(t: ValType): boolean {
  return t === FUNCREF || (t >= REF_NON_NULL && refFamily(t) === FUNCREF);
}
