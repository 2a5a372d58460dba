/**
 * The IR ops that do not come from one numeric instruction's body: control, calls, moves,
 * locals and globals through the stack, references, tables, bulk memory, gas, and fused ops that
 * span two instructions. Each is written once here, its dispatch case body included; scripts/gen.ts
 * numbers them, documents them in src/interpreter/ir.ts and writes their cases into run.ts.
 *
 * `operands` names the immediates in order (word offsets from fp are registers: `d` result, `a`
 * `b` `c` operands; `h` an operand height that sets sp). A body runs with the dispatch loop's
 * locals (run.ts `run()`), or a `cold` op's with runCold()'s: `pc` points at the first immediate;
 * a body moves `pc` past its immediates itself, or jumps.
 */

export interface IrOpFact {
  /** Op name: the constant in ir.ts is it in upper case, dots and spaces as `_`. */
  readonly name: string;
  /** Immediates, e.g. `d a b` or `h target height arity`. */
  readonly operands: string;
  /** What it does (the TSDoc of the constant). */
  readonly doc: string;
  /** The dispatch case body. */
  readonly body: string;
  /**
   * A rare op whose case is in runCold() (run.ts), not in run(): its body runs with runCold's
   * locals (m, code, pc, fp, sp, func and the machine's views) and charges `m.gas` itself, which
   * run() writes back before the call and reads after it (docs/RATIONALE.md "Cold stack ops").
   */
  readonly cold?: boolean;
}

/** A loop back-edge that pays the loop's cost `code[pc + cost]` and lands at `code[pc + target]`. */
export function backEdge(target: number, cost: number): string {
  return `gas -= code[pc + ${cost}]!;
pc = code[pc + ${target}]!;
${CHECKPOINT}`;
}

/**
 * After a charge: below zero, leave the dispatch loop for run()'s gas checkpoint (trapCode -1),
 * which traps out of gas or takes new fuel and goes on at pc (one call site, not one per case).
 */
const CHECKPOINT = `if (gas < 0) {
  trapCode = -1;
  break dispatch;
}`;

/** Moves the top `arity` words (and refs when its low bit is set) from sp to fp + height, then jumps. */
const ADJUST_AND_JUMP = `const dst = fp + code[pc + 1]!;
const arity = code[pc + 2]!;
const src = sp - (arity & ~1);
for (let k = 0; k < (arity & ~1); k++) i32[dst + k] = i32[src + k]!;
if (arity & 1) moveRefs(refs, dst, src, arity & ~1);
sp = dst + (arity & ~1);
pc = code[pc]!;`;

/** A bulk helper call in runCold(): the helper charges `m.gas` per byte / element. */
function bulk(call: string, pops: number, after = ''): string {
  return `sp -= ${pops};
const t = ${call};${after}
if (t !== 0) return -t;`;
}

/**
 * `call_ref h`'s body: pops the function reference (null traps), then leaves the loop for the call
 * path (with `tail`, a wasm callee replaces the frame).
 */
function refCall(isTail: boolean): string {
  return `sp = fp + code[pc++]!;
sp -= 2;
const target = refs[sp >> 1] as FuncInst | null;
refs[sp >> 1] = null;
if (target === null) throw trap(m, TrapCode.NULL_FUNCTION_REFERENCE, func, depth, gas);
callee = target;${isTail ? '\ntail = target.host === null;' : ''}
break dispatch;`;
}

/**
 * `call_indirect h typeId tableIdx`'s body: pops the element index, checks the element, then
 * leaves the loop for the call path (with `tail`, a wasm callee replaces the frame).
 */
function indirectCall(isTail: boolean): string {
  return `sp = fp + code[pc++]!;
const typeId = code[pc]!;
const table = tables[code[pc + 1]!]!;
pc += 2;
sp -= 2;
const idx = i32[sp]! >>> 0;
if (idx >= table.elements.length) throw trap(m, TrapCode.UNDEFINED_ELEMENT, func, depth, gas);
const target = table.elements[idx] as FuncInst | null;
if (target === null) throw trap(m, TrapCode.UNINITIALIZED_ELEMENT, func, depth, gas);
if (target.typeId !== typeId && !isSubTypeId(target.typeId, typeId)) throw trap(m, TrapCode.INDIRECT_CALL_TYPE_MISMATCH, func, depth, gas);
callee = target;${isTail ? '\ntail = target.host === null;' : ''}
break dispatch;`;
}

export const IR_OPS: readonly IrOpFact[] = [
  { name: 'unreachable', operands: '', doc: 'Trap "unreachable".', body: 'throw trap(m, TrapCode.UNREACHABLE, func, depth, gas);' },
  { name: 'sp_set', operands: 'h', doc: 'sp = fp + h (the operand height), before an op that uses the stack pointer.', body: 'sp = fp + code[pc++]!;' },
  { name: 'jump', operands: 'target', doc: 'pc = target.', body: 'pc = code[pc]!;' },
  {
    name: 'jump_loop', operands: 'target cost',
    doc: 'A loop back-edge in `backedge` gas mode: charges the loop\'s cost and lands after the loop header\'s GAS op (one dispatch less per iteration; the same gas). BR_IF_LOOP, IF_FALSE_LOOP and the BR_IF_<cmp>_LOOP ops do the same when taken.',
    body: backEdge(0, 1),
  },
  { name: 'if_false', operands: 'c target', doc: 'Jump if the i32 at c is zero (`if`, `i32.eqz; br_if`).', body: 'if (i32[fp + code[pc]!] === 0) pc = code[pc + 1]!;\nelse pc += 2;' },
  {
    name: 'if_false_loop', operands: 'c target cost', doc: 'IF_FALSE to a loop header, paying the loop\'s cost when taken.',
    body: `if (i32[fp + code[pc]!] === 0) {\n${indent(backEdge(1, 2))}\n} else pc += 3;`,
  },
  { name: 'br_if', operands: 'c target', doc: 'Jump if the i32 at c is non-zero.', body: 'if (i32[fp + code[pc]!] !== 0) pc = code[pc + 1]!;\nelse pc += 2;' },
  {
    name: 'br_if_loop', operands: 'c target cost', doc: 'BR_IF to a loop header, paying the loop\'s cost when taken.',
    body: `if (i32[fp + code[pc]!] !== 0) {\n${indent(backEdge(1, 2))}\n} else pc += 3;`,
  },
  {
    name: 'br_adjust', operands: 'h target height arity',
    doc: 'With sp = fp + h, keep the top `arity` words at fp + height, then jump (arity\'s low bit: the words include references).',
    body: `sp = fp + code[pc++]!;\n${ADJUST_AND_JUMP}`,
  },
  {
    name: 'br_if_adjust', operands: 'h target height arity', doc: 'With sp = fp + h, pop an i32; if non-zero, adjust as BR_ADJUST and jump.',
    body: `sp = fp + code[pc++]!;\nsp -= 2;\nif (i32[sp] === 0) {\n  pc += 3;\n  break;\n}\n${ADJUST_AND_JUMP}`,
  },
  {
    name: 'br_table', operands: 'h count arity (target height)*',
    doc: 'With sp = fp + h, pop the i32 index; count + 1 entries, the last one the default.',
    body: `sp = fp + code[pc++]!;
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
pc = code[entry]!;`,
  },
  {
    name: 'return', operands: 'h arity', doc: 'With sp = fp + h, move the top `arity` words to fp and return to the caller.',
    body: `sp = fp + code[pc++]!;
const arity = code[pc]!;
const n = arity & ~1;
const src = sp - n;
if (src !== fp) {
  for (let k = 0; k < n; k++) i32[fp + k] = i32[src + k]!;
  if (arity & 1) moveRefs(refs, fp, src, n);
}
sp = fp + n;
depth--;
if (profiler !== null) profiler.exit(m.checkpoint + gas);
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
  // Back to another instance: its memory (the callee may have grown it, if they share it). Within
  // one instance the views are current: every growth in run() (memory.grow, a host call) reads
  // them again, and a growth elsewhere ends this run() (a throw, a suspension) before it goes on.
  inst = caller.instance as InstanceState;
  funcs = inst.funcs;
  globals = inst.globals;
  tables = inst.tables;
  mem = inst.memory;
  view = mem.view;
  bytes = mem.bytes;
  memSize = mem.view.byteLength;
}`,
  },
  {
    name: 'call', operands: 'h funcIdx', doc: 'Call function funcIdx (imports first); its arguments end at fp + h.',
    body: 'sp = fp + code[pc]!;\ncallee = funcs[code[pc + 1]!]!;\npc += 2;\nbreak dispatch;',
  },
  {
    name: 'call_indirect', operands: 'h typeId tableIdx', doc: 'With sp = fp + h, pop the i32 element index; the arguments are below it.',
    body: indirectCall(false),
  },
  {
    name: 'return_call', operands: 'h funcIdx',
    doc: 'Tail call: as `call`, but a wasm callee takes over this frame (the call path moves the arguments to fp and pushes no frame); a host callee is called as by `call`, and the `return` that follows returns its results.',
    body: 'sp = fp + code[pc]!;\ncallee = funcs[code[pc + 1]!]!;\npc += 2;\ntail = callee.host === null;\nbreak dispatch;',
  },
  {
    name: 'return_call_indirect', operands: 'h typeId tableIdx', doc: 'Tail call through a table: `call_indirect`\'s checks, then as `return_call`.',
    body: indirectCall(true),
  },
  {
    name: 'call_ref', operands: 'h', doc: 'With sp = fp + h, pop a function reference (null traps) and call it; its arguments are below it.',
    body: refCall(false),
  },
  {
    name: 'return_call_ref', operands: 'h', doc: 'Tail call through a function reference: `call_ref`\'s check, then as `return_call`.',
    body: refCall(true),
  },
  {
    name: 'ref.as_non_null', operands: '', doc: '[ref] -> [ref]: trap "null reference" on null.',
    body: 'if (refs[(sp - 2) >> 1] === null) throw trap(m, TrapCode.NULL_REFERENCE, func, depth, gas);',
  },
  {
    name: 'br_on_null', operands: 'h target height arity', doc: 'With sp = fp + h: if the top reference is null, pop it and branch as BR_ADJUST (the label\'s values are below it); else go on.',
    body: 'sp = fp + code[pc++]!;\nif (refs[(sp - 2) >> 1] !== null) {\n  pc += 3;\n  break;\n}\nsp -= 2;\n' + ADJUST_AND_JUMP,
  },
  {
    name: 'br_on_non_null', operands: 'h target height arity', doc: 'With sp = fp + h: if the top reference is null, pop it and go on; else branch as BR_ADJUST with it as the label\'s last value.',
    body: 'sp = fp + code[pc++]!;\nif (refs[(sp - 2) >> 1] === null) {\n  sp -= 2;\n  pc += 3;\n  break;\n}\n' + ADJUST_AND_JUMP,
  },
  {
    name: 'br_on_cast', operands: 'h target height arity heap flags',
    doc: 'With sp = fp + h: br_on_cast (flags bit 1 clear) branches as BR_ADJUST when the top reference is of heap type `heap` (null too when flags bit 0 is set), br_on_cast_fail (bit 1 set) when it is not; else go on.',
    cold: true,
    body: 'sp = fp + code[pc++]!;\nif (refTest(refs[(sp - 2) >> 1], code[pc + 3]!, code[pc + 4]! & 1) === ((code[pc + 4]! & 2) !== 0)) {\n  m.sp = sp;\n  return pc + 5;\n}\n' + ADJUST_AND_JUMP,
  },
  {
    name: 'gc', operands: 'op x y',
    doc: 'A GC instruction on the top of the stack through sp (gc-exec.ts gcOp: its dense opcode `op`, immediates x y); gas is written back first (allocations and bulk array ops charge it).',
    body: `m.gas = m.checkpoint + gas;
const r = gcOp(m, inst, code[pc]!, code[pc + 1]!, code[pc + 2]!, sp);
pc += 3;
if (r < 0) throw trapSynced(m, -r as TrapCode, func, depth);
sp = r | 0;
gas = m.fuel() | 0;`,
  },
  {
    name: 'throw', operands: 'h tagIdx',
    doc: 'Throw tag tagIdx with the payload below fp + h: make the exception and return THROWING (exceptions.ts unwinds).',
    body: 'sp = fp + code[pc]!;\nconst tag = inst.tags[code[pc + 1]!]!;\npc += 2;\nm.exception = newException(m, tag, sp);\nreturn throwing(m, func, pc, fp, sp - tag.paramWords, depth, gas);',
  },
  {
    name: 'throw_ref', operands: 'h', doc: 'With sp = fp + h, pop an exnref and throw its exception again (null traps).',
    body: 'sp = fp + code[pc++]!;\nconst exn = refs[(sp - 2) >> 1] as ExnInst | null;\nif (exn === null) throw trap(m, TrapCode.NULL_EXCEPTION_REFERENCE, func, depth, gas);\nm.exception = exn;\nreturn throwing(m, func, pc, fp, sp - 2, depth, gas);',
  },
  {
    name: 'rethrow', operands: 'slot', doc: 'Legacy `rethrow`: throw again the exception that the enclosing `catch` keeps at fp + slot.',
    body: 'm.exception = refs[(fp + code[pc++]!) >> 1] as ExnInst;\nreturn throwing(m, func, pc, fp, sp, depth, gas);',
  },
  {
    name: 'select', operands: 'd a b c', doc: 'd = c !== 0 ? a : b (one-slot values).',
    body: `const d = fp + code[pc]!;
const a = fp + (i32[fp + code[pc + 3]!] !== 0 ? code[pc + 1]! : code[pc + 2]!);
i32[d] = i32[a]!;
i32[d + 1] = i32[a + 1]!;
pc += 4;`,
  },
  {
    name: 'select_v128', operands: 'd a b c', doc: 'd = c !== 0 ? a : b (v128 values, two slots).',
    body: `const d = fp + code[pc]!;
const a = fp + (i32[fp + code[pc + 3]!] !== 0 ? code[pc + 1]! : code[pc + 2]!);
i32[d] = i32[a]!;
i32[d + 1] = i32[a + 1]!;
i32[d + 2] = i32[a + 2]!;
i32[d + 3] = i32[a + 3]!;
pc += 4;`,
  },
  {
    name: 'select_ref', operands: '', doc: '[ref ref i32] -> [ref] on the stack.',
    body: 'sp -= 4;\nif (i32[sp + 2] === 0) refs[(sp - 2) >> 1] = refs[sp >> 1];\nrefs[sp >> 1] = null;',
  },
  {
    name: 'move', operands: 'd a', doc: 'Copy one slot (a local into a stack slot, local.set, local.tee).',
    body: 'const d = fp + code[pc]!;\nconst a = fp + code[pc + 1]!;\ni32[d] = i32[a]!;\ni32[d + 1] = i32[a + 1]!;\npc += 2;',
  },
  {
    name: 'move_v128', operands: 'd a', doc: 'Copy a v128 (two slots): local.get / local.set / local.tee of a v128 local.',
    body: 'const d = fp + code[pc]!;\nconst a = fp + code[pc + 1]!;\ni32[d] = i32[a]!;\ni32[d + 1] = i32[a + 1]!;\ni32[d + 2] = i32[a + 2]!;\ni32[d + 3] = i32[a + 3]!;\npc += 2;',
  },
  { name: 'local.get_ref', operands: 'off', doc: 'Push the reference local at fp + off.', body: 'refs[sp >> 1] = refs[(fp + code[pc++]!) >> 1];\nsp += 2;' },
  { name: 'local.set_ref', operands: 'off', doc: 'Pop into the reference local at fp + off.', body: 'sp -= 2;\nrefs[(fp + code[pc++]!) >> 1] = refs[sp >> 1];\nrefs[sp >> 1] = null;' },
  { name: 'local.tee_ref', operands: 'off', doc: 'Copy the top reference into the local at fp + off.', body: 'refs[(fp + code[pc++]!) >> 1] = refs[(sp - 2) >> 1];' },
  {
    name: 'global.get', operands: 'd idx', doc: 'd = global idx (numeric globals).',
    body: 'const d = fp + code[pc]!;\nconst g = globals[code[pc + 1]!]!;\ni32[d] = g.lo;\ni32[d + 1] = g.hi;\npc += 2;',
  },
  {
    name: 'global.set', operands: 'a idx', doc: 'global idx = a (numeric globals).',
    body: 'const a = fp + code[pc]!;\nconst g = globals[code[pc + 1]!]!;\ng.lo = i32[a]!;\ng.hi = i32[a + 1]!;\npc += 2;',
  },
  { name: 'global.get_ref', operands: 'idx', doc: 'Push reference global idx.', body: 'refs[sp >> 1] = globals[code[pc++]!]!.ref;\nsp += 2;' },
  { name: 'global.set_ref', operands: 'idx', doc: 'Pop into reference global idx.', body: 'sp -= 2;\nglobals[code[pc++]!]!.ref = refs[sp >> 1];\nrefs[sp >> 1] = null;' },
  {
    name: 'global.get_v128', operands: 'd idx', doc: 'd = v128 global idx.',
    body: 'const d = fp + code[pc]!;\nconst g = globals[code[pc + 1]!]!;\ni32[d] = g.lo;\ni32[d + 1] = g.hi;\ni32[d + 2] = g.w2;\ni32[d + 3] = g.w3;\npc += 2;',
  },
  {
    name: 'global.set_v128', operands: 'a idx', doc: 'v128 global idx = a.',
    body: 'const a = fp + code[pc]!;\nconst g = globals[code[pc + 1]!]!;\ng.lo = i32[a]!;\ng.hi = i32[a + 1]!;\ng.w2 = i32[a + 2]!;\ng.w3 = i32[a + 3]!;\npc += 2;',
  },
  {
    name: 'table.get', operands: 't', doc: '[i32] -> [ref] of table t.', cold: true,
    body: `const t = tables[code[pc++]!]!;
const idx = i32[sp - 2]! >>> 0;
if (idx >= t.elements.length) return -TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
refs[(sp - 2) >> 1] = t.elements[idx];`,
  },
  {
    name: 'table.set', operands: 't', doc: '[i32 ref] -> [] of table t.', cold: true,
    body: `const t = tables[code[pc++]!]!;
sp -= 4;
const idx = i32[sp]! >>> 0;
if (idx >= t.elements.length) return -TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
t.elements[idx] = refs[(sp + 2) >> 1];
refs[(sp + 2) >> 1] = null;`,
  },
  { name: 'const32', operands: 'd bits', doc: 'An i32 or the bits of an f32 into d.', body: 'i32[fp + code[pc]!] = code[pc + 1]!;\npc += 2;' },
  {
    name: 'const64', operands: 'd lo hi', doc: 'An i64 or the bits of an f64 into d.',
    body: 'const d = fp + code[pc]!;\ni32[d] = code[pc + 1]!;\ni32[d + 1] = code[pc + 2]!;\npc += 3;',
  },
  {
    name: 'const128', operands: 'd w0 w1 w2 w3', doc: '`v128.const`: the four words (little-endian lane order) into d.',
    body: 'const d = fp + code[pc]!;\ni32[d] = code[pc + 1]!;\ni32[d + 1] = code[pc + 2]!;\ni32[d + 2] = code[pc + 3]!;\ni32[d + 3] = code[pc + 4]!;\npc += 5;',
  },
  { name: 'ref.null', operands: '', doc: 'Push null.', body: 'refs[sp >> 1] = null;\nsp += 2;' },
  { name: 'ref.func', operands: 'funcIdx', doc: 'Push function funcIdx.', body: 'refs[sp >> 1] = funcs[code[pc++]!];\nsp += 2;' },
  { name: 'ref.is_null', operands: '', doc: '[ref] -> [i32].', body: 'i32[sp - 2] = refs[(sp - 2) >> 1] === null ? 1 : 0;\nrefs[(sp - 2) >> 1] = null;' },
  { name: 'memory.size', operands: '', doc: '[] -> [i32]: the page count of memory 0.', body: 'i32[sp] = mem.pages;\nsp += 2;' },
  {
    name: 'memory.grow', operands: '', cold: true,
    doc: '[i32] -> [i32]: grow memory 0, charging the page cost before growing (success or not); run() re-reads its memory views after each cold IR op.',
    body: `const delta = i32[sp - 2]! >>> 0;
m.gas -= delta * m.pageCost; // charged before growing, success or not
if (m.gas < 0) return -TrapCode.OUT_OF_GAS;
i32[sp - 2] = delta > 65536 ? -1 : mem.grow(delta);`,
  },
  {
    name: 'gas', operands: 'cost', doc: 'Charge `cost`; out of gas traps. At function entry and loop headers (lower.ts).',
    body: `gas -= code[pc++]!;
${CHECKPOINT}`,
  },
  {
    name: 'gas_wide', operands: 'costLo costHi', cold: true,
    doc: 'Charge costHi * 2^32 + costLo (a straight-line run too costly for GAS\'s int32; lower.ts), on the machine\'s gas: out of gas traps.',
    body: `m.gas -= (code[pc + 1]! >>> 0) * 0x100000000 + (code[pc]! >>> 0);
pc += 2;
if (m.gas < 0) return -TrapCode.OUT_OF_GAS;`,
  },
  {
    name: 'f64_mul_add', operands: 'd x y z', doc: '`f64.mul` feeding `f64.add`: d = x * y + z (two roundings, as the two ops; a dot-product step).',
    body: `const r = f64[(fp + code[pc + 1]!) >> 1]! * f64[(fp + code[pc + 2]!) >> 1]! + f64[(fp + code[pc + 3]!) >> 1]!;
const rd = fp + code[pc]!;
pc += 4;
if (r !== r) {
  i32[rd] = 0;
  i32[rd + 1] = CANONICAL_NAN_F64_HI;
} else f64[rd >> 1] = r;`,
  },
  { name: 'memory.init', operands: 'seg mem', doc: '[at i32 i32] -> [] (bulk.ts; gas per byte).', cold: true, body: bulk('memoryInit(m, inst, code[pc]!, code[pc + 1]!, sp)', 6, '\npc += 2;') },
  { name: 'data.drop', operands: 'seg', doc: 'Drop data segment seg.', cold: true, body: 'dataDrop(inst, code[pc++]!);' },
  { name: 'memory.copy', operands: 'dst src', doc: '[at at at] -> [] (bulk.ts; gas per byte).', cold: true, body: bulk('memoryCopy(m, inst, code[pc]!, code[pc + 1]!, sp)', 6, '\npc += 2;') },
  { name: 'memory.fill', operands: 'mem', doc: '[at i32 at] -> [] (bulk.ts; gas per byte).', cold: true, body: bulk('memoryFill(m, inst, code[pc++]!, sp)', 6) },
  {
    name: 'mem_access', operands: 'op mem offLo offHi lane', cold: true,
    doc: 'A load or store (wasm opcode `op`) on memory `mem` when it is not memory 0 with i32 addresses (multi-memory, memory64), through sp (memory-ops.ts); offset = offHi * 2^32 + offLo.',
    body: `const next = memAccess(m, inst.memories[code[pc + 1]!]!, code[pc]!, (code[pc + 3]! >>> 0) * 0x100000000 + (code[pc + 2]! >>> 0), code[pc + 4]!, sp);
pc += 5;
if (next < 0) return next;
sp = next | 0;`,
  },
  { name: 'memory.size_x', operands: 'mem', doc: '[] -> [at]: memory.size of memory `mem` (not memory 0 with i32 addresses).', cold: true, body: 'sp = memorySizeOf(m, inst.memories[code[pc++]!]!, sp) | 0;' },
  {
    name: 'memory.grow_x', operands: 'mem', cold: true,
    doc: '[at] -> [at]: memory.grow of memory `mem` (not memory 0 with i32 addresses); run() re-reads memory 0\'s views after each cold IR op, and it may be the same memory.',
    body: `const t = memoryGrowOf(m, inst.memories[code[pc++]!]!, sp - 2);
if (t !== 0) return -t;`,
  },
  { name: 'table.init', operands: 'seg table', doc: '[i32 i32 i32] -> [] (bulk.ts; gas per element).', cold: true, body: bulk('tableInit(m, inst, code[pc]!, code[pc + 1]!, sp)', 6, '\npc += 2;') },
  { name: 'elem.drop', operands: 'seg', doc: 'Drop element segment seg.', cold: true, body: 'elemDrop(inst, code[pc++]!);' },
  { name: 'table.copy', operands: 'dst src', doc: '[i32 i32 i32] -> [] (bulk.ts; gas per element).', cold: true, body: bulk('tableCopy(m, inst, code[pc]!, code[pc + 1]!, sp)', 6, '\npc += 2;') },
  { name: 'table.grow', operands: 't', doc: '[ref i32] -> [i32] (bulk.ts; gas per element).', cold: true, body: bulk('tableGrow(m, tables[code[pc++]!] as TableInst, sp - 2)', 2) },
  { name: 'table.size', operands: 't', doc: '[] -> [at] (the high word 0 for a 64-bit table).', cold: true, body: 'i32[sp] = tables[code[pc++]!]!.elements.length;\ni32[sp + 1] = 0;\nsp += 2;' },
  {
    name: 'index64', operands: 'a',
    doc: 'The i64 index of a 64-bit table at fp + a, made the u32 one its i32 op reads: a non-zero high word becomes 0xffffffff, past every table (runtime.ts TableInst.maxSize < 2^32).',
    body: 'const w = fp + code[pc++]!;\nif (i32[w + 1] !== 0) i32[w] = -1;',
  },
  { name: 'table.fill', operands: 't', doc: '[i32 ref i32] -> [] (bulk.ts; gas per element).', cold: true, body: bulk('tableFill(m, tables[code[pc++]!] as TableInst, sp)', 6) },
];

/** Indents every line of `s` by two spaces. */
export function indent(s: string, by = '  '): string {
  return s.split('\n').map((l) => (l === '' ? l : by + l)).join('\n');
}
