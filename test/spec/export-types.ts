/**
 * The result types of a module's exported functions and the types of its exported globals, read
 * from its binary by detwasm's decoder (every encoding on): what wast2json writes as `expected` of
 * `action`, `assert_trap`, `assert_exhaustion` and `assert_exception` commands (the result types,
 * without values), needed by wast.ts for the same commands.
 *
 * Type names are wast2json's: i32, i64, f32, f64, v128, and for references the abstract heap type's
 * name (funcref, externref, anyref, eqref, i31ref, structref, arrayref, exnref, nullref,
 * nullfuncref, nullexternref, nullexnref); a reference to a defined type is named after its kind
 * (funcref, structref, arrayref). Nullability is not part of the name (the adapters take these as
 * hints only, and classify a reference by its value).
 */
import { decodeModule } from '../../src/decoder/decode.js';
import { EXTERN_FUNC, EXTERN_GLOBAL, HEAP_CONCRETE, heapTypeOf, isRefType, KIND_ARRAY, KIND_FUNC, typeById } from '../../src/types.js';
import type { ValType } from '../../src/types.js';

const NUM_TYPES: Readonly<Record<number, string>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };

/** Abstract heap types by their one-byte encoding (also the reference type shorthands). */
const HEAP_TYPES: Readonly<Record<number, string>> = {
  0x70: 'funcref', 0x6f: 'externref', 0x6e: 'anyref', 0x6d: 'eqref', 0x6c: 'i31ref', 0x6b: 'structref',
  0x6a: 'arrayref', 0x69: 'exnref', 0x71: 'nullref', 0x73: 'nullfuncref', 0x72: 'nullexternref', 0x74: 'nullexnref',
};

/** The export types of one module: results of each exported function, type of each exported global. */
export interface ExportTypes {
  readonly functions: ReadonlyMap<string, readonly string[]>;
  readonly globals: ReadonlyMap<string, string>;
}

/** wast2json's name of a value type. */
function typeName(t: ValType): string {
  if (!isRefType(t)) {
    const num = NUM_TYPES[t];
    if (num === undefined) throw new Error(`unknown value type 0x${t.toString(16)}`);
    return num;
  }
  const heap = heapTypeOf(t);
  if (heap < HEAP_CONCRETE) return HEAP_TYPES[heap]!;
  const kind = typeById(heap - HEAP_CONCRETE).kind;
  return kind === KIND_FUNC ? 'funcref' : kind === KIND_ARRAY ? 'arrayref' : 'structref';
}

/** Reads the export types of a module binary (a module the script instantiates: well formed). */
export function readExportTypes(bytes: Uint8Array): ExportTypes {
  const m = decodeModule(bytes);
  const functions = new Map<string, readonly string[]>();
  const globals = new Map<string, string>();
  for (const e of m.exports) {
    if (e.kind === EXTERN_FUNC) {
      const type = m.types[m.funcTypeIdxs[e.index] ?? -1];
      if (type === undefined) throw new Error(`export ${e.name}: function ${e.index} has no type`);
      functions.set(e.name, type.results.map(typeName));
    } else if (e.kind === EXTERN_GLOBAL) {
      const g = m.globals[e.index];
      if (g === undefined) throw new Error(`export ${e.name}: no global ${e.index}`);
      globals.set(e.name, typeName(g.valType));
    }
  }
  return { functions, globals };
}
