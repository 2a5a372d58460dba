/**
 * The translator: a validated function body -> internal code (ir.ts), in one pass that rides on
 * the validator's {@link FuncValidator} (it supplies operand heights, label arities and operand
 * types at every instruction, so the translator keeps no type stack of its own).
 *
 * Register form (ir.ts): every operand position has a fixed slot in the frame, and the
 * translator tracks for each position whether its value is in that slot, still in a local, or a
 * constant (`Translator`): `local.get` and constants emit nothing, consumers read locals directly
 * or take constants as immediates, a result followed by `local.set` goes straight to the local,
 * a compare before `br_if`/`if` and an `i32.add` before a load or store fold into that op.
 * Deferred values are written to their slots before the local they copy changes, and before every
 * label, branch, call and stack-based op, so merges of control flow only see real slots.
 *
 * Every branch gets its absolute target (forward targets are patched at the block's `end`) and,
 * when values must move, the target height and the words to keep. Code that the validator marks
 * unreachable is not emitted. Gas (gas/ schedule) is baked in as GAS immediates: the call cost at
 * function entry and the loop cost at loop headers, so costs follow wasm-level events only.
 *
 * Translation is lazy (first call) and cached per module and gas schedule, so every instance of a
 * module shares the code.
 */
import { InternalError } from '../errors.js';
import { InstrReader } from '../decoder/instr.js';
import type { Module } from '../decoder/module.js';
import { CTRL_CATCH, CTRL_CATCH_ALL, CTRL_FUNCTION, CTRL_IF, CTRL_LOOP, CTRL_TRY, declaredFuncRefs, FuncValidator } from '../validator/func-validator.js';
import { CATCH_ALL, CATCH_TAG } from '../decoder/instr.js';
import { HANDLER_CLAUSE_WORDS, HANDLER_DELEGATE, HANDLER_HEADER_WORDS, HANDLER_LEGACY, HANDLER_TRY_TABLE } from './exceptions.js';
import { heapTypeOf, isNullable, isRefType, V128 } from '../types.js';
import type { ValType } from '../types.js';
import * as ir from './ir.js';
import * as W from '../decoder/opcodes.js';
import { Imm, IMM_KINDS, SIGNATURES } from '../decoder/opcodes.js';
import {
  BR_CMP, BR_CMP_C, BR_CMP_C_LOOP, BR_CMP_LOOP, CONST_OP, FORM_BINARY, FORM_LOAD, FORM_STORE, FORM_UNARY, FUSED_PAIRS,
  IR_OP_WORDS, LOAD_C, LOAD_RR, NEGATED, OPERAND_FORM, REG_OP, STORE_C, STORE_CK, STORE_CK_WORDS, SWAPPED,
} from './op-tables.js';
import { FREE_GAS_SCHEDULE, instructionCost, MAX_EVENT_COST, scheduleCodeKey } from '../gas/schedule.js';
import type { CodeCosts } from '../gas/schedule.js';
import { isMemAccess } from './memory-ops.js';
import { callHeights, makeJsCode } from './js-tier.js';
import type { JsCode } from './js-tier.js';
import { typeIdOf, wordsOf } from './runtime.js';
import type { FuncInst, InstanceState, JsFunction, LoweredFunction } from './runtime.js';

/** Gas costs baked into translated code: the code-affecting part of a GasSchedule. */
export type LoweringCosts = CodeCosts;

/** Per-opcode instruction costs of each frozen schedule (null: every instruction is free). */
const instructionCostsOf = new WeakMap<object, Int32Array | null>();

/** The cost of each dense opcode under `costs` (gas/schedule.ts instructionCost), or null when all are 0. */
function instructionCosts(costs: LoweringCosts): Int32Array | null {
  const known = instructionCostsOf.get(costs);
  if (known !== undefined) return known;
  let table: Int32Array | null = new Int32Array(W.OPCODE_SPACE);
  let any = false;
  for (let op = 0; op < W.OPCODE_SPACE; op++) {
    if (W.IS_DEFINED[op] === 0) continue;
    const c = instructionCost(costs, W.MNEMONICS[op]!);
    table[op] = c;
    if (c !== 0) any = true;
  }
  if (!any) table = null;
  if (Object.isFrozen(costs)) instructionCostsOf.set(costs, table);
  return table;
}

/** No gas in the code (unmetered). */
export const NO_COSTS: LoweringCosts = FREE_GAS_SCHEDULE;

/** Cache: module -> schedule key -> lowered bodies (index = defined function index). */
const cache = new WeakMap<Module, Map<string, (LoweredFunction | undefined)[]>>();

/** C.refs of each module (the validator's declared function references), computed once. */
const refsCache = new WeakMap<Module, Uint8Array>();

function refsOf(module: Module): Uint8Array {
  let refs = refsCache.get(module);
  if (refs === undefined) {
    refs = declaredFuncRefs(module);
    refsCache.set(module, refs);
  }
  return refs;
}

/**
 * Gives `state` the translated-code list of its module and gas schedule (shared by every instance
 * of the module with that schedule), so a call looks its code up by index; called once its
 * functions exist. The functions an earlier instance translated get that code now, so a fresh
 * instance's calls do not take run()'s translate-on-first-call branch again. That branch's code
 * had no type feedback in run()'s optimised code after the process's first instance, and taking it
 * deoptimised run(): hash-wasm sha256's second call spent ~135 ms instead of 5 ms in its first
 * 16 KiB (docs/RATIONALE.md, "Warm-up").
 */
export function attachCode(state: InstanceState): void {
  const code = codeListOf(state.module, state.runtime.schedule);
  state.code = code;
  const imported = state.module.importedFuncCount;
  for (let i = 0; i < code.length; i++) {
    const lowered = code[i];
    if (lowered !== undefined) giveCode(state.funcs[imported + i]!, lowered);
  }
}

/** Makes sure `func` has code; translates it on first use. Host functions need none. */
export function ensureLowered(func: FuncInst): boolean {
  if (func.code !== null || func.instance === null) return true;
  giveCode(func, loweredOf(func.instance, func.funcIdx));
  return true;
}

function giveCode(func: FuncInst, lowered: LoweredFunction): void {
  func.localWords = lowered.localWords;
  func.maxStackWords = lowered.maxStackWords;
  func.entryGas = lowered.entryGas;
  func.handlers = lowered.handlers;
  func.code = lowered.code;
  const inst = func.instance as InstanceState;
  if (inst.runtime.tier === 'js') func.js = jsFunctionOf(inst, func.funcIdx, lowered);
}

/** The JS tier's code of each translated body (null: the tier does not take it), made once. */
const jsCodes = new WeakMap<LoweredFunction, JsCode | null>();

/** Function `funcIdx` of `inst` on the JS tier (js-tier.ts), under the schedule `lowered` was made for. */
function jsFunctionOf(inst: InstanceState, funcIdx: number, lowered: LoweredFunction): JsFunction | null {
  const c = jsCodeOf(inst, funcIdx, lowered);
  return c === null ? null : c.fn;
}

function jsCodeOf(inst: InstanceState, funcIdx: number, lowered: LoweredFunction): JsCode | null {
  let c = jsCodes.get(lowered);
  if (c === undefined) {
    const module = inst.module;
    const costs = inst.runtime.schedule;
    const heights = callHeights(module);
    // (A callee has a smaller height, so this recursion is at most MAX_CALL_HEIGHT deep.)
    const calleeHeight = (j: number): number => {
      if (heights[j]! < 0) return -1;
      const callee = jsCodeOf(inst, j, loweredOf(inst, j));
      return callee === null ? -1 : callee.height;
    };
    c = heights[funcIdx]! < 0 ? null : makeJsCode(module, funcIdx, costs, instructionCosts(costs), calleeHeight, ensureLowered);
    jsCodes.set(lowered, c);
  }
  return c;
}

/** The translated code of defined function `funcIdx` of `inst` (translated now if no instance did yet). */
function loweredOf(inst: InstanceState, funcIdx: number): LoweredFunction {
  const defined = funcIdx - inst.module.importedFuncCount;
  let lowered = inst.code[defined];
  if (lowered === undefined) {
    lowered = lowerFunction(inst.module, funcIdx, inst.runtime.schedule);
    inst.code[defined] = lowered;
  }
  return lowered;
}

/** scheduleCodeKey of frozen schedules (resolved schedules are frozen and reused). */
const codeKeys = new WeakMap<object, string>();

function codeListOf(module: Module, costs: LoweringCosts): (LoweredFunction | undefined)[] {
  let bySchedule = cache.get(module);
  if (bySchedule === undefined) {
    bySchedule = new Map();
    cache.set(module, bySchedule);
  }
  let key = codeKeys.get(costs);
  if (key === undefined) {
    key = scheduleCodeKey(costs);
    if (Object.isFrozen(costs)) codeKeys.set(costs, key);
  }
  let list = bySchedule.get(key);
  if (list === undefined) {
    list = [];
    bySchedule.set(key, list);
  }
  return list;
}

/** A catch clause at translation time (exceptions.ts has the run-time layout). */
interface Clause {
  readonly kind: number;
  readonly tag: number;
  /** The clause label's pc (-1 until a forward label's `end` patches it). */
  target: number;
  readonly height: number;
  readonly arity: number;
}

/** A handler-table entry at translation time, written when its code range closes. */
interface HandlerEntry {
  readonly kind: number;
  readonly start: number;
  end: number;
  /** Legacy: the try's nesting level (its exception slot); delegate: the entry index to go on at (-1: the caller). */
  extra: number;
  readonly clauses: Clause[];
}

/** Translation-time control frame. */
interface Frame {
  /** CTRL_* (a legacy try turns from CTRL_TRY into CTRL_CATCH / CTRL_CATCH_ALL at its handlers). */
  kind: number;
  /** Nothing in this frame is emitted (it was entered in unreachable code). */
  readonly isDead: boolean;
  /** Height (words from fp) where the label's values go. */
  readonly height: number;
  /** Words a branch to this label keeps, plus 1 when they include references. */
  readonly arity: number;
  /** Loop: the label's pc. Others: -1 (forward; patched at `end`). */
  readonly labelPc: number;
  /**
   * Loop whose back-edges pay the loop cost ('backedge' mode): the _LOOP branch forms (JUMP_LOOP,
   * BR_IF_LOOP, BR_IF_<cmp>_LOOP, ...) charge the cost themselves and jump to its `bodyPc`; the
   * branches back that cannot (BR_ADJUST, BR_IF_ADJUST, BR_TABLE, br_on_*, catch clauses) land
   * on this stub, emitted after the function's code. Else null.
   */
  readonly stub: LoopStub | null;
  /** Positions of forward targets to patch at `end`. */
  readonly fixups: number[];
  /** if: position of the IF_FALSE target to patch at `else` / `end`; else -1. */
  elseFixup: number;
  /** try_table / legacy try: its handler entry (null for other frames and dead code). */
  readonly handler: HandlerEntry | null;
  /** Catch clauses that target this (forward) label: their target is patched at `end`. */
  readonly handlerFixups: Clause[];
  /** `delegate` entries that target this label: they go on at the entries that close after this frame's range. */
  readonly delegates: HandlerEntry[];
}

/** A frame's exception-handling fields when it has none yet. */
function noHandlers(): Pick<Frame, 'handler' | 'handlerFixups' | 'delegates'> {
  return { handler: null, handlerFixups: [], delegates: [] };
}

/**
 * A loop's charging stub, `GAS cost; JUMP body`, written after the function's code for the
 * branches back to the loop that do not charge the loop cost themselves. The loop's header has no
 * op of its own, so entering the loop by falling into it costs no dispatch (docs/RATIONALE.md,
 * "Gas": loop entry).
 */
interface LoopStub {
  /** The loop body's first pc (where the _LOOP branch forms land too). */
  readonly bodyPc: number;
  /** Target words to patch with the stub's pc. */
  readonly fixups: number[];
  /** Catch clauses that deliver to the loop's label. */
  readonly clauses: Clause[];
}

/** Kinds of an operand at translation time (see ir.ts: operands are registers). */
/** In its own stack slot (an op wrote it there). */
const STACK = 0;
/** The current value of a local (nothing emitted yet); `val` is the local's word offset. */
const LOCAL = 1;
/** An i32 / f32 constant (nothing emitted yet); `val` is its bits. */
const C32 = 2;
/** An i64 / f64 constant (nothing emitted yet); `val` / `val2` are its low / high words. */
const C64 = 3;
/** The current value of a v128 local (nothing emitted yet); `val` is the local's word offset. */
const LOCAL128 = 4;
/** Deferred operands kept at once; past this they are written to their slots (bounds the scans). */
const MAX_DEFERRED = 32;

/** What the last emitted op was, for fusing it with the next instruction. */
const LAST_NONE = 0;
/** An op whose result register (first immediate) is the stack slot of operand `lastIdx`. */
const LAST_RESULT = 1;

class Emitter {
  code: Int32Array = new Int32Array(256);
  pc = 0;

  emit(word: number): void {
    if (this.pc === this.code.length) {
      const grown = new Int32Array(this.code.length * 2);
      grown.set(this.code);
      this.code = grown;
    }
    this.code[this.pc++] = word;
  }

  patch(at: number, value: number): void {
    this.code[at] = value;
  }

  finish(): Int32Array {
    return this.code.slice(0, this.pc);
  }
}

/** Words a label carries (`count` values of `typeAt(i)`), +1 if any is a reference. */
function arityOf(count: number, typeAt: (i: number) => ValType): number {
  let words = 0;
  let hasRef = 0;
  for (let i = 0; i < count; i++) {
    const t = typeAt(i);
    words += wordsOf(t);
    if (isRefType(t)) hasRef = 1;
  }
  return words | hasRef;
}

/**
 * The translator of one body: the validator supplies heights and types; this class keeps, for
 * every operand position, where its value is (a stack slot, a local, a constant), and emits
 * register-form ops (ir.ts).
 */
class Translator {
  readonly e = new Emitter();
  readonly frames: Frame[] = [];
  readonly localOffsets: Int32Array;
  readonly localWords: number;
  /** Per operand position: STACK / LOCAL / C32 / C64, and the local offset or constant words. */
  kind = new Uint8Array(64);
  val = new Int32Array(64);
  val2 = new Int32Array(64);
  /** Positions made LOCAL / C32 / C64 since the last flush (some may be stale). */
  deferred: number[] = [];
  liveDeferred = 0;
  /** The runtime `sp` as an offset from fp, when known (-1: unknown, e.g. after a label). */
  rtsp: number;
  /** The last op, for fusion: kind, start, end (fusion only while e.pc === lastEnd), result position. */
  lastKind = LAST_NONE;
  lastPos = 0;
  lastEnd = -1;
  lastIdx = 0;
  /** Its wasm opcode (i32 compares and eqz fuse with br_if / if), and whether operand b is a constant. */
  lastWasmOp = -1;
  lastIsConst = false;

  /** The validator of this body: it knows the word offset of every operand position. */
  readonly v: FuncValidator;

  constructor(localOffsets: Int32Array, localWords: number, v: FuncValidator) {
    this.localOffsets = localOffsets;
    this.localWords = localWords;
    this.rtsp = localWords;
    this.v = v;
  }

  /**
   * Word offset of operand position `i`'s own slot, which is also the height in words of `i`
   * operands: values are packed, a v128 taking two slots (4 words), every other value one.
   */
  slot(i: number): number {
    return this.localWords + this.v.opdWordOffset(i);
  }

  private grow(i: number): void {
    if (i < this.kind.length) return;
    let n = this.kind.length * 2;
    while (n <= i) n *= 2;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    const val = new Int32Array(n);
    val.set(this.val);
    const val2 = new Int32Array(n);
    val2.set(this.val2);
    this.kind = kind;
    this.val = val;
    this.val2 = val2;
  }

  /** Records a deferred value at position `i` (nothing emitted). */
  defer(i: number, kind: number, val: number, val2: number): void {
    if (this.liveDeferred >= MAX_DEFERRED) this.flushAll();
    else if (this.deferred.length >= 4 * MAX_DEFERRED) this.compact();
    this.grow(i);
    this.kind[i] = kind;
    this.val[i] = val;
    this.val2[i] = val2;
    this.deferred.push(i);
    this.liveDeferred++;
  }

  /**
   * Drops the list's stale entries (consumed or written since): pushes and drops without a flush
   * (`local.get; drop` repeated) would otherwise grow it without bound and make every scan slow.
   */
  private compact(): void {
    const live: number[] = [];
    for (const i of this.deferred) {
      if (this.kind[i] !== STACK && !live.includes(i)) live.push(i);
    }
    this.deferred = live;
  }

  /** Forgets position `i` (its value was consumed). Positions at and above the height stay STACK. */
  pop(i: number): void {
    if (i < this.kind.length && this.kind[i] !== STACK) {
      this.kind[i] = STACK;
      this.liveDeferred--;
    }
  }

  /** Writes a deferred value to its slot. */
  materialize(i: number): void {
    const k = i < this.kind.length ? this.kind[i]! : STACK;
    if (k === STACK) return;
    const e = this.e;
    if (k === LOCAL || k === LOCAL128) {
      e.emit(k === LOCAL ? ir.MOVE : ir.MOVE_V128);
      e.emit(this.slot(i));
      e.emit(this.val[i]!);
    } else if (k === C32) {
      e.emit(ir.CONST32);
      e.emit(this.slot(i));
      e.emit(this.val[i]!);
    } else {
      e.emit(ir.CONST64);
      e.emit(this.slot(i));
      e.emit(this.val[i]!);
      e.emit(this.val2[i]!);
    }
    this.kind[i] = STACK;
    this.liveDeferred--;
  }

  /** Writes every deferred value to its slot (before labels, branches, calls and stack ops). */
  flushAll(): void {
    if (this.liveDeferred > 0) {
      for (const i of this.deferred) this.materialize(i);
    }
    this.deferred.length = 0;
  }

  /** Writes the deferred copies of local `off` to their slots, except position `except`. */
  flushLocal(off: number, except: number): void {
    if (this.liveDeferred === 0) return;
    for (const i of this.deferred) {
      const k = this.kind[i];
      if (i !== except && (k === LOCAL || k === LOCAL128) && this.val[i] === off) this.materialize(i);
    }
  }

  /** The register of operand `i` (a local's offset or its slot; constants are written first). */
  reg(i: number): number {
    const k = i < this.kind.length ? this.kind[i]! : STACK;
    if (k === LOCAL || k === LOCAL128) return this.val[i]!;
    if (k !== STACK) this.materialize(i);
    return this.slot(i);
  }

  /** Makes the runtime sp equal the operand height `h` (values), for an op that uses it. */
  syncSp(h: number): void {
    const words = this.slot(h);
    if (this.rtsp === words) return;
    this.e.emit(ir.SP_SET);
    this.e.emit(words);
  }

  /** Nothing emitted so far may fuse with what follows (a label, a GAS op, a branch). */
  barrier(): void {
    this.lastKind = LAST_NONE;
  }

  /** Emits `op` with its result in the slot of position `idx`; immediates follow (see `finishResult`). */
  startResult(op: number, idx: number): number {
    const pos = this.e.pc;
    this.e.emit(op);
    this.e.emit(this.slot(idx));
    return pos;
  }

  finishResult(pos: number, idx: number, wasmOp: number, isConst: boolean): void {
    this.lastKind = LAST_RESULT;
    this.lastPos = pos;
    this.lastEnd = this.e.pc;
    this.lastIdx = idx;
    this.lastWasmOp = wasmOp;
    this.lastIsConst = isConst;
  }

  /** Whether the value at position `t` is the result of the op just emitted (so it can be redirected). */
  isLastResult(t: number): boolean {
    return this.lastKind === LAST_RESULT && this.lastEnd === this.e.pc && this.lastIdx === t &&
      (t >= this.kind.length || this.kind[t] === STACK);
  }
}

/** Translates the body of defined function `funcIdx` (imports first). */
export function lowerFunction(module: Module, funcIdx: number, costs: LoweringCosts = NO_COSTS): LoweredFunction {
  // A straight-line run must be charged in full where it starts: with costs so high that one
  // run's sum passes an int32 immediate, the body is translated again with two-word GAS_WIDE ops.
  return lowerBody(module, funcIdx, costs, false) ?? lowerBody(module, funcIdx, costs, true)!;
}

/** The translation, or null when a run's cost does not fit GAS's int32 immediate (not `wide`). */
function lowerBody(module: Module, funcIdx: number, costs: LoweringCosts, wide: boolean): LoweredFunction | null {
  const body = module.codes[funcIdx - module.importedFuncCount]!;
  // (C.refs once per module: recomputing it scans every export, element and global per function.)
  const v = new FuncValidator(module, refsOf(module));
  const r = InstrReader.forBody(module, body.codeStart, body.codeEnd);
  v.begin(funcIdx);

  // Local layout: word offset of each local (params first).
  const localCount = v.localCount;
  const localOffsets = new Int32Array(localCount);
  let localWords = 0;
  for (let i = 0; i < localCount; i++) {
    const t = v.localType(i);
    localOffsets[i] = localWords;
    localWords += wordsOf(t);
  }
  const t = new Translator(localOffsets, localWords, v);
  const e = t.e;
  const frames = t.frames;
  const fnType = module.types[module.funcTypeIdxs[funcIdx]!]!;
  const resultArity = arityOf(fnType.results.length, (i) => fnType.results[i]!);
  frames.push({ kind: CTRL_FUNCTION, isDead: false, height: localWords, arity: resultArity, labelPc: -1, stub: null, fixups: [], elseFixup: -1, ...noHandlers() });
  let maxHeight = 0;

  // Instruction costs (the strict schedule, or weighted ones): every wasm instruction costs
  // instructionCost(costs, its mnemonic), charged as one sum by one GAS op at the start of each
  // straight-line run (runs split at block, loop, if, else, end, br, br_if, br_table, return).
  // `runPos` is the immediate of the current run's GAS op (-1: none), `runBase` what else that op
  // charges (the call cost at entry, the loop cost at a header), `runSum` the run's instructions.
  const instrCosts = instructionCosts(costs);
  let runPos = -1;
  let runBase = 0;
  let runSum = 0;
  let overflow = false;
  const startRun = (base: number): void => {
    if (instrCosts === null && base === 0) {
      runPos = -1;
      return;
    }
    t.barrier();
    e.emit(wide ? ir.GAS_WIDE : ir.GAS);
    runPos = e.pc;
    e.emit(base);
    if (wide) e.emit(0);
    runBase = base;
    runSum = 0;
  };
  const countInstr = (op: number): void => {
    if (instrCosts === null || runPos < 0) return;
    const c = instrCosts[op]!;
    if (c === 0) return;
    runSum += c;
    const cost = runBase + runSum; // exact: below 2^53 for any body the decoder accepts
    if (wide) {
      e.patch(runPos, cost % 0x100000000);
      e.patch(runPos + 1, Math.floor(cost / 0x100000000));
    } else if (cost > MAX_EVENT_COST) {
      overflow = true;
    } else {
      e.patch(runPos, cost);
    }
  };
  // The call cost is charged by the call itself (run.ts, FuncInst.entryGas): no dispatch for it.
  startRun(0);

  /**
   * Emits a branch to label `l` with `h` operand values on the stack (deferred values already
   * written): JUMP, or BR_ADJUST when values must move.
   */
  const branch = (l: number, h: number): void => {
    const f = frames[frames.length - 1 - l]!;
    const arity = f.arity;
    if (t.slot(h) - (arity & ~1) !== f.height) {
      e.emit(ir.BR_ADJUST);
      e.emit(t.slot(h));
      target(f);
      e.emit(f.height);
      e.emit(arity);
    } else if (f.stub !== null) {
      e.emit(ir.JUMP_LOOP);
      e.emit(f.stub.bodyPc);
      e.emit(costs.loop);
    } else {
      e.emit(ir.JUMP);
      target(f);
    }
  };
  /** Emits the target word of a branch to frame `f` (patched later for forward labels). */
  const target = (f: Frame): void => {
    if (f.stub !== null) {
      f.stub.fixups.push(e.pc);
      e.emit(-1);
    } else if (f.labelPc >= 0) {
      e.emit(f.labelPc);
    } else {
      f.fixups.push(e.pc);
      e.emit(-1);
    }
  };
  /**
   * Emits a conditional jump on the i32 at position `c` (the top operand): taken when the value
   * is non-zero, or zero with `whenZero`. A compare or eqz emitted just before is folded into the
   * branch. Deferred values are written first. The target is label `f`; a loop with an inline
   * back-edge charge gets the _LOOP form, which skips the header's GAS op and charges its cost
   * itself (one dispatch less per iteration; the same gas). With `f` null (`if`), the target is
   * a placeholder whose position is returned.
   */
  const condJump = (c: number, whenZero: boolean, f: Frame | null): number => {
    const stub = f === null ? null : f.stub;
    const loop = stub !== null;
    if (t.isLastResult(c) && (BR_CMP[t.lastWasmOp]! >= 0 || t.lastWasmOp === W.I32_EQZ)) {
      const op = t.lastWasmOp;
      const a = e.code[t.lastPos + 2]!;
      const b = e.code[t.lastPos + 3]!;
      const isConst = t.lastIsConst;
      e.pc = t.lastPos;
      t.barrier();
      t.pop(c);
      t.flushAll();
      if (op === W.I32_EQZ) { // i32.eqz: jump when a is zero (or non-zero for whenZero)
        e.emit(whenZero ? ir.BR_IF : loop ? ir.IF_FALSE_LOOP : ir.IF_FALSE);
        e.emit(a);
      } else {
        const cmp = whenZero ? NEGATED[op]! : op;
        const table = isConst ? (loop ? BR_CMP_C_LOOP : BR_CMP_C) : loop ? BR_CMP_LOOP : BR_CMP;
        // (`if` has no label of its own yet, so `whenZero` never comes with `loop`.)
        e.emit(table[cmp]!);
        e.emit(a);
        e.emit(b);
      }
    } else {
      const reg = t.reg(c);
      t.pop(c);
      t.flushAll();
      e.emit(whenZero ? ir.IF_FALSE : loop ? ir.BR_IF_LOOP : ir.BR_IF);
      e.emit(reg);
    }
    if (f === null) {
      const at = e.pc;
      e.emit(-1);
      return at;
    }
    if (loop) {
      e.emit(stub.bodyPc);
      e.emit(costs.loop);
    } else {
      target(f);
    }
    return -1;
  };


  // Exception handling (exceptions.ts): handler entries in the order their ranges close (so the
  // innermost come first), legacy try nesting (each level has an exception slot above the operand
  // stack, for `rethrow`), and the code words that hold a slot level until the slots are placed.
  const entries: HandlerEntry[] = [];
  /** The charging stubs of the function's loops ('backedge' mode), written after its code. */
  const stubs: LoopStub[] = [];
  let tryLevel = 0;
  let maxTryLevel = 0;
  const slotFixups: number[] = [];
  /** A clause delivering to label `l` (frames as around the try_table). */
  const clauseTo = (kind: number, tag: number, l: number): Clause => {
    const f = frames[frames.length - 1 - l]!;
    const c: Clause = { kind, tag, target: f.labelPc, height: f.height, arity: f.arity };
    if (f.stub !== null) f.stub.clauses.push(c);
    else if (f.labelPc < 0) f.handlerFixups.push(c);
    return c;
  };
  /** The code range of frame `f` closes here: delegates to it go on at the entries that close from now. */
  const closeRange = (f: Frame): void => {
    for (const d of f.delegates) d.extra = entries.length;
    f.delegates.length = 0;
  };
  /** The end of a branch of `f` (then, a try body, a handler): deferred values written, a jump to f's end. */
  const jumpToEnd = (f: Frame): void => {
    t.flushAll();
    e.emit(ir.JUMP);
    f.fixups.push(e.pc);
    e.emit(-1);
  };
  /** A forward label's `end`: catch clauses that target it land here. */
  const patchHandlerTargets = (f: Frame): void => {
    for (const c of f.handlerFixups) c.target = e.pc;
  };

  do {
    r.next();
    const op = r.op;
    const top = frames[frames.length - 1]!;
    const isLive = !top.isDead && !v.isCtrlUnreachable(0);
    const h = v.opdHeight;
    if (isLive) countInstr(op);

    switch (op) {
      case W.BLOCK:
      case W.LOOP:
      case W.IF: {
        let ifFixup = -1;
        if (isLive) {
          if (op === W.IF) {
            ifFixup = condJump(h - 1, true, null);
          } else {
            t.flushAll();
          }
        }
        t.barrier();
        v.step(r);
        const isDead = !isLive;
        const kind = v.ctrlKind(0);
        const height = t.slot(v.ctrlHeight(0));
        let labelPc = -1;
        let stub: LoopStub | null = null;
        let arity: number;
        if (kind === CTRL_LOOP) {
          arity = arityOf(v.ctrlParamCount(0), (i) => v.ctrlParamType(0, i));
          if (!isDead && costs.loop > 0 && costs.loopCharge === 'backedge') {
            // Entering by fall-through pays nothing; the _LOOP branch forms charge the loop cost
            // and land here, the other branches back land on the loop's stub (LoopStub).
            labelPc = e.pc;
            stub = { bodyPc: e.pc, fixups: [], clauses: [] };
            stubs.push(stub);
            startRun(0);
          } else {
            // 'header': the loop cost is paid on entry and on every back-edge, with the body's run.
            labelPc = e.pc;
            if (!isDead) startRun(costs.loopCharge === 'header' ? costs.loop : 0);
          }
          t.rtsp = -1;
        } else {
          arity = arityOf(v.ctrlResultCount(0), (i) => v.ctrlResultType(0, i));
        }
        frames.push({
          kind, isDead, height, arity, labelPc, stub, fixups: [],
          elseFixup: kind === CTRL_IF && isLive ? ifFixup : -1, ...noHandlers(),
        });
        if (kind !== CTRL_LOOP && !isDead) startRun(0);
        break;
      }
      case W.ELSE: {
        if (isLive) jumpToEnd(top);
        if (top.elseFixup >= 0) {
          e.patch(top.elseFixup, e.pc);
          top.elseFixup = -1;
        }
        t.barrier();
        t.rtsp = -1;
        v.step(r);
        if (!top.isDead) startRun(0);
        break;
      }
      case W.END:
      case W.DELEGATE: { // (legacy `delegate l` ends a try as `end` does; its exceptions go on as if thrown at label l)
        if (isLive) t.flushAll();
        t.barrier();
        t.rtsp = -1;
        const delegateTo = op === W.DELEGATE ? frames[frames.length - 2 - r.a]! : null;
        v.step(r);
        frames.pop();
        if (top.elseFixup >= 0) e.patch(top.elseFixup, e.pc);
        for (const at of top.fixups) e.patch(at, e.pc);
        closeRange(top);
        const h = top.handler;
        if (h !== null && h.kind === HANDLER_TRY_TABLE) {
          h.end = e.pc;
          entries.push(h);
        }
        if (h !== null && delegateTo !== null) {
          const d: HandlerEntry = { kind: HANDLER_DELEGATE, start: h.start, end: e.pc, extra: -1, clauses: [] };
          entries.push(d);
          if (delegateTo.kind !== CTRL_FUNCTION) delegateTo.delegates.push(d);
        }
        if (top.kind === CTRL_TRY || top.kind === CTRL_CATCH || top.kind === CTRL_CATCH_ALL) tryLevel--;
        patchHandlerTargets(top);
        if (frames.length === 0) {
          if (isLive || top.fixups.length > 0 || top.handlerFixups.length > 0) {
            // The function's final end (also the target of branches to the function's label).
            e.emit(ir.RETURN);
            e.emit(top.height + (top.arity & ~1));
            e.emit(top.arity);
          }
        } else if (!top.isDead) {
          startRun(0);
        }
        break;
      }
      case W.TRY_TABLE:
      case W.TRY: {
        // A block whose body's range has handlers: try_table's catch clauses (their labels are
        // those around it), or a legacy try's, added at its catch / catch_all.
        if (isLive) t.flushAll();
        t.barrier();
        let handler: HandlerEntry | null = null;
        if (isLive) {
          const clauses: Clause[] = [];
          if (op === W.TRY_TABLE) {
            const c = r.catches;
            for (let i = 0; i < r.b; i++) clauses.push(clauseTo(c[i * 3]!, c[i * 3 + 1]!, c[i * 3 + 2]!));
          }
          handler = { kind: op === W.TRY ? HANDLER_LEGACY : HANDLER_TRY_TABLE, start: e.pc, end: -1, extra: tryLevel, clauses };
        }
        v.step(r);
        if (op === W.TRY && ++tryLevel > maxTryLevel) maxTryLevel = tryLevel;
        frames.push({
          kind: v.ctrlKind(0), isDead: !isLive, height: t.slot(v.ctrlHeight(0)),
          arity: arityOf(v.ctrlResultCount(0), (i) => v.ctrlResultType(0, i)), labelPc: -1,
          stub: null, fixups: [], elseFixup: -1, handler, handlerFixups: [], delegates: [],
        });
        if (isLive) startRun(0);
        break;
      }
      case W.CATCH:
      case W.CATCH_ALL: {
        // Legacy: the try body (or the previous handler) ends and jumps to the end; the handler
        // body starts with the payload (catch) at the try's height.
        if (isLive) jumpToEnd(top);
        const h = top.handler;
        if (top.kind === CTRL_TRY) {
          closeRange(top);
          if (h !== null) {
            h.end = e.pc;
            entries.push(h);
          }
        }
        t.barrier();
        t.rtsp = -1;
        const tag = op === W.CATCH ? r.a : -1;
        v.step(r);
        top.kind = v.ctrlKind(0);
        if (h !== null) {
          h.clauses.push({ kind: op === W.CATCH ? CATCH_TAG : CATCH_ALL, tag, target: e.pc, height: top.height, arity: 0 });
          startRun(0);
        }
        break;
      }
      case W.THROW:
      case W.THROW_REF:
        if (isLive) {
          t.flushAll();
          e.emit(op === W.THROW ? ir.THROW : ir.THROW_REF);
          e.emit(t.slot(h));
          if (op === W.THROW) e.emit(r.a);
        }
        t.barrier();
        v.step(r);
        break;
      case W.RETHROW:
        if (isLive) {
          t.flushAll();
          e.emit(ir.RETHROW);
          slotFixups.push(e.pc);
          e.emit(frames[frames.length - 1 - r.a]!.handler!.extra);
        }
        t.barrier();
        v.step(r);
        break;
      case W.BR:
        if (isLive) {
          t.flushAll();
          branch(r.a, h);
        }
        t.barrier();
        v.step(r);
        break;
      case W.BR_IF:
        if (isLive) {
          const f = frames[frames.length - 1 - r.a]!;
          if (t.slot(h - 1) - (f.arity & ~1) === f.height) {
            condJump(h - 1, false, f);
          } else {
            t.flushAll();
            t.syncSp(h);
            e.emit(ir.BR_IF_ADJUST);
            e.emit(t.slot(h));
            target(f);
            e.emit(f.height);
            e.emit(f.arity);
          }
          t.barrier();
          t.rtsp = -1;
          startRun(0);
        }
        v.step(r);
        break;
      case W.BR_TABLE: {
        if (isLive) {
          t.flushAll();
          const count = r.a;
          const def = frames[frames.length - 1 - r.b]!;
          e.emit(ir.BR_TABLE);
          e.emit(t.slot(h));
          e.emit(count);
          e.emit(def.arity);
          for (let i = 0; i <= count; i++) {
            const f = frames[frames.length - 1 - (i < count ? r.targets[i]! : r.b)]!;
            target(f);
            e.emit(f.height);
          }
        }
        t.barrier();
        v.step(r);
        break;
      }
      case W.RETURN:
        if (isLive) {
          t.flushAll();
          e.emit(ir.RETURN);
          e.emit(t.slot(h));
          e.emit(resultArity);
        }
        t.barrier();
        v.step(r);
        break;
      case W.BR_ON_NULL:
      case W.BR_ON_NON_NULL:
      case W.BR_ON_CAST:
      case W.BR_ON_CAST_FAIL:
        if (isLive) {
          // A conditional branch (a run ends) that moves the label's values when taken; a cast's
          // test (target heap type, flags: 1 null passes, 2 branch on failure) follows.
          const f = frames[frames.length - 1 - r.a]!;
          const isCast = op === W.BR_ON_CAST || op === W.BR_ON_CAST_FAIL;
          t.flushAll();
          e.emit(isCast ? ir.BR_ON_CAST : op === W.BR_ON_NULL ? ir.BR_ON_NULL : ir.BR_ON_NON_NULL);
          e.emit(t.slot(h));
          target(f);
          e.emit(f.height);
          e.emit(f.arity);
          if (isCast) {
            e.emit(heapTypeOf(r.c));
            e.emit((isNullable(r.c) ? 1 : 0) | (op === W.BR_ON_CAST_FAIL ? 2 : 0));
          }
          t.barrier();
          v.step(r);
          t.rtsp = t.slot(v.opdHeight);
          startRun(0);
        } else {
          v.step(r);
        }
        break;
      case W.RETURN_CALL:
      case W.RETURN_CALL_INDIRECT:
      case W.RETURN_CALL_REF:
        if (isLive) {
          // A wasm callee replaces this frame (run.ts call path); a host callee returns here,
          // its results where the arguments began, and the `return` after it returns them.
          const indirect = op === W.RETURN_CALL_INDIRECT;
          const byRef = op === W.RETURN_CALL_REF;
          const type = indirect || byRef ? module.types[r.a]! : module.types[module.funcTypeIdxs[r.a]!]!;
          const base = t.slot(h - type.params.length - (indirect || byRef ? 1 : 0));
          t.flushAll();
          if (indirect) index64(t, module, r.b, h - 1);
          e.emit(indirect ? ir.RETURN_CALL_INDIRECT : byRef ? ir.RETURN_CALL_REF : ir.RETURN_CALL);
          e.emit(t.slot(h));
          if (indirect) {
            e.emit(typeIdOf(type));
            e.emit(r.b);
          } else if (!byRef) {
            e.emit(r.a);
          }
          e.emit(ir.RETURN);
          e.emit(base + (resultArity & ~1));
          e.emit(resultArity);
          const words = base + (resultArity & ~1) - localWords;
          if (words > maxHeight) maxHeight = words;
        }
        t.barrier();
        v.step(r);
        break;
      default:
        if (isLive) {
          if (emitPlain(t, r, v, module, h)) {
            // An op on the top of the stack through sp: sp is right after it.
            v.step(r);
            t.rtsp = t.slot(v.opdHeight);
            break;
          }
        }
        v.step(r);
        break;
    }
    if (isLive) {
      const words = t.slot(v.opdHeight) - localWords;
      if (words > maxHeight) maxHeight = words;
    }
  } while (!v.isDone);

  // The loops' charging stubs, after the function's last op (which does not fall through).
  for (const s of stubs) {
    if (s.fixups.length === 0 && s.clauses.length === 0) continue;
    const at = e.pc;
    e.emit(ir.GAS);
    e.emit(costs.loop);
    e.emit(ir.JUMP);
    e.emit(s.bodyPc);
    for (const p of s.fixups) e.patch(p, at);
    for (const c of s.clauses) c.target = at;
  }
  if (overflow) return null;
  // Calls write results over their arguments; a host call may return more than it took. Above
  // that, one exception slot per legacy try level.
  const slotBase = localWords + maxHeight + 2;
  for (const at of slotFixups) e.patch(at, slotBase + 2 * e.code[at]!);
  const handlers = entries.length === 0 ? null : handlerTable(entries, slotBase);
  const code = e.finish();
  fusePairs(code);
  return { code, localWords, maxStackWords: maxHeight + 2 + 2 * maxTryLevel, entryGas: costs.call, handlers };
}

/** FUSED_PAIRS as first op * 1024 + second op → fused op. */
const FUSED_OF = new Map<number, number>();
for (let k = 0; k < FUSED_PAIRS.length; k += 3) FUSED_OF.set(FUSED_PAIRS[k]! * 1024 + FUSED_PAIRS[k + 1]!, FUSED_PAIRS[k + 2]!);

/**
 * The start of every op of translated code, walked op by op by the generated op lengths
 * (IR_OP_WORDS). A walk that meets a number no op has, or does not end exactly at the end of the
 * code, is a translator bug: InternalError.
 */
export function irOpStarts(code: Int32Array): number[] {
  const starts: number[] = [];
  let p = 0;
  while (p < code.length) {
    const words = IR_OP_WORDS[code[p]!] ?? -2;
    if (words === -2) throw new InternalError(`lower: IR op ${code[p]} at ${p} has no length`);
    starts.push(p);
    p += 1 + (words === -1 ? 3 + 2 * (code[p + 2]! + 1) : words);
  }
  if (p !== code.length) throw new InternalError(`lower: the IR walk ends at ${p}, the code at ${code.length}`);
  return starts;
}

/**
 * Superinstructions (scripts/isa/dispatch.ts): where two ops of a pair are adjacent, the first op's
 * word becomes the fused op, which runs both and skips the second op's word. That word stays, so
 * a branch to the second op runs it alone and no offset changes; a second op may itself start a
 * pair with the op after it. A pair whose first op is a fused op makes a chain: where the op after
 * a fused pair is listed with it, the first word becomes the longer op (and so on), which skips
 * each later op's word in turn. Words are read before they are rewritten (a position is rewritten
 * only once the walk reaches it), so every lookup sees the translator's ops. The whole code is
 * walked first ({@link irOpStarts}), so code that cannot be walked is refused before anything is
 * rewritten.
 */
export function fusePairs(code: Int32Array): void {
  const starts = irOpStarts(code);
  for (let k = 0; k + 1 < starts.length; k++) {
    let fused = FUSED_OF.get(code[starts[k]!]! * 1024 + code[starts[k + 1]!]!);
    if (fused === undefined) continue;
    for (let j = k + 2; j < starts.length; j++) {
      const longer = FUSED_OF.get(fused * 1024 + code[starts[j]!]!);
      if (longer === undefined) break;
      fused = longer;
    }
    code[starts[k]!] = fused;
  }
}

/** The run-time handler table of `entries` (layout in exceptions.ts). */
function handlerTable(entries: readonly HandlerEntry[], slotBase: number): Int32Array {
  const offsets: number[] = [];
  let words = 0;
  for (const x of entries) {
    offsets.push(words);
    words += HANDLER_HEADER_WORDS + x.clauses.length * HANDLER_CLAUSE_WORDS;
  }
  const h = new Int32Array(words);
  entries.forEach((x, i) => {
    let at = offsets[i]!;
    let extra = 0;
    if (x.kind === HANDLER_LEGACY) extra = slotBase + 2 * x.extra;
    else if (x.kind === HANDLER_DELEGATE) extra = x.extra < 0 ? -1 : x.extra < entries.length ? offsets[x.extra]! : words;
    h.set([x.start, x.end, x.kind, x.clauses.length, extra], at);
    at += HANDLER_HEADER_WORDS;
    for (const c of x.clauses) {
      h.set([c.kind, c.tag, c.target, c.height, c.arity], at);
      at += HANDLER_CLAUSE_WORDS;
    }
  });
  return h;
}

/** The little-endian int32 at byte `at` of `bytes` (an immediate of v128.const / i8x16.shuffle). */
function readWord(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/**
 * A SIMD instruction (IR op = its dense opcode; simd.ts): `[d] operands... immediates...`, the
 * operands as registers in signature order and the immediates after them: a memarg's offset, a
 * lane index, a shuffle's 16 lane indexes (one word each). A v128 result may be redirected into a
 * local like any result (simd.ts reads every operand before writing).
 */
function emitSimd(t: Translator, r: InstrReader, module: Module, h: number): void {
  const op = r.op;
  const e = t.e;
  const sig = SIGNATURES[op]!;
  const colon = sig.indexOf(':');
  const n = colon;
  const first = h - n;
  const regs: number[] = [];
  for (let i = 0; i < n; i++) regs.push(t.reg(first + i));
  for (let i = 0; i < n; i++) t.pop(first + i);
  const hasResult = colon < sig.length - 1;
  const pos = hasResult ? t.startResult(op, first) : e.pc;
  if (!hasResult) e.emit(op);
  for (const reg of regs) e.emit(reg);
  switch (IMM_KINDS[op]) {
    case Imm.MEMARG:
      e.emit(r.b);
      break;
    case Imm.MEMARG_LANE:
      e.emit(r.b);
      e.emit(r.c);
      break;
    case Imm.LANE:
      e.emit(r.a);
      break;
    case Imm.SHUFFLE:
      for (let k = 0; k < 16; k++) e.emit(module.bytes[r.a + k]!);
      break;
    default:
      break;
  }
  if (hasResult) t.finishResult(pos, first, op, false);
  else t.barrier();
}

/**
 * Emits a non-control instruction (validator state is *before* it; `h` is the operand height).
 * Returns true when the op works through `sp` (the caller then records where sp is).
 */
function emitPlain(t: Translator, r: InstrReader, v: FuncValidator, module: Module, h: number): boolean {
  const op = r.op;
  const e = t.e;
  if (isMemAccess(op) && !isPlainMemory(module, r.mem)) {
    // A load or store on another memory, or with i64 addresses: through sp (memory-ops.ts).
    t.flushAll();
    t.syncSp(h);
    e.emit(ir.MEM_ACCESS);
    e.emit(op);
    e.emit(r.mem);
    e.emit(r.b % 0x100000000);
    e.emit(Math.min(Math.floor(r.b / 0x100000000), 0xffffffff));
    e.emit(r.c);
    t.barrier();
    return true;
  }
  const form = OPERAND_FORM[op]!;
  if (form === FORM_BINARY) {
    const ia = h - 2;
    const ib = h - 1;
    const kb = t.kind.length > ib ? t.kind[ib]! : STACK;
    const ka = t.kind.length > ia ? t.kind[ia]! : STACK;
    let constOp = kb === C32 || kb === C64 ? CONST_OP[op]! : -1;
    let x = ia;
    let c = ib;
    let wasmOp = op;
    if (constOp < 0 && (ka === C32 || ka === C64) && kb !== C32 && kb !== C64) {
      // A constant first operand: swap when the op commutes (compares turn around).
      const swapped = SWAPPED[op]!;
      if (swapped >= 0) {
        constOp = CONST_OP[swapped]!;
        if (constOp >= 0) {
          x = ib;
          c = ia;
          wasmOp = swapped;
        }
      }
    }
    if (constOp >= 0) {
      const reg = t.reg(x);
      const lo = t.val[c]!;
      const hi = t.val2[c]!;
      const is64 = t.kind[c] === C64;
      t.pop(ia);
      t.pop(ib);
      const pos = t.startResult(constOp, ia);
      e.emit(reg);
      e.emit(lo);
      if (is64) e.emit(hi);
      t.finishResult(pos, ia, wasmOp, true);
      return false;
    }
    if (op === W.F64_ADD) { // f64.add of a product just computed: one multiply-add op
      const mulAt = t.isLastResult(ib) && t.lastWasmOp === W.F64_MUL ? ib : t.isLastResult(ia) && t.lastWasmOp === W.F64_MUL ? ia : -1;
      const other = mulAt === ib ? ia : ib;
      if (mulAt >= 0 && (ka === STACK || ka === LOCAL) && (kb === STACK || kb === LOCAL)) {
        const x = e.code[t.lastPos + 2]!;
        const y = e.code[t.lastPos + 3]!;
        const z = t.reg(other);
        e.pc = t.lastPos;
        t.pop(ia);
        t.pop(ib);
        const pos = t.startResult(ir.F64_MUL_ADD, ia);
        e.emit(x);
        e.emit(y);
        e.emit(z);
        t.finishResult(pos, ia, ir.F64_MUL_ADD, false);
        return false;
      }
    }
    const ra = t.reg(ia);
    const rb = t.reg(ib);
    t.pop(ia);
    t.pop(ib);
    const pos = t.startResult(REG_OP[op]!, ia);
    e.emit(ra);
    e.emit(rb);
    t.finishResult(pos, ia, op, false);
    return false;
  }
  if (form === FORM_UNARY) {
    const ra = t.reg(h - 1);
    t.pop(h - 1);
    const pos = t.startResult(REG_OP[op]!, h - 1);
    e.emit(ra);
    t.finishResult(pos, h - 1, op, false);
    return false;
  }
  if (form === FORM_LOAD) { // d a offset
    const addOp = t.isLastResult(h - 1) && t.lastWasmOp === W.I32_ADD ? (t.lastIsConst ? LOAD_C : LOAD_RR)[op]! : -1;
    if (addOp >= 0) {
      // i32.add (of a constant or a register) just before: fold it into the address.
      const x = e.code[t.lastPos + 2]!;
      const y = e.code[t.lastPos + 3]!;
      e.pc = t.lastPos;
      const pos = t.startResult(addOp, h - 1);
      e.emit(x);
      e.emit(y);
      e.emit(r.b);
      t.finishResult(pos, h - 1, op, false);
      return false;
    }
    const ra = t.reg(h - 1);
    t.pop(h - 1);
    const pos = t.startResult(REG_OP[op]!, h - 1);
    e.emit(ra);
    e.emit(r.b);
    t.finishResult(pos, h - 1, op, false);
    return false;
  }
  if (form === FORM_STORE) { // a v offset
    const kv = t.kind.length > h - 1 ? t.kind[h - 1]! : STACK;
    const ckOp = kv === C32 || kv === C64 ? STORE_CK[op]! : -1;
    const cOp = STORE_C[op]!;
    // An `i32.add` of a constant just before the value (a constant or a local: nothing emitted for
    // it) is folded into the address; so is a constant value.
    const isAddC = t.isLastResult(h - 2) && t.lastWasmOp === W.I32_ADD && t.lastIsConst && kv !== STACK;
    if (ckOp >= 0 || (isAddC && cOp >= 0)) {
      let x: number;
      let c = 0;
      if (isAddC) {
        x = e.code[t.lastPos + 2]!;
        c = e.code[t.lastPos + 3]!;
        e.pc = t.lastPos;
        t.barrier();
      } else {
        x = t.reg(h - 2);
      }
      if (ckOp >= 0) {
        e.emit(ckOp);
        e.emit(x);
        e.emit(c);
        e.emit(t.val[h - 1]!);
        if (STORE_CK_WORDS[op] === 2) e.emit(t.val2[h - 1]!);
      } else {
        const rv = t.reg(h - 1);
        e.emit(cOp);
        e.emit(x);
        e.emit(c);
        e.emit(rv);
      }
      e.emit(r.b);
      t.pop(h - 2);
      t.pop(h - 1);
      t.barrier();
      return false;
    }
    const ra = t.reg(h - 2);
    const rv = t.reg(h - 1);
    t.pop(h - 2);
    t.pop(h - 1);
    e.emit(REG_OP[op]!);
    e.emit(ra);
    e.emit(rv);
    e.emit(r.b);
    t.barrier();
    return false;
  }
  switch (op) {
    case W.NOP:
      return false;
    case W.DROP:
      t.pop(h - 1);
      return false;
    case W.I32_CONST:
    case W.F32_CONST: // (bits)
      t.defer(h, C32, r.a, 0);
      return false;
    case W.I64_CONST:
    case W.F64_CONST: // (bits)
      t.defer(h, C64, r.a, r.b);
      return false;
    case W.SELECT:
    case W.SELECT_T: {
      const type = op === W.SELECT_T ? r.b : v.opdType(1);
      if (isRefType(type)) break;
      const ra = t.reg(h - 3);
      const rb = t.reg(h - 2);
      const rc = t.reg(h - 1);
      t.pop(h - 3);
      t.pop(h - 2);
      t.pop(h - 1);
      const pos = t.startResult(type === V128 ? ir.SELECT_V128 : ir.SELECT, h - 3);
      e.emit(ra);
      e.emit(rb);
      e.emit(rc);
      t.finishResult(pos, h - 3, op, false);
      return false;
    }
    case W.LOCAL_GET: {
      const type = v.localType(r.a);
      if (isRefType(type)) break;
      t.defer(h, type === V128 ? LOCAL128 : LOCAL, t.localOffsets[r.a]!, 0);
      return false;
    }
    case W.LOCAL_SET:
    case W.LOCAL_TEE: {
      const type = v.localType(r.a);
      if (isRefType(type)) break;
      const move = type === V128 ? ir.MOVE_V128 : ir.MOVE;
      const y = t.localOffsets[r.a]!;
      const top = h - 1;
      t.flushLocal(y, top);
      const k = t.kind.length > top ? t.kind[top]! : STACK;
      if (k === STACK && t.isLastResult(top)) {
        // Redirect the op's result from the stack slot to the local. Every result op reads all
        // its operands before it writes (run.ts), so the local may also be one of them.
        e.patch(t.lastPos + 1, y);
        t.barrier();
        if (op === W.LOCAL_TEE) t.defer(top, type === V128 ? LOCAL128 : LOCAL, y, 0);
        return false;
      }
      if (k === LOCAL || k === LOCAL128) {
        if (t.val[top] !== y) {
          e.emit(move);
          e.emit(y);
          e.emit(t.val[top]!);
        }
      } else if (k === C32) {
        e.emit(ir.CONST32);
        e.emit(y);
        e.emit(t.val[top]!);
      } else if (k === C64) {
        e.emit(ir.CONST64);
        e.emit(y);
        e.emit(t.val[top]!);
        e.emit(t.val2[top]!);
      } else {
        e.emit(move);
        e.emit(y);
        e.emit(t.slot(top));
      }
      t.barrier();
      if (op === W.LOCAL_SET) t.pop(top);
      return false;
    }
    case W.GLOBAL_GET: {
      const type = module.globals[r.a]!.valType;
      if (isRefType(type)) break;
      const pos = t.startResult(type === V128 ? ir.GLOBAL_GET_V128 : ir.GLOBAL_GET, h);
      e.emit(r.a);
      t.finishResult(pos, h, op, false);
      return false;
    }
    case W.GLOBAL_SET: {
      const type = module.globals[r.a]!.valType;
      if (isRefType(type)) break;
      const ra = t.reg(h - 1);
      t.pop(h - 1);
      e.emit(type === V128 ? ir.GLOBAL_SET_V128 : ir.GLOBAL_SET);
      e.emit(ra);
      e.emit(r.a);
      t.barrier();
      return false;
    }
    case W.CALL:
      t.flushAll();
      e.emit(ir.CALL);
      e.emit(t.slot(h));
      e.emit(r.a);
      t.barrier();
      return true;
    case W.CALL_REF:
      t.flushAll();
      e.emit(ir.CALL_REF);
      e.emit(t.slot(h));
      t.barrier();
      return true;
    case W.CALL_INDIRECT:
      t.flushAll();
      index64(t, module, r.b, h - 1);
      e.emit(ir.CALL_INDIRECT);
      e.emit(t.slot(h));
      e.emit(typeIdOf(module.types[r.a]!));
      e.emit(r.b);
      t.barrier();
      return true;
    case W.V128_CONST: {
      const pos = t.startResult(ir.CONST128, h);
      for (let k = 0; k < 4; k++) e.emit(readWord(module.bytes, r.a + 4 * k));
      t.finishResult(pos, h, op, false);
      return false;
    }
    default:
      if (op >= W.PREFIX_FD && op < W.PREFIX_FB) {
        emitSimd(t, r, module, h);
        return false;
      }
      break;
  }
  // Everything else works on the top of the stack through sp.
  t.flushAll();
  t.syncSp(h);
  if (op === W.TABLE_GET) index64(t, module, r.a, h - 1);
  else if (op === W.TABLE_SET) index64(t, module, r.a, h - 2);
  emitStackOp(e, r, t.localOffsets, module);
  t.barrier();
  return true;
}

/**
 * Before an op that reads a table index as a u32 (table.get / set, call_indirect): for a 64-bit
 * table, INDEX64 on the operand at position `i` (flushed to its slot) so its i32 op stays as is.
 */
function index64(t: Translator, module: Module, table: number, i: number): void {
  if (module.tables[table]?.limits.is64 !== true) return;
  t.e.emit(ir.INDEX64);
  t.e.emit(t.slot(i));
}

/** True when memory `x` is memory 0 with i32 addresses: the dispatch loop's own memory ops. */
function isPlainMemory(module: Module, x: number): boolean {
  return x === 0 && module.memories[0]?.limits.is64 !== true;
}

/** Emits an op that works on the top of the operand stack through sp (no fusion). */
function emitStackOp(e: Emitter, r: InstrReader, localOffsets: Int32Array, module: Module): void {
  const op = r.op;
  switch (op) {
    case W.UNREACHABLE:
      e.emit(ir.UNREACHABLE);
      return;
    case W.SELECT: // (references, v128)
    case W.SELECT_T: {
      e.emit(ir.SELECT_REF);
      return;
    }
    case W.LOCAL_GET: // (reference-typed locals)
      e.emit(ir.LOCAL_GET_REF);
      e.emit(localOffsets[r.a]!);
      return;
    case W.LOCAL_SET:
      e.emit(ir.LOCAL_SET_REF);
      e.emit(localOffsets[r.a]!);
      return;
    case W.LOCAL_TEE:
      e.emit(ir.LOCAL_TEE_REF);
      e.emit(localOffsets[r.a]!);
      return;
    case W.GLOBAL_GET:
    case W.GLOBAL_SET: { // (reference or v128 globals)
      e.emit(op === W.GLOBAL_GET ? ir.GLOBAL_GET_REF : ir.GLOBAL_SET_REF);
      e.emit(r.a);
      return;
    }
    case W.TABLE_GET:
      e.emit(ir.TABLE_GET);
      e.emit(r.a);
      return;
    case W.TABLE_SET:
      e.emit(ir.TABLE_SET);
      e.emit(r.a);
      return;
    case W.MEMORY_SIZE:
    case W.MEMORY_GROW:
      // Memory 0 with i32 addresses has its own ops; other memories the helpers' (memory-ops.ts).
      if (isPlainMemory(module, r.mem)) {
        e.emit(op === W.MEMORY_SIZE ? ir.MEMORY_SIZE : ir.MEMORY_GROW);
      } else {
        e.emit(op === W.MEMORY_SIZE ? ir.MEMORY_SIZE_X : ir.MEMORY_GROW_X);
        e.emit(r.mem);
      }
      return;
    case W.REF_NULL:
      e.emit(ir.REF_NULL);
      return;
    case W.REF_IS_NULL:
      e.emit(ir.REF_IS_NULL);
      return;
    case W.REF_AS_NON_NULL:
      e.emit(ir.REF_AS_NON_NULL);
      return;
    case W.REF_FUNC:
      e.emit(ir.REF_FUNC);
      e.emit(r.a);
      return;
    case W.MEMORY_INIT:
      e.emit(ir.MEMORY_INIT);
      e.emit(r.a);
      e.emit(r.mem);
      return;
    case W.DATA_DROP:
      e.emit(ir.DATA_DROP);
      e.emit(r.a);
      return;
    case W.MEMORY_COPY:
      e.emit(ir.MEMORY_COPY);
      e.emit(r.mem);
      e.emit(r.mem2);
      return;
    case W.MEMORY_FILL:
      e.emit(ir.MEMORY_FILL);
      e.emit(r.mem);
      return;
    case W.TABLE_INIT: // elem table
      e.emit(ir.TABLE_INIT);
      e.emit(r.a);
      e.emit(r.b);
      return;
    case W.ELEM_DROP:
      e.emit(ir.ELEM_DROP);
      e.emit(r.a);
      return;
    case W.TABLE_COPY: // dst src
      e.emit(ir.TABLE_COPY);
      e.emit(r.a);
      e.emit(r.b);
      return;
    case W.TABLE_GROW:
      e.emit(ir.TABLE_GROW);
      e.emit(r.a);
      return;
    case W.TABLE_SIZE:
      e.emit(ir.TABLE_SIZE);
      e.emit(r.a);
      return;
    case W.TABLE_FILL:
      e.emit(ir.TABLE_FILL);
      e.emit(r.a);
      return;
    default:
      if (op >= W.PREFIX_FB || op === W.REF_EQ) {
        emitGc(e, r, module);
        return;
      }
      throw new InternalError(`no translation for opcode 0x${op.toString(16)}`);
  }
}

/**
 * A GC instruction as the `gc` op (gc-exec.ts): its dense opcode, then `x` (the canonical id of
 * its type index, or ref.test / ref.cast's heap type) and `y` (a field, count, segment or second
 * type index; ref.test / ref.cast: 1 when null passes).
 */
function emitGc(e: Emitter, r: InstrReader, module: Module): void {
  const op = r.op;
  let x = 0;
  let y = 0;
  switch (IMM_KINDS[op]) {
    case Imm.TYPE:
      x = module.typeIds[r.a]!;
      break;
    case Imm.TYPE_FIELD:
    case Imm.TYPE_COUNT:
    case Imm.TYPE_DATA:
    case Imm.TYPE_ELEM:
      x = module.typeIds[r.a]!;
      y = r.b;
      break;
    case Imm.TYPE_TYPE:
      x = module.typeIds[r.a]!;
      y = module.typeIds[r.b]!;
      break;
    case Imm.HEAP:
      x = r.a;
      y = op === W.REF_TEST_NULL || op === W.REF_CAST_NULL ? 1 : 0;
      break;
    default:
      break;
  }
  e.emit(ir.GC);
  e.emit(op);
  e.emit(x);
  e.emit(y);
}
