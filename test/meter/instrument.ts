/**
 * An independent gas meter (issue 11, item 4): rewrites a module's bytes (spec §5 binary format)
 * so that the module counts its own gas in a mutable i64 global, following the gas schedule's
 * definition (src/gas/schedule.ts, README "Gas"), never detwasm's translator. Run on V8 (tests
 * only, test/meter/v8-meter.ts), the count must equal detwasm's `gasUsed`. It reads modules with
 * its own instruction table (test/meter/opcodes.ts) and imports nothing from src/.
 *
 * The definition, as injected here:
 *   - call: at every defined function's entry (the entry call included); a host function's call
 *     cost is charged by the harness's wrapper of the import, i.e. also at the callee's entry;
 *   - loop, 'backedge': before each branch to a loop label that is taken (br; br_if when its
 *     condition is non-zero; br_table when the chosen label is a loop); 'header': at the loop
 *     header, reached on entry and by every back-edge;
 *   - memoryByte / tableElement / memoryGrowPage: before memory.fill / copy / init, table.fill /
 *     copy / init / grow and memory.grow, n (the operand on top of the stack, unsigned) times the
 *     cost, whether or not the operation then traps or fails;
 *   - instructions: a straight-line run starts at the function's entry, after block, if, else,
 *     br_if and the end of a block, loop or if, and at a loop header; it holds every instruction up
 *     to and including the next block, loop, if, else, end, br, br_if, br_table or return, and
 *     ends early at unreachable code (after unreachable, br, br_table or return, until the end or
 *     else of that block), which costs nothing. A run's cost, the sum of `instructionCost` over its
 *     instructions, is charged where it starts.
 *
 * Charges are added in the order the events happen, so a run that traps has paid exactly what
 * detwasm charges before the trap too. The injected code is stack-neutral and only touches the
 * counter and one extra i32 scratch local per function (a copy of the peeked operand). The counter
 * is an imported global (see {@link instrument}); function, type, table, memory and element
 * indices never change (wrappers and their types are appended).
 */
import { ByteWriter } from '../gen/encode.js';
import { SEC } from '../helpers/binary.js';
import { Imm, IMMEDIATES, MNEMONIC } from './opcodes.js';

/** What the meter charges: a GasSchedule's event costs, with per-instruction costs by mnemonic. */
export interface MeterCosts {
  readonly call: number;
  readonly loop: number;
  readonly loopCharge: 'backedge' | 'header';
  readonly memoryByte: number;
  readonly tableElement: number;
  readonly memoryGrowPage: number;
  /** Cost of one executed instruction (e.g. `() => schedule.instruction` for a flat schedule). */
  readonly instructionCost: (mnemonic: string) => number;
}

/** Options of {@link instrument}. */
export interface InstrumentOptions {
  /**
   * Export, for each exported function with f32, f64 or v128 in its type, an uninstrumented
   * wrapper `meter.bits.<name>` that takes and returns f32 as i32 bits, f64 as i64 bits and v128
   * as two i64 (low lane first), so values cross V8's JS API bit-exactly. The wrapper costs
   * nothing itself; the function it calls pays its call as usual.
   */
  readonly bitsWrappers?: boolean;
  /** Remove the start section and export the start function as `meter.start` (the harness calls it). */
  readonly deferStart?: boolean;
}

/** Import module and name of the gas counter (a mutable i64 global the harness provides). */
export const GAS_IMPORT_MODULE = 'detwasm-meter';
export const GAS_IMPORT_NAME = 'gas';
/** Export name of memory 0, when the module has one (for host functions' memory access). */
export const MEMORY_EXPORT = 'meter.memory';
/** Export name of the start function under `deferStart`. */
export const START_EXPORT = 'meter.start';
/** Prefix of the bits wrappers' export names. */
export const BITS_PREFIX = 'meter.bits.';

/** An instrumented module. */
export interface Instrumented {
  readonly bytes: Uint8Array;
  /** Export name -> its bits wrapper's export name (only with `bitsWrappers`). */
  readonly bitsWrappers: ReadonlyMap<string, string>;
  /** The type of each exported function of the original module, by export name. */
  readonly funcExports: ReadonlyMap<string, FuncType>;
}

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;
const V128 = 0x7b;


/** Position of each known section id in the required order (spec §5.5.2; data count before code). */
const SECTION_RANK: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 12: 10, 10: 11, 11: 12 };

/** Opcodes the meter acts on (one space: 0xFC n is 0x100 + n, 0xFD n is 0x200 + n). */
const OP = {
  UNREACHABLE: 0x00, BLOCK: 0x02, LOOP: 0x03, IF: 0x04, ELSE: 0x05, END: 0x0b, BR: 0x0c, BR_IF: 0x0d,
  CALL_REF: 0x14, RETURN_CALL_REF: 0x15, BR_ON_NULL: 0xd5, BR_ON_NON_NULL: 0xd6,
  TRY: 0x06, CATCH: 0x07, THROW: 0x08, RETHROW: 0x09, THROW_REF: 0x0a, DELEGATE: 0x18, CATCH_ALL: 0x19, TRY_TABLE: 0x1f,
  BR_TABLE: 0x0e, RETURN: 0x0f, RETURN_CALL: 0x12, RETURN_CALL_INDIRECT: 0x13, GLOBAL_GET: 0x23, GLOBAL_SET: 0x24, MEMORY_GROW: 0x40, MEMORY_INIT: 0x108, MEMORY_COPY: 0x10a,
  MEMORY_FILL: 0x10b, TABLE_INIT: 0x10c, TABLE_COPY: 0x10e, TABLE_GROW: 0x10f, TABLE_FILL: 0x111,
} as const;

/** Bytes of the instructions the injected code uses. */
const B = {
  LOCAL_GET: 0x20, LOCAL_SET: 0x21, LOCAL_TEE: 0x22, GLOBAL_GET: 0x23, GLOBAL_SET: 0x24, I32_CONST: 0x41,
  I64_CONST: 0x42, I32_EQZ: 0x45, I32_LT_U: 0x49, I32_GE_U: 0x4f, I32_SUB: 0x6b, I32_OR: 0x72, I64_ADD: 0x7c,
  I64_MUL: 0x7e, I64_EXTEND_I32_U: 0xad, CALL: 0x10, END: 0x0b, SIMD: 0xfd, F32_REINTERPRET_I32: 0xbe,
  F64_REINTERPRET_I64: 0xbf, I32_REINTERPRET_F32: 0xbc, I64_REINTERPRET_F64: 0xbd,
  /** SIMD sub-opcodes: i64x2.splat, i64x2.extract_lane, i64x2.replace_lane. */
  I64X2_SPLAT: 18, I64X2_EXTRACT_LANE: 29, I64X2_REPLACE_LANE: 30,
} as const;

/** A bounds-checked reader of the binary format's primitives (spec §5.2). */
class Reader {
  readonly bytes: Uint8Array;
  readonly end: number;
  pos = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.end = bytes.length;
  }

  byte(): number {
    if (this.pos >= this.end) throw new Error(`meter: unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 (up to 32 bits). */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) {
        const last = this.byte();
        result += (last & 0x7f) * 2 ** shift;
        if ((last & 0x80) !== 0) throw new Error('meter: u32 too long');
        return result;
      }
    }
  }

  /** Skips one LEB128 number of any width (s32, s33, s64). */
  skipLeb(): void {
    while ((this.byte() & 0x80) !== 0) { /* continuation */ }
  }

  skip(n: number): void {
    if (this.pos + n > this.end) throw new Error(`meter: unexpected end at byte ${this.pos}`);
    this.pos += n;
  }

  /** A name (length-prefixed UTF-8). */
  name(): string {
    const n = this.u32();
    const at = this.pos;
    this.skip(n);
    // ignoreBOM: a name may start with U+FEFF (spec test names.wast), which must stay.
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.bytes.subarray(at, at + n));
  }

  /** limits: flags, min, max when flags bit 0 is set. */
  limits(): void {
    const flags = this.byte();
    this.u32();
    if ((flags & 1) !== 0) this.u32();
  }
}

/** A function type: value type bytes (spec §5.3.1). */
export interface FuncType {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

interface Section {
  readonly id: number;
  content: Uint8Array;
}

/** A count-prefixed vector section: its count and the bytes of its items. */
function splitVector(content: Uint8Array): { count: number; items: Uint8Array } {
  const r = new Reader(content);
  const count = r.u32();
  return { count, items: content.subarray(r.pos) };
}

/** A vector section from a count and item bytes. */
function joinVector(count: number, ...parts: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  w.u32(count);
  for (const p of parts) w.append(p);
  return w.finish();
}

/** Reads the opcode at `r` (prefixed opcodes in the one space of opcodes.ts). */
function readOpcode(r: Reader): number {
  const b = r.byte();
  if (b === 0xfc) return 0x100 + r.u32();
  if (b === 0xfd) return 0x200 + r.u32();
  // GC allocates, and allocation gas is charged by the engine, not by a wasm-level counter.
  if (b === 0xfb || b === 0xd3) throw new Error('meter: the GC instructions are not supported (allocation gas has no wasm-level charge)');
  return b;
}

/** One decoded instruction's label immediates (the only ones the meter needs). */
interface Labels {
  /** br / br_if: the label; br_table: the default label. */
  label: number;
  /** br_table: the labels of the table; try_table: the labels of its catch clauses. */
  targets: number[];
}

/** Skips the immediates of `op`, keeping the labels of branches in `out`. */
function readImmediates(r: Reader, op: number, out: Labels): void {
  switch (IMMEDIATES[op]) {
    case Imm.NONE: return;
    case Imm.BLOCK: r.skipLeb(); return;
    case Imm.U32: out.label = r.u32(); return;
    case Imm.BR_TABLE: {
      const n = r.u32();
      out.targets = [];
      for (let i = 0; i < n; i++) out.targets.push(r.u32());
      out.label = r.u32();
      return;
    }
    case Imm.U32X2: r.u32(); r.u32(); return;
    case Imm.SELECT_T: r.skip(r.u32()); return;
    case Imm.MEMARG: r.u32(); r.u32(); return;
    case Imm.S32:
    case Imm.S64: r.skipLeb(); return;
    case Imm.BYTES4: r.skip(4); return;
    case Imm.BYTES8: r.skip(8); return;
    case Imm.BYTES16: r.skip(16); return;
    case Imm.LANE: r.skip(1); return;
    case Imm.MEMARG_LANE: r.u32(); r.u32(); r.skip(1); return;
    case Imm.TRY_TABLE: {
      r.skipLeb();
      const n = r.u32();
      out.targets = [];
      for (let i = 0; i < n; i++) {
        const kind = r.byte();
        if (kind < 2) r.u32();
        out.targets.push(r.u32());
      }
      return;
    }
    default: throw new Error(`meter: no immediate layout for opcode 0x${op.toString(16)}`);
  }
}

const KIND_FUNC = 0;
const KIND_BLOCK = 1;
const KIND_LOOP = 2;
const KIND_IF = 3;

interface Frame {
  readonly kind: number;
  /** Opened in unreachable code: nothing in it runs. */
  readonly isDead: boolean;
  /** After an unconditional branch, until this frame's else or end. */
  isUnreachable: boolean;
}

/** A straight-line run's charge, known once the run is read to its end. */
interface Run {
  cost: number;
}

/** Builds the injected code snippets of one function (counter global `g`, scratch local `s`). */
class Injector {
  readonly g: number;
  readonly s: number;
  isScratchUsed = false;

  constructor(gasGlobal: number, scratchLocal: number) {
    this.g = gasGlobal;
    this.s = scratchLocal;
  }

  /** counter += c. */
  fixed(c: number): Uint8Array {
    const w = new ByteWriter();
    w.byte(B.GLOBAL_GET); w.u32(this.g);
    w.byte(B.I64_CONST); w.s64(BigInt(c));
    w.byte(B.I64_ADD);
    w.byte(B.GLOBAL_SET); w.u32(this.g);
    return w.finish();
  }

  /** counter += c * (the i32 on top of the stack, unsigned), leaving it there; `isNonZero`: c * (top != 0). */
  scaled(c: number, isNonZero: boolean): Uint8Array {
    this.isScratchUsed = true;
    const w = new ByteWriter();
    w.byte(B.LOCAL_TEE); w.u32(this.s);
    if (isNonZero) {
      w.byte(B.I32_EQZ);
      w.byte(B.I32_EQZ);
    }
    this.addTimes(w, c);
    w.byte(B.LOCAL_GET); w.u32(this.s);
    return w.finish();
  }

  /**
   * br_table: counter += c when the index on top of the stack selects a loop label. `ranges` are
   * the index ranges [from, to] (inclusive) that do; `to` = -1 means "and every index above".
   */
  selected(c: number, ranges: readonly (readonly [number, number])[]): Uint8Array {
    this.isScratchUsed = true;
    const w = new ByteWriter();
    w.byte(B.LOCAL_SET); w.u32(this.s);
    ranges.forEach(([from, to], i) => {
      w.byte(B.LOCAL_GET); w.u32(this.s);
      w.byte(B.I32_CONST); w.s32(from | 0);
      if (to < 0) {
        w.byte(B.I32_GE_U);
      } else {
        w.byte(B.I32_SUB);
        w.byte(B.I32_CONST); w.s32((to - from + 1) | 0);
        w.byte(B.I32_LT_U);
      }
      if (i > 0) w.byte(B.I32_OR);
    });
    this.addTimes(w, c);
    w.byte(B.LOCAL_GET); w.u32(this.s);
    return w.finish();
  }

  /** [i32 x] -> []: counter += c * x (x unsigned). */
  private addTimes(w: ByteWriter, c: number): void {
    w.byte(B.I64_EXTEND_I32_U);
    w.byte(B.I64_CONST); w.s64(BigInt(c));
    w.byte(B.I64_MUL);
    w.byte(B.GLOBAL_GET); w.u32(this.g);
    w.byte(B.I64_ADD);
    w.byte(B.GLOBAL_SET); w.u32(this.g);
  }
}

/** The cost of one instruction, checked (a schedule's costs are non-negative integers). */
function costOf(costs: MeterCosts, mnemonic: string): number {
  const c = costs.instructionCost(mnemonic);
  if (!Number.isSafeInteger(c) || c < 0) throw new Error(`meter: cost of ${mnemonic} is ${c}, not a non-negative integer`);
  return c;
}

/**
 * Rewrites one function body (`body`: locals and code, without its size prefix) of a function
 * with `paramCount` params; the scratch local, when needed, is declared after all others.
 */
function instrumentBody(
  body: Uint8Array, paramCount: number, costs: MeterCosts, gasGlobal: number, globalIdx: (g: number) => number,
): Uint8Array {
  const r = new Reader(body);
  const groups = r.u32();
  const groupsStart = r.pos;
  let localCount = paramCount;
  for (let i = 0; i < groups; i++) {
    localCount += r.u32();
    r.byte();
  }
  const codeStart = r.pos;
  const inj = new Injector(gasGlobal, localCount);
  const pieces: (Uint8Array | Run)[] = [];
  let copied = codeStart;
  const copyTo = (pos: number): void => {
    if (pos > copied) pieces.push(body.subarray(copied, pos));
    copied = pos;
  };
  const startRun = (base: number): Run => {
    const run = { cost: base };
    pieces.push(run);
    return run;
  };
  const isBackEdgeCharged = costs.loopCharge === 'backedge' && costs.loop > 0;
  let run = startRun(costs.call);
  const frames: Frame[] = [{ kind: KIND_FUNC, isDead: false, isUnreachable: false }];
  const labels: Labels = { label: 0, targets: [] };
  const isLoop = (label: number): boolean => frames[frames.length - 1 - label]!.kind === KIND_LOOP;
  while (frames.length > 0) {
    const at = r.pos;
    const op = readOpcode(r);
    const mnemonic = MNEMONIC[op];
    if (mnemonic === undefined || mnemonic === '') throw new Error(`meter: unknown opcode 0x${op.toString(16)} at byte ${at}`);
    readImmediates(r, op, labels);
    const top = frames[frames.length - 1]!;
    const isLive = !top.isDead && !top.isUnreachable;
    if (isLive) {
      run.cost += costOf(costs, mnemonic);
      const pre = chargeBefore(op, labels, costs, inj, isBackEdgeCharged, isLoop);
      if (pre !== null) {
        copyTo(at);
        pieces.push(pre);
      }
    }
    if ((op === OP.GLOBAL_GET || op === OP.GLOBAL_SET) && globalIdx(labels.label) !== labels.label) {
      copyTo(at);
      pieces.push(globalInstr(op, globalIdx(labels.label)));
      copied = r.pos;
    }
    // A catch that lands on a loop label pays the loop's cost in detwasm (it lands where a branch
    // back does); the meter cannot charge at an implicit landing, so it refuses those.
    if (op === OP.TRY_TABLE && labels.targets.some((l) => frames[frames.length - 1 - l]?.kind === KIND_LOOP)) {
      throw new Error('meter: a try_table catch to a loop label is not supported');
    }
    // (likewise a br_on_null / br_on_non_null back-edge: it would need a charge on the taken path only)
    if ((op === OP.BR_ON_NULL || op === OP.BR_ON_NON_NULL) && frames[frames.length - 1 - labels.label]?.kind === KIND_LOOP) {
      throw new Error('meter: a br_on_null / br_on_non_null to a loop label is not supported');
    }
    switch (op) {
      case OP.TRY_TABLE:
      case OP.TRY:
      case OP.BLOCK:
      case OP.IF:
      case OP.LOOP:
        frames.push({ kind: op === OP.LOOP ? KIND_LOOP : op === OP.IF ? KIND_IF : KIND_BLOCK, isDead: !isLive, isUnreachable: false });
        if (isLive) {
          copyTo(r.pos);
          run = startRun(op === OP.LOOP && costs.loopCharge === 'header' ? costs.loop : 0);
        }
        break;
      case OP.CATCH: // legacy: a handler body starts as an else does
      case OP.CATCH_ALL:
      case OP.ELSE:
        top.isUnreachable = false;
        if (!top.isDead) {
          copyTo(r.pos);
          run = startRun(0);
        }
        break;
      case OP.DELEGATE: // legacy: ends its try as end does
      case OP.END:
        frames.pop();
        if (frames.length > 0 && !top.isDead) {
          copyTo(r.pos);
          run = startRun(0);
        }
        break;
      case OP.BR_IF:
      case OP.BR_ON_NULL: // conditional branches: a run ends
      case OP.BR_ON_NON_NULL:
        if (isLive) {
          copyTo(r.pos);
          run = startRun(0);
        }
        break;
      case OP.BR:
      case OP.BR_TABLE:
      case OP.RETURN:
      case OP.RETURN_CALL: // (the callee pays its call at its entry, as for call)
      case OP.RETURN_CALL_INDIRECT:
      case OP.RETURN_CALL_REF:
      case OP.THROW:
      case OP.THROW_REF:
      case OP.RETHROW:
      case OP.UNREACHABLE:
        if (isLive) top.isUnreachable = true;
        break;
      default:
        break;
    }
  }
  if (r.pos !== body.length) throw new Error(`meter: function body continues after its end (byte ${r.pos} of ${body.length})`);
  copyTo(r.pos);
  const w = new ByteWriter();
  if (inj.isScratchUsed) {
    w.u32(groups + 1);
    w.append(body.subarray(groupsStart, codeStart));
    w.u32(1);
    w.byte(I32);
  } else {
    w.append(body.subarray(0, codeStart));
  }
  for (const p of pieces) {
    if (p instanceof Uint8Array) w.append(p);
    else if (p.cost > 0) w.append(inj.fixed(p.cost));
  }
  return w.finish();
}

/** global.get / global.set of global `g`. */
function globalInstr(op: number, g: number): Uint8Array {
  const w = new ByteWriter();
  w.byte(op);
  w.u32(g);
  return w.finish();
}

/** The charge to inject before a live instruction, or null. */
function chargeBefore(
  op: number, labels: Labels, costs: MeterCosts, inj: Injector, isBackEdgeCharged: boolean, isLoop: (label: number) => boolean,
): Uint8Array | null {
  switch (op) {
    case OP.MEMORY_FILL:
    case OP.MEMORY_COPY:
    case OP.MEMORY_INIT:
      return costs.memoryByte > 0 ? inj.scaled(costs.memoryByte, false) : null;
    case OP.TABLE_FILL:
    case OP.TABLE_COPY:
    case OP.TABLE_INIT:
    case OP.TABLE_GROW:
      return costs.tableElement > 0 ? inj.scaled(costs.tableElement, false) : null;
    case OP.MEMORY_GROW:
      return costs.memoryGrowPage > 0 ? inj.scaled(costs.memoryGrowPage, false) : null;
    case OP.BR:
      return isBackEdgeCharged && isLoop(labels.label) ? inj.fixed(costs.loop) : null;
    case OP.BR_IF:
      return isBackEdgeCharged && isLoop(labels.label) ? inj.scaled(costs.loop, true) : null;
    case OP.BR_TABLE: {
      if (!isBackEdgeCharged) return null;
      // Index ranges that select a loop; the default label stands for every index >= count.
      const count = labels.targets.length;
      const ranges: [number, number][] = [];
      for (let i = 0; i <= count; i++) {
        if (!isLoop(i < count ? labels.targets[i]! : labels.label)) continue;
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last[1] === i - 1) last[1] = i;
        else ranges.push([i, i]);
      }
      if (ranges.length === 0) return null;
      const last = ranges[ranges.length - 1]!;
      if (last[1] === count) last[1] = -1; // the default: this index and all above
      if (ranges.length === 1 && last[0] === 0 && last[1] === -1) return inj.fixed(costs.loop);
      return inj.selected(costs.loop, ranges);
    }
    default:
      return null;
  }
}

/** Maps a value type to what crosses the JS API bit-exactly (f32 -> i32, f64 -> i64, v128 -> i64 i64). */
function bitsTypes(types: readonly number[]): number[] {
  const out: number[] = [];
  for (const t of types) {
    if (t === F32) out.push(I32);
    else if (t === F64 || t === V128) out.push(...(t === V128 ? [I64, I64] : [I64]));
    else out.push(t);
  }
  return out;
}

/** The body of a bits wrapper of function `funcIdx` of type `type` (see InstrumentOptions.bitsWrappers). */
function bitsWrapperBody(funcIdx: number, type: FuncType): Uint8Array {
  const w = new ByteWriter();
  // Locals: one per result, of the result's own type (results are popped into them).
  w.u32(type.results.length);
  for (const t of type.results) {
    w.u32(1);
    w.byte(t);
  }
  const simd = (subop: number): void => {
    w.byte(B.SIMD);
    w.u32(subop);
  };
  let p = 0;
  for (const t of type.params) {
    w.byte(B.LOCAL_GET); w.u32(p++);
    if (t === F32) w.byte(B.F32_REINTERPRET_I32);
    else if (t === F64) w.byte(B.F64_REINTERPRET_I64);
    else if (t === V128) {
      simd(B.I64X2_SPLAT);
      w.byte(B.LOCAL_GET); w.u32(p++);
      simd(B.I64X2_REPLACE_LANE); w.byte(1);
    }
  }
  w.byte(B.CALL); w.u32(funcIdx);
  const resultBase = p;
  for (let i = type.results.length - 1; i >= 0; i--) {
    w.byte(B.LOCAL_SET); w.u32(resultBase + i);
  }
  type.results.forEach((t, i) => {
    w.byte(B.LOCAL_GET); w.u32(resultBase + i);
    if (t === F32) w.byte(B.I32_REINTERPRET_F32);
    else if (t === F64) w.byte(B.I64_REINTERPRET_F64);
    else if (t === V128) {
      simd(B.I64X2_EXTRACT_LANE); w.byte(0);
      w.byte(B.LOCAL_GET); w.u32(resultBase + i);
      simd(B.I64X2_EXTRACT_LANE); w.byte(1);
    }
  });
  w.byte(B.END);
  return w.finish();
}

function writeFuncType(w: ByteWriter, t: FuncType): void {
  w.byte(0x60);
  w.u32(t.params.length);
  for (const v of t.params) w.byte(v);
  w.u32(t.results.length);
  for (const v of t.results) w.byte(v);
}

/** An export entry's bytes. */
function exportEntry(name: string, kind: number, index: number): Uint8Array {
  const w = new ByteWriter();
  const utf8 = new TextEncoder().encode(name);
  w.u32(utf8.length);
  w.append(utf8);
  w.byte(kind);
  w.u32(index);
  return w.finish();
}

const EXPORT_FUNC = 0;
const EXPORT_MEMORY = 2;
const EXPORT_GLOBAL = 3;

/**
 * Copies a constant expression (spec §3.3.10: no blocks, so it ends at the first `end`) from `r`
 * to `w` with its global indices renumbered.
 */
function copyExpr(r: Reader, w: ByteWriter, globalIdx: (g: number) => number): void {
  const labels: Labels = { label: 0, targets: [] };
  for (;;) {
    const at = r.pos;
    const op = readOpcode(r);
    if (MNEMONIC[op] === '') throw new Error(`meter: unknown opcode 0x${op.toString(16)} in a constant expression`);
    readImmediates(r, op, labels);
    if (op === OP.GLOBAL_GET) w.append(globalInstr(op, globalIdx(labels.label)));
    else w.append(r.bytes.subarray(at, r.pos));
    if (op === OP.END) return;
  }
}

/** Copies `n` bytes from `r` to `w`. */
function copyBytes(r: Reader, w: ByteWriter, n: number): void {
  const at = r.pos;
  r.skip(n);
  w.append(r.bytes.subarray(at, r.pos));
}

/** Copies a u32 from `r` to `w` and returns it. */
function copyU32(r: Reader, w: ByteWriter): number {
  const v = r.u32();
  w.u32(v);
  return v;
}

/** The global section with renumbered initializers and the counter import's index in mind. */
function rewriteGlobals(content: Uint8Array, globalIdx: (g: number) => number): Uint8Array {
  const r = new Reader(content);
  const w = new ByteWriter();
  for (let n = copyU32(r, w); n > 0; n--) {
    copyBytes(r, w, 2); // valtype, mut
    copyExpr(r, w, globalIdx);
  }
  return w.finish();
}

/** The element section (all eight forms, spec §5.5.12) with renumbered constant expressions. */
function rewriteElements(content: Uint8Array, globalIdx: (g: number) => number): Uint8Array {
  const r = new Reader(content);
  const w = new ByteWriter();
  for (let n = copyU32(r, w); n > 0; n--) {
    const flags = copyU32(r, w);
    if ((flags & 1) === 0) {
      if ((flags & 2) !== 0) copyU32(r, w); // table index
      copyExpr(r, w, globalIdx); // offset
    }
    if ((flags & 3) !== 0) copyBytes(r, w, 1); // elemkind or reftype
    const count = copyU32(r, w);
    for (let i = 0; i < count; i++) {
      if ((flags & 4) !== 0) copyExpr(r, w, globalIdx);
      else copyU32(r, w);
    }
  }
  return w.finish();
}

/** The data section (spec §5.5.14) with renumbered offset expressions. */
function rewriteData(content: Uint8Array, globalIdx: (g: number) => number): Uint8Array {
  const r = new Reader(content);
  const w = new ByteWriter();
  for (let n = copyU32(r, w); n > 0; n--) {
    const flags = copyU32(r, w);
    if (flags !== 1) {
      if (flags === 2) copyU32(r, w); // memory index
      copyExpr(r, w, globalIdx);
    }
    copyBytes(r, w, copyU32(r, w));
  }
  return w.finish();
}

/** The export section with renumbered globals and the meter's exports appended. */
function rewriteExports(content: Uint8Array | null, globalIdx: (g: number) => number, added: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  if (content === null) {
    w.u32(added.length);
  } else {
    const r = new Reader(content);
    const n = r.u32();
    w.u32(n + added.length);
    for (let i = 0; i < n; i++) {
      copyBytes(r, w, copyU32(r, w)); // name
      const kind = r.byte();
      w.byte(kind);
      const index = r.u32();
      w.u32(kind === EXPORT_GLOBAL ? globalIdx(index) : index);
    }
  }
  for (const e of added) w.append(e);
  return w.finish();
}

/** The import entry of the counter: `(import "detwasm-meter" "gas" (global (mut i64)))`. */
function counterImport(): Uint8Array {
  const w = new ByteWriter();
  for (const s of [GAS_IMPORT_MODULE, GAS_IMPORT_NAME]) {
    const utf8 = new TextEncoder().encode(s);
    w.u32(utf8.length);
    w.append(utf8);
  }
  w.byte(0x03);
  w.byte(I64);
  w.byte(0x01);
  return w.finish();
}

/**
 * Instruments a (valid, Wasm 2.0 + SIMD) module: see the file comment. The counter is imported
 * ({@link GAS_IMPORT_MODULE}.{@link GAS_IMPORT_NAME}, a mutable i64) so that every instance of a
 * run shares one, functions of an instance whose instantiation failed included (spec 2.0: its
 * functions may already sit in a shared table). It is appended to the imports, so the module's
 * defined globals move up by one index (renumbered everywhere). Throws Error for bytes it cannot
 * read (it is a meter, not a validator: malformed input is the caller's bug).
 */
export function instrument(bytes: Uint8Array, costs: MeterCosts, options: InstrumentOptions = {}): Instrumented {
  const r = new Reader(bytes);
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (const b of magic) if (r.byte() !== b) throw new Error('meter: not a wasm 1.0 binary');
  const sections: Section[] = [];
  while (r.pos < r.end) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    sections.push({ id, content: bytes.subarray(start, start + size) });
  }
  const find = (id: number): Section | undefined => sections.find((s) => s.id === id);

  const types: FuncType[] = [];
  const typeSec = find(SEC.type);
  if (typeSec !== undefined) {
    const t = new Reader(typeSec.content);
    for (let n = t.u32(); n > 0; n--) {
      if (t.byte() !== 0x60) throw new Error('meter: only function types are supported');
      const params: number[] = [];
      for (let k = t.u32(); k > 0; k--) params.push(t.byte());
      const results: number[] = [];
      for (let k = t.u32(); k > 0; k--) results.push(t.byte());
      types.push({ params, results });
    }
  }

  const funcTypes: number[] = []; // type index of every function, imports first
  let importedGlobals = 0;
  let hasMemory = false;
  const importSec = find(SEC.import);
  if (importSec !== undefined) {
    const t = new Reader(importSec.content);
    for (let n = t.u32(); n > 0; n--) {
      t.name();
      t.name();
      const kind = t.byte();
      if (kind === 0x00) {
        funcTypes.push(t.u32());
      } else if (kind === 0x01) {
        t.byte();
        t.limits();
      } else if (kind === 0x02) {
        t.limits();
        hasMemory = true;
      } else if (kind === 0x03) {
        t.byte();
        t.byte();
        importedGlobals++;
      } else {
        throw new Error(`meter: unknown import kind ${kind}`);
      }
    }
  }
  const importedFuncCount = funcTypes.length;
  const funcSec = find(SEC.function);
  if (funcSec !== undefined) {
    const t = new Reader(funcSec.content);
    for (let n = t.u32(); n > 0; n--) funcTypes.push(t.u32());
  }
  const memSec = find(SEC.memory);
  if (memSec !== undefined && splitVector(memSec.content).count > 0) hasMemory = true;
  // The counter is global `importedGlobals`; defined globals move up by one.
  const gasGlobal = importedGlobals;
  const globalIdx = (g: number): number => (g < importedGlobals ? g : g + 1);

  const exportsOfFuncs: { name: string; funcIdx: number }[] = [];
  const exportNames = new Set<string>();
  const exportSec = find(SEC.export);
  if (exportSec !== undefined) {
    const t = new Reader(exportSec.content);
    for (let n = t.u32(); n > 0; n--) {
      const name = t.name();
      const kind = t.byte();
      const index = t.u32();
      exportNames.add(name);
      if (kind === EXPORT_FUNC) exportsOfFuncs.push({ name, funcIdx: index });
    }
  }
  let startFunc = -1;
  const startSec = find(SEC.start);
  if (startSec !== undefined) startFunc = new Reader(startSec.content).u32();

  // Function bodies.
  const codeSec = find(SEC.code);
  const bodies: Uint8Array[] = [];
  if (codeSec !== undefined) {
    const t = new Reader(codeSec.content);
    const n = t.u32();
    for (let i = 0; i < n; i++) {
      const size = t.u32();
      const at = t.pos;
      t.skip(size);
      const type = types[funcTypes[importedFuncCount + i]!];
      if (type === undefined) throw new Error(`meter: function ${importedFuncCount + i} has no type`);
      bodies.push(instrumentBody(codeSec.content.subarray(at, at + size), type.params.length, costs, gasGlobal, globalIdx));
    }
  }

  // Appended: bits wrappers (types, functions, bodies), the counter import, exports.
  const newTypes: FuncType[] = [];
  const newFuncTypeIdxs: number[] = [];
  const newExports: Uint8Array[] = [];
  const wrappers = new Map<string, string>();
  const addExport = (name: string, kind: number, index: number): void => {
    if (exportNames.has(name)) throw new Error(`meter: the module already exports ${name}`);
    exportNames.add(name);
    newExports.push(exportEntry(name, kind, index));
  };
  if (options.bitsWrappers === true) {
    for (const { name, funcIdx } of exportsOfFuncs) {
      const type = types[funcTypes[funcIdx]!]!;
      const isBits = (t: number): boolean => t === F32 || t === F64 || t === V128;
      if (!type.params.some(isBits) && !type.results.some(isBits)) continue;
      newTypes.push({ params: bitsTypes(type.params), results: bitsTypes(type.results) });
      newFuncTypeIdxs.push(types.length + newTypes.length - 1);
      const wrapperIdx = importedFuncCount + bodies.length;
      bodies.push(bitsWrapperBody(funcIdx, type));
      addExport(BITS_PREFIX + name, EXPORT_FUNC, wrapperIdx);
      wrappers.set(name, BITS_PREFIX + name);
    }
  }
  if (hasMemory) addExport(MEMORY_EXPORT, EXPORT_MEMORY, 0);
  const isStartDeferred = options.deferStart === true && startFunc >= 0;
  if (isStartDeferred) addExport(START_EXPORT, EXPORT_FUNC, startFunc);

  const replace = (id: number, content: Uint8Array): void => {
    const s = find(id);
    if (s !== undefined) {
      s.content = content;
      return;
    }
    const rank = SECTION_RANK[id]!;
    const at = sections.findIndex((x) => x.id !== 0 && SECTION_RANK[x.id]! > rank);
    sections.splice(at < 0 ? sections.length : at, 0, { id, content });
  };
  const empty = { count: 0, items: new Uint8Array(0) };
  if (newTypes.length > 0) {
    const old = typeSec === undefined ? empty : splitVector(typeSec.content);
    const w = new ByteWriter();
    for (const t of newTypes) writeFuncType(w, t);
    replace(SEC.type, joinVector(old.count + newTypes.length, old.items, w.finish()));
    const oldFuncs = funcSec === undefined ? empty : splitVector(funcSec.content);
    const f = new ByteWriter();
    for (const idx of newFuncTypeIdxs) f.u32(idx);
    replace(SEC.function, joinVector(oldFuncs.count + newFuncTypeIdxs.length, oldFuncs.items, f.finish()));
  }
  const oldImports = importSec === undefined ? empty : splitVector(importSec.content);
  replace(SEC.import, joinVector(oldImports.count + 1, oldImports.items, counterImport()));
  const globalSec = find(SEC.global);
  if (globalSec !== undefined) globalSec.content = rewriteGlobals(globalSec.content, globalIdx);
  replace(SEC.export, rewriteExports(exportSec === undefined ? null : exportSec.content, globalIdx, newExports));
  if (isStartDeferred) sections.splice(sections.findIndex((s) => s.id === SEC.start), 1);
  const elemSec = find(SEC.element);
  if (elemSec !== undefined) elemSec.content = rewriteElements(elemSec.content, globalIdx);
  if (bodies.length > 0) {
    const w = new ByteWriter();
    w.u32(bodies.length);
    for (const b of bodies) {
      w.u32(b.length);
      w.append(b);
    }
    replace(SEC.code, w.finish());
  }
  const dataSec = find(SEC.data);
  if (dataSec !== undefined) dataSec.content = rewriteData(dataSec.content, globalIdx);

  const out = new ByteWriter();
  out.append(magic);
  for (const s of sections) {
    out.byte(s.id);
    out.u32(s.content.length);
    out.append(s.content);
  }
  const funcExports = new Map(exportsOfFuncs.map(({ name, funcIdx }) => [name, types[funcTypes[funcIdx]!]!] as const));
  return { bytes: out.finish(), bitsWrappers: wrappers, funcExports };
}
