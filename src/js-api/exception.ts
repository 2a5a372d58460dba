/**
 * `WebAssembly.Tag` and `WebAssembly.Exception` (JS API, exception handling): Tag is detwasm's
 * own (same constructor, identity kept across imports and exports). Exception is a
 * {@link WasmException} whose payload went through ToWebAssemblyValue; `instanceof Exception`
 * also holds for the exceptions wasm code throws (detwasm makes those as WasmException).
 */
import { tagInstOf, WasmException } from '../interpreter/tags.js';
import type { Tag } from '../interpreter/tags.js';
import { toJsValue, toWasmValue } from './values.js';

export { Tag } from '../interpreter/tags.js';

/** A wasm exception made or seen in JS: `is(tag)`, `getArg(tag, index)`. */
export class Exception extends WasmException {
  constructor(tag: Tag, payload: Iterable<unknown>, options?: { traceStack?: boolean }) {
    const t = tagInstOf(tag);
    if (t === undefined) throw new TypeError('the first argument must be a WebAssembly.Tag');
    if (payload === null || payload === undefined || typeof (payload as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
      throw new TypeError('the payload must be an iterable');
    }
    const list = Array.from(payload);
    const params = t.type.params;
    if (list.length !== params.length) throw new TypeError(`the tag's payload has ${params.length} values, got ${list.length}`);
    super(tag, params.map((p, i) => toJsValue(p, toWasmValue(p, list[i]))));
    void options;
  }

  static [Symbol.hasInstance](v: unknown): boolean {
    return v instanceof WasmException;
  }
}
