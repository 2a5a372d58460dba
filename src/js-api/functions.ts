/**
 * Functions at the JS API boundary (JS API §"Exported Functions" and "create a host function"):
 * an exported wasm function is an arrow function (not a constructor) with `name` = its function
 * index as a string and `length` = its parameter count; its arguments go through
 * ToWebAssemblyValue (exact float bits), its results through ToJSValue (none: undefined, one:
 * the value, several: an array); a trap is a RuntimeError, a JS exception thrown by an import
 * passes through the wasm frames unchanged. A function of at most 4 parameters, at most one result
 * and no v128 gets a fixed-arity wrapper (no argument or result arrays: the core's fixed-arity
 * call, a NaN argument's bits taken before any array holds it); others the general one. An
 * imported JS function is called with ToJSValue of the arguments and `this` undefined; its result
 * goes through ToWebAssemblyValue (several results: any iterable of exactly that many values).
 *
 * `WebAssembly.Function` (type reflection, WebAssembly/js-types): every exported function is an
 * instance of it (its prototype chain: WebAssembly.Function.prototype, Function.prototype);
 * `new WebAssembly.Function({ parameters, results }, fn)` makes a JS function into an exported
 * function of that type (a host function: it can go into a funcref table and be call_indirect'ed);
 * `f.type()` is its `{ parameters, results }`.
 */
import { callExport, FAST_ARITY, invokeFunction } from '../interpreter/instance.js';
import { FuncInst, markFloatBitsHost } from '../interpreter/runtime.js';
import type { MemoryInst } from '../interpreter/runtime.js';
import { typeByName } from '../interpreter/tags.js';
import type { FuncType } from '../types.js';
import { F32, F64, FUNCREF, I32, I64, refFamily, REF_NON_NULL } from '../types.js';
import type { ValType } from '../types.js';
import { toJsApiError } from './errors.js';
import { toEngineException } from './exception.js';
import { dictionary } from './descriptors.js';
import { exportedFunctionOf, fromEngineFunction, funcInstOfExported, setExportedFunctionFactory } from './identity.js';
import { syncMemory } from './memory.js';
import { functionType } from './type-reflection.js';
import type { FunctionType } from './type-reflection.js';
import { toJsValue, toNumber, toWasmValue } from './values.js';

type JsFunction = (...args: unknown[]) => unknown;

setExportedFunctionFactory((f: FuncInst, funcIdx: number): JsFunction => {
  const { params, results } = f.type;
  const fn = !f.hasV128 && params.length <= FAST_ARITY && results.length <= 1 ? fixedArityWrapper(f) : generalWrapper(f);
  Object.defineProperty(fn, 'name', { value: String(funcIdx) });
  Object.defineProperty(fn, 'length', { value: params.length });
  Object.setPrototypeOf(fn, WasmFunction.prototype);
  return fn;
});

/** Any exported function: a rest array in, the arguments and results converted as lists. */
function generalWrapper(f: FuncInst): JsFunction {
  const { params, results } = f.type;
  return (...args: unknown[]): unknown => {
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
}

/** No result (the `rt` of {@link callFixed}). */
const NO_RESULT = -1;

/**
 * A function of at most FAST_ARITY parameters, at most one result and no v128: a fixed-arity
 * arrow (no rest array) whose parameter types are read once, here. Each argument is converted in
 * order by {@link toArg} (ToWebAssemblyValue, exact bits left for later), then {@link callFixed}
 * runs the core's fixed-arity call (no argument or result array). docs/RATIONALE.md "JS API call
 * wrapper" has the figures.
 */
function fixedArityWrapper(f: FuncInst): JsFunction {
  const params = f.type.params;
  const rt = f.type.results.length === 0 ? NO_RESULT : f.type.results[0]!;
  const t0 = params[0]!;
  const t1 = params[1]!;
  const t2 = params[2]!;
  const t3 = params[3]!;
  switch (params.length) {
    case 0: return () => callFixed(f, rt, 0, undefined, undefined, undefined, undefined);
    case 1: return (a0: unknown) => callFixed(f, rt, 1, toArg(t0, a0), undefined, undefined, undefined);
    case 2: return (a0: unknown, a1: unknown) => callFixed(f, rt, 2, toArg(t0, a0), toArg(t1, a1), undefined, undefined);
    case 3: return (a0: unknown, a1: unknown, a2: unknown) =>
      callFixed(f, rt, 3, toArg(t0, a0), toArg(t1, a1), toArg(t2, a2), undefined);
    default: return (a0: unknown, a1: unknown, a2: unknown, a3: unknown) =>
      callFixed(f, rt, 4, toArg(t0, a0), toArg(t1, a1), toArg(t2, a2), toArg(t3, a3));
  }
}

/**
 * ToWebAssemblyValue of argument `v` for a parameter of type `t`, in a form both of the core's
 * conversions take unchanged: an i32 as its int32 (ToInt32: `+v`, so valueOf runs and a BigInt or
 * Symbol is a TypeError), an i64 as a BigInt (ToBigInt64: a Number is a TypeError), an f32 / f64 as
 * the Number (ToNumber; its bits are taken by {@link callFixed} when it is a NaN), a reference as
 * toWasmValue makes it (a funcref as its FuncInst, which the core takes as it is).
 */
function toArg(t: ValType, v: unknown): unknown {
  if (t === I32) return toNumber(v) | 0;
  if (t === F64 || t === F32) return toNumber(v);
  if (t === I64) return typeof v === 'bigint' ? v : BigInt.asIntN(64, v as bigint);
  return toWasmValue(t, v);
}

/**
 * Calls `f` with its `n` converted arguments `x0..x3` (see {@link toArg}); `rt` is its result type
 * or NO_RESULT. Without a NaN among them, the core's fixed-arity path (`callExport`) writes them
 * as the numbers they are. A NaN (only a float parameter or a reference can hold one; an i32 is
 * already an int32) goes the exact-bits path, invokeFunction with floatBits: its bits are taken
 * here, before it is put in the arguments' array, since V8 quiets a signalling NaN stored in an
 * all-number array and the core's number path writes every NaN as the canonical one. Then as the
 * general wrapper: a trap becomes a RuntimeError, a JS exception passes through, the memory's
 * buffer is refreshed, and the result goes through ToJSValue.
 */
function callFixed(f: FuncInst, rt: ValType, n: number, x0: unknown, x1: unknown, x2: unknown, x3: unknown): unknown {
  let r: unknown;
  try {
    if (x0 !== x0 || x1 !== x1 || x2 !== x2 || x3 !== x3) r = callWithBits(f, rt, n, x0, x1, x2, x3);
    else r = callExport(f, n, x0, x1, x2, x3);
  } catch (e) {
    throw toJsApiError(e);
  } finally {
    if (f.instance !== null) syncMemory(f.instance.memory);
  }
  // Numbers and BigInts are JS values already; references go through ToJSValue (a funcref: the
  // JS API function, not the core's).
  return rt === I32 || rt === F64 || rt === NO_RESULT || rt === I64 || rt === F32 ? r : toJsValue(rt, r);
}

/** {@link callFixed}'s exact-bits call: floats as their bit patterns; a float result back as a Number. */
function callWithBits(f: FuncInst, rt: ValType, n: number, x0: unknown, x1: unknown, x2: unknown, x3: unknown): unknown {
  const params = f.type.params;
  const args: unknown[] = [];
  if (n > 0) args.push(bitsArg(params[0]!, x0));
  if (n > 1) args.push(bitsArg(params[1]!, x1));
  if (n > 2) args.push(bitsArg(params[2]!, x2));
  if (n > 3) args.push(bitsArg(params[3]!, x3));
  const out = invokeFunction(f, args, true);
  if (rt === NO_RESULT) return undefined;
  return rt === F32 || rt === F64 ? toJsValue(rt, out[0]) : out[0];
}

/** A {@link toArg} value in the floatBits form: a float Number as its bits (toWasmValue of a Number is its ToNumber). */
function bitsArg(t: ValType, x: unknown): unknown {
  return t === F32 || t === F64 ? toWasmValue(t, x) : x;
}

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
