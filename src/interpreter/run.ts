/**
 * The dispatch loop (spec §4.4 "Instructions"): runs translated code (ir.ts) on a {@link Machine}.
 *
 * Shape rules (STYLE.md, each measured on Node 20): one `switch` over small integers with numeric
 * literal case labels (V8 builds a jump table only for literals; a test checks every label against
 * ir.ts / opcodes.ts); machine state in locals, written back before calling out; no allocation,
 * closure or string per instruction; rare and bulky operations are calls to helpers. wasm→wasm
 * calls push a frame on the machine's typed-array frame stack: no JS recursion. The cases between
 * the GENERATED markers come from scripts/gen-run-ops.py.
 *
 * Operands are registers (ir.ts): word offsets from `fp` in the immediates (`rd`, `ra`, `rb`). Every
 * op that writes a result reads all its operands first, so the translator may direct a result to
 * one of its operands' locals. `sp` is only read by the stack-based ops (references, tables, bulk
 * memory, memory.size/grow, v128) and by calls, returns and adjusting branches, which set it.
 *
 * Values: an i32 is a JS int32; an i64 is two int32 halves; floats that only move (loads, stores,
 * locals, globals, select, reinterpret, abs/neg/copysign) keep their bits (f64 loads and stores
 * move non-NaN values as doubles, NaNs as raw words); arithmetic NaN results are written as
 * canonical bits. Memory accesses are little-endian.
 */
import { Trap, TrapCode } from '../errors.js';
import type { Machine } from './machine.js';
import type { FuncInst, InstanceState, TableInst } from './runtime.js';
import {
  CANONICAL_NAN_F32_BITS, CANONICAL_NAN_F64_HI, checkI32TruncS, checkI32TruncU, checkI64TruncS,
  checkI64TruncU, f32ConvertI64S, f32ConvertI64U, f32Max, f32Min, f32Nearest, f64ConvertI64S,
  f64ConvertI64U, f64Max, f64Min, f64Nearest, i32Ctz, i32Popcnt, i32TruncF32S, i32TruncF32U,
  i32TruncF64S, i32TruncF64U, i32TruncSatF32S, i32TruncSatF32U, i32TruncSatF64S, i32TruncSatF64U,
  i64Clz, i64Ctz, i64DivS, i64DivU, i64Mul, i64MulBy, i64Popcnt, i64RemS, i64RemU, i64Rotl, i64RotlBy,
  i64Rotr, i64RotrBy, i64Shl, i64ShlBy, i64ShrS, i64ShrSBy, i64ShrU, i64ShrUBy, i64TruncF32S, i64TruncF32U, i64TruncF64S, i64TruncF64U, i64TruncSatF32S,
  i64TruncSatF32U, i64TruncSatF64S, i64TruncSatF64U,
} from './numeric.js';
import {
  dataDrop, elemDrop, memoryCopy, memoryFill, memoryInit, tableCopy, tableFill, tableGrow,
  tableInit,
} from './bulk.js';
import { callHost } from './values.js';
import { ensureLowered } from './lower.js';

/** Returned by {@link execute} / {@link resume} when a host function returned a Promise. */
export const SUSPENDED = 1;
/** Returned by {@link execute} / {@link resume} when the entry function returned. */
export const COMPLETED = 0;

/**
 * Runs `func` with its arguments already on the machine's stack at `m.sp - func.paramWords`.
 * On completion, the results are at that same position and `m.sp` is just past them. Returns
 * SUSPENDED when a host function returned a Promise (`m.pending`; continue with {@link resume}
 * once its value is written). Throws {@link Trap}; the caller restores `m.sp` / `m.depth`.
 */
export function execute(m: Machine, func: FuncInst): number {
  if (!m.ensureFrame()) throw trapAt(m, TrapCode.CALL_STACK_EXHAUSTED, func);
  m.frameFuncs[m.depth] = null; // entry frame: RETURN to it ends this run
  m.frames[m.depth * 2] = 0;
  m.frames[m.depth * 2 + 1] = 0;
  m.depth++;
  const fp = m.sp - func.paramWords;
  if (ensureLowered(func) === false || !m.ensureStack(fp + func.localWords + func.maxStackWords)) {
    m.depth--;
    throw trapAt(m, TrapCode.CALL_STACK_EXHAUSTED, func);
  }
  zeroLocals(m, fp + func.paramWords, fp + func.localWords);
  m.gas -= func.entryGas; // the entry call's cost
  if (m.gas < 0) throw trapAt(m, TrapCode.OUT_OF_GAS, func);
  m.func = func;
  m.pc = 0;
  m.fp = fp;
  m.sp = fp + func.localWords;
  return run(m);
}

/**
 * Continues a suspended run: the host function's results must already be on the stack (written
 * at the suspended call's argument base, `m.sp` just past them).
 */
export function resume(m: Machine): number {
  m.pending = null;
  return run(m);
}

function zeroLocals(m: Machine, from: number, to: number): void {
  const i32 = m.i32;
  const refs = m.refs;
  for (let w = from; w < to; w += 2) {
    i32[w] = 0;
    i32[w + 1] = 0;
    refs[w >> 1] = null;
  }
}

/** Builds a Trap with the wasm stack (innermost first) from the machine's frames. */
export function trapAt(m: Machine, code: TrapCode, func: FuncInst | null, cause?: unknown): Trap {
  const stack: string[] = [];
  if (func !== null) stack.push(describe(func));
  for (let d = m.depth - 1; d >= 0 && stack.length < 64; d--) {
    const f = m.frameFuncs[d];
    if (f !== null && f !== undefined) stack.push(describe(f));
  }
  return new Trap(code, stack, cause === undefined ? undefined : { cause });
}

function describe(f: FuncInst): string {
  if (f.funcIdx < 0) return f.name === '' ? 'host function' : f.name;
  return f.name === '' ? `func ${f.funcIdx}` : `${f.name} (func ${f.funcIdx})`;
}

/**
 * The trap of a failed host call made by `caller`: for TrapCode.HOST the stack starts with the
 * host function and the cause is what it threw.
 */
export function hostTrap(m: Machine, code: TrapCode, callee: FuncInst, caller: FuncInst | null): Trap {
  if (code !== TrapCode.HOST) return trapAt(m, code, caller);
  const cause = m.hostError;
  m.hostError = undefined;
  const inner = trapAt(m, code, caller);
  return new Trap(code, [describe(callee), ...inner.wasmStack], { cause });
}

/** Cold path: stores the state a trap report needs, then builds the Trap. */
function trap(m: Machine, code: TrapCode, func: FuncInst, depth: number, gas: number): Trap {
  m.depth = depth;
  m.gas = m.checkpoint + gas;
  return trapAt(m, code, func);
}

/** Cold path: the trap of a helper that already wrote `m.gas` (bulk ops, memory.grow). */
function trapSynced(m: Machine, code: TrapCode, func: FuncInst, depth: number): Trap {
  m.depth = depth;
  return trapAt(m, code, func);
}

/**
 * Cold path of a charge that took the loop's `gas` below zero: `gas` counts down to the
 * machine's checkpoint (Machine.fuel), so the real remaining gas is `m.checkpoint + gas`. Out of
 * gas, or time to poll for cancellation (interrupt flag, deadline). Returns 0 to go on (the
 * caller then takes new fuel) or a TrapCode. Node-local cancellation never changes a result: it
 * only stops the call.
 */
function gasCheckpoint(m: Machine, gas: number): TrapCode | 0 {
  m.gas = m.checkpoint + gas;
  if (m.gas < 0) return TrapCode.OUT_OF_GAS;
  return m.poll();
}

function run(m: Machine): number {
  let func = m.func as FuncInst;
  let inst = func.instance as InstanceState;
  let code = func.code as Int32Array;
  let pc = m.pc;
  let fp = m.fp;
  let sp = m.sp;
  let depth = m.depth;
  // Gas left before the next checkpoint (Machine.fuel): an int32, so it stays unboxed.
  let gas = m.fuel();
  let i32 = m.i32;
  let f32 = m.f32;
  let f64 = m.f64;
  let refs = m.refs;
  let frames = m.frames;
  let frameFuncs = m.frameFuncs;
  let funcs = inst.funcs;
  let globals = inst.globals;
  let tables = inst.tables;
  let mem = inst.memory;
  let view = mem.view;
  let bytes = mem.bytes;
  let memSize = mem.buffer.byteLength;
  let callee: FuncInst = func;

  for (;;) {
    dispatch: for (;;) {
      switch (code[pc++]) {
        case 0x00: // unreachable
          throw trap(m, TrapCode.UNREACHABLE, func, depth, gas);
        case 0x01: // sp_set h
          sp = fp + code[pc++]!;
          break;
        case 0x02: // jump target
          pc = code[pc]!;
          break;
        case 0x0c: // jump_loop target cost: a loop back-edge that pays the loop's cost
          gas -= code[pc + 1]!;
          pc = code[pc]!;
          if (gas < 0) {
            const g = gasCheckpoint(m, gas);
            if (g !== 0) throw trap(m, g, func, depth, gas);
            gas = m.fuel();
          }
          break;
        case 0x03: { // f64_mul_add d x y z
          const r = f64[(fp + code[pc + 1]!) >> 1]! * f64[(fp + code[pc + 2]!) >> 1]! + f64[(fp + code[pc + 3]!) >> 1]!;
          const rd = fp + code[pc]!;
          pc += 4;
          if (r !== r) {
            i32[rd] = 0;
            i32[rd + 1] = CANONICAL_NAN_F64_HI;
          } else f64[rd >> 1] = r;
          break;
        }
        case 0x04: // if_false c target
          if (i32[fp + code[pc]!] === 0) pc = code[pc + 1]!;
          else pc += 2;
          break;
        case 0x12: // if_false_loop c target cost
          if (i32[fp + code[pc]!] === 0) {
            gas -= code[pc + 2]!;
            pc = code[pc + 1]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 3;
          break;
        case 0x05: { // br_adjust h target height arity
          sp = fp + code[pc++]!;
          const dst = fp + code[pc + 1]!;
          const arity = code[pc + 2]!;
          const src = sp - (arity & ~1);
          for (let k = 0; k < (arity & ~1); k++) i32[dst + k] = i32[src + k]!;
          if (arity & 1) moveRefs(refs, dst, src, arity & ~1);
          sp = dst + (arity & ~1);
          pc = code[pc]!;
          break;
        }
        case 0x06: // br_if c target
          if (i32[fp + code[pc]!] !== 0) pc = code[pc + 1]!;
          else pc += 2;
          break;
        case 0x0d: // br_if_loop c target cost
          if (i32[fp + code[pc]!] !== 0) {
            gas -= code[pc + 2]!;
            pc = code[pc + 1]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 3;
          break;
        case 0x07: { // br_if_adjust h target height arity [i32] -> []
          sp = fp + code[pc++]!;
          sp -= 2;
          if (i32[sp] === 0) {
            pc += 3;
            break;
          }
          const dst = fp + code[pc + 1]!;
          const arity = code[pc + 2]!;
          const src = sp - (arity & ~1);
          for (let k = 0; k < (arity & ~1); k++) i32[dst + k] = i32[src + k]!;
          if (arity & 1) moveRefs(refs, dst, src, arity & ~1);
          sp = dst + (arity & ~1);
          pc = code[pc]!;
          break;
        }
        case 0x08: { // br_table h count arity (target height)* [i32] -> []
          sp = fp + code[pc++]!;
          sp -= 2;
          const count = code[pc]!;
          const arity = code[pc + 1]!;
          let idx = i32[sp]! >>> 0;
          if (idx > count) idx = count;
          const entry = pc + 2 + idx * 2;
          const dst = fp + code[entry + 1]!;
          const src = sp - (arity & ~1);
          if (dst !== src) {
            for (let k = 0; k < (arity & ~1); k++) i32[dst + k] = i32[src + k]!;
            if (arity & 1) moveRefs(refs, dst, src, arity & ~1);
          }
          sp = dst + (arity & ~1);
          pc = code[entry]!;
          break;
        }
        case 0x09: { // return h arity
          sp = fp + code[pc++]!;
          const arity = code[pc]!;
          const n = arity & ~1;
          const src = sp - n;
          if (src !== fp) {
            for (let k = 0; k < n; k++) i32[fp + k] = i32[src + k]!;
            if (arity & 1) moveRefs(refs, fp, src, n);
          }
          sp = fp + n;
          depth--;
          const caller = frameFuncs[depth] as FuncInst | null;
          if (caller === null) {
            m.sp = sp;
            m.depth = depth;
            m.gas = m.checkpoint + gas;
            return COMPLETED;
          }
          pc = frames[depth * 2]!;
          fp = frames[depth * 2 + 1]!;
          func = caller;
          code = caller.code as Int32Array;
          if (caller.instance !== inst) {
            inst = caller.instance as InstanceState;
            funcs = inst.funcs;
            globals = inst.globals;
            tables = inst.tables;
          }
          // A callee in another instance (or a host function) may have grown a shared memory.
          mem = inst.memory;
          view = mem.view;
          bytes = mem.bytes;
          memSize = mem.buffer.byteLength;
          break;
        }
        case 0x0a: // call h funcIdx
          sp = fp + code[pc]!;
          callee = funcs[code[pc + 1]!]!;
          pc += 2;
          break dispatch;
        case 0x0b: { // call_indirect h typeId tableIdx [i32] -> call
          sp = fp + code[pc++]!;
          const typeId = code[pc]!;
          const table = tables[code[pc + 1]!]!;
          pc += 2;
          sp -= 2;
          const idx = i32[sp]! >>> 0;
          if (idx >= table.elements.length) throw trap(m, TrapCode.UNDEFINED_ELEMENT, func, depth, gas);
          const target = table.elements[idx] as FuncInst | null;
          if (target === null) throw trap(m, TrapCode.UNINITIALIZED_ELEMENT, func, depth, gas);
          if (target.typeId !== typeId) throw trap(m, TrapCode.INDIRECT_CALL_TYPE_MISMATCH, func, depth, gas);
          callee = target;
          break dispatch;
        }
        case 0x0e: { // select d a b c
          const d = fp + code[pc]!;
          const a = fp + (i32[fp + code[pc + 3]!] !== 0 ? code[pc + 1]! : code[pc + 2]!);
          i32[d] = i32[a]!;
          i32[d + 1] = i32[a + 1]!;
          pc += 4;
          break;
        }
        case 0x0f: { // select_v128 [v v i32] -> [v]
          sp -= 6;
          if (i32[sp + 4] === 0) {
            i32[sp - 4] = i32[sp]!;
            i32[sp - 3] = i32[sp + 1]!;
            i32[sp - 2] = i32[sp + 2]!;
            i32[sp - 1] = i32[sp + 3]!;
          }
          break;
        }
        case 0x10: { // select_ref [r r i32] -> [r]
          sp -= 4;
          if (i32[sp + 2] === 0) refs[(sp - 2) >> 1] = refs[sp >> 1];
          refs[sp >> 1] = null;
          break;
        }
        case 0x11: { // move d a
          const d = fp + code[pc]!;
          const a = fp + code[pc + 1]!;
          i32[d] = i32[a]!;
          i32[d + 1] = i32[a + 1]!;
          pc += 2;
          break;
        }
        case 0x14: // local.get_ref
          refs[sp >> 1] = refs[(fp + code[pc++]!) >> 1];
          sp += 2;
          break;
        case 0x15: // local.set_ref
          sp -= 2;
          refs[(fp + code[pc++]!) >> 1] = refs[sp >> 1];
          refs[sp >> 1] = null;
          break;
        case 0x16: // local.tee_ref
          refs[(fp + code[pc++]!) >> 1] = refs[(sp - 2) >> 1];
          break;
        case 0x17: { // local.get_v128
          const w = fp + code[pc++]!;
          i32[sp] = i32[w]!;
          i32[sp + 1] = i32[w + 1]!;
          i32[sp + 2] = i32[w + 2]!;
          i32[sp + 3] = i32[w + 3]!;
          sp += 4;
          break;
        }
        case 0x18: { // local.set_v128
          const w = fp + code[pc++]!;
          sp -= 4;
          i32[w] = i32[sp]!;
          i32[w + 1] = i32[sp + 1]!;
          i32[w + 2] = i32[sp + 2]!;
          i32[w + 3] = i32[sp + 3]!;
          break;
        }
        case 0x19: { // local.tee_v128
          const w = fp + code[pc++]!;
          i32[w] = i32[sp - 4]!;
          i32[w + 1] = i32[sp - 3]!;
          i32[w + 2] = i32[sp - 2]!;
          i32[w + 3] = i32[sp - 1]!;
          break;
        }
        case 0x1a: { // global.get d idx
          const d = fp + code[pc]!;
          const g = globals[code[pc + 1]!]!;
          i32[d] = g.lo;
          i32[d + 1] = g.hi;
          pc += 2;
          break;
        }
        case 0x1b: { // global.set a idx
          const a = fp + code[pc]!;
          const g = globals[code[pc + 1]!]!;
          g.lo = i32[a]!;
          g.hi = i32[a + 1]!;
          pc += 2;
          break;
        }
        case 0x1c: // global.get_ref
          refs[sp >> 1] = globals[code[pc++]!]!.ref;
          sp += 2;
          break;
        case 0x1d: // global.set_ref
          sp -= 2;
          globals[code[pc++]!]!.ref = refs[sp >> 1];
          refs[sp >> 1] = null;
          break;
        case 0x1e: { // table.get t [i32] -> [ref]
          const t = tables[code[pc++]!]!;
          const idx = i32[sp - 2]! >>> 0;
          if (idx >= t.elements.length) throw trap(m, TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, func, depth, gas);
          refs[(sp - 2) >> 1] = t.elements[idx];
          break;
        }
        case 0x1f: { // table.set t [i32 ref] -> []
          const t = tables[code[pc++]!]!;
          sp -= 4;
          const idx = i32[sp]! >>> 0;
          if (idx >= t.elements.length) throw trap(m, TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, func, depth, gas);
          t.elements[idx] = refs[(sp + 2) >> 1];
          refs[(sp + 2) >> 1] = null;
          break;
        }
        case 0x20: // const32 d bits
          i32[fp + code[pc]!] = code[pc + 1]!;
          pc += 2;
          break;
        case 0x21: { // const64 d lo hi
          const d = fp + code[pc]!;
          i32[d] = code[pc + 1]!;
          i32[d + 1] = code[pc + 2]!;
          pc += 3;
          break;
        }
        case 0x22: // ref.null
          refs[sp >> 1] = null;
          sp += 2;
          break;
        case 0x23: // ref.func idx
          refs[sp >> 1] = funcs[code[pc++]!];
          sp += 2;
          break;
        case 0x24: // ref.is_null [ref] -> [i32]
          i32[sp - 2] = refs[(sp - 2) >> 1] === null ? 1 : 0;
          refs[(sp - 2) >> 1] = null;
          break;
        case 0x25: // memory.size [] -> [i32]
          i32[sp] = mem.pages;
          sp += 2;
          break;
        case 0x26: { // memory.grow [i32] -> [i32]
          const delta = i32[sp - 2]! >>> 0;
          m.gas = m.checkpoint + gas - delta * m.pageCost; // charged before growing, success or not
          if (m.gas < 0) throw trapSynced(m, TrapCode.OUT_OF_GAS, func, depth);
          gas = m.fuel();
          i32[sp - 2] = delta > 65536 ? -1 : mem.grow(delta);
          view = mem.view;
          bytes = mem.bytes;
          memSize = mem.buffer.byteLength;
          break;
        }
        case 0x27: // gas cost
          gas -= code[pc++]!;
          if (gas < 0) {
            const t = gasCheckpoint(m, gas);
            if (t !== 0) throw trap(m, t, func, depth, gas);
            gas = m.fuel();
          }
          break;

        case 0x40: { // global.get_v128
          const g = globals[code[pc++]!]!;
          i32[sp] = g.lo;
          i32[sp + 1] = g.hi;
          i32[sp + 2] = g.w2;
          i32[sp + 3] = g.w3;
          sp += 4;
          break;
        }
        case 0x41: { // global.set_v128
          const g = globals[code[pc++]!]!;
          sp -= 4;
          g.lo = i32[sp]!;
          g.hi = i32[sp + 1]!;
          g.w2 = i32[sp + 2]!;
          g.w3 = i32[sp + 3]!;
          break;
        }
        case 0x42: // const128 w0 w1 w2 w3
          i32[sp] = code[pc]!;
          i32[sp + 1] = code[pc + 1]!;
          i32[sp + 2] = code[pc + 2]!;
          i32[sp + 3] = code[pc + 3]!;
          pc += 4;
          sp += 4;
          break;

        // ---- i32 ---------------------------------------------------------------------------
        case 0x45: { // i32.eqz [i32] -> [i32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32[ra] === 0 ? 1 : 0;
          break;
        }
        case 0x46: { // i32.eq [i32 i32] -> [i32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra] === i32[rb] ? 1 : 0;
          break;
        }
        case 0x47: { // i32.ne
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra] !== i32[rb] ? 1 : 0;
          break;
        }
        case 0x48: { // i32.lt_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! < i32[rb]! ? 1 : 0;
          break;
        }
        case 0x49: { // i32.lt_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! >>> 0 < i32[rb]! >>> 0 ? 1 : 0;
          break;
        }
        case 0x4a: { // i32.gt_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! > i32[rb]! ? 1 : 0;
          break;
        }
        case 0x4b: { // i32.gt_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! >>> 0 > i32[rb]! >>> 0 ? 1 : 0;
          break;
        }
        case 0x4c: { // i32.le_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! <= i32[rb]! ? 1 : 0;
          break;
        }
        case 0x4d: { // i32.le_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! >>> 0 <= i32[rb]! >>> 0 ? 1 : 0;
          break;
        }
        case 0x4e: { // i32.ge_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! >= i32[rb]! ? 1 : 0;
          break;
        }
        case 0x4f: { // i32.ge_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! >>> 0 >= i32[rb]! >>> 0 ? 1 : 0;
          break;
        }

        // ---- i64 compares: [i64 i64] -> [i32] ------------------------------------------------
        case 0x50: { // i64.eqz [i64] -> [i32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = (i32[ra]! | i32[ra + 1]!) === 0 ? 1 : 0;
          break;
        }
        case 0x51: { // i64.eq
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra] === i32[rb] && i32[ra + 1] === i32[rb + 1] ? 1 : 0;
          break;
        }
        case 0x52: { // i64.ne
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra] !== i32[rb] || i32[ra + 1] !== i32[rb + 1] ? 1 : 0;
          break;
        }
        case 0x53: { // i64.lt_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]!;
          const bh = i32[rb + 1]!;
          i32[rd] = ah < bh || (ah === bh && i32[ra]! >>> 0 < i32[rb]! >>> 0) ? 1 : 0;
          break;
        }
        case 0x54: { // i64.lt_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]! >>> 0;
          const bh = i32[rb + 1]! >>> 0;
          i32[rd] = ah < bh || (ah === bh && i32[ra]! >>> 0 < i32[rb]! >>> 0) ? 1 : 0;
          break;
        }
        case 0x55: { // i64.gt_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]!;
          const bh = i32[rb + 1]!;
          i32[rd] = ah > bh || (ah === bh && i32[ra]! >>> 0 > i32[rb]! >>> 0) ? 1 : 0;
          break;
        }
        case 0x56: { // i64.gt_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]! >>> 0;
          const bh = i32[rb + 1]! >>> 0;
          i32[rd] = ah > bh || (ah === bh && i32[ra]! >>> 0 > i32[rb]! >>> 0) ? 1 : 0;
          break;
        }
        case 0x57: { // i64.le_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]!;
          const bh = i32[rb + 1]!;
          i32[rd] = ah < bh || (ah === bh && i32[ra]! >>> 0 <= i32[rb]! >>> 0) ? 1 : 0;
          break;
        }
        case 0x58: { // i64.le_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]! >>> 0;
          const bh = i32[rb + 1]! >>> 0;
          i32[rd] = ah < bh || (ah === bh && i32[ra]! >>> 0 <= i32[rb]! >>> 0) ? 1 : 0;
          break;
        }
        case 0x59: { // i64.ge_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]!;
          const bh = i32[rb + 1]!;
          i32[rd] = ah > bh || (ah === bh && i32[ra]! >>> 0 >= i32[rb]! >>> 0) ? 1 : 0;
          break;
        }
        case 0x5a: { // i64.ge_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const ah = i32[ra + 1]! >>> 0;
          const bh = i32[rb + 1]! >>> 0;
          i32[rd] = ah > bh || (ah === bh && i32[ra]! >>> 0 >= i32[rb]! >>> 0) ? 1 : 0;
          break;
        }

        // ---- float compares: -> [i32] ------------------------------------------------------
        case 0x5b: { // f32.eq
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f32[ra] === f32[rb] ? 1 : 0;
          break;
        }
        case 0x5c: { // f32.ne
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f32[ra] !== f32[rb] ? 1 : 0;
          break;
        }
        case 0x5d: { // f32.lt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f32[ra]! < f32[rb]! ? 1 : 0;
          break;
        }
        case 0x5e: { // f32.gt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f32[ra]! > f32[rb]! ? 1 : 0;
          break;
        }
        case 0x5f: { // f32.le
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f32[ra]! <= f32[rb]! ? 1 : 0;
          break;
        }
        case 0x60: { // f32.ge
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f32[ra]! >= f32[rb]! ? 1 : 0;
          break;
        }
        case 0x61: { // f64.eq
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f64[ra >> 1] === f64[rb >> 1] ? 1 : 0;
          break;
        }
        case 0x62: { // f64.ne
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f64[ra >> 1] !== f64[rb >> 1] ? 1 : 0;
          break;
        }
        case 0x63: { // f64.lt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f64[ra >> 1]! < f64[rb >> 1]! ? 1 : 0;
          break;
        }
        case 0x64: { // f64.gt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f64[ra >> 1]! > f64[rb >> 1]! ? 1 : 0;
          break;
        }
        case 0x65: { // f64.le
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f64[ra >> 1]! <= f64[rb >> 1]! ? 1 : 0;
          break;
        }
        case 0x66: { // f64.ge
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = f64[ra >> 1]! >= f64[rb >> 1]! ? 1 : 0;
          break;
        }

        // ---- i32 arithmetic ----------------------------------------------------------------
        case 0x67: { // i32.clz [i32] -> [i32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = Math.clz32(i32[ra]!);
          break;
        }
        case 0x68: { // i32.ctz
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32Ctz(i32[ra]!);
          break;
        }
        case 0x69: { // i32.popcnt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32Popcnt(i32[ra]!);
          break;
        }
        case 0x6a: { // i32.add [i32 i32] -> [i32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = (i32[ra]! + i32[rb]!) | 0;
          break;
        }
        case 0x6b: { // i32.sub
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = (i32[ra]! - i32[rb]!) | 0;
          break;
        }
        case 0x6c: { // i32.mul
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = Math.imul(i32[ra]!, i32[rb]!);
          break;
        }
        case 0x6d: { // i32.div_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const a = i32[ra]!;
          const b = i32[rb]!;
          if (b === 0) throw trap(m, TrapCode.INTEGER_DIVIDE_BY_ZERO, func, depth, gas);
          if (b === -1 && a === -2147483648) throw trap(m, TrapCode.INTEGER_OVERFLOW, func, depth, gas);
          i32[rd] = (a / b) | 0;
          break;
        }
        case 0x6e: { // i32.div_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const b = i32[rb]! >>> 0;
          if (b === 0) throw trap(m, TrapCode.INTEGER_DIVIDE_BY_ZERO, func, depth, gas);
          i32[rd] = ((i32[ra]! >>> 0) / b) | 0;
          break;
        }
        case 0x6f: { // i32.rem_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const b = i32[rb]!;
          if (b === 0) throw trap(m, TrapCode.INTEGER_DIVIDE_BY_ZERO, func, depth, gas);
          i32[rd] = (i32[ra]! % b) | 0;
          break;
        }
        case 0x70: { // i32.rem_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const b = i32[rb]! >>> 0;
          if (b === 0) throw trap(m, TrapCode.INTEGER_DIVIDE_BY_ZERO, func, depth, gas);
          i32[rd] = ((i32[ra]! >>> 0) % b) | 0;
          break;
        }
        case 0x71: { // i32.and
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! & i32[rb]!;
          break;
        }
        case 0x72: { // i32.or
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! | i32[rb]!;
          break;
        }
        case 0x73: { // i32.xor
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! ^ i32[rb]!;
          break;
        }
        case 0x74: { // i32.shl
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! << i32[rb]!;
          break;
        }
        case 0x75: { // i32.shr_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! >> i32[rb]!;
          break;
        }
        case 0x76: { // i32.shr_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! >>> i32[rb]!;
          break;
        }
        case 0x77: { // i32.rotl
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const a = i32[ra]!;
          const k = i32[rb]!;
          i32[rd] = (a << k) | (a >>> (32 - k));
          break;
        }
        case 0x78: { // i32.rotr
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const a = i32[ra]!;
          const k = i32[rb]!;
          i32[rd] = (a >>> k) | (a << (32 - k));
          break;
        }

        // ---- i64 arithmetic ----------------------------------------------------------------
        case 0x79: { // i64.clz [i64] -> [i64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i64Clz(i32, rd, ra);
          break;
        }
        case 0x7a: { // i64.ctz
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i64Ctz(i32, rd, ra);
          break;
        }
        case 0x7b: { // i64.popcnt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i64Popcnt(i32, rd, ra);
          break;
        }
        case 0x7c: { // i64.add [i64 i64] -> [i64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const lo = (i32[ra]! >>> 0) + (i32[rb]! >>> 0);
          i32[rd + 1] = (i32[ra + 1]! + i32[rb + 1]! + (lo > 0xffffffff ? 1 : 0)) | 0;
          i32[rd] = lo | 0;
          break;
        }
        case 0x7d: { // i64.sub
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const lo = (i32[ra]! >>> 0) - (i32[rb]! >>> 0);
          i32[rd + 1] = (i32[ra + 1]! - i32[rb + 1]! - (lo < 0 ? 1 : 0)) | 0;
          i32[rd] = lo | 0;
          break;
        }
        case 0x7e: { // i64.mul
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i64Mul(i32, rd, ra, rb);
          break;
        }
        case 0x7f: { // i64.div_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const t = i64DivS(i32, rd, ra, rb);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          break;
        }
        case 0x80: { // i64.div_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const t = i64DivU(i32, rd, ra, rb);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          break;
        }
        case 0x81: { // i64.rem_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const t = i64RemS(i32, rd, ra, rb);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          break;
        }
        case 0x82: { // i64.rem_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const t = i64RemU(i32, rd, ra, rb);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          break;
        }
        case 0x83: { // i64.and
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! & i32[rb]!;
          i32[rd + 1] = i32[ra + 1]! & i32[rb + 1]!;
          break;
        }
        case 0x84: { // i64.or
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! | i32[rb]!;
          i32[rd + 1] = i32[ra + 1]! | i32[rb + 1]!;
          break;
        }
        case 0x85: { // i64.xor
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]! ^ i32[rb]!;
          i32[rd + 1] = i32[ra + 1]! ^ i32[rb + 1]!;
          break;
        }
        case 0x86: { // i64.shl
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i64Shl(i32, rd, ra, rb);
          break;
        }
        case 0x87: { // i64.shr_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i64ShrS(i32, rd, ra, rb);
          break;
        }
        case 0x88: { // i64.shr_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i64ShrU(i32, rd, ra, rb);
          break;
        }
        case 0x89: { // i64.rotl
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i64Rotl(i32, rd, ra, rb);
          break;
        }
        case 0x8a: { // i64.rotr
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i64Rotr(i32, rd, ra, rb);
          break;
        }

        // ---- f32 arithmetic (bits for abs/neg/copysign) --------------------------------------
        case 0x8b: { // f32.abs [f32] -> [f32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32[ra]! & 0x7fffffff;
          break;
        }
        case 0x8c: { // f32.neg
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32[ra]! ^ -0x80000000;
          break;
        }
        case 0x8d: { // f32.ceil
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.ceil(f32[ra]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x8e: { // f32.floor
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.floor(f32[ra]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x8f: { // f32.trunc
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.trunc(f32[ra]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x90: { // f32.nearest
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = f32Nearest(f32[ra]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x91: { // f32.sqrt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.fround(Math.sqrt(f32[ra]!));
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x92: { // f32.add [f32 f32] -> [f32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = Math.fround(f32[ra]! + f32[rb]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x93: { // f32.sub
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = Math.fround(f32[ra]! - f32[rb]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x94: { // f32.mul
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = Math.fround(f32[ra]! * f32[rb]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x95: { // f32.div
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = Math.fround(f32[ra]! / f32[rb]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x96: { // f32.min
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f32Min(f32[ra]!, f32[rb]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x97: { // f32.max
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f32Max(f32[ra]!, f32[rb]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0x98: { // f32.copysign
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = (i32[ra]! & 0x7fffffff) | (i32[rb]! & -0x80000000);
          break;
        }

        // ---- f64 arithmetic ----------------------------------------------------------------
        case 0x99: { // f64.abs [f64] -> [f64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32[ra]!;
          i32[rd + 1] = i32[ra + 1]! & 0x7fffffff;
          break;
        }
        case 0x9a: { // f64.neg
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32[ra]!;
          i32[rd + 1] = i32[ra + 1]! ^ -0x80000000;
          break;
        }
        case 0x9b: { // f64.ceil
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.ceil(f64[ra >> 1]!);
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0x9c: { // f64.floor
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.floor(f64[ra >> 1]!);
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0x9d: { // f64.trunc
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.trunc(f64[ra >> 1]!);
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0x9e: { // f64.nearest
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = f64Nearest(f64[ra >> 1]!);
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0x9f: { // f64.sqrt
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.sqrt(f64[ra >> 1]!);
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xa0: { // f64.add [f64 f64] -> [f64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f64[ra >> 1]! + f64[rb >> 1]!;
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xa1: { // f64.sub
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f64[ra >> 1]! - f64[rb >> 1]!;
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xa2: { // f64.mul
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f64[ra >> 1]! * f64[rb >> 1]!;
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xa3: { // f64.div
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f64[ra >> 1]! / f64[rb >> 1]!;
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xa4: { // f64.min
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f64Min(f64[ra >> 1]!, f64[rb >> 1]!);
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xa5: { // f64.max
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          const r = f64Max(f64[ra >> 1]!, f64[rb >> 1]!);
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xa6: { // f64.copysign
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const rb = fp + code[pc + 2]!;
          pc += 3;
          i32[rd] = i32[ra]!;
          i32[rd + 1] = (i32[ra + 1]! & 0x7fffffff) | (i32[rb + 1]! & -0x80000000);
          break;
        }

        // ---- conversions -------------------------------------------------------------------
        case 0xa7: { // i32.wrap_i64 [i64] -> [i32]: the low word
          i32[fp + code[pc]!] = i32[fp + code[pc + 1]!]!;
          pc += 2;
          break;
        }
        case 0xa8: { // i32.trunc_f32_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f32[ra]!;
          const t = checkI32TruncS(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i32[rd] = i32TruncF32S(x);
          break;
        }
        case 0xa9: { // i32.trunc_f32_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f32[ra]!;
          const t = checkI32TruncU(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i32[rd] = i32TruncF32U(x);
          break;
        }
        case 0xaa: { // i32.trunc_f64_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f64[ra >> 1]!;
          const t = checkI32TruncS(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i32[rd] = i32TruncF64S(x);
          break;
        }
        case 0xab: { // i32.trunc_f64_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f64[ra >> 1]!;
          const t = checkI32TruncU(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i32[rd] = i32TruncF64U(x);
          break;
        }
        case 0xac: { // i64.extend_i32_s [i32] -> [i64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const v = i32[ra]!;
          i32[rd] = v;
          i32[rd + 1] = v >> 31;
          break;
        }
        case 0xad: { // i64.extend_i32_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32[ra]!;
          i32[rd + 1] = 0;
          break;
        }
        case 0xae: { // i64.trunc_f32_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f32[ra]!;
          const t = checkI64TruncS(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i64TruncF32S(i32, rd, x);
          break;
        }
        case 0xaf: { // i64.trunc_f32_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f32[ra]!;
          const t = checkI64TruncU(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i64TruncF32U(i32, rd, x);
          break;
        }
        case 0xb0: { // i64.trunc_f64_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f64[ra >> 1]!;
          const t = checkI64TruncS(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i64TruncF64S(i32, rd, x);
          break;
        }
        case 0xb1: { // i64.trunc_f64_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const x = f64[ra >> 1]!;
          const t = checkI64TruncU(x);
          if (t !== 0) throw trap(m, t, func, depth, gas);
          i64TruncF64U(i32, rd, x);
          break;
        }
        case 0xb2: { // f32.convert_i32_s [i32] -> [f32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f32[rd] = i32[ra]!;
          break;
        }
        case 0xb3: { // f32.convert_i32_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f32[rd] = i32[ra]! >>> 0;
          break;
        }
        case 0xb4: { // f32.convert_i64_s [i64] -> [f32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f32[rd] = f32ConvertI64S(i32[ra]!, i32[ra + 1]!);
          break;
        }
        case 0xb5: { // f32.convert_i64_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f32[rd] = f32ConvertI64U(i32[ra]!, i32[ra + 1]!);
          break;
        }
        case 0xb6: { // f32.demote_f64 [f64] -> [f32]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = Math.fround(f64[ra >> 1]!);
          if (r !== r) i32[rd] = CANONICAL_NAN_F32_BITS;
          else f32[rd] = r;
          break;
        }
        case 0xb7: { // f64.convert_i32_s [i32] -> [f64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f64[rd >> 1] = i32[ra]!;
          break;
        }
        case 0xb8: { // f64.convert_i32_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f64[rd >> 1] = i32[ra]! >>> 0;
          break;
        }
        case 0xb9: { // f64.convert_i64_s [i64] -> [f64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f64[rd >> 1] = f64ConvertI64S(i32[ra]!, i32[ra + 1]!);
          break;
        }
        case 0xba: { // f64.convert_i64_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          f64[rd >> 1] = f64ConvertI64U(i32[ra]!, i32[ra + 1]!);
          break;
        }
        case 0xbb: { // f64.promote_f32 [f32] -> [f64]
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const r = f32[ra]!;
          if (r !== r) { i32[rd] = 0; i32[rd + 1] = CANONICAL_NAN_F64_HI; } else f64[rd >> 1] = r;
          break;
        }
        case 0xbc: // i32.reinterpret_f32 (same bits)
        case 0xbd: // i64.reinterpret_f64
        case 0xbe: // f32.reinterpret_i32
        case 0xbf: { // f64.reinterpret_i64
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32[ra]!;
          i32[rd + 1] = i32[ra + 1]!;
          break;
        }
        case 0xc0: { // i32.extend8_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = (i32[ra]! << 24) >> 24;
          break;
        }
        case 0xc1: { // i32.extend16_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = (i32[ra]! << 16) >> 16;
          break;
        }
        case 0xc2: { // i64.extend8_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const v = (i32[ra]! << 24) >> 24;
          i32[rd] = v;
          i32[rd + 1] = v >> 31;
          break;
        }
        case 0xc3: { // i64.extend16_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const v = (i32[ra]! << 16) >> 16;
          i32[rd] = v;
          i32[rd + 1] = v >> 31;
          break;
        }
        case 0xc4: { // i64.extend32_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          const v = i32[ra]!;
          i32[rd] = v;
          i32[rd + 1] = v >> 31;
          break;
        }

        // ---- saturating truncations (0xFC 0-7) -----------------------------------------------
        case 0xc5: { // i32.trunc_sat_f32_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32TruncSatF32S(f32[ra]!);
          break;
        }
        case 0xc6: { // i32.trunc_sat_f32_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32TruncSatF32U(f32[ra]!);
          break;
        }
        case 0xc7: { // i32.trunc_sat_f64_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32TruncSatF64S(f64[ra >> 1]!);
          break;
        }
        case 0xc8: { // i32.trunc_sat_f64_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i32[rd] = i32TruncSatF64U(f64[ra >> 1]!);
          break;
        }
        case 0xc9: { // i64.trunc_sat_f32_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i64TruncSatF32S(i32, rd, f32[ra]!);
          break;
        }
        case 0xca: { // i64.trunc_sat_f32_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i64TruncSatF32U(i32, rd, f32[ra]!);
          break;
        }
        case 0xcb: { // i64.trunc_sat_f64_s
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i64TruncSatF64S(i32, rd, f64[ra >> 1]!);
          break;
        }
        case 0xcc: { // i64.trunc_sat_f64_u
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          pc += 2;
          i64TruncSatF64U(i32, rd, f64[ra >> 1]!);
          break;
        }

        // ---- bulk memory and table ops (helpers; gas per byte/element inside) -----------------
        case 0xcd: { // memory.init seg [i32 i32 i32] -> []
          sp -= 6;
          m.gas = m.checkpoint + gas;
          const t = memoryInit(m, inst, code[pc++]!, sp);
          if (t !== 0) throw trapSynced(m, t, func, depth);
          gas = m.fuel();
          break;
        }
        case 0xce: // data.drop seg
          dataDrop(inst, code[pc++]!);
          break;
        case 0xcf: { // memory.copy [i32 i32 i32] -> []
          sp -= 6;
          m.gas = m.checkpoint + gas;
          const t = memoryCopy(m, inst, sp);
          if (t !== 0) throw trapSynced(m, t, func, depth);
          gas = m.fuel();
          break;
        }
        case 0xd0: { // memory.fill [i32 i32 i32] -> []
          sp -= 6;
          m.gas = m.checkpoint + gas;
          const t = memoryFill(m, inst, sp);
          if (t !== 0) throw trapSynced(m, t, func, depth);
          gas = m.fuel();
          break;
        }
        case 0xd1: { // table.init seg table [i32 i32 i32] -> []
          sp -= 6;
          m.gas = m.checkpoint + gas;
          const t = tableInit(m, inst, code[pc]!, code[pc + 1]!, sp);
          pc += 2;
          if (t !== 0) throw trapSynced(m, t, func, depth);
          gas = m.fuel();
          break;
        }
        case 0xd2: // elem.drop seg
          elemDrop(inst, code[pc++]!);
          break;
        case 0xd3: { // table.copy dst src [i32 i32 i32] -> []
          sp -= 6;
          m.gas = m.checkpoint + gas;
          const t = tableCopy(m, inst, code[pc]!, code[pc + 1]!, sp);
          pc += 2;
          if (t !== 0) throw trapSynced(m, t, func, depth);
          gas = m.fuel();
          break;
        }
        case 0xd4: { // table.grow t [ref i32] -> [i32]
          sp -= 2;
          m.gas = m.checkpoint + gas;
          const t = tableGrow(m, tables[code[pc++]!] as TableInst, sp - 2);
          if (t !== 0) throw trapSynced(m, t, func, depth);
          gas = m.fuel();
          break;
        }
        case 0xd5: // table.size t [] -> [i32]
          i32[sp] = tables[code[pc++]!]!.elements.length;
          sp += 2;
          break;
        case 0xd6: { // table.fill t [i32 ref i32] -> []
          sp -= 6;
          m.gas = m.checkpoint + gas;
          const t = tableFill(m, tables[code[pc++]!] as TableInst, sp);
          if (t !== 0) throw trapSynced(m, t, func, depth);
          gas = m.fuel();
          break;
        }

        // ---- generated: loads and stores, constant forms, compare-and-branch, address forms --------
        // BEGIN GENERATED by scripts/gen-run-ops.py
        case 0x28: { // i32.load d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          break;
        }
        case 0x29: { // i64.load d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          i32[rd + 1] = view.getInt32(a + 4, true);
          break;
        }
        case 0x2a: { // f32.load d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          break;
        }
        case 0x2b: { // f64.load d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const x = view.getFloat64(a, true);
          if (x === x) f64[rd >> 1] = x;
          else {
            i32[rd] = view.getInt32(a, true);
            i32[rd + 1] = view.getInt32(a + 4, true);
          }
          break;
        }
        case 0x2c: { // i32.load8_s d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = (bytes[a]! << 24) >> 24;
          break;
        }
        case 0x2d: { // i32.load8_u d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = bytes[a]!;
          break;
        }
        case 0x2e: { // i32.load16_s d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt16(a, true);
          break;
        }
        case 0x2f: { // i32.load16_u d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getUint16(a, true);
          break;
        }
        case 0x30: { // i64.load8_s d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const v = (bytes[a]! << 24) >> 24;
          i32[rd] = v;
          i32[rd + 1] = v >> 31;
          break;
        }
        case 0x31: { // i64.load8_u d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = bytes[a]!;
          i32[rd + 1] = 0;
          break;
        }
        case 0x32: { // i64.load16_s d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const v = view.getInt16(a, true);
          i32[rd] = v;
          i32[rd + 1] = v >> 31;
          break;
        }
        case 0x33: { // i64.load16_u d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getUint16(a, true);
          i32[rd + 1] = 0;
          break;
        }
        case 0x34: { // i64.load32_s d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const v = view.getInt32(a, true);
          i32[rd] = v;
          i32[rd + 1] = v >> 31;
          break;
        }
        case 0x35: { // i64.load32_u d a offset
          const rd = fp + code[pc]!;
          const a = (i32[fp + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
          pc += 3;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          i32[rd + 1] = 0;
          break;
        }
        case 0x36: { // i32.store a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt32(a, lo, true);
          break;
        }
        case 0x37: { // i64.store a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          const hi = i32[v + 1]!;
          view.setInt32(a, lo, true);
          view.setInt32(a + 4, hi, true);
          break;
        }
        case 0x38: { // f32.store a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt32(a, lo, true);
          break;
        }
        case 0x39: { // f64.store a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const x = f64[v >> 1]!;
          if (x === x) view.setFloat64(a, x, true);
          else {
            view.setInt32(a, i32[v]!, true);
            view.setInt32(a + 4, i32[v + 1]!, true);
          }
          break;
        }
        case 0x3a: { // i32.store8 a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          bytes[a] = lo;
          break;
        }
        case 0x3b: { // i32.store16 a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt16(a, lo, true);
          break;
        }
        case 0x3c: { // i64.store8 a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          bytes[a] = lo;
          break;
        }
        case 0x3d: { // i64.store16 a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt16(a, lo, true);
          break;
        }
        case 0x3e: { // i64.store32 a v offset
          const a = (i32[fp + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
          const v = fp + code[pc + 1]!;
          pc += 3;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt32(a, lo, true);
          break;
        }
        case 0xd8: { // i32.add_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = (x + y) | 0;
          pc += 3;
          break;
        }
        case 0xd9: { // i32.sub_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = (x - y) | 0;
          pc += 3;
          break;
        }
        case 0xda: { // i32.mul_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = Math.imul(x, y);
          pc += 3;
          break;
        }
        case 0xdb: { // i32.and_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x & y;
          pc += 3;
          break;
        }
        case 0xdc: { // i32.or_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x | y;
          pc += 3;
          break;
        }
        case 0xdd: { // i32.xor_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x ^ y;
          pc += 3;
          break;
        }
        case 0xde: { // i32.shl_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x << y;
          pc += 3;
          break;
        }
        case 0xdf: { // i32.shr_s_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x >> y;
          pc += 3;
          break;
        }
        case 0xe0: { // i32.shr_u_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x >>> y;
          pc += 3;
          break;
        }
        case 0xe1: { // i32.rotl_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = (x << y) | (x >>> (32 - y));
          pc += 3;
          break;
        }
        case 0xe2: { // i32.rotr_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = (x >>> y) | (x << (32 - y));
          pc += 3;
          break;
        }
        case 0xe3: { // i32.eq_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x === y ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xe4: { // i32.ne_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x !== y ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xe5: { // i32.lt_s_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x < y ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xe6: { // i32.lt_u_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x >>> 0 < y >>> 0 ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xe7: { // i32.gt_s_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x > y ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xe8: { // i32.gt_u_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x >>> 0 > y >>> 0 ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xe9: { // i32.le_s_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x <= y ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xea: { // i32.le_u_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x >>> 0 <= y >>> 0 ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xeb: { // i32.ge_s_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x >= y ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xec: { // i32.ge_u_c d a c
          const x = i32[fp + code[pc + 1]!]!;
          const y = code[pc + 2]!;
          i32[fp + code[pc]!] = x >>> 0 >= y >>> 0 ? 1 : 0;
          pc += 3;
          break;
        }
        case 0xed: { // i64.add_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          const yh = code[pc + 3]!;
          const lo = (xl >>> 0) + (yl >>> 0);
          i32[rd + 1] = (xh + yh + (lo > 0xffffffff ? 1 : 0)) | 0;
          i32[rd] = lo | 0;
          pc += 4;
          break;
        }
        case 0xee: { // i64.sub_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          const yh = code[pc + 3]!;
          const lo = (xl >>> 0) - (yl >>> 0);
          i32[rd + 1] = (xh - yh - (lo < 0 ? 1 : 0)) | 0;
          i32[rd] = lo | 0;
          pc += 4;
          break;
        }
        case 0xef: { // i64.mul_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          const yh = code[pc + 3]!;
          i64MulBy(i32, rd, xl, xh, yl, yh);
          pc += 4;
          break;
        }
        case 0xf0: { // i64.and_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          const yh = code[pc + 3]!;
          i32[rd] = xl & yl;
          i32[rd + 1] = xh & yh;
          pc += 4;
          break;
        }
        case 0xf1: { // i64.or_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          const yh = code[pc + 3]!;
          i32[rd] = xl | yl;
          i32[rd + 1] = xh | yh;
          pc += 4;
          break;
        }
        case 0xf2: { // i64.xor_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          const yh = code[pc + 3]!;
          i32[rd] = xl ^ yl;
          i32[rd + 1] = xh ^ yh;
          pc += 4;
          break;
        }
        case 0xf3: { // i64.shl_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          i64ShlBy(i32, rd, xl, xh, yl);
          pc += 4;
          break;
        }
        case 0xf4: { // i64.shr_s_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          i64ShrSBy(i32, rd, xl, xh, yl);
          pc += 4;
          break;
        }
        case 0xf5: { // i64.shr_u_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          i64ShrUBy(i32, rd, xl, xh, yl);
          pc += 4;
          break;
        }
        case 0xf6: { // i64.rotl_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          i64RotlBy(i32, rd, xl, xh, yl);
          pc += 4;
          break;
        }
        case 0xf7: { // i64.rotr_c d a clo chi
          const rd = fp + code[pc]!;
          const ra = fp + code[pc + 1]!;
          const xl = i32[ra]!;
          const xh = i32[ra + 1]!;
          const yl = code[pc + 2]!;
          i64RotrBy(i32, rd, xl, xh, yl);
          pc += 4;
          break;
        }
        case 0xf8: { // br_if_eq a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x === y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0xf9: { // br_if_ne a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x !== y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0xfa: { // br_if_lt_s a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x < y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0xfb: { // br_if_lt_u a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 < y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0xfc: { // br_if_gt_s a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x > y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0xfd: { // br_if_gt_u a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 > y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0xfe: { // br_if_le_s a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x <= y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0xff: { // br_if_le_u a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 <= y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x100: { // br_if_ge_s a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >= y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x101: { // br_if_ge_u a b target
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 >= y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x102: { // br_if_eq_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x === y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x103: { // br_if_ne_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x !== y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x104: { // br_if_lt_s_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x < y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x105: { // br_if_lt_u_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 < y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x106: { // br_if_gt_s_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x > y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x107: { // br_if_gt_u_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 > y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x108: { // br_if_le_s_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x <= y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x109: { // br_if_le_u_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 <= y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x10a: { // br_if_ge_s_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >= y) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x10b: { // br_if_ge_u_c a c target
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 >= y >>> 0) pc = code[pc + 2]!;
          else pc += 3;
          break;
        }
        case 0x10c: { // br_if_eq_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x === y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x10d: { // br_if_ne_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x !== y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x10e: { // br_if_lt_s_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x < y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x10f: { // br_if_lt_u_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 < y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x110: { // br_if_gt_s_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x > y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x111: { // br_if_gt_u_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 > y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x112: { // br_if_le_s_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x <= y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x113: { // br_if_le_u_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 <= y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x114: { // br_if_ge_s_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >= y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x115: { // br_if_ge_u_loop a b target cost
          const x = i32[fp + code[pc]!]!;
          const y = i32[fp + code[pc + 1]!]!;
          if (x >>> 0 >= y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x116: { // br_if_eq_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x === y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x117: { // br_if_ne_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x !== y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x118: { // br_if_lt_s_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x < y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x119: { // br_if_lt_u_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 < y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x11a: { // br_if_gt_s_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x > y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x11b: { // br_if_gt_u_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 > y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x11c: { // br_if_le_s_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x <= y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x11d: { // br_if_le_u_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 <= y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x11e: { // br_if_ge_s_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >= y) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x11f: { // br_if_ge_u_c_loop a c target cost
          const x = i32[fp + code[pc]!]!;
          const y = code[pc + 1]!;
          if (x >>> 0 >= y >>> 0) {
            gas -= code[pc + 3]!;
            pc = code[pc + 2]!;
            if (gas < 0) {
              const g = gasCheckpoint(m, gas);
              if (g !== 0) throw trap(m, g, func, depth, gas);
              gas = m.fuel();
            }
          } else pc += 4;
          break;
        }
        case 0x120: { // i32.load_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          break;
        }
        case 0x121: { // i64.load_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          i32[rd + 1] = view.getInt32(a + 4, true);
          break;
        }
        case 0x122: { // f32.load_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          break;
        }
        case 0x123: { // f64.load_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const x = view.getFloat64(a, true);
          if (x === x) f64[rd >> 1] = x;
          else {
            i32[rd] = view.getInt32(a, true);
            i32[rd + 1] = view.getInt32(a + 4, true);
          }
          break;
        }
        case 0x124: { // i32.load8_s_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = (bytes[a]! << 24) >> 24;
          break;
        }
        case 0x125: { // i32.load8_u_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = bytes[a]!;
          break;
        }
        case 0x126: { // i32.load16_s_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt16(a, true);
          break;
        }
        case 0x127: { // i32.load16_u_c d x c offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + code[pc + 2]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getUint16(a, true);
          break;
        }
        case 0x128: { // i32.load_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          break;
        }
        case 0x129: { // i64.load_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          i32[rd + 1] = view.getInt32(a + 4, true);
          break;
        }
        case 0x12a: { // f32.load_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt32(a, true);
          break;
        }
        case 0x12b: { // f64.load_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const x = view.getFloat64(a, true);
          if (x === x) f64[rd >> 1] = x;
          else {
            i32[rd] = view.getInt32(a, true);
            i32[rd + 1] = view.getInt32(a + 4, true);
          }
          break;
        }
        case 0x12c: { // i32.load8_s_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = (bytes[a]! << 24) >> 24;
          break;
        }
        case 0x12d: { // i32.load8_u_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = bytes[a]!;
          break;
        }
        case 0x12e: { // i32.load16_s_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getInt16(a, true);
          break;
        }
        case 0x12f: { // i32.load16_u_rr d x y offset
          const rd = fp + code[pc]!;
          const a = (((i32[fp + code[pc + 1]!]! + i32[fp + code[pc + 2]!]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          pc += 4;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          i32[rd] = view.getUint16(a, true);
          break;
        }
        case 0x130: { // i32.store_c x c v offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const v = fp + code[pc + 2]!;
          pc += 4;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt32(a, lo, true);
          break;
        }
        case 0x131: { // i64.store_c x c v offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const v = fp + code[pc + 2]!;
          pc += 4;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          const hi = i32[v + 1]!;
          view.setInt32(a, lo, true);
          view.setInt32(a + 4, hi, true);
          break;
        }
        case 0x132: { // f32.store_c x c v offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const v = fp + code[pc + 2]!;
          pc += 4;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt32(a, lo, true);
          break;
        }
        case 0x133: { // f64.store_c x c v offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const v = fp + code[pc + 2]!;
          pc += 4;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const x = f64[v >> 1]!;
          if (x === x) view.setFloat64(a, x, true);
          else {
            view.setInt32(a, i32[v]!, true);
            view.setInt32(a + 4, i32[v + 1]!, true);
          }
          break;
        }
        case 0x134: { // i32.store8_c x c v offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const v = fp + code[pc + 2]!;
          pc += 4;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          bytes[a] = lo;
          break;
        }
        case 0x135: { // i32.store16_c x c v offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const v = fp + code[pc + 2]!;
          pc += 4;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          const lo = i32[v]!;
          view.setInt16(a, lo, true);
          break;
        }
        case 0x136: { // i32.store_ck x c k offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const lo = code[pc + 2]!;
          pc += 4;
          if (a > memSize - 4) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          view.setInt32(a, lo, true);
          break;
        }
        case 0x137: { // i64.store_ck x c klo khi offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 4]! >>> 0);
          const lo = code[pc + 2]!;
          const hi = code[pc + 3]!;
          pc += 5;
          if (a > memSize - 8) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          view.setInt32(a, lo, true);
          view.setInt32(a + 4, hi, true);
          break;
        }
        case 0x138: { // i32.store8_ck x c k offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const lo = code[pc + 2]!;
          pc += 4;
          if (a >= memSize) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          bytes[a] = lo;
          break;
        }
        case 0x139: { // i32.store16_ck x c k offset
          const a = (((i32[fp + code[pc]!]! + code[pc + 1]!) | 0) >>> 0) + (code[pc + 3]! >>> 0);
          const lo = code[pc + 2]!;
          pc += 4;
          if (a > memSize - 2) throw trap(m, TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, func, depth, gas);
          view.setInt16(a, lo, true);
          break;
        }
        // END GENERATED
        default:
          throw trap(m, TrapCode.UNREACHABLE, func, depth, gas);
      }
    }

    // ---- call path (call, call_indirect): push a frame, or call out to a host function ------
    if (callee.host !== null) {
      m.sp = sp;
      m.depth = depth;
      m.gas = m.checkpoint + gas;
      const t = callHost(m, callee, func);
      if (t !== 0) throw hostTrap(m, t, callee, func);
      if (m.pending !== null) {
        // Async host call: save the state; the driver resumes once the Promise settles.
        m.func = func;
        m.pc = pc;
        m.fp = fp;
        return SUSPENDED;
      }
      sp = m.sp;
      gas = m.fuel();
      i32 = m.i32;
      f32 = m.f32;
      f64 = m.f64;
      refs = m.refs;
      frames = m.frames;
      frameFuncs = m.frameFuncs;
      view = mem.view;
      bytes = mem.bytes;
      memSize = mem.buffer.byteLength;
      continue;
    }
    if (depth >= frameFuncs.length) {
      m.depth = depth;
      if (!m.ensureFrame()) throw trap(m, TrapCode.CALL_STACK_EXHAUSTED, callee, depth, gas);
      frames = m.frames;
      frameFuncs = m.frameFuncs;
    }
    if (callee.code === null) ensureLowered(callee);
    const calleeFp = sp - callee.paramWords;
    const top = calleeFp + callee.localWords;
    if (top + callee.maxStackWords > m.capacityWords) {
      if (!m.ensureStack(top + callee.maxStackWords)) {
        throw trap(m, TrapCode.CALL_STACK_EXHAUSTED, callee, depth, gas);
      }
      i32 = m.i32;
      f32 = m.f32;
      f64 = m.f64;
      refs = m.refs;
    }
    frames[depth * 2] = pc;
    frames[depth * 2 + 1] = fp;
    frameFuncs[depth] = func;
    depth++;
    for (let w = sp; w < top; w += 2) {
      i32[w] = 0;
      i32[w + 1] = 0;
      refs[w >> 1] = null;
    }
    func = callee;
    code = callee.code as Int32Array;
    pc = 0;
    fp = calleeFp;
    sp = top;
    gas -= callee.entryGas; // the call cost, charged on entry (gas/schedule.ts)
    if (gas < 0) {
      const g = gasCheckpoint(m, gas);
      if (g !== 0) throw trap(m, g, func, depth, gas);
      gas = m.fuel();
    }
    if (callee.instance !== inst) {
      inst = callee.instance as InstanceState;
      funcs = inst.funcs;
      globals = inst.globals;
      tables = inst.tables;
      mem = inst.memory;
      view = mem.view;
      bytes = mem.bytes;
      memSize = mem.buffer.byteLength;
    }
  }
}

/** Copies `words` words' worth of reference slots (cold: only branches that carry references). */
function moveRefs(refs: unknown[], dst: number, src: number, words: number): void {
  for (let k = 0; k < words; k += 2) refs[(dst + k) >> 1] = refs[(src + k) >> 1];
}
