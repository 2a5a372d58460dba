/**
 * The translator: a validated function body -> internal code (ir.ts), in one pass that rides on
 * the validator's {@link FuncValidator} (it supplies operand heights, label arities and operand
 * types at every instruction, so the translator keeps no type stack of its own).
 *
 * Every branch gets its absolute target (forward targets are patched at the block's `end`) and,
 * when values must move, the target height and the words to keep. Code that the validator marks
 * unreachable is not emitted. Gas (gas/ schedule) is baked in as GAS immediates: the call cost at
 * function entry and the loop cost at loop headers, so costs follow wasm-level events only.
 *
 * Translation is lazy (first call) and cached per module and gas schedule, so every instance of a
 * module shares the code.
 */
import { WasmError } from '../errors.js';
import { InstrReader } from '../decoder/instr.js';
import type { Module } from '../decoder/module.js';
import { CTRL_FUNCTION, CTRL_IF, CTRL_LOOP, FuncValidator } from '../validator/func-validator.js';
import { isRefType, V128 } from '../types.js';
import type { ValType } from '../types.js';
import * as ir from './ir.js';
import { FREE_GAS_SCHEDULE, MAX_EVENT_COST, scheduleCodeKey } from '../gas/schedule.js';
import type { GasSchedule } from '../gas/schedule.js';
import { typeIdOf, wordsOf } from './runtime.js';
import type { FuncInst } from './runtime.js';

/** Gas costs baked into translated code: the code-affecting part of a {@link GasSchedule}. */
export type LoweringCosts = Pick<GasSchedule, 'call' | 'loop' | 'loopCharge' | 'instruction'>;

/** No gas in the code (unmetered). */
export const NO_COSTS: LoweringCosts = FREE_GAS_SCHEDULE;

/** Result of translating one body. */
export interface LoweredFunction {
  readonly code: Int32Array;
  /** Words of params + declared locals. */
  readonly localWords: number;
  /** Largest operand-stack height in words. */
  readonly maxStackWords: number;
  /** Gas charged on every entry (the schedule's call cost), by the caller's call path. */
  readonly entryGas: number;
}

/** Cache: module -> schedule key -> lowered bodies (index = defined function index). */
const cache = new WeakMap<Module, Map<string, (LoweredFunction | undefined)[]>>();

/** Costs per instance state (set by instantiate). */
const costsOf = new WeakMap<object, LoweringCosts>();

/** Records the gas costs the functions of an instance are translated with. */
export function setInstanceCosts(instance: object, costs: LoweringCosts): void {
  costsOf.set(instance, costs);
}

/** Makes sure `func` has code; translates it on first use. Host functions need none. */
export function ensureLowered(func: FuncInst): boolean {
  if (func.code !== null || func.instance === null) return true;
  const inst = func.instance;
  const costs = costsOf.get(inst) ?? NO_COSTS;
  const lowered = lowerCached(inst.module, func.funcIdx, costs);
  func.localWords = lowered.localWords;
  func.maxStackWords = lowered.maxStackWords;
  func.entryGas = lowered.entryGas;
  func.code = lowered.code;
  return true;
}

function lowerCached(module: Module, funcIdx: number, costs: LoweringCosts): LoweredFunction {
  let bySchedule = cache.get(module);
  if (bySchedule === undefined) {
    bySchedule = new Map();
    cache.set(module, bySchedule);
  }
  const key = scheduleCodeKey(costs);
  let list = bySchedule.get(key);
  if (list === undefined) {
    list = [];
    bySchedule.set(key, list);
  }
  const defined = funcIdx - module.importedFuncCount;
  let lowered = list[defined];
  if (lowered === undefined) {
    lowered = lowerFunction(module, funcIdx, costs);
    list[defined] = lowered;
  }
  return lowered;
}

/** Translation-time control frame. */
interface Frame {
  readonly kind: number;
  /** Nothing in this frame is emitted (it was entered in unreachable code). */
  readonly isDead: boolean;
  /** Height (words from fp) where the label's values go. */
  readonly height: number;
  /** Words a branch to this label keeps, plus 1 when they include references. */
  readonly arity: number;
  /** Loop: the label's pc. Others: -1 (forward; patched at `end`). */
  readonly labelPc: number;
  /**
   * Loop whose back-edges pay the loop cost ('backedge' mode): the pc right after its GAS op, so
   * that plain and compare-fused branches can jump there with the charge inline (encoded as the
   * target's bitwise complement; run.ts reads the cost from the GAS immediate before it). Else -1.
   */
  readonly inlineGasPc: number;
  /** Positions of forward targets to patch at `end`. */
  readonly fixups: number[];
  /** if: position of the IF_FALSE target to patch at `else` / `end`; else -1. */
  elseFixup: number;
}

/** Kinds of the last simple push, for operand fusion (see ir.ts, "Fused i32 binary ops"). */
const PUSH_NONE = 0;
const PUSH_LOCAL = 1;
const PUSH_CONST = 2;
const PUSH_LOCAL2 = 3;
/** I32_ADD_LC x c (imm x, imm2 c). */
const PUSH_ADD_LC = 4;
/** A fusable compare on the stack (imm: its index in ir.FUSABLE_COMPARES). */
const PUSH_CMP = 5;
/** A fused compare with a local (imm: compare index, imm2: local offset). */
const PUSH_CMP_L = 6;
/** i32.eqz. */
const PUSH_EQZ = 7;
/** A fused compare with a constant (imm: compare index, imm2: the constant). */
const PUSH_CMP_C = 8;

class Emitter {
  code: Int32Array = new Int32Array(256);
  pc = 0;
  /** The last emitted instruction if it was a simple push (else PUSH_NONE), its start and immediate(s). */
  lastKind = PUSH_NONE;
  lastPos = 0;
  lastImm = 0;
  lastImm2 = 0;
  /** The instruction before it, under the same rule. */
  prevKind = PUSH_NONE;
  prevPos = 0;
  prevImm = 0;

  /** Forgets pushes: nothing before this point may be fused with what follows (a label, a branch, ...). */
  barrier(): void {
    this.lastKind = PUSH_NONE;
    this.prevKind = PUSH_NONE;
  }

  /** Records that an instruction starting at `pos` was just emitted (a push of `kind`, or not). */
  note(kind: number, pos: number, imm: number, imm2 = 0): void {
    this.prevKind = this.lastKind;
    this.prevPos = this.lastPos;
    this.prevImm = this.lastImm;
    this.lastKind = kind;
    this.lastPos = pos;
    this.lastImm = imm;
    this.lastImm2 = imm2;
  }

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

/** Translates the body of defined function `funcIdx` (imports first). */
export function lowerFunction(module: Module, funcIdx: number, costs: LoweringCosts = NO_COSTS): LoweredFunction {
  const body = module.codes[funcIdx - module.importedFuncCount]!;
  const v = new FuncValidator(module);
  const r = new InstrReader(module.bytes, body.codeStart, body.codeEnd);
  v.begin(funcIdx);

  // Local layout: word offset of each local (params first).
  const localCount = v.localCount;
  const localOffsets = new Int32Array(localCount);
  let localWords = 0;
  for (let i = 0; i < localCount; i++) {
    const t = v.localType(i);
    if (t === V128) unsupported('v128 locals');
    localOffsets[i] = localWords;
    localWords += wordsOf(t);
  }
  // Every operand is one slot (two words) until SIMD execution lands; see ir.ts for the layout.
  const hw = (values: number): number => localWords + 2 * values;

  const e = new Emitter();
  const frames: Frame[] = [];
  const fnType = module.types[module.funcTypeIdxs[funcIdx]!]!;
  const resultArity = arityOf(fnType.results.length, (i) => fnType.results[i]!);
  frames.push({ kind: CTRL_FUNCTION, isDead: false, height: localWords, arity: resultArity, labelPc: -1, inlineGasPc: -1, fixups: [], elseFixup: -1 });
  let maxHeight = 0;

  // Strict schedule: every wasm instruction costs `costs.instruction`, charged by one GAS op at
  // the start of each straight-line run (runs split at block, loop, if, else, end, br, br_if,
  // br_table, return). `runPos` is the immediate of the current run's GAS op (-1: none), `runBase`
  // what else that op charges (the call cost at entry, the loop cost at a header).
  const instrCost = costs.instruction;
  let runPos = -1;
  let runBase = 0;
  let runCount = 0;
  const startRun = (base: number): void => {
    if (instrCost === 0 && base === 0) {
      runPos = -1;
      return;
    }
    e.barrier();
    e.emit(ir.GAS);
    runPos = e.pc;
    e.emit(base);
    e.barrier();
    runBase = base;
    runCount = 0;
  };
  const countInstr = (): void => {
    if (instrCost === 0 || runPos < 0) return;
    runCount++;
    const cost = runBase + runCount * instrCost;
    if (cost > MAX_EVENT_COST) {
      // A run too long for one int32 immediate continues with a fresh GAS op here.
      runCount = 0;
      startRun(0);
      countInstr();
      return;
    }
    e.patch(runPos, cost);
  };
  // The call cost is charged by the call itself (run.ts, FuncInst.entryGas): no dispatch for it.
  startRun(0);

  /** Emits a branch to label `l` from operand height `h` (values): JUMP / BR_IF, or the adjusting forms. */
  const branch = (l: number, h: number, isConditional: boolean): void => {
    const f = frames[frames.length - 1 - l]!;
    const arity = f.arity;
    const from = hw(h);
    const needsMove = from - (arity & ~1) !== f.height;
    if (needsMove) {
      e.emit(isConditional ? ir.BR_IF_ADJUST : ir.BR_ADJUST);
    } else {
      e.emit(isConditional ? ir.BR_IF : ir.JUMP);
    }
    target(f, !needsMove);
    if (needsMove) {
      e.emit(f.height);
      e.emit(arity);
    }
  };
  /**
   * Emits the target word of a branch to frame `f` (patched later for forward labels). With
   * `chargesInline` (JUMP, BR_IF and the compare-fused BR_IF ops), a back-edge skips the loop's GAS
   * op and charges its cost itself (one dispatch less per iteration; the same gas).
   */
  const target = (f: Frame, chargesInline = false): void => {
    if (chargesInline && f.inlineGasPc >= 0) {
      e.emit(~f.inlineGasPc);
    } else if (f.labelPc >= 0) {
      e.emit(f.labelPc);
    } else {
      f.fixups.push(e.pc);
      e.emit(-1);
    }
  };

  do {
    r.next();
    const op = r.op;
    const top = frames[frames.length - 1]!;
    const isLive = !top.isDead && !v.isCtrlUnreachable(0);
    const h = v.opdHeight;
    if (isLive) countInstr();
    // A compare right before br_if fuses with it (captured before the barrier clears it).
    const cmpKind = e.lastKind;
    const cmpPos = e.lastPos;
    const cmpImm = e.lastImm;
    const cmpImm2 = e.lastImm2;
    if (op <= 0x11) e.barrier(); // control instructions, calls: no fusion across them

    switch (op) {
      case 0x02: // block
      case 0x03: // loop
      case 0x04: { // if
        let ifFixup = -1;
        if (op === 0x04 && isLive) {
          e.emit(ir.IF_FALSE);
          ifFixup = e.pc;
          e.emit(-1);
        }
        v.step(r);
        const isDead = !isLive;
        const kind = v.ctrlKind(0);
        const height = hw(v.ctrlHeight(0));
        let labelPc = -1;
        let inlineGasPc = -1;
        let arity: number;
        if (kind === CTRL_LOOP) {
          arity = arityOf(v.ctrlParamCount(0), (i) => v.ctrlParamType(0, i));
          if (!isDead && costs.loop > 0 && costs.loopCharge === 'backedge') {
            // Entering by fall-through skips the loop charge; branches back land on the GAS op.
            e.emit(ir.JUMP);
            e.emit(e.pc + 3);
            labelPc = e.pc;
            e.emit(ir.GAS);
            e.emit(costs.loop);
            inlineGasPc = e.pc;
            startRun(0);
          } else {
            // 'header': the loop cost is paid on entry and on every back-edge, with the body's run.
            labelPc = e.pc;
            if (!isDead) startRun(costs.loopCharge === 'header' ? costs.loop : 0);
          }
        } else {
          arity = arityOf(v.ctrlResultCount(0), (i) => v.ctrlResultType(0, i));
        }
        frames.push({
          kind, isDead, height, arity, labelPc, inlineGasPc, fixups: [],
          elseFixup: kind === CTRL_IF && isLive ? ifFixup : -1,
        });
        if (kind !== CTRL_LOOP && !isDead) startRun(0);
        break;
      }
      case 0x05: { // else
        if (isLive) {
          e.emit(ir.JUMP);
          top.fixups.push(e.pc);
          e.emit(-1);
        }
        if (top.elseFixup >= 0) {
          e.patch(top.elseFixup, e.pc);
          top.elseFixup = -1;
        }
        v.step(r);
        if (!top.isDead) startRun(0);
        break;
      }
      case 0x0b: { // end
        v.step(r);
        frames.pop();
        if (top.elseFixup >= 0) e.patch(top.elseFixup, e.pc);
        for (const at of top.fixups) e.patch(at, e.pc);
        if (frames.length === 0) {
          if (isLive || top.fixups.length > 0) {
            // The function's final end (also the target of branches to the function's label).
            e.emit(ir.RETURN);
            e.emit(top.arity);
          }
        } else if (!top.isDead) {
          startRun(0);
        }
        break;
      }
      case 0x0c: // br l
        if (isLive) branch(r.a, h, false);
        v.step(r);
        break;
      case 0x0d: // br_if l
        if (isLive) {
          const f = frames[frames.length - 1 - r.a]!;
          const isPlain = hw(h - 1) - (f.arity & ~1) === f.height;
          if (isPlain && cmpKind === PUSH_CMP && cmpPos + 1 === e.pc) {
            e.pc = cmpPos;
            e.emit(ir.BR_IF_CMP_BASE + cmpImm);
            target(f, true);
          } else if (isPlain && cmpKind === PUSH_CMP_L && cmpPos + 2 === e.pc) {
            e.pc = cmpPos;
            e.emit(ir.BR_IF_CMP_L_BASE + cmpImm);
            e.emit(cmpImm2);
            target(f, true);
          } else if (isPlain && cmpKind === PUSH_CMP_C && cmpPos + 2 === e.pc) {
            e.pc = cmpPos;
            e.emit(ir.BR_IF_CMP_C_BASE + cmpImm);
            e.emit(cmpImm2);
            target(f, true);
          } else if (isPlain && cmpKind === PUSH_EQZ && cmpPos + 1 === e.pc) {
            e.pc = cmpPos;
            e.emit(ir.BR_IF_EQZ);
            target(f, true);
          } else {
            branch(r.a, h - 1, true);
          }
          startRun(0);
        }
        v.step(r);
        break;
      case 0x0e: { // br_table
        if (isLive) {
          const count = r.a;
          const def = frames[frames.length - 1 - r.b]!;
          e.emit(ir.BR_TABLE);
          e.emit(count);
          e.emit(def.arity);
          for (let i = 0; i <= count; i++) {
            const f = frames[frames.length - 1 - (i < count ? r.targets[i]! : r.b)]!;
            target(f);
            e.emit(f.height);
          }
        }
        v.step(r);
        break;
      }
      case 0x0f: // return
        if (isLive) {
          e.emit(ir.RETURN);
          e.emit(resultArity);
        }
        v.step(r);
        break;
      default:
        if (isLive) emitPlain(e, r, v, module, localOffsets);
        v.step(r);
        break;
    }
    if (isLive) {
      const words = hw(v.opdHeight) - localWords;
      if (words > maxHeight) maxHeight = words;
    }
  } while (!v.isDone);

  // Calls write results over their arguments; a host call may return more than it took.
  return { code: e.finish(), localWords, maxStackWords: maxHeight + 2, entryGas: costs.call };
}

function unsupported(what: string): never {
  throw new WasmError('unsupported', `${what} are not executed yet (SIMD execution is a later milestone)`);
}

/** Emits a non-control instruction (validator state is *before* the instruction). */
function emitPlain(e: Emitter, r: InstrReader, v: FuncValidator, module: Module, localOffsets: Int32Array): void {
  const op = r.op;
  const start = e.pc;
  // Operand fusion: a local.get / i32.const right before a fusable i32 binary op becomes its
  // immediate (the push is rewound and the fused op emitted in its place).
  const fusable = FUSABLE_INDEX[op] ?? -1;
  if (fusable >= 0 && (e.lastKind === PUSH_LOCAL || e.lastKind === PUSH_LOCAL2 || e.lastKind === PUSH_CONST)) {
    const kind = e.lastKind;
    const pos = e.lastPos;
    if (kind === PUSH_LOCAL) {
      const off = e.lastImm;
      e.pc = pos;
      e.emit(ir.I32_BINOP_L_BASE + fusable);
      e.emit(off);
      const cmp = COMPARE_INDEX[op] ?? -1;
      e.barrier();
      if (cmp >= 0) e.note(PUSH_CMP_L, pos, cmp, off);
      return;
    } else if (kind === PUSH_LOCAL2) {
      // local.get a; local.get b; op  ->  local.get a; op_L b  (i32.add: i32.add_ll a b)
      const a = e.lastImm;
      const b = e.lastImm2;
      e.pc = pos;
      if (op === 0x6a) {
        e.emit(ir.I32_ADD_LL);
        e.emit(a);
        e.emit(b);
        e.barrier();
        return;
      }
      e.emit(ir.LOCAL_GET);
      e.emit(a);
      const at = e.pc;
      e.emit(ir.I32_BINOP_L_BASE + fusable);
      e.emit(b);
      const cmp = COMPARE_INDEX[op] ?? -1;
      e.barrier();
      if (cmp >= 0) e.note(PUSH_CMP_L, at, cmp, b);
      return;
    } else if (e.prevKind === PUSH_LOCAL && e.prevPos + 2 === pos) {
      // local.get x; i32.const c; <binop>  ->  <binop>_lc x c
      const x = e.prevImm;
      const c = e.lastImm;
      const at = e.prevPos;
      e.pc = at;
      e.emit(ir.I32_BINOP_LC_OPS[fusable]!);
      e.emit(x);
      e.emit(c);
      e.barrier();
      if (op === 0x6a) e.note(PUSH_ADD_LC, at, x, c);
      return;
    } else {
      const c = e.lastImm;
      e.pc = pos;
      e.emit(ir.I32_BINOP_C_BASE + fusable);
      e.emit(c);
      const cmp = COMPARE_INDEX[op] ?? -1;
      e.barrier();
      if (cmp >= 0) e.note(PUSH_CMP_C, pos, cmp, c);
      return;
    }
  }
  if (op === 0x20 && !isRefType(v.localType(r.a))) { // local.get of a one-slot local
    const off = localOffsets[r.a]!;
    if (e.lastKind === PUSH_LOCAL && e.lastPos + 2 === start) {
      const a = e.lastImm;
      const pos = e.lastPos;
      e.pc = pos;
      e.emit(ir.LOCAL_GET2);
      e.emit(a);
      e.emit(off);
      e.lastKind = PUSH_NONE;
      e.note(PUSH_LOCAL2, pos, a, off);
      return;
    }
    e.emit(ir.LOCAL_GET);
    e.emit(off);
    e.note(PUSH_LOCAL, start, off);
    return;
  }
  if (op === 0x41) { // i32.const
    e.emit(ir.CONST32);
    e.emit(r.a);
    e.note(PUSH_CONST, start, r.a);
    return;
  }
  if ((op === 0x21 || op === 0x22) && !isRefType(v.localType(r.a)) && v.localType(r.a) !== V128) { // local.set / tee
    const off = localOffsets[r.a]!;
    if (e.lastKind === PUSH_ADD_LC && e.lastPos + 3 === start) {
      // local.get x; i32.const c; i32.add; local.set/tee y
      const pos = e.lastPos;
      const x = e.lastImm;
      const c = e.lastImm2;
      e.pc = pos;
      e.emit(op === 0x21 ? ir.I32_ADD_LC_SET : ir.I32_ADD_LC_TEE);
      e.emit(x);
      e.emit(c);
      e.emit(off);
      e.barrier();
      return;
    }
    if (op === 0x21 && e.lastKind === PUSH_LOCAL && e.lastPos + 2 === start) {
      const pos = e.lastPos;
      const from = e.lastImm;
      e.pc = pos;
      e.emit(ir.LOCAL_COPY);
      e.emit(from);
      e.emit(off);
      e.barrier();
      return;
    }
  }
  if ((op === 0x28 || op === 0x29 || op === 0x2b) && (e.lastKind === PUSH_LOCAL || e.lastKind === PUSH_LOCAL2)) {
    // local.get x; <load> offset  ->  <load>_l x offset
    const fused = op === 0x28 ? ir.I32_LOAD_L : op === 0x29 ? ir.I64_LOAD_L : ir.F64_LOAD_L;
    const pos = e.lastPos;
    if (e.lastKind === PUSH_LOCAL) {
      const x = e.lastImm;
      e.pc = pos;
      e.emit(fused);
      e.emit(x);
    } else {
      const a = e.lastImm;
      const x = e.lastImm2;
      e.pc = pos;
      e.emit(ir.LOCAL_GET);
      e.emit(a);
      e.emit(fused);
      e.emit(x);
    }
    e.emit(r.b);
    e.barrier();
    return;
  }
  const lcLoad = LC_LOAD_OF[op] ?? -1;
  if (lcLoad >= 0 && e.lastKind === PUSH_ADD_LC && e.lastPos + 3 === start) {
    // local.get x; i32.const c; i32.add; <load> off  ->  <load>_lc x c off
    const pos = e.lastPos;
    const x = e.lastImm;
    const c = e.lastImm2;
    e.pc = pos;
    e.emit(lcLoad);
    e.emit(x);
    e.emit(c);
    e.emit(r.b);
    e.barrier();
    return;
  }
  const f64L = F64_L_OF[op] ?? -1;
  if (f64L >= 0 && e.lastKind === PUSH_LOCAL && e.lastPos + 2 === start) {
    const pos = e.lastPos;
    const x = e.lastImm;
    e.pc = pos;
    e.emit(f64L);
    e.emit(x);
    e.barrier();
    return;
  }
  emitOther(e, r, v, module, localOffsets);
  const cmp = COMPARE_INDEX[op] ?? -1;
  e.note(cmp >= 0 ? PUSH_CMP : op === 0x45 ? PUSH_EQZ : PUSH_NONE, start, cmp);
}

/** Fused `_lc` load op by wasm load opcode. */
const LC_LOAD_OF: readonly (number | undefined)[] = (() => {
  const out: (number | undefined)[] = [];
  for (const [wasmOp, fused] of ir.LC_LOADS) out[wasmOp] = fused;
  return out;
})();

/** Fused f64 `_l` op by wasm opcode. */
const F64_L_OF: readonly (number | undefined)[] = (() => {
  const out: (number | undefined)[] = [];
  for (const [wasmOp, fused] of ir.F64_L_OPS) out[wasmOp] = fused;
  return out;
})();

/** Index of each br_if-fusable compare in ir.FUSABLE_COMPARES, by wasm opcode. */
const COMPARE_INDEX: readonly (number | undefined)[] = (() => {
  const out: (number | undefined)[] = [];
  ir.FUSABLE_COMPARES.forEach((wasmOp, i) => { out[wasmOp] = i; });
  return out;
})();

/** Index of each fusable i32 binary op in ir.FUSABLE_I32_BINOPS, by wasm opcode. */
const FUSABLE_INDEX: readonly (number | undefined)[] = (() => {
  const out: (number | undefined)[] = [];
  ir.FUSABLE_I32_BINOPS.forEach((wasmOp, i) => { out[wasmOp] = i; });
  return out;
})();

/** Emits a non-control instruction with no fusion. */
function emitOther(e: Emitter, r: InstrReader, v: FuncValidator, module: Module, localOffsets: Int32Array): void {
  const op = r.op;
  if (op >= 0x45 && op <= 0xc4) { // numeric: same numbering
    e.emit(op);
    return;
  }
  if (op >= 0x28 && op <= 0x3e) { // loads and stores: opcode + offset
    e.emit(op);
    e.emit(r.b);
    return;
  }
  switch (op) {
    case 0x00: // unreachable
      e.emit(ir.UNREACHABLE);
      return;
    case 0x01: // nop
      return;
    case 0x10: // call
      e.emit(ir.CALL);
      e.emit(r.a);
      return;
    case 0x11: // call_indirect
      e.emit(ir.CALL_INDIRECT);
      e.emit(typeIdOf(module.types[r.a]!));
      e.emit(r.b);
      return;
    case 0x1a: // drop
      e.emit(ir.DROP);
      e.emit(wordsOf(v.opdType(0)));
      return;
    case 0x1b: // select
    case 0x1c: { // select t
      const t = op === 0x1c ? r.b : v.opdType(1);
      e.emit(isRefType(t) ? ir.SELECT_REF : t === V128 ? ir.SELECT_V128 : ir.SELECT);
      return;
    }
    case 0x20: // local.get
    case 0x21: // local.set
    case 0x22: { // local.tee
      const t = v.localType(r.a);
      const base = isRefType(t) ? ir.LOCAL_GET_REF : ir.LOCAL_GET;
      e.emit(base + (op - 0x20));
      e.emit(localOffsets[r.a]!);
      return;
    }
    case 0x23: // global.get
    case 0x24: { // global.set
      const t = module.globals[r.a]!.valType;
      if (t === V128) e.emit(op === 0x23 ? ir.GLOBAL_GET_V128 : ir.GLOBAL_SET_V128);
      else if (isRefType(t)) e.emit(op === 0x23 ? ir.GLOBAL_GET_REF : ir.GLOBAL_SET_REF);
      else e.emit(op === 0x23 ? ir.GLOBAL_GET : ir.GLOBAL_SET);
      e.emit(r.a);
      return;
    }
    case 0x25: // table.get
      e.emit(ir.TABLE_GET);
      e.emit(r.a);
      return;
    case 0x26: // table.set
      e.emit(ir.TABLE_SET);
      e.emit(r.a);
      return;
    case 0x3f: // memory.size
      e.emit(ir.MEMORY_SIZE);
      return;
    case 0x40: // memory.grow
      e.emit(ir.MEMORY_GROW);
      return;
    case 0x41: // i32.const
    case 0x43: // f32.const (bits)
      e.emit(ir.CONST32);
      e.emit(r.a);
      return;
    case 0x42: // i64.const
    case 0x44: // f64.const (bits)
      e.emit(ir.CONST64);
      e.emit(r.a);
      e.emit(r.b);
      return;
    case 0xd0: // ref.null
      e.emit(ir.REF_NULL);
      return;
    case 0xd1: // ref.is_null
      e.emit(ir.REF_IS_NULL);
      return;
    case 0xd2: // ref.func
      e.emit(ir.REF_FUNC);
      e.emit(r.a);
      return;
    case 0x108: // memory.init
      e.emit(ir.MEMORY_INIT);
      e.emit(r.a);
      return;
    case 0x109: // data.drop
      e.emit(ir.DATA_DROP);
      e.emit(r.a);
      return;
    case 0x10a: // memory.copy
      e.emit(ir.MEMORY_COPY);
      return;
    case 0x10b: // memory.fill
      e.emit(ir.MEMORY_FILL);
      return;
    case 0x10c: // table.init elem table
      e.emit(ir.TABLE_INIT);
      e.emit(r.a);
      e.emit(r.b);
      return;
    case 0x10d: // elem.drop
      e.emit(ir.ELEM_DROP);
      e.emit(r.a);
      return;
    case 0x10e: // table.copy dst src
      e.emit(ir.TABLE_COPY);
      e.emit(r.a);
      e.emit(r.b);
      return;
    case 0x10f: // table.grow
      e.emit(ir.TABLE_GROW);
      e.emit(r.a);
      return;
    case 0x110: // table.size
      e.emit(ir.TABLE_SIZE);
      e.emit(r.a);
      return;
    case 0x111: // table.fill
      e.emit(ir.TABLE_FILL);
      e.emit(r.a);
      return;
    default:
      if (op >= 0x100 && op <= 0x107) { // trunc_sat
        e.emit(ir.TRUNC_SAT_BASE + (op - 0x100));
        return;
      }
      return unsupported('SIMD instructions');
  }
}
