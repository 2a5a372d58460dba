/**
 * Bounded work of the front end: decoding (spec §5) plus validation (spec §3, appendix §7.3
 * algorithm) does work linear in the input size, asserted with step counters, never wall-clock
 * time (STYLE.md "Tests").
 *
 * A step is one call of any method (or getter) of Reader, InstrReader or FuncValidator, plus one
 * per element written by TypedArray `fill` / `set` (bulk work that never goes through a method,
 * e.g. expanding local declarations or growing a stack). The counters wrap the prototypes in
 * this test only, and are removed afterwards.
 *
 * For every family of generated modules (deep nesting, wide br_table, many functions, many local
 * groups, long constant-expression chains, many types, and the 3.0 forms: try_table with very many
 * catch clauses, deep nests of try_table and of legacy try / delegate / rethrow, huge tag
 * sections, tail calls, extended-const chains, many memory64 / table64 declarations), at sizes n, 2n, 4n, 8n, we assert
 * steps <= C * bytes with one small C for all families and sizes, and that doubling the input at
 * most (about) doubles the steps.
 */
import { describe, expect, it } from 'vitest';
import { InstrReader } from '../../src/decoder/instr.js';
import type { DecodeLimits } from '../../src/decoder/limits.js';
import { Reader } from '../../src/decoder/reader.js';
import { InvalidError, MalformedError } from '../../src/errors.js';
import { compile } from '../../src/index.js';
import { FuncValidator } from '../../src/validator/func-validator.js';
import { EXTERNREF, F64, FUNCREF, I32, I64 } from '../../src/types.js';
import {
  body, codeSection, functionSection, moduleOf, name, SEC, section, sleb, typeSection, u32, vec, s32,
} from '../helpers/binary.js';

// ---------------------------------------------------------------- step counting

/** The prototypes whose methods and getters countSteps() counts. */
const COUNTED_PROTOTYPES: readonly object[] = [Reader.prototype, InstrReader.prototype, FuncValidator.prototype];
/** The prototype of every TypedArray (holds `fill` and `set`). */
const TYPED_ARRAY_PROTOTYPE = Object.getPrototypeOf(Uint8Array.prototype) as Record<string, unknown>;

/** Runs `f` with every method of the front-end classes and TypedArray fill/set counted. */
function countSteps(f: () => void): number {
  let steps = 0;
  const restores: (() => void)[] = [];
  const wrap = (proto: object, key: string, desc: PropertyDescriptor): void => {
    const next: PropertyDescriptor = { ...desc };
    if (typeof desc.value === 'function') {
      const original = desc.value as (...args: unknown[]) => unknown;
      next.value = function (this: unknown, ...args: unknown[]): unknown {
        steps++;
        return original.apply(this, args);
      };
    } else if (desc.get !== undefined) {
      const getter = desc.get;
      next.get = function (this: unknown): unknown {
        steps++;
        return getter.call(this);
      };
    } else {
      return;
    }
    Object.defineProperty(proto, key, next);
    restores.push(() => Object.defineProperty(proto, key, desc));
  };
  for (const proto of COUNTED_PROTOTYPES) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor') continue;
      wrap(proto, key, Object.getOwnPropertyDescriptor(proto, key)!);
    }
  }
  type TA = { length: number };
  const typedArrayProto = TYPED_ARRAY_PROTOTYPE;
  const fill = typedArrayProto['fill'] as (this: TA, ...args: unknown[]) => unknown;
  const set = typedArrayProto['set'] as (this: TA, ...args: unknown[]) => unknown;
  const rel = (v: unknown, len: number, dflt: number): number => {
    if (v === undefined) return dflt;
    const x = Math.trunc(Number(v));
    return x < 0 ? Math.max(len + x, 0) : Math.min(x, len);
  };
  typedArrayProto['fill'] = function (this: TA, ...args: unknown[]): unknown {
    steps += Math.max(0, rel(args[2], this.length, this.length) - rel(args[1], this.length, 0));
    return fill.apply(this, args);
  };
  typedArrayProto['set'] = function (this: TA, ...args: unknown[]): unknown {
    steps += (args[0] as TA).length;
    return set.apply(this, args);
  };
  restores.push(() => {
    typedArrayProto['fill'] = fill;
    typedArrayProto['set'] = set;
  });
  try {
    f();
  } finally {
    for (const r of restores.reverse()) r();
  }
  return steps;
}

/** Steps to compile `bytes`; MalformedError / InvalidError are outcomes like any other. */
function compileSteps(bytes: Uint8Array, limits?: Partial<DecodeLimits>): number {
  return countSteps(() => {
    try {
      compile(bytes, limits === undefined ? undefined : { limits });
    } catch (e) {
      if (!(e instanceof MalformedError || e instanceof InvalidError)) throw e;
    }
  });
}

// ---------------------------------------------------------------- module families

const END = 0x0b;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const ELSE = 0x05;
const EMPTY = 0x40;
const I32_CONST = 0x41;
const DROP = 0x1a;
const LOCAL_GET = 0x20;
const VOID = typeSection([[[], []]]);

const rep = <T>(n: number, x: readonly T[]): T[] => {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(...x);
  return out;
};

function oneFunc(code: readonly number[], locals: readonly (readonly [number, number])[] = [], types = VOID): Uint8Array {
  return moduleOf(types, functionSection([0]), codeSection([body(locals, code)]));
}

interface Family {
  readonly name: string;
  /** The module of size parameter n. */
  readonly build: (n: number) => Uint8Array;
  /** Limits raised so that the largest size decodes (the point is the work, not the limit). */
  readonly limits?: Partial<DecodeLimits>;
  /** Expected outcome(s) at every size, to make sure the family exercises what it claims. */
  readonly outcome: Outcome | readonly Outcome[];
  /**
   * Work the algorithm must do beyond reading the bytes, in steps: per-instruction work that scales
   * with a type's arity (bounded by maxParams / maxResults) or per-function work that scales with
   * declared locals (bounded by maxLocals). 0 when omitted.
   */
  readonly arityWork?: (n: number) => number;
  readonly sizes?: readonly number[];
}

type Outcome = 'ok' | 'invalid' | 'malformed';

/** A type [i32 x k] -> [i32 x k] used by the multi-value families. */
const multiType = (k: number): number[] => typeSection([[[], []], [rep(k, [I32]), rep(k, [I32])]]);

const FAMILIES: readonly Family[] = [
  {
    name: 'deep nesting (blocks)', outcome: 'ok', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => oneFunc([...rep(n, [BLOCK, EMPTY]), ...rep(n + 1, [END])]),
  },
  {
    name: 'deep nesting (loop / if / else)', outcome: 'ok', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => oneFunc([...rep(n, [LOOP, EMPTY, I32_CONST, 0, IF, EMPTY]), ...rep(n, [ELSE, END, END]), END]),
  },
  {
    name: 'deep nesting, then a type error at the bottom', outcome: 'invalid', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => oneFunc([...rep(n, [BLOCK, I32]), ...rep(n + 1, [END])]),
  },
  {
    name: 'wide br_table', outcome: 'ok',
    build: (n) => oneFunc([BLOCK, EMPTY, I32_CONST, 0, 0x0e, ...vec(rep(n, [[0]])), 0, END, END]),
  },
  {
    name: 'wide br_table to the same multi-value label', outcome: 'ok',
    // Each target checks 100 label types unless repeated labels are checked once.
    build: (n) => oneFunc(
      [...rep(100, [I32_CONST, 0]), BLOCK, 1, I32_CONST, 0, 0x0e, ...vec(rep(n, [[0]])), 0, END, ...rep(100, [DROP]), END],
      [], multiType(100),
    ),
  },
  {
    name: 'wide br_table over many nested labels', outcome: 'ok', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => oneFunc([
      ...rep(n, [BLOCK, EMPTY]), I32_CONST, 0, 0x0e, ...vec(Array.from({ length: n }, (_, i) => u32(i))), 0, ...rep(n + 1, [END]),
    ]),
  },
  {
    name: 'many br after unreachable', outcome: 'ok',
    build: (n) => oneFunc([BLOCK, EMPTY, 0x00, ...rep(n, [0x0c, 0]), END, END]),
  },
  {
    name: 'many functions', outcome: 'ok',
    build: (n) => moduleOf(VOID, functionSection(rep(n, [0])), codeSection(rep(n, [body([], [END])]))),
  },
  {
    name: 'many functions calling each other', outcome: 'ok',
    build: (n) => moduleOf(VOID, functionSection(rep(n, [0])), codeSection(Array.from({ length: n }, (_, i) => body([], [0x10, ...u32((i * 7) % n), END])))),
  },
  {
    name: 'many local groups', outcome: 'ok', limits: { maxLocals: 1 << 20 },
    build: (n) => oneFunc([LOCAL_GET, ...u32(n - 1), DROP, END], rep(n, [[1, I32] as const, [1, I64] as const]).slice(0, n)),
  },
  {
    name: 'many local.get', outcome: 'ok',
    build: (n) => oneFunc([...rep(n, [LOCAL_GET, 0, DROP]), END], [[1, F64]]),
  },
  {
    name: 'long operand stack', outcome: 'ok',
    build: (n) => oneFunc([...rep(n, [I32_CONST, 1]), ...rep(n, [DROP]), END]),
  },
  {
    // 'malformed' too: the decoder currently rejects long constant expressions as "constant
    // expression too long" (see decode.test.ts); either way the work must be linear.
    name: 'long constant-expression chain in a global', outcome: ['invalid', 'malformed'],
    build: (n) => moduleOf(section(SEC.global, vec([[I32, 0x00, ...rep(n, [I32_CONST, 0]), END]]))),
  },
  {
    name: 'constant expression of nested blocks', outcome: ['invalid', 'malformed'],
    build: (n) => moduleOf(section(SEC.global, vec([[I32, 0x00, ...rep(n, [BLOCK, EMPTY]), ...rep(n + 1, [END])]]))),
  },
  {
    name: 'element segment of many expressions', outcome: 'ok',
    build: (n) => moduleOf(VOID, functionSection([0]), section(SEC.element, vec([[0x07, FUNCREF, ...vec(rep(n, [[0xd2, 0, END]]))]])),
      codeSection([body([], [END])])),
  },
  {
    name: 'many types', outcome: 'ok',
    build: (n) => typeModule(n),
  },
  {
    name: 'many imports', outcome: 'ok',
    build: (n) => moduleOf(VOID, section(SEC.import, vec(Array.from({ length: n }, (_, i) => [...name('m'), ...name(`f${i}`), 0x00, 0x00])))),
  },
  {
    name: 'many exports', outcome: 'ok',
    build: (n) => moduleOf(VOID, functionSection([0]), section(SEC.export, vec(Array.from({ length: n }, (_, i) => [...name(`e${i}`), 0x00, 0x00]))),
      codeSection([body([], [END])])),
  },
  {
    name: 'many data segments', outcome: 'ok',
    build: (n) => moduleOf(section(SEC.memory, vec([[0x00, 0x01]])), section(SEC.data, vec(rep(n, [[0x00, I32_CONST, 0, END, 0x01, 0x2a]])))),
  },
  {
    name: 'many globals', outcome: 'ok',
    build: (n) => moduleOf(section(SEC.global, vec(rep(n, [[I64, 0x01, 0x42, ...sleb(-1), END]])))),
  },
  {
    name: 'long select_t and ref ops', outcome: 'ok',
    build: (n) => oneFunc([...rep(n, [0xd0, EXTERNREF, 0xd0, EXTERNREF, I32_CONST, 0, 0x1c, 1, EXTERNREF, DROP]), END]),
  },
  {
    name: 'truncated deep nesting (malformed at the end)', outcome: 'malformed', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => oneFunc(rep(n, [BLOCK, EMPTY])),
  },
  // ---- WebAssembly 3.0 forms (issue 13 item 10): exceptions, legacy exceptions, tail calls,
  // extended-const, multi-memory and memory64 / table64 declarations.
  {
    name: 'try_table with very many catch clauses (catch / catch_ref / catch_all / catch_all_ref)', outcome: 'ok',
    build: (n) => withTag([BLOCK, EXNREF, BLOCK, EMPTY, TRY_TABLE, EMPTY, ...vec(Array.from({ length: n }, (_, i) => CATCHES[i % 4]!)), END,
      END, 0xd0, EXNREF, END, DROP, END]),
  },
  {
    name: 'try_table with very many catch clauses, each to its own label', outcome: 'ok', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => withTag([...rep(n, [BLOCK, EMPTY]), TRY_TABLE, EMPTY, ...vec(Array.from({ length: n }, (_, i) => [0x02, ...u32(i)])), END,
      ...rep(n, [END]), END]),
  },
  {
    name: 'deep nest of try_table', outcome: 'ok', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => withTag([...rep(n, [TRY_TABLE, EMPTY, 1, 0x02, 0]), ...rep(n, [END]), END]),
  },
  {
    name: 'deep nest of try / delegate (legacy)', outcome: 'ok', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => withTag([...rep(n, [TRY, EMPTY]), THROW, 0, ...rep(n, [DELEGATE, 0]), END]),
  },
  {
    name: 'deep nest of try / catch / rethrow (legacy)', outcome: 'ok', limits: { maxBlockDepth: 1 << 20 },
    build: (n) => withTag([...rep(n, [TRY, EMPTY, CATCH, 0, RETHROW, 0]), ...rep(n, [END]), END]),
  },
  {
    name: 'try with very many catch clauses (legacy)', outcome: 'ok',
    build: (n) => withTag([TRY, EMPTY, ...rep(n, [CATCH, 0]), CATCH_ALL, END, END]),
  },
  {
    name: 'many throw and throw_ref after unreachable', outcome: 'ok',
    build: (n) => withTag([0x00, ...rep(n, [THROW, 0, THROW_REF]), END]),
  },
  {
    name: 'huge tag section', outcome: 'ok',
    build: (n) => moduleOf(typeSection([[[], []], [[I32, I64], []]]), section(SEC.tag, vec(Array.from({ length: n }, (_, i) => [0x00, i % 2])))),
  },
  {
    name: 'many tag imports and exports', outcome: 'ok',
    build: (n) => moduleOf(VOID, section(SEC.import, vec(Array.from({ length: n }, (_, i) => [...name('m'), ...name(`t${i}`), 0x04, 0x00, 0x00]))),
      section(SEC.export, vec(Array.from({ length: n }, (_, i) => [...name(`e${i}`), 0x04, ...u32(i)])))),
  },
  {
    name: 'many return_call and return_call_indirect', outcome: 'ok',
    build: (n) => moduleOf(VOID, functionSection([0]), section(SEC.table, vec([[FUNCREF, 0x00, 0x01]])),
      codeSection([body([], [...rep(n, [0x12, 0, I32_CONST, 0, 0x13, 0, 0]), END])])),
  },
  {
    name: 'long extended-const chain in a global', outcome: ['ok', 'malformed'],
    // i64: 1 * 3 + 1 * 3 + 1 ... (mul, add); 'malformed' if the decoder caps constant-expression length.
    build: (n) => moduleOf(section(SEC.global, vec([[I64, 0x00, 0x42, 1, ...rep(n, [0x42, 3, 0x7e, 0x42, 1, 0x7c]), END]]))),
  },
  {
    name: 'many memories (multi-memory, memory64 limits)', outcome: 'ok',
    build: (n) => moduleOf(section(SEC.memory, vec(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? [0x04, 0x00] : [0x05, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]))))),
    limits: { maxMemories: 1 << 20 },
  },
  {
    name: 'many table64 tables', outcome: 'ok',
    build: (n) => moduleOf(section(SEC.table, vec(rep(n, [[FUNCREF, 0x05, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]])))),
    limits: { maxTables: 1 << 20 },
  },
  // GC (3.0): the new type forms and instructions.
  {
    name: 'one recursion group of n struct types, each referring to the next', outcome: 'ok', limits: { maxTypes: 1 << 22 },
    build: (n) => moduleOf(section(SEC.type, [...u32(1), REC, ...vec(Array.from({ length: n }, (_, i) => [STRUCT, ...vec([[REF_NULL, ...s32((i + 1) % n), 0]])]))])),
  },
  {
    name: 'many struct types of many fields, each a subtype of the one before', outcome: ['ok', 'invalid'], limits: { maxTypes: 1 << 22 },
    build: (n) => moduleOf(section(SEC.type, vec(Array.from({ length: n }, (_, i) => [
      SUB, ...(i === 0 ? vec([]) : vec([u32(i - 1)])), STRUCT, ...vec(rep(8, [[I32, 1]])),
    ])))),
  },
  {
    name: 'subtype chain past the depth limit (rejected)', outcome: 'invalid', limits: { maxTypes: 1 << 22 },
    build: (n) => moduleOf(section(SEC.type, vec(Array.from({ length: n + 64 }, (_, i) => [SUB, ...(i === 0 ? vec([]) : vec([u32(i - 1)])), STRUCT, 0])))),
  },
  {
    name: 'many array.new_fixed of 2^32 - 1 elements after unreachable', outcome: 'ok',
    build: (n) => moduleOf(section(SEC.type, vec([[0x60, 0, 0], [ARRAY, I32, 0]])), functionSection([0]),
      codeSection([body([], [BLOCK, EMPTY, 0x00, ...rep(n, [0xfb, 0x08, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, DROP]), END, END])])),
  },
  {
    name: 'many ref.test / ref.cast / br_on_cast', outcome: 'ok',
    build: (n) => oneFunc([BLOCK, ANYREF, ...rep(n, [0xd0, ANYREF, 0xfb, 0x15, I31, DROP, 0xd0, ANYREF, 0xfb, 0x17, ANYREF, 0xfb, 0x18, 0x03, 0, ANYREF, I31, DROP]), 0xd0, ANYREF, END, DROP, END]),
  },
];

// GC encodings (3.0).
const REC = 0x4e;
const SUB = 0x50;
const STRUCT = 0x5f;
const ARRAY = 0x5e;
const REF_NULL = 0x63;
const ANYREF = 0x6e;
const I31 = 0x6c;

// 3.0 opcodes and the tag module of the exception families.
const EXNREF = 0x69;
const TRY_TABLE = 0x1f;
const TRY = 0x06;
const CATCH = 0x07;
const CATCH_ALL = 0x19;
const DELEGATE = 0x18;
const RETHROW = 0x09;
const THROW = 0x08;
const THROW_REF = 0x0a;
/** try_table catch clauses (tag 0 of type []), to labels 1 (exnref) or 0 ([]): catch, catch_ref, catch_all, catch_all_ref. */
const CATCHES: readonly (readonly number[])[] = [[0x00, 0, 0], [0x01, 0, 1], [0x02, 0], [0x03, 1]];

/** One function [] -> [] with `code` and one tag of type [] (index 0). */
function withTag(code: readonly number[]): Uint8Array {
  return moduleOf(VOID, functionSection([0]), section(SEC.tag, vec([[0x00, 0]])), codeSection([body([], code)]));
}

/** Arity of the multi-value types of the amplification families. */
const K = 200;
const AMPLIFICATION_SIZES = [500, 1000, 2000, 4000] as const;

/**
 * Families whose work per byte is bounded by an arity or a local count rather than a constant:
 * the validation algorithm (spec appendix §7.3) pops and pushes every param and result of a block
 * type or callee, and the function's locals are expanded once per body. These stay linear in n;
 * the constant is bounded by the decoding limits (maxParams, maxResults, maxLocals).
 */
const AMPLIFICATION_FAMILIES: readonly Family[] = [
  {
    name: `blocks of a [i32 x ${K}] -> [i32 x ${K}] type`, outcome: 'ok', arityWork: (n) => 4 * K * n,
    build: (n) => oneFunc([...rep(K, [I32_CONST, 0]), ...rep(n, [BLOCK, 1, END]), ...rep(K, [DROP]), END], [], multiType(K)),
  },
  {
    name: `calls of a [i32 x ${K}] -> [i32 x ${K}] function`, outcome: 'ok', arityWork: (n) => 2 * K * n,
    build: (n) => moduleOf(multiType(K), functionSection([0, 1]), codeSection([
      body([], [...rep(K, [I32_CONST, 0]), ...rep(n, [0x10, 1]), ...rep(K, [DROP]), END]),
      body([], [0x00, END]),
    ])),
  },
  {
    name: `br to a ${K}-result label after unreachable`, outcome: 'ok', arityWork: (n) => K * n,
    build: (n) => oneFunc([...rep(K, [I32_CONST, 0]), BLOCK, 1, 0x00, ...rep(n, [0x0c, 0]), END, ...rep(K, [DROP]), END], [], multiType(K)),
  },
  {
    name: `functions declaring ${K * 10} locals each`, outcome: 'ok', arityWork: (n) => 10 * K * n,
    build: (n) => moduleOf(VOID, functionSection(rep(n, [0])), codeSection(rep(n, [body([[10 * K, I32]], [END])]))),
  },
  {
    name: `try_table catch clauses of a [i32 x ${K}] tag to a ${K}-result label`, outcome: 'ok', arityWork: (n) => K * n,
    build: (n) => moduleOf(
      typeSection([[[], []], [rep(K, [I32]), []], [[], rep(K, [I32])]]), functionSection([0]), section(SEC.tag, vec([[0x00, 1]])),
      codeSection([body([], [BLOCK, 2, TRY_TABLE, EMPTY, ...vec(rep(n, [[0x00, 0, 0]])), END, 0x00, END, ...rep(K, [DROP]), END])]),
    ),
  },
];

function typeModule(n: number): Uint8Array {
  return moduleOf(typeSection(Array.from({ length: n }, (_, i) => [[I32, I64], i % 2 === 0 ? [I32] : []] as [number[], number[]])));
}

// ---------------------------------------------------------------- the assertions

/** One bound for every family and size: steps per input byte. */
const C = 24;
const SIZES = [1000, 2000, 4000, 8000] as const;

function outcomeOf(bytes: Uint8Array, limits?: Partial<DecodeLimits>): string {
  try {
    compile(bytes, limits === undefined ? undefined : { limits });
    return 'ok';
  } catch (e) {
    if (e instanceof MalformedError) return 'malformed';
    if (e instanceof InvalidError) return 'invalid';
    throw e;
  }
}

function measure(family: Family, sizes: readonly number[]): { n: number; bytes: number; steps: number; work: number }[] {
  const expected: readonly Outcome[] = typeof family.outcome === 'string' ? [family.outcome] : family.outcome;
  return sizes.map((n) => {
    const bytes = family.build(n);
    expect(expected, `outcome at n=${n}`).toContain(outcomeOf(bytes, family.limits));
    const steps = compileSteps(bytes, family.limits);
    return { n, bytes: bytes.length, steps, work: bytes.length + (family.arityWork?.(n) ?? 0) };
  });
}

/** steps <= C * work at every size, and doubling the work at most (about) doubles the steps. */
function assertLinear(rows: ReturnType<typeof measure>): void {
  for (const r of rows) {
    expect(r.steps, `n=${r.n}: ${r.steps} steps for ${r.bytes} bytes (work ${r.work})`).toBeLessThanOrEqual(C * r.work);
  }
  for (let i = 1; i < rows.length; i++) {
    const prev = rows[i - 1]!;
    const cur = rows[i]!;
    const allowed = 1.1 * (cur.work / prev.work) * prev.steps;
    expect(cur.steps, `n ${prev.n} -> ${cur.n}: steps ${prev.steps} -> ${cur.steps}`).toBeLessThanOrEqual(allowed);
  }
}

describe(`decode + validate steps are at most ${C} per input byte`, () => {
  it.each(FAMILIES)('$name', (family) => {
    assertLinear(measure(family, family.sizes ?? SIZES));
  });

  it('the counter sees the work (a family that is not linear would be caught)', () => {
    // Sanity of the instrument: steps grow with the input and count bulk fills.
    const small = compileSteps(FAMILIES[0]!.build(100), FAMILIES[0]!.limits);
    const large = compileSteps(FAMILIES[0]!.build(1000), FAMILIES[0]!.limits);
    expect(large).toBeGreaterThan(9 * small);
    const fill = countSteps(() => new Uint8Array(1000).fill(1, 10));
    expect(fill).toBe(990);
    expect(countSteps(() => undefined)).toBe(0);
  });

  it('instruments every counted method while it runs and restores each one afterwards, also after a throw', () => {
    // Every own property of the counted prototypes and TypedArray fill/set (method or getter).
    const snapshot = (): Map<string, unknown> => {
      const entries = new Map<string, unknown>();
      for (const proto of COUNTED_PROTOTYPES) {
        for (const key of Object.getOwnPropertyNames(proto)) {
          const d = Object.getOwnPropertyDescriptor(proto, key)!;
          entries.set(`${proto.constructor.name}.${key}`, d.value ?? d.get);
        }
      }
      for (const key of ['fill', 'set']) entries.set(`TypedArray.${key}`, TYPED_ARRAY_PROTOTYPE[key]);
      return entries;
    };
    /** Keys whose method (by identity) differs from the original one. */
    const changed = (now: Map<string, unknown>, original: Map<string, unknown>): string[] =>
      [...original.keys()].filter((key) => now.get(key) !== original.get(key));
    const original = snapshot(); // captured before any instrumenting
    expect([...original.keys()]).toContain('Reader.readU8');
    let during = new Map<string, unknown>();
    countSteps(() => {
      during = snapshot();
    });
    // Each counted method is replaced while f runs (so the comparisons below can fail) ...
    expect(changed(during, original)).toEqual([...original.keys()].filter((key) => !key.endsWith('.constructor')));
    // ... and is the original again afterwards, whether f returns or throws.
    expect(changed(snapshot(), original)).toEqual([]);
    expect(() => countSteps(() => {
      throw new Error('inside');
    })).toThrow('inside');
    expect(changed(snapshot(), original)).toEqual([]);
  });
});

describe(`arity-bounded work: steps are at most ${C} per (byte + param/result/local moved)`, () => {
  it.each(AMPLIFICATION_FAMILIES)('$name', (family) => {
    const rows = measure(family, family.sizes ?? AMPLIFICATION_SIZES);
    assertLinear(rows);
    // The work really is arity-bound (so the family tests what it claims): far more than C per byte.
    const last = rows[rows.length - 1]!;
    expect(last.steps).toBeGreaterThan(C * last.bytes);
  });
});
