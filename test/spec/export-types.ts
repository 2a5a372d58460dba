/**
 * The result types of a module's exported functions and the types of its exported globals, read
 * from its binary: what wast2json writes as `expected` of `action`, `assert_trap`,
 * `assert_exhaustion` and `assert_exception` commands (the result types, without values), needed
 * by wast.ts for the same commands. Reads only the type, import, function, global and export
 * sections (spec §5.5; 3.0 §5.5.3 for `rec` / `sub` and the GC composite types, §5.3.4 for the
 * reference types). Test code: a small reader of its own, since detwasm's decoder does not read
 * every encoding the spec tests use (GC types, today).
 *
 * Type names are wast2json's: i32, i64, f32, f64, v128, and for references the abstract heap type's
 * name (funcref, externref, anyref, eqref, i31ref, structref, arrayref, exnref, nullref,
 * nullfuncref, nullexternref, nullexnref); a reference to a defined type is named after its kind
 * (funcref, structref, arrayref). Nullability is not part of the name (the adapters take these as
 * hints only, and classify a reference by its value).
 */

const NUM_TYPES: Readonly<Record<number, string>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };

/** Abstract heap types by their one-byte encoding (also the reference type shorthands). */
const HEAP_TYPES: Readonly<Record<number, string>> = {
  0x70: 'funcref', 0x6f: 'externref', 0x6e: 'anyref', 0x6d: 'eqref', 0x6c: 'i31ref', 0x6b: 'structref',
  0x6a: 'arrayref', 0x69: 'exnref', 0x71: 'nullref', 0x73: 'nullfuncref', 0x72: 'nullexternref', 0x74: 'nullexnref',
};

/** A value type as read: a name, or a reference to defined type `typeIdx` (named once all types are read). */
type ValType = string | { readonly typeIdx: number };

interface CompositeType {
  readonly kind: 'func' | 'struct' | 'array';
  readonly results: readonly ValType[];
}

/** The export types of one module: results of each exported function, type of each exported global. */
export interface ExportTypes {
  readonly functions: ReadonlyMap<string, readonly string[]>;
  readonly globals: ReadonlyMap<string, string>;
}

class Reader {
  offset = 0;
  readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  byte(): number {
    const b = this.bytes[this.offset++];
    if (b === undefined) throw new Error(`unexpected end at byte ${this.offset - 1}`);
    return b;
  }

  /** An unsigned LEB128 (at most 64 bits), as a number (indices and counts fit). */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /** A signed LEB128 (s33 heap types), as a number. */
  s33(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) return (b & 0x40) !== 0 ? result - 2 ** shift : result;
    }
  }

  skip(n: number): void {
    this.offset += n;
  }
}

function heapType(r: Reader): ValType {
  const first = r.bytes[r.offset] ?? 0;
  if (HEAP_TYPES[first] !== undefined) {
    r.skip(1);
    return HEAP_TYPES[first];
  }
  if (first === 0x65) throw new Error('shared heap types are not read'); // shared-everything-threads
  const idx = r.s33();
  if (idx < 0) throw new Error(`unknown heap type ${idx}`);
  return { typeIdx: idx };
}

function valType(r: Reader): ValType {
  const b = r.byte();
  const num = NUM_TYPES[b];
  if (num !== undefined) return num;
  const shorthand = HEAP_TYPES[b];
  if (shorthand !== undefined) return shorthand;
  if (b === 0x63 || b === 0x64) return heapType(r); // (ref null ht), (ref ht)
  throw new Error(`unknown value type 0x${b.toString(16)} at byte ${r.offset - 1}`);
}

function storageType(r: Reader): void {
  const b = r.bytes[r.offset];
  if (b === 0x78 || b === 0x77) r.skip(1); // i8, i16
  else valType(r);
}

function compositeType(r: Reader): CompositeType {
  const form = r.byte();
  switch (form) {
    case 0x60: {
      for (let n = r.u32(); n > 0; n--) valType(r);
      const results: ValType[] = [];
      for (let n = r.u32(); n > 0; n--) results.push(valType(r));
      return { kind: 'func', results };
    }
    case 0x5f:
      for (let n = r.u32(); n > 0; n--) {
        storageType(r);
        r.skip(1); // mutability
      }
      return { kind: 'struct', results: [] };
    case 0x5e:
      storageType(r);
      r.skip(1);
      return { kind: 'array', results: [] };
    default:
      throw new Error(`unknown composite type 0x${form.toString(16)}`);
  }
}

/** A subtype (3.0 `sub` / `sub final` with supertypes, or a bare composite type). */
function subType(r: Reader): CompositeType {
  const b = r.bytes[r.offset];
  if (b === 0x50 || b === 0x4f) {
    r.skip(1);
    for (let n = r.u32(); n > 0; n--) r.u32();
  }
  return compositeType(r);
}

function typeSection(r: Reader, types: CompositeType[]): void {
  for (let n = r.u32(); n > 0; n--) {
    if (r.bytes[r.offset] === 0x4e) {
      r.skip(1);
      for (let m = r.u32(); m > 0; m--) types.push(subType(r));
    } else {
      types.push(subType(r));
    }
  }
}

/** Limits of a table or memory: flags (bit 0 max, bit 2 64-bit; threads' shared bit 1), min, max. */
function limits(r: Reader): void {
  const flags = r.byte();
  r.u32();
  if ((flags & 1) !== 0) r.u32();
}

function tableType(r: Reader): void {
  valType(r);
  limits(r);
}

function globalType(r: Reader): ValType {
  const t = valType(r);
  r.skip(1); // mutability
  return t;
}

function name(r: Reader): string {
  const length = r.u32();
  const s = new TextDecoder().decode(r.bytes.subarray(r.offset, r.offset + length));
  r.skip(length);
  return s;
}

/** Skips a constant expression (global initialisers): instructions up to the outermost `end`. */
function skipConstExpr(r: Reader): void {
  // Constant instructions: *.const, global.get, ref.null, ref.func, the extended-const arithmetic,
  // and the GC allocations (0xfb prefix, immediates: LEB indices). Only their immediates matter here.
  for (;;) {
    const op = r.byte();
    switch (op) {
      case 0x0b: return;
      case 0x41: case 0x42: r.s33(); break; // i32/i64.const (any LEB length)
      case 0x43: r.skip(4); break;
      case 0x44: r.skip(8); break;
      case 0x23: case 0xd2: r.u32(); break; // global.get, ref.func
      case 0xd0: heapType(r); break; // ref.null
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break; // extended-const
      case 0xfd: r.u32(); r.skip(16); break; // v128.const
      case 0xfb: {
        const sub = r.u32();
        // struct.new(_default) t, array.new(_default) t, array.new_fixed t n, ref.i31, any/extern.convert
        if (sub === 0 || sub === 1 || sub === 6 || sub === 7) r.u32();
        else if (sub === 8) { r.u32(); r.u32(); }
        else if (sub !== 0x1c && sub !== 0x1a && sub !== 0x1b) throw new Error(`constant 0xfb ${sub} not read`);
        break;
      }
      default: throw new Error(`constant instruction 0x${op.toString(16)} not read`);
    }
  }
}

/** Reads the export types of a module binary (a module the script instantiates: well formed). */
export function readExportTypes(bytes: Uint8Array): ExportTypes {
  const r = new Reader(bytes);
  r.skip(8); // magic, version
  const types: CompositeType[] = [];
  const funcTypes: number[] = []; // type index of each function, imports first
  const globalTypes: ValType[] = []; // imports first
  const exports: { name: string; kind: number; idx: number }[] = [];
  while (r.offset < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.offset + size;
    switch (id) {
      case 1: typeSection(r, types); break;
      case 2:
        for (let n = r.u32(); n > 0; n--) {
          name(r);
          name(r);
          const kind = r.byte();
          if (kind === 0) funcTypes.push(r.u32());
          else if (kind === 1) tableType(r);
          else if (kind === 2) limits(r);
          else if (kind === 3) globalTypes.push(globalType(r));
          else if (kind === 4) { r.byte(); r.u32(); } // tag: attribute, type index
          else throw new Error(`unknown import kind ${kind}`);
        }
        break;
      case 3:
        for (let n = r.u32(); n > 0; n--) funcTypes.push(r.u32());
        break;
      case 6:
        for (let n = r.u32(); n > 0; n--) {
          globalTypes.push(globalType(r));
          skipConstExpr(r);
        }
        break;
      case 7:
        for (let n = r.u32(); n > 0; n--) exports.push({ name: name(r), kind: r.byte(), idx: r.u32() });
        break;
      default:
        break;
    }
    r.offset = end;
  }
  const typeName = (t: ValType): string => {
    if (typeof t === 'string') return t;
    const kind = types[t.typeIdx]?.kind;
    if (kind === undefined) throw new Error(`type index ${t.typeIdx} out of range`);
    return kind === 'func' ? 'funcref' : `${kind}ref`;
  };
  const functions = new Map<string, readonly string[]>();
  const globals = new Map<string, string>();
  for (const e of exports) {
    if (e.kind === 0) {
      const type = types[funcTypes[e.idx] ?? -1];
      if (type === undefined) throw new Error(`export ${e.name}: function ${e.idx} has no type`);
      functions.set(e.name, type.results.map(typeName));
    } else if (e.kind === 3) {
      const t = globalTypes[e.idx];
      if (t === undefined) throw new Error(`export ${e.name}: no global ${e.idx}`);
      globals.set(e.name, typeName(t));
    }
  }
  return { functions, globals };
}
