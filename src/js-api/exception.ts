/**
 * `WebAssembly.Tag` and `WebAssembly.Exception` (JS API, exception handling). Tag is detwasm's
 * own (same constructor, identity kept across imports and exports).
 *
 * Exception is not an `Error` (the JS API defines it as a plain interface: its prototype chain is
 * Exception.prototype, Object.prototype, as in V8): each one stands for one detwasm
 * {@link WasmException} (the core API's exception, an Error). The two are converted at the
 * boundary, one to one and both ways, so identity is kept: a wasm exception that reaches JS
 * ({@link toJsApiException}, applied by the export wrappers and instantiation) is the same
 * Exception object each time, and an Exception thrown by an imported function
 * ({@link toEngineException}, applied by the import wrappers) enters wasm as the exception it was
 * made from, so wasm catches it by its tag and a `throw_ref` of it reaches JS as the same object.
 */
import { tagInstOf, WasmException } from '../interpreter/tags.js';
import type { Tag } from '../interpreter/tags.js';
import { enforceU32 } from './descriptors.js';
import { toJsValue, toWasmValue } from './values.js';

export { Tag } from '../interpreter/tags.js';

/** The detwasm exception each Exception stands for, and back. */
const engineOf = new WeakMap<Exception, WasmException>();
const jsApiOf = new WeakMap<WasmException, Exception>();

/** A wasm exception made or seen in JS: `is(tag)`, `getArg(tag, index)`. */
export class Exception {
  constructor(tag: Tag, payload: Iterable<unknown>, options?: { traceStack?: boolean }) {
    const t = tagInstOf(tag);
    if (t === undefined) throw new TypeError('the first argument must be a WebAssembly.Tag');
    if (payload === null || payload === undefined || typeof (payload as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new TypeError('the payload must be an iterable');
    }
    const list = Array.from(payload);
    const params = t.type.params;
    if (list.length !== params.length) throw new TypeError(`the tag's payload has ${params.length} values, got ${list.length}`);
    const inner = new WasmException(tag, params.map((p, i) => toJsValue(p, toWasmValue(p, list[i]))));
    engineOf.set(this, inner);
    jsApiOf.set(inner, this);
    // `traceStack: true` (JS API): a `stack` string of where it was made, as an Error has.
    if (options !== null && typeof options === 'object' && Boolean(options.traceStack)) {
      Object.defineProperty(this, 'stack', { value: new Error().stack ?? '', writable: true, configurable: true });
    }
  }

  /** True when this exception was thrown with `tag`. */
  is(tag: Tag): boolean {
    if (tagInstOf(tag) === undefined) throw new TypeError('the argument must be a WebAssembly.Tag');
    return engine(this).is(tag);
  }

  /** Payload value `index` (TypeError for another tag, RangeError past the payload). */
  getArg(tag: Tag, index: number): unknown {
    if (tagInstOf(tag) === undefined) throw new TypeError('the first argument must be a WebAssembly.Tag');
    return engine(this).getArg(tag, enforceU32(index, 'index'));
  }
}

function engine(e: Exception): WasmException {
  const inner = engineOf.get(e);
  if (inner === undefined) throw new TypeError('not a WebAssembly.Exception');
  return inner;
}

/** The Exception that a detwasm WasmException shows in JS (made once per exception); other values as they are. */
export function toJsApiException(e: unknown): unknown {
  if (!(e instanceof WasmException)) return e;
  let x = jsApiOf.get(e);
  if (x === undefined) {
    x = Object.create(Exception.prototype) as Exception;
    engineOf.set(x, e);
    jsApiOf.set(e, x);
  }
  return x;
}

/** The detwasm WasmException an Exception stands for; other values as they are. */
export function toEngineException(e: unknown): unknown {
  if (e === null || typeof e !== 'object') return e;
  return engineOf.get(e as Exception) ?? e;
}
