/**
 * Values exchanged between the spec runner and an engine adapter, parsed from wast2json JSON, and
 * the matching of results against `assert_return` patterns (spec interpreter README, "Scripts":
 * `nan:canonical`, `nan:arithmetic`; spec §4.3.3 for canonical and arithmetic NaNs).
 *
 * Values are raw bit patterns, never JS numbers for floats, so NaN payloads survive the trip:
 * i32/f32 as an unsigned 32-bit number, i64/f64 as an unsigned 64-bit bigint, v128 as 16 bytes
 * (little-endian lanes). BigInt is fine here: this is test code, not the engine.
 *
 * References (3.0 GC script values, spec interpreter README "Scripts"; the JSON names follow
 * wast2json where it has a form and wasm-tools `json-from-wast` otherwise):
 *
 * | script | JSON | as argument | as result |
 * | --- | --- | --- | --- |
 * | `(ref.null func/extern/exn)` | `funcref`/`externref`/`exnref`, value `null` | null | any null |
 * | `(ref.null any/eq/i31/struct/array)` | `anyref`/`eqref`/`i31ref`/`structref`/`arrayref`, `null` | null | any null |
 * | `(ref.null none/nofunc/noextern/noexn)` | `nullref`/`nullfuncref`/`nullexternref`/`nullexnref`, `null` | null | any null |
 * | `(ref.null N)` (a type index) | `ref`, value `null`, `heap_type` N | null | any null |
 * | `(ref.null)` | `refnull` | | any null |
 * | `(ref.extern N)` / `(ref.host N)` | `externref` / `anyref`, value N | host value N | host value N |
 * | `(ref.func)`, `(ref.exn)` | `funcref` / `exnref`, no value | | a function / any non-null |
 * | `(ref.extern)`, `(ref.any)` | `externref` / `anyref`, no value | | any non-null |
 * | `(ref.eq)` | `eqref`, no value | | an i31, struct or array |
 * | `(ref.i31)`, `(ref.struct)`, `(ref.array)` | `i31ref`, `structref`, `arrayref`, no value | | that kind |
 *
 * A null pattern matches a null of any type (the JS API has one null); wast2json writes `(ref.null)`
 * as a funcref null and `(ref.func)` as funcref `0` (wabt 1.0.41), both read as written.
 */
import type { JsonExpected, JsonValue } from './commands.js';

/** Reference type names of script values; `ref` is a reference whose type the script leaves open. */
export const REF_TYPES = [
  'funcref', 'externref', 'exnref', 'anyref', 'eqref', 'i31ref', 'structref', 'arrayref',
  'nullref', 'nullfuncref', 'nullexternref', 'nullexnref', 'ref',
] as const;
export type RefTypeName = (typeof REF_TYPES)[number];

/** True for a reference type name of {@link REF_TYPES}, or `refnull` (the any-null pattern). */
export function isRefTypeName(type: string): type is RefTypeName | 'refnull' {
  return type === 'refnull' || (REF_TYPES as readonly string[]).includes(type);
}

/**
 * A reference value: null; a function, or a non-null exnref (`'func'`: identities are not
 * observable in scripts); host value N (a number); an i31 with its signed value; a struct or an
 * array (identity not observable); `'struct-or-array'` where the engine cannot tell which.
 */
export type SpecRef = null | 'func' | number | { readonly i31: number } | 'struct' | 'array' | 'struct-or-array';

export type SpecValue =
  | { readonly type: 'i32' | 'f32'; readonly bits: number }
  | { readonly type: 'i64' | 'f64'; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  | { readonly type: RefTypeName; readonly ref: SpecRef };

/** One lane (or a scalar) of a pattern: exact bits or a NaN class. */
type LanePattern = { readonly nan: 'canonical' | 'arithmetic' } | { readonly bits: bigint };

/** What a reference pattern accepts (see the table above). */
type RefPattern = 'null' | 'non-null' | 'func' | 'eq' | 'i31' | 'struct' | 'array' | { readonly host: number };

/** A parsed `assert_return` pattern. */
export type ValuePattern =
  | { readonly type: 'i32' | 'i64' | 'f32' | 'f64'; readonly lane: LanePattern }
  | { readonly type: 'v128'; readonly laneType: string; readonly lanes: readonly LanePattern[] }
  | { readonly type: RefTypeName | 'refnull'; readonly ref: RefPattern }
  | { readonly type: 'either'; readonly alternatives: readonly ValuePattern[] };

const LANE_BITS: Readonly<Record<string, number>> = { i8: 8, i16: 16, i32: 32, i64: 64, f32: 32, f64: 64 };
const MASK32 = 0xffffffffn;
const MASK64 = 0xffffffffffffffffn;

function bitsOf(text: string, width: number): bigint {
  // wast2json writes unsigned decimal bit patterns; accept a sign anyway and wrap.
  return BigInt.asUintN(width, BigInt(text));
}

function lanesToBytes(laneType: string, lanes: readonly string[]): Uint8Array {
  const width = LANE_BITS[laneType];
  if (width === undefined || lanes.length * width !== 128) {
    throw new Error(`bad v128 literal: ${laneType} x ${lanes.length}`);
  }
  const bytes = new Uint8Array(16);
  const laneBytes = width / 8;
  lanes.forEach((lane, i) => {
    let v = bitsOf(lane, width);
    for (let b = 0; b < laneBytes; b++) {
      bytes[i * laneBytes + b] = Number(v & 0xffn);
      v >>= 8n;
    }
  });
  return bytes;
}

/** The non-null kind a reference pattern without value stands for, by JSON type. */
const NON_NULL_KIND: Readonly<Record<string, RefPattern>> = {
  funcref: 'func', externref: 'non-null', exnref: 'non-null', anyref: 'non-null', eqref: 'eq',
  i31ref: 'i31', structref: 'struct', arrayref: 'array',
};

/** Host value N in a hierarchy: the JSON types that carry one (`ref.extern N`, `ref.host N`). */
const HOST_TYPES: readonly string[] = ['externref', 'anyref'];

function parseRefPattern(type: string, value: string | undefined): RefPattern {
  if (value === 'null' || type === 'refnull' || type.startsWith('null') || type === 'ref') {
    if (value !== undefined && value !== 'null') throw new Error(`bad ${type} pattern value ${value}`);
    return 'null';
  }
  if (value === undefined) return NON_NULL_KIND[type] ?? 'non-null';
  // funcref / exnref with a number: wast2json's (ref.func), identities not observable.
  if (!HOST_TYPES.includes(type)) return NON_NULL_KIND[type] ?? 'non-null';
  return { host: Number(value) };
}

/** Parses an argument of an `invoke` action. */
export function parseArg(v: JsonValue): SpecValue {
  const text = v.value;
  switch (v.type) {
    case 'i32':
    case 'f32':
      return { type: v.type, bits: Number(bitsOf(String(text), 32)) };
    case 'i64':
    case 'f64':
      return { type: v.type, bits: bitsOf(String(text), 64) };
    case 'v128':
      if (!Array.isArray(text) || v.lane_type === undefined) throw new Error('bad v128 argument');
      return { type: 'v128', bytes: lanesToBytes(v.lane_type, text) };
    default: {
      if (!isRefTypeName(v.type) || v.type === 'refnull') break;
      if (text === undefined) throw new Error(`reference argument without value: ${JSON.stringify(v)}`);
      if (text === 'null') return { type: v.type, ref: null };
      if (typeof text === 'string' && HOST_TYPES.includes(v.type)) return { type: v.type, ref: Number(text) };
      // A funcref argument is only ever null in the JSON; a number would be a function identity.
      if (v.type === 'funcref' || v.type === 'exnref') return { type: v.type, ref: 'func' };
      throw new Error(`a ${v.type} argument can only be null: ${JSON.stringify(v)}`);
    }
  }
  throw new Error(`unsupported argument type ${v.type}`);
}

function parseLane(text: string, width: number): LanePattern {
  if (text === 'nan:canonical') return { nan: 'canonical' };
  if (text === 'nan:arithmetic') return { nan: 'arithmetic' };
  return { bits: bitsOf(text, width) };
}

/** Parses an expected result of `assert_return`. */
export function parsePattern(v: JsonExpected): ValuePattern {
  if (v.type === 'either') {
    return { type: 'either', alternatives: (v.either ?? []).map((alt) => parsePattern(alt)) };
  }
  switch (v.type) {
    case 'i32':
    case 'f32':
    case 'i64':
    case 'f64':
      return { type: v.type, lane: parseLane(String(v.value), v.type.endsWith('32') ? 32 : 64) };
    case 'v128': {
      const laneType = v.lane_type ?? '';
      const width = LANE_BITS[laneType];
      if (!Array.isArray(v.value) || width === undefined) throw new Error('bad v128 pattern');
      return { type: 'v128', laneType, lanes: v.value.map((lane) => parseLane(lane, width)) };
    }
    default:
      if (isRefTypeName(v.type)) {
        return { type: v.type, ref: parseRefPattern(v.type, typeof v.value === 'string' ? v.value : undefined) };
      }
      throw new Error(`unsupported result type ${v.type}`);
  }
}

/** Options of result matching. */
export interface MatchOptions {
  /**
   * Deterministic profile: `nan:arithmetic` accepts only a canonical NaN (detwasm writes the
   * canonical NaN for every arithmetic NaN result; STYLE.md "Determinism rules").
   */
  readonly strictNaN: boolean;
}

function nanMatches(bits: bigint, width: 32 | 64, nan: 'canonical' | 'arithmetic', options: MatchOptions): boolean {
  const expBits = width === 32 ? 8n : 11n;
  const fracBits = width === 32 ? 23n : 52n;
  const exponent = (bits >> fracBits) & ((1n << expBits) - 1n);
  const fraction = bits & ((1n << fracBits) - 1n);
  const quiet = 1n << (fracBits - 1n);
  if (exponent !== (1n << expBits) - 1n || fraction === 0n) return false; // not a NaN
  if (nan === 'canonical' || options.strictNaN) return fraction === quiet; // either sign
  return (fraction & quiet) !== 0n;
}

function laneMatches(bits: bigint, width: number, isFloat: boolean, p: LanePattern, options: MatchOptions): boolean {
  if ('bits' in p) return bits === p.bits;
  return isFloat && (width === 32 || width === 64) && nanMatches(bits, width, p.nan, options);
}

function readLane(bytes: Uint8Array, index: number, width: number): bigint {
  const laneBytes = width / 8;
  let v = 0n;
  for (let b = laneBytes - 1; b >= 0; b--) v = (v << 8n) | BigInt(bytes[index * laneBytes + b] ?? 0);
  return v;
}

/** True when `actual` matches `pattern`. */
export function matches(actual: SpecValue, pattern: ValuePattern, options: MatchOptions): boolean {
  if (pattern.type === 'either') return pattern.alternatives.some((alt) => matches(actual, alt, options));
  if ('ref' in pattern) return refMatches(actual, pattern.ref);
  if (actual.type !== pattern.type) return false;
  switch (pattern.type) {
    case 'i32':
    case 'f32':
      return laneMatches(BigInt((actual as { bits: number }).bits >>> 0), 32, pattern.type === 'f32', pattern.lane, options);
    case 'i64':
    case 'f64':
      return laneMatches((actual as { bits: bigint }).bits & MASK64, 64, pattern.type === 'f64', pattern.lane, options);
    case 'v128': {
      const bytes = (actual as { bytes: Uint8Array }).bytes;
      const width = LANE_BITS[pattern.laneType] ?? 0;
      const isFloat = pattern.laneType.startsWith('f');
      return pattern.lanes.every((lane, i) => laneMatches(readLane(bytes, i, width), width, isFloat, lane, options));
    }
  }
}

function isI31(r: SpecRef): r is { readonly i31: number } {
  return typeof r === 'object' && r !== null;
}

/** A reference pattern against a value: any reference type, the value's kind decides (see the table above). */
function refMatches(actual: SpecValue, p: RefPattern): boolean {
  if (!('ref' in actual)) return false;
  const r = actual.ref;
  switch (p) {
    case 'null': return r === null;
    case 'non-null': return r !== null;
    case 'func': return r === 'func';
    case 'i31': return isI31(r);
    // 'struct-or-array' (V8 without GC type tests) matches either, loosely.
    case 'struct': return r === 'struct' || r === 'struct-or-array';
    case 'array': return r === 'array' || r === 'struct-or-array';
    case 'eq': return isI31(r) || r === 'struct' || r === 'array' || r === 'struct-or-array';
    default: return r === p.host;
  }
}

function hex(bits: bigint, width: number): string {
  return '0x' + bits.toString(16).padStart(width / 4, '0');
}

/** Renders a value for failure reports, e.g. `i32:42`, `f32:0x7fc00000`. */
export function formatValue(v: SpecValue): string {
  switch (v.type) {
    case 'i32': return `i32:${v.bits >>> 0}`;
    case 'f32': return `f32:${hex(BigInt(v.bits >>> 0) & MASK32, 32)}`;
    case 'i64': return `i64:${v.bits & MASK64}`;
    case 'f64': return `f64:${hex(v.bits & MASK64, 64)}`;
    case 'v128': return `v128:${Array.from(v.bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    default: return `${v.type}:${formatRef(v.ref)}`;
  }
}

function formatRef(r: SpecRef): string {
  if (r === null) return 'null';
  if (isI31(r)) return `i31:${r.i31}`;
  return String(r);
}

function formatLane(p: LanePattern, width: number, isFloat: boolean): string {
  if ('nan' in p) return `nan:${p.nan}`;
  return isFloat ? hex(p.bits, width) : String(p.bits);
}

/** Renders a pattern for failure reports. */
export function formatPattern(p: ValuePattern): string {
  switch (p.type) {
    case 'either': return `either(${p.alternatives.map(formatPattern).join(' | ')})`;
    case 'i32':
    case 'i64':
    case 'f32':
    case 'f64':
      return `${p.type}:${formatLane(p.lane, p.type.endsWith('32') ? 32 : 64, p.type.startsWith('f'))}`;
    case 'v128': {
      const width = LANE_BITS[p.laneType] ?? 0;
      return `v128:${p.laneType}[${p.lanes.map((l) => formatLane(l, width, p.laneType.startsWith('f'))).join(' ')}]`;
    }
    default:
      if (p.type === 'refnull') return 'null (any type)';
      if (typeof p.ref === 'object') return `${p.type}:${p.ref.host}`;
      return `${p.type}:${p.ref === 'null' ? 'null' : 'non-null'}`;
  }
}
