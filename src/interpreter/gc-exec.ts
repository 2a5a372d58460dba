/**
 * The GC instructions (3.0 §4.4.x "Aggregate reference instructions", ref.test / ref.cast, i31,
 * any.convert_extern / extern.convert_any, ref.eq): the second dispatch function that run()'s
 * `gc` op calls (STYLE.md: run() stays within the bytecode budget V8 optimises; GC code is not
 * in it). Operands are on the machine's value stack below `sp` (2 words a value, 4 a v128;
 * references in `m.refs` at word >> 1); each op returns the new sp, or a negated TrapCode.
 *
 * A struct (gc-objects.ts) keeps its fields in one JS array, a word or a reference per slot; an
 * array of numbers keeps its elements little-endian in a DataView (packed i8 / i16 take 1 / 2
 * bytes, so array.new_data and array.init_data copy bytes), an array of references in a JS
 * array. Layouts are computed once per canonical type.
 *
 * Allocation is charged before the object exists: `gcObject` gas per object plus `gcByte` per
 * byte of its fields or elements, and the bytes (plus a fixed header) count against the call's
 * `maxGcHeapBytes`; past it the call traps "gc heap exhausted". Both figures follow from the
 * wasm program alone: the count is of bytes allocated in the call, never of bytes still alive,
 * so nothing depends on when the JS garbage collector runs. Bulk array operations charge `gcByte`
 * per byte they touch.
 */
import { TrapCode } from '../errors.js';
import {
  F32, F64, HEAP_ANY, HEAP_ARRAY, HEAP_CONCRETE, HEAP_EQ, HEAP_EXN, HEAP_EXTERN, HEAP_FUNC, HEAP_I31, HEAP_STRUCT, I32, I64,
  isSubTypeId, KIND_ARRAY, PACKED_I16, PACKED_I8, storageBytes, typeById, V128,
} from '../types.js';
import type { DefType } from '../types.js';
import { externalize, GcArray, GcObject, GcStruct, internalize } from './gc-objects.js';
import type { Machine } from './machine.js';
import { FuncInst } from './runtime.js';
import type { InstanceState } from './runtime.js';

/** Bytes every object counts against maxGcHeapBytes besides its fields (its JS object, roughly). */
export const GC_OBJECT_HEADER_BYTES = 32;
/** Bytes a reference field or element counts (a JS array slot). */
const REF_BYTES = 8;

/** Per canonical type: where each field lives and how big the object is. */
interface Layout {
  /** Storage type of each field (an array: of its elements). */
  readonly storage: Int32Array;
  /**
   * Per field of a struct: its first slot in the object's `refs` array (a struct keeps every
   * field there: a reference or an i32 / f32 word in one slot, an i64 / f64 in two, a v128 in
   * four; one JS array, no ArrayBuffer, so an allocation is cheap).
   */
  readonly offsets: Int32Array;
  /** Per field: its word offset among struct.new's operands. */
  readonly words: Int32Array;
  /** A struct's slots (the length of its `refs` array). */
  readonly slots: number;
  /** A struct's slots with every field at its default (zero words, null references), to copy. */
  readonly defaults: readonly unknown[];
  /** Words of all of struct.new's operands. */
  readonly stackWords: number;
  /** Bytes counted for gas and the heap limit: fields (or one element), references as REF_BYTES. */
  readonly payloadBytes: number;
  /** Arrays: bytes of one element in the data (0 for references) and its words on the stack. */
  readonly elemBytes: number;
  readonly elemWords: number;
}

const layouts: (Layout | undefined)[] = [];

function layoutOf(id: number): Layout {
  const known = layouts[id];
  if (known !== undefined) return known;
  const t: DefType = typeById(id);
  const n = t.fields.length;
  const storage = new Int32Array(n);
  const offsets = new Int32Array(n);
  const words = new Int32Array(n);
  const defaults: unknown[] = [];
  let stackWords = 0;
  let payloadBytes = 0;
  for (let k = 0; k < n; k++) {
    const s = t.fields[k]!.type;
    storage[k] = s;
    const size = storageBytes(s);
    payloadBytes += size === 0 ? REF_BYTES : size;
    offsets[k] = defaults.length;
    if (size === 0) defaults.push(null);
    else for (let w = 0; w < (size === 16 ? 4 : size === 8 ? 2 : 1); w++) defaults.push(0);
    words[k] = stackWords;
    stackWords += s === V128 ? 4 : 2;
  }
  const slots = defaults.length;
  const elem = t.kind === KIND_ARRAY ? storage[0]! : 0;
  const layout: Layout = {
    storage, offsets, words, slots, defaults, stackWords, payloadBytes,
    elemBytes: t.kind === KIND_ARRAY ? storageBytes(elem) : 0,
    elemWords: elem === V128 ? 4 : 2,
  };
  layouts[id] = layout;
  return layout;
}

/** Charges and counts an allocation of `payload` bytes; 0 or the trap. */
function allocate(m: Machine, payload: number): TrapCode | 0 {
  const bytes = GC_OBJECT_HEADER_BYTES + payload;
  if (bytes > m.maxGcHeapBytes - m.gcHeapBytes) return TrapCode.GC_HEAP_EXHAUSTED;
  m.gcHeapBytes += bytes;
  const cost = m.gcObjectCost + payload * m.gcByteCost;
  if (cost !== 0) {
    m.gas -= cost;
    if (m.gas < 0) return TrapCode.OUT_OF_GAS;
  }
  return 0;
}

/** Charges `bytes` of a bulk array operation; false when out of gas. */
function chargeBytes(m: Machine, bytes: number): boolean {
  if (m.gcByteCost === 0 || bytes === 0) return true;
  m.gas -= bytes * m.gcByteCost;
  return m.gas >= 0;
}

/** Bytes an array operation over `n` elements of `layout` touches (references count REF_BYTES). */
function elemSpan(layout: Layout, n: number): number {
  return n * (layout.elemBytes === 0 ? REF_BYTES : layout.elemBytes);
}

/** Copies the value of storage type `s` at `off` (data) / `off` (refs) onto the stack at word `w`. */
function load(m: Machine, w: number, s: number, obj: GcObject, off: number, signed: boolean): void {
  const i32 = m.i32;
  const dv = obj.data;
  switch (s) {
    case PACKED_I8: i32[w] = signed ? dv!.getInt8(off) : dv!.getUint8(off); return;
    case PACKED_I16: i32[w] = signed ? dv!.getInt16(off, true) : dv!.getUint16(off, true); return;
    case I32: case F32: i32[w] = dv!.getInt32(off, true); return;
    case I64: case F64:
      i32[w] = dv!.getInt32(off, true);
      i32[w + 1] = dv!.getInt32(off + 4, true);
      return;
    case V128:
      for (let k = 0; k < 4; k++) i32[w + k] = dv!.getInt32(off + 4 * k, true);
      return;
    default:
      m.refs[w >> 1] = obj.refs![off];
  }
}

/** Stores the stack value at word `w` into a field or element of storage type `s`. */
function store(m: Machine, w: number, s: number, obj: GcObject, off: number): void {
  const i32 = m.i32;
  const dv = obj.data;
  switch (s) {
    case PACKED_I8: dv!.setInt8(off, i32[w]!); return;
    case PACKED_I16: dv!.setInt16(off, i32[w]!, true); return;
    case I32: case F32: dv!.setInt32(off, i32[w]!, true); return;
    case I64: case F64:
      dv!.setInt32(off, i32[w]!, true);
      dv!.setInt32(off + 4, i32[w + 1]!, true);
      return;
    case V128:
      for (let k = 0; k < 4; k++) dv!.setInt32(off + 4 * k, i32[w + k]!, true);
      return;
    default:
      obj.refs![off] = m.refs[w >> 1];
      m.refs[w >> 1] = null;
  }
}

/** A struct, its fields at their defaults (zero words, null references) when `defaults`, else to be stored. */
function newStruct(id: number, layout: Layout, defaults: boolean): GcStruct {
  return new GcStruct(id, null, defaults ? layout.defaults.slice() : new Array<unknown>(layout.slots));
}

/** Copies struct field of storage type `s` at slot `at` onto the stack at word `w`. */
function loadField(m: Machine, w: number, s: number, slots: unknown[], at: number, signed: boolean): void {
  const i32 = m.i32;
  switch (s) {
    case PACKED_I8: { const v = slots[at] as number; i32[w] = signed ? (v << 24) >> 24 : v & 0xff; return; }
    case PACKED_I16: { const v = slots[at] as number; i32[w] = signed ? (v << 16) >> 16 : v & 0xffff; return; }
    case I32: case F32: i32[w] = slots[at] as number; return;
    case I64: case F64:
      i32[w] = slots[at] as number;
      i32[w + 1] = slots[at + 1] as number;
      return;
    case V128:
      for (let k = 0; k < 4; k++) i32[w + k] = slots[at + k] as number;
      return;
    default:
      m.refs[w >> 1] = slots[at];
  }
}

/** Stores the stack value at word `w` into the struct field of storage type `s` at slot `at`. */
function storeField(m: Machine, w: number, s: number, slots: unknown[], at: number): void {
  const i32 = m.i32;
  switch (s) {
    case PACKED_I8: slots[at] = i32[w]! & 0xff; return;
    case PACKED_I16: slots[at] = i32[w]! & 0xffff; return;
    case I32: case F32: slots[at] = i32[w]!; return;
    case I64: case F64:
      slots[at] = i32[w]!;
      slots[at + 1] = i32[w + 1]!;
      return;
    case V128:
      for (let k = 0; k < 4; k++) slots[at + k] = i32[w + k]!;
      return;
    default:
      slots[at] = m.refs[w >> 1];
      m.refs[w >> 1] = null;
  }
}

function newArray(id: number, layout: Layout, length: number): GcArray {
  const isRef = layout.elemBytes === 0;
  const data = isRef ? null : new DataView(new ArrayBuffer(length * layout.elemBytes));
  const refs = isRef ? new Array<unknown>(length).fill(null) : null;
  return new GcArray(id, data, refs, length);
}

/** Where element `i` of an array of `layout` lives: its byte offset, or its refs index. */
function elemOffset(layout: Layout, i: number): number {
  return layout.elemBytes === 0 ? i : i * layout.elemBytes;
}

/**
 * `ref.test` of value `v` against heap type `heap` (an abstract byte or HEAP_CONCRETE + id),
 * null included when `nullable` is non-zero. The validator made sure `v` is of the heap type's
 * hierarchy, so a top type matches every non-null value.
 */
export function refTest(v: unknown, heap: number, nullable: number): boolean {
  if (v === null) return nullable !== 0;
  if (heap >= HEAP_CONCRETE) {
    const id = heap - HEAP_CONCRETE;
    if (v instanceof GcObject || v instanceof FuncInst) return isSubTypeId(v.typeId, id);
    return false;
  }
  switch (heap) {
    case HEAP_ANY: case HEAP_FUNC: case HEAP_EXTERN: case HEAP_EXN: return true;
    case HEAP_EQ: return typeof v === 'number' || v instanceof GcObject;
    case HEAP_I31: return typeof v === 'number';
    case HEAP_STRUCT: return v instanceof GcStruct;
    case HEAP_ARRAY: return v instanceof GcArray;
    default: return false; // the bottom types hold null only
  }
}

/** The struct or array operand at word `w` (null when it is null: the caller traps). */
function objectAt(m: Machine, w: number): GcObject | null {
  return m.refs[w >> 1] as GcObject | null;
}

/**
 * Executes GC instruction `op` (its dense opcode) with immediates `x` (a canonical type id, or a
 * heap type for ref.test / ref.cast) and `y` (a field index, a segment index, a count, a second
 * type id, or ref.test's nullability), operands below `sp`. Returns the new sp or -TrapCode.
 */
export function gcOp(m: Machine, inst: InstanceState, op: number, x: number, y: number, sp: number): number {
  const i32 = m.i32;
  const refs = m.refs;
  switch (op) {
    case 0xd3: { // ref.eq
      sp -= 4;
      const eq = refs[sp >> 1] === refs[(sp + 2) >> 1];
      refs[sp >> 1] = null;
      refs[(sp + 2) >> 1] = null;
      i32[sp] = eq ? 1 : 0;
      return sp + 2;
    }
    case 0x400: // struct.new x
    case 0x401: { // struct.new_default x
      const layout = layoutOf(x);
      const t = allocate(m, layout.payloadBytes);
      if (t !== 0) return -t;
      const s = newStruct(x, layout, op === 0x401);
      if (op === 0x400) {
        sp -= layout.stackWords;
        for (let k = 0; k < layout.storage.length; k++) storeField(m, sp + layout.words[k]!, layout.storage[k]!, s.refs!, layout.offsets[k]!);
      }
      refs[sp >> 1] = s;
      return sp + 2;
    }
    case 0x402: // struct.get x y
    case 0x403: // struct.get_s
    case 0x404: { // struct.get_u
      const s = objectAt(m, sp - 2);
      if (s === null) return -TrapCode.NULL_STRUCTURE_REFERENCE;
      const layout = layoutOf(x);
      const st = layout.storage[y]!;
      refs[(sp - 2) >> 1] = null;
      loadField(m, sp - 2, st, s.refs!, layout.offsets[y]!, op === 0x403);
      return st === V128 ? sp + 2 : sp;
    }
    case 0x405: { // struct.set x y
      const layout = layoutOf(x);
      const s = layout.storage[y]!;
      const w = s === V128 ? 4 : 2;
      const base = sp - w - 2;
      const obj = objectAt(m, base);
      if (obj === null) return -TrapCode.NULL_STRUCTURE_REFERENCE;
      storeField(m, base + 2, s, obj.refs!, layout.offsets[y]!);
      refs[base >> 1] = null;
      return base;
    }
    case 0x406: // array.new x  [t i32]
    case 0x407: { // array.new_default x  [i32]
      const layout = layoutOf(x);
      const n = i32[sp - 2]! >>> 0;
      const t = allocate(m, elemSpan(layout, n));
      if (t !== 0) return -t;
      const a = newArray(x, layout, n);
      let base = sp - 2;
      if (op === 0x406) {
        base -= layout.elemWords;
        const s = layout.storage[0]!;
        if (n > 0) {
          store(m, base, s, a, 0);
          fillAfter(a, layout, 0, n - 1);
        }
        refs[base >> 1] = null;
      }
      refs[base >> 1] = a;
      return base + 2;
    }
    case 0x408: { // array.new_fixed x n  [t^n]
      const layout = layoutOf(x);
      const t = allocate(m, elemSpan(layout, y));
      if (t !== 0) return -t;
      const a = newArray(x, layout, y);
      const base = sp - y * layout.elemWords;
      const s = layout.storage[0]!;
      for (let k = 0; k < y; k++) store(m, base + k * layout.elemWords, s, a, elemOffset(layout, k));
      refs[base >> 1] = a;
      return base + 2;
    }
    case 0x409: // array.new_data x d  [s n]
    case 0x40a: { // array.new_elem x e  [s n]
      const layout = layoutOf(x);
      const base = sp - 4;
      const s = i32[base]! >>> 0;
      const n = i32[base + 2]! >>> 0;
      if (op === 0x409) {
        const bytes = n * layout.elemBytes;
        const seg = inst.module.datas[y]!;
        const len = inst.droppedData[y] ? 0 : seg.dataEnd - seg.dataStart;
        if (s + bytes > len) return -TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
        const t = allocate(m, bytes);
        if (t !== 0) return -t;
        const a = newArray(x, layout, n);
        if (bytes > 0) new Uint8Array(a.data!.buffer).set(inst.module.bytes.subarray(seg.dataStart + s, seg.dataStart + s + bytes));
        refs[base >> 1] = a;
      } else {
        const elems = inst.elems[y] ?? null;
        const len = elems === null ? 0 : elems.length;
        if (s + n > len) return -TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
        const t = allocate(m, elemSpan(layout, n));
        if (t !== 0) return -t;
        const a = newArray(x, layout, n);
        for (let k = 0; k < n; k++) a.refs![k] = elems![s + k];
        refs[base >> 1] = a;
      }
      return base + 2;
    }
    case 0x40b: // array.get x  [ref i32]
    case 0x40c: // array.get_s
    case 0x40d: { // array.get_u
      const base = sp - 4;
      const a = objectAt(m, base) as GcArray | null;
      if (a === null) return -TrapCode.NULL_ARRAY_REFERENCE;
      const i = i32[base + 2]! >>> 0;
      if (i >= a.length) return -TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS;
      const layout = layoutOf(x);
      refs[base >> 1] = null;
      load(m, base, layout.storage[0]!, a, elemOffset(layout, i), op === 0x40c);
      return base + (layout.elemWords === 4 ? 4 : 2);
    }
    case 0x40e: { // array.set x  [ref i32 t]
      const layout = layoutOf(x);
      const base = sp - layout.elemWords - 4;
      const a = objectAt(m, base) as GcArray | null;
      if (a === null) return -TrapCode.NULL_ARRAY_REFERENCE;
      const i = i32[base + 2]! >>> 0;
      if (i >= a.length) return -TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS;
      store(m, base + 4, layout.storage[0]!, a, elemOffset(layout, i));
      refs[base >> 1] = null;
      return base;
    }
    case 0x40f: { // array.len  [ref]
      const a = objectAt(m, sp - 2) as GcArray | null;
      if (a === null) return -TrapCode.NULL_ARRAY_REFERENCE;
      refs[(sp - 2) >> 1] = null;
      i32[sp - 2] = a.length;
      return sp;
    }
    case 0x410: { // array.fill x  [ref d t n]
      const layout = layoutOf(x);
      const base = sp - layout.elemWords - 6;
      const a = objectAt(m, base) as GcArray | null;
      const d = i32[base + 2]! >>> 0;
      const n = i32[sp - 2]! >>> 0;
      if (a === null) return -TrapCode.NULL_ARRAY_REFERENCE;
      if (d + n > a.length) return -TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS;
      if (!chargeBytes(m, elemSpan(layout, n))) return -TrapCode.OUT_OF_GAS;
      if (n > 0) {
        store(m, base + 4, layout.storage[0]!, a, elemOffset(layout, d));
        fillAfter(a, layout, d, n - 1);
      }
      refs[(base + 4) >> 1] = null;
      refs[base >> 1] = null;
      return base;
    }
    case 0x411: { // array.copy x y  [dst d src s n]
      const base = sp - 10;
      const dst = objectAt(m, base) as GcArray | null;
      const d = i32[base + 2]! >>> 0;
      const src = objectAt(m, base + 4) as GcArray | null;
      const s = i32[base + 6]! >>> 0;
      const n = i32[base + 8]! >>> 0;
      if (dst === null || src === null) return -TrapCode.NULL_ARRAY_REFERENCE;
      if (d + n > dst.length || s + n > src.length) return -TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS;
      const layout = layoutOf(x);
      if (!chargeBytes(m, elemSpan(layout, n))) return -TrapCode.OUT_OF_GAS;
      copyElems(dst, d, src, s, n, layout);
      refs[base >> 1] = null;
      refs[(base + 4) >> 1] = null;
      return base;
    }
    case 0x412: // array.init_data x d  [ref d s n]
    case 0x413: { // array.init_elem x e  [ref d s n]
      const base = sp - 8;
      const a = objectAt(m, base) as GcArray | null;
      const d = i32[base + 2]! >>> 0;
      const s = i32[base + 4]! >>> 0;
      const n = i32[base + 6]! >>> 0;
      if (a === null) return -TrapCode.NULL_ARRAY_REFERENCE;
      if (d + n > a.length) return -TrapCode.OUT_OF_BOUNDS_ARRAY_ACCESS;
      const layout = layoutOf(x);
      if (op === 0x412) {
        const bytes = n * layout.elemBytes;
        const seg = inst.module.datas[y]!;
        const len = inst.droppedData[y] ? 0 : seg.dataEnd - seg.dataStart;
        if (s + bytes > len) return -TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
        if (!chargeBytes(m, bytes)) return -TrapCode.OUT_OF_GAS;
        if (bytes > 0) new Uint8Array(a.data!.buffer).set(inst.module.bytes.subarray(seg.dataStart + s, seg.dataStart + s + bytes), d * layout.elemBytes);
      } else {
        const elems = inst.elems[y] ?? null;
        const len = elems === null ? 0 : elems.length;
        if (s + n > len) return -TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
        if (!chargeBytes(m, elemSpan(layout, n))) return -TrapCode.OUT_OF_GAS;
        for (let k = 0; k < n; k++) a.refs![d + k] = elems![s + k];
      }
      refs[base >> 1] = null;
      return base;
    }
    case 0x414: // ref.test (ref ht) / (ref null ht): x = heap type, y = nullable
    case 0x415: {
      const w = (sp - 2) >> 1;
      const ok = refTest(refs[w], x, y);
      refs[w] = null;
      i32[sp - 2] = ok ? 1 : 0;
      return sp;
    }
    case 0x416: // ref.cast
    case 0x417:
      if (!refTest(refs[(sp - 2) >> 1], x, y)) return -TrapCode.CAST_FAILURE;
      return sp;
    case 0x41a: { // any.convert_extern
      const w = (sp - 2) >> 1;
      refs[w] = internalize(refs[w]);
      return sp;
    }
    case 0x41b: { // extern.convert_any
      const w = (sp - 2) >> 1;
      refs[w] = externalize(refs[w]);
      return sp;
    }
    case 0x41c: // ref.i31: the low 31 bits, sign-extended (i31.get_s's value)
      refs[(sp - 2) >> 1] = (i32[sp - 2]! << 1) >> 1;
      return sp;
    case 0x41d: // i31.get_s
    case 0x41e: { // i31.get_u
      const w = (sp - 2) >> 1;
      const v = refs[w] as number | null;
      if (v === null) return -TrapCode.NULL_I31_REFERENCE;
      refs[w] = null;
      i32[sp - 2] = op === 0x41d ? v : v & 0x7fffffff;
      return sp;
    }
    default:
      throw new Error(`gcOp: opcode 0x${op.toString(16)}`);
  }
}

/** Gives the `n` elements after element `from` of `a` its value (array.new, array.fill). */
function fillAfter(a: GcArray, layout: Layout, from: number, n: number): void {
  if (layout.elemBytes === 0) {
    a.refs!.fill(a.refs![from], from + 1, from + 1 + n);
    return;
  }
  const size = layout.elemBytes;
  const bytes = new Uint8Array(a.data!.buffer);
  // Doubling copies of the filled prefix: log2(n) copyWithin calls.
  const total = n + 1;
  let done = 1;
  while (done < total) {
    const k = Math.min(done, total - done);
    bytes.copyWithin((from + done) * size, from * size, (from + k) * size);
    done += k;
  }
}

/** array.copy: `n` elements from src[s] to dst[d]; overlapping ranges copy as if through a buffer. */
function copyElems(dst: GcArray, d: number, src: GcArray, s: number, n: number, layout: Layout): void {
  if (n === 0) return;
  if (layout.elemBytes === 0) {
    const to = dst.refs!;
    const from = src.refs!;
    if (to === from && d > s) for (let k = n - 1; k >= 0; k--) to[d + k] = from[s + k];
    else for (let k = 0; k < n; k++) to[d + k] = from[s + k];
    return;
  }
  const size = layout.elemBytes;
  const to = new Uint8Array(dst.data!.buffer);
  if (dst === src) to.copyWithin(d * size, s * size, (s + n) * size);
  else to.set(new Uint8Array(src.data!.buffer, s * size, n * size), d * size);
}
