/**
 * Exception handling's public objects (3.0; shaped like the JS API's `WebAssembly.Tag` and
 * `WebAssembly.Exception`): {@link Tag} wraps a tag instance and is what modules import and export;
 * {@link WasmException} is a wasm exception seen from JS: the error that `invoke` throws when no
 * wasm handler caught it, and what a host function throws to raise a wasm exception in its caller.
 * The same tag instance always yields the same Tag (identity is kept across exports and imports).
 */
import { WasmError } from '../errors.js';
import {
  EXNREF, EXTERNREF, F32, F64, FUNCREF, HEAP_ANY, HEAP_ARRAY, HEAP_EQ, HEAP_I31, HEAP_NOEXTERN, HEAP_NOFUNC, HEAP_NONE, HEAP_STRUCT, I32, I64, V128,
  valTypeName,
} from '../types.js';
import type { ValType } from '../types.js';
import { ExnInst, TagInst } from './runtime.js';

/** Value type names of the JS API. */
export type ValueTypeName =
  | 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref' | 'anyfunc' | 'exnref'
  | 'anyref' | 'eqref' | 'i31ref' | 'structref' | 'arrayref' | 'nullref' | 'nullfuncref' | 'nullexternref';

const TYPE_BY_NAME: Record<string, ValType> = {
  i32: I32, i64: I64, f32: F32, f64: F64, v128: V128, funcref: FUNCREF, anyfunc: FUNCREF, externref: EXTERNREF, exnref: EXNREF,
  // GC's abstract reference types (the JS API's names).
  anyref: HEAP_ANY, eqref: HEAP_EQ, i31ref: HEAP_I31, structref: HEAP_STRUCT, arrayref: HEAP_ARRAY, nullref: HEAP_NONE,
  nullfuncref: HEAP_NOFUNC, nullexternref: HEAP_NOEXTERN,
};

const NAME_OF_TYPE: ReadonlyMap<ValType, string> = new Map(Object.entries(TYPE_BY_NAME).filter(([n]) => n !== 'anyfunc').map(([n, t]) => [t, n]));

/**
 * The JS API name of a value type (type reflection's FromValueType: 'funcref', not its old name
 * 'anyfunc'; GC's 'anyref' ...); a type the JS API has no name for (a concrete or non-nullable
 * reference) in the text format's words, `(ref null 3)`.
 */
export function valueTypeNameOf(t: ValType): string {
  return NAME_OF_TYPE.get(t) ?? valTypeName(t);
}

/** The value type of a JS API type name; TypeError for anything else. */
export function typeByName(name: unknown): ValType {
  const t = typeof name === 'string' ? TYPE_BY_NAME[name] : undefined;
  if (t === undefined) throw new TypeError(`unknown value type: ${String(name)}`);
  return t;
}

const tags = new WeakMap<TagInst, Tag>();
const tagInsts = new WeakMap<Tag, TagInst>();

/** Descriptor of `new Tag(...)`: the payload's value types. */
export interface TagDescriptor {
  readonly parameters: readonly ValueTypeName[];
}

/** An exception tag: what `throw` raises and `catch` matches (by identity, never by type). */
export class Tag {
  constructor(descriptor: TagDescriptor, inst?: TagInst) {
    if (inst === undefined) {
      const params = descriptor?.parameters;
      if (!Array.isArray(params)) throw new TypeError('a tag descriptor needs parameters: an array of value type names');
      inst = new TagInst({ params: params.map(typeByName), results: [] }, 'host tag');
    }
    tagInsts.set(this, inst);
    tags.set(inst, this);
  }

  /** The payload's value types (`['i32', 'f64']`). */
  get parameters(): readonly string[] {
    return tagInsts.get(this)!.type.params.map(valTypeName);
  }

  /**
   * Type reflection (JS API type-reflection proposal): `{ parameters }` with the JS API's value
   * type names (`'anyref'` ...; the text format's words for a type the JS API has no name for).
   */
  type(): { parameters: string[] } {
    const inst = tagInsts.get(this);
    if (inst === undefined) throw new TypeError('not a WebAssembly.Tag');
    return { parameters: inst.type.params.map(valueTypeNameOf) };
  }
}

/** Internal: the tag instance behind a Tag (undefined if `v` is not one). */
export function tagInstOf(v: unknown): TagInst | undefined {
  return v instanceof Tag ? tagInsts.get(v) : undefined;
}

/** Internal: the Tag of a tag instance (created once). */
export function tagOf(t: TagInst): Tag {
  return tags.get(t) ?? new Tag({ parameters: [] }, t);
}

const exnOfException = new WeakMap<WasmException, ExnInst>();

/**
 * A wasm exception outside wasm: thrown by `invoke` (and the JS-API-shaped export functions) when
 * no handler caught it, carrying its tag and its payload as JS values (i64 as bigint, v128 as a
 * 16-byte Uint8Array, as for results); thrown by a host function to raise the exception in the
 * calling wasm code, where `try_table` / `catch` can catch it. Not a trap: `kind` is 'exception'.
 */
export class WasmException extends WasmError {
  /** The tag it was thrown with. */
  readonly tag: Tag;
  /** The payload, one JS value per parameter of the tag. */
  readonly payload: readonly unknown[];

  constructor(tag: Tag, payload: readonly unknown[]) {
    const t = tagInstOf(tag);
    if (t === undefined) throw new TypeError('WasmException needs a Tag');
    if (!Array.isArray(payload) || payload.length !== t.type.params.length) {
      throw new TypeError(`the payload of tag ${t.name} has ${t.type.params.length} values`);
    }
    super('exception', `uncaught wasm exception (${t.name})`);
    this.name = 'WasmException';
    this.tag = tag;
    this.payload = Object.freeze([...payload]);
  }

  /** True when this exception was thrown with `tag`. */
  is(tag: Tag): boolean {
    return this.tag === tag;
  }

  /** Payload value `index`, checking that the exception has `tag` (the JS API's `getArg`). */
  getArg(tag: Tag, index: number): unknown {
    if (this.tag !== tag) throw new TypeError('the exception has another tag');
    if (!Number.isInteger(index) || index < 0 || index >= this.payload.length) throw new RangeError('payload index out of range');
    return this.payload[index];
  }
}

/** Internal: the exception instance a WasmException stands for (set when wasm threw it). */
export function boundExnOf(e: WasmException): ExnInst | undefined {
  return exnOfException.get(e);
}

/** Internal: ties a WasmException to the exception instance it shows. */
export function bindExn(e: WasmException, exn: ExnInst): void {
  exnOfException.set(e, exn);
}
