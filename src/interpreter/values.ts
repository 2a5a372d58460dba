/**
 * Values at the boundary between wasm and JS (the WebAssembly JS API's ToJSValue / ToWebAssemblyValue):
 * i32, f32, f64 as `number`, i64 as `bigint`, references as `null`, a function, or any host value.
 * Also host-function calls from the dispatch loop.
 *
 * A JS number cannot carry every NaN payload, so callers that need exact float bits (the spec
 * runner, consensus code) pass `floatBits = true`: then an f32 is its bit pattern as a `number`
 * (uint32) and an f64 its bit pattern as a `bigint` (uint64), both ways. A v128 is a 16-byte
 * Uint8Array of its lane bytes, little-endian (a fresh copy each time it is read); the JS-API-shaped
 * functions (exports, plain JS imports) refuse v128 with a TypeError, as the JS API does.
 */
import { Trap, TrapCode, WasmError } from '../errors.js';
import {
  EXNREF, EXTERNREF, F32, F64, FUNCREF, HEAP_ANY, HEAP_ARRAY, HEAP_CONCRETE, HEAP_EQ, HEAP_I31, HEAP_NONE, HEAP_STRUCT, heapTypeOf, I32,
  I64, isNullable, isSubTypeId, REF_NON_NULL, refFamily, V128, valTypeName,
} from '../types.js';
import { externalize, internalize } from './gc-objects.js';
import { refTest } from './gc-exec.js';
import type { ValType } from '../types.js';
import type { Machine } from './machine.js';
import { ExnInst, FuncInst } from './runtime.js';
import type { TagInst } from './runtime.js';
import { bindExn, boundExnOf, tagInstOf, tagOf, WasmException } from './tags.js';
import { MachineHostContext } from './host-context.js';
import { CANONICAL_NAN_F32_BITS, CANONICAL_NAN_F64_HI } from './numeric.js';

const scratch = new ArrayBuffer(8);
const scratchI32 = new Int32Array(scratch);
const scratchF32 = new Float32Array(scratch);
const scratchF64 = new Float64Array(scratch);
/**
 * i64 conversions go through these views of `scratch` (the host is little-endian, machine.ts): a
 * BigInt64Array store wraps to 64 bits as BigInt.asIntN(64) does, and its two int32 halves are the
 * stack words, so no BigInt shift runs (a shift, ~23 ns, was most of an i64 argument's cost).
 */
const scratchI64 = new BigInt64Array(scratch);
const scratchU64 = new BigUint64Array(scratch);

/** Creates the JS function that stands for a wasm function outside (set by api.ts). */
let functionFactory: (f: FuncInst) => (...args: unknown[]) => unknown = () => {
  throw new TypeError('function factory not installed');
};
/** Maps a JS function back to the wasm function it stands for. */
const funcOfJs = new WeakMap<object, FuncInst>();

/** Installs the wrapper factory (api.ts does this once at load). */
export function setFunctionFactory(factory: (f: FuncInst) => (...args: unknown[]) => unknown): void {
  functionFactory = factory;
}

/** The JS function for a function instance (one per instance, kept for identity). */
export function jsFunctionOf(f: FuncInst): (...args: unknown[]) => unknown {
  let js = f.jsFunction;
  if (js === null) {
    js = functionFactory(f);
    f.jsFunction = js;
    funcOfJs.set(js, f);
  }
  return js;
}

/** The function instance a JS value stands for, if it is an exported wasm function. */
export function funcInstOf(v: unknown): FuncInst | undefined {
  return typeof v === 'function' ? funcOfJs.get(v) : undefined;
}

/** Reads the value of type `t` at word `w` of the stack as a JS value. */
export function readValue(m: ValueSlots, t: ValType, w: number, floatBits: boolean): unknown {
  const i32 = m.i32;
  switch (t < REF_NON_NULL ? t : refFamily(t)) {
    case I32: return i32[w]!;
    case I64:
      scratchI32[0] = i32[w]!;
      scratchI32[1] = i32[w + 1]!;
      return scratchI64[0]!;
    case F32: return floatBits ? i32[w]! >>> 0 : m.f32[w]!;
    case F64:
      if (!floatBits) return m.f64[w >> 1]!;
      scratchI32[0] = i32[w]!;
      scratchI32[1] = i32[w + 1]!;
      return scratchU64[0]!;
    case V128:
      return v128Bytes(i32[w]!, i32[w + 1]!, i32[w + 2]!, i32[w + 3]!);
    case FUNCREF: {
      const r = m.refs[w >> 1];
      return r === null || r === undefined ? null : jsFunctionOf(r as FuncInst);
    }
    case EXNREF: {
      const r = m.refs[w >> 1];
      return r === null || r === undefined ? null : exceptionOf(r as ExnInst);
    }
    case HEAP_ANY: case HEAP_EQ: case HEAP_I31: case HEAP_STRUCT: case HEAP_ARRAY: case HEAP_NONE:
      // The any hierarchy (GC): an i31 as a number, a struct or array as itself, a host value unwrapped.
      return externalize(m.refs[w >> 1]);
    default:
      // externref: any host value, `undefined` included (JS API ToJSValue); null is ref.null.
      return m.refs[w >> 1];
  }
}

/**
 * Writes the JS value `v` as type `t` at word `w`. Throws TypeError for a value the type cannot
 * take (a non-function funcref, a non-bigint i64).
 */
export function writeValue(m: ValueSlots, t: ValType, w: number, v: unknown, floatBits: boolean): void {
  // The stack views are read after the conversion: a valueOf may call back into wasm on this
  // machine, and a nested call that grows the stack replaces them.
  if (t >= REF_NON_NULL) {
    // A typed reference (function references): null only where nullable; a function of its type.
    if (v === null && !isNullable(t)) throw new TypeError(`a ${valTypeName(t)} value cannot be null`);
    const family = refFamily(t);
    const heap = heapTypeOf(t);
    if (family === FUNCREF && heap >= HEAP_CONCRETE && v !== null) {
      const f = toFuncRef(v)!;
      if (!isSubTypeId(f.typeId, heap - HEAP_CONCRETE)) throw new TypeError(`the function is not of type ${valTypeName(t)}`);
    }
    if (family === HEAP_ANY) {
      m.refs[w >> 1] = toAnyRef(v, heap, t);
      return;
    }
    t = family;
  }
  switch (t) {
    case I32: {
      const x = toNumber(v) | 0;
      const i32 = m.i32;
      i32[w] = x;
      i32[w + 1] = 0;
      return;
    }
    case I64: {
      scratchI64[0] = toBigInt(v); // BigInt.asIntN(64, ...)
      const i32 = m.i32;
      i32[w] = scratchI32[0]!;
      i32[w + 1] = scratchI32[1]!;
      return;
    }
    case F32: {
      const x = toNumber(v);
      const i32 = m.i32;
      if (floatBits) i32[w] = x | 0;
      else writeF32(i32, m.f32, w, x);
      i32[w + 1] = 0;
      return;
    }
    case F64:
      if (floatBits) {
        scratchU64[0] = toBigInt(v); // BigInt.asUintN(64, ...)
        const i32 = m.i32;
        i32[w] = scratchI32[0]!;
        i32[w + 1] = scratchI32[1]!;
      } else {
        const x = toNumber(v);
        writeF64(m.i32, m.f64, w, x);
      }
      return;
    case V128: {
      const b = toV128(v);
      const i32 = m.i32;
      for (let k = 0; k < 4; k++) i32[w + k] = v128Word(b, k);
      return;
    }
    case FUNCREF:
      m.refs[w >> 1] = toFuncRef(v);
      return;
    case EXTERNREF:
      // JS API ToWebAssemblyValue: only null is ref.null; undefined is a (non-null) host value.
      m.refs[w >> 1] = v;
      return;
    case HEAP_ANY: case HEAP_EQ: case HEAP_I31: case HEAP_STRUCT: case HEAP_ARRAY: case HEAP_NONE:
      m.refs[w >> 1] = toAnyRef(v, t, t);
      return;
    case EXNREF:
      if (v === null) m.refs[w >> 1] = null;
      else if (v instanceof WasmException) m.refs[w >> 1] = exnOf(v);
      else throw new TypeError('exnref value must be null or a WasmException');
      return;
    default:
      throw new TypeError(`unsupported value type 0x${t.toString(16)}`);
  }
}

/**
 * {@link writeValue} of a JS-API argument (`floatBits` false), an i32 number written in line:
 * the exported functions' fixed-arity path (instance.ts `callExport`) converts with this.
 */
export function writeArg(m: ValueSlots, t: ValType, w: number, v: unknown): void {
  if (t === I32 && typeof v === 'number') {
    const i32 = m.i32;
    i32[w] = v | 0; // toNumber(v) | 0, as writeValue
    i32[w + 1] = 0;
    return;
  }
  writeValue(m, t, w, v, false);
}

/** {@link readValue} of a JS-API result (`floatBits` false), an i32 read in line. */
export function readResult(m: ValueSlots, t: ValType, w: number): unknown {
  return t === I32 ? m.i32[w]! : readValue(m, t, w, false);
}

/**
 * A value of the any hierarchy from JS (the JS API's ToWebAssemblyValue): null, an i31-range
 * integer (an i31), a GcStruct / GcArray, or any other value as a host reference; TypeError
 * unless it is of heap type `heap` (`t` names the type in the message).
 */
export function toAnyRef(v: unknown, heap: number, t: ValType): unknown {
  const r = internalize(v);
  if (r !== null && !refTest(r, heap, 0)) throw new TypeError(`the value is not of type ${valTypeName(t)}`);
  return r;
}

/** A funcref from JS: null or an exported wasm function. */
export function toFuncRef(v: unknown): FuncInst | null {
  if (v === null || v === undefined) return null;
  if (v instanceof FuncInst) return v;
  const f = funcInstOf(v);
  if (f === undefined) throw new TypeError('funcref value must be null or an exported wasm function');
  return f;
}

/** A v128 as its 16 lane bytes (little-endian) from its four int32 words. */
export function v128Bytes(w0: number, w1: number, w2: number, w3: number): Uint8Array {
  const b = new Uint8Array(16);
  const words = [w0, w1, w2, w3];
  for (let k = 0; k < 16; k++) b[k] = (words[k >> 2]! >>> ((k & 3) * 8)) & 0xff;
  return b;
}

/** A JS value as a v128: a Uint8Array of exactly 16 bytes (TypeError otherwise). */
export function toV128(v: unknown): Uint8Array {
  if (v instanceof Uint8Array && v.length === 16) return v;
  throw new TypeError('v128 values must be 16-byte Uint8Arrays (lane bytes, little-endian)');
}

/** Word k (0..3) of a v128 given as its bytes. */
export function v128Word(b: Uint8Array, k: number): number {
  return b[4 * k]! | (b[4 * k + 1]! << 8) | (b[4 * k + 2]! << 16) | (b[4 * k + 3]! << 24);
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') throw new TypeError('cannot convert a BigInt to a number (use a number for i32/f32/f64)');
  return Number(v);
}

function toBigInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return BigInt(v);
  throw new TypeError('i64 values must be BigInts (or integral numbers)');
}

/** Writes an f32 number, canonicalising NaN. */
function writeF32(i32: Int32Array, f32: Float32Array, w: number, x: number): void {
  if (x !== x) i32[w] = CANONICAL_NAN_F32_BITS;
  else f32[w] = x;
}

/** Writes an f64 number, canonicalising NaN. */
function writeF64(i32: Int32Array, f64: Float64Array, w: number, x: number): void {
  if (x !== x) {
    i32[w] = 0;
    i32[w + 1] = CANONICAL_NAN_F64_HI;
  } else {
    f64[w >> 1] = x;
  }
}

/** Bits of an f32 number (for globals and tests). */
export function f32Bits(x: number): number {
  if (x !== x) return CANONICAL_NAN_F32_BITS;
  scratchF32[0] = x;
  return scratchI32[0]!;
}

/** Bits of an f64 number as [lo, hi]. */
export function f64BitsLo(x: number): number {
  scratchF64[0] = x;
  return x !== x ? 0 : scratchI32[0]!;
}
export function f64BitsHi(x: number): number {
  scratchF64[0] = x;
  return x !== x ? CANONICAL_NAN_F64_HI : scratchI32[1]!;
}

/**
 * Calls host function `callee` from wasm (or from JS through its wrapper): arguments are the top
 * `paramWords` words of the stack; results replace them. Returns 0 or a TrapCode. A host exception
 * that is not a WasmError becomes Trap(HOST) with the exception as `cause`; a WasmError (a trap of
 * a nested call, an out-of-bounds pointer, out of gas) propagates as is. A returned Promise
 * suspends the run when `m.allowSuspend` (its value is written by {@link completeHostCall}),
 * and is a host trap otherwise.
 */
export function callHost(m: Machine, callee: FuncInst, caller: FuncInst): TrapCode | 0 | typeof EXCEPTION {
  const type = callee.type;
  const base = m.sp - callee.paramWords;
  if (m.profiler !== null) m.profiler.enter(callee, m.gas, false);
  if (m.callCost !== 0) {
    m.gas -= m.callCost;
    if (m.gas < 0) return TrapCode.OUT_OF_GAS;
  }
  // JS API: an imported JS function whose type has a v128 cannot be called (typed host functions
  // of defineHostFunction take and return v128 as bytes).
  if (callee.hasV128 && !callee.isContextual) {
    m.hostError = new TypeError('a JS function with a v128 parameter or result cannot be called from wasm');
    return TrapCode.HOST;
  }
  const args: unknown[] = [];
  if (callee.isContextual) {
    const ctx = (m.hostContext ??= new MachineHostContext(m));
    ctx.memory = caller.instance === null ? null : caller.instance.memory;
    args.push(ctx);
  }
  let w = base;
  for (const t of type.params) {
    args.push(readValue(m, t, w, callee.hostFloatBits));
    w += t === V128 ? 4 : 2;
  }
  try {
    const result = callee.host!(...args);
    m.sp = base;
    if (isThenable(result)) {
      if (!m.allowSuspend) {
        // The Promise is abandoned: a later rejection must not become an unhandled rejection
        // (which ends a Node process).
        result.then(undefined, () => {});
        throw new TypeError('host function returned a Promise in a synchronous call (use callAsync)');
      }
      m.pending = Promise.resolve(result);
      m.pendingCallee = callee;
      return 0;
    }
    writeResults(m, callee, base, result);
    // (A trap, a failure or a pending Promise leaves the frame open: finish or the driver closes it.)
    if (m.profiler !== null) m.profiler.exit(m.gas);
  } catch (e) {
    m.sp = base;
    if (e instanceof WasmException) {
      // A wasm exception raised by the host function (or escaping a wasm call it made): the
      // caller unwinds to a handler (exceptions.ts).
      m.exception = exnOf(e);
      if (m.profiler !== null) m.profiler.exit(m.gas); // the host frame ends here
      return EXCEPTION;
    }
    if (e instanceof WasmError) throw e;
    // The caller builds the Trap, with the wasm stack it alone knows.
    m.hostError = e;
    return TrapCode.HOST;
  }
  return 0;
}

/**
 * Returned by {@link callHost} when the host function threw a {@link WasmException}: the
 * exception instance is in `m.exception`, for the caller to unwind with.
 */
export const EXCEPTION = -1;

/** The value slots that values are read from and written to (a Machine's, or a payload's). */
export interface ValueSlots {
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly refs: unknown[];
}

const exceptionOfExn = new WeakMap<ExnInst, WasmException>();

/** Value slots of `words` zeroed words over one buffer, with `refs` (an exception payload's, for readValue / writeValue). */
function payloadSlots(words: number, refs: unknown[]): ValueSlots {
  const buffer = new ArrayBuffer(words * 4);
  return { i32: new Int32Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer, 0, buffer.byteLength >> 3), refs };
}

/** The WasmException that shows exception instance `exn` to JS (created once per instance). */
export function exceptionOf(exn: ExnInst): WasmException {
  let e = exceptionOfExn.get(exn);
  if (e === undefined) {
    const slots = payloadSlots(exn.words.length, exn.refs ?? []);
    slots.i32.set(exn.words);
    const payload: unknown[] = [];
    let w = 0;
    for (const t of exn.tag.type.params) {
      payload.push(readValue(slots, t, w, false));
      w += t === V128 ? 4 : 2;
    }
    e = new WasmException(tagOf(exn.tag), payload);
    bindExn(e, exn);
    exceptionOfExn.set(exn, e);
  }
  return e;
}

/** The exception instance of a WasmException (built from its tag and payload when JS made it). */
export function exnOf(e: WasmException): ExnInst {
  const bound = boundExnOf(e);
  if (bound !== undefined) return bound;
  const tag = tagInstOf(e.tag) as TagInst;
  const slots = payloadSlots(tag.paramWords, []);
  let w = 0;
  tag.type.params.forEach((t, i) => {
    writeValue(slots, t, w, e.payload[i], false);
    w += t === V128 ? 4 : 2;
  });
  const exn = new ExnInst(tag, slots.i32, tag.hasRefs ? slots.refs : null);
  bindExn(e, exn);
  exceptionOfExn.set(exn, e);
  return exn;
}

/** Writes a settled async host result (or throws its rejection as Trap(HOST)). */
export function completeHostCall(m: Machine, settled: { ok: true; value: unknown } | { ok: false; error: unknown }): void {
  const callee = m.pendingCallee!;
  m.pendingCallee = null;
  const base = m.sp;
  try {
    if (!settled.ok && settled.error instanceof WasmException) {
      // Raised at the suspended call: resume() unwinds from there.
      m.exception = exnOf(settled.error);
      return;
    }
    if (!settled.ok) throw settled.error;
    writeResults(m, callee, base, settled.value);
  } catch (e) {
    if (e instanceof WasmError) throw e;
    throw new Trap(TrapCode.HOST, [callee.name === '' ? 'host function' : callee.name], { cause: e });
  }
}

function writeResults(m: Machine, callee: FuncInst, base: number, result: unknown): void {
  if (!m.ensureStack(base + callee.resultWords)) throw new Trap(TrapCode.CALL_STACK_EXHAUSTED, []);
  const results = callee.type.results;
  if (results.length === 1) {
    writeValue(m, results[0]!, base, result, callee.hostFloatBits);
  } else if (results.length > 1) {
    const list = toList(result, results.length);
    let rw = base;
    for (let i = 0; i < results.length; i++) {
      writeValue(m, results[i]!, rw, list[i], callee.hostFloatBits);
      rw += results[i] === V128 ? 4 : 2;
    }
  }
  m.sp = base + callee.resultWords;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

function toList(v: unknown, n: number): unknown[] {
  if (v === null || v === undefined || typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new TypeError(`host function must return an iterable of ${n} values`);
  }
  const list = Array.from(v as Iterable<unknown>);
  if (list.length !== n) throw new TypeError(`host function returned ${list.length} values, expected ${n}`);
  return list;
}
