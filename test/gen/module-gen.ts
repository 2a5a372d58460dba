/**
 * Test generator: random VALID WebAssembly 2.0 modules (SIMD only with GenOptions.simd, see
 * simd-gen.ts; some 3.0 features by option, below), written straight to the binary format (spec §5), for the differential tests
 * against V8 (test/diff).
 *
 * Bodies are built by a typed stack machine: the generator tracks the operand types and the
 * control frames (spec §3.3 "Instructions", the validation algorithm of the appendix), and every
 * instruction it emits is chosen among those whose operands are on the stack, or whose operands it
 * generates first as expressions. After an unconditional branch it keeps generating in the
 * polymorphic (unreachable) state, sometimes with instructions that pop below the frame. At every
 * `end` it drops what does not fit and generates what is missing. So every module validates; a
 * module V8 rejects is a bug here (test/diff asserts that).
 *
 * Covered: numeric ops of all four types (conversions, trapping and saturating truncations,
 * reinterprets, sign extension), block / loop / if-else with multi-value block types, br / br_if /
 * br_table with values, return, select (untyped and typed), call and call_indirect (type
 * mismatches, null and out-of-range slots possible), loads and stores of every width with small
 * or edge offsets, memory.size / grow / fill / copy / init, data.drop, table.get / set / size /
 * grow / fill / copy / init, elem.drop, globals (mutable, immutable, imported, exported), ref.null
 * / ref.is_null / ref.func, unreachable, host-function imports (one that throws), data and
 * element segments in every encoding (active, passive, declarative; some out of bounds), a start
 * function and random exports; and linked pairs, where a second module imports the first's
 * functions, memory, tables and globals (cross-instance calls, shared state). With `simd`: v128
 * as one more value type (locals, globals, params, results, block types, select) and every SIMD
 * instruction (simd-gen.ts). WebAssembly 3.0, each behind an option (off: not one choice more,
 * so the default corpus stays as it was): tail calls (`return_call`, `return_call_indirect`),
 * extended constant expressions (globals, segment offsets), legacy exception handling (tags,
 * `throw`, `try` / `catch` / `catch_all` / `delegate`, `rethrow`; an exported `caught` counter
 * that every catch clause increments), memory64 (an i64 memory) and try_table with every catch
 * clause, exnref and throw_ref (V8 runs it from Node 22 on). multi-memory and table64 are not
 * generated yet (V8 11.3 of Node 20 runs neither; see test/diff/v8-features.ts).
 *
 * Termination: a mutable i32 "fuel" global is decremented at every function entry and loop header
 * and, when it reaches zero, traps with `unreachable` (or, in fewTraps modules, returns zeros from
 * the function, so the call ends normally: see {@link GenOptions.fewTraps}), so every engine
 * running these same bytes stops at the same instruction (spec-deterministic, no engine limit
 * involved). Each exported entry wrapper resets the fuel first.
 *
 * Traps: three cases in four trap only on purpose, at a low rate (fewTraps: every site that could
 * trap is guarded, except once in {@link TRAP_ODDS}); the others trap freely (addresses, table
 * indices, divisors, truncated floats, call_indirect types and slots, bulk ranges left to chance),
 * so most calls return normally and every trap kind still happens.
 *
 * NaN: arithmetic NaN bits are nondeterministic in the spec (§4.3.3 "NaN propagation"), and V8's
 * differ from detwasm's canonical ones, so float bits are canonicalised (NaN -> canonical NaN, by a
 * `select` on `x == x`) wherever they would flow into integer state: before reinterpret to integer,
 * before float stores, and for copysign's sign operand; SIMD float lanes right after each op that
 * may make a NaN (simd-gen.ts). Float results are compared as bits except that a NaN must meet a
 * NaN (test/diff).
 *
 * Entry points: every generated function gets an exported wrapper `w<i>` whose params and results
 * are i32 / i64 only (f32 / f64 cross as reinterpreted bits, a v128 as two i64 lanes, references
 * as ref.null in and ref.is_null out), so values cross the JS boundary of both engines exactly.
 */
import type { Choices } from './choices.js';
import { ByteWriter, writeSection } from './encode.js';
import {
  EXTERNREF, F32, F32_EDGES, F64, F64_EDGES, FLOAT_BITS_ESCAPE, FUNCREF, I32, I32_EDGES, I64, I64_EDGES, isRef,
  LOADS, NUM_OPS, NUM_TYPES, OPS_BY_RESULT, STORES, TRUNC_RANGES, V128,
} from './ops.js';
import type { MemOp, NumOp, ValType } from './ops.js';
import { SimdGen, writeI64sOfV128, writeV128Bytes, writeV128OfI64s } from './simd-gen.js';
import type { BodyBuilder } from './simd-gen.js';

/** Size knobs of the generator. */
export interface GenOptions {
  /** Most generated (non-wrapper) functions (default 4). */
  readonly maxFuncs?: number;
  /** Instruction budget of one function body (default 120). */
  readonly maxInstrs?: number;
  /** Fuel of one entry call: function entries + loop iterations (default 200). */
  readonly fuel?: number;
  /** Deepest control nesting (default 5). */
  readonly maxNesting?: number;
  /**
   * Traps only on purpose, at a low rate (default: decided by the case's first choice, for three
   * cases in four; a linked pair decides once for both modules). Every site that could trap is
   * generated guarded, except once in {@link TRAP_ODDS}, where it takes the form other modules
   * use: addresses masked into the initial memory (through a pointer local, or an `i32.and`),
   * table indices below the initial size, call_indirect through a table no code writes, filled
   * with blocks of functions of one type and indexed within the block, divisors that are neither
   * 0 nor -1 (a `select`), truncations of in-range operands only (a `select`), bulk operations
   * within bounds on segments not dropped, no `unreachable`; and running out of fuel returns
   * (zeros) instead of trapping. So most calls run to their end and reach deep state.
   */
  readonly fewTraps?: boolean;
  /**
   * Exports of another generated module (its {@link GeneratedModule.provides}) to import from
   * module "a": some functions, the memory, tables and globals, and its fuel global, which then
   * serves both (cross-instance calls, shared memory and tables). Default: none.
   */
  readonly link?: Provides | null;
  /** Import host functions from "env" sometimes (default true). */
  readonly hostFunctions?: boolean;
  /**
   * SIMD code (default false; test/gen/simd-gen.ts): v128 locals, globals (neither imported nor
   * exported), params, results and block types, and every SIMD instruction. The wrappers keep
   * JS-compatible signatures: a v128 crosses as two i64.
   */
  readonly simd?: boolean;
  /**
   * Tail calls (3.0, default false): `return_call` to functions (self included) and
   * `return_call_indirect` through tables, whose results are the caller's (constant-depth
   * recursion until the fuel ends it).
   */
  readonly tailCalls?: boolean;
  /**
   * Extended constant expressions (3.0, default false): i32 / i64 globals initialised by chains of
   * `add` / `sub` / `mul` over constants and imported globals, and data / element segment offsets
   * written as sums.
   */
  readonly extendedConst?: boolean;
  /**
   * Legacy exception handling (default false): tags with i32 / i64 payloads (some exported, some
   * imported by a linked module from its provider), `throw` (mostly under a condition),
   * `try` with `catch` / `catch_all` clauses or `delegate`, `rethrow` in catch clauses, wrappers
   * that sometimes catch everything (`catch_all`: zeros). Calls reach throws several frames down.
   * No `throw` host function (V8 lets `catch_all` catch a JS exception; detwasm makes a host
   * failure a trap, by design).
   */
  readonly exceptions?: boolean;
  /**
   * memory64 (3.0, default false; not with `simd`): the memory has the i64 address type. Addresses
   * are the i32 addresses of other modules widened (`i64.extend_i32_u`), or (unguarded, one in 8)
   * any i64; memory.size / grow convert at the boundary (`i32.wrap_i64`); data offsets are i64.
   */
  readonly memory64?: boolean;
  /**
   * Exception handling of 3.0 (with `exceptions`; default false): `try_table` with catch /
   * catch_ref / catch_all / catch_all_ref clauses (to a handler block, and extra clauses to any
   * enclosing label of the right type), the exnref of the _ref clauses dropped or rethrown with
   * `throw_ref`, instead of the legacy instructions: V8 14.6 (Node 26) rejects a module that mixes
   * the two designs ("module uses a mix of legacy and new exception handling instructions"),
   * V8 12.4 / 13.6 accept it but differ from detwasm on a `delegate` to a try_table's label.
   * `throw` and tags are shared. V8 runs it from Node 22 on (V8 12.4), not on Node 20.
   */
  readonly tryTable?: boolean;
  /**
   * Integer code only (default false), the subset the JS tier takes (src/interpreter/js-tier.ts),
   * so that most functions run on it: i32 / i64 as the only value types (params, at most one
   * result, locals, globals, imported globals, block results), blocks without params, no float,
   * SIMD or reference instruction, no host-function imports, no tables (nor call_indirect, nor
   * element segments), no memory.size / grow nor bulk memory ops, a 32-bit memory, and direct
   * calls only of later functions of the module, at most {@link INT_ONLY_CALL_DEPTH} deep (an
   * acyclic call graph; a wrapper adds one level). Overrides `simd`, `tailCalls`, `exceptions`,
   * `tryTable`, `memory64` and `hostFunctions`; a linked module imports no functions and no
   * tables of its provider (its memory and globals still). The fuel, and the traps (division by
   * zero, `unreachable`, out-of-bounds accesses; fewTraps as elsewhere), are as in other modules.
   */
  readonly intOnly?: boolean;
}

/** The size knobs in force (options over defaults). */
type GenSettings = Required<Omit<GenOptions, 'link' | 'hostFunctions'>>;

/** A tag's payload types (i32 / i64), and its import name from module "a" (or null). */
interface TagDef {
  readonly params: readonly ValType[];
  readonly importName: string | null;
}

/** What a generated module exports for another one to import (see {@link GenOptions.link}). */
export interface Provides {
  readonly funcs: readonly { readonly name: string; readonly params: readonly ValType[]; readonly results: readonly ValType[] }[];
  readonly memory: { readonly name: string; readonly min: number; readonly max: number; readonly is64?: boolean } | null;
  readonly tables: readonly { readonly name: string; readonly type: ValType; readonly min: number; readonly max: number }[];
  readonly globals: readonly { readonly name: string; readonly type: ValType; readonly isMutable: boolean }[];
  /** Exported tags (GenOptions.exceptions): name and payload types. */
  readonly tags?: readonly { readonly name: string; readonly params: readonly ValType[] }[];
}

/** An exported entry point (a wrapper) and what its results were before wrapping. */
export interface EntryPoint {
  readonly name: string;
  /** Wrapper param types: I32 or I64 only (a v128 param is two I64: its low and high lanes). */
  readonly params: readonly ValType[];
  /**
   * The wrapped function's result types, one per wrapper result (F32 / F64 results come back as
   * I32 / I64 bits, a V128 result as two I64 lanes, listed as I64 I64).
   */
  readonly results: readonly ValType[];
  /** Whether the wrapped function or the wrapper holds SIMD code (instructions, v128 locals). */
  readonly hasSimd?: boolean;
}

/** One call of an entry point with concrete arguments (i32: number, i64: bigint). */
export interface GeneratedCall {
  readonly entry: string;
  readonly args: readonly (number | bigint)[];
}

/** An imported immutable global (its value is part of the generated module). */
export interface GlobalImport {
  readonly name: string;
  readonly type: ValType;
  /** i32 / f32 / f64: number; i64: bigint. */
  readonly value: number | bigint;
}

/** A generated module and how to exercise it. */
export interface GeneratedModule {
  readonly bytes: Uint8Array;
  readonly entries: readonly EntryPoint[];
  readonly calls: readonly GeneratedCall[];
  /** Export name of the memory, or null when the module has none. */
  readonly memory: string | null;
  readonly globals: readonly { readonly name: string; readonly type: ValType }[];
  readonly tables: readonly { readonly name: string; readonly type: ValType }[];
  /** Imports: host functions by name (from {@link HOST_FUNCTIONS}) and globals. */
  readonly hostImports: readonly string[];
  readonly globalImports: readonly GlobalImport[];
  /** Its exports, for a module linked to it. */
  readonly provides: Provides;
  /** The module whose exports this one imports as "a" (instantiated first), or null. */
  readonly provider: GeneratedModule | null;
}

/**
 * Host functions a generated module may import (module "env"). Deterministic JS, the same for
 * both engines; `throw` makes the host-failure path reachable.
 */
export const HOST_FUNCTIONS: Readonly<Record<string, { params: readonly ValType[]; results: readonly ValType[] }>> = {
  add_i32: { params: [I32, I32], results: [I32] },
  mix_i64: { params: [I64, I32], results: [I64] },
  nop: { params: [], results: [] },
  throw: { params: [I32], results: [] },
};

/** Marker message of the error thrown by the `throw` host function. */
export const HOST_THROW_MESSAGE = 'generated host function threw';

/** JS implementations of {@link HOST_FUNCTIONS}. */
export function hostImplementations(): Record<string, (...args: never[]) => unknown> {
  return {
    add_i32: (a: number, b: number): number => (a + b) | 0,
    mix_i64: (a: bigint, b: number): bigint => BigInt.asIntN(64, a * 31n + BigInt(b)),
    nop: (): void => {},
    throw: (a: number): void => {
      if ((a & 3) === 0) throw new Error(HOST_THROW_MESSAGE);
    },
  };
}

interface FuncSig {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

interface TableDef {
  readonly type: ValType;
  readonly min: number;
  readonly max: number | null;
  /** Imported from module "a" under this name, or null (defined here). */
  readonly importName: string | null;
  /** The dispatch table of guarded call_indirects ({@link Dispatch}): never written, not exported. */
  readonly isReserved?: boolean;
}

/**
 * fewTraps: the table guarded call_indirects go through. For each function type, a block of
 * 2^k slots holds the functions of that type (repeated to fill it), so an index masked into the
 * block always calls a function of the expected type.
 */
interface Dispatch {
  readonly table: number;
  /** Function type index -> its block: first slot and size (a power of two). */
  readonly blocks: ReadonlyMap<number, { readonly base: number; readonly size: number }>;
}

interface MemoryDef {
  readonly min: number;
  readonly max: number;
  readonly importName: string | null;
  /** memory64: the i64 address type. */
  readonly is64?: boolean;
}

interface GlobalDef {
  readonly type: ValType;
  readonly isMutable: boolean;
  /** Imported (from "env" or "a"): nothing to encode here. */
  readonly isImported?: boolean;
  /** Writes the init expression (without `end`). */
  readonly init: (w: ByteWriter) => void;
}

interface DataDef {
  readonly mode: 'active' | 'passive';
  readonly explicitMem: boolean;
  readonly offset: number;
  /** Offset as global.get of an imported i32 global (index), or -1. */
  readonly offsetGlobal: number;
  /** Extended const (GenOptions.extendedConst): the offset written as a sum with this term (0: plain). */
  readonly offsetTerm?: number;
  readonly bytes: Uint8Array;
}

type ElemItem = number | null; // function index, or ref.null

interface ElemDef {
  readonly mode: 'active' | 'passive' | 'declarative';
  readonly table: number;
  readonly offset: number;
  readonly offsetGlobal: number;
  /** As {@link DataDef.offsetTerm}. */
  readonly offsetTerm?: number;
  readonly type: ValType;
  readonly items: readonly ElemItem[];
  /** Encode as expressions (flags 4-7) rather than function indices (flags 0-3). */
  readonly useExprs: boolean;
}

const PAGE = 65536;

/** Registry of function types (type section), deduplicated. */
class TypeRegistry {
  readonly list: FuncSig[] = [];
  private readonly byKey = new Map<string, number>();

  index(sig: FuncSig): number {
    const key = `${sig.params.join(',')}:${sig.results.join(',')}`;
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push({ params: [...sig.params], results: [...sig.results] });
      this.byKey.set(key, i);
    }
    return i;
  }
}

/** Module-level facts a body generator needs. */
interface ModuleCtx {
  readonly c: Choices;
  readonly opts: GenSettings;
  readonly types: TypeRegistry;
  /** Every function (imports first), by index. */
  readonly funcs: FuncSig[];
  /** First defined (generated) function index; user functions run to userEnd. */
  readonly userStart: number;
  readonly userEnd: number;
  readonly tables: readonly TableDef[];
  readonly memory: MemoryDef | null;
  /** Every global (imports first). */
  readonly globals: readonly GlobalDef[];
  readonly fuelGlobal: number;
  /** GenOptions.exceptions: the exported i32 global `caught` every catch clause increments (else -1). */
  readonly caughtGlobal: number;
  readonly datas: readonly DataDef[];
  readonly elems: readonly ElemDef[];
  /** fewTraps: the dispatch table (null without functions or fewTraps). */
  readonly dispatch: Dispatch | null;
  /** Tags (GenOptions.exceptions; imports first), by index. */
  readonly tags: readonly TagDef[];
}

/** Numeric ops by opcode. */
const NUM_OP_BY_CODE: ReadonlyMap<number, NumOp> = new Map(NUM_OPS.map((o) => [o.op, o]));

/** GenOptions.intOnly: the value types, and the numeric ops, loads and stores of i32 / i64 only. */
const INT_TYPES: readonly ValType[] = [I32, I64];
const isIntType = (t: ValType): boolean => t === I32 || t === I64;
const INT_NUM_OPS: readonly NumOp[] = NUM_OPS.filter((o) => isIntType(o.result) && o.params.every(isIntType));
const INT_OPS_BY_RESULT: ReadonlyMap<ValType, readonly NumOp[]> = new Map(INT_TYPES.map((t) => [t, INT_NUM_OPS.filter((o) => o.result === t)]));
const INT_LOADS: readonly MemOp[] = LOADS.filter((l) => isIntType(l.type));
const INT_STORES: readonly MemOp[] = STORES.filter((s) => isIntType(s.type));

/**
 * GenOptions.intOnly: the deepest chain of direct calls below a generated function (the JS tier
 * takes call chains of at most 4, js-tier.ts MAX_CALL_HEIGHT; the entry wrapper is the fourth).
 */
export const INT_ONLY_CALL_DEPTH = 3;

/**
 * In a fewTraps module, a site that could trap takes its unguarded form once in TRAP_ODDS
 * (FuncGen.isGuarded): traps happen, at a rate the figures of the differential runs show.
 */
export const TRAP_ODDS = 20;

const K_BLOCK = 0;
const K_LOOP = 1;
const K_IF = 2;
const K_FUNC = 3;
/** A legacy `try` body, and the same frame once in one of its `catch` / `catch_all` clauses. */
const K_TRY = 4;
const K_CATCH = 5;
/** A try_table body (a block for branches). */
const K_TRY_TABLE = 6;

/** exnref (3.0): only ever on the stack right after a _ref catch clause lands (never in random code). */
const EXNREF = 0x69 as ValType;

interface Frame {
  kind: number;
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
  /** Operand-stack length at entry, below the params. */
  readonly height: number;
  isUnreachable: boolean;
}

const f32Scratch = new Float32Array(1);
const f32BitsView = new Uint32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const f64BitsView = new BigUint64Array(f64Scratch.buffer);

/** The f32 bits of v (rounded to f32). */
function f32Bits(v: number): number {
  f32Scratch[0] = v;
  return f32BitsView[0]!;
}

/** The f64 bits of v. */
function f64Bits(v: number): bigint {
  f64Scratch[0] = v;
  return f64BitsView[0]!;
}

/** Random constants: small numbers, edge values, raw random bits. */
export class ValueGen {
  private readonly c: Choices;

  constructor(c: Choices) {
    this.c = c;
  }

  i32(): number {
    switch (this.c.int(4)) {
      case 0: return this.c.int(17);
      case 1: return this.c.pick(I32_EDGES);
      case 2: return this.c.word() | 0;
      default: return this.c.range(-8, 300);
    }
  }

  i64(): bigint {
    switch (this.c.int(4)) {
      case 0: return BigInt(this.c.int(17));
      case 1: return this.c.pick(I64_EDGES);
      case 2: return BigInt.asIntN(64, (BigInt(this.c.word()) << 32n) | BigInt(this.c.word()));
      default: return BigInt(this.c.word() | 0);
    }
  }

  f32(): number {
    switch (this.c.int(4)) {
      case 0: return f32Bits(this.c.range(-4, 40));
      case 1:
      case 2: return this.c.pick(F32_EDGES);
      default: return this.c.word();
    }
  }

  f64(): bigint {
    switch (this.c.int(4)) {
      case 0: return f64Bits(this.c.range(-4, 40) / (1 + this.c.int(4)));
      case 1:
      case 2: return this.c.pick(F64_EDGES);
      default: return (BigInt(this.c.word()) << 32n) | BigInt(this.c.word());
    }
  }
}

/** Generates the body of one function. */
class FuncGen implements BodyBuilder {
  readonly out: ByteWriter = new ByteWriter();
  readonly stack: ValType[] = [];
  readonly frames: Frame[] = [];
  readonly locals: ValType[];
  readonly paramCount: number;
  /** Locals random code must not write (loop counters) or read freely (scratch of the guards). */
  private readonly reserved = new Set<number>();
  /** One scratch local per type, for the sequences that read a value twice (NaN, trap guards). */
  private readonly scratch = new Map<ValType, number>();
  budget: number;
  private readonly ctx: ModuleCtx;
  readonly c: Choices;
  private readonly sig: FuncSig;
  private readonly v: ValueGen;
  private readonly fewTraps: boolean;
  /** fewTraps: a reserved i32 local holding an in-bounds address (-1: none). */
  private pointer = -1;
  /** fewTraps: mask that keeps an address (plus offset < 64, width <= 16) in the initial memory. */
  private readonly addressMask: number;
  /** SIMD code, with GenOptions.simd (else null). */
  private readonly simd: SimdGen | null;
  /** Whether an instruction of the body is a SIMD one. */
  private hasSimdOp = false;
  /** GenOptions.intOnly. */
  private readonly intOnly: boolean;
  /** The numeric ops, loads and stores code draws from (intOnly: the integer ones). */
  private readonly numOps: readonly NumOp[];
  private readonly loads: readonly MemOp[];
  private readonly stores: readonly MemOp[];

  /** This function's index (imports first). */
  private readonly funcIdx: number;

  constructor(ctx: ModuleCtx, funcIdx: number) {
    const sig = ctx.funcs[funcIdx]!;
    this.funcIdx = funcIdx;
    this.ctx = ctx;
    this.c = ctx.c;
    this.v = new ValueGen(ctx.c);
    this.fewTraps = ctx.opts.fewTraps;
    this.intOnly = ctx.opts.intOnly;
    this.numOps = this.intOnly ? INT_NUM_OPS : NUM_OPS;
    this.loads = this.intOnly ? INT_LOADS : LOADS;
    this.stores = this.intOnly ? INT_STORES : STORES;
    const bytes = ctx.memory === null ? 0 : ctx.memory.min * PAGE;
    this.addressMask = bytes >= 256 ? (bytes >>> 1) - 1 : 0;
    this.sig = sig;
    this.simd = ctx.opts.simd ? new SimdGen(this, ctx.memory !== null) : null;
    this.locals = [...sig.params];
    this.paramCount = sig.params.length;
    this.budget = ctx.opts.maxInstrs;
    // Sometimes hundreds of locals: multi-byte local indices, large frames.
    const extra = this.c.chance(1, 40) ? 100 + this.c.int(300) : this.c.int(7);
    for (let i = 0; i < extra; i++) this.locals.push(this.randomType(12));
  }

  // ---- type helpers -------------------------------------------------------------------------

  /**
   * A random value type; references with probability ~2/`refOdds`; with SIMD, v128 one in 6
   * (intOnly: i32, or one in 3 i64).
   */
  randomType(refOdds = 16): ValType {
    if (this.intOnly) return this.c.chance(1, 3) ? I64 : I32;
    if (this.simd !== null && this.c.chance(1, 6)) return V128;
    const r = this.c.int(refOdds);
    if (r === refOdds - 1) return FUNCREF;
    if (r === refOdds - 2) return EXTERNREF;
    return NUM_TYPES[r % 4]!;
  }

  /** Up to `max` random types (block results; intOnly: at most one). */
  randomTypes(max: number): ValType[] {
    const n = this.c.int((this.intOnly ? Math.min(max, 1) : max) + 1);
    const out: ValType[] = [];
    for (let i = 0; i < n; i++) out.push(this.randomType());
    return out;
  }

  private newLocal(t: ValType, isReserved: boolean): number {
    this.locals.push(t);
    const idx = this.locals.length - 1;
    if (isReserved) this.reserved.add(idx);
    return idx;
  }

  private localsOf(t: ValType, forWrite: boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.locals.length; i++) {
      if (this.locals[i] === t && !(this.reserved.has(i) && (forWrite || this.isScratch(i)))) out.push(i);
    }
    return out;
  }

  private isScratch(i: number): boolean {
    for (const v of this.scratch.values()) if (v === i) return true;
    return false;
  }

  /** The scratch local of type t (made on first use). */
  private scratchOf(t: ValType): number {
    let s = this.scratch.get(t);
    if (s === undefined) {
      s = this.newLocal(t, true);
      this.scratch.set(t, s);
    }
    return s;
  }

  /** `local.set s` of the scratch local of t (pops the value on top). */
  toScratch(t: ValType): number {
    const s = this.scratchOf(t);
    this.opcode(0x21);
    this.out.u32(s);
    this.pop(t);
    return s;
  }

  /**
   * Whether a site that could trap is generated in its guarded (trap-free) form: always in a
   * fewTraps module except once in {@link TRAP_ODDS} (traps on purpose); never elsewhere.
   */
  private isGuarded(): boolean {
    return this.fewTraps && !this.c.chance(1, TRAP_ODDS);
  }

  private globalsOf(t: ValType, forWrite: boolean): number[] {
    const out: number[] = [];
    const gs = this.ctx.globals;
    for (let i = 0; i < gs.length; i++) {
      if ((i === this.ctx.fuelGlobal || i === this.ctx.caughtGlobal) && forWrite) continue;
      if (gs[i]!.type === t && (!forWrite || gs[i]!.isMutable)) out.push(i);
    }
    return out;
  }

  /** Tables of element type t (`forWrite`: not the reserved dispatch table). */
  private tablesOf(t: ValType, forWrite: boolean): number[] {
    const out: number[] = [];
    this.ctx.tables.forEach((d, i) => {
      if (d.type === t && !(forWrite && d.isReserved === true)) out.push(i);
    });
    return out;
  }

  /** Tables code may write (all but the reserved dispatch table). */
  private writableTables(): number[] {
    const out: number[] = [];
    this.ctx.tables.forEach((d, i) => {
      if (d.isReserved !== true) out.push(i);
    });
    return out;
  }

  // ---- emission and the type stack ----------------------------------------------------------

  private top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  /** Values above the current frame's base. */
  avail(): number {
    return this.stack.length - this.top().height;
  }

  opcode(op: number): void {
    this.budget--;
    if (op >= 0x200) {
      this.out.byte(0xfd);
      this.out.u32(op - 0x200);
      this.hasSimdOp = true;
    } else if (op >= 0x100) {
      this.out.byte(0xfc);
      this.out.u32(op - 0x100);
    } else {
      this.out.byte(op);
    }
  }

  private pop(t?: ValType): void {
    const f = this.top();
    if (this.stack.length > f.height) {
      const got = this.stack.pop()!;
      if (t !== undefined && got !== t) throw new Error(`generator bug: popped ${got.toString(16)}, wanted ${t.toString(16)}`);
      return;
    }
    if (!f.isUnreachable) throw new Error('generator bug: pop from an empty frame');
  }

  pops(ts: readonly ValType[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.pop(ts[i]);
  }

  push(t: ValType): void {
    this.stack.push(t);
  }

  private setUnreachable(): void {
    const f = this.top();
    this.stack.length = f.height;
    f.isUnreachable = true;
  }

  /** True when the top `ts.length` values of the current frame are exactly `ts`. */
  private suffixIs(ts: readonly ValType[]): boolean {
    if (this.avail() < ts.length) return false;
    const base = this.stack.length - ts.length;
    for (let i = 0; i < ts.length; i++) if (this.stack[base + i] !== ts[i]) return false;
    return true;
  }

  private emitNumOp(o: NumOp): void {
    this.opcode(o.op);
    this.pops(o.params);
    this.push(o.result);
  }

  /** The numeric op with opcode `op` (operands on the stack). */
  private emitOp(op: number): void {
    this.emitNumOp(NUM_OP_BY_CODE.get(op)!);
  }

  // ---- constants and leaves -----------------------------------------------------------------

  constOf(t: ValType): void {
    switch (t) {
      case I32: this.i32Const(this.v.i32()); return;
      case I64: this.opcode(0x42); this.out.s64(this.v.i64()); break;
      case F32: this.opcode(0x43); this.out.fixed32(this.v.f32()); break;
      case F64: this.opcode(0x44); this.out.fixed64(this.v.f64()); break;
      case V128: this.simd!.v128Const(); return;
      default: this.refNull(t); return;
    }
    this.push(t);
  }

  i32Const(v: number): void {
    this.opcode(0x41);
    this.out.s32(v);
    this.push(I32);
  }

  /** An i32 or i64 constant. */
  private intConst(t: ValType, v: number): void {
    if (t === I32) return this.i32Const(v);
    this.opcode(0x42);
    this.out.s64(BigInt(v));
    this.push(I64);
  }

  /** An f32 or f64 constant of value v (exact in the type). */
  private floatConst(t: ValType, v: number): void {
    if (t === F32) {
      this.opcode(0x43);
      this.out.fixed32(f32Bits(v));
    } else {
      this.opcode(0x44);
      this.out.fixed64(f64Bits(v));
    }
    this.push(t);
  }

  private refNull(t: ValType): void {
    this.opcode(0xd0);
    this.out.byte(t);
    this.push(t);
  }

  localGet(i: number): void {
    this.opcode(0x20);
    this.out.u32(i);
    this.push(this.locals[i]!);
  }

  private leaf(t: ValType): void {
    const ls = this.localsOf(t, false);
    const gs = this.globalsOf(t, false);
    const k = this.c.weighted([4, ls.length > 0 ? 5 : 0, gs.length > 0 ? 1 : 0]);
    if (k === 1) {
      this.localGet(this.c.pick(ls));
    } else if (k === 2) {
      this.opcode(0x23);
      this.out.u32(this.c.pick(gs));
      this.push(t);
    } else if (t === FUNCREF && this.c.chance(1, 2) && this.ctx.userEnd > 0) {
      this.refFunc();
    } else {
      this.constOf(t);
    }
  }

  private refFunc(): void {
    this.opcode(0xd2);
    this.out.u32(this.c.int(this.ctx.userEnd));
    this.push(FUNCREF);
  }

  // ---- expressions (net effect: push one value of type t) -------------------------------------

  expr(t: ValType, depth: number): void {
    if (depth >= 4 || this.budget <= 0) {
      this.leaf(t);
      return;
    }
    const hasMem = this.ctx.memory !== null;
    const hasFuncTable = this.tablesOf(FUNCREF, false).length > 0;
    const deep = this.frames.length < this.ctx.opts.maxNesting;
    if (isRef(t)) {
      const k = this.c.weighted([6, 2, this.tablesOf(t, false).length > 0 ? 2 : 0, 1, deep ? 1 : 0]);
      switch (k) {
        case 1: return this.selectExpr(t, depth, true);
        case 2: {
          const x = this.c.pick(this.tablesOf(t, false));
          this.tableIndex(x, depth);
          this.opcode(0x25);
          this.out.u32(x);
          this.pop(I32);
          this.push(t);
          return;
        }
        case 3: return this.teeExpr(t, depth);
        case 4: return this.blockExpr(t, depth);
        default: return this.leaf(t);
      }
    }
    const isV128 = t === V128;
    const k = this.c.weighted([
      10, // leaf
      isV128 ? 0 : 14, // numeric op
      hasMem && !isV128 ? 4 : 0, // load
      2, // select
      2, // local.tee
      deep ? 2 : 0, // block / if expression
      2, // call
      hasFuncTable ? 1 : 0, // call_indirect
      t === I32 && !this.intOnly ? 2 : 0, // memory.size / grow, table.size / grow, ref.is_null
      isV128 ? 18 : 0, // a SIMD op (loads included)
      this.simd !== null && !isV128 ? 3 : 0, // a SIMD op with a scalar result
    ]);
    switch (k) {
      case 9: return this.simd!.v128Expr(depth);
      case 10: return this.simd!.scalarExpr(t, depth);
      case 1: return this.numOpExpr(t, depth);
      case 2: return this.loadExpr(t, depth);
      case 3: return this.selectExpr(t, depth, this.c.chance(1, 3));
      case 4: return this.teeExpr(t, depth);
      case 5: return this.blockExpr(t, depth);
      case 6: return this.callExpr(t, depth);
      case 7: return this.callIndirectExpr(t, depth);
      case 8: return this.i32Special(depth);
      default: return this.leaf(t);
    }
  }

  /**
   * A branch / select / if condition: half the time in the shapes compilers emit and the
   * translator folds into the br_if / if after it (`local.get a; local.get b | i32.const c; <i32
   * compare>`, `<x>; i32.eqz`), else any i32 expression.
   */
  condition(depth: number): void {
    switch (this.c.int(4)) {
      case 0:
      case 1: {
        this.operandShapes(I32, depth, FUSABLE_COMPARES);
        return;
      }
      case 2:
        this.leaf(I32);
        this.emitOp(0x45);
        return;
      default: this.expr(I32, depth);
    }
  }

  /**
   * `<a>; <b>; <op>` for an op of `ops` over t (i32 or i64), in the operand shapes the register-form
   * translator (lower.ts) treats specially: a local or a constant as either operand (a constant
   * first operand is swapped for commutative ops and compares, else written to a slot), an
   * expression, a unary op's result, and as the second operand a `local.tee` of the first
   * operand's local (its deferred copy must be written to a slot before the tee changes it).
   */
  private operandShapes(t: ValType, depth: number, ops: readonly number[]): void {
    const ls = this.localsOf(t, false);
    let first = -1;
    const k0 = this.c.int(8);
    if (ls.length > 0 && k0 < 6) {
      first = this.c.pick(ls);
      this.localGet(first);
    } else if (k0 === 6) {
      this.constOf(t);
    } else {
      this.expr(t, depth + 1);
    }
    const k = this.c.int(5);
    if (k === 4 && first >= 0 && this.localsOf(t, true).includes(first)) {
      this.expr(t, depth + 1);
      this.opcode(0x22); // local.tee first
      this.out.u32(first);
    } else if (ls.length > 0 && k < 2) {
      this.localGet(this.c.pick(ls));
    } else if (k < 3) {
      this.constOf(t);
    } else {
      this.leaf(t);
      // clz ctz popcnt extend8_s extend16_s (and extend32_s for i64)
      const unary = this.c.pick(t === I32 ? [0x67, 0x68, 0x69, 0xc0, 0xc1] : [0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4]);
      this.emitOp(unary);
    }
    const op = this.c.pick(ops);
    this.emitOp(op);
  }

  /** `f64.add` of an `f64.mul` and another operand, in either order (the translator's multiply-add). */
  private mulAddExpr(depth: number): void {
    const mulFirst = this.c.chance(1, 2);
    if (!mulFirst) this.leaf(F64);
    this.expr(F64, depth + 1);
    this.leaf(F64);
    this.emitOp(0xa2);
    if (mulFirst) this.leaf(F64);
    this.emitOp(0xa0);
  }

  /** A numeric op producing t; trapping ops (div, rem, trunc) are drawn less often. */
  private numOpExpr(t: ValType, depth: number): void {
    if (t === I32 && this.c.chance(1, 3)) {
      if (this.c.chance(1, 4)) this.operandShapes(I64, depth, I64_COMPARES);
      else this.operandShapes(I32, depth, FUSABLE_BINOPS);
      return;
    }
    if (t === I64 && this.c.chance(1, 3)) {
      this.operandShapes(I64, depth, I64_BINOPS);
      return;
    }
    if (t === F64 && this.c.chance(1, 4)) {
      this.mulAddExpr(depth);
      return;
    }
    const candidates = (this.intOnly ? INT_OPS_BY_RESULT : OPS_BY_RESULT).get(t)!;
    let o = this.c.pick(candidates);
    if (isTrapping(o) && this.c.chance(1, 2)) o = this.c.pick(candidates);
    // A constant divisor, neither 0 nor -1 (half the divisions of fewTraps modules, whose other
    // divisors are guarded; two in three elsewhere).
    const isConstDivisor = o.params.length === 2 && isTrapping(o) && (this.fewTraps ? this.c.chance(1, 2) : this.c.chance(2, 3));
    this.expr(o.params[0]!, depth + 1);
    if (isConstDivisor) this.intConst(o.params[1]!, this.c.pick([1, 2, 3, 7, 10, 255, -2, -7, 0x10000, -0x80000000]));
    else if (o.params.length === 2) this.expr(o.params[1]!, depth + 1);
    if (FLOAT_BITS_ESCAPE.has(o.op)) this.canonicalize(o.params[o.params.length - 1]!);
    if (!isConstDivisor) this.guardTrapping(o);
    this.emitNumOp(o);
  }

  /**
   * fewTraps (see {@link isGuarded}): makes trapping op `o` (a division or a truncation), whose
   * operands are on the stack, trap-free: the divisor or the float operand on top is guarded.
   */
  private guardTrapping(o: NumOp): void {
    if (!isTrapping(o) || !this.isGuarded()) return;
    if (o.params.length === 2) this.guardDivisor(o.params[1]!);
    else this.guardTruncation(o);
  }

  /**
   * Replaces the i32 / i64 divisor on top by 1 where it is 0 or -1 (divide by zero; overflow
   * of div_s): `d + 1 >u 1 ? d : 1`, a `select`.
   */
  private guardDivisor(t: ValType): void {
    const s = this.toScratch(t);
    this.localGet(s);
    this.intConst(t, 1);
    this.localGet(s);
    this.intConst(t, 1);
    this.emitOp(t === I32 ? 0x6a : 0x7c); // add
    this.intConst(t, 1);
    this.emitOp(t === I32 ? 0x4b : 0x56); // gt_u
    this.selectOp(t, false);
  }

  /**
   * Replaces the float operand on top by 0 unless truncation `o` accepts it (NaN fails both
   * tests): `lo < x && x < hi ? x : 0`, a `select` ({@link TRUNC_RANGES}).
   */
  private guardTruncation(o: NumOp): void {
    const t = o.params[0]!;
    const range = TRUNC_RANGES.get(o.op)!;
    const s = this.toScratch(t);
    this.localGet(s);
    this.floatConst(t, 0);
    this.localGet(s);
    this.floatConst(t, range.lo);
    this.emitOp(t === F32 ? 0x5e : 0x64); // gt
    this.localGet(s);
    this.floatConst(t, range.hi);
    this.emitOp(t === F32 ? 0x5d : 0x63); // lt
    this.emitOp(0x71); // i32.and
    this.selectOp(t, false);
  }

  /**
   * Replaces a NaN on top of the stack by the canonical NaN of its type (see the file comment):
   * `local.set s; local.get s; <canonical NaN>; local.get s; local.get s; fN.eq; select`.
   */
  canonicalize(t: ValType): void {
    const s = this.toScratch(t);
    this.localGet(s);
    if (t === F32) {
      this.opcode(0x43);
      this.out.fixed32(0x7fc00000);
    } else {
      this.opcode(0x44);
      this.out.fixed64(0x7ff8000000000000n);
    }
    this.push(t);
    this.localGet(s);
    this.localGet(s);
    this.emitOp(t === F32 ? 0x5b : 0x61);
    this.opcode(0x1b);
    this.pops([t, t, I32]);
    this.push(t);
  }

  /** An address: small constants, locals, local + constant or local (foldable), masked or raw expressions. */
  address(depth: number): void {
    if (this.addressMask > 0 && this.isGuarded()) return this.safeAddress(depth);
    const mem = this.ctx.memory!;
    const bytes = mem.min * PAGE;
    switch (this.c.weighted([10, 1, 2, 6, 4, 1])) {
      case 0: this.i32Const(this.c.int(bytes === 0 ? 64 : Math.min(bytes, 256))); return;
      case 1: this.i32Const(this.c.chance(1, 2) ? Math.max(0, bytes - this.c.int(24)) : this.c.pick(I32_EDGES)); return;
      case 2: this.leaf(I32); return;
      case 3: {
        // local.get x; i32.const c | local.get y; i32.add (folded into the load's or store's address)
        const ls = this.localsOf(I32, false);
        if (ls.length > 0) this.localGet(this.c.pick(ls));
        else this.i32Const(this.c.int(32));
        if (ls.length > 0 && this.c.chance(1, 4)) this.localGet(this.c.pick(ls));
        else this.i32Const(this.c.int(40));
        this.emitOp(0x6a);
        return;
      }
      case 4:
        this.expr(I32, depth + 1);
        this.i32Const(Math.max(bytes, PAGE) - 1);
        this.emitOp(0x71);
        return;
      default: this.expr(I32, depth + 1);
    }
  }

  /** The address type of the memory: I64 for a memory64 memory, else I32. */
  private get addrType(): ValType {
    return this.ctx.memory?.is64 === true ? I64 : I32;
  }

  /** memory64: widens the i32 address on top to i64 (`i64.extend_i32_u`); else nothing. */
  private widenAddress(): void {
    if (this.addrType === I32) return;
    this.emitOp(0xad);
  }

  /**
   * An address of the memory's address type: {@link address} (widened for memory64), or for
   * memory64 unguarded, one time in 8, any i64 expression (mostly far out of bounds).
   */
  private memAddress(depth: number): void {
    if (this.addrType === I64 && !this.fewTraps && this.c.chance(1, 8)) {
      this.expr(I64, depth + 1);
      return;
    }
    this.address(depth);
    this.widenAddress();
  }

  /** A bulk-memory length (memory.fill / copy), of the memory's address type. */
  private memSize(depth: number): void {
    this.size(depth);
    this.widenAddress();
  }

  /**
   * fewTraps: `local.get p; i32.const c; i32.add` or `local.get p` with the pointer local p (in
   * bounds by construction; the shapes the translator folds), or an expression masked in bounds.
   */
  private safeAddress(depth: number): void {
    if (this.pointer < 0) {
      this.pointer = this.newLocal(I32, true);
    }
    switch (this.c.int(4)) {
      case 0:
        this.localGet(this.pointer);
        return;
      case 1:
      case 2:
        this.localGet(this.pointer);
        this.i32Const(this.c.int(40));
        this.emitOp(0x6a);
        return;
      default:
        this.expr(I32, depth + 1);
        this.i32Const(this.addressMask);
        this.emitOp(0x71);
    }
  }

  /** fewTraps: masks the i32 on top of the stack into bounds (no-op otherwise, or not guarded). */
  private maskAddress(): void {
    if (this.addressMask === 0 || !this.isGuarded()) return;
    this.i32Const(this.addressMask);
    this.emitOp(0x71);
  }

  /** fewTraps: moves the pointer local (p := (p + k) & mask), stack-neutral. */
  private movePointer(): void {
    if (this.pointer < 0) this.pointer = this.newLocal(I32, true);
    this.localGet(this.pointer);
    if (this.c.chance(1, 2)) this.i32Const(this.c.range(1, 64));
    else this.expr(I32, 2);
    this.emitOp(0x6a);
    this.i32Const(this.addressMask);
    this.emitOp(0x71);
    this.opcode(0x21);
    this.out.u32(this.pointer);
    this.pop(I32);
  }

  memarg(width: number): void {
    const natural = Math.log2(width);
    this.out.u32(this.c.int(natural + 1));
    if (this.fewTraps && this.addressMask > 0) {
      this.out.u32(this.c.chance(1, 2) ? 0 : this.c.int(24));
      return;
    }
    if (this.addrType === I64 && this.c.chance(1, 20)) {
      // memory64: an offset past 2^32 (u64 LEB128), always out of bounds.
      writeU64(this.out, (1n << 32n) + BigInt(this.c.int(1 << 20)) * BigInt(1 + this.c.int(4096)));
      return;
    }
    switch (this.c.weighted([12, 6, 1, 1])) {
      case 1: this.out.u32(this.c.int(24)); return;
      case 2: this.out.u32(PAGE - 8 + this.c.int(16)); return;
      case 3: this.out.u32((0xffffffff - this.c.int(16)) >>> 0); return;
      default: this.out.u32(0);
    }
  }

  private loadExpr(t: ValType, depth: number): void {
    const candidates = this.loads.filter((l) => l.type === t);
    const l = this.c.pick(candidates);
    this.memAddress(depth);
    this.opcode(l.op);
    this.memarg(l.bytes);
    this.pop(this.addrType);
    this.push(t);
  }

  private selectExpr(t: ValType, depth: number, typed: boolean): void {
    this.expr(t, depth + 1);
    this.expr(t, depth + 1);
    this.condition(depth + 1);
    this.selectOp(t, typed || isRef(t));
  }

  /** `select` (typed: `select t`, required for references) of two t under an i32 on the stack. */
  private selectOp(t: ValType, typed: boolean): void {
    if (typed) {
      this.opcode(0x1c);
      this.out.u32(1);
      this.out.byte(t);
    } else {
      this.opcode(0x1b);
    }
    this.pops([t, t, I32]);
    this.push(t);
  }

  private teeExpr(t: ValType, depth: number): void {
    const ls = this.localsOf(t, true);
    if (ls.length === 0) return this.leaf(t);
    this.expr(t, depth + 1);
    this.opcode(0x22);
    this.out.u32(this.c.pick(ls));
    // local.tee: [t] -> [t]
  }

  private blockExpr(t: ValType, depth: number): void {
    if (this.c.chance(1, 3)) {
      this.condition(depth + 1);
      this.control(K_IF, [], [t]);
    } else {
      this.control(this.c.chance(1, 4) ? K_LOOP : K_BLOCK, [], [t]);
    }
  }

  private callExpr(t: ValType, depth: number): void {
    const fs: number[] = [];
    this.ctx.funcs.forEach((f, i) => {
      if (this.mayCall(i) && f.results.length === 1 && f.results[0] === t) fs.push(i);
    });
    if (fs.length === 0) return this.leaf(t);
    const f = this.c.pick(fs);
    this.call(f, depth);
  }

  /**
   * Whether this function may call function `f` directly: any function (recursion included, the
   * fuel ends it), except with fewTraps, where direct calls only go to imports and later functions
   * (no recursion to spin until the fuel runs out; guarded call_indirects may still recurse), and
   * with intOnly, where they only go to later functions of a lower {@link callLevel} (no import).
   */
  private mayCall(f: number): boolean {
    if (f >= this.ctx.userEnd) return false;
    if (this.intOnly) return f > this.funcIdx && this.callLevel(f) < this.callLevel(this.funcIdx);
    return !this.fewTraps || f < this.ctx.userStart || f > this.funcIdx;
  }

  /**
   * intOnly: the deepest call chain user function `f` may start, {@link INT_ONLY_CALL_DEPTH} but
   * for the last functions (the last 0, the one before 1, ...): a function calls only functions
   * of a lower level, so its chain is at most its level deep.
   */
  private callLevel(f: number): number {
    return Math.min(INT_ONLY_CALL_DEPTH, this.ctx.userEnd - 1 - f);
  }

  /** Generates f's arguments, then `call f` (results pushed). */
  private call(f: number, depth: number): void {
    const sig = this.ctx.funcs[f]!;
    for (const p of sig.params) this.expr(p, depth + 1);
    this.opcode(0x10);
    this.out.u32(f);
    this.pops(sig.params);
    for (const r of sig.results) this.push(r);
  }

  private callIndirectExpr(t: ValType, depth: number): void {
    const accept = (s: FuncSig): boolean => s.results.length === 1 && s.results[0] === t;
    if (this.ctx.dispatch !== null && this.isGuarded()) {
      if (!this.dispatchCall(accept, depth)) this.leaf(t);
      return;
    }
    // Prefer the types of real functions (so some calls succeed); any type with result t works.
    const types = this.ctx.types.list;
    const candidates: number[] = [];
    for (let i = 0; i < types.length; i++) if (accept(types[i]!)) candidates.push(i);
    if (candidates.length === 0) return this.leaf(t);
    this.callIndirect(this.c.pick(candidates), depth);
  }

  /**
   * fewTraps: call_indirect of a type `accept`s through the dispatch table ({@link Dispatch}), at
   * a constant index in the type's block or at `(x & (size - 1)) + base`: it always calls a
   * function of that type. False when no function type is accepted.
   */
  private dispatchCall(accept: (s: FuncSig) => boolean, depth: number, isTail = false): boolean {
    const d = this.ctx.dispatch!;
    const typeIdxs = [...d.blocks.keys()].filter((i) => accept(this.ctx.types.list[i]!));
    if (typeIdxs.length === 0) return false;
    const typeIdx = this.c.pick(typeIdxs);
    const { base, size } = d.blocks.get(typeIdx)!;
    for (const p of this.ctx.types.list[typeIdx]!.params) this.expr(p, depth + 1);
    if (this.c.chance(1, 2)) {
      this.i32Const(base + this.c.int(size));
    } else {
      this.expr(I32, depth + 1);
      this.i32Const(size - 1);
      this.emitOp(0x71); // i32.and
      this.i32Const(base);
      this.emitOp(0x6a); // i32.add
    }
    this.callIndirectOp(typeIdx, d.table, isTail);
    return true;
  }

  /** call_indirect of a type through a random funcref table, at a random index. */
  private callIndirect(typeIdx: number, depth: number, isTail = false): void {
    const x = this.c.pick(this.tablesOf(FUNCREF, false));
    for (const p of this.ctx.types.list[typeIdx]!.params) this.expr(p, depth + 1);
    this.tableIndex(x, depth);
    this.callIndirectOp(typeIdx, x, isTail);
  }

  /**
   * `call_indirect typeIdx x` (isTail: `return_call_indirect`, after which the code is
   * unreachable), the arguments and the index on the stack.
   */
  private callIndirectOp(typeIdx: number, x: number, isTail = false): void {
    const sig = this.ctx.types.list[typeIdx]!;
    this.opcode(isTail ? 0x13 : 0x11);
    this.out.u32(typeIdx);
    this.out.u32(x);
    this.pop(I32);
    this.pops(sig.params);
    if (isTail) this.setUnreachable();
    else for (const r of sig.results) this.push(r);
  }

  // ---- tail calls and exceptions (GenOptions.tailCalls, .exceptions) ------------------------

  /**
   * `return_call f` to a function whose results are this function's (this one included: a
   * constant-depth loop the fuel ends), or `return_call_indirect` of such a type (guarded: through
   * the dispatch table). False when no target fits.
   */
  private tailCall(): boolean {
    const want = this.sig.results;
    if (this.c.chance(1, 3) && this.tablesOf(FUNCREF, false).length > 0) {
      const accept = (s: FuncSig): boolean => sameTypes(s.results, want);
      if (this.ctx.dispatch !== null && this.isGuarded()) return this.dispatchCall(accept, 1, true);
      const types = this.ctx.types.list;
      const candidates: number[] = [];
      for (let i = 0; i < types.length; i++) if (accept(types[i]!)) candidates.push(i);
      if (candidates.length === 0) return false;
      this.callIndirect(this.c.pick(candidates), 1, true);
      return true;
    }
    const fs: number[] = [];
    for (let f = 0; f < this.ctx.userEnd; f++) {
      if ((this.mayCall(f) || f === this.funcIdx) && sameTypes(this.ctx.funcs[f]!.results, want)) fs.push(f);
    }
    if (fs.length === 0) return false;
    const f = this.c.pick(fs);
    for (const p of this.ctx.funcs[f]!.params) this.expr(p, 1);
    this.opcode(0x12);
    this.out.u32(f);
    this.pops(this.ctx.funcs[f]!.params);
    this.setUnreachable();
    return true;
  }

  /** `throw tag` of a random tag, its payload generated; the code after it is unreachable. */
  private throwOp(): void {
    const tag = this.c.int(this.ctx.tags.length);
    const params = this.ctx.tags[tag]!.params;
    for (const p of params) this.expr(p, 2);
    this.opcode(0x08);
    this.out.u32(tag);
    this.pops(params);
    this.setUnreachable();
  }

  /** Whether a legacy `try` (body or clause) or a try_table body of this function encloses the current code. */
  private isInTry(): boolean {
    for (const f of this.frames) if (f.kind === K_TRY || f.kind === K_CATCH || f.kind === K_TRY_TABLE) return true;
    return false;
  }

  /**
   * `<condition>; if; <payload>; throw; end` (stack-neutral). Guarded (fewTraps) outside any
   * try of this function, the condition is `<i32> == k` for a k in [2, 9] (rarely true), so
   * most calls still return.
   */
  private conditionalThrow(): void {
    this.condition(1);
    if (this.isGuarded() && !this.isInTry()) {
      this.i32Const(this.c.range(2, 9));
      this.emitOp(0x46); // i32.eq
    }
    this.pop(I32);
    this.opcode(0x04);
    this.out.byte(0x40);
    this.frames.push({ kind: K_IF, params: [], results: [], height: this.stack.length, isUnreachable: false });
    this.throwOp();
    this.opcode(0x0b);
    const f = this.frames.pop()!;
    this.stack.length = f.height;
  }

  /**
   * A legacy `try` with the given type (params on the stack): its body, then `catch` clauses
   * (random tags, the payload pushed) and maybe `catch_all`, or `delegate` to an enclosing label
   * (the function's: to the caller), or neither.
   */
  private tryBlock(params: readonly ValType[], results: readonly ValType[]): void {
    this.opcode(0x06);
    this.blockType(params, results);
    this.pops(params);
    const height = this.stack.length;
    for (const p of params) this.push(p);
    const frame: Frame = { kind: K_TRY, params, results, height, isUnreachable: false };
    this.frames.push(frame);
    // Calls in the body, so that throws several frames down meet this try.
    if (this.c.chance(1, 2)) {
      const f = this.c.int(this.ctx.userEnd);
      if (this.mayCall(f)) {
        this.call(f, 1);
      }
    }
    this.sequence(false);
    // A throw of its own, mostly taken (inside a try the condition is any i32): caught here or above.
    if (this.c.chance(1, 2)) this.conditionalThrow();
    this.fixup(results);
    const form = this.c.weighted([6, 2, 1]);
    if (form === 1) {
      // delegate l: l counts the labels outside the try (the function's label included).
      this.frames.pop();
      this.opcode(0x18);
      this.out.u32(this.c.int(this.frames.length));
      this.stack.length = height;
      for (const r of results) this.push(r);
      return;
    }
    if (form === 0) {
      const n = this.c.int(3);
      const clauses: number[] = [];
      for (let i = 0; i < n; i++) clauses.push(this.c.int(this.ctx.tags.length));
      if (n === 0 || this.c.chance(1, 2)) clauses.push(-1);
      for (const tag of clauses) {
        this.opcode(tag < 0 ? 0x19 : 0x07);
        if (tag >= 0) this.out.u32(tag);
        frame.kind = K_CATCH;
        frame.isUnreachable = false;
        this.stack.length = height;
        if (tag >= 0) for (const p of this.ctx.tags[tag]!.params) this.push(p);
        writeCaughtIncrement(this.out, this.ctx.caughtGlobal);
        this.sequence(false);
        this.fixup(results);
      }
    }
    this.opcode(0x0b);
    this.frames.pop();
    this.stack.length = height;
    for (const r of results) this.push(r);
  }

  /**
   * `block $outer (result R) (block $h (result H) (try_table (result R) <clauses> <body>) (br
   * $outer)) <handler> end`: the first clause lands in $h (H: what it pushes: the tag's payload,
   * plus an exnref for catch_ref / catch_all_ref), further clauses in any label outside the
   * try_table whose type is what they push. The handler counts the catch, drops the exnref or
   * rethrows it (`throw_ref`), and makes R.
   */
  private tryTable(results: readonly ValType[]): void {
    const tags = this.ctx.tags;
    const pushed = (kind: number, tag: number): ValType[] => {
      const p: ValType[] = kind <= 1 ? [...tags[tag]!.params] : [];
      if (kind === 1 || kind === 3) p.push(EXNREF);
      return p;
    };
    const kind0 = this.c.int(4);
    const tag0 = this.c.int(tags.length);
    const h = pushed(kind0, tag0);
    const outerHeight = this.stack.length;
    this.opcode(0x02);
    this.blockType([], results);
    this.frames.push({ kind: K_BLOCK, params: [], results, height: outerHeight, isUnreachable: false });
    this.opcode(0x02);
    this.blockType([], h);
    this.frames.push({ kind: K_BLOCK, params: [], results: h, height: outerHeight, isUnreachable: false });
    // Clauses: the first to $h (label 0), up to 3 more to labels of their type.
    const clauses: [number, number, number][] = [[kind0, tag0, 0]];
    const extra = this.c.int(4);
    for (let i = 0; i < extra; i++) {
      const kind = this.c.int(4);
      const tag = this.c.int(tags.length);
      const want = pushed(kind, tag);
      const fits: number[] = [];
      for (let l = 0; l < this.frames.length; l++) if (sameTypes(this.labelTypes(l), want)) fits.push(l);
      if (fits.length > 0) clauses.push([kind, tag, this.c.pick(fits)]);
    }
    this.opcode(0x1f);
    this.blockType([], results);
    this.out.u32(clauses.length);
    for (const [kind, tag, l] of clauses) {
      this.out.byte(kind);
      if (kind <= 1) this.out.u32(tag);
      this.out.u32(l);
    }
    this.frames.push({ kind: K_TRY_TABLE, params: [], results, height: outerHeight, isUnreachable: false });
    if (this.c.chance(1, 2)) {
      const f = this.c.int(this.ctx.userEnd);
      if (this.mayCall(f)) this.call(f, 1);
    }
    this.sequence(false);
    if (this.c.chance(1, 2)) this.conditionalThrow();
    this.fixup(results);
    this.opcode(0x0b); // end try_table
    this.frames.pop();
    this.stack.length = outerHeight;
    for (const r of results) this.push(r);
    this.opcode(0x0c); // br $outer
    this.out.u32(1);
    this.pops(results);
    this.setUnreachable();
    this.opcode(0x0b); // end $h
    this.frames.pop();
    this.stack.length = outerHeight;
    for (const t of h) this.push(t);
    // The handler ($outer's code after $h).
    writeCaughtIncrement(this.out, this.ctx.caughtGlobal);
    if (h[h.length - 1] === EXNREF) {
      if (this.c.chance(1, 3)) {
        this.opcode(0x0a); // throw_ref
        this.pop(EXNREF);
        this.setUnreachable();
      } else {
        this.opcode(0x1a);
        this.pop(EXNREF);
      }
    }
    this.sequence(false);
    this.fixup(results);
    this.opcode(0x0b); // end $outer
    this.frames.pop();
    this.stack.length = outerHeight;
    for (const r of results) this.push(r);
  }

  /** `rethrow l` to an enclosing catch clause; false when there is none. */
  private rethrow(): boolean {
    const ls: number[] = [];
    for (let l = 0; l < this.frames.length; l++) if (this.frames[this.frames.length - 1 - l]!.kind === K_CATCH) ls.push(l);
    if (ls.length === 0) return false;
    this.opcode(0x09);
    this.out.u32(this.c.pick(ls));
    this.setUnreachable();
    return true;
  }

  /** A table index: mostly within or just past the initial size (guarded: within). */
  private tableIndex(x: number, depth: number): void {
    const min = this.ctx.tables[x]!.min;
    if (min > 0 && this.isGuarded()) {
      this.i32Const(this.c.int(min));
      return;
    }
    switch (this.c.weighted([min > 0 ? 8 : 0, 2, 1])) {
      case 0: this.i32Const(this.c.int(min)); return;
      case 1: this.i32Const(min + this.c.int(3)); return;
      default: this.expr(I32, depth + 1);
    }
  }

  /** A length for bulk operations: mostly small, sometimes huge (out of bounds). */
  private size(depth: number): void {
    if (this.isGuarded()) {
      this.i32Const(this.c.int(2));
      return;
    }
    switch (this.c.weighted([3, 6, 1, 1])) {
      case 1: this.i32Const(this.c.int(40)); return;
      case 2: this.i32Const(this.c.pick(I32_EDGES)); return;
      case 3: this.expr(I32, depth + 1); return;
      default: this.i32Const(0);
    }
  }

  private i32Special(depth: number): void {
    const hasMem = this.ctx.memory !== null;
    const tables = this.ctx.tables.length;
    const writable = this.writableTables();
    switch (this.c.weighted([2, hasMem ? 2 : 0, hasMem ? 2 : 0, tables > 0 ? 1 : 0, writable.length > 0 ? 1 : 0])) {
      case 1:
        this.opcode(0x3f);
        this.out.byte(0);
        this.push(this.addrType);
        if (this.addrType === I64) this.emitOp(0xa7); // i32.wrap_i64
        return;
      case 2:
        // Small deltas, and rarely one just past the 2^16-page limit: a failing grow is charged
        // per requested page (gas schedule), so deltas near 2^32, or large ones in a loop, would
        // exhaust the harness's gas limit.
        if (this.c.chance(3, 4)) {
          this.i32Const(this.c.chance(1, 20) ? 0x10000 + this.c.int(2) : this.c.int(3));
        } else {
          this.expr(I32, depth + 1);
          this.i32Const(0xf);
          this.emitOp(0x71);
        }
        this.widenAddress();
        this.opcode(0x40);
        this.out.byte(0);
        this.pop(this.addrType);
        this.push(this.addrType);
        if (this.addrType === I64) this.emitOp(0xa7); // i32.wrap_i64
        return;
      case 3: {
        const x = this.c.int(tables);
        this.opcode(0x110);
        this.out.u32(x);
        this.push(I32);
        return;
      }
      case 4: {
        const x = this.c.pick(writable);
        this.expr(this.ctx.tables[x]!.type, depth + 1);
        if (this.c.chance(3, 4)) {
          this.i32Const(this.c.int(4));
        } else {
          // As for memory.grow: a failing table.grow is charged per requested element.
          this.expr(I32, depth + 1);
          this.i32Const(0xfffff);
          this.emitOp(0x71);
        }
        this.opcode(0x10f);
        this.out.u32(x);
        this.pops([this.ctx.tables[x]!.type, I32]);
        this.push(I32);
        return;
      }
      default: {
        const r = this.c.chance(1, 2) ? FUNCREF : EXTERNREF;
        this.expr(r, depth + 1);
        this.opcode(0xd1);
        this.pop(r);
        this.push(I32);
      }
    }
  }

  // ---- control ------------------------------------------------------------------------------

  /**
   * The fuel check at function entry and loop headers (stack-neutral): when the fuel is 0 it
   * traps (`unreachable`), or in fewTraps modules returns zeros (every function entry and loop
   * header then returns at once, so the call still ends soon, and normally).
   */
  private fuelCheck(): void {
    const g = this.ctx.fuelGlobal;
    const w = this.out;
    w.byte(0x23); w.u32(g); // global.get fuel
    w.byte(0x45); // i32.eqz
    w.byte(0x04); w.byte(0x40); // if
    if (this.fewTraps) {
      for (const r of this.sig.results) writeZero(w, r);
      w.byte(0x0f); // return
    } else {
      w.byte(0x00); // unreachable
    }
    w.byte(0x0b); // end
    w.byte(0x23); w.u32(g);
    w.byte(0x41); w.byte(0x01); // i32.const 1
    w.byte(0x6b); // i32.sub
    w.byte(0x24); w.u32(g); // global.set fuel
  }

  private blockType(params: readonly ValType[], results: readonly ValType[]): void {
    if (this.intOnly && params.length === 0 && results.length <= 1) {
      // The JS tier takes no type-index block type.
      this.out.byte(results.length === 0 ? 0x40 : results[0]!);
      return;
    }
    if (params.length === 0 && results.length === 0 && this.c.chance(7, 8)) {
      this.out.byte(0x40);
    } else if (params.length === 0 && results.length === 1 && this.c.chance(7, 8)) {
      this.out.byte(results[0]!);
    } else {
      this.out.s32(this.ctx.types.index({ params, results }));
    }
  }

  /**
   * Emits a block / loop / if with the given type. The params are on the stack; for `if` the
   * condition is on top of them. Generates the body (and an else arm) and the `end`.
   */
  control(kind: number, params: readonly ValType[], results: readonly ValType[], tail?: () => void): void {
    if (kind === K_IF) this.pop(I32);
    this.opcode(kind === K_BLOCK ? 0x02 : kind === K_LOOP ? 0x03 : 0x04);
    this.blockType(params, results);
    this.pops(params);
    const height = this.stack.length;
    for (const p of params) this.push(p);
    const frame: Frame = { kind, params, results, height, isUnreachable: false };
    this.frames.push(frame);
    if (kind === K_LOOP) this.fuelCheck();
    this.sequence(false);
    this.fixup(results);
    if (tail !== undefined) tail();
    if (kind === K_IF && (!sameTypes(params, results) || this.c.chance(1, 2))) {
      this.opcode(0x05);
      this.stack.length = height;
      for (const p of params) this.push(p);
      frame.isUnreachable = false;
      this.sequence(false);
      this.fixup(results);
    }
    this.opcode(0x0b);
    this.frames.pop();
    this.stack.length = height;
    for (const r of results) this.push(r);
  }

  /** Makes the current frame's values exactly `want`: drops what does not fit, generates the rest. */
  private fixup(want: readonly ValType[]): void {
    const h = this.top().height;
    for (;;) {
      const n = this.stack.length - h;
      let isPrefix = n <= want.length;
      for (let i = 0; isPrefix && i < n; i++) if (this.stack[h + i] !== want[i]) isPrefix = false;
      if (isPrefix) break;
      this.opcode(0x1a);
      this.pop();
    }
    for (let i = this.stack.length - h; i < want.length; i++) this.expr(want[i]!, 2);
  }

  /** Generates instructions into the current frame until the choices say stop. */
  sequence(isFunction: boolean): void {
    const stopOdds = isFunction ? 14 : 5;
    while (this.budget > 0 && this.c.int(stopOdds) !== 0) this.step();
  }

  private step(): void {
    const f = this.top();
    const avail = this.avail();
    const deep = this.frames.length < this.ctx.opts.maxNesting;
    const k = this.c.weighted([
      avail > 4 ? 2 : 10, // push an expression
      avail > 0 ? 12 : 0, // consume the top of the stack
      14, // statement
      deep ? 5 : 0, // block / loop / if
      deep ? 3 : 0, // counted loop
      5, // br_if
      2, // br / br_table / return / unreachable
      3, // call leaving results
      f.isUnreachable && avail === 0 ? 4 : 0, // an instruction popping below the (polymorphic) frame
      this.ctx.opts.exceptions && !this.ctx.opts.tryTable && deep ? 8 : 0, // legacy try
      this.ctx.opts.exceptions ? 2 : 0, // if (...) throw
      this.ctx.opts.exceptions && this.ctx.opts.tryTable && this.frames.length + 2 < this.ctx.opts.maxNesting ? 8 : 0, // try_table
    ]);
    switch (k) {
      case 0: this.expr(this.randomType(), 0); return;
      case 1: this.consume(); return;
      case 2: this.statement(); return;
      case 3: this.structured(); return;
      case 4: this.countedLoop(); return;
      case 5: this.brIf(); return;
      case 6: this.exit(); return;
      case 9: {
        const params = this.c.chance(1, 4) ? this.takeParams(0) : [];
        this.tryBlock(params, this.randomTypes(this.c.chance(1, 4) ? 2 : 1));
        return;
      }
      case 10: this.conditionalThrow(); return;
      case 11: this.tryTable(this.randomTypes(this.c.chance(1, 4) ? 2 : 1)); return;
      case 7: {
        const f = this.c.int(this.ctx.userEnd);
        if (this.mayCall(f)) this.call(f, 1);
        return;
      }
      default: this.polymorphicOp();
    }
  }

  /** An instruction that uses the value(s) already on top of the stack. */
  private consume(): void {
    const t = this.stack[this.stack.length - 1]!;
    const avail = this.avail();
    const below = avail >= 2 ? this.stack[this.stack.length - 2]! : null;
    switch (this.c.int(9)) {
      case 0:
        this.opcode(0x1a);
        this.pop();
        return;
      case 1: {
        const ls = this.localsOf(t, true);
        if (ls.length === 0) break;
        const isSet = this.c.chance(1, 2);
        this.opcode(isSet ? 0x21 : 0x22);
        this.out.u32(this.c.pick(ls));
        if (isSet) this.pop(t);
        return;
      }
      case 2: {
        const gs = this.globalsOf(t, true);
        if (gs.length === 0) break;
        this.opcode(0x24);
        this.out.u32(this.c.pick(gs));
        this.pop(t);
        return;
      }
      case 3: {
        // A numeric (SIMD) op with this value as its first operand (the others generated).
        if (t === V128) {
          this.simd!.onTop(false, 1);
          return;
        }
        if (isRef(t)) break;
        const o = this.c.pick(this.numOps.filter((x) => x.params[0] === t));
        for (let i = 1; i < o.params.length; i++) this.expr(o.params[i]!, 1);
        if (FLOAT_BITS_ESCAPE.has(o.op)) {
          if (o.params.length === 1) this.canonicalize(t);
          else this.canonicalize(o.params[1]!);
        }
        this.guardTrapping(o);
        this.emitNumOp(o);
        return;
      }
      case 4: {
        // Binary op / compare on the two top values.
        if (below !== t || isRef(t)) break;
        if (t === V128) {
          this.simd!.onTop(true, 1);
          return;
        }
        const o = this.c.pick(this.numOps.filter((x) => x.params.length === 2 && x.params[0] === t && !FLOAT_BITS_ESCAPE.has(x.op)));
        this.guardTrapping(o);
        this.emitNumOp(o);
        return;
      }
      case 5: {
        // The i32 on top as a condition or an address.
        if (t !== I32) break;
        const choice = this.c.int(4);
        if (choice === 0 && this.frames.length < this.ctx.opts.maxNesting) {
          const params = this.takeParams(1);
          this.control(K_IF, params, this.randomTypes(2));
        } else if (choice === 1 && this.ctx.memory !== null) {
          this.maskAddress();
          this.widenAddress();
          const s = this.c.pick(this.stores);
          this.expr(s.type, 1);
          this.storeOp(s);
        } else if (choice === 2 && this.ctx.memory !== null) {
          this.maskAddress();
          if (this.simd !== null && this.c.chance(1, 3) && this.simd.onAddress(1)) return;
          this.widenAddress();
          const l = this.c.pick(this.loads);
          this.opcode(l.op);
          this.memarg(l.bytes);
          this.pop(this.addrType);
          this.push(l.type);
        } else {
          this.brIfWith(true);
        }
        return;
      }
      case 6: {
        // A block / loop taking the top values as params.
        if (this.frames.length >= this.ctx.opts.maxNesting) break;
        const params = this.takeParams(0);
        this.control(this.c.chance(1, 3) ? K_LOOP : K_BLOCK, params, this.randomTypes(3));
        return;
      }
      case 7: {
        // A call whose params are exactly the top values.
        const fs: number[] = [];
        for (let i = 0; i < this.ctx.userEnd; i++) {
          if (!this.mayCall(i)) continue;
          const p = this.ctx.funcs[i]!.params;
          if (p.length > 0 && this.suffixIs(p)) fs.push(i);
        }
        if (fs.length === 0) break;
        const fi = this.c.pick(fs);
        this.opcode(0x10);
        this.out.u32(fi);
        this.pops(this.ctx.funcs[fi]!.params);
        for (const r of this.ctx.funcs[fi]!.results) this.push(r);
        return;
      }
      default: {
        // select on [t t i32]
        if (t !== I32 || avail < 3) break;
        const a = this.stack[this.stack.length - 3]!;
        if (a !== below) break;
        this.selectOp(a, isRef(a) || this.c.chance(1, 3));
        return;
      }
    }
    // Nothing applied: drop it.
    this.opcode(0x1a);
    this.pop();
  }

  /** The top `k` (random) values of the frame, below any `skipTop` values (intOnly: none). */
  private takeParams(skipTop: number): ValType[] {
    if (this.intOnly) return [];
    const avail = this.avail() - skipTop;
    const k = Math.min(avail, this.c.int(4));
    const end = this.stack.length - skipTop;
    return this.stack.slice(end - k, end);
  }

  private storeOp(s: MemOp): void {
    if (s.type === F32 || s.type === F64) this.canonicalize(s.type);
    this.opcode(s.op);
    this.memarg(s.bytes);
    this.pops([this.addrType, s.type]);
  }

  /**
   * A data or element segment for memory.init / table.init (`isDrop` false) or for data.drop /
   * elem.drop; -1 when none fits. Guarded, inits read only passive segments and drops drop only
   * the others (a no-op: active and declarative segments are dropped at instantiation), so no
   * init meets a dropped segment.
   */
  private segment(segs: readonly { readonly mode: string }[], isDrop: boolean, isGuarded: boolean): number {
    const fits: number[] = [];
    segs.forEach((d, i) => {
      if (!isGuarded || (d.mode !== 'passive') === isDrop) fits.push(i);
    });
    return fits.length === 0 ? -1 : this.c.pick(fits);
  }

  /**
   * The source offset and length of a memory.init / table.init from a segment of `len` items:
   * guarded, within it; else up to `slack` past its end, with any length {@link size} gives.
   */
  private initRange(len: number, isGuarded: boolean, slack: number): void {
    if (isGuarded) {
      const src = this.c.int(len + 1);
      this.i32Const(src);
      this.i32Const(this.c.int(Math.min(2, len - src + 1)));
      return;
    }
    this.i32Const(this.c.int(len + slack));
    this.size(1);
  }

  /** A stack-neutral instruction sequence (operands generated). */
  private statement(): void {
    const hasMem = this.ctx.memory !== null;
    const nData = this.ctx.datas.length;
    const nTables = this.ctx.tables.length;
    const writable = this.writableTables();
    const k = this.c.weighted([
      1, // nop
      hasMem ? 8 : 0, // store
      8, // local.set
      3, // global.set
      2, // drop
      hasMem && !this.intOnly ? 2 : 0, // memory.fill / copy
      hasMem && nData > 0 && !this.intOnly ? 2 : 0, // memory.init / data.drop
      writable.length > 0 ? 3 : 0, // table.set / fill / grow
      nTables > 0 ? 2 : 0, // table.copy / init, elem.drop
      this.tablesOf(FUNCREF, false).length > 0 ? 2 : 0, // call_indirect, results left
      this.fewTraps && this.addressMask > 0 ? 3 : 0, // move the pointer local
      this.simd !== null && this.simd.hasStores ? 4 : 0, // v128 store, lane store
    ]);
    switch (k) {
      case 1: {
        const s = this.c.pick(this.stores);
        this.memAddress(1);
        this.expr(s.type, 1);
        this.storeOp(s);
        return;
      }
      case 2: {
        const t = this.randomType();
        const ls = this.localsOf(t, true);
        if (ls.length === 0) return this.statement();
        this.expr(t, 0);
        this.opcode(0x21);
        this.out.u32(this.c.pick(ls));
        this.pop(t);
        return;
      }
      case 3: {
        const t = this.randomType();
        const gs = this.globalsOf(t, true);
        if (gs.length === 0) return;
        this.expr(t, 0);
        this.opcode(0x24);
        this.out.u32(this.c.pick(gs));
        this.pop(t);
        return;
      }
      case 4:
        this.expr(this.randomType(), 0);
        this.opcode(0x1a);
        this.pop();
        return;
      case 5: {
        const a = this.addrType;
        this.memAddress(1);
        if (this.c.chance(1, 2)) {
          this.expr(I32, 2);
          this.memSize(1);
          this.opcode(0x10b);
          this.out.byte(0);
          this.pops([a, I32, a]);
        } else {
          this.memAddress(1);
          this.memSize(1);
          this.opcode(0x10a);
          this.out.byte(0);
          this.out.byte(0);
          this.pops([a, a, a]);
        }
        return;
      }
      case 6: {
        const isGuarded = this.isGuarded();
        const isDrop = this.c.chance(1, 4);
        const seg = this.segment(this.ctx.datas, isDrop, isGuarded);
        if (seg < 0) return;
        if (isDrop) {
          this.opcode(0x109);
          this.out.u32(seg);
          return;
        }
        this.memAddress(1);
        this.initRange(this.ctx.datas[seg]!.bytes.length, isGuarded, 3);
        this.opcode(0x108);
        this.out.u32(seg);
        this.out.byte(0);
        this.pops([this.addrType, I32, I32]);
        return;
      }
      case 7: {
        const x = this.c.pick(writable);
        const tt = this.ctx.tables[x]!.type;
        const which = this.c.int(3);
        if (which === 0) {
          this.tableIndex(x, 1);
          this.expr(tt, 1);
          this.opcode(0x26);
          this.out.u32(x);
          this.pops([I32, tt]);
        } else if (which === 1) {
          this.tableIndex(x, 1);
          this.expr(tt, 1);
          this.size(1);
          this.opcode(0x111);
          this.out.u32(x);
          this.pops([I32, tt, I32]);
        } else {
          this.expr(tt, 1);
          this.i32Const(this.c.int(4));
          this.opcode(0x10f);
          this.out.u32(x);
          this.pops([tt, I32]);
          this.push(I32);
          this.opcode(0x1a);
          this.pop(I32);
        }
        return;
      }
      case 8: {
        const which = this.c.int(3);
        if (which === 0) {
          if (writable.length === 0) return;
          const dst = this.c.pick(writable);
          const src = this.c.pick(this.tablesOf(this.ctx.tables[dst]!.type, false));
          this.tableIndex(dst, 1);
          this.tableIndex(src, 1);
          this.size(1);
          this.opcode(0x10e);
          this.out.u32(dst);
          this.out.u32(src);
          this.pops([I32, I32, I32]);
          return;
        }
        const isGuarded = this.isGuarded();
        const e = this.segment(this.ctx.elems, which === 1, isGuarded);
        if (e < 0) return;
        if (which === 1) {
          this.opcode(0x10d);
          this.out.u32(e);
          return;
        }
        const xs = this.tablesOf(this.ctx.elems[e]!.type, true);
        if (xs.length === 0) return;
        const x = this.c.pick(xs);
        this.tableIndex(x, 1);
        this.initRange(this.ctx.elems[e]!.items.length, isGuarded, 2);
        this.opcode(0x10c);
        this.out.u32(e);
        this.out.u32(x);
        this.pops([I32, I32, I32]);
        return;
      }
      case 10:
        this.movePointer();
        return;
      case 11:
        this.simd!.store(1);
        return;
      case 9: {
        if (this.ctx.dispatch !== null && this.isGuarded()) {
          this.dispatchCall(() => true, 1);
          return;
        }
        this.callIndirect(this.c.int(Math.min(this.ctx.types.list.length, this.ctx.userEnd + 2)), 1);
        return;
      }
      default:
        this.opcode(0x01);
    }
  }

  /** block / loop / if with params from the stack (or none) and random results. */
  private structured(): void {
    const kind = this.c.int(3);
    const params = this.c.chance(1, 3) ? this.takeParams(0) : [];
    const results = this.randomTypes(this.c.chance(1, 4) ? 3 : 1);
    if (kind === K_IF) this.condition(1);
    this.control(kind, params, results);
  }

  /**
   * A loop with a bounded trip count in a reserved counter local, in one of the shapes compilers
   * emit (do-while with the decrement folded into br_if, or a while loop with an exit br_if and a
   * back-edge br), so the translator's compare-and-branch forms are exercised on real loops.
   */
  private countedLoop(): void {
    const ctr = this.newLocal(I32, true);
    this.i32Const(this.c.range(1, 6));
    this.opcode(0x21);
    this.out.u32(ctr);
    this.pop(I32);
    const shape = this.c.int(4);
    const dec = (): void => {
      // local.get c; i32.const -1; i32.add  (or i32.const 1; i32.sub)
      this.localGet(ctr);
      if (this.c.chance(1, 2)) {
        this.i32Const(-1);
        this.emitOp(0x6a);
      } else {
        this.i32Const(1);
        this.emitOp(0x6b);
      }
    };
    const brIf = (label: number): void => {
      this.opcode(0x0d);
      this.out.u32(label);
      this.pop(I32);
    };
    if (shape === 3) {
      this.whileLoop(ctr);
      return;
    }
    this.control(K_LOOP, [], [], () => {
      dec();
      if (shape === 0) {
        this.opcode(0x22); // local.tee c; br_if 0
        this.out.u32(ctr);
        brIf(0);
      } else if (shape === 1) {
        this.opcode(0x22); // local.tee c; i32.const 0; i32.gt_s; br_if 0
        this.out.u32(ctr);
        this.i32Const(0);
        this.emitOp(0x4a);
        brIf(0);
      } else {
        this.opcode(0x21); // local.set c; local.get c; i32.const 0; i32.ne; br_if 0
        this.out.u32(ctr);
        this.pop(I32);
        this.localGet(ctr);
        this.i32Const(0);
        this.emitOp(0x47);
        brIf(0);
      }
    });
  }

  /**
   * `block { loop { fuel; local.get c; i32.eqz; br_if 1; <body>; c := c - 1; br 0 } }`: a while
   * loop with its exit test at the top and an unconditional back-edge.
   */
  private whileLoop(ctr: number): void {
    this.opcode(0x02);
    this.out.byte(0x40);
    this.frames.push({ kind: K_BLOCK, params: [], results: [], height: this.stack.length, isUnreachable: false });
    this.opcode(0x03);
    this.out.byte(0x40);
    this.frames.push({ kind: K_LOOP, params: [], results: [], height: this.stack.length, isUnreachable: false });
    this.fuelCheck();
    this.localGet(ctr);
    this.emitOp(0x45);
    this.opcode(0x0d);
    this.out.u32(1);
    this.pop(I32);
    this.sequence(false);
    this.fixup([]);
    this.localGet(ctr);
    this.i32Const(1);
    this.emitOp(0x6b);
    this.opcode(0x21);
    this.out.u32(ctr);
    this.pop(I32);
    this.opcode(0x0c);
    this.out.u32(0);
    this.opcode(0x0b);
    const loop = this.frames.pop()!;
    this.stack.length = loop.height;
    this.opcode(0x0b);
    const block = this.frames.pop()!;
    this.stack.length = block.height;
  }

  /** br_if to a random label, with the label's values generated. */
  private brIf(): void {
    this.brIfWith(false);
  }

  /** A random label depth, avoiding loop labels (back-edges) most of the time. */
  private label(): number {
    let l = this.c.int(this.frames.length);
    // fewTraps: back-edges whose condition rarely changes spin until the fuel runs out (a trap).
    for (let i = this.fewTraps ? 3 : 1; i > 0 && this.frames[this.frames.length - 1 - l]!.kind === K_LOOP; i--) {
      if (this.c.chance(1, 3)) break;
      l = this.c.int(this.frames.length);
    }
    return this.withoutExnref(l);
  }

  /**
   * `l`, or the function's label when label l carries an exnref (a try_table handler block):
   * random code never makes exnref values.
   */
  private withoutExnref(l: number): number {
    return this.labelTypes(l).includes(EXNREF) ? this.frames.length - 1 : l;
  }

  private labelTypes(l: number): readonly ValType[] {
    const f = this.frames[this.frames.length - 1 - l]!;
    return f.kind === K_LOOP ? f.params : f.results;
  }

  /** Pushes the values of `types` (reusing the stack top when it already matches). */
  private pushValues(types: readonly ValType[]): void {
    if (types.length > 0 && this.suffixIs(types) && this.c.chance(1, 2)) return;
    for (const t of types) this.expr(t, 1);
  }

  /** br_if; with `condOnStack` the i32 on top is the condition (only labels without values). */
  private brIfWith(condOnStack: boolean): void {
    const l = this.label();
    if (condOnStack) {
      if (this.labelTypes(l).length !== 0) {
        this.opcode(0x1a);
        this.pop(I32);
        return;
      }
    } else {
      this.pushValues(this.labelTypes(l));
      this.condition(1);
    }
    const types = this.labelTypes(l);
    this.opcode(0x0d);
    this.out.u32(l);
    this.pop(I32);
    this.pops(types);
    for (const t of types) this.push(t);
  }

  /** An unconditional exit: br, br_table, return or unreachable (guarded: not unreachable). */
  private exit(): void {
    const opts = this.ctx.opts;
    const k = this.c.weighted([
      4, 3, 2, this.isGuarded() ? 0 : 1,
      opts.tailCalls ? 4 : 0, // return_call, return_call_indirect
      opts.exceptions && (this.isInTry() || !this.isGuarded()) ? 2 : 0, // throw
      opts.exceptions && !opts.tryTable ? 2 : 0, // rethrow (legacy)
    ]);
    if (k === 4 && this.tailCall()) return;
    if (k === 5) return this.throwOp();
    if (k === 6 && this.rethrow()) return;
    if (k >= 4) return;
    if (k === 3) {
      this.opcode(0x00);
      this.setUnreachable();
      return;
    }
    if (k === 2) {
      this.pushValues(this.sig.results);
      this.opcode(0x0f);
      this.pops(this.sig.results);
      this.setUnreachable();
      return;
    }
    const l = this.label();
    const types = this.labelTypes(l);
    this.pushValues(types);
    if (k === 0) {
      this.opcode(0x0c);
      this.out.u32(l);
      this.pops(types);
      this.setUnreachable();
      return;
    }
    // br_table: targets among labels with the same types.
    const same: number[] = [];
    for (let i = 0; i < this.frames.length; i++) if (sameTypes(this.labelTypes(i), types)) same.push(i);
    const n = this.c.int(6);
    const targets: number[] = [];
    for (let i = 0; i < n; i++) targets.push(this.c.pick(same));
    if (this.c.chance(3, 4)) this.i32Const(this.c.int(n + 2));
    else this.expr(I32, 1);
    this.opcode(0x0e);
    this.out.u32(n);
    for (const t of targets) this.out.u32(t);
    this.out.u32(l);
    this.pop(I32);
    this.pops(types);
    this.setUnreachable();
  }

  /** In unreachable code: an instruction whose operands may come from the polymorphic stack. */
  private polymorphicOp(): void {
    switch (this.c.int(4)) {
      case 0: {
        if (this.simd !== null && this.c.chance(1, 3)) return this.simd.polymorphic();
        const o = this.c.pick(this.numOps);
        this.emitNumOp(o);
        return;
      }
      case 1: {
        if (this.ctx.memory === null) return;
        const s = this.c.pick(this.stores);
        this.opcode(s.op);
        this.memarg(s.bytes);
        this.pops([this.addrType, s.type]);
        return;
      }
      case 2: {
        const t = this.randomType();
        const ls = this.localsOf(t, true);
        if (ls.length === 0) return;
        this.opcode(0x21);
        this.out.u32(this.c.pick(ls));
        this.pop(t);
        return;
      }
      default: {
        const l = this.withoutExnref(this.c.int(this.frames.length));
        const types = this.labelTypes(l);
        this.opcode(0x0d);
        this.out.u32(l);
        this.pop(I32);
        this.pops(types);
        for (const t of types) this.push(t);
      }
    }
  }

  /** Generates the whole body: locals, fuel check, instructions, `end`. */
  generate(): Uint8Array {
    this.frames.push({ kind: K_FUNC, params: [], results: this.sig.results, height: 0, isUnreachable: false });
    this.fuelCheck();
    this.sequence(true);
    this.fixup(this.sig.results);
    this.opcode(0x0b);
    return encodeBody(this.locals.slice(this.paramCount), this.out);
  }

  /** Whether the body holds SIMD code: a SIMD instruction or a v128 local (params included). */
  get hasSimd(): boolean {
    return this.hasSimdOp || this.locals.includes(V128);
  }
}

/** i32 compares and binary ops the translator gives local or constant operands. */
const FUSABLE_COMPARES: readonly number[] = [0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f];
const FUSABLE_BINOPS: readonly number[] = [0x6a, 0x6b, 0x6c, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, ...FUSABLE_COMPARES];
/** i64 compares (-> i32) and binary ops with constant forms (i64.add_c ... i64.rotr_c). */
const I64_COMPARES: readonly number[] = [0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a];
const I64_BINOPS: readonly number[] = [0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a];

function isTrapping(o: NumOp): boolean {
  // div_s div_u rem_s rem_u of i32 / i64, and the trapping truncations
  return (o.op >= 0x6d && o.op <= 0x70) || (o.op >= 0x7f && o.op <= 0x82) || (o.op >= 0xa8 && o.op <= 0xab) ||
    (o.op >= 0xae && o.op <= 0xb1);
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** A code-section entry: size, local runs, instructions. */
function encodeBody(locals: readonly ValType[], code: ByteWriter): Uint8Array {
  const w = new ByteWriter();
  const runs: [number, ValType][] = [];
  for (const t of locals) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === t) last[0]++;
    else runs.push([1, t]);
  }
  w.u32(runs.length);
  for (const [n, t] of runs) {
    w.u32(n);
    w.byte(t);
  }
  w.append(code.bytes.subarray(0, code.length));
  const out = new ByteWriter();
  out.u32(w.length);
  out.append(w.bytes.subarray(0, w.length));
  return out.finish();
}

/**
 * Wrapper body: reset fuel, pass bits / nulls in, call, convert results to i32 / i64 bits (a v128
 * from and to two i64 lanes).
 */
function wrapperBody(ctx: ModuleCtx, target: number, fuel: number, catchesAll = false): { body: Uint8Array; sig: FuncSig } {
  const sig = ctx.funcs[target]!;
  const params: ValType[] = [];
  const code = new ByteWriter();
  code.byte(0x41); code.s32(fuel); // i32.const fuel
  code.byte(0x24); code.u32(ctx.fuelGlobal); // global.set fuel
  for (const p of sig.params) {
    if (isRef(p)) {
      code.byte(0xd0); code.byte(p);
      continue;
    }
    if (p === V128) {
      writeV128OfI64s(code, params.length, params.length + 1);
      params.push(I64, I64);
      continue;
    }
    code.byte(0x20); code.u32(params.length);
    params.push(p === F32 ? I32 : p === F64 ? I64 : p);
    if (p === F32) code.byte(0xbe); // f32.reinterpret_i32
    if (p === F64) code.byte(0xbf); // f64.reinterpret_i64
  }
  if (catchesAll) {
    // try (type of target) call target catch_all <zeros> end: an exception ends the call normally.
    code.byte(0x06); code.s32(ctx.types.index(sig));
    code.byte(0x10); code.u32(target);
    code.byte(0x19);
    writeCaughtIncrement(code, ctx.caughtGlobal);
    for (const r of sig.results) writeZero(code, r);
    code.byte(0x0b);
  } else {
    code.byte(0x10); code.u32(target);
  }
  const locals: ValType[] = [];
  const results: ValType[] = [];
  const firstTemp = params.length;
  for (let i = sig.results.length - 1; i >= 0; i--) {
    code.byte(0x21); code.u32(firstTemp + i);
  }
  for (let i = 0; i < sig.results.length; i++) {
    const r = sig.results[i]!;
    locals.push(r);
    if (r === V128) {
      writeI64sOfV128(code, firstTemp + i);
      results.push(I64, I64);
      continue;
    }
    code.byte(0x20); code.u32(firstTemp + i);
    if (r === F32) code.byte(0xbc); // i32.reinterpret_f32
    if (r === F64) code.byte(0xbd); // i64.reinterpret_f64
    if (isRef(r)) code.byte(0xd1); // ref.is_null
    results.push(r === F32 || isRef(r) ? I32 : r === F64 ? I64 : r);
  }
  code.byte(0x0b);
  return { body: encodeBody(locals, code), sig: { params, results } };
}

/** Unsigned LEB128 of a u64 (minimal). */
function writeU64(w: ByteWriter, v: bigint): void {
  let x = BigInt.asUintN(64, v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x !== 0n) b |= 0x80;
    w.byte(b);
  } while (x !== 0n);
}

/** `caught := caught + 1` (stack-neutral; the differential stats count calls that caught something). */
function writeCaughtIncrement(w: ByteWriter, g: number): void {
  w.byte(0x23); w.u32(g);
  w.byte(0x41); w.byte(0x01);
  w.byte(0x6a);
  w.byte(0x24); w.u32(g);
}

/** The zero (null) constant of type t. */
function writeZero(w: ByteWriter, t: ValType): void {
  switch (t) {
    case I32: w.byte(0x41); w.byte(0); break;
    case I64: w.byte(0x42); w.byte(0); break;
    case F32: w.byte(0x43); w.fixed32(0); break;
    case F64: w.byte(0x44); w.fixed64(0n); break;
    case V128: w.byte(0xfd); w.byte(0x0c); for (let i = 0; i < 16; i++) w.byte(0); break;
    default: w.byte(0xd0); w.byte(t);
  }
}

function writeConst(w: ByteWriter, t: ValType, v: ValueGen, c: Choices): void {
  switch (t) {
    case I32: w.byte(0x41); w.s32(v.i32()); break;
    case I64: w.byte(0x42); w.s64(v.i64()); break;
    case F32: w.byte(0x43); w.fixed32(v.f32()); break;
    case F64: w.byte(0x44); w.fixed64(v.f64()); break;
    case V128: w.byte(0xfd); w.byte(0x0c); writeV128Bytes(c, w); break;
    default: w.byte(0xd0); w.byte(t);
  }
}

/** A non-NaN float bit pattern (imported float globals cross the JS API as numbers). */
function nonNaN32(bits: number): number {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0 ? 0x3f800000 : bits;
}
function nonNaN64(bits: bigint): bigint {
  return (bits & 0x7ff0000000000000n) === 0x7ff0000000000000n && (bits & 0xfffffffffffffn) !== 0n ? 0x3ff0000000000000n : bits;
}

const DEFAULTS: Omit<Required<GenOptions>, 'fewTraps' | 'link' | 'hostFunctions'> = {
  maxFuncs: 4, maxInstrs: 120, fuel: 200, maxNesting: 5, simd: false, tailCalls: false, extendedConst: false, exceptions: false,
  memory64: false, tryTable: false, intOnly: false,
};

/** What GenOptions.intOnly turns off. */
const INT_ONLY_OFF = { simd: false, tailCalls: false, exceptions: false, tryTable: false, memory64: false } as const;

/** An offset as an extended constant expression equal to `offset`: a sum or difference with `term`. */
function writeExtendedOffset(w: ByteWriter, offset: number, offsetGlobal: number, term: number): void {
  if (offsetGlobal >= 0) {
    // global.get g; i32.const 1; i32.mul
    w.byte(0x23); w.u32(offsetGlobal);
    w.byte(0x41); w.s32(1);
    w.byte(0x6c);
  } else if ((term & 1) === 1) {
    w.byte(0x41); w.s32(offset - term);
    w.byte(0x41); w.s32(term);
    w.byte(0x6a); // i32.add
  } else {
    w.byte(0x41); w.s32(offset + term);
    w.byte(0x41); w.s32(term);
    w.byte(0x6b); // i32.sub
  }
}

/**
 * An extended constant expression (GenOptions.extendedConst) of type i32 or i64: a chain of
 * `add` / `sub` / `mul` over constants and imported globals of that type (indices in `imports`).
 */
function extendedConstExpr(c: Choices, values: ValueGen, t: ValType, imports: readonly number[]): Uint8Array {
  const w = new ByteWriter();
  const operand = (): void => {
    if (imports.length > 0 && c.chance(1, 3)) {
      w.byte(0x23); w.u32(c.pick(imports));
    } else if (t === I32) {
      w.byte(0x41); w.s32(values.i32());
    } else {
      w.byte(0x42); w.s64(values.i64());
    }
  };
  operand();
  const n = 1 + c.int(4);
  for (let i = 0; i < n; i++) {
    operand();
    const k = c.int(3);
    w.byte(t === I32 ? [0x6a, 0x6b, 0x6c][k]! : [0x7c, 0x7d, 0x7e][k]!);
  }
  return w.finish();
}

/**
 * fewTraps: the dispatch table ({@link Dispatch}), appended to `tables` with the active segment
 * that fills it appended to `elems`; null without functions.
 */
function dispatchTable(c: Choices, funcs: readonly FuncSig[], types: TypeRegistry, tables: TableDef[], elems: ElemDef[]): Dispatch | null {
  if (funcs.length === 0) return null;
  const byType = new Map<number, number[]>();
  funcs.forEach((f, i) => {
    const typeIdx = types.index(f);
    const list = byType.get(typeIdx);
    if (list === undefined) byType.set(typeIdx, [i]);
    else list.push(i);
  });
  const blocks = new Map<number, { base: number; size: number }>();
  const items: ElemItem[] = [];
  for (const [typeIdx, fs] of byType) {
    let size = 1;
    while (size < fs.length) size *= 2;
    blocks.set(typeIdx, { base: items.length, size });
    for (let k = 0; k < size; k++) items.push(fs[k % fs.length]!);
  }
  const table = tables.length;
  tables.push({ type: FUNCREF, min: items.length, max: items.length, importName: null, isReserved: true });
  elems.push({ mode: 'active', table, offset: 0, offsetGlobal: -1, type: FUNCREF, items, useExprs: c.chance(1, 3) });
  return { table, blocks };
}

/** Whether a case traps only on purpose ({@link GenOptions.fewTraps}): as asked, else three cases in four. */
function decideFewTraps(c: Choices, options: GenOptions): boolean {
  return options.fewTraps ?? c.chance(3, 4);
}

/**
 * Generates one valid module from `c`, and the calls to make on it. Deterministic: the same
 * choices give the same bytes and calls.
 */
export function generateModule(c: Choices, options: GenOptions = {}): GeneratedModule {
  const fewTraps = decideFewTraps(c, options);
  const settings: GenSettings = { ...DEFAULTS, ...options, fewTraps };
  const opts: GenSettings = settings.intOnly ? { ...settings, ...INT_ONLY_OFF } : settings;
  const types = new TypeRegistry();
  const values = new ValueGen(c);

  // Imports: host functions and immutable globals.
  const hostImports: string[] = [];
  // With exceptions, no `throw` host function (see GenOptions.exceptions).
  const hostNames = Object.keys(HOST_FUNCTIONS).filter((n) => !(opts.exceptions && n === 'throw'));
  const importCount = !opts.intOnly && options.hostFunctions !== false && c.chance(1, 3) ? c.int(3) : 0;
  for (let i = 0; i < importCount; i++) {
    const n = c.pick(hostNames);
    if (!hostImports.includes(n)) hostImports.push(n);
  }
  const funcs: FuncSig[] = hostImports.map((n) => HOST_FUNCTIONS[n]!);
  const link = options.link ?? null;
  const linkedFuncs: string[] = [];
  if (link !== null && !opts.intOnly) {
    for (const f of link.funcs) {
      if (c.chance(2, 3)) {
        linkedFuncs.push(f.name);
        funcs.push({ params: f.params, results: f.results });
      }
    }
  }

  // User functions: types first (calls may go forward), bodies later.
  const userCount = 1 + c.int(opts.maxFuncs);
  const userStart = funcs.length;
  const sigGen = {
    type(): ValType {
      if (opts.intOnly) return c.chance(1, 3) ? I64 : I32;
      if (opts.simd && c.chance(1, 6)) return V128;
      const r = c.int(20);
      return r === 19 ? FUNCREF : r === 18 ? EXTERNREF : NUM_TYPES[r % 4]!;
    },
  };
  for (let i = 0; i < userCount; i++) {
    const params: ValType[] = [];
    const results: ValType[] = [];
    const np = c.int(5);
    for (let k = 0; k < np; k++) params.push(sigGen.type());
    const nr = c.weighted(opts.intOnly ? [3, 6] : [3, 6, 2, 1]);
    for (let k = 0; k < nr; k++) results.push(sigGen.type());
    funcs.push({ params, results });
  }
  const userEnd = funcs.length;
  for (const f of funcs) types.index(f);

  // Tags (exceptions): some of the linked module's, then 1-3 of its own; payloads of i32 / i64.
  const tags: TagDef[] = [];
  if (opts.exceptions) {
    for (const t of link?.tags ?? []) if (c.chance(1, 2)) tags.push({ params: t.params, importName: t.name });
    const n = 1 + c.int(3);
    for (let i = 0; i < n; i++) {
      const params: ValType[] = [];
      const np = c.int(3);
      for (let k = 0; k < np; k++) params.push(c.chance(1, 2) ? I32 : I64);
      tags.push({ params, importName: null });
    }
    for (const t of tags) types.index({ params: t.params, results: [] });
  }

  // Memory (imported from the linked module, mostly, when it has one).
  let memory: MemoryDef | null = null;
  if (link?.memory != null && c.chance(3, 4)) {
    memory = { min: link.memory.min, max: link.memory.max, importName: link.memory.name, is64: link.memory.is64 === true };
  } else if (c.int(8) !== 7) {
    const min = Math.max(opts.fewTraps ? 1 : 0, c.weighted([1, 6, 3]));
    memory = { min, max: min + c.int(4), importName: null, is64: opts.memory64 && !opts.simd };
  }

  // Tables (with a maximum, so table.grow cannot allocate millions of slots); imported first.
  const tables: TableDef[] = [];
  if (link !== null && !opts.intOnly) {
    for (const t of link.tables) if (c.chance(1, 2)) tables.push({ type: t.type, min: t.min, max: t.max, importName: t.name });
  }
  const nTables = opts.intOnly ? 0 : c.weighted([2, 6, 2, 1]);
  for (let i = 0; i < nTables; i++) {
    const type = tables.length === 0 || c.chance(1, 2) ? FUNCREF : EXTERNREF;
    const min = opts.fewTraps ? 1 + c.int(8) : c.int(9);
    tables.push({ type, min, max: min + c.int(8), importName: null });
  }

  const globalImports: GlobalImport[] = [];
  const globals: GlobalDef[] = [];
  const nGlobalImports = c.chance(1, 4) ? 1 + c.int(2) : 0;
  for (let i = 0; i < nGlobalImports; i++) {
    const type = c.pick(opts.intOnly ? INT_TYPES : NUM_TYPES);
    const value = type === I32 ? values.i32() : type === I64 ? values.i64()
      : type === F32 ? new Float32Array(new Uint32Array([nonNaN32(values.f32())]).buffer)[0]!
      : new Float64Array(new BigUint64Array([nonNaN64(values.f64())]).buffer)[0]!;
    globalImports.push({ name: `g${i}`, type, value });
    globals.push({ type, isMutable: false, init: () => {}, isImported: true });
  }
  const i32Imports = globalImports.map((g, i) => (g.type === I32 ? i : -1)).filter((i) => i >= 0);
  // Globals of the linked module: its fuel (shared: both modules' code burns it) and some others.
  const linkedGlobals: string[] = [];
  let fuelGlobal = -1;
  if (link !== null) {
    for (const g of link.globals) {
      if (g.name === 'caught') continue;
      if (g.name !== 'fuel' && !c.chance(1, 2)) continue;
      if (g.name === 'fuel') fuelGlobal = globals.length;
      linkedGlobals.push(g.name);
      globals.push({ type: g.type, isMutable: g.isMutable, init: () => {}, isImported: true });
    }
  }
  if (fuelGlobal < 0) {
    fuelGlobal = globals.length;
    globals.push({ type: I32, isMutable: true, init: (w) => { w.byte(0x41); w.s32(opts.fuel); } });
  }
  let caughtGlobal = -1;
  if (opts.exceptions) {
    caughtGlobal = globals.length;
    globals.push({ type: I32, isMutable: true, init: (w) => { w.byte(0x41); w.s32(0); } });
  }
  const nGlobals = c.int(6);
  for (let i = 0; i < nGlobals; i++) {
    const type = sigGen.type();
    const isMutable = c.chance(2, 3);
    if (type === FUNCREF && c.chance(1, 2)) {
      const f = c.int(userEnd);
      globals.push({ type, isMutable, init: (w) => { w.byte(0xd2); w.u32(f); } });
    } else if (opts.extendedConst && (type === I32 || type === I64) && c.chance(2, 3)) {
      const imports = globalImports.map((g, k) => (g.type === type ? k : -1)).filter((k) => k >= 0);
      const bytes = extendedConstExpr(c, values, type, imports);
      globals.push({ type, isMutable, init: (w) => w.append(bytes) });
    } else if (!isRef(type) && globalImports.some((g) => g.type === type) && c.chance(1, 3)) {
      const gi = globalImports.findIndex((g) => g.type === type);
      globals.push({ type, isMutable, init: (w) => { w.byte(0x23); w.u32(gi); } });
    } else {
      const tmp = new ByteWriter();
      writeConst(tmp, type, values, c);
      const bytes = tmp.finish();
      globals.push({ type, isMutable, init: (w) => w.append(bytes) });
    }
  }

  // Data segments (only with a memory).
  const datas: DataDef[] = [];
  if (memory !== null) {
    const n = c.int(4);
    for (let i = 0; i < n; i++) {
      const isActive = c.chance(1, 2);
      const limit = memory.min * PAGE;
      const len = isActive && limit === 0 && c.chance(7, 8) ? 0 : c.int(13);
      const bytes = new Uint8Array(len);
      for (let k = 0; k < len; k++) bytes[k] = c.int(256);
      // In bounds, except rarely (then instantiation traps).
      const room = Math.max(0, limit - len);
      const offset = c.chance(1, 40) ? limit - c.int(4) : c.chance(1, 2) ? Math.min(room, c.int(64)) : Math.max(0, room - c.int(32));
      // memory64: i64 offsets, so no imported (i32) global as offset.
      const offsetGlobal = i32Imports.length > 0 && memory.is64 !== true && c.chance(1, 6) ? c.pick(i32Imports) : -1;
      const offsetTerm = opts.extendedConst && c.chance(1, 2) ? 1 + c.int(1000) : 0;
      datas.push({ mode: isActive ? 'active' : 'passive', explicitMem: c.chance(1, 3), offset, offsetGlobal, offsetTerm, bytes });
    }
  }

  // Element segments.
  const elems: ElemDef[] = [];
  const nElems = tables.length > 0 ? c.int(4) : 0;
  for (let i = 0; i < nElems; i++) {
    const table = c.int(tables.length);
    const tt = tables[table]!;
    const type = c.chance(4, 5) ? tt.type : (tt.type === FUNCREF ? EXTERNREF : FUNCREF);
    const len = c.int(Math.min(5, tt.min + 1));
    const items: ElemItem[] = [];
    let useExprs = type === EXTERNREF || c.chance(1, 3);
    for (let k = 0; k < len; k++) items.push(type === EXTERNREF || (useExprs && c.chance(1, 4)) ? null : c.int(userEnd));
    const mode = c.weighted([5, 3, 1]);
    const active = mode === 0 && type === tt.type;
    // In bounds, except rarely (then instantiation traps).
    const offset = c.chance(1, 40) ? tt.min - c.int(2) : Math.max(0, tt.min - len - c.int(3));
    const offsetGlobal = i32Imports.length > 0 && c.chance(1, 6) ? c.pick(i32Imports) : -1;
    if (!useExprs && items.some((x) => x === null)) useExprs = true;
    const offsetTerm = opts.extendedConst && c.chance(1, 2) ? 1 + c.int(1000) : 0;
    elems.push({
      mode: active ? 'active' : mode === 2 ? 'declarative' : 'passive', table, offset, offsetGlobal, offsetTerm, type, items, useExprs,
    });
  }
  // Every function may be the target of ref.func: declare them all (intOnly: no ref.func).
  if (!opts.intOnly) {
    const declared: ElemItem[] = [];
    for (let f = 0; f < userEnd; f++) declared.push(f);
    elems.push({ mode: 'declarative', table: 0, offset: 0, offsetGlobal: -1, type: FUNCREF, items: declared, useExprs: false });
  }

  const dispatch = opts.fewTraps && !opts.intOnly ? dispatchTable(c, funcs, types, tables, elems) : null;
  const ctx: ModuleCtx = {
    c, opts, types, funcs, userStart, userEnd, tables, memory, globals, fuelGlobal, caughtGlobal, datas, elems, dispatch, tags,
  };

  // Bodies.
  const bodies: Uint8Array[] = [];
  const hasSimd: boolean[] = [];
  for (let f = userStart; f < userEnd; f++) {
    const g = new FuncGen(ctx, f);
    bodies.push(g.generate());
    const sig = funcs[f]!;
    hasSimd.push(g.hasSimd || sig.params.includes(V128) || sig.results.includes(V128));
  }

  // Wrappers, one per user function.
  const entries: EntryPoint[] = [];
  const wrapperTypes: number[] = [];
  for (let f = userStart; f < userEnd; f++) {
    const { body, sig } = wrapperBody(ctx, f, opts.fuel, opts.exceptions && !opts.tryTable && c.chance(1, 4));
    bodies.push(body);
    wrapperTypes.push(types.index(sig));
    const results = funcs[f]!.results.flatMap((r): ValType[] => (r === V128 ? [I64, I64] : [r]));
    entries.push({ name: `w${f - userStart}`, params: sig.params, results, hasSimd: hasSimd[f - userStart]! });
  }

  // Start function: a user function of type [] -> [], sometimes.
  let start = -1;
  if (c.chance(1, 8)) {
    for (let f = userStart; f < userEnd; f++) {
      if (funcs[f]!.params.length === 0 && funcs[f]!.results.length === 0) start = f;
    }
  }

  // Exports.
  const exportList: { name: string; kind: number; index: number }[] = [];
  entries.forEach((e, i) => exportList.push({ name: e.name, kind: 0, index: userEnd + i }));
  for (let f = userStart; f < userEnd; f++) if (c.chance(1, 3)) exportList.push({ name: `f${f}`, kind: 0, index: f });
  const tableExports: { name: string; type: ValType }[] = [];
  tables.forEach((t, i) => {
    if (t.isReserved === true) return;
    exportList.push({ name: `t${i}`, kind: 1, index: i });
    tableExports.push({ name: `t${i}`, type: t.type });
  });
  if (memory !== null) exportList.push({ name: 'mem', kind: 2, index: 0 });
  const globalExports: { name: string; type: ValType }[] = [];
  const providedGlobals: { name: string; type: ValType; isMutable: boolean }[] = [];
  globals.forEach((g, i) => {
    // A v128 global cannot cross the JS API (its value getter throws): never exported.
    if (i === fuelGlobal || i === caughtGlobal || (g.type !== V128 && c.chance(1, 2))) {
      const name = i === fuelGlobal ? 'fuel' : i === caughtGlobal ? 'caught' : `G${i}`;
      exportList.push({ name, kind: 3, index: i });
      globalExports.push({ name, type: g.type });
      providedGlobals.push({ name, type: g.type, isMutable: g.isMutable });
    }
  });
  const providedTags: { name: string; params: readonly ValType[] }[] = [];
  tags.forEach((t, i) => {
    if (!c.chance(2, 3)) return;
    const name = `tag${i}`;
    exportList.push({ name, kind: 4, index: i });
    providedTags.push({ name, params: t.params });
  });
  const provides: Provides = {
    funcs: exportList.filter((e) => e.kind === 0 && e.name.startsWith('f')).map((e) => ({ name: e.name, ...funcs[e.index]! })),
    memory: memory === null ? null : { name: 'mem', min: memory.min, max: memory.max, ...(memory.is64 === true ? { is64: true } : {}) },
    tables: tableExports.map((t) => {
      const def = tables[Number(t.name.slice(1))]!;
      return { name: t.name, type: t.type, min: def.min, max: def.max ?? def.min };
    }),
    globals: providedGlobals,
    ...(opts.exceptions ? { tags: providedTags } : {}),
  };

  // Calls.
  const calls: GeneratedCall[] = [];
  const nCalls = entries.length + c.int(entries.length * 2 + 2);
  for (let i = 0; i < nCalls; i++) {
    const e = entries[i < entries.length ? i : c.int(entries.length)]!;
    const args = e.params.map((p) => (p === I32 ? argI32(c, values) : argI64(c, values)));
    calls.push({ entry: e.name, args });
  }

  const bytes = encodeModule({
    types, hostImports, linkedFuncs, globalImports, linkedGlobals, funcs, userStart, userEnd, wrapperTypes, tables, memory,
    globals, exportList, start, elems, datas, bodies, tags,
  });
  return {
    bytes, entries, calls, memory: memory === null ? null : 'mem', globals: globalExports, tables: tableExports,
    hostImports, globalImports, provides, provider: null,
  };
}

/**
 * Two modules, the second linked to the first ({@link GenOptions.link}): the pair is run by
 * instantiating the first, then the second with the first's exports as module "a", and calling
 * the second's entries. Returns the second, with `provider` set to the first. Neither imports
 * host functions.
 */
export function generateLinkedPair(c: Choices, options: GenOptions = {}): GeneratedModule {
  // No host functions: V8 names a host function in a table by its index in the module that
  // imported it, which a table shared by two modules cannot tell apart.
  const fewTraps = decideFewTraps(c, options);
  const a = generateModule(c, { ...options, fewTraps, link: null, hostFunctions: false });
  const b = generateModule(c, { ...options, fewTraps, link: a.provides, hostFunctions: false });
  return { ...b, provider: a };
}

function argI32(c: Choices, v: ValueGen): number {
  // f32 params cross as i32 bits: mix in float edge patterns.
  return c.chance(1, 4) ? v.f32() | 0 : v.i32();
}

function argI64(c: Choices, v: ValueGen): bigint {
  return c.chance(1, 4) ? BigInt.asIntN(64, v.f64()) : v.i64();
}

interface Encodable {
  readonly types: TypeRegistry;
  readonly hostImports: readonly string[];
  readonly linkedFuncs: readonly string[];
  readonly globalImports: readonly GlobalImport[];
  readonly linkedGlobals: readonly string[];
  readonly funcs: readonly FuncSig[];
  readonly userStart: number;
  readonly userEnd: number;
  readonly wrapperTypes: readonly number[];
  readonly tables: readonly TableDef[];
  readonly memory: MemoryDef | null;
  readonly globals: readonly GlobalDef[];
  readonly exportList: readonly { name: string; kind: number; index: number }[];
  readonly start: number;
  readonly elems: readonly ElemDef[];
  readonly datas: readonly DataDef[];
  readonly bodies: readonly Uint8Array[];
  readonly tags: readonly TagDef[];
}

/** A data segment's offset expression; for a memory64 memory, i64 (`i64.const`, extended: i64 add / sub). */
function dataOffset(w: ByteWriter, d: DataDef, is64: boolean): void {
  if (!is64) return offsetExpr(w, d.offset, d.offsetGlobal, d.offsetTerm);
  const term = d.offsetTerm ?? 0;
  if (term === 0) {
    w.byte(0x42); w.s64(BigInt(d.offset));
  } else {
    const isAdd = (term & 1) === 1;
    w.byte(0x42); w.s64(BigInt(isAdd ? d.offset - term : d.offset + term));
    w.byte(0x42); w.s64(BigInt(term));
    w.byte(isAdd ? 0x7c : 0x7d); // i64.add / i64.sub
  }
  w.byte(0x0b);
}

function offsetExpr(w: ByteWriter, offset: number, offsetGlobal: number, offsetTerm = 0): void {
  if (offsetTerm > 0) {
    writeExtendedOffset(w, offset, offsetGlobal, offsetTerm);
  } else if (offsetGlobal >= 0) {
    w.byte(0x23);
    w.u32(offsetGlobal);
  } else {
    w.byte(0x41);
    w.s32(offset);
  }
  w.byte(0x0b);
}

function encodeModule(m: Encodable): Uint8Array {
  const out = new ByteWriter();
  out.append([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  // The type list is complete only now (bodies and wrappers added block and wrapper types).
  const typeIdxOf = (s: FuncSig): number => m.types.index(s);
  const funcTypeIdxs: number[] = [];
  for (let f = 0; f < m.userEnd; f++) funcTypeIdxs.push(typeIdxOf(m.funcs[f]!));
  const typeList = m.types.list;
  writeSection(out, 1, (w) => {
    w.u32(typeList.length);
    for (const t of typeList) {
      w.byte(0x60);
      w.u32(t.params.length);
      for (const p of t.params) w.byte(p);
      w.u32(t.results.length);
      for (const r of t.results) w.byte(r);
    }
  });
  const importedTables = m.tables.filter((t) => t.importName !== null);
  const importedMemory = m.memory !== null && m.memory.importName !== null ? m.memory : null;
  const importedTags = m.tags.filter((t) => t.importName !== null);
  const importCount = m.hostImports.length + m.linkedFuncs.length + importedTables.length + (importedMemory === null ? 0 : 1) +
    m.globalImports.length + m.linkedGlobals.length + importedTags.length;
  if (importCount > 0) {
    writeSection(out, 2, (w) => {
      w.u32(importCount);
      // Function imports in index order: host functions, then the linked module's.
      [...m.hostImports, ...m.linkedFuncs].forEach((name, i) => {
        w.name(i < m.hostImports.length ? 'env' : 'a');
        w.name(name);
        w.byte(0x00);
        w.u32(funcTypeIdxs[i]!);
      });
      for (const t of importedTables) {
        w.name('a');
        w.name(t.importName!);
        w.byte(0x01);
        w.byte(t.type);
        limits(w, t.min, t.max);
      }
      if (importedMemory !== null) {
        w.name('a');
        w.name(importedMemory.importName!);
        w.byte(0x02);
        limits(w, importedMemory.min, importedMemory.max, importedMemory.is64 === true);
      }
      for (const g of m.globalImports) {
        w.name('env');
        w.name(g.name);
        w.byte(0x03);
        w.byte(g.type);
        w.byte(0x00);
      }
      m.linkedGlobals.forEach((name, i) => {
        const g = m.globals[m.globalImports.length + i]!;
        w.name('a');
        w.name(name);
        w.byte(0x03);
        w.byte(g.type);
        w.byte(g.isMutable ? 1 : 0);
      });
      for (const t of importedTags) {
        w.name('a');
        w.name(t.importName!);
        w.byte(0x04);
        w.byte(0x00);
        w.u32(typeIdxOf({ params: t.params, results: [] }));
      }
    });
  }
  writeSection(out, 3, (w) => {
    w.u32(m.userEnd - m.userStart + m.wrapperTypes.length);
    for (let f = m.userStart; f < m.userEnd; f++) w.u32(funcTypeIdxs[f]!);
    for (const t of m.wrapperTypes) w.u32(t);
  });
  const ownTables = m.tables.filter((t) => t.importName === null);
  if (ownTables.length > 0) {
    writeSection(out, 4, (w) => {
      w.u32(ownTables.length);
      for (const t of ownTables) {
        w.byte(t.type);
        limits(w, t.min, t.max);
      }
    });
  }
  if (m.memory !== null && m.memory.importName === null) {
    const mem = m.memory;
    writeSection(out, 5, (w) => {
      w.u32(1);
      limits(w, mem.min, mem.max, mem.is64 === true);
    });
  }
  const ownTags = m.tags.filter((t) => t.importName === null);
  if (ownTags.length > 0) {
    // The tag section (id 13) sits between the memory and global sections.
    writeSection(out, 13, (w) => {
      w.u32(ownTags.length);
      for (const t of ownTags) {
        w.byte(0x00);
        w.u32(typeIdxOf({ params: t.params, results: [] }));
      }
    });
  }
  const ownGlobals = m.globals.filter((g) => g.isImported !== true);
  writeSection(out, 6, (w) => {
    w.u32(ownGlobals.length);
    for (const g of ownGlobals) {
      w.byte(g.type);
      w.byte(g.isMutable ? 1 : 0);
      g.init(w);
      w.byte(0x0b);
    }
  });
  writeSection(out, 7, (w) => {
    w.u32(m.exportList.length);
    for (const e of m.exportList) {
      w.name(e.name);
      w.byte(e.kind);
      w.u32(e.index);
    }
  });
  if (m.start >= 0) writeSection(out, 8, (w) => w.u32(m.start));
  writeSection(out, 9, (w) => {
    w.u32(m.elems.length);
    for (const e of m.elems) writeElem(w, e);
  });
  if (m.datas.length > 0) writeSection(out, 12, (w) => w.u32(m.datas.length));
  writeSection(out, 10, (w) => {
    w.u32(m.bodies.length);
    for (const b of m.bodies) w.append(b);
  });
  if (m.datas.length > 0) {
    writeSection(out, 11, (w) => {
      w.u32(m.datas.length);
      for (const d of m.datas) {
        if (d.mode === 'passive') {
          w.byte(1);
        } else if (d.explicitMem) {
          w.byte(2);
          w.u32(0);
          dataOffset(w, d, m.memory?.is64 === true);
        } else {
          w.byte(0);
          dataOffset(w, d, m.memory?.is64 === true);
        }
        w.u32(d.bytes.length);
        w.append(d.bytes);
      }
    });
  }
  return out.finish();
}

/** Limits (flag 0 / 1; with `is64`, the i64 address type: 4 / 5). */
function limits(w: ByteWriter, min: number, max: number | null, is64 = false): void {
  const t = is64 ? 4 : 0;
  if (max === null) {
    w.byte(t);
    w.u32(min);
  } else {
    w.byte(t | 1);
    w.u32(min);
    w.u32(max);
  }
}

/** One element segment in the encoding its fields call for (flags 0-7, spec §5.5.12). */
function writeElem(w: ByteWriter, e: ElemDef): void {
  const items = (): void => {
    w.u32(e.items.length);
    for (const it of e.items) {
      if (e.useExprs) {
        if (it === null) {
          w.byte(0xd0);
          w.byte(e.type);
        } else {
          w.byte(0xd2);
          w.u32(it);
        }
        w.byte(0x0b);
      } else {
        w.u32(it!);
      }
    }
  };
  const exprBit = e.useExprs ? 4 : 0;
  if (e.mode === 'active') {
    if (e.table === 0 && e.type === FUNCREF && (e.offset & 1) === 0) {
      w.byte(0 | exprBit);
      offsetExpr(w, e.offset, e.offsetGlobal, e.offsetTerm);
    } else {
      w.byte(2 | exprBit);
      w.u32(e.table);
      offsetExpr(w, e.offset, e.offsetGlobal, e.offsetTerm);
      w.byte(e.useExprs ? e.type : 0x00);
    }
  } else {
    w.byte((e.mode === 'passive' ? 1 : 3) | exprBit);
    w.byte(e.useExprs ? e.type : 0x00);
  }
  items();
}

/**
 * One test case: a module, or (a quarter of the time) a linked pair ({@link generateLinkedPair}).
 * What the differential runs use.
 */
export function generateCase(c: Choices, options: GenOptions = {}): GeneratedModule {
  return c.chance(1, 4) ? generateLinkedPair(c, options) : generateModule(c, options);
}
