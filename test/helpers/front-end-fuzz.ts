/**
 * Test helper: the front-end fuzzer (decoder + validator, and instantiation of what compiles).
 * Used by test/props/front-end.test.ts with fixed seeds and small run counts; a longer fuzz run can
 * import the same functions with its own seed and `numRuns`.
 *
 * The property (spec §5 / §3, STYLE.md "Tests"): for any bytes, `compile` returns or throws
 * MalformedError / InvalidError, never anything else (no TypeError / RangeError from a bad index,
 * no InternalError, no stack overflow), and the error offset lies within the input. When it
 * compiles and has no start function (which could loop forever), `instantiate` with an empty
 * import object returns or throws LinkError / Trap only.
 *
 * API:
 *   - `checkFrontEnd(bytes, { instantiate })`: runs the property on one input; returns the outcome
 *     or throws an Error describing the violation.
 *   - `mutationArb()`, `applyMutations(bytes, mutations)`: bit flips, byte replacement, truncation,
 *     insertion, deletion, LEB stretching (a one-byte LEB128 rewritten as a padded multi-byte one,
 *     optionally with the enclosing section and body sizes fixed so decoding goes deeper).
 *   - `randomModuleArb()`: random bytes, header + random bytes, header + random sections.
 *   - `fuzzRandomBytes(opts)`, `fuzzMutations(modules, opts)`: run the property with fast-check
 *     (`fc.assert`, so failures print the seed and a replay path) and return outcome counts.
 *   - `loadSpecModules(dir)`: every binary `module` command of the wast2json files in `dir`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { decodeModule } from '../../src/decoder/decode.js';
import { InvalidError, LinkError, MalformedError, Trap } from '../../src/errors.js';
import { compile, instantiate } from '../../src/index.js';
import { listSpecFiles } from '../spec/paths.js';

/** Options of every instantiation: small caps so mutated sizes cannot exhaust the machine. */
export const FUZZ_INSTANTIATE_OPTIONS = Object.freeze({ maxCallDepth: 100, maxMemoryPages: 16, maxTableElements: 10_000 });

export type FrontEndOutcome = 'compiled' | 'instantiated' | 'link-error' | 'trap' | 'malformed' | 'invalid';

export interface CheckOptions {
  /** Instantiate modules that compile and have no start section (default true). */
  readonly instantiate?: boolean;
}

function hex(bytes: Uint8Array): string {
  const shown = [...bytes.subarray(0, 256)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return bytes.length > 256 ? `${shown}... (${bytes.length} bytes)` : shown;
}

function violation(what: string, bytes: Uint8Array, e: unknown): Error {
  const detail = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
  return new Error(`${what} on input ${hex(bytes)}\n${detail}`, { cause: e });
}

/** Runs the front-end property on one input (see the file comment). */
export function checkFrontEnd(bytes: Uint8Array, options: CheckOptions = {}): FrontEndOutcome {
  let module: ReturnType<typeof compile>;
  try {
    module = compile(bytes);
  } catch (e) {
    if (e instanceof MalformedError || e instanceof InvalidError) {
      if (!Number.isSafeInteger(e.offset) || e.offset < 0 || e.offset > bytes.length) {
        throw violation(`${e.name} offset ${e.offset} outside the input`, bytes, e);
      }
      if (typeof e.message !== 'string' || e.message === '') throw violation('error without message', bytes, e);
      return e instanceof MalformedError ? 'malformed' : 'invalid';
    }
    throw violation('compile threw something other than MalformedError / InvalidError', bytes, e);
  }
  if (options.instantiate === false) return 'compiled';
  let hasStart: boolean;
  try {
    hasStart = decodeModule(bytes).start >= 0;
  } catch (e) {
    throw violation('decodeModule failed on a module compile accepted', bytes, e);
  }
  if (hasStart) return 'compiled';
  try {
    instantiate(module, {}, FUZZ_INSTANTIATE_OPTIONS);
    return 'instantiated';
  } catch (e) {
    if (e instanceof LinkError) return 'link-error';
    if (e instanceof Trap) return 'trap';
    throw violation('instantiate threw something other than LinkError / Trap', bytes, e);
  }
}

// ---------------------------------------------------------------- mutations

export type Mutation =
  | { readonly kind: 'flip'; readonly pos: number; readonly bit: number }
  | { readonly kind: 'set'; readonly pos: number; readonly value: number }
  | { readonly kind: 'truncate'; readonly pos: number }
  | { readonly kind: 'insert'; readonly pos: number; readonly bytes: readonly number[]; readonly fixSizes: boolean }
  | { readonly kind: 'delete'; readonly pos: number; readonly count: number; readonly fixSizes: boolean }
  | { readonly kind: 'stretch'; readonly pos: number; readonly width: number; readonly signed: boolean; readonly fixSizes: boolean };

/** Byte values that mean something to the decoder (ends, prefixes, LEB edges, type bytes). */
const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x0b, 0x0f, 0x10, 0x3f, 0x40, 0x41, 0x60, 0x6f, 0x70, 0x7b, 0x7f, 0x80, 0xc0, 0xfc, 0xfd, 0xff];
const INTERESTING_RUNS = [[0xff, 0xff, 0xff, 0xff, 0x0f], [0x80, 0x80, 0x80, 0x80, 0x00], [0x0b], [0x02, 0x40], [0xfc], [0x00]];

/** One mutation; positions are taken modulo the input length when applied. */
export function mutationArb(): fc.Arbitrary<Mutation> {
  const pos = fc.nat({ max: 1 << 20 });
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...INTERESTING_BYTES));
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip' as const), pos, bit: fc.integer({ min: 0, max: 7 }) }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), pos, value: byte }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), pos }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('insert' as const), pos,
        bytes: fc.oneof(fc.array(byte, { minLength: 1, maxLength: 8 }), fc.constantFrom(...INTERESTING_RUNS)),
        fixSizes: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('delete' as const), pos, count: fc.integer({ min: 1, max: 8 }), fixSizes: fc.boolean() }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('stretch' as const), pos, width: fc.integer({ min: 2, max: 6 }), signed: fc.boolean(), fixSizes: fc.boolean(),
      }),
    },
  );
}

/**
 * Applies the mutations in order; never mutates `input`. With `spareHeader`, positions fall after
 * the 8-byte header (most spec modules are tiny, so otherwise a third of all mutations would only
 * test the header check).
 */
export function applyMutations(input: Uint8Array, mutations: readonly Mutation[], spareHeader = false): Uint8Array {
  let bytes = input;
  for (const m of mutations) bytes = applyMutation(bytes, m, spareHeader && bytes.length > 8 ? 8 : 0);
  return bytes;
}

function splice(bytes: Uint8Array, start: number, deleteCount: number, insert: readonly number[]): Uint8Array {
  const out = new Uint8Array(bytes.length - deleteCount + insert.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(insert, start);
  out.set(bytes.subarray(start + deleteCount), start + insert.length);
  return out;
}

/** Splices, re-encoding the enclosing section and body sizes when `fixSizes` and possible. */
function spliceMaybeFixing(bytes: Uint8Array, at: number, deleteCount: number, insert: readonly number[], fixSizes: boolean): Uint8Array {
  if (fixSizes) {
    const fixed = spliceFixingSizes(bytes, at, deleteCount, insert);
    if (fixed !== null) return fixed;
  }
  return splice(bytes, at, deleteCount, insert);
}

/** `lo`: first position a mutation may touch. */
function applyMutation(bytes: Uint8Array, m: Mutation, lo: number): Uint8Array {
  const n = bytes.length;
  const span = n - lo;
  switch (m.kind) {
    case 'flip': {
      if (span <= 0) return bytes;
      const out = bytes.slice();
      out[lo + (m.pos % span)]! ^= 1 << m.bit;
      return out;
    }
    case 'set': {
      if (span <= 0) return bytes;
      const out = bytes.slice();
      out[lo + (m.pos % span)] = m.value;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, lo + (m.pos % (span + 1)));
    case 'insert':
      return spliceMaybeFixing(bytes, lo + (m.pos % (span + 1)), 0, m.bytes, m.fixSizes);
    case 'delete': {
      if (span <= 0) return bytes;
      const at = lo + (m.pos % span);
      return spliceMaybeFixing(bytes, at, Math.min(m.count, n - at), [], m.fixSizes);
    }
    case 'stretch':
      return stretch(bytes, m, lo);
  }
}

/**
 * Rewrites the first plausible one-byte LEB128 at or after `pos` (a byte < 0x80 not preceded by a
 * continuation byte) as a `width`-byte encoding of the same value: zero padding, or sign padding
 * when `signed` and bit 6 is set. Widths over 5 are "too long" for 32-bit integers on purpose.
 */
function stretch(bytes: Uint8Array, m: Extract<Mutation, { kind: 'stretch' }>, lo: number): Uint8Array {
  const n = bytes.length;
  const span = n - lo;
  if (span <= 0) return bytes;
  let at = -1;
  for (let k = 0; k < span; k++) {
    const i = lo + ((m.pos + k) % span);
    if (bytes[i]! < 0x80 && (i === 0 || bytes[i - 1]! < 0x80)) {
      at = i;
      break;
    }
  }
  if (at < 0) return bytes;
  const b = bytes[at]!;
  const isNegative = m.signed && (b & 0x40) !== 0;
  const enc = [b | 0x80];
  for (let k = 1; k < m.width - 1; k++) enc.push(isNegative ? 0xff : 0x80);
  enc.push(isNegative ? 0x7f : 0x00);
  return spliceMaybeFixing(bytes, at, 1, enc, m.fixSizes);
}

/** Minimal unsigned LEB128 (sizes only). */
function ulebBytes(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Reads an unsigned LEB128 at `pos` (up to 5 bytes), or null when it runs off the end. */
function readUleb(bytes: Uint8Array, pos: number, end: number): { value: number; next: number } | null {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 5; i++) {
    if (pos + i >= end) return null;
    const b = bytes[pos + i]!;
    value += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return null;
}

/**
 * Replaces bytes [at, at + deleteCount) by `insert` and re-encodes the size of the enclosing
 * section and, inside the code section, of the enclosing function body, so the change is read in
 * context. Null when the range is not inside one well-framed section's content.
 */
function spliceFixingSizes(bytes: Uint8Array, at: number, deleteCount: number, insert: readonly number[]): Uint8Array | null {
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos]!;
    const size = readUleb(bytes, pos + 1, bytes.length);
    if (size === null) return null;
    const start = size.next;
    const end = start + size.value;
    if (end > bytes.length) return null;
    // An insertion at `end` belongs to the section (it appends to its content).
    if (at >= start && (at < end || (deleteCount === 0 && at === end)) && at + deleteCount <= end) {
      let content = splice(bytes.subarray(start, end), at - start, deleteCount, insert);
      if (id === 10) content = fixBodySize(bytes, start, end, at, deleteCount, insert) ?? content;
      const out = [...bytes.subarray(0, pos + 1), ...ulebBytes(content.length), ...content, ...bytes.subarray(end)];
      return Uint8Array.from(out);
    }
    pos = end;
  }
  return null;
}

function fixBodySize(
  bytes: Uint8Array, start: number, end: number, at: number, deleteCount: number, insert: readonly number[],
): Uint8Array | null {
  const count = readUleb(bytes, start, end);
  if (count === null) return null;
  let pos = count.next;
  for (let i = 0; i < count.value && pos < end; i++) {
    const size = readUleb(bytes, pos, end);
    if (size === null) return null;
    const bodyStart = size.next;
    const bodyEnd = bodyStart + size.value;
    if (bodyEnd > end) return null;
    if (at >= bodyStart && at + Math.max(deleteCount, 1) <= bodyEnd) {
      const newBody = splice(bytes.subarray(bodyStart, bodyEnd), at - bodyStart, deleteCount, insert);
      return Uint8Array.from([
        ...bytes.subarray(start, pos), ...ulebBytes(newBody.length), ...newBody, ...bytes.subarray(bodyEnd, end),
      ]);
    }
    pos = bodyEnd;
  }
  return null;
}

// ---------------------------------------------------------------- random modules

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const SECTION_RANK = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10];

/** Random inputs: raw bytes, header + raw bytes, header + well-framed random sections. */
export function randomModuleArb(): fc.Arbitrary<Uint8Array> {
  const raw = fc.uint8Array({ maxLength: 64 });
  const headed = fc.uint8Array({ maxLength: 256 }).map((b) => Uint8Array.from([...HEADER, ...b]));
  const sectionArb = fc.record({ id: fc.integer({ min: 0, max: 12 }), content: fc.uint8Array({ maxLength: 48 }) });
  const framed = fc.tuple(fc.array(sectionArb, { maxLength: 8 }), fc.boolean()).map(([secs, sorted]) => {
    const ordered = sorted ? [...secs].sort((a, b) => SECTION_RANK[a.id]! - SECTION_RANK[b.id]!) : secs;
    return Uint8Array.from([...HEADER, ...ordered.flatMap((s) => [s.id, ...ulebBytes(s.content.length), ...s.content])]);
  });
  return fc.oneof(raw, headed, framed);
}

// ---------------------------------------------------------------- runners

export interface FuzzOptions {
  readonly seed: number;
  readonly numRuns: number;
  readonly instantiate?: boolean;
}

export type FuzzStats = Record<FrontEndOutcome, number>;

function emptyStats(): FuzzStats {
  return { compiled: 0, instantiated: 0, 'link-error': 0, trap: 0, malformed: 0, invalid: 0 };
}

/** The property on random inputs ({@link randomModuleArb}). */
export function fuzzRandomBytes(opts: FuzzOptions): FuzzStats {
  const stats = emptyStats();
  fc.assert(fc.property(randomModuleArb(), (bytes) => {
    stats[checkFrontEnd(bytes, { instantiate: opts.instantiate ?? true })]++;
  }), { seed: opts.seed, numRuns: opts.numRuns });
  return stats;
}

/** The property on 1-4 random mutations of modules sampled from `modules`. */
export function fuzzMutations(modules: readonly SpecModule[], opts: FuzzOptions): FuzzStats {
  if (modules.length === 0) throw new Error('no modules to mutate');
  const stats = emptyStats();
  const arb = fc.tuple(
    fc.nat({ max: modules.length - 1 }),
    fc.array(mutationArb(), { minLength: 1, maxLength: 4 }),
    fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  );
  fc.assert(fc.property(arb, ([idx, mutations, spareHeader]) => {
    const bytes = applyMutations(modules[idx]!.bytes, mutations, spareHeader);
    stats[checkFrontEnd(bytes, { instantiate: opts.instantiate ?? true })]++;
  }), { seed: opts.seed, numRuns: opts.numRuns });
  return stats;
}

// ---------------------------------------------------------------- spec modules

export interface SpecModule {
  /** `file.json:line`. */
  readonly name: string;
  readonly bytes: Uint8Array;
}

interface Command {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly module_type?: string;
}

/** Every binary `module` command (modules the suite expects to be valid) of the JSON files in `dir`. */
export function loadSpecModules(dir: string): SpecModule[] {
  const out: SpecModule[] = [];
  for (const file of listSpecFiles(dir)) {
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { commands: readonly Command[] };
    for (const c of json.commands) {
      if (c.type !== 'module' || c.filename === undefined || !c.filename.endsWith('.wasm')) continue;
      if (c.module_type !== undefined && c.module_type !== 'binary') continue;
      out.push({ name: `${file}:${c.line}`, bytes: new Uint8Array(readFileSync(join(dir, c.filename))) });
    }
  }
  return out;
}
