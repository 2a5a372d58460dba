/**
 * Values exchanged between the spec runner and an engine adapter, parsed from wast2json JSON, and
 * the matching of results against `assert_return` patterns (spec interpreter README, "Scripts":
 * `nan:canonical`, `nan:arithmetic`; spec §4.3.3 for canonical and arithmetic NaNs).
 *
 * Values are raw bit patterns, never JS numbers for floats, so NaN payloads survive the trip:
 * i32/f32 as an unsigned 32-bit number, i64/f64 as an unsigned 64-bit bigint, v128 as 16 bytes
 * (little-endian lanes). BigInt is fine here: this is test code, not the engine.
 */
import type { JsonExpected, JsonValue } from './commands.js';

/** A reference: null, a non-null funcref (identity not observable in the JSON), or a host ref number. */
export type SpecRef = null | 'func' | number;

export type SpecValue =
  | { readonly type: 'i32' | 'f32'; readonly bits: number }
  | { readonly type: 'i64' | 'f64'; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bytes: Uint8Array }
  | { readonly type: 'funcref' | 'externref' | 'exnref'; readonly ref: SpecRef };

/** One lane (or a scalar) of a pattern: exact bits or a NaN class. */
type LanePattern = { readonly nan: 'canonical' | 'arithmetic' } | { readonly bits: bigint };

/** A parsed `assert_return` pattern. */
export type ValuePattern =
  | { readonly type: 'i32' | 'i64' | 'f32' | 'f64'; readonly lane: LanePattern }
  | { readonly type: 'v128'; readonly laneType: string; readonly lanes: readonly LanePattern[] }
  | { readonly type: 'funcref' | 'externref' | 'exnref'; readonly ref: SpecRef | 'any' }
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

function parseRef(value: string | undefined): SpecRef | 'any' {
  if (value === undefined) return 'any';
  if (value === 'null') return null;
  return Number(value);
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
    case 'funcref':
    case 'exnref':
    case 'externref': {
      const ref = parseRef(typeof text === 'string' ? text : undefined);
      if (ref === 'any') throw new Error(`reference argument without value: ${JSON.stringify(v)}`);
      // A funcref argument is only ever null in the JSON; a number would be a function identity.
      return { type: v.type, ref: v.type !== 'externref' && ref !== null ? 'func' : ref };
    }
    default:
      throw new Error(`unsupported argument type ${v.type}`);
  }
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
    case 'funcref':
    case 'exnref':
    case 'externref':
      return { type: v.type, ref: parseRef(typeof v.value === 'string' ? v.value : undefined) };
    default:
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
    case 'funcref':
    case 'exnref':
    case 'externref': {
      const ref = (actual as { ref: SpecRef }).ref;
      if (pattern.ref === 'any') return ref !== null;
      if (pattern.ref === null) return ref === null;
      // funcref identities are not observable through the JSON: any non-null function matches.
      return pattern.type !== 'externref' ? ref !== null : ref === pattern.ref;
    }
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
    case 'funcref':
    case 'exnref':
    case 'externref': return `${v.type}:${v.ref === null ? 'null' : String(v.ref)}`;
  }
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
    case 'funcref':
    case 'exnref':
    case 'externref':
      return `${p.type}:${p.ref === 'any' ? 'non-null' : p.ref === null ? 'null' : String(p.ref)}`;
  }
}
