/**
 * The JS API's value conversions (JS API §"ToJSValue" / "ToWebAssemblyValue"), to and from
 * detwasm's exact-bits representation (`floatBits`: f32 as its uint32 pattern, f64 as its
 * uint64 pattern in a bigint), so a JS number's NaN bits reach wasm as the number holds them.
 * i32: ToInt32; i64: ToBigInt64 (a Number is a TypeError); f32: ToNumber rounded to binary32
 * (a NaN keeps its sign and top payload bits, quieted, as the hardware conversion does); f64:
 * ToNumber, bits kept; externref: any value, identity kept; funcref: null or an exported wasm
 * function; the any hierarchy (GC): as detwasm converts it (gc-objects.ts, the JS API's rules);
 * v128 and exnref: TypeError.
 */
import {
  EXNREF, EXTERNREF, F32, F64, FUNCREF, HEAP_ANY, HEAP_ARRAY, HEAP_EQ, HEAP_I31, HEAP_NONE, HEAP_STRUCT, I32, I64, isNullable, isRefType, REF_NON_NULL,
  refFamily, V128,
} from '../types.js';
import type { ValType } from '../types.js';
import { fromEngineFunction, funcInstOfExported } from './identity.js';

const scratch = new DataView(new ArrayBuffer(8));

/** ToWebAssemblyValue(v, t) in detwasm's floatBits representation. */
export function toWasmValue(t: ValType, v: unknown): unknown {
  if (t >= REF_NON_NULL) {
    if (v === null && !isNullable(t)) throw new TypeError('a non-nullable reference cannot be null');
    t = refFamily(t);
  }
  switch (t) {
    case I32: return toNumber(v) | 0;
    case I64: return BigInt.asIntN(64, v as bigint); // ToBigInt: TypeError for a Number, undefined, null, a Symbol
    case F32: return f32BitsOf(toNumber(v));
    case F64: {
      scratch.setFloat64(0, toNumber(v), true);
      return scratch.getBigUint64(0, true);
    }
    case FUNCREF: {
      if (v === null) return null;
      const f = funcInstOfExported(v);
      if (f === undefined) throw new TypeError('a funcref value must be null or an exported wasm function');
      return f;
    }
    case EXTERNREF: return v;
    // The any hierarchy (GC): detwasm's own conversion is the JS API's (an i31-range integer is
    // an i31, a GcStruct / GcArray itself, anything else a host value), checked against the type.
    case HEAP_ANY: case HEAP_EQ: case HEAP_I31: case HEAP_STRUCT: case HEAP_ARRAY: case HEAP_NONE: return v;
    case V128: throw new TypeError('v128 values cannot be passed between wasm and JS');
    case EXNREF: throw new TypeError('exnref values cannot be passed between wasm and JS');
    default: throw new TypeError('unsupported value type');
  }
}

/** ToJSValue of a value detwasm read with floatBits. */
export function toJsValue(t: ValType, w: unknown): unknown {
  if (t >= REF_NON_NULL) t = refFamily(t);
  switch (t) {
    case I32: return w as number;
    case I64: return w as bigint;
    case F32:
      scratch.setUint32(0, w as number, true);
      return scratch.getFloat32(0, true);
    case F64:
      scratch.setBigUint64(0, BigInt.asUintN(64, w as bigint), true);
      return scratch.getFloat64(0, true);
    case FUNCREF: return fromEngineFunction(w);
    case EXTERNREF: return w;
    case HEAP_ANY: case HEAP_EQ: case HEAP_I31: case HEAP_STRUCT: case HEAP_ARRAY: case HEAP_NONE: return w;
    case V128: throw new TypeError('v128 values cannot be passed between wasm and JS');
    case EXNREF: throw new TypeError('exnref values cannot be passed between wasm and JS');
    default: throw new TypeError('unsupported value type');
  }
}

/** ToNumber (unary plus: a BigInt or a Symbol is a TypeError, objects go through valueOf). */
export function toNumber(v: unknown): number {
  return +(v as number);
}

/** binary32 bits of a number: round to nearest even; a NaN keeps sign and top 22 payload bits, quiet bit set. */
function f32BitsOf(x: number): number {
  if (x !== x) {
    scratch.setFloat64(0, x, true);
    const hi = scratch.getUint32(4, true);
    const lo = scratch.getUint32(0, true);
    return ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0x7ffff) << 3) | (lo >>> 29)) >>> 0;
  }
  scratch.setFloat32(0, x, true);
  return scratch.getUint32(0, true);
}

/** JS API DefaultValue: 0 / 0n / undefined for externref / null for the other references. */
export function defaultValue(t: ValType): unknown {
  if (t === I64) return 0n;
  if (t === EXTERNREF || (t >= REF_NON_NULL && refFamily(t) === EXTERNREF)) return undefined;
  if (isRefType(t)) return null;
  return 0;
}
